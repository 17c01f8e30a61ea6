//! The browser's replay runner, the page's counterpart of `billing-sandbox replay`: it only
//! does the HTTP (through `crate::api::replay`) and the waiting. testkit-core makes the
//! stream, the plan, the reads and the verdicts; the view draws [`Progress`].

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use testkit_core::replay::{
    chain_next, chain_wait, evaluate, first_failure, next_reads, plan, render_report, ChainNext,
    ChainResult, ChainWait, Delivery, DeliveryRecord, Expectation, RunInfo, StepOutcome,
    StepStream, Stream,
};
use testkit_core::signature::signature_header;

use super::apple::AppleSender;
use super::setup::Setup;
use crate::api::abort::Abort;
use crate::api::replay::{deliver, read, Halt};
use crate::browser::clock::{format_ms, now_secs, perf_ms};

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum End {
    /// Every step ran (passed or not).
    Finished,
    /// Cancel was pressed during step `.0` (0-based).
    Cancelled(usize),
    /// Step `.0` could not go on: a receiver or Queue that did not answer or refused.
    Stopped(usize, String),
}

/// Where a step stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepStatus {
    Pending,
    Running,
    Passed,
    Failed,
}

impl StepStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            StepStatus::Pending => "pending",
            StepStatus::Running => "running",
            StepStatus::Passed => "passed",
            StepStatus::Failed => "failed",
        }
    }
}

/// A run as far as it got.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    pub stream: Arc<Stream>,
    pub info: RunInfo,
    /// One per step that ran, in order.
    pub outcomes: Vec<StepOutcome>,
    /// The deliveries of the step after the last outcome, while it runs (and where a
    /// cancelled or stopped run left it).
    pub current: Vec<DeliveryRecord>,
    /// The deliveries the current step plans.
    pub planned: usize,
    pub end: Option<End>,
}

impl Progress {
    /// The step being run, while the run goes on.
    pub fn running(&self) -> Option<usize> {
        self.end.is_none().then_some(self.outcomes.len())
    }

    pub fn status(&self, step: usize) -> StepStatus {
        match self.outcomes.get(step) {
            Some(o) if o.verdict.passed() => StepStatus::Passed,
            Some(_) => StepStatus::Failed,
            None if self.running() == Some(step) => StepStatus::Running,
            None => match &self.end {
                Some(End::Stopped(at, _)) if *at == step => StepStatus::Failed,
                _ => StepStatus::Pending,
            },
        }
    }

    /// The step's state in words (after its status).
    pub fn step_note(&self, step: usize) -> String {
        let count = |n: usize, one: &str, many: &str| match n {
            1 => format!("1 {one}"),
            n => format!("{n} {many}"),
        };
        match (self.outcomes.get(step), &self.end) {
            (Some(o), _) => {
                let failed = o.verdict.failures().count();
                let checks = o.verdict.checks.len();
                let deliveries = count(o.deliveries.len(), "delivery", "deliveries");
                if failed == 0 {
                    format!("{deliveries}, {}", count(checks, "check", "checks"))
                } else {
                    format!("{deliveries}, {failed} of {checks} checks failed")
                }
            }
            (None, None) if self.outcomes.len() == step => {
                if self.current.len() < self.planned {
                    format!("delivery {} of {}…", self.current.len() + 1, self.planned)
                } else {
                    "checking Queue…".into()
                }
            }
            (None, Some(End::Cancelled(at))) if *at == step => "cancelled".into(),
            (None, Some(End::Stopped(at, why))) if *at == step => format!("stopped: {why}"),
            (None, Some(_)) => "not run".into(),
            (None, None) => String::new(),
        }
    }

