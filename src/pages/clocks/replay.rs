//! "Replay against a receiver": the chosen scenario's webhook stream, signed now and
//! delivered to a receiver, with Queue's internal API and (optionally) Raptor's paywall
//! checked after every step. A thin
//! view: testkit-core's replay makes the stream, the plan, the reads, the verdicts and the
//! report; `run` only sends and waits. The secret and the token live in this panel's
//! memory only: never in storage, a URL or a log.

mod apple;
mod run;
mod setup;
mod steps;

use leptos::prelude::*;
use leptos::task::spawn_local;
use testkit_core::clock::{build, ClockParams, Scenario};
use testkit_core::contract::WEBHOOK_PATH;
use testkit_core::keys::{
    refuse_as_bearer_token, refuse_as_webhook_secret, webhook_secret_warning,
};
use testkit_core::replay::{
    cross_store, ApiVersion, Order, RunTag, Share, StreamOptions, CROSS_STORE_LETTER,
    CROSS_STORE_TITLE,
};

use crate::api::abort::Abort;
use crate::api::sandbox::sandbox_defaults;
use crate::browser::clock::random_seed;
use crate::browser::origin::service_origin;
use crate::components::{
    options_of, show_part, CopyButton, Events, Part, PartInfo, PartToggle, SecretInput, Select,
    TextArea, TextField,
};
use run::ReplayRun;
use setup::{missing, parse_delay, queue_problem, raptor_problem, receiver_problem, Texts};
use steps::ReplaySteps;

fn order_label(order: Order) -> &'static str {
    match order {
        Order::InOrder => "In order",
        Order::Shuffled => "Shuffled within each step",
    }
}

/// The panel's inputs as typed.
#[derive(Clone, Copy)]
struct Inputs {
    receiver: RwSignal<String>,
    secret: RwSignal<String>,
    queue: RwSignal<String>,
    token: RwSignal<String>,
    /// Raptor's base URL for the paywall check; empty: no paywall check.
    raptor: RwSignal<String>,
    order: RwSignal<Order>,
    redeliver: RwSignal<String>,
    delay: RwSignal<String>,
    api_version: RwSignal<ApiVersion>,
    /// Scenario H (one person on both stores) instead of the playbook's scenario.
    cross_store: RwSignal<bool>,
}

impl Inputs {
    /// The testkit's own sandbox, on the origin the app came from.
    fn new() -> Inputs {
        let origin = service_origin();
        Inputs {
            receiver: RwSignal::new(format!("{origin}{WEBHOOK_PATH}")),
            secret: RwSignal::new(String::new()),
            queue: RwSignal::new(origin.clone()),
            token: RwSignal::new(String::new()),
            raptor: RwSignal::new(origin),
            order: RwSignal::new(Order::InOrder),
            redeliver: RwSignal::new("0".into()),
            delay: RwSignal::new("0".into()),
            api_version: RwSignal::new(ApiVersion::V20240620),
            cross_store: RwSignal::new(false),
        }
    }

    fn texts(self) -> Texts {
        Texts {
            receiver: self.receiver.get_untracked(),
            secret: self.secret.get_untracked(),
            queue: self.queue.get_untracked(),
            token: self.token.get_untracked(),
            raptor: self.raptor.get_untracked(),
            order: self.order.get_untracked(),
            redeliver: self.redeliver.get_untracked(),
            delay: self.delay.get_untracked(),
            api_version: self.api_version.get_untracked(),
            cross_store: self.cross_store.get_untracked(),
        }
    }

    /// Anything that keeps the run from starting.
    fn blocked(self) -> bool {
        self.receiver.with(|r| receiver_problem(r).is_some())
            || self.queue.with(|q| queue_problem(q).is_some())
            || self.raptor.with(|r| raptor_problem(r).is_some())
            || self.secret.with(|s| refuse_as_webhook_secret(s).is_some())
            || self.token.with(|t| refuse_as_bearer_token(t).is_some())
            || self.redeliver.with(|r| Share::parse(r).is_err())
            || self.delay.with(|d| parse_delay(d).is_err())
            || self
                .secret
                .with(|s| self.token.with(|t| missing(s, t).is_some()))
    }
}

/// Served by the sandbox with its documented defaults: fill in what is still empty.
/// Asked once the panel is mounted; leaving the page aborts the request.
fn fill_sandbox_defaults(inputs: Inputs) {
    let held = StoredValue::new_local(None::<Abort>);
    on_cleanup(move || {
        held.try_with_value(|a| a.as_ref().map(Abort::cancel));
    });
    Effect::new(move |_| {
        let abort = Abort::new();
        held.set_value(Some(abort.clone()));
        spawn_local(async move {
            let Some(found) = sandbox_defaults(&service_origin(), Some(&abort)).await else {
                return;
            };
            for (value, field) in [
                (found.default_webhook_secret, inputs.secret),
                (found.default_token, inputs.token),
            ] {
                if let Some(value) = value {
                    if field.try_with_untracked(String::is_empty) == Some(true) {
                        field.try_set(value);
                    }
                }
            }
        });
    });
}

