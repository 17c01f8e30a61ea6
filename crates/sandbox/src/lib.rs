//! billing-sandbox: a local stand-in for Queue (Stripe webhook receiver and internal
//! billing API) and Raptor (iOS subscription mirror), serving the built app as well.

pub mod config;
pub mod static_files;

use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

pub use config::Config;

/// Every route the sandbox serves.
pub fn router(config: &Config) -> Router {
    let api = Router::new().route("/health", get(health));
    match &config.app_dir {
        Some(dir) => api.fallback_service(static_files::service(dir)),
        None => api,
    }
}

async fn health() -> Json<serde_json::Value> {
    Json(json!({"status": "ok"}))
}

/// Binds and serves until the process is stopped.
pub async fn run(config: Config) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind((config.host.as_str(), config.port)).await?;
    let addr = listener.local_addr()?;
    println!("billing-sandbox listening on http://{addr}/");
    if config.app_dir.is_some() {
        println!("  app:        http://{addr}/  (embed example: http://{addr}/docs-example.html)");
    }
    axum::serve(listener, router(&config)).await
}
