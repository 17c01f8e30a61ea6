//! Search, filters and export, all kept in the URL so a link reproduces the view.

use leptos::prelude::*;
use testkit_core::subscribers::{to_csv, Flag, Normalised, Store, SubscriberQuery, SubscriberRow};
use testkit_core::time::DateTime;

use crate::browser::clock::now_secs;
use crate::browser::download::save_text;

/// A labelled select whose options are (value, label); "" means "all".
#[component]
fn Choice(
    label: &'static str,
    testid: &'static str,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(into)] value: Signal<String>,
    on_change: Callback<String>,
) -> impl IntoView {
    view! {
        <label class="btk-field">
            <span class="btk-field-label">{label}</span>
            <select data-testid=testid on:change:target=move |ev| on_change.run(ev.target().value())>
                <option value="" selected=move || value.with(String::is_empty)>"All"</option>
                {move || options.get().into_iter().map(|(v, l)| {
                    let selected = value.with(|cur| *cur == v);
                    view! { <option value=v selected=selected>{l}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}

fn pairs<T: Copy>(
    items: &[T],
    slug: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(String, String)> {
    items
        .iter()
        .map(|&i| (slug(i).to_string(), label(i).to_string()))
        .collect()
}

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
            <label class="btk-field">
                <span class="btk-field-label">"Search"</span>
                <input type="search" data-testid="subs-search" autocomplete="off" spellcheck="false"
                    placeholder="email, user id, cus_, sub_, original transaction id"
                    prop:value=move || query.with(|q| q.text.clone())
                    on:input:target=move |ev| query.update(|q| q.text = ev.target().value())/>
            </label>
            <Choice label="Store" testid="subs-filter-store"
                options=pairs(&Store::ALL, Store::as_str, Store::label)
                value=text_of(|q| q.store.map(|s| s.as_str().to_string()).unwrap_or_default())
                on_change=Callback::new(move |v: String| query.update(|q| q.store = v.parse::<Store>().ok()))/>
            <Choice label="Status" testid="subs-filter-status"
                options=pairs(&Normalised::ALL, Normalised::as_str, Normalised::label)
                value=text_of(|q| q.status.map(|s| s.as_str().to_string()).unwrap_or_default())
                on_change=Callback::new(move |v: String| query.update(|q| q.status = v.parse::<Normalised>().ok()))/>
            <Choice label="Tier" testid="subs-filter-tier"
                options=Signal::derive(move || tiers.get().into_iter().map(|t| (t.clone(), t)).collect())
                value=text_of(|q| q.tier.clone().unwrap_or_default())
                on_change=Callback::new(move |v: String| query.update(|q| q.tier = Some(v).filter(|t| !t.is_empty())))/>
            <Choice label="Flag" testid="subs-filter-flag"
                options=pairs(&Flag::ALL, Flag::as_str, Flag::label)
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
