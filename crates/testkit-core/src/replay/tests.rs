//! Streams of every scenario: ids that hold together, one event per expected event and
//! customer, the same story as the scenario's expectation in both API shapes; seeded
//! delivery plans; reads and verdicts against Queue-shaped answers; the report.

use std::collections::{HashMap, HashSet};

use serde_json::{json, Value};

use super::*;
use crate::clock::{AfterRetries, ClockParams, Interval, Scenario};
use crate::time::{days_from_civil, rfc3339, DAY};

fn start() -> i64 {
    days_from_civil(2027, 1, 31) * DAY + 15 * 3600
}

fn options(api_version: ApiVersion, run: u64) -> StreamOptions {
    StreamOptions {
        api_version,
        run: RunTag::from_number(run),
    }
}

/// Every combination the page offers that changes the events.
fn all_streams(api_version: ApiVersion) -> Vec<Stream> {
    let mut out = Vec::new();
    for scenario in Scenario::ALL {
        for interval in Interval::ALL {
            for customers in 1..=3 {
                // Only dunning reads the retry settings.
                let settings = if scenario == Scenario::Dunning {
                    &AfterRetries::ALL[..]
                } else {
                    &AfterRetries::ALL[..1]
                };
                for &after in settings {
                    let mut p = ClockParams::new(start());
                    p.interval = interval;
                    p.customers = customers;
                    p.after_retries = after;
                    p.trial_days = if customers == 2 { 2 } else { 14 };
                    out.push(stream(scenario, &p, &options(api_version, 9)));
                }
            }
        }
    }
    out
}

/// The first step whose title has `part`.
fn step_index(run: &Stream, part: &str) -> usize {
    run.schedule
        .steps
        .iter()
        .position(|s| s.title.contains(part))
        .unwrap()
}

fn parse(event: &ReplayEvent) -> Value {
    serde_json::from_str(&event.body).expect("events are JSON")
}

/// Where an invoice names its subscription, in either shape.
fn invoice_subscription(object: &Value) -> Option<&str> {
    object["subscription"]
        .as_str()
        .or_else(|| object["parent"]["subscription_details"]["subscription"].as_str())
}

/// Where a subscription keeps its period end, in either shape.
fn period_end(object: &Value) -> Option<i64> {
    object["current_period_end"]
        .as_i64()
        .or_else(|| object["items"]["data"][0]["current_period_end"].as_i64())
}

#[test]
fn every_expected_event_is_one_event_per_customer_and_the_clocks_once() {
    for run in all_streams(ApiVersion::V20240620) {
        let customers = run.schedule.params.customers as usize;
        for (step, generated) in run.schedule.steps.iter().zip(&run.steps) {
            let expected: usize = step
                .events
                .iter()
                .map(|e| {
                    if e.event.starts_with("test_helpers.") {
                        1
                    } else {
                        customers
                    }
                })
                .sum();
            assert_eq!(generated.events.len(), expected, "{}", step.title);
            for (event, value) in generated.events.iter().map(|e| (e, parse(e))) {
                assert_eq!(value["type"], event.event_type);
                assert_eq!(value["created"], event.created);
                assert_eq!(value["livemode"], false);
                assert_eq!(value["object"], "event");
                assert_eq!(value["api_version"], "2024-06-20");
                assert!(step
                    .events
                    .iter()
                    .any(|e| e.event == event.event_type && e.at == event.created));
            }
        }
    }
}

