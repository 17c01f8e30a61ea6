//! Verification with a precise reason, in stripe-python's order of checks: header,
//! secret, parse, v1 present, signature match, then age. [`verify`] searches every cause
//! of a mismatch; [`verify_quick`] and [`check_signature`] name only those found in about
//! the passes over the body an acceptance makes, so refusing costs what accepting does.

use super::diagnose::{header_notes, MismatchHint};
use super::header::{parse_header, HeaderError, ParsedHeader};
use super::hex::constant_time_eq;
use super::search::{CauseSearch, Digests};

/// Why a header does not verify.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The header is empty.
    NoHeader,
    /// Every secret is blank.
    NoSecret,
    /// The timestamp and signatures cannot be extracted.
    Malformed(HeaderError),
    /// No `v1` item.
    NoV1Scheme,
    /// No v1 value matches the body with any secret; the findings explain why when a
    /// concrete variant of the inputs does match.
    Mismatch(Vec<MismatchHint>),
    /// The signature matches, but the timestamp is older than the tolerance.
    TooOld {
        /// The header's timestamp.
        timestamp: i128,
        /// Seconds between the timestamp and now.
        age_secs: i128,
        /// The tolerance it was checked against.
        tolerance_secs: i64,
    },
}

impl Failure {
    /// The library's message, the explanation, and any findings, in one line (for logs
    /// and API error bodies).
    pub fn full_message(&self) -> String {
        let mut text = format!("{}. {}", self.library_message(), self.explanation());
        if let Failure::Mismatch(hints) = self {
            for hint in hints {
                text.push(' ');
                text.push_str(&hint.describe());
            }
        }
        text
    }

    /// The message Stripe's official libraries raise for this case, for matching logs.
    pub fn library_message(&self) -> &'static str {
        match self {
            Failure::NoHeader => "No Stripe-Signature header value was provided",
            Failure::NoSecret => "No webhook secret value was provided",
            Failure::Malformed(_) => "Unable to extract timestamp and signatures from header",
            Failure::NoV1Scheme => "No signatures found with expected scheme v1",
            Failure::Mismatch(_) => {
                "No signatures found matching the expected signature for payload"
            }
            Failure::TooOld { .. } => "Timestamp outside the tolerance zone",
        }
    }

    /// A sentence for a person: what is wrong and what to do.
    pub fn explanation(&self) -> String {
        match self {
            Failure::NoHeader => "The Stripe-Signature header is empty.".into(),
            Failure::NoSecret => {
                "No webhook secret was given: paste the endpoint's whsec_ secret.".into()
            }
            Failure::Malformed(err) => format!(
                "Malformed header: {err}. Expected t=<unix seconds>,v1=<64 hex characters>."
            ),
            Failure::NoV1Scheme => "The header has no v1 signature. Only v1 is checked; \
                 v0 and other schemes are ignored."
                .into(),
            Failure::Mismatch(hints) if hints.is_empty() => "Signature mismatch: no v1 value \
                 matches this body with any of the secrets. Either the secret is not the one \
                 that signed, or the body differs from what was signed."
                .into(),
            Failure::Mismatch(_) => "Signature mismatch: no v1 value matches this body as \
                 received, but a likely cause was found."
                .into(),
            Failure::TooOld {
                age_secs,
                tolerance_secs,
                ..
            } => format!(
                "The signature matches, but its timestamp is {} old, {} beyond the {} s \
                 tolerance. Re-sign with a current timestamp (replays are refused).",
                describe_secs(*age_secs),
                describe_secs(*age_secs - i128::from(*tolerance_secs)),
                tolerance_secs
            ),
        }
    }
}

/// An age in words for a person: "42 s", "7 min 5 s", "3 h 2 min", "2 d 4 h".
pub fn describe_age(secs: i64) -> String {
    describe_secs(i128::from(secs))
        .trim_start_matches('-')
        .to_string()
}

/// "42 s", "7 min 5 s", "3 h 2 min", "2 d 4 h"; negative for the future.
pub fn describe_secs(secs: i128) -> String {
    let s = secs.abs();
    let text = match s {
        0..=59 => format!("{s} s"),
        60..=3599 => format!("{} min {} s", s / 60, s % 60),
        3600..=86_399 => format!("{} h {} min", s / 3600, (s % 3600) / 60),
        _ => format!("{} d {} h", s / 86_400, (s % 86_400) / 3600),
    };
    if secs < 0 {
        format!("-{text}")
    } else {
        text
    }
}

/// How a signing timestamp looks to a receiver with `tolerance` seconds: a sentence, and
/// whether the receiver would accept its age.
pub fn timestamp_age(timestamp: i64, now: i64, tolerance: i64) -> (String, bool) {
    let age = now - timestamp;
    let words = describe_age(age);
    if tolerance != 0 && age > tolerance {
        let beyond = describe_age(age - tolerance);
        (
            format!("{words} old: {beyond} beyond the {tolerance} s tolerance, so a receiver will refuse it."),
            false,
        )
    } else if age < 0 {
        (
            format!("{words} in the future (receivers accept future timestamps)."),
            true,
        )
    } else if tolerance == 0 {
        (
            format!("{words} old (no age check with tolerance 0)."),
            true,
        )
    } else {
        (
            format!("{words} old, within the {tolerance} s tolerance."),
            true,
        )
    }
}

