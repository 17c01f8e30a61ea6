//! Browser tests of the card catalog component: it filters and counts in a real DOM.

mod support;

use billing_testkit::mount::{take_over, Mounted, MOUNT_ATTR, STATIC_ATTR};
use billing_testkit::pages::cards::{rows_html, ROWS};
use billing_testkit::pages::Surface;
use leptos::task::tick;
use support::*;
use testkit_core::catalog::CARDS;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// The catalog as the loader gives it to the bundle: taking over what the build rendered
/// (the rows are only in that HTML).
fn take_over_cards(host: &HtmlElement, rows: &str) -> Result<Mounted, wasm_bindgen::JsValue> {
    let point: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    point.set_attribute(MOUNT_ATTR, "cards").unwrap();
    point.set_inner_html(&format!(
        "<table><tbody {STATIC_ATTR}=\"{ROWS}\">{rows}</tbody></table>"
    ));
    host.append_child(&point).unwrap();
    take_over(point, Surface::Cards, || Surface::Cards.view(), false)
}

#[wasm_bindgen_test]
async fn shows_every_card_then_filters_by_search_and_category() {
    let host = fresh_host();
    let _app = take_over_cards(&host, &rows_html(&CARDS)).unwrap();
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
    let _app = take_over_cards(&host, &rows_html(&CARDS)).unwrap();
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

#[wasm_bindgen_test]
async fn the_pre_rendered_rows_are_kept_and_copy_buttons_work_through_the_table() {
    let host = fresh_host();
    let _app = take_over_cards(&host, &rows_html(&CARDS)).unwrap();
    tick().await;
    // The rows were moved into the live table, not rendered again.
    let rows = shown_by_testid(&host, "card-row");
    assert_eq!(rows.len(), CARDS.len());
    assert!(host
        .query_selector(&format!(
            "[{STATIC_ATTR}='{ROWS}'] [data-testid='card-row']"
        ))
        .unwrap()
        .is_some());
    // Each row has its copy buttons, with their accessible names.
    let copy = rows[0]
        .query_selector("[data-testid='copy-number']")
        .unwrap()
        .unwrap();
    assert_eq!(
        copy.get_attribute("aria-label").unwrap(),
        format!("Copy card number {}", CARDS[0].grouped())
    );
    host.remove();
}

#[wasm_bindgen_test]
async fn a_page_built_without_the_rows_is_refused_with_the_reason() {
    let host = fresh_host();
    let refused = take_over_cards(&host, "")
        .err()
        .expect("no rows: no takeover");
    let message = js_sys::Reflect::get(&refused, &"message".into())
        .unwrap()
        .as_string()
        .unwrap();
    assert_eq!(
        message,
        format!("the page as built has no {ROWS} (reload the page)")
    );
    host.remove();
}
