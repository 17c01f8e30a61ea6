//! From a verified notification (with its decoded transaction and renewal info) to what
//! Raptor's iOS mirror stores and to the subscriber view's normalised status. `data.status`
//! decides when Apple sends it (it is the state after the event); the type and subtype
//! decide only for notifications without it.

use serde::Serialize;

use super::enums::{
    AutoRenewStatus, NotificationType, OfferDiscountType, OfferType, SubscriptionStatus, Subtype,
};
use super::models::{RenewalInfo, ResponseBodyV2DecodedPayload, Transaction};
use super::products::tier_for_product;
use crate::contract::IosStatus;
use crate::subscribers::{normalise_apple, Normalised};

/// Raptor's mirror status for Apple's `data.status`.
pub fn mirror_status(status: SubscriptionStatus) -> Option<&'static str> {
    let ios = match status {
        SubscriptionStatus::Active => IosStatus::Active,
        SubscriptionStatus::Expired => IosStatus::Expired,
        SubscriptionStatus::BillingRetry => IosStatus::BillingRetry,
        SubscriptionStatus::BillingGracePeriod => IosStatus::BillingGracePeriod,
        SubscriptionStatus::Revoked => IosStatus::Revoked,
        SubscriptionStatus::Other(_) => return None,
    };
    Some(ios.as_str())
}

/// The status a notification type implies when `data.status` is absent (facts section 2's
/// table); `None` for notifications that change no subscription state (TEST...).
pub fn status_from_event(
    kind: &NotificationType,
    subtype: Option<&Subtype>,
) -> Option<&'static str> {
    use NotificationType as T;
    match kind {
        T::Subscribed
        | T::DidRenew
        | T::DidChangeRenewalStatus
        | T::DidChangeRenewalPref
        | T::OfferRedeemed
        | T::RefundReversed
        | T::RenewalExtended => Some(IosStatus::Active),
        T::DidFailToRenew if subtype == Some(&Subtype::GracePeriod) => {
            Some(IosStatus::BillingGracePeriod)
        }
        T::DidFailToRenew | T::GracePeriodExpired => Some(IosStatus::BillingRetry),
        T::Expired => Some(IosStatus::Expired),
        T::Refund | T::Revoke => Some(IosStatus::Revoked),
        _ => None,
    }
    .map(IosStatus::as_str)
}

fn normalised_slug<S: serde::Serializer>(n: &Normalised, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(n.as_str())
}

/// What the mirror should store after a notification.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MirrorUpdate {
    /// `active`, `billing_grace_period`, `billing_retry`, `expired`, `revoked`; `None` when
    /// the notification changes nothing (TEST, unknown types).
    pub status: Option<&'static str>,
    /// Will it renew: renewal info's autoRenewStatus, else the subtype's hint.
    pub auto_renew: Option<bool>,
    /// End of the paid period (transaction's expiresDate), Unix ms.
    pub expires_at_ms: Option<i64>,
    /// End of the grace period, Unix ms.
    pub grace_period_expires_at_ms: Option<i64>,
    /// `Sandbox` or `Production`.
    pub environment: Option<String>,
    /// The transaction's product.
    pub product_id: Option<String>,
    /// The plan tier of that product.
    pub tier: Option<&'static str>,
    /// The tier it renews into, when a downgrade (or crossgrade) is pending.
    pub next_tier: Option<&'static str>,
    /// The subscription's durable id (the mirror's key).
    pub original_transaction_id: Option<String>,
    /// This period's transaction id.
    pub transaction_id: Option<String>,
    /// The app's UUID for the user (ties the subscription to a Raxx user).
    pub app_account_token: Option<String>,
    /// The subscriber view's status (serialised as its slug).
    #[serde(serialize_with = "normalised_slug")]
    pub normalised: Normalised,
    /// Why, in a sentence.
    pub explanation: String,
}

/// Maps a notification (and the transaction and renewal info it carries, already
/// verified and decoded) to the mirror's fields.
///
/// ```
/// use testkit_core::appstore::{mirror_update, ResponseBodyV2DecodedPayload};
///
/// let n: ResponseBodyV2DecodedPayload = serde_json::from_str(
///     r#"{"notificationType":"DID_FAIL_TO_RENEW","subtype":"GRACE_PERIOD","data":{"status":4,"environment":"Sandbox"}}"#,
/// ).unwrap();
/// let update = mirror_update(&n, None, None);
/// assert_eq!(update.status, Some("billing_grace_period"));
/// assert_eq!(update.normalised.as_str(), "grace");
/// ```
pub fn mirror_update(
    notification: &ResponseBodyV2DecodedPayload,
    transaction: Option<&Transaction>,
    renewal: Option<&RenewalInfo>,
) -> MirrorUpdate {
    let data = notification.data.as_ref();
    let kind = notification.notification_type.clone();
    let subtype = notification.subtype.as_ref();
    let (status, source) = match data.and_then(|d| d.status) {
        Some(s) => (
            mirror_status(s),
            format!("data.status {} ({})", s.value(), s.label()),
        ),
        None => match &kind {
            Some(k) => (
                status_from_event(k, subtype),
                format!("no data.status; from {k}"),
            ),
            None => (None, "no notificationType".into()),
        },
    };
    let auto_renew = match renewal.and_then(|r| r.auto_renew_status) {
        Some(AutoRenewStatus::On) => Some(true),
        Some(AutoRenewStatus::Off) => Some(false),
        _ => match subtype {
            Some(Subtype::AutoRenewDisabled) | Some(Subtype::Voluntary) => Some(false),
            Some(Subtype::AutoRenewEnabled) => Some(true),
            _ if kind == Some(NotificationType::Expired) => Some(false),
            _ => None,
        },
    };
    let product_id = transaction
        .and_then(|t| t.product_id.clone())
        .or_else(|| renewal.and_then(|r| r.product_id.clone()));
    let tier = product_id.as_deref().and_then(tier_for_product);
    let next_tier = renewal
        .and_then(|r| r.auto_renew_product_id.as_deref())
        .and_then(tier_for_product)
        .filter(|t| Some(*t) != tier);
    let trial = transaction.is_some_and(|t| {
        t.offer_type == Some(OfferType::Introductory)
            && t.offer_discount_type == Some(OfferDiscountType::FreeTrial)
    });
    let normalised = match status {
        Some("active") if trial => Normalised::Trialing,
        Some(s) => normalise_apple(s, auto_renew),
        None => Normalised::Unknown,
    };
    let explanation = match status {
        Some(s) => format!(
            "{s} from {source}; auto-renew {}; normalised {}",
            auto_renew.map_or("unknown", |a| if a { "on" } else { "off" }),
            normalised.label()
        ),
        None => format!("no subscription change ({source})"),
    };
    MirrorUpdate {
        status,
        auto_renew,
        expires_at_ms: transaction.and_then(|t| t.expires_date),
        grace_period_expires_at_ms: renewal.and_then(|r| r.grace_period_expires_date),
        environment: data
            .and_then(|d| d.environment.clone())
            .or_else(|| transaction.and_then(|t| t.environment.clone())),
        product_id,
        tier,
        next_tier,
        original_transaction_id: transaction
            .and_then(|t| t.original_transaction_id.clone())
            .or_else(|| renewal.and_then(|r| r.original_transaction_id.clone())),
        transaction_id: transaction.and_then(|t| t.transaction_id.clone()),
        app_account_token: transaction
            .and_then(|t| t.app_account_token.clone())
            .or_else(|| renewal.and_then(|r| r.app_account_token.clone())),
        normalised,
        explanation,
    }
}
