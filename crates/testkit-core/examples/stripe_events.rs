//! Every event the core can emit, as JSON, for the type-check against stripe-node's
//! published types (`tools/stripe-types/check.mjs`): each signer template and every
//! event of every replay scenario, in each supported API version.
//!
//! `cargo run -p testkit-core --example stripe_events -- <out.json>` writes one array of
//! `{ "version", "source", "event" }`.

use serde_json::{json, Value};
use testkit_core::clock::{AfterRetries, ClockParams, Interval, Scenario};
use testkit_core::events::{build_event, EventFields, EventType, IdGen};
use testkit_core::replay::{stream, ApiVersion, RunTag, StreamOptions};
use testkit_core::time::{days_from_civil, DAY};

fn main() {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/stripe-events.json".into());
    // A month-end start: the anchor rules (31st to the 28th) are where periods go wrong.
    let start = days_from_civil(2027, 1, 31) * DAY + 15 * 3600;
    let mut all = Vec::new();
    for version in ApiVersion::ALL {
        for event_type in EventType::ALL {
            let mut fields = EventFields::sample(start, &mut IdGen::new(7));
            fields.api_version = version;
            let event = build_event(event_type, &fields);
            all.push(entry(version, format!("signer {event_type}"), event));
        }
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
                        let mut p = ClockParams::new(start);
                        p.interval = interval;
                        p.customers = customers;
                        p.after_retries = after;
                        p.trial_days = if customers == 2 { 2 } else { 14 };
                        let options = StreamOptions {
                            api_version: version,
                            run: RunTag::from_number(9),
                        };
                        let run = stream(scenario, &p, &options);
                        let label = format!("{scenario} {interval} x{customers} {after}");
                        for (s, step) in run.steps.iter().enumerate() {
                            for e in &step.events {
                                let event: Value = serde_json::from_str(&e.body)
                                    .expect("replayed events are JSON");
                                all.push(entry(version, format!("{label} step {}", s + 1), event));
                            }
                        }
                    }
                }
            }
        }
    }
    let text = serde_json::to_string(&all).expect("a JSON value always serialises");
    std::fs::write(&out, text).unwrap_or_else(|e| panic!("writing {out}: {e}"));
    eprintln!("{} events written to {out}", all.len());
}

fn entry(version: ApiVersion, source: String, event: Value) -> Value {
    json!({ "version": version.as_str(), "source": source, "event": event })
}
