//! Recognising the local sandbox, to pre-fill its documented default token and secret.

use gloo_net::http::Request;
use serde::Deserialize;

use super::abort::Abort;

/// What `GET /__sandbox/info` says: each default only while the sandbox still uses it.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
pub struct SandboxDefaults {
    #[serde(default)]
    sandbox: bool,
    /// The documented bearer token, while it is the sandbox's token.
    #[serde(default)]
    pub default_token: Option<String>,
    /// The documented webhook secret, while it is one of the sandbox's secrets.
    #[serde(default)]
    pub default_webhook_secret: Option<String>,
}

/// The defaults of the sandbox at `base`; `None` when `base` is not a sandbox (or did not
/// answer, or `abort` stopped the request).
pub async fn sandbox_defaults(base: &str, abort: Option<&Abort>) -> Option<SandboxDefaults> {
    let url = format!("{}/__sandbox/info", base.trim_end_matches('/'));
    let signal = abort.map(Abort::signal);
    let request = Request::get(&url).abort_signal(signal.as_ref());
    let info: SandboxDefaults = request.send().await.ok()?.json().await.ok()?;
    info.sandbox.then_some(info)
}

/// The sandbox's default token when `base` is a sandbox still using it.
pub async fn default_token(base: &str) -> Option<String> {
    sandbox_defaults(base, None).await?.default_token
}
