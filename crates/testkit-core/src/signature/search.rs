//! The cause search, one variant at a time. Verification's own pass over the body also
//! gives the digests of the body without its trailing newline and with one more (the HMAC
//! state is cloned at the cut points), so those causes cost nothing; every costlier
//! variant (a BOM, line endings, a JSON re-encoding, a secret or timestamp mistake) is one
//! [`CauseSearch::step`]. A server stops after the free findings and the line endings (one
//! more pass), so that a rejection costs about what an acceptance does; a page runs the
//! steps yielding to its event loop.

use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;

use super::diagnose::{json_encodings, text_variants, LineEnding, MismatchHint};
use super::encode::{encode_json, JsonEncoding};
use super::header::ParsedHeader;
use super::hex::{self, constant_time_eq};
use super::sign::compute_signature;

/// The digests one pass over the body gives for one secret.
pub(super) struct Digests {
    /// Over the body as received.
    pub full: String,
    /// Over the body without its trailing newline (`\n` or `\r\n`), when it has one.
    stripped: Option<String>,
    /// Over the body plus `\n`.
    extended: String,
}

impl Digests {
    pub(super) fn of(secret: &str, timestamp: &str, payload: &[u8]) -> Digests {
        let cut = payload
            .strip_suffix(b"\n")
            .map(|s| s.strip_suffix(b"\r").unwrap_or(s).len());
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes())
            .expect("HMAC accepts keys of any length");
        mac.update(timestamp.as_bytes());
        mac.update(b".");
        let (head, tail) = payload.split_at(cut.unwrap_or(payload.len()));
        mac.update(head);
        let stripped = cut.map(|_| hex::encode(&mac.clone().finalize().into_bytes()));
        mac.update(tail);
        let mut extended = mac.clone();
        extended.update(b"\n");
        Digests {
            full: hex::encode(&mac.finalize().into_bytes()),
            stripped,
            extended: hex::encode(&extended.finalize().into_bytes()),
        }
    }
}

/// The digest of `payload` with its line endings converted to `signed` (LF: every CRLF
/// made LF; CRLF: every lone LF made CRLF), hashed segment by segment between line breaks;
/// `None` when the body has no line ending to convert. The same bytes as `text_variants`'
/// conversions, without a copy of the body.
fn converted_digest(
    secret: &str,
    timestamp: &str,
    payload: &[u8],
    signed: LineEnding,
) -> Option<String> {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC accepts keys of any length");
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    let mut from = 0;
    let mut converted = false;
    for at in memchr::memchr_iter(b'\n', payload) {
        let after_cr = at > 0 && payload[at - 1] == b'\r';
        match signed {
            // Drop the CR before this LF.
            LineEnding::Lf if after_cr => {
                mac.update(&payload[from..at - 1]);
                from = at;
            }
            // Put a CR before this lone LF.
            LineEnding::Crlf if !after_cr => {
                mac.update(&payload[from..at]);
                mac.update(b"\r");
                from = at;
            }
            _ => continue,
        }
        converted = true;
    }
    mac.update(&payload[from..]);
    converted.then(|| hex::encode(&mac.finalize().into_bytes()))
}

/// What is left to try, in the order causes are named.
enum Step {
    /// Builds the BOM and line-ending variants, queued as `Text` steps.
    TextVariants,
    /// Signs the text variant at this index of `CauseSearch::text`.
    Text(usize),
    /// Parses the body's JSON, queuing a `Json` step per encoding worth trying.
    ParseJson,
    /// Signs the body's JSON written this way.
    Json(MismatchHint, JsonEncoding),
    /// Tries the live secret at this index trimmed and without its `whsec_` prefix.
    Secret(usize),
    /// Tries the timestamp as written in the header.
    Timestamp,
}

/// A search for why no v1 value matches, started from verification's digests.
pub struct CauseSearch<'a> {
    parsed: &'a ParsedHeader,
    payload: &'a [u8],
    /// The secrets worth trying (not blank once trimmed), with their index as given.
    live: Vec<(usize, &'a str)>,
    /// A digest of each variant tried (under the first live secret): a variant whose
    /// bytes were already tried is skipped, so the first, most specific cause is named.
    tried: Vec<String>,
    hints: Vec<MismatchHint>,
    steps: Vec<Step>,
    next: usize,
    text: Vec<(MismatchHint, Vec<u8>)>,
    json: Option<Value>,
}

