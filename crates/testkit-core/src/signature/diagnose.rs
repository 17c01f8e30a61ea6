//! Why a signature does not match: re-signs plausible variants of the body, secret and
//! header to find the one mistake that explains the mismatch.

use super::header::ParsedHeader;
use super::hex::constant_time_eq;
use super::sign::compute_signature;

/// A finding that explains (or narrows down) a signature mismatch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MismatchHint {
    /// The body ends with a newline the signer did not include.
    BodyHasUnsignedTrailingNewline,
    /// The signer added a newline the body does not have (`echo` without `-n`).
    SignedWithExtraNewline,
    /// The signature matches the same JSON in another layout ("compact" or "pretty").
    Reserialised(&'static str),
    SecretHasWhitespace {
        secret_index: usize,
    },
    /// Signed with the secret minus its `whsec_` prefix.
    SecretWithoutPrefix {
        secret_index: usize,
    },
    /// A v1 value is the right digest in upper case; Stripe compares lowercase exactly.
    UppercaseHex,
    /// v1 values that cannot be an HMAC-SHA256 hex digest.
    NotADigest {
        value: String,
    },
    /// The timestamp text was signed as written, not as the number it reads as.
    TimestampSignedAsWritten,
}

impl MismatchHint {
    pub fn describe(&self) -> String {
        match self {
            MismatchHint::BodyHasUnsignedTrailingNewline => "The body ends with a newline \
                 that was not signed: the signature matches the body without it. Send the \
                 exact signed bytes (curl --data-binary, not a heredoc or echo)."
                .into(),
            MismatchHint::SignedWithExtraNewline => "The signature was computed over the body \
                 plus a trailing newline (`echo` without -n piped into openssl). Sign with \
                 printf '%s' or echo -n."
                .into(),
            MismatchHint::Reserialised(layout) => format!(
                "The signature matches this JSON in {layout} layout: the body was \
                 re-serialised after signing (or before verifying). Verify the raw request \
                 bytes, not parsed-and-printed JSON."
            ),
            MismatchHint::SecretHasWhitespace { secret_index } => format!(
                "Secret {} has leading or trailing whitespace; the signature matches it \
                 trimmed. Check the copy-paste or the environment variable.",
                secret_index + 1
            ),
            MismatchHint::SecretWithoutPrefix { secret_index } => format!(
                "The signature was made with secret {} minus its whsec_ prefix. Stripe keys \
                 the HMAC with the whole string, prefix included.",
                secret_index + 1
            ),
            MismatchHint::UppercaseHex => "A v1 value is the right digest in upper case; \
                 Stripe's libraries compare lowercase hex exactly."
                .into(),
            MismatchHint::NotADigest { value } => format!(
                "v1={} is not an HMAC-SHA256 digest ({} characters; 64 lowercase hex \
                 characters expected).",
                shorten(value),
                value.chars().count()
            ),
            MismatchHint::TimestampSignedAsWritten => "The signature covers the t value as \
                 written, but Stripe signs and verifies the number it reads as (no spaces, \
                 signs or leading zeros)."
                .into(),
        }
    }
}

fn shorten(text: &str) -> String {
    if text.chars().count() > 20 {
        format!("{}…", text.chars().take(20).collect::<String>())
    } else {
        text.to_string()
    }
}

/// Observations about a parsed header that do not change its verdict.
pub fn header_notes(parsed: &super::ParsedHeader) -> Vec<String> {
    let mut notes = Vec::new();
    for item in &parsed.items {
        let key = item.key.as_str();
        if key != key.trim() && matches!(key.trim(), "t" | "v1") {
            notes.push(format!(
                "The item {:?} has whitespace around its key, so Stripe's libraries ignore it. \
                 Write the header with no spaces after commas.",
                item.raw
            ));
        } else if key.starts_with('v') && key != "v1" {
            notes.push(format!("The {key} scheme is ignored: only v1 is verified."));
        }
    }
    if parsed.items.iter().filter(|i| i.key == "t").count() > 1 {
        notes.push("The header has several t items; only the first counts.".into());
    }
    notes
}

