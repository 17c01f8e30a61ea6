//! What Queue should hold after a step, as data: per customer, the subscription's
//! fields and the invoices. Pages describe it in words; a replay compares it with what
//! Queue's internal API answers.

use crate::stripe::{InvoiceStatus, SubscriptionStatus};
use crate::time::rfc3339;

/// Queue's expected rows for every customer on the clock, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueueState {
    /// One per customer on the clock.
    pub customers: Vec<CustomerState>,
}

/// One customer's expected rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomerState {
    /// The customer's email (how Queue's rows are found).
    pub email: String,
    /// Whether Queue has the customer at all.
    pub exists: bool,
    /// The subscription, once there is one.
    pub subscription: Option<SubscriptionState>,
    /// The customer's invoices.
    pub invoices: InvoiceState,
}

/// The expected `billing_subscription` row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubscriptionState {
    /// Stripe's status, as Queue stores it.
    pub status: SubscriptionStatus,
    /// The plan tier.
    pub plan_tier: &'static str,
    /// Cancelling at the end of the period.
    pub cancel_at_period_end: bool,
    /// The end of the current period (unix seconds).
    pub current_period_end: i64,
    /// The trial's end (unix seconds), for a subscription that has or had a trial: Stripe
    /// keeps it after the trial is over.
    pub trial_end: Option<i64>,
}

/// The expected `billing_invoice` rows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InvoiceState {
    /// How many invoices the customer has.
    pub count: usize,
    /// The newest invoice's status, where Stripe's behaviour fixes it (an account
    /// setting decides some, such as an unpaid invoice after retries run out).
    pub newest: Option<InvoiceStatus>,
    /// The newest invoice's `amount_due` in minor units, once there is an invoice.
    pub newest_amount_due: Option<i64>,
}

crate::text_enum! {
    /// Which of Queue's tables a step's check reads.
    pub enum Check {
        /// Nothing to check.
        Nothing = "nothing",
        /// `billing_customer`.
        Customers = "customers",
        /// `billing_subscription`.
        Subscriptions = "subscriptions",
        /// `billing_invoice`.
        Invoices = "invoices",
    }
}

impl Check {
    /// The psql queries (one per customer) that show what the check looks at.
    pub fn commands(self, emails: &[String]) -> String {
        let (select, from) = match self {
            Check::Nothing => return String::new(),
            Check::Customers => (
                "id, stripe_customer_id, billing_email",
                "billing_customer c",
            ),
            Check::Subscriptions => (
                "s.status, s.plan_tier, s.cancel_at_period_end, s.current_period_end",
                "billing_subscription s JOIN billing_customer c ON c.id = s.customer_id",
            ),
            Check::Invoices => (
                "i.status, i.amount_due, i.paid_at",
                "billing_invoice i JOIN billing_customer c ON c.id = i.customer_id",
            ),
        };
        emails
            .iter()
            .map(|email| {
                format!("heroku pg:psql --app raxx-queue-staging -c \"SELECT {select} FROM {from} WHERE c.billing_email = '{email}';\"")
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl QueueState {
    /// The state in words, as the playbook shows it (the first customer stands for all;
    /// the others differ only in tier).
    pub fn describe(&self) -> String {
        let Some(first) = self.customers.first().filter(|c| c.exists) else {
            return "Nothing yet.".into();
        };
        let customers = if self.customers.len() == 1 {
            "billing_customer: one row with the test+billing-clock email".to_string()
        } else {
            format!(
                "billing_customer: {} rows with the test+billing-clock emails",
                self.customers.len()
            )
        };
        let Some(sub) = &first.subscription else {
            return format!("{customers}.");
        };
        let mut text = format!("billing_subscription: {}", sub.status);
        if sub.cancel_at_period_end {
            text.push_str(
                " and cancel_at_period_end true (cancelling: access until the period ends)",
            );
        }
        let tiers: Vec<&str> = self
            .customers
            .iter()
            .filter_map(|c| c.subscription.as_ref().map(|s| s.plan_tier))
            .collect();
        text.push_str(&format!(
            ", plan_tier {}, current_period_end {}",
            tiers.join(" / "),
            rfc3339(sub.current_period_end)
        ));
        let invoices = &first.invoices;
        match (invoices.count, invoices.newest) {
            (0, _) => text.push_str("; no invoice yet."),
            (n, Some(status)) => text.push_str(&format!(
                "; billing_invoice: {n} in all, the newest {status}."
            )),
            (n, None) => text.push_str(&format!(
                "; billing_invoice: {n} in all (the newest's status is the account's setting)."
            )),
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_the_first_customer_and_every_tier() {
        let customer = |tier| CustomerState {
            email: "a@raxx.app".into(),
            exists: true,
            subscription: Some(SubscriptionState {
                status: SubscriptionStatus::PastDue,
                plan_tier: tier,
                cancel_at_period_end: false,
                current_period_end: 1_800_000_000,
                trial_end: None,
            }),
            invoices: InvoiceState {
                count: 2,
                newest: Some(InvoiceStatus::Open),
                newest_amount_due: Some(1500),
            },
        };
        let state = QueueState {
            customers: vec![customer("pro"), customer("founders")],
        };
        assert_eq!(
            state.describe(),
            "billing_subscription: past_due, plan_tier pro / founders, current_period_end 2027-01-15T08:00:00Z; billing_invoice: 2 in all, the newest open."
        );
        assert_eq!(QueueState::default().describe(), "Nothing yet.");
        assert!(Check::Invoices
            .commands(&["a@raxx.app".into()])
            .contains("FROM billing_invoice i"));
        assert_eq!(Check::Nothing.commands(&["a@raxx.app".into()]), "");
    }
}
