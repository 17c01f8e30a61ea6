//! Browser tests of the card catalog component: it filters and counts in a real DOM.

mod support;

use billing_testkit::pages::Surface;
use leptos::task::tick;
use support::*;
use testkit_core::catalog::CARDS;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn shows_every_card_then_filters_by_search_and_category() {
    let host = fresh_host();
    let _app = leptos::mount::mount_to(host.clone(), || Surface::Cards.view());
    tick().await;

    assert_eq!(shown_by_testid(&host, "card-row").len(), CARDS.len());
    let total = CARDS.len();
    assert_eq!(
        text(&by_testid(&host, "card-count")),
        format!("{total} of {total} cards")
    );

    type_into(&by_testid(&host, "card-search"), "4000 0000 0000 0341");
    tick().await;
    let rows = shown_by_testid(&host, "card-row");
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].get_attribute("data-number").as_deref(),
        Some("4000000000000341")
    );
    assert_eq!(
        text(&by_testid(&host, "card-count")),
        format!("1 of {total} cards")
    );

    type_into(&by_testid(&host, "card-search"), "");
    click(&by_testid(&host, "card-category-refund"));
    tick().await;
    assert_eq!(shown_by_testid(&host, "card-row").len(), 2);
    let pressed = by_testid(&host, "card-category-refund").get_attribute("aria-pressed");
    assert_eq!(pressed.as_deref(), Some("true"));

    type_into(&by_testid(&host, "card-search"), "no such card");
    tick().await;
    assert_eq!(shown_by_testid(&host, "card-row").len(), 0);
    assert_eq!(
        text(&by_testid(&host, "card-count")),
        format!("0 of {total} cards")
    );
    host.remove();
}

#[wasm_bindgen_test]
async fn filter_state_is_written_to_the_url() {
    let host = fresh_host();
    let _app = leptos::mount::mount_to(host.clone(), || Surface::Cards.view());
    tick().await;
    click(&by_testid(&host, "card-category-decline"));
    type_into(&by_testid(&host, "card-search"), "lost");
    tick().await;
    let search = web_sys::window().unwrap().location().search().unwrap();
    assert!(search.contains("category=decline"), "{search}");
    assert!(search.contains("q=lost"), "{search}");
    assert_eq!(shown_by_testid(&host, "card-row").len(), 1);

    click(&by_testid(&host, "card-category-all"));
    type_into(&by_testid(&host, "card-search"), "");
    tick().await;
    let search = web_sys::window().unwrap().location().search().unwrap();
    assert!(
        !search.contains("category=") && !search.contains("q="),
        "{search}"
    );
    host.remove();
}
