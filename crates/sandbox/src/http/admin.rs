//! The sandbox's own endpoints (token-protected): simulated faults at runtime, and row
//! counts for tests and load benchmarks.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;

use super::auth::require_billing_reader;
use super::error::ApiError;
use crate::faults::FaultSpec;
use crate::{logging, AppState};

#[derive(Deserialize)]
pub struct FaultList {
    faults: Vec<String>,
}

fn listed(state: &AppState) -> Json<serde_json::Value> {
    let faults: Vec<String> = state
        .faults
        .list()
        .iter()
        .map(ToString::to_string)
        .collect();
    Json(json!({ "faults": faults }))
}

pub async fn get_faults(State(state): State<AppState>, headers: HeaderMap) -> Response {
    match require_billing_reader(&headers, &state.config) {
        Ok(()) => listed(&state).into_response(),
        Err(e) => e.into_response(),
    }
}

pub async fn put_faults(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    if let Err(e) = require_billing_reader(&headers, &state.config) {
        return e.into_response();
    }
    let list: FaultList = match serde_json::from_slice(&body) {
        Ok(l) => l,
        Err(e) => {
            return ApiError::invalid(format!(
                "Expected {{\"faults\": [\"target:option\", ...]}}: {e}"
            ))
            .into_response()
        }
    };
    let specs: Result<Vec<FaultSpec>, String> = list.faults.iter().map(|s| s.parse()).collect();
    match specs {
        Ok(specs) => {
            logging::info("faults.set", json!({ "faults": list.faults }));
            state.faults.replace(specs);
            listed(&state).into_response()
        }
        Err(e) => ApiError::invalid(e).into_response(),
    }
}

pub async fn clear_faults(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Err(e) = require_billing_reader(&headers, &state.config) {
        return e.into_response();
    }
    state.faults.replace(Vec::new());
    logging::info("faults.cleared", json!({}));
    listed(&state).into_response()
}

pub async fn stats(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Err(e) = require_billing_reader(&headers, &state.config) {
        return e.into_response();
    }
    match state.readers.run(crate::db::counts).await {
        Ok(counts) => {
            let tables: serde_json::Map<String, serde_json::Value> = counts
                .into_iter()
                .map(|(t, n)| (t.to_string(), json!(n)))
                .collect();
            Json(json!({ "tables": tables })).into_response()
        }
        Err(e) => ApiError::database(e).into_response(),
    }
}

/// Tells the app it is talking to the sandbox and, only while the token is the
/// documented default, which token that is (a custom token is never revealed).
pub async fn info(State(state): State<AppState>) -> Json<serde_json::Value> {
    let default = (state.config.token == crate::config::DEFAULT_TOKEN)
        .then_some(crate::config::DEFAULT_TOKEN);
    Json(json!({ "sandbox": true, "default_token": default }))
}
