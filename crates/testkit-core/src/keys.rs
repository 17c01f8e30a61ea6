//! What a Stripe key or secret is, from its first characters: the guard that stops a test
//! against live keys. Reads at most the prefix; never needs (or keeps) the whole value.

/// The kind of credential a prefix names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind {
    /// `sk_`: full-access secret API key.
    Secret,
    /// `rk_`: restricted API key.
    Restricted,
    /// `pk_`: publishable key.
    Publishable,
    /// `whsec_`: webhook endpoint signing secret.
    WebhookSecret,
}

impl KeyKind {
    /// Name for messages (`restricted API key`).
    pub fn label(self) -> &'static str {
        match self {
            KeyKind::Secret => "secret API key",
            KeyKind::Restricted => "restricted API key",
            KeyKind::Publishable => "publishable key",
            KeyKind::WebhookSecret => "webhook signing secret",
        }
    }

    fn prefix(self) -> &'static str {
        match self {
            KeyKind::Secret => "sk_",
            KeyKind::Restricted => "rk_",
            KeyKind::Publishable => "pk_",
            KeyKind::WebhookSecret => "whsec_",
        }
    }

    /// True for the API keys (`sk_`, `rk_`, `pk_`), false for a webhook secret.
    pub fn is_api_key(self) -> bool {
        self != KeyKind::WebhookSecret
    }
}

/// Whether the credential works against test or live data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// `_test_`: works on test data only.
    Test,
    /// `_live_`: works on live data, so charges are real.
    Live,
    /// Not enough characters yet, or (webhook secrets) the prefix never says.
    Unknown,
}

/// The verdict on a typed prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyClass {
    /// A Stripe prefix: which kind and, as far as typed, which mode.
    Known {
        /// The kind of credential the prefix names.
        kind: KeyKind,
        /// Test or live, or unknown while too short (always unknown for webhook secrets).
        mode: Mode,
    },
    /// Empty input.
    Empty,
    /// Not a Stripe prefix.
    Unrecognised,
}

impl KeyClass {
    /// True only for a recognised live-mode prefix.
    pub fn is_live(self) -> bool {
        matches!(
            self,
            KeyClass::Known {
                mode: Mode::Live,
                ..
            }
        )
    }

    /// One sentence for the person who typed it.
    pub fn describe(self) -> String {
        match self {
            KeyClass::Empty => "Type the first characters of the key (8 are enough).".into(),
            KeyClass::Unrecognised => "Not a Stripe key prefix (sk_, rk_, pk_ or whsec_).".into(),
            KeyClass::Known {
                kind: KeyKind::WebhookSecret,
                ..
            } => "Webhook signing secret. Its prefix cannot tell test from live: confirm in the \
                 Stripe dashboard that the endpoint is registered in test mode."
                .into(),
            KeyClass::Known {
                kind,
                mode: Mode::Test,
            } => format!("Test {}: safe for testing.", kind.label()),
            KeyClass::Known {
                kind,
                mode: Mode::Live,
            } => format!(
                "LIVE {}: STOP. Test cards against live keys create real charges.",
                kind.label()
            ),
            KeyClass::Known {
                kind,
                mode: Mode::Unknown,
            } => format!(
                "A {} so far; type up to 8 characters to see test or live.",
                kind.label()
            ),
        }
    }
}

const KINDS: [KeyKind; 4] = [
    KeyKind::Secret,
    KeyKind::Restricted,
    KeyKind::Publishable,
    KeyKind::WebhookSecret,
];

/// Classifies the start of a key, ignoring surrounding whitespace and letter case.
pub fn classify(text: &str) -> KeyClass {
    let text = text.trim().to_ascii_lowercase();
    if text.is_empty() {
        return KeyClass::Empty;
    }
    for kind in KINDS {
        let prefix = kind.prefix();
        if let Some(rest) = text.strip_prefix(prefix) {
            if kind == KeyKind::WebhookSecret {
                return KeyClass::Known {
                    kind,
                    mode: Mode::Unknown,
                };
            }
            // "sk_live" is live even before its final underscore is typed.
            let mode = if rest.starts_with("live") {
                Mode::Live
            } else if rest.starts_with("test") {
                Mode::Test
            } else {
                Mode::Unknown
            };
            return KeyClass::Known { kind, mode };
        }
        // A prefix still being typed ("sk", "whse") names its kind too.
        if prefix.starts_with(text.as_str()) && text.len() >= 2 {
            return KeyClass::Known {
                kind,
                mode: Mode::Unknown,
            };
        }
    }
    KeyClass::Unrecognised
}

/// True when the text carries a live-mode marker anywhere (`_live_`, any case).
pub fn mentions_live(text: &str) -> bool {
    text.to_ascii_lowercase().contains("_live_")
}

/// Why a value cannot be used as a webhook signing secret.
pub fn refuse_as_webhook_secret(secret: &str) -> Option<String> {
    if let KeyClass::Known { kind, mode } = classify(secret) {
        if kind.is_api_key() {
            let live = if mode == Mode::Live {
                " It is also a LIVE key: treat it as exposed and roll it."
            } else {
                ""
            };
            return Some(format!(
                "This is a {} ({}), not a webhook secret. Webhooks are signed with the \
                 endpoint's whsec_ secret; API keys never belong here.{live}",
                kind.label(),
                kind.prefix()
            ));
        }
    }
    if mentions_live(secret) {
        return Some(
            "This value contains _live_: live-mode credentials are refused everywhere in \
             this tool."
                .into(),
        );
    }
    None
}

