//! Raptor's App Store Server Notifications endpoint: verify the signed payload and the
//! transaction and renewal info inside it (each on its own: Apple's library does not
//! verify the nested ones for you), then apply to the iOS mirror. And the sandbox's
//! controls that hand its test chain to the page.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use testkit_core::appstore::{
    decode_std_validate, encode_std, mirror_update, pem, verify, Kind,
    ResponseBodyV2DecodedPayload, TestChain, Verdict,
};

use super::auth::BillingReader;
use super::error::ApiError;
use super::webhook::RawBody;
use crate::apple::apply::{process, Notification, Outcome};
use crate::{now_secs, AppState};

/// The request body Apple sends.
#[derive(Deserialize)]
struct Body {
    #[serde(rename = "signedPayload")]
    signed_payload: String,
}

/// The answer: received, and whether it was a repeat.
#[derive(Serialize)]
pub struct AppleAck {
    received: bool,
    duplicate: bool,
}

/// Why a verdict refuses, as the answer's message: the official status, then the reason.
fn refused(what: &str, verdict: &Verdict) -> ApiError {
    ApiError::invalid(format!(
        "{what}: {} ({}); nothing was written.",
        verdict.status.name(),
        verdict.reason
    ))
}

/// Verifies the notification and what it carries; the mirror's change, or why not.
fn read_notification(state: &AppState, body: &[u8], now: i64) -> Result<Notification, ApiError> {
    let body: Body = serde_json::from_slice(body).map_err(|e| {
        ApiError::invalid(format!(
            "The body is not {{\"signedPayload\": \"<JWS>\"}} ({e}); nothing was written."
        ))
    })?;
    let config = state.apple.verifier(now);
    let verdict = verify(&body.signed_payload, Kind::Notification, &config);
    if !verdict.is_ok() {
        return Err(refused("signedPayload", &verdict));
    }
    let notification: ResponseBodyV2DecodedPayload = verdict
        .notification()
        .ok_or_else(|| ApiError::invalid("signedPayload: the payload is not a notification."))?;
    let data = notification.data.as_ref();
    let nested =
        |jws: Option<&String>, kind: Kind, what: &str| -> Result<Option<Verdict>, ApiError> {
            let Some(jws) = jws else { return Ok(None) };
            let verdict = verify(jws, kind, &config);
            if verdict.is_ok() {
                Ok(Some(verdict))
            } else {
                Err(refused(what, &verdict))
            }
        };
    let transaction = nested(
        data.and_then(|d| d.signed_transaction_info.as_ref()),
        Kind::Transaction,
        "data.signedTransactionInfo",
    )?
    .and_then(|v| v.transaction());
    let renewal = nested(
        data.and_then(|d| d.signed_renewal_info.as_ref()),
        Kind::RenewalInfo,
        "data.signedRenewalInfo",
    )?
    .and_then(|v| v.renewal_info());
    let uuid = notification
        .notification_uuid
        .clone()
        .filter(|u| !u.is_empty())
        .ok_or_else(|| {
            ApiError::invalid("The notification has no notificationUUID; nothing was written.")
        })?;
    let label = match (&notification.notification_type, &notification.subtype) {
        (Some(t), Some(s)) => format!("{t}.{s}"),
        (Some(t), None) => t.to_string(),
        (None, _) => "UNKNOWN".into(),
    };
    Ok(Notification {
        uuid,
        label,
        signed_date_ms: notification.signed_date.unwrap_or(now * 1000),
        update: mirror_update(&notification, transaction.as_ref(), renewal.as_ref()),
    })
}

pub async fn receive(
    State(state): State<AppState>,
    RawBody(body): RawBody,
) -> Result<Json<AppleAck>, ApiError> {
    let now = now_secs();
    // ECDSA checks take a few milliseconds: off the async threads.
    let verifying = state.clone();
    let read = tokio::task::spawn_blocking(move || read_notification(&verifying, &body, now))
        .await
        .map_err(|e| ApiError::from(crate::db::Error::Other(e.to_string())))?;
    let notification = match read {
        Ok(n) => n,
        Err(err) => {
            tracing::info!(event = "apple.rejected", reason = %err.message);
            return Err(err);
        }
    };
    let applied = notification.clone();
    let outcome = state
        .raptor
        .writer
        .run(move |conn| process(conn, &applied, now))
        .await?;
    tracing::info!(
        event = "apple.received",
        notification_uuid = %notification.uuid,
        r#type = %notification.label,
        outcome = ?outcome,
    );
    Ok(Json(AppleAck {
        received: true,
        duplicate: outcome == Outcome::Duplicate,
    }))
}

/// `GET /__sandbox/apple/test-root`: the sandbox's test root, PEM (configure it as a
/// trusted root in a backend that should accept what the page signs).
pub async fn test_root(_: BillingReader, State(state): State<AppState>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/x-pem-file")],
        state.apple.test_chain.root.pem.clone(),
    )
}

/// The test chain in a `GET /__sandbox/apple/test-signer` answer: what a client (the
/// load generator, the tests) signs with, as the page does.
pub fn chain_from_test_signer(signer: &Value) -> Result<TestChain, String> {
    let der = |v: &Value| {
        let text = v
            .as_str()
            .ok_or("the test signer's certificates and key are base64 text")?;
        decode_std_validate(text).map_err(|e| format!("{e:?}"))
    };
    let x5c = signer["x5c"]
        .as_array()
        .filter(|c| c.len() == 3)
        .ok_or("x5c should hold 3 certificates")?;
    TestChain::from_parts(
        der(&x5c[2])?,
        der(&x5c[1])?,
        der(&x5c[0])?,
        &der(&signer["leaf_private_key_pkcs8"])?,
    )
    .ok_or_else(|| "the test signer's leaf key is not a P-256 PKCS#8 key".to_string())
}

/// `GET /__sandbox/apple/test-signer`: what the page signs with (the test chain and the
/// leaf's private key, a test key that only this sandbox's root vouches for), and what
/// the sandbox expects of a notification.
pub async fn test_signer(_: BillingReader, State(state): State<AppState>) -> Json<Value> {
    let chain = &state.apple.test_chain;
    let config = &state.apple.config;
    Json(json!({
        "x5c": chain.x5c(),
        "leaf_private_key_pkcs8": encode_std(&chain.leaf_key.pkcs8_der()),
        "root_pem": pem("CERTIFICATE", &chain.root.der),
        "bundle_id": config.bundle_id,
        "environment": config.environment.as_str(),
        "app_apple_id": config.app_apple_id,
    }))
}
