//! The webhook receiver: verification failures write nothing, handled events change
//! Queue's tables and Raptor's mirror, unknown types are recorded and answered 200.

mod support;

use billing_sandbox::now_secs;
use serde_json::{json, Value};
use support::{event, Sandbox};

const QUEUE: &str = "/api/v1/internal/billing";

fn customer_created(id: &str, cus: &str, email: &str) -> String {
    event(
        id,
        "customer.created",
        now_secs(),
        json!({
            "id": cus, "object": "customer", "email": email, "name": "Pat <b>Tester</b>",
            "metadata": { "user_id": "usr_hook_1" }, "livemode": false, "created": now_secs()
        }),
    )
}

fn subscription_event(id: &str, event_type: &str, created: i64, status: &str) -> String {
    event(
        id,
        event_type,
        created,
        json!({
            "id": "sub_hook", "object": "subscription", "customer": "cus_hook", "status": status,
            "cancel_at_period_end": false, "current_period_end": 1_790_000_000, "trial_end": null,
            "created": 1_780_000_000, "metadata": { "plan_tier": "pro" },
            "items": { "data": [ { "price": { "id": "price_test_founders_6mo" } } ] }
        }),
    )
}

async fn subscription(sandbox: &Sandbox) -> Value {
    let (_, body) = sandbox
        .get(&format!("{QUEUE}/subscriptions?limit=100"))
        .await;
    body["data"][0].clone()
}

#[tokio::test]
async fn rejections_say_why_and_write_nothing() {
    let sandbox = Sandbox::start("none").await;
    let body = customer_created("evt_r1", "cus_r1", "test+billing-r@raxx.app");
    let before = sandbox.counts().await;
    let now = now_secs();
    let good = testkit_core::signature::signature_header(
        now,
        &["whsec_billing_testkit_sandbox"],
        body.as_bytes(),
    );
    let cases: Vec<(Vec<u8>, Option<String>, &str)> = vec![
        (
            body.clone().into_bytes(),
            None,
            "No Stripe-Signature header",
        ),
        (
            body.clone().into_bytes(),
            Some("v1=abc".into()),
            "Unable to extract timestamp",
        ),
        (
            body.clone().into_bytes(),
            Some(format!("t={now},v0=abc")),
            "No signatures found with expected scheme",
        ),
        (
            body.clone().into_bytes(),
            Some(format!("t={now},v1={}", "0".repeat(64))),
            "No signatures found matching",
        ),
        (
            format!("{body}\n").into_bytes(),
            Some(good.clone()),
            "The body ends with a newline that was not signed",
        ),
        (
            b"not json".to_vec(),
            Some(testkit_core::signature::signature_header(
                now,
                &["whsec_billing_testkit_sandbox"],
                b"not json",
            )),
            "not JSON",
        ),
    ];
    for (payload, header, expected) in cases {
        let (status, answer) = sandbox.send_raw(payload, header.as_deref()).await;
        assert_eq!(status, 400, "{expected}: {answer}");
        assert_eq!(answer["error"]["code"], "invalid_request");
        let message = answer["error"]["message"].as_str().unwrap();
        assert!(message.contains(expected), "{expected} not in {message}");
    }
    let (status, answer) = sandbox.send_signed_at(&body, now - 301).await;
    assert_eq!(status, 400);
    assert!(answer["error"]["message"]
        .as_str()
        .unwrap()
        .contains("Timestamp outside the tolerance zone"));
    let live = body.replace(
        "\"livemode\":false,\"pending_webhooks\"",
        "\"livemode\":true,\"pending_webhooks\"",
    );
    assert_ne!(live, body);
    let (status, answer) = sandbox.send_signed(&live).await;
    assert_eq!(status, 400);
    assert!(answer["error"]["message"]
        .as_str()
        .unwrap()
        .contains("live-mode"));
    assert_eq!(
        sandbox.counts().await,
        before,
        "a rejected delivery wrote something"
    );
}

#[tokio::test]
async fn a_body_over_one_megabyte_is_413_and_one_megabyte_is_fine() {
    let sandbox = Sandbox::start("none").await;
    let filler = |size: usize| {
        let base = customer_created("evt_big", "cus_big", "test+billing-big@raxx.app");
        let pad = size - base.len() - ",\"pad\":\"\"".len();
        format!(
            "{},\"pad\":\"{}\"}}",
            &base[..base.len() - 1],
            "x".repeat(pad)
        )
    };
    let exact = filler(1024 * 1024);
    assert_eq!(exact.len(), 1024 * 1024);
    let (status, answer) = sandbox.send_signed(&exact).await;
    assert_eq!(
        (status, answer["duplicate"].as_bool()),
        (200, Some(false)),
        "{answer}"
    );
    let over = filler(1024 * 1024 + 1).replace("evt_big", "evt_bi2");
    let (status, answer) = sandbox.send_signed(&over).await;
    assert_eq!(status, 413);
    assert!(answer["error"]["message"]
        .as_str()
        .unwrap()
        .contains("1 MB"));
    assert_eq!(sandbox.counts().await["processed_stripe_events"], 1);
}

