//! The frame of a surface hosted in a docs page: scoping root, banner, surface.

use leptos::prelude::*;

use crate::components::TestModeBanner;
use crate::pages::{widget_names, Surface};

#[component]
pub fn WidgetFrame(
    /// The host element's `data-testkit` value.
    name: String,
) -> impl IntoView {
    let body = match Surface::from_widget_name(&name) {
        Some(surface) => surface.view(),
        None => view! {
            <p class="btk-error" role="alert">
                {format!(
                    "No testkit widget is called \"{name}\". Use one of: {}.",
                    widget_names()
                )}
            </p>
        }
        .into_any(),
    };
    view! {
        <div class="btk btk-widget">
            <TestModeBanner compact=true/>
            <div class="btk-widget-body">{body}</div>
        </div>
    }
}
