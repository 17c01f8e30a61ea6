//! Shown for any path the app does not know.

use leptos::prelude::*;

use super::Surface;
use crate::router::Link;

#[component]
pub fn NotFoundPage(path: String) -> impl IntoView {
    view! {
        <section class="btk-page" data-testid="not-found">
            <h1>"Page not found"</h1>
            <p>"Nothing lives at " <code>{path}</code> ". Try one of these:"</p>
            <ul>
                <li><Link href="/">"Overview"</Link></li>
                {Surface::all()
                    .map(|s| view! { <li><Link href=s.info().route>{s.info().title}</Link></li> })
                    .collect_view()}
            </ul>
        </section>
    }
}
