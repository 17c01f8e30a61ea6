//! An event rendered in the 2024-06-20 shapes, moved into the shapes of the API version
//! the endpoint is on: from `2025-03-31.basil` the period lives on each subscription item,
//! an invoice names its subscription under `parent.subscription_details` (its lines
//! under `parent.subscription_item_details`, their price under `pricing`), and invoices
//! carry no `charge`, `payment_intent` or `paid`. Fields a version merely adds or drops
//! are [`complete`](super::shapes::complete)'s: here only what moves.

use serde_json::{Map, Value};

use super::version::ApiVersion;
use crate::json_object::object;

const PERIOD: [&str; 2] = ["current_period_end", "current_period_start"];

fn map(value: &mut Value) -> &mut Map<String, Value> {
    value
        .as_object_mut()
        .expect("Stripe objects are JSON objects")
}

/// Inserts where Stripe puts it: keys in alphabetical order after `id` and `object`.
fn insert_sorted(fields: &mut Map<String, Value>, key: &str, value: Value) {
    let at = fields
        .keys()
        .position(|k| k != "id" && k != "object" && k.as_str() > key)
        .unwrap_or(fields.len());
    fields.shift_insert(at, key.to_string(), value);
}

/// Puts `event` into `version`'s shapes.
pub fn reshape(event: &mut Value, version: ApiVersion) {
    event["api_version"] = version.as_str().into();
    if version == ApiVersion::V20240620 {
        return;
    }
    let data = map(&mut event["data"]);
    let object = data.get_mut("object").expect("events carry data.object");
    match object["object"].as_str() {
        Some("subscription") => {
            move_period_to_items(object);
            let items = object["items"].clone();
            if let Some(previous) = data.get_mut("previous_attributes") {
                previous_period_to_items(previous, items);
            }
        }
        Some("invoice") => invoice_parent(object),
        _ => {}
    }
}

/// Moves the subscription's period onto each of its items.
fn move_period_to_items(subscription: &mut Value) {
    let fields = map(subscription);
    let period: Vec<(String, Value)> = PERIOD
        .iter()
        .filter_map(|k| fields.shift_remove(*k).map(|v| (k.to_string(), v)))
        .collect();
    if let Some(items) = subscription["items"]["data"].as_array_mut() {
        for item in items {
            let item = map(item);
            for (key, value) in &period {
                insert_sorted(item, key, value.clone());
            }
        }
    }
}

/// A changed period in `previous_attributes` becomes the items as they were.
fn previous_period_to_items(previous: &mut Value, mut items: Value) {
    let fields = map(previous);
    let old: Vec<(&str, Value)> = PERIOD
        .iter()
        .filter_map(|k| fields.shift_remove(*k).map(|v| (*k, v)))
        .collect();
    if old.is_empty() {
        return;
    }
    if let Some(list) = items["data"].as_array_mut() {
        for item in list {
            for (key, value) in &old {
                item[*key] = value.clone();
            }
        }
    }
    insert_sorted(fields, "items", items);
}

/// The invoice's and its lines' subscription under `parent`; payments no longer on it.
fn invoice_parent(invoice: &mut Value) {
    let fields = map(invoice);
    for gone in ["charge", "payment_intent", "paid"] {
        fields.shift_remove(gone);
    }
    let subscription = fields.shift_remove("subscription").unwrap_or(Value::Null);
    let details = fields
        .shift_remove("subscription_details")
        .unwrap_or_else(|| object([("metadata", object([]))]));
    insert_sorted(
        fields,
        "parent",
        object([
            ("quote_details", Value::Null),
            (
                "subscription_details",
                object([
                    ("metadata", details["metadata"].clone()),
                    ("subscription", subscription),
                ]),
            ),
            ("type", "subscription_details".into()),
        ]),
    );
    let Some(lines) = invoice["lines"]["data"].as_array_mut() else {
        return;
    };
    for line in lines {
        let fields = map(line);
        let take = |fields: &mut Map<String, Value>, key: &str| {
            fields.shift_remove(key).unwrap_or(Value::Null)
        };
        let price = take(fields, "price");
        // basil keeps the line's own `subscription` beside the parent's.
        let subscription = fields.get("subscription").cloned().unwrap_or(Value::Null);
        let item = take(fields, "subscription_item");
        let proration = fields.shift_remove("proration").unwrap_or(false.into());
        insert_sorted(
            fields,
            "parent",
            object([
                ("invoice_item_details", Value::Null),
                (
                    "subscription_item_details",
                    object([
                        ("invoice_item", Value::Null),
                        ("proration", proration),
                        (
                            "proration_details",
                            object([("credited_items", Value::Null)]),
                        ),
                        ("subscription", subscription),
                        ("subscription_item", item),
                    ]),
                ),
                ("type", "subscription_item_details".into()),
            ]),
        );
        insert_sorted(
            fields,
            "pricing",
            object([
                (
                    "price_details",
                    object([
                        ("price", price["id"].clone()),
                        ("product", price["product"].clone()),
                    ]),
                ),
                ("type", "price_details".into()),
                (
                    "unit_amount_decimal",
                    price["unit_amount"].to_string().into(),
                ),
            ]),
        );
    }
}
