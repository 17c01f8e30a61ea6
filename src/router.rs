//! A small client-side router for the full app: the current path as a signal, kept in
//! step with `history`, and links that navigate without a reload.
//!
//! Written here instead of using leptos_router because that crate added 58 KB gzip to
//! the bundle (a quarter of the app's budget) and listens to clicks on the whole window,
//! which would hijack a host docs page's own links when widgets are embedded.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::browser::listener::on_window;
use crate::browser::window;

/// The path part of the URL the app shows, e.g. "/cards".
#[derive(Clone, Copy)]
pub struct CurrentPath(pub RwSignal<String>);

fn location_path() -> String {
    window()
        .location()
        .pathname()
        .unwrap_or_else(|_| "/".into())
}

/// "/cards/" and "/cards" are the same page.
pub fn normalise(path: &str) -> String {
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        "/".into()
    } else {
        trimmed.into()
    }
}

/// Creates the path signal, follows back/forward buttons, and provides it as context.
pub fn provide_router() -> CurrentPath {
    let current = CurrentPath(RwSignal::new(normalise(&location_path())));
    on_window(&["popstate"], move || {
        current.0.try_set(normalise(&location_path()));
    });
    provide_context(current);
    current
}

impl CurrentPath {
    /// Pushes `href` onto the history and shows it.
    pub fn navigate(self, href: &str) {
        if let Ok(history) = window().history() {
            let _ = history.push_state_with_url(&JsValue::NULL, "", Some(href));
        }
        self.0
            .set(normalise(href.split(['?', '#']).next().unwrap_or("/")));
        window().scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// An in-app link: a real `<a href>` (so open-in-new-tab works) that navigates in place
/// on a plain left click, and says `aria-current="page"` when it is the current page.
#[component]
pub fn Link(
    href: &'static str,
    /// For a link to a surface: its widget name (`data-widget`), which tests and docs
    /// automation read to list the surfaces.
    #[prop(optional)]
    widget: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    let current = use_context::<CurrentPath>();
    let is_current = move || current.is_some_and(|c| c.0.get() == normalise(href));
    let on_click = move |ev: web_sys::MouseEvent| {
        let modified = ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key();
        let Some(current) = current else {
            return;
        };
        if modified || ev.button() != 0 {
            return;
        }
        ev.prevent_default();
        current.navigate(href);
    };
    view! {
        <a href=href data-widget=widget aria-current=move || is_current().then_some("page") on:click=on_click>
            {children()}
        </a>
    }
}
