//! The sandbox's App Store test signer (its test chain and the leaf's key, for the page
//! to sign with), and sending a notification to an App Store endpoint.

use gloo_net::http::{Request, RequestBuilder, Response};
use serde_json::Value;
use testkit_core::appstore::{
    decode_std_validate, pem_blocks, REAL_SANDBOX_TEST_NOTIFICATION_FILE,
};
use testkit_core::json_text::text_at;

use super::post::{post_json, SendOutcome};

/// What the page signs with: held in memory only (the key is a test key, but a key).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SandboxSigner {
    /// `x5c`: leaf, intermediate, root, as standard base64 of DER.
    pub x5c: Vec<String>,
    /// The leaf's private key, PKCS#8 DER.
    pub leaf_key_pkcs8: Vec<u8>,
    /// The bundle id the sandbox expects.
    pub bundle_id: String,
    /// The environment the sandbox expects.
    pub environment: String,
    /// The app Apple ID the sandbox expects (Production).
    pub app_apple_id: Option<i64>,
}

/// The sandbox's answer: `app_apple_id` may be null or missing, every other field is
/// required.
struct SignerAnswer {
    x5c: Vec<String>,
    leaf_private_key_pkcs8: String,
    bundle_id: String,
    environment: String,
    app_apple_id: Option<i64>,
}

impl SignerAnswer {
    /// Read by hand from the JSON: a derived `Deserialize` would be one more parser in the
    /// replay's part, which reads its other answers as a [`Value`] already.
    fn parse(text: &str) -> Option<SignerAnswer> {
        let answer: Value = serde_json::from_str(text).ok()?;
        let x5c = answer.get("x5c")?.as_array()?.iter();
        Some(SignerAnswer {
            x5c: x5c
                .map(|c| c.as_str().map(str::to_string))
                .collect::<Option<_>>()?,
            leaf_private_key_pkcs8: text_at(&answer, "leaf_private_key_pkcs8")?,
            bundle_id: text_at(&answer, "bundle_id")?,
            environment: text_at(&answer, "environment")?,
            app_apple_id: match answer.get("app_apple_id") {
                None | Some(Value::Null) => None,
                Some(id) => Some(id.as_i64()?),
            },
        })
    }
}

/// `request` sent to `url`: its 2xx answer, else why not (`no_answer` when nothing came
/// back).
async fn ok_answer(
    request: RequestBuilder,
    url: &str,
    no_answer: String,
) -> Result<Response, String> {
    let response = request.send().await.map_err(|_| no_answer)?;
    if !response.ok() {
        return Err(format!("{url} answered HTTP {}.", response.status()));
    }
    Ok(response)
}

/// The text of `url`'s answer.
async fn text_of(response: Response, url: &str) -> Result<String, String> {
    response
        .text()
        .await
        .map_err(|_| format!("{url} did not answer text."))
}

/// `GET /__sandbox/apple/<what>` with the sandbox token: the URL and its 2xx answer.
async fn sandbox_get(base: &str, what: &str, token: &str) -> Result<(String, Response), String> {
    let url = format!("{}/__sandbox/apple/{what}", base.trim_end_matches('/'));
    let request = Request::get(&url).header("Authorization", &format!("Bearer {token}"));
    let no_answer = format!("No answer from {url}: is the sandbox running?");
    let response = ok_answer(request, &url, no_answer).await?;
    Ok((url, response))
}

/// `GET /__sandbox/apple/test-signer` with the sandbox token.
pub async fn sandbox_signer(base: &str, token: &str) -> Result<SandboxSigner, String> {
    let (url, response) = sandbox_get(base, "test-signer", token).await?;
    let text = response.text().await.ok();
    let answer = text
        .as_deref()
        .and_then(SignerAnswer::parse)
        .ok_or_else(|| format!("{url} did not answer the sandbox's test signer."))?;
    if answer.x5c.len() != 3 {
        return Err("The sandbox's test chain is not leaf, intermediate and root.".into());
    }
    let key = decode_std_validate(&answer.leaf_private_key_pkcs8)
        .map_err(|_| "The sandbox's test key is not base64.")?;
    Ok(SandboxSigner {
        x5c: answer.x5c,
        leaf_key_pkcs8: key,
        bundle_id: answer.bundle_id,
        environment: answer.environment,
        app_apple_id: answer.app_apple_id,
    })
}

/// `GET /__sandbox/apple/test-root` with the sandbox token: the test root, DER.
pub async fn sandbox_test_root(base: &str, token: &str) -> Result<Vec<u8>, String> {
    let (url, response) = sandbox_get(base, "test-root", token).await?;
    let text = text_of(response, &url).await?;
    match pem_blocks(&text) {
        Ok(blocks) => match blocks.as_slice() {
            [(label, der)] if label == "CERTIFICATE" => Ok(der.clone()),
            _ => Err(format!("{url} did not answer one PEM certificate.")),
        },
        Err(why) => Err(format!("{url} did not answer PEM: {why}.")),
    }
}

/// The real Apple-signed sample the site serves (`base` is the testkit's origin).
pub async fn real_sample(base: &str) -> Result<String, String> {
    let url = format!(
        "{}/{REAL_SANDBOX_TEST_NOTIFICATION_FILE}",
        base.trim_end_matches('/')
    );
    let no_answer = format!("The sample could not be fetched from {url}.");
    let response = ok_answer(Request::get(&url), &url, no_answer).await?;
    text_of(response, &url).await
}

/// POSTs `{"signedPayload": ...}` to an App Store Server Notifications endpoint.
pub async fn post_notification(url: &str, body: String) -> SendOutcome {
    post_json(
        url,
        &[],
        body,
        "A receiver on another origin must allow CORS for this page; if it does not, copy the \
         curl command and run it in a terminal instead.",
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::SignerAnswer;

    #[test]
    fn the_signer_answer_needs_every_field_but_the_app_apple_id() {
        let full = r#"{"x5c":["a","b","c"],"leaf_private_key_pkcs8":"k","bundle_id":"app.raxx",
            "environment":"Sandbox","app_apple_id":42,"extra":true}"#;
        let answer = SignerAnswer::parse(full).expect("a full answer");
        assert_eq!(answer.x5c, ["a", "b", "c"]);
        assert_eq!(answer.leaf_private_key_pkcs8, "k");
        assert_eq!(answer.bundle_id, "app.raxx");
        assert_eq!(answer.environment, "Sandbox");
        assert_eq!(answer.app_apple_id, Some(42));
        // The app Apple ID may be null or left out; every other field is required.
        let no_id = r#"{"x5c":[],"leaf_private_key_pkcs8":"k","bundle_id":"b","environment":"e"}"#;
        assert_eq!(
            SignerAnswer::parse(no_id).map(|a| a.app_apple_id),
            Some(None)
        );
        let null_id = no_id.replace('}', r#","app_apple_id":null}"#);
        assert_eq!(
            SignerAnswer::parse(&null_id).map(|a| a.app_apple_id),
            Some(None)
        );
        for bad in [
            "not json",
            r#"{"x5c":["a",1],"leaf_private_key_pkcs8":"k","bundle_id":"b","environment":"e"}"#,
            r#"{"x5c":[],"bundle_id":"b","environment":"e"}"#,
            r#"{"x5c":[],"leaf_private_key_pkcs8":"k","bundle_id":"b","environment":"e","app_apple_id":"1"}"#,
        ] {
            assert!(SignerAnswer::parse(bad).is_none(), "{bad}");
        }
    }
}
