//! The HTTP contract between the app, the sandbox and the real services
//! (shared/contract/billing-apis.md) as types: one definition, so the two sides cannot
//! disagree at runtime.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::json_text::brief;

/// Queue's base path for its internal billing API.
pub const QUEUE_BASE: &str = "/api/v1/internal/billing";
/// Raptor's base path for its billing mirror.
pub const RAPTOR_BASE: &str = "/api/internal/billing";
/// Queue's Stripe webhook receiver.
pub const WEBHOOK_PATH: &str = "/api/v1/billing/webhook";
/// Raptor's App Store Server Notifications (V2) receiver (the runbook, section 7.4).
pub const APPLE_NOTIFICATIONS_PATH: &str = "/api/subscriptions/apple/notifications";
/// Page size a list endpoint uses when the request gives no `limit`.
pub const DEFAULT_LIMIT: u32 = 20;
/// Largest `limit` a list endpoint accepts; the app asks for this much per page.
pub const MAX_LIMIT: u32 = 100;

crate::text_enum! {
    /// Raptor's status of an iOS subscription (the mirror's `status` for iOS rows): Apple's
    /// subscription states.
    pub enum IosStatus {
        /// Paid and current.
        Active = "active",
        /// Renewal failing, access kept until the grace period ends.
        BillingGracePeriod = "billing_grace_period",
        /// Renewal failing, no access, Apple still retrying.
        BillingRetry = "billing_retry",
        /// Ended.
        Expired = "expired",
        /// Refunded or revoked (family sharing).
        Revoked = "revoked",
    }
}

/// `GET /customers` row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    /// Queue's own id (`qcus_...`): what subscriptions and invoices point at.
    pub id: String,
    /// Stripe's customer id (`cus_...`).
    pub stripe_customer_id: String,
    /// The Raxx account, when the customer is linked to one.
    pub user_id: Option<String>,
    /// Email the customer is billed at; `GET /customers?email=` matches it exactly.
    pub billing_email: String,
    /// Free text from the customer: render as text, never as HTML.
    pub name: Option<String>,
    /// False for test-mode customers.
    pub livemode: bool,
    /// When the customer was created (RFC 3339, UTC).
    pub created_at: String,
}

/// `GET /subscriptions` row (Queue).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    /// Queue's own id for the subscription.
    pub id: String,
    /// Stripe's subscription id (`sub_...`).
    pub stripe_subscription_id: String,
    /// The owning customer's Queue `id`, not Stripe's `cus_...`.
    pub customer_id: String,
    /// `pro`, `pro_plus` or `founders`; an unknown tier is kept and shown as it is.
    pub plan_tier: String,
    /// Stripe's status (`trialing`, `active`, `past_due`, ...); an unknown one is shown as
    /// it is.
    pub status: String,
    /// Set when the subscription is cancelling: access lasts until `current_period_end`.
    pub cancel_at_period_end: bool,
    /// End of the paid period (RFC 3339), if Stripe gave one.
    pub current_period_end: Option<String>,
    /// When the trial ends (RFC 3339), for a subscription that has or had one.
    pub trial_end: Option<String>,
    /// When the subscription was created (RFC 3339, UTC).
    pub created_at: String,
    /// Last change Queue recorded (RFC 3339, UTC).
    pub updated_at: String,
}

/// `GET /invoices` row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invoice {
    /// Queue's own id for the invoice.
    pub id: String,
    /// Stripe's invoice id (`in_...`).
    pub stripe_invoice_id: String,
    /// The customer's Queue `id`.
    pub customer_id: String,
    /// Queue id of the subscription billed, or `None` for a one-off invoice.
    pub subscription_id: Option<String>,
    /// Stripe's invoice status: `draft`, `open`, `paid`, `uncollectible` or `void`.
    pub status: String,
    /// Amount in minor units (cents) of `currency`.
    pub amount_due: i64,
    /// Lower-case ISO currency code (`usd`).
    pub currency: String,
    /// When the invoice was paid (RFC 3339), or `None` while unpaid.
    pub paid_at: Option<String>,
    /// When the invoice was created (RFC 3339, UTC).
    pub created_at: String,
}

