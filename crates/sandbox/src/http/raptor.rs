//! Raptor's billing mirror: iOS subscriptions (and Queue's Stripe fan-out).

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use rusqlite::Row;
use testkit_core::contract::MirrorSubscription;

use super::error::ApiError;
use super::lists::{answer_list, page};
use crate::faults::Target;
use crate::AppState;

fn mirror_row(row: &Row) -> rusqlite::Result<MirrorSubscription> {
    Ok(MirrorSubscription {
        id: row.get(0)?,
        subscription_source: row.get(1)?,
        user_id: row.get(2)?,
        original_transaction_id: row.get(3)?,
        queue_customer_id: row.get(4)?,
        product_id: row.get(5)?,
        plan_tier: row.get(6)?,
        status: row.get(7)?,
        auto_renew: row.get(8)?,
        current_period_end: row.get(9)?,
        environment: row.get(10)?,
        updated_at: row.get(11)?,
    })
}

pub async fn subscriptions(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let source = match query.get("source").map(String::as_str) {
        None | Some("") => None,
        Some(s @ ("ios" | "stripe")) => Some(("subscription_source", s.to_string())),
        Some(other) => {
            return ApiError::invalid(format!(
                "source must be ios or stripe (or absent for both), not \"{other}\"."
            ))
            .into_response()
        }
    };
    let filters: Vec<_> = source.into_iter().collect();
    answer_list(state, Target::RaptorSubscriptions, &headers, &query, move |conn, paging| {
        page(
            conn,
            "billing_subscription_mirror",
            "id, subscription_source, user_id, original_transaction_id, queue_customer_id, product_id, \
             plan_tier, status, auto_renew, current_period_end, environment, updated_at",
            &filters,
            &paging,
            mirror_row,
        )
        .map_err(ApiError::database)
    })
    .await
}
