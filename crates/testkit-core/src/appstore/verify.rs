//! Verification as Apple's `SignedDataVerifier` does it offline (app-store-server-library
//! 3.1.2), split in two so a browser can run the ECDSA checks with WebCrypto: [`plan`]
//! does every check that needs no elliptic-curve arithmetic and lists the signatures to
//! check; [`conclude`] takes their results and walks the checks in Apple's order, so the
//! first failure Apple's library would report is the one reported here.

use serde::Serialize;
use serde_json::{Map, Value};

use super::b64;
use super::cert::{
    parse_certificate, CertInfo, Certificate, Curve, Hash, OID_APPLE_INTERMEDIATE, OID_APPLE_LEAF,
};
use super::chain;
use super::jws::{parse_jws, Jws};
use super::models::{py_int, RenewalInfo, ResponseBodyV2DecodedPayload, Transaction};
use crate::json_text::kind as json_kind;

/// Apple's verification statuses (Python's `VerificationStatus`; use the names, Node and
/// Java number them differently).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Status {
    /// Verified and decoded.
    Ok,
    /// The JWS, its chain or its signature did not verify.
    VerificationFailure,
    /// bundleId (or appAppleId in Production) is not the configured one.
    InvalidAppIdentifier,
    /// A certificate (configured root, `x5c[0]` or `x5c[1]`) cannot be read, or no root is
    /// configured.
    InvalidCertificate,
    /// `x5c` does not hold exactly three certificates.
    InvalidChainLength,
    /// In Apple's enum but never returned by the Python library: a chain that does not
    /// verify is a VERIFICATION_FAILURE.
    InvalidChain,
    /// The payload's environment is not the configured one.
    InvalidEnvironment,
    /// Online (OCSP) checks could not be made; never returned offline.
    RetryableVerificationFailure,
}

impl Status {
    /// The official name: `OK`, `VERIFICATION_FAILURE`...
    pub fn name(self) -> &'static str {
        match self {
            Status::Ok => "OK",
            Status::VerificationFailure => "VERIFICATION_FAILURE",
            Status::InvalidAppIdentifier => "INVALID_APP_IDENTIFIER",
            Status::InvalidCertificate => "INVALID_CERTIFICATE",
            Status::InvalidChainLength => "INVALID_CHAIN_LENGTH",
            Status::InvalidChain => "INVALID_CHAIN",
            Status::InvalidEnvironment => "INVALID_ENVIRONMENT",
            Status::RetryableVerificationFailure => "RETRYABLE_VERIFICATION_FAILURE",
        }
    }
}

/// Where the App Store data comes from (Apple's `Environment`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Environment {
    /// `Sandbox`
    Sandbox,
    /// `Production` (needs the app's Apple ID)
    Production,
    /// `Xcode`: StoreKit testing in Xcode; data is decoded, nothing is verified.
    Xcode,
    /// `LocalTesting`: decoded, nothing verified.
    LocalTesting,
}

impl Environment {
    /// The value as Apple writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Environment::Sandbox => "Sandbox",
            Environment::Production => "Production",
            Environment::Xcode => "Xcode",
            Environment::LocalTesting => "LocalTesting",
        }
    }

    /// Parses Apple's spelling (exact, as the library's enum does).
    pub fn parse(text: &str) -> Option<Environment> {
        [
            Environment::Sandbox,
            Environment::Production,
            Environment::Xcode,
            Environment::LocalTesting,
        ]
        .into_iter()
        .find(|e| e.as_str() == text)
    }

    /// Xcode and LocalTesting data is not signed by Apple: the library only decodes it.
    pub fn skips_verification(self) -> bool {
        matches!(self, Environment::Xcode | Environment::LocalTesting)
    }
}

/// What a JWS holds, which decides the field checks after the signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Kind {
    /// A notification's `signedPayload` (`verify_and_decode_notification`).
    Notification,
    /// `signedTransactionInfo` (`verify_and_decode_signed_transaction`).
    Transaction,
    /// `signedRenewalInfo` (`verify_and_decode_renewal_info`).
    RenewalInfo,
}

impl Kind {
    /// The library method that verifies this kind.
    pub fn library_method(self) -> &'static str {
        match self {
            Kind::Notification => "verify_and_decode_notification",
            Kind::Transaction => "verify_and_decode_signed_transaction",
            Kind::RenewalInfo => "verify_and_decode_renewal_info",
        }
    }
}

