//! Edits to event JSON as it stands in the editor: validation with line and column,
//! compact and pretty layouts, and the form's field changes applied at known paths.

use std::fmt;

use serde_json::Value;

use super::ObjectKind;
use crate::time::parse_instant;

/// Where the JSON stops being valid, for a message next to the editor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonProblem {
    /// 1-based line of the problem; 0 when there is no position (empty payload).
    pub line: usize,
    /// 1-based column within `line`.
    pub column: usize,
    /// serde_json's message without its "at line ..." suffix.
    pub message: String,
}

impl fmt::Display for JsonProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.message)
        } else {
            write!(
                f,
                "Line {}, column {}: {}",
                self.line, self.column, self.message
            )
        }
    }
}

/// Parses `text`, or says where and why it is not JSON.
pub fn check_json(text: &str) -> Result<Value, JsonProblem> {
    if text.trim().is_empty() {
        return Err(JsonProblem {
            line: 0,
            column: 0,
            message: "The payload is empty.".into(),
        });
    }
    serde_json::from_str(text).map_err(|err| {
        let full = err.to_string();
        let message = match full.rfind(" at line ") {
            Some(i) => full[..i].to_string(),
            None => full,
        };
        JsonProblem {
            line: err.line(),
            column: err.column(),
            message,
        }
    })
}

/// The whitespace of a JSON text: where encoders put spaces and line breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// No whitespace (`JSON.stringify(v)`, serde_json's `to_string`).
    Compact,
    /// Two-space indent, as Stripe sends events (`JSON.stringify(v, null, 2)`).
    Pretty,
    /// One line with `", "` between items and `": "` after keys: Python's `json.dumps`
    /// with its default separators.
    PythonDefault,
}

impl Layout {
    /// Every layout, in the order the diagnosis tries them.
    pub const ALL: [Layout; 3] = [Layout::Compact, Layout::Pretty, Layout::PythonDefault];

    /// The layout in words, to follow "in": "compact layout", "pretty-printed layout"...
    pub fn phrase(self) -> &'static str {
        match self {
            Layout::Compact => "compact layout",
            Layout::Pretty => "pretty-printed layout",
            Layout::PythonDefault => {
                "Python's default layout (\", \" between items, \": \" after keys, one line)"
            }
        }
    }
}

/// Re-serialises the JSON (key order kept). The bytes change, so the signature does too.
pub fn reformat(text: &str, layout: Layout) -> Result<String, JsonProblem> {
    let value = check_json(text)?;
    let out = match layout {
        Layout::Compact => serde_json::to_string(&value),
        Layout::Pretty => serde_json::to_string_pretty(&value),
        Layout::PythonDefault => Ok(crate::signature::encode_json(
            &value,
            crate::signature::JsonEncoding {
                layout,
                sorted_keys: false,
                escape_non_ascii: false,
            },
        )),
    };
    Ok(out.expect("a JSON value always serialises"))
}

/// A field the signer's form can change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// The customer's id (`cus_...`).
    CustomerId,
    /// The customer's email.
    CustomerEmail,
    /// The subscription's price id (`price_...`).
    PriceId,
    /// Queue's `plan_tier`, kept in the objects' metadata.
    PlanTier,
    /// The subscription's status.
    Status,
    /// An amount in minor units (cents), set on every total the object carries.
    Amount,
    /// The end of the current period: unix seconds or a date as people type it.
    PeriodEnd,
}

impl Field {
    /// Every field, in the form's order.
    pub const ALL: [Field; 7] = [
        Field::CustomerId,
        Field::CustomerEmail,
        Field::PriceId,
        Field::PlanTier,
        Field::Status,
        Field::Amount,
        Field::PeriodEnd,
    ];

    /// The form's label for the field.
    pub fn label(self) -> &'static str {
        match self {
            Field::CustomerId => "Customer id",
            Field::CustomerEmail => "Customer email",
            Field::PriceId => "Price id",
            Field::PlanTier => "Plan tier",
            Field::Status => "Subscription status",
            Field::Amount => "Amount (minor units, e.g. cents)",
            Field::PeriodEnd => "Period end",
        }
    }

    /// JSON pointers the field lives at, by object kind; only those present are set.
    fn paths(self, kind: ObjectKind) -> &'static [&'static str] {
        use Field::*;
        use ObjectKind::*;
        match (kind, self) {
            (Customer, CustomerId) => &["/data/object/id"],
            (Customer, CustomerEmail) => &["/data/object/email"],
            (Customer, PlanTier) => &["/data/object/metadata/plan_tier"],
            (Subscription, CustomerId) => &["/data/object/customer"],
            (Subscription, PriceId) => &["/data/object/items/data/0/price/id"],
            (Subscription, PlanTier) => &[
                "/data/object/metadata/plan_tier",
                "/data/object/items/data/0/price/lookup_key",
            ],
            (Subscription, Status) => &["/data/object/status"],
            (Subscription, Amount) => &["/data/object/items/data/0/price/unit_amount"],
            // From basil on, the period is on the subscription's items.
            (Subscription, PeriodEnd) => &[
                "/data/object/current_period_end",
                "/data/object/items/data/0/current_period_end",
            ],
            (Invoice, CustomerId) => &["/data/object/customer"],
            (Invoice, CustomerEmail) => &["/data/object/customer_email"],
            // From basil on, the line's price is under `pricing` and the invoice's
            // subscription under `parent`.
            (Invoice, PriceId) => &[
                "/data/object/lines/data/0/price/id",
                "/data/object/lines/data/0/pricing/price_details/price",
            ],
            (Invoice, PlanTier) => &[
                "/data/object/subscription_details/metadata/plan_tier",
                "/data/object/parent/subscription_details/metadata/plan_tier",
            ],
            (Invoice, Amount) => &[
                "/data/object/amount_due",
                "/data/object/subtotal",
                "/data/object/total",
                "/data/object/lines/data/0/amount",
                "/data/object/lines/data/0/price/unit_amount",
                "/data/object/lines/data/0/pricing/unit_amount_decimal",
            ],
            (Invoice, PeriodEnd) => &[
                "/data/object/period_end",
                "/data/object/lines/data/0/period/end",
            ],
            (CheckoutSession, CustomerId) => &["/data/object/customer"],
            (CheckoutSession, CustomerEmail) => &[
                "/data/object/customer_details/email",
                "/data/object/customer_email",
            ],
            (CheckoutSession, PlanTier) => &["/data/object/metadata/plan_tier"],
            (CheckoutSession, Amount) => {
                &["/data/object/amount_subtotal", "/data/object/amount_total"]
            }
            (Dispute, Amount) => &["/data/object/amount"],
            _ => &[],
        }
    }
}

