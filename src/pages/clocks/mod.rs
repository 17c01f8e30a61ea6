//! The test-clock playbook: pick a scenario and its parameters; get every step with its
//! absolute time, command, expected events and checks, a timeline, and a bash script.

pub mod replay;
mod steps;
mod timeline;

use leptos::prelude::*;
use testkit_core::clock::{
    build, parse_params, script, AfterRetries, ClockParams, Interval, ParamError, ParamField,
    ParamTexts, Scenario,
};
use testkit_core::time::rfc3339;

use crate::browser::clock::now_secs;
use crate::browser::download::save_text;
use crate::browser::url_query;
use crate::components::{options_of, CopyButton, ReadinessBanner, Select, TextArea, TextField};
use crate::state::checklist_run::stored_readiness;
use replay::ReplayPanel;
use steps::StepList;
use timeline::Timeline;

/// This surface's URL query keys (listed in the surfaces table).
pub mod keys {
    use crate::browser::url_query::QueryKey;

    /// Scenario letter.
    pub const SCENARIO: QueryKey = QueryKey("scenario");
    /// Clock start.
    pub const START: QueryKey = QueryKey("start");
    /// Billing interval.
    pub const INTERVAL: QueryKey = QueryKey("interval");
    /// Trial days.
    pub const TRIAL: QueryKey = QueryKey("trial");
    /// Customers on the clock.
    pub const CUSTOMERS: QueryKey = QueryKey("customers");
    /// Smart Retries count.
    pub const RETRIES: QueryKey = QueryKey("retries");
    /// Smart Retries window.
    pub const WINDOW: QueryKey = QueryKey("window");
    /// End state after retries.
    pub const AFTER: QueryKey = QueryKey("after");
    /// Every key, for the surfaces table.
    pub const ALL: &[QueryKey] = &[
        SCENARIO, START, INTERVAL, TRIAL, CUSTOMERS, RETRIES, WINDOW, AFTER,
    ];
}

/// The inputs as the URL holds them (numbers stay text so a bad entry can be explained),
/// with the defaults for what it does not hold.
struct UrlInputs {
    scenario: Scenario,
    start: String,
    interval: Interval,
    trial: String,
    customers: String,
    retries: String,
    window: String,
    after: AfterRetries,
}

impl UrlInputs {
    fn read() -> UrlInputs {
        let defaults = ClockParams::new(now_secs() / 3600 * 3600);
        let text =
            |key: url_query::QueryKey, default: String| url_query::get(key).unwrap_or(default);
        UrlInputs {
            scenario: url_query::get(keys::SCENARIO)
                .and_then(|s| Scenario::from_letter(&s))
                .unwrap_or(Scenario::Renewal),
            start: text(keys::START, defaults.start.to_string()),
            interval: url_query::get(keys::INTERVAL)
                .and_then(|s| s.parse::<Interval>().ok())
                .unwrap_or(defaults.interval),
            trial: text(keys::TRIAL, defaults.trial_days.to_string()),
            customers: text(keys::CUSTOMERS, defaults.customers.to_string()),
            retries: text(keys::RETRIES, defaults.retries.to_string()),
            window: text(keys::WINDOW, defaults.retry_window_days.to_string()),
            after: url_query::get(keys::AFTER)
                .and_then(|s| s.parse::<AfterRetries>().ok())
                .unwrap_or(defaults.after_retries),
        }
    }

    /// The parameters, or every problem with them, by field.
    fn params(&self) -> Result<ClockParams, Vec<ParamError>> {
        let texts = ParamTexts {
            start: &self.start,
            trial: &self.trial,
            customers: &self.customers,
            retries: &self.retries,
            window: &self.window,
        };
        parse_params(texts, self.interval, self.after)
    }
}

/// The inputs as typed.
#[derive(Clone, Copy)]
struct Inputs {
    scenario: RwSignal<Scenario>,
    start: RwSignal<String>,
    interval: RwSignal<Interval>,
    trial: RwSignal<String>,
    customers: RwSignal<String>,
    retries: RwSignal<String>,
    window: RwSignal<String>,
    after: RwSignal<AfterRetries>,
}

impl Inputs {
    fn from_url() -> Inputs {
        let url = UrlInputs::read();
        Inputs {
            scenario: RwSignal::new(url.scenario),
            start: RwSignal::new(url.start),
            interval: RwSignal::new(url.interval),
            trial: RwSignal::new(url.trial),
            customers: RwSignal::new(url.customers),
            retries: RwSignal::new(url.retries),
            window: RwSignal::new(url.window),
            after: RwSignal::new(url.after),
        }
    }

    fn write_url(self) {
        url_query::set(&[
            (
                keys::SCENARIO,
                Some(self.scenario.get().as_str().to_string()),
            ),
            (keys::START, Some(self.start.get())),
            (keys::INTERVAL, Some(self.interval.get().as_str().into())),
            (keys::TRIAL, Some(self.trial.get())),
            (keys::CUSTOMERS, Some(self.customers.get())),
            (keys::RETRIES, Some(self.retries.get())),
            (keys::WINDOW, Some(self.window.get())),
            (keys::AFTER, Some(self.after.get().as_str().into())),
        ]);
    }

    /// The parameters, or every problem with them, by field.
    fn params(self) -> Result<ClockParams, Vec<ParamError>> {
        UrlInputs {
            scenario: self.scenario.get(),
            start: self.start.get(),
            interval: self.interval.get(),
            trial: self.trial.get(),
            customers: self.customers.get(),
            retries: self.retries.get(),
            window: self.window.get(),
            after: self.after.get(),
        }
        .params()
    }
}

