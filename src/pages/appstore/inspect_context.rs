//! What the App Store page gives its verifier part: the pasted text and the verifier's
//! settings (the part sets the current time itself, at each verification).

use testkit_core::appstore::{Environment, VerifierConfig};

#[derive(Clone, Debug, PartialEq)]
pub struct ToVerify {
    pub text: String,
    /// Trusted roots, DER.
    roots: Vec<Vec<u8>>,
    environment: String,
    bundle_id: String,
    app_apple_id: Option<i64>,
}

impl ToVerify {
    pub fn new(text: String, config: &VerifierConfig) -> ToVerify {
        ToVerify {
            text,
            roots: config.roots.clone(),
            environment: config.environment.as_str().into(),
            bundle_id: config.bundle_id.clone(),
            app_apple_id: config.app_apple_id,
        }
    }

    /// The settings, as the page had them (`None` if they no longer make a verifier).
    pub fn config(&self) -> Option<VerifierConfig> {
        let environment = Environment::parse(&self.environment)?;
        VerifierConfig::new(
            self.roots.clone(),
            environment,
            &self.bundle_id,
            self.app_apple_id,
        )
        .ok()
    }
}
