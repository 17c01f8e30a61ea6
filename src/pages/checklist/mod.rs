//! The runbook's checklists, interactive: ticks kept per run, progress, readiness for
//! testing, a live-key STOP state, and a Markdown record for the audit trail.

mod item;
mod sql;

use leptos::prelude::*;
use testkit_core::checklist::{record, Run, Stop, CHECKLISTS, HARD_RULES};

use crate::browser::clock::now_secs;
use crate::browser::storage::{self, StorageKey};
use crate::components::{CopyButton, ReadinessBanner, TextArea, TextField};
use crate::state::checklist_run::{
    current_run_name, load_run, load_stop, loaded_readiness, save_run, save_stop,
};
use item::ItemView;

#[component]
pub fn ChecklistPage() -> impl IntoView {
    let run_name = RwSignal::new(current_run_name());
    // Who ran it: for the record only, kept in memory (nothing typed is stored).
    let run_by = RwSignal::new(String::new());
    let run = RwSignal::new(load_run(&run_name.get_untracked()));
    let stop = RwSignal::new(load_stop());
    let saved_runs = RwSignal::new(storage::run_names());

    let switch_run = move |name: String| {
        let name = name.trim().to_string();
        if name.is_empty() {
            return;
        }
        storage::set(&StorageKey::CurrentRun, &name);
        run.set(load_run(&name));
        run_name.set(name);
    };
    let toggle = move |list: &'static str, item: &'static str| {
        run.update(|r| r.toggle(list, item, now_secs()));
        save_run(&run_name.get_untracked(), &run.get_untracked());
        saved_runs.set(storage::run_names());
    };
    let raise_stop = Callback::new(move |(detected, item): (String, String)| {
        let s = Stop {
            detected,
            item,
            at: now_secs(),
        };
        save_stop(Some(&s));
        stop.set(Some(s));
    });
    let reset_stop = move |_| {
        save_stop(None);
        stop.set(None);
    };
    let reset_run = move |_| {
        run.set(Run::default());
        save_run(&run_name.get_untracked(), &Run::default());
    };
    let record_text = Memo::new(move |_| {
        run.with(|r| {
            stop.with(|s| record(&run_name.get(), &run_by.get(), r, s.as_ref(), now_secs()))
        })
    });
    let locked = Signal::derive(move || stop.with(Option::is_some));

    view! {
        <section class="btk-page btk-checklists">
            <h1>"Runbook checklists"</h1>
            <p class="btk-lead">
                "Tick as you go. Ticks and their times are kept in this browser per run; nothing you type is. \
                 The pre-flight and wiring checklists are required before testing."
            </p>
            <ReadinessBanner read=loaded_readiness/>
            {move || stop.get().map(|s| view! {
                <div class="btk-alarm" role="alert" data-testid="check-stop">
                    <strong>{format!("STOP: a {} was detected.", s.detected)}</strong>
                    <p>"Do not run any test until every key in use is a test-mode key. The runbook's hard rules:"</p>
                    <ul>{HARD_RULES.iter().map(|r| view! { <li>{*r}</li> }).collect_view()}</ul>
                    <button type="button" data-testid="check-stop-reset" on:click=reset_stop>
                        "I have switched to test-mode keys: reset"
                    </button>
                </div>
            })}
            <section class="btk-panel">
                <div class="btk-form-grid">
                    <TextField label="Run name" testid="check-run-name" value=run_name list="btk-runs"
                        on_commit=Callback::new(switch_run)/>
                    <datalist id="btk-runs">
                        {move || saved_runs.get().into_iter().map(|n| view! { <option value=n/> }).collect_view()}
                    </datalist>
                    <TextField label="Run by (for the record only, not stored)" testid="check-run-by" value=run_by/>
                </div>
                <div class="btk-button-row">
                    <button type="button" class="btk-secondary" data-testid="check-reset" on:click=reset_run>"Reset this run"</button>
                </div>
            </section>
            {CHECKLISTS.iter().map(|list| {
                let done = move || run.with(|r| r.done(list));
                let total = list.items.len();
                view! {
                    <section class="btk-panel" aria-label=list.title>
                        <h2>
                            {list.title}
                            {list.required.then(|| view! { " " <span class="btk-tag btk-tag-decline">"required before testing"</span> })}
                        </h2>
                        <p class="btk-progress-line">
                            <progress data-testid="check-progress" data-checklist=list.id max=total.to_string()
                                value=move || done().to_string()
                                aria-label=format!("{} progress", list.title)></progress>
                            {move || format!(" {} of {total} done", done())}
                        </p>
                        <ul class="btk-check-list">
                            {list.items.iter().map(|item| view! {
                                <ItemView list=list item=item
                                    ticked_at=Signal::derive(move || run.with(|r| r.ticked_at(list.id, item.id)))
                                    locked=locked
                                    on_toggle=Callback::new(move |()| toggle(list.id, item.id))
                                    on_stop=Callback::new(move |detected: String| raise_stop.run((detected, item.what.to_string())))/>
                            }).collect_view()}
                        </ul>
                    </section>
                }
            }).collect_view()}
            <section class="btk-panel" aria-labelledby="btk-record-title">
                <h2 id="btk-record-title">"Run record"</h2>
                <p class="btk-muted">"Markdown for the audit trail: who, when, each item's state and time."</p>
                <CopyButton text=Signal::derive(move || record_text.get()) label="Copy the run record" testid="check-record-copy"/>
                <TextArea label="Run record (Markdown)" testid="check-record" short=true value=record_text/>
            </section>
        </section>
    }
}
