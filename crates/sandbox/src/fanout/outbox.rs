//! Queue's side of the fan-out: the outbox row that records a committed change of a
//! Stripe subscription in the change's own transaction (so a change is never committed
//! without its message, nor a message without its change), and what the worker reads
//! and marks. Nothing here touches Raptor's tables: the worker reaches Raptor over HTTP.

use crate::db::{Conn, OptionalExtension, ToValue};
use crate::params;

use super::message::MirrorSync;

/// Milliseconds since the Unix epoch: the outbox's clock (lag is measured in ms).
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// Records the state of Queue subscription `id`, as the caller's transaction leaves it,
/// as the subscription's next mirror-sync message. `event_id` is the Stripe event being
/// applied (the log line names it).
pub fn enqueue(tx: &Conn, id: &str, event_id: &str) -> crate::db::Result<()> {
    record(tx, id, event_id, false)
}

/// Records that subscription `id` is being removed from Queue (its customer is deleted;
/// the caller deletes it next, in the same transaction): its last message, `deleted`.
pub fn enqueue_deleted(tx: &Conn, id: &str, event_id: &str) -> crate::db::Result<()> {
    record(tx, id, event_id, true)
}

/// Records `message`, which the caller's transaction has written to its subscription's
/// row as the message says, version included: the same as [`enqueue`] without reading the
/// row back (on Postgres, nothing here waits for an answer).
pub fn enqueue_written(tx: &Conn, message: &MirrorSync, event_id: &str) -> crate::db::Result<()> {
    let body = serde_json::to_string(message).expect("a message serialises");
    tx.write(
        "INSERT INTO mirror_outbox (sync_id, queue_subscription_id, version, event_id, body, created_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    params![
        message.sync_id,
        message.queue_subscription_id,
        message.version,
        event_id,
        body,
        now_ms()
    ])?;
    Ok(())
}

fn record(tx: &Conn, id: &str, event_id: &str, deleted: bool) -> crate::db::Result<()> {
    match next_version(tx, id, deleted)? {
        Some(message) => enqueue_written(tx, &message, event_id),
        None => Ok(()),
    }
}

/// Moves the subscription's change counter on, and reads the message for its row as it
/// now is, in one statement.
fn next_version(tx: &Conn, id: &str, deleted: bool) -> crate::db::Result<Option<MirrorSync>> {
    tx.query_row(
        "UPDATE billing_subscription SET mirror_version = mirror_version + 1 WHERE id = ?1
         RETURNING id, stripe_subscription_id, customer_id,
                   (SELECT user_id FROM billing_customer
                    WHERE billing_customer.id = billing_subscription.customer_id),
                   plan_tier, status,
                   cancel_at_period_end, current_period_end, updated_at, mirror_version",
        params![id],
        |r| {
            let id: String = r.get(0)?;
            let version: i64 = r.get(9)?;
            Ok(MirrorSync {
                sync_id: MirrorSync::sync_id_of(&id, version),
                version,
                queue_subscription_id: id,
                stripe_subscription_id: r.get(1)?,
                queue_customer_id: r.get(2)?,
                user_id: r.get(3)?,
                plan_tier: r.get(4)?,
                status: r.get(5)?,
                cancel_at_period_end: r.get(6)?,
                current_period_end: r.get(7)?,
                deleted,
                updated_at: Some(r.get(8)?),
            })
        },
    )
    .optional()
}

/// An undelivered message.
#[derive(Clone, Debug)]
pub struct Pending {
    pub seq: i64,
    pub sync_id: String,
    pub queue_subscription_id: String,
    pub version: i64,
    pub event_id: String,
    pub body: String,
    pub created_ms: i64,
    pub attempts: i64,
    pub next_attempt_ms: i64,
}

