//! The events as JSON in the 2024-06-20 layout: the signer's templates
//! ([`build_base`]) with every field the replay knows set to the object as it stands
//! at the event; [`shape_event`](crate::events::shape_event) then gives them every
//! field of the run's API version. One net line per invoice (a proration's credit and
//! charge together) and `total` equal to `amount_due`: the scenarios have no discounts
//! or taxes.

use serde_json::Value;

use super::life::{Invoice, Kind, Life, Moment, Sub};
use crate::clock::Interval;
use crate::events::{build_base, money, EventFields, EventType, ObjectIds};
use crate::json_object::{self, object};
use crate::plans::plan_for_tier;
use crate::time::DateTime;

/// What every event of a run shares.
pub struct RunObjects {
    /// `clock_replay_...`.
    pub clock: String,
    /// The clock's name, as the playbook's script gives it.
    pub clock_name: String,
    /// The clock's start date (`20260617`), in the customers' names.
    pub date: String,
    /// The test product the scenario's prices belong to.
    pub product: String,
    /// How often the scenario bills.
    pub interval: Interval,
}

/// Sets the field at `pointer` (which the template has).
fn set(value: &mut Value, pointer: &str, new: Value) {
    *value
        .pointer_mut(pointer)
        .unwrap_or_else(|| panic!("the template has {pointer}")) = new;
}

fn opt<T: Into<Value>>(value: Option<T>) -> Value {
    value.map_or(Value::Null, Into::into)
}

/// The template closest to `kind`; its `type` is set afterwards.
fn template(kind: Kind) -> EventType {
    match kind {
        Kind::TestClockCreated => EventType::TestClockReady,
        Kind::CustomerCreated | Kind::PaymentMethodAttached => EventType::CustomerCreated,
        Kind::CustomerUpdated => EventType::CustomerUpdated,
        Kind::SubscriptionCreated => EventType::SubscriptionCreated,
        Kind::SubscriptionTrialWillEnd => EventType::SubscriptionTrialWillEnd,
        Kind::SubscriptionDeleted => EventType::SubscriptionDeleted,
        Kind::SubscriptionUpdated | Kind::SubscriptionPaused | Kind::SubscriptionResumed => {
            EventType::SubscriptionUpdated
        }
        Kind::InvoiceUpcoming => EventType::InvoiceUpcoming,
        Kind::InvoiceCreated => EventType::InvoiceCreated,
        Kind::InvoiceFinalized | Kind::InvoiceUpdated => EventType::InvoiceFinalized,
        Kind::InvoicePaid | Kind::InvoicePaymentSucceeded => EventType::InvoicePaymentSucceeded,
        Kind::InvoicePaymentFailed => EventType::InvoicePaymentFailed,
    }
}

impl RunObjects {
    /// The template's values for `life` at `at`, before the fields are set one by one.
    fn fields(&self, life: Option<&Life>, at: i64) -> EventFields {
        let sub = life.and_then(|l| l.sub.as_ref());
        let invoice = life.and_then(Life::newest);
        let id = |prefix: &str| life.map_or_else(String::new, |l| l.id(prefix, &[]));
        let (tier, price, amount) = sub.map_or(("pro", String::new(), 0), |s| {
            (s.tier, s.price.id.clone(), s.price.amount)
        });
        EventFields {
            ids: ObjectIds {
                event: String::new(),
                request: String::new(),
                idempotency_key: String::new(),
                customer: life.map_or_else(String::new, |l| l.customer_id.clone()),
                subscription: life.map_or_else(String::new, |l| l.subscription_id.clone()),
                subscription_item: id("si"),
                invoice: invoice.map_or_else(String::new, |i| i.id.clone()),
                invoice_line: invoice.map_or_else(String::new, |i| {
                    life.map_or_else(String::new, |l| l.id("il", &[i.seq]))
                }),
                invoice_prefix: life.map_or_else(String::new, Life::invoice_prefix),
                charge: String::new(),
                payment_intent: String::new(),
                checkout_session: String::new(),
                dispute: String::new(),
                test_clock: self.clock.clone(),
            },
            created: at,
            customer_email: life.map_or_else(String::new, |l| l.email.clone()),
            customer_name: life.map_or_else(String::new, |l| self.customer_name(l)),
            plan_tier: tier.into(),
            price_id: price,
            payment_method: life.and_then(|l| l.default_pm.clone()).unwrap_or_default(),
            status: sub.map(|s| s.status.as_str().to_string()),
            amount,
            currency: "usd".into(),
            period_start: sub.map_or(at, |s| s.period.0),
            period_end: sub.map_or(at, |s| s.period.1),
            // The stream shapes each event for its version once the values are set.
            api_version: crate::events::ApiVersion::V20240620,
        }
    }

    /// As the playbook's script names its customers.
    fn customer_name(&self, life: &Life) -> String {
        format!("Clock Test {} {}", self.date, life.n)
    }

