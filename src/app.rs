//! The full app: TEST MODE header, navigation, and the page for the current path.

use leptos::prelude::*;

use crate::components::TestModeBanner;
use crate::pages::{HomePage, NotFoundPage, Surface};
use crate::router::{provide_router, Link};

#[component]
pub fn App() -> impl IntoView {
    let path = provide_router().0;
    let page = move || {
        let path = path.get();
        match (path.as_str(), Surface::from_path(&path)) {
            ("/", _) => view! { <HomePage/> }.into_any(),
            (_, Some(surface)) => surface.view(),
            (_, None) => view! { <NotFoundPage path=path.clone()/> }.into_any(),
        }
    };
    view! {
        <div class="btk btk-app">
            <a class="btk-skip" href="#btk-main">"Skip to content"</a>
            <TestModeBanner/>
            <AppNav/>
            <main class="btk-main" id="btk-main" tabindex="-1">{page}</main>
        </div>
    }
}

#[component]
fn AppNav() -> impl IntoView {
    view! {
        <nav class="btk-nav" aria-label="Testkit">
            <Link href="/">"Overview"</Link>
            {Surface::all()
                .map(|s| view! { <Link href=s.info().route widget=s.info().widget>{s.info().title}</Link> })
                .collect_view()}
        </nav>
    }
}
