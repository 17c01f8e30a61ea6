//! The log lines the runbook's §6.6 greps Queue's logs for, found in the sandbox's real
//! output (the binary, default log level, stderr) by the runbook's own grep, and the
//! `--flag-queue-billing false` behaviour. No secret, token or signature ever shows.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use billing_sandbox::now_secs;
use serde_json::{json, Value};
use support::{event, TestDb};
use testkit_core::signature::signature_header;

/// The runbook's filter: `heroku logs ... | grep -E "webhook|billing|stripe|event"`.
const RUNBOOK_GREP: &str = "webhook|billing|stripe|event";
/// A custom secret and tokens: the banner only fingerprints them, the logs never show them.
const SECRET: &str = "whsec_runbook_logs_secret_4f1d9a";
const TOKEN: &str = "runbook-logs-token-7c2e";
/// Raptor's own token, which the fan-out sends to mirror-sync: never shown either.
const RAPTOR_TOKEN: &str = "runbook-logs-raptor-token-93ab";
const QUEUE: &str = "/api/v1/internal/billing";

/// The sandbox binary with its stdout (the banner) and stderr (the JSON log) captured.
struct Binary {
    child: Child,
    base: String,
    banner: Arc<Mutex<String>>,
    logs: Arc<Mutex<String>>,
    client: reqwest::Client,
}

fn collect(stream: impl Read + Send + 'static, into: Arc<Mutex<String>>) {
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { return };
            let mut text = into.lock().unwrap();
            text.push_str(&line);
            text.push('\n');
        }
    });
}

impl Binary {
    /// Starts the binary on a free port with `db`, the custom secret and token, the
    /// default log level (no SANDBOX_LOG) and `extra` options.
    fn start(db: &TestDb, extra: &[&str]) -> Binary {
        let mut child = Command::new(env!("CARGO_BIN_EXE_billing-sandbox"))
            .env_clear()
            .args([
                "--port",
                "0",
                "--webhook-secret",
                SECRET,
                "--token",
                TOKEN,
                "--raptor-token",
                RAPTOR_TOKEN,
            ])
            .args(db.args())
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut first_line = String::new();
        stdout.read_line(&mut first_line).unwrap();
        let port = support::port_in_banner(&first_line);
        let banner = Arc::new(Mutex::new(first_line));
        let logs = Arc::new(Mutex::new(String::new()));
        collect(stdout, banner.clone());
        collect(child.stderr.take().unwrap(), logs.clone());
        Binary {
            child,
            base: format!("http://127.0.0.1:{port}"),
            banner,
            logs,
            client: reqwest::Client::new(),
        }
    }