/// The verifier's settings (the `SignedDataVerifier` constructor's arguments, plus the
/// times this crate cannot read from a clock).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifierConfig {
    /// Trusted roots, DER. `x5c[2]` is never used: the chain must end at one of these.
    pub roots: Vec<Vec<u8>>,
    /// The environment the data must come from.
    pub environment: Environment,
    /// The app's bundle id.
    pub bundle_id: String,
    /// The app's Apple ID (required in Production).
    pub app_apple_id: Option<i64>,
    /// Check the chain at this Unix time instead of the payload's `signedDate` (what the
    /// library's online mode does, without its OCSP queries).
    pub check_at: Option<i64>,
    /// The current Unix time, when the caller knows it: used when a payload has no
    /// `signedDate`, and for JWT `exp`/`nbf`/`iat` claims. Never read from a clock here
    /// (`SystemTime::now()` traps in wasm32).
    pub now: Option<i64>,
}

/// A setting the library's constructor refuses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl VerifierConfig {
    /// As `SignedDataVerifier(root_certificates, False, environment, bundle_id,
    /// app_apple_id)`: Production without an app Apple ID is refused, as the library does.
    pub fn new(
        roots: Vec<Vec<u8>>,
        environment: Environment,
        bundle_id: &str,
        app_apple_id: Option<i64>,
    ) -> Result<VerifierConfig, ConfigError> {
        if environment == Environment::Production && app_apple_id.is_none() {
            return Err(ConfigError(
                "appAppleId is required when the environment is Production".into(),
            ));
        }
        Ok(VerifierConfig {
            roots,
            environment,
            bundle_id: bundle_id.to_string(),
            app_apple_id,
            check_at: None,
            now: None,
        })
    }

    /// Trusting only Apple Root CA - G3 (built in).
    pub fn apple(
        environment: Environment,
        bundle_id: &str,
        app_apple_id: Option<i64>,
    ) -> Result<VerifierConfig, ConfigError> {
        VerifierConfig::new(
            vec![super::apple_root_ca_g3().to_vec()],
            environment,
            bundle_id,
            app_apple_id,
        )
    }

    /// With the current time (Unix seconds) known.
    pub fn with_now(mut self, now: i64) -> VerifierConfig {
        self.now = Some(now);
        self
    }

    /// Checking the chain at a given Unix time rather than at `signedDate`.
    pub fn checking_at(mut self, at: i64) -> VerifierConfig {
        self.check_at = Some(at);
        self
    }
}

/// One ECDSA signature to check, in the form WebCrypto takes.
///
/// Browser: `key = await crypto.subtle.importKey("spki", public_key_spki, {name: "ECDSA",
/// namedCurve: curve.web_crypto_name()}, false, ["verify"])`, then `ok = await
/// crypto.subtle.verify({name: "ECDSA", hash: hash.web_crypto_name()}, key, signature,
/// message)`. Pass every `ok`, in order, to [`conclude`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SignatureCheck {
    /// What is checked, for people.
    pub purpose: String,
    /// The signer's SubjectPublicKeyInfo, DER.
    pub public_key_spki: Vec<u8>,
    /// The signer's curve.
    pub curve: Curve,
    /// The hash the signature algorithm names.
    pub hash: Hash,
    /// The signed bytes (a certificate's TBS, or the JWS signing input).
    pub message: Vec<u8>,
    /// Raw `r || s`, each `curve.field_bytes()` wide (certificates' DER signatures are
    /// converted).
    pub signature: Vec<u8>,
}

/// Checks ECDSA signatures synchronously (the native backend, or a test double).
pub trait EcdsaVerify {
    /// True when `check.signature` is a valid signature of `check.message`.
    fn verify(&self, check: &SignatureCheck) -> bool;
}

/// How one check ended, for display.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Outcome {
    /// Passed, with a detail.
    Passed(String),
    /// Failed: the verdict's reason.
    Failed(String),
    /// Not reached: an earlier check failed.
    NotReached,
}

/// A check as reported in a [`Verdict`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    /// What was checked.
    pub check: String,
    /// How it ended.
    pub outcome: Outcome,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum StepState {
    Passed(String),
    Failed(Status, String),
    /// Decided by signature check `index`; the reason to give if it fails.
    Signature(usize, String),
}

