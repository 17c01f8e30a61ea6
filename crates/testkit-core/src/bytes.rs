//! Exact bytes given by a person: base64 and hex decoding with precise errors, a short
//! fingerprint of what was received, and the things about a body that may make it other
//! bytes than a receiver got (or will get).

use std::fmt;

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::signature::hex::encode as hex_encode;
use crate::signature::{count_keys, escapes_non_ascii, keys_sorted, BOM};

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with `=` padding (RFC 4648 section 4).
pub fn encode_base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(BASE64[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Lowercase hex, two digits a byte.
pub fn encode_hex(bytes: &[u8]) -> String {
    hex_encode(bytes)
}

/// Where a character is in the text a person gave.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Whether the text has more than one line (then the line is worth naming).
    pub multiline: bool,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.multiline {
            write!(f, "line {}, column {}", self.line, self.column)
        } else {
            write!(f, "character {}", self.column)
        }
    }
}

fn position(text: &str, byte_index: usize) -> Position {
    let before = &text[..byte_index];
    Position {
        line: before.matches('\n').count() + 1,
        column: before.rsplit('\n').next().unwrap_or("").chars().count() + 1,
        multiline: text.trim_end().contains('\n'),
    }
}

/// Why a base64 or hex text is not bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// A character that is not base64.
    NotBase64 {
        /// The character.
        character: char,
        /// Where it is.
        at: Position,
    },
    /// `=` before the end, or more than two.
    MisplacedPadding {
        /// Where the out-of-place `=` is.
        at: Position,
    },
    /// Base64 symbols come in fours; a group of one cannot be a byte.
    Base64Length {
        /// How many base64 symbols (padding and whitespace not counted).
        symbols: usize,
    },
    /// The `=` padding does not complete the last group of four.
    PaddingCount {
        /// Symbols in the last group.
        symbols: usize,
        /// `=` characters that follow them.
        padding: usize,
    },
    /// A character that is not a hex digit.
    NotHex {
        /// The character.
        character: char,
        /// Where it is.
        at: Position,
    },
    /// Hex digits come in pairs.
    OddHexLength {
        /// How many hex digits.
        digits: usize,
    },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::NotBase64 { character, at } => write!(
                f,
                "{character:?} at {at} is not base64: use A-Z, a-z, 0-9, + and / (or - and _), \
                 with = only at the end."
            ),
            DecodeError::MisplacedPadding { at } => write!(
                f,
                "'=' at {at} is out of place: padding only ends the text, at most two of them."
            ),
            DecodeError::Base64Length { symbols } => write!(
                f,
                "{symbols} base64 characters: base64 comes in groups of 4, and a last group of \
                 1 cannot be a byte (the text looks cut short)."
            ),
            DecodeError::PaddingCount { symbols, padding } => write!(
                f,
                "The last group has {symbols} base64 characters and {padding} '=': together \
                 they must make 4 (the text looks cut short)."
            ),
            DecodeError::NotHex { character, at } => write!(
                f,
                "{character:?} at {at} is not a hex digit: use 0-9 and a-f, two digits a byte \
                 (spaces and line breaks are ignored)."
            ),
            DecodeError::OddHexLength { digits } => write!(
                f,
                "{digits} hex digits: an odd count cannot be whole bytes (a digit is missing \
                 or extra)."
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

fn base64_value(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' | b'-' => Some(62),
        b'/' | b'_' => Some(63),
        _ => None,
    }
}

