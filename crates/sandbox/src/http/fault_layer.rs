//! Simulated faults as a middleware on each route: the failure part (delay, rate limit,
//! a proxy's HTML page, a status) answers before the handler runs; the shape part (a
//! malformed row, a bare array) reshapes the handler's list answer. `drop` answers a
//! random share of the requests 503 before the handler sees them.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::error::ApiError;
use crate::faults::{Fault, Target};
use crate::AppState;

/// A proxy's error page, for the html fault.
const PROXY_PAGE: &str = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>\
<body><h1>502 Bad Gateway</h1><p>The upstream server did not answer (simulated by billing-sandbox).</p></body></html>";

/// The largest list answer the shape faults rewrite (100 rows are far below it).
const LIST_LIMIT: usize = 4 * 1024 * 1024;

/// The middleware: `route.route_layer(from_fn_with_state((state, target), simulate))`.
pub async fn simulate(
    State((state, target)): State<(AppState, Target)>,
    request: Request,
    next: Next,
) -> Response {
    let Some(fault) = state.faults.for_target(target) else {
        return next.run(request).await;
    };
    if fault.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(fault.delay_ms)).await;
    }
    if fault.drop_ppm > 0 && random_ppm() < fault.drop_ppm {
        return ApiError::new(
            testkit_core::contract::ErrorCode::Unavailable,
            "Simulated drop: the request was lost (billing-sandbox fault).",
        )
        .into_response();
    }
    if let Some(failure) = failure(&fault) {
        return failure;
    }
    let response = next.run(request).await;
    if (fault.malformed_row || fault.bare_array) && response.status() == StatusCode::OK {
        reshape(response, &fault).await
    } else {
        response
    }
}

/// A number below one million, uniformly at random enough for a simulated loss rate
/// (xorshift64*, seeded from the clock; no cryptographic use).
fn random_ppm() -> u32 {
    static STATE: AtomicU64 = AtomicU64::new(0);
    let mut x = STATE.load(Ordering::Relaxed);
    if x == 0 {
        x = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0x9E37_79B9_7F4A_7C15, |d| d.as_nanos() as u64)
            | 1;
    }
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    STATE.store(x, Ordering::Relaxed);
    (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 32) as u32 % 1_000_000
}

fn failure(fault: &Fault) -> Option<Response> {
    if let Some(seconds) = fault.rate_limit {
        return Some(ApiError::rate_limited(seconds).into_response());
    }
    if fault.html {
        let status = fault
            .status
            .and_then(|s| StatusCode::from_u16(s).ok())
            .unwrap_or(StatusCode::BAD_GATEWAY);
        return Some(
            (
                status,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                PROXY_PAGE,
            )
                .into_response(),
        );
    }
    let status = StatusCode::from_u16(fault.status?).ok()?;
    Some(
        ApiError::with_status(
            status,
            format!(
                "Simulated failure {} (billing-sandbox fault)",
                status.as_u16()
            ),
        )
        .into_response(),
    )
}

/// A row that breaks the contract (wrong types, missing fields).
fn malformed_row() -> Value {
    json!({ "id": "malformed_row", "status": 42, "plan_tier": null, "note": "simulated by the sandbox" })
}

/// Adds a malformed row to a list answer, or answers it as a bare array.
async fn reshape(response: Response, fault: &Fault) -> Response {
    let (parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, LIST_LIMIT).await else {
        return ApiError::with_status(
            StatusCode::INTERNAL_SERVER_ERROR,
            "A list answer was too large to reshape.",
        )
        .into_response();
    };
    let Ok(mut list) = serde_json::from_slice::<Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let Some(rows) = list.get_mut("data").and_then(Value::as_array_mut) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    if fault.malformed_row {
        rows.insert(0, malformed_row());
    }
    if fault.bare_array {
        let rows = rows.clone();
        return Json(rows).into_response();
    }
    Json(list).into_response()
}
