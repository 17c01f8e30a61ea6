//! Recognising the local sandbox, to pre-fill its documented default token.

use gloo_net::http::Request;
use serde::Deserialize;

#[derive(Deserialize)]
struct Info {
    sandbox: bool,
    default_token: Option<String>,
}

/// The sandbox's default token when `base` is a sandbox still using it.
pub async fn default_token(base: &str) -> Option<String> {
    let url = format!("{}/__sandbox/info", base.trim_end_matches('/'));
    let info: Info = Request::get(&url).send().await.ok()?.json().await.ok()?;
    info.sandbox.then_some(info.default_token).flatten()
}
