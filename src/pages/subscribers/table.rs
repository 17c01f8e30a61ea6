//! The list: one row per subscription, rendering only the rows in view (plus a margin),
//! so 100,000 rows cost the DOM a few dozen elements.

use std::sync::Arc;

use leptos::html::Div;
use leptos::prelude::*;
use testkit_core::subscribers::{ago, Drift, Sort, SortKey, SubscriberRow};

use crate::browser::clock::now_secs;

/// Fixed row height (px): the window of rows shown is computed from the scroll offset.
pub const ROW_HEIGHT: f64 = 52.0;
/// Rows rendered above and below the viewport. Few: each row rendered costs its share of
/// every keystroke's layout and paint (about 0.7 ms on a slow machine), and the scroll
/// handler renders the rows coming into view before the frame that shows them.
const OVERSCAN: usize = 2;

/// The visible slice `[first, last)` of `total` rows for a scroll offset and a viewport.
pub fn window(scroll_top: f64, viewport: f64, total: usize) -> (usize, usize) {
    let top = (scroll_top.max(0.0) / ROW_HEIGHT) as usize;
    let shown = (viewport.max(ROW_HEIGHT) / ROW_HEIGHT).ceil() as usize;
    // The margin above is only there when there are rows above: at the top of the list
    // (where typing a search puts it) it is not made up below.
    (
        top.saturating_sub(OVERSCAN).min(total),
        (top + shown + OVERSCAN).min(total),
    )
}

fn date(text: &Option<String>) -> String {
    text.as_deref()
        .map(|t| t.get(..10).unwrap_or(t).to_string())
        .unwrap_or_else(|| "—".into())
}

/// The paywall column: the person's access as the mirror gives it (flagged when it is out
/// of step with payment), and for Stripe rows the mirror's copy and when it last synced.
fn chain_cell(row: &SubscriberRow, now: i64) -> impl IntoView {
    let c = &row.chain;
    let (access, class) = match c.access {
        Some(true) if !c.paid => ("access, not paid", "btk-flag-bad"),
        Some(true) => ("access", ""),
        Some(false) if c.paid => ("no access, paid", "btk-flag-bad"),
        Some(false) => ("no access", ""),
        None => ("—", ""),
    };
    let drift = match c.drift {
        Drift::Unchecked => String::new(),
        drift => match c.mirror_synced_at.as_deref().and_then(|t| ago(t, now)) {
            Some(age) => format!("{} · synced {age}", drift.label()),
            None => drift.label(),
        },
    };
    let drift_class = if c.drift.is_drift() {
        "btk-flag-bad"
    } else {
        ""
    };
    view! {
        <td data-testid="subs-chain" data-access=match c.access { Some(true) => "granted", Some(false) => "denied", None => "unknown" }>
            <span class=class>{access}</span>
            <small class=drift_class data-testid="subs-drift">{drift}</small>
        </td>
    }
}

/// One row. Kept flat (few elements per cell): every keystroke may change every visible
/// row. Always the same shape, so a position showing another row updates its texts and
/// attributes in place.
fn row_view(row: &SubscriberRow, now: i64) -> impl IntoView {
    let renews = match row.renews {
        Some(true) => "renews",
        Some(false) => "ends",
        None => "",
    };
    let (id_main, id_sub) = match (
        &row.customer_ref,
        &row.subscription_ref,
        &row.transaction_ref,
    ) {
        (_, _, Some(t)) => (t.clone(), "original transaction".to_string()),
        (c, s, None) => (
            c.clone().unwrap_or_else(|| "—".into()),
            s.clone().unwrap_or_default(),
        ),
    };
    let flag = if row.double_billing {
        Some(("btk-flag-bad", "double billing"))
    } else if row.both_stores {
        Some(("btk-flag-warn", "both stores"))
    } else {
        None
    };
    let person_sub = match (&row.name, row.is_test) {
        (Some(name), true) => format!("{name} · test"),
        (Some(name), false) => name.clone(),
        (None, true) => "test".into(),
        (None, false) => String::new(),
    };
    view! {
        <tr data-testid="subs-row" data-store=row.store.as_str() data-id=row.id.clone()>
            <td>
                {row.display_person().to_string()}
                <small>{flag.map(|(class, label)| view! { <b class=class>{label}</b> " " })}{person_sub}</small>
            </td>
            <td class=format!("btk-store-{}", row.store.as_str())>{row.store.label()}</td>
            <td>{row.plan_tier.clone()}</td>
            <td class="btk-mono">{row.store_status.clone()}</td>
            <td class=format!("btk-status-{}", row.status.as_str())>{row.status.label()}</td>
            <td>{date(&row.period_end)}<small>{renews}</small></td>
            <td class="btk-mono">{id_main}<small>{id_sub}</small></td>
            <td>{row.environment.clone()}</td>
            <td>{date(&Some(row.updated_at.clone()))}</td>
            {chain_cell(row, now)}
        </tr>
    }
}

