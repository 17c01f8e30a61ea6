//! Typed App Store payloads (the library's `ResponseBodyV2DecodedPayload`,
//! `JWSTransactionDecodedPayload`, `JWSRenewalInfoDecodedPayload`). Every field is
//! optional, as in Apple's library; fields this crate does not name are kept in `extra`
//! and written back, so nothing Apple adds is lost. Dates are Unix milliseconds.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::enums::{
    AutoRenewStatus, ConsumptionRequestReason, ExpirationIntent, InAppOwnershipType,
    NotificationType, OfferDiscountType, OfferType, PriceIncreaseStatus, RevocationReason,
    RevocationType, SubscriptionStatus, Subtype, TransactionReason, TransactionType,
};

/// Python's `int(x)` on a JSON value (what the library applies to `signedDate` and what
/// PyJWT applies to `exp`, `nbf`, `iat`).
pub(crate) fn py_int(v: &Value) -> Option<i128> {
    match v {
        Value::Bool(b) => Some(i128::from(*b)),
        Value::Number(n) => n
            .as_i64()
            .map(i128::from)
            .or_else(|| n.as_u64().map(i128::from))
            .or_else(|| {
                let f = n.as_f64()?;
                (f.is_finite() && f.abs() < 1e38).then(|| f.trunc() as i128)
            }),
        Value::String(s) => {
            let t = s.trim();
            let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
            if digits.is_empty()
                || digits.starts_with('_')
                || digits.ends_with('_')
                || digits.contains("__")
                || !digits.chars().all(|c| c.is_ascii_digit() || c == '_')
            {
                return None;
            }
            t.replace('_', "").parse().ok()
        }
        _ => None,
    }
}

/// Integer fields as the library's cattrs reads them (`int(x)`): numbers, numeric
/// strings and booleans all become integers; null is absent.
pub(crate) mod lenient {
    use serde::{de::Error, Deserialize, Deserializer};
    use serde_json::Value;

    /// For `Option<i64>` fields.
    pub fn opt_int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        match Value::deserialize(d)? {
            Value::Null => Ok(None),
            v => int_of(&v).map(Some).map_err(D::Error::custom),
        }
    }

    /// One integer, or why it is not one.
    pub fn int_of(v: &Value) -> Result<i64, String> {
        super::py_int(v)
            .and_then(|i| i64::try_from(i).ok())
            .ok_or_else(|| format!("expected an integer, found {v}"))
    }
}

