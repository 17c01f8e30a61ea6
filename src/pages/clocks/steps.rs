//! The steps of a scenario: when, what to run, what should happen, how to check.

use leptos::prelude::*;
use testkit_core::clock::{helpers, offset_label, Schedule};
use testkit_core::time::rfc3339;

use crate::browser::origin::service_origin;
use crate::components::CopyButton;

#[component]
pub fn StepList(schedule: Schedule) -> impl IntoView {
    let start = schedule.params.start;
    let pm = schedule.scenario.payment_method();
    view! {
        <section class="btk-panel" aria-labelledby="btk-clock-steps">
            <h2 id="btk-clock-steps">"Steps"</h2>
            <p>
                {match pm {
                    Some(pm) => view! {
                        "Payment method: "
                        <a href=format!("{}/cards?q={pm}", service_origin())><code>{pm}</code></a>
                        " (a test PaymentMethod id: never a raw card number in an API call)."
                    }.into_any(),
                    None => view! { "No payment method: the customer has none until the last step." }.into_any(),
                }}
            </p>
            <details class="btk-helpers">
                <summary>"0. Set up the shell (once): RKEY and the helpers every step uses"</summary>
                <div class="btk-output btk-output-block">
                    <pre data-testid="clock-helpers">{helpers()}</pre>
                    <CopyButton text=helpers().to_string() label="Copy the shell set-up" testid="clock-helpers-copy"/>
                </div>
            </details>
            <ol class="btk-steps">
                {schedule.steps.iter().enumerate().map(|(i, step)| {
                    let kind = step.kind.as_str();
                    let check = schedule.check_command(step);
                    let queue_state = step.queue_state();
                    let step = step.clone();
                    view! {
                        <li data-testid="clock-step" data-advance-to=step.at data-kind=kind>
                            <h3>{format!("{}. {}", i + 1, step.title)}</h3>
                            <p class="btk-muted">{format!("Clock at {} ({})", rfc3339(step.at), offset_label(start, step.at))}</p>
                            <div class="btk-output btk-output-block">
                                <pre>{step.command.clone()}</pre>
                                <CopyButton text=step.command label=format!("Copy the command of step {}", i + 1) testid="clock-step-copy"/>
                            </div>
                            {(!step.events.is_empty()).then(|| view! {
                                <p class="btk-step-label">"Expected webhook events"</p>
                                <ul>
                                    {step.events.into_iter().map(|e| view! {
                                        <li>
                                            <code>{e.event}</code>
                                            {format!(" at {}{}", rfc3339(e.at), if e.note.is_empty() { String::new() } else { format!(" ({})", e.note) })}
                                        </li>
                                    }).collect_view()}
                                </ul>
                            })}
                            <p><span class="btk-step-label">"Queue state: "</span>{queue_state}</p>
                            {(!check.is_empty()).then(|| view! {
                                <div class="btk-output btk-output-block">
                                    <pre>{check.clone()}</pre>
                                    <CopyButton text=check label=format!("Copy the check of step {}", i + 1) testid="clock-check-copy"/>
                                </div>
                            })}
                            {step.note.map(|n| view! { <p class="btk-field-warning">{n}</p> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}
