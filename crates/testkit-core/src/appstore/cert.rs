//! X.509 certificates as the verifier and the display need them: the raw parts a
//! signature covers, names, validity, the EC key, and the extensions Apple's checks read.
//! Parsing is structural only, like OpenSSL's `d2i_X509`: an unusable key or a malformed
//! extension is reported later by the chain check, so verdicts keep Apple's order.

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::asn1::{self, tag, DerError, DerReader, Tlv};

/// Extension OID Apple puts on JWS signing (leaf) certificates.
pub const OID_APPLE_LEAF: &str = "1.2.840.113635.100.6.11.1";
/// Extension OID Apple puts on the WWDR intermediate certificate.
pub const OID_APPLE_INTERMEDIATE: &str = "1.2.840.113635.100.6.2.1";
/// basicConstraints
pub const OID_BASIC_CONSTRAINTS: &str = "2.5.29.19";
/// keyUsage
pub const OID_KEY_USAGE: &str = "2.5.29.15";
/// subjectKeyIdentifier
pub const OID_SKI: &str = "2.5.29.14";
/// authorityKeyIdentifier
pub const OID_AKI: &str = "2.5.29.35";
/// subjectAltName
pub const OID_SAN: &str = "2.5.29.17";
/// id-ecPublicKey
pub const OID_EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
/// prime256v1 / secp256r1
pub const OID_P256: &str = "1.2.840.10045.3.1.7";
/// secp384r1
pub const OID_P384: &str = "1.3.132.0.34";
/// ecdsa-with-SHA256
pub const OID_ECDSA_SHA256: &str = "1.2.840.10045.4.3.2";
/// ecdsa-with-SHA384
pub const OID_ECDSA_SHA384: &str = "1.2.840.10045.4.3.3";
/// ecdsa-with-SHA512
pub const OID_ECDSA_SHA512: &str = "1.2.840.10045.4.3.4";

/// An elliptic curve WebCrypto and the native backend both handle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Curve {
    /// NIST P-256 (secp256r1): Apple's leaf keys; ES256.
    P256,
    /// NIST P-384 (secp384r1): Apple's root and intermediate keys.
    P384,
}

impl Curve {
    /// WebCrypto's `namedCurve`.
    pub fn web_crypto_name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
        }
    }

    /// Bytes in one coordinate or scalar (the width of `r` and of `s`).
    pub fn field_bytes(self) -> usize {
        match self {
            Curve::P256 => 32,
            Curve::P384 => 48,
        }
    }
}

/// A hash for ECDSA (WebCrypto's `hash` parameter).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Hash {
    /// SHA-256
    Sha256,
    /// SHA-384
    Sha384,
    /// SHA-512
    Sha512,
}

impl Hash {
    /// WebCrypto's hash name.
    pub fn web_crypto_name(self) -> &'static str {
        match self {
            Hash::Sha256 => "SHA-256",
            Hash::Sha384 => "SHA-384",
            Hash::Sha512 => "SHA-512",
        }
    }
}

/// One extension as encoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Extension {
    /// Dotted OID.
    pub oid: String,
    /// The `critical` flag.
    pub critical: bool,
    /// The content of `extnValue` (the DER of the extension's own structure).
    pub value: Vec<u8>,
}

/// basicConstraints, decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct BasicConstraints {
    /// `cA`
    pub ca: bool,
    /// `pathLenConstraint`
    pub path_len: Option<u64>,
    /// Marked critical.
    pub critical: bool,
}

/// The keyUsage bits this module cares about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct KeyUsage {
    /// digitalSignature (bit 0)
    pub digital_signature: bool,
    /// keyCertSign (bit 5)
    pub key_cert_sign: bool,
    /// cRLSign (bit 6)
    pub crl_sign: bool,
    /// Marked critical.
    pub critical: bool,
}

/// authorityKeyIdentifier, decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthorityKeyId {
    /// `[0] keyIdentifier`
    pub key_id: Option<Vec<u8>>,
    /// `[1] authorityCertIssuer` and `[2] authorityCertSerialNumber` present.
    pub issuer_and_serial: bool,
    /// Marked critical.
    pub critical: bool,
}