/// Decodes base64, standard or URL-safe, padded or not; whitespace and line breaks (as
/// `base64` wraps its output) are ignored.
pub fn decode_base64(text: &str) -> Result<Vec<u8>, DecodeError> {
    let mut values = Vec::with_capacity(text.len());
    let mut padding = 0;
    for (i, c) in text.char_indices() {
        if c.is_ascii_whitespace() {
            continue;
        }
        if c == '=' {
            padding += 1;
            if padding > 2 {
                return Err(DecodeError::MisplacedPadding {
                    at: position(text, i),
                });
            }
            continue;
        }
        let value = u8::try_from(c).ok().and_then(base64_value);
        match value {
            Some(_) if padding > 0 => {
                let first_pad = text.find('=').unwrap_or(i);
                return Err(DecodeError::MisplacedPadding {
                    at: position(text, first_pad),
                });
            }
            Some(v) => values.push(v),
            None => {
                return Err(DecodeError::NotBase64 {
                    character: c,
                    at: position(text, i),
                })
            }
        }
    }
    let last = values.len() % 4;
    if last == 1 {
        return Err(DecodeError::Base64Length {
            symbols: values.len(),
        });
    }
    if padding > 0 && last + padding != 4 {
        return Err(DecodeError::PaddingCount {
            symbols: last,
            padding,
        });
    }
    let mut out = Vec::with_capacity(values.len() * 3 / 4);
    for group in values.chunks(4) {
        let n = group
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, v)| acc | u32::from(*v) << (18 - 6 * i));
        for i in 0..group.len() - 1 {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Ok(out)
}

/// Decodes hex (either case); whitespace and line breaks are ignored, and so is one
/// leading `0x`.
pub fn decode_hex(text: &str) -> Result<Vec<u8>, DecodeError> {
    let start = text.len() - text.trim_start().len();
    let skip = if text[start..].starts_with("0x") || text[start..].starts_with("0X") {
        start + 2
    } else {
        0
    };
    let mut digits = Vec::with_capacity(text.len());
    for (i, c) in text.char_indices().skip_while(|(i, _)| *i < skip) {
        if c.is_ascii_whitespace() {
            continue;
        }
        match c.to_digit(16) {
            Some(d) if c.is_ascii() => digits.push(d as u8),
            _ => {
                return Err(DecodeError::NotHex {
                    character: c,
                    at: position(text, i),
                })
            }
        }
    }
    if digits.len() % 2 == 1 {
        return Err(DecodeError::OddHexLength {
            digits: digits.len(),
        });
    }
    Ok(digits.chunks(2).map(|p| p[0] << 4 | p[1]).collect())
}

/// What identifies bytes at a glance: length, SHA-256 and the first bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fingerprint {
    /// Length in bytes.
    pub len: usize,
    /// SHA-256, lowercase hex.
    pub sha256: String,
    /// Up to the first 12 bytes.
    pub head: Vec<u8>,
}

impl Fingerprint {
    /// The fingerprint of `bytes`.
    pub fn of(bytes: &[u8]) -> Fingerprint {
        Fingerprint {
            len: bytes.len(),
            sha256: hex_encode(&Sha256::digest(bytes)),
            head: bytes[..bytes.len().min(12)].to_vec(),
        }
    }
}

impl fmt::Display for Fingerprint {
    /// "412 bytes, SHA-256 3a7bd3e2360a…, starting 7b 0a 20 20 22 69 64 22 3a 20 22 65".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let head: Vec<String> = self.head.iter().map(|b| format!("{b:02x}")).collect();
        write!(
            f,
            "{} byte{}, SHA-256 {}…",
            self.len,
            if self.len == 1 { "" } else { "s" },
            &self.sha256[..12]
        )?;
        if !head.is_empty() {
            write!(f, ", starting {}", head.join(" "))?;
        }
        Ok(())
    }
}

/// Where the bytes came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Typed or pasted into a text box, whose value always has LF line endings.
    TextBox,
    /// Given exactly: a file, base64 or hex.
    Exact,
}

/// What the bytes are for: the warnings differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// A body to verify: it should be exactly what the receiver got.
    Verify,
    /// A body to sign and send.
    Sign,
}

