//! A labelled select over (value, label) options, optionally with an "All" choice whose
//! value is empty.

use leptos::prelude::*;

use super::{Field, FieldMessage};

/// The options of an enum: its text forms and labels.
pub fn options_of<T: Copy>(
    items: &[T],
    value: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(String, String)> {
    items
        .iter()
        .map(|&item| (value(item).to_string(), label(item).to_string()))
        .collect()
}

#[component]
pub fn Select(
    #[prop(into)] label: String,
    #[prop(into)] testid: String,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    /// The selected option's value.
    #[prop(into)]
    value: Signal<String>,
    on_change: Callback<String>,
    /// The label of a first option with the empty value ("All").
    #[prop(optional)]
    any: Option<&'static str>,
    #[prop(optional)] message: FieldMessage,
) -> impl IntoView {
    view! {
        <Field label=label testid=testid.clone() message=message>
            <select data-testid=testid on:change:target=move |ev| on_change.run(ev.target().value())>
                {any.map(|text| view! { <option value="" selected=move || value.with(String::is_empty)>{text}</option> })}
                {move || options.get().into_iter().map(|(v, l)| {
                    let selected = value.with(|current| *current == v);
                    view! { <option value=v selected=selected>{l}</option> }
                }).collect_view()}
            </select>
        </Field>
    }
}
