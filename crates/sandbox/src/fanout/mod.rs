//! Queue's fan-out to Raptor's mirror, as Queue does it: a transactional outbox
//! ([`outbox`]) written with every committed change of a Stripe subscription, and a
//! worker ([`worker`]) that delivers it over HTTP to a Raptor's
//! `POST /api/internal/billing/mirror-sync` ([`message`]), retrying with backoff, in order
//! per subscription. The mirror is therefore eventually consistent: [`Fanout::view`] says
//! how far behind it is.

pub mod message;
pub mod outbox;
pub mod worker;

use std::collections::VecDeque;
use std::sync::{Mutex, OnceLock};

use serde_json::{json, Value};
use tokio::sync::Notify;

/// How many recent deliveries the lag percentiles are taken over (a bench's whole run).
const LAG_WINDOW: usize = 100_000;

/// What the webhook receiver, the worker and the outbox view share.
#[derive(Default)]
pub struct Fanout {
    /// Rung after a commit that wrote outbox rows, so delivery starts at once.
    wake: Notify,
    /// Where the worker delivers (known once the sandbox has its address).
    raptor_url: OnceLock<String>,
    stats: Mutex<Stats>,
}

/// Counters since the sandbox started.
#[derive(Default)]
struct Stats {
    delivered: u64,
    attempts: u64,
    failed_attempts: u64,
    last_error: Option<(String, i64)>,
    /// Commit-to-delivery times (ms) of the latest deliveries.
    lags: VecDeque<i64>,
}

impl Fanout {
    /// Tells the worker that new messages are committed.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    fn note_delivered(&self, lag_ms: i64) {
        let mut stats = self.stats.lock().expect("fan-out stats");
        stats.delivered += 1;
        stats.attempts += 1;
        if stats.lags.len() == LAG_WINDOW {
            stats.lags.pop_front();
        }
        stats.lags.push_back(lag_ms);
    }

    fn note_failed(&self, error: &str, at_ms: i64) {
        let mut stats = self.stats.lock().expect("fan-out stats");
        stats.attempts += 1;
        stats.failed_attempts += 1;
        stats.last_error = Some((error.to_string(), at_ms));
    }

    /// The outbox view: the backlog (`pending`, `oldest_age_ms`, from the outbox table)
    /// and the worker's counters and lag percentiles since the sandbox started.
    pub fn view(&self, pending: i64, oldest_created_ms: Option<i64>, now_ms: i64) -> Value {
        let stats = self.stats.lock().expect("fan-out stats");
        let mut lags: Vec<i64> = stats.lags.iter().copied().collect();
        lags.sort_unstable();
        let at = |p: f64| -> Option<i64> {
            let last = lags.len().checked_sub(1)?;
            Some(lags[((lags.len() as f64 * p) as usize).min(last)])
        };
        json!({
            "raptor_url": self.raptor_url.get(),
            "pending": pending,
            "oldest_age_ms": oldest_created_ms.map(|c| (now_ms - c).max(0)),
            "delivered": stats.delivered,
            "attempts": stats.attempts,
            "failed_attempts": stats.failed_attempts,
            "last_error": stats.last_error.as_ref().map(|(e, _)| e),
            "last_error_at": stats.last_error.as_ref().map(|(_, at)| testkit_core::time::rfc3339(at / 1000)),
            "lag_ms": { "p50": at(0.50), "p99": at(0.99), "max": lags.last(), "samples": lags.len() },
        })
    }
}
