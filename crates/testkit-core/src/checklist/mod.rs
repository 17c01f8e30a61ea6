//! Interactive runbook checklists: content, runs (ticks and their times), readiness for
//! testing, the key-prefix guard, and the Markdown record of a run.

mod content;
pub mod runbook_sql;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use content::{CHECKLISTS, HARD_RULES, REQUIRED_OUTLINES};

use crate::keys::{classify, KeyClass, KeyKind, Mode};
use crate::time::rfc3339;

/// Guard fields read at most this many characters: enough for any prefix.
pub const GUARD_MAX_CHARS: usize = 8;

/// One runbook checklist: a titled list of items a person ticks off.
#[derive(Debug)]
pub struct Checklist {
    /// Stable slug (`preflight`), the first half of a tick's `checklist/item` key.
    pub id: &'static str,
    /// Heading shown above the items.
    pub title: &'static str,
    /// Shows NOT READY (here and on the signer and clock pages) until complete.
    pub required: bool,
    /// The steps, in the order the runbook gives them.
    pub items: &'static [Item],
}

/// A checklist as readiness needs it: its id, title and item ids, none of the prose.
#[derive(Debug)]
pub struct Outline {
    /// The checklist's [`id`](Checklist::id).
    pub id: &'static str,
    /// The checklist's [`title`](Checklist::title).
    pub title: &'static str,
    /// The ids of its items, in order.
    pub item_ids: &'static [&'static str],
}

/// One step of a checklist: what to check, why it matters and how.
#[derive(Debug)]
pub struct Item {
    /// Slug unique within its checklist, the second half of a tick's key.
    pub id: &'static str,
    /// The check, as one sentence a person can tick.
    pub what: &'static str,
    /// Why it matters: what goes wrong when the check is skipped.
    pub why: &'static str,
    /// What to run (placeholders only; prints at most a key's prefix).
    pub command: &'static str,
    /// What the command prints when all is well.
    pub expected: &'static str,
    /// The kind of key the item confirms, when it has a guard field.
    pub guard: Option<KeyKind>,
    /// The runbook's psql query the item runs (then `command` is its runbook command):
    /// the page shows the sandbox's equivalent beside it.
    pub sql: Option<&'static runbook_sql::RunbookQuery>,
}

/// One run's ticks: `checklist/item` -> when it was ticked (unix seconds). Nothing typed
/// is ever part of a run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run {
    /// `checklist/item` -> unix seconds of the tick.
    pub ticks: BTreeMap<String, i64>,
}

fn key(list: &str, item: &str) -> String {
    format!("{list}/{item}")
}

impl Run {
    /// When `item` of `list` was ticked, or `None` if it is not ticked.
    pub fn ticked_at(&self, list: &str, item: &str) -> Option<i64> {
        self.ticks.get(&key(list, item)).copied()
    }

    /// Ticks the item at `now`, or unticks it if it was already ticked.
    pub fn toggle(&mut self, list: &str, item: &str, now: i64) {
        let k = key(list, item);
        if self.ticks.remove(&k).is_none() {
            self.ticks.insert(k, now);
        }
    }

    /// How many of `list`'s items are ticked in this run.
    pub fn done(&self, list: &Checklist) -> usize {
        self.done_of(list.id, list.items.iter().map(|i| i.id))
    }

    /// How many of the items `item_ids` of the list `list` are ticked in this run.
    fn done_of<'a>(&self, list: &str, item_ids: impl Iterator<Item = &'a str>) -> usize {
        item_ids
            .filter(|item| self.ticked_at(list, item).is_some())
            .count()
    }
}

/// A live key was typed into a guard: everything stops until the person resets it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stop {
    /// What was detected ("LIVE restricted API key"), never the characters typed.
    pub detected: String,
    /// The item whose guard saw it, in the item's own words.
    pub item: String,
    /// When the key was detected (unix seconds).
    pub at: i64,
}

