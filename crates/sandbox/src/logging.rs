//! Logs: one JSON object per line on stderr, through `tracing`. Requests are logged by
//! tower-http's `TraceLayer` with method, path (never the query or a header: nothing
//! secret), status and time; a 5xx's server-side cause is logged beside it. Secrets and
//! tokens are never given to a log call (tokens appear, at most, as a fingerprint).
//!
//! The webhook receiver also writes the lines the runbook (§6.6) greps Queue's logs for,
//! as each line's `message`, at `info` (happy path) or `warn`/`error` (failures), so the
//! default level shows them all and `warn` keeps the failures: see `http/webhook.rs` and
//! docs/sandbox.md, "Log lines".

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, Response};
use tracing::level_filters::LevelFilter;
use tracing::Span;

use crate::http::error::ErrorCause;

/// Installs the JSON logger at `info` (default), `warn`, or `off`.
pub fn init(level: &str) -> Result<(), String> {
    let filter = match level {
        "info" => LevelFilter::INFO,
        "warn" => LevelFilter::WARN,
        "off" => LevelFilter::OFF,
        other => {
            return Err(format!(
                "log level must be info, warn or off, not \"{other}\""
            ))
        }
    };
    tracing_subscriber::fmt()
        .json()
        .flatten_event(true)
        .with_current_span(true)
        .with_span_list(false)
        .with_target(false)
        .with_max_level(filter)
        .with_writer(std::io::stderr)
        .try_init()
        .map_err(|e| format!("cannot install the logger: {e}"))
}

/// The span of one request: its method and path.
pub fn request_span(request: &Request<Body>) -> Span {
    tracing::info_span!("request", method = %request.method(), path = %request.uri().path())
}

/// The line for a finished request; a 5xx also gets its cause, at `warn`.
pub fn log_response(response: &Response<Body>, latency: Duration, _span: &Span) {
    let status = response.status().as_u16();
    let ms = latency.as_secs_f64() * 1000.0;
    match response.extensions().get::<ErrorCause>() {
        Some(ErrorCause(cause)) => {
            tracing::warn!(event = "http.request", status, ms, cause = %cause)
        }
        None => tracing::info!(event = "http.request", status, ms),
    }
}

/// "sand…(13 chars)": enough to tell tokens apart in a log, not enough to use one.
pub fn fingerprint(secret: &str) -> String {
    let head: String = secret.chars().take(4).collect();
    format!("{head}…({} chars)", secret.chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_do_not_reveal_secrets() {
        let f = fingerprint("whsec_abcdefghijklmnop");
        assert_eq!(f, "whse…(22 chars)");
        assert!(!f.contains("abcdef"));
    }

    #[test]
    fn only_known_levels() {
        assert!(init("loud").unwrap_err().contains("info, warn or off"));
    }
}
