//! The checklist run's readiness (READY / NOT READY / STOP), shown wherever a test starts.

use leptos::prelude::*;

use testkit_core::checklist::Readiness;

use crate::browser::storage;

/// The banner: on the checklist page, and on the signer and clock pages.
#[component]
pub fn ReadinessBanner(
    /// How the page reads the stored run's readiness: `checklist_run::stored_readiness`
    /// on the signer page (through `Value`, which that page parses JSON into anyway: 6.4
    /// KB gzip less), else `checklist_run::loaded_readiness` (serde's readers, which the
    /// checklist page loads the run with; on the clock page the `Value` reader saves
    /// only 1 KB). Each bundle carries the one it is given.
    read: fn() -> Readiness,
    #[prop(optional)] link: bool,
) -> impl IntoView {
    let state = RwSignal::new(read());
    storage::on_change(move || {
        state.try_set(read());
    });
    view! {
        {move || {
            let r = state.get();
            let class = format!("btk-readiness btk-readiness-{}", r.slug());
            view! {
                <div class=class data-testid="checklist-status" data-ready=r.slug() role="status">
                    <strong>{format!("Checklist: {}", r.label())}</strong>
                    " "
                    {r.detail()}
                    {link.then(|| view! {
                        " "
                        <a href=format!("{}/checklist", crate::browser::origin::service_origin())>"Open the checklists"</a>
                    })}
                </div>
            }
        }}
    }
}
