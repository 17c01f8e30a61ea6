//! Prints, as JSON lines, the signature checks `plan` hands to a browser (for payloads
//! signed by P-256 and Apple-like test chains, a tampered one, and a real Apple payload),
//! each with the native backend's answer, plus the test leaf keys as PKCS#8. The script
//! tools/crosscheck/appstore_webcrypto.mjs runs them through WebCrypto (Node's
//! `crypto.subtle`, the browser's API) to prove the formats are the ones it takes.
//! Test keys only.

use serde_json::json;
use testkit_core::appstore::{
    encode_std, encode_url, plan, signing_input, ChainOptions, ChainProfile, EcdsaVerify,
    Environment, Kind, NativeEcdsa, TestChain, VerifierConfig, REAL_SANDBOX_TEST_NOTIFICATION,
};

const PAYLOAD: &str = r#"{"notificationType":"TEST","notificationUUID":"u","data":{"bundleId":"app.raxx.ios","environment":"Sandbox"},"version":"2.0","signedDate":1750000000000}"#;

fn emit_plan(name: &str, jws: &str, config: &VerifierConfig) {
    let plan = plan(jws, Kind::Notification, config).expect("reaches the signature checks");
    for (i, c) in plan.signature_checks.iter().enumerate() {
        let line = json!({
            "type": "verify",
            "name": format!("{name}: check {i} ({})", c.purpose),
            "spki": encode_std(&c.public_key_spki),
            "curve": c.curve.web_crypto_name(),
            "hash": c.hash.web_crypto_name(),
            "message": encode_std(&c.message),
            "signature": encode_std(&c.signature),
            "native": NativeEcdsa.verify(c),
        });
        println!("{line}");
    }
}

fn main() {
    for (pname, profile) in [
        ("P-256", ChainProfile::P256),
        ("Apple-like", ChainProfile::AppleLike),
    ] {
        let chain = TestChain::build(&ChainOptions::profile(profile));
        let config = VerifierConfig::new(
            vec![chain.root.der.clone()],
            Environment::Sandbox,
            "app.raxx.ios",
            None,
        )
        .expect("sandbox config");
        let jws = chain.sign(PAYLOAD);
        emit_plan(&format!("{pname} chain"), &jws, &config);
        let parts: Vec<&str> = jws.split('.').collect();
        let tampered = format!(
            "{}.{}.{}",
            parts[0],
            encode_url(PAYLOAD.replace("TEST", "TSET").as_bytes()),
            parts[2]
        );
        emit_plan(
            &format!("{pname} chain, tampered payload"),
            &tampered,
            &config,
        );
        // The browser signs with the leaf key imported from PKCS#8; the core must accept it.
        let line = json!({
            "type": "sign",
            "name": format!("{pname} leaf key: WebCrypto imports the PKCS#8 and signs; it verifies with the SPKI"),
            "pkcs8": encode_std(&chain.leaf_key.pkcs8_der()),
            "spki": encode_std(&chain.leaf_key.spki_der()),
            "signing_input": signing_input(r#"{"alg":"ES256"}"#, PAYLOAD),
        });
        println!("{line}");
    }
    let g3 = VerifierConfig::apple(
        Environment::Sandbox,
        "com.loki-project.loki-messenger",
        None,
    )
    .expect("sandbox config");
    emit_plan("real Apple payload", REAL_SANDBOX_TEST_NOTIFICATION, &g3);
}
