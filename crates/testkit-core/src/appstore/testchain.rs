//! Test certificate chains shaped like Apple's (facts section 5), which Apple's library
//! accepts when their root is configured: root -> intermediate (marker OID
//! 1.2.840.113635.100.6.2.1) -> P-256 leaf (marker 1.2.840.113635.100.6.11.1), with
//! SKI/AKI, critical BasicConstraints and KeyUsage. Knobs break one rule at a time so
//! every refusal can be shown and cross-checked. Keys come from a seed: reproducible.

use sha2::{Digest, Sha256};

use super::asn1::{self, tag};
use super::b64;
use super::cert::{
    Curve, Hash, OID_AKI, OID_APPLE_INTERMEDIATE, OID_APPLE_LEAF, OID_BASIC_CONSTRAINTS,
    OID_ECDSA_SHA256, OID_ECDSA_SHA384, OID_KEY_USAGE, OID_SKI,
};
use super::native::{pem, sign_es256, EcKey};

/// The algorithms of a chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChainProfile {
    /// Every key P-256, every signature ECDSA with SHA-256.
    P256,
    /// Like Apple's: P-384 root and intermediate, P-256 leaf, every certificate signed
    /// with ECDSA SHA-384.
    AppleLike,
}

/// A validity window, Unix seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Validity {
    /// notBefore
    pub not_before: i64,
    /// notAfter
    pub not_after: i64,
}

impl Validity {
    /// From notBefore and notAfter.
    pub const fn new(not_before: i64, not_after: i64) -> Validity {
        Validity {
            not_before,
            not_after,
        }
    }
}

/// How to build a test chain; `Default` is a chain Apple's library accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainOptions {
    /// Algorithms.
    pub profile: ChainProfile,
    /// Derives every key (same seed, same keys).
    pub seed: String,
    /// Start of every subject's common name (`<prefix> Root CA`, ...).
    pub name: String,
    /// The root's validity.
    pub root_validity: Validity,
    /// The intermediate's validity.
    pub intermediate_validity: Validity,
    /// The leaf's validity.
    pub leaf_validity: Validity,
    /// Put 1.2.840.113635.100.6.11.1 on the leaf.
    pub leaf_marker: bool,
    /// Put 1.2.840.113635.100.6.2.1 on the intermediate.
    pub intermediate_marker: bool,
    /// Mark both marker extensions critical (OpenSSL then refuses them as unhandled).
    pub markers_critical: bool,
    /// Authority Key Identifier on the leaf (strict mode needs it).
    pub leaf_aki: bool,
    /// Authority Key Identifier on the intermediate (strict mode needs it).
    pub intermediate_aki: bool,
    /// Subject Key Identifiers on every certificate.
    pub subject_key_ids: bool,
    /// The leaf key's curve (P-384 here breaks ES256).
    pub leaf_curve: Curve,
}

/// 2020-01-01T00:00:00Z
const Y2020: i64 = 1_577_836_800;
/// 2024-01-01T00:00:00Z
const Y2024: i64 = 1_704_067_200;
/// 2030-01-01T00:00:00Z
const Y2030: i64 = 1_893_456_000;
/// 2045-01-01T00:00:00Z
const Y2045: i64 = 2_366_841_600;

impl Default for ChainOptions {
    fn default() -> Self {
        ChainOptions {
            profile: ChainProfile::P256,
            seed: "billing-testkit".into(),
            name: "Billing Testkit".into(),
            root_validity: Validity::new(Y2020, Y2045),
            intermediate_validity: Validity::new(Y2020, Y2045),
            leaf_validity: Validity::new(Y2024, Y2030),
            leaf_marker: true,
            intermediate_marker: true,
            markers_critical: false,
            leaf_aki: true,
            intermediate_aki: true,
            subject_key_ids: true,
            leaf_curve: Curve::P256,
        }
    }
}

impl ChainOptions {
    /// The default options with another profile.
    pub fn profile(profile: ChainProfile) -> ChainOptions {
        ChainOptions {
            profile,
            ..ChainOptions::default()
        }
    }
}

/// A certificate as DER and PEM.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestCert {
    /// DER.
    pub der: Vec<u8>,
    /// PEM (`-----BEGIN CERTIFICATE-----`).
    pub pem: String,
}

impl TestCert {
    fn new(der: Vec<u8>) -> TestCert {
        TestCert {
            pem: pem("CERTIFICATE", &der),
            der,
        }
    }
}

/// A built chain and its keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestChain {
    /// The self-signed root (configure it as a trusted root).
    pub root: TestCert,
    /// The intermediate.
    pub intermediate: TestCert,
    /// The leaf (its key signs JWS).
    pub leaf: TestCert,
    /// The leaf's private key.
    pub leaf_key: EcKey,
}

fn key_id(key: &EcKey) -> Vec<u8> {
    Sha256::digest(key.public_point())[..20].to_vec()
}

