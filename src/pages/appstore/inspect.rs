//! Inspect: paste a request body `{"signedPayload": ...}`, a bare notification JWS, or a
//! transaction or renewal-info JWS; read it decoded and verified (the nested JWS each with
//! their own verdict), with the reason when it does not verify.

use leptos::prelude::*;
use leptos::task::spawn_local;
use testkit_core::appstore::read_pasted;

use super::inspect_context::ToVerify;
use super::inspection::InspectionPart;
use super::settings::Settings;
use super::test_root::TestRoot;
use crate::api::apple::real_sample;
use crate::browser::origin::service_origin;
use crate::components::{show_part, FieldMessage, TextArea};

/// The bundle id of the real Apple-signed sample.
const SAMPLE_BUNDLE: &str = "com.loki-project.loki-messenger";

/// What follows the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Next {
    /// Nothing to verify (or the input says why it is not a JWS).
    Nothing,
    /// A JWS, but the settings above refuse.
    FixSettings,
    /// A JWS to verify: the verifier part is shown.
    Verify,
}

#[component]
pub fn InspectPanel(settings: Settings, test_root: TestRoot) -> impl IntoView {
    let input = RwSignal::new(String::new());
    let pasted = Memo::new(move |_| input.with(|t| (!t.trim().is_empty()).then(|| read_pasted(t))));
    let input_error = Signal::derive(move || pasted.get().and_then(Result::err));
    let config = Memo::new(move |_| settings.config(test_root));
    let next = Memo::new(move |_| match (pasted.get(), config.with(Result::is_ok)) {
        (Some(Ok(_)), true) => Next::Verify,
        (Some(Ok(_)), false) => Next::FixSettings,
        _ => Next::Nothing,
    });
    // The verifier is a part (it is most of this page's code, and needed only once there
    // is something to verify), given the text and settings as they change.
    let to_verify = Signal::derive(move || {
        config.with(|c| c.as_ref().ok().map(|c| ToVerify::new(input.get(), c)))
    });
    // The sample is served by the site, fetched when asked for (not carried in the bundle).
    let sample_error = RwSignal::new(None::<String>);
    let load_sample = move |_| {
        sample_error.set(None);
        spawn_local(async move {
            match real_sample(&service_origin()).await {
                // The page may be gone by the time the sample arrives.
                Ok(jws) => {
                    settings.bundle_id.try_set(SAMPLE_BUNDLE.into());
                    settings.environment.try_set("Sandbox".into());
                    settings.trust_g3.try_set(true);
                    input.try_set(format!("{{\"signedPayload\": \"{}\"}}", jws.trim()));
                }
                Err(why) => {
                    sample_error.try_set(Some(why));
                }
            }
        });
    };
    view! {
        <section class="btk-panel" aria-labelledby="btk-asn-inspect">
            <h2 id="btk-asn-inspect">"Inspect a signed notification"</h2>
            <p class="btk-muted">
                "Paste what Raptor received (the request body), a notification's signedPayload, or a \
                 signedTransactionInfo / signedRenewalInfo. It is decoded and verified here, with the \
                 checks of Apple's SignedDataVerifier in its order; nothing leaves the page."
            </p>
            <div class="btk-button-row">
                <button type="button" class="btk-secondary" data-testid="asn-load-sample" on:click=load_sample>
                    "Load a real Apple-signed sample (a sandbox TEST notification)"
                </button>
            </div>
            {move || sample_error.get().map(|why| view! {
                <p class="btk-field-error" role="alert" data-testid="asn-load-sample-error">{why}</p>
            })}
            <TextArea label="Request body or JWS" testid="asn-input" value=input
                on_input=Callback::new(move |v| input.set(v)) rows=6
                message=FieldMessage { error: Some(input_error), hint: None }/>
            {move || match next.get() {
                Next::Nothing => None,
                Next::FixSettings => Some(view! {
                    <p class="btk-field-error" role="alert" data-testid="asn-verdict" data-status="ERROR">
                        "Fix the settings above first."
                    </p>
                }.into_any()),
                Next::Verify => Some(show_part::<InspectionPart>(to_verify, |()| {})),
            }}
        </section>
    }
}