/// The public key's kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyKind {
    /// An EC key on a supported named curve, with its uncompressed point.
    Ec(Curve),
    /// Anything else (RSA, another curve, explicit parameters): described for messages.
    Unsupported(String),
}

/// A parsed certificate (owned, so plans can outlive the input text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Certificate {
    /// The whole certificate's DER (without trailing bytes).
    pub der: Vec<u8>,
    /// The DER of `tbsCertificate`: what the issuer signed.
    pub tbs: Vec<u8>,
    /// 1, 2 or 3.
    pub version: u8,
    /// serialNumber's content octets.
    pub serial: Vec<u8>,
    /// The DER of the signature AlgorithmIdentifier inside the TBS.
    pub tbs_signature_algorithm: Vec<u8>,
    /// The DER of the outer signatureAlgorithm.
    pub signature_algorithm: Vec<u8>,
    /// The outer signature algorithm's OID.
    pub signature_oid: String,
    /// signatureValue's bits (for ECDSA, a DER ECDSA-Sig-Value).
    pub signature: Vec<u8>,
    /// The DER of the issuer Name.
    pub issuer_raw: Vec<u8>,
    /// The DER of the subject Name.
    pub subject_raw: Vec<u8>,
    /// notBefore, Unix seconds (`None` when not a DER time).
    pub not_before: Option<i64>,
    /// notAfter, Unix seconds (`None` when not a DER time).
    pub not_after: Option<i64>,
    /// The DER of subjectPublicKeyInfo (what WebCrypto's `importKey("spki")` takes).
    pub spki: Vec<u8>,
    /// The key algorithm's OID.
    pub key_algorithm: String,
    /// The key algorithm's parameters: the curve OID for named-curve EC keys.
    pub key_parameters: Option<String>,
    /// subjectPublicKey's bits (an uncompressed point `04 || x || y` for EC).
    pub public_key: Vec<u8>,
    /// Extensions in order.
    pub extensions: Vec<Extension>,
}

fn bit_string(tlv: &Tlv<'_>, what: &str) -> Result<Vec<u8>, DerError> {
    match tlv.value.split_first() {
        Some((0, bits)) => Ok(bits.to_vec()),
        _ => Err(DerError(format!(
            "{what}: a BIT STRING with unused bits is not a key or signature"
        ))),
    }
}

fn algorithm_oid(tlv: &Tlv<'_>, what: &str) -> Result<String, DerError> {
    let mut r = DerReader::new(tlv.value);
    let oid = r.expect(tag::OID, what)?;
    asn1::oid_string(oid.value).ok_or_else(|| DerError(format!("{what}: invalid OID")))
}

