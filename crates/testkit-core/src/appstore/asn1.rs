//! A small DER reader and writer for the few X.509 structures this module needs. Lengths,
//! OIDs and times go through the `der` crate (strict DER, well kept); the structures are
//! our own because x509-cert cost 47 KB gzip in the wasm bundle.

use der::{Decode, Reader};

/// Universal tags used here.
pub mod tag {
    /// BOOLEAN
    pub const BOOLEAN: u8 = 0x01;
    /// INTEGER
    pub const INTEGER: u8 = 0x02;
    /// BIT STRING
    pub const BIT_STRING: u8 = 0x03;
    /// OCTET STRING
    pub const OCTET_STRING: u8 = 0x04;
    #[cfg_attr(not(feature = "native-crypto"), allow(dead_code))] // used by the test-chain writer
    /// NULL
    pub const NULL: u8 = 0x05;
    /// OBJECT IDENTIFIER
    pub const OID: u8 = 0x06;
    #[cfg_attr(not(feature = "native-crypto"), allow(dead_code))] // used by the test-chain writer
    /// UTF8String
    pub const UTF8_STRING: u8 = 0x0c;
    #[cfg_attr(not(feature = "native-crypto"), allow(dead_code))] // used by the test-chain writer
    /// PrintableString
    pub const PRINTABLE_STRING: u8 = 0x13;
    /// UTCTime
    pub const UTC_TIME: u8 = 0x17;
    /// GeneralizedTime
    pub const GENERALIZED_TIME: u8 = 0x18;
    /// SEQUENCE (constructed)
    pub const SEQUENCE: u8 = 0x30;
    #[cfg_attr(not(feature = "native-crypto"), allow(dead_code))] // used by the test-chain writer
    /// SET (constructed)
    pub const SET: u8 = 0x31;
}

/// One DER element: its tag byte, its content and its whole encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tlv<'a> {
    /// The identifier octet (low-tag-number form only; X.509 needs no other).
    pub tag: u8,
    /// The content octets.
    pub value: &'a [u8],
    /// Tag, length and content, as encoded.
    pub raw: &'a [u8],
}

/// A DER decoding error with what was being read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DerError(pub String);

impl std::fmt::Display for DerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn err<T>(what: impl Into<String>) -> Result<T, DerError> {
    Err(DerError(what.into()))
}

/// Reads consecutive elements from a byte slice.
#[derive(Clone, Copy, Debug)]
pub struct DerReader<'a> {
    rest: &'a [u8],
}

impl<'a> DerReader<'a> {
    /// A reader over `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        DerReader { rest: bytes }
    }

    /// True when every byte has been read.
    pub fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// The next element's tag, without reading it.
    pub fn peek_tag(&self) -> Option<u8> {
        self.rest.first().copied()
    }

    /// Reads the next element, whatever its tag.
    pub fn any(&mut self) -> Result<Tlv<'a>, DerError> {
        let Some(&tag) = self.rest.first() else {
            return err("unexpected end of data");
        };
        if tag & 0x1f == 0x1f {
            return err(format!("unsupported high tag number (0x{tag:02x})"));
        }
        // `der` enforces DER's length rules: definite, minimal, no leading zeros.
        let mut reader =
            der::SliceReader::new(&self.rest[1..]).map_err(|e| DerError(e.to_string()))?;
        let length = der::Length::decode(&mut reader).map_err(|e| DerError(e.to_string()))?;
        let header_len = 1 + usize::try_from(reader.position())
            .map_err(|_| DerError("length overflow".into()))?;
        let len = usize::try_from(length).map_err(|_| DerError("length overflow".into()))?;
        let end = header_len
            .checked_add(len)
            .filter(|&e| e <= self.rest.len())
            .ok_or_else(|| DerError("element longer than its container".into()))?;
        let raw = &self.rest[..end];
        self.rest = &self.rest[end..];
        Ok(Tlv {
            tag,
            value: &raw[header_len..],
            raw,
        })
    }

    /// Reads the next element, which must carry `tag`.
    pub fn expect(&mut self, tag: u8, what: &str) -> Result<Tlv<'a>, DerError> {
        let tlv = self.any().map_err(|e| DerError(format!("{what}: {e}")))?;
        if tlv.tag != tag {
            return err(format!(
                "{what}: expected tag 0x{tag:02x}, found 0x{:02x}",
                tlv.tag
            ));
        }
        Ok(tlv)
    }

    /// Reads the next element if it carries `tag`.
    pub fn optional(&mut self, tag: u8) -> Result<Option<Tlv<'a>>, DerError> {
        if self.peek_tag() == Some(tag) {
            self.any().map(Some)
        } else {
            Ok(None)
        }
    }

    /// Fails unless every byte has been read.
    pub fn finish(&self, what: &str) -> Result<(), DerError> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            err(format!(
                "{what}: {} unexpected trailing bytes",
                self.rest.len()
            ))
        }
    }
}

/// The dotted form of an OID's content octets, if they are a valid OID.
pub fn oid_string(content: &[u8]) -> Option<String> {
    der::asn1::ObjectIdentifier::from_bytes(content)
        .ok()
        .map(|o| o.to_string())
}

#[cfg_attr(not(feature = "native-crypto"), allow(dead_code))] // used by the test-chain writer
/// DER content octets of a dotted OID (for the writer).
pub fn oid_bytes(dotted: &str) -> Vec<u8> {
    let oid = der::asn1::ObjectIdentifier::new(dotted).expect("a valid constant OID");
    oid.as_bytes().to_vec()
}

