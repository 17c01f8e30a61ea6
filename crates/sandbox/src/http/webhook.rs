//! Queue's Stripe webhook receiver: verify with testkit-core (the same code the browser
//! signs with), dedup on the event id, apply in one transaction.

use std::time::Instant;

use axum::body::{to_bytes, Body};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;
use testkit_core::contract::WebhookAck;
use testkit_core::signature::verify;

use super::error::ApiError;
use super::lists::fault_failure;
use crate::apply::{process, Outcome};
use crate::event::StripeEvent;
use crate::faults::Target;
use crate::{logging, now_secs, AppState};

/// Largest body accepted: 1 MB.
pub const BODY_LIMIT: usize = 1024 * 1024;

pub async fn receive(State(state): State<AppState>, headers: HeaderMap, body: Body) -> Response {
    let started = Instant::now();
    if let Some(response) = fault_failure(&state, Target::Webhook).await {
        return response;
    }
    match handle(&state, &headers, body).await {
        Ok((event, outcome)) => {
            let fields = json!({
                "event_id": event.id,
                "type": event.event_type,
                "outcome": format!("{outcome:?}").to_lowercase(),
                "ms": started.elapsed().as_secs_f64() * 1000.0,
            });
            logging::info("webhook.received", fields);
            Json(WebhookAck {
                received: true,
                duplicate: outcome == Outcome::Duplicate,
            })
            .into_response()
        }
        Err(err) => {
            logging::info(
                "webhook.rejected",
                json!({ "status": err.status, "reason": err.message }),
            );
            err.into_response()
        }
    }
}

async fn handle(
    state: &AppState,
    headers: &HeaderMap,
    body: Body,
) -> Result<(StripeEvent, Outcome), ApiError> {
    let bytes = to_bytes(body, BODY_LIMIT).await.map_err(|_| {
        ApiError::with_status(413, "The body is larger than 1 MB; nothing was written.")
    })?;
    let header = headers
        .get("stripe-signature")
        .ok_or_else(|| ApiError::invalid("No Stripe-Signature header."))?
        .to_str()
        .map_err(|_| ApiError::invalid("The Stripe-Signature header is not plain text."))?;
    let secrets: Vec<&str> = state
        .config
        .webhook_secrets
        .iter()
        .map(String::as_str)
        .collect();
    let now = now_secs();
    let verification = verify(header, &bytes, &secrets, state.config.tolerance, now);
    if let Err(failure) = verification.result {
        return Err(ApiError::invalid(failure.full_message()));
    }
    let event = StripeEvent::from_body(&bytes).map_err(ApiError::invalid)?;
    let prices = state.prices.clone();
    let applied = event.clone();
    let outcome = state
        .writer
        .run(move |conn| process(conn, &applied, &prices, now))
        .await
        .map_err(ApiError::database)?;
    Ok((event, outcome))
}