/// Whether testing may start, worst first: a STOP wins over missing ticks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Readiness {
    /// A live key was detected: nothing may run until the checklist is reset.
    Stop(Stop),
    /// Required checklists not yet complete: (title, done, total).
    NotReady(Vec<(&'static str, usize, usize)>),
    /// Every required checklist is complete.
    Ready,
}

impl Readiness {
    /// The banner word: `STOP`, `NOT READY` or `READY`.
    pub fn label(&self) -> &'static str {
        match self {
            Readiness::Stop(_) => "STOP",
            Readiness::NotReady(_) => "NOT READY",
            Readiness::Ready => "READY",
        }
    }

    /// Short form for markup (`data-ready`, CSS classes): `stop`, `false` or `true`.
    pub fn slug(&self) -> &'static str {
        match self {
            Readiness::Stop(_) => "stop",
            Readiness::NotReady(_) => "false",
            Readiness::Ready => "true",
        }
    }

    /// One sentence: why not ready, or that testing may start.
    pub fn detail(&self) -> String {
        match self {
            Readiness::Stop(s) => format!(
                "A {} was detected at \"{}\": no test may run until the checklist is reset.",
                s.detected, s.item
            ),
            Readiness::NotReady(missing) => {
                let parts: Vec<String> = missing
                    .iter()
                    .map(|(t, d, n)| format!("{t}: {d} of {n}"))
                    .collect();
                format!("Required checklists are incomplete ({}).", parts.join("; "))
            }
            Readiness::Ready => "Every required checklist is complete for this run.".into(),
        }
    }
}

/// The run's readiness: the STOP if one was raised, else the required checklists still
/// incomplete.
pub fn readiness(run: &Run, stop: Option<&Stop>) -> Readiness {
    readiness_by(|list, item| run.ticked_at(list, item).is_some(), stop)
}

/// [`readiness`], asking `ticked(list, item)` whether an item is ticked: for a reader of
/// the stored run that builds no [`Run`] (the banner on the signer page).
pub fn readiness_by(ticked: impl Fn(&str, &str) -> bool, stop: Option<&Stop>) -> Readiness {
    if let Some(stop) = stop {
        return Readiness::Stop(stop.clone());
    }
    let missing: Vec<_> = REQUIRED_OUTLINES
        .iter()
        .map(|l| {
            let done = l.item_ids.iter().filter(|item| ticked(l.id, item)).count();
            (l.title, done, l.item_ids.len())
        })
        .filter(|(_, done, total)| done < total)
        .collect();
    if missing.is_empty() {
        Readiness::Ready
    } else {
        Readiness::NotReady(missing)
    }
}

/// How a guard verdict is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// Nothing to judge yet: empty, or too short to tell test from live.
    Neutral,
    /// A test-mode key of the expected kind.
    Ok,
    /// Worth a second look: not a Stripe prefix, another kind of key, or a webhook secret
    /// (its prefix cannot tell test from live).
    Warn,
    /// A live key: stop everything.
    Stop,
}

/// What a guard field says about the prefix typed into it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GuardVerdict {
    /// One sentence for the person typing.
    pub text: String,
    /// How to show `text`.
    pub tone: Tone,
    /// What to record if this is a STOP (never the typed text).
    pub stop: Option<String>,
}

/// What the typed prefix says, measured against the key the item expects.
pub fn guard_verdict(expected: KeyKind, typed: &str) -> GuardVerdict {
    let prefix: String = typed.trim().chars().take(GUARD_MAX_CHARS).collect();
    let class = classify(&prefix);
    let verdict = |tone, text: String| GuardVerdict {
        text,
        tone,
        stop: None,
    };
    match class {
        KeyClass::Known {
            kind,
            mode: Mode::Live,
        } => GuardVerdict {
            text: class.describe(),
            tone: Tone::Stop,
            stop: Some(format!("LIVE {}", kind.label())),
        },
        KeyClass::Known {
            kind: KeyKind::WebhookSecret,
            ..
        } if expected == KeyKind::WebhookSecret => verdict(Tone::Warn, class.describe()),
        // Another kind of key, once the prefix says which (whsec_ says so at once).
        KeyClass::Known { kind, mode }
            if kind != expected && (mode != Mode::Unknown || kind == KeyKind::WebhookSecret) =>
        {
            verdict(
                Tone::Warn,
                format!(
                    "{} This item confirms a {}.",
                    class.describe(),
                    expected.label()
                ),
            )
        }
        KeyClass::Known {
            mode: Mode::Test, ..
        } => verdict(Tone::Ok, class.describe()),
        KeyClass::Unrecognised => verdict(Tone::Warn, class.describe()),
        _ => verdict(Tone::Neutral, class.describe()),
    }
}

