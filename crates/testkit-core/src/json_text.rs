//! Naming a JSON value in a message: scalars as written, arrays and objects by kind.
//! Written out here rather than with `Value`'s `Display`, which would put serde_json's
//! whole serialiser into every bundle that reports a bad row.

use serde_json::Value;

/// "a string", "an array"... for messages.
pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Longest string shown in full; longer ones end in an ellipsis.
const SHOWN_CHARS: usize = 40;

/// `4`, `true`, `null`, `"abc"` (long strings cut), `an array`, `an object`.
pub fn brief(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => if *b { "true" } else { "false" }.into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => match s.char_indices().nth(SHOWN_CHARS) {
            Some((cut, _)) => format!("\"{}…\"", &s[..cut]),
            None => format!("\"{s}\""),
        },
        Value::Array(_) | Value::Object(_) => kind(v).into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scalars_are_written_as_json_writes_them() {
        for v in [
            json!(4),
            json!(-2.5),
            json!(true),
            json!(false),
            json!(null),
            json!("abc"),
        ] {
            assert_eq!(brief(&v), v.to_string());
        }
    }

    #[test]
    fn containers_are_named_and_long_strings_cut() {
        assert_eq!(brief(&json!([1, 2])), "an array");
        assert_eq!(brief(&json!({"a": 1})), "an object");
        let long = "é".repeat(50);
        assert_eq!(brief(&json!(long)), format!("\"{}…\"", "é".repeat(40)));
    }
}
