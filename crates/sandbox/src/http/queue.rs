//! Queue's internal billing API: customers, subscriptions, invoices.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use rusqlite::Row;
use testkit_core::contract::{Customer, Invoice, Subscription};

use super::error::ApiError;
use super::lists::{answer_list, filter, page};
use crate::faults::Target;
use crate::AppState;

fn customer(row: &Row) -> rusqlite::Result<Customer> {
    Ok(Customer {
        id: row.get(0)?,
        stripe_customer_id: row.get(1)?,
        user_id: row.get(2)?,
        billing_email: row.get(3)?,
        name: row.get(4)?,
        livemode: row.get(5)?,
        created_at: row.get(6)?,
    })
}

fn subscription(row: &Row) -> rusqlite::Result<Subscription> {
    Ok(Subscription {
        id: row.get(0)?,
        stripe_subscription_id: row.get(1)?,
        customer_id: row.get(2)?,
        plan_tier: row.get(3)?,
        status: row.get(4)?,
        cancel_at_period_end: row.get(5)?,
        current_period_end: row.get(6)?,
        trial_end: row.get(7)?,
        created_at: row.get(8)?,
        updated_at: row.get(9)?,
    })
}

fn invoice(row: &Row) -> rusqlite::Result<Invoice> {
    Ok(Invoice {
        id: row.get(0)?,
        stripe_invoice_id: row.get(1)?,
        customer_id: row.get(2)?,
        subscription_id: row.get(3)?,
        status: row.get(4)?,
        amount_due: row.get(5)?,
        currency: row.get(6)?,
        paid_at: row.get(7)?,
        created_at: row.get(8)?,
    })
}

pub async fn customers(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let filters: Vec<_> = filter(&query, "email", "billing_email")
        .into_iter()
        .collect();
    answer_list(
        state,
        Target::QueueCustomers,
        &headers,
        &query,
        move |conn, paging| {
            page(
                conn,
                "billing_customer",
                "id, stripe_customer_id, user_id, billing_email, name, livemode, created_at",
                &filters,
                &paging,
                customer,
            )
            .map_err(ApiError::database)
        },
    )
    .await
}

pub async fn subscriptions(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let filters: Vec<_> = [
        filter(&query, "status", "status"),
        filter(&query, "customer_id", "customer_id"),
    ]
    .into_iter()
    .flatten()
    .collect();
    answer_list(
        state,
        Target::QueueSubscriptions,
        &headers,
        &query,
        move |conn, paging| {
            page(
            conn,
            "billing_subscription",
            "id, stripe_subscription_id, customer_id, plan_tier, status, cancel_at_period_end, \
             current_period_end, trial_end, created_at, updated_at",
            &filters,
            &paging,
            subscription,
        )
        .map_err(ApiError::database)
        },
    )
    .await
}

pub async fn invoices(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let filters: Vec<_> = [
        filter(&query, "customer_id", "customer_id"),
        filter(&query, "status", "status"),
    ]
    .into_iter()
    .flatten()
    .collect();
    answer_list(state, Target::QueueInvoices, &headers, &query, move |conn, paging| {
        page(
            conn,
            "billing_invoice",
            "id, stripe_invoice_id, customer_id, subscription_id, status, amount_due, currency, paid_at, created_at",
            &filters,
            &paging,
            invoice,
        )
        .map_err(ApiError::database)
    })
    .await
}
