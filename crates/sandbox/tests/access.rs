//! Raptor's paywall question, `GET /api/internal/billing/access?user_id=`: people made
//! through the real paths (signed Stripe webhooks fanned out to the mirror by Queue's
//! outbox, waited for; signed App Store notifications) get 200 with their grants or 402
//! `payment_required`; the token and the parameter are checked like every other Raptor
//! endpoint.

mod support;

use billing_sandbox::config::DEFAULT_NO_BILLING_TOKEN;
use billing_sandbox::http::apple::chain_from_test_signer;
use billing_sandbox::now_secs;
use serde_json::{json, Value};
use support::{event, Sandbox};
use testkit_core::appstore::{
    craft_values, sign_crafted, CraftInput, Environment, Event, TestChain,
};

const ACCESS: &str = "/api/internal/billing/access";
const NOTIFICATIONS: &str = "/api/subscriptions/apple/notifications";
const DAY_MS: i64 = 86_400_000;
/// The Stripe subscriptions' `current_period_end`.
const STRIPE_END: &str = "2026-09-21T14:13:20Z";
/// The App Store subscriptions' expiry: 30 days after their purchase.
const IOS_END: &str = "2026-10-21T14:13:20Z";

/// A Stripe customer linked to `user` (which also lets Raptor match the user's App Store
/// purchases), through a signed `customer.created`.
async fn customer(sandbox: &Sandbox, user: &str) {
    let body = event(
        &format!("evt_cus_{user}"),
        "customer.created",
        now_secs(),
        json!({
            "id": format!("cus_{user}"), "object": "customer",
            "email": format!("test+billing-{user}@raxx.app"), "name": null,
            "metadata": { "user_id": user }, "livemode": false, "created": now_secs()
        }),
    );
    let (status, answer) = sandbox.send_signed(&body).await;
    assert_eq!(status, 200, "{answer}");
}

/// A signed subscription event for `user`'s one Stripe subscription on `price`.
async fn stripe(
    sandbox: &Sandbox,
    user: &str,
    n: i64,
    event_type: &str,
    status: &str,
    price: &str,
) {
    let body = event(
        &format!("evt_sub_{user}_{n}"),
        event_type,
        now_secs() + n,
        json!({
            "id": format!("sub_{user}"), "object": "subscription",
            "customer": format!("cus_{user}"), "status": status,
            "cancel_at_period_end": false, "current_period_end": 1_790_000_000,
            "trial_end": null, "created": 1_780_000_000, "metadata": {},
            "items": { "data": [ { "price": { "id": price } } ] }
        }),
    );
    let (code, answer) = sandbox.send_signed(&body).await;
    assert_eq!(code, 200, "{answer}");
}

/// The sandbox's own App Store test chain, as the page gets it.
async fn chain(sandbox: &Sandbox) -> TestChain {
    let (status, signer) = sandbox.get("/__sandbox/apple/test-signer").await;
    assert_eq!(status, 200, "{signer}");
    chain_from_test_signer(&signer).unwrap()
}

/// App Store notifications for `user`'s one subscription of `product`, in order.
async fn apple(sandbox: &Sandbox, user: &str, product: &str, steps: &[Event]) {
    let chain = chain(sandbox).await;
    let start = 1_790_000_000_000;
    for (i, step) in steps.iter().enumerate() {
        let mut input = CraftInput::new(
            "app.raxx",
            product,
            Environment::Sandbox,
            user,
            &format!("00000000-0000-4000-8000-{:06}{i:06}", user.len()),
            start,
            start + 30 * DAY_MS,
            start + (i as i64 + 1) * 1000,
        );
        input.product_id = product.to_string();
        let signed = sign_crafted(craft_values(*step, &input), &chain);
        let response = sandbox
            .client
            .post(sandbox.url(NOTIFICATIONS))
            .json(&json!({ "signedPayload": signed.signed_payload }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200, "{step:?}");
    }
}

/// The paywall's answer once Queue's fan-out has delivered every change made so far: the
/// mirror is eventually consistent, and these tests are about the answer, not the lag.
async fn access(sandbox: &Sandbox, user: &str) -> (u16, Value) {
    sandbox.fanout_drained().await;
    sandbox.get(&format!("{ACCESS}?user_id={user}")).await
}

/// (source, status, plan_tier, until) of each grant, in the answer's order.
fn grants(body: &Value) -> Vec<(String, String, String, String)> {
    body["grants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            assert!(g["id"].as_str().unwrap().starts_with("rmir_"), "{g}");
            let text = |k: &str| g[k].as_str().unwrap().to_string();
            (
                text("source"),
                text("status"),
                text("plan_tier"),
                text("until"),
            )
        })
        .collect()
}

fn grant(source: &str, status: &str, tier: &str, until: &str) -> (String, String, String, String) {
    (source.into(), status.into(), tier.into(), until.into())
}

fn assert_payment_required(status: u16, body: &Value, who: &str) {
    assert_eq!(status, 402, "{who}: {body}");
    assert_eq!(body["error"]["code"], "payment_required", "{who}");
    assert!(
        body["error"]["message"].as_str().unwrap().contains(who),
        "{body}"
    );
}