/// `GET /subscriptions?source=…` row (Raptor's mirror).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MirrorSubscription {
    /// Raptor's own id for the mirror row.
    pub id: String,
    /// Store the subscription lives in: `ios` or `stripe`.
    pub subscription_source: String,
    /// The Raxx account: the key that joins a person's iOS and Stripe subscriptions.
    pub user_id: Option<String>,
    /// iOS: Apple's id that stays the same across renewals.
    pub original_transaction_id: Option<String>,
    /// Stripe: the Queue customer `id` this row mirrors.
    pub queue_customer_id: Option<String>,
    /// Stripe: the Queue subscription `id` this row mirrors. Not in the contract's table:
    /// the sandbox sends it so the subscriber view pairs a customer's subscriptions
    /// exactly; a Raptor that leaves it out is paired by `queue_customer_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue_subscription_id: Option<String>,
    /// iOS: the App Store product id (`com.raxx.pro.monthly`).
    pub product_id: Option<String>,
    /// `pro`, `pro_plus` or `founders`, or an unknown tier kept as it is.
    pub plan_tier: String,
    /// iOS: `active`, `billing_grace_period`, `billing_retry`, `expired` or `revoked`;
    /// Stripe rows carry Stripe's status.
    pub status: String,
    /// iOS: whether the subscription will renew; `None` when not known.
    pub auto_renew: Option<bool>,
    /// End of the current period (RFC 3339), if known.
    pub current_period_end: Option<String>,
    /// iOS: `Sandbox` or `Production`.
    pub environment: Option<String>,
    /// Last change Raptor recorded (RFC 3339, UTC).
    pub updated_at: String,
}

/// Every list answer: `{"object": "list", "data": [...], "has_more": bool}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListEnvelope<T> {
    /// Always `"list"`.
    pub object: String,
    /// This page's rows.
    pub data: Vec<T>,
    /// True when another page follows: ask again with `starting_after` = the last row's id.
    pub has_more: bool,
}

impl<T> ListEnvelope<T> {
    /// A list envelope around one page of rows.
    pub fn new(data: Vec<T>, has_more: bool) -> ListEnvelope<T> {
        ListEnvelope {
            object: "list".into(),
            data,
            has_more,
        }
    }
}

/// The contract's error codes and their HTTP statuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    /// 401: missing or wrong bearer token.
    Unauthorized,
    /// 403: a valid token not allowed to read billing.
    Forbidden,
    /// 404: no such resource.
    NotFound,
    /// 400: bad parameters or body (for the webhook: bad signature or not an event).
    InvalidRequest,
    /// 402: nothing grants the person access (Raptor's `GET /access`).
    PaymentRequired,
    /// 429: slow down; the answer carries `Retry-After` in seconds.
    RateLimited,
    /// 500: the service failed.
    Internal,
    /// 503: the service or one it depends on is down.
    Unavailable,
}

impl ErrorCode {
    /// The snake_case code written in the error body (`rate_limited`).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::NotFound => "not_found",
            ErrorCode::InvalidRequest => "invalid_request",
            ErrorCode::PaymentRequired => "payment_required",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::Internal => "internal",
            ErrorCode::Unavailable => "unavailable",
        }
    }

    /// The HTTP status that goes with this code.
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::Unauthorized => 401,
            ErrorCode::Forbidden => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::InvalidRequest => 400,
            ErrorCode::PaymentRequired => 402,
            ErrorCode::RateLimited => 429,
            ErrorCode::Internal => 500,
            ErrorCode::Unavailable => 503,
        }
    }
}

/// `{"error": {"code": "...", "message": "..."}}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// What went wrong: a code for programs, a message for people.
    pub error: ErrorDetail,
}

/// Inside an [`ErrorBody`]: what went wrong, for a program and for a person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// An [`ErrorCode`]'s text (`not_found`).
    pub code: String,
    /// Text for a person, shown as it is.
    pub message: String,
}

impl ErrorBody {
    /// An error body with `code`'s text and a message for a person.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                code: code.as_str().into(),
                message: message.into(),
            },
        }
    }
}

/// The message of an [`ErrorBody`] (`error.message`), or `None` when `text` is not one.
/// Read through `Value`, which the app's bundles parse anyway, rather than a second,
/// derived reader.
pub fn error_message(text: &str) -> Option<String> {
    let body: Value = serde_json::from_str(text).ok()?;
    Some(body.get("error")?.get("message")?.as_str()?.to_string())
}

/// Reading a contract row from JSON, naming the field that breaks the contract. Written by
/// hand rather than derived: the browser bundle then carries one small reader instead of a
/// generated deserializer per type.
pub trait FromRow: Sized {
    /// Reads one row from any source of its fields (a `Value`, or the subscriber list's
    /// quick page reader), or says which field is missing or of the wrong type.
    fn read(fields: &impl RowFields) -> Result<Self, String>;

    /// Reads one row from a JSON value.
    fn from_row(value: &Value) -> Result<Self, String> {
        Self::read(&Fields::of(value)?)
    }
}

