//! The scenario on a time axis (SVG): days, period boundaries, trial end, each advance and
//! each expected event (hover for details), with the same events as a list beside it.

use leptos::prelude::*;
use testkit_core::clock::{offset_label, Schedule, StepKind};
use testkit_core::time::{rfc3339, DAY};

const WIDTH: i64 = 1000;
const LEFT: i64 = 40;
const RIGHT: i64 = 20;
const HEIGHT: i64 = 150;

/// x coordinate (SVG units, integers: no float formatting in the bundle) of time `t`.
fn x(t: i64, start: i64, span: i64) -> i64 {
    LEFT + (t - start) * (WIDTH - LEFT - RIGHT) / span.max(1)
}

/// A tick every 1, 7, 14, 30 or 90 days, whichever gives at most ~12 ticks.
fn tick_days(span_days: i64) -> i64 {
    [1, 7, 14, 30, 90, 365]
        .into_iter()
        .find(|d| span_days / d <= 12)
        .unwrap_or(365)
}

#[component]
pub fn Timeline(schedule: Schedule) -> impl IntoView {
    let start = schedule.params.start;
    let last = schedule.steps.last().map_or(start, |s| s.at);
    let end = last.max(start + DAY) + DAY / 2;
    let span = end - start;
    let days = span / DAY;
    let step = tick_days(days);
    let ticks: Vec<i64> = (0..=days).step_by(step as usize).collect();
    // In time order as the schedule gives them (testkit-core's clock tests hold it).
    let events: Vec<(i64, &'static str, String)> = schedule
        .steps
        .iter()
        .flat_map(|s| s.events.iter().map(|e| (e.at, e.event, e.note.clone())))
        .collect();
    let advances: Vec<i64> = schedule
        .steps
        .iter()
        .filter(|s| s.kind == StepKind::Advance)
        .map(|s| s.at)
        .collect();
    let periods = schedule.periods.clone();
    let lanes = 4;
    let label = format!(
        "Timeline of scenario {}: {} events over {} days; the list below gives each one.",
        schedule.scenario.as_str(),
        events.len(),
        days
    );
    let list = events.clone();
    view! {
        <figure class="btk-timeline">
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=label data-testid="clock-timeline">
                <line x1=LEFT y1="110" x2=WIDTH - RIGHT y2="110" class="btk-axis"/>
                {ticks.into_iter().map(|d| {
                    let tx = x(start + d * DAY, start, span);
                    view! {
                        <line x1=tx y1="106" x2=tx y2="114" class="btk-axis"/>
                        <text x=tx y="130" class="btk-tick">{format!("+{d} d")}</text>
                    }
                }).collect_view()}
                {periods.into_iter().enumerate().filter(|(_, t)| *t <= end).map(|(i, t)| {
                    let px = x(t, start, span);
                    view! {
                        <line x1=px y1="8" x2=px y2="110" class="btk-period">
                            <title>{format!("{} {}: {}", if i == 0 { "Billing anchor" } else { "Period end" }, i, rfc3339(t))}</title>
                        </line>
                    }
                }).collect_view()}
                {schedule.trial_end.map(|t| {
                    let tx = x(t, start, span);
                    view! {
                        <line x1=tx y1="8" x2=tx y2="110" class="btk-trial-end">
                            <title>{format!("Trial end: {}", rfc3339(t))}</title>
                        </line>
                    }
                })}
                {advances.into_iter().map(|t| {
                    let ax = x(t, start, span);
                    view! {
                        <path d=format!("M{} 112 l6 10 h-12 z", ax) class="btk-advance">
                            <title>{format!("Advance to {} ({})", rfc3339(t), offset_label(start, t))}</title>
                        </path>
                    }
                }).collect_view()}
                {events.into_iter().enumerate().map(|(i, (t, name, note))| {
                    let cx = x(t, start, span);
                    let cy = 22 + (i as i64 % lanes) * 22;
                    view! {
                        <circle cx=cx cy=cy r="5" class="btk-event" tabindex="0">
                            <title>{format!("{name} at {} ({}){}", rfc3339(t), offset_label(start, t), if note.is_empty() { String::new() } else { format!(": {note}") })}</title>
                        </circle>
                    }
                }).collect_view()}
            </svg>
            <figcaption class="btk-legend">
                <span class="btk-legend-period">"period boundary"</span>
                <span class="btk-legend-trial">"trial end"</span>
                <span class="btk-legend-advance">"clock advance"</span>
                <span class="btk-legend-event">"expected event (hover or focus)"</span>
            </figcaption>
            <details class="btk-event-list" open>
                <summary>"Expected events, in order"</summary>
                <ol>
                    {list.into_iter().map(|(t, name, note)| view! {
                        <li>
                            <code>{name}</code>
                            {format!(" at {} ({}){}", rfc3339(t), offset_label(start, t), if note.is_empty() { String::new() } else { format!(": {note}") })}
                        </li>
                    }).collect_view()}
                </ol>
            </details>
        </figure>
    }
}
