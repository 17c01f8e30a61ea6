//! The run's steps: each with its status, and for a failed step the checks that failed
//! (expected against actual, field by field) and the step's deliveries.

use leptos::prelude::*;
use testkit_core::replay::{DeliveryRecord, FieldCheck};
use testkit_core::time::rfc3339;

use super::run::{Progress, StepStatus};

/// One step as drawn.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Row {
    title: String,
    status: StepStatus,
    note: String,
    failures: Vec<FieldCheck>,
    deliveries: Vec<DeliveryRecord>,
}

fn rows(progress: &Progress) -> Vec<Row> {
    progress
        .stream
        .schedule
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let status = progress.status(i);
            let outcome = progress.outcomes.get(i);
            let failed = status == StepStatus::Failed;
            Row {
                title: step.title.clone(),
                status,
                note: progress.step_note(i),
                failures: outcome
                    .map(|o| o.verdict.failures().cloned().collect())
                    .unwrap_or_default(),
                deliveries: match (failed, outcome) {
                    (false, _) => Vec::new(),
                    (true, Some(o)) => o.deliveries.clone(),
                    (true, None) => progress.current.clone(),
                },
            }
        })
        .collect()
}

#[component]
fn Failures(failures: Vec<FieldCheck>) -> impl IntoView {
    view! {
        <table class="btk-table btk-replay-table">
                <caption>"Checks that failed"</caption>
                <thead><tr><th scope="col">"Field"</th><th scope="col">"Expected"</th><th scope="col">"Actual"</th></tr></thead>
                <tbody>
                    {failures.into_iter().map(|f| {
                        let who = f.customer.map_or_else(String::new, |c| format!("customer {} · ", c + 1));
                        view! {
                            <tr data-testid="replay-check" data-field=f.field.as_str()>
                                <td data-label="Field"><code>{format!("{who}{}", f.field)}</code></td>
                                <td data-label="Expected" data-testid="replay-check-expected">{f.expected}</td>
                                <td data-label="Actual" data-testid="replay-check-actual">{f.actual}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
        </table>
    }
}

#[component]
fn Deliveries(deliveries: Vec<DeliveryRecord>) -> impl IntoView {
    view! {
        <table class="btk-table btk-replay-table">
                <caption>"The step's deliveries, in the order sent"</caption>
                <thead><tr>
                    <th scope="col">"#"</th><th scope="col">"Event"</th><th scope="col">"Created"</th>
                    <th scope="col">"Status"</th><th scope="col">"Answer"</th>
                </tr></thead>
                <tbody>
                    {deliveries.into_iter().enumerate().map(|(n, d)| {
                        let status = d.status.map_or_else(|| "none".to_string(), |s| s.to_string());
                        let again = if d.redelivery { " (again)" } else { "" };
                        let shown = status.clone();
                        view! {
                            <tr data-testid="replay-delivery" data-status=status>
                                <td data-label="#">{n + 1}</td>
                                <td data-label="Event"><code>{d.event_type}</code><small>{format!("{}{again}", d.event_id)}</small></td>
                                <td data-label="Created">{rfc3339(d.created)}</td>
                                <td data-label="Status">{shown}</td>
                                <td data-label="Answer" class="btk-replay-answer">{d.answer}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
        </table>
    }
}

/// The steps of the run, or (before one) the titles of the scenario's steps, pending.
#[component]
pub fn ReplaySteps(
    progress: RwSignal<Option<Progress>>,
    /// The scenario's step titles, shown before any run.
    #[prop(into)]
    titles: Signal<Vec<String>>,
) -> impl IntoView {
    let rows = Memo::new(move |_| {
        progress.with(|p| match p {
            Some(p) => rows(p),
            None => titles.with(|t| {
                t.iter()
                    .map(|title| Row {
                        title: title.clone(),
                        status: StepStatus::Pending,
                        note: String::new(),
                        failures: Vec::new(),
                        deliveries: Vec::new(),
                    })
                    .collect()
            }),
        })
    });
    view! {
        <ol class="btk-replay-steps" aria-label="Replay steps">
            {move || rows.get().into_iter().enumerate().map(|(i, row)| {
                let status = row.status.as_str();
                let failed = row.status == StepStatus::Failed;
                view! {
                    <li data-testid="replay-step" data-status=status class=format!("btk-replay-{status}")>
                        <p class="btk-replay-line">
                            <span class="btk-replay-badge">{status}</span>
                            <span>{format!("{}. {}", i + 1, row.title)}</span>
                            {(!row.note.is_empty()).then(|| view! { <small class="btk-muted">{row.note}</small> })}
                        </p>
                        {(failed && !row.failures.is_empty()).then(|| view! { <Failures failures=row.failures/> })}
                        {(failed && !row.deliveries.is_empty()).then(|| view! { <Deliveries deliveries=row.deliveries/> })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}
