//! The chain to the paywall after a step: Raptor's access answer for each customer
//! (`GET /api/internal/billing/access?user_id=`), computed from the mirror that Queue's
//! fan-out keeps, against what the step should leave. The mirror is eventually
//! consistent, so the runner asks again until it agrees or [`CHAIN_WAIT_MS`] passes, and
//! the time it took is the step's measured lag.

use serde_json::Value;

use super::expectation::{CustomerExpectation, Expectation};
use super::reads::{query_value, QueueList, QueueRead, ReadAnswer};
use super::verdict::{excerpt, Checked, FieldCheck, StepVerdict};
use crate::access::{grants, Source};
use crate::contract::RAPTOR_BASE;
use crate::stripe::SubscriptionStatus;
use crate::time::{parse_rfc3339, rfc3339};

/// How long the runner waits for the paywall to agree with Queue, in milliseconds: far
/// above the sandbox's fan-out lag (milliseconds), short enough that a lost update fails
/// the step rather than hanging the run.
pub const CHAIN_WAIT_MS: u64 = 10_000;
/// The pause between two asks, in milliseconds.
pub const CHAIN_POLL_MS: u64 = 100;
/// How the runner waits for the paywall after a step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChainWait {
    /// Queue holds what it should: ask until the paywall agrees, for up to this long.
    UntilAgrees(u64),
    /// Queue already failed the step. The mirror copies Queue, so until the fan-out has
    /// delivered Queue's rows the paywall answers from older ones, agreeing or not with
    /// the scenario by chance: ask until its access decisions follow what Queue holds,
    /// for up to the bound; the step's checks are then the scenario's.
    UntilFollows {
        /// The scenario's expectation with Queue's answers where they decide access.
        held: Expectation,
        /// How long to ask, in milliseconds.
        bound_ms: u64,
    },
}

/// How to wait for the paywall after a step with this verdict on Queue.
pub fn chain_wait(expect: &Expectation, queue: &StepVerdict) -> ChainWait {
    if queue.passed() {
        ChainWait::UntilAgrees(CHAIN_WAIT_MS)
    } else {
        ChainWait::UntilFollows {
            held: queue_held(expect, queue),
            bound_ms: CHAIN_WAIT_MS,
        }
    }
}

/// The scenario's expectation with what Queue answered instead, where that changes the
/// paywall's decision: a subscription's status, a customer Queue does not have.
fn queue_held(expect: &Expectation, queue: &StepVerdict) -> Expectation {
    let mut held = expect.clone();
    for failed in queue.failures() {
        let Some(customer) = failed.customer.and_then(|i| held.customers.get_mut(i)) else {
            continue;
        };
        match failed.field {
            Checked::Status => {
                if let (Some(sub), Ok(status)) = (
                    customer.state.subscription.as_mut(),
                    failed.actual.parse::<SubscriptionStatus>(),
                ) {
                    sub.status = status;
                }
            }
            Checked::Customer => customer.state.exists = false,
            _ => {}
        }
    }
    held
}

/// What the runner does next for a step's chain check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChainNext {
    /// Make these reads (Raptor's access answer, one per customer) and call again with
    /// their answers.
    Read(Vec<QueueRead>),
    /// Wait this many milliseconds, then call again with no answers.
    Wait(u64),
    /// The check is over.
    Done(ChainResult),
}

/// The chain check's outcome.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChainResult {
    /// The last round's checks (all passed, or the ones that still failed at the bound).
    pub checks: Vec<FieldCheck>,
    /// From the step's last delivery to the paywall agreeing, in milliseconds; `None`
    /// when it did not agree within [`CHAIN_WAIT_MS`].
    pub lag_ms: Option<u64>,
}

