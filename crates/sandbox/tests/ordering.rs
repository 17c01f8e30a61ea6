//! Stripe delivers events in no particular order and retries them: a lifecycle's final
//! state in Queue must not depend on the order of delivery or on redeliveries; and it
//! must be the state Stripe reports (a failed first payment stays `incomplete`).

mod support;

use std::collections::BTreeMap;

use serde_json::{json, Value};
use support::{event, Sandbox};

const QUEUE: &str = "/api/v1/internal/billing";
const T: i64 = 1_790_000_000;
const HOUR: i64 = 3600;
const MONTH: i64 = 30 * 24 * HOUR;

/// An event before it is sent: its type, `created` and `data.object`.
type Delivery = (String, i64, Value);

fn customer(id: &str, event_type: &str, at: i64, email: &str) -> Delivery {
    let object = json!({
        "id": id, "object": "customer", "email": email, "name": "Order Test",
        "metadata": { "user_id": format!("usr_{id}") }, "livemode": false, "created": T
    });
    (event_type.into(), at, object)
}

fn subscription(event_type: &str, at: i64, status: &str, period_end: i64) -> Delivery {
    let object = json!({
        "id": "sub_order", "object": "subscription", "customer": "cus_order", "status": status,
        "cancel_at_period_end": false, "current_period_end": period_end, "trial_end": null,
        "created": T, "metadata": { "plan_tier": "pro_plus" },
        "items": { "data": [ { "price": { "id": "price_custom" } } ] }
    });
    (event_type.into(), at, object)
}

fn invoice(id: &str, event_type: &str, at: i64, status: &str) -> Delivery {
    let paid_at = (status == "paid").then_some(at);
    // An invoice's `created` never changes: in_1 opens the first period, in_2 the second.
    let created = if id == "in_1" { T } else { T + MONTH };
    let object = json!({
        "id": id, "object": "invoice", "customer": "cus_order", "subscription": "sub_order",
        "status": status, "amount_due": 3000, "currency": "usd", "created": created,
        "status_transitions": { "paid_at": paid_at }
    });
    (event_type.into(), at, object)
}