    /// The event for `m` (its envelope's id, request and version are set by the stream).
    pub fn event(&self, m: &Moment, life: Option<&Life>) -> Value {
        let mut event = build_base(template(m.kind), &self.fields(life, m.at));
        set(&mut event, "/type", m.kind.as_str().into());
        let object = &mut event["data"]["object"];
        match (m.kind, life) {
            (Kind::TestClockCreated, _) => {
                set(object, "/created", m.at.into());
                set(object, "/name", self.clock_name.clone().into());
            }
            (Kind::PaymentMethodAttached, Some(life)) => *object = self.payment_method(life, m.at),
            (Kind::CustomerCreated | Kind::CustomerUpdated, Some(life)) => {
                self.customer(object, life);
                if m.kind == Kind::CustomerUpdated {
                    let previous = opt(life.previous_pm.clone());
                    event["data"]["previous_attributes"] = json_object::object([(
                        "invoice_settings",
                        json_object::object([("default_payment_method", previous)]),
                    )]);
                }
            }
            (Kind::InvoiceUpcoming, Some(life)) => self.upcoming(object, life, m),
            (kind, Some(life)) if kind.is_invoice() => {
                let invoice = life
                    .newest()
                    .expect("invoice events follow invoice.created");
                self.invoice(object, life, invoice);
            }
            (kind, Some(life)) => {
                let sub = life
                    .sub
                    .as_ref()
                    .expect("subscription events follow its creation");
                self.subscription(object, life, sub);
                let data = event["data"].as_object_mut().expect("data is an object");
                data.shift_remove("previous_attributes");
                if matches!(
                    kind,
                    Kind::SubscriptionUpdated
                        | Kind::SubscriptionPaused
                        | Kind::SubscriptionResumed
                ) {
                    let old = life.previous.as_ref().unwrap_or(sub);
                    data.insert("previous_attributes".into(), changes(old, sub));
                }
            }
            (_, None) => unreachable!("a customer's event without its customer"),
        }
        event
    }

    fn customer(&self, object: &mut Value, life: &Life) {
        set(object, "/created", life.created.into());
        set(object, "/description", Value::Null);
        set(
            object,
            "/metadata",
            json_object::object([("user_id", life.user_id.clone().into())]),
        );
        set(
            object,
            "/invoice_settings/default_payment_method",
            opt(life.default_pm.clone()),
        );
        set(object, "/test_clock", self.clock.clone().into());
    }

    /// Both of the scenarios' test cards (`pm_card_visa`, `pm_card_chargeCustomerFail`)
    /// are Visa credit cards; the replay does not say which one a step attaches, so the
    /// card reads as `pm_card_visa` (last4 4242) with the checks a test card passes.
    fn payment_method(&self, life: &Life, at: i64) -> Value {
        let null = || Value::Null;
        let card = object([
            ("brand", "visa".into()),
            (
                "checks",
                object([
                    ("address_line1_check", null()),
                    ("address_postal_code_check", null()),
                    ("cvc_check", "pass".into()),
                ]),
            ),
            ("country", "US".into()),
            ("display_brand", "visa".into()),
            ("exp_month", 12.into()),
            ("exp_year", (DateTime::from_unix(at).year + 3).into()),
            ("fingerprint", "Xt5EWLLDS7FJjR1c".into()),
            ("funding", "credit".into()),
            ("generated_from", null()),
            ("last4", "4242".into()),
            (
                "networks",
                object([("available", vec!["visa"].into()), ("preferred", null())]),
            ),
            ("regulated_status", "unregulated".into()),
            ("three_d_secure_usage", object([("supported", true.into())])),
            ("wallet", null()),
        ]);
        object([
            ("id", opt(life.attached.clone())),
            ("object", "payment_method".into()),
            ("card", card),
            ("created", at.into()),
            ("customer", life.customer_id.clone().into()),
            ("livemode", false.into()),
            ("metadata", object([])),
        ])
    }

    fn subscription(&self, object: &mut Value, life: &Life, sub: &Sub) {
        let cancel_at = sub.cancel_at_period_end.then_some(sub.period.1);
        let values = [
            ("/billing_cycle_anchor", sub.anchor.into()),
            ("/cancel_at", opt(cancel_at)),
            ("/cancel_at_period_end", sub.cancel_at_period_end.into()),
            ("/canceled_at", opt(sub.canceled_at)),
            ("/created", sub.created.into()),
            ("/default_payment_method", opt(life.default_pm.clone())),
            ("/ended_at", opt(sub.ended_at)),
            ("/items/data/0/created", sub.created.into()),
            ("/items/data/0/price/lookup_key", Value::Null),
            ("/items/data/0/price/product", self.product.clone().into()),
            (
                "/items/data/0/price/recurring/interval",
                self.interval.as_str().into(),
            ),
            ("/items/data/0/price/recurring/interval_count", 1.into()),
            ("/latest_invoice", opt(life.newest().map(|i| i.id.clone()))),
            ("/test_clock", self.clock.clone().into()),
            ("/trial_start", opt(sub.trial.map(|t| t.0))),
            ("/trial_end", opt(sub.trial.map(|t| t.1))),
        ];
        for (pointer, value) in values {
            set(object, pointer, value);
        }
    }