#[tokio::test]
async fn a_stripe_active_person_has_access_until_the_period_end() {
    let sandbox = Sandbox::start("none").await;
    customer(&sandbox, "usr_web").await;
    stripe(
        &sandbox,
        "usr_web",
        1,
        "customer.subscription.created",
        "active",
        "price_test_pro_plus_monthly",
    )
    .await;
    let (status, body) = access(&sandbox, "usr_web").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["user_id"], "usr_web");
    assert_eq!(body["access"], true);
    assert_eq!(body["plan_tier"], "pro_plus");
    assert_eq!(body["until"], STRIPE_END);
    assert_eq!(
        grants(&body),
        [grant("stripe", "active", "pro_plus", STRIPE_END)]
    );
}

#[tokio::test]
async fn an_ios_person_in_the_grace_period_keeps_access() {
    let sandbox = Sandbox::start("none").await;
    customer(&sandbox, "usr_phone").await;
    apple(
        &sandbox,
        "usr_phone",
        "app.raxx.pro.monthly",
        &[Event::InitialBuy, Event::FailToRenewGracePeriod],
    )
    .await;
    let (status, body) = access(&sandbox, "usr_phone").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        (body["plan_tier"].as_str(), body["until"].as_str()),
        (Some("pro"), Some(IOS_END))
    );
    assert_eq!(
        grants(&body),
        [grant("ios", "billing_grace_period", "pro", IOS_END)]
    );
}

#[tokio::test]
async fn a_person_with_both_stores_gets_the_highest_tier_and_latest_end() {
    let sandbox = Sandbox::start("none").await;
    customer(&sandbox, "usr_both").await;
    stripe(
        &sandbox,
        "usr_both",
        1,
        "customer.subscription.created",
        "active",
        "price_test_pro_monthly",
    )
    .await;
    apple(
        &sandbox,
        "usr_both",
        "app.raxx.founders.6months",
        &[Event::InitialBuy],
    )
    .await;
    let (status, body) = access(&sandbox, "usr_both").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["plan_tier"], "founders");
    assert_eq!(body["until"], IOS_END, "the later of the two ends");
    assert_eq!(
        grants(&body),
        [
            grant("stripe", "active", "pro", STRIPE_END),
            grant("ios", "active", "founders", IOS_END)
        ]
    );

    // Stripe canceled, iOS still active: access through iOS alone.
    stripe(
        &sandbox,
        "usr_both",
        2,
        "customer.subscription.deleted",
        "active",
        "price_test_pro_monthly",
    )
    .await;
    let (status, body) = access(&sandbox, "usr_both").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(grants(&body), [grant("ios", "active", "founders", IOS_END)]);
}

#[tokio::test]
async fn ended_and_unknown_people_are_402_payment_required() {
    let sandbox = Sandbox::start("none").await;
    customer(&sandbox, "usr_gone").await;
    stripe(
        &sandbox,
        "usr_gone",
        1,
        "customer.subscription.created",
        "active",
        "price_test_pro_monthly",
    )
    .await;
    stripe(
        &sandbox,
        "usr_gone",
        2,
        "customer.subscription.deleted",
        "active",
        "price_test_pro_monthly",
    )
    .await;
    apple(
        &sandbox,
        "usr_gone",
        "app.raxx.pro.monthly",
        &[Event::InitialBuy, Event::ExpiredVoluntary],
    )
    .await;
    sandbox.fanout_drained().await;
    let (_, mirror) = sandbox.get("/api/internal/billing/subscriptions").await;
    let statuses: Vec<&str> = mirror["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        ["canceled", "expired"],
        "both of the person's rows are there"
    );
    let (status, body) = access(&sandbox, "usr_gone").await;
    assert_payment_required(status, &body, "usr_gone");
    let (status, body) = access(&sandbox, "usr_never_seen").await;
    assert_payment_required(status, &body, "usr_never_seen");
}

#[tokio::test]
async fn the_token_and_the_user_id_are_checked() {
    let sandbox = Sandbox::start("demo").await;
    let (status, body) = sandbox
        .get_as(&format!("{ACCESS}?user_id=usr_demo_001"), None)
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (401, Some("unauthorized"))
    );
    let (status, body) = sandbox
        .get_as(&format!("{ACCESS}?user_id=usr_demo_001"), Some("wrong"))
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (401, Some("unauthorized"))
    );
    let (status, body) = sandbox
        .get_as(
            &format!("{ACCESS}?user_id=usr_demo_001"),
            Some(DEFAULT_NO_BILLING_TOKEN),
        )
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("forbidden"))
    );
    for path in [
        ACCESS.to_string(),
        format!("{ACCESS}?user_id="),
        format!("{ACCESS}?limit=5"),
    ] {
        let (status, body) = sandbox.get(&path).await;
        assert_eq!(status, 400, "{path}: {body}");
        assert_eq!(body["error"]["code"], "invalid_request", "{path}");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("user_id"),
            "{path}: {body}"
        );
    }
}
