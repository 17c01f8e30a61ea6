//! The list: one row per subscription, rendering only the rows in view (plus a margin),
//! so 100,000 rows cost the DOM a few dozen elements.

use std::sync::Arc;

use leptos::html::{Div, Thead};
use leptos::prelude::*;
use testkit_core::subscribers::{Sort, SortKey, SubscriberRow};

use super::row::{position_row, RowCells};
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
    let headings = NodeRef::<Thead>::new();
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
    // The part of the scroller rows show in: its height less the sticky headings' (one or
    // two lines, by the width), so only rows that can be seen are rendered.
    let measure = move || {
        if let (Some(el), Some(head)) = (scroller.get_untracked(), headings.get_untracked()) {
            scroll_top.set(f64::from(el.scroll_top()));
            viewport.set(f64::from(el.client_height() - head.offset_height()));
        }
    };
    // Once shown (the default above fits the tallest scroller), then on every scroll.
    Effect::new(move |_| measure());
    let on_scroll = move |_| measure();
    // The rows in view, keyed by their position in the list: scrolling adds and removes
    // positions at the window's ends, and a keystroke that changes which rows are at the
    // positions shown updates those positions' cells in place instead of building new rows
    // (creating and styling about 500 elements was the largest part of such a keystroke).
    let window_positions = move || {
        let (first, last, _) = range.get();
        (first..last).collect::<Vec<_>>()
    };
    let position_view = move |at: usize| {
        // Reads the rows tracked: a reload, or the mirror marking the chain, redraws the
        // same positions.
        position_row(Memo::new(move |_| {
            let index = positions.with(|p| p.get(at).copied());
            rows.with(|r| {
                index
                    .and_then(|i| r.get(i as usize))
                    .map(|row| RowCells::of(row, now_secs()))
                    .unwrap_or_default()
            })
        }))
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
                <thead node_ref=headings>
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
