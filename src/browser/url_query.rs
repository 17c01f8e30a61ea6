//! Filter state in the URL query, so a copied link reproduces what the person sees.
//! Written with `history.replaceState`: typing does not flood the back button.

use wasm_bindgen::JsValue;
use web_sys::UrlSearchParams;

/// Every query parameter the app reads or writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Param {
    CardSearch,
    CardCategory,
    SignerEvent,
    SubsSearch,
    SubsStore,
    SubsStatus,
    SubsTier,
    SubsFlag,
    SubsSort,
    SubsDir,
    ClockScenario,
    ClockStart,
    ClockInterval,
    ClockTrial,
    ClockCustomers,
    ClockRetries,
    ClockWindow,
    ClockAfter,
}

impl Param {
    pub fn key(self) -> &'static str {
        match self {
            Param::CardSearch => "q",
            Param::CardCategory => "category",
            Param::SignerEvent => "event",
            // Distinct from the card catalog's keys: both can sit on one docs page.
            Param::SubsSearch => "search",
            Param::SubsStore => "store",
            Param::SubsStatus => "status",
            Param::SubsTier => "tier",
            Param::SubsFlag => "flag",
            Param::SubsSort => "sort",
            Param::SubsDir => "dir",
            Param::ClockScenario => "scenario",
            Param::ClockStart => "start",
            Param::ClockInterval => "interval",
            Param::ClockTrial => "trial",
            Param::ClockCustomers => "customers",
            Param::ClockRetries => "retries",
            Param::ClockWindow => "window",
            Param::ClockAfter => "after",
        }
    }
}

fn current_params() -> Option<UrlSearchParams> {
    let search = super::window().location().search().ok()?;
    UrlSearchParams::new_with_str(&search).ok()
}

/// The parameter's value in the current URL, if present.
pub fn get(param: Param) -> Option<String> {
    current_params()?.get(param.key())
}

/// Sets (or, with `None` or an empty value, removes) parameters, keeping all others.
pub fn set(values: &[(Param, Option<String>)]) {
    let Some(params) = current_params() else {
        return;
    };
    for (param, value) in values {
        match value.as_deref().filter(|v| !v.is_empty()) {
            Some(v) => params.set(param.key(), v),
            None => params.delete(param.key()),
        }
    }
    let location = super::window().location();
    let query = String::from(params.to_string());
    let path = location.pathname().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    let url = if query.is_empty() {
        format!("{path}{hash}")
    } else {
        format!("{path}?{query}{hash}")
    };
    let current = format!("{path}{}{hash}", location.search().unwrap_or_default());
    if url == current {
        return;
    }
    if let Ok(history) = super::window().history() {
        let state = history.state().unwrap_or(JsValue::NULL);
        let _ = history.replace_state_with_url(&state, "", Some(&url));
    }
}
