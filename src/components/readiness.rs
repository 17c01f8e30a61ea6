//! The checklist run's readiness (READY / NOT READY / STOP), shown wherever a test starts.

use leptos::prelude::*;

use crate::browser::storage;
use crate::state::checklist_run::stored_readiness;

/// The banner: on the checklist page, and on the signer and clock pages.
#[component]
pub fn ReadinessBanner(#[prop(optional)] link: bool) -> impl IntoView {
    let state = RwSignal::new(stored_readiness());
    storage::on_change(move || {
        state.try_set(stored_readiness());
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
