//! A labelled text input bound to a signal, with its error (or a hint) right beneath it.

use leptos::prelude::*;

use super::{Field, FieldMessage};

#[component]
pub fn TextField(
    #[prop(into)] label: String,
    #[prop(into)] testid: String,
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
    /// A list of suggestions (the id of a `<datalist>`).
    #[prop(optional)]
    list: Option<&'static str>,
    /// Called on `change` (the value committed) rather than on every keystroke.
    #[prop(optional)]
    on_commit: Option<Callback<String>>,
    /// Spans the whole row.
    #[prop(optional)]
    wide: bool,
) -> impl IntoView {
    let message = FieldMessage { error, hint };
    let invalid = message.invalid();
    // The `value` attribute carries the first value into the HTML rendered at build time
    // (a property is not HTML); the property follows the signal from then on.
    view! {
        <Field label=label testid=testid.clone() message=message wide=wide>
            <input type=kind.unwrap_or("text") data-testid=testid spellcheck="false" autocomplete="off"
                placeholder=placeholder list=list aria-invalid=move || invalid.get().to_string()
                value=value.get_untracked()
                prop:value=move || value.get()
                on:input:target=move |ev| if on_commit.is_none() { value.set(ev.target().value()) }
                on:change:target=move |ev| if let Some(commit) = on_commit { commit.run(ev.target().value()) }/>
        </Field>
    }
}
