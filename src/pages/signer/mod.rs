//! The signature workbench: craft a Stripe webhook event, sign it in the browser, send
//! it, and verify headers with a precise reason when they do not verify. The verifier is
//! a part split off into a chunk, downloaded when someone opens it; the sender
//! (`signer-send`) and the exact-bytes inputs (`signer-bytes`) are parts linked in.

mod body_input;
mod causes;
mod craft;
mod exact_bytes;
mod send;
mod sign;
mod state;
mod verify;

use leptos::prelude::*;
use testkit_core::events::EventType;

use crate::browser::url_query;
use crate::components::ReadinessBanner;
use crate::state::checklist_run::stored_readiness;
use craft::CraftPanel;
use send::SendPanel;
use sign::SignPanel;
use state::SignerState;
use verify::VerifySection;

pub use exact_bytes::ExactBytesPart;
pub use send::SendPart;
pub use verify::VerifyPart;

/// This surface's URL query keys (listed in the surfaces table).
pub mod keys {
    use crate::browser::url_query::QueryKey;

    /// The event template.
    pub const EVENT: QueryKey = QueryKey("event");
    /// Every key, for the surfaces table.
    pub const ALL: &[QueryKey] = &[EVENT];
}

#[component]
pub fn SignerPage() -> impl IntoView {
    let event_type = url_query::get(keys::EVENT)
        .and_then(|name| name.parse::<EventType>().ok())
        .unwrap_or(EventType::CustomerCreated);
    let state = SignerState::new(event_type);
    let timestamp = state.timestamp();
    let signed = state.signed(timestamp);
    let curl = state.curl(signed);

    view! {
        <section class="btk-page btk-signer">
            <h1>"Webhook signature workbench"</h1>
            <ReadinessBanner read=stored_readiness link=true/>
            <p class="btk-lead">
                "Build a test-mode Stripe event, compute its Stripe-Signature in the browser (HMAC-SHA256 over \
                 t.body with the endpoint secret), send it, or find out why a header does not verify."
            </p>
            <div class="btk-columns">
                <div>
                    <CraftPanel state=state/>
                </div>
                <div>
                    <SignPanel state=state timestamp=timestamp signed=signed curl=curl/>
                    <SendPanel state=state signed=signed/>
                </div>
            </div>
            <VerifySection state=state signed=signed/>
        </section>
    }
}
