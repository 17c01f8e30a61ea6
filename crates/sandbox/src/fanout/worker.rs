//! The fan-out worker: a tokio task that delivers the outbox to Raptor's
//! `POST /api/internal/billing/mirror-sync` over HTTP, with Raptor's bearer token. It
//! never writes Raptor's tables itself, so Raptor can be this sandbox, a second one, or
//! staging (`--raptor-url`).
//!
//! Each round reads the undelivered messages in commit order and groups them by
//! subscription. Groups go out concurrently; within a group messages go one after the
//! other, and the first failure stops the group, so a subscription's later change never
//! overtakes an earlier one. A failed message is retried after a wait that doubles from
//! 100 ms up to `--mirror-sync-max-backoff-ms`, with the same `sync_id` and body. Any 2xx
//! answer delivers it, including Raptor's `{"applied": false}` (a duplicate or an older
//! version: Raptor already holds that state or a newer one).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::http::header::CONTENT_TYPE;
use serde_json::Value;
use testkit_core::contract::RAPTOR_BASE;
use testkit_core::endpoints::check_http_url;
use tokio::sync::Semaphore;
use tokio::task::{JoinHandle, JoinSet};

use super::outbox::{self, now_ms, Attempt, Pending};
use crate::AppState;

/// Messages read per round.
const BATCH: usize = 1000;
/// Subscriptions delivered at once.
const CONCURRENCY: usize = 16;
/// The first retry's wait; it doubles with every failure.
const FIRST_BACKOFF_MS: i64 = 100;
/// The longest idle wait. The webhook receiver wakes the worker after each commit (a
/// wake-up during a round is kept for the next), but rows written by any other hand,
/// such as another process on the same database, are found within this.
const IDLE_POLL_MS: i64 = 1000;
/// Delivered messages are kept this long (the history a test or a person reads), then
/// removed, so the outbox does not grow with every change ever made.
pub const KEEP_DELIVERED_MS: i64 = 3_600_000;
/// How often the worker removes them, when idle.
const PRUNE_EVERY_MS: i64 = 60_000;
/// How long one delivery may take before it counts as failed.
const TIMEOUT: Duration = Duration::from_secs(10);

struct Worker {
    state: AppState,
    /// Raptor's mirror-sync URL.
    url: String,
    client: reqwest::Client,
    max_backoff_ms: i64,
}

/// Where Queue's fan-out delivers: `--raptor-url`, else this sandbox (on loopback when it
/// listens on every address).
fn raptor_base(state: &AppState, own: SocketAddr) -> Result<String, String> {
    match &state.config.raptor_url {
        Some(url) => {
            check_http_url("Raptor URL", url).map_err(|reason| format!("--raptor-url: {reason}"))
        }
        None if own.ip().is_unspecified() => Ok(format!("http://127.0.0.1:{}", own.port())),
        None => Ok(format!("http://{own}")),
    }
}

/// Starts the worker for a sandbox listening on `own`.
pub fn start(state: &AppState, own: SocketAddr) -> Result<JoinHandle<()>, String> {
    let base = raptor_base(state, own)?;
    let _ = state.fanout.raptor_url.set(base.clone());
    let client = reqwest::Client::builder()
        .timeout(TIMEOUT)
        .build()
        .map_err(|e| format!("cannot make the fan-out's HTTP client: {e}"))?;
    let worker = Arc::new(Worker {
        state: state.clone(),
        url: format!("{base}{RAPTOR_BASE}/mirror-sync"),
        client,
        max_backoff_ms: state
            .config
            .mirror_sync_max_backoff_ms
            .clamp(1, i64::MAX as u64) as i64,
    });
    Ok(tokio::spawn(worker.run()))
}

/// The rounds' groups: messages by subscription, in commit order, and only those whose
/// first message is due; and when the earliest of the others will be.
fn due_groups(rows: Vec<Pending>, now: i64) -> (Vec<Vec<Pending>>, Option<i64>) {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut groups: Vec<Vec<Pending>> = Vec::new();
    for row in rows {
        match index.get(&row.queue_subscription_id) {
            Some(&i) => groups[i].push(row),
            None => {
                index.insert(row.queue_subscription_id.clone(), groups.len());
                groups.push(vec![row]);
            }
        }
    }
    let mut next = None::<i64>;
    groups.retain(|group| {
        let at = group[0].next_attempt_ms;
        if at > now {
            next = Some(next.map_or(at, |n| n.min(at)));
        }
        at <= now
    });
    (groups, next)
}

impl Worker {
    async fn run(self: Arc<Self>) {
        let mut pruned_at = now_ms();
        loop {
            let rows = match self
                .state
                .queue
                .readers
                .run(|conn| outbox::pending(conn, BATCH))
                .await
            {
                Ok(rows) => rows,
                Err(err) => {
                    tracing::error!(event = "fanout.read_failed", cause = %err);
                    tokio::time::sleep(Duration::from_millis(IDLE_POLL_MS as u64)).await;
                    continue;
                }
            };
            let now = now_ms();
            let (due, next) = due_groups(rows, now);
            if due.is_empty() {
                if now - pruned_at >= PRUNE_EVERY_MS {
                    pruned_at = now;
                    self.prune(now - KEEP_DELIVERED_MS).await;
                }
                let wait = next.map_or(IDLE_POLL_MS, |at| (at - now).clamp(1, IDLE_POLL_MS));
                tokio::select! {
                    () = self.state.fanout.wake.notified() => {}
                    () = tokio::time::sleep(Duration::from_millis(wait as u64)) => {}
                }
                continue;
            }
            let attempts = self.deliver(due).await;
            if let Err(err) = self
                .state
                .queue
                .writer
                .run(move |conn| outbox::mark(conn, &attempts))
                .await
            {
                // The messages stay undelivered and go again: Raptor answers the ones
                // it applied as duplicates.
                tracing::error!(event = "fanout.mark_failed", cause = %err);
                tokio::time::sleep(Duration::from_millis(IDLE_POLL_MS as u64)).await;
            }
        }
    }

