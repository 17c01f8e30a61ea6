//! The values an event template is filled with: linked object ids and the fields people
//! change (customer, plan, status, amount, period).

use super::ids::IdGen;
use crate::clock::period_end;
use crate::plans::PLANS;
use crate::time::DateTime;

/// One id per Stripe object an event can name, shared by every template so that the
/// events of one test run refer to each other.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectIds {
    pub event: String,
    pub request: String,
    pub idempotency_key: String,
    pub customer: String,
    pub subscription: String,
    pub subscription_item: String,
    pub invoice: String,
    pub invoice_line: String,
    pub invoice_prefix: String,
    pub charge: String,
    pub payment_intent: String,
    pub checkout_session: String,
    pub dispute: String,
    pub test_clock: String,
}

impl ObjectIds {
    pub fn fresh(gen: &mut IdGen) -> ObjectIds {
        let prefix: String = gen.id("x")[2..10].to_ascii_uppercase();
        ObjectIds {
            event: gen.id("evt"),
            request: gen.id("req"),
            idempotency_key: gen.id("idem")[5..].to_string(),
            customer: gen.id("cus"),
            subscription: gen.id("sub"),
            subscription_item: gen.id("si"),
            invoice: gen.id("in"),
            invoice_line: gen.id("il"),
            invoice_prefix: prefix,
            charge: gen.id("ch"),
            payment_intent: gen.id("pi"),
            checkout_session: gen.id("cs_test"),
            dispute: gen.id("dp"),
            test_clock: gen.id("clock"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventFields {
    pub ids: ObjectIds,
    /// The event's `created`, unix seconds.
    pub created: i64,
    pub customer_email: String,
    pub customer_name: String,
    pub plan_tier: String,
    pub price_id: String,
    /// The default PaymentMethod: a test id, never a raw card number.
    pub payment_method: String,
    /// Subscription status; `None` uses the event type's usual status.
    pub status: Option<String>,
    /// Minor units.
    pub amount: i64,
    pub currency: String,
    pub period_start: i64,
    pub period_end: i64,
}

impl EventFields {
    /// A Pro subscriber named by the runbook's convention (`test+billing-YYYYMMDD@raxx.app`)
    /// whose monthly period starts now.
    pub fn sample(now: i64, gen: &mut IdGen) -> EventFields {
        let plan = &PLANS[0];
        let date = DateTime::from_unix(now);
        EventFields {
            ids: ObjectIds::fresh(gen),
            created: now,
            customer_email: format!("test+billing-{}@raxx.app", date.compact_date()),
            customer_name: format!("Test Customer {}", date.compact_date()),
            plan_tier: plan.tier.into(),
            price_id: plan.price_id.into(),
            payment_method: "pm_card_visa".into(),
            status: None,
            amount: plan.amount,
            currency: "usd".into(),
            period_start: now,
            period_end: period_end(now, plan.interval, i64::from(plan.interval_count)),
        }
    }
}
