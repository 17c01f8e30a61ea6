//! The panel's inputs, checked into what a run needs. What each input refuses is
//! testkit-core's, as in `billing-sandbox replay`: live keys and API keys as the secret,
//! Stripe keys as the token, production hosts and credentials in URLs.

use testkit_core::clock::Schedule;
use testkit_core::endpoints::check_http_url;
use testkit_core::keys::{refuse_as_bearer_token, refuse_as_webhook_secret};
use testkit_core::replay::{
    ApiVersion, DeliveryOptions, Order, ReplayScenario, RunTag, Share, StreamOptions,
};

/// The longest pause between steps, in milliseconds (ten minutes).
pub const MAX_DELAY_MS: u32 = 600_000;

/// The pause between steps: whole milliseconds, up to [`MAX_DELAY_MS`].
pub fn parse_delay(text: &str) -> Result<u32, String> {
    text.trim()
        .parse::<u32>()
        .ok()
        .filter(|ms| *ms <= MAX_DELAY_MS)
        .ok_or_else(|| {
            format!("The delay is whole milliseconds from 0 to {MAX_DELAY_MS}, not \"{text}\".")
        })
}

/// What the person typed and chose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Texts {
    pub receiver: String,
    pub secret: String,
    pub queue: String,
    pub token: String,
    pub raptor: String,
    pub order: Order,
    pub redeliver: String,
    pub delay: String,
    pub api_version: ApiVersion,
    /// Scenario H (one person on both stores) instead of the playbook's scenario.
    pub cross_store: bool,
}

/// Why the receiver URL cannot be used.
pub fn receiver_problem(text: &str) -> Option<String> {
    check_http_url("receiver URL", text).err()
}

/// Why the Queue base URL cannot be used.
pub fn queue_problem(text: &str) -> Option<String> {
    check_http_url("Queue base URL", text).err()
}

/// Why the Raptor base URL cannot be used (empty is fine: no paywall check).
pub fn raptor_problem(text: &str) -> Option<String> {
    raptor_url(text).err()
}

fn raptor_url(text: &str) -> Result<Option<String>, String> {
    match text.trim() {
        "" => Ok(None),
        url => check_http_url("Raptor base URL", url).map(Some),
    }
}

/// What is still to be entered before a run can start.
pub fn missing(secret: &str, token: &str) -> Option<&'static str> {
    match (secret.is_empty(), token.is_empty()) {
        (true, true) => Some("Enter the webhook secret and Queue's bearer token to replay."),
        (true, false) => Some("Enter the receiver's webhook secret to replay."),
        (false, true) => Some("Enter Queue's bearer token to replay."),
        (false, false) => None,
    }
}

/// A run, checked and ready: where to, with what, and the stream's and plan's options.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setup {
    /// The playbook's schedule (its clock, and its scenario unless `scenario` is H).
    pub schedule: Schedule,
    /// What to replay: the playbook's scenario, or H.
    pub scenario: ReplayScenario,
    pub stream: StreamOptions,
    pub delivery: DeliveryOptions,
    /// The receiver's URL.
    pub to: String,
    /// Queue's base URL, without a trailing slash.
    pub queue: String,
    /// Raptor's base URL for the paywall check (asked with Queue's token); `None`: no check.
    pub raptor: Option<String>,
    /// Held for the run only: never shown, stored or logged.
    pub secret: String,
    pub token: String,
    pub delay_ms: u32,
}

impl Texts {
    /// The run these inputs ask for, with a tag and a plan seeded from `seed` (something
    /// that differs per run); the first problem otherwise.
    pub fn setup(&self, schedule: &Schedule, seed: u64) -> Result<Setup, String> {
        if let Some(why) = missing(&self.secret, &self.token) {
            return Err(why.to_string());
        }
        let refusals = [
            refuse_as_webhook_secret(&self.secret),
            refuse_as_bearer_token(&self.token),
        ];
        if let Some(why) = refusals.into_iter().flatten().next() {
            return Err(why);
        }
        let raptor = raptor_url(&self.raptor)?;
        if self.cross_store && raptor.is_none() {
            return Err("Scenario H sends App Store notifications to Raptor and checks its paywall: enter Raptor's base URL.".into());
        }
        Ok(Setup {
            schedule: schedule.clone(),
            scenario: if self.cross_store {
                ReplayScenario::CrossStore
            } else {
                ReplayScenario::Playbook(schedule.scenario)
            },
            stream: StreamOptions {
                api_version: self.api_version,
                run: RunTag::from_number(seed),
            },
            delivery: DeliveryOptions {
                order: self.order,
                redeliver: Share::parse(&self.redeliver)?,
                seed: seed.rotate_left(17) % 1_000_000,
            },
            to: check_http_url("receiver URL", &self.receiver)?,
            queue: check_http_url("Queue base URL", &self.queue)?,
            raptor,
            secret: self.secret.clone(),
            token: self.token.clone(),
            delay_ms: parse_delay(&self.delay)?,
        })
    }
}
