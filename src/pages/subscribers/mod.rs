//! The combined subscriber view: Stripe subscribers (Queue) and iOS subscribers
//! (Raptor's mirror) in one list, because a Stripe-only view undercounts.

mod chart;
mod controls;
mod row;
mod sources;
mod state;
mod summary;
mod table;

use leptos::prelude::*;
use leptos::task::spawn_local;
use testkit_core::subscribers::{
    sort_rows, summarise, Flag, Normalised, SearchCache, Sort, SortKey, Store, SubscriberQuery,
};

use crate::api::sandbox::default_token;
use crate::browser::url_query;
use controls::Controls;
use sources::SourcesPanel;
use state::SubscribersState;
use summary::SummaryPanel;
use table::SubscriberTable;

/// This surface's URL query keys (listed in the surfaces table).
pub mod keys {
    use crate::browser::url_query::QueryKey;

    /// The search text (distinct from the card catalog's `q`: both can sit on one docs page).
    pub const SEARCH: QueryKey = QueryKey("search");
    /// Store filter.
    pub const STORE: QueryKey = QueryKey("store");
    /// Normalised status filter.
    pub const STATUS: QueryKey = QueryKey("status");
    /// Tier filter.
    pub const TIER: QueryKey = QueryKey("tier");
    /// Flag filter.
    pub const FLAG: QueryKey = QueryKey("flag");
    /// Sort column.
    pub const SORT: QueryKey = QueryKey("sort");
    /// Sort direction.
    pub const DIR: QueryKey = QueryKey("dir");
    /// Every key, for the surfaces table.
    pub const ALL: &[QueryKey] = &[SEARCH, STORE, STATUS, TIER, FLAG, SORT, DIR];
}

const URL_DELAY: std::time::Duration = std::time::Duration::from_millis(250);

fn query_from_url() -> SubscriberQuery {
    SubscriberQuery {
        text: url_query::get(keys::SEARCH).unwrap_or_default(),
        store: url_query::get(keys::STORE).and_then(|s| s.parse::<Store>().ok()),
        status: url_query::get(keys::STATUS).and_then(|s| s.parse::<Normalised>().ok()),
        tier: url_query::get(keys::TIER).filter(|t| !t.is_empty()),
        flag: url_query::get(keys::FLAG).and_then(|s| s.parse::<Flag>().ok()),
    }
}

fn sort_from_url() -> Sort {
    Sort {
        key: url_query::get(keys::SORT)
            .and_then(|s| s.parse::<SortKey>().ok())
            .unwrap_or(SortKey::Person),
        descending: url_query::get(keys::DIR).as_deref() == Some("desc"),
    }
}

fn write_url(q: &SubscriberQuery, sort: Sort) {
    url_query::set(&[
        (keys::SEARCH, Some(q.text.clone())),
        (keys::STORE, q.store.map(|s| s.as_str().into())),
        (keys::STATUS, q.status.map(|s| s.as_str().into())),
        (keys::TIER, q.tier.clone()),
        (keys::FLAG, q.flag.map(|f| f.as_str().into())),
        (
            keys::SORT,
            (sort.key != SortKey::Person).then(|| sort.key.as_str().into()),
        ),
        (keys::DIR, sort.descending.then(|| "desc".into())),
    ]);
}

#[component]
pub fn SubscribersPage() -> impl IntoView {
    let state = SubscribersState::new();
    let query = RwSignal::new(query_from_url());
    let sort = RwSignal::new(sort_from_url());
    // The URL follows the filters a moment after typing stops: writing history on every
    // keystroke costs time and Chrome throttles pages that flood it.
    let pending_url = StoredValue::new_local(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let (q, s) = (query.get(), sort.get());
        pending_url.update_value(|pending| {
            if let Some(handle) = pending.take() {
                handle.clear();
            }
            *pending = set_timeout_with_handle(move || write_url(&q, s), URL_DELAY).ok();
        });
    });

    let order = Memo::new(move |_| state.rows.with(|r| sort_rows(r, sort.get())));
    let cache = StoredValue::new(SearchCache::default());
    let shown = Memo::new(move |_| {
        let key = (state.version.get(), sort.get());
        state.rows.with(|r| {
            order.with(|o| {
                query.with(|q| {
                    cache
                        .try_update_value(|c| c.filter(key, r, o, q))
                        .unwrap_or_default()
                })
            })
        })
    });
    // Every row, in memory order: the totals do not depend on the sort (a new sort
    // recounted 100,000 rows) and reading rows in order is faster than in display order.
    let summary = Memo::new(move |_| {
        state
            .rows
            .with(|r| summarise(r, &(0..r.len() as u32).collect::<Vec<_>>()))
    });
    let tiers = Memo::new(move |_| summary.with(|s| s.by_tier.keys().cloned().collect::<Vec<_>>()));

    on_cleanup(move || {
        state.dispose();
        pending_url.try_update_value(|pending| pending.take().map(|handle| handle.clear()));
    });

    // Served by the sandbox with its default token: fill it in and load straight away.
    // The page may be left while a token is asked for: its signals are then gone. Both
    // sources are asked at once: one after the other delayed the load by a round trip.
    let fill = |base: RwSignal<String>, token: RwSignal<String>| async move {
        let empty = token.try_with_untracked(String::is_empty) == Some(true);
        if let Some(base) = base.try_get_untracked().filter(|_| empty) {
            if let Some(found) = default_token(&base).await {
                token.try_set(found);
            }
        }
    };
    spawn_local(async move {
        futures::future::join(
            fill(state.queue_base, state.queue_token),
            fill(state.raptor_base, state.raptor_token),
        )
        .await;
        if !state.is_disposed() {
            state.load_all();
        }
    });

    view! {
        <section class="btk-page btk-subscribers">
            <h1>"Subscribers: Stripe and App Store"</h1>
            <p class="btk-lead">
                "iOS subscribers do not appear in Stripe: this view reads Queue (Stripe) and Raptor's mirror \
                 (App Store) and counts each person once."
            </p>
            <SourcesPanel state=state/>
            <SummaryPanel summary=summary state=state/>
            <Controls query=query tiers=tiers rows=state.rows.into() shown=shown/>
            <p class="btk-count" data-testid="subs-shown" aria-live="polite">
                {move || format!("Showing {} of {} subscriptions", shown.with(Vec::len), state.rows.with(|r| r.len()))}
            </p>
            <SubscriberTable rows=state.rows positions=shown sort=sort/>
        </section>
    }
}
