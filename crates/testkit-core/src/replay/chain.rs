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
use crate::time::{parse_rfc3339, rfc3339};

/// How long the runner waits for the paywall to agree with Queue, in milliseconds: far
/// above the sandbox's fan-out lag (milliseconds), short enough that a lost update fails
/// the step rather than hanging the run.
pub const CHAIN_WAIT_MS: u64 = 10_000;
/// The pause between two asks, in milliseconds.
pub const CHAIN_POLL_MS: u64 = 100;
/// After a step Queue failed: how long the paywall must keep agreeing with the scenario
/// before the runner believes it, in milliseconds (hundreds of times the fan-out's lag).
pub const CHAIN_SETTLE_MS: u64 = 2_000;

/// How the runner waits for the paywall after a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChainWait {
    /// Queue holds what it should: ask until the paywall agrees, for up to this long.
    UntilAgrees(u64),
    /// Queue already failed the step. The mirror copies Queue, so the paywall may agree
    /// with the scenario only until the fan-out delivers Queue's wrong row: ask until its
    /// access decision disagrees, or this long has passed. Only the decision ends the
    /// wait early: a grant's status or tier can still be the mirror's previous row.
    UntilSettled(u64),
}

/// How to wait for the paywall after a step with this verdict on Queue.
pub fn chain_wait(queue: &StepVerdict) -> ChainWait {
    if queue.passed() {
        ChainWait::UntilAgrees(CHAIN_WAIT_MS)
    } else {
        ChainWait::UntilSettled(CHAIN_SETTLE_MS)
    }
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
    wait: ChainWait,
) -> ChainNext {
    if answers.is_empty() {
        return ChainNext::Read(chain_reads(expect));
    }
    let checks = chain_checks(expect, answers);
    let agrees = checks.iter().all(|c| c.passed);
    let decision_differs = checks
        .iter()
        .any(|c| c.field == Checked::Access && !c.passed);
    let done = |lag_ms| {
        ChainNext::Done(ChainResult {
            checks: checks.clone(),
            lag_ms,
        })
    };
    match wait {
        ChainWait::UntilAgrees(_) if agrees => done(Some(elapsed_ms)),
        ChainWait::UntilAgrees(bound) if elapsed_ms >= bound => done(None),
        ChainWait::UntilSettled(_) if decision_differs => done(None),
        ChainWait::UntilSettled(bound) if elapsed_ms >= bound => done(agrees.then_some(elapsed_ms)),
        _ => ChainNext::Wait(CHAIN_POLL_MS),
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
    let mut sources: Vec<&str> = body["grants"]
        .as_array()
        .map(|g| g.iter().filter_map(|g| g["source"].as_str()).collect())
        .unwrap_or_default();
    sources.sort_by_key(|s| *s != Source::Stripe.as_str());
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
            chain_next(expect, &[], 0, ChainWait::UntilAgrees(CHAIN_WAIT_MS))
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
            chain_next(&expect, &[a], 35, ChainWait::UntilAgrees(CHAIN_WAIT_MS))
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
                ChainWait::UntilAgrees(CHAIN_WAIT_MS)
            ),
            ChainNext::Wait(CHAIN_POLL_MS)
        );
        let ChainNext::Done(done) = chain_next(
            &expect,
            std::slice::from_ref(&stale),
            CHAIN_WAIT_MS,
            ChainWait::UntilAgrees(CHAIN_WAIT_MS),
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
        // After a step Queue already failed: a disagreeing paywall ends the wait at once;
        // an agreeing one is asked again until it has agreed for the settle time, since
        // the fan-out may still bring it Queue's wrong row.
        let failed = StepVerdict {
            checks: vec![check(
                0,
                Checked::Status,
                "canceled".into(),
                "active".into(),
            )],
        };
        let settle = chain_wait(&failed);
        assert_eq!(settle, ChainWait::UntilSettled(CHAIN_SETTLE_MS));
        assert!(matches!(
            chain_next(&expect, std::slice::from_ref(&stale), 0, settle),
            ChainNext::Done(ChainResult { lag_ms: None, .. })
        ));
        let agreeing = answer(&expect, 402, DENIED);
        assert_eq!(
            chain_next(&expect, std::slice::from_ref(&agreeing), 5, settle),
            ChainNext::Wait(CHAIN_POLL_MS)
        );
        assert!(matches!(
            chain_next(
                &expect,
                std::slice::from_ref(&agreeing),
                CHAIN_SETTLE_MS,
                settle
            ),
            ChainNext::Done(ChainResult {
                lag_ms: Some(CHAIN_SETTLE_MS),
                ..
            })
        ));
        // A grant that agrees on access but still carries the mirror's previous status
        // does not end the wait: the fan-out may be about to bring Queue's row.
        let active = expectation(Some(SubscriptionStatus::Active));
        let previous = answer(&active, 200, &GRANTED.replace("active", "trialing"));
        assert_eq!(
            chain_next(&active, std::slice::from_ref(&previous), 5, settle),
            ChainNext::Wait(CHAIN_POLL_MS)
        );
        let ChainNext::Done(done) = chain_next(
            &active,
            std::slice::from_ref(&previous),
            CHAIN_SETTLE_MS,
            settle,
        ) else {
            panic!("the settle time ends the wait");
        };
        assert_eq!(done.lag_ms, None);
        assert!(done
            .checks
            .iter()
            .any(|c| c.field == Checked::AccessStatus && !c.passed));
        let healed = answer(&expect, 402, DENIED);
        assert!(matches!(
            chain_next(
                &expect,
                &[healed],
                900,
                ChainWait::UntilAgrees(CHAIN_WAIT_MS)
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
            ChainWait::UntilAgrees(CHAIN_WAIT_MS),
        ) else {
            panic!("the grant's status differs");
        };
        let ChainNext::Done(done) = chain_next(
            &expect,
            &[answer(&expect, 500, "<html>")],
            CHAIN_WAIT_MS,
            ChainWait::UntilAgrees(CHAIN_WAIT_MS),
        ) else {
            panic!("bound");
        };
        assert_eq!(done.checks[0].actual, "500: <html>");
        let none = expectation(None);
        let ChainNext::Done(done) = chain_next(
            &none,
            &[answer(&none, 402, DENIED)],
            1,
            ChainWait::UntilAgrees(CHAIN_WAIT_MS),
        ) else {
            panic!("no subscription: denied is right");
        };
        assert!(done.checks.iter().all(|c| c.passed));
    }
}
