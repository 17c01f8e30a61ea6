//! Every contract endpoint against a demo-seeded sandbox: envelopes, paging to the end,
//! filters, auth, errors.

mod support;

use billing_sandbox::config::DEFAULT_NO_BILLING_TOKEN;
use billing_sandbox::seed::{
    DEMO_BOTH_STORES_ACTIVE, DEMO_CANCELLING, DEMO_IOS_SUBSCRIPTIONS, DEMO_STRIPE_CUSTOMERS,
    STRIPE_STATUSES,
};
use std::collections::HashSet;
use support::Sandbox;

const QUEUE: &str = "/api/v1/internal/billing";
const RAPTOR: &str = "/api/internal/billing";

#[tokio::test]
async fn health_answers_without_a_token() {
    let sandbox = Sandbox::start("none").await;
    let (status, body) = sandbox.get_as("/health", None).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("ok")));
}

#[tokio::test]
async fn lists_page_to_the_end_without_gaps_or_repeats() {
    let sandbox = Sandbox::start("demo").await;
    for (path, expected) in [
        (format!("{QUEUE}/customers"), DEMO_STRIPE_CUSTOMERS),
        (format!("{QUEUE}/subscriptions"), DEMO_STRIPE_CUSTOMERS),
        (format!("{QUEUE}/invoices"), DEMO_STRIPE_CUSTOMERS),
        (
            format!("{RAPTOR}/subscriptions"),
            DEMO_STRIPE_CUSTOMERS + DEMO_IOS_SUBSCRIPTIONS,
        ),
    ] {
        let (rows, pages) = sandbox.all_rows(&path, 7).await;
        assert_eq!(rows.len(), expected, "{path}");
        assert_eq!(pages, expected.div_ceil(7), "{path}");
        let ids: HashSet<_> = rows
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(ids.len(), expected, "{path}: ids repeat");
    }
    let (_, body) = sandbox.get(&format!("{QUEUE}/customers")).await;
    assert_eq!(body["object"], "list");
    assert_eq!(body["data"].as_array().unwrap().len(), 20, "default limit");
    assert_eq!(body["has_more"], true);
}

#[tokio::test]
async fn rows_carry_every_contract_field() {
    let sandbox = Sandbox::start("demo").await;
    let (_, customers) = sandbox.get(&format!("{QUEUE}/customers?limit=1")).await;
    let c = &customers["data"][0];
    for key in [
        "id",
        "stripe_customer_id",
        "user_id",
        "billing_email",
        "name",
        "livemode",
        "created_at",
    ] {
        assert!(c.get(key).is_some(), "customer.{key}");
    }
    assert!(c["stripe_customer_id"]
        .as_str()
        .unwrap()
        .starts_with("cus_"));
    assert!(c["billing_email"]
        .as_str()
        .unwrap()
        .starts_with("test+billing-"));
    let (_, subs) = sandbox.get(&format!("{QUEUE}/subscriptions?limit=1")).await;
    let s = &subs["data"][0];
    for key in [
        "id",
        "stripe_subscription_id",
        "customer_id",
        "plan_tier",
        "status",
        "cancel_at_period_end",
        "current_period_end",
        "trial_end",
        "created_at",
        "updated_at",
    ] {
        assert!(s.get(key).is_some(), "subscription.{key}");
    }
    let (_, invoices) = sandbox.get(&format!("{QUEUE}/invoices?limit=1")).await;
    for key in [
        "id",
        "stripe_invoice_id",
        "customer_id",
        "subscription_id",
        "status",
        "amount_due",
        "currency",
        "paid_at",
        "created_at",
    ] {
        assert!(invoices["data"][0].get(key).is_some(), "invoice.{key}");
    }
    let (_, mirror) = sandbox
        .get(&format!("{RAPTOR}/subscriptions?source=ios&limit=1"))
        .await;
    let m = &mirror["data"][0];
    assert_eq!(m["subscription_source"], "ios");
    assert_eq!(m["environment"], "Sandbox");
    assert!(m["original_transaction_id"]
        .as_str()
        .unwrap()
        .starts_with("2000000"));
}

