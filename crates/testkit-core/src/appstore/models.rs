//! Typed App Store payloads (the library's `ResponseBodyV2DecodedPayload`,
//! `JWSTransactionDecodedPayload`, `JWSRenewalInfoDecodedPayload`). Every field is
//! optional, as in Apple's library; fields this crate does not name are kept in `extra`
//! and written back, so nothing Apple adds is lost. Dates are Unix milliseconds.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::json_text::kind as json_kind;

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
/// strings and booleans all become integers.
pub(crate) mod lenient {
    use serde_json::Value;

    /// One integer, or why it is not one.
    pub fn int_of(v: &Value) -> Result<i64, String> {
        super::py_int(v)
            .and_then(|i| i64::try_from(i).ok())
            .ok_or_else(|| format!("expected an integer, found {v}"))
    }
}

/// A model field's JSON form. Hand-written rather than serde-derived: with `flatten`, the
/// derived code cost about 30 KB gzip in the wasm bundle; this reuses serde_json's `Value`.
pub trait Field: Sized {
    /// Reads the field (never called with null: null means absent).
    fn from_json(v: Value) -> Result<Self, String>;
    /// Writes the field.
    fn to_json(&self) -> Value;
}

impl Field for String {
    fn from_json(v: Value) -> Result<Self, String> {
        match v {
            Value::String(s) => Ok(s),
            other => Err(format!("expected a string, found {}", json_kind(&other))),
        }
    }
    fn to_json(&self) -> Value {
        Value::String(self.clone())
    }
}

impl Field for i64 {
    fn from_json(v: Value) -> Result<Self, String> {
        lenient::int_of(&v)
    }
    fn to_json(&self) -> Value {
        Value::from(*self)
    }
}

impl Field for bool {
    fn from_json(v: Value) -> Result<Self, String> {
        v.as_bool()
            .ok_or_else(|| format!("expected a boolean, found {}", json_kind(&v)))
    }
    fn to_json(&self) -> Value {
        Value::Bool(*self)
    }
}

impl Field for Vec<String> {
    fn from_json(v: Value) -> Result<Self, String> {
        match v {
            Value::Array(items) => items.into_iter().map(String::from_json).collect(),
            other => Err(format!("expected a list, found {}", json_kind(&other))),
        }
    }
    fn to_json(&self) -> Value {
        Value::Array(self.iter().map(|s| Value::String(s.clone())).collect())
    }
}

macro_rules! string_fields {
    ($($t:ty),*) => {$(
        impl Field for $t {
            fn from_json(v: Value) -> Result<Self, String> {
                String::from_json(v).map(|s| <$t>::parse(&s))
            }
            fn to_json(&self) -> Value {
                Value::String(self.as_str().to_string())
            }
        }
    )*};
}

macro_rules! int_fields {
    ($($t:ty),*) => {$(
        impl Field for $t {
            fn from_json(v: Value) -> Result<Self, String> {
                i64::from_json(v).map(<$t>::from_value)
            }
            fn to_json(&self) -> Value {
                Value::from(self.value())
            }
        }
    )*};
}

string_fields!(
    NotificationType,
    Subtype,
    TransactionType,
    InAppOwnershipType,
    TransactionReason,
    RevocationType,
    OfferDiscountType,
    ConsumptionRequestReason
);
int_fields!(
    SubscriptionStatus,
    ExpirationIntent,
    OfferType,
    RevocationReason,
    AutoRenewStatus,
    PriceIncreaseStatus
);

/// One named field out of a JSON object (shared code: keeps each model small in wasm).
fn take<T: Field>(map: &mut Map<String, Value>, key: &'static str) -> Result<Option<T>, String> {
    match map.shift_remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => T::from_json(v).map(Some).map_err(|e| format!("{key}: {e}")),
    }
}

fn put<T: Field>(map: &mut Map<String, Value>, key: &'static str, value: &Option<T>) {
    if let Some(v) = value {
        map.insert(key.into(), v.to_json());
    }
}

