//! The sender of the signer page, a bundle of its own: downloaded at the first send.

billing_testkit::part_bundle!(signer::SendPart, context);
