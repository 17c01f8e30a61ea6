//! Stripe webhook event templates: realistic test-mode events whose ids link up (the
//! invoice names the subscription and the customer), and the edits a form makes to them.

mod derive;
mod edit;
mod fields;
mod ids;
mod reshape;
pub mod shapes;
mod version;

pub use edit::{
    apply_edit, check_json, editable_fields, read_field, reformat, replace_event_id, EditError,
    Field, JsonProblem, Layout,
};
pub use fields::{EventFields, ObjectIds};
pub use ids::IdGen;
pub use version::ApiVersion;

use serde_json::Value;

use crate::json_object;
use crate::time::DAY;

crate::text_enum! {
    /// The shape of `data.object`.
    ///
    /// The `object` value Stripe gives this kind.
    pub enum ObjectKind {
        /// `customer`.
        Customer = "customer",
        /// `subscription`.
        Subscription = "subscription",
        /// `invoice`.
        Invoice = "invoice",
        /// `checkout.session`.
        CheckoutSession = "checkout.session",
        /// `dispute`.
        Dispute = "dispute",
        /// `test_helpers.test_clock`.
        TestClock = "test_helpers.test_clock",
    }
}

impl ObjectKind {
    fn template(self) -> &'static str {
        match self {
            ObjectKind::Customer => include_str!("templates/customer.json"),
            ObjectKind::Subscription => include_str!("templates/subscription.json"),
            ObjectKind::Invoice => include_str!("templates/invoice.json"),
            ObjectKind::CheckoutSession => include_str!("templates/checkout_session.json"),
            ObjectKind::Dispute => include_str!("templates/dispute.json"),
            ObjectKind::TestClock => include_str!("templates/test_clock.json"),
        }
    }
}

crate::text_enum! {
    /// Every event type the signer offers a template for.
    ///
    /// The event's `type`, e.g. `invoice.payment_failed`.
    pub enum EventType {
        /// `customer.created`.
        CustomerCreated = "customer.created",
        /// `customer.updated`.
        CustomerUpdated = "customer.updated",
        /// `customer.deleted`.
        CustomerDeleted = "customer.deleted",
        /// `customer.subscription.created`.
        SubscriptionCreated = "customer.subscription.created",
        /// `customer.subscription.updated`.
        SubscriptionUpdated = "customer.subscription.updated",
        /// `customer.subscription.deleted`.
        SubscriptionDeleted = "customer.subscription.deleted",
        /// `customer.subscription.trial_will_end`.
        SubscriptionTrialWillEnd = "customer.subscription.trial_will_end",
        /// `invoice.created`.
        InvoiceCreated = "invoice.created",
        /// `invoice.finalized`.
        InvoiceFinalized = "invoice.finalized",
        /// `invoice.payment_succeeded`.
        InvoicePaymentSucceeded = "invoice.payment_succeeded",
        /// `invoice.payment_failed`.
        InvoicePaymentFailed = "invoice.payment_failed",
        /// `invoice.upcoming`.
        InvoiceUpcoming = "invoice.upcoming",
        /// `checkout.session.completed`.
        CheckoutSessionCompleted = "checkout.session.completed",
        /// `charge.dispute.created`.
        ChargeDisputeCreated = "charge.dispute.created",
        /// `test_helpers.test_clock.ready`.
        TestClockReady = "test_helpers.test_clock.ready",
    }
}

impl EventType {
    /// The kind of object the event carries in `data.object`.
    pub fn object_kind(self) -> ObjectKind {
        use EventType::*;
        match self {
            CustomerCreated | CustomerUpdated | CustomerDeleted => ObjectKind::Customer,
            SubscriptionCreated
            | SubscriptionUpdated
            | SubscriptionDeleted
            | SubscriptionTrialWillEnd => ObjectKind::Subscription,
            InvoiceCreated
            | InvoiceFinalized
            | InvoicePaymentSucceeded
            | InvoicePaymentFailed
            | InvoiceUpcoming => ObjectKind::Invoice,
            CheckoutSessionCompleted => ObjectKind::CheckoutSession,
            ChargeDisputeCreated => ObjectKind::Dispute,
            TestClockReady => ObjectKind::TestClock,
        }
    }

    /// The subscription status an event of this type usually carries.
    pub fn default_status(self) -> &'static str {
        match self {
            EventType::SubscriptionDeleted => "canceled",
            EventType::SubscriptionTrialWillEnd => "trialing",
            _ => "active",
        }
    }
}

