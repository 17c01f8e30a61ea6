//! `checkout.session.completed`: fills in a customer's email and user id where Queue has
//! none yet (the customer event is authoritative when it arrives).

use crate::db::Conn;
use crate::params;
use serde_json::json;

use super::known::Known;
use super::{customer, Action, Context};
use crate::event::StripeEvent;

pub(super) fn completed(
    tx: &Conn,
    e: &StripeEvent,
    known: &Known,
    cx: &Context,
) -> crate::db::Result<Action> {
    let id = customer::ensure(tx, e, known, cx.now)?;
    let email = e
        .str_at("/customer_details/email")
        .or_else(|| e.str_at("/customer_email"));
    tx.write(
        "UPDATE billing_customer SET
             billing_email = CASE WHEN billing_email = '' THEN COALESCE(?1, '') ELSE billing_email END,
             user_id = COALESCE(user_id, ?2)
         WHERE id = ?3",
        params![email, e.str_at("/client_reference_id"), id],
    )?;
    Ok(Action::new(
        "checkout.completed",
        e.object_id(),
        json!({ "customer_id": id, "subscription": e.str_at("/subscription") }),
    ))
}