/// Something about a body that may make it other bytes than a receiver got.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Finding {
    /// No bytes at all.
    Empty,
    /// Starts with a UTF-16 byte-order mark (FF FE or FE FF).
    Utf16,
    /// Not valid UTF-8 from this byte on.
    NotUtf8 {
        /// Offset of the first byte that is not UTF-8.
        valid_up_to: usize,
    },
    /// Starts with a UTF-8 byte-order mark.
    Bom,
    /// Has CR characters.
    CarriageReturns {
        /// CR LF pairs.
        crlf: usize,
        /// CRs not followed by LF.
        lone: usize,
    },
    /// Text from a text box with line breaks: a text box turns CRLF into LF.
    TextBoxLineBreaks {
        /// How many line breaks.
        count: usize,
    },
    /// Whitespace before the first character (after any BOM).
    LeadingWhitespace,
    /// Whitespace after the last character.
    TrailingWhitespace {
        /// Whether it ends with a line break.
        newline: bool,
    },
    /// JSON whose keys are sorted at every depth (and there are enough to tell).
    KeysSorted,
    /// JSON that writes non-ASCII characters as `\uXXXX`.
    EscapedNonAscii,
}

/// Fewer keys than this and sorted order may be chance.
const SORTED_KEYS_MIN: usize = 6;

/// Lists what may make `bytes` differ from what a receiver gets, most serious first.
pub fn inspect(bytes: &[u8], origin: Origin) -> Vec<Finding> {
    let mut found = Vec::new();
    if bytes.is_empty() {
        found.push(Finding::Empty);
        return found;
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        found.push(Finding::Utf16);
    } else if let Err(err) = std::str::from_utf8(bytes) {
        found.push(Finding::NotUtf8 {
            valid_up_to: err.valid_up_to(),
        });
    }
    let text = match bytes.strip_prefix(BOM) {
        Some(rest) => {
            found.push(Finding::Bom);
            rest
        }
        None => bytes,
    };
    let crlf = bytes.windows(2).filter(|w| w == b"\r\n").count();
    let cr = bytes.iter().filter(|b| **b == b'\r').count();
    if cr > 0 {
        found.push(Finding::CarriageReturns {
            crlf,
            lone: cr - crlf,
        });
    }
    let line_breaks = bytes.iter().filter(|b| **b == b'\n').count();
    if origin == Origin::TextBox && line_breaks > 0 {
        found.push(Finding::TextBoxLineBreaks { count: line_breaks });
    }
    if text.first().is_some_and(u8::is_ascii_whitespace) {
        found.push(Finding::LeadingWhitespace);
    }
    if let Some(last) = text.last().filter(|b| b.is_ascii_whitespace()) {
        found.push(Finding::TrailingWhitespace {
            newline: matches!(last, b'\n' | b'\r'),
        });
    }
    if let Ok(value) = serde_json::from_slice::<Value>(text) {
        if count_keys(&value) >= SORTED_KEYS_MIN && keys_sorted(&value) {
            found.push(Finding::KeysSorted);
        }
        if escapes_non_ascii(text) {
            found.push(Finding::EscapedNonAscii);
        }
    }
    found
}

