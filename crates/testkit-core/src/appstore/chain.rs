//! The certificate chain check Apple's library delegates to OpenSSL (`X509_STORE` with
//! `X509_STRICT`, time set to the effective date): build leaf -> intermediate -> a
//! configured root, apply the strict RFC 5280 rules, then check signatures and validity
//! from the root down. Signatures become [`SignatureCheck`]s for the caller's ECDSA; every
//! other rule is decided here. Any failure is Apple's VERIFICATION_FAILURE.

use super::asn1;
use super::cert::{Certificate, Curve, KeyKind, OID_AKI, OID_SAN, OID_SKI};
use super::verify::{SignatureCheck, Step};

/// Extensions OpenSSL understands, so may be critical (`X509_supported_extension`).
/// SKI and AKI are not among them: OpenSSL refuses them critical too.
const SUPPORTED_CRITICAL: &[&str] = &[
    "2.16.840.1.113730.1.1", // nsCertType
    "2.5.29.15",             // keyUsage
    "2.5.29.17",             // subjectAltName
    "2.5.29.19",             // basicConstraints
    "2.5.29.32",             // certificatePolicies
    "2.5.29.37",             // extKeyUsage
    "1.3.6.1.5.5.7.1.14",    // proxyCertInfo
    "1.3.6.1.5.5.7.1.7",     // sbgp-ipAddrBlock
    "1.3.6.1.5.5.7.1.8",     // sbgp-autonomousSysNum
    "2.5.29.30",             // nameConstraints
    "2.5.29.36",             // policyConstraints
    "2.5.29.54",             // inhibitAnyPolicy
    "2.5.29.33",             // policyMappings
];

/// A certificate in the chain, with where it came from (for messages).
#[derive(Clone, Debug)]
pub struct Link<'a> {
    /// The certificate.
    pub cert: &'a Certificate,
    /// `x5c[0] (leaf)`, `x5c[1] (intermediate)`, `configured root #1`.
    pub role: String,
}

impl Link<'_> {
    fn describe(&self) -> String {
        format!("{} \"{}\"", self.role, self.cert.subject())
    }
}

fn fmt_time(secs: i64) -> String {
    crate::time::rfc3339(secs)
}

/// X509_check_issued without the signature: names match, the AKI (when both sides have
/// key ids) matches the candidate's SKI, and the candidate may sign certificates.
fn likely_issued(child: &Certificate, issuer: &Certificate) -> bool {
    if child.issuer_raw != issuer.subject_raw {
        return false;
    }
    if let (Ok(Some(aki)), Ok(Some(ski))) = (child.authority_key_id(), issuer.subject_key_id()) {
        if aki.key_id.as_ref().is_some_and(|id| *id != ski) {
            return false;
        }
    }
    if let Ok(Some(ku)) = issuer.key_usage() {
        if !ku.key_cert_sign {
            return false;
        }
    }
    true
}

/// Builds the chain as OpenSSL does: a trusted (configured) issuer is preferred, then the
/// untrusted intermediate. `Err` says why no chain to a configured root exists.
pub fn build<'a>(
    leaf: &'a Certificate,
    intermediate: &'a Certificate,
    roots: &'a [Certificate],
    at: i64,
) -> Result<Vec<Link<'a>>, String> {
    let mut chain = vec![Link {
        cert: leaf,
        role: "x5c[0] (leaf)".into(),
    }];
    let mut used_intermediate = false;
    loop {
        let current = chain.last().expect("never empty").cert;
        let trusted: Vec<(usize, &Certificate)> = roots
            .iter()
            .enumerate()
            .filter(|(_, r)| likely_issued(current, r))
            .collect();
        // Among several matching roots OpenSSL prefers one valid at the time.
        let pick = trusted
            .iter()
            .find(|(_, r)| {
                r.not_before.is_some_and(|nb| nb <= at) && r.not_after.is_some_and(|na| at < na)
            })
            .or(trusted.first());
        if let Some(&(i, root)) = pick {
            chain.push(Link {
                cert: root,
                role: format!("configured root #{}", i + 1),
            });
            if root.subject_raw != root.issuer_raw {
                return Err(format!(
                    "configured root #{} \"{}\" is not self-signed, so OpenSSL looks for its issuer \"{}\" and finds none",
                    i + 1,
                    root.subject(),
                    root.issuer()
                ));
            }
            return Ok(chain);
        }
        if !used_intermediate
            && likely_issued(current, intermediate)
            && !std::ptr::eq(current, intermediate)
        {
            used_intermediate = true;
            chain.push(Link {
                cert: intermediate,
                role: "x5c[1] (intermediate)".into(),
            });
            continue;
        }
        let link = chain.last().expect("never empty");
        if current.subject_raw == current.issuer_raw {
            return Err(format!(
                "{} is self-signed but is not one of the configured roots (self-signed certificate in chain)",
                link.describe()
            ));
        }
        return Err(format!(
            "unable to get local issuer certificate: no configured root{} issued {} (its issuer is \"{}\")",
            if used_intermediate { "" } else { " and not x5c[1]" },
            link.describe(),
            current.issuer()
        ));
    }
}

