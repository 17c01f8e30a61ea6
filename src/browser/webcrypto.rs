//! The browser's own ECDSA (WebCrypto), so the App Store verifier and signer compile no
//! elliptic-curve code into the bundle: P-256 and P-384 with SHA-256 and SHA-384,
//! signatures as raw `r || s`, keys as SubjectPublicKeyInfo or PKCS#8 DER.

use js_sys::{Array, Uint8Array};
use testkit_core::appstore::{Curve, Hash, SignatureCheck};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

use super::js_object::object;

/// WebCrypto is only there in a secure context (https, or http on localhost).
fn subtle() -> Result<SubtleCrypto, String> {
    let crypto = super::window().crypto().map_err(|_| no_webcrypto())?;
    let subtle = crypto.subtle();
    if subtle.is_undefined() {
        return Err(no_webcrypto());
    }
    Ok(subtle)
}

fn no_webcrypto() -> String {
    "The browser's WebCrypto is not available here: it needs a secure context (https, or http on localhost).".into()
}

fn failed(what: &str, err: JsValue) -> String {
    let detail = err
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| "no detail".into());
    format!("WebCrypto could not {what}: {detail}")
}

async fn import(format: &str, der: &[u8], curve: Curve, usage: &str) -> Result<CryptoKey, String> {
    let algorithm = object(&[
        ("name", "ECDSA".into()),
        ("namedCurve", curve.web_crypto_name().into()),
    ]);
    let usages = Array::of1(&JsValue::from_str(usage));
    let promise = subtle()?
        .import_key_with_object(format, &Uint8Array::from(der), &algorithm, false, &usages)
        .map_err(|e| failed("import the key", e))?;
    let key = JsFuture::from(promise)
        .await
        .map_err(|e| failed("import the key", e))?;
    Ok(key.unchecked_into())
}

/// Checks one signature the verifier asked for. `Ok(false)` is a signature that does
/// not verify (or a key WebCrypto refuses); `Err` is WebCrypto missing altogether.
pub async fn verify(check: &SignatureCheck) -> Result<bool, String> {
    subtle()?;
    let Ok(key) = import("spki", &check.public_key_spki, check.curve, "verify").await else {
        return Ok(false);
    };
    let algorithm = object(&[
        ("name", "ECDSA".into()),
        ("hash", check.hash.web_crypto_name().into()),
    ]);
    let promise = subtle()?
        .verify_with_object_and_u8_array_and_u8_array(
            &algorithm,
            &key,
            &check.signature,
            &check.message,
        )
        .map_err(|e| failed("verify", e))?;
    Ok(JsFuture::from(promise)
        .await
        .map(|v| v.as_bool() == Some(true))
        .unwrap_or(false))
}

/// A P-256 private key (PKCS#8 DER), held by the browser, never extractable.
pub async fn signing_key(pkcs8: &[u8]) -> Result<CryptoKey, String> {
    import("pkcs8", pkcs8, Curve::P256, "sign").await
}

/// ES256: ECDSA P-256 over SHA-256 of `message`, raw `r || s`.
pub async fn sign(key: &CryptoKey, message: &[u8]) -> Result<Vec<u8>, String> {
    let algorithm = object(&[
        ("name", "ECDSA".into()),
        ("hash", Hash::Sha256.web_crypto_name().into()),
    ]);
    let promise = subtle()?
        .sign_with_object_and_u8_array(&algorithm, key, message)
        .map_err(|e| failed("sign", e))?;
    let signature = JsFuture::from(promise)
        .await
        .map_err(|e| failed("sign", e))?;
    Ok(Uint8Array::new(&signature).to_vec())
}
