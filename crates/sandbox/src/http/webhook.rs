//! Queue's Stripe webhook receiver: verify with testkit-core (the same code the browser
//! signs with), read the event, dedup on its id and apply it in one transaction (or, under
//! a simulated fault, mishandle it while answering 200).
//!
//! It logs the lines the runbook (§6.6) tells an engineer to grep Queue's logs for, with
//! exactly its wording: `webhook event received: evt_…`, `processed event: <type> <id>`,
//! and the errors `HMAC verification failed`, `stale timestamp`,
//! `FLAG_QUEUE_BILLING is false` and `DB write failed` (the fan-out worker logs the
//! third happy-path line, `mirror sync dispatched`, in `fanout/worker.rs`). Each carries
//! `"event":"webhook.…"`, so the runbook's `grep -E "webhook|billing|stripe|event"` keeps
//! it. Nothing from the Stripe-Signature header, no secret and no token is ever logged:
//! a verification failure is logged with the library's fixed message only.

use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{FromRequest, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use testkit_core::contract::{ErrorCode, WebhookAck};
use testkit_core::signature::{verify_quick, Failure};

use super::error::ApiError;
use crate::apply::{cancel_instead, process, Outcome};
use crate::event::{EventKind, StripeEvent};
use crate::faults::{Target, Treatment};
use crate::{now_secs, AppState};

/// Largest body accepted: 1 MB.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// The raw body, up to [`BODY_LIMIT`] (the route's `DefaultBodyLimit`); larger is a
/// 413 with the contract's body.
pub struct RawBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for RawBody {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        Bytes::from_request(request, state)
            .await
            .map(RawBody)
            .map_err(|_| {
                ApiError::with_status(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "The body is larger than 1 MB; nothing was written.",
                )
            })
    }
}

pub async fn receive(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawBody(body): RawBody,
) -> Result<Json<WebhookAck>, ApiError> {
    let started = Instant::now();
    let result = handle(&state, &headers, body).await;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    match &result {
        Ok((event, outcome)) => tracing::info!(
            event = "webhook.answered",
            event_id = %event.id,
            r#type = %event.event_type,
            outcome = outcome.as_str(),
            ms,
        ),
        // The status and code only: an error's message can quote the signature header.
        Err(err) => tracing::info!(
            event = "webhook.answered",
            status = err.status.as_u16(),
            code = err.code.as_str(),
            ms,
        ),
    }
    let (_, outcome) = result?;
    Ok(Json(WebhookAck {
        received: true,
        duplicate: outcome == Outcome::Duplicate,
    }))
}

/// Logs a refused signature with the runbook's wording and the library's fixed message
/// (never the header, whose items an explanation may quote).
fn log_refused(failure: &Failure) {
    match failure {
        Failure::TooOld {
            age_secs,
            tolerance_secs,
            ..
        } => tracing::warn!(
            event = "webhook.stale_timestamp",
            reason = failure.library_message(),
            age_secs = i64::try_from(*age_secs).unwrap_or(i64::MAX),
            tolerance_secs = *tolerance_secs,
            "stale timestamp"
        ),
        _ => log_hmac_failed(failure.library_message()),
    }
}

fn log_hmac_failed(reason: &'static str) {
    tracing::warn!(
        event = "webhook.hmac_failed",
        reason,
        "HMAC verification failed"
    );
}

fn refused(failure: Failure) -> ApiError {
    log_refused(&failure);
    let mut message = failure.full_message();
    if matches!(failure, Failure::Mismatch(_)) {
        // verify_quick: the causes found in about the passes an acceptance makes. The
        // full search re-signs some 25 variants of the body, which let an unauthenticated
        // sender cost the receiver 200 times a real delivery (issue 23); the page searches.
        message.push_str(
            " This receiver looks only for the causes that cost no more than accepting \
             (a trailing newline, line endings); the signer page's verifier (/signer) \
             searches for the others.",
        );
    }
    ApiError::invalid(message)
}