impl Finding {
    /// Advice for a person next to the input, or `None` when the finding does not matter
    /// for `purpose` (a text box's line endings do not matter for what is signed and sent
    /// from it).
    pub fn advice(&self, purpose: Purpose) -> Option<String> {
        use Purpose::*;
        let text = match (self, purpose) {
            (Finding::Empty, Verify) => "The body is empty: a receiver of Stripe events gets a JSON object.".into(),
            (Finding::Empty, Sign) => "The body is empty: Stripe never sends an empty event.".into(),
            (Finding::Utf16, Verify) => "These bytes start with a UTF-16 byte-order mark: they were saved as UTF-16 \
                 (PowerShell 5's > and Out-File do this). Stripe sends UTF-8, so these cannot be the bytes it \
                 signed; export the body as UTF-8 bytes.".into(),
            (Finding::Utf16, Sign) => "These bytes start with a UTF-16 byte-order mark (saved as UTF-16): they \
                 are signed as they are, but no receiver expecting Stripe's UTF-8 JSON will parse them.".into(),
            (Finding::NotUtf8 { valid_up_to }, Verify) => format!(
                "Not valid UTF-8 from byte {valid_up_to} on: Stripe sends UTF-8, so the body was re-encoded \
                 (saved as Latin-1 or Windows-1252?) or cut mid-character before it got here."
            ),
            (Finding::NotUtf8 { valid_up_to }, Sign) => format!(
                "Not valid UTF-8 from byte {valid_up_to} on: these bytes are signed and the curl command \
                 sends them as they are, but the page cannot send them (a browser sends text as UTF-8)."
            ),
            (Finding::Bom, Verify) => "Starts with a byte-order mark (EF BB BF). Stripe never sends one: an \
                 editor or a Windows tool adds it when saving. If the receiver's bytes do not start with it, \
                 remove it here.".into(),
            (Finding::Bom, Sign) => "The body being signed starts with a byte-order mark (EF BB BF): it is \
                 signed and sent with it, but Stripe never sends one, and a receiver or framework that strips \
                 it (decoding as utf-8-sig, for one) verifies other bytes.".into(),
            (Finding::CarriageReturns { crlf, lone }, Verify) => format!(
                "The bytes have {}: these are verified as given. Stripe's own events use LF, so if a tool \
                 converted line endings on the way (git's core.autocrlf, a Windows text-mode write), the \
                 signature covers other bytes.",
                cr_words(*crlf, *lone)
            ),
            (Finding::CarriageReturns { crlf, lone }, Sign) => format!(
                "The bytes have {}: they are signed and sent exactly so. A receiver whose tools convert line \
                 endings will verify other bytes.",
                cr_words(*crlf, *lone)
            ),
            (Finding::TextBoxLineBreaks { count }, Verify) => format!(
                "This text has {count} line break{}, and a text box turns CRLF into LF: if your receiver got \
                 CRLF line endings, give the bytes as a file, base64 or hex instead.",
                if *count == 1 { "" } else { "s" }
            ),
            (Finding::TextBoxLineBreaks { .. }, Sign) => return None,
            (Finding::LeadingWhitespace, Verify) => "The body starts with whitespace. Stripe's bodies start \
                 with '{': if the receiver's bytes do not, remove it.".into(),
            (Finding::LeadingWhitespace, Sign) => "The body being signed starts with whitespace: it is signed \
                 and sent, and a receiver that trims the body verifies other bytes.".into(),
            (Finding::TrailingWhitespace { newline }, Verify) => format!(
                "The body ends with {}. Stripe's bodies end with '}}'; an editor or `echo` adds this. If the \
                 receiver's bytes do not end with it, remove it.",
                if *newline { "a line break" } else { "whitespace" }
            ),
            (Finding::TrailingWhitespace { newline }, Sign) => format!(
                "The body being signed ends with {}: it is signed and sent, and a receiver or shell that \
                 trims the body ($(...), .strip()) verifies other bytes.",
                if *newline { "a line break" } else { "whitespace" }
            ),
            (Finding::KeysSorted, Verify) => "Every object's keys are in alphabetical order, which Stripe's \
                 events are not: if this body went through a parse-and-print that sorts keys, the signed \
                 bytes had another order, which cannot be recovered from these. Verify the raw request body."
                .into(),
            (Finding::KeysSorted, Sign) => return None,
            (Finding::EscapedNonAscii, Verify) => "Non-ASCII characters are written as \\uXXXX escapes, as \
                 Python's json.dumps does by default: if this body was re-encoded after it arrived, the \
                 signed bytes differ. Verify the raw request body.".into(),
            (Finding::EscapedNonAscii, Sign) => return None,
        };
        Some(text)
    }

    /// A short stable name (for data attributes).
    pub fn slug(&self) -> &'static str {
        match self {
            Finding::Empty => "empty",
            Finding::Utf16 => "utf16",
            Finding::NotUtf8 { .. } => "not-utf8",
            Finding::Bom => "bom",
            Finding::CarriageReturns { .. } => "cr",
            Finding::TextBoxLineBreaks { .. } => "text-box-line-breaks",
            Finding::LeadingWhitespace => "leading-whitespace",
            Finding::TrailingWhitespace { .. } => "trailing-whitespace",
            Finding::KeysSorted => "keys-sorted",
            Finding::EscapedNonAscii => "escaped-non-ascii",
        }
    }
}