    /// The line that sums the run up, and its state (`running`, `passed`, `failed`,
    /// `cancelled`, `stopped`).
    pub fn verdict(&self) -> (String, &'static str) {
        let steps = self.stream.steps.len();
        let title = |i: usize| self.stream.schedule.steps[i].title.as_str();
        let passed = self.outcomes.iter().filter(|o| o.verdict.passed()).count();
        let checks: usize = self.outcomes.iter().map(|o| o.verdict.checks.len()).sum();
        let wall = format_ms(self.info.wall_ms as f64 / 1000.0, 2);
        match &self.end {
            None => {
                let i = self.outcomes.len();
                (
                    format!("Running step {} of {steps}: {}…", i + 1, title(i)),
                    "running",
                )
            }
            Some(End::Cancelled(at)) => (
                format!(
                    "Cancelled during step {} of {steps}; {passed} of the {at} steps before it passed.",
                    at + 1
                ),
                "cancelled",
            ),
            Some(End::Stopped(at, why)) => (
                format!("Stopped at step {} of {steps}: {why}", at + 1),
                "stopped",
            ),
            Some(End::Finished) => match first_failure(&self.outcomes) {
                None => (
                    format!("All {steps} steps passed ({checks} checks) in {wall} s."),
                    "passed",
                ),
                Some(i) => {
                    let first = self.outcomes[i]
                        .verdict
                        .failures()
                        .next()
                        .map(|f| format!(": {} expected {}, got {}", f.field, f.expected, f.actual))
                        .unwrap_or_default();
                    (
                        format!(
                            "{} of {steps} steps failed; the first is step {} ({}){first}.",
                            steps - passed,
                            i + 1,
                            title(i)
                        ),
                        "failed",
                    )
                }
            },
        }
    }

    /// The Markdown report (testkit-core's, as the command prints it).
    pub fn report(&self) -> String {
        render_report(&self.stream, &self.info, &self.outcomes)
    }
}

/// The panel's run: its progress, and the abort that stops its requests.
#[derive(Clone, Copy)]
pub struct ReplayRun {
    pub progress: RwSignal<Option<Progress>>,
    abort: StoredValue<Option<Abort>, LocalStorage>,
}

impl ReplayRun {
    pub fn new() -> ReplayRun {
        ReplayRun {
            progress: RwSignal::new(None),
            abort: StoredValue::new_local(None),
        }
    }

    pub fn is_running(self) -> bool {
        self.progress
            .with(|p| p.as_ref().is_some_and(|p| p.end.is_none()))
    }

    /// Stops the run: the request in flight is aborted and nothing more is sent.
    pub fn cancel(self) {
        self.abort.try_with_value(|a| a.as_ref().map(Abort::cancel));
    }

    /// Starts a run of `setup` (cancelling one still going).
    pub fn start(self, setup: Setup) {
        let abort = Abort::new();
        if let Some(old) = self
            .abort
            .try_update_value(|a| a.replace(abort.clone()))
            .flatten()
        {
            old.cancel();
        }
        let stream = Arc::new(setup.scenario.stream(&setup.schedule.params, &setup.stream));
        let planned = plan(&stream, &setup.delivery);
        self.progress.set(Some(Progress {
            stream: stream.clone(),
            info: RunInfo {
                receiver: setup.to.clone(),
                queue: setup.queue.clone(),
                delivery: setup.delivery,
                delay_ms: u64::from(setup.delay_ms),
                wall_ms: 0,
                stopped: None,
            },
            outcomes: Vec::new(),
            current: Vec::new(),
            // Stripe's deliveries and the App Store notifications (scenario H).
            planned: planned.first().map_or(0, Vec::len)
                + stream.steps.first().map_or(0, |s| s.apple.len()),
            end: None,
        }));
        spawn_local(async move {
            let started = perf_ms();
            let mut end = End::Finished;
            // Scenario H signs App Store notifications with the sandbox's test chain.
            let mut apple = None;
            if let (true, Some(raptor)) = (stream.notification_count() > 0, &setup.raptor) {
                match AppleSender::fetch(raptor, &setup.token).await {
                    Ok(sender) => apple = Some(sender),
                    Err(halt) => end = halt_end(halt, 0),
                }
            }
            for (i, (step, deliveries)) in stream.steps.iter().zip(&planned).enumerate() {
                if end != End::Finished {
                    break;
                }
                if i > 0 && setup.delay_ms > 0 {
                    abort.sleep(setup.delay_ms).await;
                }
                let begun = self.progress.try_update(|p| {
                    if let Some(p) = p {
                        p.current.clear();
                        p.planned = deliveries.len() + step.apple.len();
                    }
                });
                if begun.is_none() {
                    return; // the page is gone
                }
                if abort.aborted() {
                    end = End::Cancelled(i);
                    break;
                }
                match run_step(self, &setup, &mut apple, step, deliveries, &abort).await {
                    Ok(outcome) => {
                        self.progress.try_update(|p| {
                            if let Some(p) = p {
                                p.outcomes.push(outcome);
                                p.current.clear();
                            }
                        });
                    }
                    Err(halt) => {
                        end = halt_end(halt, i);
                        break;
                    }
                }
            }
            let wall_ms = (perf_ms() - started).max(0.0) as u64;
            self.progress.try_update(|p| {
                if let Some(p) = p {
                    p.info.wall_ms = wall_ms;
                    p.info.stopped = match &end {
                        End::Finished => None,
                        End::Cancelled(at) => Some(format!("cancelled during step {}.", at + 1)),
                        End::Stopped(_, why) => Some(why.clone()),
                    };
                    p.end = Some(end);
                }
            });
        });
    }
}

