//! Why a signature does not match: the findings, their sentences, and the variants of the
//! body, secret and header that prove them. A cause is named only when its variant
//! matches a v1 value (compared in constant time), so every finding provably explains the
//! signature; the search that re-signs the variants is `search.rs`.

use serde_json::Value;

use super::encode::{escapes_non_ascii, has_escapable, keys_sorted, JsonEncoding};
use crate::events::Layout;

/// The UTF-8 byte-order mark (U+FEFF as UTF-8).
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Line endings of a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineEnding {
    /// `\n` alone (Unix, and every text box in a browser).
    Lf,
    /// `\r\n` (Windows).
    Crlf,
}

impl LineEnding {
    fn name(self) -> &'static str {
        match self {
            LineEnding::Lf => "LF (\\n)",
            LineEnding::Crlf => "CRLF (\\r\\n)",
        }
    }
}

/// Where a byte-order mark is, between the signed bytes and the body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bom {
    /// The body starts with a BOM that was not signed.
    NotSigned,
    /// The signed bytes started with a BOM the body lacks.
    Signed,
}

/// How the signed bytes wrote non-ASCII characters, where the body writes them otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NonAscii {
    /// Signed as `\uXXXX` escapes; the body has them as UTF-8.
    SignedEscaped,
    /// Signed as UTF-8; the body has them as `\uXXXX` escapes.
    SignedAsUtf8,
}

/// A finding that explains a signature mismatch: a concrete variant of the inputs that
/// does match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MismatchHint {
    /// The body ends with a newline the signer did not include.
    BodyHasUnsignedTrailingNewline,
    /// The signer added a newline the body does not have (`echo` without `-n`).
    SignedWithExtraNewline,
    /// A byte-order mark was added or removed after signing.
    Bom(Bom),
    /// Line endings were converted after signing; `signed` is what the signed bytes had
    /// (the body has the other).
    LineEndings {
        /// The line endings of the signed bytes.
        signed: LineEnding,
    },
    /// Both a byte-order mark and the line endings changed (Windows tools do both).
    BomAndLineEndings {
        /// Where the BOM is.
        bom: Bom,
        /// The line endings of the signed bytes.
        signed: LineEnding,
    },
    /// The signature matches the same JSON (same key order, non-ASCII written the same way)
    /// in another layout.
    Reserialised(Layout),
    /// The signature matches this JSON re-encoded: keys sorted and/or non-ASCII written
    /// another way, in a given layout.
    Reencoded {
        /// How the signed bytes were written.
        signed: JsonEncoding,
        /// How non-ASCII differs, when it does.
        non_ascii: Option<NonAscii>,
    },
    /// Signed with secret `secret_index` trimmed of surrounding whitespace.
    SecretHasWhitespace {
        /// Index into the secrets given.
        secret_index: usize,
    },
    /// Signed with the secret minus its `whsec_` prefix.
    SecretWithoutPrefix {
        /// Index into the secrets given.
        secret_index: usize,
    },
    /// A v1 value is the right digest in upper case; Stripe compares lowercase exactly.
    UppercaseHex,
    /// v1 values that cannot be an HMAC-SHA256 hex digest.
    NotADigest {
        /// The v1 value as written.
        value: String,
    },
    /// The timestamp text was signed as written, not as the number it reads as.
    TimestampSignedAsWritten,
}

