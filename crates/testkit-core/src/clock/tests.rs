//! Schedules for every scenario at awkward start dates, advance rules, and the exported
//! scripts checked by bash and shellcheck.

use std::io::Write;
use std::process::{Command, Stdio};

use super::*;
use crate::time::{days_from_civil, rfc3339, DAY};

fn start(y: i64, m: u32, d: u32) -> i64 {
    days_from_civil(y, m, d) * DAY + 15 * 3600
}

const STARTS: [(i64, u32, u32); 5] = [
    (2026, 6, 17),
    (2027, 1, 31),
    (2028, 2, 29),
    (2026, 12, 31),
    (2027, 3, 31),
];

fn all_schedules() -> Vec<Schedule> {
    let mut out = Vec::new();
    for (y, m, d) in STARTS {
        for interval in Interval::ALL {
            for customers in 1..=3 {
                for scenario in Scenario::ALL {
                    let mut p = ClockParams::new(start(y, m, d));
                    p.interval = interval;
                    p.customers = customers;
                    out.push(build(scenario, &p));
                }
            }
        }
    }
    out
}

#[test]
fn advances_only_move_forward_and_within_the_limit() {
    for schedule in all_schedules() {
        let mut now = schedule.params.start;
        for step in &schedule.steps {
            assert!(step.at >= now, "{:?} went back", schedule.scenario);
            if step.kind == StepKind::Advance {
                assert!(
                    step.at > now,
                    "{:?}: an advance that does not move",
                    schedule.scenario
                );
                assert!(
                    step.at <= max_advance(now, Some(schedule.params.interval)),
                    "{:?}: too far",
                    schedule.scenario
                );
                assert!(step.command.contains(&format!("frozen_time={}", step.at)));
                assert!(step.command.contains("wait_ready \"$CLOCK\""));
            }
            now = step.at;
        }
    }
}

#[test]
fn the_seed_bug_cannot_happen_advances_are_cumulative() {
    // Renewal: two advances, the second after the first, both from the clock start.
    let p = ClockParams::new(start(2027, 1, 31));
    let s = build(Scenario::Renewal, &p);
    let advances: Vec<i64> = s
        .steps
        .iter()
        .filter(|st| st.kind == StepKind::Advance)
        .map(|st| st.at)
        .collect();
    assert_eq!(advances.len(), 2);
    assert_eq!(rfc3339(advances[0]), "2027-02-28T17:00:00Z");
    assert_eq!(rfc3339(advances[1]), "2027-03-31T17:00:00Z");
}

#[test]
fn month_end_and_leap_year_anchors() {
    let p = ClockParams::new(start(2028, 1, 31));
    let s = build(Scenario::Renewal, &p);
    let periods: Vec<String> = s
        .periods
        .iter()
        .map(|t| rfc3339(*t)[..10].to_string())
        .collect();
    assert_eq!(
        &periods[..4],
        ["2028-01-31", "2028-02-29", "2028-03-31", "2028-04-30"]
    );
    let mut yearly = ClockParams::new(start(2028, 2, 29));
    yearly.interval = Interval::Year;
    let s = build(Scenario::Renewal, &yearly);
    let advances: Vec<String> = s
        .steps
        .iter()
        .filter(|st| st.kind == StepKind::Advance)
        .map(|st| rfc3339(st.at)[..10].to_string())
        .collect();
    assert_eq!(advances, ["2029-02-28", "2030-02-28"]);
}

#[test]
fn trials_anchor_on_the_trial_end_and_warn_three_days_before() {
    let mut p = ClockParams::new(start(2026, 6, 17));
    p.trial_days = 14;
    let s = build(Scenario::TrialExpiry, &p);
    assert_eq!(s.trial_end, Some(p.start + 14 * DAY));
    assert_eq!(s.anchor, p.start + 14 * DAY);
    let warning = s
        .steps
        .iter()
        .flat_map(|st| &st.events)
        .find(|e| e.event == "customer.subscription.trial_will_end")
        .unwrap();
    assert_eq!(warning.at, p.start + 11 * DAY);
    p.trial_days = 2;
    let short = build(Scenario::TrialExpiry, &p);
    let warning = short
        .steps
        .iter()
        .flat_map(|st| &st.events)
        .find(|e| e.event == "customer.subscription.trial_will_end")
        .unwrap();
    assert_eq!(warning.at, p.start, "a 2-day trial warns at once");
    let paused = build(
        Scenario::TrialWithoutPaymentMethod,
        &ClockParams::new(start(2026, 6, 17)),
    );
    assert!(paused
        .steps
        .iter()
        .flat_map(|st| &st.events)
        .any(|e| e.event == "customer.subscription.paused"));
    assert!(!paused
        .steps
        .iter()
        .any(|st| st.command.contains("pm_card_visa/attach") && st.title.starts_with("Attach")));
}