#[test]
fn ids_are_synthetic_unique_and_consistent_across_a_scenario() {
    for version in ApiVersion::ALL {
        for run in all_streams(version) {
            let tag = run.options.run.as_str().to_string();
            let mut event_ids = HashSet::new();
            let mut invoices_of: HashMap<usize, Vec<String>> = HashMap::new();
            for event in run.steps.iter().flat_map(|s| &s.events) {
                assert!(event.id.starts_with(&format!("evt_replay_{tag}_")));
                assert!(event_ids.insert(event.id.clone()), "{} twice", event.id);
                let value = parse(event);
                let object = &value["data"]["object"];
                let Some(c) = event.customer else {
                    assert_eq!(object["id"], format!("clock_replay_{tag}"));
                    continue;
                };
                let customer = format!("cus_replay_{tag}_{}", c + 1);
                let subscription = format!("sub_replay_{tag}_{}", c + 1);
                match object["object"].as_str().unwrap() {
                    "customer" => assert_eq!(object["id"], customer.as_str()),
                    "payment_method" => assert_eq!(object["customer"], customer.as_str()),
                    "subscription" => {
                        assert_eq!(object["id"], subscription.as_str());
                        assert_eq!(object["customer"], customer.as_str());
                        assert_eq!(object["test_clock"], format!("clock_replay_{tag}"));
                    }
                    "invoice" => {
                        assert_eq!(object["customer"], customer.as_str());
                        assert_eq!(invoice_subscription(object), Some(subscription.as_str()));
                        if let Some(id) = object["id"].as_str() {
                            assert!(id.starts_with(&format!("in_replay_{tag}_{}_", c + 1)));
                            let seen = invoices_of.entry(c).or_default();
                            if seen.last().map(String::as_str) != Some(id) {
                                assert!(!seen.contains(&id.to_string()), "{id} came back");
                                seen.push(id.to_string());
                            }
                        } else {
                            assert_eq!(event.event_type, "invoice.upcoming");
                        }
                        if let Some(pi) = object["payment_intent"].as_str() {
                            assert!(pi.starts_with(&format!("pi_replay_{tag}_{}_", c + 1)));
                        }
                    }
                    other => panic!("unexpected object {other}"),
                }
            }
        }
    }
}

/// What a receiver that follows Stripe's objects would hold for each customer.
#[derive(Default)]
struct Seen {
    status: Option<String>,
    tier: Option<String>,
    cancel_at_period_end: Option<bool>,
    period_end: Option<i64>,
    trial_end: Option<Option<i64>>,
    invoices: Vec<String>,
    newest: Option<(String, i64)>,
}

#[test]
fn the_events_tell_the_story_the_scenario_expects_in_both_shapes() {
    for version in ApiVersion::ALL {
        for run in all_streams(version) {
            let mut seen: Vec<Seen> = run.steps[0]
                .expect
                .customers
                .iter()
                .map(|_| Seen::default())
                .collect();
            for (step, generated) in run.schedule.steps.iter().zip(&run.steps) {
                for event in &generated.events {
                    let Some(c) = event.customer else { continue };
                    let value = parse(event);
                    let object = &value["data"]["object"];
                    let s = &mut seen[c];
                    if object["object"] == "subscription" {
                        s.status = object["status"].as_str().map(str::to_string);
                        s.tier = object["metadata"]["plan_tier"].as_str().map(str::to_string);
                        s.cancel_at_period_end = object["cancel_at_period_end"].as_bool();
                        s.period_end = period_end(object);
                        s.trial_end = Some(object["trial_end"].as_i64());
                    }
                    if object["object"] == "invoice" {
                        if let Some(id) = object["id"].as_str() {
                            if !s.invoices.iter().any(|i| i == id) {
                                s.invoices.push(id.to_string());
                            }
                            s.newest = Some((
                                object["status"].as_str().unwrap().to_string(),
                                object["amount_due"].as_i64().unwrap(),
                            ));
                        }
                        if event.event_type == "invoice.payment_failed"
                            && matches!(s.status.as_deref(), Some("active" | "trialing"))
                        {
                            s.status = Some("past_due".into());
                        }
                    }
                }
                for (c, expect) in generated.expect.customers.iter().enumerate() {
                    let s = &seen[c];
                    let what = format!(
                        "{} {:?} step {:?} customer {c}",
                        run.schedule.scenario, version, step.title
                    );
                    match &expect.state.subscription {
                        None => assert!(s.status.is_none(), "{what}"),
                        Some(sub) => {
                            assert_eq!(s.status.as_deref(), Some(sub.status.as_str()), "{what}");
                            assert_eq!(s.tier.as_deref(), Some(sub.plan_tier), "{what}");
                            assert_eq!(
                                s.cancel_at_period_end,
                                Some(sub.cancel_at_period_end),
                                "{what}"
                            );
                            assert_eq!(s.period_end, Some(sub.current_period_end), "{what}");
                            assert_eq!(s.trial_end, Some(sub.trial_end), "{what}");
                        }
                    }
                    let invoices = &expect.state.invoices;
                    assert_eq!(s.invoices.len(), invoices.count, "{what}");
                    assert_eq!(s.invoices.last(), expect.newest_invoice.as_ref(), "{what}");
                    if let Some((status, amount)) = &s.newest {
                        if let Some(want) = invoices.newest {
                            assert_eq!(status, want.as_str(), "{what}");
                        }
                        assert_eq!(Some(*amount), invoices.newest_amount_due, "{what}");
                    }
                }
            }
        }
    }
}