/// One check in Apple's order (built by [`plan`], walked by [`conclude`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    label: String,
    state: StepState,
}

impl Step {
    pub(crate) fn pass(label: impl Into<String>, detail: String) -> Step {
        Step {
            label: label.into(),
            state: StepState::Passed(detail),
        }
    }

    pub(crate) fn fail(label: impl Into<String>, status: Status, why: String) -> Step {
        Step {
            label: label.into(),
            state: StepState::Failed(status, why),
        }
    }

    pub(crate) fn fail_vf(label: impl Into<String>, why: String) -> Step {
        Step::fail(label, Status::VerificationFailure, why)
    }

    pub(crate) fn signature(label: impl Into<String>, index: usize, why: String) -> Step {
        Step {
            label: label.into(),
            state: StepState::Signature(index, why),
        }
    }
}

/// Everything [`plan`] found: the signature checks still to run and the other checks'
/// outcomes, in Apple's order.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// What was verified.
    pub kind: Kind,
    /// The signatures to check, in this order; [`conclude`] takes one result per entry.
    pub signature_checks: Vec<SignatureCheck>,
    steps: Vec<Step>,
    header: Map<String, Value>,
    payload: Map<String, Value>,
    certificates: Vec<CertInfo>,
    effective_date: Option<i64>,
}

/// The result: Apple's status, a precise reason, and what was decoded.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Verdict {
    /// Apple's status.
    pub status: Status,
    /// Why (for OK, what was verified).
    pub reason: String,
    /// What was verified.
    pub kind: Kind,
    /// The JWS header, when the JWS could be parsed.
    pub header: Option<Map<String, Value>>,
    /// The decoded payload, when the JWS could be parsed; to be trusted only when
    /// `status` is OK.
    pub payload: Option<Map<String, Value>>,
    /// `x5c[0]` and `x5c[1]` as read (fewer when they could not be).
    pub certificates: Vec<CertInfo>,
    /// The date the chain was checked at (Unix seconds).
    pub effective_date: Option<i64>,
    /// Every check in Apple's order with its outcome.
    pub checks: Vec<CheckReport>,
}

impl Verdict {
    /// True for OK.
    pub fn is_ok(&self) -> bool {
        self.status == Status::Ok
    }

    /// The payload as a notification (when it parsed).
    pub fn notification(&self) -> Option<ResponseBodyV2DecodedPayload> {
        ResponseBodyV2DecodedPayload::from_map(self.payload.clone()?).ok()
    }

    /// The payload as a transaction (when it parsed).
    pub fn transaction(&self) -> Option<Transaction> {
        Transaction::from_map(self.payload.clone()?).ok()
    }

    /// The payload as renewal info (when it parsed).
    pub fn renewal_info(&self) -> Option<RenewalInfo> {
        RenewalInfo::from_map(self.payload.clone()?).ok()
    }
}

fn reports(steps: &[Step], results: &[bool], stop: usize) -> Vec<CheckReport> {
    steps
        .iter()
        .enumerate()
        .map(|(i, s)| CheckReport {
            check: s.label.clone(),
            outcome: if i > stop {
                Outcome::NotReached
            } else {
                match &s.state {
                    StepState::Passed(d) => Outcome::Passed(d.clone()),
                    StepState::Failed(_, why) => Outcome::Failed(why.clone()),
                    StepState::Signature(k, why) => {
                        if results.get(*k) == Some(&true) {
                            Outcome::Passed("signature verifies".into())
                        } else {
                            Outcome::Failed(why.clone())
                        }
                    }
                }
            },
        })
        .collect()
}

/// Python's truthiness of a JSON value.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// Datetimes Python can make: years 1 to 9999.
const PY_MIN_SECS: i128 = -62_135_596_800;
const PY_MAX_SECS: i128 = 253_402_300_799;

fn show(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "missing".into(),
        Some(v) => v.to_string(),
    }
}

