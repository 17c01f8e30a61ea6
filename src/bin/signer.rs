//! The signer bundle: the loader mounts it where a page shows that surface; the verifier
//! is a chunk of its own, downloaded when someone opens it.

billing_testkit::surface_bundle!(Signer, signer::VerifyPart => signer_verify);
