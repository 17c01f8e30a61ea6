//! The summary as charts: subscriptions by normalised status and by tier, each bar
//! stacked by store, drawn as SVG from the core's geometry; the same numbers beside it
//! as a table, for screen readers and for copying.

use leptos::prelude::*;
use testkit_core::decimal::fixed;
use testkit_core::subscribers::{stacked_bars, Frame, Store, StoreCounts};

/// An SVG coordinate or length, to a tenth of a pixel.
fn svg(value: f64) -> String {
    fixed(value, 1)
}

/// One chart with its table. `name` ("status", "tier") names the test ids.
#[component]
pub fn StoreChart(
    caption: &'static str,
    name: &'static str,
    rows: Vec<(String, StoreCounts)>,
) -> impl IntoView {
    let frame = Frame::default();
    let chart = stacked_bars(rows, frame);
    let (width, height) = (svg(chart.width), svg(chart.height.max(frame.bar_height)));
    let text_y = svg(frame.bar_height * 0.72);
    let bar_height = svg(frame.bar_height);
    let label_x = svg(frame.label_width - 6.0);
    let bars = chart.bars.clone();
    view! {
        <figure class="btk-chart" data-testid=format!("subs-chart-{name}")>
            <figcaption>{caption}</figcaption>
            <svg viewBox=format!("0 0 {width} {height}") width=width.clone() height=height.clone() role="img"
                aria-label=format!("{caption}: bar chart, the same numbers are in the table beside it")>
                {bars.into_iter().map(|bar| view! {
                    <g transform=format!("translate(0 {})", svg(bar.y))>
                        <text x=label_x.clone() y=text_y.clone() text-anchor="end" class="btk-chart-label">{bar.label}</text>
                        {bar.segments.into_iter().filter(|s| s.count > 0).map(|s| view! {
                            <rect x=svg(s.x) y="0" width=svg(s.width) height=bar_height.clone()
                                class=format!("btk-chart-{}", s.store.as_str())/>
                        }).collect_view()}
                        <text x=svg(bar.segments[1].x + bar.segments[1].width + 4.0) y=text_y.clone() class="btk-chart-total">
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
