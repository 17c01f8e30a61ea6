//! Bearer-token checks for the internal APIs: 401 for a missing or wrong token, 403 for
//! a valid token that may not read billing. Tokens are compared in constant time and
//! never logged.

use axum::http::HeaderMap;
use testkit_core::contract::ErrorCode;
use testkit_core::signature::constant_time_eq;

use super::error::ApiError;
use crate::config::Config;

pub fn require_billing_reader(headers: &HeaderMap, config: &Config) -> Result<(), ApiError> {
    let given = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let Some(token) = given.filter(|t| !t.is_empty()) else {
        return Err(ApiError::new(
            ErrorCode::Unauthorized,
            "Missing bearer token: send Authorization: Bearer <QUEUE_INTERNAL_SERVICE_TOKEN>.",
        ));
    };
    if constant_time_eq(token.as_bytes(), config.token.as_bytes()) {
        return Ok(());
    }
    if constant_time_eq(token.as_bytes(), config.no_billing_token.as_bytes()) {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "This token is valid but may not read billing data.",
        ));
    }
    Err(ApiError::new(
        ErrorCode::Unauthorized,
        "The bearer token is not valid.",
    ))
}