/// Tries the usual mistakes one at a time; each finding is a variant that does match.
pub fn mismatch_hints(
    parsed: &ParsedHeader,
    payload: &[u8],
    secrets: &[&str],
) -> Vec<MismatchHint> {
    let t = parsed.timestamp.text.as_str();
    let live_secrets: Vec<(usize, &str)> = secrets
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.trim().is_empty())
        .map(|(i, s)| (i, *s))
        .collect();
    let matches = |secret: &str, ts: &str, body: &[u8]| {
        let expected = compute_signature(secret, ts, body);
        parsed
            .v1
            .iter()
            .any(|sig| constant_time_eq(expected.as_bytes(), sig.as_bytes()))
    };
    let any_secret = |ts: &str, body: &[u8]| live_secrets.iter().any(|(_, s)| matches(s, ts, body));

    let mut hints = Vec::new();
    for sig in &parsed.v1 {
        if sig.len() != 64 || !sig.bytes().all(|b| b.is_ascii_hexdigit()) {
            hints.push(MismatchHint::NotADigest { value: sig.clone() });
        }
    }
    let uppercase = live_secrets.iter().any(|(_, s)| {
        let expected = compute_signature(s, t, payload);
        parsed
            .v1
            .iter()
            .any(|sig| sig != &expected && sig.eq_ignore_ascii_case(&expected))
    });
    if uppercase {
        hints.push(MismatchHint::UppercaseHex);
    }
    let without_newline = payload
        .strip_suffix(b"\n")
        .map(|s| s.strip_suffix(b"\r").unwrap_or(s));
    if let Some(stripped) = without_newline {
        if any_secret(t, stripped) {
            hints.push(MismatchHint::BodyHasUnsignedTrailingNewline);
        }
    }
    let mut with_newline = payload.to_vec();
    with_newline.push(b'\n');
    if any_secret(t, &with_newline) {
        hints.push(MismatchHint::SignedWithExtraNewline);
    }
    for (layout, text) in json_layouts(payload) {
        let already_tried = text.as_bytes() == payload || Some(text.as_bytes()) == without_newline;
        if !already_tried && any_secret(t, text.as_bytes()) {
            hints.push(MismatchHint::Reserialised(layout));
        }
    }
    for (index, secret) in &live_secrets {
        let trimmed = secret.trim();
        if trimmed != *secret && matches(trimmed, t, payload) {
            hints.push(MismatchHint::SecretHasWhitespace {
                secret_index: *index,
            });
        }
        if let Some(bare) = trimmed.strip_prefix("whsec_") {
            if matches(bare, t, payload) {
                hints.push(MismatchHint::SecretWithoutPrefix {
                    secret_index: *index,
                });
            }
        }
    }
    let raw_t = parsed
        .items
        .iter()
        .find(|i| i.key == "t")
        .and_then(|i| i.value.as_deref());
    if let Some(raw_t) = raw_t.filter(|raw| *raw != t) {
        if any_secret(raw_t, payload) {
            hints.push(MismatchHint::TimestampSignedAsWritten);
        }
    }
    hints
}

