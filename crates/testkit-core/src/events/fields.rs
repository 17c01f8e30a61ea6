//! The values an event template is filled with: linked object ids and the fields people
//! change (customer, plan, status, amount, period).

use super::ids::IdGen;
use super::version::ApiVersion;
use crate::clock::period_end;
use crate::plans::PLANS;
use crate::time::DateTime;

/// One id per Stripe object an event can name, shared by every template so that the
/// events of one test run refer to each other.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectIds {
    /// The event's own id (`evt_...`), which receivers use to spot redeliveries.
    pub event: String,
    /// `request.id` (`req_...`): the API call that caused the event.
    pub request: String,
    /// `request.idempotency_key` sent with that call.
    pub idempotency_key: String,
    /// The customer (`cus_...`) every object of the run belongs to.
    pub customer: String,
    /// The subscription (`sub_...`) that invoices and checkout sessions point at.
    pub subscription: String,
    /// The subscription's single item (`si_...`).
    pub subscription_item: String,
    /// The invoice (`in_...`).
    pub invoice: String,
    /// The invoice's single line (`il_...`).
    pub invoice_line: String,
    /// Eight upper-case characters the customer's invoice numbers start with
    /// (`ABCD1234-0001`).
    pub invoice_prefix: String,
    /// The charge (`ch_...`) an invoice payment or a dispute refers to.
    pub charge: String,
    /// The PaymentIntent (`pi_...`) behind the invoice and the charge.
    pub payment_intent: String,
    /// The Checkout Session (`cs_test_...`).
    pub checkout_session: String,
    /// The dispute (`dp_...`).
    pub dispute: String,
    /// The test clock (`clock_...`).
    pub test_clock: String,
}

impl ObjectIds {
    /// A new set of ids from `gen`: the same seed gives the same ids.
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

/// Everything an event template needs: the linked ids and the values the form can change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventFields {
    /// Ids of the objects the event names.
    pub ids: ObjectIds,
    /// The event's `created`, unix seconds.
    pub created: i64,
    /// The customer's email; by the runbook's convention `test+billing-YYYYMMDD@raxx.app`.
    pub customer_email: String,
    /// The customer's display name.
    pub customer_name: String,
    /// Queue's `plan_tier` (`pro`, `pro_plus`, `founders`): written to the objects' metadata
    /// and used to pick the product, interval and line label.
    pub plan_tier: String,
    /// The Stripe price id (`price_...`) of the subscription's item.
    pub price_id: String,
    /// The default PaymentMethod: a test id, never a raw card number.
    pub payment_method: String,
    /// Subscription status; `None` uses the event type's usual status.
    pub status: Option<String>,
    /// Minor units.
    pub amount: i64,
    /// Lower-case ISO currency code (`usd`).
    pub currency: String,
    /// Start of the billing period, unix seconds.
    pub period_start: i64,
    /// End of the billing period, unix seconds.
    pub period_end: i64,
    /// The API version whose shapes the event takes.
    pub api_version: ApiVersion,
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
            api_version: ApiVersion::V20240620,
        }
    }
}
