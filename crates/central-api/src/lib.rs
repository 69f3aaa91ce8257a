// SPDX-License-Identifier: EUPL-1.2
//! Central API of the Bürgerportal: service catalogue, form definitions, routing and
//! submissions, plus the static portal with a strict Content-Security-Policy.
//!
//! [`app`] builds the router from an [`AppState`]; `main.rs` only parses the command line,
//! so tests run the very same server on a loopback port.

pub mod address;
pub mod ars;
pub mod assets;
pub mod authority;
pub mod body_deadline;
pub mod compression;
pub mod custody;
pub mod destination;
pub mod directory;
pub mod error;
pub mod extract;
pub mod fim;
pub mod fit_connect;
pub mod forms;
pub mod jwe;
pub mod keys;
pub mod land;
pub mod legal;
pub mod limits;
pub mod portal;
pub mod retention;
pub mod routes;
pub mod search;
pub mod security;
pub mod seed;
pub mod server;
pub mod shorten;
pub mod store;
pub mod theme;
pub mod write_deadline;

use std::{
    collections::HashSet,
    path::PathBuf,
    sync::{Arc, RwLock},
    time::Instant,
};

use axum::{
    Router,
    extract::{DefaultBodyLimit, Request},
    http::{HeaderName, HeaderValue, header},
    middleware::{self, Next},
    response::Response,
};
use tower_http::{
    cors::{AllowOrigin, CorsLayer},
    set_header::SetResponseHeaderLayer,
    timeout::RequestBodyTimeoutLayer,
};

/// Largest accepted JSON request body.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// How the server is set up.
#[derive(Debug, Clone)]
pub struct Config {
    /// SQLite database file (created if missing), `sqlite:` URL or `postgres://` URL.
    pub database: String,
    /// Folder with the built portal (`index.html` and assets); served at `/` if it exists.
    pub static_dir: Option<PathBuf>,
    /// Limits on requests and attachments.
    pub limits: limits::Limits,
    /// How long submissions are kept.
    pub retention: retention::Retention,
    /// Limits on connections and their timeouts.
    pub connections: server::ConnectionLimits,
    /// Reverse proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: limits::TrustedProxies,
    /// Base path of the portal and origin of the API, if they differ from the defaults
    /// (portal at `/`, API on the same origin); checked by [`AppState::init`].
    pub deployment: portal::Deployment,
}

impl Config {
    /// Defaults for a database, without a portal folder.
    pub fn new(database: impl Into<String>) -> Self {
        Config {
            database: database.into(),
            static_dir: None,
            limits: limits::Limits::default(),
            retention: retention::Retention::default(),
            connections: server::ConnectionLimits::default(),
            trusted_proxies: limits::TrustedProxies::default(),
            deployment: portal::Deployment::default(),
        }
    }
}

/// Shared state of all handlers.
#[derive(Clone)]
pub struct AppState {
    /// The database (see [`store`]).
    pub store: store::Store,
    /// Folder of the portal, if it exists.
    pub static_dir: Option<PathBuf>,
    /// The Content-Security-Policy sent with every response that sets none of its own
    /// (the portal's `index.html`, the preview and logos do).
    pub csp: HeaderValue,
    /// The portal as served (index, preview, embedding files), if the folder exists.
    pub portal: Option<Arc<portal::Portal>>,
    /// Origins allowed to call the API from a browser (the municipalities' homepages).
    pub allowed_origins: Arc<RwLock<HashSet<String>>>,
    /// Limits on requests and attachments.
    pub limits: limits::Limits,
    /// How long submissions are kept (the job runs while [`serve`] serves).
    pub retention: retention::Retention,
    /// This process's name in the readiness table (random per start).
    pub instance: String,
    /// Limits on connections and their timeouts (applied by [`serve`]).
    pub connections: server::ConnectionLimits,
    /// Reverse proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: limits::TrustedProxies,
    /// Per-client rate limit on submissions.
    pub submission_rate: Arc<limits::RateLimiter>,
    /// Per-client rate limit on the portal's sender tokens.
    pub sender_token_rate: Arc<limits::RateLimiter>,
    /// This instance's count of the portal's valid sender tokens (the ceiling's).
    pub sender_token_count: Arc<routes::sender_token::TokenCount>,
    /// The relay's signing key for events, read or made on first need.
    pub relay_key: Arc<tokio::sync::OnceCell<fit_connect::relay_key::RelayKey>>,
    /// The API's public address, if configured (else the portal's origin).
    pub api_url: Option<String>,
}

