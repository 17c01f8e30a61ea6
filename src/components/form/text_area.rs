//! A labelled text area: editable (bound to a signal) or read-only output.

use leptos::prelude::*;

use super::{Field, FieldMessage};

#[component]
pub fn TextArea(
    #[prop(into)] label: String,
    #[prop(into)] testid: String,
    /// The text shown.
    #[prop(into)]
    value: Signal<String>,
    /// Where edits go; without it the area is read-only output.
    #[prop(optional)]
    on_input: Option<Callback<String>>,
    #[prop(optional)] message: FieldMessage,
    #[prop(default = 12)] rows: u32,
    /// A shorter editor.
    #[prop(optional)]
    short: bool,
    #[prop(optional)] placeholder: &'static str,
) -> impl IntoView {
    let invalid = message.invalid();
    let class = if short {
        "btk-editor btk-editor-short"
    } else {
        "btk-editor"
    };
    view! {
        <Field label=label testid=testid.clone() message=message wide=true>
            <textarea class=class data-testid=testid rows=rows.to_string() spellcheck="false" placeholder=placeholder
                readonly=on_input.is_none() aria-invalid=move || invalid.get().to_string()
                prop:value=move || value.get()
                on:input:target=move |ev| if let Some(input) = on_input { input.run(ev.target().value()) }>
                // The first text, for the HTML rendered at build time (a property is not HTML).
                {value.get_untracked()}
            </textarea>
        </Field>
    }
}
