//! The checklist run's readiness (READY / NOT READY / STOP), shown wherever a test starts.

use leptos::prelude::*;

use testkit_core::checklist::Readiness;

use crate::browser::storage;

/// The banner: on the checklist page, and on the signer and clock pages.
#[component]
pub fn ReadinessBanner(
    /// How the page reads the stored run's readiness: `checklist_run::stored_readiness`
    /// on the signer and clock pages (through `Value`, which they parse JSON into anyway:
    /// 6.4 and 3.8 KB gzip less), `checklist_run::loaded_readiness` on the checklist page
    /// (serde's readers, which it loads the run with). Each bundle carries the one it is
    /// given.
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
