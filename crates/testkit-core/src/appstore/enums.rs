//! Apple's enumerations with a meaning for display. Values Apple adds later are kept as
//! they came (`Other`), so a new notification type is shown, never dropped or refused.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! string_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal => $meaning:literal,)* }) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
            /// A value this crate does not know, kept as sent.
            Other(String),
        }

        impl $name {
            /// Every known value.
            pub const KNOWN: &'static [$name] = &[$($name::$variant,)*];

            /// The value as Apple sends it.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)*
                    $name::Other(s) => s,
                }
            }

            /// What it means, in a sentence.
            pub fn meaning(&self) -> &'static str {
                match self {
                    $($name::$variant => $meaning,)*
                    $name::Other(_) => "a value this tool does not know yet (shown as sent)",
                }
            }

            /// Reads Apple's spelling; unknown text becomes `Other`.
            pub fn parse(text: &str) -> $name {
                match text {
                    $($text => $name::$variant,)*
                    other => $name::Other(other.to_string()),
                }
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                Ok($name::parse(&text))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

macro_rules! int_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $value:literal => $label:literal, $meaning:literal,)* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
            /// A value this crate does not know, kept as sent.
            Other(i64),
        }

        impl $name {
            /// Every known value.
            pub const KNOWN: &'static [$name] = &[$($name::$variant,)*];

            /// The number Apple sends.
            pub fn value(self) -> i64 {
                match self {
                    $($name::$variant => $value,)*
                    $name::Other(v) => v,
                }
            }

            /// The library's name for it (`BILLING_GRACE_PERIOD`).
            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)*
                    $name::Other(_) => "UNKNOWN",
                }
            }

            /// What it means, in a sentence.
            pub fn meaning(self) -> &'static str {
                match self {
                    $($name::$variant => $meaning,)*
                    $name::Other(_) => "a value this tool does not know yet (shown as sent)",
                }
            }

            /// Reads Apple's number; unknown numbers become `Other`.
            pub fn from_value(v: i64) -> $name {
                match v {
                    $($value => $name::$variant,)*
                    other => $name::Other(other),
                }
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_i64(self.value())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let v = serde_json::Value::deserialize(d)?;
                super::models::lenient::int_of(&v)
                    .map($name::from_value)
                    .map_err(serde::de::Error::custom)
            }
        }
    };
}

string_enum! {
    /// `notificationType`
    NotificationType {
        /// SUBSCRIBED
        Subscribed = "SUBSCRIBED" => "the customer subscribed (first time, or came back to the group)",
        /// DID_CHANGE_RENEWAL_PREF
        DidChangeRenewalPref = "DID_CHANGE_RENEWAL_PREF" => "the customer changed plan: upgrade now, or downgrade at the next renewal",
        /// DID_CHANGE_RENEWAL_STATUS
        DidChangeRenewalStatus = "DID_CHANGE_RENEWAL_STATUS" => "auto-renew was turned on or off",
        /// OFFER_REDEEMED
        OfferRedeemed = "OFFER_REDEEMED" => "an offer or offer code was redeemed",
        /// DID_RENEW
        DidRenew = "DID_RENEW" => "the subscription renewed",
        /// EXPIRED
        Expired = "EXPIRED" => "the subscription ended",
        /// DID_FAIL_TO_RENEW
        DidFailToRenew = "DID_FAIL_TO_RENEW" => "a renewal failed because of a billing issue",
        /// GRACE_PERIOD_EXPIRED
        GracePeriodExpired = "GRACE_PERIOD_EXPIRED" => "the billing grace period ended without a payment; Apple still retries",
        /// PRICE_INCREASE
        PriceIncrease = "PRICE_INCREASE" => "a price increase was announced, or the customer consented",
        /// REFUND
        Refund = "REFUND" => "Apple refunded the transaction; access is revoked",
        /// REFUND_DECLINED
        RefundDeclined = "REFUND_DECLINED" => "Apple declined a refund request",
        /// REFUND_REVERSED
        RefundReversed = "REFUND_REVERSED" => "a refund was reversed; restore access",
        /// CONSUMPTION_REQUEST
        ConsumptionRequest = "CONSUMPTION_REQUEST" => "Apple asks for consumption data for a refund request",
        /// RENEWAL_EXTENDED
        RenewalExtended = "RENEWAL_EXTENDED" => "the renewal date was extended",
        /// RENEWAL_EXTENSION
        RenewalExtension = "RENEWAL_EXTENSION" => "a mass renewal-date extension progressed",
        /// REVOKE
        Revoke = "REVOKE" => "family sharing access was revoked",
        /// TEST
        Test = "TEST" => "a test notification requested from the App Store Server API",
        /// EXTERNAL_PURCHASE_TOKEN
        ExternalPurchaseToken = "EXTERNAL_PURCHASE_TOKEN" => "an external purchase token was created but not reported",
        /// ONE_TIME_CHARGE
        OneTimeCharge = "ONE_TIME_CHARGE" => "a consumable, non-consumable or non-renewing purchase",
        /// RESCIND_CONSENT
        RescindConsent = "RESCIND_CONSENT" => "a parent or guardian withdrew consent for a child's use of the app",
        /// METADATA_UPDATE
        MetadataUpdate = "METADATA_UPDATE" => "subscription metadata changed (Advanced Commerce)",
        /// MIGRATION
        Migration = "MIGRATION" => "a subscription migrated (Advanced Commerce)",
        /// PRICE_CHANGE
        PriceChange = "PRICE_CHANGE" => "a subscription price changed (Advanced Commerce)",
    }
}

