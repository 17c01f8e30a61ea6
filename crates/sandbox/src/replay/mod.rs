//! `billing-sandbox replay`: the thin runner over testkit-core's replay (the same core the
//! `/clocks` page will use). It only does HTTP and waits: signs each delivery with the
//! time it sends it, posts it, reads Queue's internal API after each step, and prints the
//! core's report. The secret and the token stay in memory; at most a fingerprint of each
//! is printed.

mod apple;
mod args;

use std::time::{Duration, Instant};

use testkit_core::replay::{
    chain_next, chain_wait, evaluate, next_reads, plan, render_report, ChainNext, ChainResult,
    ChainWait, Delivery, DeliveryRecord, Expectation, QueueRead, ReadAnswer, RunInfo, StepOutcome,
    StepStream, Stream,
};
use testkit_core::signature::signature_header;

use apple::AppleSender;
pub use args::ReplayArgs;
use args::Setup;

use crate::logging::fingerprint;
use crate::now_secs;

/// Every step passed.
pub const PASSED: i32 = 0;
/// A step's checks failed.
pub const FAILED: i32 = 1;
/// Bad options, or a receiver or Queue that could not be reached or refused the token.
pub const UNUSABLE: i32 = 2;

fn millis(since: Instant) -> u64 {
    since.elapsed().as_millis() as u64
}

/// Sends one body to the receiver, signed now: the status and the answer's text.
async fn deliver(
    client: &reqwest::Client,
    setup: &Setup,
    body: &str,
) -> Result<(u16, String), String> {
    let header = signature_header(now_secs(), &[setup.secret.as_str()], body.as_bytes());
    let response = client
        .post(&setup.to)
        .header("Content-Type", "application/json; charset=utf-8")
        .header("Stripe-Signature", header)
        .body(body.to_string())
        .send()
        .await
        .map_err(|e| format!("the receiver did not answer: {e}"))?;
    let status = response.status().as_u16();
    Ok((status, response.text().await.unwrap_or_default()))
}

/// Makes one read of Queue's internal API (or Raptor's, for the paywall's answer).
async fn read(
    client: &reqwest::Client,
    setup: &Setup,
    read: QueueRead,
) -> Result<ReadAnswer, String> {
    let (service, base, token) = if read.list.is_raptor() {
        ("Raptor", &setup.raptor, &setup.raptor_token)
    } else {
        ("Queue", &setup.queue, &setup.token)
    };
    let response = client
        .get(format!("{base}{}", read.path))
        .bearer_auth(token)
        .send()
        .await
        .map_err(|e| format!("{service} did not answer: {e}"))?;
    let status = response.status().as_u16();
    if matches!(status, 401 | 403) {
        return Err(format!(
            "{service} refused the token ({status}) on {}",
            read.path
        ));
    }
    Ok(ReadAnswer {
        read,
        status,
        body: response.text().await.unwrap_or_default(),
    })
}

/// A finished (or stopped) run: the stream, what each step did, and how it went.
pub struct Replayed {
    /// The stream that was replayed.
    pub stream: Stream,
    /// One per step that ran, in order.
    pub outcomes: Vec<StepOutcome>,
    /// Where and how.
    pub info: RunInfo,
}

impl Replayed {
    /// The Markdown report.
    pub fn report(&self) -> String {
        render_report(&self.stream, &self.info, &self.outcomes)
    }

    /// The exit status: [`PASSED`], [`FAILED`] or (stopped early) [`UNUSABLE`].
    pub fn exit_status(&self) -> i32 {
        if self.info.stopped.is_some() {
            UNUSABLE
        } else if self.outcomes.iter().all(|o| o.verdict.passed()) {
            PASSED
        } else {
            FAILED
        }
    }
}

/// Delivers one step as planned (then its App Store notifications, scenario H) and checks
/// Queue afterwards; `Err` says why the run cannot go on (the receiver or Queue did not
/// answer, or refused the token).
async fn replay_step(
    client: &reqwest::Client,
    setup: &Setup,
    apple: &mut Option<AppleSender>,
    step: &StepStream,
    planned: &[Delivery],
) -> Result<StepOutcome, String> {
    let mut deliveries = Vec::with_capacity(planned.len());
    for delivery in planned {
        let event = &step.events[delivery.event];
        let sent = Instant::now();
        let (status, answer) = deliver(client, setup, &event.body)
            .await
            .map_err(|why| format!("{why} ({})", event.id))?;
        deliveries.push(DeliveryRecord::new(
            event,
            delivery,
            Some(status),
            &answer,
            millis(sent),
        ));
    }
    if let Some(sender) = apple {
        for note in &step.apple {
            deliveries.push(sender.send(client, note).await?);
        }
    }
    let delivered = Instant::now();
    let mut answers = Vec::new();
    loop {
        let reads = next_reads(&step.expect, &answers);
        if reads.is_empty() {
            break;
        }
        for r in reads {
            answers.push(read(client, setup, r).await?);
        }
    }
    let mut verdict = evaluate(&step.expect, &deliveries, &answers);
    let wait = chain_wait(&step.expect, &verdict);
    let chain = check_chain(client, setup, &step.expect, delivered, wait).await?;
    verdict.checks.extend(chain.checks);
    Ok(StepOutcome {
        deliveries,
        verdict,
        chain_lag_ms: chain.lag_ms,
    })
}

