//! Load generator for the sandbox's webhook receiver: pre-signs N unique events (plus a
//! share of redeliveries), posts them with fixed concurrency, then checks the server's
//! counts: every unique event applied once, every redelivery answered as a duplicate.
//! Queue's fan-out is on, as always: each event's subscription goes to Raptor's mirror
//! through the outbox, so it then waits for the outbox to drain and reports the fan-out's
//! lag (commit to Raptor's answer) and the events mirrored per second.
//!
//! cargo run --release -p billing-sandbox --example load -- --url http://127.0.0.1:8080 --events 20000
//! (add `--raptor-url URL` when the sandbox fans out to another Raptor, `--rate N` to send
//! N deliveries per second instead of as fast as answered)

mod common;

use common::{get_json, post_all, Post, Tally};
use serde_json::{json, Value};
use testkit_core::signature::signature_header;

struct Options {
    url: String,
    events: usize,
    concurrency: usize,
    /// Every n-th event is delivered twice.
    redeliver_every: usize,
    token: String,
    secret: String,
    /// Deliveries per second, when not as fast as answered.
    rate: Option<f64>,
    /// How long to wait for the outbox to drain, in seconds.
    drain_wait: u64,
    /// The Raptor the sandbox fans out to (its `--raptor-url`), whose mirror is counted.
    raptor_url: Option<String>,
}

fn options() -> Options {
    let mut o = Options {
        url: "http://127.0.0.1:8080".into(),
        events: 20_000,
        concurrency: 32,
        redeliver_every: 20,
        token: "sandbox-token".into(),
        secret: "whsec_billing_testkit_sandbox".into(),
        raptor_url: None,
        rate: None,
        drain_wait: 300,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        let value = pair.get(1).cloned().unwrap_or_default();
        match pair[0].as_str() {
            "--url" => o.url = value,
            "--events" => o.events = value.parse().expect("--events N"),
            "--concurrency" => o.concurrency = value.parse().expect("--concurrency N"),
            "--redeliver-every" => o.redeliver_every = value.parse().expect("--redeliver-every N"),
            "--raptor-url" => o.raptor_url = Some(value),
            "--drain-wait" => o.drain_wait = value.parse().expect("--drain-wait SECONDS"),
            "--rate" => o.rate = Some(value.parse().expect("--rate N (deliveries per second)")),
            other => panic!("unknown option {other}"),
        }
    }
    o
}

fn body(i: usize, now: i64) -> String {
    json!({
        "id": format!("evt_load_{i:08}"), "object": "event", "api_version": "2024-06-20",
        "created": now, "livemode": false, "pending_webhooks": 1,
        "request": { "id": null, "idempotency_key": null },
        "type": "customer.subscription.created",
        "data": { "object": {
            "id": format!("sub_load_{i:08}"), "object": "subscription", "customer": format!("cus_load_{i:08}"),
            "status": "active", "cancel_at_period_end": false, "current_period_end": now + 2_592_000,
            "created": now, "metadata": { "plan_tier": "pro" },
            "items": { "data": [ { "price": { "id": "price_test_pro_monthly" } } ] }
        } }
    })
    .to_string()
}

#[tokio::main]
async fn main() {
    let o = options();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    // Deliveries: every event once, and every n-th one again (a retry).
    let url = format!("{}/api/v1/billing/webhook", o.url);
    let mut posts: Vec<Post> = (0..o.events)
        .map(|i| {
            let text = body(i, now);
            let header = signature_header(now, &[o.secret.as_str()], text.as_bytes());
            Post {
                url: url.clone(),
                headers: vec![("Stripe-Signature", header)],
                body: text,
            }
        })
        .collect();
    let redeliveries: Vec<Post> = posts
        .iter()
        .step_by(o.redeliver_every)
        .map(|p| Post {
            url: p.url.clone(),
            headers: p.headers.clone(),
            body: p.body.clone(),
        })
        .collect();
    let expected_duplicates = redeliveries.len();
    posts.extend(redeliveries);
    let total = posts.len();

    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(o.concurrency)
        .build()
        .unwrap();
    let tally = post_all(&client, posts, o.concurrency, o.rate).await;
    // The fan-out: wait until Raptor has every change (bounded), then read its figures.
    let outbox_url = format!("{}/__sandbox/outbox", o.url);
    let drain_started = std::time::Instant::now();
    let outbox = loop {
        let view = get_json(&client, &outbox_url, &o.token).await;
        if view["pending"] == 0
            || drain_started.elapsed() > std::time::Duration::from_secs(o.drain_wait)
        {
            break view;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };
    let drained_after = drain_started.elapsed();
    let Tally {
        applied,
        duplicates,
        failed,
        elapsed,
        ..
    } = tally;
    let pct = |p: f64| tally.percentile(p);

    let stats: Value = client
        .get(format!("{}/__sandbox/stats", o.url))
        .bearer_auth(&o.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let tables = &stats["tables"];
    let processed = tables["processed_stripe_events"].as_u64().unwrap() as usize;
    let logged = tables["billing_action_log"].as_u64().unwrap() as usize;
    let subscriptions = tables["billing_subscription"].as_u64().unwrap() as usize;
    let raptor = o.raptor_url.as_deref().unwrap_or(&o.url);
    let raptor_stats = get_json(&client, &format!("{raptor}/__sandbox/stats"), &o.token).await;
    let mirrored = raptor_stats["tables"]["billing_subscription_mirror"]
        .as_u64()
        .unwrap() as usize;

    let pace = o
        .rate
        .map_or("as fast as answered".into(), |r| format!("at {r:.0}/s"));
    println!("deliveries:        {total} ({} unique events + {expected_duplicates} redeliveries), concurrency {}, {pace}", o.events, o.concurrency);
    println!("wall time:         {:.2} s", elapsed.as_secs_f64());
    println!(
        "throughput:        {:.0} verified+persisted deliveries/s ({:.0} unique events applied/s)",
        total as f64 / elapsed.as_secs_f64(),
        applied as f64 / elapsed.as_secs_f64()
    );
    println!(
        "latency:           p50 {:.2} ms, p99 {:.2} ms",
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3
    );
    println!("answers:           {applied} applied, {duplicates} duplicate, {failed} failed");
    let lost = o.events.saturating_sub(processed);
    let duplicated = logged.saturating_sub(o.events) + subscriptions.saturating_sub(o.events);
    println!("database:          {processed} processed, {logged} log rows, {subscriptions} subscriptions");
    let lag = &outbox["lag_ms"];
    println!(
        "fan-out:           {} delivered to Raptor ({} attempts), {} pending; drained {:.2} s after the last answer",
        outbox["delivered"], outbox["attempts"], outbox["pending"], drained_after.as_secs_f64()
    );
    println!(
        "fan-out lag:       p50 {} ms, p99 {} ms, max {} ms (commit in Queue to Raptor's answer, {} deliveries)",
        lag["p50"], lag["p99"], lag["max"], lag["samples"]
    );
    println!(
        "mirrored:          {mirrored} Stripe rows in Raptor's mirror; {:.0} events/s from the first delivery to the mirror complete",
        o.events as f64 / (elapsed + drained_after).as_secs_f64()
    );
    println!("lost:              {lost}");
    println!("duplicated:        {duplicated}");
    let ok = failed == 0
        && lost == 0
        && outbox["pending"] == 0
        && mirrored == o.events
        && duplicated == 0
        && duplicates == expected_duplicates
        && applied == o.events;
    println!("check:             {}", if ok { "ok" } else { "FAILED" });
    if !ok {
        std::process::exit(1);
    }
}
