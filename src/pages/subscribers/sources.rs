//! Where the data comes from: base URLs, tokens (masked, memory only), the production
//! switch, and each source's load status with its own retry.

use leptos::prelude::*;
use testkit_core::keys::refuse_as_bearer_token;

use super::state::{SourceStatus, SubscribersState};
use testkit_core::time::DateTime;

use crate::browser::clock::format_ms;
use crate::components::{SecretInput, TextField};

/// What a source's status line says, and whether it is a failure.
pub fn status_line(name: &str, status: &SourceStatus) -> (String, &'static str) {
    match status {
        SourceStatus::Idle => (format!("{name}: not loaded yet."), "idle"),
        SourceStatus::Loading { pages, rows } => (
            format!("{name}: loading… {pages} pages, {rows} rows so far."),
            "loading",
        ),
        SourceStatus::Loaded {
            rows,
            bad,
            millis,
            newest,
            at,
        } if bad.is_empty() => (
            format!(
                "{name}: {rows} subscriptions loaded in {} s. {}",
                format_ms(*millis / 1000.0, 2),
                freshness(newest, *at)
            ),
            "ok",
        ),
        SourceStatus::Loaded {
            rows,
            bad,
            newest,
            at,
            ..
        } => {
            let first = &bad[0];
            (
                format!(
                    "{name}: {rows} subscriptions loaded, but {} malformed row(s) were skipped (row {} id {}: {}). {}",
                    bad.len(),
                    first.index + 1,
                    first.id.as_deref().unwrap_or("?"),
                    first.problem,
                    freshness(newest, *at)
                ),
                "partial",
            )
        }
        SourceStatus::Failed(err) => (err.describe(name), "failed"),
    }
}

/// How fresh a source's data is: its newest change and when it was read.
fn freshness(newest: &Option<String>, at: i64) -> String {
    let read = DateTime::from_unix(at).time();
    match newest {
        Some(t) => format!("Newest change {t}; read at {read} UTC."),
        None => format!("No rows; read at {read} UTC."),
    }
}

#[component]
fn SourceLine(
    name: &'static str,
    slug: &'static str,
    status: RwSignal<SourceStatus>,
    retry: Callback<()>,
) -> impl IntoView {
    view! {
        {move || {
            let (text, kind) = status.with(|s| status_line(name, s));
            let failed = kind == "failed" || kind == "partial";
            view! {
                <p class=format!("btk-source btk-source-{kind}") data-testid=format!("subs-source-status-{slug}")
                    data-state=kind role=if failed { "alert" } else { "status" }>
                    {text}
                    {failed.then(|| view! {
                        <button type="button" class="btk-secondary" data-testid=format!("subs-retry-{slug}")
                            on:click=move |_| retry.run(())>"Retry"</button>
                    })}
                </p>
            }
        }}
    }
}

#[component]
pub fn SourcesPanel(state: SubscribersState) -> impl IntoView {
    let token_refusal =
        |token: RwSignal<String>| Signal::derive(move || token.with(|t| refuse_as_bearer_token(t)));
    let any_loading = move || {
        [state.stripe, state.ios, state.mirror]
            .iter()
            .any(|s| s.with(SourceStatus::is_loading))
    };
    view! {
        <section class="btk-panel" aria-labelledby="btk-sources-title">
            <h2 id="btk-sources-title">"Sources"</h2>
            <details>
                <summary>"Service URLs, tokens and timeout"</summary>
                <div class="btk-form-grid">
                    <TextField label="Queue base URL (Stripe subscribers)" testid="subs-queue-base" value=state.queue_base kind="url"/>
                    <SecretInput value=state.queue_token label="Queue bearer token" testid="subs-queue-token"
                        refusal=token_refusal(state.queue_token)/>
                    <TextField label="Raptor base URL (iOS mirror)" testid="subs-raptor-base" value=state.raptor_base kind="url"/>
                    <SecretInput value=state.raptor_token label="Raptor bearer token" testid="subs-raptor-token"
                        refusal=token_refusal(state.raptor_token)/>
                    <TextField label="Request timeout (s)" testid="subs-timeout" value=state.timeout_text kind="number"/>
                </div>
                <p class="btk-muted">"Tokens stay in this tab's memory: never stored, never in a URL, never logged."</p>
            </details>
            <label class="btk-check">
                <input type="checkbox" data-testid="subs-production" prop:checked=move || state.production.get()
                    on:change:target=move |ev| state.production.set(ev.target().checked())/>
                "These sources are production (raise an alarm on any test data)"
            </label>
            <div class="btk-button-row">
                <button type="button" data-testid="subs-load" on:click=move |_| state.load_all()
                    disabled=move || {
                        state.queue_token.with(|t| refuse_as_bearer_token(t).is_some())
                            || state.raptor_token.with(|t| refuse_as_bearer_token(t).is_some())
                    }>
                    "Load all sources"
                </button>
                <button type="button" class="btk-secondary" data-testid="subs-cancel" disabled=move || !any_loading()
                    on:click=move |_| state.cancel()>
                    "Cancel"
                </button>
            </div>
            <SourceLine name="Stripe (Queue)" slug="stripe" status=state.stripe retry=Callback::new(move |()| state.load_stripe())/>
            <SourceLine name="App Store (Raptor)" slug="ios" status=state.ios retry=Callback::new(move |()| state.load_ios())/>
            <SourceLine name="Stripe mirror (Raptor, for the paywall)" slug="mirror" status=state.mirror retry=Callback::new(move |()| state.load_mirror())/>
            {move || (state.orphans.get() > 0).then(|| view! {
                <p class="btk-field-warning">
                    {format!("{} Stripe subscriptions name a customer Queue did not list; they are shown without an email.", state.orphans.get())}
                </p>
            })}
        </section>
    }
}
