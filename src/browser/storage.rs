//! localStorage for what may persist (checklist ticks, the STOP flag): never a secret and
//! never a typed value. Saves announce themselves so other widgets on the page update.

/// Every localStorage key the app uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageKey {
    /// The name of the checklist run in progress.
    CurrentRun,
    /// A run's ticks, by run name.
    Run(String),
    /// The live-key STOP flag.
    Stop,
}

const RUN_PREFIX: &str = "btk.checklist.run.";
/// Dispatched on `window` after every save (the `storage` event only reaches other tabs).
pub const CHANGED_EVENT: &str = "btk-storage-changed";

impl StorageKey {
    fn name(&self) -> String {
        match self {
            StorageKey::CurrentRun => "btk.checklist.current".into(),
            StorageKey::Run(name) => format!("{RUN_PREFIX}{name}"),
            StorageKey::Stop => "btk.checklist.stop".into(),
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    if super::prerendering() {
        return None;
    }
    super::window().local_storage().ok().flatten()
}

pub fn get(key: &StorageKey) -> Option<String> {
    storage()?.get_item(&key.name()).ok().flatten()
}

pub fn set(key: &StorageKey, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(&key.name(), value);
        super::listener::announce(CHANGED_EVENT);
    }
}

pub fn remove(key: &StorageKey) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&key.name());
        super::listener::announce(CHANGED_EVENT);
    }
}

/// Names of the saved checklist runs.
pub fn run_names() -> Vec<String> {
    let Some(s) = storage() else {
        return Vec::new();
    };
    let count = s.length().unwrap_or(0);
    let mut names: Vec<String> = (0..count)
        .filter_map(|i| s.key(i).ok().flatten())
        .filter_map(|k| k.strip_prefix(RUN_PREFIX).map(str::to_string))
        .collect();
    names.sort();
    names
}

/// Runs `f` whenever stored data changes here or in another tab, until the calling
/// component unmounts.
pub fn on_change(f: impl Fn() + 'static) {
    super::listener::on_window(&["storage", CHANGED_EVENT], f);
}
