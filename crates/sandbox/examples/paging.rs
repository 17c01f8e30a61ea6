//! Pages through the sandbox's subscriber lists the way the subscriber view does (the
//! contract's largest page, `starting_after` the last id) and reports how long each list
//! takes: Queue's subscriptions and customers, and Raptor's mirror by source.
//!
//! cargo run --release -p billing-sandbox --example paging -- --url http://127.0.0.1:8080

// Only get_json of the load generators' helpers is used here.
#[allow(dead_code)]
mod common;

use std::time::{Duration, Instant};

use common::get_json;
use testkit_core::contract::{MAX_LIMIT, QUEUE_BASE, RAPTOR_BASE};

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut url = "http://127.0.0.1:8080".to_string();
    let mut token = "sandbox-token".to_string();
    for pair in args.chunks(2) {
        let value = pair.get(1).cloned().unwrap_or_default();
        match pair[0].as_str() {
            "--url" => url = value,
            "--token" => token = value,
            other => panic!("unknown option {other}"),
        }
    }
    let client = reqwest::Client::new();
    let lists = [
        format!("{QUEUE_BASE}/subscriptions?"),
        format!("{QUEUE_BASE}/customers?"),
        format!("{RAPTOR_BASE}/subscriptions?source=stripe&"),
        format!("{RAPTOR_BASE}/subscriptions?source=ios&"),
    ];
    let mut total = Duration::ZERO;
    for list in &lists {
        let (rows, pages, took, slowest) = page_all(&client, &url, list, &token).await;
        total += took;
        println!(
            "{:<48} {rows:>7} rows in {pages:>5} pages: {:>7.0} ms ({:.2} ms a page, slowest {:.1} ms)",
            list.trim_end_matches(['?', '&']),
            took.as_secs_f64() * 1e3,
            took.as_secs_f64() * 1e3 / pages as f64,
            slowest.as_secs_f64() * 1e3,
        );
    }
    println!(
        "all four lists, one after another: {:.2} s",
        total.as_secs_f64()
    );
}

/// Every page of one list: rows, pages, the time, and the slowest page.
async fn page_all(
    client: &reqwest::Client,
    base: &str,
    list: &str,
    token: &str,
) -> (usize, usize, Duration, Duration) {
    let started = Instant::now();
    let (mut rows, mut pages, mut slowest) = (0, 0, Duration::ZERO);
    let mut after: Option<String> = None;
    loop {
        let cursor = after
            .as_ref()
            .map_or(String::new(), |id| format!("&starting_after={id}"));
        let asked = Instant::now();
        let page = get_json(
            client,
            &format!("{base}{list}limit={MAX_LIMIT}{cursor}"),
            token,
        )
        .await;
        slowest = slowest.max(asked.elapsed());
        let data = page["data"].as_array().expect("a list answer");
        rows += data.len();
        pages += 1;
        after = data
            .last()
            .and_then(|r| r["id"].as_str())
            .map(str::to_string);
        if page["has_more"] != true || after.is_none() {
            break;
        }
    }
    (rows, pages, started.elapsed(), slowest)
}