#[component]
pub fn ClocksPage() -> impl IntoView {
    let inputs = Inputs::from_url();
    Effect::new(move |_| inputs.write_url());
    let result = Memo::new(move |_| inputs.params().map(|p| build(inputs.scenario.get(), &p)));
    let errors = Memo::new(move |_| result.with(|r| r.as_ref().err().cloned().unwrap_or_default()));
    let script_text =
        Memo::new(move |_| result.with(|r| r.as_ref().map(script).unwrap_or_default()));
    let start_hint =
        Memo::new(move |_| result.with(|r| r.as_ref().ok().map(|s| rfc3339(s.params.start))));
    let field_error = move |field: ParamField| {
        Signal::derive(move || {
            errors.with(|e| {
                e.iter()
                    .find(|p| p.field == field)
                    .map(|p| p.message.clone())
            })
        })
    };

    view! {
        <section class="btk-page btk-clocks">
            <h1>"Test-clock playbook"</h1>
            <ReadinessBanner read=stored_readiness link=true/>
            <p class="btk-lead">
                "Stripe test clocks live a subscription's months in minutes. Every advance here is computed from the \
                 clock's own frozen time, cumulatively, and split when Stripe's two-interval limit needs it."
            </p>
            <section class="btk-panel" aria-labelledby="btk-clock-params">
                <h2 id="btk-clock-params">"Scenario and parameters"</h2>
                <div class="btk-form-grid">
                    <Select label="Scenario" testid="clock-scenario"
                        options=Scenario::ALL.map(|s| (s.as_str().to_string(), format!("{s} · {}", s.title()))).to_vec()
                        value=Signal::derive(move || inputs.scenario.get().as_str().to_string())
                        on_change=Callback::new(move |v: String| if let Some(s) = Scenario::from_letter(&v) { inputs.scenario.set(s) })/>
                    <TextField label="Clock start (unix seconds or a date)" testid="clock-start" value=inputs.start
                        error=field_error(ParamField::Start) hint=Signal::derive(move || start_hint.get())/>
                    <Select label="Billing interval" testid="clock-interval"
                        options=options_of(&Interval::ALL, Interval::as_str, Interval::label)
                        value=Signal::derive(move || inputs.interval.get().as_str().to_string())
                        on_change=Callback::new(move |v: String| if let Ok(i) = v.parse() { inputs.interval.set(i) })/>
                    <TextField label="Trial days (C, F)" testid="clock-trial" value=inputs.trial error=field_error(ParamField::Trial)/>
                    <TextField label="Customers on the clock (max 3)" testid="clock-customers" value=inputs.customers error=field_error(ParamField::Customers)/>
                    <TextField label="Smart Retries: retries (account setting)" testid="clock-retries" value=inputs.retries error=field_error(ParamField::Retries)/>
                    <TextField label="Smart Retries: window in days (account setting)" testid="clock-window" value=inputs.window error=field_error(ParamField::Window)/>
                    <Select label="When retries run out (account setting)" testid="clock-after"
                        options=options_of(&AfterRetries::ALL, AfterRetries::as_str, AfterRetries::label)
                        value=Signal::derive(move || inputs.after.get().as_str().to_string())
                        on_change=Callback::new(move |v: String| if let Ok(a) = v.parse() { inputs.after.set(a) })/>
                </div>
                <p class="btk-muted">
                    "Smart Retries' count and window are settings of the Stripe account (Stripe documents up to eight \
                     tries; its newer default is 4 tries over 21 days): enter what the account uses."
                </p>
            </section>
            <ReplayPanel scenario=Signal::derive(move || {
                inputs.params().ok().map(|p| (inputs.scenario.get(), p))
            })/>
            {move || match result.get() {
                Err(_) => view! {
                    <p class="btk-error" role="alert" data-testid="clock-invalid">"Fix the parameters above to see the steps."</p>
                }.into_any(),
                Ok(schedule) => view! {
                    <section class="btk-panel">
                        <h2>{format!("{} · {}", schedule.scenario.as_str(), schedule.scenario.title())}</h2>
                        <p>{schedule.scenario.purpose()}</p>
                        <Timeline schedule=schedule.clone()/>
                    </section>
                    <StepList schedule=schedule/>
                }.into_any(),
            }}
            <section class="btk-panel" aria-labelledby="btk-clock-script">
                <h2 id="btk-clock-script">"The whole scenario as one script"</h2>
                <p class="btk-muted">
                    "Stops at the first error, refuses anything but a test key before calling Stripe, captures ids from \
                     the answers, and polls the clock until it is ready after each advance. Run it as "
                    <code>"RKEY=sk_test_… bash scenario.sh"</code> "."
                </p>
                <div class="btk-button-row">
                    <CopyButton text=Signal::derive(move || script_text.get()) label="Copy the script" testid="clock-script-copy"/>
                    <button type="button" class="btk-secondary" data-testid="clock-script-download"
                        on:click=move |_| {
                            let name = format!("clock-scenario-{}.sh", inputs.scenario.get_untracked().as_str().to_ascii_lowercase());
                            save_text(&name, "text/x-shellscript", &script_text.get_untracked());
                        }>
                        "Download"
                    </button>
                </div>
                <TextArea label="Scenario script" testid="clock-script" rows=14 value=script_text/>
            </section>
        </section>
    }
}
