//! `billing-sandbox replay` options, read and checked into what a run needs: live keys,
//! Stripe keys as tokens and production hosts are refused as everywhere in the project.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use clap::Args;
use testkit_core::clock::{parse_params, AfterRetries, ClockParams, Interval, ParamTexts};
use testkit_core::contract::WEBHOOK_PATH;
use testkit_core::endpoints::refuse_destination;
use testkit_core::keys::{refuse_as_bearer_token, refuse_as_webhook_secret};
use testkit_core::replay::{
    ApiVersion, DeliveryOptions, Order, ReplayScenario, RunTag, Share, StreamOptions,
};

use crate::config::{DEFAULT_TOKEN, DEFAULT_WEBHOOK_SECRET};

/// Replay a test-clock scenario's webhook stream against a receiver, signed as Stripe
/// signs it, and check Queue's internal API after every step. Prints a Markdown report;
/// exits 0 when every step passes, 1 when one fails, 2 on a usage or connection error.
#[derive(Clone, Debug, Args)]
pub struct ReplayArgs {
    /// The playbook's scenario: A renewal, B dunning, C trial expiry, D cancel at period
    /// end, E immediate cancel, F trial without a card, G plan change; or H (cross-store),
    /// one person on both stores: App Store notifications signed with the sandbox's test
    /// chain (fetched from Raptor's GET /__sandbox/apple/test-signer) beside the Stripe
    /// events.
    #[arg(long, value_parser = ReplayScenario::parse)]
    pub scenario: ReplayScenario,

    /// The receiver's webhook URL.
    #[arg(long, default_value_t = format!("http://127.0.0.1:8080{WEBHOOK_PATH}"))]
    pub to: String,

    /// The endpoint's signing secret (whsec_...). Held in memory only, never printed.
    #[arg(long, env = "REPLAY_WEBHOOK_SECRET", hide_env_values = true,
          default_value = DEFAULT_WEBHOOK_SECRET)]
    pub secret: String,

    /// Queue's base URL, whose internal billing API checks each step.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    pub queue: String,

    /// Bearer token for Queue's internal API. Held in memory only, never printed.
    #[arg(long, env = "REPLAY_TOKEN", hide_env_values = true, default_value = DEFAULT_TOKEN)]
    pub token: String,

    /// Raptor's base URL, whose paywall answer (`/access`) checks the chain after each
    /// step; by default the --queue URL (the sandbox is both).
    #[arg(long)]
    pub raptor: Option<String>,

    /// Bearer token for Raptor; by default --token. Held in memory only, never printed.
    #[arg(long, env = "REPLAY_RAPTOR_TOKEN", hide_env_values = true)]
    pub raptor_token: Option<String>,

    /// The order of each step's deliveries: in-order, or shuffled (Stripe does not
    /// guarantee order).
    #[arg(long, default_value = "in-order")]
    pub order: Order,

    /// The share of the events delivered a second time later in their step, from 0 to 1
    /// (or a percentage), as Stripe's retries do.
    #[arg(long, default_value = "0", value_parser = Share::parse)]
    pub redeliver: Share,

    /// The API version the events are shaped for: 2024-06-20, 2025-03-31.basil (the
    /// period on the subscription item, the invoice's subscription under parent) or
    /// 2026-10-28.endive (basil's shapes and billing_mode; docs/stripe-versions.md).
    #[arg(long = "api-version", default_value = "2024-06-20")]
    pub api_version: ApiVersion,

    /// Milliseconds to wait between steps.
    #[arg(long, default_value_t = 0)]
    pub delay: u64,

    /// Seeds the shuffle and the redeliveries (default: a new one, shown in the report).
    #[arg(long)]
    pub seed: Option<u64>,

    /// The clock's start: unix seconds, a date (2026-06-17) or a date and time.
    #[arg(long, default_value = "now")]
    pub start: String,

    /// How often the subscription bills: week, month or year.
    #[arg(long, default_value = "month")]
    pub interval: Interval,

    /// Trial days, for the scenarios with a trial (C, F).
    #[arg(long, default_value = "14")]
    pub trial: String,

    /// Customers on the clock, 1 to 3 (each with its own subscription).
    #[arg(long, default_value = "1")]
    pub customers: String,

    /// Smart Retries' count after the first failure (an account setting; B).
    #[arg(long, default_value = "4")]
    pub retries: String,

    /// Smart Retries' window in days (an account setting; B).
    #[arg(long, default_value = "21")]
    pub window: String,

    /// What the account does when the last retry fails: cancel, unpaid or past_due (B).
    #[arg(long = "after-retries", default_value = "cancel")]
    pub after_retries: AfterRetries,

    /// Seconds to wait for each answer.
    #[arg(long, default_value_t = 10)]
    pub timeout: u64,
}

/// A run, checked and ready.
pub struct Setup {
    /// Which scenario.
    pub scenario: ReplayScenario,
    /// Its clock.
    pub params: ClockParams,
    /// The events' shapes and the run's tag.
    pub stream: StreamOptions,
    /// Order, redeliveries, seed.
    pub delivery: DeliveryOptions,
    /// The receiver's URL.
    pub to: String,
    /// Queue's base URL, without a trailing slash.
    pub queue: String,
    /// Raptor's base URL, without a trailing slash.
    pub raptor: String,
    /// The signing secret.
    pub secret: String,
    /// The bearer token.
    pub token: String,
    /// Raptor's bearer token.
    pub raptor_token: String,
    /// Between steps.
    pub delay: Duration,
    /// For each answer.
    pub timeout: Duration,
}