    async fn prune(&self, before_ms: i64) {
        match self
            .state
            .queue
            .writer
            .run(move |conn| outbox::prune(conn, before_ms))
            .await
        {
            Ok(0) => {}
            Ok(removed) => tracing::info!(event = "fanout.pruned", removed, "outbox pruned"),
            Err(err) => tracing::error!(event = "fanout.prune_failed", cause = %err),
        }
    }

    async fn deliver(self: &Arc<Self>, groups: Vec<Vec<Pending>>) -> Vec<Attempt> {
        let permits = Arc::new(Semaphore::new(CONCURRENCY));
        let mut tasks = JoinSet::new();
        for group in groups {
            let (worker, permits) = (self.clone(), permits.clone());
            tasks.spawn(async move {
                let _permit = permits.acquire_owned().await;
                let mut attempts = Vec::with_capacity(group.len());
                for row in &group {
                    let attempt = worker.send(row).await;
                    let failed = matches!(attempt, Attempt::Failed { .. });
                    attempts.push(attempt);
                    if failed {
                        break;
                    }
                }
                attempts
            });
        }
        let mut all = Vec::new();
        while let Some(done) = tasks.join_next().await {
            all.extend(done.expect("a delivery task does not panic"));
        }
        all
    }

    async fn send(&self, row: &Pending) -> Attempt {
        let answer = self
            .client
            .post(&self.url)
            .bearer_auth(&self.state.config.raptor_token)
            .header(CONTENT_TYPE, "application/json")
            .body(row.body.clone())
            .send()
            .await;
        let now = now_ms();
        match answer {
            Ok(response) if response.status().is_success() => {
                let reply = json_of(response).await;
                let lag_ms = now - row.created_ms;
                self.state.fanout.note_delivered(lag_ms);
                // The runbook's §6.6 line: Raptor has this change.
                tracing::info!(
                    event = "webhook.mirror_sync",
                    event_id = %row.event_id,
                    queue_subscription_id = %row.queue_subscription_id,
                    sync_id = %row.sync_id,
                    version = row.version,
                    applied = reply["applied"].as_bool(),
                    reason = reply["reason"].as_str(),
                    attempts = row.attempts + 1,
                    lag_ms,
                    "mirror sync dispatched"
                );
                Attempt::Delivered {
                    seq: row.seq,
                    at_ms: now,
                }
            }
            Ok(response) => {
                let status = response.status().as_u16();
                let reply = json_of(response).await;
                let code = reply["error"]["code"]
                    .as_str()
                    .unwrap_or("(body not the contract's JSON)");
                self.failed(row, format!("HTTP {status} {code}"), now)
            }
            Err(err) => self.failed(row, describe(err), now),
        }
    }

    fn failed(&self, row: &Pending, error: String, now: i64) -> Attempt {
        let tries = row.attempts + 1;
        let wait = FIRST_BACKOFF_MS
            .saturating_mul(1 << (tries - 1).clamp(0, 30))
            .min(self.max_backoff_ms);
        self.state.fanout.note_failed(&error, now);
        tracing::warn!(
            event = "fanout.retry",
            queue_subscription_id = %row.queue_subscription_id,
            sync_id = %row.sync_id,
            attempts = tries,
            retry_in_ms = wait,
            error = %error,
            "mirror sync failed, will retry"
        );
        Attempt::Failed {
            seq: row.seq,
            retry_at_ms: now + wait,
            error,
        }
    }
}

/// An answer's JSON body (null when it is not JSON).
async fn json_of(response: reqwest::Response) -> Value {
    let bytes = response.bytes().await.unwrap_or_default();
    serde_json::from_slice(&bytes).unwrap_or(Value::Null)
}

/// A failed request in a few words (no URL: it is in the outbox view already).
fn describe(err: reqwest::Error) -> String {
    if err.is_timeout() {
        format!("no answer within {} s", TIMEOUT.as_secs())
    } else if err.is_connect() {
        "cannot connect to Raptor".into()
    } else {
        format!("request failed: {}", err.without_url())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(seq: i64, sub: &str, next_attempt_ms: i64) -> Pending {
        Pending {
            seq,
            sync_id: format!("msync_{sub}_{seq}"),
            queue_subscription_id: sub.into(),
            version: seq,
            event_id: "evt".into(),
            body: "{}".into(),
            created_ms: 0,
            attempts: 0,
            next_attempt_ms,
        }
    }

    #[test]
    fn groups_keep_commit_order_and_wait_for_their_first_message() {
        let rows = vec![
            row(1, "a", 0),
            row(2, "b", 500),
            row(3, "a", 0),
            row(4, "c", 0),
            row(5, "b", 0),
            row(6, "d", 300),
        ];
        let (due, next) = due_groups(rows, 100);
        let seqs: Vec<Vec<i64>> = due
            .iter()
            .map(|g| g.iter().map(|r| r.seq).collect())
            .collect();
        // b's later message waits behind its first, which is not due yet.
        assert_eq!(seqs, [vec![1, 3], vec![4]]);
        assert_eq!(next, Some(300));
    }
}
