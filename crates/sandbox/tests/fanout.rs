//! Queue's fan-out to Raptor's mirror under faults: Raptor (a second sandbox, through
//! `--raptor-url`) down for seconds then back; 1,000 subscriptions changed while
//! mirror-sync drops 30% of its requests; and the receiver's idempotency and order, as a
//! table. Convergence is checked against Queue's own rows and, through the databases,
//! against every version Queue committed: each applied once, in order, none lost.
//! Convergence times are printed (`--nocapture`), not asserted: timing goals live in
//! the bench.

mod support;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use billing_sandbox::config::{DEFAULT_RAPTOR_TOKEN, DEFAULT_TOKEN};
use billing_sandbox::db::{Conn, Engine};
use billing_sandbox::params;
use billing_sandbox::{spawn, Running};
use serde_json::{json, Value};
use support::{event, Sandbox, TestDb};

const QUEUE: &str = "/api/v1/internal/billing";
const MIRROR_SYNC: &str = "/api/internal/billing/mirror-sync";
const MIRROR: &str = "/api/internal/billing/subscriptions?source=stripe";
/// How long a fan-out under faults may take to converge before the test fails: a bound
/// on a hang, far above what it takes.
const CONVERGE_BOUND: Duration = Duration::from_secs(120);

fn customer_created(n: usize, created: i64) -> String {
    event(
        &format!("evt_fan_cus_{n:05}"),
        "customer.created",
        created,
        json!({
            "id": format!("cus_fan_{n:05}"), "object": "customer",
            "email": format!("test+billing-fan-{n:05}@raxx.app"), "name": null,
            "metadata": { "user_id": format!("usr_fan_{n:05}") }, "livemode": false, "created": created
        }),
    )
}

/// Change `step` of subscription `n`: each step moves its status, cancellation and period.
fn subscription_step(n: usize, step: i64, created: i64) -> String {
    let (event_type, status, cancelling) = match step {
        0 => ("customer.subscription.created", "active", false),
        1 => ("customer.subscription.updated", "past_due", false),
        _ => ("customer.subscription.updated", "active", true),
    };
    event(
        &format!("evt_fan_sub_{n:05}_{step}"),
        event_type,
        created + step,
        json!({
            "id": format!("sub_fan_{n:05}"), "object": "subscription",
            "customer": format!("cus_fan_{n:05}"), "status": status,
            "cancel_at_period_end": cancelling, "current_period_end": 1_790_000_000 + step * 86_400,
            "trial_end": null, "created": 1_780_000_000, "metadata": {},
            "items": { "data": [ { "price": { "id": "price_test_pro_monthly" } } ] }
        }),
    )
}

async fn send(queue: &Sandbox, body: &str) {
    let (status, answer) = queue.send_signed(body).await;
    assert_eq!(status, 200, "{answer}");
}

/// A customer and `steps` changes of its subscription, in order.
async fn change(queue: &Sandbox, n: usize, steps: i64) {
    let t = billing_sandbox::now_secs();
    send(queue, &customer_created(n, t)).await;
    for step in 0..steps {
        send(queue, &subscription_step(n, step, t)).await;
    }
}

async fn outbox(queue: &Sandbox) -> Value {
    let (status, view) = queue.get("/__sandbox/outbox").await;
    assert_eq!(status, 200, "{view}");
    view
}