fn find(run: &Stream, event_type: &str) -> Vec<Value> {
    run.steps
        .iter()
        .flat_map(|s| &s.events)
        .filter(|e| e.event_type == event_type)
        .map(parse)
        .collect()
}

#[test]
fn the_newer_shapes_keep_the_period_on_the_item_and_the_subscription_under_parent() {
    let p = ClockParams::new(start());
    let old = stream(Scenario::Dunning, &p, &options(ApiVersion::V20240620, 1));
    let new = stream(Scenario::Dunning, &p, &options(ApiVersion::Basil, 1));
    let sub_old = &find(&old, "customer.subscription.updated")[0];
    let sub_new = &find(&new, "customer.subscription.updated")[0];
    assert_eq!(sub_new["api_version"], "2025-03-31.basil");
    let (o, n) = (&sub_old["data"]["object"], &sub_new["data"]["object"]);
    assert!(n.get("current_period_end").is_none() && n.get("current_period_start").is_none());
    assert_eq!(
        n["items"]["data"][0]["current_period_end"],
        o["current_period_end"]
    );
    assert_eq!(
        n["items"]["data"][0]["current_period_start"],
        o["current_period_start"]
    );
    // The renewal's update names the period it replaced, on the items too.
    let previous = &sub_new["data"]["previous_attributes"];
    assert!(previous.get("current_period_end").is_none());
    assert_eq!(
        previous["items"]["data"][0]["current_period_end"],
        sub_old["data"]["previous_attributes"]["current_period_end"]
    );
    let failed_old = &find(&old, "invoice.payment_failed")[0]["data"]["object"];
    let failed_new = &find(&new, "invoice.payment_failed")[0]["data"]["object"];
    for gone in [
        "subscription",
        "subscription_details",
        "charge",
        "payment_intent",
        "paid",
    ] {
        assert!(failed_old.get(gone).is_some(), "{gone}");
        assert!(failed_new.get(gone).is_none(), "{gone}");
    }
    assert_eq!(failed_new["parent"]["type"], "subscription_details");
    assert_eq!(
        failed_new["parent"]["subscription_details"]["subscription"],
        failed_old["subscription"]
    );
    assert_eq!(
        failed_new["parent"]["subscription_details"]["metadata"]["plan_tier"],
        "pro"
    );
    let line = &failed_new["lines"]["data"][0];
    assert_eq!(
        line["parent"]["subscription_item_details"]["subscription"],
        failed_old["subscription"]
    );
    assert_eq!(
        line["pricing"]["price_details"]["price"],
        failed_old["lines"]["data"][0]["price"]["id"]
    );
    // The price moved under `pricing`; basil keeps the line's own `subscription`
    // (stripe-node 18's InvoiceLineItem declares it).
    assert!(line.get("price").is_none());
    assert_eq!(line["subscription"], failed_old["subscription"]);
    // Everything else is the same.
    assert_eq!(failed_new["attempt_count"], failed_old["attempt_count"]);
    assert_eq!(
        failed_new["next_payment_attempt"],
        failed_old["next_payment_attempt"]
    );
}

#[test]
fn dunning_counts_attempts_and_plans_each_retry() {
    let mut p = ClockParams::new(start());
    p.retries = 3;
    let run = stream(Scenario::Dunning, &p, &options(ApiVersion::V20240620, 1));
    let failures = find(&run, "invoice.payment_failed");
    let attempts: Vec<i64> = failures
        .iter()
        .map(|f| f["data"]["object"]["attempt_count"].as_i64().unwrap())
        .collect();
    assert_eq!(attempts, [1, 2, 3, 4]);
    // Each failure says when the next retry is: the next failure's time, then none.
    for pair in failures.windows(2) {
        assert_eq!(
            pair[0]["data"]["object"]["next_payment_attempt"],
            pair[1]["created"]
        );
    }
    assert_eq!(
        failures[3]["data"]["object"]["next_payment_attempt"],
        Value::Null
    );
    let charges: HashSet<&str> = failures
        .iter()
        .map(|f| f["data"]["object"]["charge"].as_str().unwrap())
        .collect();
    assert_eq!(charges.len(), 4, "a charge per attempt");
    let renewal = &failures[0]["data"]["object"];
    assert_eq!(renewal["billing_reason"], "subscription_cycle");
    assert_eq!(renewal["status"], "open");
    // A renewal invoice looks back on the period before; its line bills the new one.
    let sub = &find(&run, "customer.subscription.created")[0]["data"]["object"];
    assert_eq!(renewal["period_start"], sub["current_period_start"]);
    assert_eq!(renewal["period_end"], sub["current_period_end"]);
    assert_eq!(
        renewal["lines"]["data"][0]["period"]["start"],
        sub["current_period_end"]
    );
    let deleted = &find(&run, "customer.subscription.deleted")[0]["data"]["object"];
    assert_eq!(deleted["status"], "canceled");
    assert_eq!(deleted["ended_at"], failures[3]["created"]);
}

