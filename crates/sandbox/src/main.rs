//! The `billing-sandbox` binary: serve (parse options, install the logger, serve), or run
//! a subcommand such as `replay`.

use billing_sandbox::config::{Cli, Command};
use clap::Parser;

#[tokio::main]
async fn main() {
    let cli = Cli::parse();
    if let Some(Command::Replay(args)) = cli.command {
        std::process::exit(billing_sandbox::replay::run(args).await);
    }
    let level = std::env::var("SANDBOX_LOG").unwrap_or_else(|_| "info".into());
    if let Err(e) = billing_sandbox::logging::init(&level) {
        eprintln!("billing-sandbox: {e}");
        std::process::exit(2);
    }
    if let Err(e) = billing_sandbox::run(cli.serve).await {
        eprintln!("billing-sandbox: {e}");
        std::process::exit(1);
    }
}