/// A 1 MB body under a signature of another secret: the receiver refuses it with the
/// contract's code and the library's message, and writes nothing. (How long it takes
/// against an acceptance is a figure: `./scripts/bench.sh reject`.)
#[tokio::test]
async fn a_rejected_one_megabyte_delivery_says_why_and_writes_nothing() {
    let sandbox = Sandbox::start("none").await;
    let base = customer_created("evt_big_bad", "cus_big_bad", "test+billing-bad@raxx.app");
    // Pretty-printed with non-ASCII and unsorted keys: every variant a search could try.
    let pad = "Zoë 東京, plan pro\n".repeat(1024 * 1024 / 24);
    let mut value: Value = serde_json::from_str(&base).unwrap();
    value["data"]["object"]["description"] = json!(pad);
    let body = serde_json::to_string_pretty(&value).unwrap();
    assert!(
        body.len() > 1000 * 1000 && body.len() <= 1024 * 1024,
        "{}",
        body.len()
    );
    let before = sandbox.counts().await;
    let header = testkit_core::signature::signature_header(
        now_secs(),
        &["whsec_not_the_endpoints"],
        body.as_bytes(),
    );
    let (status, answer) = sandbox
        .send_raw(body.clone().into_bytes(), Some(&header))
        .await;
    assert_eq!(
        (status, &answer["error"]["code"]),
        (400, &json!("invalid_request"))
    );
    let message = answer["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("No signatures found matching the expected signature for payload"),
        "{message}"
    );
    assert!(message.contains("the signer page's verifier"), "{message}");
    // Signed by the endpoint's secret with a newline added after signing: the cause its
    // one pass finds is still named.
    let header = testkit_core::signature::signature_header(
        now_secs(),
        &["whsec_billing_testkit_sandbox"],
        body.as_bytes(),
    );
    let (status, answer) = sandbox
        .send_raw(format!("{body}\n").into_bytes(), Some(&header))
        .await;
    assert_eq!(status, 400);
    assert!(answer["error"]["message"]
        .as_str()
        .unwrap()
        .contains("The body ends with a newline that was not signed"));
    assert_eq!(
        sandbox.counts().await,
        before,
        "a rejected delivery wrote something"
    );
}

#[tokio::test]
async fn a_customer_appears_and_names_stay_text() {
    let sandbox = Sandbox::start("none").await;
    let (status, answer) = sandbox
        .send_signed(&customer_created(
            "evt_c1",
            "cus_hook",
            "test+billing-hook@raxx.app",
        ))
        .await;
    assert_eq!(
        (status, answer),
        (200, json!({ "received": true, "duplicate": false }))
    );
    let (_, body) = sandbox
        .get(&format!(
            "{QUEUE}/customers?email=test%2Bbilling-hook%40raxx.app"
        ))
        .await;
    let c = &body["data"][0];
    assert_eq!(c["stripe_customer_id"], "cus_hook");
    assert_eq!(c["user_id"], "usr_hook_1");
    assert_eq!(c["name"], "Pat <b>Tester</b>");
    assert_eq!(c["livemode"], false);
}