/// Error while starting up.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("{0}")]
    Store(#[from] store::StoreError),
    #[error("demo data: {0}")]
    Seed(#[from] seed::SeedError),
    #[error("portal folder: {0}")]
    Portal(#[from] portal::ReadError),
    #[error("{0}")]
    Config(String),
}

impl AppState {
    /// Opens (and creates) the database, runs the migrations, seeds the demo data and
    /// computes the Content-Security-Policy from the portal's `index.html`.
    pub async fn init(config: &Config) -> Result<Self, StartupError> {
        let store = store::Store::open(&config.database).await?;
        seed::seed(&store).await?;
        fit_connect::oauth::ensure_portal_client(&store).await?;
        report_keys(&store).await?;
        let allowed_origins =
            Arc::new(RwLock::new(store.municipalities().allowed_origins().await?));

        let deployment = portal::Deployment {
            base_path: portal::normalize_base_path(&config.deployment.base_path)
                .map_err(StartupError::Config)?,
            api_url: config
                .deployment
                .api_url
                .as_deref()
                .map(portal::normalize_api_url)
                .transpose()
                .map_err(StartupError::Config)?,
            home_ars: config
                .deployment
                .home_ars
                .clone()
                .map(|ars| {
                    if ars::is_full(&ars) {
                        Ok(ars)
                    } else {
                        Err(StartupError::Config(format!(
                            "municipality {ars:?}: an ARS is 12 digits"
                        )))
                    }
                })
                .transpose()?,
            fit_connect: {
                let check = |url: &Option<String>| {
                    url.as_deref()
                        .map(portal::normalize_service_url)
                        .transpose()
                        .map_err(StartupError::Config)
                };
                let targets = &config.deployment.fit_connect;
                portal::FitConnectTargets {
                    submission_api: check(&targets.submission_api)?,
                    routing_api: check(&targets.routing_api)?,
                    sender_token_url: check(&targets.sender_token_url)?,
                }
            },
        };
        let static_dir = config.static_dir.clone().filter(|dir| dir.is_dir());
        let portal = match &static_dir {
            Some(dir) => Some(Arc::new(portal::Portal::load(
                dir.clone(),
                deployment.clone(),
            )?)),
            None => None,
        };
        let csp = match &portal {
            Some(portal) => portal.default_policy(),
            None => security::policy(&security::Policy {
                api_origin: deployment.api_url.as_deref(),
                connect_origins: &deployment.connect_origins(),
                ..security::Policy::default()
            }),
        };
        let csp = HeaderValue::from_str(&csp).expect("the policy is ASCII");
        Ok(AppState {
            store,
            static_dir,
            csp,
            portal,
            allowed_origins,
            limits: config.limits.clone(),
            retention: config.retention.clone(),
            connections: config.connections.clone(),
            trusted_proxies: config.trusted_proxies.clone(),
            instance: routes::submissions::new_status_token(),
            submission_rate: Arc::new(limits::RateLimiter::new(
                config.limits.submissions_per_minute,
            )),
            sender_token_rate: Arc::new(limits::RateLimiter::named(
                // A page asks once per submission, and again when its token ran out.
                config.limits.submissions_per_minute.saturating_mul(2),
                "sender-token:",
            )),
            sender_token_count: Arc::default(),
            relay_key: Arc::new(tokio::sync::OnceCell::new()),
            api_url: deployment.api_url.clone(),
        })
    }
}

/// Logs every authority that has no valid current key (by name: routing and submissions
/// answer a problem naming it) and every one whose parameters the Land has not signed as
/// they are now (the portal refuses to encrypt for those). Reads public keys only: the
/// relay never makes, reads or needs a private key.
async fn report_keys(store: &store::Store) -> Result<(), store::StoreError> {
    for authority in store.keys().authority_ids().await? {
        match destination::parameters(store, &authority).await {
            Ok(parameters) => {
                let signed = store.keys().signature(&authority).await?;
                if signed.is_none_or(|(payload, _)| payload != parameters.canonical()) {
                    tracing::warn!(
                        authority = %authority,
                        "the Land has not signed this authority's current destination parameters (run `central-api land sign`): the portal will not encrypt for it"
                    );
                }
            }
            Err(keys::KeyProblem::Store(err)) => return Err(err),
            Err(problem) => tracing::error!(authority = %authority, "{problem}"),
        }
    }
    Ok(())
}

/// Folder (below the static folder) and path of the designers' preview bundle.
pub const PREVIEW_DIR: &str = "preview";

/// The whole application: `/api/...` and, if configured, the static portal below its
/// base path, with the designers' preview under `/preview/` and the embedding files
/// (see [`portal`]).
pub fn app(state: AppState) -> Router {
    let csp = state.csp.clone();
    let has_portal = state.portal.is_some();
    let cors = cors_layer(state.allowed_origins.clone());

    let api = Router::new()
        .merge(routes::health::router())
        .merge(routes::openapi::router())
        .merge(routes::municipalities::router())
        .merge(routes::services::router())
        .merge(routes::forms::router())
        .merge(routes::places::router())
        .merge(routes::retention::router())
        .merge(routes::sender_token::router())
        .merge(routes::submissions::router())
        .fallback(error::api_not_found)
        // The router's own 405 (no body, no type) as problem+json, its `Allow` kept.
        .layer(middleware::map_response(error::method_not_allowed_problem))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        // A body must arrive at a pace (a byte a second does not hold a connection for
        // ever), and one that stalls (no bytes for this long) fails sooner.
        .layer(middleware::from_fn_with_state(
            state.connections.body_pace,
            body_deadline::limit,
        ))
        .layer(RequestBodyTimeoutLayer::new(
            state.connections.body_idle_timeout,
        ))
        // A path or query that is no text is refused before any handler (address.rs),
        // inside CORS, so that a municipality's page can read why.
        .layer(middleware::from_fn(address::check))
        .layer(cors)
        // JSON answers compressed (the portal's files are precompressed); the ETag
        // change must see the compressed answer, so it sits outside (compression.rs).
        .layer(compression::layer())
        .layer(middleware::map_response(compression::weaken_etag))
        .with_state(state.clone());

    // FIT-Connect's Submission and Routing APIs and the token endpoint, at the root
    // where FIT-Connect's clients expect them, with the API's limits.
    let v1 = fit_connect::v1_router()
        .merge(routes::routing::router())
        .merge(routes::areas::router())
        .fallback(error::api_not_found);
    let fit_connect = fit_connect::root_router()
        .nest("/v1", v1)
        .layer(middleware::map_response(error::method_not_allowed_problem))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(
            state.connections.body_pace,
            body_deadline::limit,
        ))
        .layer(RequestBodyTimeoutLayer::new(
            state.connections.body_idle_timeout,
        ))
        .layer(middleware::from_fn(address::check))
        .layer(cors_layer(state.allowed_origins.clone()))
        .layer(compression::layer())
        .with_state(state.clone());

    let router = Router::new().nest("/api", api).merge(fit_connect);
    let router = if has_portal {
        // Hashed assets are immutable, everything else is revalidated (see assets.rs).
        router.fallback_service(
            Router::new()
                .fallback(portal::serve)
                .layer(middleware::from_fn(assets::cache_headers))
                // A page made or kept compressed carries its ETag weak (compression.rs).
                .layer(middleware::map_response(compression::weaken_etag))
                .with_state(state),
        )
    } else {
        router.fallback(error::api_not_found)
    };

    router
        // The portal's index, the preview and logos set their own policy.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            csp,
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        // Everything but the portal's index (framed by the municipalities' pages, which
        // its policy's frame-ancestors names).
        .layer(middleware::from_fn(portal::frame_options))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static(
                "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
            ),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ))
        .layer(middleware::from_fn(log_request))
}