impl MismatchHint {
    /// A short stable name for the kind of finding (for data attributes and logs).
    pub fn slug(&self) -> &'static str {
        match self {
            MismatchHint::BodyHasUnsignedTrailingNewline => "unsigned-trailing-newline",
            MismatchHint::SignedWithExtraNewline => "signed-extra-newline",
            MismatchHint::Bom(_) => "bom",
            MismatchHint::LineEndings { .. } => "line-endings",
            MismatchHint::BomAndLineEndings { .. } => "bom-and-line-endings",
            MismatchHint::Reserialised(_) => "reserialised",
            MismatchHint::Reencoded { .. } => "reencoded",
            MismatchHint::SecretHasWhitespace { .. } => "secret-whitespace",
            MismatchHint::SecretWithoutPrefix { .. } => "secret-without-prefix",
            MismatchHint::UppercaseHex => "uppercase-hex",
            MismatchHint::NotADigest { .. } => "not-a-digest",
            MismatchHint::TimestampSignedAsWritten => "timestamp-as-written",
        }
    }

    /// What happened and what to do, in sentences for a person.
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
            MismatchHint::Bom(Bom::NotSigned) => "The body starts with a byte-order mark \
                 (EF BB BF) that was not signed: the signature matches the body without it. \
                 Editors saving \"UTF-8 with BOM\", PowerShell and .NET writers add one: it \
                 was added after signing, or the signer read the file as text (which drops \
                 it) and sent the file as it was. Sign and send the same bytes, read as \
                 binary."
                .into(),
            MismatchHint::Bom(Bom::Signed) => "The signature was computed over the body with a \
                 byte-order mark (EF BB BF) in front, and the body has none: the signer read \
                 or wrote the payload with a BOM (a file saved as \"UTF-8 with BOM\", .NET's \
                 Encoding.UTF8), and the BOM was dropped before sending or verifying. Sign \
                 exactly the bytes you send."
                .into(),
            MismatchHint::LineEndings { signed } => line_endings_text(*signed, None),
            MismatchHint::BomAndLineEndings { bom, signed } => {
                line_endings_text(*signed, Some(*bom))
            }
            MismatchHint::Reserialised(layout) => format!(
                "The signature matches this JSON in {}: the body was re-serialised after \
                 signing (or before verifying). Verify the raw request bytes, not \
                 parsed-and-printed JSON.",
                layout.phrase()
            ),
            MismatchHint::Reencoded { signed, non_ascii } => reencoded_text(*signed, *non_ascii),
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

fn line_endings_text(signed: LineEnding, bom: Option<Bom>) -> String {
    let body = match signed {
        LineEnding::Lf => LineEnding::Crlf,
        LineEnding::Crlf => LineEnding::Lf,
    };
    let (bom_clause, bom_cause) = match bom {
        None => ("", ""),
        Some(Bom::NotSigned) => (
            " and without the byte-order mark (EF BB BF) the body starts with",
            " The BOM came with it: Windows tools (PowerShell 5's -Encoding UTF8, older Notepad) do both.",
        ),
        Some(Bom::Signed) => (
            " and with a byte-order mark (EF BB BF) in front, which the body lacks",
            " The signed bytes also started with a BOM, as files saved by Windows tools do.",
        ),
    };
    let cause = match signed {
        LineEnding::Lf => "Line endings were converted on one side of the signature: after \
             signing (git's core.autocrlf, a Windows text-mode write, a tool that rewrites text), \
             or the signer read the body in text mode (Python's open() turns CRLF into LF) and \
             sent the raw file. Sign and send the same bytes (binary mode, curl --data-binary \
             @file)."
            .to_string(),
        LineEnding::Crlf => "The signed bytes had CRLF, and something turned them into LF: a \
             browser text box does this to pasted text, and so do text-mode reads and git. If \
             your receiver got CRLF, give the exact bytes (a file, base64 or hex) to verify \
             them."
            .to_string(),
    };
    format!(
        "The signature matches this body with {} line endings{bom_clause}; the body has {}. \
         {cause}{bom_cause}",
        signed.name(),
        body.name(),
    )
}