impl<'a> CauseSearch<'a> {
    /// Starts a search with one pass over the body per secret: the findings that cost
    /// nothing more (not a digest, upper-case hex, a trailing newline) are known at once.
    pub fn begin(parsed: &'a ParsedHeader, payload: &'a [u8], secrets: &[&'a str]) -> Self {
        let digests = secrets
            .iter()
            .enumerate()
            .map(|(i, s)| (i, Digests::of(s, &parsed.timestamp.text, payload)))
            .collect();
        CauseSearch::new(parsed, payload, secrets, digests)
    }

    /// Starts a search from the digests verification computed (`digests` holds each
    /// secret's, by index; secrets without one are not tried).
    pub(super) fn new(
        parsed: &'a ParsedHeader,
        payload: &'a [u8],
        secrets: &[&'a str],
        digests: Vec<(usize, Digests)>,
    ) -> Self {
        let digests: Vec<(usize, Digests)> = digests
            .into_iter()
            .filter(|(i, _)| !secrets[*i].trim().is_empty())
            .collect();
        let live: Vec<(usize, &str)> = digests.iter().map(|(i, _)| (*i, secrets[*i])).collect();
        let mut search = CauseSearch {
            parsed,
            payload,
            hints: Vec::new(),
            tried: Vec::new(),
            steps: Vec::new(),
            next: 0,
            text: Vec::new(),
            json: None,
            live,
        };
        for sig in &parsed.v1 {
            if sig.len() != 64 || !sig.bytes().all(|b| b.is_ascii_hexdigit()) {
                search
                    .hints
                    .push(MismatchHint::NotADigest { value: sig.clone() });
            }
        }
        let uppercase = digests.iter().any(|(_, d)| {
            parsed
                .v1
                .iter()
                .any(|sig| sig != &d.full && sig.eq_ignore_ascii_case(&d.full))
        });
        if uppercase {
            search.hints.push(MismatchHint::UppercaseHex);
        }
        let Some((_, first)) = digests.first() else {
            // No secret to sign a variant with: nothing else can be found.
            return search;
        };
        search.tried.push(first.full.clone());
        if first.stripped.is_some() {
            let stripped: Vec<&str> = digests
                .iter()
                .filter_map(|(_, d)| d.stripped.as_deref())
                .collect();
            search.found_if(MismatchHint::BodyHasUnsignedTrailingNewline, &stripped);
        }
        let extended: Vec<&str> = digests.iter().map(|(_, d)| d.extended.as_str()).collect();
        search.found_if(MismatchHint::SignedWithExtraNewline, &extended);
        search.steps = vec![Step::TextVariants, Step::ParseJson];
        search
            .steps
            .extend((0..search.live.len()).map(Step::Secret));
        search.steps.push(Step::Timestamp);
        search
    }

    /// Names `hint` when one of `digests` (a variant's, one per live secret, the first
    /// secret's first) matches a v1 value, unless the variant's bytes were tried before.
    fn found_if(&mut self, hint: MismatchHint, digests: &[&str]) {
        let Some(first) = digests.first() else {
            return;
        };
        if self.tried.iter().any(|t| t == first) {
            return;
        }
        self.tried.push((*first).to_string());
        if digests.iter().any(|d| self.v1_matches(d)) {
            self.hints.push(hint);
        }
    }

    fn v1_matches(&self, digest: &str) -> bool {
        self.parsed
            .v1
            .iter()
            .any(|sig| constant_time_eq(digest.as_bytes(), sig.as_bytes()))
    }

    /// Signs `body` with every live secret and names `hint` if that matches.
    fn try_body(&mut self, hint: MismatchHint, body: &[u8]) {
        let t = self.parsed.timestamp.text.as_str();
        let digests: Vec<String> = self
            .live
            .iter()
            .map(|(_, s)| compute_signature(s, t, body))
            .collect();
        let digests: Vec<&str> = digests.iter().map(String::as_str).collect();
        self.found_if(hint, &digests);
    }

    /// Whether some live secret signs `body` with timestamp text `t` to a v1 value.
    fn any_secret(&self, t: &str, body: &[u8]) -> bool {
        self.live
            .iter()
            .any(|(_, s)| self.v1_matches(&compute_signature(s, t, body)))
    }

    /// Runs the next step (at most a pass or two over the body per secret); false when
    /// there was none left.
    pub fn step(&mut self) -> bool {
        let Some(step) = self.steps.get_mut(self.next) else {
            return false;
        };
        let step = std::mem::replace(step, Step::Timestamp);
        self.next += 1;
        match step {
            Step::TextVariants => {
                self.text = text_variants(self.payload);
                let queued = (0..self.text.len()).map(Step::Text);
                self.steps.splice(self.next..self.next, queued);
            }
            Step::Text(i) => {
                let (hint, body) =
                    std::mem::replace(&mut self.text[i], (MismatchHint::UppercaseHex, Vec::new()));
                self.try_body(hint, &body);
            }
            Step::ParseJson => {
                if let Ok(value) = serde_json::from_slice::<Value>(self.payload) {
                    let queued = json_encodings(&value, self.payload)
                        .into_iter()
                        .map(|(hint, encoding)| Step::Json(hint, encoding));
                    self.steps.splice(self.next..self.next, queued);
                    self.json = Some(value);
                }
            }
            Step::Json(hint, encoding) => {
                if let Some(value) = &self.json {
                    let body = encode_json(value, encoding).into_bytes();
                    self.try_body(hint, &body);
                }
            }
            Step::Secret(i) => self.try_secret(i),
            Step::Timestamp => self.try_timestamp(),
        }
        true
    }

    fn try_secret(&mut self, i: usize) {
        let (index, secret) = self.live[i];
        let t = self.parsed.timestamp.text.as_str();
        let signs = |key: &str| self.v1_matches(&compute_signature(key, t, self.payload));
        let trimmed = secret.trim();
        let whitespace = trimmed != secret && signs(trimmed);
        let prefix = trimmed.strip_prefix("whsec_").is_some_and(signs);
        if whitespace {
            self.hints.push(MismatchHint::SecretHasWhitespace {
                secret_index: index,
            });
        }
        if prefix {
            self.hints.push(MismatchHint::SecretWithoutPrefix {
                secret_index: index,
            });
        }
    }

    fn try_timestamp(&mut self) {
        let t = self.parsed.timestamp.text.as_str();
        let raw_t = self
            .parsed
            .items
            .iter()
            .find(|i| i.key == "t")
            .and_then(|i| i.value.as_deref());
        if let Some(raw_t) = raw_t.filter(|raw| *raw != t) {
            if self.any_secret(raw_t, self.payload) {
                self.hints.push(MismatchHint::TimestampSignedAsWritten);
            }
        }
    }

    /// The causes found so far, in the order they are named.
    pub fn hints(&self) -> &[MismatchHint] {
        &self.hints
    }

    /// Steps done and steps known (the JSON and text steps are counted once queued).
    pub fn progress(&self) -> (usize, usize) {
        (self.next, self.steps.len())
    }

    /// Whether every step has run.
    pub fn is_done(&self) -> bool {
        self.next >= self.steps.len()
    }

    /// The causes found without another pass over the body, and line endings converted
    /// (one more pass per secret, per direction the body allows): the change a transport
    /// most often makes (git, a Windows tool), and the one a receiver's own log can show.
    /// The conversion is hashed as it is read, never written out.
    pub fn quick_hints(mut self) -> Vec<MismatchHint> {
        if !self.live.is_empty() {
            for signed in [LineEnding::Lf, LineEnding::Crlf] {
                let digests: Option<Vec<String>> = self
                    .live
                    .iter()
                    .map(|(_, s)| {
                        converted_digest(s, &self.parsed.timestamp.text, self.payload, signed)
                    })
                    .collect();
                if let Some(digests) = digests {
                    let digests: Vec<&str> = digests.iter().map(String::as_str).collect();
                    self.found_if(MismatchHint::LineEndings { signed }, &digests);
                }
            }
        }
        self.hints
    }

    /// Runs every step and returns every cause found.
    pub fn run(mut self) -> Vec<MismatchHint> {
        while self.step() {}
        self.hints
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::Layout;
    use crate::signature::{parse_header, signature_header, verify, verify_quick, Failure};

    const NOW: i64 = 1_700_000_000;
    const EVENT: &str = "{\n  \"z\": \"Zoë\",\n  \"a\": 1\n}";

    fn hints(verification: crate::signature::Verification) -> Vec<MismatchHint> {
        match verification.result {
            Err(Failure::Mismatch(h)) => h,
            other => panic!("expected a mismatch, got {other:?}"),
        }
    }

    /// (header, body, secrets): each a cause of its own, and one with none.
    fn cases() -> Vec<(String, Vec<u8>, Vec<&'static str>)> {
        let compact = r#"{"z":"Zoë","a":1}"#.as_bytes().to_vec();
        let signed = |body: &[u8]| signature_header(NOW, &["whsec_a"], body);
        vec![
            (signed(EVENT.as_bytes()), compact.clone(), vec!["whsec_a"]),
            (
                signed(EVENT.as_bytes()),
                format!("{EVENT}\n").into_bytes(),
                vec!["whsec_a"],
            ),
            (
                signed(&EVENT.replace('\n', "\r\n").into_bytes()),
                EVENT.as_bytes().to_vec(),
                vec!["whsec_a"],
            ),
            (signed(b"{}"), b"{}".to_vec(), vec!["whsec_b", " whsec_a "]),
            (
                signature_header(NOW, &["whsec_other"], &compact),
                compact.clone(),
                vec!["whsec_a", "whsec_b"],
            ),
        ]
    }

    #[test]
    fn line_endings_hashed_as_read_equal_the_converted_bytes() {
        let bodies: [&[u8]; 5] = [b"{\n}\n", b"\r\n{\r\n}", b"a\r\nb\nc\r", b"\n", b"{}"];
        for body in bodies {
            let written: Vec<(MismatchHint, Vec<u8>)> = text_variants(body)
                .into_iter()
                .filter(|(h, _)| matches!(h, MismatchHint::LineEndings { .. }))
                .collect();
            for signed in [LineEnding::Lf, LineEnding::Crlf] {
                let expected = written
                    .iter()
                    .find(|(h, _)| *h == MismatchHint::LineEndings { signed })
                    .map(|(_, b)| compute_signature("whsec_a", "1", b));
                assert_eq!(
                    converted_digest("whsec_a", "1", body, signed),
                    expected,
                    "{body:?} {signed:?}"
                );
            }
        }
    }

    #[test]
    fn stepping_finds_what_the_full_verification_finds() {
        for (header, body, secrets) in cases() {
            let parsed = parse_header(&header).unwrap();
            let mut search = CauseSearch::begin(&parsed, &body, &secrets);
            let mut last = search.progress();
            while search.step() {
                assert!(search.progress().0 > last.0, "each step moves on");
                last = search.progress();
            }
            assert!(search.is_done());
            let full = hints(verify(&header, &body, &secrets, 0, NOW));
            assert_eq!(search.hints(), full.as_slice(), "{header}");
        }
    }

    #[test]
    fn the_quick_verdict_names_only_what_costs_about_an_acceptance() {
        let cases = cases();
        let quick = |i: usize| {
            let (header, body, secrets) = &cases[i];
            hints(verify_quick(header, body, secrets, 0, NOW))
        };
        // Re-serialised: found by the search only.
        assert_eq!(quick(0), vec![]);
        assert_eq!(
            hints(verify(&cases[0].0, &cases[0].1, &cases[0].2, 0, NOW)),
            vec![MismatchHint::Reserialised(Layout::Pretty)]
        );
        // A trailing newline: found by the pass itself; line endings: one more pass.
        assert_eq!(quick(1), vec![MismatchHint::BodyHasUnsignedTrailingNewline]);
        assert_eq!(
            quick(2),
            vec![MismatchHint::LineEndings {
                signed: crate::signature::LineEnding::Crlf
            }]
        );
        // Secret mistakes: found by the search only.
        assert_eq!(quick(3), vec![]);
        let upper = cases[4]
            .0
            .to_uppercase()
            .replacen("T=", "t=", 1)
            .replace("V1=", "v1=");
        let quick_upper = verify_quick(&upper, &cases[4].1, &["whsec_other"], 0, NOW);
        assert_eq!(hints(quick_upper), vec![MismatchHint::UppercaseHex]);
    }

    #[test]
    fn a_valid_signature_is_the_same_verdict_either_way() {
        let header = signature_header(NOW - 10, &["whsec_a"], EVENT.as_bytes());
        assert_eq!(
            verify_quick(&header, EVENT.as_bytes(), &["whsec_a"], 300, NOW),
            verify(&header, EVENT.as_bytes(), &["whsec_a"], 300, NOW)
        );
        let checked = crate::signature::check_signature(&header, EVENT.as_bytes(), &["whsec_a"]);
        assert!(checked.at(300, NOW).is_valid());
        assert!(matches!(
            checked.at(5, NOW).result,
            Err(Failure::TooOld { age_secs: 10, .. })
        ));
    }
}
