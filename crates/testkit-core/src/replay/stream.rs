//! A scenario's webhook stream: per step, every event its expected events stand for (one
//! per customer, the clock's once), as JSON text as Stripe sends it, with what Queue
//! should then hold.

use serde_json::Value;

use super::cross::{AppleNotification, CROSS_STORE_LETTER, CROSS_STORE_TITLE};
use super::expectation::Expectation;
use super::life::{replay_id, Kind, Life, Moment};
use super::objects::RunObjects;
use super::options::StreamOptions;
use crate::clock::{build, ClockParams, Scenario, Schedule, StepKind};
use crate::json_object::object;
use crate::time::DateTime;

/// One event of the stream, ready to sign and send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplayEvent {
    /// `evt_replay_<tag>_<n>`: the id receivers dedup on.
    pub id: String,
    /// Its `type`.
    pub event_type: &'static str,
    /// Its `created`: the clock time the step produces it at.
    pub created: i64,
    /// Which customer (0-based) its object belongs to; `None` for the clock's events.
    pub customer: Option<usize>,
    /// The body to sign and send, pretty-printed as Stripe sends it.
    pub body: String,
}

/// One step's events and what Queue should hold once they are applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepStream {
    /// The events, in the order Stripe produces them.
    pub events: Vec<ReplayEvent>,
    /// Queue's expected rows after the step.
    pub expect: Expectation,
    /// App Store notifications sent after the events (scenario H only; see [`super::cross`]).
    pub apple: Vec<AppleNotification>,
}

/// A scenario's stream: `steps[i]` belongs to `schedule.steps[i]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stream {
    /// The playbook's schedule the stream was made from.
    pub schedule: Schedule,
    /// What it was made with.
    pub options: StreamOptions,
    /// One per step of the schedule, in order.
    pub steps: Vec<StepStream>,
    /// Scenario H, one person on both stores (the schedule is scenario E's, rearranged).
    pub cross_store: bool,
}

impl Stream {
    /// Every event of every step.
    pub fn event_count(&self) -> usize {
        self.steps.iter().map(|s| s.events.len()).sum()
    }

    /// Every App Store notification of every step.
    pub fn notification_count(&self) -> usize {
        self.steps.iter().map(|s| s.apple.len()).sum()
    }

    /// The scenario's letter and title, for reports.
    pub fn scenario_name(&self) -> (&'static str, &'static str) {
        if self.cross_store {
            (CROSS_STORE_LETTER, CROSS_STORE_TITLE)
        } else {
            let s = self.schedule.scenario;
            (s.as_str(), s.title())
        }
    }
}

/// When the scenario next tries to pay the newest invoice after `(step, event)`: its next
/// payment event, unless a new invoice comes first.
fn next_attempt(schedule: &Schedule, step: usize, event: usize) -> Option<i64> {
    let times = schedule.steps[step..]
        .iter()
        .enumerate()
        .flat_map(|(i, s)| {
            let skip = if i == 0 { event + 1 } else { 0 };
            s.events.iter().skip(skip)
        });
    for expected in times {
        match kind_of(expected.event) {
            Kind::InvoiceCreated => return None,
            Kind::InvoicePaid | Kind::InvoicePaymentSucceeded | Kind::InvoicePaymentFailed => {
                return Some(expected.at)
            }
            _ => {}
        }
    }
    None
}

fn kind_of(event_type: &str) -> Kind {
    event_type
        .parse()
        .unwrap_or_else(|_| panic!("the replay generates every scenario event; not {event_type}"))
}

