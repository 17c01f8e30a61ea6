//! JWS compact serialisation as Apple's library reads it (through PyJWT 2.15): three
//! base64url segments, a JSON object header and a JSON object payload. Errors say which
//! segment and why; every one of them is a VERIFICATION_FAILURE in Apple's library.

use serde_json::{Map, Value};

use super::b64;
use crate::json_text::kind as json_kind;

/// A parsed, not yet verified, JWS.
#[derive(Clone, Debug, PartialEq)]
pub struct Jws {
    /// The protected header.
    pub header: Map<String, Value>,
    /// The payload, decoded JSON.
    pub payload: Map<String, Value>,
    /// The payload's JSON text as signed.
    pub payload_text: String,
    /// `<header>.<payload>` exactly as received: the bytes the signature covers.
    pub signing_input: String,
    /// The signature segment's bytes (raw `r || s`, 64 bytes for ES256).
    pub signature: Vec<u8>,
}

/// Why a text is not a JWS Apple's library would read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JwsError {
    /// Fewer than three dot-separated segments.
    NotEnoughSegments,
    /// A segment is not canonical base64url (`which` is header, payload or signature).
    Base64(&'static str),
    /// A segment is not JSON, or not a JSON object.
    Json(&'static str, String),
    /// A header parameter PyJWT refuses (`kid` not a string, `crit`, `b64`).
    Header(String),
}

impl std::fmt::Display for JwsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JwsError::NotEnoughSegments => write!(
                f,
                "not a JWS: a compact JWS has three segments separated by dots (header.payload.signature)"
            ),
            JwsError::Base64(which) => write!(
                f,
                "the {which} segment is not base64url (A-Z a-z 0-9 - _, canonical, no stray characters)"
            ),
            JwsError::Json(which, why) => write!(f, "the {which} is not a JSON object: {why}"),
            JwsError::Header(why) => write!(f, "header refused: {why}"),
        }
    }
}

fn json_object(bytes: &[u8], which: &'static str) -> Result<Map<String, Value>, JwsError> {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(JwsError::Json(
            which,
            format!("it is {}", json_kind(&other)),
        )),
        Err(e) => Err(JwsError::Json(which, e.to_string())),
    }
}

/// PyJWT's header checks: `kid` must be a string; `crit` may only name `b64`, which must
/// be present; and `b64: false` (a detached payload) is never what Apple sends.
fn check_header(header: &Map<String, Value>) -> Result<(), JwsError> {
    if header.get("kid").is_some_and(|k| !k.is_string()) {
        return Err(JwsError::Header("kid must be a string".into()));
    }
    if let Some(crit) = header.get("crit") {
        let Some(list) = crit.as_array().filter(|l| !l.is_empty()) else {
            return Err(JwsError::Header("crit must be a non-empty list".into()));
        };
        for ext in list {
            match ext.as_str() {
                Some("b64") if header.contains_key("b64") => {}
                Some("b64") => {
                    return Err(JwsError::Header(
                        "crit names b64, which is missing from the header".into(),
                    ))
                }
                Some(other) => {
                    return Err(JwsError::Header(format!(
                        "unsupported critical extension {other:?}"
                    )))
                }
                None => return Err(JwsError::Header("crit values must be strings".into())),
            }
        }
    }
    if header.get("b64") == Some(&Value::Bool(false)) {
        return Err(JwsError::Header(
            "b64 is false (a detached payload), which App Store payloads never use".into(),
        ));
    }
    Ok(())
}

/// Parses a compact JWS without verifying anything.
///
/// ```
/// use testkit_core::appstore::parse_jws;
///
/// let jws = parse_jws("eyJhbGciOiJFUzI1NiJ9.eyJzaWduZWREYXRlIjoxfQ.AAAA").unwrap();
/// assert_eq!(jws.header["alg"], "ES256");
/// assert_eq!(jws.payload["signedDate"], 1);
/// assert_eq!(jws.signature, [0, 0, 0]);
/// assert!(parse_jws("only.two").is_err());
/// ```
pub fn parse_jws(text: &str) -> Result<Jws, JwsError> {
    let (signing_input, sig_segment) = text.rsplit_once('.').ok_or(JwsError::NotEnoughSegments)?;
    let (header_segment, payload_segment) = signing_input
        .split_once('.')
        .ok_or(JwsError::NotEnoughSegments)?;
    let header_bytes = b64::decode_url_segment(header_segment).ok_or(JwsError::Base64("header"))?;
    let header = json_object(&header_bytes, "header")?;
    let payload_bytes =
        b64::decode_url_segment(payload_segment).ok_or(JwsError::Base64("payload"))?;
    let signature = b64::decode_url_segment(sig_segment).ok_or(JwsError::Base64("signature"))?;
    check_header(&header)?;
    let payload = json_object(&payload_bytes, "payload")?;
    Ok(Jws {
        header,
        payload,
        payload_text: String::from_utf8_lossy(&payload_bytes).into_owned(),
        signing_input: signing_input.to_string(),
        signature,
    })
}

