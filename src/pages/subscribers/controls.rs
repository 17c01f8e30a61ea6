//! Search, filters and export, all kept in the URL so a link reproduces the view.

use leptos::prelude::*;
use testkit_core::subscribers::{to_csv, Flag, Normalised, Store, SubscriberQuery, SubscriberRow};
use testkit_core::time::DateTime;

use crate::browser::clock::now_secs;
use crate::browser::download::save_text;
use crate::components::{options_of, Field, Select};

#[component]
pub fn Controls(
    query: RwSignal<SubscriberQuery>,
    tiers: Memo<Vec<String>>,
    rows: Signal<std::sync::Arc<Vec<SubscriberRow>>>,
    shown: Memo<Vec<u32>>,
) -> impl IntoView {
    let exported = RwSignal::new(None::<String>);
    let export = move |_| {
        let csv = rows.with(|r| shown.with(|s| to_csv(r, s)));
        let count = shown.with(Vec::len);
        let name = format!(
            "subscribers-{}.csv",
            DateTime::from_unix(now_secs()).compact_date()
        );
        exported.set(Some(if save_text(&name, "text/csv;charset=utf-8", &csv) {
            format!("Exported {count} rows to {name}.")
        } else {
            "The browser refused the download.".into()
        }));
    };
    let text_of = |f: fn(&SubscriberQuery) -> String| Signal::derive(move || query.with(f));
    view! {
        <div class="btk-subs-controls">
            <Field label="Search" testid="subs-search">
                <input type="search" data-testid="subs-search" autocomplete="off" spellcheck="false"
                    placeholder="email, user id, cus_, sub_, original transaction id"
                    prop:value=move || query.with(|q| q.text.clone())
                    on:input:target=move |ev| query.update(|q| q.text = ev.target().value())/>
            </Field>
            <Select label="Store" testid="subs-filter-store" any="All"
                options=options_of(&Store::ALL, Store::as_str, Store::label)
                value=text_of(|q| q.store.map(|s| s.as_str().to_string()).unwrap_or_default())
                on_change=Callback::new(move |v: String| query.update(|q| q.store = v.parse::<Store>().ok()))/>
            <Select label="Status" testid="subs-filter-status" any="All"
                options=options_of(&Normalised::ALL, Normalised::as_str, Normalised::label)
                value=text_of(|q| q.status.map(|s| s.as_str().to_string()).unwrap_or_default())
                on_change=Callback::new(move |v: String| query.update(|q| q.status = v.parse::<Normalised>().ok()))/>
            <Select label="Tier" testid="subs-filter-tier" any="All"
                options=Signal::derive(move || tiers.get().into_iter().map(|t| (t.clone(), t)).collect())
                value=text_of(|q| q.tier.clone().unwrap_or_default())
                on_change=Callback::new(move |v: String| query.update(|q| q.tier = Some(v).filter(|t| !t.is_empty())))/>
            <Select label="Flag" testid="subs-filter-flag" any="All"
                options=options_of(&Flag::ALL, Flag::as_str, Flag::label)
                value=text_of(|q| q.flag.map(|f| f.as_str().to_string()).unwrap_or_default())
                on_change=Callback::new(move |v: String| query.update(|q| q.flag = v.parse::<Flag>().ok()))/>
            <div class="btk-button-row">
                <button type="button" class="btk-secondary" data-testid="subs-clear"
                    on:click=move |_| query.set(SubscriberQuery::default())>"Clear filters"</button>
                <button type="button" data-testid="subs-export" on:click=export>"Export CSV"</button>
            </div>
        </div>
        {move || exported.get().map(|m| view! { <p class="btk-muted" role="status" data-testid="subs-export-result">{m}</p> })}
    }
}