/// The webhook stream of `scenario` on a clock with `params`.
///
/// ```
/// use testkit_core::clock::{ClockParams, Scenario};
/// use testkit_core::replay::{stream, ApiVersion, RunTag, StreamOptions};
///
/// let options = StreamOptions { api_version: ApiVersion::V20240620, run: RunTag::from_number(1) };
/// let run = stream(Scenario::Dunning, &ClockParams::new(1_781_697_600), &options);
/// // The step where the renewal's charge fails, as Stripe would send it.
/// let step = run.schedule.steps.iter().position(|s| s.title.contains("the charge fails")).unwrap();
/// let failed = run.steps[step].events.iter().find(|e| e.event_type == "invoice.payment_failed").unwrap();
/// assert!(failed.id.starts_with("evt_replay_"));
/// let event: serde_json::Value = serde_json::from_str(&failed.body).unwrap();
/// assert_eq!(event["livemode"], false);
/// assert_eq!(event["data"]["object"]["attempt_count"], 1);
/// assert_eq!(event["data"]["object"]["billing_reason"], "subscription_cycle");
/// // ... and what Queue should hold once the step's events are applied.
/// let customer = &run.steps[step].expect.customers[0];
/// assert_eq!(customer.state.subscription.as_ref().unwrap().status.as_str(), "past_due");
/// assert_eq!(event["data"]["object"]["subscription"].as_str(), Some(customer.stripe_subscription_id.as_str()));
/// ```
pub fn stream(scenario: Scenario, params: &ClockParams, options: &StreamOptions) -> Stream {
    let schedule = build(scenario, params);
    let tag = options.run.as_str();
    let date = DateTime::from_unix(params.start).compact_date();
    let objects = RunObjects {
        clock: replay_id("clock", tag, &[]),
        clock_name: format!("raxx-billing-test-{date}-{scenario}"),
        date,
        product: replay_id("prod", tag, &[]),
        interval: params.interval,
    };
    let mut lives: Vec<Life> = schedule
        .run_emails(tag)
        .into_iter()
        .enumerate()
        .map(|(i, email)| Life::new(i + 1, tag, email, params.start))
        .collect();
    let mut count = 0;
    let mut steps = Vec::with_capacity(schedule.steps.len());
    for (s, step) in schedule.steps.iter().enumerate() {
        let kinds: Vec<Kind> = step.events.iter().map(|e| kind_of(e.event)).collect();
        let last_status = kinds.iter().rposition(|k| k.carries_status());
        let mut events = Vec::new();
        for (e, expected) in step.events.iter().enumerate() {
            let next_attempt = next_attempt(&schedule, s, e);
            let customers: Vec<Option<usize>> = if kinds[e].per_customer() {
                (0..lives.len()).map(Some).collect()
            } else {
                vec![None]
            };
            for customer in customers {
                let moment = Moment {
                    at: expected.at,
                    kind: kinds[e],
                    step: step.kind,
                    after: &step.expect.customers[customer.unwrap_or(0)],
                    last_status: last_status == Some(e),
                    next_attempt,
                };
                if let Some(c) = customer {
                    lives[c].apply(&moment);
                }
                let mut event = objects.event(&moment, customer.map(|c| &lives[c]));
                count += 1;
                let id = replay_id("evt", tag, &[count]);
                event["id"] = id.clone().into();
                // Setup and actions are API calls; advances are the clock's own doing.
                event["request"] = match step.kind {
                    StepKind::Advance => {
                        object([("id", Value::Null), ("idempotency_key", Value::Null)])
                    }
                    _ => {
                        let who = customer.map_or(0, |c| c + 1);
                        object([
                            ("id", replay_id("req", tag, &[s + 1, who]).into()),
                            (
                                "idempotency_key",
                                format!("replay-{tag}-{}-{who}", s + 1).into(),
                            ),
                        ])
                    }
                };
                crate::events::shape_event(&mut event, options.api_version);
                events.push(ReplayEvent {
                    id,
                    event_type: expected.event,
                    created: expected.at,
                    customer,
                    // Pretty, as Stripe sends it (`{:#}` is serde_json's pretty printer).
                    body: format!("{event:#}"),
                });
            }
        }
        steps.push(StepStream {
            events,
            expect: Expectation::new(&step.expect, &lives),
            apple: Vec::new(),
        });
    }
    Stream {
        schedule,
        options: options.clone(),
        steps,
        cross_store: false,
    }
}
