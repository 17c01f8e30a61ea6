//! Command-line options, each with an environment-variable equivalent.

use std::path::PathBuf;

use crate::db::Location;

use clap::{Parser, Subcommand};

use crate::faults::FaultSpec;
use crate::replay::ReplayArgs;

/// The documented default webhook secret: a test value, safe to print and publish.
pub const DEFAULT_WEBHOOK_SECRET: &str = "whsec_billing_testkit_sandbox";
/// The documented default bearer token for the internal APIs.
pub const DEFAULT_TOKEN: &str = "sandbox-token";
/// The bundle id the sandbox expects in App Store notifications by default.
pub const DEFAULT_APPLE_BUNDLE_ID: &str = "app.raxx";
/// A token that authenticates but may not read billing (answers 403), for testing.
pub const DEFAULT_NO_BILLING_TOKEN: &str = "sandbox-token-no-billing";
/// The documented default of Raptor's own bearer token, which Queue's fan-out sends to
/// mirror-sync: a different service's token than Queue's internal one.
pub const DEFAULT_RAPTOR_TOKEN: &str = "sandbox-raptor-token";

/// The command line: the serve options (no subcommand serves, as always), or a subcommand.
#[derive(Clone, Debug, Parser)]
#[command(
    name = "billing-sandbox",
    about = "Local stand-in for Queue (Stripe webhook receiver, internal billing API) and Raptor (iOS mirror)",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(flatten)]
    pub serve: Config,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Clone, Debug, Subcommand)]
pub enum Command {
    /// Replay a test-clock scenario's webhook stream against a receiver and check Queue
    /// after every step (exit 0 all pass, 1 a step failed, 2 usage or connection error).
    Replay(ReplayArgs),
}