/// The next move of a step's chain check, `elapsed_ms` after the step's last delivery was
/// answered, given this round's answers (none at the start of a round) and how it waits
/// ([`chain_wait`]).
pub fn chain_next(
    expect: &Expectation,
    answers: &[ReadAnswer],
    elapsed_ms: u64,
    wait: &ChainWait,
) -> ChainNext {
    if answers.is_empty() {
        return ChainNext::Read(chain_reads(expect));
    }
    let checks = chain_checks(expect, answers);
    let agrees = checks.iter().all(|c| c.passed);
    let done = |lag_ms| {
        ChainNext::Done(ChainResult {
            checks: checks.clone(),
            lag_ms,
        })
    };
    match wait {
        ChainWait::UntilAgrees(_) if agrees => done(Some(elapsed_ms)),
        ChainWait::UntilAgrees(bound) if elapsed_ms >= *bound => done(None),
        ChainWait::UntilFollows { held, bound_ms } => {
            let follows = chain_checks(held, answers)
                .iter()
                .filter(|c| c.field == Checked::Access)
                .all(|c| c.passed);
            if follows || elapsed_ms >= *bound_ms {
                done(agrees.then_some(elapsed_ms))
            } else {
                ChainNext::Wait(CHAIN_POLL_MS)
            }
        }
        ChainWait::UntilAgrees(_) => ChainNext::Wait(CHAIN_POLL_MS),
    }
}

/// One access read per customer, by the Raxx account its metadata names.
fn chain_reads(expect: &Expectation) -> Vec<QueueRead> {
    expect
        .customers
        .iter()
        .enumerate()
        .map(|(customer, c)| QueueRead {
            customer,
            list: QueueList::Access,
            path: format!("{RAPTOR_BASE}/access?user_id={}", query_value(&c.user_id)),
        })
        .collect()
}

/// What the paywall should answer: access while the subscription's status grants it, at
/// its tier, until its period end; none when there is no customer or subscription.
fn expected_grant(expect: &CustomerExpectation) -> Option<(&'static str, &'static str, i64)> {
    let sub = expect.state.subscription.as_ref()?;
    (expect.state.exists && grants(Source::Stripe, sub.status.as_str())).then_some((
        sub.status.as_str(),
        sub.plan_tier,
        sub.current_period_end,
    ))
}

fn check(customer: usize, field: Checked, expected: String, actual: String) -> FieldCheck {
    FieldCheck {
        customer: Some(customer),
        field,
        passed: expected == actual,
        expected,
        actual,
    }
}

/// Which stores should grant: Stripe per [`expected_grant`], the App Store per the
/// mirror status the step leaves (scenario H), in the paywall's `stripe+ios` order.
fn expected_sources(expect: &CustomerExpectation) -> Vec<&'static str> {
    let stripe = expected_grant(expect).map(|_| Source::Stripe.as_str());
    let ios = expect
        .ios_status
        .filter(|s| grants(Source::Ios, s))
        .map(|_| Source::Ios.as_str());
    stripe.into_iter().chain(ios).collect()
}

/// The sources of an answer's grants, Stripe first, joined by `+`.
fn answered_sources(body: &Value) -> String {
    let grants = body["grants"].as_array().map_or(&[][..], Vec::as_slice);
    // Stripe's first, the others in the answer's order: a partition, as a stable sort on
    // "is it Stripe" would order them, without a sort's code in the browser's bundle.
    let (mut sources, others): (Vec<&str>, Vec<&str>) = grants
        .iter()
        .filter_map(|g| g["source"].as_str())
        .partition(|s| *s == Source::Stripe.as_str());
    sources.extend(others);
    sources.dedup();
    if sources.is_empty() {
        "none".into()
    } else {
        sources.join("+")
    }
}

