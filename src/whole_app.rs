//! The whole app as one bundle, for `trunk serve` and `trunk build` (`src/main.rs`, the
//! `single-bundle` feature): every surface and every part linked in, routes switched in
//! the page. Nothing is pre-rendered and no loader runs; the site build (`crates/site`)
//! stays how docs pages get their widgets.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::app::{AppNav, Route};
use crate::browser::{document, listener, window};
use crate::components::TestModeBanner;
use crate::pages::{HomePage, NotFoundPage};

/// Mounts the app on the page's body, and says it is ready as the loader does
/// (`<html data-btk-ready>`), so scripts and tests wait for both builds the same way.
pub fn start() {
    leptos::mount::mount_to_body(WholeApp);
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-btk-ready", "");
    }
}

fn current_path() -> String {
    window().location().pathname().unwrap_or_default()
}

/// The URL a click should follow in the page, if it is a plain click on a link to one of
/// the app's routes (other links, new tabs and in-page anchors keep the browser's way).
fn followed_in_page(event: &web_sys::MouseEvent) -> Option<web_sys::Url> {
    if event.default_prevented()
        || event.button() != 0
        || event.meta_key()
        || event.ctrl_key()
        || event.shift_key()
        || event.alt_key()
    {
        return None;
    }
    let link = event
        .target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest("a[href]")
        .ok()??;
    if link.has_attribute("target") || link.has_attribute("download") {
        return None;
    }
    let location = window().location();
    let url =
        web_sys::Url::new_with_base(&link.get_attribute("href")?, &location.href().ok()?).ok()?;
    let same_page =
        url.pathname() == location.pathname().ok()? && url.search() == location.search().ok()?;
    // An in-page anchor (a hash on this very page) keeps the browser's way.
    let anchor = same_page && !url.hash().is_empty();
    (url.origin() == location.origin().ok()?
        && Route::from_path(&url.pathname()) != Route::NotFound
        && !anchor)
        .then_some(url)
}

#[component]
pub fn WholeApp() -> impl IntoView {
    let route = RwSignal::new(Route::from_path(&current_path()));
    listener::on_window(&["popstate"], move || {
        route.set(Route::from_path(&current_path()))
    });
    let follow = move |event: web_sys::MouseEvent| {
        let Some(url) = followed_in_page(&event) else {
            return;
        };
        event.prevent_default();
        if let Ok(history) = window().history() {
            let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&url.href()));
        }
        // A new page every time, even for the same route: it reads the new URL's query.
        route.set(Route::from_path(&url.pathname()));
        window().scroll_to_with_x_and_y(0.0, 0.0);
    };
    // The not-found page names the address that was asked for.
    Effect::new(move |_| {
        if route.get() == Route::NotFound {
            if let Ok(Some(code)) = document().query_selector("[data-btk-path]") {
                code.set_text_content(Some(&current_path()));
            }
        }
    });
    view! {
        <div class="btk btk-app" on:click=follow>
            <a class="btk-skip" href="#btk-main">"Skip to content"</a>
            <TestModeBanner/>
            <AppNav current=route.into()/>
            <main class="btk-main" id="btk-main" tabindex="-1">
                {move || match route.get() {
                    Route::Overview => view! { <HomePage/> }.into_any(),
                    // The same attributes as a surface a bundle took over (`mount::MOUNT_ATTR`, `LIVE_ATTR`), so tests and
                    // scripts wait for a page the same way in both builds.
                    Route::Surface(s) => view! {
                        <div data-btk-mount=s.info().widget data-btk-live="">{s.view()}</div>
                    }
                    .into_any(),
                    Route::NotFound => view! { <NotFoundPage/> }.into_any(),
                }}
            </main>
        </div>
    }
}