/// A row's fields with the contract's types: `Err` names the field and what is wrong.
pub trait RowFields {
    /// A string.
    fn text(&self, key: &str) -> Result<String, String>;
    /// A string or null.
    fn opt_text(&self, key: &str) -> Result<Option<String>, String>;
    /// A string, null or absent (a field beyond the contract's table).
    fn maybe_text(&self, key: &str) -> Result<Option<String>, String>;
    /// `true` or `false`.
    fn flag(&self, key: &str) -> Result<bool, String>;
    /// `true`, `false` or null.
    fn opt_flag(&self, key: &str) -> Result<Option<bool>, String>;
    /// A whole number.
    fn int(&self, key: &str) -> Result<i64, String>;
}

/// A row held as a JSON object, with a clear message for each way it is wrong.
struct Fields<'a>(&'a serde_json::Map<String, Value>);

impl<'a> Fields<'a> {
    fn of(value: &'a Value) -> Result<Fields<'a>, String> {
        value
            .as_object()
            .map(Fields)
            .ok_or_else(|| format!("a row must be an object, not {}", brief(value)))
    }

    fn get(&self, key: &str) -> Result<&'a Value, String> {
        self.0
            .get(key)
            .ok_or_else(|| format!("missing field `{key}`"))
    }

    fn wrong(key: &str, expected: &str, found: &Value) -> String {
        format!(
            "invalid type for `{key}`: expected {expected}, found {}",
            brief(found)
        )
    }
}

impl RowFields for Fields<'_> {
    fn text(&self, key: &str) -> Result<String, String> {
        let v = self.get(key)?;
        v.as_str()
            .map(str::to_string)
            .ok_or_else(|| Fields::wrong(key, "a string", v))
    }

    fn opt_text(&self, key: &str) -> Result<Option<String>, String> {
        match self.get(key)? {
            Value::Null => Ok(None),
            Value::String(s) => Ok(Some(s.clone())),
            other => Err(Fields::wrong(key, "a string or null", other)),
        }
    }

    fn maybe_text(&self, key: &str) -> Result<Option<String>, String> {
        match self.0.get(key) {
            None => Ok(None),
            Some(_) => self.opt_text(key),
        }
    }

    fn flag(&self, key: &str) -> Result<bool, String> {
        let v = self.get(key)?;
        v.as_bool()
            .ok_or_else(|| Fields::wrong(key, "true or false", v))
    }

    fn opt_flag(&self, key: &str) -> Result<Option<bool>, String> {
        match self.get(key)? {
            Value::Null => Ok(None),
            Value::Bool(b) => Ok(Some(*b)),
            other => Err(Fields::wrong(key, "true, false or null", other)),
        }
    }

    fn int(&self, key: &str) -> Result<i64, String> {
        let v = self.get(key)?;
        v.as_i64()
            .ok_or_else(|| Fields::wrong(key, "a whole number", v))
    }
}

impl FromRow for Customer {
    fn read(f: &impl RowFields) -> Result<Customer, String> {
        Ok(Customer {
            id: f.text("id")?,
            stripe_customer_id: f.text("stripe_customer_id")?,
            user_id: f.opt_text("user_id")?,
            billing_email: f.text("billing_email")?,
            name: f.opt_text("name")?,
            livemode: f.flag("livemode")?,
            created_at: f.text("created_at")?,
        })
    }
}

impl FromRow for Subscription {
    fn read(f: &impl RowFields) -> Result<Subscription, String> {
        Ok(Subscription {
            id: f.text("id")?,
            stripe_subscription_id: f.text("stripe_subscription_id")?,
            customer_id: f.text("customer_id")?,
            plan_tier: f.text("plan_tier")?,
            status: f.text("status")?,
            cancel_at_period_end: f.flag("cancel_at_period_end")?,
            current_period_end: f.opt_text("current_period_end")?,
            trial_end: f.opt_text("trial_end")?,
            created_at: f.text("created_at")?,
            updated_at: f.text("updated_at")?,
        })
    }
}

impl FromRow for Invoice {
    fn read(f: &impl RowFields) -> Result<Invoice, String> {
        Ok(Invoice {
            id: f.text("id")?,
            stripe_invoice_id: f.text("stripe_invoice_id")?,
            customer_id: f.text("customer_id")?,
            subscription_id: f.opt_text("subscription_id")?,
            status: f.text("status")?,
            amount_due: f.int("amount_due")?,
            currency: f.text("currency")?,
            paid_at: f.opt_text("paid_at")?,
            created_at: f.text("created_at")?,
        })
    }
}

