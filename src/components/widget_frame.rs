//! The frame of a surface hosted in a docs page: scoping root, banner, surface.

use leptos::prelude::*;

use crate::components::TestModeBanner;

#[component]
pub fn WidgetFrame(children: Children) -> impl IntoView {
    view! {
        <div class="btk btk-widget">
            <TestModeBanner compact=true/>
            <div class="btk-widget-body">{children()}</div>
        </div>
    }
}
