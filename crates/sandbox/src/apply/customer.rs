//! Customers: upserted by `customer.created/updated` (the newest event wins), removed by
//! `customer.deleted`, and created as placeholders when a subscription or invoice about
//! them arrives first.

use crate::db::Conn;
use crate::params;
use serde_json::json;
use testkit_core::time::rfc3339;

use super::known::{placeholder_customer, Customer, Known};
use super::{time_at, Action};
use crate::db::{find_id, next_id};
use crate::event::StripeEvent;
use crate::fanout::outbox::{enqueue, enqueue_deleted};

/// The Queue ids of a customer's subscriptions, in creation order.
fn subscriptions_of(tx: &Conn, customer_id: &str) -> crate::db::Result<Vec<String>> {
    tx.query_map(
        "SELECT id FROM billing_subscription WHERE customer_id = ?1 ORDER BY seq",
        params![customer_id],
        |r| r.get(0),
    )?
    .collect()
}

/// The Queue id of a Stripe customer, creating a placeholder row when an event about its
/// subscription or invoice arrives before `customer.created` (Stripe does not order them).
/// `known` was read for an event that may create one ([`Known::read`]).
pub(super) fn ensure(
    tx: &Conn,
    e: &StripeEvent,
    known: &Known,
    now: i64,
) -> crate::db::Result<String> {
    let (seq, id) = match &known.customer {
        Some(Customer::Stored { id, .. }) => return Ok(id.clone()),
        Some(Customer::New(seq, id)) => (*seq, id.clone()),
        None => {
            return Err(crate::db::Error::Other(
                "no customer was read for this event".into(),
            ))
        }
    };
    let stripe_id = placeholder_customer(e);
    tx.write(
        "INSERT INTO billing_customer (seq, id, stripe_customer_id, billing_email, livemode, created_at, event_created)
         VALUES (?1, ?2, ?3, '', FALSE, ?4, 0)",
        params![seq, id, stripe_id, rfc3339(now)],
    )?;
    Ok(id)
}

pub(super) fn upsert(tx: &Conn, e: &StripeEvent, known: &Known) -> crate::db::Result<Action> {
    let stripe_id = e.object_id().unwrap_or_default();
    let email = e.str_at("/email").unwrap_or_default();
    let user_id = e.str_at("/metadata/user_id");
    if known
        .customer_event_created
        .is_some_and(|applied| e.created < applied)
    {
        return Ok(Action::new(
            "customer.stale_ignored",
            Some(stripe_id),
            json!({ "reason": "a newer event for this customer was already applied" }),
        ));
    }
    let created = time_at(e, "/created").unwrap_or_else(|| rfc3339(e.created));
    // A row Queue holds keeps its seq and id (the upsert updates neither).
    let (seq, id) = match &known.customer {
        Some(Customer::Stored { seq, id } | Customer::New(seq, id)) => (*seq, id.clone()),
        None => next_id(tx, "billing_customer", "qcus_")?,
    };
    tx.write(
        "INSERT INTO billing_customer (seq, id, stripe_customer_id, user_id, billing_email, name, livemode, created_at, event_created)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, FALSE, ?7, ?8)
         ON CONFLICT (stripe_customer_id) DO UPDATE SET
             billing_email = COALESCE(NULLIF(excluded.billing_email, ''), billing_customer.billing_email),
             name = COALESCE(excluded.name, billing_customer.name),
             user_id = COALESCE(excluded.user_id, billing_customer.user_id),
             created_at = excluded.created_at,
             event_created = excluded.event_created
         WHERE excluded.event_created >= billing_customer.event_created",
        params![seq, id, stripe_id, user_id, email, e.str_at("/name"), created, e.created],
    )?;
    let stored = matches!(known.customer, Some(Customer::Stored { .. }));
    if let (Some(user), true) = (user_id, stored) {
        // The mirror's rows carry the user: a new one is a change of each subscription
        // (a customer new to Queue has none yet).
        if known.customer_user.as_deref() != Some(user) {
            for subscription in subscriptions_of(tx, &id)? {
                enqueue(tx, &subscription, &e.id)?;
            }
        }
    }
    Ok(Action::new(
        "customer.upserted",
        Some(stripe_id),
        json!({ "customer_id": id, "billing_email": email }),
    ))
}

pub(super) fn delete(tx: &Conn, e: &StripeEvent) -> crate::db::Result<Action> {
    let stripe_id = e.object_id().unwrap_or_default();
    let id = find_id(tx, "billing_customer", "stripe_customer_id", stripe_id)?;
    if let Some(id) = &id {
        // Each subscription's last message, before the cascade removes it.
        for subscription in subscriptions_of(tx, id)? {
            enqueue_deleted(tx, &subscription, &e.id)?;
        }
        tx.write("DELETE FROM billing_customer WHERE id = ?1", params![id])?;
    }
    Ok(Action::new(
        "customer.deleted",
        Some(stripe_id),
        json!({ "customer_id": id, "cascade": ["billing_subscription", "billing_invoice"] }),
    ))
}
