//! Raptor's mirror fan-out receiver, `POST /api/internal/billing/mirror-sync` (called by
//! Queue's outbox worker with Raptor's token): applies one Stripe subscription's state to
//! `billing_subscription_mirror`, idempotently. A `sync_id` seen before is answered
//! `{"applied": false, "reason": "duplicate"}`; a `version` at or below the highest one
//! applied for that subscription `{"applied": false, "reason": "older"}` (versions are
//! kept in `processed_mirror_syncs`, so even a deleted row is never revived by an older
//! message); else the row is written or, for `deleted`, removed, and
//! `{"applied": true}`. A body that breaks the contract's table is a 400 that writes
//! nothing.

use crate::db::Conn;
use crate::params;
use axum::body::Bytes;
use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};
use testkit_core::stripe::SubscriptionStatus;
use testkit_core::time::rfc3339;

use super::auth::RaptorCaller;
use super::error::ApiError;
use crate::db::{contract_id, next_id, next_seq};
use crate::fanout::message::MirrorSync;
use crate::{now_secs, AppState};

/// What the receiver did with a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applied {
    Applied,
    Duplicate,
    Older,
}

impl Applied {
    fn answer(self) -> Value {
        match self {
            Applied::Applied => json!({ "applied": true }),
            Applied::Duplicate => json!({ "applied": false, "reason": "duplicate" }),
            Applied::Older => json!({ "applied": false, "reason": "older" }),
        }
    }
}

pub async fn receive(
    _: RaptorCaller,
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let message = MirrorSync::parse(&body).map_err(|reason| {
        tracing::info!(event = "mirror_sync.rejected", reason = %reason);
        ApiError::invalid(reason)
    })?;
    let now = now_secs();
    let applied = state
        .raptor
        .writer
        .run(move |conn| apply(conn, &message, now))
        .await?;
    Ok(Json(applied.answer()))
}

/// Applies one message in one transaction (the dedup record with the mirror's change).
pub fn apply(conn: &mut Conn, m: &MirrorSync, now: i64) -> crate::db::Result<Applied> {
    let tx = conn.transaction()?;
    // Messages about one subscription take turns (Postgres runs several writers): the
    // version check below reads, then writes.
    tx.lock(&m.queue_subscription_id)?;
    // One round trip on Postgres: whether it was seen, the newest version applied, and
    // the mirror row's seq and id, or the seq a new row takes (drawn only when there is
    // no row and one is written).
    let sql = format!(
        "SELECT EXISTS (SELECT 1 FROM processed_mirror_syncs WHERE sync_id = ?1) AS seen,
                (SELECT MAX(version) FROM processed_mirror_syncs WHERE queue_subscription_id = ?2) AS newest,
                r.seq, r.id, CASE WHEN r.id IS NULL AND ?3 THEN {} END AS new_seq
         FROM (SELECT 1 AS one) AS message
         LEFT JOIN billing_subscription_mirror r ON r.queue_subscription_id = ?2",
        next_seq(tx.engine(), "billing_subscription_mirror")
    );
    let (seen, newest, row) = tx.query_row(
        &sql,
        params![&m.sync_id, &m.queue_subscription_id, !m.deleted],
        |r| {
            let seen: bool = r.get("seen")?;
            let newest: Option<i64> = r.get("newest")?;
            let row = match (
                r.get::<_, Option<i64>>("seq")?,
                r.get("id")?,
                r.get("new_seq")?,
            ) {
                (Some(seq), Some(id), _) => Some((seq, id)),
                (_, _, Some(seq)) => Some((seq, contract_id("rmir_", seq))),
                _ => None,
            };
            Ok((seen, newest, row))
        },
    )?;
    if seen {
        return Ok(Applied::Duplicate);
    }
    if newest.is_some_and(|v| v >= m.version) {
        return Ok(Applied::Older);
    }
    if m.deleted {
        tx.write(
            "DELETE FROM billing_subscription_mirror
             WHERE subscription_source = 'stripe' AND queue_subscription_id = ?1",
            params![&m.queue_subscription_id],
        )?;
    } else {
        let (seq, id) = match row {
            Some(row) => row,
            None => next_id(&tx, "billing_subscription_mirror", "rmir_")?,
        };
        upsert(&tx, m, seq, &id, now)?;
    }
    tx.write(
        "INSERT INTO processed_mirror_syncs (sync_id, queue_subscription_id, version, applied_at)
         VALUES (?1, ?2, ?3, ?4)",
        params![m.sync_id, m.queue_subscription_id, m.version, rfc3339(now)],
    )?;
    tx.commit()?;
    Ok(Applied::Applied)
}

/// The Stripe row of the mirror, created or refreshed. The mirror has no
/// `cancel_at_period_end`: it keeps whether the subscription renews in `auto_renew`, as
/// for App Store rows (the access endpoint reads it back).
fn upsert(tx: &Conn, m: &MirrorSync, seq: i64, id: &str, now: i64) -> crate::db::Result<()> {
    // A status this code does not know is not an ended one: it keeps renewing.
    let renews = m
        .status
        .parse::<SubscriptionStatus>()
        .map_or(true, |s| s.renews(m.cancel_at_period_end));
    let updated_at = m.updated_at.clone().unwrap_or_else(|| rfc3339(now));
    tx.write(
        "INSERT INTO billing_subscription_mirror (seq, id, subscription_source, user_id, queue_customer_id,
             queue_subscription_id, plan_tier, status, auto_renew, current_period_end, updated_at, created_at)
         VALUES (?1, ?2, 'stripe', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)
         ON CONFLICT (queue_subscription_id) DO UPDATE SET
             user_id = excluded.user_id, queue_customer_id = excluded.queue_customer_id,
             plan_tier = excluded.plan_tier, status = excluded.status,
             auto_renew = excluded.auto_renew, current_period_end = excluded.current_period_end,
             updated_at = excluded.updated_at",
    params![
        seq,
        id,
        m.user_id,
        m.queue_customer_id,
        m.queue_subscription_id,
        m.plan_tier,
        m.status,
        renews,
        m.current_period_end,
        updated_at
    ])?;
    Ok(())
}