#[tokio::test]
async fn the_subscription_lifecycle_updates_queue_and_the_mirror() {
    let sandbox = Sandbox::start("none").await;
    let t = now_secs();
    sandbox
        .send_signed(&customer_created(
            "evt_l0",
            "cus_hook",
            "test+billing-life@raxx.app",
        ))
        .await;
    let (status, _) = sandbox
        .send_signed(&subscription_event(
            "evt_l1",
            "customer.subscription.created",
            t,
            "active",
        ))
        .await;
    assert_eq!(status, 200);
    let sub = subscription(&sandbox).await;
    assert_eq!(sub["status"], "active");
    assert_eq!(
        sub["plan_tier"], "founders",
        "the price mapping wins over metadata"
    );
    assert_eq!(sub["current_period_end"], "2026-09-21T14:13:20Z");
    let sub_id = sub["id"].as_str().unwrap().to_string();

    let failed = event(
        "evt_l2",
        "invoice.payment_failed",
        t + 1,
        json!({
            "id": "in_hook", "object": "invoice", "customer": "cus_hook", "subscription": "sub_hook",
            "status": "open", "amount_due": 2900, "currency": "usd", "created": t,
            "status_transitions": { "paid_at": null }
        }),
    );
    sandbox.send_signed(&failed).await;
    assert_eq!(subscription(&sandbox).await["status"], "past_due");
    let (_, invoices) = sandbox.get(&format!("{QUEUE}/invoices")).await;
    assert_eq!(invoices["data"][0]["subscription_id"], sub_id.as_str());
    assert_eq!(invoices["data"][0]["amount_due"], 2900);
    // Raptor's mirror follows through Queue's fan-out, eventually.
    sandbox.fanout_drained().await;
    let (_, mirror) = sandbox
        .get("/api/internal/billing/subscriptions?source=stripe")
        .await;
    assert_eq!(mirror["data"][0]["status"], "past_due");
    assert_eq!(mirror["data"][0]["user_id"], "usr_hook_1");

    // An older event arriving late does not roll the state back.
    sandbox
        .send_signed(&subscription_event(
            "evt_l3",
            "customer.subscription.updated",
            t - 100,
            "active",
        ))
        .await;
    assert_eq!(subscription(&sandbox).await["status"], "past_due");

    sandbox
        .send_signed(&subscription_event(
            "evt_l4",
            "customer.subscription.deleted",
            t + 2,
            "active",
        ))
        .await;
    assert_eq!(subscription(&sandbox).await["status"], "canceled");
    sandbox.fanout_drained().await;
    let (_, mirror) = sandbox
        .get("/api/internal/billing/subscriptions?source=stripe")
        .await;
    assert_eq!(mirror["data"][0]["auto_renew"], false);

    let deleted = event(
        "evt_l5",
        "customer.deleted",
        t + 3,
        json!({ "id": "cus_hook", "object": "customer" }),
    );
    sandbox.send_signed(&deleted).await;
    sandbox.fanout_drained().await;
    let counts = sandbox.counts().await;
    assert_eq!(counts["billing_customer"], 0);
    assert_eq!(counts["billing_subscription"], 0, "cascade");
    assert_eq!(counts["billing_invoice"], 0, "cascade");
    assert_eq!(counts["billing_subscription_mirror"], 0);
    assert_eq!(counts["processed_stripe_events"], 6);
    assert_eq!(
        counts["billing_action_log"], 6,
        "one log row per applied event, the stale one included"
    );
}

#[tokio::test]
async fn unknown_types_are_recorded_and_answered_200() {
    let sandbox = Sandbox::start("none").await;
    let body = event(
        "evt_u1",
        "payout.paid",
        now_secs(),
        json!({ "id": "po_1", "object": "payout" }),
    );
    let (status, answer) = sandbox.send_signed(&body).await;
    assert_eq!((status, answer["duplicate"].as_bool()), (200, Some(false)));
    let (status, answer) = sandbox.send_signed(&body).await;
    assert_eq!((status, answer["duplicate"].as_bool()), (200, Some(true)));
    let counts = sandbox.counts().await;
    assert_eq!(counts["processed_stripe_events"], 1);
    assert_eq!(
        counts["billing_action_log"], 0,
        "nothing applied, nothing logged"
    );
}

#[tokio::test]
async fn the_signer_templates_are_accepted_end_to_end() {
    use testkit_core::events::{render_event, EventFields, EventType, IdGen};
    let sandbox = Sandbox::start("none").await;
    let mut ids = IdGen::new(9);
    let mut fields = EventFields::sample(now_secs(), &mut ids);
    let mut body_for = |t: EventType| {
        fields.ids.event = ids.id("evt");
        render_event(t, &fields)
    };
    // customer.deleted last: Stripe applies nothing to a customer after deleting it.
    let (deleted, others): (Vec<EventType>, Vec<EventType>) = EventType::ALL
        .into_iter()
        .partition(|t| *t == EventType::CustomerDeleted);
    for t in others {
        let (status, answer) = sandbox.send_signed(&body_for(t)).await;
        assert_eq!(status, 200, "{}: {answer}", t.as_str());
    }
    let sub = subscription(&sandbox).await;
    assert_eq!(sub["plan_tier"], "pro");
    let (_, customers) = sandbox.get(&format!("{QUEUE}/customers")).await;
    assert_eq!(
        customers["data"].as_array().unwrap().len(),
        1,
        "all templates name one customer"
    );
    let (status, _) = sandbox.send_signed(&body_for(deleted[0])).await;
    assert_eq!(status, 200);
    let counts = sandbox.counts().await;
    assert_eq!(counts["processed_stripe_events"], 15);
    assert_eq!(counts["billing_action_log"], 15);
    assert_eq!(counts["billing_customer"], 0);
}

#[tokio::test]
async fn rotation_accepts_either_configured_secret() {
    let sandbox = Sandbox::start_with("none", |c| {
        c.webhook_secrets = vec!["whsec_old".into(), "whsec_new".into()]
    })
    .await;
    let body = customer_created("evt_rot", "cus_rot", "test+billing-rot@raxx.app");
    let header =
        testkit_core::signature::signature_header(now_secs(), &["whsec_new"], body.as_bytes());
    let (status, _) = sandbox.send_raw(body.into_bytes(), Some(&header)).await;
    assert_eq!(status, 200);
}