/// Notification field checks (`_verify_notification`): whichever of data, summary,
/// externalPurchaseToken or appData is present gives bundleId, appAppleId, environment.
fn notification_fields(payload: &Map<String, Value>, config: &VerifierConfig, out: &mut Vec<Step>) {
    let section = ["data", "summary", "externalPurchaseToken", "appData"]
        .into_iter()
        .find_map(|k| payload.get(k).and_then(Value::as_object).map(|o| (k, o)));
    let (name, bundle, app_id, env): (&str, Option<&Value>, Option<&Value>, Option<String>) =
        match section {
            Some(("externalPurchaseToken", o)) => {
                let sandbox = o
                    .get("externalPurchaseId")
                    .and_then(Value::as_str)
                    .is_some_and(|id| id.starts_with("SANDBOX"));
                let env = if sandbox { "Sandbox" } else { "Production" };
                (
                    "externalPurchaseToken",
                    o.get("bundleId"),
                    o.get("appAppleId"),
                    Some(env.into()),
                )
            }
            Some((k, o)) => (
                k,
                o.get("bundleId"),
                o.get("appAppleId"),
                o.get("environment")
                    .and_then(Value::as_str)
                    .map(str::to_string),
            ),
            None => (
                "(no data, summary, externalPurchaseToken or appData)",
                None,
                None,
                None,
            ),
        };
    let bundle_ok = bundle.and_then(Value::as_str) == Some(config.bundle_id.as_str());
    if !bundle_ok {
        out.push(Step::fail(
            "bundleId",
            Status::InvalidAppIdentifier,
            format!(
                "{name}.bundleId is {} but the verifier expects \"{}\"",
                show(bundle),
                config.bundle_id
            ),
        ));
        return;
    }
    if config.environment == Environment::Production {
        let got = app_id.and_then(py_int);
        if got != config.app_apple_id.map(i128::from) {
            out.push(Step::fail(
                "appAppleId (Production only)",
                Status::InvalidAppIdentifier,
                format!(
                    "{name}.appAppleId is {} but the verifier expects {} (checked in Production only)",
                    show(app_id),
                    config.app_apple_id.map_or("none".into(), |i| i.to_string())
                ),
            ));
            return;
        }
        out.push(Step::pass("appAppleId (Production only)", show(app_id)));
    }
    out.push(Step::pass("bundleId", config.bundle_id.clone()));
    environment_field(name, env.as_deref(), config, out);
}

fn environment_field(
    where_: &str,
    env: Option<&str>,
    config: &VerifierConfig,
    out: &mut Vec<Step>,
) {
    // The library turns the raw string into its enum (unknown values become None) and
    // compares enums: so the spelling must be exact.
    let parsed = env.and_then(Environment::parse);
    if parsed != Some(config.environment) {
        out.push(Step::fail(
            "environment",
            Status::InvalidEnvironment,
            format!(
                "{where_}.environment is {} but the verifier expects \"{}\"",
                env.map_or("missing".into(), |e| format!("\"{e}\"")),
                config.environment.as_str()
            ),
        ));
    } else {
        out.push(Step::pass(
            "environment",
            config.environment.as_str().into(),
        ));
    }
}

fn model_step(kind: Kind, payload: &Map<String, Value>, out: &mut Vec<Step>) -> bool {
    // The library structures the payload into its model before the field checks; a field
    // of the wrong type fails there (with a Python exception rather than a status).
    let map = payload.clone();
    let (name, result) = match kind {
        Kind::Notification => (
            "ResponseBodyV2DecodedPayload",
            ResponseBodyV2DecodedPayload::from_map(map).err(),
        ),
        Kind::Transaction => (
            "JWSTransactionDecodedPayload",
            Transaction::from_map(map).err(),
        ),
        Kind::RenewalInfo => (
            "JWSRenewalInfoDecodedPayload",
            RenewalInfo::from_map(map).err(),
        ),
    };
    match result {
        None => {
            out.push(Step::pass("payload model", name.into()));
            true
        }
        Some(e) => {
            out.push(Step::fail_vf(
                "payload model",
                format!("the payload does not fit Apple's {name}: {e}"),
            ));
            false
        }
    }
}

