//! The verifier of the signer page, a bundle of its own: downloaded when someone opens
//! "Verify a header".

billing_testkit::part_bundle!(signer::VerifyPart, context);
