//! The run's report in Markdown: the settings, one line per step, and for every step that
//! failed its checks, expected against actual field by field, with the deliveries that
//! led there. It names no secret or token.

use std::fmt::Write as _;

use super::plan::{DeliveryOptions, Order};
use super::stream::Stream;
use super::verdict::{Checked, DeliveryRecord, StepVerdict};
use crate::time::rfc3339;

/// What happened in one step.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StepOutcome {
    /// The deliveries, in the order sent.
    pub deliveries: Vec<DeliveryRecord>,
    /// The checks after them (Queue's rows, then the paywall's answers).
    pub verdict: StepVerdict,
    /// From the step's last delivery to the paywall agreeing with Queue, in
    /// milliseconds: the fan-out's lag as measured; `None` when it did not agree in time.
    pub chain_lag_ms: Option<u64>,
}

/// Where and how the run went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunInfo {
    /// The receiver's URL.
    pub receiver: String,
    /// Queue's base URL.
    pub queue: String,
    /// Order, redeliveries, seed.
    pub delivery: DeliveryOptions,
    /// The pause between steps, in milliseconds.
    pub delay_ms: u64,
    /// From the first delivery to the last check, in milliseconds.
    pub wall_ms: u64,
    /// Why the run stopped before its last step, if it did.
    pub stopped: Option<String>,
}

/// The first step (0-based) whose checks failed.
pub fn first_failure(outcomes: &[StepOutcome]) -> Option<usize> {
    outcomes.iter().position(|o| !o.verdict.passed())
}

/// A table cell: one line, no column breaks.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn seconds(ms: u64) -> String {
    format!("{}.{:03} s", ms / 1000, ms % 1000)
}

fn settings(stream: &Stream, run: &RunInfo) -> String {
    let p = &stream.schedule.params;
    let d = &run.delivery;
    let order = match d.order {
        Order::InOrder => "in order".to_string(),
        Order::Shuffled => "shuffled within each step".to_string(),
    };
    let redelivered = d.redeliver.of(stream.event_count());
    let customers = match p.customers {
        1 => "1 customer".to_string(),
        n => format!("{n} customers"),
    };
    let mut text = String::new();
    let _ = writeln!(text, "- Receiver: {}", run.receiver);
    let _ = writeln!(text, "- Queue: {}", run.queue);
    let _ = writeln!(
        text,
        "- Clock: starts {}, {}, trial {} days, {customers}, {} retries over {} days then {}",
        rfc3339(p.start),
        p.interval.label().to_ascii_lowercase(),
        p.trial_days,
        p.retries,
        p.retry_window_days,
        p.after_retries.label()
    );
    let _ = writeln!(
        text,
        "- Events: API version {}, run tag {}, {} events; {order} (seed {}), {} redelivered ({redelivered})",
        stream.options.api_version,
        stream.options.run.as_str(),
        stream.event_count(),
        d.seed,
        d.redeliver.percent()
    );
    let _ = writeln!(
        text,
        "- Delay between steps: {} ms; wall time {}",
        run.delay_ms,
        seconds(run.wall_ms)
    );
    text
}

fn headline(stream: &Stream, run: &RunInfo, outcomes: &[StepOutcome]) -> String {
    let steps = stream.steps.len();
    let passed = outcomes.iter().filter(|o| o.verdict.passed()).count();
    let checks: usize = outcomes.iter().map(|o| o.verdict.checks.len()).sum();
    let mut text = match first_failure(outcomes) {
        None if outcomes.len() == steps => {
            format!("**PASSED**: all {steps} steps pass ({checks} checks).")
        }
        None => format!("**INCOMPLETE**: {passed} of {steps} steps ran and passed."),
        Some(i) => {
            let first = outcomes[i]
                .verdict
                .failures()
                .next()
                .map(|f| {
                    let who = f
                        .customer
                        .map_or_else(String::new, |c| format!("customer {} ", c + 1));
                    format!(
                        ": {who}{} expected {}, got {}",
                        f.field, f.expected, f.actual
                    )
                })
                .unwrap_or_default();
            format!(
                "**FAILED**: {passed} of {steps} steps pass; the first failure is step {} ({}){first}.",
                i + 1,
                stream.schedule.steps[i].title
            )
        }
    };
    if let Some(why) = &run.stopped {
        let _ = write!(
            text,
            " The run stopped after step {}: {why}",
            outcomes.len()
        );
    }
    text
}

