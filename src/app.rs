//! The full app's frame around each route's page: the TEST MODE banner, the navigation
//! and the main area. It is rendered at build time into every route's HTML; the loader
//! (`testkit-embed.js`) navigates between routes in place and the route's surface
//! bundle takes over the main area, so no Rust router ships to the browser.

use leptos::prelude::*;

use crate::components::TestModeBanner;
use crate::pages::Surface;

/// What a route of the full app shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// `/`: what each surface is for.
    Overview,
    /// A surface's page.
    Surface(Surface),
    /// Any other path.
    NotFound,
}

/// The app's frame around `main`, the main area's HTML (rendered on its own, because
/// in-app navigation swaps in that same HTML for another route).
#[component]
pub fn AppShell(route: Route, main: String) -> impl IntoView {
    view! {
        <div class="btk btk-app">
            <a class="btk-skip" href="#btk-main">"Skip to content"</a>
            <TestModeBanner/>
            <AppNav current=Signal::stored(route)/>
            <main class="btk-main" id="btk-main" tabindex="-1" inner_html=main></main>
        </div>
    }
}

/// The navigation between routes, the current one marked for assistive technology.
#[component]
pub fn AppNav(current: Signal<Route>) -> impl IntoView {
    let marked = move |r: Route| move || (current.get() == r).then_some("page");
    view! {
        <nav class="btk-nav" aria-label="Testkit">
            <a href="/" aria-current=marked(Route::Overview)>"Overview"</a>
            {Surface::all()
                .map(|s| {
                    let info = s.info();
                    view! {
                        <a href=info.route data-widget=info.widget
                            aria-current=marked(Route::Surface(s))>{info.title}</a>
                    }
                })
                .collect_view()}
        </nav>
    }
}

impl Route {
    /// The route a path names.
    pub fn from_path(path: &str) -> Route {
        let trimmed = path.trim_end_matches('/');
        if trimmed.is_empty() {
            return Route::Overview;
        }
        Surface::from_path(trimmed).map_or(Route::NotFound, Route::Surface)
    }
}