fn reencoded_text(signed: JsonEncoding, non_ascii: Option<NonAscii>) -> String {
    let mut what = Vec::new();
    if signed.sorted_keys {
        what.push(
            "with its keys sorted at every depth (the body has them in another order)".to_string(),
        );
    }
    match non_ascii {
        Some(NonAscii::SignedEscaped) => what.push(
            "with non-ASCII characters escaped as \\uXXXX (the body has them as UTF-8)".into(),
        ),
        Some(NonAscii::SignedAsUtf8) => what.push(
            "with non-ASCII characters as UTF-8 (the body escapes them as \\uXXXX, as Python's \
             json.dumps does by default with ensure_ascii=True)"
                .into(),
        ),
        None => {}
    }
    what.push(format!("in {}", signed.layout.phrase()));
    let pythonic =
        signed.sorted_keys || signed.escape_non_ascii || signed.layout == Layout::PythonDefault;
    let writer = if !pythonic {
        String::new()
    } else if signed
        == (JsonEncoding {
            layout: Layout::PythonDefault,
            sorted_keys: false,
            escape_non_ascii: true,
        })
    {
        " This is exactly what Python's json.dumps(json.loads(body)) writes, with default \
         arguments."
            .to_string()
    } else {
        format!(" This is what Python's {} writes.", signed.python_call())
    };
    let cause = if signed.sorted_keys {
        "The keys were re-ordered by a parse-and-print round trip (sort_keys=True, or a map \
         type that orders keys) on one side of the signature: the signer signed one encoding \
         and sent another, or the body verified here was re-encoded after it arrived."
    } else {
        "The JSON was parsed and re-encoded on one side of the signature: the signer signed \
         one encoding and sent another, or the body verified here was re-encoded after it \
         arrived."
    };
    format!(
        "The signature matches this JSON {}.{writer} {cause} Sign the exact bytes you send, \
         and verify the raw request body, never re-encoded JSON.",
        join_words(&what)
    )
}

