//! Naming a JSON value in a message: scalars as written, arrays and objects by kind; and
//! reading a string field, for the readers that go through `Value`.
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

/// The string at `key` of an object, owned; `None` when absent or not a string.
pub fn text_at(v: &Value, key: &str) -> Option<String> {
    v.get(key)?.as_str().map(str::to_string)
}

/// Longest string shown in full; longer ones end in an ellipsis.
const SHOWN_CHARS: usize = 40;

/// `4`, `true`, `null`, `"abc"` (long strings cut), `a number` (a fraction: writing one
/// would bring a float printer), `an array`, `an object`.
pub fn brief(v: &Value) -> String {
    match v {
        Value::Bool(b) => if *b { "true" } else { "false" }.into(),
        Value::Number(n) => match n.as_i64() {
            Some(i) => i.to_string(),
            None => kind(v).into(),
        },
        Value::String(s) => {
            let shown: String = s.chars().take(SHOWN_CHARS).collect();
            let cut = if shown.len() < s.len() { "…" } else { "" };
            format!("\"{shown}{cut}\"")
        }
        _ => kind(v).into(),
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
            json!(-7),
            json!(true),
            json!(false),
            json!(null),
            json!("abc"),
        ] {
            assert_eq!(brief(&v), v.to_string());
        }
        assert_eq!(brief(&json!(-2.5)), "a number");
        assert_eq!(brief(&json!(u64::MAX)), "a number");
    }

    #[test]
    fn text_at_reads_only_strings() {
        let v = json!({"a": "x", "b": 1});
        assert_eq!(text_at(&v, "a").as_deref(), Some("x"));
        assert_eq!((text_at(&v, "b"), text_at(&v, "c")), (None, None));
        assert_eq!(text_at(&json!("a"), "a"), None);
    }

    #[test]
    fn containers_are_named_and_long_strings_cut() {
        assert_eq!(brief(&json!([1, 2])), "an array");
        assert_eq!(brief(&json!({"a": 1})), "an object");
        let long = "é".repeat(50);
        assert_eq!(brief(&json!(long)), format!("\"{}…\"", "é".repeat(40)));
        assert_eq!(
            brief(&json!("é".repeat(40))),
            format!("\"{}\"", "é".repeat(40))
        );
    }
}
