//! The sandbox's test root, which the verifier may trust: only the public certificate
//! (`GET /__sandbox/apple/test-root`). Reading notifications never fetches the test key;
//! the craft form, a part of its own, fetches the signer when it is opened.

use super::from_sandbox::FromSandbox;
use crate::api::apple::sandbox_test_root;

/// The test root, DER.
pub type TestRoot = FromSandbox<Vec<u8>>;

/// Starts fetching the sandbox's test root.
pub fn load_test_root() -> TestRoot {
    FromSandbox::load("its test root comes from there", |base, token| async move {
        sandbox_test_root(&base, &token).await
    })
}
