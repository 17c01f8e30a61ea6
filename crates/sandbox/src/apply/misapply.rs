//! A receiver that mishandles one event type, for the `cancel-on` fault: it takes the
//! event as the end of the subscription it names, as a receiver that revokes access at
//! the first failed payment would. The cancellation counts as a deletion at the event's
//! time, so the subscription events that follow it in the same second do not undo it.

use crate::db::Conn;
use crate::params;
use serde_json::json;
use testkit_core::stripe::SubscriptionStatus;
use testkit_core::time::rfc3339;

use super::Action;
use crate::db::find_id;
use crate::event::{StripeEvent, SubscriptionEvent};

pub(super) fn cancel(tx: &Conn, e: &StripeEvent) -> crate::db::Result<Action> {
    let stripe_id = e.subscription_named();
    let id = match stripe_id {
        Some(s) => find_id(tx, "billing_subscription", "stripe_subscription_id", s)?,
        None => None,
    };
    if let Some(id) = &id {
        tx.write(
            "UPDATE billing_subscription SET status = ?1, updated_at = ?2,
                 event_created = CASE WHEN event_created > ?3 THEN event_created ELSE ?3 END, event_rank = ?4
             WHERE id = ?5",
            params![
                SubscriptionStatus::Canceled.as_str(),
                rfc3339(e.created),
                e.created,
                SubscriptionEvent::Deleted as i64,
                id
            ],
        )?;
        crate::fanout::outbox::enqueue(tx, id, &e.id)?;
    }
    Ok(Action::new(
        "fault.canceled_instead",
        stripe_id,
        json!({ "subscription_id": id, "reason": "simulated fault cancel-on" }),
    ))
}
