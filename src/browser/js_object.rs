//! Plain JS objects and functions, for what crosses to the browser's APIs (WebCrypto's
//! algorithm parameters) and between a page and its parts (other wasm modules, which
//! share no Rust values with it: `components::part`).

use js_sys::{Object, Reflect};
use leptos::prelude::StoredValue;
use wasm_bindgen::closure::{Closure, WasmClosure};
use wasm_bindgen::JsValue;

/// An object with these properties.
pub fn object(pairs: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object
}

/// A property of an object, when it has one.
pub fn value_at(object: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(object, &JsValue::from_str(key)).ok()
}

/// A JS function made of `closure`, alive as long as the current reactive owner (the
/// view that made it): once that is gone, calling it throws, which its callers catch.
pub fn owned_function<T: ?Sized + WasmClosure + 'static>(closure: Closure<T>) -> JsValue {
    let function = closure.as_ref().clone();
    StoredValue::new_local(closure);
    function
}
