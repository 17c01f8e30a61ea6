//! The always-visible statement that this tool is for test mode only.

use leptos::prelude::*;

#[component]
pub fn TestModeBanner(
    /// Shorter wording for widgets embedded in a docs page.
    #[prop(optional)]
    compact: bool,
) -> impl IntoView {
    let detail = if compact {
        "Stripe test mode and App Store sandbox only."
    } else {
        "Stripe test mode and App Store sandbox only. Live keys (sk_live_, rk_live_, \
         pk_live_) are refused everywhere in this tool."
    };
    view! {
        <header class="btk-banner" data-testid="test-mode-banner">
            <strong class="btk-banner-badge">"TEST MODE"</strong>
            <span class="btk-banner-name">"billing-testkit"</span>
            <span class="btk-banner-detail">{detail}</span>
        </header>
    }
}
