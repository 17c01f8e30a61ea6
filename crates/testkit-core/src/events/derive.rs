//! Fields whose values follow from others of the same object: set once here, for the
//! signer's templates and the replay alike, before [`complete`](super::shapes::complete)
//! fills what is left with Stripe's defaults.

use serde_json::{Map, Value};

use crate::json_object::object;

/// Derives what `event`'s object implies (its start date, its plan, its balances...).
pub fn derive(event: &mut Value) {
    // Only the clock cancels without an API request: the scenarios' dunning does.
    let by_clock = event["request"]["id"].is_null();
    let object = &mut event["data"]["object"];
    match object["object"].as_str() {
        Some("subscription") => subscription(object, by_clock),
        Some("invoice") => invoice(object),
        _ => {}
    }
}

fn hash(value: &mut Value) -> Option<&mut Map<String, Value>> {
    value.as_object_mut()
}

fn subscription(sub: &mut Value, by_clock: bool) {
    let created = sub["created"].clone();
    let canceled = !sub["canceled_at"].is_null();
    let Some(fields) = hash(sub) else { return };
    fields.insert("start_date".into(), created.clone());
    if canceled {
        let reason = if by_clock {
            "payment_failed"
        } else {
            "cancellation_requested"
        };
        fields.insert(
            "cancellation_details".into(),
            object([
                ("comment", Value::Null),
                ("feedback", Value::Null),
                ("reason", reason.into()),
            ]),
        );
    }
    if let Some(items) = sub["items"]["data"].as_array_mut() {
        for item in items {
            price(&mut item["price"], &created);
            let plan = plan(&item["price"]);
            if let Some(fields) = hash(item) {
                fields.insert("plan".into(), plan);
            }
        }
    }
}

/// A price as a subscription item or a 2024-06-20 line carries it.
fn price(price: &mut Value, created: &Value) {
    let amount = price["unit_amount"].clone();
    let Some(fields) = hash(price) else { return };
    fields.entry("created").or_insert_with(|| created.clone());
    fields.insert("unit_amount_decimal".into(), decimal(&amount));
}

/// The legacy plan Stripe still sends beside each price: the same amounts and interval.
fn plan(price: &Value) -> Value {
    object([
        ("id", price["id"].clone()),
        ("object", "plan".into()),
        ("amount", price["unit_amount"].clone()),
        ("amount_decimal", decimal(&price["unit_amount"])),
        ("created", price["created"].clone()),
        ("currency", price["currency"].clone()),
        ("interval", price["recurring"]["interval"].clone()),
        (
            "interval_count",
            price["recurring"]["interval_count"].clone(),
        ),
        ("product", price["product"].clone()),
    ])
}

/// Stripe's decimal strings: `"2900"` for 2900.
fn decimal(amount: &Value) -> Value {
    amount
        .as_i64()
        .map_or(Value::Null, |a| a.to_string().into())
}

fn invoice(invoice: &mut Value) {
    let draft = invoice["status"] == "draft";
    let id = invoice["id"].clone();
    let created = invoice["created"].as_i64().unwrap_or(0);
    let finalized = invoice["status_transitions"]["finalized_at"].clone();
    let (subtotal, total) = (invoice["subtotal"].clone(), invoice["total"].clone());
    let currency = invoice["currency"].clone();
    let customer = invoice["customer"].as_str().unwrap_or("").to_string();
    let url = |kind: &str| match (&id, draft) {
        (Value::String(id), false) => {
            format!("https://invoice.stripe.com/{kind}/acct_test/{id}").into()
        }
        _ => Value::Null,
    };
    let (hosted, pdf) = (url("i"), url("pdf"));
    let Some(fields) = hash(invoice) else { return };
    let values = [
        ("auto_advance", Value::from(true)),
        (
            "automatically_finalizes_at",
            if draft {
                (created + 3600).into()
            } else {
                Value::Null
            },
        ),
        ("effective_at", finalized),
        ("ending_balance", if draft { Value::Null } else { 0.into() }),
        ("hosted_invoice_url", hosted),
        ("invoice_pdf", pdf),
        ("subtotal_excluding_tax", subtotal),
        ("total_excluding_tax", total),
        (
            "webhooks_delivered_at",
            if draft { Value::Null } else { created.into() },
        ),
    ];
    for (key, value) in values {
        fields.insert(key.into(), value);
    }
    // A preview has no id: its lines are read through the upcoming-invoice endpoint.
    let lines_url = match &id {
        Value::String(id) => format!("/v1/invoices/{id}/lines"),
        _ => format!("/v1/invoices/upcoming/lines?customer={customer}"),
    };
    let lines = &mut invoice["lines"];
    lines["url"] = lines_url.into();
    let Some(data) = lines["data"].as_array_mut() else {
        return;
    };
    for line in data {
        let amount = line["amount"].clone();
        price(&mut line["price"], &created.into());
        let plan = plan(&line["price"]);
        let unit = decimal(&line["price"]["unit_amount"]);
        let Some(fields) = hash(line) else { continue };
        fields.insert("amount_excluding_tax".into(), amount.clone());
        fields.insert("currency".into(), currency.clone());
        fields.insert("invoice".into(), id.clone());
        fields.insert("plan".into(), plan);
        fields.insert("subtotal".into(), amount);
        fields.insert("unit_amount_excluding_tax".into(), unit);
    }
}
