//! Subscriptions: the status Stripe sends in `customer.subscription.*` events is the
//! truth. An event older than the one already applied (by `created`, then created <
//! changed < deleted within one second) changes nothing. Every change is recorded in
//! Queue's outbox, in the same transaction, for the fan-out to Raptor's mirror.

use crate::db::Conn;
use crate::params;
use serde_json::json;
use testkit_core::stripe::SubscriptionStatus;
use testkit_core::time::rfc3339;

use super::known::Known;
use super::{customer, time_at, Action, Context, PriceMap};
use crate::db::{contract_id, next_id};
use crate::event::{StripeEvent, SubscriptionEvent};
use crate::fanout::message::MirrorSync;
use crate::fanout::outbox::{enqueue, enqueue_written};

/// The tier of a subscription: the configured price mapping, else the tier Raxx writes in
/// metadata, else "unknown" (kept as a value, so it is shown and counted, never dropped).
fn plan_tier(e: &StripeEvent, prices: &PriceMap) -> String {
    e.str_at("/items/data/0/price/id")
        .and_then(|price| prices.get(price).cloned())
        .or_else(|| e.str_at("/metadata/plan_tier").map(str::to_string))
        .unwrap_or_else(|| "unknown".into())
}

pub(super) fn upsert(
    tx: &Conn,
    e: &StripeEvent,
    order: SubscriptionEvent,
    known: &Known,
    cx: &Context,
) -> crate::db::Result<Action> {
    let stripe_id = e.object_id().unwrap_or_default();
    let rank = order as i64;
    if let Some(stored) = &known.subscription {
        if (e.created, rank) < stored.applied {
            return Ok(Action::new(
                "subscription.stale_ignored",
                Some(stripe_id),
                json!({ "reason": "a newer event for this subscription was already applied" }),
            ));
        }
    }
    let customer = customer::ensure(tx, e, known, cx.now)?;
    let status = match order {
        SubscriptionEvent::Deleted => SubscriptionStatus::Canceled.as_str(),
        _ => e
            .str_at("/status")
            .unwrap_or(SubscriptionStatus::Incomplete.as_str()),
    };
    let tier = plan_tier(e, cx.prices);
    let cancel_at_period_end = e.bool_at("/cancel_at_period_end").unwrap_or(false);
    // API versions from 2025-03-31 moved the period onto the subscription item.
    let period_end = time_at(e, "/current_period_end")
        .or_else(|| time_at(e, "/items/data/0/current_period_end"));
    let created = time_at(e, "/created").unwrap_or_else(|| rfc3339(e.created));
    let (seq, id) = match (&known.subscription, known.new_subscription_seq) {
        (Some(stored), _) => (stored.seq, stored.id.clone()),
        (None, Some(seq)) => (seq, contract_id("qsub_", seq)),
        (None, None) => next_id(tx, "billing_subscription", "qsub_")?,
    };
    // A payment failure among its unpaid invoices (which may have arrived before it),
    // newer than this event, still holds.
    let stored = Stored {
        status: status.parse(),
        event_created: e.created,
    };
    let failure = known
        .unpaid_failure
        .filter(|&failed_at| stored.falls_past_due(failed_at));
    // Without one, the row ends as written here, with its next version, and the message
    // is built from what was written rather than read back.
    let stored_version = known.subscription.as_ref().map_or(0, |s| s.mirror_version);
    let version = stored_version + i64::from(failure.is_none());
    tx.write(
        "INSERT INTO billing_subscription (seq, id, stripe_subscription_id, customer_id, plan_tier, status,
             cancel_at_period_end, current_period_end, trial_end, created_at, updated_at, event_created,
             event_rank, mirror_version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
         ON CONFLICT (stripe_subscription_id) DO UPDATE SET
             customer_id = excluded.customer_id, plan_tier = excluded.plan_tier, status = excluded.status,
             cancel_at_period_end = excluded.cancel_at_period_end,
             current_period_end = excluded.current_period_end, trial_end = excluded.trial_end,
             updated_at = excluded.updated_at, event_created = excluded.event_created,
             event_rank = excluded.event_rank, mirror_version = excluded.mirror_version",
        params![
            seq, id, stripe_id, customer, tier, status, cancel_at_period_end, period_end,
            time_at(e, "/trial_end"), created, rfc3339(e.created), e.created, rank, version
        ],
    )?;
    if known.unlinked_invoices {
        link_invoices(tx, &id, stripe_id)?;
    }
    match failure {
        Some(failed_at) => {
            past_due(tx, &id, failed_at, &e.id)?;
            enqueue(tx, &id, &e.id)?;
        }
        None => {
            let message = MirrorSync {
                sync_id: MirrorSync::sync_id_of(&id, version),
                version,
                queue_subscription_id: id.clone(),
                stripe_subscription_id: stripe_id.to_string(),
                queue_customer_id: customer.clone(),
                user_id: known.customer_user.clone(),
                plan_tier: tier.clone(),
                status: status.to_string(),
                cancel_at_period_end,
                current_period_end: period_end,
                deleted: false,
                updated_at: Some(rfc3339(e.created)),
            };
            enqueue_written(tx, &message, &e.id)?;
        }
    }
    Ok(Action::new(
        "subscription.upserted",
        Some(stripe_id),
        json!({ "subscription_id": id, "customer_id": customer, "status": status, "plan_tier": tier }),
    ))
}

/// What Queue holds of a subscription, as the rules here need it.
pub(super) struct Stored {
    status: Result<SubscriptionStatus, testkit_core::text::UnknownText>,
    /// `created` of the newest subscription event applied.
    event_created: i64,
}

impl Stored {
    pub fn read(tx: &Conn, id: &str) -> crate::db::Result<Stored> {
        tx.query_row(
            "SELECT status, event_created FROM billing_subscription WHERE id = ?1",
            params![id],
            |r| {
                Ok(Stored {
                    status: r.get::<_, String>(0)?.parse(),
                    event_created: r.get(1)?,
                })
            },
        )
    }
}

/// Links the invoices that arrived before their subscription.
fn link_invoices(tx: &Conn, id: &str, stripe_id: &str) -> crate::db::Result<()> {
    tx.write(
        "UPDATE billing_invoice SET subscription_id = ?1
         WHERE stripe_subscription_id = ?2 AND subscription_id IS NULL",
        params![id, stripe_id],
    )
}

impl Stored {
    /// Whether a failed invoice payment at `failed_at` makes the subscription `past_due`:
    /// a renewal failure does so to an `active` or `trialing` subscription, unless a
    /// later subscription event has been applied already. A first-payment failure leaves
    /// `incomplete` as it is, as Stripe does.
    pub fn falls_past_due(&self, failed_at: i64) -> bool {
        self.status
            .as_ref()
            .is_ok_and(|s| s.becomes_past_due_on_failed_payment())
            && self.event_created <= failed_at
    }
}

/// Makes the subscription `past_due` as of `failed_at` (see [`Stored::falls_past_due`]),
/// with its message. The subscription's event order is not moved: the failure is
/// re-applied after every subscription event, so an older one arriving late still brings
/// its fields (a new period) without undoing the failure.
pub(super) fn past_due(
    tx: &Conn,
    id: &str,
    failed_at: i64,
    event_id: &str,
) -> crate::db::Result<()> {
    tx.write(
        "UPDATE billing_subscription SET status = ?1, updated_at = ?2 WHERE id = ?3",
        params![SubscriptionStatus::PastDue.as_str(), rfc3339(failed_at), id],
    )?;
    enqueue(tx, id, event_id)
}
