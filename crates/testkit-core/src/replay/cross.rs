//! Scenario H, "One person on both stores": scenario E's Stripe stream (subscribe, then
//! cancel now) for one customer, interleaved with App Store notifications about the same
//! person, so the paywall's answer is checked when either store ends alone and when both
//! have ended. The notifications are described here and crafted and signed by the runner
//! when it sends them, with the sandbox's test chain (the signing date must be "now").

use std::ops::Range;

use super::expectation::Expectation;
use super::options::StreamOptions;
use super::stream::{stream, StepStream, Stream};
use super::verdict::{excerpt, DeliveryRecord};
use crate::appstore::{CraftInput, Environment, Event};
use crate::clock::{ClockParams, Scenario, Step, StepKind};

/// The scenario's letter, beside the playbook's A to G (it is replay-only).
pub const CROSS_STORE_LETTER: &str = "H";
/// Its title.
pub const CROSS_STORE_TITLE: &str = "One person on both stores";

/// The App Store product the person subscribes to (Pro, as the Stripe subscription).
pub const CROSS_STORE_PRODUCT: &str = "app.raxx.pro.monthly";

/// An App Store notification a step sends after its Stripe events (so the Stripe
/// customer, whose metadata names the user, exists first: the sandbox learns the user's
/// appAccountToken from it and finds the person by it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppleNotification {
    /// What happened (SUBSCRIBED, EXPIRED, ...).
    pub event: Event,
    /// The notification's UUID: unique per run and step, so it is never a duplicate.
    pub uuid: String,
    /// The person's user id: the same as the Stripe customer's.
    pub user_id: String,
    /// Periods renewed since the first purchase.
    pub renewal: u32,
}

impl AppleNotification {
    /// The crafting input at send time: a 30-day period from `now_ms`, signed at `now_ms`
    /// (the verifier checks the chain at the signing date), for the sandbox's app.
    pub fn input(&self, bundle_id: &str, environment: Environment, now_ms: i64) -> CraftInput {
        let mut input = CraftInput::new(
            bundle_id,
            CROSS_STORE_PRODUCT,
            environment,
            &self.user_id,
            &self.uuid,
            now_ms,
            now_ms + 30 * 86_400_000,
            now_ms,
        );
        input.renewal = self.renewal;
        input
    }

    /// Its type as the report shows it beside Stripe's event types.
    pub fn label(&self) -> &'static str {
        match self.event {
            Event::InitialBuy => "apple SUBSCRIBED.INITIAL_BUY",
            Event::Resubscribe => "apple SUBSCRIBED.RESUBSCRIBE",
            Event::ExpiredVoluntary => "apple EXPIRED.VOLUNTARY",
            _ => "apple notification",
        }
    }

    /// The record of sending it, signed at `signed_ms`: Queue's verdict checks that
    /// Raptor's receiver took it as it checks Stripe's deliveries.
    pub fn record(
        &self,
        signed_ms: i64,
        status: Option<u16>,
        answer: &str,
        ms: u64,
    ) -> DeliveryRecord {
        DeliveryRecord {
            event_id: self.uuid.clone(),
            event_type: self.label(),
            created: signed_ms / 1000,
            redelivery: false,
            status,
            answer: excerpt(answer),
            ms,
        }
    }
}

/// What a replay runs: a playbook scenario (A to G) or [`cross_store`] (H).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplayScenario {
    /// One of the playbook's scenarios, as the test clocks run it.
    Playbook(Scenario),
    /// Scenario H, one person on both stores.
    CrossStore,
}

impl ReplayScenario {
    /// Reads a letter (A to H, either case) or `cross-store`.
    pub fn parse(text: &str) -> Result<ReplayScenario, String> {
        let text = text.trim();
        if text.eq_ignore_ascii_case(CROSS_STORE_LETTER) || text == "cross-store" {
            return Ok(ReplayScenario::CrossStore);
        }
        Scenario::from_letter(text)
            .map(ReplayScenario::Playbook)
            .ok_or_else(|| format!("\"{text}\" is not a scenario; use A to H (or cross-store)"))
    }

    /// Its letter.
    pub fn letter(self) -> &'static str {
        match self {
            ReplayScenario::Playbook(s) => s.as_str(),
            ReplayScenario::CrossStore => CROSS_STORE_LETTER,
        }
    }

    /// Its stream.
    pub fn stream(self, params: &ClockParams, options: &StreamOptions) -> Stream {
        match self {
            ReplayScenario::Playbook(s) => stream(s, params, options),
            ReplayScenario::CrossStore => cross_store(params, options),
        }
    }
}

/// The mirror status each event leaves the App Store subscription in.
fn ios_status(event: Event) -> &'static str {
    match event {
        Event::ExpiredVoluntary => "expired",
        _ => "active",
    }
}