string_enum! {
    /// `subtype`
    Subtype {
        /// INITIAL_BUY
        InitialBuy = "INITIAL_BUY" => "first purchase in the subscription group",
        /// RESUBSCRIBE
        Resubscribe = "RESUBSCRIBE" => "subscribed again after it had ended",
        /// DOWNGRADE
        Downgrade = "DOWNGRADE" => "downgrade: takes effect at the next renewal",
        /// UPGRADE
        Upgrade = "UPGRADE" => "upgrade: takes effect at once",
        /// AUTO_RENEW_ENABLED
        AutoRenewEnabled = "AUTO_RENEW_ENABLED" => "auto-renew turned on",
        /// AUTO_RENEW_DISABLED
        AutoRenewDisabled = "AUTO_RENEW_DISABLED" => "auto-renew turned off (by the customer, or after a refund)",
        /// VOLUNTARY
        Voluntary = "VOLUNTARY" => "ended because the customer turned auto-renew off",
        /// BILLING_RETRY
        BillingRetry = "BILLING_RETRY" => "ended because billing retry ran out",
        /// PRICE_INCREASE
        PriceIncrease = "PRICE_INCREASE" => "about a price increase (ended without consent, or pending/accepted)",
        /// GRACE_PERIOD
        GracePeriod = "GRACE_PERIOD" => "renewal failed but the billing grace period keeps access",
        /// PENDING
        Pending = "PENDING" => "price increase awaiting the customer's consent",
        /// ACCEPTED
        Accepted = "ACCEPTED" => "price increase accepted",
        /// BILLING_RECOVERY
        BillingRecovery = "BILLING_RECOVERY" => "renewed after earlier renewals had failed",
        /// PRODUCT_NOT_FOR_SALE
        ProductNotForSale = "PRODUCT_NOT_FOR_SALE" => "ended because the product was not for sale at renewal",
        /// SUMMARY
        Summary = "SUMMARY" => "a renewal-date extension finished for all eligible subscribers",
        /// FAILURE
        Failure = "FAILURE" => "a renewal-date extension failed for one subscription",
        /// UNREPORTED
        Unreported = "UNREPORTED" => "an external purchase token was not reported",
    }
}

string_enum! {
    /// Transaction `type`
    TransactionType {
        /// Auto-Renewable Subscription
        AutoRenewableSubscription = "Auto-Renewable Subscription" => "an auto-renewable subscription",
        /// Non-Consumable
        NonConsumable = "Non-Consumable" => "a non-consumable purchase",
        /// Consumable
        Consumable = "Consumable" => "a consumable purchase",
        /// Non-Renewing Subscription
        NonRenewingSubscription = "Non-Renewing Subscription" => "a subscription that does not renew",
    }
}

string_enum! {
    /// `inAppOwnershipType`
    InAppOwnershipType {
        /// PURCHASED
        Purchased = "PURCHASED" => "the customer bought it",
        /// FAMILY_SHARED
        FamilyShared = "FAMILY_SHARED" => "available through Family Sharing",
    }
}

string_enum! {
    /// `transactionReason`
    TransactionReason {
        /// PURCHASE
        Purchase = "PURCHASE" => "bought by the customer (first purchase, upgrade, resubscribe)",
        /// RENEWAL
        Renewal = "RENEWAL" => "an automatic renewal",
    }
}

string_enum! {
    /// `revocationType`
    RevocationType {
        /// REFUND_FULL
        RefundFull = "REFUND_FULL" => "fully refunded: revoke all access",
        /// REFUND_PRORATED
        RefundProrated = "REFUND_PRORATED" => "partly refunded (Advanced Commerce)",
        /// FAMILY_REVOKE
        FamilyRevoke = "FAMILY_REVOKE" => "family sharing access removed",
    }
}