/// The run as Markdown, for the audit trail: who, when, each item's state and time.
pub fn record(run_name: &str, run_by: &str, run: &Run, stop: Option<&Stop>, now: i64) -> String {
    let who = if run_by.trim().is_empty() {
        "(not given)"
    } else {
        run_by.trim()
    };
    let ready = readiness(run, stop);
    let mut out = format!(
        "# Billing test run: {run_name}\n\n- Run by: {who}\n- Record made: {}\n- Status: {} ({})\n",
        rfc3339(now),
        ready.label(),
        ready.detail()
    );
    if let Some(s) = stop {
        out.push_str(&format!(
            "- STOP: {} detected at {} ({})\n",
            s.detected,
            rfc3339(s.at),
            s.item
        ));
    }
    for list in &CHECKLISTS {
        let required = if list.required {
            ", required before testing"
        } else {
            ""
        };
        out.push_str(&format!(
            "\n## {} ({} of {}{required})\n\n",
            list.title,
            run.done(list),
            list.items.len()
        ));
        for item in list.items {
            match run.ticked_at(list.id, item.id) {
                Some(at) => {
                    out.push_str(&format!("- [x] {} (ticked {})\n", item.what, rfc3339(at)))
                }
                None => out.push_str(&format!("- [ ] {}\n", item.what)),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn stored_runs_and_stops_read_back_and_anything_else_is_refused() {
        let mut run = Run::default();
        for outline in &REQUIRED_OUTLINES {
            for item in outline.item_ids {
                run.toggle(outline.id, item, 1_700_000_000);
            }
        }
        let stop = Stop {
            detected: "LIVE secret API key".into(),
            item: "Confirm test mode".into(),
            at: 1_700_000_001,
        };
        let stored_run = serde_json::to_string(&run).unwrap();
        let stored_stop = serde_json::to_string(&stop).unwrap();
        let read: Run = serde_json::from_str(&stored_run).unwrap();
        assert_eq!(read, run);
        assert_eq!(readiness(&read, None), Readiness::Ready);
        let read_stop: Stop = serde_json::from_str(&stored_stop).unwrap();
        assert_eq!(readiness(&read, Some(&read_stop)), Readiness::Stop(stop));
        for bad in ["", "[]", r#"{"ticks":{"a/b":"x"}}"#, r#"{"ticks":[]}"#] {
            assert!(serde_json::from_str::<Run>(bad).is_err(), "{bad}");
        }
        for bad in ["", "{}", r#"{"detected":1}"#] {
            assert!(serde_json::from_str::<Stop>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn content_is_complete_and_unique() {
        let mut lists = HashSet::new();
        for list in &CHECKLISTS {
            assert!(lists.insert(list.id), "{}", list.id);
            assert!(!list.items.is_empty());
            let mut items = HashSet::new();
            for item in list.items {
                assert!(items.insert(item.id), "{}/{}", list.id, item.id);
                for text in [item.what, item.why, item.command, item.expected] {
                    assert!(!text.trim().is_empty(), "{}/{}", list.id, item.id);
                }
            }
        }
        assert_eq!(
            CHECKLISTS.iter().map(|l| l.id).collect::<Vec<_>>(),
            ["preflight", "wiring", "verify", "cleanup", "ios"]
        );
        assert!(CHECKLISTS.iter().filter(|l| l.required).count() == 2);
    }

    #[test]
    fn the_outlines_are_the_required_checklists() {
        let required: Vec<_> = CHECKLISTS
            .iter()
            .filter(|l| l.required)
            .map(|l| {
                (
                    l.id,
                    l.title,
                    l.items.iter().map(|i| i.id).collect::<Vec<_>>(),
                )
            })
            .collect();
        let outlined: Vec<_> = REQUIRED_OUTLINES
            .iter()
            .map(|l| (l.id, l.title, l.item_ids.to_vec()))
            .collect();
        assert_eq!(outlined, required);
    }

    #[test]
    fn commands_never_carry_a_secret_and_print_only_prefixes() {
        for list in &CHECKLISTS {
            for item in list.items {
                for marker in ["sk_test_", "sk_live_", "rk_live_", "whsec_3", "pk_live_"] {
                    assert!(
                        !item.command.contains(marker),
                        "{}/{} contains {marker}",
                        list.id,
                        item.id
                    );
                }
                if item.guard.is_some() {
                    assert!(
                        item.command.contains("cut -c1-"),
                        "{}/{} prints a whole key",
                        list.id,
                        item.id
                    );
                }
            }
        }
    }

    #[test]
    fn cleanup_names_the_two_sev2_queries() {
        let cleanup = CHECKLISTS.iter().find(|l| l.id == "cleanup").unwrap();
        let sev2: Vec<_> = cleanup
            .items
            .iter()
            .filter(|i| i.why.contains("SEV-2"))
            .collect();
        assert_eq!(sev2.len(), 2);
        assert!(sev2
            .iter()
            .all(|i| i.command.contains("raxx-queue-prod") && i.expected.starts_with('0')));
    }

    #[test]
    fn every_runbook_query_is_an_item_and_every_psql_item_has_its_query() {
        let items: Vec<&Item> = CHECKLISTS.iter().flat_map(|l| l.items).collect();
        for query in runbook_sql::RUNBOOK_QUERIES {
            let item = items
                .iter()
                .find(|i| i.sql.is_some_and(|q| q.id == query.id))
                .unwrap_or_else(|| panic!("no item runs {}", query.id));
            assert_eq!(item.command, query.runbook_command());
            assert_eq!(item.expected, query.expected);
        }
        // No psql command on the page goes without its query (and its sandbox equivalent).
        let other: Vec<_> = items
            .iter()
            .filter(|i| i.sql.is_none() && i.command.contains("pg:psql"))
            .map(|i| i.id)
            .collect();
        assert_eq!(other, Vec::<&str>::new());
        let contamination: Vec<_> = items
            .iter()
            .filter(|i| i.sql.is_some_and(|q| q.contamination))
            .map(|i| i.id)
            .collect();
        assert_eq!(contamination, ["prod-customers", "prod-events"]);
    }

    #[test]
    fn ready_only_when_every_required_item_is_ticked() {
        let mut run = Run::default();
        assert!(matches!(readiness(&run, None), Readiness::NotReady(ref m) if m.len() == 2));
        for list in CHECKLISTS.iter().filter(|l| l.required) {
            for item in list.items {
                run.toggle(list.id, item.id, 100);
            }
        }
        assert_eq!(readiness(&run, None), Readiness::Ready);
        run.toggle("preflight", "billing-flag", 200);
        assert!(matches!(readiness(&run, None), Readiness::NotReady(ref m) if m[0].1 == 5));
        let stop = Stop {
            detected: "LIVE restricted API key".into(),
            item: "x".into(),
            at: 1,
        };
        assert!(matches!(readiness(&run, Some(&stop)), Readiness::Stop(_)));
    }

    #[test]
    fn the_guard_reads_only_eight_characters() {
        let v = guard_verdict(KeyKind::Restricted, "rk_test_51TVsomethingsecret");
        assert_eq!(v.tone, Tone::Ok);
        let v = guard_verdict(KeyKind::Restricted, " RK_LIVE_ ");
        assert_eq!(
            (v.tone, v.stop.as_deref()),
            (Tone::Stop, Some("LIVE restricted API key"))
        );
        assert!(guard_verdict(KeyKind::Restricted, "sk_live_")
            .text
            .contains("STOP"));
        assert_eq!(
            guard_verdict(KeyKind::Restricted, "sk_test_").tone,
            Tone::Warn
        );
        assert!(guard_verdict(KeyKind::Restricted, "sk_test_")
            .text
            .contains("confirms a restricted API key"));
        assert_eq!(
            guard_verdict(KeyKind::WebhookSecret, "whsec_").tone,
            Tone::Warn
        );
        assert!(guard_verdict(KeyKind::WebhookSecret, "whsec_")
            .text
            .contains("cannot tell test from live"));
        assert_eq!(guard_verdict(KeyKind::Restricted, "rk").tone, Tone::Neutral);
        assert_eq!(guard_verdict(KeyKind::Restricted, "hello").tone, Tone::Warn);
        assert!(guard_verdict(KeyKind::Restricted, "").stop.is_none());
    }

    #[test]
    fn the_record_lists_every_item_with_its_state_and_time() {
        let mut run = Run::default();
        run.toggle("preflight", "billing-flag", 1_781_697_600);
        let text = record("2026-06-17", "Pat", &run, None, 1_781_701_200);
        assert!(text.starts_with("# Billing test run: 2026-06-17\n"));
        assert!(text.contains("- Run by: Pat\n"));
        assert!(text.contains("- Status: NOT READY"));
        assert!(text.contains(
            "- [x] FLAG_QUEUE_BILLING is on for raxx-queue-staging (ticked 2026-06-17T12:00:00Z)"
        ));
        assert!(text.contains("- [ ] The Stripe Dashboard shows Test mode"));
        let items: usize = CHECKLISTS.iter().map(|l| l.items.len()).sum();
        assert_eq!(text.matches("\n- [").count(), items);
        let stop = Stop {
            detected: "LIVE secret API key".into(),
            item: "preflight/restricted-key-prefix".into(),
            at: 5,
        };
        assert!(
            record("r", "", &run, Some(&stop), 6).contains("- STOP: LIVE secret API key detected")
        );
    }

    #[test]
    fn runs_round_trip_through_json_and_hold_only_ticks() {
        let mut run = Run::default();
        run.toggle("ios", "tester", 42);
        let text = serde_json::to_string(&run).unwrap();
        assert_eq!(text, r#"{"ticks":{"ios/tester":42}}"#);
        assert_eq!(serde_json::from_str::<Run>(&text).unwrap(), run);
    }
}