/// The body re-serialised in the layouts people (and frameworks) produce.
fn json_layouts(payload: &[u8]) -> Vec<(&'static str, String)> {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(payload) else {
        return Vec::new();
    };
    let mut layouts = Vec::new();
    if let Ok(compact) = serde_json::to_string(&value) {
        layouts.push(("compact", compact));
    }
    if let Ok(pretty) = serde_json::to_string_pretty(&value) {
        layouts.push(("pretty-printed", pretty));
    }
    layouts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signature::{signature_header, verify, Failure};

    const NOW: i64 = 1_700_000_000;

    fn hints(header: &str, body: &[u8], secrets: &[&str]) -> Vec<MismatchHint> {
        match verify(header, body, secrets, 300, NOW).result {
            Err(Failure::Mismatch(h)) => h,
            other => panic!("expected a mismatch, got {other:?}"),
        }
    }

    #[test]
    fn finds_an_unsigned_trailing_newline() {
        let header = signature_header(NOW, &["whsec_a"], b"{\"a\":1}");
        assert_eq!(
            hints(&header, b"{\"a\":1}\n", &["whsec_a"]),
            vec![MismatchHint::BodyHasUnsignedTrailingNewline]
        );
    }

    #[test]
    fn finds_echo_without_dash_n() {
        let header = signature_header(NOW, &["whsec_a"], b"{\"a\":1}\n");
        assert_eq!(
            hints(&header, b"{\"a\":1}", &["whsec_a"]),
            vec![MismatchHint::SignedWithExtraNewline]
        );
    }

    #[test]
    fn finds_re_serialisation_keeping_key_order() {
        let pretty = "{\n  \"z\": 1,\n  \"a\": [\n    true\n  ]\n}";
        let header = signature_header(NOW, &["whsec_a"], pretty.as_bytes());
        assert_eq!(
            hints(&header, br#"{"z":1,"a":[true]}"#, &["whsec_a"]),
            vec![MismatchHint::Reserialised("pretty-printed")]
        );
        let header = signature_header(NOW, &["whsec_a"], br#"{"z":1,"a":[true]}"#);
        assert_eq!(
            hints(&header, pretty.as_bytes(), &["whsec_a"]),
            vec![MismatchHint::Reserialised("compact")]
        );
    }

    #[test]
    fn finds_secret_mistakes() {
        let header = signature_header(NOW, &["whsec_abc"], b"{}");
        assert_eq!(
            hints(&header, b"{}", &["whsec_abc\n"]),
            vec![MismatchHint::SecretHasWhitespace { secret_index: 0 }]
        );
        let header = signature_header(NOW, &["abc"], b"{}");
        assert_eq!(
            hints(&header, b"{}", &["whsec_abc"]),
            vec![MismatchHint::SecretWithoutPrefix { secret_index: 0 }]
        );
    }

    #[test]
    fn finds_uppercase_and_non_digests() {
        let header = signature_header(NOW, &["whsec_a"], b"{}")
            .to_uppercase()
            .replacen("T=", "t=", 1)
            .replace("V1=", "v1=");
        assert_eq!(
            hints(&header, b"{}", &["whsec_a"]),
            vec![MismatchHint::UppercaseHex]
        );
        assert_eq!(
            hints("t=1,v1=xyz", b"{}", &["whsec_a"]),
            vec![MismatchHint::NotADigest {
                value: "xyz".into()
            }]
        );
    }

    #[test]
    fn finds_a_timestamp_signed_as_written() {
        let sig = compute_signature("whsec_a", "0017", b"{}");
        let header = format!("t=0017,v1={sig}");
        assert_eq!(
            hints(&header, b"{}", &["whsec_a"]),
            vec![MismatchHint::TimestampSignedAsWritten]
        );
    }

    #[test]
    fn a_wrong_secret_gives_no_false_hint() {
        let header = signature_header(NOW, &["whsec_other"], b"{}");
        assert!(hints(&header, b"{}", &["whsec_a"]).is_empty());
    }

    #[test]
    fn notes_spaces_and_ignored_schemes() {
        let v = verify("t=1, v1=aa,v0=bb,t=2", b"{}", &["whsec_a"], 0, NOW);
        assert_eq!(v.result, Err(Failure::NoV1Scheme));
        assert_eq!(v.notes.len(), 3, "{:?}", v.notes);
        assert!(v.notes[0].contains("whitespace around its key"));
        assert!(v.notes[1].contains("v0 scheme is ignored"));
        assert!(v.notes[2].contains("only the first counts"));
    }
}
