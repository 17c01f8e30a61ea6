//! The surfaces table: every page the app offers, which a docs page can also host as a
//! widget. The build (`crates/site`: one bundle per surface, the pre-rendered pages and
//! the loader's manifest), the navigation, the overview and the end-to-end tests' list
//! of pages all read this one table; each page's views live in its own folder. Adding a
//! surface is a row here (with its view below), its folder, its one-line bundle entry
//! `src/bin/<widget>.rs`, and its tests.

pub mod appstore;
pub mod cards;
pub mod checklist;
pub mod clocks;
mod home;
mod not_found;
pub mod signer;
pub mod subscribers;

pub use home::HomePage;
pub use not_found::NotFoundPage;

use leptos::prelude::*;

use crate::browser::url_query::QueryKey;
use crate::components::{Part, PartInfo};

/// One surface: where it lives and what it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SurfaceInfo {
    /// The app's route, e.g. "/cards".
    pub route: &'static str,
    /// The value of `data-testkit` that mounts it in a docs page.
    pub widget: &'static str,
    /// The navigation label.
    pub title: &'static str,
    /// One sentence for the overview.
    pub summary: &'static str,
    /// The URL query keys it reads and writes (unique across surfaces: widgets share the
    /// host page's URL).
    pub query_keys: &'static [QueryKey],
    /// What the build renders into the page before the wasm arrives.
    pub prerender: Prerender,
    /// Its parts: what it shows on request or once there is input, each split off into a
    /// chunk of the surface's module where that pays ([`PartInfo::separate`]).
    pub parts: &'static [PartInfo],
}

/// What a surface's page holds before its wasm takes over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Prerender {
    /// The surface's first view, rendered at build time: what the wasm then renders over
    /// it is the same (for the build's time, with no URL query and empty storage).
    Content,
    /// A line saying what is loading: the first view depends on what only the browser
    /// has (fresh random ids, a request to the sandbox, the current time to the second).
    Placeholder,
}

/// A surface of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Surface {
    Checklist,
    Cards,
    Signer,
    Clocks,
    Subscribers,
    AppStore,
}

/// The table, in navigation order.
const TABLE: [(Surface, SurfaceInfo); 6] = [
    (Surface::Checklist, SurfaceInfo {
        route: "/checklist",
        widget: "checklist",
        title: "Checklists",
        summary: "The runbook's pre-flight, wiring, verification, cleanup and iOS checklists, with live-key guards and its psql commands beside the sandbox's.",
        query_keys: &[],
        prerender: Prerender::Content,
        parts: &[],
    }),
    (Surface::Cards, SurfaceInfo {
        route: "/cards",
        widget: "cards",
        title: "Test cards",
        summary: "Every Stripe test card and test PaymentMethod id, grouped by outcome.",
        query_keys: cards::keys::ALL,
        prerender: Prerender::Content,
        parts: &[],
    }),
    (Surface::Signer, SurfaceInfo {
        route: "/signer",
        widget: "signer",
        title: "Webhook signer",
        summary: "Craft a Stripe webhook event, sign it in the browser, send it, and verify headers.",
        query_keys: signer::keys::ALL,
        prerender: Prerender::Placeholder,
        parts: &[signer::VerifyPart::INFO, signer::SendPart::INFO, signer::ExactBytesPart::INFO],
    }),
    (Surface::Clocks, SurfaceInfo {
        route: "/clocks",
        widget: "clocks",
        title: "Test clocks",
        summary: "Subscription lifecycle scenarios on Stripe test clocks, with correct times and a script.",
        query_keys: clocks::keys::ALL,
        prerender: Prerender::Content,
        parts: &[clocks::replay::ReplayPart::INFO],
    }),
    (Surface::Subscribers, SurfaceInfo {
        route: "/subscribers",
        widget: "subscribers",
        title: "Subscribers",
        summary: "Stripe and App Store subscribers in one list, each person counted once.",
        query_keys: subscribers::keys::ALL,
        prerender: Prerender::Placeholder,
        parts: &[],
    }),
    (Surface::AppStore, SurfaceInfo {
        route: "/appstore",
        widget: "appstore",
        title: "App Store",
        summary: "Read and verify Apple's signed notifications; craft test ones and send them to the sandbox.",
        query_keys: appstore::keys::ALL,
        prerender: Prerender::Placeholder,
        parts: &[appstore::InspectionPart::INFO, appstore::CraftPart::INFO],
    }),
];

impl Surface {
    /// Every surface, in navigation order.
    pub fn all() -> impl Iterator<Item = Surface> {
        TABLE.iter().map(|(surface, _)| *surface)
    }

    /// Its row of the table.
    pub fn info(self) -> &'static SurfaceInfo {
        &TABLE
            .iter()
            .find(|(surface, _)| *surface == self)
            .expect("every surface has a row")
            .1
    }

    /// The surface a widget name asks for.
    pub fn from_widget_name(name: &str) -> Option<Surface> {
        Surface::all().find(|s| s.info().widget == name)
    }

    /// The surface a normalised path shows, if any.
    pub fn from_path(path: &str) -> Option<Surface> {
        Surface::all().find(|s| s.info().route == path)
    }

    /// The surface's page. A bundle calls it with its own surface, so that only that
    /// arm is compiled into it (inlined, the match on a constant folds away).
    #[inline(always)]
    pub fn view(self) -> AnyView {
        match self {
            Surface::Cards => view! { <cards::CardsPage/> }.into_any(),
            Surface::Signer => view! { <signer::SignerPage/> }.into_any(),
            Surface::Clocks => view! { <clocks::ClocksPage/> }.into_any(),
            Surface::Checklist => view! { <checklist::ChecklistPage/> }.into_any(),
            Surface::Subscribers => view! { <subscribers::SubscribersPage/> }.into_any(),
            Surface::AppStore => view! { <appstore::AppStorePage/> }.into_any(),
        }
    }
}

impl SurfaceInfo {
    /// The names of its parts the site build splits off.
    pub fn separate_parts(&self) -> impl Iterator<Item = &'static str> {
        self.parts.iter().filter(|p| p.separate).map(|p| p.name)
    }
}

/// The names of the parts the site build splits off, with their surface's widget.
pub fn separate_parts() -> impl Iterator<Item = (&'static str, &'static str)> {
    Surface::all().flat_map(|s| {
        let widget = s.info().widget;
        s.info().separate_parts().map(move |p| (widget, p))
    })
}

/// Widget names, for messages that list what a host page may ask for.
pub fn widget_names() -> String {
    Surface::all()
        .map(|s| s.info().widget)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Query keys used by more than one surface (none may be: widgets share the URL).
pub fn shared_query_keys() -> Vec<&'static str> {
    let mut seen = std::collections::HashSet::new();
    TABLE
        .iter()
        .flat_map(|(_, info)| info.query_keys)
        .filter(|key| !seen.insert(key.0))
        .map(|key| key.0)
        .collect()
}
