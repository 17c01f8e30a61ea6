//! Load generator for the sandbox's webhook receiver: pre-signs N unique events (plus a
//! share of redeliveries), posts them with fixed concurrency, then checks the server's
//! counts: every unique event applied once, every redelivery answered as a duplicate.
//!
//! cargo run --release -p billing-sandbox --example load -- --url http://127.0.0.1:8080 --events 20000

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

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
}

fn options() -> Options {
    let mut o = Options {
        url: "http://127.0.0.1:8080".into(),
        events: 20_000,
        concurrency: 32,
        redeliver_every: 20,
        token: "sandbox-token".into(),
        secret: "whsec_billing_testkit_sandbox".into(),
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        let value = pair.get(1).cloned().unwrap_or_default();
        match pair[0].as_str() {
            "--url" => o.url = value,
            "--events" => o.events = value.parse().expect("--events N"),
            "--concurrency" => o.concurrency = value.parse().expect("--concurrency N"),
            "--redeliver-every" => o.redeliver_every = value.parse().expect("--redeliver-every N"),
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
    let mut deliveries: Vec<(usize, String, String)> =
        Vec::with_capacity(o.events + o.events / o.redeliver_every);
    for i in 0..o.events {
        let text = body(i, now);
        let header = signature_header(now, &[o.secret.as_str()], text.as_bytes());
        deliveries.push((i, text, header));
    }
    let redeliveries: Vec<_> = deliveries
        .iter()
        .step_by(o.redeliver_every)
        .cloned()
        .collect();
    let expected_duplicates = redeliveries.len();
    deliveries.extend(redeliveries);
    let deliveries = Arc::new(deliveries);

    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(o.concurrency)
        .build()
        .unwrap();
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..o.concurrency {
        let (client, next, deliveries, url) = (
            client.clone(),
            next.clone(),
            deliveries.clone(),
            o.url.clone(),
        );
        workers.spawn(async move {
            let mut tally = (0usize, 0usize, 0usize, Vec::new()); // (applied, duplicate, failed, latencies)
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                let Some((_, text, header)) = deliveries.get(n) else {
                    return tally;
                };
                let sent = Instant::now();
                let answer = client
                    .post(format!("{url}/api/v1/billing/webhook"))
                    .header("Stripe-Signature", header)
                    .body(text.clone())
                    .send()
                    .await;
                let duplicate = match answer {
                    Ok(r) if r.status().is_success() => r
                        .json::<Value>()
                        .await
                        .ok()
                        .and_then(|v| v["duplicate"].as_bool()),
                    _ => None,
                };
                tally.3.push(sent.elapsed());
                match duplicate {
                    Some(false) => tally.0 += 1,
                    Some(true) => tally.1 += 1,
                    None => tally.2 += 1,
                }
            }
        });
    }
    let (mut applied, mut duplicates, mut failed, mut latencies) =
        (0, 0, 0, Vec::<Duration>::new());
    while let Some(result) = workers.join_next().await {
        let (a, d, f, l) = result.unwrap();
        applied += a;
        duplicates += d;
        failed += f;
        latencies.extend(l);
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];

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

    let total = deliveries.len();
    println!("deliveries:        {total} ({} unique events + {expected_duplicates} redeliveries), concurrency {}", o.events, o.concurrency);
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
    println!("lost:              {lost}");
    println!("duplicated:        {duplicated}");
    let ok = failed == 0
        && lost == 0
        && duplicated == 0
        && duplicates == expected_duplicates
        && applied == o.events;
    println!("check:             {}", if ok { "ok" } else { "FAILED" });
    if !ok {
        std::process::exit(1);
    }
}