fn name(cn: &str, org: &str) -> Vec<u8> {
    let attr = |oid: &str, t: u8, v: &str| {
        asn1::tlv(
            tag::SET,
            &asn1::seq(&[&asn1::oid(oid), &asn1::tlv(t, v.as_bytes())]),
        )
    };
    asn1::seq(&[
        &attr("2.5.4.3", tag::UTF8_STRING, cn),
        &attr("2.5.4.10", tag::UTF8_STRING, org),
        &attr("2.5.4.6", tag::PRINTABLE_STRING, "US"),
    ])
}

fn time(secs: i64) -> Vec<u8> {
    let dt = crate::time::DateTime::from_unix(secs);
    let (h, m, s) = (dt.seconds / 3600, dt.seconds / 60 % 60, dt.seconds % 60);
    if (1950..2050).contains(&dt.year) {
        let text = format!(
            "{:02}{:02}{:02}{h:02}{m:02}{s:02}Z",
            dt.year % 100,
            dt.month,
            dt.day
        );
        asn1::tlv(tag::UTC_TIME, text.as_bytes())
    } else {
        let text = format!(
            "{:04}{:02}{:02}{h:02}{m:02}{s:02}Z",
            dt.year, dt.month, dt.day
        );
        asn1::tlv(tag::GENERALIZED_TIME, text.as_bytes())
    }
}

fn extension(oid: &str, critical: bool, value: &[u8]) -> Vec<u8> {
    let crit = asn1::tlv(tag::BOOLEAN, &[0xff]);
    let mut parts: Vec<&[u8]> = Vec::new();
    let oid = asn1::oid(oid);
    parts.push(&oid);
    if critical {
        parts.push(&crit);
    }
    let octets = asn1::tlv(tag::OCTET_STRING, value);
    parts.push(&octets);
    asn1::seq(&parts)
}

struct Spec<'a> {
    serial: u8,
    issuer: Vec<u8>,
    subject: Vec<u8>,
    validity: Validity,
    key: &'a EcKey,
    issuer_key: &'a EcKey,
    hash: Hash,
    extensions: Vec<Vec<u8>>,
}

fn certificate(spec: Spec<'_>, seed: &str) -> Vec<u8> {
    let sig_oid = match spec.hash {
        Hash::Sha256 => OID_ECDSA_SHA256,
        _ => OID_ECDSA_SHA384,
    };
    let alg = asn1::seq(&[&asn1::oid(sig_oid)]);
    let mut serial = Sha256::digest(format!("{seed}/serial/{}", spec.serial)).to_vec();
    serial.truncate(8);
    serial[0] &= 0x7f;
    serial[0] |= 0x10;
    let ext_list = asn1::seq(
        &spec
            .extensions
            .iter()
            .map(Vec::as_slice)
            .collect::<Vec<_>>(),
    );
    let tbs = asn1::seq(&[
        &asn1::tlv(0xa0, &asn1::uint(&[2])),
        &asn1::uint(&serial),
        &alg,
        &spec.issuer,
        &asn1::seq(&[
            &time(spec.validity.not_before),
            &time(spec.validity.not_after),
        ]),
        &spec.subject,
        &spec.key.spki_der(),
        &asn1::tlv(0xa3, &ext_list),
    ]);
    let raw = spec.issuer_key.sign(spec.hash, &tbs);
    let mut bits = vec![0u8];
    bits.extend_from_slice(&asn1::ecdsa_raw_to_der(&raw));
    asn1::seq(&[&tbs, &alg, &asn1::tlv(tag::BIT_STRING, &bits)])
}

