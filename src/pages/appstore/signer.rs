//! The page's App Store signer: the sandbox's test chain and the leaf's key, fetched from
//! the sandbox (so what the page signs, the sandbox accepts), held in this page's memory
//! only; the key goes into WebCrypto as non-extractable and never into storage, a URL or
//! the console.

use testkit_core::appstore::{decode_std_validate, es256_header, finish_jws, signing_input};

use super::from_sandbox::FromSandbox;
use crate::api::apple::{sandbox_signer, SandboxSigner};
use crate::browser::webcrypto;

/// The test signer, once fetched.
pub type SignerState = FromSandbox<SandboxSigner>;

/// Starts fetching the sandbox's test signer.
pub fn load_signer() -> SignerState {
    FromSandbox::load(
        "crafting needs the sandbox's test chain",
        |base, token| async move { sandbox_signer(&base, &token).await },
    )
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
