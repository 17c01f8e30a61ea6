//! Native P-256/P-384 ECDSA (RustCrypto), for the sandbox server and the tests: the
//! [`EcdsaVerify`] backend behind [`verify`], keys derived from a seed, PKCS#8 and SPKI
//! encodings, and ES256 JWS signing. Not in the browser bundle: there WebCrypto does it.

use p256::ecdsa::signature::hazmat::{PrehashSigner, PrehashVerifier};
use sha2::{Digest, Sha256, Sha384, Sha512};

use super::asn1::{self, tag, DerReader};
use super::cert::{Curve, Hash, OID_EC_PUBLIC_KEY, OID_P256, OID_P384};
use super::jws::{es256_header, finish_jws, signing_input};
use super::verify::{verify_with, EcdsaVerify, Kind, SignatureCheck, Verdict, VerifierConfig};

/// The digest ECDSA signs.
pub fn prehash(hash: Hash, message: &[u8]) -> Vec<u8> {
    match hash {
        Hash::Sha256 => Sha256::digest(message).to_vec(),
        Hash::Sha384 => Sha384::digest(message).to_vec(),
        Hash::Sha512 => Sha512::digest(message).to_vec(),
    }
}

/// The uncompressed point inside a SubjectPublicKeyInfo.
fn spki_point(spki: &[u8]) -> Option<Vec<u8>> {
    let seq = DerReader::new(spki).expect(tag::SEQUENCE, "spki").ok()?;
    let mut r = DerReader::new(seq.value);
    r.expect(tag::SEQUENCE, "algorithm").ok()?;
    let bits = r.expect(tag::BIT_STRING, "key").ok()?;
    match bits.value.split_first() {
        Some((0, point)) => Some(point.to_vec()),
        _ => None,
    }
}

/// RustCrypto ECDSA: verifies P-256 and P-384 signatures with any of SHA-256/384/512.
#[derive(Clone, Copy, Debug, Default)]
pub struct NativeEcdsa;

impl EcdsaVerify for NativeEcdsa {
    fn verify(&self, check: &SignatureCheck) -> bool {
        let Some(point) = spki_point(&check.public_key_spki) else {
            return false;
        };
        let digest = prehash(check.hash, &check.message);
        match check.curve {
            Curve::P256 => {
                let (Ok(key), Ok(sig)) = (
                    p256::ecdsa::VerifyingKey::from_sec1_bytes(&point),
                    p256::ecdsa::Signature::from_slice(&check.signature),
                ) else {
                    return false;
                };
                key.verify_prehash(&digest, &sig).is_ok()
            }
            Curve::P384 => {
                let (Ok(key), Ok(sig)) = (
                    p384::ecdsa::VerifyingKey::from_sec1_bytes(&point),
                    p384::ecdsa::Signature::from_slice(&check.signature),
                ) else {
                    return false;
                };
                key.verify_prehash(&digest, &sig).is_ok()
            }
        }
    }
}

/// Verifies with the native backend: Apple's verdict, synchronously.
///
/// ```
/// use testkit_core::appstore::{verify, Environment, Kind, VerifierConfig, REAL_SANDBOX_TEST_NOTIFICATION};
///
/// let config = VerifierConfig::apple(Environment::Sandbox, "com.loki-project.loki-messenger", None).unwrap();
/// let verdict = verify(REAL_SANDBOX_TEST_NOTIFICATION, Kind::Notification, &config);
/// assert_eq!(verdict.status.name(), "OK");
/// assert_eq!(verdict.notification().unwrap().notification_type.unwrap().as_str(), "TEST");
/// ```
pub fn verify(jws_text: &str, kind: Kind, config: &VerifierConfig) -> Verdict {
    verify_with(&NativeEcdsa, jws_text, kind, config)
}

/// An EC private key for test signing (P-256 or P-384).
#[derive(Clone, PartialEq, Eq)]
pub struct EcKey {
    curve: Curve,
    secret: Vec<u8>,
}

