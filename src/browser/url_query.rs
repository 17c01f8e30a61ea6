//! Filter state in the URL query, so a copied link reproduces what the person sees.
//! Written with `history.replaceState`: typing does not flood the back button.

use wasm_bindgen::JsValue;
use web_sys::UrlSearchParams;

/// A key of the URL query that a surface reads and writes. Each surface declares its
/// own keys (in its page module) and lists them in the surfaces table, which checks
/// that no two surfaces share one: widgets of several surfaces share the host page's URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct QueryKey(pub &'static str);

fn current_params() -> Option<UrlSearchParams> {
    if super::prerendering() {
        return None;
    }
    let search = super::window().location().search().ok()?;
    UrlSearchParams::new_with_str(&search).ok()
}

/// The key's value in the current URL, if present.
pub fn get(key: QueryKey) -> Option<String> {
    current_params()?.get(key.0)
}

/// Sets (or, with `None` or an empty value, removes) keys, keeping all others.
pub fn set(values: &[(QueryKey, Option<String>)]) {
    let Some(params) = current_params() else {
        return;
    };
    for (key, value) in values {
        let key = key.0;
        match value.as_deref().filter(|v| !v.is_empty()) {
            Some(v) => params.set(key, v),
            None => params.delete(key),
        }
    }
    let location = super::window().location();
    let query = String::from(params.to_string());
    let path = location.pathname().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    let url = if query.is_empty() {
        format!("{path}{hash}")
    } else {
        format!("{path}?{query}{hash}")
    };
    let current = format!("{path}{}{hash}", location.search().unwrap_or_default());
    if url == current {
        return;
    }
    if let Ok(history) = super::window().history() {
        let state = history.state().unwrap_or(JsValue::NULL);
        let _ = history.replace_state_with_url(&state, "", Some(&url));
    }
}