/// Each customer's access answer against [`expected_grant`] (and, when the person also
/// has an App Store subscription, [`expected_sources`]).
fn chain_checks(expect: &Expectation, answers: &[ReadAnswer]) -> Vec<FieldCheck> {
    let mut checks = Vec::new();
    for (i, customer) in expect.customers.iter().enumerate() {
        let want = expected_grant(customer);
        let sources = expected_sources(customer);
        let wanted = if sources.is_empty() {
            "denied (402)"
        } else {
            "granted"
        };
        let answer = answers
            .iter()
            .find(|a| a.read.customer == i && a.read.list == QueueList::Access);
        let body = answer.and_then(|a| serde_json::from_str::<Value>(&a.body).ok());
        let got = match (answer.map(|a| a.status), &body) {
            (None, _) => "not asked".to_string(),
            (Some(200), Some(b)) if b["access"] == true => "granted".into(),
            (Some(402), _) => "denied (402)".into(),
            (Some(status), _) => format!("{status}: {}", excerpt(&answer.unwrap().body)),
        };
        let granted = got == "granted";
        checks.push(check(i, Checked::Access, wanted.into(), got));
        let (true, Some(body)) = (granted, body) else {
            continue;
        };
        if customer.ios_status.is_some() {
            checks.push(check(
                i,
                Checked::AccessSources,
                sources.join("+"),
                answered_sources(&body),
            ));
        }
        let Some((status, tier, until)) = want else {
            continue;
        };
        let text = |v: &Value| v.as_str().unwrap_or("null").to_string();
        let stripe = body["grants"]
            .as_array()
            .and_then(|g| g.iter().find(|g| g["source"] == "stripe"));
        checks.push(check(
            i,
            Checked::AccessStatus,
            status.into(),
            stripe.map_or_else(|| "no Stripe grant".into(), |g| text(&g["status"])),
        ));
        // The tier and the end are the Stripe grant's only when it is the only grant.
        if sources.len() > 1 {
            continue;
        }
        checks.push(check(
            i,
            Checked::AccessTier,
            tier.into(),
            text(&body["plan_tier"]),
        ));
        let until_got = body["until"]
            .as_str()
            .map(|t| parse_rfc3339(t).map_or_else(|| t.to_string(), rfc3339))
            .unwrap_or_else(|| "null".into());
        checks.push(check(i, Checked::AccessUntil, rfc3339(until), until_got));
    }
    checks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{CustomerState, InvoiceState, SubscriptionState};
    use crate::stripe::SubscriptionStatus;

    fn expectation(status: Option<SubscriptionStatus>) -> Expectation {
        Expectation {
            customers: vec![CustomerExpectation {
                state: CustomerState {
                    email: "test+billing-1@raxx.app".into(),
                    exists: true,
                    subscription: status.map(|status| SubscriptionState {
                        status,
                        plan_tier: "pro",
                        cancel_at_period_end: false,
                        current_period_end: 1_790_000_000,
                        trial_end: None,
                    }),
                    invoices: InvoiceState::default(),
                },
                stripe_customer_id: "cus_1".into(),
                user_id: "usr_replay 1".into(),
                stripe_subscription_id: "sub_1".into(),
                newest_invoice: None,
                ios_status: None,
            }],
        }
    }

    fn answer(expect: &Expectation, status: u16, body: &str) -> ReadAnswer {
        let ChainNext::Read(reads) =
            chain_next(expect, &[], 0, &ChainWait::UntilAgrees(CHAIN_WAIT_MS))
        else {
            panic!("a round starts with reads");
        };
        ReadAnswer {
            read: reads[0].clone(),
            status,
            body: body.into(),
        }
    }

    const GRANTED: &str = r#"{"user_id":"usr_replay 1","access":true,"plan_tier":"pro","until":"2026-09-21T14:13:20Z","grants":[{"source":"stripe","id":"rmir_1","status":"active","plan_tier":"pro","until":"2026-09-21T14:13:20Z"}]}"#;
    const DENIED: &str = r#"{"error":{"code":"payment_required","message":"no access"}}"#;

    #[test]
    fn asks_raptor_by_user_id() {
        let expect = expectation(Some(SubscriptionStatus::Active));
        let a = answer(&expect, 200, GRANTED);
        assert_eq!(
            a.read.path,
            "/api/internal/billing/access?user_id=usr_replay%201"
        );
    }

    #[test]
    fn an_active_subscription_must_be_granted_as_queue_holds_it() {
        let expect = expectation(Some(SubscriptionStatus::Active));
        let a = answer(&expect, 200, GRANTED);
        let ChainNext::Done(done) =
            chain_next(&expect, &[a], 35, &ChainWait::UntilAgrees(CHAIN_WAIT_MS))
        else {
            panic!("agreed at once");
        };
        assert_eq!(done.lag_ms, Some(35));
        assert_eq!(done.checks.len(), 4);
        assert!(done.checks.iter().all(|c| c.passed), "{:?}", done.checks);
    }

    #[test]
    fn a_stale_mirror_is_waited_for_then_fails_at_the_bound() {
        let expect = expectation(Some(SubscriptionStatus::Canceled));
        let stale = answer(&expect, 200, GRANTED);
        assert_eq!(
            chain_next(
                &expect,
                std::slice::from_ref(&stale),
                500,
                &ChainWait::UntilAgrees(CHAIN_WAIT_MS)
            ),
            ChainNext::Wait(CHAIN_POLL_MS)
        );
        let ChainNext::Done(done) = chain_next(
            &expect,
            std::slice::from_ref(&stale),
            CHAIN_WAIT_MS,
            &ChainWait::UntilAgrees(CHAIN_WAIT_MS),
        ) else {
            panic!("the bound ends the wait");
        };
        assert_eq!(done.lag_ms, None);
        assert_eq!(
            (
                done.checks[0].expected.as_str(),
                done.checks[0].actual.as_str()
            ),
            ("denied (402)", "granted")
        );
        // After a step Queue already failed (the scenario says canceled, Queue holds
        // active): the runner waits for the paywall to follow what Queue holds, whatever
        // the scenario says, then checks it against the scenario.
        let failed = StepVerdict {
            checks: vec![check(
                0,
                Checked::Status,
                "canceled".into(),
                "active".into(),
            )],
        };
        let follow = chain_wait(&expect, &failed);
        let ChainWait::UntilFollows { held, bound_ms } = &follow else {
            panic!("a failed step follows Queue");
        };
        assert_eq!(*bound_ms, CHAIN_WAIT_MS);
        let held_status = held.customers[0]
            .state
            .subscription
            .as_ref()
            .unwrap()
            .status;
        assert_eq!(held_status, SubscriptionStatus::Active);
        // The mirror has not caught up (denied, as the scenario would have it): ask again.
        let behind = answer(&expect, 402, DENIED);
        assert_eq!(
            chain_next(&expect, std::slice::from_ref(&behind), 5, &follow),
            ChainNext::Wait(CHAIN_POLL_MS)
        );
        // It has Queue's row (granted): done, failing against the scenario.
        let ChainNext::Done(done) = chain_next(&expect, std::slice::from_ref(&stale), 40, &follow)
        else {
            panic!("following Queue ends the wait");
        };
        assert_eq!(done.lag_ms, None);
        assert_eq!(
            (
                done.checks[0].expected.as_str(),
                done.checks[0].actual.as_str()
            ),
            ("denied (402)", "granted")
        );
        // A paywall that never follows is reported at the bound, as it stands.
        assert!(matches!(
            chain_next(
                &expect,
                std::slice::from_ref(&behind),
                CHAIN_WAIT_MS,
                &follow
            ),
            ChainNext::Done(ChainResult {
                lag_ms: Some(CHAIN_WAIT_MS),
                ..
            })
        ));
        // A failure that does not change the decision (here the tier) waits for nothing
        // more than the scenario's own answer.
        let tier_only = StepVerdict {
            checks: vec![check(0, Checked::PlanTier, "pro".into(), "basic".into())],
        };
        let ChainNext::Done(done) = chain_next(
            &expect,
            std::slice::from_ref(&behind),
            5,
            &chain_wait(&expect, &tier_only),
        ) else {
            panic!("the paywall already follows Queue");
        };
        assert_eq!(done.lag_ms, Some(5));
        let healed = answer(&expect, 402, DENIED);
        assert!(matches!(
            chain_next(
                &expect,
                &[healed],
                900,
                &ChainWait::UntilAgrees(CHAIN_WAIT_MS)
            ),
            ChainNext::Done(ChainResult {
                lag_ms: Some(900),
                ..
            })
        ));
    }

    #[test]
    fn tier_status_and_period_end_are_checked_and_other_answers_named() {
        let expect = expectation(Some(SubscriptionStatus::PastDue));
        let ChainNext::Wait(_) = chain_next(
            &expect,
            &[answer(&expect, 200, GRANTED)],
            0,
            &ChainWait::UntilAgrees(CHAIN_WAIT_MS),
        ) else {
            panic!("the grant's status differs");
        };
        let ChainNext::Done(done) = chain_next(
            &expect,
            &[answer(&expect, 500, "<html>")],
            CHAIN_WAIT_MS,
            &ChainWait::UntilAgrees(CHAIN_WAIT_MS),
        ) else {
            panic!("bound");
        };
        assert_eq!(done.checks[0].actual, "500: <html>");
        let none = expectation(None);
        let ChainNext::Done(done) = chain_next(
            &none,
            &[answer(&none, 402, DENIED)],
            1,
            &ChainWait::UntilAgrees(CHAIN_WAIT_MS),
        ) else {
            panic!("no subscription: denied is right");
        };
        assert!(done.checks.iter().all(|c| c.passed));
    }
}