/// The JWS header Apple uses: `{"alg":"ES256","x5c":[leaf, intermediate, root]}` with
/// each certificate as standard base64 of its DER.
pub fn es256_header(chain_der: &[&[u8]]) -> String {
    let x5c: Vec<Value> = chain_der
        .iter()
        .map(|c| Value::String(b64::encode_std(c)))
        .collect();
    let mut header = Map::new();
    header.insert("alg".into(), Value::String("ES256".into()));
    header.insert("x5c".into(), Value::Array(x5c));
    Value::Object(header).to_string()
}

/// `<base64url(header)>.<base64url(payload)>`: the bytes an ES256 signer signs. In the
/// browser, pass them (UTF-8) to `crypto.subtle.sign({name: "ECDSA", hash: "SHA-256"},
/// leafKey, bytes)` and give the 64-byte result to [`finish_jws`].
///
/// ```
/// use testkit_core::appstore::{finish_jws, parse_jws, signing_input};
///
/// let input = signing_input(r#"{"alg":"ES256"}"#, r#"{"signedDate":1}"#);
/// let jws = finish_jws(&input, &[7u8; 64]);
/// assert_eq!(parse_jws(&jws).unwrap().signature, vec![7u8; 64]);
/// ```
pub fn signing_input(header_json: &str, payload_json: &str) -> String {
    format!(
        "{}.{}",
        b64::encode_url(header_json.as_bytes()),
        b64::encode_url(payload_json.as_bytes())
    )
}

/// Appends the raw `r || s` signature to a signing input: the compact JWS.
pub fn finish_jws(signing_input: &str, raw_signature: &[u8]) -> String {
    format!("{signing_input}.{}", b64::encode_url(raw_signature))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(json: &str) -> String {
        b64::encode_url(json.as_bytes())
    }

    #[test]
    fn precise_errors() {
        let h = seg(r#"{"alg":"ES256"}"#);
        let p = seg(r#"{"a":1}"#);
        assert_eq!(parse_jws("abc"), Err(JwsError::NotEnoughSegments));
        assert_eq!(
            parse_jws(&format!("{h}.")),
            Err(JwsError::NotEnoughSegments)
        );
        assert_eq!(
            parse_jws(&format!("{h}!.{p}.AA")),
            Err(JwsError::Base64("header"))
        );
        assert_eq!(
            parse_jws(&format!("{h}.{p}x.AA")),
            Err(JwsError::Base64("payload"))
        );
        assert_eq!(
            parse_jws(&format!("{h}.{p}.A")),
            Err(JwsError::Base64("signature"))
        );
        assert!(matches!(
            parse_jws(&format!("{}.{p}.AA", seg("[1]"))),
            Err(JwsError::Json("header", _))
        ));
        assert!(matches!(
            parse_jws(&format!("{h}.{}.AA", seg("nope"))),
            Err(JwsError::Json("payload", _))
        ));
        assert!(matches!(
            parse_jws(&format!("{}.{p}.AA", seg(r#"{"kid":1}"#))),
            Err(JwsError::Header(_))
        ));
        assert!(matches!(
            parse_jws(&format!("{}.{p}.AA", seg(r#"{"crit":["exp"],"exp":1}"#))),
            Err(JwsError::Header(_))
        ));
        // Four segments: the payload segment then holds a dot, which is not base64url.
        assert_eq!(
            parse_jws(&format!("{h}.{p}.{p}.AA")),
            Err(JwsError::Base64("payload"))
        );
        // An empty signature parses (it fails later, at the signature check).
        assert_eq!(parse_jws(&format!("{h}.{p}.")).unwrap().signature, b"");
    }

    #[test]
    fn header_builder() {
        let h = es256_header(&[b"ab", b"c"]);
        assert_eq!(h, r#"{"alg":"ES256","x5c":["YWI=","Yw=="]}"#);
    }
}