fn cr_words(crlf: usize, lone: usize) -> String {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    match (crlf, lone) {
        (c, 0) => format!("{c} CRLF line ending{}", plural(c)),
        (0, l) => format!("{l} lone CR character{}", plural(l)),
        (c, l) => format!(
            "{c} CRLF line ending{} and {l} lone CR character{}",
            plural(c),
            plural(l)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips() {
        for len in 0..40 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            let text = encode_base64(&bytes);
            assert_eq!(decode_base64(&text).unwrap(), bytes, "{text}");
            assert_eq!(decode_base64(text.trim_end_matches('=')).unwrap(), bytes);
        }
        assert_eq!(encode_base64(b"{\r\n}"), "ew0KfQ==");
        assert_eq!(encode_base64(b"\xef\xbb\xbf{}"), "77u/e30=");
    }

    #[test]
    fn base64_url_safe_and_wrapped() {
        assert_eq!(decode_base64("77u_e30").unwrap(), b"\xef\xbb\xbf{}");
        assert_eq!(decode_base64("ew0K\nfQ==\n").unwrap(), b"{\r\n}");
        assert_eq!(decode_base64("  ").unwrap(), b"");
    }

    #[test]
    fn base64_errors_say_where() {
        let err = decode_base64("ew0K f!==").unwrap_err();
        assert_eq!(
            err,
            DecodeError::NotBase64 {
                character: '!',
                at: Position {
                    line: 1,
                    column: 7,
                    multiline: false
                }
            }
        );
        assert_eq!(
            err.to_string(),
            "'!' at character 7 is not base64: use A-Z, a-z, 0-9, + and / (or - and _), with = only at the end."
        );
        let err = decode_base64("ew0K\nfQé=").unwrap_err();
        assert!(
            err.to_string().starts_with("'é' at line 2, column 3"),
            "{err}"
        );
        assert!(matches!(
            decode_base64("ew==fQ"),
            Err(DecodeError::MisplacedPadding { at }) if at.column == 3
        ));
        assert!(matches!(
            decode_base64("e==="),
            Err(DecodeError::MisplacedPadding { .. })
        ));
        assert_eq!(
            decode_base64("ew0Kf"),
            Err(DecodeError::Base64Length { symbols: 5 })
        );
        assert_eq!(
            decode_base64("ew0KfQ="),
            Err(DecodeError::PaddingCount {
                symbols: 2,
                padding: 1
            })
        );
    }

    #[test]
    fn hex_decodes_with_spaces_and_prefix() {
        assert_eq!(decode_hex("7b0d0a7d").unwrap(), b"{\r\n}");
        assert_eq!(decode_hex(" 0x7B 0D\n0a 7d\n").unwrap(), b"{\r\n}");
        assert_eq!(decode_hex("").unwrap(), b"");
        assert_eq!(encode_hex(b"{\r\n}"), "7b0d0a7d");
    }

    #[test]
    fn hex_errors_say_where() {
        let err = decode_hex("7b0g").unwrap_err();
        assert_eq!(
            err.to_string(),
            "'g' at character 4 is not a hex digit: use 0-9 and a-f, two digits a byte (spaces and line breaks are ignored)."
        );
        assert!(decode_hex("7b\n0x7d")
            .unwrap_err()
            .to_string()
            .starts_with("'x' at line 2, column 2"));
        assert!(matches!(decode_hex("٣٣"), Err(DecodeError::NotHex { .. })));
        assert_eq!(
            decode_hex("7b0"),
            Err(DecodeError::OddHexLength { digits: 3 })
        );
    }

    #[test]
    fn fingerprint_names_length_hash_and_head() {
        let fp = Fingerprint::of(b"{}");
        assert_eq!(
            fp.sha256,
            "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
        );
        assert_eq!(
            fp.to_string(),
            "2 bytes, SHA-256 44136fa355b3…, starting 7b 7d"
        );
        assert_eq!(
            Fingerprint::of(b"").to_string(),
            "0 bytes, SHA-256 e3b0c44298fc…"
        );
        assert_eq!(Fingerprint::of(&[0u8; 40]).head.len(), 12);
    }

    fn slugs(bytes: &[u8], origin: Origin) -> Vec<&'static str> {
        inspect(bytes, origin).iter().map(Finding::slug).collect()
    }

    #[test]
    fn a_clean_body_has_no_findings() {
        assert!(inspect(br#"{"id":"evt_1","object":"event"}"#, Origin::Exact).is_empty());
        assert!(inspect(br#"{"id":"evt_1","object":"event"}"#, Origin::TextBox).is_empty());
    }

    #[test]
    fn finds_what_a_receiver_may_not_have_got() {
        assert_eq!(
            slugs(b"\xef\xbb\xbf{\r\n}\n", Origin::Exact),
            vec!["bom", "cr", "trailing-whitespace"]
        );
        assert_eq!(
            inspect(b"{\r\n\r}", Origin::Exact),
            vec![Finding::CarriageReturns { crlf: 1, lone: 1 }]
        );
        assert_eq!(
            slugs(b" {\n}\t", Origin::TextBox),
            vec![
                "text-box-line-breaks",
                "leading-whitespace",
                "trailing-whitespace"
            ]
        );
        assert_eq!(
            inspect(b"{} ", Origin::Exact),
            vec![Finding::TrailingWhitespace { newline: false }]
        );
        assert_eq!(slugs(b"", Origin::Exact), vec!["empty"]);
        assert_eq!(slugs(b"\xff\xfe{\x00}\x00", Origin::Exact), vec!["utf16"]);
        assert_eq!(
            inspect(b"{\"a\":\"\xe9\"}", Origin::Exact),
            vec![Finding::NotUtf8 { valid_up_to: 6 }]
        );
    }

    #[test]
    fn finds_json_that_was_re_encoded() {
        let sorted = br#"{"a":1,"b":{"c":2,"d":3},"e":[{"f":1,"g":2}]}"#;
        assert_eq!(slugs(sorted, Origin::Exact), vec!["keys-sorted"]);
        // Too few keys to tell, or not sorted.
        assert!(inspect(br#"{"a":1,"b":2}"#, Origin::Exact).is_empty());
        assert!(inspect(
            br#"{"b":1,"a":{"c":2,"d":3},"e":[{"f":1,"g":2}]}"#,
            Origin::Exact
        )
        .is_empty());
        assert_eq!(
            slugs(br#"{"name":"Zo\u00eb"}"#, Origin::Exact),
            vec!["escaped-non-ascii"]
        );
        assert!(inspect(br#"{"name":"\u0041"}"#, Origin::Exact).is_empty());
    }

    #[test]
    fn advice_depends_on_the_purpose() {
        let lines = Finding::TextBoxLineBreaks { count: 3 };
        assert!(lines
            .advice(Purpose::Verify)
            .unwrap()
            .contains("a text box turns CRLF into LF: if your receiver got CRLF line endings, give the bytes as a file, base64 or hex"));
        assert_eq!(lines.advice(Purpose::Sign), None);
        assert!(Finding::Bom
            .advice(Purpose::Sign)
            .unwrap()
            .starts_with("The body being signed starts with a byte-order mark"));
        assert!(Finding::CarriageReturns { crlf: 2, lone: 0 }
            .advice(Purpose::Verify)
            .unwrap()
            .starts_with("The bytes have 2 CRLF line endings"));
        let trailing = Finding::TrailingWhitespace { newline: true };
        assert!(trailing
            .advice(Purpose::Verify)
            .unwrap()
            .contains("ends with a line break"));
        assert!(trailing
            .advice(Purpose::Sign)
            .unwrap()
            .contains("being signed ends with a line break"));
    }
}
