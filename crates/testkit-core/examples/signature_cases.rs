//! Prints signature cross-check cases as JSON lines for tools/crosscheck: payloads signed
//! by this crate, and mutations of them, each with this crate's own verdict. The Python
//! side asks stripe-python for its verdict on the same inputs.
//!
//! Diagnosis cases sign a variant of the body (re-encoded JSON, a BOM, converted line
//! endings) and give the body: each names, in `python_variant`, the steps that make the
//! signed bytes from the body in Python (json.dumps, str.replace...), so the Python side
//! proves with stripe-python that the bytes this crate re-signs to name a cause are the
//! bytes Python's own encoder writes.

use serde_json::{json, Value};
use testkit_core::events::Layout;
use testkit_core::signature::{
    compute_signature, encode_json, signature_header, verify, Failure, JsonEncoding,
};

const NOW: i64 = 1_781_697_600;

struct Case {
    name: String,
    payload: String,
    header: String,
    secrets: Vec<String>,
    tolerance: i64,
    /// Steps that turn the payload into the signed bytes, in Python (diagnosis cases).
    python_variant: Option<Value>,
}

fn payloads() -> Vec<(String, String)> {
    let event = |extra: &str| {
        format!(
            r#"{{"id":"evt_1","object":"event","type":"customer.created","data":{{"object":{{"id":"cus_1"{extra}}}}}}}"#
        )
    };
    let mut list = vec![
        ("empty object".to_string(), "{}".to_string()),
        ("compact event".into(), event("")),
        ("pretty event".into(), "{\n  \"id\": \"evt_2\",\n  \"object\": \"event\",\n  \"data\": {\n    \"object\": {}\n  }\n}".into()),
        ("unicode".into(), event(r#","name":"Zoë Ångström — 東京 Москва""#)),
        ("emoji".into(), event(r#","name":"🧾💳✅ 👩🏽‍💻""#)),
        ("CRLF".into(), "{\r\n  \"id\": \"evt_3\",\r\n  \"object\": \"event\"\r\n}".into()),
        ("escapes".into(), event(r#","note":"quote \" backslash \\ tab \t newline \n \u00e9 \u2028""#)),
        ("dollar and backticks".into(), event(r#","shell":"$HOME `id` $(ls) ${x}""#)),
        ("trailing newline".into(), format!("{}\n", event(""))),
        ("leading space".into(), format!(" {}", event(""))),
        ("array".into(), "[1,2,3]".into()),
        ("unicode line separators".into(), event(",\"x\":\"\u{2028}\u{2029}\u{85}\"")),
        ("BOM".into(), format!("\u{feff}{}", event(""))),
        ("BOM and CRLF".into(), "\u{feff}{\r\n  \"id\": \"evt_4\",\r\n  \"object\": \"event\"\r\n}".into()),
        ("mixed line endings".into(), "{\r\n  \"id\": \"evt_5\",\n  \"object\": \"event\"\r\n}".into()),
        ("Python json.dumps".into(), r#"{"id": "evt_6", "object": "event", "data": {"object": {"name": "Zo\u00eb \u6771\u4eac \ud83e\uddfe"}}}"#.into()),
        ("sorted keys".into(), r#"{"data":{"object":{"id":"cus_1","name":"Zoë"}},"id":"evt_7","object":"event","type":"customer.created"}"#.into()),
    ];
    let blob: String = "abcdefghij0123456789😀é".repeat(40_000);
    list.push((
        "1 MB body".into(),
        event(&format!(r#","blob":"{}""#, &blob[..1_000_000])),
    ));
    for i in 0..20 {
        list.push((
            format!("generated {i}"),
            event(&format!(
                r#","n":{i},"s":"{}""#,
                "x€\u{1F600}".repeat(i * 7)
            )),
        ));
    }
    list
}

fn cases() -> Vec<Case> {
    let secret = "whsec_test_crosscheck_primary";
    let second = "whsec_test_crosscheck_rotated";
    let mut out = Vec::new();
    let mut add =
        |name: String, payload: &str, header: String, secrets: &[&str], tolerance: i64| {
            out.push(Case {
                name,
                payload: payload.to_string(),
                header,
                secrets: secrets.iter().map(|s| s.to_string()).collect(),
                tolerance,
                python_variant: None,
            });
        };
    for (label, payload) in payloads() {
        let p = payload.as_str();
        let sig = |t: i64, s: &str| compute_signature(s, &t.to_string(), p.as_bytes());
        add(
            format!("{label}: signed now"),
            p,
            signature_header(NOW, &[secret], p.as_bytes()),
            &[secret],
            300,
        );
        add(
            format!("{label}: two secrets, verify old"),
            p,
            signature_header(NOW, &[secret, second], p.as_bytes()),
            &[secret],
            300,
        );
        add(
            format!("{label}: two secrets, verify new"),
            p,
            signature_header(NOW, &[secret, second], p.as_bytes()),
            &[second],
            300,
        );
        add(
            format!("{label}: wrong secret"),
            p,
            signature_header(NOW, &[second], p.as_bytes()),
            &[secret],
            300,
        );
        add(
            format!("{label}: age 299"),
            p,
            signature_header(NOW - 299, &[secret], p.as_bytes()),
            &[secret],
            300,
        );
        add(
            format!("{label}: age 301"),
            p,
            signature_header(NOW - 301, &[secret], p.as_bytes()),
            &[secret],
            300,
        );
        add(
            format!("{label}: age 1 day, tolerance 0"),
            p,
            signature_header(NOW - 86_400, &[secret], p.as_bytes()),
            &[secret],
            0,
        );
        add(
            format!("{label}: future 1 h"),
            p,
            signature_header(NOW + 3600, &[secret], p.as_bytes()),
            &[secret],
            300,
        );
        add(
            format!("{label}: body changed"),
            &format!("{p} "),
            signature_header(NOW, &[secret], p.as_bytes()),
            &[secret],
            300,
        );
        add(
            format!("{label}: space after comma"),
            p,
            format!("t={NOW}, v1={}", sig(NOW, secret)),
            &[secret],
            300,
        );
        add(
            format!("{label}: uppercase hex"),
            p,
            format!("t={NOW},v1={}", sig(NOW, secret).to_uppercase()),
            &[secret],
            300,
        );
        add(
            format!("{label}: v0 only"),
            p,
            format!("t={NOW},v0={}", sig(NOW, secret)),
            &[secret],
            300,
        );
        add(
            format!("{label}: extra schemes"),
            p,
            format!("t={NOW},v0=abc,v1={},v2=zz", sig(NOW, secret)),
            &[secret],
            300,
        );
        add(
            format!("{label}: no timestamp"),
            p,
            format!("v1={}", sig(NOW, secret)),
            &[secret],
            300,
        );
        add(
            format!("{label}: padded timestamp"),
            p,
            format!("t= {NOW} ,v1={}", sig(NOW, secret)),
            &[secret],
            300,
        );
        add(
            format!("{label}: plus-zero timestamp"),
            p,
            format!("t=+0{NOW},v1={}", sig(NOW, secret)),
            &[secret],
            300,
        );
        add(
            format!("{label}: two t values"),
            p,
            format!("t={NOW},t=1,v1={}", sig(NOW, secret)),
            &[secret],
            300,
        );
        add(
            format!("{label}: truncated v1"),
            p,
            format!("t={NOW},v1={}", &sig(NOW, secret)[..63]),
            &[secret],
            300,
        );
    }
    let p = r#"{"id":"evt_x","object":"event"}"#;
    add("empty header".into(), p, String::new(), &[secret], 300);
    add("garbage header".into(), p, "hello".into(), &[secret], 300);
    add(
        "t not a number".into(),
        p,
        format!(
            "t=abc,v1={}",
            compute_signature(secret, "abc", p.as_bytes())
        ),
        &[secret],
        300,
    );
    add(
        "v1 without value".into(),
        p,
        format!("t={NOW},v1"),
        &[secret],
        300,
    );
    add(
        "secret with prefix stripped".into(),
        p,
        format!(
            "t={NOW},v1={}",
            compute_signature("test_crosscheck_primary", &NOW.to_string(), p.as_bytes())
        ),
        &[secret],
        300,
    );
    out.extend(diagnosis_cases(secret));
    out
}

/// Bodies a receiver gets, for the diagnosis cases.
fn received_bodies() -> Vec<(&'static str, String)> {
    let compact = r#"{"id":"evt_d1","object":"event","type":"customer.created","data":{"object":{"id":"cus_1","name":"Zoë Ångström — 東京 🧾💳","metadata":{"tier":"pro","a":"1"}}}}"#;
    let value: Value = serde_json::from_str(compact).unwrap();
    let with = |layout, sorted_keys, escape_non_ascii| {
        encode_json(
            &value,
            JsonEncoding {
                layout,
                sorted_keys,
                escape_non_ascii,
            },
        )
    };
    vec![
        ("compact UTF-8", compact.to_string()),
        ("pretty UTF-8", with(Layout::Pretty, false, false)),
        (
            "json.dumps output",
            with(Layout::PythonDefault, false, true),
        ),
        (
            "ASCII compact",
            r#"{"id":"evt_d2","object":"event","data":{"object":{"id":"cus_2","email":"a@b.c","n":[3,1,2]}}}"#.into(),
        ),
    ]
}

/// The Python keyword arguments of `json.dumps` that write `encoding`.
fn python_args(encoding: JsonEncoding) -> Value {
    let mut args = serde_json::Map::new();
    match encoding.layout {
        Layout::Compact => {
            args.insert("separators".into(), json!([",", ":"]));
        }
        Layout::Pretty => {
            args.insert("indent".into(), json!(2));
        }
        Layout::PythonDefault => {}
    }
    args.insert("sort_keys".into(), json!(encoding.sorted_keys));
    args.insert("ensure_ascii".into(), json!(encoding.escape_non_ascii));
    Value::Object(args)
}

fn crlf_to_lf(text: &str) -> String {
    text.replace("\r\n", "\n")
}

fn lf_to_crlf(text: &str) -> String {
    crlf_to_lf(text).replace('\n', "\r\n")
}

/// A body received, and a signature over a variant of it: every JSON encoding of each
/// body, and BOM and line-ending changes of bodies that allow them.
fn diagnosis_cases(secret: &str) -> Vec<Case> {
    let mut out = Vec::new();
    let mut add = |name: String, received: &str, signed: &str, steps: Value| {
        out.push(Case {
            name,
            payload: received.to_string(),
            header: signature_header(NOW, &[secret], signed.as_bytes()),
            secrets: vec![secret.to_string()],
            tolerance: 300,
            python_variant: Some(steps),
        });
    };
    for (label, body) in received_bodies() {
        let value: Value = serde_json::from_str(&body).unwrap();
        let mut seen = vec![body.clone()];
        for sorted_keys in [false, true] {
            for escape_non_ascii in [false, true] {
                for layout in Layout::ALL {
                    let encoding = JsonEncoding {
                        layout,
                        sorted_keys,
                        escape_non_ascii,
                    };
                    let signed = encode_json(&value, encoding);
                    if seen.contains(&signed) {
                        continue;
                    }
                    seen.push(signed.clone());
                    add(
                        format!(
                            "diagnosis: {label} received, signed as {}",
                            encoding.python_call()
                        ),
                        &body,
                        &signed,
                        json!([python_args(encoding)]),
                    );
                }
            }
        }
    }
    let lf = "{\n  \"id\": \"evt_d3\",\n  \"object\": \"event\",\n  \"data\": {\n    \"object\": {\"name\": \"Zoë\"}\n  }\n}";
    let crlf = lf_to_crlf(lf);
    let bom = |t: &str| format!("\u{feff}{t}");
    let text_cases: Vec<(&str, String, String, Value)> = vec![
        (
            "BOM added after signing",
            bom(lf),
            lf.to_string(),
            json!(["strip_bom"]),
        ),
        (
            "signed with a BOM",
            lf.to_string(),
            bom(lf),
            json!(["add_bom"]),
        ),
        (
            "CRLF after signing with LF",
            crlf.clone(),
            lf.to_string(),
            json!(["crlf_to_lf"]),
        ),
        (
            "LF after signing with CRLF",
            lf.to_string(),
            crlf.clone(),
            json!(["lf_to_crlf"]),
        ),
        (
            "BOM and CRLF after signing",
            bom(&crlf),
            lf.to_string(),
            json!(["strip_bom", "crlf_to_lf"]),
        ),
        (
            "signed with BOM and CRLF",
            lf.to_string(),
            bom(&crlf),
            json!(["add_bom", "lf_to_crlf"]),
        ),
        (
            "CRLF received, signed with a BOM",
            crlf.clone(),
            bom(&crlf),
            json!(["add_bom"]),
        ),
        (
            "mixed endings received, signed with CRLF",
            "{\r\n\"a\": 1\n}".into(),
            "{\r\n\"a\": 1\r\n}".into(),
            json!(["lf_to_crlf"]),
        ),
    ];
    for (label, received, signed, steps) in text_cases {
        add(format!("diagnosis: {label}"), &received, &signed, steps);
    }
    out
}

fn main() {
    for case in cases() {
        let secrets: Vec<&str> = case.secrets.iter().map(String::as_str).collect();
        let verdict = verify(
            &case.header,
            case.payload.as_bytes(),
            &secrets,
            case.tolerance,
            NOW,
        );
        let line = json!({
            "name": case.name,
            "payload": case.payload,
            "header": case.header,
            "secrets": case.secrets,
            "tolerance": case.tolerance,
            "now": NOW,
            "accept": verdict.is_valid(),
            "reason": verdict.result.as_ref().err().map(|f| f.library_message()),
            "hints": match &verdict.result {
                Err(Failure::Mismatch(hints)) => hints.iter().map(|h| h.slug()).collect(),
                _ => Vec::new(),
            },
            "python_variant": case.python_variant,
        });
        println!("{line}");
    }
}