#[tokio::test]
async fn demo_covers_every_status_both_stores_and_an_unknown_tier() {
    let sandbox = Sandbox::start("demo").await;
    let (subs, _) = sandbox
        .all_rows(&format!("{QUEUE}/subscriptions"), 100)
        .await;
    let statuses: HashSet<_> = subs.iter().map(|s| s["status"].as_str().unwrap()).collect();
    // Every one of Stripe's statuses, not only those the demo deals out.
    for status in testkit_core::stripe::SubscriptionStatus::ALL {
        assert!(STRIPE_STATUSES.contains(&status));
        assert!(statuses.contains(status.as_str()), "{status}");
    }
    let tiers: HashSet<_> = subs
        .iter()
        .map(|s| s["plan_tier"].as_str().unwrap())
        .collect();
    assert!(tiers.is_superset(&HashSet::from([
        "pro",
        "pro_plus",
        "founders",
        "enterprise_legacy"
    ])));
    let (ios, _) = sandbox
        .all_rows(&format!("{RAPTOR}/subscriptions?source=ios"), 100)
        .await;
    let ios_statuses: HashSet<_> = ios.iter().map(|s| s["status"].as_str().unwrap()).collect();
    assert_eq!(ios_statuses.len(), 5);
    let (customers, _) = sandbox.all_rows(&format!("{QUEUE}/customers"), 100).await;
    let stripe_users: HashSet<_> = customers
        .iter()
        .filter_map(|c| c["user_id"].as_str())
        .collect();
    let both = ios
        .iter()
        .filter_map(|s| s["user_id"].as_str())
        .filter(|u| stripe_users.contains(u))
        .count();
    assert_eq!(both, 2);
    // The double-billing person is active on both stores.
    let user = format!("usr_demo_{DEMO_BOTH_STORES_ACTIVE:03}");
    let stripe_row = customers
        .iter()
        .position(|c| c["user_id"] == user.as_str())
        .unwrap();
    assert_eq!(subs[stripe_row]["status"], "active");
    assert!(ios
        .iter()
        .any(|s| s["user_id"] == user.as_str() && s["status"] == "active"));
    let cancelling = &subs[DEMO_CANCELLING];
    assert_eq!(
        (
            cancelling["status"].as_str(),
            cancelling["cancel_at_period_end"].as_bool()
        ),
        (Some("active"), Some(true))
    );
}

#[tokio::test]
async fn filters_narrow_the_list() {
    let sandbox = Sandbox::start("demo").await;
    let (_, body) = sandbox
        .get(&format!(
            "{QUEUE}/customers?email=test%2Bbilling-20260601%40raxx.app"
        ))
        .await;
    let rows = body["data"].as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["billing_email"], "test+billing-20260601@raxx.app");
    let (rows, _) = sandbox
        .all_rows(&format!("{QUEUE}/subscriptions?status=past_due"), 100)
        .await;
    assert!(!rows.is_empty() && rows.iter().all(|r| r["status"] == "past_due"));
    let (rows, _) = sandbox
        .all_rows(
            &format!("{QUEUE}/subscriptions?customer_id=qcus_00000004"),
            100,
        )
        .await;
    assert_eq!(rows.len(), 1);
    let (rows, _) = sandbox
        .all_rows(
            &format!("{QUEUE}/invoices?customer_id=qcus_00000004&status=paid"),
            100,
        )
        .await;
    assert!(rows
        .iter()
        .all(|r| r["customer_id"] == "qcus_00000004" && r["status"] == "paid"));
    let (ios, _) = sandbox
        .all_rows(&format!("{RAPTOR}/subscriptions?source=ios"), 100)
        .await;
    let (stripe, _) = sandbox
        .all_rows(&format!("{RAPTOR}/subscriptions?source=stripe"), 100)
        .await;
    assert_eq!(
        (ios.len(), stripe.len()),
        (DEMO_IOS_SUBSCRIPTIONS, DEMO_STRIPE_CUSTOMERS)
    );
    assert!(stripe.iter().all(|r| r["queue_customer_id"]
        .as_str()
        .unwrap()
        .starts_with("qcus_")));
}

#[tokio::test]
async fn auth_answers_401_and_403_with_the_error_body() {
    let sandbox = Sandbox::start("demo").await;
    for path in [
        format!("{QUEUE}/customers"),
        format!("{QUEUE}/subscriptions"),
        format!("{QUEUE}/invoices"),
        format!("{RAPTOR}/subscriptions"),
    ] {
        let (status, body) = sandbox.get_as(&path, None).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (401, Some("unauthorized")),
            "{path}"
        );
        let (status, body) = sandbox.get_as(&path, Some("wrong-token")).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (401, Some("unauthorized")),
            "{path}"
        );
        let (status, body) = sandbox.get_as(&path, Some(DEFAULT_NO_BILLING_TOKEN)).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (403, Some("forbidden")),
            "{path}"
        );
        assert!(body["error"]["message"].as_str().unwrap().len() > 10);
    }
}

#[tokio::test]
async fn bad_requests_are_400_and_unknown_paths_404() {
    let sandbox = Sandbox::start("demo").await;
    for bad in ["limit=0", "limit=101", "limit=x"] {
        let (status, body) = sandbox.get(&format!("{QUEUE}/customers?{bad}")).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (400, Some("invalid_request")),
            "{bad}"
        );
    }
    let (status, body) = sandbox
        .get(&format!("{RAPTOR}/subscriptions?source=android"))
        .await;
    assert_eq!(status, 400);
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("ios or stripe"));
    let (status, body) = sandbox.get(&format!("{QUEUE}/refunds")).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (404, Some("not_found"))
    );
}
