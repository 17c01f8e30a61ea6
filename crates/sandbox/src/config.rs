//! Command-line options, each with an environment-variable equivalent.

use std::path::PathBuf;

use clap::Parser;

#[derive(Clone, Debug, Parser)]
#[command(
    name = "billing-sandbox",
    about = "Local stand-in for Queue and Raptor billing APIs"
)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "SANDBOX_HOST", default_value = "127.0.0.1")]
    pub host: String,

    /// Port to listen on (0 picks a free one).
    #[arg(long, env = "SANDBOX_PORT", default_value_t = 8080)]
    pub port: u16,

    /// Folder of built app files (trunk's dist) to serve at `/`, with index.html as the
    /// fallback for client-side routes.
    #[arg(long, env = "SANDBOX_APP_DIR")]
    pub app_dir: Option<PathBuf>,
}
