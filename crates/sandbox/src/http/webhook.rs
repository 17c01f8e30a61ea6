//! Queue's Stripe webhook receiver: verify with testkit-core (the same code the browser
//! signs with), read the event, dedup on its id and apply it in one transaction (or, under
//! a simulated fault, mishandle it while answering 200).

use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{FromRequest, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use testkit_core::contract::WebhookAck;
use testkit_core::signature::verify;

use super::error::ApiError;
use crate::apply::{cancel_instead, process, Outcome};
use crate::event::StripeEvent;
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
    match &result {
        Ok((event, outcome)) => tracing::info!(
            event = "webhook.received",
            event_id = %event.id,
            r#type = %event.event_type,
            outcome = outcome.as_str(),
            ms = started.elapsed().as_secs_f64() * 1000.0,
        ),
        Err(err) => tracing::info!(
            event = "webhook.rejected",
            status = err.status.as_u16(),
            reason = %err.message,
        ),
    }
    let (_, outcome) = result?;
    Ok(Json(WebhookAck {
        received: true,
        duplicate: outcome == Outcome::Duplicate,
    }))
}

async fn handle(
    state: &AppState,
    headers: &HeaderMap,
    body: Bytes,
) -> Result<(StripeEvent, Outcome), ApiError> {
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
    verify(header, &body, &secrets, state.config.tolerance, now)
        .result
        .map_err(|failure| ApiError::invalid(failure.full_message()))?;
    let event = StripeEvent::from_body(&body).map_err(ApiError::invalid)?;
    let treatment = state
        .faults
        .for_target(Target::Webhook)
        .map_or(Treatment::Apply, |f| f.treatment(&event.event_type));
    let prices = state.prices.clone();
    let applied = event.clone();
    let outcome = match treatment {
        Treatment::Ignore => Outcome::Ignored,
        Treatment::CancelInstead => {
            state
                .writer
                .run(move |conn| cancel_instead(conn, &applied, now))
                .await?
        }
        Treatment::Apply => {
            state
                .writer
                .run(move |conn| process(conn, &applied, &prices, now))
                .await?
        }
    };
    Ok((event, outcome))
}