string_enum! {
    /// `offerDiscountType`
    OfferDiscountType {
        /// FREE_TRIAL
        FreeTrial = "FREE_TRIAL" => "a free trial",
        /// PAY_AS_YOU_GO
        PayAsYouGo = "PAY_AS_YOU_GO" => "a discounted price for several periods",
        /// PAY_UP_FRONT
        PayUpFront = "PAY_UP_FRONT" => "a discounted price paid once for a duration",
        /// ONE_TIME
        OneTime = "ONE_TIME" => "a one-time discount",
    }
}

string_enum! {
    /// `consumptionRequestReason`
    ConsumptionRequestReason {
        /// UNINTENDED_PURCHASE
        UnintendedPurchase = "UNINTENDED_PURCHASE" => "the customer did not mean to buy",
        /// FULFILLMENT_ISSUE
        FulfillmentIssue = "FULFILLMENT_ISSUE" => "the customer did not receive the purchase",
        /// UNSATISFIED_WITH_PURCHASE
        UnsatisfiedWithPurchase = "UNSATISFIED_WITH_PURCHASE" => "the customer was not satisfied",
        /// LEGAL
        Legal = "LEGAL" => "a legal reason",
        /// OTHER
        Other_ = "OTHER" => "another reason",
    }
}

int_enum! {
    /// `data.status`: the subscription's state when the notification was sent.
    SubscriptionStatus {
        /// 1
        Active = 1 => "ACTIVE", "active",
        /// 2
        Expired = 2 => "EXPIRED", "expired",
        /// 3
        BillingRetry = 3 => "BILLING_RETRY", "in billing retry: renewal failed, no access, Apple keeps trying",
        /// 4
        BillingGracePeriod = 4 => "BILLING_GRACE_PERIOD", "in the billing grace period: renewal failed, access kept",
        /// 5
        Revoked = 5 => "REVOKED", "revoked (refunded, or family sharing removed)",
    }
}

int_enum! {
    /// `expirationIntent`
    ExpirationIntent {
        /// 1
        CustomerCancelled = 1 => "CUSTOMER_CANCELLED", "the customer cancelled",
        /// 2
        BillingError = 2 => "BILLING_ERROR", "a billing error",
        /// 3
        DidNotConsentToPriceIncrease = 3 => "CUSTOMER_DID_NOT_CONSENT_TO_PRICE_INCREASE", "the customer did not consent to a price increase",
        /// 4
        ProductNotAvailable = 4 => "PRODUCT_NOT_AVAILABLE", "the product was not available at renewal",
        /// 5
        Other_ = 5 => "OTHER", "another reason",
    }
}

int_enum! {
    /// `offerType`
    OfferType {
        /// 1
        Introductory = 1 => "INTRODUCTORY_OFFER", "an introductory offer (a free trial, for example)",
        /// 2
        Promotional = 2 => "PROMOTIONAL_OFFER", "a promotional offer",
        /// 3
        OfferCode = 3 => "OFFER_CODE", "an offer code",
        /// 4
        WinBack = 4 => "WIN_BACK_OFFER", "a win-back offer",
    }
}

int_enum! {
    /// `revocationReason`
    RevocationReason {
        /// 0
        OtherReason = 0 => "REFUNDED_FOR_OTHER_REASON", "refunded for another reason (an accidental purchase, for example)",
        /// 1
        AppIssue = 1 => "REFUNDED_DUE_TO_ISSUE", "refunded because of an actual or perceived issue in the app",
    }
}

int_enum! {
    /// `autoRenewStatus`
    AutoRenewStatus {
        /// 0
        Off = 0 => "OFF", "will not renew",
        /// 1
        On = 1 => "ON", "will renew",
    }
}

int_enum! {
    /// `priceIncreaseStatus`
    PriceIncreaseStatus {
        /// 0
        NotResponded = 0 => "CUSTOMER_HAS_NOT_RESPONDED", "the customer has not responded to the price increase",
        /// 1
        Consented = 1 => "CUSTOMER_CONSENTED_OR_WAS_NOTIFIED_WITHOUT_NEEDING_CONSENT", "the customer consented, or was notified without needing to",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_values_are_kept() {
        let t: NotificationType = serde_json::from_str("\"NEW_THING\"").unwrap();
        assert_eq!(t, NotificationType::Other("NEW_THING".into()));
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"NEW_THING\"");
        let s: SubscriptionStatus = serde_json::from_str("9").unwrap();
        assert_eq!(s, SubscriptionStatus::Other(9));
        assert_eq!(serde_json::to_string(&s).unwrap(), "9");
        for k in NotificationType::KNOWN {
            assert_eq!(&NotificationType::parse(k.as_str()), k);
            assert!(!k.meaning().is_empty());
        }
        assert_eq!(
            SubscriptionStatus::from_value(4).label(),
            "BILLING_GRACE_PERIOD"
        );
        assert_eq!(ConsumptionRequestReason::parse("OTHER").as_str(), "OTHER");
    }
}
