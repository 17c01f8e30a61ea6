//! Queue's internal billing API: customers, subscriptions, invoices.

use axum::extract::State;
use serde::Deserialize;
use testkit_core::contract::{Customer, Invoice, Subscription};

use super::auth::BillingReader;
use super::lists::{list, ListAnswer};
use super::query::{ContractQuery, Filter, Paging};
use crate::AppState;

/// `GET /customers` parameters.
#[derive(Deserialize)]
pub struct CustomerParams {
    #[serde(flatten)]
    paging: Paging,
    #[serde(default)]
    email: Filter,
}

/// `GET /subscriptions` parameters.
#[derive(Deserialize)]
pub struct SubscriptionParams {
    #[serde(flatten)]
    paging: Paging,
    #[serde(default)]
    status: Filter,
    #[serde(default)]
    customer_id: Filter,
}

/// `GET /invoices` parameters.
#[derive(Deserialize)]
pub struct InvoiceParams {
    #[serde(flatten)]
    paging: Paging,
    #[serde(default)]
    customer_id: Filter,
    #[serde(default)]
    status: Filter,
}

pub async fn customers(
    _: BillingReader,
    State(state): State<AppState>,
    ContractQuery(q): ContractQuery<CustomerParams>,
) -> ListAnswer<Customer> {
    list(&state, vec![("billing_email", q.email.0)], q.paging).await
}

pub async fn subscriptions(
    _: BillingReader,
    State(state): State<AppState>,
    ContractQuery(q): ContractQuery<SubscriptionParams>,
) -> ListAnswer<Subscription> {
    let filters = vec![("status", q.status.0), ("customer_id", q.customer_id.0)];
    list(&state, filters, q.paging).await
}

pub async fn invoices(
    _: BillingReader,
    State(state): State<AppState>,
    ContractQuery(q): ContractQuery<InvoiceParams>,
) -> ListAnswer<Invoice> {
    let filters = vec![("customer_id", q.customer_id.0), ("status", q.status.0)];
    list(&state, filters, q.paging).await
}
