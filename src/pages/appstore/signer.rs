//! The page's App Store signer: the sandbox's test chain and the leaf's key, fetched from
//! the sandbox (so what the page signs, the sandbox accepts), held in this page's memory
//! only; the key goes into WebCrypto as non-extractable and never into storage, a URL or
//! the console.

use leptos::prelude::*;
use leptos::task::spawn_local;
use testkit_core::appstore::{decode_std_validate, es256_header, finish_jws, signing_input};

use crate::api::apple::{sandbox_signer, SandboxSigner};
use crate::api::sandbox::default_token;
use crate::browser::origin::service_origin;
use crate::browser::webcrypto;

/// Where the test signer stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignerStatus {
    Loading,
    Ready(SandboxSigner),
    /// No sandbox (a docs page elsewhere), or it refused: why.
    Unavailable(String),
}

#[derive(Clone, Copy)]
pub struct SignerState {
    pub status: RwSignal<SignerStatus>,
}

impl SignerState {
    /// Starts fetching the sandbox's test signer (with its documented default token).
    pub fn load() -> SignerState {
        let state = SignerState {
            status: RwSignal::new(SignerStatus::Loading),
        };
        spawn_local(async move {
            let base = service_origin();
            let result = match default_token(&base).await {
                Some(token) => sandbox_signer(&base, &token).await,
                None => Err(format!(
                    "no sandbox with its default token at {base}: crafting needs the sandbox's test chain"
                )),
            };
            state.status.try_set(match result {
                Ok(signer) => SignerStatus::Ready(signer),
                Err(why) => SignerStatus::Unavailable(why),
            });
        });
        state
    }

    pub fn status_text(self) -> String {
        self.status.with(|s| match s {
            SignerStatus::Loading => "loading from the sandbox…".into(),
            SignerStatus::Ready(_) => "ready".into(),
            SignerStatus::Unavailable(why) => why.clone(),
        })
    }

    /// Whether the page can sign (tracked: views that read it follow the loading).
    pub fn ready(self) -> bool {
        self.status.with(|s| matches!(s, SignerStatus::Ready(_)))
    }

    /// The signer, for an action (untracked).
    pub fn signer(self) -> Option<SandboxSigner> {
        self.status.with_untracked(|s| match s {
            SignerStatus::Ready(signer) => Some(signer.clone()),
            _ => None,
        })
    }
}

/// Signs a JSON payload as ES256 with the test chain in `x5c`.
pub async fn sign_es256(
    signer: &SandboxSigner,
    key: &web_sys::CryptoKey,
    payload_json: &str,
) -> Result<String, String> {
    let chain: Vec<Vec<u8>> = signer
        .x5c
        .iter()
        .map(|c| decode_std_validate(c).map_err(|_| "The test chain is not base64.".to_string()))
        .collect::<Result<_, _>>()?;
    let refs: Vec<&[u8]> = chain.iter().map(Vec::as_slice).collect();
    let input = signing_input(&es256_header(&refs), payload_json);
    let signature = webcrypto::sign(key, input.as_bytes()).await?;
    Ok(finish_jws(&input, &signature))
}

/// The leaf key in WebCrypto (imported once per signing).
pub async fn leaf_key(signer: &SandboxSigner) -> Result<web_sys::CryptoKey, String> {
    webcrypto::signing_key(&signer.leaf_key_pkcs8).await
}
