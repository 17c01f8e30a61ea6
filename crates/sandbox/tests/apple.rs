//! Raptor's App Store notification endpoint: each lifecycle step changes the iOS mirror
//! as Apple's statuses say; a notification is applied once however often it arrives;
//! every rejection names Apple's status and writes nothing; a real Apple-signed payload
//! verifies against Apple Root CA - G3.

mod support;

use billing_sandbox::http::apple::chain_from_test_signer;
use serde_json::{json, Value};
use support::Sandbox;
use testkit_core::appstore::{
    craft, craft_values, sign_crafted, ChainOptions, CraftInput, Environment, Event, TestChain,
    REAL_SANDBOX_TEST_NOTIFICATION,
};

const RAPTOR: &str = "/api/internal/billing/subscriptions?source=ios";
const NOTIFICATIONS: &str = "/api/subscriptions/apple/notifications";
const DAY_MS: i64 = 86_400_000;

/// The sandbox's own test chain, as the page gets it.
async fn sandbox_chain(sandbox: &Sandbox) -> TestChain {
    let (status, signer) = sandbox.get("/__sandbox/apple/test-signer").await;
    assert_eq!(status, 200, "{signer}");
    chain_from_test_signer(&signer).unwrap()
}

fn input(user: &str, uuid: &str, signed_ms: i64) -> CraftInput {
    let start = 1_790_000_000_000;
    CraftInput::new(
        "app.raxx",
        "app.raxx.pro.monthly",
        Environment::Sandbox,
        user,
        uuid,
        start,
        start + 30 * DAY_MS,
        signed_ms,
    )
}

async fn post(sandbox: &Sandbox, signed_payload: &str) -> (u16, Value) {
    let response = sandbox
        .client
        .post(sandbox.url(NOTIFICATIONS))
        .json(&json!({ "signedPayload": signed_payload }))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn ios_rows(sandbox: &Sandbox) -> Vec<Value> {
    sandbox.all_rows(RAPTOR, 100).await.0
}

#[tokio::test]
async fn each_lifecycle_step_changes_the_mirror() {
    let sandbox = Sandbox::start("demo").await;
    let chain = sandbox_chain(&sandbox).await;
    let before = ios_rows(&sandbox).await.len();
    // (event, mirror status, auto_renew, tier) after it; TEST changes nothing.
    let steps = [
        (Event::InitialBuy, "active", true, "pro"),
        (Event::DidRenew, "active", true, "pro"),
        (Event::AutoRenewDisabled, "active", false, "pro"),
        (Event::AutoRenewEnabled, "active", true, "pro"),
        (Event::Upgrade, "active", true, "pro_plus"),
        (
            Event::FailToRenewGracePeriod,
            "billing_grace_period",
            true,
            "pro_plus",
        ),
        (Event::GracePeriodExpired, "billing_retry", true, "pro_plus"),
        (Event::BillingRecovery, "active", true, "pro_plus"),
        (Event::FailToRenew, "billing_retry", true, "pro_plus"),
        (Event::ExpiredBillingRetry, "expired", false, "pro_plus"),
        (Event::Resubscribe, "active", true, "pro_plus"),
        (Event::ExpiredVoluntary, "expired", false, "pro_plus"),
        (Event::Refund, "revoked", false, "pro_plus"),
    ];
    let mut tier_product = "app.raxx.pro.monthly";
    for (i, (event, status, auto_renew, tier)) in steps.into_iter().enumerate() {
        let mut input = input(
            "usr_demo_002",
            &format!("00000000-0000-4000-8000-{i:012}"),
            1_790_000_000_000 + i as i64 * 1000,
        );
        input.product_id = tier_product.to_string();
        let signed = sign_crafted(craft_values(event, &input), &chain);
        let (code, answer) = post(&sandbox, &signed.signed_payload).await;
        assert_eq!(code, 200, "{event:?}: {answer}");
        assert_eq!(answer["duplicate"], false);
        let rows = ios_rows(&sandbox).await;
        assert_eq!(
            rows.len(),
            before + 1,
            "one subscription, one row: {event:?}"
        );
        let row = rows
            .iter()
            .find(|r| r["user_id"] == "usr_demo_002")
            .expect("the user is known from the demo");
        assert_eq!(row["status"], status, "{event:?}");
        assert_eq!(row["auto_renew"], auto_renew, "{event:?}");
        assert_eq!(row["plan_tier"], tier, "{event:?}");
        assert_eq!(row["environment"], "Sandbox");
        if event == Event::Upgrade {
            tier_product = "app.raxx.pro_plus.monthly";
        }
    }
    // TEST is recorded and changes nothing.
    let test = sign_crafted(
        craft_values(
            Event::Test,
            &input(
                "usr_demo_002",
                "11111111-0000-4000-8000-000000000000",
                1_790_000_100_000,
            ),
        ),
        &chain,
    );
    let rows = ios_rows(&sandbox).await;
    assert_eq!(post(&sandbox, &test.signed_payload).await.0, 200);
    assert_eq!(ios_rows(&sandbox).await, rows);
}

#[tokio::test]
async fn an_older_notification_does_not_undo_a_newer_one() {
    let sandbox = Sandbox::start("none").await;
    let chain = sandbox_chain(&sandbox).await;
    let newer = sign_crafted(
        craft_values(
            Event::ExpiredVoluntary,
            &input(
                "u1",
                "aaaaaaaa-0000-4000-8000-000000000002",
                1_790_000_002_000,
            ),
        ),
        &chain,
    );
    let older = sign_crafted(
        craft_values(
            Event::DidRenew,
            &input(
                "u1",
                "aaaaaaaa-0000-4000-8000-000000000001",
                1_790_000_001_000,
            ),
        ),
        &chain,
    );
    assert_eq!(post(&sandbox, &newer.signed_payload).await.0, 200);
    assert_eq!(post(&sandbox, &older.signed_payload).await.0, 200);
    let rows = ios_rows(&sandbox).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["status"], "expired");
    assert_eq!(
        rows[0]["user_id"],
        Value::Null,
        "an unknown user's token stays unresolved"
    );
}

