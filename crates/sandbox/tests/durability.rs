//! Idempotency under concurrency, crash safety under SIGKILL, and the schema's promises.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use billing_sandbox::db::Engine;
use billing_sandbox::now_secs;
use billing_sandbox::params;
use serde_json::json;
use support::{event, start_binary, Sandbox, TestDb};
use testkit_core::signature::signature_header;

fn subscription_created(i: usize) -> String {
    event(
        &format!("evt_burst_{i:05}"),
        "customer.subscription.created",
        now_secs(),
        json!({
            "id": format!("sub_burst_{i:05}"), "object": "subscription", "customer": format!("cus_burst_{i:05}"),
            "status": "active", "cancel_at_period_end": false, "current_period_end": 1_790_000_000,
            "created": 1_780_000_000, "metadata": { "plan_tier": "pro" }, "items": { "data": [] }
        }),
    )
}

#[tokio::test]
async fn the_same_event_fifty_times_in_parallel_is_applied_once() {
    let sandbox = Arc::new(Sandbox::start("none").await);
    let body = subscription_created(1);
    let mut deliveries = tokio::task::JoinSet::new();
    for _ in 0..50 {
        let sandbox = sandbox.clone();
        let body = body.clone();
        deliveries.spawn(async move { sandbox.send_signed(&body).await });
    }
    let mut first = 0;
    let mut duplicates = 0;
    while let Some(result) = deliveries.join_next().await {
        let (status, answer) = result.unwrap();
        assert_eq!(status, 200, "{answer}");
        match answer["duplicate"].as_bool() {
            Some(false) => first += 1,
            Some(true) => duplicates += 1,
            None => panic!("{answer}"),
        }
    }
    assert_eq!((first, duplicates), (1, 49));
    let counts = sandbox.counts().await;
    assert_eq!(counts["processed_stripe_events"], 1);
    assert_eq!(counts["billing_action_log"], 1);
    assert_eq!(counts["billing_subscription"], 1);
}

async fn post(client: &reqwest::Client, port: u16, body: String) -> Option<bool> {
    let header = signature_header(
        now_secs(),
        &["whsec_billing_testkit_sandbox"],
        body.as_bytes(),
    );
    let response = client
        .post(format!("http://127.0.0.1:{port}/api/v1/billing/webhook"))
        .header("Stripe-Signature", header)
        .body(body)
        .send()
        .await
        .ok()?;
    let answer: serde_json::Value = response.json().await.ok()?;
    answer["duplicate"].as_bool()
}