/// A header that verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Valid {
    /// Index into the secrets given.
    pub secret_index: usize,
    /// Index among the header's v1 values.
    pub signature_index: usize,
    /// The header's timestamp.
    pub timestamp: i128,
    /// Negative when the timestamp is in the future (which Stripe's libraries accept).
    pub age_secs: i128,
}

/// The verdict on a header, with notes on it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verification {
    /// What stripe-python would decide, and why when it refuses.
    pub result: Result<Valid, Failure>,
    /// Observations about the header that do not change the verdict.
    pub notes: Vec<String>,
}

impl Verification {
    /// Whether the header verifies.
    pub fn is_valid(&self) -> bool {
        self.result.is_ok()
    }
}

/// Python's `str.strip(" \t\r\n\f\v") == ""`: such a secret counts as missing.
fn is_blank(secret: &str) -> bool {
    secret.chars().all(|c| " \t\r\n\x0c\x0b".contains(c))
}

/// A signature that matches, before its age is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Matched {
    /// Index into the secrets given.
    pub secret_index: usize,
    /// Index among the header's v1 values.
    pub signature_index: usize,
    /// The header's timestamp.
    pub timestamp: i128,
}

/// The verdict on a header's signature, before the age check: what does not depend on
/// the time (a page re-checks the age every second without hashing the body again).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    /// The signature that matched, or why none did.
    pub result: Result<Matched, Failure>,
    /// Observations about the header that do not change the verdict.
    pub notes: Vec<String>,
}

impl Checked {
    /// The verdict at `now` with `tolerance_secs` (0 disables the age check, as in
    /// Stripe's libraries; future timestamps pass).
    pub fn at(&self, tolerance_secs: i64, now: i64) -> Verification {
        let result = self
            .result
            .clone()
            .and_then(|m| age(m, tolerance_secs, now));
        Verification {
            result,
            notes: self.notes.clone(),
        }
    }
}

/// Verifies `header` for `payload` against each secret. `tolerance_secs` 0 disables the
/// age check, as in Stripe's libraries; future timestamps pass. A mismatch carries every
/// cause the search finds (up to some 25 passes over the body).
pub fn verify(
    header: &str,
    payload: &[u8],
    secrets: &[&str],
    tolerance_secs: i64,
    now: i64,
) -> Verification {
    checked(header, payload, secrets, true).at(tolerance_secs, now)
}

/// [`verify`] with only the causes verification's own pass over the body finds (not a
/// digest, upper-case hex, a trailing newline added or dropped) and line endings
/// converted (one more pass per secret): about what an acceptance costs. For a receiver,
/// which must not let an unauthenticated sender make it work harder than a real delivery
/// does.
pub fn verify_quick(
    header: &str,
    payload: &[u8],
    secrets: &[&str],
    tolerance_secs: i64,
    now: i64,
) -> Verification {
    check_signature(header, payload, secrets).at(tolerance_secs, now)
}

/// The signature's verdict as [`verify_quick`] reaches it, before the age check; the rest
/// of the causes are a [`CauseSearch`] away.
pub fn check_signature(header: &str, payload: &[u8], secrets: &[&str]) -> Checked {
    checked(header, payload, secrets, false)
}

fn checked(header: &str, payload: &[u8], secrets: &[&str], search_all: bool) -> Checked {
    let parsed = parse_header(header);
    let notes = parsed.as_ref().map(header_notes).unwrap_or_default();
    let result = check(header, parsed, payload, secrets, search_all);
    Checked { result, notes }
}

fn check(
    header: &str,
    parsed: Result<ParsedHeader, HeaderError>,
    payload: &[u8],
    secrets: &[&str],
    search_all: bool,
) -> Result<Matched, Failure> {
    if header.is_empty() {
        return Err(Failure::NoHeader);
    }
    if secrets.iter().all(|s| is_blank(s)) {
        return Err(Failure::NoSecret);
    }
    let parsed = parsed.map_err(Failure::Malformed)?;
    if parsed.v1.is_empty() {
        return Err(Failure::NoV1Scheme);
    }
    let digests: Vec<(usize, Digests)> = secrets
        .iter()
        .enumerate()
        .filter(|(_, s)| !is_blank(s))
        .map(|(i, s)| (i, Digests::of(s, &parsed.timestamp.text, payload)))
        .collect();
    let matched = digests.iter().find_map(|(secret_index, digests)| {
        parsed
            .v1
            .iter()
            .position(|sig| constant_time_eq(digests.full.as_bytes(), sig.as_bytes()))
            .map(|signature_index| (*secret_index, signature_index))
    });
    let Some((secret_index, signature_index)) = matched else {
        let search = CauseSearch::new(&parsed, payload, secrets, digests);
        let hints = if search_all {
            search.run()
        } else {
            search.quick_hints()
        };
        return Err(Failure::Mismatch(hints));
    };
    Ok(Matched {
        secret_index,
        signature_index,
        timestamp: parsed.timestamp.value,
    })
}

