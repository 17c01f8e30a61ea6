//! JSON written the way real encoders write it: a layout (compact, pretty, Python's
//! default separators), keys as given or sorted at every depth, and non-ASCII characters
//! as UTF-8 or escaped as `\uXXXX`. The diagnosis re-signs these to find how the signed
//! bytes were produced.

use serde_json::Value;

use crate::events::Layout;

/// How an encoder writes a JSON value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JsonEncoding {
    /// Whitespace between tokens.
    pub layout: Layout,
    /// Object keys sorted by code point at every depth (Python's `sort_keys=True`).
    pub sorted_keys: bool,
    /// Characters from U+007F up written as `\uXXXX` (surrogate pairs above U+FFFF), as
    /// Python's `json.dumps` does by default (`ensure_ascii=True`).
    pub escape_non_ascii: bool,
}

impl JsonEncoding {
    /// The Python call that writes a parsed body this way, e.g.
    /// `json.dumps(obj, sort_keys=True, separators=(",", ":"))`.
    pub fn python_call(&self) -> String {
        let mut args = vec!["obj"];
        match self.layout {
            Layout::Compact => args.push(r#"separators=(",", ":")"#),
            Layout::Pretty => args.push("indent=2"),
            Layout::PythonDefault => {}
        }
        if self.sorted_keys {
            args.push("sort_keys=True");
        }
        if !self.escape_non_ascii {
            args.push("ensure_ascii=False");
        }
        format!("json.dumps({})", args.join(", "))
    }
}

/// `value` written with `encoding`. Keys keep the value's order unless sorting is asked.
pub fn encode_json(value: &Value, encoding: JsonEncoding) -> String {
    let mut out = String::new();
    write_value(&mut out, value, encoding, 0);
    out
}

/// Whether every object, at every depth, has its keys in code point order (what
/// Python's `sort_keys=True` produces).
pub fn keys_sorted(value: &Value) -> bool {
    match value {
        Value::Object(map) => {
            map.keys().zip(map.keys().skip(1)).all(|(a, b)| a <= b) && map.values().all(keys_sorted)
        }
        Value::Array(items) => items.iter().all(keys_sorted),
        _ => true,
    }
}

/// Whether a key or string of `value` has a character that `escape_non_ascii` changes
/// (U+007F and up): without one, both settings write the same bytes.
pub fn has_escapable(value: &Value) -> bool {
    let escapable = |s: &str| s.chars().any(|c| c >= '\u{7f}');
    match value {
        Value::Object(map) => map.iter().any(|(k, v)| escapable(k) || has_escapable(v)),
        Value::Array(items) => items.iter().any(has_escapable),
        Value::String(s) => escapable(s),
        _ => false,
    }
}

/// Counts the objects and keys of `value`, at every depth.
pub fn count_keys(value: &Value) -> usize {
    match value {
        Value::Object(map) => map.len() + map.values().map(count_keys).sum::<usize>(),
        Value::Array(items) => items.iter().map(count_keys).sum(),
        _ => 0,
    }
}

/// Whether JSON text writes a non-ASCII character (U+0080 and up) as a `\uXXXX` escape
/// inside a string. Reads the text as it is, without parsing it.
pub fn escapes_non_ascii(text: &[u8]) -> bool {
    let mut in_string = false;
    let mut i = 0;
    while i < text.len() {
        match (in_string, text[i]) {
            (false, b'"') => in_string = true,
            (true, b'"') => in_string = false,
            (true, b'\\') => {
                if text.get(i + 1) == Some(&b'u') {
                    let code = text
                        .get(i + 2..i + 6)
                        .and_then(|h| std::str::from_utf8(h).ok())
                        .and_then(|h| u32::from_str_radix(h, 16).ok());
                    if code.is_some_and(|c| c >= 0x80) {
                        return true;
                    }
                }
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    false
}

fn write_value(out: &mut String, value: &Value, encoding: JsonEncoding, depth: usize) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        // serde_json's number text: the same digits its serializer writes.
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => write_string(out, s, encoding.escape_non_ascii),
        Value::Array(items) => {
            write_container(out, '[', ']', items.len(), encoding, depth, |out, i| {
                write_value(out, &items[i], encoding, depth + 1)
            })
        }
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            if encoding.sorted_keys {
                heap_sort(&mut entries);
            }
            write_container(out, '{', '}', entries.len(), encoding, depth, |out, i| {
                let (key, item) = entries[i];
                write_string(out, key, encoding.escape_non_ascii);
                out.push_str(match encoding.layout {
                    Layout::Compact => ":",
                    Layout::Pretty | Layout::PythonDefault => ": ",
                });
                write_value(out, item, encoding, depth + 1);
            })
        }
    }
}

/// Sorts entries by key in code point order (str's order, Python's too). A heap sort:
/// O(n log n), so an object of 10,000 keys (a 1 MB body's metadata) sorts in
/// milliseconds (the insertion sort before it took a second in the browser), and a few
/// lines of code where the standard sort would add its routines to the browser bundle.
/// Keys of a JSON object are distinct, so the sort's instability changes nothing.
fn heap_sort<T>(entries: &mut [(&String, T)]) {
    fn sift_down<T>(entries: &mut [(&String, T)], mut root: usize, end: usize) {
        loop {
            let mut child = 2 * root + 1;
            if child >= end {
                return;
            }
            if child + 1 < end && entries[child].0 < entries[child + 1].0 {
                child += 1;
            }
            if entries[root].0 >= entries[child].0 {
                return;
            }
            entries.swap(root, child);
            root = child;
        }
    }
    let len = entries.len();
    for root in (0..len / 2).rev() {
        sift_down(entries, root, len);
    }
    for end in (1..len).rev() {
        entries.swap(0, end);
        sift_down(entries, 0, end);
    }
}

/// Brackets, separators and indentation around `len` items; empty containers are `[]`
/// and `{}` in every layout (as serde_json, Python and JavaScript write them).
fn write_container(
    out: &mut String,
    open: char,
    close: char,
    len: usize,
    encoding: JsonEncoding,
    depth: usize,
    mut item: impl FnMut(&mut String, usize),
) {
    out.push(open);
    if len == 0 {
        out.push(close);
        return;
    }
    let indent = |out: &mut String, level: usize| {
        out.push('\n');
        for _ in 0..level {
            out.push_str("  ");
        }
    };
    for i in 0..len {
        if i > 0 {
            out.push_str(match encoding.layout {
                Layout::Compact | Layout::Pretty => ",",
                Layout::PythonDefault => ", ",
            });
        }
        if encoding.layout == Layout::Pretty {
            indent(out, depth + 1);
        }
        item(out, i);
    }
    if encoding.layout == Layout::Pretty {
        indent(out, depth);
    }
    out.push(close);
}

/// A JSON string with the escapes serde_json, Python and JavaScript agree on (`\"`, `\\`,
/// `\b \f \n \r \t`, other controls as `\u00XX` in lowercase), and optionally everything
/// from U+007F up as lowercase `\uXXXX` (Python's `ensure_ascii=True`).
fn write_string(out: &mut String, text: &str, escape_non_ascii: bool) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 || (escape_non_ascii && u32::from(c) >= 0x7f) => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(layout: Layout, sorted_keys: bool, escape_non_ascii: bool) -> JsonEncoding {
        JsonEncoding {
            layout,
            sorted_keys,
            escape_non_ascii,
        }
    }

