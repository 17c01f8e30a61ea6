//! Typed query parameters: each endpoint's parameters are a struct that serde validates,
//! and a bad value is answered with the contract's error body naming it.

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use testkit_core::contract::{DEFAULT_LIMIT, MAX_LIMIT};

use super::error::ApiError;

/// `Query<T>` whose rejection is the contract's `invalid_request` body.
pub struct ContractQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ContractQuery<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(ContractQuery(value)),
            Err(rejection) => {
                // axum's text is "Failed to deserialize query string: <serde's message>".
                let text = rejection.body_text();
                let reason = text.split_once(": ").map_or(text.as_str(), |(_, r)| r);
                Err(ApiError::invalid(reason.to_string()))
            }
        }
    }
}

/// A page size from 1 to [`MAX_LIMIT`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct Limit(pub u32);

impl Default for Limit {
    fn default() -> Limit {
        Limit(DEFAULT_LIMIT)
    }
}

impl TryFrom<String> for Limit {
    type Error = String;

    fn try_from(text: String) -> Result<Limit, String> {
        text.parse::<u32>()
            .ok()
            .filter(|n| (1..=MAX_LIMIT).contains(n))
            .map(Limit)
            .ok_or_else(|| {
                format!("limit must be a whole number from 1 to {MAX_LIMIT}, not \"{text}\".")
            })
    }
}

/// A filter value: an empty one (`?status=`) means no filter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(from = "String")]
pub struct Filter(pub Option<String>);

impl From<String> for Filter {
    fn from(text: String) -> Filter {
        Filter(Some(text).filter(|t| !t.is_empty()))
    }
}

/// Every list's paging: `limit` and `starting_after`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Paging {
    #[serde(default)]
    pub limit: Limit,
    #[serde(default)]
    pub starting_after: Filter,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(query: &str) -> Result<Paging, String> {
        serde_urlencoded::from_str(query).map_err(|e| e.to_string())
    }

    #[test]
    fn paging_defaults_and_bounds() {
        assert_eq!(parse("").unwrap().limit, Limit(20));
        let p = parse("limit=100&starting_after=x").unwrap();
        assert_eq!(
            (p.limit, p.starting_after.0.as_deref()),
            (Limit(100), Some("x"))
        );
        assert_eq!(
            parse("starting_after=").unwrap().starting_after,
            Filter(None)
        );
        for bad in ["0", "101", "ten", "-1"] {
            let err = parse(&format!("limit={bad}")).unwrap_err();
            assert!(err.contains("1 to 100") && err.contains(bad), "{err}");
        }
    }
}
