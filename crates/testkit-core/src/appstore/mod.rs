//! App Store Server Notifications V2: parse, verify and decode signed payloads exactly as
//! Apple's `SignedDataVerifier` (app-store-server-library 3.1.2, offline mode) does, map
//! them to the subscriber view and Raptor's mirror, and craft realistic ones to sign.
//!
//! The default build has no elliptic-curve code (it ships in the browser bundle):
//! [`plan`] runs every check that needs none and lists the ECDSA signatures to check,
//! the browser checks them with WebCrypto, and [`conclude`] gives Apple's verdict. The
//! `native-crypto` feature adds a native ECDSA backend (`verify`), ES256 signing and a
//! test certificate chain builder.
//!
//! Certificates are read with `der` and small structures of our own. Measured in a
//! wasm32 cdylib (opt-level z, LTO, one codegen unit, panic abort, stripped, gzip -9):
//! x509-cert parsing a certificate and printing its names added 43.4 KB, over the 35 KB
//! budget; this module's own parser and certificate summary add 14.8 KB over a baseline
//! that already has serde_json and SHA-256, and the whole verifier (JWS, certificates,
//! chain rules, models, plan and conclude) 43.1 KB.

#![warn(missing_docs)]

mod asn1;
mod b64;
mod cert;
mod chain;
mod craft;
mod craft_form;
mod display;
mod enums;
mod jws;
mod mapping;
mod models;
mod products;
mod verify;

#[cfg(feature = "native-crypto")]
mod native;
#[cfg(feature = "native-crypto")]
mod testchain;

pub use asn1::{ecdsa_der_to_raw, ecdsa_raw_to_der, DerError};
pub use b64::{
    decode_std_validate, decode_url_segment, encode_std, encode_url, pem_blocks, StdError,
};
pub use cert::{
    certificate_info, display_name, parse_certificate, sha256_fingerprint, AuthorityKeyId,
    BasicConstraints, CertInfo, Certificate, Curve, Extension, Hash, KeyKind, KeyUsage,
    OID_APPLE_INTERMEDIATE, OID_APPLE_LEAF,
};
pub use craft::*;
pub use craft_form::{parse_craft, uuid_v4, CraftField, CraftFieldError, CraftTexts};
pub use display::{describe_fields, ms_date, read_pasted, FieldView, PastedJws};
pub use enums::*;
pub use jws::{es256_header, finish_jws, parse_jws, signing_input, Jws, JwsError};
pub use mapping::{mirror_status, mirror_update, status_from_event, MirrorUpdate};
pub use models::*;
pub use products::{
    product, product_for_tier, tier_for_product, AppStoreProduct, APP_STORE_PRODUCTS,
};
pub use verify::{
    conclude, plan, verify_with, CheckReport, ConfigError, EcdsaVerify, Environment, Kind, Outcome,
    Plan, SignatureCheck, Status, Verdict, VerifierConfig,
};

#[cfg(feature = "native-crypto")]
pub use native::*;
#[cfg(feature = "native-crypto")]
pub use testchain::*;

/// SHA-256 fingerprint of Apple Root CA - G3, as Apple publishes it.
pub const APPLE_ROOT_CA_G3_SHA256: &str =
    "63343ABFB89A6A03EBB57E9B3F5FA7BE7C4F5C756F3017B3A8C488C3653E9179";

/// Apple Root CA - G3 (DER), the root of every App Store JWS. It is public: Apple's PKI
/// page publishes it as AppleRootCA-G3.cer. This copy was taken from the PEM that public
/// App Store verifiers embed and checked against [`APPLE_ROOT_CA_G3_SHA256`] (a unit test
/// checks it again).
pub fn apple_root_ca_g3() -> &'static [u8] {
    include_bytes!("apple_root_ca_g3.der")
}

/// A real notification signed by Apple: the TEST notification Apple's sandbox sent to
/// bundle `com.loki-project.loki-messenger` (signedDate 1757035472686, 2025-09-05),
/// published in a public repository's backend tests (a Python file that keeps the
/// signedPayload from the "Request a Test Notification" endpoint). Its leaf expires
/// 2025-10-11, so it verifies offline at its signedDate, as Apple's library does.
pub const REAL_SANDBOX_TEST_NOTIFICATION: &str =
    include_str!("fixtures/apple-sandbox-test-notification.jws");

/// Where the built site serves [`REAL_SANDBOX_TEST_NOTIFICATION`]: the page fetches it
/// when asked for the sample rather than carrying its 4.7 KB of base64 in the bundle.
pub const REAL_SANDBOX_TEST_NOTIFICATION_FILE: &str = "apple-sandbox-test-notification.jws";

#[cfg(test)]
mod tests;