    fn invoice(&self, object: &mut Value, life: &Life, invoice: &Invoice) {
        let paid = invoice.status == crate::stripe::InvoiceStatus::Paid;
        let amount = invoice.amount_due;
        let values = [
            ("/amount_due", amount.into()),
            ("/amount_paid", if paid { amount } else { 0 }.into()),
            ("/amount_remaining", if paid { 0 } else { amount }.into()),
            ("/attempt_count", invoice.attempt_count.into()),
            ("/attempted", invoice.attempted.into()),
            ("/billing_reason", invoice.billing_reason.into()),
            ("/charge", opt(invoice.charge.clone())),
            ("/created", invoice.created.into()),
            ("/next_payment_attempt", opt(invoice.next_payment_attempt)),
            ("/number", opt(invoice.number.clone())),
            ("/paid", paid.into()),
            ("/payment_intent", opt(invoice.payment_intent.clone())),
            ("/period_start", invoice.period.0.into()),
            ("/period_end", invoice.period.1.into()),
            ("/status", invoice.status.as_str().into()),
            (
                "/status_transitions/finalized_at",
                opt(invoice.finalized_at),
            ),
            ("/status_transitions/paid_at", opt(invoice.paid_at)),
            (
                "/subscription_details/metadata/plan_tier",
                invoice.tier.into(),
            ),
            ("/subtotal", amount.into()),
            ("/total", amount.into()),
            ("/test_clock", self.clock.clone().into()),
        ];
        for (pointer, value) in values {
            set(object, pointer, value);
        }
        self.line(object, life, invoice, amount);
    }

    /// The invoice's one line: what it bills, for which period.
    fn line(&self, object: &mut Value, life: &Life, invoice: &Invoice, amount: i64) {
        let label = plan_for_tier(invoice.tier).map_or(invoice.tier, |p| p.label);
        let description = if invoice.billing_reason == "subscription_update" {
            let date = DateTime::from_unix(invoice.created).date();
            format!("Remaining time on {label} after {date}, less unused time on the previous plan")
        } else {
            format!(
                "1 × {label} (at {} / {})",
                money(invoice.price.amount, "usd"),
                self.interval
            )
        };
        let line = &mut object["lines"]["data"][0];
        let values = [
            ("/id", life.id("il", &[invoice.seq]).into()),
            ("/amount", amount.into()),
            ("/description", description.into()),
            ("/period/start", invoice.line_period.0.into()),
            ("/period/end", invoice.line_period.1.into()),
            ("/price/id", invoice.price.id.clone().into()),
            ("/price/product", self.product.clone().into()),
            ("/price/unit_amount", invoice.price.amount.into()),
            ("/price/lookup_key", Value::Null),
            ("/price/recurring/interval", self.interval.as_str().into()),
            ("/price/recurring/interval_count", 1.into()),
        ];
        for (pointer, value) in values {
            set(line, pointer, value);
        }
        // The line's item and whether it prorates (key order is shape_event's).
        let proration = invoice.billing_reason == "subscription_update";
        set(line, "/proration", proration.into());
        set(line, "/subscription_item", life.id("si", &[]).into());
    }

    /// A preview of the next renewal: the current price for the period after this one.
    fn upcoming(&self, object: &mut Value, life: &Life, m: &Moment) {
        let sub = life
            .sub
            .as_ref()
            .expect("a preview follows the subscription");
        let next_end = m
            .after
            .subscription
            .as_ref()
            .map_or(sub.period.1, |s| s.current_period_end);
        let preview = Invoice {
            id: String::new(),
            seq: life.invoices.len() + 1,
            created: m.at,
            status: crate::stripe::InvoiceStatus::Draft,
            billing_reason: "upcoming",
            amount_due: sub.price.amount,
            attempt_count: 0,
            attempted: false,
            next_payment_attempt: Some(sub.period.1),
            finalized_at: None,
            paid_at: None,
            number: None,
            payment_intent: None,
            charge: None,
            period: sub.period,
            line_period: (sub.period.1, next_end),
            tier: sub.tier,
            price: sub.price.clone(),
        };
        self.invoice(object, life, &preview);
    }
}

/// `previous_attributes`: what the last change to the subscription replaced.
fn changes(old: &Sub, new: &Sub) -> Value {
    let mut changed = serde_json::Map::new();
    if old.anchor != new.anchor {
        changed.insert("billing_cycle_anchor".into(), old.anchor.into());
    }
    if old.cancel_at_period_end != new.cancel_at_period_end {
        let cancel_at = old.cancel_at_period_end.then_some(old.period.1);
        changed.insert("cancel_at".into(), opt(cancel_at));
        changed.insert(
            "cancel_at_period_end".into(),
            old.cancel_at_period_end.into(),
        );
        changed.insert("canceled_at".into(), opt(old.canceled_at));
    }
    if old.period != new.period {
        changed.insert("current_period_end".into(), old.period.1.into());
        changed.insert("current_period_start".into(), old.period.0.into());
    }
    if old.tier != new.tier {
        changed.insert("metadata".into(), object([("plan_tier", old.tier.into())]));
    }
    if old.status != new.status {
        changed.insert("status".into(), old.status.as_str().into());
    }
    Value::Object(changed)
}