fn field_steps(
    kind: Kind,
    payload: &Map<String, Value>,
    config: &VerifierConfig,
    out: &mut Vec<Step>,
) {
    if !model_step(kind, payload, out) {
        return;
    }
    match kind {
        Kind::Notification => notification_fields(payload, config, out),
        Kind::Transaction => {
            let bundle = payload.get("bundleId");
            if bundle.and_then(Value::as_str) != Some(config.bundle_id.as_str()) {
                out.push(Step::fail(
                    "bundleId",
                    Status::InvalidAppIdentifier,
                    format!(
                        "transaction bundleId is {} but the verifier expects \"{}\"",
                        show(bundle),
                        config.bundle_id
                    ),
                ));
                return;
            }
            out.push(Step::pass("bundleId", config.bundle_id.clone()));
            environment_field(
                "transaction",
                payload.get("environment").and_then(Value::as_str),
                config,
                out,
            );
        }
        Kind::RenewalInfo => environment_field(
            "renewal info",
            payload.get("environment").and_then(Value::as_str),
            config,
            out,
        ),
    }
}

/// PyJWT's claim checks after the signature (`exp`, `nbf`, `iat` against the current
/// time; `aud`, `sub`, `jti` types).
fn claim_steps(payload: &Map<String, Value>, now: Option<i64>) -> Result<String, String> {
    let now = now.map(i128::from);
    if let Some(v) = payload.get("iat") {
        let iat = py_int(v).ok_or("iat (Issued At) must be an integer")?;
        if now.is_some_and(|n| iat > n) {
            return Err("iat is in the future: the token is not yet valid".into());
        }
    }
    if let Some(v) = payload.get("nbf") {
        let nbf = py_int(v).ok_or("nbf (Not Before) must be an integer")?;
        if now.is_some_and(|n| nbf > n) {
            return Err("nbf is in the future: the token is not yet valid".into());
        }
    }
    if let Some(v) = payload.get("exp") {
        let exp = py_int(v).ok_or("exp (Expiration Time) must be an integer")?;
        if now.is_some_and(|n| exp <= n) {
            return Err("exp has passed: the signature has expired".into());
        }
    }
    if payload.get("aud").is_some_and(truthy) {
        return Err("aud is set but no audience is expected (Invalid audience)".into());
    }
    if payload.get("sub").is_some_and(|s| !s.is_string()) {
        return Err("sub must be a string".into());
    }
    if payload.get("jti").is_some_and(|s| !s.is_string()) {
        return Err("jti must be a string".into());
    }
    Ok("no registered JWT claim refuses it".into())
}

/// Reads one `x5c` entry as Python would: a string of strict standard base64 holding a
/// DER certificate.
fn x5c_certificate(entry: Option<&Value>, index: usize) -> Result<Certificate, String> {
    let role = if index == 0 {
        "x5c[0] (leaf)"
    } else {
        "x5c[1] (intermediate)"
    };
    let text = match entry {
        Some(Value::String(s)) => s.clone(),
        Some(other) => {
            return Err(format!(
                "{role} is {}, not a base64 string",
                json_kind(other)
            ))
        }
        None => return Err(format!("{role} is missing")),
    };
    if !text.is_ascii() {
        return Err(format!("{role} holds non-ASCII characters"));
    }
    let der = b64::decode_std_validate(&text)
        .map_err(|e| format!("{role} is not standard base64: {e}"))?;
    parse_certificate(&der).map_err(|e| format!("{role} is not a DER certificate: {e}"))
}

/// The chain entries as Python's `len()` and indexing see them: a list's items, a string's
/// characters, a dict's size (whose integer indexing then fails).
fn x5c_entries(x5c: &Value) -> Result<(usize, Vec<Option<Value>>), String> {
    match x5c {
        Value::Array(a) => Ok((a.len(), a.iter().cloned().map(Some).collect())),
        Value::String(s) => Ok((
            s.chars().count(),
            s.chars()
                .map(|c| Some(Value::String(c.to_string())))
                .collect(),
        )),
        Value::Object(o) => Ok((o.len(), vec![None; o.len()])),
        other => Err(format!(
            "x5c is {}, not a list of certificates",
            json_kind(other)
        )),
    }
}