/// The panel: what a replay does, and the form behind a button: a part (the replay's
/// stream, checks and report weigh as much as the playbook) given the page's scenario
/// and parameters as they change. As its defaults come from the testkit's origin and the
/// sandbox, the page rendered at build time and its first live view are the same.
#[component]
pub fn ReplayPanel(
    /// The page's scenario and parameters, `None` while they have a problem.
    scenario: Signal<Option<(Scenario, ClockParams)>>,
) -> impl IntoView {
    view! {
        <section class="btk-panel btk-replay" data-testid="replay-section" aria-labelledby="btk-replay-title">
            <h2 id="btk-replay-title">"Replay against a receiver"</h2>
            <p class="btk-muted">
                "Sends this scenario's webhook events as Stripe would (each signed as it is sent) to a receiver, and \
                 checks Queue's internal API after every step, then Raptor's paywall answer (waiting for the \
                 fan-out, with the lag measured): "
                <code>"billing-sandbox replay"</code>
                " in the browser. Nothing goes to Stripe. Each run has its own tag in every id and email, so runs \
                 never collide."
            </p>
            <PartToggle testid="replay-open" id="btk-replay-part" show="Set up a replay" hide="Hide the replay"
                part={move || show_part::<ReplayPart>(scenario, |()| {})}/>
        </section>
    }
}

/// The replay form: the receiver and Queue, Replay and Cancel, the steps, the verdict and
/// the report.
pub struct ReplayPart;

impl Part for ReplayPart {
    const INFO: PartInfo = PartInfo {
        name: "clocks-replay",
        loading: "Loading the replay form…",
        separate: true,
    };
    type Input = Option<(Scenario, ClockParams)>;
    type Event = ();

    fn view(scenario: Signal<Self::Input>, _: Events<()>) -> AnyView {
        view! { <ReplayForm scenario=scenario/> }.into_any()
    }
}

