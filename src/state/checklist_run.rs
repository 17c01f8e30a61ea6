//! The checklist run in progress, as stored: its name, ticks, the STOP flag, and the
//! readiness they add up to (read by the checklist, signer and clock pages).

use serde_json::Value;
use testkit_core::checklist::{readiness, readiness_by, Readiness, Run, Stop};
use testkit_core::time::DateTime;

use crate::browser::clock::now_secs;
use crate::browser::storage::{self, StorageKey};

/// Today's date: the default name of a run.
pub fn today() -> String {
    DateTime::from_unix(now_secs()).date()
}

pub fn current_run_name() -> String {
    storage::get(&StorageKey::CurrentRun)
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(today)
}

pub fn load_run(name: &str) -> Run {
    storage::get(&StorageKey::Run(name.to_string()))
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

pub fn load_stop() -> Option<Stop> {
    storage::get(&StorageKey::Stop).and_then(|text| serde_json::from_str(&text).ok())
}

/// Readiness as stored now, read with the same readers as [`load_run`] and [`load_stop`]
/// (the banner on the checklist page, which loads the run with them anyway).
pub fn loaded_readiness() -> Readiness {
    readiness(&load_run(&current_run_name()), load_stop().as_ref())
}

/// Readiness as stored now, for the banner on the signer and clock pages.
pub fn stored_readiness() -> Readiness {
    let run = storage::get(&StorageKey::Run(current_run_name()));
    let stop = storage::get(&StorageKey::Stop);
    readiness_of_stored(run.as_deref(), stop.as_deref())
}

/// Readiness from the stored run's and STOP flag's JSON, read through `Value` rather than
/// serde's derived readers of [`Run`] and [`Stop`]: the banner is the only reader of the
/// run on the signer and clock pages, which parse JSON into `Value` anyway, so this costs
/// the signer 6.4 KB gzip less and the clock page with its replay 3.8 KB (the derived
/// readers and the run's map). It reads what they read: a run
/// whose ticks are not all whole seconds, or a STOP flag missing a field, counts as none
/// (the test below holds the two equal).
fn readiness_of_stored(run: Option<&str>, stop: Option<&str>) -> Readiness {
    let json = |text: Option<&str>| text.and_then(|t| serde_json::from_str::<Value>(t).ok());
    let run = json(run);
    let ticks = run
        .as_ref()
        .and_then(|r| r.get("ticks")?.as_object())
        .filter(|ticks| ticks.values().all(Value::is_i64));
    let stop = json(stop).and_then(|s| {
        Some(Stop {
            detected: s.get("detected")?.as_str()?.to_string(),
            item: s.get("item")?.as_str()?.to_string(),
            at: s.get("at")?.as_i64()?,
        })
    });
    readiness_by(
        |list, item| ticks.is_some_and(|t| t.contains_key(&format!("{list}/{item}"))),
        stop.as_ref(),
    )
}

pub fn save_run(name: &str, run: &Run) {
    if let Ok(text) = serde_json::to_string(run) {
        storage::set(&StorageKey::Run(name.to_string()), &text);
    }
}

pub fn save_stop(stop: Option<&Stop>) {
    match stop.and_then(|s| serde_json::to_string(s).ok()) {
        Some(text) => storage::set(&StorageKey::Stop, &text),
        None => storage::remove(&StorageKey::Stop),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use testkit_core::checklist::REQUIRED_OUTLINES;

    /// What serde's derived readers make of the same texts.
    fn by_serde(run: Option<&str>, stop: Option<&str>) -> Readiness {
        let run: Run = run
            .and_then(|t| serde_json::from_str(t).ok())
            .unwrap_or_default();
        let stop: Option<Stop> = stop.and_then(|t| serde_json::from_str(t).ok());
        readiness(&run, stop.as_ref())
    }

    #[test]
    fn the_banner_reads_what_serde_reads() {
        let mut every = Run::default();
        for outline in &REQUIRED_OUTLINES {
            for item in outline.item_ids {
                every.toggle(outline.id, item, 1_781_697_600);
            }
        }
        let complete = serde_json::to_string(&every).unwrap();
        let mut one = Run::default();
        one.toggle(REQUIRED_OUTLINES[0].id, REQUIRED_OUTLINES[0].item_ids[0], 5);
        let partial = serde_json::to_string(&one).unwrap();
        let not_seconds = complete.replacen("1781697600", "1781697600.5", 1);
        let too_big = complete.replacen("1781697600", "18446744073709551615", 1);
        let stop = serde_json::to_string(&Stop {
            detected: "LIVE restricted API key".into(),
            item: "Confirm the restricted key".into(),
            at: 7,
        })
        .unwrap();
        let runs = [
            None,
            Some(complete.as_str()),
            Some(partial.as_str()),
            Some(not_seconds.as_str()),
            Some(too_big.as_str()),
            Some(r#"{"ticks":{},"extra":1}"#),
            Some(r#"{"other":{}}"#),
            Some(r#"{"ticks":[]}"#),
            Some("[]"),
            Some("not json"),
        ];
        let stops = [
            None,
            Some(stop.as_str()),
            Some(r#"{"detected":"x","item":"y"}"#),
            Some(r#"{"detected":"x","item":"y","at":"7"}"#),
            Some(r#"{"detected":1,"item":"y","at":7}"#),
            Some("null"),
        ];
        for run in runs {
            for stop in stops {
                assert_eq!(
                    readiness_of_stored(run, stop),
                    by_serde(run, stop),
                    "{run:?} {stop:?}"
                );
            }
        }
        assert_eq!(readiness_of_stored(Some(&complete), None), Readiness::Ready);
    }
}
