//! Applying a verified event to Queue's tables, all in one transaction with the dedup
//! record, one action-log row and the outbox rows of Queue's fan-out to Raptor's mirror
//! (one per subscription change, `crate::fanout::outbox`).
//!
//! Stripe does not deliver events in order and retries them, so every change is guarded:
//! the status Stripe sends in `customer.subscription.*` events is the truth, an older
//! event never overwrites a newer one, and nothing revives a deleted customer. The final
//! state does not depend on the order of delivery.

mod checkout;
mod customer;
mod invoice;
mod known;
mod misapply;
mod subscription;

use std::collections::HashMap;

use crate::db::Conn;
use crate::params;
use serde_json::{json, Value};
use testkit_core::time::rfc3339;

use crate::event::{EventKind, StripeEvent};
use known::Known;

/// Stripe price id -> plan tier.
pub type PriceMap = HashMap<String, String>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Applied,
    /// Already processed: nothing applied again.
    Duplicate,
    /// A type the receiver does not handle: recorded as processed, nothing applied.
    Unhandled,
    /// Dropped by a simulated fault: nothing written.
    Ignored,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Applied => "applied",
            Outcome::Duplicate => "duplicate",
            Outcome::Unhandled => "unhandled",
            Outcome::Ignored => "ignored",
        }
    }
}

/// What an event did, for the action log.
struct Action {
    action: &'static str,
    subject: Option<String>,
    detail: Value,
}

impl Action {
    fn new(action: &'static str, subject: Option<&str>, detail: Value) -> Action {
        Action {
            action,
            subject: subject.map(str::to_string),
            detail,
        }
    }
}

/// What applying needs besides the event.
struct Context<'a> {
    prices: &'a PriceMap,
    /// The server's time, for rows an event implies before it describes them.
    now: i64,
}

pub fn process(
    conn: &mut Conn,
    event: &StripeEvent,
    prices: &PriceMap,
    now: i64,
) -> crate::db::Result<Outcome> {
    record(conn, event, now, |tx, known| {
        apply(tx, event, known, &Context { prices, now })
    })
}

/// What the `cancel-on` fault does instead of applying `event`: it cancels the
/// subscription the event names (see [`misapply`]), with the dedup record and the log.
pub fn cancel_instead(
    conn: &mut Conn,
    event: &StripeEvent,
    now: i64,
) -> crate::db::Result<Outcome> {
    record(conn, event, now, |tx, _| {
        misapply::cancel(tx, event).map(Some)
    })
}

/// Runs `change` for an event not processed yet, with its dedup record and action-log
/// row, all in one transaction.
fn record(
    conn: &mut Conn,
    event: &StripeEvent,
    now: i64,
    change: impl FnOnce(&Conn, &Known) -> crate::db::Result<Option<Action>>,
) -> crate::db::Result<Outcome> {
    let tx = conn.transaction()?;
    // Deliveries about one customer take turns (Postgres runs several writers): every
    // guard below reads that customer's rows and then writes them.
    tx.lock(event.customer_named().unwrap_or(&event.id))?;
    // The dedup record first: a second delivery of the event, in a transaction beside
    // this one, waits on its key until this commits, then inserts nothing. On Postgres
    // it goes out with the read of what Queue knows, in one round trip.
    let recorded = tx.execute_later(
        "INSERT INTO processed_stripe_events (event_id, event_type, created_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (event_id) DO NOTHING",
        params![event.id, event.event_type, rfc3339(now)],
    )?;
    let known = Known::read(&tx, event)?;
    if recorded.get(&tx)? == 0 {
        return Ok(Outcome::Duplicate);
    }
    let action = change(&tx, &known)?;
    let outcome = match action {
        Some(a) => {
            // `seq` is the engine's: the next rowid on SQLite, the serial's next on Postgres.
            tx.write(
                "INSERT INTO billing_action_log (event_id, event_type, action, subject_id, detail, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![event.id, event.event_type, a.action, a.subject, a.detail.to_string(), rfc3339(now)],
            )?;
            Outcome::Applied
        }
        None => Outcome::Unhandled,
    };
    tx.commit()?;
    Ok(outcome)
}

fn apply(
    tx: &Conn,
    e: &StripeEvent,
    known: &Known,
    cx: &Context,
) -> crate::db::Result<Option<Action>> {
    if let Some(customer) = &known.deleted_customer {
        return Ok(Some(Action::new(
            "ignored.customer_deleted",
            e.object_id(),
            json!({ "reason": "the customer was deleted; Stripe never revives it", "customer": customer }),
        )));
    }
    Ok(Some(match e.kind {
        EventKind::CustomerUpserted => customer::upsert(tx, e, known)?,
        EventKind::CustomerDeleted => customer::delete(tx, e)?,
        EventKind::Subscription(order) => subscription::upsert(tx, e, order, known, cx)?,
        EventKind::Invoice { payment_failed } => invoice::upsert(tx, e, payment_failed, known, cx)?,
        EventKind::CheckoutCompleted => checkout::completed(tx, e, known, cx)?,
        EventKind::Recorded(action) => Action::new(action, e.object_id(), json!({})),
        EventKind::Unhandled => return Ok(None),
    }))
}

fn time_at(e: &StripeEvent, pointer: &str) -> Option<String> {
    e.i64_at(pointer).map(rfc3339)
}