/// The fields the form offers for an event whose object is `kind`.
pub fn editable_fields(kind: ObjectKind) -> Vec<Field> {
    Field::ALL
        .into_iter()
        .filter(|f| !f.paths(kind).is_empty())
        .collect()
}

/// Why a form edit could not be applied to the event JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    /// The text is not valid JSON.
    Json(JsonProblem),
    /// No `data.object.object` to say what the event carries.
    NotAnEvent,
    /// `data.object.object` names an object the form has no paths for.
    UnknownObject(String),
    /// The field has no place in this kind of event.
    FieldNotInEvent(Field),
    /// The typed value does not suit the field (a negative amount, an unreadable time).
    BadValue {
        /// The field being set.
        field: Field,
        /// What is wrong, in words for the person typing.
        message: String,
    },
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::Json(p) => write!(f, "Fix the JSON first. {p}"),
            EditError::NotAnEvent => write!(
                f,
                "The JSON has no data.object.object, so it is not a Stripe event."
            ),
            EditError::UnknownObject(o) => write!(
                f,
                "The form does not know \"{o}\" objects; edit the JSON directly."
            ),
            EditError::FieldNotInEvent(field) => {
                write!(f, "{} is not in this event.", field.label())
            }
            EditError::BadValue { message, .. } => write!(f, "{message}"),
        }
    }
}

fn parse_value(field: Field, value: &str) -> Result<Value, EditError> {
    let bad = |message: String| EditError::BadValue { field, message };
    match field {
        Field::Amount => value
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 0)
            .map(Value::from)
            .ok_or_else(|| bad(format!("Amount is in minor units: a whole number such as 1500 for $15.00, not \"{value}\"."))),
        Field::PeriodEnd => parse_instant(value).map(Value::from).map_err(bad),
        _ if value.trim().is_empty() => Err(bad(format!("{} cannot be empty.", field.label()))),
        _ => Ok(Value::from(value.trim())),
    }
}

/// The field's current value in the event (its first path present), as the form shows it.
pub fn read_field(event: &Value, field: Field) -> Option<String> {
    let kind: ObjectKind = event
        .pointer("/data/object/object")?
        .as_str()?
        .parse()
        .ok()?;
    field
        .paths(kind)
        .iter()
        .find_map(|path| match event.pointer(path)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
}

/// Swaps the event's `id` for `new_id` in place: only those characters change, so the
/// rest of the bytes (and a hand-made layout) stay as they are.
pub fn replace_event_id(text: &str, new_id: &str) -> Result<String, EditError> {
    let event = check_json(text).map_err(EditError::Json)?;
    let old = event
        .get("id")
        .and_then(Value::as_str)
        .ok_or(EditError::NotAnEvent)?;
    let quoted_old = Value::from(old).to_string();
    let quoted_new = Value::from(new_id).to_string();
    Ok(text.replacen(&quoted_old, &quoted_new, 1))
}

/// Sets `field` to `value` wherever it appears in the event and re-serialises (pretty).
pub fn apply_edit(text: &str, field: Field, value: &str) -> Result<String, EditError> {
    let mut event = check_json(text).map_err(EditError::Json)?;
    let object_name = event
        .pointer("/data/object/object")
        .and_then(Value::as_str)
        .ok_or(EditError::NotAnEvent)?
        .to_string();
    let kind = object_name
        .parse::<ObjectKind>()
        .map_err(|_| EditError::UnknownObject(object_name))?;
    let new_value = parse_value(field, value)?;
    let mut changed = 0;
    for path in field.paths(kind) {
        if let Some(slot) = event.pointer_mut(path) {
            // Stripe writes some amounts as decimal strings (`unit_amount_decimal`).
            *slot = match (&*slot, &new_value) {
                (Value::String(_), Value::Number(n)) => Value::String(n.to_string()),
                _ => new_value.clone(),
            };
            changed += 1;
        }
    }
    if field == Field::Amount && kind == ObjectKind::Invoice {
        // `paid` is gone from basil on: the status says it there.
        let paid = event.pointer("/data/object/paid").and_then(Value::as_bool) == Some(true)
            || event.pointer("/data/object/status").and_then(Value::as_str) == Some("paid");
        let (set, zero) = if paid {
            ("amount_paid", "amount_remaining")
        } else {
            ("amount_remaining", "amount_paid")
        };
        if let Some(object) = event
            .pointer_mut("/data/object")
            .and_then(Value::as_object_mut)
        {
            object.insert(set.into(), new_value.clone());
            object.insert(zero.into(), Value::from(0));
        }
    }
    if changed == 0 {
        return Err(EditError::FieldNotInEvent(field));
    }
    Ok(serde_json::to_string_pretty(&event).expect("a JSON value always serialises"))
}