#[component]
fn Header(key: SortKey, sort: RwSignal<Sort>) -> impl IntoView {
    let state = move || sort.with(|s| (s.key == key).then_some(s.descending));
    view! {
        <th scope="col" aria-sort=move || match state() {
            Some(true) => "descending",
            Some(false) => "ascending",
            None => "none",
        }>
            <button type="button" class="btk-sort" data-testid=format!("subs-sort-{}", key.as_str())
                on:click=move |_| sort.update(|s| {
                    if s.key == key { s.descending = !s.descending } else { *s = Sort { key, descending: false } }
                })>
                {key.label()}
                <span aria-hidden="true">{move || match state() { Some(true) => " ▼", Some(false) => " ▲", None => "" }}</span>
            </button>
        </th>
    }
}

#[component]
pub fn SubscriberTable(
    rows: RwSignal<Arc<Vec<SubscriberRow>>>,
    positions: Memo<Vec<u32>>,
    sort: RwSignal<Sort>,
) -> impl IntoView {
    let scroller = NodeRef::<Div>::new();
    let scroll_top = RwSignal::new(0.0f64);
    let viewport = RwSignal::new(640.0f64);
    let range = Memo::new(move |_| {
        let total = positions.with(Vec::len);
        let (first, last) = window(scroll_top.get(), viewport.get(), total);
        (first, last, total)
    });
    // New results start at the top of the list (touching scrollTop forces a layout, so
    // only when the list is scrolled).
    Effect::new(move |_| {
        positions.track();
        if scroll_top.get_untracked() > 0.0 {
            if let Some(el) = scroller.get_untracked() {
                el.set_scroll_top(0);
            }
            scroll_top.set(0.0);
        }
    });
    let on_scroll = move |_| {
        if let Some(el) = scroller.get_untracked() {
            scroll_top.set(f64::from(el.scroll_top()));
            viewport.set(f64::from(el.client_height()));
        }
    };
    // The rows in view, keyed by their position in the list: scrolling adds and removes
    // positions at the window's ends, and a keystroke that changes which rows are at the
    // positions shown updates those positions' texts and attributes in place instead of
    // building new rows (creating and styling about 500 elements was the largest part of
    // such a keystroke).
    let window_positions = move || {
        let (first, last, _) = range.get();
        (first..last).collect::<Vec<_>>()
    };
    let position_view = move |at: usize| {
        move || {
            // Reads the rows tracked: a reload, or the mirror marking the chain, redraws
            // the same positions.
            let index = positions.with(|p| p.get(at).copied())?;
            rows.with(|r| r.get(index as usize).map(|row| row_view(row, now_secs())))
        }
    };
    // Whole pixels: formatting an f64 would pull float printing into the bundle.
    let spacer = |rows: usize| {
        format!(
            "height:{}px;padding:0;border:0",
            rows as u64 * ROW_HEIGHT as u64
        )
    };
    view! {
        <div class="btk-subs-scroll" node_ref=scroller tabindex="0" role="region"
            aria-label="Subscriptions, scrollable" on:scroll=on_scroll>
            <table class="btk-subs-table" aria-rowcount=move || range.get().2 + 1>
                <thead>
                    <tr>
                        {SortKey::ALL.into_iter().map(|key| view! { <Header key=key sort=sort/> }).collect_view()}
                        <th scope="col" class="btk-col-plain">"Paywall (mirror)"</th>
                    </tr>
                </thead>
                <tbody>
                    <tr aria-hidden="true"><td colspan="10" style=move || spacer(range.get().0)></td></tr>
                    <For each=window_positions key=|at| *at children=position_view/>
                    <tr aria-hidden="true">
                        <td colspan="10" style=move || {
                            let (_, last, total) = range.get();
                            spacer(total - last)
                        }></td>
                    </tr>
                </tbody>
            </table>
        </div>
    }
}
