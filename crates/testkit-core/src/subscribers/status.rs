//! One normalised status per subscription, whichever store it lives in (the mapping the
//! products that merge web and App Store subscribers use), with the store's own status
//! kept beside it.

use crate::contract::IosStatus;
use crate::stripe::SubscriptionStatus;

crate::text_enum! {
    /// Where a subscription is billed.
    ///
    /// `data-store` and URL value.
    #[derive(PartialOrd, Ord)]
    pub enum Store {
        /// `stripe`.
        Stripe = "stripe",
        /// `ios`.
        AppStore = "ios",
    }
}

impl Store {
    /// The store's name for people (`App Store`).
    pub fn label(self) -> &'static str {
        match self {
            Store::Stripe => "Stripe",
            Store::AppStore => "App Store",
        }
    }
}

crate::text_enum! {
    /// One status scale for both stores, so Stripe and App Store rows can be counted
    /// together; the text is its URL value and CSS class suffix.
    #[derive(PartialOrd, Ord)]
    pub enum Normalised {
        /// In a free trial: access, not paying yet.
        Trialing = "trialing",
        /// Paid and set to renew.
        Active = "active",
        /// Access until the period ends, then no renewal.
        Cancelling = "cancelling",
        /// Payment failing, access kept while the store retries.
        GracePeriod = "grace",
        /// Payment failing, no access, still retrying.
        BillingRetry = "retry",
        /// Canceled or expired: no access.
        Ended = "ended",
        /// Refunded and revoked (App Store).
        Revoked = "revoked",
        /// Stripe: the first payment has not succeeded yet.
        Incomplete = "incomplete",
        /// Stripe: paused (a trial ended without a payment method, or paused on purpose).
        Paused = "paused",
        /// A store status this app does not know: shown as it is, counted here.
        Unknown = "unknown",
    }
}

impl Normalised {
    /// The status's name for people (`Grace period`).
    pub fn label(self) -> &'static str {
        match self {
            Normalised::Trialing => "Trialing",
            Normalised::Active => "Active",
            Normalised::Cancelling => "Cancelling",
            Normalised::GracePeriod => "Grace period",
            Normalised::BillingRetry => "Billing retry",
            Normalised::Ended => "Ended",
            Normalised::Revoked => "Revoked",
            Normalised::Incomplete => "Incomplete",
            Normalised::Paused => "Paused",
            Normalised::Unknown => "Unknown status",
        }
    }

    /// Paid and not expired: what "active subscriber" counts (cancelling and grace
    /// period included, trials not).
    pub fn is_paying(self) -> bool {
        matches!(
            self,
            Normalised::Active | Normalised::Cancelling | Normalised::GracePeriod
        )
    }

    /// The person can use the product (a second such subscription is a double charge).
    pub fn has_access(self) -> bool {
        self.is_paying() || self == Normalised::Trialing
    }
}

/// Stripe's status (as Queue stores it) with `cancel_at_period_end`; a status this app
/// does not know is [`Normalised::Unknown`].
pub fn normalise_stripe(status: &str, cancel_at_period_end: bool) -> Normalised {
    let Ok(status) = status.parse::<SubscriptionStatus>() else {
        return Normalised::Unknown;
    };
    match status {
        SubscriptionStatus::Trialing => Normalised::Trialing,
        SubscriptionStatus::Active if cancel_at_period_end => Normalised::Cancelling,
        SubscriptionStatus::Active => Normalised::Active,
        // Stripe keeps access while it retries a past_due invoice; `unpaid` has run out of
        // retries without canceling (the account's setting).
        SubscriptionStatus::PastDue => Normalised::GracePeriod,
        SubscriptionStatus::Unpaid => Normalised::BillingRetry,
        SubscriptionStatus::Canceled | SubscriptionStatus::IncompleteExpired => Normalised::Ended,
        SubscriptionStatus::Incomplete => Normalised::Incomplete,
        SubscriptionStatus::Paused => Normalised::Paused,
    }
}

/// Raptor's iOS status with `auto_renew` (unknown auto-renew counts as renewing); a status
/// this app does not know is [`Normalised::Unknown`].
pub fn normalise_apple(status: &str, auto_renew: Option<bool>) -> Normalised {
    let Ok(status) = status.parse::<IosStatus>() else {
        return Normalised::Unknown;
    };
    match status {
        IosStatus::Active if auto_renew == Some(false) => Normalised::Cancelling,
        IosStatus::Active => Normalised::Active,
        IosStatus::BillingGracePeriod => Normalised::GracePeriod,
        IosStatus::BillingRetry => Normalised::BillingRetry,
        IosStatus::Expired => Normalised::Ended,
        IosStatus::Revoked => Normalised::Revoked,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stripe_status() {
        let cases = [
            ("trialing", false, Normalised::Trialing),
            ("active", false, Normalised::Active),
            ("active", true, Normalised::Cancelling),
            ("past_due", false, Normalised::GracePeriod),
            ("unpaid", false, Normalised::BillingRetry),
            ("canceled", false, Normalised::Ended),
            ("incomplete_expired", false, Normalised::Ended),
            ("incomplete", false, Normalised::Incomplete),
            ("paused", false, Normalised::Paused),
            ("on_hold_v2", false, Normalised::Unknown),
        ];
        for (status, cancelling, expected) in cases {
            assert_eq!(
                normalise_stripe(status, cancelling),
                expected,
                "{status} {cancelling}"
            );
        }
    }

    #[test]
    fn every_apple_status() {
        let cases = [
            ("active", Some(true), Normalised::Active),
            ("active", None, Normalised::Active),
            ("active", Some(false), Normalised::Cancelling),
            ("billing_grace_period", Some(true), Normalised::GracePeriod),
            ("billing_retry", Some(true), Normalised::BillingRetry),
            ("expired", Some(false), Normalised::Ended),
            ("revoked", None, Normalised::Revoked),
            ("refund_pending", None, Normalised::Unknown),
        ];
        for (status, renew, expected) in cases {
            assert_eq!(
                normalise_apple(status, renew),
                expected,
                "{status} {renew:?}"
            );
        }
    }

    #[test]
    fn paying_and_access() {
        let paying: Vec<_> = Normalised::ALL
            .into_iter()
            .filter(|s| s.is_paying())
            .collect();
        assert_eq!(
            paying,
            [
                Normalised::Active,
                Normalised::Cancelling,
                Normalised::GracePeriod
            ]
        );
        assert!(Normalised::Trialing.has_access() && !Normalised::BillingRetry.has_access());
        for s in Normalised::ALL {
            assert_eq!(s.as_str().parse::<Normalised>().ok(), Some(s));
        }
        assert_eq!("ios".parse::<Store>(), Ok(Store::AppStore));
    }
}
