//! Inspect: paste a request body `{"signedPayload": ...}`, a bare notification JWS, or a
//! transaction or renewal-info JWS; read it decoded and verified (the nested JWS each with
//! their own verdict), with the reason when it does not verify.

use leptos::prelude::*;
use leptos::task::spawn_local;
use testkit_core::appstore::read_pasted;

use super::settings::Settings;
use super::test_root::TestRoot;
use super::verdict::VerdictView;
use super::verify::{inspect, Inspection};
use crate::api::apple::real_sample;
use crate::browser::clock::format_ms;
use crate::browser::origin::service_origin;
use crate::components::{FieldMessage, TextArea};

/// The bundle id of the real Apple-signed sample.
const SAMPLE_BUNDLE: &str = "com.loki-project.loki-messenger";

#[component]
pub fn InspectPanel(settings: Settings, test_root: TestRoot) -> impl IntoView {
    let input = RwSignal::new(String::new());
    let pasted = Memo::new(move |_| input.with(|t| (!t.trim().is_empty()).then(|| read_pasted(t))));
    let input_error = Signal::derive(move || pasted.get().and_then(Result::err));
    // Each change of the input or the settings starts a verification; only the latest
    // one's verdict is shown (a plain effect and task: a resource's async machinery cost
    // this bundle more than the rest of this panel).
    let result = RwSignal::new(None::<Result<Inspection, String>>);
    let latest = StoredValue::new(0u32);
    Effect::new(move |_| {
        let pasted = pasted.get();
        let config = settings.config(test_root);
        latest.update_value(|n| *n += 1);
        let ticket = latest.get_value();
        let Some(Ok(pasted)) = pasted else {
            result.set(None);
            return;
        };
        let Ok(config) = config else {
            result.set(Some(Err("Fix the settings above first.".to_string())));
            return;
        };
        spawn_local(async move {
            let found = inspect(pasted, config).await;
            // The page may be gone, or a newer verification started, by now.
            if latest.try_get_value() == Some(ticket) {
                result.try_set(Some(found));
            }
        });
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
            {move || match result.get() {
                None => None,
                Some(Err(why)) => Some(view! {
                    <p class="btk-field-error" role="alert" data-testid="asn-verdict" data-status="ERROR">{why}</p>
                }.into_any()),
                Some(Ok(found)) => Some(view! { <InspectionView found=found/> }.into_any()),
            }}
        </section>
    }
}

#[component]
fn InspectionView(found: Inspection) -> impl IntoView {
    let Inspection {
        pasted,
        verdict,
        transaction,
        renewal,
        millis,
    } = found;
    let title = match pasted.kind {
        testkit_core::appstore::Kind::Notification => "The notification",
        testkit_core::appstore::Kind::Transaction => "The transaction",
        testkit_core::appstore::Kind::RenewalInfo => "The renewal info",
    };
    view! {
        <p class="btk-muted" data-testid="asn-found">
            {format!("Read {} as {}; verified in {} ms with the browser's WebCrypto.",
                pasted.source, pasted.kind.library_method(), format_ms(millis, 1))}
        </p>
        <VerdictView title=title testid="asn-verdict" verdict=verdict/>
        {transaction.map(|v| view! { <VerdictView title="data.signedTransactionInfo (verified on its own)" testid="asn-verdict-transaction" verdict=v/> })}
        {renewal.map(|v| view! { <VerdictView title="data.signedRenewalInfo (verified on its own)" testid="asn-verdict-renewal" verdict=v/> })}
    }
}