fn join_words(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{}, {last}", rest.join(", ")),
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

/// `text` with every CRLF turned into LF, if it has any.
fn crlf_to_lf(text: &[u8]) -> Option<Vec<u8>> {
    if !text.windows(2).any(|w| w == b"\r\n") {
        return None;
    }
    let mut out = Vec::with_capacity(text.len());
    for (i, &b) in text.iter().enumerate() {
        if !(b == b'\r' && text.get(i + 1) == Some(&b'\n')) {
            out.push(b);
        }
    }
    Some(out)
}

/// `text` with every LF not already after a CR turned into CRLF, if it has any.
fn lf_to_crlf(text: &[u8]) -> Option<Vec<u8>> {
    let lone = |i: usize| text[i] == b'\n' && (i == 0 || text[i - 1] != b'\r');
    if !(0..text.len()).any(lone) {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() + text.len() / 16);
    for (i, &b) in text.iter().enumerate() {
        if lone(i) {
            out.push(b'\r');
        }
        out.push(b);
    }
    Some(out)
}

/// The body with a byte-order mark added or removed, its line endings converted, or both:
/// only the changes the body allows (no "removed BOM" without a BOM, no CRLF to LF
/// without a CRLF).
pub(super) fn text_variants(payload: &[u8]) -> Vec<(MismatchHint, Vec<u8>)> {
    let (bom, toggled) = match payload.strip_prefix(BOM) {
        Some(rest) => (Bom::NotSigned, rest.to_vec()),
        None => (Bom::Signed, [BOM, payload].concat()),
    };
    let mut variants = vec![(MismatchHint::Bom(bom), toggled.clone())];
    for signed in [LineEnding::Lf, LineEnding::Crlf] {
        // The signed bytes had `signed` line endings: convert the body to them.
        let convert = match signed {
            LineEnding::Lf => crlf_to_lf,
            LineEnding::Crlf => lf_to_crlf,
        };
        if let Some(converted) = convert(payload) {
            variants.push((MismatchHint::LineEndings { signed }, converted));
        }
        if let Some(converted) = convert(&toggled) {
            variants.push((MismatchHint::BomAndLineEndings { bom, signed }, converted));
        }
    }
    variants
}

/// The encodings people (and frameworks) write the body's JSON `value` with: every
/// layout, keys as received or sorted (only when sorting changes them), non-ASCII as
/// UTF-8 or escaped (only when there is non-ASCII). Each comes with the hint it proves;
/// `payload` is the body as received, which says how it writes non-ASCII.
pub(super) fn json_encodings(value: &Value, payload: &[u8]) -> Vec<(MismatchHint, JsonEncoding)> {
    let sorted_options: &[bool] = if keys_sorted(value) {
        &[false]
    } else {
        &[false, true]
    };
    // Without a character to escape both settings write the same bytes: try one, named
    // as Python's default (ensure_ascii=True).
    let escape_options: &[bool] = if has_escapable(value) {
        &[false, true]
    } else {
        &[true]
    };
    let body_has_utf8 = !payload.is_ascii();
    let body_has_escapes = escapes_non_ascii(payload);
    let mut encodings = Vec::new();
    for &sorted_keys in sorted_options {
        for &escape_non_ascii in escape_options {
            for layout in Layout::ALL {
                let signed = JsonEncoding {
                    layout,
                    sorted_keys,
                    escape_non_ascii,
                };
                let non_ascii = if escape_non_ascii && body_has_utf8 {
                    Some(NonAscii::SignedEscaped)
                } else if !escape_non_ascii && body_has_escapes {
                    Some(NonAscii::SignedAsUtf8)
                } else {
                    None
                };
                let hint = if !sorted_keys && non_ascii.is_none() {
                    MismatchHint::Reserialised(layout)
                } else {
                    MismatchHint::Reencoded { signed, non_ascii }
                };
                encodings.push((hint, signed));
            }
        }
    }
    encodings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signature::{compute_signature, encode_json, signature_header, verify, Failure};

    /// Every JSON variant of `payload` with the hint it proves.
    fn json_variants(payload: &[u8]) -> Vec<(MismatchHint, Vec<u8>)> {
        let Ok(value) = serde_json::from_slice::<Value>(payload) else {
            return Vec::new();
        };
        json_encodings(&value, payload)
            .into_iter()
            .map(|(hint, encoding)| (hint, encode_json(&value, encoding).into_bytes()))
            .collect()
    }

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
            vec![MismatchHint::Reserialised(Layout::Pretty)]
        );
        let header = signature_header(NOW, &["whsec_a"], br#"{"z":1,"a":[true]}"#);
        assert_eq!(
            hints(&header, pretty.as_bytes(), &["whsec_a"]),
            vec![MismatchHint::Reserialised(Layout::Compact)]
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
        // A body that allows every variant (BOM, CRLF, non-ASCII, unsorted keys, a
        // trailing newline) still gets no hint when the secret is wrong.
        let rich = "\u{feff}{\r\n  \"z\": \"Zoë 🧾\",\r\n  \"a\": 1\r\n}\n";
        let header = signature_header(NOW, &["whsec_other"], rich.as_bytes());
        assert!(hints(&header, rich.as_bytes(), &["whsec_a"]).is_empty());
    }

    /// The received body of the JSON tests: compact, keys unsorted, non-ASCII as UTF-8
    /// (as JSON.stringify writes it).
    const EVENT: &str =
        r#"{"id":"evt_1","object":"event","data":{"object":{"name":"Zoë 東京 🧾","id":"cus_1"}}}"#;
    /// The same event as Python writes it (each line printed by python3's json.dumps).
    const PY_DEFAULT: &str = r#"{"id": "evt_1", "object": "event", "data": {"object": {"name": "Zo\u00eb \u6771\u4eac \ud83e\uddfe", "id": "cus_1"}}}"#;
    const PY_SORTED: &str = r#"{"data": {"object": {"id": "cus_1", "name": "Zo\u00eb \u6771\u4eac \ud83e\uddfe"}}, "id": "evt_1", "object": "event"}"#;
    const PY_COMPACT_ESCAPED: &str = r#"{"id":"evt_1","object":"event","data":{"object":{"name":"Zo\u00eb \u6771\u4eac \ud83e\uddfe","id":"cus_1"}}}"#;
    const PY_SORTED_COMPACT_UTF8: &str =
        r#"{"data":{"object":{"id":"cus_1","name":"Zoë 東京 🧾"}},"id":"evt_1","object":"event"}"#;

    fn signed_by(body: &str) -> String {
        signature_header(NOW, &["whsec_a"], body.as_bytes())
    }

    fn reencoded(
        layout: Layout,
        sorted_keys: bool,
        escape_non_ascii: bool,
        non_ascii: Option<NonAscii>,
    ) -> MismatchHint {
        MismatchHint::Reencoded {
            signed: JsonEncoding {
                layout,
                sorted_keys,
                escape_non_ascii,
            },
            non_ascii,
        }
    }

    #[test]
    fn finds_non_ascii_escaped_after_or_before_signing() {
        // Signed with \uXXXX escapes (surrogate pairs for the emoji), sent as UTF-8.
        let found = hints(
            &signed_by(PY_COMPACT_ESCAPED),
            EVENT.as_bytes(),
            &["whsec_a"],
        );
        assert_eq!(
            found,
            vec![reencoded(
                Layout::Compact,
                false,
                true,
                Some(NonAscii::SignedEscaped)
            )]
        );
        let text = found[0].describe();
        assert!(
            text.contains("escaped as \\uXXXX (the body has them as UTF-8)"),
            "{text}"
        );
        assert!(
            text.contains(r#"json.dumps(obj, separators=(",", ":"))"#),
            "{text}"
        );
        // Signed as UTF-8, the body re-encoded with escapes (a receiver's json.dumps).
        assert_eq!(
            hints(
                &signed_by(EVENT),
                PY_COMPACT_ESCAPED.as_bytes(),
                &["whsec_a"]
            ),
            vec![reencoded(
                Layout::Compact,
                false,
                false,
                Some(NonAscii::SignedAsUtf8)
            )]
        );
    }

    #[test]
    fn finds_python_json_dumps_of_the_parsed_body() {
        let found = hints(&signed_by(PY_DEFAULT), EVENT.as_bytes(), &["whsec_a"]);
        assert_eq!(
            found,
            vec![reencoded(
                Layout::PythonDefault,
                false,
                true,
                Some(NonAscii::SignedEscaped)
            )]
        );
        assert!(found[0]
            .describe()
            .contains("exactly what Python's json.dumps(json.loads(body)) writes"));
        // The other way round: Stripe's pretty UTF-8 signed, the receiver verified what
        // json.dumps(json.loads(body)) gave back.
        let stripe_pretty = crate::events::reformat(EVENT, Layout::Pretty).unwrap();
        assert_eq!(
            hints(
                &signed_by(&stripe_pretty),
                PY_DEFAULT.as_bytes(),
                &["whsec_a"]
            ),
            vec![reencoded(
                Layout::Pretty,
                false,
                false,
                Some(NonAscii::SignedAsUtf8)
            )]
        );
    }

    #[test]
    fn finds_keys_sorted_at_every_depth() {
        let found = hints(
            &signed_by(PY_SORTED_COMPACT_UTF8),
            EVENT.as_bytes(),
            &["whsec_a"],
        );
        assert_eq!(found, vec![reencoded(Layout::Compact, true, false, None)]);
        let text = found[0].describe();
        assert!(text.contains("keys sorted at every depth"), "{text}");
        assert!(!text.contains("non-ASCII"), "{text}");
        assert_eq!(
            hints(&signed_by(PY_SORTED), EVENT.as_bytes(), &["whsec_a"]),
            vec![reencoded(
                Layout::PythonDefault,
                true,
                true,
                Some(NonAscii::SignedEscaped)
            )]
        );
        // An ASCII body: sort_keys=True with compact separators, named without
        // ensure_ascii (both settings write the same bytes).
        let body = r#"{"type":"customer.created","id":"evt_1","data":{"object":{"z":1,"a":2}}}"#;
        let sorted = r#"{"data":{"object":{"a":2,"z":1}},"id":"evt_1","type":"customer.created"}"#;
        let found = hints(&signed_by(sorted), body.as_bytes(), &["whsec_a"]);
        assert_eq!(found, vec![reencoded(Layout::Compact, true, true, None)]);
        assert!(found[0]
            .describe()
            .contains(r#"Python's json.dumps(obj, separators=(",", ":"), sort_keys=True) writes"#));
    }

    #[test]
    fn finds_python_default_separators() {
        let body = r#"{"id":"evt_1","data":{"object":{"n":[1,2]}}}"#;
        let python = r#"{"id": "evt_1", "data": {"object": {"n": [1, 2]}}}"#;
        let found = hints(&signed_by(python), body.as_bytes(), &["whsec_a"]);
        assert_eq!(
            found,
            vec![MismatchHint::Reserialised(Layout::PythonDefault)]
        );
        assert!(found[0].describe().contains("Python's default layout"));
        // And back: signed compact, the body in Python's layout.
        assert_eq!(
            hints(&signed_by(body), python.as_bytes(), &["whsec_a"]),
            vec![MismatchHint::Reserialised(Layout::Compact)]
        );
    }

    #[test]
    fn ascii_bodies_never_get_a_non_ascii_hint() {
        let body = r#"{"z":"plain \u0041 text","a":[1]}"#;
        for signed in [
            r#"{"z": "plain A text", "a": [1]}"#,
            r#"{"a":[1],"z":"plain A text"}"#,
            "{\n  \"z\": \"plain A text\",\n  \"a\": [\n    1\n  ]\n}",
        ] {
            let found = hints(&signed_by(signed), body.as_bytes(), &["whsec_a"]);
            assert_eq!(found.len(), 1, "{signed}: {found:?}");
            assert!(
                !matches!(
                    found[0],
                    MismatchHint::Reencoded {
                        non_ascii: Some(_),
                        ..
                    }
                ),
                "{found:?}"
            );
            assert!(!found[0].describe().contains("non-ASCII"));
        }
        for (hint, _) in json_variants(body.as_bytes()) {
            assert!(
                !matches!(
                    hint,
                    MismatchHint::Reencoded {
                        non_ascii: Some(_),
                        ..
                    }
                ),
                "{hint:?}"
            );
        }
    }

    #[test]
    fn sorted_bodies_never_get_a_sorted_keys_hint() {
        let body = r#"{"a":"Zoë","b":{"c":1,"d":2}}"#;
        for (hint, _) in json_variants(body.as_bytes()) {
            assert!(
                !matches!(hint, MismatchHint::Reencoded { signed, .. } if signed.sorted_keys),
                "{hint:?}"
            );
        }
        let python = r#"{"a": "Zo\u00eb", "b": {"c": 1, "d": 2}}"#;
        assert_eq!(
            hints(&signed_by(python), body.as_bytes(), &["whsec_a"]),
            vec![reencoded(
                Layout::PythonDefault,
                false,
                true,
                Some(NonAscii::SignedEscaped)
            )]
        );
    }

    #[test]
    fn finds_a_byte_order_mark_added_or_removed() {
        let with_bom = "\u{feff}{\"a\":1}";
        let found = hints(&signed_by("{\"a\":1}"), with_bom.as_bytes(), &["whsec_a"]);
        assert_eq!(found, vec![MismatchHint::Bom(Bom::NotSigned)]);
        assert!(found[0]
            .describe()
            .contains("byte-order mark (EF BB BF) that was not signed"));
        let found = hints(&signed_by(with_bom), b"{\"a\":1}", &["whsec_a"]);
        assert_eq!(found, vec![MismatchHint::Bom(Bom::Signed)]);
        assert!(found[0]
            .describe()
            .contains("with a byte-order mark (EF BB BF) in front"));
    }

    #[test]
    fn finds_line_endings_converted_either_way() {
        let lf = "{\n  \"id\": \"evt_1\",\n  \"object\": \"event\"\n}";
        let crlf = lf.replace('\n', "\r\n");
        // LF signed, CRLF received: the pretty JSON re-serialised would give the same LF
        // bytes, but the first cause (line endings) is the one named.
        let found = hints(&signed_by(lf), crlf.as_bytes(), &["whsec_a"]);
        assert_eq!(
            found,
            vec![MismatchHint::LineEndings {
                signed: LineEnding::Lf
            }]
        );
        assert!(found[0]
            .describe()
            .starts_with("The signature matches this body with LF (\\n) line endings; the body has CRLF (\\r\\n)."));
        // CRLF signed, LF received (a text box).
        let found = hints(&signed_by(&crlf), lf.as_bytes(), &["whsec_a"]);
        assert_eq!(
            found,
            vec![MismatchHint::LineEndings {
                signed: LineEnding::Crlf
            }]
        );
        assert!(found[0].describe().contains("a browser text box does this"));
        // Mixed endings convert to all-LF or all-CRLF.
        let mixed = "{\r\n\"a\":1\n}";
        assert_eq!(
            hints(
                &signed_by("{\r\n\"a\":1\r\n}"),
                mixed.as_bytes(),
                &["whsec_a"]
            ),
            vec![MismatchHint::LineEndings {
                signed: LineEnding::Crlf
            }]
        );
    }

    #[test]
    fn finds_a_bom_and_line_endings_together() {
        let lf = "{\n\"a\":1\n}";
        let windows = format!("\u{feff}{}", lf.replace('\n', "\r\n"));
        let found = hints(&signed_by(lf), windows.as_bytes(), &["whsec_a"]);
        assert_eq!(
            found,
            vec![MismatchHint::BomAndLineEndings {
                bom: Bom::NotSigned,
                signed: LineEnding::Lf
            }]
        );
        let text = found[0].describe();
        assert!(text.contains("and without the byte-order mark"), "{text}");
        assert_eq!(
            hints(&signed_by(&windows), lf.as_bytes(), &["whsec_a"]),
            vec![MismatchHint::BomAndLineEndings {
                bom: Bom::Signed,
                signed: LineEnding::Crlf
            }]
        );
    }

    #[test]
    fn text_variants_only_where_the_body_allows_them() {
        let kinds = |body: &str| -> Vec<MismatchHint> {
            text_variants(body.as_bytes())
                .into_iter()
                .map(|(h, _)| h)
                .collect()
        };
        // No line break: only a BOM added.
        assert_eq!(kinds("{}"), vec![MismatchHint::Bom(Bom::Signed)]);
        // LF only: never "CRLF in the body".
        let lf = kinds("{\n}");
        assert!(!lf.contains(&MismatchHint::LineEndings {
            signed: LineEnding::Lf
        }));
        assert!(lf.contains(&MismatchHint::LineEndings {
            signed: LineEnding::Crlf
        }));
        // CRLF only: never "LF in the body"; a BOM present is only ever removed.
        let crlf = kinds("\u{feff}{\r\n}");
        assert!(crlf.contains(&MismatchHint::LineEndings {
            signed: LineEnding::Lf
        }));
        assert!(!crlf.contains(&MismatchHint::LineEndings {
            signed: LineEnding::Crlf
        }));
        assert!(!crlf.contains(&MismatchHint::Bom(Bom::Signed)));
    }

    #[test]
    fn every_hint_has_a_slug_and_a_sentence() {
        let all = [
            MismatchHint::Bom(Bom::Signed),
            MismatchHint::LineEndings {
                signed: LineEnding::Lf,
            },
            MismatchHint::BomAndLineEndings {
                bom: Bom::Signed,
                signed: LineEnding::Crlf,
            },
            reencoded(Layout::Pretty, true, false, Some(NonAscii::SignedAsUtf8)),
        ];
        for hint in all {
            assert!(!hint.slug().is_empty());
            assert!(hint.describe().ends_with('.'), "{}", hint.describe());
        }
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