#[component]
fn ReplayForm(scenario: Signal<Option<(Scenario, ClockParams)>>) -> impl IntoView {
    let schedule = Memo::new(move |_| scenario.with(|s| s.as_ref().map(|(s, p)| build(*s, p))));
    let inputs = Inputs::new();
    let run = ReplayRun::new();
    on_cleanup(move || run.cancel());
    fill_sandbox_defaults(inputs);

    let problem = RwSignal::new(None::<String>);
    // While a run goes on, Replay and (otherwise) Cancel are aria-disabled rather than
    // disabled: a disabled button loses the keyboard focus.
    let running = Signal::derive(move || run.is_running());
    let start = move |_| {
        if running.get_untracked() {
            return;
        }
        let Some(schedule) = schedule.get_untracked() else {
            return;
        };
        match inputs.texts().setup(&schedule, random_seed()) {
            Ok(setup) => {
                problem.set(None);
                run.start(setup);
            }
            Err(why) => problem.set(Some(why)),
        }
    };
    let letter = move || {
        schedule.with(|s| {
            s.as_ref().map(|s| match inputs.cross_store.get() {
                true => CROSS_STORE_LETTER,
                false => s.scenario.as_str(),
            })
        })
    };
    // Scenario H's steps are its own (the clock's parameters, any run tag: titles only).
    let titles = Signal::derive(move || {
        let cross = inputs.cross_store.get();
        schedule.with(|s| {
            s.as_ref()
                .map(|s| {
                    let options = StreamOptions {
                        api_version: ApiVersion::V20240620,
                        run: RunTag::from_number(0),
                    };
                    let steps = match cross {
                        true => cross_store(&s.params, &options).schedule.steps,
                        false => s.steps.clone(),
                    };
                    steps.into_iter().map(|step| step.title).collect()
                })
                .unwrap_or_default()
        })
    });
    let playbook_option = move || {
        let name = schedule.with(|s| {
            s.as_ref().map_or_else(String::new, |s| {
                format!("{} · {}", s.scenario, s.scenario.title())
            })
        });
        vec![
            (
                "playbook".to_string(),
                format!("The playbook's scenario {name}"),
            ),
            (
                CROSS_STORE_LETTER.to_string(),
                format!("{CROSS_STORE_LETTER} · {CROSS_STORE_TITLE} (Stripe and the App Store)"),
            ),
        ]
    };
    let verdict = Memo::new(move |_| run.progress.with(|p| p.as_ref().map(|p| p.verdict())));
    let report = Memo::new(move |_| {
        run.progress.with(|p| {
            p.as_ref()
                .filter(|p| p.end.is_some())
                .map(|p| p.report())
                .unwrap_or_default()
        })
    });
    let run_tag = move || {
        run.progress.with(|p| {
            p.as_ref()
                .map(|p| p.stream.options.run.as_str().to_string())
        })
    };
    let field_error = |f: fn(&str) -> Option<String>, value: RwSignal<String>| {
        Signal::derive(move || value.with(|v| f(v)))
    };

    view! {
        <div class="btk-replay-form" data-testid="replay-panel" data-run-tag=run_tag>
            <div class="btk-form-grid">
                <TextField label="Receiver URL" testid="replay-receiver" value=inputs.receiver kind="url"
                    error=field_error(receiver_problem, inputs.receiver)/>
                <SecretInput value=inputs.secret label="Webhook signing secret" testid="replay-secret"
                    placeholder="whsec_…"
                    refusal=field_error(refuse_as_webhook_secret, inputs.secret)
                    warning=field_error(webhook_secret_warning, inputs.secret)/>
                <TextField label="Queue base URL" testid="replay-queue" value=inputs.queue kind="url"
                    error=field_error(queue_problem, inputs.queue)/>
                <SecretInput value=inputs.token label="Queue bearer token" testid="replay-token"
                    refusal=field_error(refuse_as_bearer_token, inputs.token)/>
                <TextField label="Raptor base URL for the paywall check (empty: no check; Queue's token is used)"
                    testid="replay-raptor" value=inputs.raptor kind="url"
                    error=field_error(raptor_problem, inputs.raptor)/>
                <Select label="Order of each step's deliveries" testid="replay-order"
                    options=options_of(&Order::ALL, Order::as_str, order_label)
                    value=Signal::derive(move || inputs.order.get().as_str().to_string())
                    on_change=Callback::new(move |v: String| if let Ok(o) = v.parse() { inputs.order.set(o) })/>
                <TextField label="Redelivered share (0 to 1, or 20%)" testid="replay-redeliver" value=inputs.redeliver
                    error=field_error(|r| Share::parse(r).err(), inputs.redeliver)/>
                <TextField label="Delay between steps (ms)" testid="replay-delay" value=inputs.delay kind="number"
                    error=field_error(|d| parse_delay(d).err(), inputs.delay)/>
                <Select label="Scenario to replay" testid="replay-scenario"
                    options=Signal::derive(playbook_option)
                    value=Signal::derive(move || if inputs.cross_store.get() { CROSS_STORE_LETTER.to_string() } else { "playbook".to_string() })
                    on_change=Callback::new(move |v: String| inputs.cross_store.set(v == CROSS_STORE_LETTER))/>
                <Select label="API version of the events" testid="replay-api-version"
                    options=ApiVersion::ALL.map(|v| (v.as_str().to_string(), v.as_str().to_string())).to_vec()
                    value=Signal::derive(move || inputs.api_version.get().as_str().to_string())
                    on_change=Callback::new(move |v: String| if let Ok(a) = v.parse() { inputs.api_version.set(a) })/>
            </div>
            <p class="btk-muted">
                "The secret and the token stay in this tab's memory: never stored, never in a URL, never logged. \
                 Served by the sandbox, its documented test secret and token are filled in."
            </p>
            <div class="btk-button-row">
                <button type="button" data-testid="replay-start" on:click=start
                    aria-disabled=move || running.get().to_string()
                    disabled=move || schedule.with(Option::is_none) || inputs.blocked()>
                    {move || match letter() {
                        Some(l) => format!("Replay scenario {l}"),
                        None => "Replay".to_string(),
                    }}
                </button>
                <button type="button" class="btk-secondary" data-testid="replay-cancel"
                    aria-disabled=move || (!running.get()).to_string() on:click=move |_| run.cancel()>
                    "Cancel"
                </button>
            </div>
            {move || {
                let why = problem.get()
                    .or_else(|| schedule.with(Option::is_none).then(|| "Fix the parameters above to replay.".to_string()))
                    .or_else(|| inputs.secret.with(|s| inputs.token.with(|t| missing(s, t).map(str::to_string))));
                why.map(|w| view! { <p class="btk-field-warning" data-testid="replay-problem">{w}</p> })
            }}
            <p data-testid="replay-verdict" role="status" aria-live="polite"
                data-state=move || verdict.with(|v| v.as_ref().map_or("idle", |(_, state)| *state))
                class=move || verdict.with(|v| match v.as_ref().map(|(_, s)| *s) {
                    Some("passed") => "btk-verdict-ok",
                    Some("failed" | "stopped") => "btk-verdict-bad",
                    _ => "btk-replay-status",
                })>
                {move || verdict.with(|v| v.as_ref().map(|(text, _)| text.clone()))}
            </p>
            <ReplaySteps progress=run.progress titles=titles/>
            {move || (!report.with(String::is_empty)).then(|| view! {
                <div class="btk-button-row">
                    <CopyButton text=Signal::derive(move || report.get()) label="Copy the replay report" testid="replay-report-copy"/>
                </div>
                <TextArea label="Report (Markdown)" testid="replay-report" rows=14 value=report/>
            })}
        </div>
    }
}
