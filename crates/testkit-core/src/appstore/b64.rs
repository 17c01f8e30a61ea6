//! Base64 exactly as Apple's library reads it: standard base64 for `x5c` certificates
//! (Python's `b64decode(s, validate=True)`) and base64url for the three JWS segments
//! (PyJWT 2.15's `_decode_base64url_segment`). Hand-written because the verdict depends on
//! which odd inputs each accepts (padding, trailing bits), and it costs no bundle bytes.

const STD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn value(alphabet: &[u8; 64], c: u8) -> Option<u8> {
    alphabet.iter().position(|&a| a == c).map(|p| p as u8)
}

fn encode_with(alphabet: &[u8; 64], bytes: &[u8], pad: bool) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..4 {
            if i < chars {
                out.push(alphabet[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

/// Standard base64 with padding (how `x5c` carries certificates).
pub fn encode_std(bytes: &[u8]) -> String {
    encode_with(STD, bytes, true)
}

/// Base64url without padding (how JWS carries its segments).
pub fn encode_url(bytes: &[u8]) -> String {
    encode_with(URL, bytes, false)
}

/// Decodes data characters (no padding) in groups; a final group of 2 or 3 characters
/// gives 1 or 2 bytes and its unused low bits are ignored, as CPython's binascii does.
fn decode_groups(alphabet: &[u8; 64], data: &[u8]) -> Option<Vec<u8>> {
    if data.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(data.len() / 4 * 3 + 2);
    for chunk in data.chunks(4) {
        let mut n: u32 = 0;
        for (i, &c) in chunk.iter().enumerate() {
            n |= u32::from(value(alphabet, c)?) << (18 - 6 * i);
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..chunk.len() - 1]);
    }
    Some(out)
}

/// Why a certificate in `x5c` is not base64 as Python's `b64decode(validate=True)` wants.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StdError {
    /// A character outside `A-Z a-z 0-9 + /` (the first one and its byte position).
    NonBase64(char, usize),
    /// Padding misplaced: at the start, data after the padding, or `=` inside the data.
    BadPadding(&'static str, usize),
    /// The data characters do not fill whole groups of four and padding is missing.
    IncorrectPadding,
}

impl std::fmt::Display for StdError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StdError::NonBase64(c, at) => write!(
                f,
                "character {c:?} at position {at} is not standard base64 (A-Z a-z 0-9 + /; base64url's - and _ are refused)"
            ),
            StdError::BadPadding(what, at) => write!(f, "{what} at position {at}"),
            StdError::IncorrectPadding => write!(f, "incorrect base64 padding"),
        }
    }
}

/// Python 3.11's `base64.b64decode(s, validate=True)` (binascii's strict mode): refuses
/// any other character, leading padding, data after the padding that completes a group
/// and a last group without its padding; accepts extra `=` after a complete group and
/// non-zero trailing bits.
pub fn decode_std_validate(text: &str) -> Result<Vec<u8>, StdError> {
    let bytes = text.as_bytes();
    let mut data = Vec::with_capacity(bytes.len());
    let (mut quad, mut pads, mut padding) = (0usize, 0usize, false);
    let mut complete = false;
    for (i, &c) in bytes.iter().enumerate() {
        if c == b'=' {
            padding = true;
            if i == 0 {
                return Err(StdError::BadPadding("leading padding", 0));
            }
            if quad >= 2 {
                pads += 1;
                if quad + pads >= 4 {
                    if i + 1 < bytes.len() {
                        return Err(StdError::BadPadding("data after the padding", i + 1));
                    }
                    complete = true;
                    break;
                }
            }
            continue;
        }
        if value(STD, c).is_none() {
            let ch = text[i..].chars().next().unwrap_or(c as char);
            return Err(StdError::NonBase64(ch, i));
        }
        if padding {
            return Err(StdError::BadPadding("padding inside the data", i));
        }
        pads = 0;
        data.push(c);
        quad = (quad + 1) % 4;
    }
    if !complete && quad != 0 {
        return Err(StdError::IncorrectPadding);
    }
    decode_groups(STD, &data).ok_or(StdError::IncorrectPadding)
}