/// Parses the first certificate in `der` (bytes after it are ignored, as OpenSSL's
/// `d2i_X509` does). Errors mean "not a certificate": Apple's INVALID_CERTIFICATE.
pub fn parse_certificate(der: &[u8]) -> Result<Certificate, DerError> {
    let cert = DerReader::new(der).expect(tag::SEQUENCE, "certificate")?;
    let mut outer = DerReader::new(cert.value);
    let tbs = outer.expect(tag::SEQUENCE, "tbsCertificate")?;
    let sig_alg = outer.expect(tag::SEQUENCE, "signatureAlgorithm")?;
    let sig = outer.expect(tag::BIT_STRING, "signatureValue")?;
    outer.finish("certificate")?;
    let signature_oid = algorithm_oid(&sig_alg, "signatureAlgorithm")?;

    let mut t = DerReader::new(tbs.value);
    let version = match t.optional(0xa0)? {
        Some(v) => {
            let mut vr = DerReader::new(v.value);
            let int = vr.expect(tag::INTEGER, "version")?;
            vr.finish("version")?;
            match int.value {
                [0] => 1,
                [1] => 2,
                [2] => 3,
                _ => return Err(DerError("version: not v1, v2 or v3".into())),
            }
        }
        None => 1,
    };
    let serial = t.expect(tag::INTEGER, "serialNumber")?;
    let inner_alg = t.expect(tag::SEQUENCE, "signature")?;
    algorithm_oid(&inner_alg, "signature")?;
    let issuer = t.expect(tag::SEQUENCE, "issuer")?;
    let validity = t.expect(tag::SEQUENCE, "validity")?;
    let subject = t.expect(tag::SEQUENCE, "subject")?;
    let spki = t.expect(tag::SEQUENCE, "subjectPublicKeyInfo")?;
    t.optional(0x81)?;
    t.optional(0x82)?;
    let mut extensions = Vec::new();
    if let Some(exts) = t.optional(0xa3)? {
        let mut er = DerReader::new(exts.value);
        let list = er.expect(tag::SEQUENCE, "extensions")?;
        er.finish("extensions")?;
        let mut lr = DerReader::new(list.value);
        while !lr.is_empty() {
            let ext = lr.expect(tag::SEQUENCE, "extension")?;
            let mut x = DerReader::new(ext.value);
            let oid = x.expect(tag::OID, "extension id")?;
            let critical = match x.optional(tag::BOOLEAN)? {
                Some(b) => match b.value {
                    [0xff] => true,
                    [0x00] => false,
                    _ => return Err(DerError("extension: invalid BOOLEAN".into())),
                },
                None => false,
            };
            let value = x.expect(tag::OCTET_STRING, "extension value")?;
            x.finish("extension")?;
            extensions.push(Extension {
                oid: asn1::oid_string(oid.value)
                    .ok_or_else(|| DerError("extension: invalid OID".into()))?,
                critical,
                value: value.value.to_vec(),
            });
        }
    }
    t.finish("tbsCertificate")?;

    let mut v = DerReader::new(validity.value);
    let nb = v.any()?;
    let na = v.any()?;
    v.finish("validity")?;

    let mut k = DerReader::new(spki.value);
    let key_alg = k.expect(tag::SEQUENCE, "subjectPublicKeyInfo algorithm")?;
    let key_bits = k.expect(tag::BIT_STRING, "subjectPublicKey")?;
    k.finish("subjectPublicKeyInfo")?;
    let mut ka = DerReader::new(key_alg.value);
    let key_oid = ka.expect(tag::OID, "key algorithm")?;
    let key_parameters = match ka.optional(tag::OID)? {
        Some(p) => asn1::oid_string(p.value),
        None => None,
    };

    Ok(Certificate {
        der: cert.raw.to_vec(),
        tbs: tbs.raw.to_vec(),
        version,
        serial: serial.value.to_vec(),
        tbs_signature_algorithm: inner_alg.raw.to_vec(),
        signature_algorithm: sig_alg.raw.to_vec(),
        signature_oid,
        signature: bit_string(&sig, "signatureValue")?,
        issuer_raw: issuer.raw.to_vec(),
        subject_raw: subject.raw.to_vec(),
        not_before: asn1::time_secs(&nb),
        not_after: asn1::time_secs(&na),
        spki: spki.raw.to_vec(),
        key_algorithm: asn1::oid_string(key_oid.value).unwrap_or_default(),
        key_parameters,
        public_key: bit_string(&key_bits, "subjectPublicKey")?,
        extensions,
    })
}

fn attribute_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "2.5.4.3" => "CN",
        "2.5.4.5" => "serialNumber",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "1.2.840.113549.1.9.1" => "emailAddress",
        "0.9.2342.19200300.100.1.1" => "UID",
        _ => return None,
    })
}

