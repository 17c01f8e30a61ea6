//! Signing exact bytes instead of the editor's text: a file, base64 or hex. The inputs are
//! a part of their own (`src/bin/signer-bytes.rs`), downloaded when someone opens them;
//! the page gives the part a function that takes the bytes given (or why they are
//! unusable, or `null` for the editor's text), its one tie to the page.

use leptos::prelude::*;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::body_input::{BodyInput, BodyModes};
use super::state::SignerState;
use crate::browser::js_object::owned_function;
use crate::components::PartToggle;

/// What crosses from the part to the page: the bytes as a `Uint8Array`, why they are
/// unusable as a string, or `null` when the editor's text is signed.
fn to_js(exact: Option<Result<Vec<u8>, String>>) -> JsValue {
    match exact {
        None => JsValue::NULL,
        Some(Ok(bytes)) => js_sys::Uint8Array::from(bytes.as_slice()).into(),
        Some(Err(why)) => JsValue::from_str(&why),
    }
}

/// The page's reading of [`to_js`]; anything else is the editor's text.
fn from_js(value: &JsValue) -> Option<Result<Vec<u8>, String>> {
    if let Some(bytes) = value.dyn_ref::<js_sys::Uint8Array>() {
        Some(Ok(bytes.to_vec()))
    } else {
        value.as_string().map(Err)
    }
}

/// The button that opens the exact-bytes inputs; while they are closed, the editor's text
/// is signed.
#[component]
pub fn ExactBytesToggle(state: SignerState) -> impl IntoView {
    // The part's context: a function that sets the bytes signed, alive as long as this
    // button.
    let context = owned_function(Closure::<dyn Fn(JsValue)>::new(move |value: JsValue| {
        state.exact.try_set(from_js(&value));
    }));
    view! {
        <PartToggle name="signer-bytes" loading="Loading the exact-bytes inputs…" testid="sig-body-exact-open"
            id="btk-sig-body-exact" show="Sign exact bytes instead (a file, base64 or hex)"
            hide="Close the exact-bytes inputs (sign the editor's text)" context=context/>
    }
}

/// The exact-bytes inputs as a part: every change of the bytes given goes to the page
/// through `context`; closing the part gives the page back the editor's text.
#[component]
pub fn ExactBytesPart(context: JsValue) -> impl IntoView {
    let Some(give) = context.dyn_into::<js_sys::Function>().ok() else {
        return view! {
            <p class="btk-error" role="alert">"The exact-bytes inputs need the signer page."</p>
        }
        .into_any();
    };
    let give = StoredValue::new_local(give);
    let send = move |exact: Option<Result<Vec<u8>, String>>| {
        // On cleanup the page (or this part's owner) may already be gone.
        give.try_with_value(|f| {
            let _ = f.call1(&JsValue::NULL, &to_js(exact));
        });
    };
    let input = BodyInput::new();
    Effect::new(move |_| {
        send(input.exact_bytes_or_text());
    });
    on_cleanup(move || send(None));
    view! {
        <div data-testid="sig-body-exact">
            <BodyModes input=input prefix="sig-body" text_label="The editor's text"/>
        </div>
    }
    .into_any()
}
