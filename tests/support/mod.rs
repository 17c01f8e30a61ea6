//! Helpers shared by the browser tests: mounting into a fresh element, typing, querying.

#![allow(dead_code)]

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A new, empty element appended to the body.
pub fn fresh_host() -> HtmlElement {
    let host: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&host).unwrap();
    host
}

pub fn by_testid(root: &Element, id: &str) -> Element {
    root.query_selector(&format!("[data-testid='{id}']"))
        .unwrap()
        .unwrap_or_else(|| panic!("no element with data-testid={id}"))
}

pub fn all_by_testid(root: &Element, id: &str) -> Vec<Element> {
    let list = root
        .query_selector_all(&format!("[data-testid='{id}']"))
        .unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().unchecked_into())
        .collect()
}

/// Elements with that `data-testid` that are shown (no `hidden` attribute).
pub fn shown_by_testid(root: &Element, id: &str) -> Vec<Element> {
    all_by_testid(root, id)
        .into_iter()
        .filter(|e| !e.has_attribute("hidden"))
        .collect()
}

/// Sets an input's value and fires `input`, as typing would.
pub fn type_into(input: &Element, text: &str) {
    let input: &HtmlInputElement = input.unchecked_ref();
    input.set_value(text);
    let event = web_sys::Event::new("input").unwrap();
    input.dispatch_event(&event).unwrap();
}

pub fn click(el: &Element) {
    el.unchecked_ref::<HtmlElement>().click();
}

pub fn text(el: &Element) -> String {
    el.text_content().unwrap_or_default()
}
