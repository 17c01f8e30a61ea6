//! App Store notifications: inspect (decode and verify Apple's signed notifications, the
//! nested transaction and renewal info each on its own), and craft test ones signed with
//! the sandbox's test chain, then send them to Raptor's endpoint. The verifier and the
//! craft form are parts ([`InspectionPart`], shown once the input holds a JWS;
//! [`CraftPart`], when someone opens the form).

mod craft;
mod from_sandbox;
mod inspect;
mod inspect_context;
mod inspection;
mod settings;
mod signer;
mod test_root;
mod verdict;
mod verify;

use leptos::prelude::*;

use crate::components::{Events, Part, PartInfo};
use inspect::InspectPanel;
pub use inspection::InspectionPart;
use settings::{Settings, SettingsPanel};
use signer::load_signer;
// The /clocks replay signs scenario H's notifications as the craft part does.
pub(crate) use signer::{leaf_key, sign_es256};
use test_root::load_test_root;

/// This surface's URL query keys (listed in the surfaces table): none, since what is
/// pasted or crafted may be long and is never put in a URL.
pub mod keys {
    use crate::browser::url_query::QueryKey;

    /// Every key, for the surfaces table.
    pub const ALL: &[QueryKey] = &[];
}

#[component]
pub fn AppStorePage() -> impl IntoView {
    let test_root = load_test_root();
    let settings = Settings::new();
    let errors = Signal::derive(move || settings.config(test_root).err().unwrap_or_default());
    view! {
        <section class="btk-page btk-appstore">
            <h1>"App Store notifications"</h1>
            <p class="btk-lead">
                "Raptor's endpoint receives Apple's App Store Server Notifications (V2) as signed JWS. \
                 Read and verify them here exactly as Apple's library does, or craft the notifications \
                 of a subscription's life and send them to the sandbox."
            </p>
            <SettingsPanel settings=settings test_root=test_root errors=errors/>
            <InspectPanel settings=settings test_root=test_root/>
            <craft::CraftSection/>
        </section>
    }
}

/// The craft form: it fetches the sandbox's test signer itself, so reading notifications
/// never holds the test key.
pub struct CraftPart;

impl Part for CraftPart {
    const INFO: PartInfo = PartInfo {
        name: "appstore-craft",
        loading: "Loading the craft form…",
        separate: true,
    };
    type Input = ();
    type Event = ();

    fn view(_: Signal<()>, _: Events<()>) -> AnyView {
        view! { <craft::CraftPanel signer=load_signer()/> }.into_any()
    }
}
