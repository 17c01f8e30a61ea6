//! Stripe's own vocabularies that several parts of the testkit share: a subscription's
//! and an invoice's `status`, as Stripe spells them.

use crate::text_enum;

text_enum! {
    /// A Stripe subscription's `status`.
    pub enum SubscriptionStatus {
        /// The first payment has not succeeded yet (23 hours to pay it).
        Incomplete = "incomplete",
        /// The first payment never succeeded: terminal.
        IncompleteExpired = "incomplete_expired",
        /// In a trial.
        Trialing = "trialing",
        /// Paid up.
        Active = "active",
        /// A renewal payment failed; Stripe is retrying.
        PastDue = "past_due",
        /// Retries ran out and the account leaves it unpaid.
        Unpaid = "unpaid",
        /// Ended: terminal.
        Canceled = "canceled",
        /// A trial ended without a payment method (or paused on purpose).
        Paused = "paused",
    }
}

impl SubscriptionStatus {
    /// No later status follows (Stripe never revives such a subscription).
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            SubscriptionStatus::Canceled | SubscriptionStatus::IncompleteExpired
        )
    }

    /// Whether a failed invoice payment makes this subscription `past_due`: only a
    /// renewal of a running subscription does. A failed first payment leaves it
    /// `incomplete` (then `incomplete_expired`), and nothing revives a terminal one.
    pub fn becomes_past_due_on_failed_payment(self) -> bool {
        matches!(
            self,
            SubscriptionStatus::Active | SubscriptionStatus::Trialing
        )
    }

    /// Whether the customer keeps the service: used for Raptor's `auto_renew` fan-out.
    pub fn renews(self, cancel_at_period_end: bool) -> bool {
        !self.is_terminal() && !cancel_at_period_end
    }
}

text_enum! {
    /// A Stripe invoice's `status`.
    pub enum InvoiceStatus {
        /// Being prepared; not yet final.
        Draft = "draft",
        /// Finalized and awaiting payment.
        Open = "open",
        /// Paid.
        Paid = "paid",
        /// Written off; may still be paid.
        Uncollectible = "uncollectible",
        /// Cancelled: terminal.
        Void = "void",
    }
}

impl InvoiceStatus {
    /// The order an invoice moves through (draft, open, then a settled state), for
    /// telling which of two same-second events is the later one.
    pub fn progress(self) -> u8 {
        match self {
            InvoiceStatus::Draft => 0,
            InvoiceStatus::Open => 1,
            InvoiceStatus::Uncollectible => 2,
            InvoiceStatus::Paid | InvoiceStatus::Void => 3,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_running_subscriptions_fall_past_due() {
        let falls: Vec<_> = SubscriptionStatus::ALL
            .into_iter()
            .filter(|s| s.becomes_past_due_on_failed_payment())
            .collect();
        assert_eq!(
            falls,
            [SubscriptionStatus::Trialing, SubscriptionStatus::Active]
        );
        assert!(SubscriptionStatus::Canceled.is_terminal());
        assert!(SubscriptionStatus::PastDue.renews(false));
        assert!(!SubscriptionStatus::IncompleteExpired.renews(false));
        assert!(!SubscriptionStatus::Active.renews(true));
        assert!(SubscriptionStatus::Active.renews(false));
    }

    #[test]
    fn invoice_progress_only_moves_forward() {
        assert!(InvoiceStatus::Draft.progress() < InvoiceStatus::Open.progress());
        assert!(InvoiceStatus::Open.progress() < InvoiceStatus::Paid.progress());
        assert_eq!("void".parse(), Ok(InvoiceStatus::Void));
    }
}