impl FromRow for MirrorSubscription {
    fn read(f: &impl RowFields) -> Result<MirrorSubscription, String> {
        Ok(MirrorSubscription {
            id: f.text("id")?,
            subscription_source: f.text("subscription_source")?,
            user_id: f.opt_text("user_id")?,
            original_transaction_id: f.opt_text("original_transaction_id")?,
            queue_customer_id: f.opt_text("queue_customer_id")?,
            queue_subscription_id: f.maybe_text("queue_subscription_id")?,
            product_id: f.opt_text("product_id")?,
            plan_tier: f.text("plan_tier")?,
            status: f.text("status")?,
            auto_renew: f.opt_flag("auto_renew")?,
            current_period_end: f.opt_text("current_period_end")?,
            environment: f.opt_text("environment")?,
            updated_at: f.text("updated_at")?,
        })
    }
}

/// The receiver's success answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookAck {
    /// Always true on success: the event was verified.
    pub received: bool,
    /// True when the event id was already processed, so nothing was applied twice.
    pub duplicate: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_bodys_message_is_read_and_anything_else_is_not_one() {
        let body =
            serde_json::to_string(&ErrorBody::new(ErrorCode::NotFound, "no such row")).unwrap();
        assert_eq!(error_message(&body).as_deref(), Some("no such row"));
        for other in [
            "<html>502</html>",
            "{}",
            r#"{"error":"x"}"#,
            r#"{"error":{"message":4}}"#,
        ] {
            assert_eq!(error_message(other), None, "{other}");
        }
    }

    #[test]
    fn envelope_and_errors_serialise_as_the_contract_says() {
        let list = ListEnvelope::new(vec![1, 2], true);
        assert_eq!(
            serde_json::to_string(&list).unwrap(),
            r#"{"object":"list","data":[1,2],"has_more":true}"#
        );
        let err = ErrorBody::new(ErrorCode::RateLimited, "slow down");
        assert_eq!(
            serde_json::to_string(&err).unwrap(),
            r#"{"error":{"code":"rate_limited","message":"slow down"}}"#
        );
        assert_eq!(ErrorCode::RateLimited.status(), 429);
    }

    #[test]
    fn the_hand_reader_agrees_with_serde_on_every_contract_type() {
        let customer = Customer {
            id: "qcus_1".into(),
            stripe_customer_id: "cus_1".into(),
            user_id: None,
            billing_email: "a@x.io".into(),
            name: Some("A".into()),
            livemode: false,
            created_at: "2026-06-01T00:00:00Z".into(),
        };
        let value = serde_json::to_value(&customer).unwrap();
        assert_eq!(Customer::from_row(&value), Ok(customer));
        let invoice = Invoice {
            id: "qinv_1".into(),
            stripe_invoice_id: "in_1".into(),
            customer_id: "qcus_1".into(),
            subscription_id: None,
            status: "paid".into(),
            amount_due: 1500,
            currency: "usd".into(),
            paid_at: Some("2026-06-01T00:00:00Z".into()),
            created_at: "2026-06-01T00:00:00Z".into(),
        };
        assert_eq!(
            Invoice::from_row(&serde_json::to_value(&invoice).unwrap()),
            Ok(invoice)
        );
        let bad = serde_json::json!({ "id": "x", "stripe_subscription_id": 4 });
        assert_eq!(
            Subscription::from_row(&bad),
            Err("invalid type for `stripe_subscription_id`: expected a string, found 4".into())
        );
        assert_eq!(
            MirrorSubscription::from_row(&serde_json::json!({})),
            Err("missing field `id`".into())
        );
        assert!(Customer::from_row(&serde_json::json!([1]))
            .unwrap_err()
            .contains("must be an object"));
    }

    #[test]
    fn rows_round_trip_with_nulls() {
        let sub = MirrorSubscription {
            id: "rmir_1".into(),
            subscription_source: "ios".into(),
            user_id: None,
            original_transaction_id: Some("2000000123".into()),
            queue_customer_id: None,
            queue_subscription_id: None,
            product_id: Some("com.raxx.pro.monthly".into()),
            plan_tier: "pro".into(),
            status: "billing_retry".into(),
            auto_renew: Some(true),
            current_period_end: None,
            environment: Some("Sandbox".into()),
            updated_at: "2026-06-17T12:00:00Z".into(),
        };
        let text = serde_json::to_string(&sub).unwrap();
        assert!(text.contains(r#""user_id":null"#));
        assert_eq!(
            serde_json::from_str::<MirrorSubscription>(&text).unwrap(),
            sub
        );
        // The field beyond the contract: absent reads as None, present is read.
        assert!(!text.contains("queue_subscription_id"));
        assert_eq!(
            MirrorSubscription::from_row(&serde_json::from_str(&text).unwrap()),
            Ok(sub.clone())
        );
        let stripe = MirrorSubscription {
            queue_subscription_id: Some("qsub_1".into()),
            ..sub
        };
        assert_eq!(
            MirrorSubscription::from_row(&serde_json::to_value(&stripe).unwrap()),
            Ok(stripe)
        );
    }
}
