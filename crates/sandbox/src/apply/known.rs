//! What Queue already holds about the customer and the subscription an event names, read
//! in one query before the event is applied: every guard needs some of it, and on
//! Postgres each query is a round trip (the dedup record goes out with this one).

use crate::db::{contract_id, next_seq, Conn};
use crate::params;

use crate::event::{EventKind, StripeEvent};

/// The subscription row an event names, as the order guard needs it.
pub(super) struct StoredSubscription {
    pub seq: i64,
    pub id: String,
    /// The (created, rank) of the newest subscription event applied to it.
    pub applied: (i64, i64),
    /// Its change counter (the version of its last mirror-sync message).
    pub mirror_version: i64,
}

pub(super) struct Known {
    /// The event's customer, if `customer.deleted` has been applied for it.
    pub deleted_customer: Option<String>,
    /// The Queue id of the event's customer: its row's, or the id a new row takes
    /// (`None` when there is no row and the event creates none).
    pub customer: Option<Customer>,
    /// The Raxx user of the customer's row.
    pub customer_user: Option<String>,
    /// `created` of the newest customer event applied to the customer's row.
    pub customer_event_created: Option<i64>,
    pub subscription: Option<StoredSubscription>,
    /// The next `seq` of `billing_subscription`, drawn when a subscription event names
    /// one Queue does not hold.
    pub new_subscription_seq: Option<i64>,
    /// The latest failed payment of the subscription's unpaid invoices (they may have
    /// arrived before it).
    pub unpaid_failure: Option<i64>,
    /// Whether invoices of the subscription arrived before it and wait to be linked.
    pub unlinked_invoices: bool,
}

/// The event's customer in Queue.
#[derive(Clone)]
pub(super) enum Customer {
    Stored {
        seq: i64,
        id: String,
    },
    /// No row yet: the `seq` and id a new row takes.
    New(i64, String),
}

/// Whether applying the event may create the customer's row (the customer itself, or a
/// placeholder) and a subscription row.
fn creates(e: &StripeEvent) -> (bool, bool) {
    match e.kind {
        EventKind::CustomerUpserted | EventKind::Invoice { .. } | EventKind::CheckoutCompleted => {
            (true, false)
        }
        EventKind::Subscription(_) => (true, true),
        _ => (false, false),
    }
}

/// The Stripe customer of an event that may create a placeholder row for it: one without
/// a `customer` field gets the placeholder `cus_unknown`, kept and counted, not dropped.
pub(super) fn placeholder_customer(e: &StripeEvent) -> &str {
    e.str_at("/customer").unwrap_or("cus_unknown")
}

impl Known {
    pub fn read(tx: &Conn, e: &StripeEvent) -> crate::db::Result<Known> {
        let (new_customer, new_subscription) = creates(e);
        let customer = match e.kind {
            EventKind::CustomerUpserted | EventKind::CustomerDeleted => e.object_id(),
            _ if new_customer => Some(placeholder_customer(e)),
            _ => e.str_at("/customer"),
        };
        let subscription = match e.kind {
            EventKind::Subscription(_) => e.object_id(),
            _ => e.subscription_named(),
        };
        // A sequence number is drawn only when a row is missing and the event may write
        // one (a Postgres CASE does not evaluate the branch it does not take).
        let sql = format!(
            "SELECT EXISTS (SELECT 1 FROM billing_action_log
                            WHERE action = 'customer.deleted' AND subject_id = ?1) AS customer_deleted,
                    c.seq AS customer_seq, c.id AS customer_id, c.user_id AS customer_user,
                    c.event_created AS customer_event_created,
                    CASE WHEN c.id IS NULL AND ?4 THEN {} END AS new_customer_seq,
                    s.seq AS subscription_seq, s.id AS subscription_id,
                    s.event_created AS subscription_event_created,
                    s.event_rank AS subscription_event_rank, s.mirror_version,
                    CASE WHEN s.id IS NULL AND ?5 THEN {} END AS new_subscription_seq,
                    (SELECT MAX(payment_failed_at) FROM billing_invoice
                     WHERE stripe_subscription_id = ?3 AND status IN ('draft', 'open')) AS unpaid_failure,
                    EXISTS (SELECT 1 FROM billing_invoice
                            WHERE stripe_subscription_id = ?3 AND subscription_id IS NULL) AS unlinked_invoices
             FROM (SELECT 1 AS one) AS event
             LEFT JOIN billing_customer c ON c.stripe_customer_id = ?2
             LEFT JOIN billing_subscription s ON s.stripe_subscription_id = ?3",
            next_seq(tx.engine(), "billing_customer"),
            next_seq(tx.engine(), "billing_subscription"),
        );
        tx.query_row(
            &sql,
            params![
                e.customer_named(),
                customer,
                subscription,
                new_customer,
                new_subscription && subscription.is_some()
            ],
            |r| {
                let deleted: bool = r.get("customer_deleted")?;
                let stored: Option<String> = r.get("customer_id")?;
                let new_seq: Option<i64> = r.get("new_customer_seq")?;
                let subscription_id: Option<String> = r.get("subscription_id")?;
                Ok(Known {
                    deleted_customer: match e.customer_named() {
                        Some(named) if deleted => Some(named.to_string()),
                        _ => None,
                    },
                    customer: match (stored, new_seq) {
                        (Some(id), _) => Some(Customer::Stored {
                            seq: r.get("customer_seq")?,
                            id,
                        }),
                        (None, Some(seq)) => Some(Customer::New(seq, contract_id("qcus_", seq))),
                        (None, None) => None,
                    },
                    customer_user: r.get("customer_user")?,
                    customer_event_created: r.get("customer_event_created")?,
                    subscription: match subscription_id {
                        Some(id) => Some(StoredSubscription {
                            seq: r.get("subscription_seq")?,
                            id,
                            applied: (
                                r.get("subscription_event_created")?,
                                r.get("subscription_event_rank")?,
                            ),
                            mirror_version: r.get("mirror_version")?,
                        }),
                        None => None,
                    },
                    new_subscription_seq: r.get("new_subscription_seq")?,
                    unpaid_failure: r.get("unpaid_failure")?,
                    unlinked_invoices: r.get("unlinked_invoices")?,
                })
            },
        )
    }
}
