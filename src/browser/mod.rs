//! Thin wrappers over browser APIs (URL query, clipboard, time, origin) so views stay
//! declarative.

pub mod clipboard;
pub mod clock;
pub mod download;
pub mod listener;
pub mod origin;
pub mod storage;
pub mod url_query;
pub mod webcrypto;

/// The page's `window`; the app only runs in a browser.
pub fn window() -> web_sys::Window {
    web_sys::window().expect("billing-testkit runs in a browser window")
}

pub fn document() -> web_sys::Document {
    window()
        .document()
        .expect("billing-testkit runs in a document")
}