/// The event as pretty-printed JSON (2-space indent, Stripe's key order).
///
/// Sign the text exactly as returned: re-serialising it (another layout or key order)
/// changes the signature.
///
/// ```
/// use testkit_core::events::{render_event, EventFields, EventType, IdGen};
///
/// let now = 1_781_697_600; // 2026-06-17T12:00:00Z
/// // A Pro subscriber with fresh ids; the same seed gives the same ids.
/// let mut fields = EventFields::sample(now, &mut IdGen::new(7));
/// fields.amount = 2900;
/// let text = render_event(EventType::InvoicePaymentFailed, &fields);
/// assert!(text.starts_with("{\n  \"id\": \"evt_"));
///
/// let event: serde_json::Value = serde_json::from_str(&text).unwrap();
/// assert_eq!(event["type"], "invoice.payment_failed");
/// assert_eq!(event["livemode"], false);
/// let invoice = &event["data"]["object"];
/// assert_eq!(invoice["object"], "invoice");
/// assert_eq!(invoice["amount_due"], 2900);
/// assert_eq!(invoice["paid"], false);
/// // The invoice names the same customer and subscription as the run's other events.
/// assert_eq!(invoice["customer"].as_str(), Some(fields.ids.customer.as_str()));
/// assert_eq!(invoice["subscription"].as_str(), Some(fields.ids.subscription.as_str()));
/// ```
pub fn render_event(event_type: EventType, fields: &EventFields) -> String {
    let value = build_event(event_type, fields);
    serde_json::to_string_pretty(&value).expect("a JSON value always serialises")
}

/// The event as a JSON value, in the shapes of `fields.api_version`.
pub fn build_event(event_type: EventType, fields: &EventFields) -> Value {
    let mut event = build_base(event_type, fields);
    shape_event(&mut event, fields.api_version);
    event
}

/// Puts an event built in the 2024-06-20 layout into `version`'s shapes with every field
/// Stripe sends: derived values, moved fields, defaults. The signer and the replay both
/// finish their events with it, so an object is shaped in one place.
pub fn shape_event(event: &mut Value, version: ApiVersion) {
    derive::derive(event);
    reshape::reshape(event, version);
    let data = &mut event["data"];
    shapes::complete(&mut data["object"], version);
    // What a change replaced (a subscription's items before it) is shaped the same way.
    if let Some(previous) = data
        .get_mut("previous_attributes")
        .and_then(Value::as_object_mut)
    {
        previous
            .values_mut()
            .for_each(|v| shapes::complete(v, version));
    }
}

/// The template filled, in the 2024-06-20 layout and before [`shape_event`]: the replay
/// sets its own values into it first.
pub fn build_base(event_type: EventType, fields: &EventFields) -> Value {
    let kind = event_type.object_kind();
    let values = placeholder_values(event_type, fields);
    let text = fill(kind.template(), &values);
    let Ok(mut event) = serde_json::from_str::<Value>(&text) else {
        panic!("templates are valid JSON once filled");
    };
    adjust(event_type, fields, &mut event);
    event
}

/// Replaces each `{{name}}` with the JSON value of that name.
fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 512);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find("}}").expect("placeholders are closed");
        let name = &after[..end];
        let value = values
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("no value for placeholder {name}"));
        out.push_str(&value.1);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

/// Type-specific structure the templates cannot express as values.
fn adjust(event_type: EventType, fields: &EventFields, event: &mut Value) {
    let object = &mut event["data"]["object"];
    match event_type {
        // An upcoming invoice is a preview: it has no id yet.
        EventType::InvoiceUpcoming => {
            if let Some(map) = object.as_object_mut() {
                map.shift_remove("id");
            }
        }
        EventType::CustomerUpdated => {
            event["data"]["previous_attributes"] =
                json_object::object([("email", "previous-email@raxx.app".into())]);
        }
        EventType::SubscriptionUpdated => {
            let length = fields.period_end - fields.period_start;
            event["data"]["previous_attributes"] = json_object::object([
                ("current_period_end", fields.period_start.into()),
                (
                    "current_period_start",
                    (fields.period_start - length).into(),
                ),
            ]);
        }
        _ => {}
    }
}

/// JSON text of a string value (quoted and escaped).
fn text(value: &str) -> String {
    Value::from(value).to_string()
}

const NULL: &str = "null";

/// `value` when `cond` holds, JSON null otherwise.
fn or_null(cond: bool, value: String) -> String {
    if cond {
        value
    } else {
        NULL.into()
    }
}

