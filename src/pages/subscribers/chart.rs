//! The summary as charts: subscriptions by normalised status and by tier, each bar
//! stacked by store, drawn as SVG from the core's geometry; the same numbers beside it
//! as a table, for screen readers and for copying.

use leptos::prelude::*;
use testkit_core::subscribers::{stacked_bars, Frame, Store, StoreCounts};

/// One chart with its table. `name` ("status", "tier") names the test ids.
#[component]
pub fn StoreChart(
    caption: &'static str,
    name: &'static str,
    rows: Vec<(String, StoreCounts)>,
) -> impl IntoView {
    let frame = Frame::default();
    let chart = stacked_bars(rows, frame);
    let (width, height) = (chart.width, chart.height.max(frame.bar_height));
    let text_y = frame.bar_height * 0.72;
    let bars = chart.bars.clone();
    view! {
        <figure class="btk-chart" data-testid=format!("subs-chart-{name}")>
            <figcaption>{caption}</figcaption>
            <svg viewBox=format!("0 0 {width} {height}") width=width height=height role="img"
                aria-label=format!("{caption}: bar chart, the same numbers are in the table beside it")>
                {bars.into_iter().map(|bar| view! {
                    <g transform=format!("translate(0 {})", bar.y)>
                        <text x=frame.label_width - 6.0 y=text_y text-anchor="end" class="btk-chart-label">{bar.label}</text>
                        {bar.segments.into_iter().filter(|s| s.count > 0).map(|s| view! {
                            <rect x=s.x y=0 width=s.width height=frame.bar_height
                                class=format!("btk-chart-{}", s.store.as_str())/>
                        }).collect_view()}
                        <text x=bar.segments[1].x + bar.segments[1].width + 4.0 y=text_y class="btk-chart-total">
                            {bar.total}
                        </text>
                    </g>
                }).collect_view()}
            </svg>
            <table class="btk-chart-table" data-testid=format!("subs-table-{name}")>
                <thead>
                    <tr><th scope="col">{name}</th>
                        {Store::ALL.into_iter().map(|s| view! { <th scope="col"><span class=format!("btk-swatch btk-chart-{}", s.as_str())></span>{s.label()}</th> }).collect_view()}
                        <th scope="col">"Total"</th></tr>
                </thead>
                <tbody>
                    {chart.bars.into_iter().map(|bar| view! {
                        <tr data-category=bar.label.clone()>
                            <th scope="row">{bar.label.clone()}</th>
                            {bar.segments.into_iter().map(|s| view! { <td>{s.count}</td> }).collect_view()}
                            <td>{bar.total}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </figure>
    }
}