/// Up to `limit` undelivered messages, oldest first. Since they come in commit order,
/// a subscription's earlier messages are always in the batch before its later ones.
pub fn pending(conn: &Conn, limit: usize) -> crate::db::Result<Vec<Pending>> {
    let rows = conn.query_map(
        "SELECT seq, sync_id, queue_subscription_id, version, event_id, body, created_ms, attempts,
                next_attempt_ms
         FROM mirror_outbox WHERE delivered_ms IS NULL ORDER BY seq LIMIT ?1",
        params![limit as i64],
        |r| {
            Ok(Pending {
                seq: r.get(0)?,
                sync_id: r.get(1)?,
                queue_subscription_id: r.get(2)?,
                version: r.get(3)?,
                event_id: r.get(4)?,
                body: r.get(5)?,
                created_ms: r.get(6)?,
                attempts: r.get(7)?,
                next_attempt_ms: r.get(8)?,
            })
        },
    )?;
    rows.collect()
}

/// How one attempt to deliver a message ended.
#[derive(Clone, Debug)]
pub enum Attempt {
    /// Raptor answered 2xx at `at_ms`.
    Delivered { seq: i64, at_ms: i64 },
    /// No 2xx: try again at `retry_at_ms`.
    Failed {
        seq: i64,
        retry_at_ms: i64,
        error: String,
    },
}

/// Delivered messages marked by one statement: a round of a thousand is 16 statements,
/// not a thousand, and a short chunk repeats its last message, so there is one statement
/// text to prepare.
const MARK_CHUNK: usize = 64;

/// `UPDATE … delivered_ms = CASE seq WHEN ?1 THEN ?2 WHEN ?3 THEN ?4 … END WHERE seq IN
/// (?1, ?3, …)` for [`MARK_CHUNK`] (seq, delivered_ms) pairs.
fn mark_delivered_sql() -> &'static str {
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SQL.get_or_init(|| {
        let pairs = (0..MARK_CHUNK).map(|i| (2 * i + 1, 2 * i + 2));
        let cases: String = pairs
            .clone()
            .map(|(seq, at)| format!(" WHEN ?{seq} THEN CAST(?{at} AS BIGINT)"))
            .collect();
        let seqs: Vec<String> = pairs.map(|(seq, _)| format!("?{seq}")).collect();
        format!(
            "UPDATE mirror_outbox SET attempts = attempts + 1, last_error = NULL,
                 delivered_ms = CASE seq{cases} END
             WHERE seq IN ({})",
            seqs.join(", ")
        )
    })
}

/// Writes a round's attempts, in one transaction.
pub fn mark(conn: &mut Conn, attempts: &[Attempt]) -> crate::db::Result<()> {
    let tx = conn.transaction()?;
    let delivered: Vec<(i64, i64)> = attempts
        .iter()
        .filter_map(|a| match a {
            Attempt::Delivered { seq, at_ms } => Some((*seq, *at_ms)),
            Attempt::Failed { .. } => None,
        })
        .collect();
    // Written without waiting for each answer: on Postgres the round's updates go out
    // together with the COMMIT.
    for chunk in delivered.chunks(MARK_CHUNK) {
        let last = chunk[chunk.len() - 1];
        let values: Vec<i64> = (0..MARK_CHUNK)
            .flat_map(|i| {
                let (seq, at) = chunk.get(i).copied().unwrap_or(last);
                [seq, at]
            })
            .collect();
        let params: Vec<&dyn ToValue> = values.iter().map(|v| v as &dyn ToValue).collect();
        tx.write(mark_delivered_sql(), &params)?;
    }
    for attempt in attempts {
        if let Attempt::Failed {
            seq,
            retry_at_ms,
            error,
        } = attempt
        {
            tx.write(
                "UPDATE mirror_outbox SET attempts = attempts + 1, next_attempt_ms = ?2, last_error = ?3
                 WHERE seq = ?1",
                params![seq, retry_at_ms, error],
            )?;
        }
    }
    tx.commit()
}

/// Removes the messages delivered before `before_ms`; the undelivered ones stay whatever
/// their age. The number removed.
pub fn prune(conn: &Conn, before_ms: i64) -> crate::db::Result<usize> {
    conn.execute(
        "DELETE FROM mirror_outbox WHERE delivered_ms IS NOT NULL AND delivered_ms < ?1",
        params![before_ms],
    )
}

/// The undelivered messages: how many, and when the oldest was committed.
pub fn backlog(conn: &Conn) -> crate::db::Result<(i64, Option<i64>)> {
    conn.query_row(
        "SELECT COUNT(*), MIN(created_ms) FROM mirror_outbox WHERE delivered_ms IS NULL",
        params![],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}
