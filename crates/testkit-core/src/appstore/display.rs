//! What the inspect panel shows: which JWS a pasted text holds (a request body, a bare
//! notification, a transaction or renewal info), and each decoded field with dates as
//! dates and Apple's enumerations with their meanings.

use serde_json::{Map, Value};

use super::enums::{
    AutoRenewStatus, ConsumptionRequestReason, ExpirationIntent, InAppOwnershipType,
    NotificationType, OfferDiscountType, OfferType, PriceIncreaseStatus, RevocationReason,
    RevocationType, SubscriptionStatus, Subtype, TransactionReason, TransactionType,
};
use super::jws::parse_jws;
use super::verify::Kind;

/// A pasted JWS and what it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PastedJws {
    /// The compact JWS.
    pub jws: String,
    /// Notification, transaction or renewal info (read from the payload's fields, before
    /// anything is verified).
    pub kind: Kind,
    /// Where it was found: `the request body's signedPayload`, `a bare JWS`...
    pub source: &'static str,
}

/// Reads what a person pasted: a request body `{"signedPayload": ...}` (or a body with
/// `signedTransactionInfo` / `signedRenewalInfo`), or a bare JWS; says why when it is
/// neither.
///
/// ```
/// use testkit_core::appstore::{read_pasted, Kind, REAL_SANDBOX_TEST_NOTIFICATION};
/// let body = format!("{{\"signedPayload\": \"{}\"}}", REAL_SANDBOX_TEST_NOTIFICATION.trim());
/// let pasted = read_pasted(&body).unwrap();
/// assert_eq!((pasted.kind, pasted.source), (Kind::Notification, "the request body's signedPayload"));
/// assert!(read_pasted("hello").unwrap_err().contains("three parts"));
/// ```
pub fn read_pasted(text: &str) -> Result<PastedJws, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Paste a request body {\"signedPayload\": ...} or a JWS.".into());
    }
    let (jws, source) = if text.starts_with('{') {
        let body: Value = serde_json::from_str(text)
            .map_err(|e| format!("This looks like JSON but does not parse: {e}."))?;
        let field = [
            "signedPayload",
            "signedTransactionInfo",
            "signedRenewalInfo",
        ]
        .into_iter()
        .find_map(|key| body.get(key).and_then(Value::as_str).map(|v| (key, v)));
        match field {
            Some(("signedPayload", v)) => (v.to_string(), "the request body's signedPayload"),
            Some(("signedTransactionInfo", v)) => (v.to_string(), "signedTransactionInfo"),
            Some((_, v)) => (v.to_string(), "signedRenewalInfo"),
            None => {
                return Err(
                    "The JSON has no signedPayload (nor signedTransactionInfo or signedRenewalInfo) string."
                        .into(),
                )
            }
        }
    } else {
        (text.trim_matches('"').to_string(), "a bare JWS")
    };
    if jws.split('.').count() != 3 {
        return Err(format!(
            "A JWS has three parts separated by dots (header.payload.signature); {source} has {}.",
            jws.split('.').count()
        ));
    }
    let kind = match parse_jws(&jws) {
        Ok(parsed) => kind_of(&parsed.payload),
        Err(_) => Kind::Notification,
    };
    Ok(PastedJws { jws, kind, source })
}

/// A notification names its type; renewal info its auto-renew state; a transaction its id.
fn kind_of(payload: &Map<String, Value>) -> Kind {
    if payload.contains_key("notificationType") {
        Kind::Notification
    } else if payload.contains_key("autoRenewStatus") || payload.contains_key("autoRenewProductId")
    {
        Kind::RenewalInfo
    } else if payload.contains_key("transactionId") {
        Kind::Transaction
    } else {
        Kind::Notification
    }
}

/// One decoded field for display.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldView {
    /// The field's path, e.g. `data.status`.
    pub name: String,
    /// The value as sent (dates also as a date).
    pub value: String,
    /// What the value means, for Apple's enumerations.
    pub meaning: Option<String>,
}

/// Unix milliseconds as `2025-09-05T01:24:32.686Z`.
pub fn ms_date(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let text = crate::time::rfc3339(secs);
    format!("{}.{:03}Z", text.trim_end_matches('Z'), ms.rem_euclid(1000))
}

fn meaning(name: &str, value: &Value) -> Option<String> {
    let text = value.as_str();
    let int = value.as_i64();
    // Apple's integer enumerations: the library's name, then the meaning.
    macro_rules! numbered {
        ($t:ty) => {{
            let v = <$t>::from_value(int?);
            format!("{}: {}", v.label(), v.meaning())
        }};
    }
    let described = match name {
        "notificationType" => NotificationType::parse(text?).meaning().to_string(),
        "subtype" => Subtype::parse(text?).meaning().to_string(),
        "type" => TransactionType::parse(text?).meaning().to_string(),
        "inAppOwnershipType" => InAppOwnershipType::parse(text?).meaning().to_string(),
        "transactionReason" => TransactionReason::parse(text?).meaning().to_string(),
        "revocationType" => RevocationType::parse(text?).meaning().to_string(),
        "offerDiscountType" => OfferDiscountType::parse(text?).meaning().to_string(),
        "consumptionRequestReason" => ConsumptionRequestReason::parse(text?).meaning().to_string(),
        "status" => numbered!(SubscriptionStatus),
        "expirationIntent" => numbered!(ExpirationIntent),
        "offerType" => numbered!(OfferType),
        "revocationReason" => numbered!(RevocationReason),
        "autoRenewStatus" => numbered!(AutoRenewStatus),
        "priceIncreaseStatus" => numbered!(PriceIncreaseStatus),
        "price" | "renewalPrice" => format!(
            "{}.{:03} in the storefront's currency (Apple sends milli-units)",
            int? / 1000,
            int?.rem_euclid(1000)
        ),
        _ => return None,
    };
    Some(described)
}

fn push_fields(prefix: &str, map: &Map<String, Value>, out: &mut Vec<FieldView>) {
    for (key, value) in map {
        let name = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            Value::Object(inner) => push_fields(&name, inner, out),
            Value::String(s) if key.starts_with("signed") && s.split('.').count() == 3 => {
                out.push(FieldView {
                    name,
                    value: format!("a JWS of {} characters", s.len()),
                    meaning: Some("verified and decoded on its own, below".into()),
                });
            }
            Value::Number(n) if key.ends_with("Date") => {
                let value = match n.as_i64() {
                    Some(ms) => format!("{ms} ({})", ms_date(ms)),
                    None => n.to_string(),
                };
                out.push(FieldView {
                    name,
                    value,
                    meaning: None,
                });
            }
            other => out.push(FieldView {
                meaning: meaning(key, other),
                value: match other {
                    Value::String(s) => s.clone(),
                    v => v.to_string(),
                },
                name,
            }),
        }
    }
}

/// Every field of a decoded payload, nested objects flattened (`data.status`), in order.
///
/// ```
/// use testkit_core::appstore::describe_fields;
/// let payload = serde_json::json!({"signedDate": 1757035472686i64, "data": {"status": 4}});
/// let fields = describe_fields(payload.as_object().unwrap());
/// assert_eq!(fields[0].value, "1757035472686 (2025-09-05T01:24:32.686Z)");
/// assert_eq!(fields[1].name, "data.status");
/// assert!(fields[1].meaning.as_deref().unwrap().starts_with("BILLING_GRACE_PERIOD"));
/// ```
pub fn describe_fields(payload: &Map<String, Value>) -> Vec<FieldView> {
    let mut out = Vec::new();
    push_fields("", payload, &mut out);
    out
}
