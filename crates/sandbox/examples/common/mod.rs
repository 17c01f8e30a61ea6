//! What the load generators share: posting prepared requests with a fixed number of
//! connections, and tallying the answers (applied, duplicate, failed) and latencies.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;

/// GETs `url` with the sandbox's bearer `token` and reads the JSON answer (a benchmark
/// stops on any failure).
pub async fn get_json(client: &reqwest::Client, url: &str, token: &str) -> Value {
    client
        .get(url)
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// One prepared POST.
pub struct Post {
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
}

/// How the server answered every POST.
#[derive(Default)]
pub struct Tally {
    pub applied: usize,
    pub duplicates: usize,
    pub failed: usize,
    pub latencies: Vec<Duration>,
    pub elapsed: Duration,
}

impl Tally {
    /// The latency at `p` (0..1), once sorted.
    pub fn percentile(&self, p: f64) -> Duration {
        let last = self.latencies.len().saturating_sub(1);
        self.latencies[((self.latencies.len() as f64 * p) as usize).min(last)]
    }
}

/// Posts every request with `concurrency` workers, as fast as answered or, with `rate`,
/// at most that many per second (the n-th request not before n / rate seconds);
/// `{"duplicate": bool}` in a 2xx answer says applied or duplicate, anything else counts
/// as failed.
pub async fn post_all(
    client: &reqwest::Client,
    posts: Vec<Post>,
    concurrency: usize,
    rate: Option<f64>,
) -> Tally {
    let posts = Arc::new(posts);
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..concurrency {
        let (client, next, posts) = (client.clone(), next.clone(), posts.clone());
        workers.spawn(async move {
            let mut tally = Tally::default();
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                let Some(post) = posts.get(n) else { break };
                if let Some(rate) = rate {
                    let due = started + Duration::from_secs_f64(n as f64 / rate);
                    tokio::time::sleep_until(due.into()).await;
                }
                let sent = Instant::now();
                let mut request = client.post(&post.url).body(post.body.clone());
                for (name, value) in &post.headers {
                    request = request.header(*name, value);
                }
                let duplicate = match request.send().await {
                    Ok(r) if r.status().is_success() => r
                        .json::<Value>()
                        .await
                        .ok()
                        .and_then(|v| v["duplicate"].as_bool()),
                    _ => None,
                };
                tally.latencies.push(sent.elapsed());
                match duplicate {
                    Some(false) => tally.applied += 1,
                    Some(true) => tally.duplicates += 1,
                    None => tally.failed += 1,
                }
            }
            tally
        });
    }
    let mut total = Tally::default();
    while let Some(result) = workers.join_next().await {
        let part = result.expect("a delivery worker panicked");
        total.applied += part.applied;
        total.duplicates += part.duplicates;
        total.failed += part.failed;
        total.latencies.extend(part.latencies);
    }
    total.elapsed = started.elapsed();
    total.latencies.sort();
    total
}
