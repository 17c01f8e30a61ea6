//! A received Stripe event, checked for the shape the receiver needs, with its type read
//! once into an [`EventKind`] that the receiver dispatches on.

use serde_json::Value;

/// How a subscription event ranks among events of the same second: a subscription is
/// created before it changes, and deleted last.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SubscriptionEvent {
    Created = 0,
    Changed = 1,
    Deleted = 2,
}

/// What the receiver does with an event, from its `type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// `customer.created`, `customer.updated`.
    CustomerUpserted,
    /// `customer.deleted`.
    CustomerDeleted,
    /// `customer.subscription.*`.
    Subscription(SubscriptionEvent),
    /// `invoice.*`; `payment_failed` for `invoice.payment_failed`.
    Invoice { payment_failed: bool },
    /// `checkout.session.completed`.
    CheckoutCompleted,
    /// Recorded with the named action, nothing else: disputes, test clocks.
    Recorded(&'static str),
    /// A type the receiver does not handle: recorded as processed only.
    Unhandled,
}

impl EventKind {
    pub fn of(event_type: &str) -> EventKind {
        match event_type {
            "customer.created" | "customer.updated" => EventKind::CustomerUpserted,
            "customer.deleted" => EventKind::CustomerDeleted,
            "customer.subscription.created" => EventKind::Subscription(SubscriptionEvent::Created),
            "customer.subscription.deleted" => EventKind::Subscription(SubscriptionEvent::Deleted),
            "invoice.payment_failed" => EventKind::Invoice {
                payment_failed: true,
            },
            "checkout.session.completed" => EventKind::CheckoutCompleted,
            t if t.starts_with("customer.subscription.") => {
                EventKind::Subscription(SubscriptionEvent::Changed)
            }
            t if t.starts_with("invoice.") => EventKind::Invoice {
                payment_failed: false,
            },
            t if t.starts_with("charge.dispute.") => EventKind::Recorded("dispute.recorded"),
            t if t.starts_with("test_helpers.test_clock.") => {
                EventKind::Recorded("test_clock.recorded")
            }
            _ => EventKind::Unhandled,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct StripeEvent {
    pub id: String,
    pub event_type: String,
    pub kind: EventKind,
    pub created: i64,
    /// `data.object`.
    pub object: Value,
}

impl StripeEvent {
    /// Reads a webhook body, or says why it is not a usable test-mode event.
    pub fn from_body(body: &[u8]) -> Result<StripeEvent, String> {
        let value: Value =
            serde_json::from_slice(body).map_err(|e| format!("The body is not JSON ({e})."))?;
        if value.get("object").and_then(Value::as_str) != Some("event") {
            return Err("The body is not a Stripe event (its \"object\" is not \"event\").".into());
        }
        let text = |key: &str| {
            value
                .get(key)
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
        };
        let id = text("id").ok_or("The event has no id.")?;
        let event_type = text("type").ok_or("The event has no type.")?;
        if value.get("livemode").and_then(Value::as_bool) == Some(true) {
            return Err(
                "A live-mode event (livemode: true): the sandbox accepts test-mode events only."
                    .into(),
            );
        }
        let created = value
            .get("created")
            .and_then(Value::as_i64)
            .ok_or("The event has no created time.")?;
        let object = value
            .pointer("/data/object")
            .filter(|o| o.is_object())
            .cloned()
            .ok_or("The event has no data.object.")?;
        Ok(StripeEvent {
            id: id.to_string(),
            event_type: event_type.to_string(),
            kind: EventKind::of(event_type),
            created,
            object,
        })
    }

    pub fn str_at(&self, pointer: &str) -> Option<&str> {
        self.object.pointer(pointer).and_then(Value::as_str)
    }

    pub fn i64_at(&self, pointer: &str) -> Option<i64> {
        self.object.pointer(pointer).and_then(Value::as_i64)
    }

    pub fn bool_at(&self, pointer: &str) -> Option<bool> {
        self.object.pointer(pointer).and_then(Value::as_bool)
    }

    /// `data.object.id`.
    pub fn object_id(&self) -> Option<&str> {
        self.str_at("/id")
    }

    /// The Stripe customer the event is about: the object itself for customer events,
    /// its `customer` otherwise.
    pub fn customer_named(&self) -> Option<&str> {
        match self.kind {
            EventKind::CustomerUpserted | EventKind::CustomerDeleted => self.object_id(),
            _ => self.str_at("/customer"),
        }
    }

    /// The Stripe subscription the event is about: the object itself for subscription
    /// events; an invoice's `subscription` (API versions from 2025-03-31:
    /// `parent.subscription_details.subscription`).
    pub fn subscription_named(&self) -> Option<&str> {
        match self.kind {
            EventKind::Subscription(_) => self.object_id(),
            EventKind::Invoice { .. } => self
                .str_at("/subscription")
                .or_else(|| self.str_at("/parent/subscription_details/subscription")),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explains_what_is_missing() {
        let err = |body: &str| StripeEvent::from_body(body.as_bytes()).unwrap_err();
        assert!(err("nope").starts_with("The body is not JSON"));
        assert!(err(r#"{"type":"x"}"#).contains("not a Stripe event"));
        assert_eq!(
            err(r#"{"object":"event","type":"x"}"#),
            "The event has no id."
        );
        assert!(
            err(r#"{"id":"evt_1","type":"x","object":"customer"}"#).contains("not a Stripe event")
        );
        assert!(err(r#"{"id":"evt_1","type":"x","object":"event","livemode":true,"created":1,"data":{"object":{}}}"#).contains("live-mode"));
        assert_eq!(
            err(r#"{"id":"evt_1","type":"x","object":"event","created":1,"data":{}}"#),
            "The event has no data.object."
        );
        let ok = StripeEvent::from_body(
            br#"{"id":"evt_1","type":"x","object":"event","created":5,"data":{"object":{"a":1}}}"#,
        )
        .unwrap();
        assert_eq!(
            (ok.id.as_str(), ok.created, ok.kind),
            ("evt_1", 5, EventKind::Unhandled)
        );
    }

    #[test]
    fn types_are_read_once_into_kinds() {
        use SubscriptionEvent::*;
        let cases = [
            ("customer.updated", EventKind::CustomerUpserted),
            ("customer.deleted", EventKind::CustomerDeleted),
            (
                "customer.subscription.created",
                EventKind::Subscription(Created),
            ),
            (
                "customer.subscription.trial_will_end",
                EventKind::Subscription(Changed),
            ),
            (
                "customer.subscription.deleted",
                EventKind::Subscription(Deleted),
            ),
            (
                "invoice.payment_failed",
                EventKind::Invoice {
                    payment_failed: true,
                },
            ),
            (
                "invoice.paid",
                EventKind::Invoice {
                    payment_failed: false,
                },
            ),
            (
                "charge.dispute.created",
                EventKind::Recorded("dispute.recorded"),
            ),
            ("payment_intent.created", EventKind::Unhandled),
        ];
        for (event_type, kind) in cases {
            assert_eq!(EventKind::of(event_type), kind, "{event_type}");
        }
        assert!(Created < Changed && Changed < Deleted);
    }
}