/// PyJWT 2.15's segment decoding: base64url characters only, up to two `=` allowed only
/// when the segment's length is a multiple of four, no group of one character, and the
/// text must be the canonical encoding of what it decodes to (no stray trailing bits).
pub fn decode_url_segment(segment: &str) -> Option<Vec<u8>> {
    let bytes = segment.as_bytes();
    let stripped_len = bytes.iter().rposition(|&c| c != b'=').map_or(0, |p| p + 1);
    let pads = bytes.len() - stripped_len;
    if pads > 2 || (pads > 0 && bytes.len() & 3 != 0) {
        return None;
    }
    let data = &bytes[..stripped_len];
    let decoded = decode_groups(URL, data)?;
    (encode_url(&decoded).as_bytes() == data).then_some(decoded)
}

/// The blocks of a PEM text, as (label, DER) in order: `-----BEGIN CERTIFICATE-----`
/// gives ("CERTIFICATE", its DER). Text outside blocks is ignored; a block whose base64
/// does not decode is an error naming its label and position.
///
/// ```
/// use testkit_core::appstore::{encode_std, pem_blocks};
/// let text = format!("junk\n-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n", encode_std(b"abc"));
/// assert_eq!(pem_blocks(&text).unwrap(), vec![("CERTIFICATE".to_string(), b"abc".to_vec())]);
/// ```
pub fn pem_blocks(text: &str) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let after = &rest[start + 11..];
        let label_end = after
            .find("-----")
            .ok_or_else(|| format!("block {}: an unterminated BEGIN line", blocks.len() + 1))?;
        let label = after[..label_end].to_string();
        let body_start = &after[label_end + 5..];
        let end_marker = format!("-----END {label}-----");
        let end = body_start
            .find(&end_marker)
            .ok_or_else(|| format!("block {} ({label}): no {end_marker}", blocks.len() + 1))?;
        let body: String = body_start[..end]
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let der = decode_std_validate(&body)
            .map_err(|e| format!("block {} ({label}): not base64 ({e:?})", blocks.len() + 1))?;
        blocks.push((label, der));
        rest = &body_start[end + end_marker.len()..];
    }
    Ok(blocks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for n in 0..20 {
            let bytes: Vec<u8> = (0..n).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(decode_std_validate(&encode_std(&bytes)).unwrap(), bytes);
            assert_eq!(decode_url_segment(&encode_url(&bytes)).unwrap(), bytes);
        }
    }

    #[test]
    fn python_validate_rules() {
        assert_eq!(decode_std_validate("QUJD").unwrap(), b"ABC");
        assert_eq!(decode_std_validate("QUI=").unwrap(), b"AB");
        // Extra padding after a whole group and stray trailing bits pass in Python.
        assert_eq!(decode_std_validate("QUJD==").unwrap(), b"ABC");
        assert_eq!(decode_std_validate("QUJ=").unwrap(), b"AB");
        assert_eq!(decode_std_validate("QUI"), Err(StdError::IncorrectPadding));
        assert_eq!(decode_std_validate("QQ="), Err(StdError::IncorrectPadding));
        assert_eq!(decode_std_validate("abc"), Err(StdError::IncorrectPadding));
        assert_eq!(decode_std_validate("Q"), Err(StdError::IncorrectPadding));
        assert!(matches!(
            decode_std_validate("QU-D"),
            Err(StdError::NonBase64('-', 2))
        ));
        assert!(matches!(
            decode_std_validate("QU=D"),
            Err(StdError::BadPadding(_, 3))
        ));
        assert!(decode_std_validate("QUJD\n").is_err());
        assert_eq!(decode_std_validate("QUJD===").unwrap(), b"ABC");
        assert!(decode_std_validate("==QUJD").is_err());
        assert!(decode_std_validate("QQ===").is_err());
        assert!(decode_std_validate("QQ=A=").is_err());
        assert!(decode_std_validate("Q===").is_err());
        assert_eq!(decode_std_validate("").unwrap(), b"");
    }

    #[test]
    fn pyjwt_segment_rules() {
        assert_eq!(decode_url_segment("QUI").unwrap(), b"AB");
        assert_eq!(decode_url_segment("QUI=").unwrap(), b"AB");
        assert_eq!(decode_url_segment("").unwrap(), b"");
        assert!(
            decode_url_segment("QUJ").is_none(),
            "non-canonical trailing bits"
        );
        assert!(decode_url_segment("QUI==").is_none());
        assert!(decode_url_segment("QU+D").is_none());
        assert!(decode_url_segment("Q").is_none());
        assert!(decode_url_segment("QQ=").is_none());
    }
}
