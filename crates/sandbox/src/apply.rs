//! Applying a verified event to Queue's tables (and Raptor's mirror, as Queue's fan-out
//! would), all in one transaction with the dedup record and one action-log row.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde_json::{json, Value};
use testkit_core::time::rfc3339;

use crate::db::next_id;
use crate::event::StripeEvent;

/// Stripe price id -> plan tier.
pub type PriceMap = HashMap<String, String>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Applied,
    /// Already processed: nothing applied again.
    Duplicate,
    /// A type the receiver does not handle: recorded as processed, nothing applied.
    Unhandled,
}

/// What an event did, for the action log.
struct Action {
    action: &'static str,
    subject: Option<String>,
    detail: Value,
}

pub fn process(
    conn: &mut Connection,
    event: &StripeEvent,
    prices: &PriceMap,
    now: i64,
) -> rusqlite::Result<Outcome> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let seen: Option<i64> = tx
        .query_row(
            "SELECT 1 FROM processed_stripe_events WHERE event_id = ?1",
            [&event.id],
            |r| r.get(0),
        )
        .optional()?;
    if seen.is_some() {
        return Ok(Outcome::Duplicate);
    }
    let action = apply(&tx, event, prices, now)?;
    tx.execute(
        "INSERT INTO processed_stripe_events (event_id, event_type, created_at) VALUES (?1, ?2, ?3)",
        params![event.id, event.event_type, rfc3339(now)],
    )?;
    let outcome = match action {
        Some(a) => {
            let (seq, _) = next_id(&tx, "billing_action_log", "")?;
            tx.execute(
                "INSERT INTO billing_action_log (seq, event_id, event_type, action, subject_id, detail, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![seq, event.id, event.event_type, a.action, a.subject, a.detail.to_string(), rfc3339(now)],
            )?;
            Outcome::Applied
        }
        None => Outcome::Unhandled,
    };
    tx.commit()?;
    Ok(outcome)
}

fn apply(
    tx: &Transaction,
    e: &StripeEvent,
    prices: &PriceMap,
    now: i64,
) -> rusqlite::Result<Option<Action>> {
    let t = e.event_type.as_str();
    Ok(Some(match t {
        "customer.created" | "customer.updated" => upsert_customer(tx, e)?,
        "customer.deleted" => delete_customer(tx, e)?,
        _ if t.starts_with("customer.subscription.") => upsert_subscription(tx, e, prices, now)?,
        _ if t.starts_with("invoice.") => upsert_invoice(tx, e, now)?,
        "checkout.session.completed" => checkout_completed(tx, e, now)?,
        _ if t.starts_with("charge.dispute.") => recorded("dispute.recorded", e),
        _ if t.starts_with("test_helpers.test_clock.") => recorded("test_clock.recorded", e),
        _ => return Ok(None),
    }))
}

fn recorded(action: &'static str, e: &StripeEvent) -> Action {
    Action {
        action,
        subject: e.str_at("/id").map(str::to_string),
        detail: json!({}),
    }
}

fn time_at(e: &StripeEvent, pointer: &str) -> Option<String> {
    e.i64_at(pointer).map(rfc3339)
}

