//! A labelled field: the label, the control (the children), and beneath it the error
//! (`role="alert"`, `{testid}-error`) or else a hint.

use leptos::prelude::*;

/// What a field says beneath its control: an error wins over a hint.
#[derive(Clone, Copy, Default)]
pub struct FieldMessage {
    /// Why the value cannot be used (the control is then `aria-invalid`).
    pub error: Option<Signal<Option<String>>>,
    /// Help shown while there is no error.
    pub hint: Option<Signal<Option<String>>>,
}

impl FieldMessage {
    /// True while there is an error: for the control's `aria-invalid`.
    pub fn invalid(self) -> Signal<bool> {
        Signal::derive(move || self.error.and_then(|e| e.get()).is_some())
    }
}

#[component]
pub fn Field(
    #[prop(into)] label: String,
    /// Names the error element: `{testid}-error`.
    #[prop(into)]
    testid: String,
    #[prop(optional)] message: FieldMessage,
    /// Spans the whole row of a form grid.
    #[prop(optional)]
    wide: bool,
    children: Children,
) -> impl IntoView {
    let error = move || message.error.and_then(|e| e.get());
    let hint = move || message.hint.and_then(|h| h.get());
    view! {
        <label class=if wide { "btk-field btk-block" } else { "btk-field" }>
            <span class="btk-field-label">{label}</span>
            {children()}
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