#[test]
fn cancellations_trials_and_plan_changes_carry_their_fields() {
    let p = ClockParams::new(start());
    let v = ApiVersion::V20240620;
    let cancel = stream(Scenario::CancelAtPeriodEnd, &p, &options(v, 1));
    let update = &find(&cancel, "customer.subscription.updated")[0];
    assert_eq!(update["data"]["object"]["cancel_at_period_end"], true);
    assert_eq!(
        update["data"]["object"]["cancel_at"],
        update["data"]["object"]["current_period_end"]
    );
    assert_eq!(
        update["data"]["previous_attributes"]["cancel_at_period_end"],
        false
    );
    assert_eq!(
        update["request"]["id"]
            .as_str()
            .map(|r| r.starts_with("req_replay_")),
        Some(true)
    );
    let deleted = &find(&cancel, "customer.subscription.deleted")[0];
    assert_eq!(
        deleted["request"]["id"],
        Value::Null,
        "the clock's own doing"
    );

    let trial = stream(Scenario::TrialExpiry, &p, &options(v, 1));
    let created = &find(&trial, "customer.subscription.created")[0]["data"]["object"];
    assert_eq!(created["status"], "trialing");
    assert_eq!(created["trial_end"], trial.schedule.trial_end.unwrap());
    assert_eq!(
        created["billing_cycle_anchor"],
        trial.schedule.trial_end.unwrap()
    );
    let first = &find(&trial, "invoice.paid")[0]["data"]["object"];
    assert_eq!(
        (
            first["amount_due"].as_i64(),
            first["billing_reason"].as_str()
        ),
        (Some(0), Some("subscription_create"))
    );
    assert_eq!(first["payment_intent"], Value::Null, "nothing to charge");

    let paused = stream(Scenario::TrialWithoutPaymentMethod, &p, &options(v, 1));
    let pause = &find(&paused, "customer.subscription.paused")[0];
    assert_eq!(pause["data"]["object"]["status"], "paused");
    let update = &find(&paused, "customer.subscription.updated")[0];
    assert_eq!(
        update["data"]["previous_attributes"]["status"], "trialing",
        "both name what the pause replaced"
    );
    let resumed = &find(&paused, "customer.subscription.resumed")[0]["data"]["object"];
    assert_eq!(
        resumed["billing_cycle_anchor"], resumed["current_period_start"],
        "billing_cycle_anchor=now"
    );

    let mut three = p.clone();
    three.customers = 3;
    let change = stream(Scenario::PlanChange, &three, &options(v, 1));
    let step = step_index(&change, "Change plan");
    let prorations: Vec<Value> = change.steps[step]
        .events
        .iter()
        .filter(|e| e.event_type == "invoice.paid")
        .map(parse)
        .collect();
    let amounts: Vec<i64> = prorations
        .iter()
        .map(|e| e["data"]["object"]["amount_due"].as_i64().unwrap())
        .collect();
    assert_eq!(amounts, [750, 0, 0]);
    assert!(prorations
        .iter()
        .all(|e| e["data"]["object"]["billing_reason"] == "subscription_update"));
}

