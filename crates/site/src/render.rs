//! The HTML a browser shows before any wasm arrives, rendered natively from the app's
//! own views (Leptos's `ssr` renderer): each route of the full app inside its frame, and
//! each surface as a docs-page widget. The bundle that takes over renders the same views
//! into the same `[data-btk-mount]` element (`billing_testkit::mount`).

use billing_testkit::app::{AppShell, Route};
use billing_testkit::components::WidgetFrame;
use billing_testkit::pages::{HomePage, NotFoundPage, Prerender, Surface};
use leptos::prelude::*;

/// Renders a view to HTML in its own reactive owner.
fn html<V: IntoView + 'static>(view: impl FnOnce() -> V) -> String {
    let owner = Owner::new();
    owner.with(|| view().to_html())
}

/// What the build puts where a surface's bundle will take over: its first view, or a
/// line saying what is loading (see [`Prerender`]).
fn surface_content(surface: Surface) -> AnyView {
    let info = surface.info();
    match info.prerender {
        Prerender::Content => surface.view(),
        Prerender::Placeholder => view! {
            <p class="btk-loading" role="status">{format!("Loading {}…", info.title)}</p>
        }
        .into_any(),
    }
}

/// The element a bundle takes over (`billing_testkit::mount::MOUNT_ATTR`), with what it
/// shows until then.
fn mount_point(surface: Surface, rendered_at: i64, content: AnyView) -> AnyView {
    view! {
        <div data-btk-mount=surface.info().widget data-btk-rendered-at=rendered_at>{content}</div>
    }
    .into_any()
}

/// A surface in the full app's main area (what in-app navigation swaps in).
pub fn app_main(surface: Surface, rendered_at: i64) -> String {
    html(move || mount_point(surface, rendered_at, surface_content(surface)))
}

/// The overview's main area (static: it has no bundle).
pub fn overview_main() -> String {
    html(|| view! { <HomePage/> })
}

/// A route of the full app: frame, navigation and main area.
pub fn app_body(route: Route, main: String) -> String {
    html(move || view! { <AppShell route=route main=main/> })
}

/// The not-found page's main area.
pub fn not_found_main() -> String {
    html(|| view! { <NotFoundPage/> })
}

/// A surface as a docs-page widget: the loader puts this inside the widget's shadow root.
pub fn widget(surface: Surface, rendered_at: i64) -> String {
    html(move || {
        mount_point(
            surface,
            rendered_at,
            view! { <WidgetFrame>{surface_content(surface)}</WidgetFrame> }.into_any(),
        )
    })
}
