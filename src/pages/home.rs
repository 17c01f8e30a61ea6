//! The overview page: what each surface is for.

use leptos::prelude::*;

use super::Surface;

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <section class="btk-page">
            <h1>"Billing test toolkit"</h1>
            <p class="btk-lead">
                "Tools for testing subscription billing without touching real money: Stripe \
                 in test mode, the App Store in its sandbox."
            </p>
            <ul class="btk-surface-list">
                {Surface::all()
                    .map(|s| s.info())
                    .map(|s| {
                        view! {
                            <li>
                                <a href=s.route>{s.title}</a>
                                <p>{s.summary}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
