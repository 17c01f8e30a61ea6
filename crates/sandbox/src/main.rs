//! The `billing-sandbox` binary: parse options, install the logger, serve.

use billing_sandbox::Config;
use clap::Parser;

#[tokio::main]
async fn main() {
    let config = Config::parse();
    let level = std::env::var("SANDBOX_LOG").unwrap_or_else(|_| "info".into());
    if let Err(e) = billing_sandbox::logging::init(&level) {
        eprintln!("billing-sandbox: {e}");
        std::process::exit(2);
    }
    if let Err(e) = billing_sandbox::run(config).await {
        eprintln!("billing-sandbox: {e}");
        std::process::exit(1);
    }
}
