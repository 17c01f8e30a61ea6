//! The runbook's psql commands on a checklist item: the runbook's command and the
//! sandbox's equivalent side by side, what the runbook expects, its erratum with the check
//! by name, and, for §8's contamination counts, the count typed in and its verdict.

use leptos::prelude::*;
use testkit_core::checklist::runbook_sql::{
    contamination_verdict, parse_count, Contamination, DatabaseEnvironment, Psql, RunbookQuery,
};

use crate::components::{CopyButton, Field, FieldMessage};

/// One command with its label and copy button.
#[component]
fn Command(
    label: String,
    text: &'static str,
    /// Names the `<pre>`.
    testid: &'static str,
    copy_testid: &'static str,
    copy_label: String,
) -> impl IntoView {
    view! {
        <div class="btk-sql-command">
            <span class="btk-sql-label">{label}</span>
            <div class="btk-output btk-output-block">
                <pre data-testid=testid>{text}</pre>
                <CopyButton text=text.to_string() label=copy_label testid=copy_testid/>
            </div>
        </div>
    }
}

/// The runbook's command (on its Heroku app) and the sandbox's (on the service's database
/// URL), side by side on a wide screen.
#[component]
fn CommandPair(
    query: &'static RunbookQuery,
    psql: &'static Psql,
    /// An erratum's check by name rather than the item's own query.
    #[prop(optional)]
    by_name: bool,
    what: &'static str,
) -> impl IntoView {
    // The by-name check is not the runbook's own command: its label says so.
    let runbook_label = if by_name {
        format!("Check by name instead: on {}", query.app)
    } else {
        format!("Runbook §{}: on {}", query.section, query.app)
    };
    // Static names: the copy button takes a `&'static str`.
    let [runbook_id, runbook_copy, sandbox_id, sandbox_copy] = if by_name {
        [
            "check-by-name-command",
            "check-by-name-command-copy",
            "check-by-name-sandbox-command",
            "check-by-name-sandbox-command-copy",
        ]
    } else {
        [
            "check-command",
            "check-command-copy",
            "check-sandbox-command",
            "check-sandbox-command-copy",
        ]
    };
    view! {
        <div class="btk-sql-pair">
            <Command label=runbook_label text=psql.runbook_command()
                testid=runbook_id copy_testid=runbook_copy copy_label=format!("Copy the runbook's command: {what}")/>
            <Command label=format!("Sandbox equivalent: {}'s database (${})", query.service.label(), query.service.url_variable())
                text=psql.sandbox_command() testid=sandbox_id copy_testid=sandbox_copy
                copy_label=format!("Copy the sandbox's command: {what}")/>
        </div>
    }
}

/// The count a §8 query returned, and what it means: the page judges it as the prod count
/// the runbook runs it for.
#[component]
fn ContaminationCount(query: &'static RunbookQuery) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let parsed = Memo::new(move |_| typed.with(|t| parse_count(t)));
    let message = FieldMessage {
        error: Some(Signal::derive(move || {
            parsed.get().err().map(str::to_string)
        })),
        hint: Some(Signal::derive(move || {
            Some(format!(
                "Judged as {}'s count. On the sandbox's staging database, test rows are expected.",
                query.app
            ))
        })),
    };
    let invalid = message.invalid();
    let verdict = move || {
        let Ok(Some(count)) = parsed.get() else {
            return None;
        };
        let verdict = contamination_verdict(count, DatabaseEnvironment::Production);
        let sev2 = matches!(verdict, Contamination::Sev2(_));
        Some(view! {
            <div data-testid="count-verdict" data-verdict=verdict.slug()
                role=if sev2 { "alert" } else { "status" }
                class=if sev2 { "btk-count-verdict btk-count-sev2" } else { "btk-count-verdict btk-count-clean" }>
                <strong>{verdict.headline()}</strong>
                {sev2.then(|| view! {
                    <ol>{verdict.guidance().iter().map(|step| view! { <li>{*step}</li> }).collect_view()}</ol>
                })}
            </div>
        })
    };
    view! {
        <div class="btk-count">
            <Field label="Count returned" testid="count-input" message=message>
                <input type="text" inputmode="numeric" data-testid="count-input" autocomplete="off"
                    spellcheck="false" placeholder="0" aria-invalid=move || invalid.get().to_string()
                    prop:value=move || typed.get()
                    on:input:target=move |ev| typed.set(ev.target().value())/>
            </Field>
            {verdict}
        </div>
    }
}

/// Everything an item running one of the runbook's queries shows after its prose.
#[component]
pub fn RunbookSql(query: &'static RunbookQuery, what: &'static str) -> impl IntoView {
    view! {
        <CommandPair query=query psql=&query.psql what=what/>
        <p data-testid="check-expected"><span class="btk-step-label">"Expected: "</span>{query.expected}</p>
        {query.erratum.as_ref().map(|erratum| view! {
            <div class="btk-erratum" data-testid="check-erratum">
                <p><strong>"Runbook erratum: "</strong>{erratum.text}</p>
                <CommandPair query=query psql=&erratum.check by_name=true what=what/>
            </div>
        })}
        {query.contamination.then(|| view! { <ContaminationCount query=query/> })}
    }
}