impl std::fmt::Debug for EcKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Test keys only, but keep them out of logs all the same.
        write!(f, "EcKey({}, secret hidden)", self.curve.web_crypto_name())
    }
}

fn curve_oid(curve: Curve) -> &'static str {
    match curve {
        Curve::P256 => OID_P256,
        Curve::P384 => OID_P384,
    }
}

impl EcKey {
    /// A key derived from a seed (SHA-512 of the seed and a counter, until it is a valid
    /// scalar): the same seed gives the same key, so test chains are reproducible.
    pub fn from_seed(curve: Curve, seed: &str) -> EcKey {
        for counter in 0u32.. {
            let mut h = Sha512::new();
            h.update(seed.as_bytes());
            h.update(counter.to_be_bytes());
            let bytes = h.finalize()[..curve.field_bytes()].to_vec();
            if let Some(key) = EcKey::from_secret(curve, &bytes) {
                return key;
            }
        }
        unreachable!("some counter gives a valid scalar")
    }

    /// A key from its secret scalar (big-endian, field width), if valid.
    pub fn from_secret(curve: Curve, secret: &[u8]) -> Option<EcKey> {
        let ok = match curve {
            Curve::P256 => p256::ecdsa::SigningKey::from_slice(secret).is_ok(),
            Curve::P384 => p384::ecdsa::SigningKey::from_slice(secret).is_ok(),
        };
        ok.then(|| EcKey {
            curve,
            secret: secret.to_vec(),
        })
    }

    /// The key's curve.
    pub fn curve(&self) -> Curve {
        self.curve
    }

    /// The uncompressed public point `04 || x || y`.
    pub fn public_point(&self) -> Vec<u8> {
        match self.curve {
            Curve::P256 => p256::ecdsa::SigningKey::from_slice(&self.secret)
                .expect("validated")
                .verifying_key()
                .to_sec1_point(false)
                .as_bytes()
                .to_vec(),
            Curve::P384 => p384::ecdsa::SigningKey::from_slice(&self.secret)
                .expect("validated")
                .verifying_key()
                .to_sec1_point(false)
                .as_bytes()
                .to_vec(),
        }
    }

    /// SubjectPublicKeyInfo DER (WebCrypto `importKey("spki", ...)`).
    pub fn spki_der(&self) -> Vec<u8> {
        let alg = asn1::seq(&[
            &asn1::oid(OID_EC_PUBLIC_KEY),
            &asn1::oid(curve_oid(self.curve)),
        ]);
        let mut bits = vec![0u8];
        bits.extend_from_slice(&self.public_point());
        asn1::seq(&[&alg, &asn1::tlv(tag::BIT_STRING, &bits)])
    }

    /// PKCS#8 PrivateKeyInfo DER with the public key included (WebCrypto
    /// `importKey("pkcs8", der, {name: "ECDSA", namedCurve}, false, ["sign"])`).
    pub fn pkcs8_der(&self) -> Vec<u8> {
        let mut bits = vec![0u8];
        bits.extend_from_slice(&self.public_point());
        let ec_private_key = asn1::seq(&[
            &asn1::uint(&[1]),
            &asn1::tlv(tag::OCTET_STRING, &self.secret),
            &asn1::tlv(0xa1, &asn1::tlv(tag::BIT_STRING, &bits)),
        ]);
        let alg = asn1::seq(&[
            &asn1::oid(OID_EC_PUBLIC_KEY),
            &asn1::oid(curve_oid(self.curve)),
        ]);
        asn1::seq(&[
            &asn1::uint(&[0]),
            &alg,
            &asn1::tlv(tag::OCTET_STRING, &ec_private_key),
        ])
    }

    /// PKCS#8 as PEM (`-----BEGIN PRIVATE KEY-----`).
    pub fn pkcs8_pem(&self) -> String {
        pem("PRIVATE KEY", &self.pkcs8_der())
    }