/// The serve options.
#[derive(Clone, Debug, Parser)]
#[command(name = "billing-sandbox")]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "SANDBOX_HOST", default_value = "127.0.0.1")]
    pub host: String,

    /// Port to listen on (0 picks a free one).
    #[arg(long, env = "SANDBOX_PORT", default_value_t = 8080)]
    pub port: u16,

    /// SQLite database file. Default: ~/.local/state/billing-sandbox/sandbox.db (outside
    /// the repository, so trunk's watcher never sees it). `:memory:` for a throwaway one.
    #[arg(long, env = "SANDBOX_DB")]
    pub db: Option<PathBuf>,

    /// Queue's Postgres database (postgres://…), instead of the SQLite file. Give
    /// Raptor's too: the two services keep their tables apart, as in staging.
    #[arg(long, env = "QUEUE_DATABASE_URL", requires = "raptor_database")]
    pub queue_database: Option<String>,

    /// The environment Queue's database stands for, recorded in it when first used: a
    /// database created as production is never seeded (wiped) nor reopened as staging,
    /// and the runbook's contamination counts on it are a SEV-2.
    #[arg(long, env = "SANDBOX_DATABASE_ENVIRONMENT", default_value = "staging",
          value_parser = ["staging", "production"])]
    pub database_environment: String,

    /// Postgres write connections per database: deliveries about different customers
    /// apply side by side on them.
    #[arg(long, env = "SANDBOX_POSTGRES_WRITERS", default_value_t = 8)]
    pub postgres_writers: usize,

    /// Raptor's Postgres database (postgres://…), with --queue-database.
    #[arg(long, env = "RAPTOR_DATABASE_URL", requires = "queue_database")]
    pub raptor_database: Option<String>,

    /// Webhook signing secret; repeat (or comma-separate in the variable) to accept
    /// several, as during secret rotation.
    #[arg(long = "webhook-secret", env = "SANDBOX_WEBHOOK_SECRETS", value_delimiter = ',',
          default_value = DEFAULT_WEBHOOK_SECRET)]
    pub webhook_secrets: Vec<String>,

    /// Bearer token that may read the internal billing APIs.
    #[arg(long, env = "SANDBOX_TOKEN", default_value = DEFAULT_TOKEN)]
    pub token: String,

    /// Bearer token that is valid but may not read billing (its requests answer 403).
    #[arg(long, env = "SANDBOX_NO_BILLING_TOKEN", default_value = DEFAULT_NO_BILLING_TOKEN)]
    pub no_billing_token: String,

    /// Maximum age of a signature timestamp, in seconds (0 disables the check).
    #[arg(long, env = "SANDBOX_TOLERANCE", default_value_t = 300)]
    pub tolerance: i64,

    /// Extra price-to-tier mappings, `price_id=tier`, comma-separated. The test prices of
    /// testkit-core's plans are always mapped.
    #[arg(long = "price-map", env = "SANDBOX_PRICE_MAP", value_delimiter = ',')]
    pub price_map: Vec<String>,

    /// Data to load at start: `none`, `demo` (deterministic demo set), or `bulk:N`
    /// (N rows per source, for load tests). Seeding replaces existing data.
    #[arg(long, env = "SANDBOX_SEED", default_value = "none")]
    pub seed: String,

    /// Folder of the built site (`site build`'s dist) to serve at `/`: `/cards` is
    /// `cards.html`, unknown pages get `404.html`, precompressed variants are sent to
    /// clients that accept them.
    #[arg(long, env = "SANDBOX_APP_DIR")]
    pub app_dir: Option<PathBuf>,

    /// An origin (a docs host) allowed to use the testkit from a browser: its widgets'
    /// files and the APIs (CORS). Repeatable, or comma-separated in the variable. None by
    /// default; the loader `testkit-embed.js` answers every origin so that it can explain
    /// on the page why a disallowed one gets no widgets.
    #[arg(
        long = "cors-origin",
        env = "SANDBOX_CORS_ORIGIN",
        value_delimiter = ','
    )]
    pub cors_origins: Vec<String>,

    /// Simulated failure, `target:option[,option]` with target one of queue.customers,
    /// queue.subscriptions, queue.invoices, raptor.subscriptions, webhook,
    /// apple.notifications, mirror-sync and options status=CODE, delay=MS, html,
    /// rate-limit=SECONDS, malformed-row, bare-array, drop=FRACTION (that share of the
    /// requests answered 503 at random, e.g. mirror-sync:drop=0.3); for webhook also
    /// ignore=TYPE (answer 200, apply nothing) and cancel-on=TYPE (answer 200, cancel the
    /// subscription the event names instead of applying it), e.g.
    /// webhook:cancel-on=invoice.payment_failed. Repeatable; also settable at runtime with
    /// PUT /__sandbox/faults.
    #[arg(long = "fault", env = "SANDBOX_FAULTS", value_delimiter = ';')]
    pub faults: Vec<FaultSpec>,

    /// Another root certificate (DER or PEM file) that App Store notifications may chain
    /// to, besides Apple Root CA - G3 (built in) and the sandbox's own test root.
    /// Repeatable.
    #[arg(
        long = "apple-root",
        env = "SANDBOX_APPLE_ROOTS",
        value_delimiter = ','
    )]
    pub apple_roots: Vec<PathBuf>,

    /// Queue's billing flag: `false` makes the webhook receiver behave as Queue does with
    /// FLAG_QUEUE_BILLING off: it still verifies the signature, then logs
    /// "FLAG_QUEUE_BILLING is false", writes nothing and answers 503 (`unavailable`) so
    /// that Stripe keeps the event undelivered and resends it (see http/webhook.rs).
    #[arg(long, env = "SANDBOX_FLAG_QUEUE_BILLING", default_value_t = true,
          action = clap::ArgAction::Set, value_name = "true|false")]
    pub flag_queue_billing: bool,

    /// Where Queue's fan-out delivers mirror changes: the base URL of a Raptor (its
    /// `POST /api/internal/billing/mirror-sync`), such as a second sandbox or staging.
    /// Default: this sandbox's own Raptor.
    #[arg(long, env = "SANDBOX_RAPTOR_URL")]
    pub raptor_url: Option<String>,

    /// Raptor's bearer token for mirror-sync: this sandbox's Raptor requires it, and
    /// Queue's fan-out sends it to the Raptor at --raptor-url. Never logged.
    #[arg(long, env = "SANDBOX_RAPTOR_TOKEN", default_value = DEFAULT_RAPTOR_TOKEN)]
    pub raptor_token: String,

    /// The longest wait between two attempts to deliver one mirror-sync message, in
    /// milliseconds (the wait doubles from 100 ms after each failure, up to this).
    #[arg(
        long,
        env = "SANDBOX_MIRROR_SYNC_MAX_BACKOFF_MS",
        default_value_t = 5000
    )]
    pub mirror_sync_max_backoff_ms: u64,

    /// The app's bundle id that App Store notifications must carry.
    #[arg(long, env = "SANDBOX_APPLE_BUNDLE_ID", default_value = DEFAULT_APPLE_BUNDLE_ID)]
    pub apple_bundle_id: String,

    /// The App Store environment notifications must come from: Sandbox or Production.
    #[arg(long, env = "SANDBOX_APPLE_ENVIRONMENT", default_value = "Sandbox")]
    pub apple_environment: String,

    /// The app's Apple ID (appAppleId), required with --apple-environment Production.
    #[arg(long, env = "SANDBOX_APPLE_APP_ID")]
    pub apple_app_id: Option<i64>,

    /// A PEM file holding the sandbox's App Store test chain (leaf, intermediate and root
    /// certificates, then the leaf's private key): read when it exists, created there
    /// when it does not. Without it the chain is created once and kept in the database.
    #[arg(long, env = "SANDBOX_APPLE_TEST_CHAIN")]
    pub apple_test_chain: Option<PathBuf>,
}

impl Config {
    /// The database path to use when none was given.
    pub fn default_db_path() -> PathBuf {
        let base = std::env::var_os("XDG_STATE_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state")))
            .unwrap_or_else(std::env::temp_dir);
        base.join("billing-sandbox").join("sandbox.db")
    }

    pub fn db_path(&self) -> PathBuf {
        self.db.clone().unwrap_or_else(Config::default_db_path)
    }

    /// Queue's database and Raptor's: two Postgres databases, or one SQLite file for both.
    pub fn databases(&self) -> Result<(Location, Location), String> {
        match (&self.queue_database, &self.raptor_database) {
            (Some(queue), Some(raptor)) => {
                if queue == raptor {
                    return Err("--queue-database and --raptor-database must be two databases: \
                                Queue and Raptor keep their tables apart (both have a billing_action_log)"
                        .into());
                }
                Ok((Location::postgres(queue)?, Location::postgres(raptor)?))
            }
            (None, None) => {
                let file = Location::Sqlite(self.db_path());
                Ok((file.clone(), file))
            }
            _ => Err("give both --queue-database and --raptor-database, or neither".into()),
        }
    }

    /// Options for tests: ephemeral port, the given database, defaults otherwise.
    pub fn for_tests(db: PathBuf) -> Config {
        let mut config = Config::parse_from(["billing-sandbox"]);
        config.port = 0;
        config.db = Some(db);
        config
    }
}
