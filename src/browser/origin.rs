//! Where the testkit's own services live: the origin that served the app (or, for a
//! widget in a docs page, the origin the embed script came from).

use wasm_bindgen::JsValue;

/// Set by `testkit-embed.js` before the app starts.
const EMBED_BASE_GLOBAL: &str = "billingTestkitBase";

/// The testkit's origin, e.g. `http://127.0.0.1:8080`; empty while pre-rendering, where
/// links stay root-relative (the loader resolves them against the testkit's origin).
pub fn service_origin() -> String {
    if super::prerendering() {
        return String::new();
    }
    let global = js_sys::global();
    let base = js_sys::Reflect::get(&global, &JsValue::from_str(EMBED_BASE_GLOBAL))
        .ok()
        .and_then(|v| v.as_string());
    let from_embed = base
        .and_then(|b| web_sys::Url::new(&b).ok())
        .map(|u| u.origin());
    from_embed.unwrap_or_else(|| super::window().location().origin().unwrap_or_default())
}

/// True when `url` is served from the page's own origin (so CORS cannot block it).
pub fn is_same_origin(url: &str) -> bool {
    let page = super::window().location().origin().unwrap_or_default();
    web_sys::Url::new_with_base(url, &page)
        .map(|u| u.origin() == page)
        .unwrap_or(false)
}
