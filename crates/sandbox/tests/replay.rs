//! Lifecycle replay against a private sandbox: every scenario's stream, in order, shuffled
//! and with redeliveries, passes every step; every event alone is accepted and read in
//! both API shapes; a receiver that mishandles one event type fails at the step it
//! breaks, naming the field; and the `billing-sandbox replay` binary exits 1 on such a
//! receiver and 0 on a correct one.

mod support;

use std::process::{Command, Output};

use billing_sandbox::config::{Cli, Command as Sub};
use billing_sandbox::event::{EventKind, StripeEvent};
use billing_sandbox::replay::{replay, Replayed, FAILED, PASSED, UNUSABLE};
use clap::Parser;
use serde_json::Value;
use support::Sandbox;
use testkit_core::clock::{ClockParams, Scenario};
use testkit_core::replay::{first_failure, stream, ApiVersion, Checked, RunTag, StreamOptions};

/// A month-end start: renewals land on Feb 28, then Mar 31.
const START: &str = "2027-01-31T15:00:00Z";

/// Replays against `sandbox` with the default secret and token and `extra` options.
async fn run(sandbox: &Sandbox, scenario: &str, extra: &[&str]) -> Replayed {
    let to = sandbox.url("/api/v1/billing/webhook");
    let mut argv = vec![
        "billing-sandbox",
        "replay",
        "--scenario",
        scenario,
        "--to",
        &to,
        "--queue",
        &sandbox.base,
        "--start",
        START,
    ];
    argv.extend_from_slice(extra);
    let Some(Sub::Replay(args)) = Cli::try_parse_from(&argv).unwrap().command else {
        unreachable!("replay parses as the replay command");
    };
    replay(args).await.unwrap()
}