/// CORS for the municipalities' own homepages only: a browser on another origin gets no
/// `Access-Control-Allow-Origin` and cannot read the answers.
fn cors_layer(origins: Arc<RwLock<HashSet<String>>>) -> CorsLayer {
    use axum::http::Method;
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(move |origin, _parts| {
            origin
                .to_str()
                .ok()
                .is_some_and(|origin| origins.read().is_ok_and(|set| set.contains(origin)))
        }))
        .allow_methods([Method::GET, Method::POST, Method::PUT])
        .allow_headers([
            header::CONTENT_TYPE,
            header::ACCEPT_LANGUAGE,
            header::AUTHORIZATION,
            HeaderName::from_static(routes::submissions::IDEMPOTENCY_KEY),
        ])
        .expose_headers([header::LOCATION, header::ETAG, header::RETRY_AFTER])
        .max_age(std::time::Duration::from_secs(600))
}

/// Logs method, path (never the query string, which may carry a token) and status.
async fn log_request(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    // Cut: the path comes from the client, and one request's head may be tens of KB.
    let path = shorten::to_chars(request.uri().path(), 200);
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16();
    let elapsed_ms = started.elapsed().as_millis() as u64;
    if status >= 500 {
        tracing::error!(%method, path, status, elapsed_ms, "request");
    } else {
        tracing::info!(%method, path, status, elapsed_ms, "request");
    }
    response
}

/// Serves `app(state)` on `listener` until Ctrl-C or SIGTERM, with the retention job
/// running beside it; requests in flight are finished before it returns, then the
/// database is closed (checkpointing the WAL).
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    let store = state.store.clone();
    let retention = state.retention.clone().spawn(store.clone());
    let origins = refresh_allowed_origins(
        store.clone(),
        state.allowed_origins.clone(),
        ALLOWED_ORIGINS_REFRESH,
    );
    let limits = state.connections.clone();
    let proxies = state.trusted_proxies.clone();
    server::serve(listener, app(state), limits, proxies, shutdown_signal()).await;
    retention.abort();
    origins.abort();
    store.close().await;
    tracing::info!("shut down");
    Ok(())
}

/// How often a running instance reads the allowed origins again, so that a municipality
/// added or changed by `central-api seed` on the shared database reaches every instance.
pub const ALLOWED_ORIGINS_REFRESH: std::time::Duration = std::time::Duration::from_secs(60);

/// Reads the municipalities' allowed origins (CORS, `frame-ancestors`) into `origins`
/// every `every`; a failed read keeps the origins known and is logged.
fn refresh_allowed_origins(
    store: store::Store,
    origins: Arc<RwLock<HashSet<String>>>,
    every: std::time::Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        ticks.tick().await; // the first tick is now: init has just read them
        loop {
            ticks.tick().await;
            match store.municipalities().allowed_origins().await {
                Ok(fresh) => {
                    if let Ok(mut known) = origins.write() {
                        *known = fresh;
                    }
                }
                Err(err) => tracing::warn!(error = %err, "cannot read the allowed origins"),
            }
        }
    })
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}
