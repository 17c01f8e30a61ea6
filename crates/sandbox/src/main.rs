//! The `billing-sandbox` binary: parse options, serve.

use billing_sandbox::Config;
use clap::Parser;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    billing_sandbox::run(Config::parse()).await
}
