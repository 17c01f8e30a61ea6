//! Saving generated text as a file the browser downloads.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

/// Offers `text` as a download named `filename`; false when the browser refused.
pub fn save_text(filename: &str, mime: &str, text: &str) -> bool {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return false;
    };
    let Ok(url) = Url::create_object_url_with_blob(&blob) else {
        return false;
    };
    let document = super::document();
    let link: Option<HtmlAnchorElement> = document
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into().ok());
    let saved = match (link, document.body()) {
        (Some(link), Some(body)) => {
            link.set_href(&url);
            link.set_download(filename);
            let _ = body.append_child(&link);
            link.click();
            link.remove();
            true
        }
        _ => false,
    };
    let _ = Url::revoke_object_url(&url);
    saved
}