/// X509_check_ca: 0 not a CA, 1 a CA by basicConstraints, 3 v1 self-signed, 4 keyCertSign
/// without basicConstraints.
fn check_ca(c: &Certificate) -> u8 {
    let ku = c.key_usage().ok().flatten();
    if ku.is_some_and(|k| !k.key_cert_sign) {
        return 0;
    }
    match c.basic_constraints().ok().flatten() {
        Some(bc) => u8::from(bc.ca),
        None if c.version == 1 && c.subject_raw == c.issuer_raw => 3,
        None if ku.is_some_and(|k| k.key_cert_sign) => 4,
        None => 0,
    }
}

fn name_is_empty(name_der: &[u8]) -> bool {
    super::cert::name_entries(name_der).is_empty()
}

/// OpenSSL's `check_extensions` in strict mode for one certificate at depth `i`.
fn strict_rules(link: &Link<'_>, i: usize, num: usize) -> Result<(), String> {
    let c = link.cert;
    let who = link.describe();
    // ossl_x509v3_cache_extensions marks these certificates invalid.
    if let Some(dup) = c.duplicate_extensions().first() {
        return Err(format!("{who} has extension {dup} more than once"));
    }
    let bc = c.basic_constraints().map_err(|e| format!("{who}: {e}"))?;
    let ku = c.key_usage().map_err(|e| format!("{who}: {e}"))?;
    let ski = c.subject_key_id().map_err(|e| format!("{who}: {e}"))?;
    let aki = c.authority_key_id().map_err(|e| format!("{who}: {e}"))?;
    if bc.is_some_and(|b| b.path_len.is_some() && !b.ca) {
        return Err(format!(
            "{who} has a pathLenConstraint without being a CA (invalid basicConstraints)"
        ));
    }
    if let Some(e) = c
        .extensions
        .iter()
        .find(|e| e.critical && !SUPPORTED_CRITICAL.contains(&e.oid.as_str()))
    {
        return Err(format!(
            "{who} has critical extension {} that OpenSSL does not handle (unhandled critical extension)",
            e.oid
        ));
    }
    let ca = check_ca(c);
    if i == 0 {
        if ca != 0 && ca != 1 {
            return Err(format!(
                "{who} is an invalid CA certificate (keyCertSign without basicConstraints)"
            ));
        }
    } else if ca != 1 {
        return Err(format!(
            "{who} signs {} but is not a CA: strict mode needs basicConstraints cA=TRUE and, if keyUsage is present, keyCertSign",
            if i == 1 { "the leaf" } else { "the intermediate" }
        ));
    }
    let is_ca = bc.is_some_and(|b| b.ca);
    if let Some(b) = bc {
        if b.path_len.is_some() && !ku.is_some_and(|k| k.key_cert_sign) {
            return Err(format!(
                "{who} has a path length but no keyCertSign key usage"
            ));
        }
        if b.ca && !b.critical {
            return Err(format!(
                "{who} is a CA whose basicConstraints is not critical"
            ));
        }
    }
    if is_ca && ku.is_none() {
        return Err(format!("{who} is a CA without a keyUsage extension"));
    }
    if !is_ca && ku.is_some_and(|k| k.key_cert_sign) {
        return Err(format!("{who} is not a CA but has keyCertSign"));
    }
    if name_is_empty(&c.issuer_raw) {
        return Err(format!("{who} has an empty issuer name"));
    }
    let san = c.subject_alt_names();
    let subject_empty = name_is_empty(&c.subject_raw);
    if subject_empty && (is_ca || ku.is_some_and(|k| k.crl_sign) || san.is_none()) {
        return Err(format!("{who} has an empty subject name"));
    }
    if subject_empty && san.is_some_and(|(_, critical)| !critical) {
        return Err(format!(
            "{who} has an empty subject and a non-critical subjectAltName"
        ));
    }
    if san.is_some_and(|(n, _)| n == 0) || (c.extension(OID_SAN).is_some() && san.is_none()) {
        return Err(format!("{who} has an empty subjectAltName"));
    }
    if c.signature_algorithm != c.tbs_signature_algorithm {
        return Err(format!(
            "{who}: the signature algorithm inside the certificate differs from the outer one"
        ));
    }
    if aki.as_ref().is_some_and(|a| a.critical) {
        return Err(format!("{who} has a critical authorityKeyIdentifier"));
    }
    if c.extension(OID_SKI).is_some_and(|e| e.critical) {
        return Err(format!("{who} has a critical subjectKeyIdentifier"));
    }
    if c.version >= 3 {
        if i + 1 < num && aki.as_ref().and_then(|a| a.key_id.as_ref()).is_none() {
            return Err(format!(
                "{who} has no authorityKeyIdentifier key id (Missing Authority Key Identifier): strict mode needs one on every certificate below the root"
            ));
        }
        if is_ca && ski.is_none() {
            return Err(format!(
                "{who} is a CA without a subjectKeyIdentifier (Missing Subject Key Identifier)"
            ));
        }
    } else if !c.extensions.is_empty() {
        return Err(format!("{who} is X.509 v{} but has extensions", c.version));
    }
    let _ = OID_AKI;
    Ok(())
}