/// The Queue id of a Stripe customer, creating a placeholder row when an event about its
/// subscription or invoice arrives before `customer.created` (Stripe does not order them).
fn ensure_customer(tx: &Transaction, stripe_id: &str, now: i64) -> rusqlite::Result<String> {
    let existing: Option<String> = tx
        .query_row(
            "SELECT id FROM billing_customer WHERE stripe_customer_id = ?1",
            [stripe_id],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = existing {
        return Ok(id);
    }
    let (seq, id) = next_id(tx, "billing_customer", "qcus_")?;
    tx.execute(
        "INSERT INTO billing_customer (seq, id, stripe_customer_id, billing_email, livemode, created_at)
         VALUES (?1, ?2, ?3, '', 0, ?4)",
        params![seq, id, stripe_id, rfc3339(now)],
    )?;
    Ok(id)
}

fn upsert_customer(tx: &Transaction, e: &StripeEvent) -> rusqlite::Result<Action> {
    let stripe_id = e.str_at("/id").unwrap_or_default().to_string();
    let email = e.str_at("/email").unwrap_or_default();
    let user_id = e.str_at("/metadata/user_id");
    let created = time_at(e, "/created").unwrap_or_else(|| rfc3339(e.created));
    let (seq, new_id) = next_id(tx, "billing_customer", "qcus_")?;
    tx.execute(
        "INSERT INTO billing_customer (seq, id, stripe_customer_id, user_id, billing_email, name, livemode, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7)
         ON CONFLICT (stripe_customer_id) DO UPDATE SET
             billing_email = COALESCE(NULLIF(excluded.billing_email, ''), billing_customer.billing_email),
             name = COALESCE(excluded.name, billing_customer.name),
             user_id = COALESCE(excluded.user_id, billing_customer.user_id)",
        params![seq, new_id, stripe_id, user_id, email, e.str_at("/name"), created],
    )?;
    let id: String = tx.query_row(
        "SELECT id FROM billing_customer WHERE stripe_customer_id = ?1",
        [&stripe_id],
        |r| r.get(0),
    )?;
    if let Some(user) = user_id {
        tx.execute(
            "UPDATE billing_subscription_mirror SET user_id = ?1 WHERE queue_customer_id = ?2",
            params![user, id],
        )?;
    }
    Ok(Action {
        action: "customer.upserted",
        subject: Some(stripe_id),
        detail: json!({ "customer_id": id, "billing_email": email }),
    })
}

fn delete_customer(tx: &Transaction, e: &StripeEvent) -> rusqlite::Result<Action> {
    let stripe_id = e.str_at("/id").unwrap_or_default().to_string();
    let id: Option<String> = tx
        .query_row(
            "SELECT id FROM billing_customer WHERE stripe_customer_id = ?1",
            [&stripe_id],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = &id {
        tx.execute(
            "DELETE FROM billing_subscription_mirror WHERE subscription_source = 'stripe' AND queue_customer_id = ?1",
            [id],
        )?;
        tx.execute("DELETE FROM billing_customer WHERE id = ?1", [id])?;
    }
    Ok(Action {
        action: "customer.deleted",
        subject: Some(stripe_id),
        detail: json!({ "customer_id": id, "cascade": ["billing_subscription", "billing_invoice"] }),
    })
}

/// The tier of a subscription: the configured price mapping, else the tier Raxx writes in
/// metadata, else "unknown" (kept as a value, so it is shown and counted, never dropped).
fn plan_tier(e: &StripeEvent, prices: &PriceMap) -> String {
    e.str_at("/items/data/0/price/id")
        .and_then(|price| prices.get(price).cloned())
        .or_else(|| e.str_at("/metadata/plan_tier").map(str::to_string))
        .unwrap_or_else(|| "unknown".into())
}

fn upsert_subscription(
    tx: &Transaction,
    e: &StripeEvent,
    prices: &PriceMap,
    now: i64,
) -> rusqlite::Result<Action> {
    let stripe_id = e.str_at("/id").unwrap_or_default().to_string();
    let customer = ensure_customer(tx, e.str_at("/customer").unwrap_or("cus_unknown"), now)?;
    let status = if e.event_type == "customer.subscription.deleted" {
        "canceled".to_string()
    } else {
        e.str_at("/status").unwrap_or("incomplete").to_string()
    };
    let tier = plan_tier(e, prices);
    let cancel_at_period_end = e.bool_at("/cancel_at_period_end").unwrap_or(false);
    // API versions from 2025-03-31 moved the period onto the subscription item.
    let period_end = time_at(e, "/current_period_end")
        .or_else(|| time_at(e, "/items/data/0/current_period_end"));
    let trial_end = time_at(e, "/trial_end");
    let created = time_at(e, "/created").unwrap_or_else(|| rfc3339(e.created));
    let updated = rfc3339(e.created);
    let (seq, new_id) = next_id(tx, "billing_subscription", "qsub_")?;
    let changed = tx.execute(
        "INSERT INTO billing_subscription (seq, id, stripe_subscription_id, customer_id, plan_tier, status,
             cancel_at_period_end, current_period_end, trial_end, created_at, updated_at, event_created)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
         ON CONFLICT (stripe_subscription_id) DO UPDATE SET
             customer_id = excluded.customer_id, plan_tier = excluded.plan_tier, status = excluded.status,
             cancel_at_period_end = excluded.cancel_at_period_end,
             current_period_end = excluded.current_period_end, trial_end = excluded.trial_end,
             updated_at = excluded.updated_at, event_created = excluded.event_created
         WHERE excluded.event_created >= billing_subscription.event_created",
        params![seq, new_id, stripe_id, customer, tier, status, cancel_at_period_end, period_end, trial_end, created, updated, e.created],
    )?;
    if changed == 0 {
        return Ok(Action {
            action: "subscription.stale_ignored",
            subject: Some(stripe_id),
            detail: json!({ "reason": "a newer event for this subscription was already applied" }),
        });
    }
    let id: String = tx.query_row(
        "SELECT id FROM billing_subscription WHERE stripe_subscription_id = ?1",
        [&stripe_id],
        |r| r.get(0),
    )?;
    mirror_stripe_subscription(tx, &id)?;
    Ok(Action {
        action: "subscription.upserted",
        subject: Some(stripe_id),
        detail: json!({ "subscription_id": id, "customer_id": customer, "status": status, "plan_tier": tier }),
    })
}

/// Queue's fan-out to Raptor: the Stripe subscription's mirror row, created or refreshed.
fn mirror_stripe_subscription(tx: &Transaction, subscription_id: &str) -> rusqlite::Result<()> {
    let existing: Option<String> = tx
        .query_row(
            "SELECT id FROM billing_subscription_mirror WHERE queue_subscription_id = ?1",
            [subscription_id],
            |r| r.get(0),
        )
        .optional()?;
    let (seq, new_id) = next_id(tx, "billing_subscription_mirror", "rmir_")?;
    let id = existing.unwrap_or(new_id);
    tx.execute(
        "INSERT INTO billing_subscription_mirror (seq, id, subscription_source, user_id, queue_customer_id,
             queue_subscription_id, plan_tier, status, auto_renew, current_period_end, updated_at)
         SELECT ?1, ?2, 'stripe', c.user_id, s.customer_id, s.id, s.plan_tier, s.status,
                s.status NOT IN ('canceled', 'incomplete_expired') AND NOT s.cancel_at_period_end,
                s.current_period_end, s.updated_at
         FROM billing_subscription s JOIN billing_customer c ON c.id = s.customer_id WHERE s.id = ?3
         ON CONFLICT (queue_subscription_id) DO UPDATE SET
             user_id = excluded.user_id, plan_tier = excluded.plan_tier, status = excluded.status,
             auto_renew = excluded.auto_renew, current_period_end = excluded.current_period_end,
             updated_at = excluded.updated_at",
        params![seq, id, subscription_id],
    )?;
    Ok(())
}

