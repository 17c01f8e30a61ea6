//! Copy to the clipboard, with a fallback for pages that are not a secure context.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Writes `text` to the clipboard; false when the browser refused both ways.
pub async fn write(text: &str) -> bool {
    let navigator = super::window().navigator();
    let clipboard = navigator.clipboard();
    let written = JsFuture::from(clipboard.write_text(text)).await.is_ok();
    written || write_with_selection(text)
}

/// `execCommand("copy")` on a hidden textarea: works on http:// intranet hosts where
/// the async Clipboard API is unavailable.
fn write_with_selection(text: &str) -> bool {
    let document = super::document();
    let Some(body) = document.body() else {
        return false;
    };
    let Ok(area) = document.create_element("textarea") else {
        return false;
    };
    let Ok(area) = area.dyn_into::<web_sys::HtmlTextAreaElement>() else {
        return false;
    };
    area.set_value(text);
    let _ = area.set_attribute("readonly", "");
    let _ = area.set_attribute("style", "position:fixed;top:-1000px;opacity:0");
    let _ = body.append_child(&area);
    area.select();
    let copied = document
        .dyn_ref::<web_sys::HtmlDocument>()
        .and_then(|d| d.exec_command("copy").ok())
        .unwrap_or(false);
    area.remove();
    copied
}
