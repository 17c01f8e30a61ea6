//! The HTTP contract between the app, the sandbox and the real services
//! (shared/contract/billing-apis.md) as types: one definition, so the two sides cannot
//! disagree at runtime.

use serde::{Deserialize, Serialize};

/// Queue's base path for its internal billing API.
pub const QUEUE_BASE: &str = "/api/v1/internal/billing";
/// Raptor's base path for its billing mirror.
pub const RAPTOR_BASE: &str = "/api/internal/billing";
/// Queue's Stripe webhook receiver.
pub const WEBHOOK_PATH: &str = "/api/v1/billing/webhook";
pub const DEFAULT_LIMIT: u32 = 20;
pub const MAX_LIMIT: u32 = 100;

/// `GET /customers` row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    pub id: String,
    pub stripe_customer_id: String,
    pub user_id: Option<String>,
    pub billing_email: String,
    pub name: Option<String>,
    pub livemode: bool,
    pub created_at: String,
}

/// `GET /subscriptions` row (Queue).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    pub id: String,
    pub stripe_subscription_id: String,
    pub customer_id: String,
    pub plan_tier: String,
    pub status: String,
    pub cancel_at_period_end: bool,
    pub current_period_end: Option<String>,
    pub trial_end: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// `GET /invoices` row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invoice {
    pub id: String,
    pub stripe_invoice_id: String,
    pub customer_id: String,
    pub subscription_id: Option<String>,
    pub status: String,
    pub amount_due: i64,
    pub currency: String,
    pub paid_at: Option<String>,
    pub created_at: String,
}

/// `GET /subscriptions?source=…` row (Raptor's mirror).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MirrorSubscription {
    pub id: String,
    pub subscription_source: String,
    pub user_id: Option<String>,
    pub original_transaction_id: Option<String>,
    pub queue_customer_id: Option<String>,
    pub product_id: Option<String>,
    pub plan_tier: String,
    pub status: String,
    pub auto_renew: Option<bool>,
    pub current_period_end: Option<String>,
    pub environment: Option<String>,
    pub updated_at: String,
}

/// Every list answer: `{"object": "list", "data": [...], "has_more": bool}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListEnvelope<T> {
    pub object: String,
    pub data: Vec<T>,
    pub has_more: bool,
}

impl<T> ListEnvelope<T> {
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
    Unauthorized,
    Forbidden,
    NotFound,
    InvalidRequest,
    RateLimited,
    Internal,
    Unavailable,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::NotFound => "not_found",
            ErrorCode::InvalidRequest => "invalid_request",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::Internal => "internal",
            ErrorCode::Unavailable => "unavailable",
        }
    }

    pub fn status(self) -> u16 {
        match self {
            ErrorCode::Unauthorized => 401,
            ErrorCode::Forbidden => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::InvalidRequest => 400,
            ErrorCode::RateLimited => 429,
            ErrorCode::Internal => 500,
            ErrorCode::Unavailable => 503,
        }
    }
}

/// `{"error": {"code": "...", "message": "..."}}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    pub code: String,
    pub message: String,
}

impl ErrorBody {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                code: code.as_str().into(),
                message: message.into(),
            },
        }
    }
}

/// The receiver's success answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookAck {
    pub received: bool,
    pub duplicate: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn rows_round_trip_with_nulls() {
        let sub = MirrorSubscription {
            id: "rmir_1".into(),
            subscription_source: "ios".into(),
            user_id: None,
            original_transaction_id: Some("2000000123".into()),
            queue_customer_id: None,
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
    }
}
