//! Signing: secrets (masked, refused when they are API or live keys), the timestamp and
//! its age, and the outputs: the header and a curl command that sends exactly these bytes.

use leptos::prelude::*;
use testkit_core::keys::webhook_secret_warning;
use testkit_core::signature::{timestamp_age, DEFAULT_TOLERANCE_SECS};
use testkit_core::time::rfc3339;

use super::state::{Signed, SignerState};
use crate::browser::clock::format_ms;
use crate::components::{CopyButton, Field, SecretInput};

#[component]
pub fn SignPanel(
    state: SignerState,
    timestamp: Memo<Result<i64, String>>,
    signed: Memo<Result<Signed, String>>,
    curl: Memo<Option<String>>,
) -> impl IntoView {
    let refusal_1 = SignerState::secret_refusal(state.secret);
    let refusal_2 = SignerState::secret_refusal(state.secret_2);
    let warning_1 = Signal::derive(move || state.secret.with(|s| webhook_secret_warning(s)));
    let warning_2 = Signal::derive(move || state.secret_2.with(|s| webhook_secret_warning(s)));
    let header_text = Signal::derive(move || signed.get().map(|s| s.header).unwrap_or_default());
    let curl_text = Signal::derive(move || curl.get().unwrap_or_default());

    view! {
        <section class="btk-panel" aria-labelledby="btk-sign-title">
            <h2 id="btk-sign-title">"2. Sign"</h2>
            <div class="btk-form-grid">
                <SecretInput
                    value=state.secret
                    label="Endpoint secret"
                    testid="sig-secret"
                    placeholder="whsec_…"
                    refusal=refusal_1
                    warning=warning_1
                />
                <SecretInput
                    value=state.secret_2
                    label="Second secret (optional, during rotation)"
                    testid="sig-secret-2"
                    placeholder="whsec_… (adds a second v1)"
                    refusal=refusal_2
                    warning=warning_2
                />
            </div>
            <p class="btk-muted">"Secrets stay in this tab's memory: never stored, never put in a URL, never logged."</p>
            <div class="btk-form-grid">
                <Field label="Timestamp (unix seconds or a date)" testid="sig-timestamp">
                    <input
                        type="text"
                        data-testid="sig-timestamp"
                        spellcheck="false"
                        aria-invalid=move || timestamp.get().is_err().to_string()
                        prop:value=move || {
                            if state.use_now.get() { state.now.get().to_string() } else { state.fixed_timestamp.get() }
                        }
                        on:input:target=move |ev| {
                            state.fixed_timestamp.set(ev.target().value());
                            state.use_now.set(false);
                        }
                        // Editing takes the field off the clock: a tick that rewrote it
                        // under a selection made the typed digits land after the new
                        // time ("17966936021796693602").
                        on:focus=move |_| {
                            if state.use_now.get_untracked() {
                                state.fixed_timestamp.set(state.now.get_untracked().to_string());
                                state.use_now.set(false);
                            }
                        }
                    />
                </Field>
                <label class="btk-check">
                    <input
                        type="checkbox"
                        data-testid="sig-timestamp-now"
                        prop:checked=move || state.use_now.get()
                        on:change:target=move |ev| {
                            let now = ev.target().checked();
                            if !now {
                                state.fixed_timestamp.set(state.now.get_untracked().to_string());
                            }
                            state.use_now.set(now);
                        }
                    />
                    "Use the current time (updates every second)"
                </label>
            </div>
            {move || match timestamp.get() {
                Ok(t) => {
                    let (note, fresh) = timestamp_age(t, state.now.get(), DEFAULT_TOLERANCE_SECS);
                    view! {
                        <p class=if fresh { "btk-muted" } else { "btk-field-warning" } data-testid="sig-timestamp-age">
                            {format!("{} · {note}", rfc3339(t))}
                        </p>
                    }.into_any()
                }
                Err(e) => view! { <p class="btk-field-error" role="alert" data-testid="sig-timestamp-error">{e}</p> }.into_any(),
            }}
            <h3>"Stripe-Signature"</h3>
            {move || match signed.get() {
                Ok(s) => view! {
                    <div class="btk-output">
                        <code data-testid="sig-header" data-sign-ms=format_ms(s.millis, 3)>{s.header.clone()}</code>
                        <CopyButton text=header_text label="Copy the Stripe-Signature header" testid="sig-header-copy"/>
                    </div>
                    <p class="btk-muted">{format!("{} bytes signed in {} ms.", s.bytes, format_ms(s.millis, 1))}</p>
                }.into_any(),
                Err(why) => view! { <p class="btk-muted" data-testid="sig-header-missing">{why}</p> }.into_any(),
            }}
            <h3>"curl"</h3>
            {move || match curl.get() {
                Some(cmd) => view! {
                    <div class="btk-output btk-output-block">
                        <pre data-testid="sig-curl">{cmd}</pre>
                        <CopyButton text=curl_text label="Copy the curl command" testid="sig-curl-copy"/>
                    </div>
                    <p class="btk-muted">
                        "Paste into bash: the body travels through printf and --data-binary, so quotes, $, \
                         backslashes, newlines and Unicode arrive byte for byte. It posts to the URL of step 3."
                    </p>
                }.into_any(),
                None => view! { <p class="btk-muted">"The command appears once there is a header."</p> }.into_any(),
            }}
        </section>
    }
}
