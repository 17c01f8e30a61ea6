//! Raptor's billing mirror: iOS subscriptions (and Queue's Stripe fan-out).

use axum::extract::State;
use serde::Deserialize;
use testkit_core::contract::MirrorSubscription;

use super::auth::BillingReader;
use super::lists::{list, ListAnswer};
use super::query::{ContractQuery, Paging};
use crate::AppState;

/// Which rows of the mirror: `ios`, `stripe`, or (absent or empty) both.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct Source(Option<String>);

impl TryFrom<String> for Source {
    type Error = String;

    fn try_from(text: String) -> Result<Source, String> {
        match text.as_str() {
            "" => Ok(Source(None)),
            "ios" | "stripe" => Ok(Source(Some(text))),
            other => Err(format!(
                "source must be ios or stripe (or absent for both), not \"{other}\"."
            )),
        }
    }
}

/// `GET /subscriptions` parameters.
#[derive(Deserialize)]
pub struct MirrorParams {
    #[serde(flatten)]
    paging: Paging,
    #[serde(default)]
    source: Source,
}

pub async fn subscriptions(
    _: BillingReader,
    State(state): State<AppState>,
    ContractQuery(q): ContractQuery<MirrorParams>,
) -> ListAnswer<MirrorSubscription> {
    list(&state, vec![("subscription_source", q.source.0)], q.paging).await
}