/// A UTCTime or GeneralizedTime element as Unix seconds (DER forms only: `Z`, seconds).
pub fn time_secs(tlv: &Tlv<'_>) -> Option<i64> {
    let secs = match tlv.tag {
        tag::UTC_TIME => der::asn1::UtcTime::from_der(tlv.raw)
            .ok()?
            .to_unix_duration()
            .as_secs(),
        tag::GENERALIZED_TIME => der::asn1::GeneralizedTime::from_der(tlv.raw)
            .ok()?
            .to_unix_duration()
            .as_secs(),
        _ => return None,
    };
    i64::try_from(secs).ok()
}

/// A DER INTEGER's content as an unsigned big-endian number without leading zeros, or
/// `None` when it is negative or not minimally encoded.
pub fn unsigned_integer(content: &[u8]) -> Option<&[u8]> {
    match content {
        [] => None,
        [0x00] => Some(&content[1..]),
        [0x00, next, ..] if next & 0x80 == 0 => None,
        [0x00, ..] => Some(&content[1..]),
        [first, ..] if first & 0x80 != 0 => None,
        [0xff, next, ..] if next & 0x80 != 0 => None,
        _ => Some(content),
    }
}

/// Encodes one element: tag, DER length, content.
pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 6);
    out.push(tag);
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(content);
    out
}

/// A SEQUENCE of already encoded elements.
pub fn seq(parts: &[&[u8]]) -> Vec<u8> {
    tlv(tag::SEQUENCE, &parts.concat())
}

/// A non-negative INTEGER from big-endian bytes (leading zeros trimmed, sign byte added).
pub fn uint(bytes: &[u8]) -> Vec<u8> {
    let skip = bytes.iter().take_while(|&&b| b == 0).count();
    let trimmed = &bytes[skip.min(bytes.len().saturating_sub(1))..];
    let mut content = Vec::with_capacity(trimmed.len() + 1);
    if trimmed.first().is_some_and(|b| b & 0x80 != 0) {
        content.push(0);
    }
    content.extend_from_slice(trimmed);
    if content.is_empty() {
        content.push(0);
    }
    tlv(tag::INTEGER, &content)
}

#[cfg_attr(not(feature = "native-crypto"), allow(dead_code))] // used by the test-chain writer
/// An OBJECT IDENTIFIER element from its dotted form.
pub fn oid(dotted: &str) -> Vec<u8> {
    tlv(tag::OID, &oid_bytes(dotted))
}

/// ECDSA-Sig-Value (`SEQUENCE { r INTEGER, s INTEGER }`, as certificates carry it) to the
/// fixed-width `r || s` that JWS and WebCrypto use; `None` when it is not strict DER or a
/// number is wider than the curve (OpenSSL refuses both).
pub fn ecdsa_der_to_raw(der_sig: &[u8], width: usize) -> Option<Vec<u8>> {
    let mut outer = DerReader::new(der_sig);
    let seq = outer.expect(tag::SEQUENCE, "signature").ok()?;
    outer.finish("signature").ok()?;
    let mut inner = DerReader::new(seq.value);
    let mut raw = vec![0u8; width * 2];
    for i in 0..2 {
        let int = inner.expect(tag::INTEGER, "signature").ok()?;
        let n = unsigned_integer(int.value)?;
        if n.len() > width {
            return None;
        }
        raw[i * width + width - n.len()..(i + 1) * width].copy_from_slice(n);
    }
    inner.finish("signature").ok()?;
    Some(raw)
}

/// Fixed-width `r || s` to a DER ECDSA-Sig-Value (what certificates carry).
pub fn ecdsa_raw_to_der(raw: &[u8]) -> Vec<u8> {
    let (r, s) = raw.split_at(raw.len() / 2);
    seq(&[&uint(r), &uint(s)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_lengths() {
        for len in [0usize, 1, 127, 128, 255, 256, 70_000] {
            let content = vec![7u8; len];
            let enc = tlv(tag::OCTET_STRING, &content);
            let mut r = DerReader::new(&enc);
            let t = r.any().unwrap();
            assert_eq!((t.tag, t.value.len(), t.raw.len()), (0x04, len, enc.len()));
            assert!(r.is_empty());
        }
        // Non-minimal length (0x81 0x05) is not DER.
        assert!(DerReader::new(&[0x04, 0x81, 0x05, 1, 2, 3, 4, 5])
            .any()
            .is_err());
        assert!(DerReader::new(&[0x04, 0x05, 1]).any().is_err());
    }

    #[test]
    fn signature_conversion() {
        let mut raw = vec![0u8; 64];
        raw[31] = 5;
        raw[32] = 0x80;
        raw[63] = 1;
        let der = ecdsa_raw_to_der(&raw);
        assert_eq!(ecdsa_der_to_raw(&der, 32).unwrap(), raw);
        assert!(ecdsa_der_to_raw(&der, 16).is_none());
        // A non-minimal INTEGER (leading zero before a small byte) is refused.
        let bad = seq(&[&tlv(tag::INTEGER, &[0, 5]), &tlv(tag::INTEGER, &[1])]);
        assert!(ecdsa_der_to_raw(&bad, 32).is_none());
    }

    #[test]
    fn oids_and_times() {
        let o = oid("1.2.840.113635.100.6.11.1");
        assert_eq!(
            oid_string(&o[2..]).as_deref(),
            Some("1.2.840.113635.100.6.11.1")
        );
        let t = tlv(tag::UTC_TIME, b"140430181906Z");
        let parsed = DerReader::new(&t).any().unwrap();
        assert_eq!(time_secs(&parsed), Some(1_398_881_946));
    }
}
