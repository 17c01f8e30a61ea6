//! billing-sandbox: a local stand-in for Queue (Stripe webhook receiver and internal
//! billing API) and Raptor (iOS subscription mirror) on SQLite or Postgres, serving the built
//! app too.
//! Queue reaches Raptor's mirror only through its fan-out (`fanout`): an outbox in
//! Queue's transaction, delivered over HTTP to Raptor's mirror-sync.

pub mod apple;
pub mod apply;
pub mod config;
pub mod db;
pub mod event;
pub mod fanout;
pub mod faults;
pub mod http;
pub mod logging;
pub mod replay;
pub mod seed;
pub mod static_files;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use std::time::Duration;

use axum::body::Body;
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderName, HeaderValue, Method, Request, Response};
use axum::middleware::from_fn_with_state;
use axum::routing::{any, get, post, MethodRouter};
use axum::{Json, Router};
use serde_json::json;
use testkit_core::contract::{
    ErrorCode, APPLE_NOTIFICATIONS_PATH, QUEUE_BASE, RAPTOR_BASE, WEBHOOK_PATH,
};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::trace::TraceLayer;
use tracing::Span;

pub use config::Config;

use apply::PriceMap;
use db::{Db, Location, Project};
use faults::{Faults, Target};
use http::error::ApiError;
use http::fault_layer::simulate;
use http::webhook::BODY_LIMIT;
use seed::Seed;

/// Everything a handler needs, shared.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub config: Config,
    /// What App Store notifications are verified against, and the sandbox's test chain.
    pub apple: apple::AppleTrust,
    /// Queue's database (its billing tables and outbox) and Raptor's (the mirror, App
    /// Store dedup): one SQLite file serves both, or two Postgres databases.
    pub queue: Db,
    pub raptor: Db,
    pub faults: Faults,
    pub prices: Arc<PriceMap>,
    /// Queue's fan-out to Raptor: the worker's wake-up and counters.
    pub fanout: fanout::Fanout,
}

impl std::ops::Deref for AppState {
    type Target = Inner;

    fn deref(&self) -> &Inner {
        &self.0
    }
}

pub fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// testkit-core's plan prices, plus `price=tier` pairs from the options.
pub fn price_map(extra: &[String]) -> Result<PriceMap, String> {
    let mut map: PriceMap = testkit_core::plans::PLANS
        .iter()
        .map(|p| (p.price_id.to_string(), p.tier.to_string()))
        .collect();
    for pair in extra.iter().filter(|p| !p.trim().is_empty()) {
        let (price, tier) = pair
            .split_once('=')
            .ok_or_else(|| format!("price map entry \"{pair}\" should be price_id=tier"))?;
        map.insert(price.trim().to_string(), tier.trim().to_string());
    }
    Ok(map)
}

/// Every route the sandbox serves.
pub fn router(state: AppState) -> Router {
    // Each API can be made to misbehave (see `faults`): the layer answers for it.
    let faulty = |route: MethodRouter<AppState>, target: Target| {
        route.route_layer(from_fn_with_state((state.clone(), target), simulate))
    };
    let webhook = post(http::webhook::receive).layer(DefaultBodyLimit::max(BODY_LIMIT));
    let api = Router::new()
        .route("/health", get(|| async { Json(json!({ "status": "ok" })) }))
        .route(WEBHOOK_PATH, faulty(webhook, Target::Webhook))
        .route(
            APPLE_NOTIFICATIONS_PATH,
            faulty(
                post(http::apple::receive).layer(DefaultBodyLimit::max(BODY_LIMIT)),
                Target::AppleNotifications,
            ),
        )
        .route(
            &format!("{QUEUE_BASE}/customers"),
            faulty(get(http::queue::customers), Target::QueueCustomers),
        )
        .route(
            &format!("{QUEUE_BASE}/subscriptions"),
            faulty(get(http::queue::subscriptions), Target::QueueSubscriptions),
        )
        .route(
            &format!("{QUEUE_BASE}/invoices"),
            faulty(get(http::queue::invoices), Target::QueueInvoices),
        )
        .route(
            &format!("{RAPTOR_BASE}/subscriptions"),
            faulty(
                get(http::raptor::subscriptions),
                Target::RaptorSubscriptions,
            ),
        )
        .route(&format!("{RAPTOR_BASE}/access"), get(http::access::access))
        .route(
            &format!("{RAPTOR_BASE}/mirror-sync"),
            faulty(post(http::mirror_sync::receive), Target::MirrorSync),
        )
        .route("/__sandbox/outbox", get(http::admin::outbox))
        .route(
            "/__sandbox/faults",
            get(http::admin::get_faults)
                .put(http::admin::put_faults)
                .delete(http::admin::clear_faults),
        )
        .route("/__sandbox/stats", get(http::admin::stats))
        .route("/__sandbox/info", get(http::admin::info))
        .route("/__sandbox/apple/test-root", get(http::apple::test_root))
        .route(
            "/__sandbox/apple/test-signer",
            get(http::apple::test_signer),
        )
        .route("/api/{*rest}", any(api_not_found));
    let origins = &state.config.cors_origins;
    let api = if origins.is_empty() {
        api
    } else {
        api.layer(cors(origins))
    };
    let app = match &state.config.app_dir {
        Some(dir) => api.fallback_service(static_files::service(dir, origins)),
        None => api.fallback(api_not_found),
    };
    app.layer(
        TraceLayer::new_for_http()
            .make_span_with(logging::request_span as fn(&Request<Body>) -> Span)
            .on_request(())
            .on_response(logging::log_response as fn(&Response<Body>, Duration, &Span))
            .on_failure(()),
    )
    .with_state(state)
}

