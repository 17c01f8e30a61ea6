//! Browser tests of widget mounting: each `[data-testkit]` element gets its surface
//! inside a shadow root, with its own styles, and unknown names explain themselves.

mod support;

use billing_testkit::mount::{start, HOST_ATTR};
use leptos::task::tick;
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

fn shadow_root_of(host: &Element) -> Element {
    let shadow = host.shadow_root().expect("the widget has a shadow root");
    shadow
        .query_selector(".btk")
        .unwrap()
        .expect("the widget renders a .btk root")
        .unchecked_into()
}

#[wasm_bindgen_test]
async fn mounts_each_widget_once_in_its_own_shadow_root() {
    let first = fresh_host();
    first.set_attribute(HOST_ATTR, "cards").unwrap();
    let second = fresh_host();
    second.set_attribute(HOST_ATTR, "cards").unwrap();
    start();
    start(); // a second script load must not mount twice
    tick().await;

    for host in [&first, &second] {
        let root = shadow_root_of(host);
        assert!(!all_by_testid(&root, "card-row").is_empty());
        assert!(text(&by_testid(&root, "test-mode-banner")).contains("TEST MODE"));
        let styles = host
            .shadow_root()
            .unwrap()
            .query_selector_all("style")
            .unwrap();
        assert_eq!(styles.length(), 1);
    }
    // The light DOM holds nothing of the widget: host-page selectors cannot reach it.
    assert_eq!(
        document()
            .query_selector_all("[data-testid='card-row']")
            .unwrap()
            .length(),
        0
    );
    first.remove();
    second.remove();
}

#[wasm_bindgen_test]
async fn unknown_widget_names_say_which_exist() {
    let host = fresh_host();
    host.set_attribute(HOST_ATTR, "nope").unwrap();
    start();
    tick().await;
    let message = text(&shadow_root_of(&host));
    assert!(
        message.contains("No testkit widget is called \"nope\""),
        "{message}"
    );
    assert!(message.contains("cards"), "{message}");
    host.remove();
}