    fn value(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn compact_and_pretty_equal_serde_json() {
        let v = value(
            r#"{"z":[1,2.5,{"q":null,"e":{}},[]],"a":"é\u0001\n\"\\","m":{"x":true,"b":[false]}}"#,
        );
        assert_eq!(
            encode_json(&v, enc(Layout::Compact, false, false)),
            serde_json::to_string(&v).unwrap()
        );
        assert_eq!(
            encode_json(&v, enc(Layout::Pretty, false, false)),
            serde_json::to_string_pretty(&v).unwrap()
        );
    }

    #[test]
    fn python_default_layout_and_escapes() {
        // Python: json.dumps({"b": ["é", {}], "a": "🧾\x7f", "c": {"x": 1, "d": []}})
        let v = value(r#"{"b":["é",{}],"a":"🧾\u007f","c":{"x":1,"d":[]}}"#);
        assert_eq!(
            encode_json(&v, enc(Layout::PythonDefault, false, true)),
            r#"{"b": ["\u00e9", {}], "a": "\ud83e\uddfe\u007f", "c": {"x": 1, "d": []}}"#
        );
        assert_eq!(
            encode_json(&v, enc(Layout::Compact, true, false)),
            "{\"a\":\"🧾\u{7f}\",\"b\":[\"é\",{}],\"c\":{\"d\":[],\"x\":1}}"
        );
    }

    #[test]
    fn sorts_by_code_point_at_every_depth() {
        let v = value(r#"{"é":1,"b":{"z":1,"Z":2,"a":[{"y":1,"x":2}]},"a":0}"#);
        assert!(!keys_sorted(&v));
        let sorted = encode_json(&v, enc(Layout::Compact, true, false));
        assert_eq!(
            sorted,
            r#"{"a":0,"b":{"Z":2,"a":[{"x":2,"y":1}],"z":1},"é":1}"#
        );
        assert!(keys_sorted(&value(&sorted)));
    }

    #[test]
    fn sorts_many_keys_like_the_standard_sort() {
        // Keys in a scrambled order, some sharing prefixes, one non-ASCII.
        let keys: Vec<String> = (0..2000u32)
            .map(|i| format!("k{}", (i * 7919) % 2003))
            .chain(["é".to_string(), "K".to_string(), String::new()])
            .collect();
        let object: serde_json::Map<String, Value> =
            keys.iter().map(|k| (k.clone(), Value::Null)).collect();
        let sorted = encode_json(&Value::Object(object), enc(Layout::Compact, true, false));
        let mut expected = keys.clone();
        expected.sort();
        let written: Vec<String> = value(&sorted)
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        assert_eq!(written, expected);
    }

    #[test]
    fn python_calls() {
        assert_eq!(
            enc(Layout::PythonDefault, false, true).python_call(),
            "json.dumps(obj)"
        );
        assert_eq!(
            enc(Layout::Compact, true, true).python_call(),
            r#"json.dumps(obj, separators=(",", ":"), sort_keys=True)"#
        );
        assert_eq!(
            enc(Layout::Pretty, false, false).python_call(),
            "json.dumps(obj, indent=2, ensure_ascii=False)"
        );
    }

    #[test]
    fn finds_escaped_non_ascii_only_inside_strings() {
        assert!(escapes_non_ascii(br#"{"a":"Zo\u00eb"}"#));
        assert!(escapes_non_ascii(br#"{"\ud83e\uddfe":1}"#));
        assert!(!escapes_non_ascii(br#"{"a":"\u0041\n\\u00e9"}"#));
        assert!(!escapes_non_ascii("{\"a\":\"Zoë\"}".as_bytes()));
        assert!(!escapes_non_ascii(br#"{"a":"\u00"}"#));
    }

    #[test]
    fn non_ascii_and_key_counts() {
        assert!(has_escapable(&value(r#"{"a":["x","é"]}"#)));
        assert!(has_escapable(&value(r#"{"é":1}"#)));
        assert!(has_escapable(&value(r#"{"a":"\u007f"}"#)));
        assert!(!has_escapable(&value(r#"{"a":["x~",1,"\u001f"]}"#)));
        assert_eq!(count_keys(&value(r#"{"a":{"b":1,"c":[{"d":2}]}}"#)), 4);
    }
}
