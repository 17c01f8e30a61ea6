//! Recognising the local sandbox, to pre-fill its documented default token and secret.

use gloo_net::http::Request;
use serde_json::Value;
use testkit_core::json_text::text_at;

use super::abort::Abort;

/// What `GET /__sandbox/info` says: each default only while the sandbox still uses it.
/// Read through `Value` rather than a derived `Deserialize`: the bundles already parse
/// `Value`, and a derived reader would add a second copy of serde_json's parser.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SandboxDefaults {
    /// The documented bearer token, while it is the sandbox's token.
    pub default_token: Option<String>,
    /// The documented webhook secret, while it is one of the sandbox's secrets.
    pub default_webhook_secret: Option<String>,
}

impl SandboxDefaults {
    /// The defaults in an info answer, or `None` when it is not a sandbox's.
    fn from_info(text: &str) -> Option<SandboxDefaults> {
        let info: Value = serde_json::from_str(text).ok()?;
        (info.get("sandbox") == Some(&Value::Bool(true))).then(|| SandboxDefaults {
            default_token: text_at(&info, "default_token"),
            default_webhook_secret: text_at(&info, "default_webhook_secret"),
        })
    }
}

/// The defaults of the sandbox at `base`; `None` when `base` is not a sandbox (or did not
/// answer, or `abort` stopped the request).
pub async fn sandbox_defaults(base: &str, abort: Option<&Abort>) -> Option<SandboxDefaults> {
    let url = format!("{}/__sandbox/info", base.trim_end_matches('/'));
    let signal = abort.map(Abort::signal);
    let request = Request::get(&url).abort_signal(signal.as_ref());
    SandboxDefaults::from_info(&request.send().await.ok()?.text().await.ok()?)
}

/// The sandbox's default token when `base` is a sandbox still using it.
pub async fn default_token(base: &str) -> Option<String> {
    sandbox_defaults(base, None).await?.default_token
}
