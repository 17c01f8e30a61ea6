//! The reads of Queue's internal API that check a step (the contract's list endpoints):
//! each customer by email, then that customer's subscriptions and invoices by its Queue
//! id. The runner makes them with the bearer token and hands back what it got.

use super::expectation::Expectation;
use crate::contract::{Customer, MAX_LIMIT, QUEUE_BASE};
use crate::subscribers::parse_page;

crate::text_enum! {
    /// Which of Queue's lists a read asks.
    pub enum QueueList {
        /// `GET /customers?email=`.
        Customers = "customers",
        /// `GET /subscriptions?customer_id=`.
        Subscriptions = "subscriptions",
        /// `GET /invoices?customer_id=`.
        Invoices = "invoices",
        /// Raptor's `GET /access?user_id=` (the paywall's answer, from the mirror).
        Access = "access",
    }
}

impl QueueList {
    /// Raptor answers it (the paywall), not Queue.
    pub fn is_raptor(self) -> bool {
        self == QueueList::Access
    }
}

/// One read to make: a path and query under Queue's base URL (Raptor's, for
/// [`QueueList::Access`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueRead {
    /// Which customer (0-based) it is about.
    pub customer: usize,
    /// Which list.
    pub list: QueueList,
    /// `/api/v1/internal/billing/customers?email=...&limit=100`: append to the base URL.
    pub path: String,
}

/// What a read got.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadAnswer {
    /// The read.
    pub read: QueueRead,
    /// The HTTP status.
    pub status: u16,
    /// The body as text.
    pub body: String,
}

/// `value` for a query string: everything but unreserved characters percent-encoded
/// (an email's `+` would otherwise arrive as a space).
pub(super) fn query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 3);
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn read(customer: usize, list: QueueList, key: &str, value: &str) -> QueueRead {
    QueueRead {
        customer,
        list,
        path: format!(
            "{QUEUE_BASE}/{list}?{key}={}&limit={MAX_LIMIT}",
            query_value(value)
        ),
    }
}

/// The Queue customer an answer found for `email`.
pub(super) fn found_customer(answer: &ReadAnswer, email: &str) -> Option<Customer> {
    if answer.status != 200 {
        return None;
    }
    let page = parse_page::<Customer>(&answer.body).ok()?;
    page.rows.into_iter().find(|c| c.billing_email == email)
}

/// The reads still to make, given the answers so far: first every customer by email,
/// then the subscriptions and invoices of each customer found. Empty when the step's
/// check has all it needs; call it again after making the reads it returns.
pub fn next_reads(expect: &Expectation, answers: &[ReadAnswer]) -> Vec<QueueRead> {
    let answered = |customer: usize, list: QueueList| {
        answers
            .iter()
            .find(|a| a.read.customer == customer && a.read.list == list)
    };
    let mut reads = Vec::new();
    for (i, customer) in expect.customers.iter().enumerate() {
        let email = &customer.state.email;
        match answered(i, QueueList::Customers) {
            None => reads.push(read(i, QueueList::Customers, "email", email)),
            Some(answer) => {
                let Some(found) = found_customer(answer, email) else {
                    continue;
                };
                for list in [QueueList::Subscriptions, QueueList::Invoices] {
                    if answered(i, list).is_none() {
                        reads.push(read(i, list, "customer_id", &found.id));
                    }
                }
            }
        }
    }
    reads
}