#[test]
fn runs_differ_only_by_their_tag_and_each_tag_names_its_customers() {
    let p = ClockParams::new(start());
    let a = stream(Scenario::Renewal, &p, &options(ApiVersion::V20240620, 1));
    assert_eq!(
        a,
        stream(Scenario::Renewal, &p, &options(ApiVersion::V20240620, 1))
    );
    let b = stream(Scenario::Renewal, &p, &options(ApiVersion::V20240620, 0));
    assert_ne!(a.options.run, b.options.run);
    let email = |s: &Stream| s.steps[2].expect.customers[0].state.email.clone();
    assert_ne!(email(&a), email(&b));
    assert!(crate::subscribers::is_runbook_test_email(&email(&a)));
    assert!(email(&a).contains(&format!("-r{}@", a.options.run.as_str())));
    let customer = &find(&a, "customer.created")[0]["data"]["object"];
    assert_eq!(customer["email"], email(&a));
    let ids = |s: &Stream| -> HashSet<String> {
        s.steps
            .iter()
            .flat_map(|st| &st.events)
            .map(|e| e.id.clone())
            .collect()
    };
    assert!(ids(&a).is_disjoint(&ids(&b)));
}

#[test]
fn shares_read_as_people_write_them() {
    assert_eq!(Share::parse("0.2").unwrap().of(10), 2);
    assert_eq!(Share::parse(".25").unwrap().of(8), 2);
    assert_eq!(Share::parse("20%").unwrap(), Share::parse("0.2").unwrap());
    assert_eq!(Share::parse("1").unwrap().of(7), 7);
    assert_eq!(Share::parse("0").unwrap().of(7), 0);
    assert_eq!(Share::parse("0.333").unwrap().percent(), "33.3%");
    assert_eq!(Share::parse("0.3").unwrap().percent(), "30%");
    for bad in ["1.5", "-0.1", "abc", "", ".", "150%", "0.1234567"] {
        assert!(
            Share::parse(bad).unwrap_err().contains("share from 0 to 1"),
            "{bad}"
        );
    }
}

#[test]
fn plans_deliver_every_event_once_plus_the_redeliveries_after_their_first() {
    let mut p = ClockParams::new(start());
    p.customers = 3;
    let run = stream(Scenario::Dunning, &p, &options(ApiVersion::V20240620, 1));
    let share = Share::parse("0.3").unwrap();
    for order in Order::ALL {
        let o = DeliveryOptions {
            order,
            redeliver: share,
            seed: 7,
        };
        let planned = plan(&run, &o);
        assert_eq!(planned, plan(&run, &o), "the same seed, the same plan");
        assert_ne!(
            planned,
            plan(&run, &DeliveryOptions { seed: 6, ..o }),
            "neighbouring seeds differ"
        );
        let again: usize = planned.iter().flatten().filter(|d| d.redelivery).count();
        assert_eq!(again, share.of(run.event_count()));
        for (step, deliveries) in run.steps.iter().zip(&planned) {
            let firsts: Vec<usize> = deliveries
                .iter()
                .filter(|d| !d.redelivery)
                .map(|d| d.event)
                .collect();
            let mut sorted = firsts.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, (0..step.events.len()).collect::<Vec<_>>());
            if order == Order::InOrder {
                assert_eq!(firsts, sorted);
            }
            for (i, d) in deliveries.iter().enumerate().filter(|(_, d)| d.redelivery) {
                assert!(deliveries[..i]
                    .iter()
                    .any(|f| f.event == d.event && !f.redelivery));
            }
        }
    }
    let shuffled = plan(
        &run,
        &DeliveryOptions {
            order: Order::Shuffled,
            redeliver: Share::default(),
            seed: 1,
        },
    );
    assert!(
        shuffled
            .iter()
            .any(|s| s.windows(2).any(|w| w[0].event > w[1].event)),
        "something moved"
    );
}

