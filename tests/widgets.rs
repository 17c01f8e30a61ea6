//! Browser tests of a bundle taking over pre-rendered HTML: the live view replaces the
//! element in one step (same place, same attribute), in a docs-page frame or not, and
//! unmounting removes it and what it owns.

mod support;

use billing_testkit::mount::{take_over, LIVE_ATTR, MOUNT_ATTR, STATIC_ATTR};
use billing_testkit::pages::cards::ROWS;
use billing_testkit::pages::Surface;
use leptos::task::tick;
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// A host holding what the build would have rendered: a mount point with stand-in content
/// (and a stand-in for the content a surface keeps rather than renders: the card rows).
fn prerendered_in(host: &HtmlElement, widget: &str) -> HtmlElement {
    let point: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    point.set_attribute(MOUNT_ATTR, widget).unwrap();
    point.set_inner_html(&format!(
        "<p class=\"stand-in\">rendered at build time</p><table><tbody {STATIC_ATTR}=\"{ROWS}\">\
         <tr data-testid=\"card-row\"><td>kept row</td></tr></tbody></table>"
    ));
    host.append_child(&point).unwrap();
    point
}

#[wasm_bindgen_test]
async fn a_widget_takes_over_its_prerendered_element_in_place() {
    let host = fresh_host();
    let before = document().create_element("p").unwrap();
    host.append_child(&before).unwrap();
    let point = prerendered_in(&host, "cards");
    let after = document().create_element("p").unwrap();
    host.append_child(&after).unwrap();

    let mut mounted = take_over(
        point.clone(),
        Surface::Cards,
        || Surface::Cards.view(),
        true,
    )
    .unwrap();
    // Synchronously, before any paint: the stand-in is gone and the live view is there.
    assert!(!point.is_connected());
    let live = host.children().item(1).unwrap();
    assert_eq!(live.get_attribute(MOUNT_ATTR).as_deref(), Some("cards"));
    assert!(live.has_attribute(LIVE_ATTR));
    assert!(host.query_selector(".stand-in").unwrap().is_none());
    assert!(live.query_selector(".btk.btk-widget").unwrap().is_some());
    tick().await;
    assert!(!all_by_testid(&live, "card-search").is_empty());
    assert_eq!(
        text(&by_testid(&live, "card-row")),
        "kept row",
        "the pre-rendered rows are kept"
    );
    assert!(text(&by_testid(&live, "test-mode-banner")).contains("TEST MODE"));
    assert_eq!(
        host.children().length(),
        3,
        "the neighbours stay where they were"
    );

    mounted.unmount();
    tick().await;
    assert!(
        all_by_testid(&live, "card-search").is_empty(),
        "unmount removes the view"
    );
    host.remove();
}

#[wasm_bindgen_test]
async fn in_the_app_a_surface_renders_without_the_widget_frame() {
    let host = fresh_host();
    let point = prerendered_in(&host, "checklist");
    let _mounted = take_over(
        point,
        Surface::Checklist,
        || Surface::Checklist.view(),
        false,
    )
    .unwrap();
    tick().await;
    assert!(host.query_selector(".btk-widget").unwrap().is_none());
    assert!(host
        .query_selector("[data-testid='test-mode-banner']")
        .unwrap()
        .is_none());
    assert!(host
        .query_selector("[data-testid='checklist-status']")
        .unwrap()
        .is_some());
    host.remove();
}
