//! Sending: POST the body's exact bytes with the header, and show what came back. The
//! sender is a part ([`SendPart`]), mounted at the first send: the page gives it what to
//! send as it stands.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::state::{Signed, SignerState};
use crate::api::webhook::{post_webhook, SendOutcome};
use crate::browser::origin::is_same_origin;
use crate::components::{show_part, Events, Part, PartInfo, SendOutcomeView, TextField};

/// What to send.
#[derive(Clone, Debug, PartialEq)]
pub struct Delivery {
    url: String,
    header: String,
    body: String,
}

/// What to send now, or why nothing can be sent.
fn delivery(state: SignerState, signed: Memo<Result<Signed, String>>) -> Result<Delivery, String> {
    let header = signed.try_get().ok_or("The page is gone.")??.header;
    // A browser sends text as UTF-8: bytes that are not UTF-8 go through curl only.
    let body = match state.body.get().map(String::from_utf8) {
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
        url: state.send_url.get(),
        header,
        body,
    })
}

#[component]
pub fn SendPanel(state: SignerState, signed: Memo<Result<Signed, String>>) -> impl IntoView {
    let delivery = Signal::derive(move || delivery(state, signed));
    // The sender is mounted by the first send, and sends as soon as it is.
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
                show_part::<SendPart>(delivery, |()| {})
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

/// The sender: sends once when mounted (the page's button was the first send), then on
/// each press of its own button, what the page gives it at that moment.
pub struct SendPart;

impl Part for SendPart {
    const INFO: PartInfo = PartInfo {
        name: "signer-send",
        loading: "Sending…",
        separate: false,
    };
    type Input = Result<Delivery, String>;
    type Event = ();

    fn view(delivery: Signal<Self::Input>, _: Events<()>) -> AnyView {
        view! { <Sender delivery=delivery/> }.into_any()
    }
}

#[component]
fn Sender(delivery: Signal<Result<Delivery, String>>) -> impl IntoView {
    let outcome = RwSignal::new(None::<SendOutcome>);
    let sending = RwSignal::new(false);
    let send = move || {
        let Delivery { url, header, body } = match delivery.get_untracked() {
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
