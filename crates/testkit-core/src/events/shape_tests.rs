//! The field tables and the shaping every event goes through: version masks, defaults,
//! dropped and ordered keys, what each version moves, and derived values that agree with
//! the scenario's.

use serde_json::{json, Value};

use super::shapes::{complete, entries, kinds, table, Entry};
use super::*;

const NOW: i64 = 1_781_697_600; // 2026-06-17T12:00:00Z

fn event(t: EventType, version: ApiVersion) -> Value {
    let mut fields = EventFields::sample(NOW, &mut IdGen::new(3));
    fields.api_version = version;
    build_event(t, &fields)
}

#[test]
fn entries_follow_their_version_masks() {
    let body = "a b@1 c@23=f d{e@3 f=s:x}";
    let names = |v| entries(body, v).map(|(n, _)| n).collect::<Vec<_>>();
    assert_eq!(names(ApiVersion::V20240620), ["a", "b", "d"]);
    assert_eq!(names(ApiVersion::Basil), ["a", "c", "d"]);
    assert_eq!(names(ApiVersion::Endive), ["a", "c", "d"]);
    let all: Vec<_> = entries(body, ApiVersion::Endive).collect();
    assert_eq!(all[0], ("a", Entry::Null));
    assert_eq!(all[1], ("c", Entry::Default("f")));
    assert_eq!(all[2], ("d", Entry::Nested("e@3 f=s:x")));
}

#[test]
fn every_table_parses_in_every_version() {
    for kind in kinds() {
        for version in ApiVersion::ALL {
            let mut object = json!({ "id": "x", "object": kind });
            complete(&mut object, version);
            assert_eq!(object["object"], kind);
        }
    }
    assert!(table("line_item").is_some() && table("charge").is_none());
}

#[test]
fn completing_adds_defaults_drops_strangers_and_orders_keys() {
    let mut object = json!({
        "zzz_unknown": 1,
        "test_clock": "clock_1",
        "object": "test_helpers.test_clock",
        "id": "clock_1",
        "created": 5,
        "name": "n",
        "frozen_time": 6,
        "deletes_after": 7,
        "status": "ready",
    });
    complete(&mut object, ApiVersion::V20240620);
    let keys: Vec<&str> = object
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "id",
            "object",
            "created",
            "deletes_after",
            "frozen_time",
            "livemode",
            "name",
            "status",
            "status_details"
        ]
    );
    assert_eq!(object["livemode"], false);
    assert_eq!(object["status_details"], json!({}));
}

#[test]
fn each_version_moves_what_it_moved() {
    let old = event(EventType::SubscriptionUpdated, ApiVersion::V20240620);
    let basil = event(EventType::SubscriptionUpdated, ApiVersion::Basil);
    let endive = event(EventType::SubscriptionUpdated, ApiVersion::Endive);
    for (e, version) in [
        (&old, "2024-06-20"),
        (&basil, "2025-03-31.basil"),
        (&endive, "2026-10-28.endive"),
    ] {
        assert_eq!(e["api_version"], version);
    }
    let sub = |e: &Value| e["data"]["object"].clone();
    let period_end = EventFields::sample(NOW, &mut IdGen::new(3)).period_end;
    assert_eq!(sub(&old)["current_period_end"], period_end);
    assert!(sub(&basil).get("current_period_end").is_none());
    assert_eq!(
        sub(&basil)["items"]["data"][0]["current_period_end"],
        sub(&old)["current_period_end"]
    );
    assert!(sub(&old).get("billing_mode").is_none() && sub(&basil).get("billing_mode").is_none());
    assert_eq!(
        sub(&endive)["billing_mode"],
        json!({ "flexible": null, "type": "classic" })
    );
    // basil's previous_attributes name the items as they were.
    assert!(
        basil["data"]["previous_attributes"]["items"]["data"][0]["current_period_end"].is_i64()
    );

    let paid = |v| event(EventType::InvoicePaymentSucceeded, v)["data"]["object"].clone();
    let (old, basil) = (paid(ApiVersion::V20240620), paid(ApiVersion::Basil));
    assert_eq!(old["paid"], true);
    assert!(basil.get("paid").is_none() && basil.get("charge").is_none());
    assert_eq!(
        basil["parent"]["subscription_details"]["subscription"],
        old["subscription"]
    );
    let line = &basil["lines"]["data"][0];
    assert_eq!(line["subscription"], old["subscription"]);
    assert_eq!(
        line["parent"]["subscription_item_details"]["proration"],
        false
    );
    let unit = old["lines"]["data"][0]["price"]["unit_amount"].to_string();
    assert_eq!(line["pricing"]["unit_amount_decimal"], unit.as_str());
}

#[test]
fn derived_values_agree_with_the_scenarios() {
    for version in ApiVersion::ALL {
        let sub = event(EventType::SubscriptionCreated, version)["data"]["object"].clone();
        assert_eq!(sub["start_date"], sub["created"], "{version}");
        let item = &sub["items"]["data"][0];
        assert_eq!(item["plan"]["amount"], item["price"]["unit_amount"]);
        assert_eq!(item["plan"]["id"], item["price"]["id"]);
        assert_eq!(sub["cancellation_details"]["reason"], Value::Null);

        let deleted = event(EventType::SubscriptionDeleted, version)["data"]["object"].clone();
        assert_eq!(
            deleted["cancellation_details"]["reason"],
            "cancellation_requested"
        );

        let paid = event(EventType::InvoicePaymentSucceeded, version)["data"]["object"].clone();
        assert_eq!(
            paid["effective_at"],
            paid["status_transitions"]["finalized_at"]
        );
        assert_eq!(paid["ending_balance"], 0);
        assert_eq!(paid["total_excluding_tax"], paid["total"]);
        assert!(paid["hosted_invoice_url"]
            .as_str()
            .unwrap()
            .ends_with(paid["id"].as_str().unwrap()));
        assert_eq!(
            paid["lines"]["url"],
            format!("/v1/invoices/{}/lines", paid["id"].as_str().unwrap())
        );

        let draft = event(EventType::InvoiceCreated, version)["data"]["object"].clone();
        assert_eq!(draft["ending_balance"], Value::Null);
        assert_eq!(draft["effective_at"], Value::Null);
        assert_eq!(
            draft["automatically_finalizes_at"],
            draft["created"].as_i64().unwrap() + 3600
        );
    }
}