/// Named lifecycles as (type, created, data.object) in Stripe's order.
fn lifecycles() -> Vec<(&'static str, Vec<Delivery>)> {
    let email = "test+billing-order@raxx.app";
    let created = customer("cus_order", "customer.created", T, email);
    vec![
        (
            "success",
            vec![
                created.clone(),
                subscription("customer.subscription.created", T, "incomplete", T + MONTH),
                invoice("in_1", "invoice.created", T, "draft"),
                invoice("in_1", "invoice.finalized", T, "open"),
                invoice("in_1", "invoice.paid", T, "paid"),
                invoice("in_1", "invoice.payment_succeeded", T, "paid"),
                subscription("customer.subscription.updated", T, "active", T + MONTH),
            ],
        ),
        (
            "first_payment_fails",
            vec![
                created.clone(),
                subscription("customer.subscription.created", T, "incomplete", T + MONTH),
                invoice("in_1", "invoice.created", T, "draft"),
                invoice("in_1", "invoice.finalized", T, "open"),
                invoice("in_1", "invoice.payment_failed", T, "open"),
            ],
        ),
        (
            "first_payment_never_made",
            vec![
                created.clone(),
                subscription("customer.subscription.created", T, "incomplete", T + MONTH),
                invoice("in_1", "invoice.payment_failed", T, "open"),
                subscription(
                    "customer.subscription.updated",
                    T + 23 * HOUR,
                    "incomplete_expired",
                    T + MONTH,
                ),
                invoice("in_1", "invoice.voided", T + 23 * HOUR, "void"),
            ],
        ),
        (
            "renewal_fails_then_recovers",
            vec![
                created.clone(),
                subscription("customer.subscription.created", T, "active", T + MONTH),
                invoice("in_1", "invoice.paid", T, "paid"),
                subscription(
                    "customer.subscription.updated",
                    T + MONTH,
                    "active",
                    T + 2 * MONTH,
                ),
                invoice("in_2", "invoice.created", T + MONTH, "draft"),
                invoice("in_2", "invoice.finalized", T + MONTH + HOUR, "open"),
                invoice("in_2", "invoice.payment_failed", T + MONTH + HOUR, "open"),
                subscription(
                    "customer.subscription.updated",
                    T + MONTH + HOUR,
                    "past_due",
                    T + 2 * MONTH,
                ),
                invoice(
                    "in_2",
                    "invoice.payment_failed",
                    T + MONTH + 5 * 24 * HOUR,
                    "open",
                ),
                invoice("in_2", "invoice.paid", T + MONTH + 9 * 24 * HOUR, "paid"),
                subscription(
                    "customer.subscription.updated",
                    T + MONTH + 9 * 24 * HOUR,
                    "active",
                    T + 2 * MONTH,
                ),
            ],
        ),
        (
            "renewal_fails_without_a_status_event",
            vec![
                created.clone(),
                subscription("customer.subscription.created", T, "active", T + MONTH),
                subscription(
                    "customer.subscription.updated",
                    T + MONTH,
                    "active",
                    T + 2 * MONTH,
                ),
                invoice("in_2", "invoice.payment_failed", T + MONTH + HOUR, "open"),
            ],
        ),
        (
            "canceled",
            vec![
                created.clone(),
                subscription("customer.subscription.created", T, "active", T + MONTH),
                subscription(
                    "customer.subscription.updated",
                    T + HOUR,
                    "active",
                    T + MONTH,
                ),
                subscription(
                    "customer.subscription.deleted",
                    T + HOUR,
                    "canceled",
                    T + MONTH,
                ),
            ],
        ),
        (
            "customer_deleted",
            vec![
                created.clone(),
                customer(
                    "cus_order",
                    "customer.updated",
                    T + HOUR,
                    "test+billing-order-2@raxx.app",
                ),
                subscription("customer.subscription.created", T, "active", T + MONTH),
                invoice("in_1", "invoice.paid", T, "paid"),
                subscription(
                    "customer.subscription.deleted",
                    T + 2 * HOUR,
                    "canceled",
                    T + MONTH,
                ),
                customer("cus_order", "customer.deleted", T + 2 * HOUR, email),
            ],
        ),
    ]
}

/// Queue's rows keyed by Stripe ids (Queue's own ids depend on arrival order).
async fn queue_state(sandbox: &Sandbox) -> Value {
    let (customers, _) = sandbox.all_rows(&format!("{QUEUE}/customers"), 100).await;
    let (subscriptions, _) = sandbox
        .all_rows(&format!("{QUEUE}/subscriptions"), 100)
        .await;
    let (invoices, _) = sandbox.all_rows(&format!("{QUEUE}/invoices"), 100).await;
    let stripe_sub: BTreeMap<String, Value> = subscriptions
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_string(),
                s["stripe_subscription_id"].clone(),
            )
        })
        .collect();
    let keyed = |rows: &[Value], key: &str, drop: &[&str]| -> Value {
        rows.iter()
            .map(|r| {
                let mut r = r.clone();
                let object = r.as_object_mut().unwrap();
                for field in drop {
                    object.remove(*field);
                }
                if let Some(sub) = object.get("subscription_id").and_then(Value::as_str) {
                    let sub = stripe_sub[sub].clone();
                    object.insert("subscription_id".into(), sub);
                }
                (r[key].as_str().unwrap().to_string(), r)
            })
            .collect::<serde_json::Map<String, Value>>()
            .into()
    };
    json!({
        "customers": keyed(&customers, "stripe_customer_id", &["id"]),
        "subscriptions": keyed(&subscriptions, "stripe_subscription_id", &["id", "customer_id"]),
        "invoices": keyed(&invoices, "stripe_invoice_id", &["id", "customer_id"]),
    })
}

/// A small deterministic generator (xorshift), so a failing order can be reproduced.
struct Shuffler(u64);

