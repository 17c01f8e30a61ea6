//! Thin wrappers over browser APIs (URL query, clipboard, time, origin) so views stay
//! declarative. Natively (pre-rendering at build time, `crates/site`) the ones a view
//! calls while it is built answer what a first visit sees: no query, no storage, the
//! build's time; the others are only called from event handlers and effects, which never
//! run there.

pub mod clipboard;
pub mod clock;
pub mod download;
pub mod js_object;
pub mod listener;
pub mod origin;
pub mod storage;
pub mod url_query;
pub mod webcrypto;

/// True while views are rendered to HTML at build time rather than run in a browser.
pub const fn prerendering() -> bool {
    !cfg!(target_arch = "wasm32")
}

/// The page's `window`; the app only runs in a browser.
pub fn window() -> web_sys::Window {
    web_sys::window().expect("billing-testkit runs in a browser window")
}

pub fn document() -> web_sys::Document {
    window()
        .document()
        .expect("billing-testkit runs in a document")
}
