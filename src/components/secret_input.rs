//! A masked input for secrets (webhook secrets, tokens): show/hide, and a refusal
//! message next to it when the value must not be used. The value lives only in a signal:
//! never in storage, the URL or a log.

use leptos::prelude::*;

#[component]
pub fn SecretInput(
    value: RwSignal<String>,
    #[prop(into)] label: String,
    testid: &'static str,
    /// Why the current value is refused (`None`: usable).
    #[prop(into)]
    refusal: Signal<Option<String>>,
    /// Advice that does not block use.
    #[prop(into, optional)]
    warning: Option<Signal<Option<String>>>,
    #[prop(optional)] placeholder: &'static str,
) -> impl IntoView {
    let shown = RwSignal::new(false);
    let warning = move || warning.and_then(|w| w.get());
    view! {
        <div class="btk-field btk-secret">
            <label class="btk-field-label">
                {label.clone()}
                <span class="btk-secret-row">
                    <input
                        type=move || if shown.get() { "text" } else { "password" }
                        data-testid=testid
                        autocomplete="off"
                        spellcheck="false"
                        placeholder=placeholder
                        aria-invalid=move || refusal.get().is_some().to_string()
                        prop:value=move || value.get()
                        on:input:target=move |ev| value.set(ev.target().value())
                    />
                </span>
            </label>
            <button
                type="button"
                class="btk-secondary"
                data-testid=format!("{testid}-toggle")
                aria-pressed=move || shown.get().to_string()
                aria-label=format!("Show {label}")
                on:click=move |_| shown.update(|s| *s = !*s)
            >
                {move || if shown.get() { "Hide" } else { "Show" }}
            </button>
            {move || refusal.get().map(|r| view! {
                <p class="btk-field-error" role="alert" data-testid=format!("{testid}-error")>{r}</p>
            })}
            {move || warning().map(|w| view! { <p class="btk-field-warning">{w}</p> })}
        </div>
    }
}
