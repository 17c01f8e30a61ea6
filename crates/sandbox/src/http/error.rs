//! The contract's error answers: `{"error": {"code", "message"}}` for every non-2xx.
//! Building an error has no side effect; a server-side cause (a database error) travels
//! in the response's extensions, where the request log picks it up.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use testkit_core::contract::{ErrorBody, ErrorCode};

/// An error answer.
#[derive(Clone, Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: ErrorCode,
    pub message: String,
    /// `Retry-After` seconds, for 429.
    pub retry_after: Option<u64>,
    /// What went wrong inside the server: logged, never sent.
    pub cause: Option<String>,
}

/// The server-side cause of a 5xx, left in the response's extensions for the log.
#[derive(Clone, Debug)]
pub struct ErrorCause(pub String);

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::from_u16(code.status()).unwrap_or(StatusCode::BAD_REQUEST),
            code,
            message: message.into(),
            retry_after: None,
            cause: None,
        }
    }

    pub fn invalid(message: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::InvalidRequest, message)
    }

    /// An error answer with a status the contract names no code for (a fault's 502, a 413).
    pub fn with_status(status: StatusCode, message: impl Into<String>) -> ApiError {
        let code = match status.as_u16() {
            400 | 413 => ErrorCode::InvalidRequest,
            401 => ErrorCode::Unauthorized,
            403 => ErrorCode::Forbidden,
            404 => ErrorCode::NotFound,
            429 => ErrorCode::RateLimited,
            503 => ErrorCode::Unavailable,
            _ => ErrorCode::Internal,
        };
        ApiError {
            status,
            ..ApiError::new(code, message)
        }
    }

    pub fn rate_limited(seconds: u64) -> ApiError {
        ApiError {
            retry_after: Some(seconds),
            ..ApiError::new(
                ErrorCode::RateLimited,
                format!("Too many requests: retry in {seconds} s."),
            )
        }
    }
}

impl From<crate::db::Error> for ApiError {
    fn from(err: crate::db::Error) -> ApiError {
        ApiError {
            cause: Some(err.to_string()),
            ..ApiError::new(
                ErrorCode::Internal,
                "The sandbox database failed; see the sandbox log.",
            )
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response =
            (self.status, Json(ErrorBody::new(self.code, self.message))).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if let Some(cause) = self.cause {
            response.extensions_mut().insert(ErrorCause(cause));
        }
        response
    }
}