/// Every placeholder's JSON text. Built as text rather than `json!` values: the templates
/// are filled by substitution, and this keeps the browser bundle small.
fn placeholder_values(t: EventType, f: &EventFields) -> Vec<(&'static str, String)> {
    use EventType::*;
    let ids = &f.ids;
    let plan = crate::plans::plan_for_tier(&f.plan_tier);
    let created = f.created;
    let status = f
        .status
        .clone()
        .unwrap_or_else(|| t.default_status().to_string());
    let canceled = t == SubscriptionDeleted;
    let trial = t == SubscriptionTrialWillEnd || status == "trialing";
    // Invoice state by event type: (status, paid, attempted, attempt_count).
    let (invoice_status, paid, attempted, attempts) = match t {
        InvoiceCreated | InvoiceUpcoming => ("draft", false, false, 0),
        InvoicePaymentSucceeded => ("paid", true, true, 1),
        InvoicePaymentFailed => ("open", false, true, 1),
        _ => ("open", false, false, 0),
    };
    let charged = matches!(t, InvoicePaymentSucceeded | InvoicePaymentFailed);
    let finalized = !matches!(t, InvoiceCreated | InvoiceUpcoming);
    let next_attempt = match t {
        InvoicePaymentFailed => (created + 3 * DAY).to_string(),
        InvoiceCreated => (created + 3600).to_string(),
        InvoiceUpcoming => f.period_start.to_string(),
        _ => NULL.into(),
    };
    let plan_label = plan.map_or(f.plan_tier.as_str(), |p| p.label);
    let clock_date = crate::time::DateTime::from_unix(created).compact_date();
    vec![
        ("event_id", text(&ids.event)),
        ("created", created.to_string()),
        ("type", text(t.as_str())),
        ("request_id", text(&ids.request)),
        ("idempotency_key", text(&ids.idempotency_key)),
        ("customer_id", text(&ids.customer)),
        ("customer_email", text(&f.customer_email)),
        ("customer_name", text(&f.customer_name)),
        ("currency", text(&f.currency)),
        ("invoice_prefix", text(&ids.invoice_prefix)),
        ("payment_method_id", text(&f.payment_method)),
        ("plan_tier", text(&f.plan_tier)),
        ("period_start", f.period_start.to_string()),
        ("period_end", f.period_end.to_string()),
        ("subscription_id", text(&ids.subscription)),
        ("subscription_item_id", text(&ids.subscription_item)),
        (
            "items_url",
            text(&format!(
                "/v1/subscription_items?subscription={}",
                ids.subscription
            )),
        ),
        ("price_id", text(&f.price_id)),
        (
            "product_id",
            text(plan.map_or("prod_test_custom", |p| p.product_id)),
        ),
        (
            "interval",
            text(plan.map_or("month", |p| p.interval.as_str())),
        ),
        (
            "interval_count",
            plan.map_or(1, |p| p.interval_count).to_string(),
        ),
        ("amount", f.amount.to_string()),
        ("status", text(&status)),
        ("cancel_at", or_null(canceled, created.to_string())),
        ("cancel_at_period_end", "false".into()),
        ("canceled_at", or_null(canceled, created.to_string())),
        ("ended_at", or_null(canceled, created.to_string())),
        ("trial_start", or_null(trial, f.period_start.to_string())),
        ("trial_end", or_null(trial, f.period_end.to_string())),
        ("invoice_id", text(&ids.invoice)),
        ("invoice_line_id", text(&ids.invoice_line)),
        (
            "invoice_number",
            or_null(finalized, text(&format!("{}-0001", ids.invoice_prefix))),
        ),
        ("invoice_status", text(invoice_status)),
        ("paid", paid.to_string()),
        ("attempted", attempted.to_string()),
        ("attempt_count", attempts.to_string()),
        ("amount_paid", if paid { f.amount } else { 0 }.to_string()),
        (
            "amount_remaining",
            if paid { 0 } else { f.amount }.to_string(),
        ),
        (
            "billing_reason",
            text(if t == InvoiceUpcoming {
                "upcoming"
            } else {
                "subscription_cycle"
            }),
        ),
        ("invoice_charge", or_null(charged, text(&ids.charge))),
        (
            "invoice_payment_intent",
            or_null(finalized, text(&ids.payment_intent)),
        ),
        ("next_payment_attempt", next_attempt),
        ("finalized_at", or_null(finalized, created.to_string())),
        ("paid_at", or_null(paid, created.to_string())),
        (
            "line_description",
            text(&format!(
                "1 × {plan_label} (at {})",
                money(f.amount, &f.currency)
            )),
        ),
        ("checkout_session_id", text(&ids.checkout_session)),
        ("expires_at", (f.period_start + DAY).to_string()),
        ("dispute_id", text(&ids.dispute)),
        ("charge_id", text(&ids.charge)),
        ("payment_intent_id", text(&ids.payment_intent)),
        ("due_by", (created + 7 * DAY).to_string()),
        ("test_clock_id", text(&ids.test_clock)),
        ("deletes_after", (created + 30 * DAY).to_string()),
        (
            "test_clock_name",
            text(&format!("raxx-billing-test-{clock_date}")),
        ),
    ]
}

/// "$15.00" for 1500 usd; other currencies as "15.00 EUR".
pub fn money(minor: i64, currency: &str) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let units = minor.abs();
    let amount = format!("{}.{:02}", units / 100, units % 100);
    if currency.eq_ignore_ascii_case("usd") {
        format!("{sign}${amount}")
    } else {
        format!("{sign}{amount} {}", currency.to_ascii_uppercase())
    }
}

#[cfg(test)]
mod shape_tests;
#[cfg(test)]
mod tests;
