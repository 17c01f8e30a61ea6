//! Prints signature cross-check cases as JSON lines for tools/crosscheck: payloads signed
//! by this crate, and mutations of them, each with this crate's own verdict. The Python
//! side asks stripe-python for its verdict on the same inputs.

use serde_json::json;
use testkit_core::signature::{compute_signature, signature_header, verify};

const NOW: i64 = 1_781_697_600;

struct Case {
    name: String,
    payload: String,
    header: String,
    secrets: Vec<String>,
    tolerance: i64,
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
        });
        println!("{line}");
    }
}