/// Why a value must not be sent as Queue's or Raptor's bearer token: a live key, or any
/// Stripe credential (those never belong in another service's Authorization header).
pub fn refuse_as_bearer_token(token: &str) -> Option<String> {
    match classify(token) {
        KeyClass::Known {
            kind,
            mode: Mode::Live,
        } => Some(format!(
            "This is a LIVE Stripe {}: refused. Live-mode keys are never used in this tool.",
            kind.label()
        )),
        KeyClass::Known { kind, mode } if token.trim().len() >= 8 || mode != Mode::Unknown => {
            Some(format!(
            "This is a Stripe {}, not the service's bearer token (QUEUE_INTERNAL_SERVICE_TOKEN).",
            kind.label()
        ))
        }
        _ if mentions_live(token) => Some("This value contains _live_: refused.".into()),
        _ => None,
    }
}

/// Advice about a usable secret that still looks like a paste mistake.
pub fn webhook_secret_warning(secret: &str) -> Option<String> {
    if secret.trim() != secret {
        return Some(
            "The secret has leading or trailing whitespace, which is part of the HMAC key. \
             Stripe's secrets have none."
                .into(),
        );
    }
    if !secret.is_empty() && !secret.starts_with("whsec_") {
        return Some(
            "Stripe endpoint secrets start with whsec_. The signature uses this value as \
             typed, prefix and all."
                .into(),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(kind: KeyKind, mode: Mode) -> KeyClass {
        KeyClass::Known { kind, mode }
    }

    #[test]
    fn every_prefix_in_test_and_live() {
        let cases = [
            ("sk_test_", known(KeyKind::Secret, Mode::Test)),
            ("sk_live_", known(KeyKind::Secret, Mode::Live)),
            ("rk_test_", known(KeyKind::Restricted, Mode::Test)),
            ("rk_live_", known(KeyKind::Restricted, Mode::Live)),
            ("pk_test_", known(KeyKind::Publishable, Mode::Test)),
            ("pk_live_", known(KeyKind::Publishable, Mode::Live)),
            ("whsec_3c", known(KeyKind::WebhookSecret, Mode::Unknown)),
        ];
        for (text, expected) in cases {
            assert_eq!(classify(text), expected, "{text}");
        }
    }

    #[test]
    fn whitespace_and_case_do_not_hide_a_live_key() {
        assert!(classify("  SK_LIVE_").is_live());
        assert!(classify("\tRk_Live_51").is_live());
        assert!(classify("pk_live").is_live());
        assert_eq!(classify(" Sk_Test_51 "), known(KeyKind::Secret, Mode::Test));
        assert_eq!(
            classify("WHSEC_"),
            known(KeyKind::WebhookSecret, Mode::Unknown)
        );
    }

    #[test]
    fn partial_prefixes_name_the_kind_only() {
        assert_eq!(classify("sk"), known(KeyKind::Secret, Mode::Unknown));
        assert_eq!(classify("rk_l"), known(KeyKind::Restricted, Mode::Unknown));
        assert_eq!(
            classify("whs"),
            known(KeyKind::WebhookSecret, Mode::Unknown)
        );
        assert_eq!(classify("s"), KeyClass::Unrecognised);
        assert_eq!(classify("   "), KeyClass::Empty);
        assert_eq!(classify("ghp_abc"), KeyClass::Unrecognised);
    }

    #[test]
    fn descriptions_say_stop_for_live_and_warn_about_whsec() {
        assert!(classify("sk_live_").describe().contains("STOP"));
        assert!(classify("whsec_")
            .describe()
            .contains("cannot tell test from live"));
        assert!(classify("rk_test_")
            .describe()
            .starts_with("Test restricted API key"));
    }

    #[test]
    fn webhook_secret_refusals() {
        assert!(refuse_as_webhook_secret("whsec_abc").is_none());
        assert!(refuse_as_webhook_secret("sk_test_abc")
            .unwrap()
            .contains("secret API key"));
        assert!(refuse_as_webhook_secret("rk_live_abc")
            .unwrap()
            .contains("LIVE"));
        assert!(refuse_as_webhook_secret("pk_test_x").is_some());
        assert!(refuse_as_webhook_secret("whsec_live_x")
            .unwrap()
            .contains("_live_"));
        assert!(refuse_as_webhook_secret("whsec_x_LIVE_y")
            .unwrap()
            .contains("_live_"));
    }

    #[test]
    fn bearer_token_refusals() {
        assert!(refuse_as_bearer_token("sandbox-token").is_none());
        assert!(refuse_as_bearer_token("").is_none());
        assert!(refuse_as_bearer_token("sk_live_51abc")
            .unwrap()
            .contains("LIVE"));
        assert!(refuse_as_bearer_token("rk_test_51abcdef")
            .unwrap()
            .contains("not the service's bearer token"));
        assert!(refuse_as_bearer_token("whsec_abcdefgh")
            .unwrap()
            .contains("webhook signing secret"));
        assert!(refuse_as_bearer_token("token_live_x")
            .unwrap()
            .contains("_live_"));
        // Short ordinary tokens that merely begin like a prefix are not refused.
        assert!(refuse_as_bearer_token("sk").is_none());
    }

    #[test]
    fn webhook_secret_warnings() {
        assert!(webhook_secret_warning("whsec_abc").is_none());
        assert!(webhook_secret_warning("whsec_abc ")
            .unwrap()
            .contains("whitespace"));
        assert!(webhook_secret_warning("abc")
            .unwrap()
            .contains("start with whsec_"));
        assert!(webhook_secret_warning("").is_none());
    }
}
