//! The surfaces table: routes, widget names and URL query keys are unique (widgets of
//! several surfaces share one host page's URL), and every surface mounts as a widget.

mod support;

use billing_testkit::pages::{shared_query_keys, Surface};
use leptos::task::tick;
use std::collections::HashSet;
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn query_keys_routes_and_widget_names_are_unique() {
    assert_eq!(shared_query_keys(), Vec::<&str>::new());
    let routes: HashSet<_> = Surface::all().map(|s| s.info().route).collect();
    let widgets: HashSet<_> = Surface::all().map(|s| s.info().widget).collect();
    assert_eq!(routes.len(), Surface::all().count());
    assert_eq!(widgets.len(), Surface::all().count());
    for surface in Surface::all() {
        let info = surface.info();
        assert_eq!(Surface::from_path(info.route), Some(surface));
        assert_eq!(Surface::from_widget_name(info.widget), Some(surface));
        assert!(info.route.starts_with('/') && !info.title.is_empty());
    }
}

#[wasm_bindgen_test]
async fn every_surface_mounts_as_a_widget() {
    for surface in Surface::all() {
        let host = fresh_host();
        host.set_attribute("data-testkit", surface.info().widget)
            .unwrap();
        billing_testkit::mount::mount_widget(host.clone(), surface.info().widget).unwrap();
        tick().await;
        let root = host.shadow_root().expect("a shadow root");
        let frame = root.query_selector(".btk-widget").unwrap();
        assert!(frame.is_some(), "{} did not mount", surface.info().widget);
        assert!(root
            .query_selector("[data-testid='test-mode-banner']")
            .unwrap()
            .is_some());
    }
}