/// How a halt during step `at` ends the run.
fn halt_end(halt: Halt, at: usize) -> End {
    match halt {
        Halt::Cancelled => End::Cancelled(at),
        Halt::Unusable(why) => End::Stopped(at, why),
    }
}

/// Delivers one step as planned, each body signed as it is sent (then its App Store
/// notifications, scenario H), then reads Queue until the core has what it needs, and
/// returns the core's verdict.
async fn run_step(
    run: ReplayRun,
    setup: &Setup,
    apple: &mut Option<AppleSender>,
    step: &StepStream,
    planned: &[Delivery],
    abort: &Abort,
) -> Result<StepOutcome, Halt> {
    let mut deliveries = Vec::with_capacity(planned.len());
    for delivery in planned {
        let event = &step.events[delivery.event];
        let header = signature_header(now_secs(), &[setup.secret.as_str()], event.body.as_bytes());
        let (status, answer, ms) = deliver(&setup.to, &header, event.body.clone(), abort)
            .await
            .map_err(|halt| match halt {
                Halt::Unusable(why) => Halt::Unusable(format!("{why} ({})", event.id)),
                cancelled => cancelled,
            })?;
        let record = DeliveryRecord::new(event, delivery, Some(status), &answer, ms);
        run.progress.try_update(|p| {
            if let Some(p) = p {
                p.current.push(record.clone());
            }
        });
        deliveries.push(record);
    }
    if let Some(sender) = apple {
        for note in &step.apple {
            let record = sender.send(note, abort).await?;
            run.progress.try_update(|p| {
                if let Some(p) = p {
                    p.current.push(record.clone());
                }
            });
            deliveries.push(record);
        }
    }
    let delivered = perf_ms();
    let mut answers = Vec::new();
    loop {
        let reads = next_reads(&step.expect, &answers);
        if reads.is_empty() {
            break;
        }
        for r in reads {
            answers.push(read(&setup.queue, &setup.token, r, abort).await?);
        }
    }
    let mut verdict = evaluate(&step.expect, &deliveries, &answers);
    let chain = match &setup.raptor {
        Some(raptor) => {
            let wait = chain_wait(&step.expect, &verdict);
            check_chain(raptor, &setup.token, &step.expect, (delivered, wait), abort).await?
        }
        None => ChainResult::default(),
    };
    verdict.checks.extend(chain.checks);
    Ok(StepOutcome {
        deliveries,
        verdict,
        chain_lag_ms: chain.lag_ms,
    })
}

/// Asks Raptor's paywall until it agrees with the step (or the core's bound passes).
async fn check_chain(
    raptor: &str,
    token: &str,
    expect: &Expectation,
    (since, wait): (f64, ChainWait),
    abort: &Abort,
) -> Result<ChainResult, Halt> {
    let mut answers = Vec::new();
    loop {
        let elapsed = (perf_ms() - since).max(0.0) as u64;
        match chain_next(expect, &answers, elapsed, &wait) {
            ChainNext::Read(reads) => {
                for r in reads {
                    answers.push(read(raptor, token, r, abort).await?);
                }
            }
            ChainNext::Wait(ms) => {
                answers.clear();
                abort.sleep(ms as u32).await;
                if abort.aborted() {
                    return Err(Halt::Cancelled);
                }
            }
            ChainNext::Done(result) => return Ok(result),
        }
    }
}
