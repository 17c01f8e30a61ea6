//! List endpoints' common parts: paging parameters, filtered queries ordered by id, and
//! the answer (with any simulated fault applied).

use std::collections::HashMap;
use std::time::Duration;

use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use rusqlite::types::ToSql;
use rusqlite::{Connection, Row};
use serde::Serialize;
use serde_json::{json, Value};
use testkit_core::contract::{ErrorCode, ListEnvelope, DEFAULT_LIMIT, MAX_LIMIT};

use super::auth::require_billing_reader;
use super::error::ApiError;
use crate::faults::Target;
use crate::AppState;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paging {
    pub limit: u32,
    pub starting_after: Option<String>,
}

impl Paging {
    pub fn from_query(query: &HashMap<String, String>) -> Result<Paging, ApiError> {
        let limit = match query.get("limit") {
            None => DEFAULT_LIMIT,
            Some(text) => text
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=MAX_LIMIT).contains(n))
                .ok_or_else(|| {
                    ApiError::invalid(format!(
                        "limit must be a whole number from 1 to {MAX_LIMIT}, not \"{text}\"."
                    ))
                })?,
        };
        let starting_after = query
            .get("starting_after")
            .filter(|s| !s.is_empty())
            .cloned();
        Ok(Paging {
            limit,
            starting_after,
        })
    }
}

/// `SELECT {columns} FROM {table}` filtered by equality on `filters`, one page after
/// `paging.starting_after`, in id order; and whether more rows follow.
pub fn page<T>(
    conn: &Connection,
    table: &str,
    columns: &str,
    filters: &[(&str, String)],
    paging: &Paging,
    map: fn(&Row) -> rusqlite::Result<T>,
) -> rusqlite::Result<(Vec<T>, bool)> {
    let mut clauses = Vec::new();
    let mut params: Vec<&dyn ToSql> = Vec::new();
    if let Some(after) = &paging.starting_after {
        clauses.push("id > ?".to_string());
        params.push(after);
    }
    for (column, value) in filters {
        clauses.push(format!("{column} = ?"));
        params.push(value);
    }
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", clauses.join(" AND "))
    };
    let sql = format!(
        "SELECT {columns} FROM {table}{filter} ORDER BY id LIMIT {}",
        paging.limit + 1
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let mut rows = statement
        .query_map(params.as_slice(), map)?
        .collect::<rusqlite::Result<Vec<T>>>()?;
    let has_more = rows.len() > paging.limit as usize;
    rows.truncate(paging.limit as usize);
    Ok((rows, has_more))
}

/// A row that breaks the contract (wrong types, missing fields), for the malformed-row fault.
fn malformed_row() -> Value {
    json!({ "id": "malformed_row", "status": 42, "plan_tier": null, "note": "simulated by the sandbox" })
}

/// A proxy's error page, for the html fault.
const PROXY_PAGE: &str = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>\
<body><h1>502 Bad Gateway</h1><p>The upstream server did not answer (simulated by billing-sandbox).</p></body></html>";

/// Applies the failure part of a fault (delay, rate limit, HTML, status), if any.
pub async fn fault_failure(state: &AppState, target: Target) -> Option<Response> {
    let fault = state.faults.for_target(target)?;
    if fault.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(fault.delay_ms)).await;
    }
    if let Some(seconds) = fault.rate_limit {
        let mut err = ApiError::new(
            ErrorCode::RateLimited,
            format!("Too many requests: retry in {seconds} s."),
        );
        err.retry_after = Some(seconds);
        return Some(err.into_response());
    }
    if fault.html {
        let status =
            StatusCode::from_u16(fault.status.unwrap_or(502)).unwrap_or(StatusCode::BAD_GATEWAY);
        return Some(
            (
                status,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                PROXY_PAGE,
            )
                .into_response(),
        );
    }
    fault.status.map(|status| {
        ApiError::with_status(
            status,
            format!("Simulated failure {status} (billing-sandbox fault)"),
        )
        .into_response()
    })
}

/// The full handling of a list request: fault, auth, paging, query, answer.
pub async fn answer_list<T, Q>(
    state: AppState,
    target: Target,
    headers: &HeaderMap,
    query: &HashMap<String, String>,
    run: Q,
) -> Response
where
    T: Serialize + Send + 'static,
    Q: FnOnce(&Connection, Paging) -> Result<(Vec<T>, bool), ApiError> + Send + 'static,
{
    if let Some(response) = fault_failure(&state, target).await {
        return response;
    }
    if let Err(err) = require_billing_reader(headers, &state.config) {
        return err.into_response();
    }
    let paging = match Paging::from_query(query) {
        Ok(p) => p,
        Err(err) => return err.into_response(),
    };
    let result = state
        .readers
        .run(move |conn| Ok(run(conn, paging)))
        .await
        .map_err(ApiError::database)
        .and_then(|r| r);
    let (rows, has_more) = match result {
        Ok(page) => page,
        Err(err) => return err.into_response(),
    };
    let fault = state.faults.for_target(target).unwrap_or_default();
    let mut data: Vec<Value> = rows
        .into_iter()
        .map(|row| serde_json::to_value(row).expect("rows serialise"))
        .collect();
    if fault.malformed_row {
        data.insert(0, malformed_row());
    }
    if fault.bare_array {
        return Json(data).into_response();
    }
    Json(ListEnvelope::new(data, has_more)).into_response()
}

/// An optional filter from the query string.
pub fn filter(
    query: &HashMap<String, String>,
    name: &str,
    column: &'static str,
) -> Option<(&'static str, String)> {
    query
        .get(name)
        .filter(|v| !v.is_empty())
        .map(|v| (column, v.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn paging_defaults_and_bounds() {
        assert_eq!(Paging::from_query(&q(&[])).unwrap().limit, 20);
        assert_eq!(
            Paging::from_query(&q(&[("limit", "100"), ("starting_after", "x")]))
                .unwrap()
                .starting_after
                .as_deref(),
            Some("x")
        );
        for bad in ["0", "101", "ten", "-1"] {
            let err = Paging::from_query(&q(&[("limit", bad)])).unwrap_err();
            assert_eq!(err.status, 400, "{bad}");
            assert!(err.message.contains("1 to 100"));
        }
    }
}