#[tokio::test]
async fn fifty_parallel_deliveries_of_one_notification_apply_once() {
    let sandbox = std::sync::Arc::new(Sandbox::start("none").await);
    let chain = sandbox_chain(&sandbox).await;
    let signed = sign_crafted(
        craft_values(
            Event::InitialBuy,
            &input(
                "u2",
                "bbbbbbbb-0000-4000-8000-000000000001",
                1_790_000_000_000,
            ),
        ),
        &chain,
    );
    let mut deliveries = tokio::task::JoinSet::new();
    for _ in 0..50 {
        let (sandbox, payload) = (sandbox.clone(), signed.signed_payload.clone());
        deliveries.spawn(async move { post(&sandbox, &payload).await });
    }
    let mut fresh = 0;
    while let Some(answer) = deliveries.join_next().await {
        let (code, answer) = answer.unwrap();
        assert_eq!(code, 200, "{answer}");
        fresh += usize::from(answer["duplicate"] == false);
    }
    assert_eq!(fresh, 1, "exactly one delivery applied it");
    let counts = sandbox.counts().await;
    assert_eq!(counts["processed_apple_notifications"], 1);
    assert_eq!(counts["billing_action_log"], 1);
    assert_eq!(counts["billing_subscription_mirror"], 1);
}

#[tokio::test]
async fn every_rejection_names_apples_status_and_writes_nothing() {
    let sandbox = Sandbox::start("demo").await;
    let chain = sandbox_chain(&sandbox).await;
    let other = TestChain::build(&ChainOptions {
        seed: "not the sandbox's".into(),
        ..ChainOptions::default()
    });
    let good = input(
        "usr_demo_002",
        "cccccccc-0000-4000-8000-000000000001",
        1_790_000_000_000,
    );
    let sign = |c: &TestChain, i: &CraftInput| sign_crafted(craft_values(Event::InitialBuy, i), c);
    let mut wrong_bundle = good.clone();
    wrong_bundle.bundle_id = "com.example.other".into();
    let mut production = good.clone();
    production.environment = Environment::Production;
    production.app_apple_id = Some(1_234_567_890);
    // A notification from the sandbox's chain carrying a transaction signed by another.
    let crafted = craft(Event::InitialBuy, &good);
    let foreign_tx = other.sign(
        &serde_json::from_str::<Value>(crafted.transaction.as_deref().unwrap())
            .unwrap()
            .to_string(),
    );
    let mixed = chain.sign(&crafted.assemble(Some(&foreign_tx), None).unwrap());
    let tampered = {
        let jws = sign(&chain, &good).signed_payload;
        let mut parts: Vec<String> = jws.split('.').map(String::from).collect();
        parts[1] = format!("{}A", &parts[1][..parts[1].len() - 1]);
        parts.join(".")
    };
    let cases: Vec<(String, &str)> = vec![
        (
            sign(&other, &good).signed_payload,
            "signedPayload: VERIFICATION_FAILURE",
        ),
        (
            sign(&chain, &wrong_bundle).signed_payload,
            "signedPayload: INVALID_APP_IDENTIFIER",
        ),
        (
            sign(&chain, &production).signed_payload,
            "signedPayload: INVALID_ENVIRONMENT",
        ),
        (mixed, "data.signedTransactionInfo: VERIFICATION_FAILURE"),
        (tampered, "signedPayload: VERIFICATION_FAILURE"),
        ("not a jws".into(), "signedPayload: VERIFICATION_FAILURE"),
    ];
    let before = sandbox.counts().await;
    for (payload, expected) in cases {
        let (code, answer) = post(&sandbox, &payload).await;
        assert_eq!(code, 400, "{expected}: {answer}");
        assert_eq!(answer["error"]["code"], "invalid_request");
        let message = answer["error"]["message"].as_str().unwrap();
        assert!(message.starts_with(expected), "{expected} / {message}");
        assert!(message.contains("nothing was written"), "{message}");
    }
    let response = sandbox
        .client
        .post(sandbox.url(NOTIFICATIONS))
        .body("{\"payload\": 1}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    assert_eq!(
        sandbox.counts().await,
        before,
        "a rejection wrote something"
    );
}