/// The answers Queue would give once the step's events were applied as they should be.
fn queue_answers(expect: &Expectation, reads: &[QueueRead]) -> Vec<ReadAnswer> {
    reads
        .iter()
        .map(|read| {
            let c = &expect.customers[read.customer];
            let rows = match read.list {
                QueueList::Customers if c.state.exists => vec![json!({
                    "id": format!("qcus_{}", read.customer), "stripe_customer_id": c.stripe_customer_id,
                    "user_id": c.user_id, "billing_email": c.state.email, "name": null, "livemode": false,
                    "created_at": "2027-01-31T15:00:00Z"
                })],
                QueueList::Subscriptions => c.state.subscription.iter().map(|s| json!({
                    "id": format!("qsub_{}", read.customer), "stripe_subscription_id": c.stripe_subscription_id,
                    "customer_id": format!("qcus_{}", read.customer), "plan_tier": s.plan_tier,
                    "status": s.status.as_str(), "cancel_at_period_end": s.cancel_at_period_end,
                    "current_period_end": rfc3339(s.current_period_end), "trial_end": s.trial_end.map(rfc3339),
                    "created_at": "2027-01-31T15:00:00Z", "updated_at": "2027-01-31T15:00:00Z"
                })).collect(),
                QueueList::Invoices => (0..c.state.invoices.count).map(|i| {
                    let newest = i + 1 == c.state.invoices.count;
                    json!({
                        "id": format!("qinv_{i}"),
                        "stripe_invoice_id": if newest { c.newest_invoice.clone().unwrap() } else { format!("in_old_{i}") },
                        "customer_id": format!("qcus_{}", read.customer),
                        "subscription_id": format!("qsub_{}", read.customer),
                        "status": c.state.invoices.newest.map_or("open", |s| s.as_str()),
                        "amount_due": c.state.invoices.newest_amount_due.unwrap_or(0),
                        "currency": "usd", "paid_at": null, "created_at": "2027-01-31T15:00:00Z"
                    })
                }).collect(),
                QueueList::Customers | QueueList::Access => vec![],
            };
            ReadAnswer {
                read: read.clone(),
                status: 200,
                body: json!({ "object": "list", "data": rows, "has_more": false }).to_string(),
            }
        })
        .collect()
}

fn all_answers(expect: &Expectation, change: impl Fn(&mut Vec<ReadAnswer>)) -> Vec<ReadAnswer> {
    let mut answers = Vec::new();
    loop {
        let reads = next_reads(expect, &answers);
        if reads.is_empty() {
            return answers;
        }
        answers.extend(queue_answers(expect, &reads));
        change(&mut answers);
    }
}

#[test]
fn reads_find_customers_by_email_then_their_rows_and_the_verdict_names_each_field() {
    let mut p = ClockParams::new(start());
    p.customers = 2;
    let run = stream(Scenario::Dunning, &p, &options(ApiVersion::V20240620, 3));
    let step = step_index(&run, "the charge fails");
    let expect = &run.steps[step].expect;
    let first = next_reads(expect, &[]);
    assert_eq!(first.len(), 2);
    assert!(first[0]
        .path
        .starts_with("/api/v1/internal/billing/customers?email=test%2Bbilling-clock-b-20270131-r"));
    assert!(first[0].path.contains("%40raxx.app&limit=100"));
    let answers = all_answers(expect, |_| {});
    assert_eq!(
        answers.len(),
        6,
        "a customer, its subscriptions and its invoices, twice"
    );
    assert!(answers.iter().any(|a| a
        .read
        .path
        .ends_with("subscriptions?customer_id=qcus_1&limit=100")));
    let verdict = evaluate(expect, &[], &answers);
    assert!(
        verdict.passed(),
        "{:?}",
        verdict.failures().collect::<Vec<_>>()
    );
    assert!(verdict.checks.len() >= 2 * 14);

    // A receiver that missed the failure: Queue still says active.
    let wrong = all_answers(expect, |answers| {
        for a in answers
            .iter_mut()
            .filter(|a| a.read.list == QueueList::Subscriptions)
        {
            a.body = a.body.replace("\"past_due\"", "\"active\"");
        }
    });
    let verdict = evaluate(expect, &[], &wrong);
    let failures: Vec<&FieldCheck> = verdict.failures().collect();
    assert_eq!(failures.len(), 2, "one per customer");
    assert_eq!(
        (
            failures[0].customer,
            failures[0].field,
            failures[0].expected.as_str(),
            failures[0].actual.as_str()
        ),
        (Some(0), Checked::Status, "past_due", "active")
    );

    // Missing rows, errors and refused deliveries are named too.
    let missing = all_answers(expect, |answers| {
        for a in answers.iter_mut().filter(|a| a.read.customer == 1) {
            match a.read.list {
                QueueList::Customers => {
                    a.body = r#"{"object":"list","data":[],"has_more":false}"#.into()
                }
                _ => unreachable!("no rows are read for a customer Queue lacks"),
            }
        }
        if let Some(a) = answers
            .iter_mut()
            .find(|a| a.read.list == QueueList::Invoices)
        {
            a.status = 503;
            a.body = r#"{"error":{"code":"unavailable","message":"down"}}"#.into();
        }
    });
    let event = &run.steps[step].events[0];
    let refused = DeliveryRecord::new(
        event,
        &Delivery { event: 0, redelivery: false },
        Some(400),
        "{\"error\":{\"code\":\"invalid_request\",\"message\":\"No signatures found matching the expected signature for payload\"}}",
        3,
    );
    let verdict = evaluate(expect, &[refused], &missing);
    let named: Vec<(Option<usize>, Checked)> =
        verdict.failures().map(|f| (f.customer, f.field)).collect();
    assert_eq!(
        named,
        [
            (None, Checked::Delivery),
            (Some(0), Checked::Read),
            (Some(1), Checked::Customer)
        ]
    );
    let read = verdict.failures().nth(1).unwrap();
    assert_eq!(read.expected, "200 from invoices");
    assert!(read.actual.starts_with("503: "));
    assert_eq!(verdict.failures().nth(2).unwrap().actual, "0 rows");
}

