//! Sending: POST the body's exact bytes with the header, and show what came back.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::state::{Signed, SignerState};
use crate::api::webhook::{post_webhook, SendOutcome};
use crate::browser::origin::is_same_origin;
use crate::components::{SendOutcomeView, TextField};

#[component]
pub fn SendPanel(state: SignerState, signed: Memo<Result<Signed, String>>) -> impl IntoView {
    let outcome = RwSignal::new(None::<SendOutcome>);
    let sending = RwSignal::new(false);
    let send = move |_| {
        let Ok(s) = signed.get_untracked() else {
            return;
        };
        let url = state.send_url.get_untracked();
        // A browser sends text as UTF-8: bytes that are not UTF-8 go through curl only.
        let body = match state.body.get_untracked().map(String::from_utf8) {
            Ok(Ok(text)) => text,
            _ => {
                outcome.set(Some(SendOutcome::Blocked(
                    "These bytes are not UTF-8, and a browser sends text as UTF-8: run the curl \
                     command above, which sends them exactly."
                        .into(),
                )));
                return;
            }
        };
        sending.set(true);
        spawn_local(async move {
            let result = post_webhook(&url, &s.header, body).await;
            outcome.try_set(Some(result));
            sending.try_set(false);
        });
    };

    view! {
        <section class="btk-panel" aria-labelledby="btk-send-title">
            <h2 id="btk-send-title">"3. Send"</h2>
            <TextField label="Webhook URL" testid="send-url" value=state.send_url kind="url" wide=true/>
            {move || (!is_same_origin(&state.send_url.get())).then(|| view! {
                <p class="btk-field-warning">
                    "Another origin: the browser sends only if that server allows CORS for Stripe-Signature. \
                     If it does not, run the curl command instead."
                </p>
            })}
            <button type="button" data-testid="send-button"
                disabled=move || signed.get().is_err() || sending.get()
                on:click=send>
                {move || if sending.get() { "Sending…" } else { "Send signed event" }}
            </button>
            <div data-testid="send-result" aria-live="polite">
                {move || outcome.get().map(|o| view! { <SendOutcomeView outcome=o testid="send"/> })}
            </div>
        </section>
    }
}
