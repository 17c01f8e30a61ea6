//! Invoices: upserted by every `invoice.*` event, the newest event winning (by `created`,
//! then by how far the status has moved: draft, open, settled). `invoice.payment_failed`
//! may also move the subscription to `past_due` (see [`super::subscription`]).

use crate::db::{Conn, OptionalExtension};
use crate::params;
use serde_json::json;
use testkit_core::stripe::InvoiceStatus;
use testkit_core::time::rfc3339;

use super::known::Known;
use super::{customer, subscription, time_at, Action, Context};
use crate::db::next_id;
use crate::event::StripeEvent;

/// How far an invoice status has moved; an unknown status counts as the furthest, so it
/// is never hidden by an older known one.
fn progress(status: &str) -> u8 {
    status
        .parse::<InvoiceStatus>()
        .map_or(u8::MAX, InvoiceStatus::progress)
}

pub(super) fn upsert(
    tx: &Conn,
    e: &StripeEvent,
    payment_failed: bool,
    known: &Known,
    cx: &Context,
) -> crate::db::Result<Action> {
    let Some(stripe_id) = e.object_id() else {
        // invoice.upcoming previews an invoice that does not exist yet.
        return Ok(Action::new(
            "invoice.preview_recorded",
            e.str_at("/subscription"),
            json!({ "amount_due": e.i64_at("/amount_due") }),
        ));
    };
    let customer = customer::ensure(tx, e, known, cx.now)?;
    let stripe_sub = e.subscription_named();
    let subscription = known.subscription.as_ref().map(|s| s.id.clone());
    let status = e.str_at("/status").unwrap_or(InvoiceStatus::Draft.as_str());
    let applied: Option<(i64, String)> = tx
        .query_row(
            "SELECT event_created, status FROM billing_invoice WHERE stripe_invoice_id = ?1",
            params![stripe_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let stale = applied
        .is_some_and(|(created, old)| (e.created, progress(status)) < (created, progress(&old)));
    let (seq, new_id) = next_id(tx, "billing_invoice", "qinv_")?;
    if stale {
        // The link to the subscription is a fact whichever event brings it.
        tx.write(
            "UPDATE billing_invoice SET subscription_id = COALESCE(subscription_id, ?1) WHERE stripe_invoice_id = ?2",
            params![subscription, stripe_id],
        )?;
    } else {
        tx.write(
            "INSERT INTO billing_invoice (seq, id, stripe_invoice_id, customer_id, subscription_id, status,
                 amount_due, currency, paid_at, created_at, event_created, stripe_subscription_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
             ON CONFLICT (stripe_invoice_id) DO UPDATE SET
                 subscription_id = COALESCE(excluded.subscription_id, billing_invoice.subscription_id),
                 status = excluded.status, amount_due = excluded.amount_due, currency = excluded.currency,
                 paid_at = COALESCE(excluded.paid_at, billing_invoice.paid_at),
                 event_created = excluded.event_created,
                 stripe_subscription_id = COALESCE(excluded.stripe_subscription_id, billing_invoice.stripe_subscription_id)",
            params![
                seq,
                new_id,
                stripe_id,
                customer,
                subscription,
                status,
                e.i64_at("/amount_due").unwrap_or(0),
                e.str_at("/currency").unwrap_or("usd"),
                time_at(e, "/status_transitions/paid_at"),
                time_at(e, "/created").unwrap_or_else(|| rfc3339(e.created)),
                e.created,
                stripe_sub
            ],
        )?;
    }
    let mut detail = json!({ "status": status, "subscription_id": subscription, "stale": stale });
    if payment_failed {
        // Kept on the invoice: a subscription that arrives later still learns of it.
        tx.write(
            "UPDATE billing_invoice SET payment_failed_at = CASE WHEN COALESCE(payment_failed_at, 0) > ?1 THEN payment_failed_at ELSE ?1 END
             WHERE stripe_invoice_id = ?2",
            params![e.created, stripe_id],
        )?;
        if let Some(sub) = &subscription {
            if subscription::Stored::read(tx, sub)?.falls_past_due(e.created) {
                subscription::past_due(tx, sub, e.created, &e.id)?;
                detail["subscription_status"] = json!("past_due");
            }
        }
    }
    Ok(Action::new("invoice.upserted", Some(stripe_id), detail))
}