/// The step's checks include the paywall's (the runner was given Raptor).
fn paywall_checked(outcome: &StepOutcome) -> bool {
    outcome
        .verdict
        .checks
        .iter()
        .any(|c| c.field == Checked::Access)
}

fn step_table(stream: &Stream, outcomes: &[StepOutcome]) -> String {
    let mut text = String::from(
        "| step | clock | what | events | deliveries | checks | paywall in step after | result |\n|---:|---|---|---:|---:|---:|---:|---|\n",
    );
    for (i, step) in stream.schedule.steps.iter().enumerate() {
        let (deliveries, checks, lag, result) = match outcomes.get(i) {
            Some(o) => (
                o.deliveries.len().to_string(),
                o.verdict.checks.len().to_string(),
                match (o.chain_lag_ms, paywall_checked(o)) {
                    (_, false) => "not checked".to_string(),
                    (Some(ms), true) => format!("{ms} ms"),
                    (None, true) => "not in time".to_string(),
                },
                if o.verdict.passed() {
                    "pass"
                } else {
                    "**FAIL**"
                },
            ),
            None => ("-".into(), "-".into(), "-".into(), "not run"),
        };
        let _ = writeln!(
            text,
            "| {} | {} | {} | {} | {deliveries} | {checks} | {lag} | {result} |",
            i + 1,
            rfc3339(step.at),
            cell(&step.title),
            stream.steps[i].events.len()
        );
    }
    text
}

fn failure_detail(stream: &Stream, i: usize, outcome: &StepOutcome) -> String {
    let mut text = format!(
        "## Step {}: {} (FAIL)\n\n| customer | field | expected | actual |\n|---|---|---|---|\n",
        i + 1,
        cell(&stream.schedule.steps[i].title)
    );
    for f in outcome.verdict.failures() {
        let who = f
            .customer
            .map_or_else(|| "-".to_string(), |c| (c + 1).to_string());
        let _ = writeln!(
            text,
            "| {who} | {} | {} | {} |",
            f.field,
            cell(&f.expected),
            cell(&f.actual)
        );
    }
    text.push_str(
        "\nThe deliveries of this step, in the order sent:\n\n| # | event | type | created | status | answer |\n|---:|---|---|---|---:|---|\n",
    );
    for (n, d) in outcome.deliveries.iter().enumerate() {
        let again = if d.redelivery { " (again)" } else { "" };
        let status = d
            .status
            .map_or_else(|| "none".to_string(), |s| s.to_string());
        let _ = writeln!(
            text,
            "| {} | {}{again} | {} | {} | {status} | {} |",
            n + 1,
            d.event_id,
            d.event_type,
            rfc3339(d.created),
            cell(&d.answer)
        );
    }
    text
}

/// The report of a run of `stream` whose steps so far went as `outcomes`.
pub fn render_report(stream: &Stream, run: &RunInfo, outcomes: &[StepOutcome]) -> String {
    let (letter, title) = stream.scenario_name();
    let mut text = format!(
        "# Lifecycle replay: scenario {letter}, {title}\n\n{}\n{}\n\n{}",
        settings(stream, run),
        headline(stream, run, outcomes),
        step_table(stream, outcomes)
    );
    for (i, outcome) in outcomes.iter().enumerate() {
        if !outcome.verdict.passed() {
            text.push('\n');
            text.push_str(&failure_detail(stream, i, outcome));
        }
    }
    text
}