/// Phase one: every check that needs no elliptic-curve arithmetic, in Apple's order.
/// `Err` is the final verdict when no signature has to be checked (a check failed before
/// the first signature, or the environment is Xcode/LocalTesting, whose data is only
/// decoded); otherwise run `plan.signature_checks` (WebCrypto or [`EcdsaVerify`]) and
/// call [`conclude`].
///
/// ```
/// use testkit_core::appstore::{plan, Environment, Kind, VerifierConfig};
///
/// let config = VerifierConfig::apple(Environment::Sandbox, "com.example.app", None).unwrap();
/// // Not a JWS at all: decided without any signature check.
/// let verdict = plan("not-a-jws", Kind::Notification, &config).unwrap_err();
/// assert_eq!(verdict.status.name(), "VERIFICATION_FAILURE");
/// assert!(verdict.reason.contains("three segments"));
/// ```
// The `Err` side is a full verdict (the answer, not an error), so it is as large as `Ok`'s.
#[allow(clippy::result_large_err)]
pub fn plan(jws_text: &str, kind: Kind, config: &VerifierConfig) -> Result<Plan, Verdict> {
    let mut steps = Vec::new();
    let mut checks = Vec::new();
    let mut certificates = Vec::new();
    let mut effective = None;
    let jws = match parse_jws(jws_text) {
        Ok(jws) => {
            steps.push(Step::pass(
                "JWS format",
                "three base64url segments, JSON header and payload".into(),
            ));
            jws
        }
        Err(e) => {
            steps.push(Step::fail_vf("JWS format", e.to_string()));
            return Err(conclude(
                Plan {
                    kind,
                    signature_checks: checks,
                    steps,
                    header: Map::new(),
                    payload: Map::new(),
                    certificates,
                    effective_date: None,
                },
                &[],
            )
            .without_payload());
        }
    };
    if config.environment.skips_verification() {
        steps.push(Step::pass(
            "signature",
            format!(
                "not checked: {} data is not signed by the App Store",
                config.environment.as_str()
            ),
        ));
        field_steps(kind, &jws.payload, config, &mut steps);
    } else {
        signed_steps(
            &jws,
            kind,
            config,
            &mut steps,
            &mut checks,
            &mut certificates,
            &mut effective,
        );
    }
    let plan = Plan {
        kind,
        signature_checks: checks,
        steps,
        header: jws.header,
        payload: jws.payload,
        certificates,
        effective_date: effective,
    };
    let first_signature = plan
        .steps
        .iter()
        .position(|s| matches!(s.state, StepState::Signature(..)));
    let first_failure = plan
        .steps
        .iter()
        .position(|s| matches!(s.state, StepState::Failed(..)));
    match (first_signature, first_failure) {
        (None, _) => Err(conclude(plan, &[])),
        (Some(sig), Some(fail)) if fail < sig => Err(conclude(plan, &[])),
        _ => Ok(plan),
    }
}

