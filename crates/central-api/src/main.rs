// SPDX-License-Identifier: EUPL-1.2
//! `central-api serve`: the central API and the static portal in one process.

use std::{net::SocketAddr, path::PathBuf, process::ExitCode};

use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

#[derive(Debug, Parser)]
#[command(
    name = "central-api",
    version,
    about = "Bürgerportal central API and portal server"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the API under /api and the portal (if built) under /.
    Serve(ServeArgs),
}

#[derive(Debug, Clone, clap::Args)]
struct ServeArgs {
    /// TCP port; 0 picks a free one (the line printed on start names it).
    #[arg(long, env = "PORT", default_value_t = 8080)]
    port: u16,
    /// Address to listen on.
    #[arg(long, env = "HOST", default_value = "127.0.0.1")]
    host: String,
    /// SQLite database file (created if missing) or sqlite: URL. Falls back to the
    /// environment variables DATABASE_URL, then DB_PATH.
    #[arg(long)]
    db: Option<String>,
    /// Folder with the built portal; served at / if it exists.
    #[arg(long, env = "STATIC_DIR", default_value = "dist")]
    static_dir: PathBuf,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();

    // Without a subcommand, `serve` with its defaults (and environment variables).
    let command = Cli::parse()
        .command
        .or_else(|| Cli::parse_from(["central-api", "serve"]).command);
    let Some(Command::Serve(args)) = command else {
        return ExitCode::FAILURE;
    };
    match serve(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("central-api: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(args: ServeArgs) -> Result<(), String> {
    let database = args
        .db
        .or_else(|| std::env::var("DATABASE_URL").ok().filter(|v| !v.is_empty()))
        .or_else(|| std::env::var("DB_PATH").ok().filter(|v| !v.is_empty()))
        .unwrap_or_else(|| "data/portal.sqlite".to_owned());
    let config = central_api::Config {
        database,
        static_dir: Some(args.static_dir.clone()),
    };
    let state = central_api::AppState::init(&config)
        .await
        .map_err(|e| e.to_string())?;
    if state.static_dir.is_none() {
        tracing::info!(
            static_dir = %args.static_dir.display(),
            "no portal folder; serving the API only"
        );
    }

    let listener = tokio::net::TcpListener::bind((args.host.as_str(), args.port))
        .await
        .map_err(|e| format!("cannot listen on {}:{}: {e}", args.host, args.port))?;
    let addr: SocketAddr = listener.local_addr().map_err(|e| e.to_string())?;
    println!("Bürgerportal running at http://{addr}/");
    central_api::serve(listener, state)
        .await
        .map_err(|e| e.to_string())
}