fn time_rule(link: &Link<'_>, at: i64) -> Result<(), String> {
    let who = link.describe();
    let (Some(nb), Some(na)) = (link.cert.not_before, link.cert.not_after) else {
        return Err(format!("{who} has a validity time that is not a DER time"));
    };
    // Valid from notBefore to notAfter, both included (what Apple's library, through
    // OpenSSL, accepts: the cross-check has a case at each boundary).
    if at < nb {
        return Err(format!(
            "{who} is not yet valid at the effective date {} (notBefore {})",
            fmt_time(at),
            fmt_time(nb)
        ));
    }
    if at > na {
        return Err(format!(
            "{who} has expired at the effective date {} (notAfter {})",
            fmt_time(at),
            fmt_time(na)
        ));
    }
    Ok(())
}

/// The signature of `child` by `issuer`'s key, ready for ECDSA, or why it cannot be one.
fn signature_check(child: &Link<'_>, issuer: &Link<'_>) -> Result<SignatureCheck, String> {
    let curve = match issuer.cert.key_kind() {
        KeyKind::Ec(curve) => curve,
        KeyKind::Unsupported(what) => {
            return Err(format!(
                "{} has a {what} key, which this verifier does not handle (Apple uses EC P-256 and P-384)",
                issuer.describe()
            ))
        }
    };
    let Some(hash) = child.cert.signature_hash() else {
        return Err(format!(
            "{} is signed with {}, not ECDSA with SHA-256/384/512",
            child.describe(),
            child.cert.signature_algorithm_name()
        ));
    };
    let Some(raw) = asn1::ecdsa_der_to_raw(&child.cert.signature, curve.field_bytes()) else {
        return Err(format!(
            "{}'s signature is not a DER ECDSA signature for {}",
            child.describe(),
            curve.web_crypto_name()
        ));
    };
    Ok(SignatureCheck {
        purpose: format!("{} signed by {}", child.describe(), issuer.describe()),
        public_key_spki: issuer.cert.spki.clone(),
        curve,
        hash,
        message: child.cert.tbs.clone(),
        signature: raw,
    })
}