#[allow(clippy::too_many_arguments)]
fn signed_steps(
    jws: &Jws,
    kind: Kind,
    config: &VerifierConfig,
    steps: &mut Vec<Step>,
    checks: &mut Vec<SignatureCheck>,
    certificates: &mut Vec<CertInfo>,
    effective: &mut Option<i64>,
) {
    // 1. x5c present and non-empty, then alg (the library checks them in this order).
    let x5c = jws.header.get("x5c").filter(|v| !v.is_null());
    let entries = match x5c.map(x5c_entries) {
        None => {
            steps.push(Step::fail_vf(
                "x5c header",
                "the header has no x5c certificate chain".into(),
            ));
            return;
        }
        Some(Err(why)) => {
            steps.push(Step::fail_vf("x5c header", why));
            return;
        }
        Some(Ok((0, _))) => {
            steps.push(Step::fail_vf("x5c header", "x5c is empty".into()));
            return;
        }
        Some(Ok(e)) => {
            steps.push(Step::pass("x5c header", format!("{} entries", e.0)));
            e
        }
    };
    match jws.header.get("alg") {
        Some(Value::String(a)) if a == "ES256" => steps.push(Step::pass("alg", "ES256".into())),
        other => {
            steps.push(Step::fail_vf(
                "alg",
                format!(
                    "alg is {}; Apple's library accepts only \"ES256\"",
                    show(other)
                ),
            ));
            return;
        }
    }
    // 2. The effective date: signedDate (or receiptCreationDate) / 1000, or "now".
    let at: i128 = if let Some(at) = config.check_at {
        steps.push(Step::pass(
            "effective date",
            format!("{} (given: online-mode time)", crate::time::rfc3339(at)),
        ));
        i128::from(at)
    } else {
        let date = ["signedDate", "receiptCreationDate"]
            .into_iter()
            .find_map(|k| jws.payload.get(k).filter(|v| !v.is_null()).map(|v| (k, v)));
        match date {
            Some((field, v)) => match py_int(v) {
                Some(ms) => {
                    steps.push(Step::pass("effective date", format!("{field} {v} / 1000")));
                    ms.div_euclid(1000)
                }
                None => {
                    steps.push(Step::fail_vf(
                        "effective date",
                        format!("{field} is {v}, which is not an integer number of milliseconds"),
                    ));
                    return;
                }
            },
            None => match config.now {
                Some(now) => {
                    steps.push(Step::pass(
                        "effective date",
                        "no signedDate: the current time".into(),
                    ));
                    i128::from(now)
                }
                None => {
                    steps.push(Step::fail_vf(
                        "effective date",
                        "the payload has no signedDate, so the library would use the current time, which was not given".into(),
                    ));
                    return;
                }
            },
        }
    };
    // 3. Roots configured, chain length, then the certificates parse.
    if config.roots.is_empty() {
        steps.push(Step::fail(
            "root certificates",
            Status::InvalidCertificate,
            "no root certificate is configured".into(),
        ));
        return;
    }
    let (count, items) = entries;
    if count != 3 {
        steps.push(Step::fail(
            "chain length",
            Status::InvalidChainLength,
            format!("x5c holds {count} certificate(s); Apple's chain is exactly 3 (leaf, intermediate, root)"),
        ));
        return;
    }
    steps.push(Step::pass("chain length", "3".into()));
    let mut roots = Vec::new();
    for (i, der) in config.roots.iter().enumerate() {
        match parse_certificate(der) {
            Ok(c) => roots.push(c),
            Err(e) => {
                steps.push(Step::fail(
                    "root certificates",
                    Status::InvalidCertificate,
                    format!("configured root #{} is not a DER certificate: {e}", i + 1),
                ));
                return;
            }
        }
    }
    steps.push(Step::pass(
        "root certificates",
        format!("{} configured", roots.len()),
    ));
    let mut parsed = Vec::new();
    for (i, item) in items.iter().take(2).enumerate() {
        match x5c_certificate(item.as_ref(), i) {
            Ok(c) => {
                certificates.push(c.info());
                parsed.push(c);
            }
            Err(why) => {
                steps.push(Step::fail(
                    "certificates parse",
                    Status::InvalidCertificate,
                    why,
                ));
                return;
            }
        }
    }
    steps.push(Step::pass(
        "certificates parse",
        "x5c[0] and x5c[1] are DER certificates".into(),
    ));
    if !(PY_MIN_SECS..=PY_MAX_SECS).contains(&at) {
        steps.push(Step::fail_vf(
            "effective date",
            format!("{at} seconds is outside the dates Python can represent"),
        ));
        return;
    }
    let at = at as i64;
    *effective = Some(at);
    // 4. The chain, as OpenSSL checks it.
    let (leaf, intermediate) = (&parsed[0], &parsed[1]);
    let Some(chain) = chain::steps(leaf, intermediate, &roots, at, checks, steps) else {
        return;
    };
    // 5. Marker OIDs on the verified chain's first two certificates.
    for (i, oid, what) in [
        (0, OID_APPLE_LEAF, "leaf"),
        (1, OID_APPLE_INTERMEDIATE, "intermediate"),
    ] {
        let link = &chain[i];
        if link.cert.extension(oid).is_some() {
            steps.push(Step::pass(format!("Apple {what} marker OID"), oid.into()));
        } else {
            steps.push(Step::fail_vf(
                format!("Apple {what} marker OID"),
                format!(
                    "{} \"{}\" lacks extension {oid} (Apple's {what} marker)",
                    link.role,
                    link.cert.subject()
                ),
            ));
            return;
        }
    }
    // 6. The JWS signature with the leaf's key, then PyJWT's claim checks.
    if let Err(why) = chain::es256_key(leaf) {
        steps.push(Step::fail_vf("JWS signature", why));
        return;
    }
    if jws.signature.len() != 64 {
        steps.push(Step::fail_vf(
            "JWS signature",
            format!(
                "the signature is {} bytes; ES256 signatures are 64 (raw r || s)",
                jws.signature.len()
            ),
        ));
        return;
    }
    steps.push(Step::signature(
        "JWS signature",
        checks.len(),
        "the JWS signature does not verify with x5c[0]'s key (payload or signature altered, or signed by another key)".into(),
    ));
    checks.push(SignatureCheck {
        purpose: "JWS signed by x5c[0] (leaf)".into(),
        public_key_spki: leaf.spki.clone(),
        curve: Curve::P256,
        hash: Hash::Sha256,
        message: jws.signing_input.as_bytes().to_vec(),
        signature: jws.signature.clone(),
    });
    match claim_steps(&jws.payload, config.now) {
        Ok(d) => steps.push(Step::pass("JWT claims", d)),
        Err(why) => {
            steps.push(Step::fail_vf("JWT claims", why));
            return;
        }
    }
    // 7. Fields of the decoded payload.
    field_steps(kind, &jws.payload, config, steps);
}

