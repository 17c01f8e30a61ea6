//! The bearer-token check of the internal APIs, as an extractor: a handler that takes a
//! [`BillingReader`] runs only for a token that may read billing. 401 for a missing or
//! wrong token, 403 for a valid token that may not read billing. Tokens are compared in
//! constant time and never logged.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use testkit_core::contract::ErrorCode;
use testkit_core::signature::constant_time_eq;

use super::error::ApiError;
use crate::AppState;

/// The request's bearer token, when it sends a non-empty one.
fn bearer(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// Proof that the request carries the billing token.
pub struct BillingReader;

impl FromRequestParts<AppState> for BillingReader {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let given = bearer(parts);
        let Some(token) = given else {
            return Err(ApiError::new(
                ErrorCode::Unauthorized,
                "Missing bearer token: send Authorization: Bearer <QUEUE_INTERNAL_SERVICE_TOKEN>.",
            ));
        };
        let config = &state.config;
        if constant_time_eq(token.as_bytes(), config.token.as_bytes()) {
            Ok(BillingReader)
        } else if constant_time_eq(token.as_bytes(), config.no_billing_token.as_bytes()) {
            Err(ApiError::new(
                ErrorCode::Forbidden,
                "This token is valid but may not read billing data.",
            ))
        } else {
            Err(ApiError::new(
                ErrorCode::Unauthorized,
                "The bearer token is not valid.",
            ))
        }
    }
}

/// Proof that the request carries Raptor's own bearer token (`--raptor-token`): the
/// service token Queue's fan-out calls mirror-sync with, not Queue's internal token.
/// 401 for anything else, missing or wrong.
pub struct RaptorCaller;

impl FromRequestParts<AppState> for RaptorCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let given = bearer(parts);
        match given {
            Some(token)
                if constant_time_eq(token.as_bytes(), state.config.raptor_token.as_bytes()) =>
            {
                Ok(RaptorCaller)
            }
            Some(_) => Err(ApiError::new(
                ErrorCode::Unauthorized,
                "The bearer token is not Raptor's mirror-sync token.",
            )),
            None => Err(ApiError::new(
                ErrorCode::Unauthorized,
                "Missing bearer token: send Authorization: Bearer <Raptor's token>.",
            )),
        }
    }
}