    async fn post(&self, body: &str, header: Option<&str>) -> (u16, Value) {
        let mut request = self
            .client
            .post(format!("{}/api/v1/billing/webhook", self.base))
            .body(body.to_string());
        if let Some(h) = header {
            request = request.header("Stripe-Signature", h);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn get(&self, path: &str) -> Value {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200, "{path}");
        response.json().await.unwrap()
    }

    /// Whether the banner (read by a thread) shows `needle` within 5 s.
    async fn banner_shows(&self, needle: &str) -> bool {
        for _ in 0..100 {
            if self.banner.lock().unwrap().contains(needle) {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        false
    }

    /// The log so far, once it holds `count` lines the runbook's grep keeps and
    /// `pattern` matches (the log is written before the answer, but read by a thread).
    async fn wait_for(&self, pattern: &str, count: usize) -> String {
        for _ in 0..100 {
            let logs = self.logs.lock().unwrap().clone();
            if grep(pattern, &grep(RUNBOOK_GREP, &logs)).lines().count() >= count {
                return logs;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "no {count} line(s) matching {pattern:?} in the log:\n{}",
            self.logs.lock().unwrap()
        );
    }

    /// Neither the log nor the banner shows the secret, the token or a signature value
    /// or header that was sent.
    fn assert_nothing_secret(&self, sent_headers: &[String]) {
        let all = format!(
            "{}{}",
            self.banner.lock().unwrap(),
            self.logs.lock().unwrap()
        );
        for needle in [SECRET, &SECRET["whsec_".len()..], TOKEN, RAPTOR_TOKEN] {
            assert!(!all.contains(needle), "{needle:?} appears in:\n{all}");
        }
        for header in sent_headers {
            assert!(
                !all.contains(header.as_str()),
                "{header:?} appears in:\n{all}"
            );
            for item in header.split(',') {
                if let Some(value) = item.strip_prefix("v1=") {
                    assert!(!all.contains(value), "signature {value} appears in:\n{all}");
                }
            }
        }
    }
}

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `grep -E pattern` over `text`: the lines it keeps.
fn grep(pattern: &str, text: &str) -> String {
    let mut child = Command::new("grep")
        .args(["-E", pattern])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("grep runs");
    let mut stdin = child.stdin.take().unwrap();
    let input = text.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    String::from_utf8(output.stdout).unwrap()
}

/// The log lines the runbook's grep keeps and `pattern` matches, as JSON objects.
fn runbook_lines(logs: &str, pattern: &str) -> Vec<Value> {
    grep(pattern, &grep(RUNBOOK_GREP, logs))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn messages(lines: &[Value]) -> Vec<String> {
    lines
        .iter()
        .map(|l| l["message"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn sign(body: &str, timestamp: i64, secret: &str) -> String {
    signature_header(timestamp, &[secret], body.as_bytes())
}

fn customer_created(evt: &str, cus: &str) -> String {
    event(
        evt,
        "customer.created",
        now_secs(),
        json!({
            "id": cus, "object": "customer", "email": "test+billing-runbook@raxx.app",
            "metadata": { "user_id": "usr_runbook" }, "livemode": false, "created": now_secs()
        }),
    )
}

fn subscription_created(evt: &str, sub: &str, cus: &str) -> String {
    event(
        evt,
        "customer.subscription.created",
        now_secs(),
        json!({
            "id": sub, "object": "subscription", "customer": cus, "status": "active",
            "cancel_at_period_end": false, "current_period_end": now_secs() + 86_400 * 30,
            "created": now_secs(), "metadata": { "plan_tier": "pro" }
        }),
    )
}

#[tokio::test]
async fn signed_events_log_the_happy_path_lines_with_their_ids() {
    let db = TestDb::new();
    let sandbox = Binary::start(&db, &[]);
    assert!(sandbox.banner_shows("FLAG_QUEUE_BILLING: true").await);

    let body = customer_created("evt_runbook_happy_1", "cus_runbook_happy_1");
    let header = sign(&body, now_secs(), SECRET);
    let (status, answer) = sandbox.post(&body, Some(&header)).await;
    assert_eq!(
        (status, &answer["duplicate"]),
        (200, &json!(false)),
        "{answer}"
    );
    let logs = sandbox
        .wait_for("processed event: customer\\.created cus_", 1)
        .await;
    // The runbook's happy-path lines, "..." read as an id.
    let received = runbook_lines(&logs, "webhook event received: evt_[A-Za-z0-9_]+");
    assert_eq!(
        messages(&received),
        ["webhook event received: evt_runbook_happy_1"]
    );
    let processed = runbook_lines(
        &logs,
        "processed event: customer\\.created cus_[A-Za-z0-9_]+",
    );
    assert_eq!(
        messages(&processed),
        ["processed event: customer.created cus_runbook_happy_1"]
    );
    assert_eq!(processed[0]["level"], "INFO");
    // A customer alone writes no Raptor mirror row: no fan-out.
    assert!(runbook_lines(&logs, "mirror sync dispatched").is_empty());

    // A subscription change writes a message to Queue's outbox in its transaction: the
    // fan-out worker logs the line once Raptor's mirror-sync has it.
    let sub = subscription_created(
        "evt_runbook_happy_2",
        "sub_runbook_happy",
        "cus_runbook_happy_1",
    );
    let sub_header = sign(&sub, now_secs(), SECRET);
    let (status, answer) = sandbox.post(&sub, Some(&sub_header)).await;
    assert_eq!(status, 200, "{answer}");
    let logs = sandbox.wait_for("mirror sync dispatched", 1).await;
    assert_eq!(
        messages(&runbook_lines(&logs, "processed event: ")),
        [
            "processed event: customer.created cus_runbook_happy_1",
            "processed event: customer.subscription.created sub_runbook_happy",
        ]
    );
    let dispatched = runbook_lines(&logs, "mirror sync dispatched");
    assert_eq!(messages(&dispatched), ["mirror sync dispatched"]);
    let queue_sub = sandbox.get(&format!("{QUEUE}/subscriptions")).await["data"][0]["id"].clone();
    assert_eq!(dispatched[0]["queue_subscription_id"], queue_sub);
    assert_eq!(dispatched[0]["event_id"], "evt_runbook_happy_2");

    // A redelivery is answered as a duplicate: nothing processed or dispatched again.
    let (status, answer) = sandbox.post(&sub, Some(&sub_header)).await;
    assert_eq!((status, &answer["duplicate"]), (200, &json!(true)));
    let logs = sandbox
        .wait_for("webhook event received: evt_runbook_happy_2", 2)
        .await;
    assert_eq!(runbook_lines(&logs, "processed event: ").len(), 2);
    assert_eq!(runbook_lines(&logs, "mirror sync dispatched").len(), 1);
    sandbox.assert_nothing_secret(&[header, sub_header]);
}

#[tokio::test]
async fn bad_signatures_and_old_timestamps_log_the_runbooks_error_lines() {
    let db = TestDb::new();
    let sandbox = Binary::start(&db, &[]);
    let body = customer_created("evt_runbook_bad_1", "cus_runbook_bad_1");

    let wrong = sign(&body, now_secs(), "whsec_not_the_endpoint_secret");
    let (status, _) = sandbox.post(&body, Some(&wrong)).await;
    assert_eq!(status, 400);
    let (status, _) = sandbox.post(&body, None).await;
    assert_eq!(status, 400);
    let logs = sandbox.wait_for("HMAC verification failed", 2).await;
    let failed = runbook_lines(&logs, "HMAC verification failed");
    assert_eq!(
        messages(&failed),
        ["HMAC verification failed", "HMAC verification failed"]
    );
    assert_eq!(
        failed[0]["reason"],
        "No signatures found matching the expected signature for payload"
    );
    assert_eq!(failed[0]["level"], "WARN");

    // Signed with the right secret, 10 minutes ago: beyond the 300 s tolerance.
    let old = sign(&body, now_secs() - 600, SECRET);
    let (status, _) = sandbox.post(&body, Some(&old)).await;
    assert_eq!(status, 400);
    let logs = sandbox.wait_for("stale timestamp", 1).await;
    let stale = runbook_lines(&logs, "stale timestamp");
    assert_eq!(messages(&stale), ["stale timestamp"]);
    assert_eq!(stale[0]["tolerance_secs"], 300);
    assert_eq!(runbook_lines(&logs, "HMAC verification failed").len(), 2);

    // Nothing was received or written.
    assert!(runbook_lines(&logs, "webhook event received|processed event").is_empty());
    assert!(sandbox.get(&format!("{QUEUE}/customers")).await["data"]
        .as_array()
        .unwrap()
        .is_empty());
    sandbox.assert_nothing_secret(&[wrong, old]);
}

#[tokio::test]
async fn with_the_flag_off_events_are_verified_answered_503_and_not_applied() {
    let db = TestDb::new();
    let body = customer_created("evt_runbook_flag_1", "cus_runbook_flag_1");
    let header = sign(&body, now_secs(), SECRET);
    {
        let sandbox = Binary::start(&db, &["--flag-queue-billing", "false"]);
        assert!(sandbox.banner_shows("FLAG_QUEUE_BILLING: false").await);
        let (status, answer) = sandbox.post(&body, Some(&header)).await;
        assert_eq!(status, 503, "{answer}");
        assert_eq!(answer["error"]["code"], "unavailable");
        let logs = sandbox.wait_for("FLAG_QUEUE_BILLING is false", 1).await;
        assert_eq!(
            messages(&runbook_lines(&logs, "FLAG_QUEUE_BILLING is false")),
            ["FLAG_QUEUE_BILLING is false"]
        );
        assert!(runbook_lines(&logs, "processed event|mirror sync").is_empty());
        // Still verified first: a wrong secret is a 400 and the HMAC line.
        let wrong = sign(&body, now_secs(), "whsec_not_the_endpoint_secret");
        let (status, _) = sandbox.post(&body, Some(&wrong)).await;
        assert_eq!(status, 400);
        sandbox.wait_for("HMAC verification failed", 1).await;
        // Nothing in Queue's API, nor in any billing table (not even the dedup record).
        assert!(sandbox.get(&format!("{QUEUE}/customers")).await["data"]
            .as_array()
            .unwrap()
            .is_empty());
        let stats = sandbox.get("/__sandbox/stats").await;
        for table in [
            "billing_customer",
            "processed_stripe_events",
            "billing_action_log",
        ] {
            assert_eq!(stats["tables"][table], 0, "{table}: {stats}");
        }
        sandbox.assert_nothing_secret(&[header.clone(), wrong]);
    }
    // Stripe resends it once the flag is on: it is applied, not a duplicate.
    let sandbox = Binary::start(&db, &[]);
    let (status, answer) = sandbox.post(&body, Some(&header)).await;
    assert_eq!(
        (status, &answer["duplicate"]),
        (200, &json!(false)),
        "{answer}"
    );
    let customers = sandbox.get(&format!("{QUEUE}/customers")).await;
    assert_eq!(
        customers["data"][0]["stripe_customer_id"],
        "cus_runbook_flag_1"
    );
}

#[tokio::test]
async fn a_failing_database_write_logs_db_write_failed_and_dispatches_nothing() {
    let db = TestDb::new();
    let sandbox = Binary::start(&db, &[]);
    // Answering means the schema exists (the banner is printed before the database opens).
    sandbox.get("/health").await;
    // The database refuses the action-log row, the transaction's last write: the dedup
    // record, the subscription and its fan-out outbox row are written first, then rolled
    // back (as a lost connection fails a transaction). A trigger added from outside, which
    // the writer's next statement sees.
    let refuse = if db.is_postgres() {
        "CREATE FUNCTION runbook_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN RAISE EXCEPTION 'simulated write failure'; END $$;
         CREATE TRIGGER runbook_refuse BEFORE INSERT ON billing_action_log
         FOR EACH ROW EXECUTE FUNCTION runbook_refuse();"
    } else {
        "CREATE TRIGGER runbook_refuse BEFORE INSERT ON billing_action_log
         BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END;"
    };
    db.queue(|c| c.batch(refuse)).unwrap();
    let body = subscription_created("evt_runbook_db_1", "sub_runbook_db", "cus_runbook_db");
    let header = sign(&body, now_secs(), SECRET);
    let (status, answer) = sandbox.post(&body, Some(&header)).await;
    assert_eq!(status, 500, "{answer}");
    assert_eq!(answer["error"]["code"], "internal");
    let logs = sandbox.wait_for("DB write failed", 1).await;
    let failed = runbook_lines(&logs, "DB write failed");
    assert_eq!(messages(&failed), ["DB write failed"]);
    assert_eq!(failed[0]["level"], "ERROR");
    assert_eq!(failed[0]["event_id"], "evt_runbook_db_1");
    assert!(failed[0]["cause"]
        .as_str()
        .unwrap()
        .contains("simulated write failure"));
    // The outbox row was rolled back: nothing processed, nothing dispatched, no row.
    assert!(runbook_lines(&logs, "processed event|mirror sync dispatched").is_empty());
    let stats = sandbox.get("/__sandbox/stats").await;
    for table in [
        "processed_stripe_events",
        "billing_subscription",
        "mirror_outbox",
        "billing_subscription_mirror",
    ] {
        assert_eq!(stats["tables"][table], 0, "{table}: {stats}");
    }
    sandbox.assert_nothing_secret(&[header]);
}