/// Phase two: applies the signature results (one per `plan.signature_checks` entry, in
/// order; a missing result counts as a failure) and returns Apple's verdict.
///
/// ```
/// use testkit_core::appstore::{conclude, plan, Environment, Kind, VerifierConfig};
///
/// # let jws = testkit_core::appstore::REAL_SANDBOX_TEST_NOTIFICATION;
/// let config = VerifierConfig::apple(Environment::Sandbox, "com.loki-project.loki-messenger", None).unwrap();
/// let plan = plan(jws, Kind::Notification, &config).unwrap();
/// // In a browser each check goes to crypto.subtle.verify; here, pretend all passed.
/// let results = vec![true; plan.signature_checks.len()];
/// let verdict = conclude(plan, &results);
/// assert_eq!(verdict.status.name(), "OK");
/// ```
pub fn conclude(plan: Plan, results: &[bool]) -> Verdict {
    let mut stop = plan.steps.len();
    let mut status = Status::Ok;
    let mut reason = None;
    for (i, step) in plan.steps.iter().enumerate() {
        let failed = match &step.state {
            StepState::Passed(_) => None,
            StepState::Failed(s, why) => Some((*s, why.clone())),
            StepState::Signature(k, why) => {
                (results.get(*k) != Some(&true)).then(|| (Status::VerificationFailure, why.clone()))
            }
        };
        if let Some((s, why)) = failed {
            status = s;
            reason = Some(why);
            stop = i;
            break;
        }
    }
    let reason = reason.unwrap_or_else(|| match plan.kind {
        Kind::Notification => {
            "verified: chain, signature, bundleId and environment as Apple's library checks them"
                .into()
        }
        Kind::Transaction => "verified: chain, signature, bundleId and environment".into(),
        Kind::RenewalInfo => "verified: chain, signature and environment".into(),
    });
    Verdict {
        status,
        reason,
        kind: plan.kind,
        checks: reports(&plan.steps, results, stop),
        header: Some(plan.header),
        payload: Some(plan.payload),
        certificates: plan.certificates,
        effective_date: plan.effective_date,
    }
}

impl Verdict {
    fn without_payload(mut self) -> Verdict {
        self.header = None;
        self.payload = None;
        self
    }
}

/// Both phases with a synchronous ECDSA backend.
///
/// ```
/// use testkit_core::appstore::{verify_with, EcdsaVerify, Environment, Kind, SignatureCheck, VerifierConfig};
///
/// struct Refuse;
/// impl EcdsaVerify for Refuse {
///     fn verify(&self, _: &SignatureCheck) -> bool { false }
/// }
/// let config = VerifierConfig::apple(Environment::Sandbox, "com.loki-project.loki-messenger", None).unwrap();
/// let verdict = verify_with(&Refuse, testkit_core::appstore::REAL_SANDBOX_TEST_NOTIFICATION, Kind::Notification, &config);
/// assert_eq!(verdict.status.name(), "VERIFICATION_FAILURE");
/// ```
pub fn verify_with(
    backend: &impl EcdsaVerify,
    jws_text: &str,
    kind: Kind,
    config: &VerifierConfig,
) -> Verdict {
    match plan(jws_text, kind, config) {
        Err(verdict) => verdict,
        Ok(plan) => {
            // Stop at the first failing signature: later ones cannot change the verdict.
            let mut results = Vec::with_capacity(plan.signature_checks.len());
            for check in &plan.signature_checks {
                let ok = backend.verify(check);
                results.push(ok);
                if !ok {
                    break;
                }
            }
            conclude(plan, &results)
        }
    }
}
