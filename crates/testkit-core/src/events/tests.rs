//! Template integrity and form edits.

use serde_json::Value;

use super::*;

const NOW: i64 = 1_781_697_600; // 2026-06-17T12:00:00Z

fn sample() -> EventFields {
    EventFields::sample(NOW, &mut IdGen::new(1))
}

fn event(t: EventType) -> Value {
    serde_json::from_str(&render_event(t, &sample())).unwrap()
}

#[test]
fn every_template_is_a_complete_test_mode_event() {
    for t in EventType::ALL {
        let e = event(t);
        assert!(e["id"].as_str().unwrap().starts_with("evt_"), "{t:?}");
        assert_eq!(e["object"], "event");
        assert_eq!(e["api_version"], "2024-06-20");
        assert_eq!(e["created"], NOW);
        assert_eq!(e["livemode"], false);
        assert_eq!(e["pending_webhooks"], 1);
        assert!(e["request"].is_object());
        assert_eq!(e["type"], t.as_str());
        assert_eq!(
            e["data"]["object"]["object"],
            t.object_kind().as_str(),
            "{t:?}"
        );
        assert_eq!(e["data"]["object"]["livemode"], false, "{t:?}");
        let keys: Vec<_> = e.as_object().unwrap().keys().cloned().collect();
        assert_eq!(
            keys,
            [
                "id",
                "object",
                "api_version",
                "created",
                "data",
                "livemode",
                "pending_webhooks",
                "request",
                "type"
            ]
        );
    }
}

#[test]
fn ids_link_up_across_events() {
    let f = sample();
    let sub = event(EventType::SubscriptionCreated);
    let inv = event(EventType::InvoicePaymentFailed);
    let cus = event(EventType::CustomerCreated);
    let checkout = event(EventType::CheckoutSessionCompleted);
    assert_eq!(cus["data"]["object"]["id"], f.ids.customer.as_str());
    assert_eq!(sub["data"]["object"]["customer"], f.ids.customer.as_str());
    assert_eq!(inv["data"]["object"]["customer"], f.ids.customer.as_str());
    assert_eq!(
        inv["data"]["object"]["subscription"],
        f.ids.subscription.as_str()
    );
    assert_eq!(sub["data"]["object"]["id"], f.ids.subscription.as_str());
    assert_eq!(
        sub["data"]["object"]["latest_invoice"],
        f.ids.invoice.as_str()
    );
    assert_eq!(
        inv["data"]["object"]["lines"]["data"][0]["subscription"],
        f.ids.subscription.as_str()
    );
    assert_eq!(
        checkout["data"]["object"]["subscription"],
        f.ids.subscription.as_str()
    );
    assert!(checkout["data"]["object"]["id"]
        .as_str()
        .unwrap()
        .starts_with("cs_test_"));
}

#[test]
fn sample_follows_the_runbook_naming_and_never_a_raw_card() {
    let f = sample();
    assert_eq!(f.customer_email, "test+billing-20260617@raxx.app");
    assert_eq!(f.payment_method, "pm_card_visa");
    for t in EventType::ALL {
        let text = render_event(t, &f);
        assert!(!text.contains("4242424242424242"), "{t:?}");
    }
}

#[test]
fn states_follow_the_event_type() {
    let deleted = event(EventType::SubscriptionDeleted);
    assert_eq!(deleted["data"]["object"]["status"], "canceled");
    assert_eq!(deleted["data"]["object"]["ended_at"], NOW);
    let trial = event(EventType::SubscriptionTrialWillEnd);
    assert_eq!(trial["data"]["object"]["status"], "trialing");
    assert!(trial["data"]["object"]["trial_end"].is_i64());
    let paid = event(EventType::InvoicePaymentSucceeded);
    assert_eq!(paid["data"]["object"]["status"], "paid");
    assert_eq!(paid["data"]["object"]["amount_paid"], 1500);
    assert_eq!(paid["data"]["object"]["status_transitions"]["paid_at"], NOW);
    let failed = event(EventType::InvoicePaymentFailed);
    assert_eq!(failed["data"]["object"]["status"], "open");
    assert_eq!(failed["data"]["object"]["attempt_count"], 1);
    assert_eq!(
        failed["data"]["object"]["next_payment_attempt"],
        NOW + 3 * 86_400
    );
    let upcoming = event(EventType::InvoiceUpcoming);
    assert!(upcoming["data"]["object"].get("id").is_none());
    let updated = event(EventType::SubscriptionUpdated);
    assert!(updated["data"]["previous_attributes"]["current_period_end"].is_i64());
    assert_eq!(
        event(EventType::CustomerUpdated)["data"]["previous_attributes"]["email"],
        "previous-email@raxx.app"
    );
    let clock = event(EventType::TestClockReady);
    assert_eq!(clock["data"]["object"]["status"], "ready");
    assert_eq!(clock["data"]["object"]["frozen_time"], NOW);
}

