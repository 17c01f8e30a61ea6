//! Shown for any path the app does not know (the static 404 page; the loader writes the
//! path the browser asked for into `[data-btk-path]`).

use leptos::prelude::*;

use super::Surface;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <section class="btk-page" data-testid="not-found">
            <h1>"Page not found"</h1>
            <p>"Nothing lives at " <code data-btk-path="">"this address"</code> ". Try one of these:"</p>
            <ul>
                <li><a href="/">"Overview"</a></li>
                {Surface::all()
                    .map(|s| view! { <li><a href=s.info().route>{s.info().title}</a></li> })
                    .collect_view()}
            </ul>
        </section>
    }
}