#[test]
fn the_report_names_the_failing_step_the_field_and_the_deliveries() {
    let p = ClockParams::new(start());
    let run = stream(Scenario::Dunning, &p, &options(ApiVersion::V20240620, 5));
    let delivery = DeliveryOptions {
        order: Order::Shuffled,
        redeliver: Share::parse("0.2").unwrap(),
        seed: 11,
    };
    let planned = plan(&run, &delivery);
    let fail_at = step_index(&run, "the charge fails");
    let outcomes: Vec<StepOutcome> = run
        .steps
        .iter()
        .zip(&planned)
        .enumerate()
        .map(|(i, (step, deliveries))| {
            let records: Vec<DeliveryRecord> = deliveries
                .iter()
                .map(|d| {
                    DeliveryRecord::new(
                        &step.events[d.event],
                        d,
                        Some(200),
                        r#"{"received":true,"duplicate":false}"#,
                        2,
                    )
                })
                .collect();
            let answers = all_answers(&step.expect, |answers| {
                if i >= fail_at {
                    for a in answers.iter_mut() {
                        a.body = a
                            .body
                            .replace("\"past_due\"", "\"active\"")
                            .replace("\"canceled\"", "\"active\"");
                    }
                }
            });
            let mut verdict = evaluate(&step.expect, &records, &answers);
            // The runner was given Raptor: the paywall agreed until the failing step.
            verdict.checks.push(FieldCheck {
                customer: Some(0),
                field: Checked::Access,
                expected: "granted".into(),
                actual: "granted".into(),
                passed: true,
            });
            StepOutcome {
                verdict,
                deliveries: records,
                chain_lag_ms: (i < fail_at).then_some(40 + i as u64),
            }
        })
        .collect();
    assert_eq!(first_failure(&outcomes), Some(fail_at));
    let info = RunInfo {
        receiver: "http://127.0.0.1:8080/api/v1/billing/webhook".into(),
        queue: "http://127.0.0.1:8080".into(),
        delivery,
        delay_ms: 0,
        wall_ms: 1234,
        stopped: None,
    };
    let report = render_report(&run, &info, &outcomes);
    assert!(report.starts_with("# Lifecycle replay: scenario B, Payment failure and dunning\n"));
    assert!(report.contains(&format!(
        "**FAILED**: {fail_at} of {} steps pass; the first failure is step {} (Advance past the renewal: the charge fails): customer 1 subscription.status expected past_due, got active.",
        run.steps.len(),
        fail_at + 1
    )));
    assert!(report.contains("| 1 | subscription.status | past_due | active |"));
    assert!(report.contains("wall time 1.234 s"));
    assert!(
        report.contains(" | 40 ms | pass |"),
        "the paywall's lag per step"
    );
    assert!(report.contains("| not in time | **FAIL** |"));
    assert!(report.contains("shuffled within each step (seed 11), 20% redelivered"));
    assert!(report.contains(" (again) | "), "redeliveries are marked");
    let first = &run.steps[fail_at].events[0];
    assert!(report.contains(&first.id));
    let passing: Vec<StepOutcome> = outcomes.into_iter().take(fail_at).collect();
    let partial = render_report(
        &run,
        &RunInfo {
            stopped: Some("the receiver did not answer".into()),
            ..info
        },
        &passing,
    );
    assert!(partial.contains("**INCOMPLETE**"));
    assert!(partial.contains(&format!(
        "The run stopped after step {fail_at}: the receiver did not answer"
    )));
}
