//! One checklist item: tick box, why, the command to copy (for the runbook's psql queries,
//! beside the sandbox's equivalent), the expected result, and (for items that confirm a
//! key) the prefix guard, which never keeps what was typed.

use leptos::prelude::*;
use testkit_core::checklist::{
    guard_verdict, Checklist, GuardVerdict, Item, Tone, GUARD_MAX_CHARS,
};
use testkit_core::time::rfc3339;

use super::sql::RunbookSql;
use crate::components::{CopyButton, Field};

/// The key-prefix field: reads the typed characters, keeps only the verdict.
#[component]
fn KeyGuard(item: &'static Item, on_stop: Callback<String>) -> impl IntoView {
    let verdict = RwSignal::new(None::<GuardVerdict>);
    let expected = item
        .guard
        .expect("guards are only on items that confirm a key");
    let check = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let v = guard_verdict(expected, &input.value());
        if let Some(detected) = v.stop.clone() {
            // Not even the screen keeps a live key's characters.
            input.set_value("");
            on_stop.run(detected);
        }
        verdict.set(Some(v));
    };
    view! {
        <div class="btk-guard">
            <Field label=format!("Check the key: type its first {GUARD_MAX_CHARS} characters (no more)") testid="key-prefix-input">
                <input type="text" data-testid="key-prefix-input" maxlength=GUARD_MAX_CHARS.to_string()
                    autocomplete="off" spellcheck="false" placeholder=format!("first {GUARD_MAX_CHARS} characters")
                    on:input=check/>
            </Field>
            <p data-testid="key-verdict" aria-live="polite" class=move || match verdict.get().map(|v| v.tone) {
                Some(Tone::Ok) => "btk-verdict-ok",
                Some(Tone::Stop) => "btk-verdict-bad",
                Some(Tone::Warn) => "btk-field-warning",
                _ => "btk-muted",
            }>
                {move || verdict.get().map(|v| v.text).unwrap_or_else(|| "Nothing typed: only the verdict is ever kept.".into())}
            </p>
        </div>
    }
}

#[component]
pub fn ItemView(
    list: &'static Checklist,
    item: &'static Item,
    ticked_at: Signal<Option<i64>>,
    locked: Signal<bool>,
    on_toggle: Callback<()>,
    on_stop: Callback<String>,
) -> impl IntoView {
    let checked = move || ticked_at.get().is_some();
    view! {
        <li class="btk-check-item" data-testid="check-item" data-item=format!("{}/{}", list.id, item.id)
            data-checked=move || checked().to_string()>
            <label class="btk-check">
                <input type="checkbox" prop:checked=checked disabled=locked on:change=move |_| on_toggle.run(())/>
                <strong>{item.what}</strong>
            </label>
            {move || ticked_at.get().map(|t| view! { <span class="btk-muted">{format!("ticked {}", rfc3339(t))}</span> })}
            <p class="btk-muted">{item.why}</p>
            {match item.sql {
                Some(query) => view! { <RunbookSql query=query what=item.what/> }.into_any(),
                None => view! {
                    <div class="btk-output btk-output-block">
                        <pre data-testid="check-command">{item.command}</pre>
                        <CopyButton text=item.command.to_string() label=format!("Copy the command: {}", item.what) testid="check-command-copy"/>
                    </div>
                    <p data-testid="check-expected"><span class="btk-step-label">"Expected: "</span>{item.expected}</p>
                }.into_any(),
            }}
            {item.guard.map(|_| view! { <KeyGuard item=item on_stop=on_stop/> })}
        </li>
    }
}
