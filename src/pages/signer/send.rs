//! Sending: POST the body's exact bytes with the header, and show what came back. The
//! sender is a part of its own (`src/bin/signer-send.rs`), downloaded at the first send:
//! the page gives it a function that returns what to send as it stands.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::state::{Signed, SignerState};
use crate::api::webhook::{post_webhook, SendOutcome};
use crate::browser::js_object::{object, owned_function, text_at};
use crate::browser::origin::is_same_origin;
use crate::components::{BundlePart, SendOutcomeView, TextField};

/// What to send, as the page has it when the sender asks.
struct Delivery {
    url: String,
    header: String,
    body: String,
}

/// What to send now, or why nothing can be sent (crosses to the part as a JS object:
/// `url`, `header` and `body`, or `problem`).
fn delivery(state: SignerState, signed: Memo<Result<Signed, String>>) -> Result<Delivery, String> {
    let header = signed
        .try_get_untracked()
        .ok_or("The page is gone.")??
        .header;
    // A browser sends text as UTF-8: bytes that are not UTF-8 go through curl only.
    let body = match state.body.get_untracked().map(String::from_utf8) {
        Ok(Ok(text)) => text,
        Ok(Err(_)) => {
            return Err(
                "These bytes are not UTF-8, and a browser sends text as UTF-8: run the curl \
                 command above, which sends them exactly."
                    .into(),
            )
        }
        Err(why) => return Err(why),
    };
    Ok(Delivery {
        url: state.send_url.get_untracked(),
        header,
        body,
    })
}

fn delivery_to_js(found: Result<Delivery, String>) -> JsValue {
    match found {
        Ok(d) => object(&[
            ("url", d.url.into()),
            ("header", d.header.into()),
            ("body", d.body.into()),
        ]),
        Err(why) => object(&[("problem", why.into())]),
    }
    .into()
}

fn delivery_from_js(value: &JsValue) -> Result<Delivery, String> {
    if let Some(problem) = text_at(value, "problem") {
        return Err(problem);
    }
    match (
        text_at(value, "url"),
        text_at(value, "header"),
        text_at(value, "body"),
    ) {
        (Some(url), Some(header), Some(body)) => Ok(Delivery { url, header, body }),
        _ => Err("The signer page gave nothing to send.".into()),
    }
}

#[component]
pub fn SendPanel(state: SignerState, signed: Memo<Result<Signed, String>>) -> impl IntoView {
    // The part's context: a function returning what to send, alive as long as this panel.
    let context = owned_function(Closure::<dyn Fn() -> JsValue>::new(move || {
        delivery_to_js(delivery(state, signed))
    }));
    // The sender is downloaded at the first send, and sends as soon as it is mounted.
    let opened = RwSignal::new(false);

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
            {move || if opened.get() {
                view! { <BundlePart name="signer-send" loading="Sending…" context=Some(context.clone())/> }.into_any()
            } else {
                view! {
                    <button type="button" data-testid="send-button" on:click=move |_| opened.set(true)>
                        "Send signed event"
                    </button>
                }.into_any()
            }}
        </section>
    }
}

/// The sender as a part: sends once when mounted (the page's button was the first send),
/// then on each press of its own button, asking the page each time what to send.
#[component]
pub fn SendPart(context: JsValue) -> impl IntoView {
    let context = StoredValue::new_local(context);
    let outcome = RwSignal::new(None::<SendOutcome>);
    let sending = RwSignal::new(false);
    let send = move || {
        let asked = context.with_value(|c| {
            c.dyn_ref::<js_sys::Function>()
                .and_then(|f| f.call0(&JsValue::NULL).ok())
        });
        let found = asked.map_or_else(
            || Err("The sender needs the signer page.".to_string()),
            |value| delivery_from_js(&value),
        );
        let Delivery { url, header, body } = match found {
            Ok(d) => d,
            Err(why) => {
                outcome.set(Some(SendOutcome::Blocked(why)));
                return;
            }
        };
        sending.set(true);
        spawn_local(async move {
            let result = post_webhook(&url, &header, body).await;
            outcome.try_set(Some(result));
            sending.try_set(false);
        });
    };
    send();

    view! {
        <div data-testid="send-part">
            <button type="button" data-testid="send-button" disabled=move || sending.get()
                on:click=move |_| send()>
                {move || if sending.get() { "Sending…" } else { "Send signed event" }}
            </button>
            <div data-testid="send-result" aria-live="polite">
                {move || outcome.get().map(|o| view! { <SendOutcomeView outcome=o testid="send"/> })}
            </div>
        </div>
    }
}