impl Shuffler {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

async fn deliver(sandbox: &Sandbox, bodies: &[String]) {
    for body in bodies {
        let (status, answer) = sandbox.send_signed(body).await;
        assert_eq!(status, 200, "{answer}");
    }
}

fn bodies(name: &str, events: &[Delivery]) -> Vec<String> {
    events
        .iter()
        .enumerate()
        .map(|(i, (t, at, object))| event(&format!("evt_{name}_{i}"), t, *at, object.clone()))
        .collect()
}

#[tokio::test]
async fn stripe_statuses_are_the_truth() {
    let expected = [
        ("success", Some("active")),
        ("first_payment_fails", Some("incomplete")),
        ("first_payment_never_made", Some("incomplete_expired")),
        ("renewal_fails_then_recovers", Some("active")),
        ("renewal_fails_without_a_status_event", Some("past_due")),
        ("canceled", Some("canceled")),
        ("customer_deleted", None),
    ];
    for ((name, events), (expected_name, status)) in lifecycles().into_iter().zip(expected) {
        assert_eq!(name, expected_name);
        let sandbox = Sandbox::start("none").await;
        deliver(&sandbox, &bodies(name, &events)).await;
        let state = queue_state(&sandbox).await;
        assert_eq!(
            state["subscriptions"]["sub_order"]["status"].as_str(),
            status,
            "{name}: {state:#}"
        );
    }
}

/// Delivers `in_order`, then 12 shuffles of it with about a fifth of the events
/// redelivered, each to a fresh sandbox: every final state equals the in-order one,
/// which is returned.
async fn assert_order_independent(name: &str, in_order: &[String], rng: &mut Shuffler) -> Value {
    let reference = {
        let sandbox = Sandbox::start("none").await;
        deliver(&sandbox, in_order).await;
        queue_state(&sandbox).await
    };
    for round in 0..12 {
        let mut shuffled = in_order.to_vec();
        for i in (1..shuffled.len()).rev() {
            shuffled.swap(i, rng.below(i + 1));
        }
        for _ in 0..shuffled.len().div_ceil(5) {
            let again = shuffled[rng.below(shuffled.len())].clone();
            let at = rng.below(shuffled.len() + 1);
            shuffled.insert(at, again);
        }
        let sandbox = Sandbox::start("none").await;
        deliver(&sandbox, &shuffled).await;
        let state = queue_state(&sandbox).await;
        assert_eq!(
            state, reference,
            "{name}, round {round}: the order changed the result"
        );
    }
    reference
}

#[tokio::test]
async fn the_final_state_does_not_depend_on_order_or_redeliveries() {
    let mut rng = Shuffler(0x9e37_79b9_7f4a_7c15);
    for (name, events) in lifecycles() {
        assert_order_independent(name, &bodies(name, &events), &mut rng).await;
    }
}

/// The streams localstripe (a third-party Stripe emulator) delivered, recorded by
/// tools/localstripe/run.sh --write-fixtures, with its own final view of each
/// subscription.
#[tokio::test]
async fn localstripe_streams_end_where_localstripe_does_in_any_order() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/localstripe");
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let mut rng = Shuffler(0x2545_f491_4f6c_dd1d);
    let mut lifecycles = 0;
    for (name, lifecycle) in expected.as_object().unwrap() {
        let events: Vec<Value> = serde_json::from_str(
            &std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap(),
        )
        .unwrap();
        let bodies: Vec<String> = events
            .iter()
            .map(|e| serde_json::to_string_pretty(e).unwrap())
            .collect();
        let state = assert_order_independent(name, &bodies, &mut rng).await;
        let gaps = lifecycle["gaps"].as_array().unwrap();
        for (sub_id, view) in lifecycle["localstripe_view"].as_object().unwrap() {
            let queue = &state["subscriptions"][sub_id];
            if name == "customer_deleted" {
                assert!(
                    queue.is_null(),
                    "{name}: the deleted customer's subscription is gone"
                );
                continue;
            }
            assert_eq!(queue["status"], view["status"], "{name}: {state:#}");
            if gaps.is_empty() {
                assert_eq!(
                    queue["cancel_at_period_end"], view["cancel_at_period_end"],
                    "{name}"
                );
                let period =
                    testkit_core::time::rfc3339(view["current_period_end"].as_i64().unwrap());
                assert_eq!(queue["current_period_end"], period.as_str(), "{name}");
            }
        }
        lifecycles += 1;
    }
    assert_eq!(lifecycles, 7, "every recorded lifecycle was replayed");
}