macro_rules! model {
    ($(#[$doc:meta])* $name:ident { $($(#[$fdoc:meta])* $field:ident: $ty:ty = $json:literal,)* }) => {
        $(#[$doc])*
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct $name {
            $($(#[$fdoc])* pub $field: Option<$ty>,)*
            /// Fields not named above, kept as sent.
            pub extra: Map<String, Value>,
        }

        impl $name {
            /// Reads a JSON object: named fields typed (null counts as absent), the rest
            /// kept in `extra`.
            pub fn from_map(mut map: Map<String, Value>) -> Result<Self, String> {
                Ok($name {
                    $($field: take(&mut map, $json)?,)*
                    extra: map,
                })
            }

            /// The JSON object: named fields first, then `extra`.
            pub fn to_map(&self) -> Map<String, Value> {
                let mut map = Map::new();
                $(put(&mut map, $json, &self.$field);)*
                for (k, v) in &self.extra {
                    map.insert(k.clone(), v.clone());
                }
                map
            }
        }

        impl Field for $name {
            fn from_json(v: Value) -> Result<Self, String> {
                match v {
                    Value::Object(map) => $name::from_map(map),
                    other => Err(format!("expected an object, found {}", json_kind(&other))),
                }
            }
            fn to_json(&self) -> Value {
                Value::Object(self.to_map())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                self.to_map().serialize(s)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $name::from_json(Value::deserialize(d)?).map_err(serde::de::Error::custom)
            }
        }
    };
}

model! {
    /// A decoded notification (`signedPayload`'s payload).
    ResponseBodyV2DecodedPayload {
        /// What happened.
        notification_type: NotificationType = "notificationType",
        /// Details of what happened.
        subtype: Subtype = "subtype",
        /// Unique per notification: the key to deduplicate retries.
        notification_uuid: String = "notificationUUID",
        /// App and subscription data (most notifications).
        data: Data = "data",
        /// "2.0"
        version: String = "version",
        /// When Apple signed it, Unix ms.
        signed_date: i64 = "signedDate",
        /// For renewal-date extension summaries.
        summary: Summary = "summary",
        /// For EXTERNAL_PURCHASE_TOKEN.
        external_purchase_token: ExternalPurchaseToken = "externalPurchaseToken",
        /// For app-level notifications.
        app_data: AppData = "appData",
    }
}

model! {
    /// `data` of a notification.
    Data {
        /// The app's Apple ID (absent in Sandbox).
        app_apple_id: i64 = "appAppleId",
        /// The app's bundle id.
        bundle_id: String = "bundleId",
        /// The app's build version.
        bundle_version: String = "bundleVersion",
        /// `Sandbox` or `Production`.
        environment: String = "environment",
        /// The subscription's state.
        status: SubscriptionStatus = "status",
        /// The transaction, a JWS (verify it separately).
        signed_transaction_info: String = "signedTransactionInfo",
        /// The renewal info, a JWS (verify it separately).
        signed_renewal_info: String = "signedRenewalInfo",
        /// Why a consumption request was made.
        consumption_request_reason: ConsumptionRequestReason = "consumptionRequestReason",
    }
}

model! {
    /// `summary` of a notification (renewal-date extensions).
    Summary {
        /// `Sandbox` or `Production`.
        environment: String = "environment",
        /// The app's Apple ID.
        app_apple_id: i64 = "appAppleId",
        /// The app's bundle id.
        bundle_id: String = "bundleId",
        /// The product extended.
        product_id: String = "productId",
        /// The extension request's id.
        request_identifier: String = "requestIdentifier",
        /// Storefronts included.
        storefront_country_codes: Vec<String> = "storefrontCountryCodes",
        /// Subscriptions extended.
        succeeded_count: i64 = "succeededCount",
        /// Subscriptions not extended.
        failed_count: i64 = "failedCount",
    }
}

model! {
    /// `externalPurchaseToken` of a notification.
    ExternalPurchaseToken {
        /// Starts with `SANDBOX` for sandbox tokens (which is how the library tells).
        external_purchase_id: String = "externalPurchaseId",
        /// Unix ms.
        token_creation_date: i64 = "tokenCreationDate",
        /// The app's Apple ID.
        app_apple_id: i64 = "appAppleId",
        /// The app's bundle id.
        bundle_id: String = "bundleId",
    }
}

model! {
    /// `appData` of a notification.
    AppData {
        /// The app's Apple ID.
        app_apple_id: i64 = "appAppleId",
        /// The app's bundle id.
        bundle_id: String = "bundleId",
        /// `Sandbox` or `Production`.
        environment: String = "environment",
        /// The app transaction, a JWS.
        signed_app_transaction_info: String = "signedAppTransactionInfo",
    }
}

model! {
    /// A decoded transaction (`signedTransactionInfo`).
    Transaction {
        /// The same across renewals: the id to store for a subscription.
        original_transaction_id: String = "originalTransactionId",
        /// New at every renewal.
        transaction_id: String = "transactionId",
        /// One per purchase event across devices (one per renewal).
        web_order_line_item_id: String = "webOrderLineItemId",
        /// The app's bundle id.
        bundle_id: String = "bundleId",
        /// The product bought.
        product_id: String = "productId",
        /// The subscription group.
        subscription_group_identifier: String = "subscriptionGroupIdentifier",
        /// When this transaction was charged, Unix ms.
        purchase_date: i64 = "purchaseDate",
        /// The first purchase of the subscription, Unix ms.
        original_purchase_date: i64 = "originalPurchaseDate",
        /// When this period ends, Unix ms.
        expires_date: i64 = "expiresDate",
        /// Units bought.
        quantity: i64 = "quantity",
        /// `Auto-Renewable Subscription`...
        kind: TransactionType = "type",
        /// A UUID the app set at purchase: ties the purchase to the backend's user.
        app_account_token: String = "appAccountToken",
        /// Bought, or family shared.
        in_app_ownership_type: InAppOwnershipType = "inAppOwnershipType",
        /// When Apple signed it, Unix ms.
        signed_date: i64 = "signedDate",
        /// Why it was refunded or revoked.
        revocation_reason: RevocationReason = "revocationReason",
        /// When it was refunded or revoked, Unix ms.
        revocation_date: i64 = "revocationDate",
        /// Superseded by an upgrade.
        is_upgraded: bool = "isUpgraded",
        /// The offer that applied.
        offer_type: OfferType = "offerType",
        /// The offer's id.
        offer_identifier: String = "offerIdentifier",
        /// `Sandbox` or `Production`.
        environment: String = "environment",
        /// Three-letter storefront code (`USA`).
        storefront: String = "storefront",
        /// Apple's storefront id.
        storefront_id: String = "storefrontId",
        /// PURCHASE or RENEWAL.
        transaction_reason: TransactionReason = "transactionReason",
        /// ISO 4217 currency.
        currency: String = "currency",
        /// Price in milli-units of the currency (9990 = 9.99).
        price: i64 = "price",
        /// How the offer discounts.
        offer_discount_type: OfferDiscountType = "offerDiscountType",
        /// The app download's transaction id.
        app_transaction_id: String = "appTransactionId",
        /// The offer's duration (ISO 8601).
        offer_period: String = "offerPeriod",
        /// Refunded or revoked how.
        revocation_type: RevocationType = "revocationType",
        /// Part refunded, in milli-percent (Advanced Commerce).
        revocation_percentage: i64 = "revocationPercentage",
    }
}

model! {
    /// Decoded renewal info (`signedRenewalInfo`).
    RenewalInfo {
        /// Why it expired.
        expiration_intent: ExpirationIntent = "expirationIntent",
        /// The subscription's durable id.
        original_transaction_id: String = "originalTransactionId",
        /// The product it will renew into (differs after a downgrade).
        auto_renew_product_id: String = "autoRenewProductId",
        /// The current product.
        product_id: String = "productId",
        /// Will it renew.
        auto_renew_status: AutoRenewStatus = "autoRenewStatus",
        /// Apple is retrying a failed renewal.
        is_in_billing_retry_period: bool = "isInBillingRetryPeriod",
        /// Price increase consent.
        price_increase_status: PriceIncreaseStatus = "priceIncreaseStatus",
        /// End of the billing grace period, Unix ms.
        grace_period_expires_date: i64 = "gracePeriodExpiresDate",
        /// The offer at the next renewal.
        offer_type: OfferType = "offerType",
        /// That offer's id.
        offer_identifier: String = "offerIdentifier",
        /// When Apple signed it, Unix ms.
        signed_date: i64 = "signedDate",
        /// `Sandbox` or `Production`.
        environment: String = "environment",
        /// Start of the current run of uninterrupted subscription, Unix ms.
        recent_subscription_start_date: i64 = "recentSubscriptionStartDate",
        /// Next renewal, Unix ms.
        renewal_date: i64 = "renewalDate",
        /// ISO 4217 currency of the renewal price.
        currency: String = "currency",
        /// Renewal price in milli-units.
        renewal_price: i64 = "renewalPrice",
        /// How the next offer discounts.
        offer_discount_type: OfferDiscountType = "offerDiscountType",
        /// Win-back offers the customer may redeem.
        eligible_win_back_offer_ids: Vec<String> = "eligibleWinBackOfferIds",
        /// The app's UUID for the customer.
        app_account_token: String = "appAccountToken",
        /// The app download's transaction id.
        app_transaction_id: String = "appTransactionId",
        /// The offer's duration (ISO 8601).
        offer_period: String = "offerPeriod",
    }
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