fn upsert_invoice(tx: &Transaction, e: &StripeEvent, now: i64) -> rusqlite::Result<Action> {
    let Some(stripe_id) = e.str_at("/id").map(str::to_string) else {
        // invoice.upcoming previews an invoice that does not exist yet.
        return Ok(Action {
            action: "invoice.preview_recorded",
            subject: e.str_at("/subscription").map(str::to_string),
            detail: json!({ "amount_due": e.i64_at("/amount_due") }),
        });
    };
    let customer = ensure_customer(tx, e.str_at("/customer").unwrap_or("cus_unknown"), now)?;
    let stripe_sub = e
        .str_at("/subscription")
        .or_else(|| e.str_at("/parent/subscription_details/subscription"));
    let subscription: Option<String> = match stripe_sub {
        Some(s) => tx
            .query_row(
                "SELECT id FROM billing_subscription WHERE stripe_subscription_id = ?1",
                [s],
                |r| r.get(0),
            )
            .optional()?,
        None => None,
    };
    let status = e.str_at("/status").unwrap_or("draft").to_string();
    let paid_at = time_at(e, "/status_transitions/paid_at");
    let created = time_at(e, "/created").unwrap_or_else(|| rfc3339(e.created));
    let (seq, new_id) = next_id(tx, "billing_invoice", "qinv_")?;
    tx.execute(
        "INSERT INTO billing_invoice (seq, id, stripe_invoice_id, customer_id, subscription_id, status,
             amount_due, currency, paid_at, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (stripe_invoice_id) DO UPDATE SET
             subscription_id = COALESCE(excluded.subscription_id, billing_invoice.subscription_id),
             status = excluded.status, amount_due = excluded.amount_due, currency = excluded.currency,
             paid_at = COALESCE(excluded.paid_at, billing_invoice.paid_at)",
        params![
            seq,
            new_id,
            stripe_id,
            customer,
            subscription,
            status,
            e.i64_at("/amount_due").unwrap_or(0),
            e.str_at("/currency").unwrap_or("usd"),
            paid_at,
            created
        ],
    )?;
    let mut detail = json!({ "status": status, "subscription_id": subscription });
    if e.event_type == "invoice.payment_failed" {
        if let Some(sub) = &subscription {
            // The runbook: a failed invoice payment puts the subscription past_due.
            let changed = tx.execute(
                "UPDATE billing_subscription SET status = 'past_due', updated_at = ?1
                 WHERE id = ?2 AND status NOT IN ('canceled', 'incomplete_expired', 'unpaid')",
                params![rfc3339(e.created), sub],
            )?;
            if changed > 0 {
                mirror_stripe_subscription(tx, sub)?;
                detail["subscription_status"] = json!("past_due");
            }
        }
    }
    Ok(Action {
        action: "invoice.upserted",
        subject: Some(stripe_id),
        detail,
    })
}

fn checkout_completed(tx: &Transaction, e: &StripeEvent, now: i64) -> rusqlite::Result<Action> {
    let stripe_customer = e.str_at("/customer").unwrap_or("cus_unknown");
    let customer = ensure_customer(tx, stripe_customer, now)?;
    let email = e
        .str_at("/customer_details/email")
        .or_else(|| e.str_at("/customer_email"));
    tx.execute(
        "UPDATE billing_customer SET
             billing_email = CASE WHEN billing_email = '' THEN COALESCE(?1, '') ELSE billing_email END,
             user_id = COALESCE(user_id, ?2)
         WHERE id = ?3",
        params![email, e.str_at("/client_reference_id"), customer],
    )?;
    Ok(Action {
        action: "checkout.completed",
        subject: e.str_at("/id").map(str::to_string),
        detail: json!({ "customer_id": customer, "subscription": e.str_at("/subscription") }),
    })
}