#[test]
fn period_is_one_month_for_pro() {
    let sub = event(EventType::SubscriptionCreated);
    assert_eq!(sub["data"]["object"]["current_period_start"], NOW);
    assert_eq!(
        crate::time::rfc3339(
            sub["data"]["object"]["current_period_end"]
                .as_i64()
                .unwrap()
        ),
        "2026-07-17T12:00:00Z"
    );
}

#[test]
fn event_types_round_trip_by_name() {
    for t in EventType::ALL {
        assert_eq!(t.as_str().parse::<EventType>().ok(), Some(t));
    }
    assert!("nope".parse::<EventType>().is_err());
}

#[test]
fn money_formats() {
    assert_eq!(money(1500, "usd"), "$15.00");
    assert_eq!(money(5, "eur"), "0.05 EUR");
    assert_eq!(money(-250, "usd"), "-$2.50");
}

#[test]
fn json_problems_have_line_and_column() {
    let problem = check_json("{\n  \"a\": 1,\n  \"b\" 2\n}").unwrap_err();
    assert_eq!((problem.line, problem.column), (3, 7));
    assert_eq!(problem.to_string(), "Line 3, column 7: expected `:`");
    assert_eq!(
        check_json("  ").unwrap_err().to_string(),
        "The payload is empty."
    );
    assert!(check_json("{\"a\":1} x")
        .unwrap_err()
        .to_string()
        .starts_with("Line 1, column 9"));
}

#[test]
fn reformat_keeps_key_order() {
    let text = "{\"z\":1,\"a\":{\"y\":[1,2]}}";
    let pretty = reformat(text, Layout::Pretty).unwrap();
    assert_eq!(
        pretty,
        "{\n  \"z\": 1,\n  \"a\": {\n    \"y\": [\n      1,\n      2\n    ]\n  }\n}"
    );
    assert_eq!(reformat(&pretty, Layout::Compact).unwrap(), text);
}

#[test]
fn form_edits_set_every_path_of_the_field() {
    let text = render_event(EventType::InvoicePaymentSucceeded, &sample());
    let edited = apply_edit(&text, Field::Amount, "4200").unwrap();
    let v: Value = serde_json::from_str(&edited).unwrap();
    for path in ["amount_due", "subtotal", "total", "amount_paid"] {
        assert_eq!(v["data"]["object"][path], 4200, "{path}");
    }
    assert_eq!(v["data"]["object"]["amount_remaining"], 0);
    assert_eq!(v["data"]["object"]["lines"]["data"][0]["amount"], 4200);

    let text = render_event(EventType::SubscriptionUpdated, &sample());
    let edited = apply_edit(&text, Field::Status, "past_due").unwrap();
    let edited = apply_edit(&edited, Field::PeriodEnd, "2026-08-01").unwrap();
    let edited = apply_edit(&edited, Field::CustomerId, "cus_custom").unwrap();
    let v: Value = serde_json::from_str(&edited).unwrap();
    assert_eq!(v["data"]["object"]["status"], "past_due");
    assert_eq!(v["data"]["object"]["current_period_end"], 1_785_542_400);
    assert_eq!(v["data"]["object"]["customer"], "cus_custom");
    // Hand edits elsewhere survive a form edit.
    let hand = text.replace("\"quantity\": 1", "\"quantity\": 7");
    let v: Value =
        serde_json::from_str(&apply_edit(&hand, Field::Status, "unpaid").unwrap()).unwrap();
    assert_eq!(v["data"]["object"]["items"]["data"][0]["quantity"], 7);
}