fn cors(origins: &[String]) -> CorsLayer {
    let origins: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            HeaderName::from_static("stripe-signature"),
        ])
}

async fn api_not_found() -> ApiError {
    ApiError::new(ErrorCode::NotFound, "No such endpoint.")
}

/// Removes a database and its WAL files, so a seed starts from nothing (the action log
/// is append-only: it cannot be emptied, only replaced with a new file).
fn remove_database(path: &Path) -> std::io::Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let file = format!("{}{suffix}", path.display());
        match std::fs::remove_file(&file) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    Ok(())
}

/// Opens the databases (seeding them if asked) and builds the shared state.
pub async fn prepare(config: Config) -> Result<AppState, String> {
    let seed: Seed = config.seed.parse()?;
    let (queue_at, raptor_at) = config.databases()?;
    let fresh = seed != Seed::None;
    let environment = config.database_environment.clone();
    {
        // The Postgres client blocks: not on the async threads.
        let (at, wanted) = (queue_at.clone(), environment.clone());
        tokio::task::spawn_blocking(move || db::environment::check(&at, &wanted, fresh))
            .await
            .map_err(|e| e.to_string())??;
    }
    if let Location::Sqlite(path) = &queue_at {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        if fresh {
            remove_database(path).map_err(|e| format!("cannot replace {}: {e}", path.display()))?;
        }
    }
    let options = Arc::new(db::Options {
        fresh,
        environment,
        postgres_writers: config.postgres_writers,
    });
    let open = |at: Location, projects: &'static [Project]| {
        let options = options.clone();
        tokio::task::spawn_blocking(move || {
            Db::open(&at, projects, &options)
                .map_err(|e| format!("cannot open {}: {e}", at.describe()))
        })
    };
    let (queue, raptor) = if queue_at == raptor_at {
        let both = open(queue_at, &[Project::Queue, Project::Raptor])
            .await
            .map_err(|e| e.to_string())??;
        (both.clone(), both)
    } else {
        let queue = open(queue_at, &[Project::Queue]);
        let raptor = open(raptor_at, &[Project::Raptor]);
        (
            queue.await.map_err(|e| e.to_string())??,
            raptor.await.map_err(|e| e.to_string())??,
        )
    };
    queue
        .writer
        .run(move |conn| seed::load_queue(conn, seed))
        .await
        .map_err(|e| format!("seeding Queue's database failed: {e}"))?;
    raptor
        .writer
        .run(move |conn| seed::load_raptor(conn, seed))
        .await
        .map_err(|e| format!("seeding Raptor's database failed: {e}"))?;
    let prices = price_map(&config.price_map)?;
    let test_chain = match &config.apple_test_chain {
        Some(path) => apple::test_chain::in_file(path)?,
        None => raptor
            .writer
            .run(|conn| apple::test_chain::in_database(conn, now_secs()))
            .await
            .map_err(|e| format!("cannot keep the App Store test chain: {e}"))?,
    };
    let apple = apple::AppleTrust::new(&config, test_chain)?;
    Ok(AppState(Arc::new(Inner {
        apple,
        faults: Faults::new(config.faults.clone()),
        queue,
        raptor,
        prices: Arc::new(prices),
        fanout: fanout::Fanout::default(),
        config,
    })))
}

/// A running sandbox (for tests): its address; dropping `stop` shuts it down.
pub struct Running {
    pub addr: SocketAddr,
    pub stop: tokio::sync::oneshot::Sender<()>,
    pub done: tokio::task::JoinHandle<()>,
}