impl TestChain {
    /// Builds the chain the options describe.
    ///
    /// ```
    /// use testkit_core::appstore::{certificate_info, ChainOptions, ChainProfile, TestChain};
    ///
    /// let chain = TestChain::build(&ChainOptions::profile(ChainProfile::AppleLike));
    /// let leaf = certificate_info(&chain.leaf.der).unwrap();
    /// assert_eq!(leaf.key, "EC P-256");
    /// assert_eq!(leaf.signature_algorithm, "ecdsa-with-SHA384");
    /// assert!(leaf.apple_leaf_marker && leaf.has_authority_key_id);
    /// assert!(chain.leaf_key.pkcs8_pem().starts_with("-----BEGIN PRIVATE KEY-----"));
    /// ```
    pub fn build(options: &ChainOptions) -> TestChain {
        let (ca_curve, hash) = match options.profile {
            ChainProfile::P256 => (Curve::P256, Hash::Sha256),
            ChainProfile::AppleLike => (Curve::P384, Hash::Sha384),
        };
        let seed = &options.seed;
        let root_key = EcKey::from_seed(ca_curve, &format!("{seed}/root"));
        let inter_key = EcKey::from_seed(ca_curve, &format!("{seed}/intermediate"));
        let leaf_key = EcKey::from_seed(options.leaf_curve, &format!("{seed}/leaf"));
        let org = format!("{} (test)", options.name);
        let root_name = name(&format!("{} Root CA", options.name), &org);
        let inter_name = name(&format!("{} Intermediate CA", options.name), &org);
        let leaf_name = name(&format!("{} App Store Signing", options.name), &org);

        let bool_true = asn1::tlv(tag::BOOLEAN, &[0xff]);
        let ca_bc = asn1::seq(&[&bool_true]);
        let ca_bc_path0 = asn1::seq(&[&bool_true, &asn1::uint(&[0])]);
        let ca_ku = asn1::tlv(tag::BIT_STRING, &[0x01, 0x06]);
        let leaf_ku = asn1::tlv(tag::BIT_STRING, &[0x07, 0x80]);
        let ski = |k: &EcKey| extension(OID_SKI, false, &asn1::tlv(tag::OCTET_STRING, &key_id(k)));
        let aki =
            |k: &EcKey| extension(OID_AKI, false, &asn1::seq(&[&asn1::tlv(0x80, &key_id(k))]));
        let marker = |oid: &str| extension(oid, options.markers_critical, &[tag::NULL, 0x00]);

        let mut root_ext = vec![
            extension(OID_BASIC_CONSTRAINTS, true, &ca_bc),
            extension(OID_KEY_USAGE, true, &ca_ku),
        ];
        if options.subject_key_ids {
            root_ext.push(ski(&root_key));
        }
        let root = certificate(
            Spec {
                serial: 1,
                issuer: root_name.clone(),
                subject: root_name.clone(),
                validity: options.root_validity,
                key: &root_key,
                issuer_key: &root_key,
                hash,
                extensions: root_ext,
            },
            seed,
        );

        let mut inter_ext = vec![
            extension(OID_BASIC_CONSTRAINTS, true, &ca_bc_path0),
            extension(OID_KEY_USAGE, true, &ca_ku),
        ];
        if options.subject_key_ids {
            inter_ext.push(ski(&inter_key));
        }
        if options.intermediate_aki {
            inter_ext.push(aki(&root_key));
        }
        if options.intermediate_marker {
            inter_ext.push(marker(OID_APPLE_INTERMEDIATE));
        }
        let intermediate = certificate(
            Spec {
                serial: 2,
                issuer: root_name,
                subject: inter_name.clone(),
                validity: options.intermediate_validity,
                key: &inter_key,
                issuer_key: &root_key,
                hash,
                extensions: inter_ext,
            },
            seed,
        );

        let mut leaf_ext = vec![
            extension(OID_BASIC_CONSTRAINTS, true, &asn1::seq(&[])),
            extension(OID_KEY_USAGE, true, &leaf_ku),
        ];
        if options.subject_key_ids {
            leaf_ext.push(ski(&leaf_key));
        }
        if options.leaf_aki {
            leaf_ext.push(aki(&inter_key));
        }
        if options.leaf_marker {
            leaf_ext.push(marker(OID_APPLE_LEAF));
        }
        let leaf = certificate(
            Spec {
                serial: 3,
                issuer: inter_name,
                subject: leaf_name,
                validity: options.leaf_validity,
                key: &leaf_key,
                issuer_key: &inter_key,
                hash,
                extensions: leaf_ext,
            },
            seed,
        );
        TestChain {
            root: TestCert::new(root),
            intermediate: TestCert::new(intermediate),
            leaf: TestCert::new(leaf),
            leaf_key,
        }
    }

    /// A chain kept earlier (its three DER certificates and the leaf's PKCS#8 key), or
    /// `None` when the key cannot be read.
    pub fn from_parts(
        root_der: Vec<u8>,
        intermediate_der: Vec<u8>,
        leaf_der: Vec<u8>,
        leaf_key_pkcs8: &[u8],
    ) -> Option<TestChain> {
        Some(TestChain {
            root: TestCert::new(root_der),
            intermediate: TestCert::new(intermediate_der),
            leaf: TestCert::new(leaf_der),
            leaf_key: EcKey::from_pkcs8_der(leaf_key_pkcs8)?,
        })
    }

    /// DER certificates in `x5c` order: leaf, intermediate, root.
    pub fn x5c_der(&self) -> [&[u8]; 3] {
        [&self.leaf.der, &self.intermediate.der, &self.root.der]
    }

    /// `x5c` as Apple writes it: standard base64 of each DER.
    pub fn x5c(&self) -> Vec<String> {
        self.x5c_der().iter().map(|d| b64::encode_std(d)).collect()
    }

    /// Signs a JSON payload as ES256 with the leaf key and this chain in `x5c`.
    pub fn sign(&self, payload_json: &str) -> String {
        sign_es256(payload_json, &self.leaf_key, &self.x5c_der())
    }
}