/// Every failed check of a run, for the assertion message.
fn failures(run: &Replayed) -> String {
    run.outcomes
        .iter()
        .enumerate()
        .flat_map(|(i, o)| {
            o.verdict
                .failures()
                .map(move |f| format!("step {}: {} {} / {}", i + 1, f.field, f.expected, f.actual))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn step_titled(run: &Replayed, title: &str) -> usize {
    run.stream
        .schedule
        .steps
        .iter()
        .position(|s| s.title == title)
        .unwrap_or_else(|| panic!("no step {title:?}"))
}

#[tokio::test]
async fn every_scenario_passes_every_step_in_order_shuffled_and_with_redeliveries() {
    // One Queue for every run: each run's tag keeps its events and customers apart.
    let sandbox = Sandbox::start("none").await;
    let modes: [&[&str]; 3] = [
        &["--order", "in-order"],
        &["--order", "shuffled", "--seed", "7"],
        &["--order", "shuffled", "--redeliver", "0.3", "--seed", "11"],
    ];
    for scenario in Scenario::ALL {
        for customers in ["1", "3"] {
            for mode in modes {
                for version in ApiVersion::TEXTS {
                    let mut extra = vec!["--customers", customers, "--api-version", version];
                    extra.extend_from_slice(mode);
                    let run = run(&sandbox, scenario.as_str(), &extra).await;
                    assert_eq!(run.outcomes.len(), run.stream.steps.len());
                    assert_eq!(
                        run.exit_status(),
                        PASSED,
                        "scenario {scenario} {extra:?}:\n{}",
                        failures(&run)
                    );
                    let redelivered = run
                        .outcomes
                        .iter()
                        .flat_map(|o| &o.deliveries)
                        .filter(|d| d.redelivery);
                    for d in redelivered {
                        assert!(d.answer.contains("\"duplicate\":true"), "{d:?}");
                    }
                }
            }
        }
    }
}

#[tokio::test]
async fn the_playbooks_other_settings_replay_too() {
    let sandbox = Sandbox::start("none").await;
    let cases: [(Scenario, &[&str]); 5] = [
        // A 30-day window over weekly billing: advances are split into legal parts.
        (
            Scenario::Dunning,
            &["--interval", "week", "--window", "30", "--retries", "2"],
        ),
        (
            Scenario::Dunning,
            &["--after-retries", "unpaid", "--retries", "1"],
        ),
        (
            Scenario::Dunning,
            &["--after-retries", "past_due", "--customers", "2"],
        ),
        // A trial of three days or less warns at once.
        (
            Scenario::TrialExpiry,
            &["--trial", "2", "--interval", "year"],
        ),
        (
            Scenario::TrialWithoutPaymentMethod,
            &["--trial", "3", "--interval", "week"],
        ),
    ];
    for (scenario, extra) in cases {
        let mut extra = extra.to_vec();
        extra.extend(["--order", "shuffled", "--redeliver", "0.5", "--seed", "3"]);
        let run = run(&sandbox, scenario.as_str(), &extra).await;
        assert_eq!(
            run.exit_status(),
            PASSED,
            "{scenario} {extra:?}:\n{}",
            failures(&run)
        );
    }
}

#[tokio::test]
async fn every_generated_event_alone_is_accepted_and_read_in_both_shapes() {
    let sandbox = Sandbox::start("none").await;
    let mut params = ClockParams::new(1_801_407_600);
    params.customers = 3;
    for version in ApiVersion::ALL {
        for (n, scenario) in Scenario::ALL.into_iter().enumerate() {
            let options = StreamOptions {
                api_version: version,
                run: RunTag::from_number(n as u64 + 100 * version as u64),
            };
            let replayed = stream(scenario, &params, &options);
            for (step, events) in replayed.steps.iter().enumerate() {
                for event in &events.events {
                    let (status, body) = sandbox.send_signed(&event.body).await;
                    assert_eq!(
                        status, 200,
                        "{scenario} {version} {}: {body}",
                        event.event_type
                    );
                    assert_eq!(body["duplicate"], false);
                    let read = StripeEvent::from_body(event.body.as_bytes()).unwrap();
                    assert_eq!(
                        (read.id.as_str(), read.created),
                        (event.id.as_str(), event.created)
                    );
                    let expect = &events.expect.customers[event.customer.unwrap_or(0)];
                    match read.kind {
                        EventKind::Invoice { payment_failed } => {
                            assert_eq!(
                                payment_failed,
                                event.event_type == "invoice.payment_failed"
                            );
                            assert_eq!(
                                read.subscription_named(),
                                Some(expect.stripe_subscription_id.as_str())
                            );
                            assert_eq!(
                                read.str_at("/customer"),
                                Some(expect.stripe_customer_id.as_str())
                            );
                        }
                        EventKind::Subscription(_) => {
                            assert_eq!(
                                read.subscription_named(),
                                Some(expect.stripe_subscription_id.as_str())
                            );
                            let period = read
                                .i64_at("/current_period_end")
                                .or_else(|| read.i64_at("/items/data/0/current_period_end"));
                            assert!(period.is_some(), "step {step}: no period in {version}");
                        }
                        EventKind::CustomerUpserted => {
                            assert_eq!(read.object_id(), Some(expect.stripe_customer_id.as_str()));
                            assert_eq!(read.str_at("/email"), Some(expect.state.email.as_str()));
                        }
                        EventKind::Recorded(_) | EventKind::Unhandled => assert!(
                            matches!(
                                event.event_type,
                                "test_helpers.test_clock.created" | "payment_method.attached"
                            ),
                            "{} is not applied",
                            event.event_type
                        ),
                        other => panic!("{} read as {other:?}", event.event_type),
                    }
                }
            }
        }
    }
}

#[tokio::test]
async fn a_receiver_that_mishandles_one_event_type_fails_at_that_step_naming_the_field() {
    let sandbox = Sandbox::start("none").await;
    let shuffled = ["--order", "shuffled", "--redeliver", "0.3", "--seed", "5"];
    // (fault, scenario, the step that breaks, the field, expected, got, and the paywall's
    // answer then, expected and got, when Queue's wrong row changes it: the mirror copies
    // Queue, so the person's access is wrong too)
    let cases = [
        (
            "webhook:cancel-on=invoice.payment_failed",
            Scenario::Dunning,
            "Advance past the renewal: the charge fails",
            Checked::Status,
            "past_due",
            "canceled",
            Some(("granted", "denied (402)")),
        ),
        (
            "webhook:ignore=customer.subscription.deleted",
            Scenario::ImmediateCancel,
            "Cancel now",
            Checked::Status,
            "canceled",
            "active",
            Some(("denied (402)", "granted")),
        ),
        (
            "webhook:ignore=customer.subscription.updated",
            Scenario::CancelAtPeriodEnd,
            "Cancel at the end of the period",
            Checked::CancelAtPeriodEnd,
            "true",
            "false",
            None,
        ),
        (
            "webhook:ignore=invoice.paid,ignore=invoice.payment_succeeded",
            Scenario::Renewal,
            "Subscribe",
            Checked::InvoiceStatus,
            "paid",
            "open",
            None,
        ),
    ];
    for (fault, scenario, title, field, expected, actual, paywall) in cases {
        sandbox.set_faults(&[fault]).await;
        let run = run(&sandbox, scenario.as_str(), &shuffled).await;
        let at = step_titled(&run, title);
        assert_eq!(
            first_failure(&run.outcomes),
            Some(at),
            "{fault}:\n{}",
            failures(&run)
        );
        assert_eq!(run.exit_status(), FAILED);
        let (access, failed): (Vec<_>, Vec<_>) = run.outcomes[at]
            .verdict
            .failures()
            .partition(|f| f.field == Checked::Access);
        assert_eq!(failed.len(), 1, "{fault}:\n{}", failures(&run));
        assert_eq!(
            access
                .iter()
                .map(|f| (f.expected.as_str(), f.actual.as_str()))
                .collect::<Vec<_>>(),
            paywall.into_iter().collect::<Vec<_>>(),
            "{fault}"
        );
        assert_eq!(
            (
                failed[0].customer,
                failed[0].field,
                failed[0].expected.as_str(),
                failed[0].actual.as_str()
            ),
            (Some(0), field, expected, actual),
            "{fault}"
        );
        // Every delivery was answered 200: only the rows show the receiver was wrong.
        assert!(run
            .outcomes
            .iter()
            .flat_map(|o| &o.deliveries)
            .all(|d| d.status == Some(200)));
        let report = run.report();
        assert!(
            report.contains(&format!("the first failure is step {} ({title})", at + 1)),
            "{report}"
        );
        assert!(
            report.contains(&format!("| 1 | {field} | {expected} | {actual} |")),
            "{report}"
        );
    }
    // Dropping invoice.payment_failed alone leaves Queue's rows right: Stripe's
    // customer.subscription.updated carries past_due too, and the invoice stays open.
    sandbox
        .set_faults(&["webhook:ignore=invoice.payment_failed"])
        .await;
    let run = run(&sandbox, Scenario::Dunning.as_str(), &shuffled).await;
    assert_eq!(run.exit_status(), PASSED, "{}", failures(&run));
    sandbox.set_faults(&[]).await;
}

/// Runs the real binary (the sandbox keeps serving on this test's runtime meanwhile).
async fn binary(args: Vec<String>, env: Vec<(&'static str, String)>) -> Output {
    tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_billing-sandbox"))
            .args(args)
            .envs(env)
            .output()
            .unwrap()
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_exits_1_on_a_faulty_receiver_and_0_on_a_correct_one() {
    let (secret, token) = ("whsec_replay_custom_5f2a9c", "replay-token-8d41e7");
    let sandbox = Sandbox::start_with("none", |config| {
        config.webhook_secrets = vec![secret.into()];
        config.token = token.into();
        config.faults = vec!["webhook:cancel-on=invoice.payment_failed".parse().unwrap()];
    })
    .await;
    let args = |to: &str| -> Vec<String> {
        [
            "replay",
            "--scenario",
            "B",
            "--to",
            to,
            "--queue",
            &sandbox.base,
            "--start",
            START,
            "--order",
            "shuffled",
            "--redeliver",
            "0.2",
        ]
        .map(String::from)
        .to_vec()
    };
    let env = || {
        vec![
            ("REPLAY_WEBHOOK_SECRET", secret.to_string()),
            ("REPLAY_TOKEN", token.to_string()),
        ]
    };
    let to = sandbox.url("/api/v1/billing/webhook");
    let faulty = binary(args(&to), env()).await;
    let (stdout, stderr) = (
        String::from_utf8_lossy(&faulty.stdout),
        String::from_utf8_lossy(&faulty.stderr),
    );
    assert_eq!(faulty.status.code(), Some(FAILED), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("the first failure is step 7 (Advance past the renewal: the charge fails): customer 1 subscription.status expected past_due, got canceled."),
        "{stdout}"
    );
    assert!(stdout.contains("## Step 7: Advance past the renewal: the charge fails (FAIL)"));
    assert!(
        stdout.contains("invoice.payment_failed"),
        "the deliveries that led there"
    );
    for output in [&stdout, &stderr] {
        assert!(
            !output.contains(secret) && !output.contains(token),
            "{output}"
        );
    }
    assert!(
        stderr.contains("whse…(26 chars)"),
        "a fingerprint at most: {stderr}"
    );

    // Against a correct receiver.
    sandbox
        .client
        .delete(sandbox.url("/__sandbox/faults"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let correct = binary(args(&to), env()).await;
    let stdout = String::from_utf8_lossy(&correct.stdout);
    assert_eq!(correct.status.code(), Some(PASSED), "{stdout}");
    assert!(stdout.contains("**PASSED**: all 11 steps pass"), "{stdout}");

    // A wrong secret: every delivery is refused, which is a failed step, not a crash.
    let wrong = binary(
        args(&to),
        vec![
            ("REPLAY_WEBHOOK_SECRET", "whsec_wrong".into()),
            ("REPLAY_TOKEN", token.into()),
        ],
    )
    .await;
    let stdout = String::from_utf8_lossy(&wrong.stdout);
    assert_eq!(wrong.status.code(), Some(FAILED));
    assert!(
        stdout.contains("No signatures found matching the expected signature"),
        "{stdout}"
    );
    // A token Queue refuses, a receiver that is not there, and options that cannot run.
    let refused = binary(
        args(&to),
        vec![
            ("REPLAY_WEBHOOK_SECRET", secret.into()),
            ("REPLAY_TOKEN", "nope".into()),
        ],
    )
    .await;
    assert_eq!(refused.status.code(), Some(UNUSABLE));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("Queue refused the token (401)"));
    let nowhere = binary(args("http://127.0.0.1:9/api/v1/billing/webhook"), env()).await;
    assert_eq!(nowhere.status.code(), Some(UNUSABLE));
    assert!(String::from_utf8_lossy(&nowhere.stdout).contains("The run stopped after step 0"));
    let live = binary(
        args(&to),
        vec![("REPLAY_WEBHOOK_SECRET", "sk_live_123".into())],
    )
    .await;
    assert_eq!(live.status.code(), Some(UNUSABLE));
    assert!(String::from_utf8_lossy(&live.stderr).contains("LIVE key"));
}

#[tokio::test]
async fn queue_holds_the_runs_ids_and_the_report_has_every_step() {
    let sandbox = Sandbox::start("none").await;
    let run = run(
        &sandbox,
        Scenario::PlanChange.as_str(),
        &["--customers", "3"],
    )
    .await;
    assert_eq!(run.exit_status(), PASSED, "{}", failures(&run));
    let tag = run.stream.options.run.as_str();
    let (rows, _) = sandbox
        .all_rows("/api/v1/internal/billing/subscriptions", 100)
        .await;
    let ours: Vec<&Value> = rows
        .iter()
        .filter(|r| {
            r["stripe_subscription_id"]
                .as_str()
                .unwrap()
                .starts_with(&format!("sub_replay_{tag}_"))
        })
        .collect();
    assert_eq!(ours.len(), 3);
    let tiers: Vec<&str> = ours
        .iter()
        .map(|r| r["plan_tier"].as_str().unwrap())
        .collect();
    assert_eq!(tiers, ["pro_plus", "founders", "pro"]);
    let report = run.report();
    for (i, step) in run.stream.schedule.steps.iter().enumerate() {
        assert!(
            report.contains(&format!("| {} | ", i + 1)),
            "{}",
            step.title
        );
    }
}

/// Scenario H through the command's runner: one person on both stores, App Store
/// notifications signed with the sandbox's test chain beside the Stripe events; every
/// step passes, and the paywall's grants are named per step.
#[tokio::test]
async fn cross_store_scenario_passes_every_step() {
    let sandbox = Sandbox::start("none").await;
    let run = run(&sandbox, "cross-store", &[]).await;
    assert_eq!(run.exit_status(), PASSED, "{}", failures(&run));
    assert_eq!(run.outcomes.len(), 5);
    let checked = |step: usize, field: Checked| {
        run.outcomes[step]
            .verdict
            .checks
            .iter()
            .find(|c| c.field == field)
            .map(|c| c.actual.clone())
    };
    let access: Vec<_> = (0..5).map(|s| checked(s, Checked::Access)).collect();
    let sources: Vec<_> = (0..5).map(|s| checked(s, Checked::AccessSources)).collect();
    let granted = Some("granted".to_string());
    assert_eq!(
        access,
        [
            granted.clone(),
            granted.clone(),
            granted.clone(),
            granted,
            Some("denied (402)".into())
        ]
    );
    let named = |s: &str| Some(s.to_string());
    assert_eq!(
        sources,
        [
            named("stripe+ios"),
            named("stripe"),
            named("stripe+ios"),
            named("ios"),
            None
        ]
    );
    // Each App Store notification was taken by Raptor's receiver.
    let apple: usize = run
        .outcomes
        .iter()
        .flat_map(|o| &o.deliveries)
        .filter(|d| d.event_type.starts_with("apple ") && d.accepted())
        .count();
    assert_eq!(apple, 4);
    assert!(run
        .report()
        .contains("scenario H, One person on both stores"));
}