/// Steps for the whole chain check, in OpenSSL's order, appending signature checks to
/// `checks`. Returns the chain (for the marker-OID checks that follow) when it was built.
pub fn steps<'a>(
    leaf: &'a Certificate,
    intermediate: &'a Certificate,
    roots: &'a [Certificate],
    at: i64,
    checks: &mut Vec<SignatureCheck>,
    out: &mut Vec<Step>,
) -> Option<Vec<Link<'a>>> {
    let chain = match build(leaf, intermediate, roots, at) {
        Ok(chain) => chain,
        Err(why) => {
            out.push(Step::fail_vf("chain to a configured root", why));
            return None;
        }
    };
    out.push(Step::pass(
        "chain to a configured root",
        chain
            .iter()
            .map(|l| l.describe())
            .collect::<Vec<_>>()
            .join(" -> "),
    ));
    let num = chain.len();
    for (i, link) in chain.iter().enumerate() {
        match strict_rules(link, i, num) {
            Ok(()) => out.push(Step::pass(
                format!("strict X.509 rules: {}", link.role),
                "ok".into(),
            )),
            Err(why) => {
                out.push(Step::fail_vf(
                    format!("strict X.509 rules: {}", link.role),
                    why,
                ));
                return None;
            }
        }
        // Path length: only certificates above the first CA are checked (depth > 1).
        if i > 1 {
            if let Ok(Some(bc)) = link.cert.basic_constraints() {
                let below = chain[1..i]
                    .iter()
                    .filter(|l| l.cert.subject_raw != l.cert.issuer_raw)
                    .count() as u64;
                if bc.path_len.is_some_and(|p| below > p) {
                    out.push(Step::fail_vf(
                        "path length",
                        format!(
                            "{} allows {} CA(s) below it, the chain has {below}",
                            link.describe(),
                            bc.path_len.unwrap_or(0)
                        ),
                    ));
                    return None;
                }
            }
        }
    }
    // internal_verify: from the trust anchor down; its own signature is not checked but its
    // validity is.
    let top = num - 1;
    match time_rule(&chain[top], at) {
        Ok(()) => out.push(Step::pass(
            format!("validity: {}", chain[top].role),
            "valid at the effective date".into(),
        )),
        Err(why) => {
            out.push(Step::fail_vf(format!("validity: {}", chain[top].role), why));
            return None;
        }
    }
    for i in (0..top).rev() {
        let label = format!("signature: {}", chain[i].role);
        match signature_check(&chain[i], &chain[i + 1]) {
            Ok(check) => {
                let reason = format!(
                    "the signature on {} does not verify with the key of {}",
                    chain[i].describe(),
                    chain[i + 1].describe()
                );
                out.push(Step::signature(label, checks.len(), reason));
                checks.push(check);
            }
            Err(why) => {
                out.push(Step::fail_vf(label, why));
                return None;
            }
        }
        match time_rule(&chain[i], at) {
            Ok(()) => out.push(Step::pass(
                format!("validity: {}", chain[i].role),
                "valid at the effective date".into(),
            )),
            Err(why) => {
                out.push(Step::fail_vf(format!("validity: {}", chain[i].role), why));
                return None;
            }
        }
    }
    Some(chain)
}

/// The curve of a leaf key if it is one ES256 accepts.
pub fn es256_key(leaf: &Certificate) -> Result<(), String> {
    match leaf.key_kind() {
        KeyKind::Ec(Curve::P256) => Ok(()),
        KeyKind::Ec(other) => Err(format!(
            "x5c[0] (leaf) has an EC {} key; ES256 needs P-256",
            other.web_crypto_name()
        )),
        KeyKind::Unsupported(what) => Err(format!(
            "x5c[0] (leaf) has a {what} key; ES256 needs EC P-256"
        )),
    }
}