fn attribute_value(tlv: &Tlv<'_>) -> String {
    match tlv.tag {
        // UTF8String, PrintableString, IA5String, VisibleString, NumericString
        0x0c | 0x13 | 0x16 | 0x1a | 0x12 => String::from_utf8_lossy(tlv.value).into_owned(),
        // TeletexString: read as Latin-1, as most software does.
        0x14 => tlv.value.iter().map(|&b| b as char).collect(),
        // BMPString: UTF-16BE.
        0x1e => {
            let units: Vec<u16> = tlv
                .value
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        _ => format!("#{}", hex_upper(tlv.raw)),
    }
}

/// A Name's attributes in encoded order, as `(short name or OID, value)`.
pub fn name_entries(name_der: &[u8]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let Ok(seq) = DerReader::new(name_der).expect(tag::SEQUENCE, "name") else {
        return out;
    };
    let mut rdns = DerReader::new(seq.value);
    while let Ok(set) = rdns.any() {
        let mut atvs = DerReader::new(set.value);
        while let Ok(atv) = atvs.any() {
            let mut a = DerReader::new(atv.value);
            let (Ok(oid), Ok(value)) = (a.expect(tag::OID, "attribute"), a.any()) else {
                continue;
            };
            let dotted = asn1::oid_string(oid.value).unwrap_or_default();
            let key = attribute_name(&dotted).map_or(dotted, str::to_string);
            out.push((key, attribute_value(&value)));
        }
    }
    out
}

/// A readable distinguished name: `CN=Apple Root CA - G3, OU=..., O=Apple Inc., C=US`
/// (attributes in the order the certificate encodes them).
pub fn display_name(name_der: &[u8]) -> String {
    name_entries(name_der)
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Upper-case hex, as Apple prints fingerprints.
pub fn hex_upper(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

/// SHA-256 of a certificate's DER in upper-case hex (Apple's published form).
pub fn sha256_fingerprint(der: &[u8]) -> String {
    hex_upper(&Sha256::digest(der))
}

impl Certificate {
    /// The extension with this OID (the first one when duplicated).
    pub fn extension(&self, oid: &str) -> Option<&Extension> {
        self.extensions.iter().find(|e| e.oid == oid)
    }

    /// The OIDs that appear more than once (OpenSSL refuses such certificates).
    pub fn duplicate_extensions(&self) -> Vec<&str> {
        let mut dups = Vec::new();
        for (i, e) in self.extensions.iter().enumerate() {
            if self.extensions[..i].iter().any(|p| p.oid == e.oid) && !dups.contains(&&*e.oid) {
                dups.push(e.oid.as_str());
            }
        }
        dups
    }

    /// The readable subject.
    pub fn subject(&self) -> String {
        display_name(&self.subject_raw)
    }

    /// The readable issuer.
    pub fn issuer(&self) -> String {
        display_name(&self.issuer_raw)
    }

    /// The key's curve, or why it is not one this verifier handles.
    pub fn key_kind(&self) -> KeyKind {
        if self.key_algorithm != OID_EC_PUBLIC_KEY {
            let name = match self.key_algorithm.as_str() {
                "1.2.840.113549.1.1.1" => "RSA".to_string(),
                "1.3.101.112" => "Ed25519".to_string(),
                other => format!("key algorithm {other}"),
            };
            return KeyKind::Unsupported(name);
        }
        let curve = match self.key_parameters.as_deref() {
            Some(OID_P256) => Curve::P256,
            Some(OID_P384) => Curve::P384,
            Some("1.3.132.0.35") => return KeyKind::Unsupported("EC P-521".into()),
            Some(other) => return KeyKind::Unsupported(format!("EC curve {other}")),
            None => return KeyKind::Unsupported("EC key with explicit parameters".into()),
        };
        let width = curve.field_bytes();
        if self.public_key.len() != 1 + 2 * width || self.public_key[0] != 0x04 {
            return KeyKind::Unsupported(format!(
                "EC {} key that is not an uncompressed point",
                curve.web_crypto_name()
            ));
        }
        KeyKind::Ec(curve)
    }

    /// A short description of the key: `EC P-256`.
    pub fn key_description(&self) -> String {
        match self.key_kind() {
            KeyKind::Ec(c) => format!("EC {}", c.web_crypto_name()),
            KeyKind::Unsupported(why) => why,
        }
    }

    /// The hash of an ECDSA signature algorithm, if it is one.
    pub fn signature_hash(&self) -> Option<Hash> {
        match self.signature_oid.as_str() {
            OID_ECDSA_SHA256 => Some(Hash::Sha256),
            OID_ECDSA_SHA384 => Some(Hash::Sha384),
            OID_ECDSA_SHA512 => Some(Hash::Sha512),
            _ => None,
        }
    }

    /// The signature algorithm's name: `ecdsa-with-SHA384`.
    pub fn signature_algorithm_name(&self) -> String {
        match self.signature_oid.as_str() {
            OID_ECDSA_SHA256 => "ecdsa-with-SHA256".into(),
            OID_ECDSA_SHA384 => "ecdsa-with-SHA384".into(),
            OID_ECDSA_SHA512 => "ecdsa-with-SHA512".into(),
            "1.2.840.113549.1.1.11" => "sha256WithRSAEncryption".into(),
            "1.2.840.113549.1.1.12" => "sha384WithRSAEncryption".into(),
            other => other.into(),
        }
    }

    /// basicConstraints, or why it cannot be read.
    pub fn basic_constraints(&self) -> Result<Option<BasicConstraints>, String> {
        let Some(ext) = self.extension(OID_BASIC_CONSTRAINTS) else {
            return Ok(None);
        };
        let bad = |e: DerError| format!("basicConstraints cannot be read: {e}");
        let mut r = DerReader::new(&ext.value);
        let seq = r.expect(tag::SEQUENCE, "basicConstraints").map_err(bad)?;
        r.finish("basicConstraints").map_err(bad)?;
        let mut s = DerReader::new(seq.value);
        let ca = match s.optional(tag::BOOLEAN).map_err(bad)? {
            Some(b) if b.value == [0xff] => true,
            Some(b) if b.value == [0x00] => false,
            Some(_) => return Err("basicConstraints: invalid BOOLEAN".into()),
            None => false,
        };
        let path_len = match s.optional(tag::INTEGER).map_err(bad)? {
            Some(i) => {
                let n = asn1::unsigned_integer(i.value)
                    .filter(|n| n.len() <= 8)
                    .ok_or("basicConstraints: negative or huge pathLenConstraint")?;
                Some(n.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
            }
            None => None,
        };
        s.finish("basicConstraints").map_err(bad)?;
        Ok(Some(BasicConstraints {
            ca,
            path_len,
            critical: ext.critical,
        }))
    }

    /// keyUsage, or why it cannot be read.
    pub fn key_usage(&self) -> Result<Option<KeyUsage>, String> {
        let Some(ext) = self.extension(OID_KEY_USAGE) else {
            return Ok(None);
        };
        let mut r = DerReader::new(&ext.value);
        let bits = r
            .expect(tag::BIT_STRING, "keyUsage")
            .map_err(|e| format!("keyUsage cannot be read: {e}"))?;
        let first = bits.value.get(1).copied().unwrap_or(0);
        Ok(Some(KeyUsage {
            digital_signature: first & 0x80 != 0,
            key_cert_sign: first & 0x04 != 0,
            crl_sign: first & 0x02 != 0,
            critical: ext.critical,
        }))
    }

    /// subjectKeyIdentifier's bytes, or why it cannot be read.
    pub fn subject_key_id(&self) -> Result<Option<Vec<u8>>, String> {
        let Some(ext) = self.extension(OID_SKI) else {
            return Ok(None);
        };
        let mut r = DerReader::new(&ext.value);
        let id = r
            .expect(tag::OCTET_STRING, "subjectKeyIdentifier")
            .map_err(|e| format!("subjectKeyIdentifier cannot be read: {e}"))?;
        Ok(Some(id.value.to_vec()))
    }

    /// authorityKeyIdentifier, or why it cannot be read.
    pub fn authority_key_id(&self) -> Result<Option<AuthorityKeyId>, String> {
        let Some(ext) = self.extension(OID_AKI) else {
            return Ok(None);
        };
        let bad = |e: DerError| format!("authorityKeyIdentifier cannot be read: {e}");
        let mut r = DerReader::new(&ext.value);
        let seq = r
            .expect(tag::SEQUENCE, "authorityKeyIdentifier")
            .map_err(bad)?;
        let mut s = DerReader::new(seq.value);
        let key_id = s.optional(0x80).map_err(bad)?.map(|t| t.value.to_vec());
        let issuer = s.optional(0xa1).map_err(bad)?.is_some();
        let serial = s.optional(0x82).map_err(bad)?.is_some();
        s.finish("authorityKeyIdentifier").map_err(bad)?;
        Ok(Some(AuthorityKeyId {
            key_id,
            issuer_and_serial: issuer && serial,
            critical: ext.critical,
        }))
    }

    /// Number of entries in subjectAltName, if present.
    pub fn subject_alt_names(&self) -> Option<(usize, bool)> {
        let ext = self.extension(OID_SAN)?;
        let seq = DerReader::new(&ext.value).any().ok()?;
        let mut r = DerReader::new(seq.value);
        let mut n = 0;
        while r.any().is_ok() {
            n += 1;
        }
        Some((n, ext.critical))
    }

    /// Everything a person wants to see about the certificate.
    pub fn info(&self) -> CertInfo {
        let bc = self.basic_constraints().ok().flatten();
        let ku = self.key_usage().ok().flatten();
        let mut key_usage = Vec::new();
        if let Some(ku) = ku {
            if ku.digital_signature {
                key_usage.push("digitalSignature");
            }
            if ku.key_cert_sign {
                key_usage.push("keyCertSign");
            }
            if ku.crl_sign {
                key_usage.push("cRLSign");
            }
        }
        CertInfo {
            subject: self.subject(),
            issuer: self.issuer(),
            serial: hex_upper(asn1::unsigned_integer(&self.serial).unwrap_or(&self.serial)),
            version: self.version,
            not_before: self.not_before,
            not_after: self.not_after,
            key: self.key_description(),
            signature_algorithm: self.signature_algorithm_name(),
            sha256_fingerprint: sha256_fingerprint(&self.der),
            apple_leaf_marker: self.extension(OID_APPLE_LEAF).is_some(),
            apple_intermediate_marker: self.extension(OID_APPLE_INTERMEDIATE).is_some(),
            has_authority_key_id: self.extension(OID_AKI).is_some(),
            has_subject_key_id: self.extension(OID_SKI).is_some(),
            basic_constraints: match bc {
                Some(BasicConstraints {
                    ca: true,
                    path_len: Some(n),
                    ..
                }) => Some(format!("CA, path length {n}")),
                Some(BasicConstraints { ca: true, .. }) => Some("CA".into()),
                Some(_) => Some("not a CA".into()),
                None => None,
            },
            key_usage,
            self_issued: self.subject_raw == self.issuer_raw,
        }
    }
}

/// A certificate summarised for display.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CertInfo {
    /// Readable subject DN.
    pub subject: String,
    /// Readable issuer DN.
    pub issuer: String,
    /// Serial number, upper-case hex.
    pub serial: String,
    /// X.509 version (3 for every certificate Apple uses).
    pub version: u8,
    /// notBefore, Unix seconds.
    pub not_before: Option<i64>,
    /// notAfter, Unix seconds.
    pub not_after: Option<i64>,
    /// `EC P-256`, `EC P-384`, or what else it is.
    pub key: String,
    /// `ecdsa-with-SHA256` and so on.
    pub signature_algorithm: String,
    /// SHA-256 of the DER, upper-case hex.
    pub sha256_fingerprint: String,
    /// Carries 1.2.840.113635.100.6.11.1 (Apple's JWS leaf marker).
    pub apple_leaf_marker: bool,
    /// Carries 1.2.840.113635.100.6.2.1 (Apple's intermediate marker).
    pub apple_intermediate_marker: bool,
    /// Has an authorityKeyIdentifier (strict mode needs one below the root).
    pub has_authority_key_id: bool,
    /// Has a subjectKeyIdentifier.
    pub has_subject_key_id: bool,
    /// `CA`, `CA, path length 0`, `not a CA`, or absent.
    pub basic_constraints: Option<String>,
    /// The key usages set among digitalSignature, keyCertSign, cRLSign.
    pub key_usage: Vec<&'static str>,
    /// Subject equals issuer (a root).
    pub self_issued: bool,
}

/// Parses a certificate for display.
///
/// ```
/// use testkit_core::appstore::{apple_root_ca_g3, certificate_info};
///
/// let info = certificate_info(apple_root_ca_g3()).unwrap();
/// assert_eq!(info.subject, "CN=Apple Root CA - G3, OU=Apple Certification Authority, O=Apple Inc., C=US");
/// assert_eq!(info.key, "EC P-384");
/// assert_eq!(info.sha256_fingerprint, "63343ABFB89A6A03EBB57E9B3F5FA7BE7C4F5C756F3017B3A8C488C3653E9179");
/// ```
pub fn certificate_info(der: &[u8]) -> Result<CertInfo, DerError> {
    parse_certificate(der).map(|c| c.info())
}
