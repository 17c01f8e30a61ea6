//! Load generator for the sandbox's App Store endpoint: signs N notifications (one new
//! subscription each, with nested transaction and renewal info) with the sandbox's own
//! test chain, plus a share of redeliveries, posts them with fixed concurrency, then
//! checks the server's counts: every notification applied once, every redelivery a
//! duplicate. Signing happens before the clock starts: the figure is the server's.
//!
//! cargo run --release -p billing-sandbox --example apple_load -- --url http://127.0.0.1:8080 --notifications 2000

mod common;

use std::time::Instant;

use billing_sandbox::http::apple::chain_from_test_signer;
use common::{get_json, post_all, Post, Tally};
use serde_json::{json, Value};
use testkit_core::appstore::{
    craft_values, sign_crafted, CraftInput, Environment, Event, TestChain,
};

const TOKEN: &str = "sandbox-token";
const DAY_MS: i64 = 86_400_000;

struct Options {
    url: String,
    notifications: usize,
    concurrency: usize,
    /// Every n-th notification is delivered twice (Apple retries in production).
    redeliver_every: usize,
}

fn options() -> Options {
    let mut o = Options {
        url: "http://127.0.0.1:8080".into(),
        notifications: 2_000,
        concurrency: 16,
        redeliver_every: 20,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        let value = pair.get(1).cloned().unwrap_or_default();
        match pair[0].as_str() {
            "--url" => o.url = value,
            "--notifications" => o.notifications = value.parse().expect("--notifications N"),
            "--concurrency" => o.concurrency = value.parse().expect("--concurrency N"),
            other => panic!("unknown option {other}"),
        }
    }
    o
}

/// The sandbox's test chain and leaf key, as the page gets them.
async fn test_chain(client: &reqwest::Client, url: &str) -> TestChain {
    let signer = get_json(client, &format!("{url}/__sandbox/apple/test-signer"), TOKEN).await;
    chain_from_test_signer(&signer).unwrap()
}

async fn stats(client: &reqwest::Client, url: &str) -> Value {
    get_json(client, &format!("{url}/__sandbox/stats"), TOKEN).await
}

fn count(stats: &Value, table: &str) -> usize {
    stats["tables"][table].as_u64().unwrap_or(0) as usize
}

#[tokio::main]
async fn main() {
    let o = options();
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(o.concurrency)
        .build()
        .unwrap();
    let chain = test_chain(&client, &o.url).await;
    let before = stats(&client, &o.url).await;

    let signing = Instant::now();
    let start = 1_790_000_000_000;
    let mut bodies: Vec<String> = (0..o.notifications)
        .map(|i| {
            let input = CraftInput::new(
                "app.raxx",
                "app.raxx.pro.monthly",
                Environment::Sandbox,
                &format!("usr_load_{i:06}"),
                &format!("00000000-0000-4000-9000-{i:012}"),
                start,
                start + 30 * DAY_MS,
                start + i as i64,
            );
            let signed = sign_crafted(craft_values(Event::InitialBuy, &input), &chain);
            json!({ "signedPayload": signed.signed_payload }).to_string()
        })
        .collect();
    let signing = signing.elapsed();
    let redeliveries: Vec<String> = bodies.iter().step_by(o.redeliver_every).cloned().collect();
    let expected_duplicates = redeliveries.len();
    bodies.extend(redeliveries);
    let deliveries = bodies.len();
    let url = format!("{}/api/subscriptions/apple/notifications", o.url);
    let posts = bodies
        .into_iter()
        .map(|body| Post {
            url: url.clone(),
            headers: vec![("content-type", "application/json".into())],
            body,
        })
        .collect();
    let tally = post_all(&client, posts, o.concurrency, None).await;
    let Tally {
        applied,
        duplicates,
        failed,
        elapsed,
        ..
    } = tally;
    let pct = |p: f64| tally.percentile(p);
    let after = stats(&client, &o.url).await;
    let processed = count(&after, "processed_apple_notifications")
        - count(&before, "processed_apple_notifications");
    let mirrored = count(&after, "billing_subscription_mirror")
        - count(&before, "billing_subscription_mirror");

    println!(
        "notifications:     {} ({} unique + {expected_duplicates} redeliveries), concurrency {}; signed beforehand in {:.2} s",
        deliveries,
        o.notifications,
        o.concurrency,
        signing.as_secs_f64()
    );
    println!("wall time:         {:.2} s", elapsed.as_secs_f64());
    println!(
        "throughput:        {:.0} verified deliveries/s ({:.0} notifications applied/s: chain, signature and both nested JWS verified, mirror row and log row written)",
        deliveries as f64 / elapsed.as_secs_f64(),
        applied as f64 / elapsed.as_secs_f64()
    );
    println!(
        "latency:           p50 {:.2} ms, p99 {:.2} ms",
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3
    );
    println!("answers:           {applied} applied, {duplicates} duplicate, {failed} failed");
    println!("database:          {processed} notifications processed, {mirrored} new mirror rows");
    let ok = failed == 0
        && applied == o.notifications
        && duplicates == expected_duplicates
        && processed == o.notifications
        && mirrored == o.notifications;
    println!("check:             {}", if ok { "ok" } else { "FAILED" });
    if !ok {
        std::process::exit(1);
    }
}