async fn handle(
    state: &AppState,
    headers: &HeaderMap,
    body: Bytes,
) -> Result<(StripeEvent, Outcome), ApiError> {
    let header = match headers.get("stripe-signature").map(|h| h.to_str()) {
        None => {
            log_refused(&Failure::NoHeader);
            return Err(ApiError::invalid("No Stripe-Signature header."));
        }
        Some(Err(_)) => {
            log_hmac_failed("The Stripe-Signature header is not plain text");
            return Err(ApiError::invalid(
                "The Stripe-Signature header is not plain text.",
            ));
        }
        Some(Ok(header)) => header,
    };
    let secrets: Vec<&str> = state
        .config
        .webhook_secrets
        .iter()
        .map(String::as_str)
        .collect();
    let now = now_secs();
    verify_quick(header, &body, &secrets, state.config.tolerance, now)
        .result
        .map_err(refused)?;
    let event = StripeEvent::from_body(&body).map_err(|message| {
        tracing::info!(event = "webhook.rejected", reason = %message);
        ApiError::invalid(message)
    })?;
    tracing::info!(
        event = "webhook.received",
        event_id = %event.id,
        r#type = %event.event_type,
        "webhook event received: {}",
        event.id
    );
    if !state.config.flag_queue_billing {
        // Queue with FLAG_QUEUE_BILLING off. The runbook treats the flag as a gate that
        // is off until the billing path is ready ("flag not enabled", a gap to close) and
        // lists its log line among the errors to triage; the events arriving meanwhile
        // must still reach Queue once it is on. So: verify as always (a wrong secret
        // still shows as "HMAC verification failed"), write nothing, and answer 503
        // `unavailable`, the contract's code for it. Stripe counts any non-2xx as an
        // undelivered event and resends it (for up to three days in live mode, a few
        // times over some hours in test mode), lists it as failed in the Dashboard, and
        // it can be resent by hand (`stripe events resend`) once the flag is on. A 2xx
        // would mark the event delivered: Stripe would never send it again and Queue
        // would silently miss the customer or subscription, while the runbook's
        // "Expected: HTTP 200" check (§6.1) looked green. Nothing is recorded in
        // processed_stripe_events, so the resent event is applied normally.
        tracing::warn!(
            event = "webhook.flag_off",
            event_id = %event.id,
            r#type = %event.event_type,
            "FLAG_QUEUE_BILLING is false"
        );
        return Err(ApiError::new(
            ErrorCode::Unavailable,
            "FLAG_QUEUE_BILLING is false: Queue's billing is off, nothing was written. \
             Stripe will resend the event.",
        ));
    }
    let treatment = state
        .faults
        .for_target(Target::Webhook)
        .map_or(Treatment::Apply, |f| f.treatment(&event.event_type));
    let prices = state.prices.clone();
    let applied = event.clone();
    let written = match treatment {
        Treatment::Ignore => Ok(Outcome::Ignored),
        Treatment::CancelInstead => {
            state
                .queue
                .writer
                .run(move |conn| cancel_instead(conn, &applied, now))
                .await
        }
        Treatment::Apply => {
            state
                .queue
                .writer
                .run(move |conn| process(conn, &applied, &prices, now))
                .await
        }
    };
    let outcome = written.map_err(|err| {
        // Where a database error becomes a 500: Queue's "DB write failed".
        tracing::error!(
            event = "webhook.db_write_failed",
            event_id = %event.id,
            r#type = %event.event_type,
            cause = %err,
            "DB write failed"
        );
        ApiError::from(err)
    })?;
    if matches!(outcome, Outcome::Applied | Outcome::Unhandled) {
        tracing::info!(
            event = "webhook.processed",
            event_id = %event.id,
            r#type = %event.event_type,
            "processed event: {} {}",
            event.event_type,
            event.object_id().unwrap_or("-")
        );
        if let (EventKind::CustomerUpserted, Some(user)) =
            (event.kind, event.str_at("/metadata/user_id"))
        {
            // Raptor knows the Raxx users (their purchases in the app carry a token made
            // from the user id); the sandbox learns them from Queue's customers, in
            // Raptor's own database, after Queue's transaction.
            let user = user.to_string();
            state
                .raptor
                .writer
                .run(move |conn| crate::apple::apply::remember_user(conn, &user))
                .await
                .map_err(ApiError::from)?;
        }
        // The transaction committed any mirror-sync messages it wrote to Queue's outbox:
        // the fan-out worker delivers them now, and logs "mirror sync dispatched" for
        // each once Raptor has answered (crates/sandbox/src/fanout/).
        state.fanout.wake();
    }
    Ok((event, outcome))
}
