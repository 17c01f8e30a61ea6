//! One module per surface: views only, the logic lives in `testkit-core`.

mod cards;
mod checklist;
mod clocks;
mod home;
mod not_found;
mod signer;
mod subscribers;

pub use cards::CardsPage;
pub use checklist::ChecklistPage;
pub use clocks::ClocksPage;
pub use home::HomePage;
pub use not_found::NotFoundPage;
pub use signer::SignerPage;
pub use subscribers::SubscribersPage;

use leptos::prelude::*;

use crate::surfaces::Surface;

/// The view of a surface, used by widgets (the app routes to the same components).
pub fn surface_view(surface: Surface) -> AnyView {
    match surface {
        Surface::Cards => view! { <CardsPage/> }.into_any(),
        Surface::Signer => view! { <SignerPage/> }.into_any(),
        Surface::Clocks => view! { <ClocksPage/> }.into_any(),
        Surface::Checklist => view! { <ChecklistPage/> }.into_any(),
        Surface::Subscribers => view! { <SubscribersPage/> }.into_any(),
    }
}