/// Asks Raptor's paywall until it agrees with the step (or the core's bound passes).
async fn check_chain(
    client: &reqwest::Client,
    setup: &Setup,
    expect: &Expectation,
    since: Instant,
    wait: ChainWait,
) -> Result<ChainResult, String> {
    let mut answers = Vec::new();
    loop {
        match chain_next(expect, &answers, millis(since), &wait) {
            ChainNext::Read(reads) => {
                for r in reads {
                    answers.push(read(client, setup, r).await?);
                }
            }
            ChainNext::Wait(ms) => {
                answers.clear();
                tokio::time::sleep(Duration::from_millis(ms)).await;
            }
            ChainNext::Done(result) => return Ok(result),
        }
    }
}

/// Replays as `args` say, with progress on stderr; `Err` for options that cannot run.
pub async fn replay(args: ReplayArgs) -> Result<Replayed, String> {
    let setup = args.setup(now_secs())?;
    let client = reqwest::Client::builder()
        .timeout(setup.timeout)
        .build()
        .map_err(|e| format!("cannot make an HTTP client: {e}"))?;
    let stream = setup.scenario.stream(&setup.params, &setup.stream);
    // Scenario H signs App Store notifications with the sandbox's test chain.
    let mut apple = if stream.notification_count() > 0 {
        Some(AppleSender::fetch(&client, &setup.raptor, &setup.raptor_token).await?)
    } else {
        None
    };
    let deliveries = plan(&stream, &setup.delivery);
    eprintln!(
        "billing-sandbox replay: scenario {}, {} events and {} App Store notifications in {} steps to {} (secret {}), checking {} (token {}) and the paywall at {}",
        setup.scenario.letter(),
        stream.event_count(),
        stream.notification_count(),
        stream.steps.len(),
        setup.to,
        fingerprint(&setup.secret),
        setup.queue,
        fingerprint(&setup.token),
        setup.raptor
    );
    let started = Instant::now();
    let mut outcomes = Vec::new();
    let mut stopped = None;
    for (i, (step, planned)) in stream.steps.iter().zip(&deliveries).enumerate() {
        if i > 0 && !setup.delay.is_zero() {
            tokio::time::sleep(setup.delay).await;
        }
        match replay_step(&client, &setup, &mut apple, step, planned).await {
            Ok(outcome) => {
                eprintln!(
                    "  step {}/{}: {} ({} deliveries, {} checks, paywall {}) {}",
                    i + 1,
                    stream.steps.len(),
                    if outcome.verdict.passed() {
                        "pass"
                    } else {
                        "FAIL"
                    },
                    outcome.deliveries.len(),
                    outcome.verdict.checks.len(),
                    outcome.chain_lag_ms.map_or_else(
                        || "not in step in time".into(),
                        |ms| format!("in step after {ms} ms")
                    ),
                    stream.schedule.steps[i].title
                );
                outcomes.push(outcome);
            }
            Err(why) => {
                eprintln!("billing-sandbox replay: stopped: {why}");
                stopped = Some(why);
                break;
            }
        }
    }
    let info = RunInfo {
        receiver: setup.to.clone(),
        queue: setup.queue.clone(),
        delivery: setup.delivery,
        delay_ms: setup.delay.as_millis() as u64,
        wall_ms: millis(started),
        stopped,
    };
    Ok(Replayed {
        stream,
        outcomes,
        info,
    })
}

/// The `replay` command: runs, prints the report on stdout, returns the exit status.
pub async fn run(args: ReplayArgs) -> i32 {
    match replay(args).await {
        Ok(replayed) => {
            println!("{}", replayed.report());
            replayed.exit_status()
        }
        Err(message) => {
            eprintln!("billing-sandbox replay: {message}");
            UNUSABLE
        }
    }
}