    /// Reads a PKCS#8 EC key (as [`EcKey::pkcs8_der`] writes it, or OpenSSL does).
    pub fn from_pkcs8_der(der: &[u8]) -> Option<EcKey> {
        let outer = DerReader::new(der).expect(tag::SEQUENCE, "pkcs8").ok()?;
        let mut r = DerReader::new(outer.value);
        r.expect(tag::INTEGER, "version").ok()?;
        let alg = r.expect(tag::SEQUENCE, "algorithm").ok()?;
        let mut a = DerReader::new(alg.value);
        let kind = a.expect(tag::OID, "algorithm").ok()?;
        let params = a.expect(tag::OID, "curve").ok()?;
        if asn1::oid_string(kind.value)? != OID_EC_PUBLIC_KEY {
            return None;
        }
        let curve = match asn1::oid_string(params.value)?.as_str() {
            OID_P256 => Curve::P256,
            OID_P384 => Curve::P384,
            _ => return None,
        };
        let octets = r.expect(tag::OCTET_STRING, "private key").ok()?;
        let inner = DerReader::new(octets.value)
            .expect(tag::SEQUENCE, "ECPrivateKey")
            .ok()?;
        let mut e = DerReader::new(inner.value);
        e.expect(tag::INTEGER, "version").ok()?;
        let secret = e.expect(tag::OCTET_STRING, "secret").ok()?;
        EcKey::from_secret(curve, secret.value)
    }

    /// Signs `message` hashed with `hash`: raw `r || s` (deterministic, RFC 6979).
    pub fn sign(&self, hash: Hash, message: &[u8]) -> Vec<u8> {
        let digest = prehash(hash, message);
        match self.curve {
            Curve::P256 => {
                let key = p256::ecdsa::SigningKey::from_slice(&self.secret).expect("validated");
                let sig: p256::ecdsa::Signature = key.sign_prehash(&digest).expect("valid digest");
                sig.to_bytes().to_vec()
            }
            Curve::P384 => {
                let key = p384::ecdsa::SigningKey::from_slice(&self.secret).expect("validated");
                let sig: p384::ecdsa::Signature = key.sign_prehash(&digest).expect("valid digest");
                sig.to_bytes().to_vec()
            }
        }
    }
}

/// Text in PEM armour, 64 characters a line.
pub fn pem(label: &str, der: &[u8]) -> String {
    let b64 = super::b64::encode_std(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).expect("ascii"));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// Signs a JSON payload as ES256 with `key` (P-256), the header carrying `x5c` (DER
/// certificates, leaf first).
pub fn sign_es256(payload_json: &str, key: &EcKey, x5c_der: &[&[u8]]) -> String {
    sign_with_header(&es256_header(x5c_der), payload_json, key)
}

/// Signs with a header given as JSON text (for tests that need odd headers).
pub fn sign_with_header(header_json: &str, payload_json: &str, key: &EcKey) -> String {
    let input = signing_input(header_json, payload_json);
    let sig = key.sign(Hash::Sha256, input.as_bytes());
    finish_jws(&input, &sig)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_sign() {
        for curve in [Curve::P256, Curve::P384] {
            let key = EcKey::from_seed(curve, "unit");
            assert_eq!(EcKey::from_seed(curve, "unit"), key);
            assert_eq!(EcKey::from_pkcs8_der(&key.pkcs8_der()), Some(key.clone()));
            for hash in [Hash::Sha256, Hash::Sha384, Hash::Sha512] {
                let sig = key.sign(hash, b"msg");
                let check = SignatureCheck {
                    purpose: "t".into(),
                    public_key_spki: key.spki_der(),
                    curve,
                    hash,
                    message: b"msg".to_vec(),
                    signature: sig.clone(),
                };
                assert!(NativeEcdsa.verify(&check));
                let mut bad = check.clone();
                bad.message = b"msh".to_vec();
                assert!(!NativeEcdsa.verify(&bad));
            }
            assert!(key.pkcs8_pem().starts_with("-----BEGIN PRIVATE KEY-----\n"));
            assert!(!format!("{key:?}").contains(&format!("{:?}", key.secret)));
        }
    }
}
