//! Simulated failures (flag and runtime) and CORS.

mod support;

use std::time::Instant;

use billing_sandbox::Config;
use clap::Parser;
use support::Sandbox;

const SUBS: &str = "/api/v1/internal/billing/subscriptions";

#[tokio::test]
async fn each_fault_kind_answers_as_described() {
    let sandbox = Sandbox::start("demo").await;

    sandbox
        .set_faults(&["queue.subscriptions:status=503"])
        .await;
    let (status, body) = sandbox.get(SUBS).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (503, Some("unavailable"))
    );

    sandbox.set_faults(&["raptor.subscriptions:html"]).await;
    let response = sandbox
        .client
        .get(sandbox.url("/api/internal/billing/subscriptions"))
        .bearer_auth("sandbox-token")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 502);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(response.text().await.unwrap().contains("502 Bad Gateway"));

    sandbox.set_faults(&["queue.customers:rate-limit=30"]).await;
    let response = sandbox
        .client
        .get(sandbox.url("/api/v1/internal/billing/customers"))
        .bearer_auth("sandbox-token")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 429);
    assert_eq!(response.headers()["retry-after"], "30");

    sandbox.set_faults(&["queue.invoices:delay=300"]).await;
    let started = Instant::now();
    let (status, _) = sandbox.get("/api/v1/internal/billing/invoices").await;
    assert_eq!(status, 200);
    assert!(started.elapsed().as_millis() >= 300);

    sandbox
        .set_faults(&["queue.subscriptions:malformed-row"])
        .await;
    let (status, body) = sandbox.get(SUBS).await;
    assert_eq!(status, 200);
    assert_eq!(body["data"][0]["id"], "malformed_row");
    assert_eq!(body["data"][0]["status"], 42);

    sandbox
        .set_faults(&["queue.subscriptions:bare-array"])
        .await;
    let (status, body) = sandbox.get(&format!("{SUBS}?limit=5")).await;
    assert_eq!(status, 200);
    assert_eq!(body.as_array().map(Vec::len), Some(5));

    sandbox.set_faults(&["webhook:status=500"]).await;
    let (status, body) = sandbox
        .send_signed(&support::event(
            "evt_f",
            "payout.paid",
            billing_sandbox::now_secs(),
            serde_json::json!({}),
        ))
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (500, Some("internal"))
    );
    assert_eq!(sandbox.counts().await["processed_stripe_events"], 0);

    sandbox.set_faults(&[]).await;
    let (status, body) = sandbox.get(SUBS).await;
    assert_eq!((status, body["object"].as_str()), (200, Some("list")));
}

#[tokio::test]
async fn faults_from_the_command_line_and_bad_specs() {
    let config = Config::try_parse_from([
        "billing-sandbox",
        "--fault",
        "queue.customers:status=500",
        "--fault",
        "webhook:delay=5",
    ])
    .unwrap();
    assert_eq!(config.faults.len(), 2);
    let err =
        Config::try_parse_from(["billing-sandbox", "--fault", "queue.nothing:html"]).unwrap_err();
    assert!(err.to_string().contains("unknown fault target"));

    let sandbox = Sandbox::start_with("demo", |c| {
        c.faults = vec!["queue.customers:status=500".parse().unwrap()]
    })
    .await;
    let (status, _) = sandbox.get("/api/v1/internal/billing/customers").await;
    assert_eq!(status, 500);
    let response = sandbox
        .client
        .put(sandbox.url("/__sandbox/faults"))
        .bearer_auth("sandbox-token")
        .json(&serde_json::json!({ "faults": ["queue.customers:explode"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    let (status, _) = sandbox.get_as("/__sandbox/faults", None).await;
    assert_eq!(status, 401, "fault control needs the token");
}

#[tokio::test]
async fn cors_only_for_the_configured_origin() {
    let preflight = |sandbox: &Sandbox| {
        sandbox
            .client
            .request(
                reqwest::Method::OPTIONS,
                sandbox.url("/api/v1/billing/webhook"),
            )
            .header("Origin", "https://docs.example")
            .header("Access-Control-Request-Method", "POST")
            .header(
                "Access-Control-Request-Headers",
                "stripe-signature,content-type",
            )
            .send()
    };
    let open = Sandbox::start_with("none", |c| {
        c.cors_origins = vec!["https://docs.example".into()]
    })
    .await;
    let response = preflight(&open).await.unwrap();
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        "https://docs.example"
    );
    let allowed = response.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_lowercase();
    assert!(
        allowed.contains("stripe-signature") && allowed.contains("authorization"),
        "{allowed}"
    );

    let closed = Sandbox::start("none").await;
    let response = preflight(&closed).await.unwrap();
    assert!(response
        .headers()
        .get("access-control-allow-origin")
        .is_none());
}

#[tokio::test]
async fn info_reveals_only_the_default_token_and_secret() {
    let default = Sandbox::start("none").await;
    let (status, body) = default.get_as("/__sandbox/info", None).await;
    assert_eq!(
        (
            status,
            body["default_token"].as_str(),
            body["default_webhook_secret"].as_str()
        ),
        (
            200,
            Some("sandbox-token"),
            Some("whsec_billing_testkit_sandbox")
        )
    );
    let custom = Sandbox::start_with("none", |c| {
        c.token = "a-private-token".into();
        c.webhook_secrets = vec!["whsec_a_private_secret".into()];
    })
    .await;
    let (_, body) = custom.get_as("/__sandbox/info", None).await;
    assert!(body["default_token"].is_null());
    assert!(body["default_webhook_secret"].is_null());
    assert!(!body.to_string().contains("a-private-token"));
    assert!(!body.to_string().contains("whsec_a_private_secret"));
}