pub async fn spawn(config: Config) -> Result<Running, String> {
    let listener = tokio::net::TcpListener::bind((config.host.as_str(), config.port))
        .await
        .map_err(|e| format!("cannot listen on {}:{}: {e}", config.host, config.port))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let state = prepare(config).await?;
    let worker = fanout::worker::start(&state, addr)?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let done = tokio::spawn(async move {
        let _ = axum::serve(listener, router(state))
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await;
        // A stopped sandbox delivers nothing more (its outbox waits in the database).
        worker.abort();
    });
    Ok(Running { addr, stop, done })
}

/// Binds, prints where everything is, and serves until Ctrl+C.
pub async fn run(config: Config) -> Result<(), String> {
    let listener = tokio::net::TcpListener::bind((config.host.as_str(), config.port))
        .await
        .map_err(|e| format!("cannot listen on {}:{}: {e}", config.host, config.port))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    print_banner(&config, addr);
    let state = prepare(config).await?;
    let _worker = fanout::worker::start(&state, addr)?;
    axum::serve(listener, router(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| e.to_string())
}

fn print_banner(config: &Config, addr: SocketAddr) {
    use std::fmt::Write as _;
    let url = format!("http://{addr}");
    let mut text = String::new();
    let _ = writeln!(text, "billing-sandbox (TEST MODE) listening on {url}/");
    if config.app_dir.is_some() {
        let _ = writeln!(
            text,
            "  app:              {url}/   (embed example: {url}/docs-example.html)"
        );
    }
    let _ = writeln!(text, "  webhook receiver: {url}{WEBHOOK_PATH}");
    let _ = writeln!(
        text,
        "  FLAG_QUEUE_BILLING: {}",
        if config.flag_queue_billing {
            "true"
        } else {
            "false (webhook events are verified, answered 503, not applied)"
        }
    );
    let _ = writeln!(
        text,
        "  Queue API:        {url}{QUEUE_BASE}/{{customers,subscriptions,invoices}}"
    );
    let _ = writeln!(
        text,
        "  Raptor mirror:    {url}{RAPTOR_BASE}/subscriptions?source=ios|stripe"
    );
    let _ = writeln!(
        text,
        "  mirror fan-out:   {}{RAPTOR_BASE}/mirror-sync (Raptor token: {}; outbox at {url}/__sandbox/outbox)",
        config.raptor_url.as_deref().unwrap_or(&url).trim_end_matches('/'),
        if config.raptor_token == config::DEFAULT_RAPTOR_TOKEN {
            format!("{}, the documented default", config.raptor_token)
        } else {
            format!("{}, custom, not printed", logging::fingerprint(&config.raptor_token))
        }
    );
    let _ = writeln!(
        text,
        "  App Store notifications: {url}{APPLE_NOTIFICATIONS_PATH} (bundle {}, {}; trusts Apple Root CA - G3 and the sandbox test root at {url}/__sandbox/apple/test-root)",
        config.apple_bundle_id, config.apple_environment
    );
    match config.databases() {
        Ok((queue, raptor)) if queue != raptor => {
            let _ = writeln!(text, "  QUEUE_DATABASE_URL={}", queue.describe());
            let _ = writeln!(text, "  RAPTOR_DATABASE_URL={}", raptor.describe());
            let _ = writeln!(
                text,
                "  database:         Postgres, Queue's and Raptor's apart (seed: {}); try psql \"$QUEUE_DATABASE_URL\" -c \"\\dt billing_*\"",
                config.seed
            );
        }
        Ok((file, _)) => {
            let _ = writeln!(
                text,
                "  database:         {} (SQLite, Queue's and Raptor's tables in one file; seed: {})",
                file.describe(),
                config.seed
            );
        }
        Err(_) => {}
    }
    for secret in &config.webhook_secrets {
        if secret == config::DEFAULT_WEBHOOK_SECRET {
            let _ = writeln!(
                text,
                "  webhook secret:   {secret}  (the documented default test secret)"
            );
        } else {
            let _ = writeln!(
                text,
                "  webhook secret:   {}  (custom; not printed)",
                logging::fingerprint(secret)
            );
        }
    }
    if config.token == config::DEFAULT_TOKEN {
        let _ = writeln!(
            text,
            "  bearer token:     {}  (the documented default)",
            config.token
        );
    } else {
        let _ = writeln!(
            text,
            "  bearer token:     {}  (custom; not printed)",
            logging::fingerprint(&config.token)
        );
    }
    for fault in &config.faults {
        let _ = writeln!(text, "  simulated fault:  {fault}");
    }
    // A closed stdout (`billing-sandbox | head -1`) must not stop the server.
    let _ = std::io::Write::write_all(&mut std::io::stdout(), text.as_bytes());
}
