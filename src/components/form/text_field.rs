//! A labelled text input bound to a signal, with its error (or a hint) right beneath it.

use leptos::prelude::*;

#[component]
pub fn TextField(
    #[prop(into)] label: String,
    testid: &'static str,
    value: RwSignal<String>,
    /// Shown next to the input (with `{testid}-error`); the input is then aria-invalid.
    #[prop(into, optional)]
    error: Option<Signal<Option<String>>>,
    /// Shown when there is no error.
    #[prop(into, optional)]
    hint: Option<Signal<Option<String>>>,
    /// The input's type ("text" unless given).
    #[prop(optional)]
    kind: Option<&'static str>,
    #[prop(optional)] placeholder: &'static str,
    /// Spans the whole row.
    #[prop(optional)]
    wide: bool,
) -> impl IntoView {
    let error = move || error.and_then(|e| e.get());
    let hint = move || hint.and_then(|h| h.get());
    view! {
        <label class=if wide { "btk-field btk-block" } else { "btk-field" }>
            <span class="btk-field-label">{label}</span>
            <input type=kind.unwrap_or("text") data-testid=testid spellcheck="false" autocomplete="off"
                placeholder=placeholder aria-invalid=move || error().is_some().to_string()
                prop:value=move || value.get() on:input:target=move |ev| value.set(ev.target().value())/>
            {move || match (error(), hint()) {
                (Some(e), _) => Some(view! {
                    <span class="btk-field-error" role="alert" data-testid=format!("{testid}-error")>{e}</span>
                }.into_any()),
                (None, Some(h)) => Some(view! { <span class="btk-muted">{h}</span> }.into_any()),
                (None, None) => None,
            }}
        </label>
    }
}