#[test]
fn dunning_follows_the_retry_settings() {
    let mut p = ClockParams::new(start(2026, 6, 17));
    p.retries = 3;
    p.retry_window_days = 14;
    p.after_retries = AfterRetries::Unpaid;
    let s = build(Scenario::Dunning, &p);
    let failures = s
        .steps
        .iter()
        .flat_map(|st| &st.events)
        .filter(|e| e.event == "invoice.payment_failed")
        .count();
    assert_eq!(failures, 4, "the first attempt and 3 retries");
    assert!(s.steps.last().unwrap().queue_state().contains("unpaid"));
    assert!(s
        .steps
        .iter()
        .any(|st| st.command.contains("pm_card_chargeCustomerFail")));
    // Weekly billing: a 3-week window exceeds two intervals, so advances are split.
    let mut weekly = p.clone();
    weekly.interval = Interval::Week;
    weekly.retry_window_days = 30;
    weekly.retries = 1;
    let s = build(Scenario::Dunning, &weekly);
    assert!(s.steps.iter().any(|st| st.title.contains("part 1 of")));
    // Nothing happens until the last part: the parts before keep the state before.
    let last = s.steps.len() - 1;
    let first_part = s
        .steps
        .iter()
        .rposition(|st| st.title.contains("part 1 of"))
        .unwrap();
    assert!(first_part < last && s.steps[first_part].events.is_empty());
    assert_eq!(s.steps[first_part].expect, s.steps[first_part - 1].expect);
    assert_ne!(s.steps[last].expect, s.steps[first_part].expect);
    assert!(s.steps[last].queue_state().contains("unpaid"));
}

#[test]
fn every_scenario_uses_test_payment_method_ids_never_card_numbers() {
    for schedule in all_schedules() {
        for step in &schedule.steps {
            assert!(!step
                .command
                .chars()
                .collect::<String>()
                .contains("4242424242424242"));
            assert!(!step.command.contains("card[number]"));
        }
    }
}

#[test]
fn parameters_are_validated_against_stripes_limits() {
    let mut p = ClockParams::new(start(2026, 6, 17));
    assert!(validate(&p).is_empty());
    p.customers = 4;
    p.trial_days = 731;
    p.retries = 9;
    p.retry_window_days = 0;
    let fields: Vec<_> = validate(&p).iter().map(|e| e.field).collect();
    assert_eq!(
        fields,
        [
            ParamField::Customers,
            ParamField::Trial,
            ParamField::Retries,
            ParamField::Window
        ]
    );
    assert!(validate(&p)[0].message.contains("at most 3 customers"));
}

fn run(program: &str, args: &[&str], script: &str) -> (bool, String) {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("{program} is needed for this test (scripts/test.sh installs it): {e}")
        });
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
fn exported_scripts_pass_bash_n_and_shellcheck() {
    for scenario in Scenario::ALL {
        for customers in [1, 3] {
            let mut p = ClockParams::new(start(2027, 1, 31));
            p.customers = customers;
            let text = script(&build(scenario, &p));
            let (ok, out) = run("bash", &["-n"], &text);
            assert!(ok, "bash -n, scenario {}: {out}", scenario);
            let (ok, out) = run("shellcheck", &["--shell=bash", "-"], &text);
            assert!(ok, "shellcheck, scenario {}: {out}", scenario);
        }
    }
}

#[test]
fn scripts_refuse_live_and_missing_keys_before_calling_stripe() {
    let text = script(&build(
        Scenario::Renewal,
        &ClockParams::new(start(2026, 6, 17)),
    ));
    for (key, expected) in [
        ("sk_live_abc", "LIVE key: refusing"),
        ("pk_test_abc", "refusing"),
        ("", "Set RKEY"),
    ] {
        // Nothing else is on PATH: reaching curl would fail differently.
        let output = Command::new("/bin/bash")
            .arg("-c")
            .arg(&text)
            .env("RKEY", key)
            .env("PATH", "/nonexistent")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success());
        assert!(err.contains(expected), "{key:?}: {err}");
    }
}

/// The expected Queue state of the last step, for customer `n` (from 1).
fn final_state(scenario: Scenario, p: &ClockParams, n: usize) -> CustomerState {
    build(scenario, p).steps.last().unwrap().expect.customers[n - 1].clone()
}

