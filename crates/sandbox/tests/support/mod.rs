//! Starting a sandbox on an ephemeral port with a temporary database, and talking to it.

#![allow(dead_code)]

pub mod testdb;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use billing_sandbox::config::{DEFAULT_TOKEN, DEFAULT_WEBHOOK_SECRET};
use billing_sandbox::{spawn, Config, Running};
use serde_json::{json, Value};
pub use testdb::TestDb;
use testkit_core::signature::signature_header;

/// How long a test waits for the mirror to catch up with Queue when nothing is failing:
/// a bound on a hang, not a timing goal (those are in the bench).
pub const FANOUT_BOUND: std::time::Duration = std::time::Duration::from_secs(20);

pub struct Sandbox {
    pub base: String,
    pub client: reqwest::Client,
    _running: Running,
    /// Last: its Postgres databases are dropped after the sandbox has stopped using them.
    pub db: TestDb,
}

impl Sandbox {
    pub async fn start(seed: &str) -> Sandbox {
        Sandbox::start_with(seed, |_| {}).await
    }

    pub async fn start_with(seed: &str, adjust: impl FnOnce(&mut Config)) -> Sandbox {
        let db = TestDb::new();
        let mut config = db.config();
        config.seed = seed.into();
        adjust(&mut config);
        let running = spawn(config).await.unwrap();
        Sandbox {
            base: format!("http://{}", running.addr),
            db,
            client: reqwest::Client::new(),
            _running: running,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// GET with the billing token; the status and the JSON body.
    pub async fn get(&self, path: &str) -> (u16, Value) {
        self.get_as(path, Some(DEFAULT_TOKEN)).await
    }

    pub async fn get_as(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        let mut request = self.client.get(self.url(path));
        if let Some(t) = token {
            request = request.bearer_auth(t);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// Every row of a list endpoint, paging with `limit`; also the number of pages.
    pub async fn all_rows(&self, path: &str, limit: u32) -> (Vec<Value>, usize) {
        let mut rows = Vec::new();
        let mut pages = 0;
        let mut after: Option<String> = None;
        loop {
            let sep = if path.contains('?') { '&' } else { '?' };
            let mut url = format!("{path}{sep}limit={limit}");
            if let Some(a) = &after {
                url.push_str(&format!("&starting_after={a}"));
            }
            let (status, body) = self.get(&url).await;
            assert_eq!(status, 200, "{url}: {body}");
            pages += 1;
            let data = body["data"].as_array().unwrap().clone();
            after = data.last().map(|r| r["id"].as_str().unwrap().to_string());
            rows.extend(data);
            if !body["has_more"].as_bool().unwrap() {
                return (rows, pages);
            }
        }
    }

    /// POSTs `body` signed with the default secret at `timestamp`.
    pub async fn send_signed_at(&self, body: &str, timestamp: i64) -> (u16, Value) {
        let header = signature_header(timestamp, &[DEFAULT_WEBHOOK_SECRET], body.as_bytes());
        self.send_raw(body.as_bytes().to_vec(), Some(&header)).await
    }

    pub async fn send_signed(&self, body: &str) -> (u16, Value) {
        self.send_signed_at(body, billing_sandbox::now_secs()).await
    }

    pub async fn send_raw(&self, body: Vec<u8>, header: Option<&str>) -> (u16, Value) {
        let mut request = self
            .client
            .post(self.url("/api/v1/billing/webhook"))
            .body(body);
        if let Some(h) = header {
            request = request.header("Stripe-Signature", h);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// Row counts per table.
    pub async fn counts(&self) -> Value {
        let (status, body) = self.get("/__sandbox/stats").await;
        assert_eq!(status, 200);
        body["tables"].clone()
    }

    /// Waits until Queue's fan-out has delivered every committed change to Raptor's
    /// mirror (the outbox view's `pending` is 0), within `FANOUT_BOUND`; the view.
    pub async fn fanout_drained(&self) -> Value {
        fanout_drained(&self.client, &self.base).await
    }

    pub async fn set_faults(&self, faults: &[&str]) {
        let response = self
            .client
            .put(self.url("/__sandbox/faults"))
            .bearer_auth(DEFAULT_TOKEN)
            .json(&json!({ "faults": faults }))
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status().as_u16(),
            200,
            "{}",
            response.text().await.unwrap()
        );
    }
}

/// A Stripe event JSON text with the given type and data.object.
pub fn event(id: &str, event_type: &str, created: i64, object: Value) -> String {
    json!({
        "id": id,
        "object": "event",
        "api_version": "2024-06-20",
        "created": created,
        "data": { "object": object },
        "livemode": false,
        "pending_webhooks": 1,
        "request": { "id": null, "idempotency_key": null },
        "type": event_type,
    })
    .to_string()
}

/// The sandbox binary as a child process; the port it printed.
pub fn start_binary(db: &TestDb) -> (Child, u16) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_billing-sandbox"))
        .args(["--port", "0"])
        .args(db.args())
        .env("SANDBOX_LOG", "off")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first_line = String::new();
    stdout.read_line(&mut first_line).unwrap();
    // Keep reading the rest of the banner: a closed pipe would kill the server.
    std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    (child, port_in_banner(&first_line))
}

/// The port in the sandbox's first banner line (`… listening on http://127.0.0.1:PORT/`).
pub fn port_in_banner(first_line: &str) -> u16 {
    first_line
        .rsplit(':')
        .next()
        .and_then(|p| p.trim().trim_end_matches('/').parse().ok())
        .unwrap_or_else(|| panic!("no port in {first_line:?}"))
}

/// Waits until the sandbox at `base` has delivered every committed change to Raptor's
/// mirror (the outbox view's `pending` is 0), within `FANOUT_BOUND`; the view. For a
/// sandbox started as a binary too.
pub async fn fanout_drained(client: &reqwest::Client, base: &str) -> Value {
    let started = std::time::Instant::now();
    loop {
        let response = client
            .get(format!("{base}/__sandbox/outbox"))
            .bearer_auth(DEFAULT_TOKEN)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let view: Value = response.json().await.unwrap_or(Value::Null);
        assert_eq!(status, 200, "{view}");
        if view["pending"] == 0 {
            return view;
        }
        assert!(
            started.elapsed() < FANOUT_BOUND,
            "the fan-out did not drain within {FANOUT_BOUND:?}: {view}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}
