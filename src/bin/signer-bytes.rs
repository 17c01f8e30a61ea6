//! The exact-bytes inputs of the signer page (a file, base64 or hex), a bundle of its own:
//! downloaded when someone opens them.

billing_testkit::part_bundle!(signer::ExactBytesPart, context);
