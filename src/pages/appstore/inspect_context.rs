//! What crosses from the App Store page to its verifier part (another wasm module, which
//! shares no signals with the page): the pasted text and the verifier's settings, as a
//! plain JS object `{text, roots, environment, bundleId, appAppleId}`. The page
//! encodes, the part decodes; each bundle keeps only its half.

use testkit_core::appstore::{Environment, VerifierConfig};
use wasm_bindgen::{JsCast, JsValue};

use crate::browser::js_object::{object, value_at};

/// The page's half: what the part verifies.
pub fn to_js(text: &str, config: &VerifierConfig) -> JsValue {
    let roots: js_sys::Array = config
        .roots
        .iter()
        .map(|der| JsValue::from(js_sys::Uint8Array::from(der.as_slice())))
        .collect();
    object(&[
        ("text", text.into()),
        ("roots", roots.into()),
        ("environment", config.environment.as_str().into()),
        ("bundleId", config.bundle_id.as_str().into()),
        (
            "appAppleId",
            config
                .app_apple_id
                .map_or(JsValue::NULL, |id| (id as f64).into()),
        ),
    ])
    .into()
}

/// The part's half: the text and the settings, or `None` for anything else. The part
/// sets the current time itself, at each verification.
pub fn from_js(value: &JsValue) -> Option<(String, VerifierConfig)> {
    let get = |key: &str| value_at(value, key);
    let text = get("text")?.as_string()?;
    let roots = get("roots")?
        .dyn_into::<js_sys::Array>()
        .ok()?
        .iter()
        .map(|r| r.dyn_into::<js_sys::Uint8Array>().map(|b| b.to_vec()).ok())
        .collect::<Option<Vec<_>>>()?;
    let environment = Environment::parse(&get("environment")?.as_string()?)?;
    let bundle_id = get("bundleId")?.as_string()?;
    let app_apple_id = get("appAppleId")?.as_f64().map(|id| id as i64);
    let config = VerifierConfig::new(roots, environment, &bundle_id, app_apple_id).ok()?;
    Some((text, config))
}