/// Scenario H's stream for `params` (one customer, whatever `params` says).
pub fn cross_store(params: &ClockParams, options: &StreamOptions) -> Stream {
    let params = ClockParams {
        customers: 1,
        ..params.clone()
    };
    let base = stream(Scenario::ImmediateCancel, &params, options);
    let user = base.steps[0].expect.customers[0].user_id.clone();
    let tag = options.run.as_str().to_string();
    let note = |n: usize, event: Event, renewal: u32| AppleNotification {
        event,
        // A UUID's shape, unique per run (the tag's hash) and notification.
        uuid: format!(
            "00000000-0000-4000-8{:03x}-{:012x}",
            n,
            super::options::mix(tag.bytes().fold(0, |h, b| h * 31 + u64::from(b)))
                & 0xffff_ffff_ffff
        ),
        user_id: user.clone(),
        renewal,
    };
    // Scenario E: set-up steps (clock, customer, card, the subscription active), then
    // "Cancel now". The set-up is one step here, its events in the playbook's order.
    let last = base.steps.len() - 1;
    let (set_up, cancel) = (&base.schedule.steps[last - 1], &base.schedule.steps[last]);
    let apple_only = |title: &str, after: &Step| Step {
        kind: StepKind::Action,
        title: title.into(),
        command: String::new(),
        events: Vec::new(),
        note: Some("App Store only: Queue's rows are as the step before left them.".into()),
        ..after.clone()
    };
    // (schedule step, the base steps whose Stripe events it sends, its notification)
    let plan: [(Step, Range<usize>, Option<AppleNotification>); 5] = [
        (
            Step {
                title: "Subscribe on Stripe (active) + App Store SUBSCRIBED".into(),
                ..set_up.clone()
            },
            0..last,
            Some(note(1, Event::InitialBuy, 0)),
        ),
        (
            apple_only("App Store EXPIRED while Stripe is active", set_up),
            0..0,
            Some(note(2, Event::ExpiredVoluntary, 0)),
        ),
        (
            apple_only("App Store SUBSCRIBED again (RESUBSCRIBE)", set_up),
            0..0,
            Some(note(3, Event::Resubscribe, 1)),
        ),
        (
            Step {
                title: "Cancel Stripe now while the App Store is active".into(),
                ..cancel.clone()
            },
            last..last + 1,
            None,
        ),
        (
            apple_only("App Store EXPIRED too: both stores ended", cancel),
            0..0,
            Some(note(4, Event::ExpiredVoluntary, 1)),
        ),
    ];
    let mut schedule = base.schedule.clone();
    schedule.steps = plan.iter().map(|(s, _, _)| s.clone()).collect();
    let mut queue = base.steps[0].expect.clone();
    let mut ios = None;
    let steps = plan
        .into_iter()
        .map(|(_, stripe, apple)| {
            if let Some(i) = stripe.clone().last() {
                queue = base.steps[i].expect.clone();
            }
            if let Some(a) = &apple {
                ios = Some(ios_status(a.event));
            }
            let mut expect: Expectation = queue.clone();
            expect.customers[0].ios_status = ios;
            StepStream {
                events: base.steps[stripe]
                    .iter()
                    .flat_map(|s| s.events.clone())
                    .collect(),
                expect,
                apple: apple.into_iter().collect(),
            }
        })
        .collect();
    Stream {
        schedule,
        options: options.clone(),
        steps,
        cross_store: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::replay::{
        chain_next, ApiVersion, ChainNext, ChainWait, ReadAnswer, RunTag, CHAIN_WAIT_MS,
    };

    fn run() -> Stream {
        let options = StreamOptions {
            api_version: ApiVersion::V20240620,
            run: RunTag::from_number(7),
        };
        let params = ClockParams {
            customers: 3,
            ..ClockParams::new(1_801_407_600)
        };
        cross_store(&params, &options)
    }

    #[test]
    fn reads_h_or_cross_store_beside_the_playbook() {
        for text in ["H", "h", "cross-store"] {
            assert_eq!(ReplayScenario::parse(text), Ok(ReplayScenario::CrossStore));
        }
        assert_eq!(
            ReplayScenario::parse("e"),
            Ok(ReplayScenario::Playbook(Scenario::ImmediateCancel))
        );
        assert!(ReplayScenario::parse("I").unwrap_err().contains("A to H"));
    }

    #[test]
    fn interleaves_both_stores_for_one_person() {
        let run = run();
        assert!(run.cross_store);
        assert_eq!(run.scenario_name(), ("H", "One person on both stores"));
        assert_eq!(run.steps.len(), 5);
        assert_eq!(run.schedule.steps.len(), 5);
        let stripe: Vec<usize> = run.steps.iter().map(|s| s.events.len()).collect();
        assert!(stripe[0] > 3 && stripe[3] == 1, "{stripe:?}");
        assert_eq!((stripe[1], stripe[2], stripe[4]), (0, 0, 0));
        let apple: Vec<Option<Event>> = run
            .steps
            .iter()
            .map(|s| s.apple.first().map(|a| a.event))
            .collect();
        use Event::*;
        assert_eq!(
            apple,
            [
                Some(InitialBuy),
                Some(ExpiredVoluntary),
                Some(Resubscribe),
                None,
                Some(ExpiredVoluntary)
            ]
        );
        // One person: the notifications name the Stripe customer's user, one customer only.
        for s in &run.steps {
            assert_eq!(s.expect.customers.len(), 1);
            for a in &s.apple {
                assert_eq!(a.user_id, s.expect.customers[0].user_id);
            }
        }
        let uuids: std::collections::BTreeSet<_> = run
            .steps
            .iter()
            .flat_map(|s| &s.apple)
            .map(|a| &a.uuid)
            .collect();
        assert_eq!(uuids.len(), 4);
        assert_eq!(
            run.steps[3].events[0].event_type,
            "customer.subscription.deleted"
        );
    }

    #[test]
    fn expects_access_from_either_store_and_402_when_both_ended() {
        let run = run();
        let states: Vec<(Option<&str>, Option<&str>)> = run
            .steps
            .iter()
            .map(|s| {
                let c = &s.expect.customers[0];
                let stripe = c.state.subscription.as_ref().map(|s| s.status.as_str());
                (stripe, c.ios_status)
            })
            .collect();
        assert_eq!(
            states,
            [
                (Some("active"), Some("active")),
                (Some("active"), Some("expired")),
                (Some("active"), Some("active")),
                (Some("canceled"), Some("active")),
                (Some("canceled"), Some("expired")),
            ]
        );
        let access: Vec<String> = run
            .steps
            .iter()
            .map(|s| {
                let ChainNext::Read(reads) =
                    chain_next(&s.expect, &[], 0, &ChainWait::UntilAgrees(CHAIN_WAIT_MS))
                else {
                    panic!("reads first");
                };
                // A 402 answer: the checks say what was wanted.
                let denied = ReadAnswer {
                    read: reads[0].clone(),
                    status: 402,
                    body: "{}".into(),
                };
                let ChainNext::Done(done) = chain_next(
                    &s.expect,
                    &[denied],
                    CHAIN_WAIT_MS,
                    &ChainWait::UntilAgrees(0),
                ) else {
                    panic!("no wait");
                };
                done.checks[0].expected.clone()
            })
            .collect();
        assert_eq!(
            access,
            ["granted", "granted", "granted", "granted", "denied (402)"]
        );
    }

    #[test]
    fn checks_which_stores_grant() {
        let run = run();
        let expect = &run.steps[3].expect; // Stripe canceled, App Store active
        let ChainNext::Read(reads) =
            chain_next(expect, &[], 0, &ChainWait::UntilAgrees(CHAIN_WAIT_MS))
        else {
            panic!("reads first");
        };
        let answer = |body: &str| ReadAnswer {
            read: reads[0].clone(),
            status: 200,
            body: body.into(),
        };
        let ios = r#"{"access":true,"plan_tier":"pro","until":"2027-03-01T00:00:00Z","grants":[{"source":"ios","status":"active"}]}"#;
        let ChainNext::Done(done) = chain_next(
            expect,
            &[answer(ios)],
            5,
            &ChainWait::UntilAgrees(CHAIN_WAIT_MS),
        ) else {
            panic!("agrees");
        };
        assert!(done.checks.iter().all(|c| c.passed), "{:?}", done.checks);
        let sources = done
            .checks
            .iter()
            .find(|c| c.field == crate::replay::Checked::AccessSources);
        assert_eq!(sources.map(|c| c.expected.as_str()), Some("ios"));
        // A stale Stripe grant beside it is a failure, named.
        let both = r#"{"access":true,"grants":[{"source":"ios","status":"active"},{"source":"stripe","status":"active"}]}"#;
        let ChainNext::Done(done) = chain_next(
            expect,
            &[answer(both)],
            CHAIN_WAIT_MS,
            &ChainWait::UntilAgrees(0),
        ) else {
            panic!("bound");
        };
        let failed: Vec<_> = done.checks.iter().filter(|c| !c.passed).collect();
        assert_eq!(failed.len(), 1);
        assert_eq!(
            (failed[0].expected.as_str(), failed[0].actual.as_str()),
            ("ios", "stripe+ios")
        );
        // Both granting: both sources, the Stripe grant's status.
        let first = &run.steps[0].expect;
        let both_active = r#"{"access":true,"grants":[{"source":"stripe","status":"active"},{"source":"ios","status":"active"}]}"#;
        let ChainNext::Done(done) = chain_next(
            first,
            &[answer(both_active)],
            1,
            &ChainWait::UntilAgrees(CHAIN_WAIT_MS),
        ) else {
            panic!("agrees");
        };
        assert!(done.checks.iter().all(|c| c.passed), "{:?}", done.checks);
        assert_eq!(done.checks.len(), 3);
    }
}
