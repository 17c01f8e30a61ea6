//! The checklist run in progress, as stored: its name, ticks, the STOP flag, and the
//! readiness they add up to (read by the checklist, signer and clock pages).

use testkit_core::checklist::{readiness, Readiness, Run, Stop};
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

/// Readiness as stored now.
pub fn stored_readiness() -> Readiness {
    readiness(&load_run(&current_run_name()), load_stop().as_ref())
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