/// Something that differs between runs: the time to the nanosecond and the process.
fn unique() -> u64 {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    nanos ^ (u64::from(std::process::id()) << 40)
}

fn http_url(what: &str, url: &str) -> Result<String, String> {
    let parsed =
        reqwest::Url::parse(url).map_err(|e| format!("{what} {url:?} is not a URL: {e}"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!("{what} {url:?} must be an http or https URL"));
    }
    // The URLs are printed in the report: credentials never belong in them.
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(format!(
            "{what} must not carry credentials (user:password@); use --secret and --token"
        ));
    }
    if let Some(refusal) = refuse_destination(url) {
        return Err(refusal);
    }
    Ok(url.trim_end_matches('/').to_string())
}

impl ReplayArgs {
    /// The run these options ask for at `now` (unix seconds), or what is wrong with them.
    pub fn setup(self, now: i64) -> Result<Setup, String> {
        if let Some(refusal) = refuse_as_webhook_secret(&self.secret) {
            return Err(format!("--secret: {refusal}"));
        }
        if let Some(refusal) = refuse_as_bearer_token(&self.token) {
            return Err(format!("--token: {refusal}"));
        }
        let start = if self.start.trim() == "now" {
            now.to_string()
        } else {
            self.start.clone()
        };
        let texts = ParamTexts {
            start: &start,
            trial: &self.trial,
            customers: &self.customers,
            retries: &self.retries,
            window: &self.window,
        };
        let params = parse_params(texts, self.interval, self.after_retries).map_err(|errors| {
            errors
                .iter()
                .map(|e| format!("--{}: {}", e.field, e.message))
                .collect::<Vec<_>>()
                .join("\n")
        })?;
        let run = unique();
        Ok(Setup {
            scenario: self.scenario,
            params,
            stream: StreamOptions {
                api_version: self.api_version,
                run: RunTag::from_number(run),
            },
            delivery: DeliveryOptions {
                order: self.order,
                redeliver: self.redeliver,
                seed: self.seed.unwrap_or(run.rotate_left(17) % 1_000_000),
            },
            to: http_url("--to", &self.to)?,
            queue: http_url("--queue", &self.queue)?,
            raptor: http_url("--raptor", self.raptor.as_deref().unwrap_or(&self.queue))?,
            secret: self.secret,
            raptor_token: self.raptor_token.unwrap_or_else(|| self.token.clone()),
            token: self.token,
            delay: Duration::from_millis(self.delay),
            timeout: Duration::from_secs(self.timeout.max(1)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Cli, Command};
    use clap::Parser;
    use testkit_core::clock::Scenario;

    fn setup(extra: &[&str]) -> Result<Setup, String> {
        let mut argv = vec!["billing-sandbox", "replay", "--scenario", "b"];
        argv.extend_from_slice(extra);
        match Cli::try_parse_from(argv)
            .map_err(|e| e.to_string())?
            .command
        {
            Some(Command::Replay(args)) => args.setup(1_801_407_600),
            None => unreachable!("replay is the replay command"),
        }
    }

    #[test]
    fn defaults_are_the_local_sandbox_and_the_clock_starts_now() {
        let s = setup(&[]).unwrap();
        assert_eq!(s.scenario, ReplayScenario::Playbook(Scenario::Dunning));
        assert_eq!(s.to, "http://127.0.0.1:8080/api/v1/billing/webhook");
        assert_eq!(s.queue, "http://127.0.0.1:8080");
        assert_eq!(
            (s.secret.as_str(), s.token.as_str()),
            (DEFAULT_WEBHOOK_SECRET, DEFAULT_TOKEN)
        );
        assert_eq!(s.params.start, 1_801_407_600);
        assert_eq!(s.delivery.order, Order::InOrder);
        assert_eq!(s.stream.api_version, ApiVersion::V20240620);
        let s = setup(&["--start", "2027-01-31", "--redeliver", "20%", "--seed", "9"]).unwrap();
        assert_eq!(s.params.start, 1_801_353_600);
        assert_eq!(
            (s.delivery.redeliver.percent().as_str(), s.delivery.seed),
            ("20%", 9)
        );
    }

    #[test]
    fn refuses_live_keys_production_hosts_credentials_in_urls_and_bad_clocks() {
        let refused = |extra: &[&str], says: &str| {
            let err = setup(extra)
                .err()
                .unwrap_or_else(|| panic!("{extra:?} was accepted"));
            assert!(err.contains(says), "{extra:?}: {err}");
        };
        refused(&["--secret", "sk_live_abc"], "LIVE key");
        refused(&["--secret", "whsec_live_abc"], "_live_");
        refused(
            &["--token", "sk_test_abcdefgh"],
            "not the service's bearer token",
        );
        refused(
            &["--to", "https://queue.raxx.app/api/v1/billing/webhook"],
            "production",
        );
        refused(
            &["--queue", "https://u:p@127.0.0.1:8080"],
            "must not carry credentials",
        );
        refused(&["--to", "ftp://127.0.0.1/x"], "http or https");
        refused(
            &["--customers", "4"],
            "--customers: A test clock holds at most 3",
        );
        refused(
            &["--trial", "x"],
            "--trial: Trial days must be a whole number",
        );
        refused(&["--redeliver", "2"], "share from 0 to 1");
        refused(
            &["--api-version", "2020-08-27"],
            "2024-06-20, 2025-03-31.basil, 2026-10-28.endive",
        );
    }
}