/// Waits for the outbox to drain within [`CONVERGE_BOUND`]; how long it took.
async fn converge(queue: &Sandbox) -> Duration {
    let started = Instant::now();
    loop {
        let view = outbox(queue).await;
        if view["pending"] == 0 {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < CONVERGE_BOUND,
            "not converged within {CONVERGE_BOUND:?}: {view}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Every version of every subscription Queue committed (from its outbox), against the
/// versions Raptor applied, in the order it applied them: the same, one by one.
fn assert_every_version_applied_in_order(queue_db: &TestDb, raptor_db: &TestDb) -> usize {
    let versions = |conn: &Conn, sql: &str| {
        let mut by_subscription: BTreeMap<String, Vec<i64>> = BTreeMap::new();
        for row in conn
            .query_map(sql, params![], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
            })
            .unwrap()
        {
            let (sub, version) = row.unwrap();
            by_subscription.entry(sub).or_default().push(version);
        }
        by_subscription
    };
    let committed = queue_db.queue(|c| {
        versions(
            c,
            "SELECT queue_subscription_id, version FROM mirror_outbox ORDER BY seq",
        )
    });
    let applied = raptor_db.raptor(|c| {
        // In the order applied: SQLite's rowid, Postgres's serial.
        let order = match c.engine() {
            Engine::Sqlite => "rowid",
            Engine::Postgres => "seq",
        };
        versions(c, &format!("SELECT queue_subscription_id, version FROM processed_mirror_syncs ORDER BY {order}"))
    });
    for (sub, versions) in &committed {
        let expected: Vec<i64> = (1..=versions.len() as i64).collect();
        assert_eq!(versions, &expected, "{sub}: Queue's versions");
    }
    assert_eq!(
        applied, committed,
        "Raptor applied each committed version once, in order"
    );
    committed.values().map(Vec::len).sum()
}

/// Raptor's Stripe rows equal Queue's subscriptions (status, tier, period end, renewal,
/// customer, user), matched by customer (one subscription each).
async fn assert_mirror_matches_queue(queue: &Sandbox, mirror: &[Value]) {
    let (subscriptions, _) = queue.all_rows(&format!("{QUEUE}/subscriptions"), 100).await;
    let (customers, _) = queue.all_rows(&format!("{QUEUE}/customers"), 100).await;
    let users: BTreeMap<&str, &Value> = customers
        .iter()
        .map(|c| (c["id"].as_str().unwrap(), &c["user_id"]))
        .collect();
    let rows: BTreeMap<&str, &Value> = mirror
        .iter()
        .map(|m| (m["queue_customer_id"].as_str().unwrap(), m))
        .collect();
    assert_eq!(
        rows.len(),
        subscriptions.len(),
        "one mirror row per subscription"
    );
    for s in &subscriptions {
        let customer = s["customer_id"].as_str().unwrap();
        let m = rows
            .get(customer)
            .unwrap_or_else(|| panic!("no mirror row for {s}"));
        assert_eq!(m["status"], s["status"], "{s} / {m}");
        assert_eq!(m["plan_tier"], s["plan_tier"], "{s} / {m}");
        assert_eq!(
            m["current_period_end"], s["current_period_end"],
            "{s} / {m}"
        );
        assert_eq!(
            m["auto_renew"],
            json!(!s["cancel_at_period_end"].as_bool().unwrap())
        );
        assert_eq!(&m["user_id"], users[customer]);
    }
}

/// A Raptor: a sandbox on `port` (0: any) over `db`, kept across restarts.
async fn raptor(db: &TestDb, port: u16) -> Running {
    let mut config = db.config();
    config.port = port;
    spawn(config).await.unwrap()
}

async fn rows(client: &reqwest::Client, base: &str, path: &str) -> Vec<Value> {
    let answer: Value = client
        .get(format!("{base}{path}&limit=100"))
        .bearer_auth(DEFAULT_TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(answer["has_more"], false, "{answer}");
    answer["data"].as_array().unwrap().clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn raptor_down_for_seconds_then_back_converges_with_nothing_lost() {
    const SUBSCRIPTIONS: usize = 20;
    let raptor_db = TestDb::new();
    let first = raptor(&raptor_db, 0).await;
    let raptor_port = first.addr.port();
    let raptor_base = format!("http://{}", first.addr);
    let queue = Sandbox::start_with("none", |c| {
        c.raptor_url = Some(raptor_base.clone());
        c.mirror_sync_max_backoff_ms = 1000;
    })
    .await;
    assert_eq!(outbox(&queue).await["raptor_url"], raptor_base.as_str());

    // Raptor up: the first subscription's three changes reach it.
    change(&queue, 0, 3).await;
    converge(&queue).await;

    // Raptor down (the process gone: connections refused) while Queue keeps changing.
    let _ = first.stop.send(());
    first.done.await.unwrap();
    for n in 1..SUBSCRIPTIONS {
        change(&queue, n, 3).await;
    }
    // The first customer deleted: its subscription's last message is `deleted`.
    let deleted = event(
        "evt_fan_cus_gone",
        "customer.deleted",
        billing_sandbox::now_secs() + 10,
        json!({ "id": "cus_fan_00000", "object": "customer" }),
    );
    send(&queue, &deleted).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let down = outbox(&queue).await;
    assert_eq!(down["pending"], (SUBSCRIPTIONS - 1) * 3 + 1, "{down}");
    assert!(down["failed_attempts"].as_u64().unwrap() > 0, "{down}");
    assert_eq!(down["last_error"], "cannot connect to Raptor", "{down}");
    assert!(down["oldest_age_ms"].as_i64().unwrap() >= 3000, "{down}");

    // Back, on the same address and database.
    let back = raptor(&raptor_db, raptor_port).await;
    let took = converge(&queue).await;
    println!(
        "raptor down 3 s then back: converged {} ms after it came back",
        took.as_millis()
    );

    let client = reqwest::Client::new();
    let mirror = rows(&client, &raptor_base, MIRROR).await;
    assert_mirror_matches_queue(&queue, &mirror).await;
    assert!(
        mirror
            .iter()
            .all(|m| m["queue_customer_id"] != "qcus_00000001"),
        "the deleted customer's row is gone"
    );
    let messages = assert_every_version_applied_in_order(&queue.db, &raptor_db);
    assert_eq!(messages, SUBSCRIPTIONS * 3 + 1);
    // Queue never wrote Raptor's mirror itself: its own mirror (this sandbox's Raptor) is
    // untouched.
    assert_eq!(queue.counts().await["billing_subscription_mirror"], 0);
    let _ = back.stop.send(());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_subscriptions_changed_under_a_30_percent_drop_converge() {
    const SUBSCRIPTIONS: usize = 1000;
    let queue = std::sync::Arc::new(
        Sandbox::start_with("none", |c| c.mirror_sync_max_backoff_ms = 1000).await,
    );
    queue.set_faults(&["mirror-sync:drop=0.3"]).await;
    let started = Instant::now();
    let mut senders = tokio::task::JoinSet::new();
    for worker in 0..8 {
        let queue = queue.clone();
        senders.spawn(async move {
            for n in (worker..SUBSCRIPTIONS).step_by(8) {
                change(&queue, n, 2).await;
            }
        });
    }
    while let Some(done) = senders.join_next().await {
        done.unwrap();
    }
    let sent = started.elapsed();
    let took = converge(&queue).await;
    println!(
        "1,000 subscriptions x 2 changes under drop=0.3: sent in {} ms, converged {} ms later",
        sent.as_millis(),
        took.as_millis()
    );
    let view = outbox(&queue).await;
    let delivered = view["delivered"].as_u64().unwrap();
    let failed = view["failed_attempts"].as_u64().unwrap();
    assert_eq!(delivered, 2 * SUBSCRIPTIONS as u64, "{view}");
    assert_eq!(view["attempts"].as_u64().unwrap(), delivered + failed);
    // About 30% of 2,000 first attempts, and of their retries, were dropped.
    assert!(failed > 400, "the fault dropped too little to test: {view}");
    assert_eq!(view["last_error"], "HTTP 503 unavailable", "{view}");
    println!(
        "  attempts {}, dropped {failed}, lag {}",
        view["attempts"], view["lag_ms"]
    );

    let (mirror, _) = queue.all_rows(MIRROR, 100).await;
    assert_mirror_matches_queue(&queue, &mirror).await;
    let messages = assert_every_version_applied_in_order(&queue.db, &queue.db);
    assert_eq!(messages, 2 * SUBSCRIPTIONS);
}

/// POSTs a mirror-sync body with `token`.
async fn post(sandbox: &Sandbox, body: &Value, token: Option<&str>) -> (u16, Value) {
    let mut request = sandbox.client.post(sandbox.url(MIRROR_SYNC)).json(body);
    if let Some(t) = token {
        request = request.bearer_auth(t);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn message(sync_id: &str, version: i64, status: &str, deleted: bool) -> Value {
    json!({
        "sync_id": sync_id, "version": version,
        "queue_subscription_id": "qsub_table", "stripe_subscription_id": "sub_table",
        "queue_customer_id": "qcus_table", "user_id": "usr_table", "plan_tier": "pro",
        "status": status, "cancel_at_period_end": false,
        "current_period_end": "2026-09-21T14:13:20Z", "deleted": deleted
    })
}

#[tokio::test]
async fn the_receiver_is_idempotent_and_never_writes_older_over_newer() {
    let raptor = Sandbox::start("none").await;
    let token = Some(DEFAULT_RAPTOR_TOKEN);
    // (message, answer, the mirror row's status afterwards: None for no row).
    let table: [(Value, Value, Option<&str>); 9] = [
        (
            message("s1", 1, "trialing", false),
            json!({ "applied": true }),
            Some("trialing"),
        ),
        (
            message("s1", 1, "trialing", false),
            json!({ "applied": false, "reason": "duplicate" }),
            Some("trialing"),
        ),
        (
            message("s3", 3, "past_due", false),
            json!({ "applied": true }),
            Some("past_due"),
        ),
        // Version 2 arriving after 3: older, whatever it says.
        (
            message("s2", 2, "active", false),
            json!({ "applied": false, "reason": "older" }),
            Some("past_due"),
        ),
        // A second message claiming version 3 does not replace the first.
        (
            message("s3b", 3, "unpaid", false),
            json!({ "applied": false, "reason": "older" }),
            Some("past_due"),
        ),
        (
            message("s1", 1, "trialing", false),
            json!({ "applied": false, "reason": "duplicate" }),
            Some("past_due"),
        ),
        (
            message("s4", 4, "canceled", false),
            json!({ "applied": true }),
            Some("canceled"),
        ),
        (
            message("s5", 5, "canceled", true),
            json!({ "applied": true }),
            None,
        ),
        // A deleted row is not revived by an older message.
        (
            message("s2", 2, "active", false),
            json!({ "applied": false, "reason": "older" }),
            None,
        ),
    ];
    for (i, (body, answer, status)) in table.iter().enumerate() {
        let (code, got) = post(&raptor, body, token).await;
        assert_eq!((code, &got), (200, answer), "row {i}: {body}");
        let (_, mirror) = raptor.get(MIRROR).await;
        let row = mirror["data"].as_array().unwrap().first().cloned();
        assert_eq!(
            row.as_ref().map(|r| r["status"].as_str().unwrap()),
            *status,
            "row {i}: {mirror}"
        );
        if let Some(row) = row {
            assert_eq!(row["user_id"], "usr_table");
            assert_eq!(row["queue_customer_id"], "qcus_table");
            assert_eq!(row["current_period_end"], "2026-09-21T14:13:20Z");
        }
    }
    // s1, s3, s4 and s5: the applied ones only.
    assert_eq!(raptor.counts().await["processed_mirror_syncs"], 4);
}

#[tokio::test]
async fn the_receiver_refuses_bad_bodies_and_other_tokens_writing_nothing() {
    let raptor = Sandbox::start("none").await;
    let good = message("ok", 1, "active", false);
    let mut bad: Vec<Value> = vec![json!([]), json!("text")];
    for (key, value) in [
        ("version", json!(0)),
        ("version", json!("1")),
        ("sync_id", json!("")),
        ("deleted", json!(null)),
        ("current_period_end", json!("next month")),
        ("user_id", json!(7)),
    ] {
        let mut body = good.clone();
        body[key] = value;
        bad.push(body);
    }
    for key in ["queue_subscription_id", "user_id", "cancel_at_period_end"] {
        let mut body = good.clone();
        body.as_object_mut().unwrap().remove(key);
        bad.push(body);
    }
    for body in &bad {
        let (code, answer) = post(&raptor, body, Some(DEFAULT_RAPTOR_TOKEN)).await;
        assert_eq!(code, 400, "{body}: {answer}");
        assert_eq!(answer["error"]["code"], "invalid_request", "{body}");
    }
    let not_json = raptor
        .client
        .post(raptor.url(MIRROR_SYNC))
        .bearer_auth(DEFAULT_RAPTOR_TOKEN)
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status().as_u16(), 400);
    // Queue's internal token is not Raptor's: 401, as no token at all.
    for token in [None, Some(DEFAULT_TOKEN), Some("wrong")] {
        let (code, answer) = post(&raptor, &good, token).await;
        assert_eq!(
            (code, answer["error"]["code"].as_str()),
            (401, Some("unauthorized")),
            "{token:?}"
        );
    }
    let counts = raptor.counts().await;
    assert_eq!(counts["processed_mirror_syncs"], 0);
    assert_eq!(counts["billing_subscription_mirror"], 0);
}

#[tokio::test]
async fn faults_make_mirror_sync_down_and_the_outbox_shows_it() {
    let sandbox = Sandbox::start("none").await;
    sandbox.set_faults(&["mirror-sync:status=503"]).await;
    change(&sandbox, 1, 1).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let view = outbox(&sandbox).await;
    assert_eq!(view["pending"], 1, "{view}");
    assert_eq!(view["delivered"], 0, "{view}");
    assert_eq!(view["last_error"], "HTTP 503 unavailable", "{view}");
    assert!(view["last_error_at"].is_string(), "{view}");
    assert_eq!(sandbox.counts().await["billing_subscription_mirror"], 0);
    let response = sandbox
        .client
        .delete(sandbox.url("/__sandbox/faults"))
        .bearer_auth(DEFAULT_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let view = sandbox.fanout_drained().await;
    assert_eq!(view["delivered"], 1, "{view}");
    assert_eq!(view["lag_ms"]["samples"], 1, "{view}");
    assert!(view["lag_ms"]["p50"].as_i64().unwrap() >= 400, "{view}");
    assert_eq!(sandbox.counts().await["billing_subscription_mirror"], 1);
    // The view needs Queue's token.
    let (status, _) = sandbox.get_as("/__sandbox/outbox", None).await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn a_raptor_url_that_is_not_plain_http_or_is_production_is_refused() {
    for url in [
        "ftp://raptor.example",
        "https://queue.raxx.app",
        "http://user:pw@raptor",
    ] {
        let db = TestDb::new();
        let mut config = db.config();
        config.raptor_url = Some(url.into());
        let err = spawn(config)
            .await
            .err()
            .unwrap_or_else(|| panic!("{url} accepted"));
        assert!(err.starts_with("--raptor-url: "), "{url}: {err}");
    }
}

#[tokio::test]
async fn pruning_removes_delivered_messages_and_keeps_undelivered_ones() {
    let sandbox = Sandbox::start("none").await;
    change(&sandbox, 1, 2).await;
    sandbox.fanout_drained().await;
    sandbox.set_faults(&["mirror-sync:status=503"]).await;
    change(&sandbox, 2, 1).await;
    let outbox_rows = || sandbox.db.queue_count("SELECT COUNT(*) FROM mirror_outbox");
    let delivered = outbox_rows() - 1;
    assert!(delivered >= 2, "subscription 1's changes were delivered");
    // What the worker does every minute with a cut an hour back: what was delivered before
    // the cut goes.
    let removed = sandbox.db.queue(|c| {
        billing_sandbox::fanout::outbox::prune(c, billing_sandbox::fanout::outbox::now_ms() + 1)
    });
    assert_eq!(removed.unwrap() as i64, delivered);
    assert_eq!(outbox_rows(), 1, "the undelivered message stays");
    sandbox.set_faults(&[]).await;
    let view = sandbox.fanout_drained().await;
    assert_eq!(view["pending"], 0, "{view}");
    assert_eq!(
        sandbox.db.raptor_count(
            "SELECT COUNT(*) FROM billing_subscription_mirror WHERE subscription_source = 'stripe'"
        ),
        2
    );
}

/// The subscription's newest outbox message, and the message its row and customer give
/// when read back: the two must be the same (a delivery writes the message from what it
/// wrote, without reading the row again).
fn newest_message_and_row(db: &TestDb, stripe_subscription: &str) -> (Value, Value) {
    db.queue(|c| {
        let body: String = c
            .query_row(
                "SELECT o.body FROM mirror_outbox o
                 JOIN billing_subscription s ON s.id = o.queue_subscription_id
                 WHERE s.stripe_subscription_id = ?1 ORDER BY o.version DESC LIMIT 1",
                params![stripe_subscription],
                |r| r.get(0),
            )
            .unwrap();
        let row = c
            .query_row(
                "SELECT s.id, s.stripe_subscription_id, s.customer_id, c.user_id, s.plan_tier,
                        s.status, s.cancel_at_period_end, s.current_period_end, s.updated_at,
                        s.mirror_version
                 FROM billing_subscription s JOIN billing_customer c ON c.id = s.customer_id
                 WHERE s.stripe_subscription_id = ?1",
                params![stripe_subscription],
                |r| {
                    let id: String = r.get(0)?;
                    let version: i64 = r.get(9)?;
                    Ok(json!({
                        "sync_id": format!("msync_{id}_{version}"), "version": version,
                        "queue_subscription_id": id,
                        "stripe_subscription_id": r.get::<_, String>(1)?,
                        "queue_customer_id": r.get::<_, String>(2)?,
                        "user_id": r.get::<_, Option<String>>(3)?,
                        "plan_tier": r.get::<_, String>(4)?, "status": r.get::<_, String>(5)?,
                        "cancel_at_period_end": r.get::<_, bool>(6)?,
                        "current_period_end": r.get::<_, Option<String>>(7)?,
                        "deleted": false, "updated_at": r.get::<_, String>(8)?,
                    }))
                },
            )
            .unwrap();
        (serde_json::from_str(&body).unwrap(), row)
    })
}

#[tokio::test]
async fn each_message_is_the_subscription_row_as_committed() {
    let queue = Sandbox::start_with("none", |_| {}).await;
    // Nothing is delivered: the messages are compared as committed.
    queue.set_faults(&["mirror-sync:status=503"]).await;
    let t = billing_sandbox::now_secs();
    let subscription = |id: &str, customer: &str, n: i64, object: Value| {
        let mut object = object;
        object["id"] = json!(id);
        object["object"] = json!("subscription");
        object["customer"] = json!(customer);
        object["created"] = json!(1_780_000_000);
        object["metadata"] = json!({});
        event(
            &format!("evt_msg_{id}_{n}"),
            if n == 0 {
                "customer.subscription.created"
            } else {
                "customer.subscription.updated"
            },
            t + n,
            object,
        )
    };
    let price = json!({ "data": [ { "price": { "id": "price_test_pro_monthly" } } ] });
    let steps = [
        // A customer Queue does not know yet: its placeholder has no user.
        subscription(
            "sub_msg_a",
            "cus_msg_a",
            0,
            json!({
                "status": "trialing", "cancel_at_period_end": false,
                "current_period_end": 1_790_000_000, "trial_end": 1_790_000_000, "items": price
            }),
        ),
        // The customer arrives with its user: the next change carries it.
        customer_created(901, t + 1),
        subscription(
            "sub_msg_b",
            "cus_fan_00901",
            0,
            json!({
                "status": "active", "cancel_at_period_end": false,
                "current_period_end": 1_790_000_000, "items": price
            }),
        ),
        // Cancelling at the period's end, with the period on the item (newer API versions).
        subscription(
            "sub_msg_b",
            "cus_fan_00901",
            2,
            json!({
                "status": "active", "cancel_at_period_end": true,
                "items": { "data": [ { "price": { "id": "price_test_pro_monthly" },
                                       "current_period_end": 1_800_000_000 } ] }
            }),
        ),
    ];
    for body in &steps {
        send(&queue, body).await;
    }
    for sub in ["sub_msg_a", "sub_msg_b"] {
        let (message, row) = newest_message_and_row(&queue.db, sub);
        assert_eq!(message, row, "{sub}");
    }
    let (message, _) = newest_message_and_row(&queue.db, "sub_msg_b");
    assert_eq!(message["user_id"], "usr_fan_00901");
    assert_eq!(message["cancel_at_period_end"], true);
    assert_eq!(message["version"], 2);

    // A failed payment that arrived before its subscription: the subscription's event
    // makes it past_due, and the message says so.
    send(
        &queue,
        &event(
            "evt_msg_inv_c",
            "invoice.payment_failed",
            t + 5,
            json!({
                "id": "in_msg_c", "object": "invoice", "customer": "cus_fan_00901",
                "subscription": "sub_msg_c", "status": "open", "amount_due": 9900,
                "currency": "usd", "created": t + 5
            }),
        ),
    )
    .await;
    send(
        &queue,
        &subscription(
            "sub_msg_c",
            "cus_fan_00901",
            0,
            json!({
                "status": "active", "cancel_at_period_end": false,
                "current_period_end": 1_790_000_000, "items": price
            }),
        ),
    )
    .await;
    let (message, row) = newest_message_and_row(&queue.db, "sub_msg_c");
    assert_eq!(message, row);
    assert_eq!(message["status"], "past_due");
}
