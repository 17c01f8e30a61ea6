//! The surfaces table: routes, widget names and URL query keys are unique (widgets of
//! several surfaces share one host page's URL), and every surface mounts as a widget.

mod support;

use billing_testkit::mount::{take_over, STATIC_ATTR};
use billing_testkit::pages::cards::ROWS;
use billing_testkit::pages::{shared_query_keys, Surface};
use leptos::task::tick;
use std::collections::HashSet;
use support::*;
use wasm_bindgen::JsCast;
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
async fn every_surface_takes_over_as_a_widget() {
    for surface in Surface::all() {
        let host = fresh_host();
        let point: web_sys::HtmlElement =
            document().create_element("div").unwrap().unchecked_into();
        // What the build renders and a surface keeps (the catalog's rows).
        point.set_inner_html(&format!(
            "<table><tbody {STATIC_ATTR}=\"{ROWS}\"><tr><td>kept row</td></tr></tbody></table>"
        ));
        host.append_child(&point).unwrap();
        let _mounted = take_over(point, surface, move || surface.view(), true).unwrap();
        tick().await;
        let frame = host.query_selector(".btk-widget").unwrap();
        assert!(frame.is_some(), "{} did not mount", surface.info().widget);
        assert!(host
            .query_selector("[data-testid='test-mode-banner']")
            .unwrap()
            .is_some());
        host.remove();
    }
}
