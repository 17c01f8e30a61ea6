//! A copy-to-clipboard button that says whether the copy worked.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser::clipboard;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CopyState {
    Idle,
    Copied,
    Failed,
}

impl CopyState {
    fn text(self) -> &'static str {
        match self {
            CopyState::Idle => "Copy",
            CopyState::Copied => "Copied",
            CopyState::Failed => "Copy failed",
        }
    }

    /// Announced to screen readers; empty while idle so nothing is read on load.
    fn announcement(self) -> &'static str {
        match self {
            CopyState::Idle => "",
            CopyState::Copied => "Copied to the clipboard",
            CopyState::Failed => {
                "The browser refused the copy: select the text and copy it by hand"
            }
        }
    }
}

/// How long "Copied" stays before the button returns to "Copy".
const FEEDBACK: Duration = Duration::from_millis(1800);

#[component]
pub fn CopyButton(
    /// What is copied (read when clicked).
    #[prop(into)]
    text: Signal<String>,
    /// Accessible name, e.g. "Copy card number 4242…".
    #[prop(into)]
    label: String,
    #[prop(optional)] testid: &'static str,
) -> impl IntoView {
    let state = RwSignal::new(CopyState::Idle);
    let copy = move |_| {
        let value = text.get_untracked();
        spawn_local(async move {
            let outcome = if clipboard::write(&value).await {
                CopyState::Copied
            } else {
                CopyState::Failed
            };
            state.try_set(outcome);
            set_timeout(move || _ = state.try_set(CopyState::Idle), FEEDBACK);
        });
    };
    view! {
        <button
            type="button"
            class="btk-copy"
            class:btk-copy-done=move || state.get() == CopyState::Copied
            data-testid=testid
            aria-label=label
            on:click=copy
        >
            {move || state.get().text()}
        </button>
        <span class="btk-sr-only" role="status">{move || state.get().announcement()}</span>
    }
}