#[tokio::test]
async fn a_real_apple_payload_verifies_against_g3() {
    let sandbox = Sandbox::start_with("none", |c| {
        c.apple_bundle_id = "com.loki-project.loki-messenger".into();
    })
    .await;
    let (code, answer) = post(&sandbox, REAL_SANDBOX_TEST_NOTIFICATION.trim()).await;
    assert_eq!(code, 200, "{answer}");
    assert_eq!(sandbox.counts().await["processed_apple_notifications"], 1);
    // The default bundle id refuses it, naming why.
    let default = Sandbox::start("none").await;
    let (code, answer) = post(&default, REAL_SANDBOX_TEST_NOTIFICATION.trim()).await;
    assert_eq!(code, 400);
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .contains("INVALID_APP_IDENTIFIER"),
        "{answer}"
    );
}

#[tokio::test]
async fn the_test_root_is_served_as_pem_with_the_token_only() {
    let sandbox = Sandbox::start("none").await;
    let response = sandbox
        .client
        .get(sandbox.url("/__sandbox/apple/test-root"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);
    let response = sandbox
        .client
        .get(sandbox.url("/__sandbox/apple/test-root"))
        .bearer_auth("sandbox-token")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let pem = response.text().await.unwrap();
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"), "{pem}");
    let chain = sandbox_chain(&sandbox).await;
    assert_eq!(pem, chain.root.pem);
}

/// Every processed notification has its log row and its mirror row, and no row exists
/// without its notification.
fn assert_apple_consistent(db: &support::TestDb) -> i64 {
    db.raptor(|conn| {
        use billing_sandbox::params;
        let count = |sql: &str| -> i64 { conn.query_row(sql, params![], |r| r.get(0)).unwrap() };
        if conn.engine() == billing_sandbox::db::Engine::Sqlite {
            assert_eq!(
                conn.query_row("PRAGMA integrity_check", params![], |r| r
                    .get::<_, String>(0))
                    .unwrap(),
                "ok"
            );
        }
        let processed = count("SELECT COUNT(*) FROM processed_apple_notifications");
        assert_eq!(count("SELECT COUNT(*) FROM billing_action_log"), processed);
        assert_eq!(
        count("SELECT COUNT(*) FROM billing_subscription_mirror WHERE subscription_source = 'ios'"),
        processed
    );
        processed
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sigkill_mid_burst_leaves_no_partial_notification() {
    const BURST: usize = 300;
    let db = support::TestDb::new();
    let (mut child, port) = support::start_binary(&db);
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let signer: Value = client
        .get(format!("{base}/__sandbox/apple/test-signer"))
        .bearer_auth("sandbox-token")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let chain = chain_from_test_signer(&signer).unwrap();
    // One subscription per user: each notification writes its own mirror row.
    let payloads: Vec<String> = (0..BURST)
        .map(|i| {
            let input = input(
                &format!("burst_user_{i}"),
                &format!("dddddddd-0000-4000-8000-{i:012}"),
                1_790_000_000_000,
            );
            sign_crafted(craft_values(Event::InitialBuy, &input), &chain).signed_payload
        })
        .collect();
    let send = |client: reqwest::Client, base: String, payload: String| async move {
        let response = client
            .post(format!("{base}{NOTIFICATIONS}"))
            .json(&json!({ "signedPayload": payload }))
            .send()
            .await
            .ok()?;
        let answer: Value = response.json().await.ok()?;
        answer["duplicate"].as_bool()
    };
    let acked = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut burst = tokio::task::JoinSet::new();
    for payload in &payloads {
        let (client, base, payload, acked) =
            (client.clone(), base.clone(), payload.clone(), acked.clone());
        burst.spawn(async move {
            if send(client, base, payload).await == Some(false) {
                acked.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            }
        });
    }
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while acked.load(std::sync::atomic::Ordering::SeqCst) < 60 {
        assert!(
            std::time::Instant::now() < deadline,
            "the sandbox acknowledged nothing in 60 s"
        );
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    while burst.join_next().await.is_some() {}
    let processed = assert_apple_consistent(&db);
    assert!(processed as usize >= acked.load(std::sync::atomic::Ordering::SeqCst));
    assert!(
        (processed as usize) < BURST,
        "the kill came after the burst"
    );

    // Restarted on the same database (the same test chain): the rest apply, each once.
    let (mut child, port) = support::start_binary(&db);
    let base = format!("http://127.0.0.1:{port}");
    let mut duplicates = 0;
    for payload in &payloads {
        match send(client.clone(), base.clone(), payload.clone()).await {
            Some(true) => duplicates += 1,
            Some(false) => {}
            None => panic!("a delivery failed after the restart"),
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(duplicates, processed as usize);
    assert_eq!(assert_apple_consistent(&db), BURST as i64);
}
