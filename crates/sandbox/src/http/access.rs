//! Raptor's paywall question, `GET /access?user_id=`: the person's mirror rows (Stripe and
//! iOS) through testkit-core's access rules. 200 with the grants, or 402
//! `payment_required` when nothing grants access (a person never seen included).

use crate::db::Conn;
use crate::params;
use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use testkit_core::access::{decide, AccessBody, Source, SubscriptionRow};
use testkit_core::contract::ErrorCode;
use testkit_core::time::parse_rfc3339;

use super::auth::BillingReader;
use super::error::ApiError;
use super::query::{ContractQuery, Filter};
use crate::AppState;

/// `GET /access` parameters.
#[derive(Deserialize)]
pub struct AccessParams {
    #[serde(default)]
    user_id: Filter,
}

pub async fn access(
    _: BillingReader,
    State(state): State<AppState>,
    ContractQuery(q): ContractQuery<AccessParams>,
) -> Result<Json<AccessBody>, ApiError> {
    let Some(user_id) = q.user_id.0 else {
        return Err(ApiError::invalid(
            "user_id is required: GET /access?user_id=<the Raxx account>.",
        ));
    };
    let rows = {
        let user_id = user_id.clone();
        state
            .raptor
            .readers
            .run(move |conn| rows_of(conn, &user_id))
            .await?
    };
    AccessBody::new(&user_id, &decide(&rows))
        .map(Json)
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::PaymentRequired,
                format!("No subscription grants {user_id} access."),
            )
        })
}

/// The person's mirror rows, both stores, in id order. Stripe rows carry no
/// `cancel_at_period_end` in the mirror: it is read back from `auto_renew` (false while
/// cancelling), which the access rule does not need anyway.
fn rows_of(conn: &Conn, user_id: &str) -> crate::db::Result<Vec<SubscriptionRow>> {
    let rows = conn
        .query_map(
            "SELECT id, subscription_source, status, plan_tier, current_period_end, auto_renew
             FROM billing_subscription_mirror WHERE user_id = ?1 ORDER BY id",
            params![user_id],
            |row| {
                let source: String = row.get("subscription_source")?;
                let Ok(source) = source.parse::<Source>() else {
                    return Ok(None);
                };
                let end: Option<String> = row.get("current_period_end")?;
                let auto_renew: Option<bool> = row.get("auto_renew")?;
                Ok(Some(SubscriptionRow {
                    source,
                    id: row.get("id")?,
                    status: row.get("status")?,
                    plan_tier: row.get("plan_tier")?,
                    period_end: end.as_deref().and_then(parse_rfc3339),
                    cancel_at_period_end: match source {
                        Source::Stripe => auto_renew.map(|renews| !renews),
                        Source::Ios => None,
                    },
                }))
            },
        )?
        .collect::<crate::db::Result<Vec<_>>>()?;
    // The table's CHECK allows only `ios` and `stripe`; anything else could not grant.
    Ok(rows.into_iter().flatten().collect())
}
