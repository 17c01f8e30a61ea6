//! Raptor's App Store side: which roots notifications may chain to (Apple Root CA - G3,
//! the sandbox's own test root, and any given with --apple-root), the app they must be
//! for, and how a verified notification changes the iOS mirror.

pub mod apply;
pub mod test_chain;

use std::path::Path;

use testkit_core::appstore::{
    apple_root_ca_g3, pem_blocks, Environment, TestChain, VerifierConfig,
};

use crate::config::Config;

/// What the notification endpoint verifies against.
pub struct AppleTrust {
    /// Every trusted root, DER: G3 first, then the sandbox's test root, then the
    /// configured ones.
    pub roots: Vec<Vec<u8>>,
    /// The sandbox's own test chain: the page signs with it, the sandbox trusts its root.
    pub test_chain: TestChain,
    /// The verifier's settings (roots, environment, bundle id, app Apple ID).
    pub config: VerifierConfig,
}

/// Reads a root certificate given on the command line: PEM (first CERTIFICATE block) or DER.
fn read_root(path: &Path) -> Result<Vec<u8>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if bytes.starts_with(b"-----BEGIN") || bytes.windows(11).any(|w| w == b"-----BEGIN ") {
        let text = String::from_utf8_lossy(&bytes);
        let blocks = pem_blocks(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        return blocks
            .into_iter()
            .find(|(label, _)| label == "CERTIFICATE")
            .map(|(_, der)| der)
            .ok_or_else(|| format!("{}: no CERTIFICATE block", path.display()));
    }
    Ok(bytes)
}

impl AppleTrust {
    /// The trust of a sandbox with `config`, with its test chain already loaded.
    pub fn new(config: &Config, test_chain: TestChain) -> Result<AppleTrust, String> {
        let environment = Environment::parse(&config.apple_environment).ok_or_else(|| {
            format!(
                "--apple-environment must be Sandbox or Production, not \"{}\"",
                config.apple_environment
            )
        })?;
        let mut roots = vec![apple_root_ca_g3().to_vec(), test_chain.root.der.clone()];
        for path in &config.apple_roots {
            roots.push(read_root(path)?);
        }
        let verifier = VerifierConfig::new(
            roots.clone(),
            environment,
            &config.apple_bundle_id,
            config.apple_app_id,
        )
        .map_err(|e| format!("App Store settings: {e} (give --apple-app-id)"))?;
        Ok(AppleTrust {
            roots,
            test_chain,
            config: verifier,
        })
    }

    /// The verifier's settings, knowing the current time (Unix seconds).
    pub fn verifier(&self, now: i64) -> VerifierConfig {
        self.config.clone().with_now(now)
    }
}
