//! A JSON object from its fields, in order. The event builders use it rather than
//! `json!`, which sends every value it is given through `serde_json::to_value` and an
//! `unwrap`: code for each field in the browser bundles, and a `Debug` printer for an error
//! that cannot happen, where a `Value` built directly needs neither.

use serde_json::{Map, Value};

/// The object with `fields`, in the order given.
pub fn object<const N: usize>(fields: [(&str, Value); N]) -> Value {
    Value::Object(
        fields
            .into_iter()
            .map(|(key, value)| (key.to_string(), value))
            .collect::<Map<String, Value>>(),
    )
}