/// Every processed event has all of its rows in Queue, its fan-out message among them
/// (Raptor's mirror follows later, from the outbox), and nothing exists without its event.
fn assert_consistent(db: &TestDb) -> i64 {
    db.queue(|conn| {
    if conn.engine() == Engine::Sqlite {
        let check: String = conn
            .query_row("PRAGMA integrity_check", params![], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");
    }
    let count = |sql: &str| -> i64 { conn.query_row(sql, params![], |r| r.get(0)).unwrap() };
    let processed = count("SELECT COUNT(*) FROM processed_stripe_events");
    for table in [
        "billing_action_log",
        "billing_subscription",
        "billing_customer",
        "mirror_outbox",
    ] {
        assert_eq!(
            count(&format!("SELECT COUNT(*) FROM {table}")),
            processed,
            "{table}"
        );
    }
    let orphans = count(
        "SELECT COUNT(*) FROM billing_subscription s WHERE NOT EXISTS
         (SELECT 1 FROM processed_stripe_events p WHERE p.event_id = 'evt_burst_' || substr(s.stripe_subscription_id, 11))",
    );
    assert_eq!(orphans, 0);
    processed
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sigkill_mid_burst_leaves_every_event_whole_or_absent() {
    const EVENTS: usize = 600;
    let db = TestDb::new();
    let (mut child, port) = start_binary(&db);
    let client = reqwest::Client::new();
    let acknowledged = Arc::new(AtomicUsize::new(0));
    let acked_ids = Arc::new(std::sync::Mutex::new(Vec::new()));
    let mut burst = tokio::task::JoinSet::new();
    for i in 0..EVENTS {
        let (client, acknowledged, acked_ids) =
            (client.clone(), acknowledged.clone(), acked_ids.clone());
        burst.spawn(async move {
            if post(&client, port, subscription_created(i)).await == Some(false) {
                acknowledged.fetch_add(1, Ordering::SeqCst);
                acked_ids.lock().unwrap().push(i);
            }
        });
    }
    while acknowledged.load(Ordering::SeqCst) < 150 {
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    while burst.join_next().await.is_some() {}

    let acked = acked_ids.lock().unwrap().clone();
    let processed = assert_consistent(&db);
    assert!(
        processed as usize >= acked.len(),
        "an acknowledged event was lost"
    );
    assert!(
        (processed as usize) < EVENTS,
        "the kill came after the burst; nothing was tested"
    );
    db.queue(|conn| {
        for i in &acked {
            let n: i64 = conn
                .query_row(
                    "SELECT COUNT(*) FROM processed_stripe_events WHERE event_id = ?1",
                    params![format!("evt_burst_{i:05}")],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(n, 1, "acknowledged evt_burst_{i:05} is missing");
        }
    });

    // Restart on the same database: Stripe's retries then complete the set, each exactly once.
    let (mut child, port) = start_binary(&db);
    let mut duplicates = 0;
    for i in 0..EVENTS {
        match post(&client, port, subscription_created(i)).await {
            Some(true) => duplicates += 1,
            Some(false) => {}
            None => panic!("delivery {i} failed after restart"),
        }
    }
    // The outbox survived the kill: the restarted worker delivers what the first one
    // had not, so Raptor's mirror ends with every subscription.
    support::fanout_drained(&client, &format!("http://127.0.0.1:{port}")).await;
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(duplicates, processed as usize);
    assert_eq!(assert_consistent(&db), EVENTS as i64);
    let mirrored = db.raptor_count(
        "SELECT COUNT(*) FROM billing_subscription_mirror WHERE subscription_source = 'stripe'",
    );
    assert_eq!(mirrored, EVENTS as i64);
}

/// The tables of a database, by name.
fn tables(conn: &billing_sandbox::db::Conn) -> Vec<String> {
    let sql = match conn.engine() {
        Engine::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
        Engine::Postgres => {
            "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        }
    };
    conn.query_map(sql, params![], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The log refuses UPDATE and DELETE (and, on Postgres, TRUNCATE) and keeps its `rows`.
fn assert_append_only(conn: &billing_sandbox::db::Conn, rows: i64) {
    let mut refused = vec![
        conn.execute(
            "UPDATE billing_action_log SET action = 'rewritten'",
            params![],
        ),
        conn.execute("DELETE FROM billing_action_log", params![]),
    ];
    if conn.engine() == Engine::Postgres {
        refused.push(conn.execute("TRUNCATE billing_action_log", params![]));
    }
    for attempt in refused {
        assert!(attempt.unwrap_err().to_string().contains("append-only"));
    }
    let kept: i64 = conn
        .query_row("SELECT COUNT(*) FROM billing_action_log", params![], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(kept, rows);
}

#[tokio::test]
async fn schema_names_match_the_runbook_and_the_log_is_append_only() {
    let sandbox = Sandbox::start("none").await;
    sandbox.send_signed(&subscription_created(7)).await;
    let queue = [
        "billing_action_log",
        "billing_customer",
        "billing_invoice",
        "billing_subscription",
        "mirror_outbox",
        "processed_stripe_events",
        "sandbox_environment",
        "schema_changes",
    ];
    let raptor = [
        "apple_account_tokens",
        "billing_action_log",
        "billing_subscription_mirror",
        "processed_apple_notifications",
        "processed_mirror_syncs",
        "sandbox_apple_test_chain",
        "schema_changes",
    ];
    if sandbox.db.is_postgres() {
        // Queue's database and Raptor's apart, as in staging; each has its own audit log.
        assert_eq!(sandbox.db.queue(tables), queue);
        assert_eq!(sandbox.db.raptor(tables), raptor);
        sandbox.db.queue(|c| assert_append_only(c, 1));
        sandbox.db.raptor(|c| assert_append_only(c, 0));
    } else {
        let mut both: Vec<&str> = queue.iter().chain(raptor.iter()).copied().collect();
        both.sort_unstable();
        both.dedup();
        assert_eq!(sandbox.db.queue(tables), both);
        sandbox.db.queue(|c| {
            assert_append_only(c, 1);
            let mode: String = c
                .query_row("PRAGMA journal_mode", params![], |r| r.get(0))
                .unwrap();
            assert_eq!(mode, "wal");
        });
    }
}

/// Ends every other connection to the database `conn` is on; how many it ended.
fn end_other_connections(conn: &billing_sandbox::db::Conn) -> i64 {
    conn.query_row(
        "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
        params![],
        |r| r.get(0),
    )
    .unwrap()
}

#[tokio::test]
async fn after_postgres_ends_its_connections_the_sandbox_reconnects_and_stripe_retries_apply() {
    let sandbox = Sandbox::start("none").await;
    if !sandbox.db.is_postgres() {
        // A SQLite file has no server to lose; the Postgres run covers this.
        return;
    }
    assert_eq!(sandbox.send_signed(&subscription_created(100)).await.0, 200);
    sandbox.fanout_drained().await;
    // As a server restart or an administrator would: every backend of both databases.
    assert!(sandbox.db.queue(end_other_connections) > 0);
    assert!(sandbox.db.raptor(end_other_connections) > 0);
    // Each pooled connection fails once, then is replaced; Stripe redelivers what failed.
    let mut failed = Vec::new();
    for i in 101..=130 {
        let (status, answer) = sandbox.send_signed(&subscription_created(i)).await;
        match status {
            200 => assert_eq!(answer["duplicate"], false, "{answer}"),
            500 => failed.push(i),
            other => panic!("{other}: {answer}"),
        }
    }
    assert!(
        failed.len() <= 8,
        "at most one failure per writer: {failed:?}"
    );
    for i in 125..=130 {
        assert!(
            !failed.contains(&i),
            "still failing after the reconnects: {failed:?}"
        );
    }
    for i in &failed {
        let (status, answer) = sandbox.send_signed(&subscription_created(*i)).await;
        assert_eq!(
            (status, answer["duplicate"].clone()),
            (200, json!(false)),
            "{answer}"
        );
    }
    let mut lists_answered = false;
    for _ in 0..10 {
        if sandbox.get("/__sandbox/stats").await.0 == 200 {
            lists_answered = true;
            break;
        }
    }
    assert!(lists_answered, "the readers reconnect too");
    sandbox.fanout_drained().await;
    let counts = sandbox.counts().await;
    assert_eq!(counts["processed_stripe_events"], 31, "{counts}");
    assert_eq!(counts["billing_subscription_mirror"], 31, "{counts}");
}