#[test]
fn form_edits_follow_the_fields_where_basil_and_endive_moved_them() {
    for version in [ApiVersion::Basil, ApiVersion::Endive] {
        let fields = EventFields {
            api_version: version,
            ..sample()
        };
        let text = render_event(EventType::SubscriptionUpdated, &fields);
        let edited = apply_edit(&text, Field::PeriodEnd, "2026-08-01").unwrap();
        let v: Value = serde_json::from_str(&edited).unwrap();
        let item = &v["data"]["object"]["items"]["data"][0];
        assert_eq!(item["current_period_end"], 1_785_542_400, "{version}");
        assert!(
            v["data"]["object"].get("current_period_end").is_none(),
            "{version}"
        );
        assert_eq!(
            read_field(&v, Field::PeriodEnd).as_deref(),
            Some("1785542400")
        );

        let text = render_event(EventType::InvoicePaymentSucceeded, &fields);
        let edited = apply_edit(&text, Field::Amount, "4200").unwrap();
        let edited = apply_edit(&edited, Field::PlanTier, "founders").unwrap();
        let edited = apply_edit(&edited, Field::PriceId, "price_custom").unwrap();
        let v: Value = serde_json::from_str(&edited).unwrap();
        let line = &v["data"]["object"]["lines"]["data"][0];
        assert_eq!(line["amount"], 4200, "{version}");
        assert_eq!(v["data"]["object"]["amount_paid"], 4200, "{version}");
        // A decimal string stays a string.
        assert_eq!(line["pricing"]["unit_amount_decimal"], "4200", "{version}");
        assert_eq!(line["pricing"]["price_details"]["price"], "price_custom");
        assert_eq!(
            v["data"]["object"]["parent"]["subscription_details"]["metadata"]["plan_tier"],
            "founders"
        );
    }
}

#[test]
fn form_edits_explain_what_they_cannot_do() {
    let clock = render_event(EventType::TestClockReady, &sample());
    assert_eq!(
        apply_edit(&clock, Field::Amount, "1"),
        Err(EditError::FieldNotInEvent(Field::Amount))
    );
    let sub = render_event(EventType::SubscriptionCreated, &sample());
    let err = apply_edit(&sub, Field::Amount, "15.00").unwrap_err();
    assert!(err.to_string().contains("minor units"), "{err}");
    assert!(apply_edit(&sub, Field::PeriodEnd, "soon")
        .unwrap_err()
        .to_string()
        .contains("\"soon\""));
    assert!(matches!(
        apply_edit("{", Field::Status, "x"),
        Err(EditError::Json(_))
    ));
    assert_eq!(
        apply_edit("{\"a\":1}", Field::Status, "x"),
        Err(EditError::NotAnEvent)
    );
    assert!(editable_fields(ObjectKind::TestClock).is_empty());
    assert_eq!(editable_fields(ObjectKind::Subscription).len(), 6);
}

#[test]
fn the_form_reads_what_the_editor_holds() {
    let text = render_event(EventType::InvoicePaymentFailed, &sample());
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(read_field(&v, Field::Amount).as_deref(), Some("1500"));
    assert_eq!(
        read_field(&v, Field::CustomerEmail).as_deref(),
        Some("test+billing-20260617@raxx.app")
    );
    assert_eq!(read_field(&v, Field::Status), None);
}

#[test]
fn a_new_event_id_changes_only_the_id() {
    let compact = reformat(
        &render_event(EventType::CustomerCreated, &sample()),
        Layout::Compact,
    )
    .unwrap();
    let old = sample().ids.event;
    let renewed = replace_event_id(&compact, "evt_new").unwrap();
    assert_eq!(renewed, compact.replacen(&old, "evt_new", 1));
    assert!(!renewed.contains(&old));
    assert_eq!(replace_event_id("{}", "evt_x"), Err(EditError::NotAnEvent));
}