#[test]
fn expected_queue_state_is_data_for_every_customer() {
    use crate::stripe::{InvoiceStatus, SubscriptionStatus};
    let mut p = ClockParams::new(start(2027, 1, 31));
    p.customers = 3;
    let renewal = final_state(Scenario::Renewal, &p, 2);
    let sub = renewal.subscription.unwrap();
    assert_eq!(sub.status, SubscriptionStatus::Active);
    assert_eq!(
        sub.plan_tier, "pro_plus",
        "customer 2 is on the second tier"
    );
    assert_eq!(rfc3339(sub.current_period_end), "2027-04-30T15:00:00Z");
    assert_eq!(
        renewal.invoices,
        InvoiceState {
            count: 3,
            newest: Some(InvoiceStatus::Paid),
            newest_amount_due: Some(3000),
        }
    );

    for (after, status) in [
        (AfterRetries::Cancel, SubscriptionStatus::Canceled),
        (AfterRetries::Unpaid, SubscriptionStatus::Unpaid),
        (AfterRetries::PastDue, SubscriptionStatus::PastDue),
    ] {
        p.after_retries = after;
        let dunning = final_state(Scenario::Dunning, &p, 1);
        assert_eq!(dunning.subscription.unwrap().status, status);
        assert_eq!(dunning.invoices.count, 2);
    }
    let s = build(Scenario::Dunning, &p);
    let first_failure = s
        .steps
        .iter()
        .find(|st| st.title.contains("the charge fails"))
        .unwrap();
    let sub = first_failure.expect.customers[0]
        .subscription
        .clone()
        .unwrap();
    assert_eq!(sub.status, SubscriptionStatus::PastDue);
    assert_eq!(
        first_failure.expect.customers[0].invoices.newest,
        Some(InvoiceStatus::Open)
    );

    let change = build(Scenario::PlanChange, &p);
    let tiers: Vec<&str> = change
        .steps
        .last()
        .unwrap()
        .expect
        .customers
        .iter()
        .map(|c| c.subscription.as_ref().unwrap().plan_tier)
        .collect();
    assert_eq!(
        tiers,
        ["pro_plus", "founders", "pro"],
        "Founders moves down to Pro"
    );
    // Half of a 28-day period remains: Pro -> Pro+ owes half the difference; a downgrade
    // owes nothing and its credit lowers the next invoice.
    let amounts = |step: &Step| -> Vec<Option<i64>> {
        step.expect
            .customers
            .iter()
            .map(|c| c.invoices.newest_amount_due)
            .collect()
    };
    let proration = change
        .steps
        .iter()
        .find(|st| st.title.starts_with("Change plan"))
        .unwrap();
    assert_eq!(amounts(proration), [Some(750), Some(0), Some(0)]);
    assert_eq!(
        amounts(change.steps.last().unwrap()),
        [Some(3000), Some(2900 - 50), Some(1500 - 700)]
    );
    let trial = build(Scenario::TrialExpiry, &p);
    let subscribed = trial
        .steps
        .iter()
        .find(|st| st.title == "Subscribe")
        .unwrap();
    assert_eq!(
        amounts(subscribed),
        [Some(0); 3],
        "a trial starts with a $0 invoice"
    );
    assert_eq!(
        subscribed.expect.customers[0]
            .subscription
            .as_ref()
            .unwrap()
            .trial_end,
        trial.trial_end
    );

    let cancelling = build(Scenario::CancelAtPeriodEnd, &p);
    let flags: Vec<(SubscriptionStatus, bool)> = cancelling
        .steps
        .iter()
        .filter(|st| st.kind != StepKind::Setup)
        .map(|st| {
            let sub = st.expect.customers[0].subscription.clone().unwrap();
            (sub.status, sub.cancel_at_period_end)
        })
        .collect();
    assert_eq!(
        flags,
        [
            (SubscriptionStatus::Active, true),
            (SubscriptionStatus::Canceled, true)
        ]
    );

    let paused = build(Scenario::TrialWithoutPaymentMethod, &p);
    let last = paused.steps.last().unwrap();
    let sub = last.expect.customers[0].subscription.clone().unwrap();
    assert_eq!(sub.status, SubscriptionStatus::Active);
    assert_eq!(
        sub.current_period_end,
        period_end(last.at, p.interval, 1),
        "resumed with a new anchor"
    );
    assert!(paused.steps.iter().any(|st| st.expect.customers[0]
        .subscription
        .as_ref()
        .is_some_and(|s| s.status == SubscriptionStatus::Paused)));
    assert_eq!(
        build(Scenario::Renewal, &p).steps[0].queue_state(),
        "Nothing yet."
    );
}

/// The timeline lists the expected events as the schedule gives them, without sorting:
/// flattened step by step, they are already in time order, whatever the settings.
#[test]
fn expected_events_come_in_time_order() {
    let mut schedules = all_schedules();
    for scenario in Scenario::ALL {
        for (trial_days, retries, window) in [(1, 0, 1), (3, 1, 2), (30, 8, 60), (730, 3, 7)] {
            for after_retries in AfterRetries::ALL {
                let mut p = ClockParams::new(start(2026, 1, 31));
                (p.trial_days, p.retries, p.retry_window_days) = (trial_days, retries, window);
                p.after_retries = after_retries;
                schedules.push(build(scenario, &p));
            }
        }
    }
    for schedule in schedules {
        let times: Vec<i64> = schedule
            .steps
            .iter()
            .flat_map(|s| s.events.iter().map(|e| e.at))
            .collect();
        assert!(
            times.windows(2).all(|w| w[0] <= w[1]),
            "{:?}: {times:?}",
            schedule.scenario
        );
    }
}