fn age(matched: Matched, tolerance_secs: i64, now: i64) -> Result<Valid, Failure> {
    let timestamp = matched.timestamp;
    let age_secs = i128::from(now) - timestamp;
    if tolerance_secs != 0 && timestamp < i128::from(now) - i128::from(tolerance_secs) {
        return Err(Failure::TooOld {
            timestamp,
            age_secs,
            tolerance_secs,
        });
    }
    Ok(Valid {
        secret_index: matched.secret_index,
        signature_index: matched.signature_index,
        timestamp,
        age_secs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signature::signature_header;

    const BODY: &[u8] = br#"{"id":"evt_1"}"#;
    const NOW: i64 = 1_700_000_000;

    fn run(header: &str, secrets: &[&str], tolerance: i64) -> Result<Valid, Failure> {
        verify(header, BODY, secrets, tolerance, NOW).result
    }

    #[test]
    fn the_facts_vector_verifies() {
        let header =
            "t=1700000000,v1=c89214b5b5da833daed6f0b8c5bb6bd58cea9022bd80ccc78230f3942d632925";
        let valid = run(header, &["whsec_test"], 300).unwrap();
        assert_eq!(
            (valid.secret_index, valid.signature_index, valid.age_secs),
            (0, 0, 0)
        );
    }

    #[test]
    fn reports_which_secret_matched_among_several() {
        let header = signature_header(NOW, &["whsec_new"], BODY);
        let valid = run(&header, &["whsec_old", "", "whsec_new"], 300).unwrap();
        assert_eq!(valid.secret_index, 2);
    }

    #[test]
    fn rotation_header_verifies_with_either_secret() {
        let header = signature_header(NOW, &["whsec_old", "whsec_new"], BODY);
        assert_eq!(
            run(&header, &["whsec_old"], 300).unwrap().signature_index,
            0
        );
        assert_eq!(
            run(&header, &["whsec_new"], 300).unwrap().signature_index,
            1
        );
    }

    #[test]
    fn tolerance_boundaries() {
        let at = |age: i64| signature_header(NOW - age, &["whsec_test"], BODY);
        assert!(run(&at(300), &["whsec_test"], 300).is_ok());
        assert_eq!(
            run(&at(301), &["whsec_test"], 300),
            Err(Failure::TooOld {
                timestamp: i128::from(NOW - 301),
                age_secs: 301,
                tolerance_secs: 300
            })
        );
        // Tolerance 0 disables the check; the future is accepted.
        assert!(run(&at(10_000_000), &["whsec_test"], 0).is_ok());
        assert_eq!(
            run(&at(-3600), &["whsec_test"], 300).unwrap().age_secs,
            -3600
        );
    }

    #[test]
    fn mismatch_is_checked_before_age() {
        let old = signature_header(NOW - 10_000, &["whsec_other"], BODY);
        assert!(matches!(
            run(&old, &["whsec_test"], 300),
            Err(Failure::Mismatch(_))
        ));
    }

    #[test]
    fn missing_inputs_in_library_order() {
        assert_eq!(run("", &["whsec_test"], 300), Err(Failure::NoHeader));
        assert_eq!(run("t=1,v1=aa", &[" \t"], 300), Err(Failure::NoSecret));
        assert_eq!(run("t=1,v1=aa", &[], 300), Err(Failure::NoSecret));
        assert!(matches!(
            run("v1=aa", &["whsec_test"], 300),
            Err(Failure::Malformed(_))
        ));
        assert_eq!(
            run("t=1,v0=aa", &["whsec_test"], 300),
            Err(Failure::NoV1Scheme)
        );
    }

    #[test]
    fn explanations_name_the_numbers() {
        let too_old = Failure::TooOld {
            timestamp: 0,
            age_secs: 425,
            tolerance_secs: 300,
        };
        assert!(too_old
            .explanation()
            .contains("7 min 5 s old, 2 min 5 s beyond the 300 s"));
        assert_eq!(describe_secs(59), "59 s");
        assert_eq!(describe_secs(90_000), "1 d 1 h");
        assert_eq!(describe_secs(-61), "-1 min 1 s");
    }

    #[test]
    fn timestamp_age_against_the_tolerance() {
        assert_eq!(
            timestamp_age(NOW - 12, NOW, 300),
            ("12 s old, within the 300 s tolerance.".into(), true)
        );
        assert!(timestamp_age(NOW - 300, NOW, 300).1);
        let (text, ok) = timestamp_age(NOW - 425, NOW, 300);
        assert!(!ok);
        assert!(
            text.starts_with("7 min 5 s old: 2 min 5 s beyond the 300 s tolerance"),
            "{text}"
        );
        assert!(timestamp_age(NOW + 90, NOW, 300)
            .0
            .starts_with("1 min 30 s in the future"));
        assert!(timestamp_age(NOW - 9999, NOW, 0).1);
    }
}
