//! The verifier part of the App Store page ([`InspectionPart`]): shown once the input
//! holds a JWS, it verifies it (and its nested JWS) and shows the verdicts, again after
//! every change of the text or the settings.

use leptos::prelude::*;
use leptos::task::spawn_local;
use testkit_core::appstore::{read_pasted, Kind};

use super::inspect_context::ToVerify;
use super::verdict::VerdictView;
use super::verify::{inspect, Inspection};
use crate::browser::clock::{format_ms, now_secs};
use crate::components::{Events, Part, PartInfo};

pub struct InspectionPart;

impl Part for InspectionPart {
    const INFO: PartInfo = PartInfo {
        name: "appstore-inspect",
        loading: "Loading the verifier…",
        separate: false,
    };
    type Input = Option<ToVerify>;
    type Event = ();

    fn view(given: Signal<Option<ToVerify>>, _: Events<()>) -> AnyView {
        view! { <Verifier given=given/> }.into_any()
    }
}

#[component]
fn Verifier(given: Signal<Option<ToVerify>>) -> impl IntoView {
    // Each change starts a verification; only the latest one's verdict is shown (a plain
    // effect and task: a resource's async machinery costs more than this view).
    let result = RwSignal::new(None::<Result<Inspection, String>>);
    let latest = StoredValue::new(0u32);
    Effect::new(move |_| {
        let given = given.get();
        latest.update_value(|n| *n += 1);
        let ticket = latest.get_value();
        // The page shows why a text is not a JWS, next to the input.
        let Some((Ok(pasted), Some(config))) = given.map(|g| (read_pasted(&g.text), g.config()))
        else {
            result.set(None);
            return;
        };
        spawn_local(async move {
            let found = inspect(pasted, config.with_now(now_secs())).await;
            // The part may be gone, or a newer verification started, by now.
            if latest.try_get_value() == Some(ticket) {
                result.try_set(Some(found));
            }
        });
    });
    view! {
        {move || match result.get() {
            None => None,
            Some(Err(why)) => Some(view! {
                <p class="btk-field-error" role="alert" data-testid="asn-verdict" data-status="ERROR">{why}</p>
            }.into_any()),
            Some(Ok(found)) => Some(view! { <InspectionView found=found/> }.into_any()),
        }}
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
        Kind::Notification => "The notification",
        Kind::Transaction => "The transaction",
        Kind::RenewalInfo => "The renewal info",
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