/// A decoded notification (`signedPayload`'s payload).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponseBodyV2DecodedPayload {
    /// What happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notification_type: Option<NotificationType>,
    /// Details of what happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtype: Option<Subtype>,
    /// Unique per notification: the key to deduplicate retries.
    #[serde(
        default,
        rename = "notificationUUID",
        skip_serializing_if = "Option::is_none"
    )]
    pub notification_uuid: Option<String>,
    /// App and subscription data (most notifications).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Data>,
    /// "2.0"
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// When Apple signed it, Unix ms.
    #[serde(
        default,
        deserialize_with = "lenient::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub signed_date: Option<i64>,
    /// For renewal-date extension summaries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Summary>,
    /// For EXTERNAL_PURCHASE_TOKEN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_purchase_token: Option<ExternalPurchaseToken>,
    /// For app-level notifications.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_data: Option<AppData>,
    /// Fields not named above, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `data` of a notification.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Data {
    /// The app's Apple ID (absent in Sandbox).
    #[serde(
        default,
        deserialize_with = "lenient::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub app_apple_id: Option<i64>,
    /// The app's bundle id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bundle_id: Option<String>,
    /// The app's build version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bundle_version: Option<String>,
    /// `Sandbox` or `Production`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    /// The subscription's state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<SubscriptionStatus>,
    /// The transaction, a JWS (verify it separately).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_transaction_info: Option<String>,
    /// The renewal info, a JWS (verify it separately).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_renewal_info: Option<String>,
    /// Why a consumption request was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumption_request_reason: Option<ConsumptionRequestReason>,
    /// Fields not named above, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `summary` of a notification (renewal-date extensions).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// `Sandbox` or `Production`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    /// The app's Apple ID.
    #[serde(
        default,
        deserialize_with = "lenient::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub app_apple_id: Option<i64>,
    /// The app's bundle id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bundle_id: Option<String>,
    /// The product extended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_id: Option<String>,
    /// The extension request's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_identifier: Option<String>,
    /// Storefronts included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storefront_country_codes: Option<Vec<String>>,
    /// Subscriptions extended.
    #[serde(
        default,
        deserialize_with = "lenient::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub succeeded_count: Option<i64>,
    /// Subscriptions not extended.
    #[serde(
        default,
        deserialize_with = "lenient::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub failed_count: Option<i64>,
    /// Fields not named above, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `externalPurchaseToken` of a notification.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExternalPurchaseToken {
    /// Starts with `SANDBOX` for sandbox tokens (which is how the library tells).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_purchase_id: Option<String>,
    /// Unix ms.
    #[serde(
        default,
        deserialize_with = "lenient::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub token_creation_date: Option<i64>,
    /// The app's Apple ID.
    #[serde(
        default,
        deserialize_with = "lenient::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub app_apple_id: Option<i64>,
    /// The app's bundle id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bundle_id: Option<String>,
    /// Fields not named above, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `appData` of a notification.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppData {
    /// The app's Apple ID.
    #[serde(
        default,
        deserialize_with = "lenient::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub app_apple_id: Option<i64>,
    /// The app's bundle id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bundle_id: Option<String>,
    /// `Sandbox` or `Production`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    /// The app transaction, a JWS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_app_transaction_info: Option<String>,
    /// Fields not named above, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A decoded transaction (`signedTransactionInfo`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Transaction {
    /// The same across renewals: the id to store for a subscription.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_transaction_id: Option<String>,
    /// New at every renewal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<String>,
    /// One per purchase event across devices (one per renewal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web_order_line_item_id: Option<String>,
    /// The app's bundle id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bundle_id: Option<String>,
    /// The product bought.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_id: Option<String>,
    /// The subscription group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription_group_identifier: Option<String>,
    /// When this transaction was charged, Unix ms.
    #[serde(
        default,
        deserialize_with = "lenient::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub purchase_date: Option<i64>,
    /// The first purchase of the subscription, Unix ms.
    #[serde(
        default,
        deserialize_with = "lenient::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub original_purchase_date: Option<i64>,
    /// When this period ends, Unix ms.
    #[serde(
        default,
        deserialize_with = "lenient::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub expires_date: Option<i64>,
    /// Units bought.
    #[serde(
        default,
        deserialize_with = "lenient::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub quantity: Option<i64>,
    /// `Auto-Renewable Subscription`...
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<TransactionType>,
    /// A UUID the app set at purchase: ties the purchase to the backend's user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_account_token: Option<String>,
    /// Bought, or family shared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_app_ownership_type: Option<InAppOwnershipType>,
    /// When Apple signed it, Unix ms.
    #[serde(
        default,
        deserialize_with = "lenient::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub signed_date: Option<i64>,
    /// Why it was refunded or revoked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revocation_reason: Option<RevocationReason>,
    /// When it was refunded or revoked, Unix ms.
    #[serde(
        default,
        deserialize_with = "lenient::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub revocation_date: Option<i64>,
    /// Superseded by an upgrade.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_upgraded: Option<bool>,
    /// The offer that applied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer_type: Option<OfferType>,
    /// The offer's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer_identifier: Option<String>,
    /// `Sandbox` or `Production`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    /// Three-letter storefront code (`USA`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storefront: Option<String>,
    /// Apple's storefront id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storefront_id: Option<String>,
    /// PURCHASE or RENEWAL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_reason: Option<TransactionReason>,
    /// ISO 4217 currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Price in milli-units of the currency (9990 = 9.99).
    #[serde(
        default,
        deserialize_with = "lenient::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub price: Option<i64>,
    /// How the offer discounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer_discount_type: Option<OfferDiscountType>,
    /// The app download's transaction id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_transaction_id: Option<String>,
    /// The offer's duration (ISO 8601).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer_period: Option<String>,
    /// Refunded or revoked how.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revocation_type: Option<RevocationType>,
    /// Part refunded, in milli-percent (Advanced Commerce).
    #[serde(
        default,
        deserialize_with = "lenient::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub revocation_percentage: Option<i64>,
    /// Fields not named above, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Decoded renewal info (`signedRenewalInfo`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RenewalInfo {
    /// Why it expired.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_intent: Option<ExpirationIntent>,
    /// The subscription's durable id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_transaction_id: Option<String>,
    /// The product it will renew into (differs after a downgrade).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_renew_product_id: Option<String>,
    /// The current product.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_id: Option<String>,
    /// Will it renew.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_renew_status: Option<AutoRenewStatus>,
    /// Apple is retrying a failed renewal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_in_billing_retry_period: Option<bool>,
    /// Price increase consent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_increase_status: Option<PriceIncreaseStatus>,
    /// End of the billing grace period, Unix ms.
    #[serde(
        default,
        deserialize_with = "lenient::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub grace_period_expires_date: Option<i64>,
    /// The offer at the next renewal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer_type: Option<OfferType>,
    /// That offer's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer_identifier: Option<String>,
    /// When Apple signed it, Unix ms.
    #[serde(
        default,
        deserialize_with = "lenient::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub signed_date: Option<i64>,
    /// `Sandbox` or `Production`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    /// Start of the current run of uninterrupted subscription, Unix ms.
    #[serde(
        default,
        deserialize_with = "lenient::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub recent_subscription_start_date: Option<i64>,
    /// Next renewal, Unix ms.
    #[serde(
        default,
        deserialize_with = "lenient::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub renewal_date: Option<i64>,
    /// ISO 4217 currency of the renewal price.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Renewal price in milli-units.
    #[serde(
        default,
        deserialize_with = "lenient::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub renewal_price: Option<i64>,
    /// How the next offer discounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer_discount_type: Option<OfferDiscountType>,
    /// Win-back offers the customer may redeem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eligible_win_back_offer_ids: Option<Vec<String>>,
    /// The app's UUID for the customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_account_token: Option<String>,
    /// The app download's transaction id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_transaction_id: Option<String>,
    /// The offer's duration (ISO 8601).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer_period: Option<String>,
    /// Fields not named above, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_keeps_unknown_fields() {
        let text = r#"{"notificationType":"DID_RENEW","subtype":"BRAND_NEW","notificationUUID":"u","data":{"appAppleId":1,"bundleId":"b","environment":"Sandbox","status":7,"futureField":{"x":[1,2]}},"version":"2.0","signedDate":5,"topLevelNew":true}"#;
        let n: ResponseBodyV2DecodedPayload = serde_json::from_str(text).unwrap();
        assert_eq!(n.notification_type, Some(NotificationType::DidRenew));
        assert_eq!(n.subtype, Some(Subtype::Other("BRAND_NEW".into())));
        let data = n.data.as_ref().unwrap();
        assert_eq!(data.status, Some(SubscriptionStatus::Other(7)));
        assert_eq!(data.extra["futureField"]["x"][1], 2);
        assert_eq!(n.extra["topLevelNew"], true);
        let back: Value = serde_json::to_value(&n).unwrap();
        assert_eq!(back, serde_json::from_str::<Value>(text).unwrap());
    }

    #[test]
    fn transaction_and_renewal_round_trip() {
        let tx = r#"{"originalTransactionId":"1","transactionId":"2","type":"Auto-Renewable Subscription","price":9990,"offerType":1,"revocationReason":0,"inAppOwnershipType":"PURCHASED","advancedCommerceInfo":{"a":1}}"#;
        let t: Transaction = serde_json::from_str(tx).unwrap();
        assert_eq!(t.kind, Some(TransactionType::AutoRenewableSubscription));
        assert_eq!(t.revocation_reason, Some(RevocationReason::OtherReason));
        assert_eq!(t.extra["advancedCommerceInfo"]["a"], 1);
        assert_eq!(
            serde_json::to_value(&t).unwrap(),
            serde_json::from_str::<Value>(tx).unwrap()
        );
        let r = r#"{"autoRenewStatus":0,"expirationIntent":1,"gracePeriodExpiresDate":3,"renewalBillingPlanType":"X"}"#;
        let ri: RenewalInfo = serde_json::from_str(r).unwrap();
        assert_eq!(ri.auto_renew_status, Some(AutoRenewStatus::Off));
        assert_eq!(
            serde_json::to_value(&ri).unwrap(),
            serde_json::from_str::<Value>(r).unwrap()
        );
    }
}
