// SPDX-License-Identifier: EUPL-1.2
//! Central API of the Bürgerportal: service catalogue, form definitions, routing and
//! submissions, plus the static portal with a strict Content-Security-Policy.
//!
//! [`app`] builds the router from an [`AppState`]; `main.rs` only parses the command line,
//! so tests run the very same server on a loopback port.

pub mod db;
pub mod error;
pub mod extract;
pub mod forms;
pub mod routes;
pub mod search;
pub mod security;
pub mod seed;

use std::{path::PathBuf, time::Instant};

use axum::{
    Router,
    extract::{DefaultBodyLimit, Request},
    http::{HeaderName, HeaderValue, header},
    middleware::{self, Next},
    response::Response,
};
use sqlx::SqlitePool;
use tower_http::{
    services::{ServeDir, ServeFile},
    set_header::SetResponseHeaderLayer,
};

/// Largest accepted request body.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// How the server is set up.
#[derive(Debug, Clone)]
pub struct Config {
    /// SQLite database file (created if missing) or `sqlite:` URL.
    pub database: String,
    /// Folder with the built portal (`index.html` and assets); served at `/` if it exists.
    pub static_dir: Option<PathBuf>,
}

/// Shared state of all handlers.
#[derive(Clone)]
pub struct AppState {
    pub db: SqlitePool,
    /// Folder of the portal, if it exists.
    pub static_dir: Option<PathBuf>,
    /// The Content-Security-Policy sent with every response.
    pub csp: HeaderValue,
}

/// Error while starting up.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("cannot create the folder for the database file {path}: {source}")]
    DatabaseFolder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot read {path}: {source}")]
    StaticIndex {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl AppState {
    /// Opens (and creates) the database, runs the migrations, seeds the demo data and
    /// computes the Content-Security-Policy from the portal's `index.html`.
    pub async fn init(config: &Config) -> Result<Self, StartupError> {
        let db = db::connect(&config.database).await?;
        sqlx::migrate!("./migrations").run(&db).await?;
        seed::seed(&db).await?;

        let static_dir = config.static_dir.clone().filter(|dir| dir.is_dir());
        let mut hashes = Vec::new();
        if let Some(dir) = &static_dir {
            let index = dir.join("index.html");
            match std::fs::read_to_string(&index) {
                Ok(html) => hashes = security::inline_script_hashes(&html),
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                    tracing::warn!(path = %index.display(), "static folder has no index.html");
                }
                Err(source) => {
                    return Err(StartupError::StaticIndex {
                        path: index,
                        source,
                    });
                }
            }
        }
        let csp = HeaderValue::from_str(&security::content_security_policy(&hashes))
            .expect("the policy is ASCII");
        Ok(AppState {
            db,
            static_dir,
            csp,
        })
    }
}

/// The whole application: `/api/...` and, if configured, the static portal.
pub fn app(state: AppState) -> Router {
    let csp = state.csp.clone();
    let static_dir = state.static_dir.clone();

    let api = Router::new()
        .merge(routes::health::router())
        .merge(routes::municipalities::router())
        .merge(routes::services::router())
        .merge(routes::forms::router())
        .merge(routes::submissions::router())
        .fallback(error::api_not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state);

    let mut router = Router::new().nest("/api", api);
    router = match static_dir {
        Some(dir) => {
            let index = dir.join("index.html");
            let portal = ServeDir::new(&dir)
                .precompressed_br()
                .precompressed_gzip()
                .fallback(
                    ServeFile::new(index)
                        .precompressed_br()
                        .precompressed_gzip(),
                );
            // Revalidate portal files on every use, so a new deployment shows at once.
            router.fallback_service(
                tower::ServiceBuilder::new()
                    .layer(SetResponseHeaderLayer::if_not_present(
                        header::CACHE_CONTROL,
                        HeaderValue::from_static("no-cache"),
                    ))
                    .service(portal),
            )
        }
        None => router.fallback(error::api_not_found),
    };

    router
        .layer(SetResponseHeaderLayer::overriding(
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
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("SAMEORIGIN"),
        ))
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

/// Logs method, path (never the query string, which may carry a token) and status.
async fn log_request(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
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

/// Serves `app(state)` on `listener` until Ctrl-C or SIGTERM.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown_signal())
        .await
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
