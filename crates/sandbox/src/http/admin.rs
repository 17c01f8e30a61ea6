//! The sandbox's own endpoints (token-protected): simulated faults at runtime, and row
//! counts for tests and load benchmarks, the fan-out's outbox; and, without a token, what
//! the app may know.

use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use super::auth::BillingReader;
use super::error::ApiError;
use crate::faults::FaultSpec;
use crate::AppState;

#[derive(Deserialize)]
pub struct FaultList {
    faults: Vec<String>,
}

fn listed(state: &AppState) -> Json<Value> {
    let faults: Vec<String> = state
        .faults
        .list()
        .iter()
        .map(ToString::to_string)
        .collect();
    Json(json!({ "faults": faults }))
}

pub async fn get_faults(_: BillingReader, State(state): State<AppState>) -> Json<Value> {
    listed(&state)
}

pub async fn put_faults(
    _: BillingReader,
    State(state): State<AppState>,
    body: axum::body::Bytes,
) -> Result<Json<Value>, ApiError> {
    let list: FaultList = serde_json::from_slice(&body).map_err(|e| {
        ApiError::invalid(format!(
            "Expected {{\"faults\": [\"target:option\", ...]}}: {e}"
        ))
    })?;
    let specs = list
        .faults
        .iter()
        .map(|s| s.parse())
        .collect::<Result<Vec<FaultSpec>, String>>()
        .map_err(ApiError::invalid)?;
    tracing::info!(event = "faults.set", faults = ?list.faults);
    state.faults.replace(specs);
    Ok(listed(&state))
}

pub async fn clear_faults(_: BillingReader, State(state): State<AppState>) -> Json<Value> {
    state.faults.replace(Vec::new());
    tracing::info!(event = "faults.cleared");
    listed(&state)
}

pub async fn stats(
    _: BillingReader,
    State(state): State<AppState>,
) -> Result<Json<Value>, ApiError> {
    use crate::db::Project;
    let queue = state
        .queue
        .readers
        .run(|conn| crate::db::counts(conn, Project::Queue))
        .await?;
    let raptor = state
        .raptor
        .readers
        .run(|conn| crate::db::counts(conn, Project::Raptor))
        .await?;
    let shared = state.queue.target == state.raptor.target;
    let as_map = |counts: &[(&str, i64)]| -> serde_json::Map<String, Value> {
        counts
            .iter()
            .map(|(t, n)| (t.to_string(), json!(n)))
            .collect()
    };
    // Both services keep a billing_action_log: in one SQLite file it is one table (counted
    // once); in two databases, `tables` gives the sum and `databases` each one.
    let mut tables = as_map(&queue);
    for (table, n) in &raptor {
        let before = tables.get(*table).and_then(Value::as_i64);
        let total = match before {
            Some(q) if !shared => q + n,
            _ => *n,
        };
        tables.insert(table.to_string(), json!(total));
    }
    let databases = json!({ "queue": as_map(&queue), "raptor": as_map(&raptor) });
    Ok(Json(json!({ "tables": tables, "databases": databases })))
}

/// Queue's fan-out outbox: `pending` undelivered messages (0 once the mirror has every
/// committed change: what tests and tools wait for), the oldest one's age, and the
/// worker's counters and commit-to-delivery lag since the sandbox started.
pub async fn outbox(
    _: BillingReader,
    State(state): State<AppState>,
) -> Result<Json<Value>, ApiError> {
    let (pending, oldest) = state
        .queue
        .readers
        .run(crate::fanout::outbox::backlog)
        .await?;
    let now = crate::fanout::outbox::now_ms();
    Ok(Json(state.fanout.view(pending, oldest, now)))
}

/// Tells the app it is talking to the sandbox and, only while they are the documented
/// defaults, which token and webhook secret those are (custom ones are never revealed).
pub async fn info(State(state): State<AppState>) -> Json<Value> {
    let config = &state.config;
    let token = (config.token == crate::config::DEFAULT_TOKEN).then_some(config.token.as_str());
    let secret = config
        .webhook_secrets
        .iter()
        .any(|s| s == crate::config::DEFAULT_WEBHOOK_SECRET)
        .then_some(crate::config::DEFAULT_WEBHOOK_SECRET);
    let engine = match state.queue.target {
        crate::db::Location::Sqlite(_) => "sqlite",
        crate::db::Location::Postgres(_) => "postgres",
    };
    Json(json!({
        "sandbox": true, "default_token": token, "default_webhook_secret": secret,
        "engine": engine, "database_environment": config.database_environment,
    }))
}
