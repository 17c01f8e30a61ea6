//! Applying a verified App Store notification to Raptor's iOS mirror, by
//! `originalTransactionId`: status, tier from the product, expiry, auto-renew,
//! environment and the user (from `appAccountToken`); dedup on `notificationUUID` and one
//! append-only log row, all in one transaction. A notification signed before the one
//! already applied to a subscription changes nothing (Apple does not order deliveries).

use crate::db::{Conn, OptionalExtension};
use crate::params;
use serde_json::json;
use testkit_core::appstore::MirrorUpdate;
use testkit_core::time::rfc3339;

use crate::db::{find_id, next_id};

/// A verified notification, reduced to what the mirror needs.
#[derive(Clone, Debug)]
pub struct Notification {
    /// The dedup key.
    pub uuid: String,
    /// `DID_RENEW`, or `DID_RENEW.BILLING_RECOVERY` with a subtype.
    pub label: String,
    /// When Apple signed it, Unix ms.
    pub signed_date_ms: i64,
    /// The mirror's new fields.
    pub update: MirrorUpdate,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The mirror changed.
    Applied,
    /// Already processed: nothing applied again.
    Duplicate,
    /// Recorded, nothing to change (TEST, or older than what the mirror holds).
    Recorded,
}

/// The Raxx user an appAccountToken stands for, when Raptor knows it.
fn user_for_token(tx: &Conn, token: &str) -> crate::db::Result<Option<String>> {
    tx.query_row(
        "SELECT user_id FROM apple_account_tokens WHERE token = ?1",
        params![token],
        |r| r.get(0),
    )
    .optional()
}

/// Remembers the appAccountToken of a user (the app derives it from the user id), so a
/// notification about the user's purchase finds them.
pub fn remember_user(conn: &Conn, user_id: &str) -> crate::db::Result<()> {
    conn.write(
        "INSERT INTO apple_account_tokens (token, user_id) VALUES (?1, ?2) ON CONFLICT (token) DO NOTHING",
    params![
        testkit_core::appstore::app_account_token(user_id),
        user_id
    ])?;
    Ok(())
}

pub fn process(conn: &mut Conn, n: &Notification, now: i64) -> crate::db::Result<Outcome> {
    let tx = conn.transaction()?;
    // Notifications about one purchase take turns (Postgres runs several writers): the
    // signed-date check reads the mirror row, then writes it.
    tx.lock(
        n.update
            .original_transaction_id
            .as_deref()
            .unwrap_or(&n.uuid),
    )?;
    let seen = tx.exists(
        "SELECT 1 FROM processed_apple_notifications WHERE notification_uuid = ?1",
        params![&n.uuid],
    )?;
    if seen {
        return Ok(Outcome::Duplicate);
    }
    let (outcome, action, detail) = match (&n.update.original_transaction_id, n.update.status) {
        (Some(otid), Some(status)) => {
            let applied = upsert_mirror(&tx, otid, status, n)?;
            let action = if applied {
                "ios.mirror_upserted"
            } else {
                "ios.stale_ignored"
            };
            let detail = json!({
                "status": status, "tier": n.update.tier, "auto_renew": n.update.auto_renew,
                "why": n.update.explanation,
            });
            (
                if applied {
                    Outcome::Applied
                } else {
                    Outcome::Recorded
                },
                action,
                detail,
            )
        }
        _ => (
            Outcome::Recorded,
            "ios.recorded",
            json!({ "why": n.update.explanation }),
        ),
    };
    tx.write(
        "INSERT INTO processed_apple_notifications (notification_uuid, notification_type, signed_date, created_at)
         VALUES (?1, ?2, ?3, ?4)",
        params![n.uuid, n.label, n.signed_date_ms, rfc3339(now)],
    )?;
    tx.write(
        "INSERT INTO billing_action_log (event_id, event_type, action, subject_id, detail, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            n.uuid,
            format!("apple.{}", n.label),
            action,
            n.update.original_transaction_id,
            detail.to_string(),
            rfc3339(now)
        ],
    )?;
    tx.commit()?;
    Ok(outcome)
}

/// Writes the mirror row of `otid`, unless a later-signed notification is already in it.
fn upsert_mirror(tx: &Conn, otid: &str, status: &str, n: &Notification) -> crate::db::Result<bool> {
    let u = &n.update;
    let applied: Option<Option<i64>> = tx
        .query_row(
            "SELECT apple_signed_date FROM billing_subscription_mirror WHERE original_transaction_id = ?1",
            params![otid],
            |r| r.get(0),
        )
        .optional()?;
    if applied
        .flatten()
        .is_some_and(|signed| signed > n.signed_date_ms)
    {
        return Ok(false);
    }
    let user = match &u.app_account_token {
        Some(token) => user_for_token(tx, token)?,
        None => None,
    };
    let (seq, new_id) = next_id(tx, "billing_subscription_mirror", "rmir_")?;
    let id = find_id(
        tx,
        "billing_subscription_mirror",
        "original_transaction_id",
        otid,
    )?
    .unwrap_or(new_id);
    tx.write(
        "INSERT INTO billing_subscription_mirror (seq, id, subscription_source, user_id, original_transaction_id,
             product_id, plan_tier, status, auto_renew, current_period_end, environment, updated_at,
             apple_signed_date, app_account_token, created_at)
         VALUES (?1, ?2, 'ios', ?3, ?4, ?5, COALESCE(?6, 'unknown'), ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?11)
         ON CONFLICT (original_transaction_id) DO UPDATE SET
             user_id = COALESCE(excluded.user_id, billing_subscription_mirror.user_id),
             product_id = COALESCE(excluded.product_id, billing_subscription_mirror.product_id),
             plan_tier = CASE WHEN ?6 IS NULL THEN billing_subscription_mirror.plan_tier ELSE excluded.plan_tier END,
             status = excluded.status,
             auto_renew = COALESCE(excluded.auto_renew, billing_subscription_mirror.auto_renew),
             current_period_end = COALESCE(excluded.current_period_end, billing_subscription_mirror.current_period_end),
             environment = COALESCE(excluded.environment, billing_subscription_mirror.environment),
             updated_at = excluded.updated_at,
             apple_signed_date = excluded.apple_signed_date,
             app_account_token = COALESCE(excluded.app_account_token, billing_subscription_mirror.app_account_token)",
        params![
            seq,
            id,
            user,
            otid,
            u.product_id,
            u.tier,
            status,
            u.auto_renew,
            u.expires_at_ms.map(|ms| rfc3339(ms.div_euclid(1000))),
            u.environment,
            rfc3339(n.signed_date_ms.div_euclid(1000)),
            n.signed_date_ms,
            u.app_account_token
        ],
    )?;
    Ok(true)
}
