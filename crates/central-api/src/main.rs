// SPDX-License-Identifier: EUPL-1.2
//! `central-api serve`: the central API and the static portal in one process.

use std::{net::SocketAddr, path::PathBuf, process::ExitCode, time::Duration};

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
    /// Create or update the database with the demo data (catalogue and forms), then exit.
    Seed(SeedArgs),
    /// Convert a FIM Stammdatenschema (XDatenfelder 2.0 XML) with its genericode code
    /// lists into a form definition; prints warnings and a summary on stderr.
    ImportFim(ImportFimArgs),
    /// The authority's inbox, a FIT-Connect subscriber: fetch what waits at its
    /// destination, decrypt it with its private keys (from its own folder), check it
    /// (hashes, files, routing, form validation), print it as JSON lines, and send
    /// decisions as signed events (--accept, --reject, or --decide for all).
    Inbox(InboxArgs),
    /// An authority's encryption keys: made by the authority (keygen), registered,
    /// rotated and revoked by the operator (public keys only).
    #[command(subcommand)]
    Authority(AuthorityCommand),
    /// The Land's signing key, held offline: make it (keygen) and sign every
    /// authority's destination parameters (sign).
    #[command(subcommand)]
    Land(LandCommand),
    /// OAuth clients of the Submission API (FIT-Connect): senders and the authorities'
    /// subscribers.
    #[command(subcommand)]
    Client(ClientCommand),
    /// Build step after `trunk build --release`: write embed.css and embed-fonts.css (the
    /// portal's stylesheets for a shadow root, its fonts for the host page) into the
    /// portal's folder, which `serve` then serves.
    BuildEmbed(BuildEmbedArgs),
}

#[derive(Debug, Clone, clap::Args)]
struct BuildEmbedArgs {
    /// Folder with the built portal (trunk's dist/).
    #[arg(long, default_value = "dist")]
    static_dir: PathBuf,
}

#[derive(Debug, Subcommand)]
enum AuthorityCommand {
    /// On the authority's side: make an RSA-4096 key pair in its own folder (private key
    /// `<authority>.<kid>.pem`, PKCS#8, mode 0600; public JWK `<authority>.<kid>.jwk.json`)
    /// and print the public JWK, to hand to the operator.
    Keygen {
        /// The authority the key is for.
        #[arg(long)]
        authority: String,
        /// The authority's key folder (created 0700 if missing); the relay never reads it.
        #[arg(long)]
        out: PathBuf,
        /// Make a signature key instead (`<authority>.<kid>.signing.pem`), with which the
        /// inbox signs its accept and reject events.
        #[arg(long)]
        signing: bool,
    },
    /// Operator: register an authority's public key (a JWK file): an encryption key
    /// becomes its current key (refused if it breaks FIT-Connect's rules or the authority
    /// has another current key); a signature key (`"use": "sig"`) is added to its keys
    /// that check its events.
    Register(RegisterArgs),
    /// Operator: make a new public key (a JWK file) the authority's current key; the one
    /// before becomes decrypt-only (no new submissions).
    Rotate(RegisterArgs),
    /// Operator: revoke one of the authority's keys: no new submission is accepted for it.
    Revoke {
        #[command(flatten)]
        db: DatabaseArg,
        #[arg(long)]
        authority: String,
        /// The key to revoke. A kid is base64url and may begin with '-', which must not
        /// be taken for an option.
        #[arg(long, allow_hyphen_values = true)]
        kid: String,
    },
    /// Operator: every authority with its keys (JSON lines), or only the ids (--ids).
    List {
        #[command(flatten)]
        db: DatabaseArg,
        /// Print only the authorities' ids, one a line.
        #[arg(long)]
        ids: bool,
    },
}

/// `--db`, shared by every subcommand that opens the database.
#[derive(Debug, Clone, clap::Args)]
struct DatabaseArg {
    /// Database: a SQLite file (created if missing), a sqlite: URL or a postgres:// URL.
    /// Falls back to the environment variables DATABASE_URL, then DB_PATH.
    #[arg(long = "db", value_name = "DB")]
    url: Option<String>,
}

impl DatabaseArg {
    /// The database to open: `--db`, else DATABASE_URL, else DB_PATH, else the demo's
    /// SQLite file.
    fn resolve(self) -> String {
        self.url
            .or_else(|| std::env::var("DATABASE_URL").ok().filter(|v| !v.is_empty()))
            .or_else(|| std::env::var("DB_PATH").ok().filter(|v| !v.is_empty()))
            .unwrap_or_else(|| "data/portal.sqlite".to_owned())
    }
}

#[derive(Debug, Clone, clap::Args)]
struct RegisterArgs {
    #[command(flatten)]
    db: DatabaseArg,
    #[arg(long)]
    authority: String,
    /// The public JWK file the authority handed in (`authority keygen` writes it).
    #[arg(long)]
    jwk: PathBuf,
    /// Days the key is valid from now.
    #[arg(long, default_value_t = central_api::keys::DEFAULT_VALID_DAYS)]
    valid_days: u32,
}

#[derive(Debug, Subcommand)]
enum ClientCommand {
    /// Register a client from its credentials file (JSON: client_id, client_secret), or,
    /// if the file does not exist, make new credentials, write them there (mode 0600,
    /// the client's side) and register them. A subscriber (--authority) receives for the
    /// authority's destination; a sender (--sender) may send to every destination.
    Register {
        #[command(flatten)]
        db: DatabaseArg,
        /// The authority whose subscriber this is.
        #[arg(long, conflicts_with = "sender", required_unless_present = "sender")]
        authority: Option<String>,
        /// A sender instead.
        #[arg(long)]
        sender: bool,
        /// The credentials file.
        #[arg(long)]
        file: PathBuf,
        /// A name for the operator's lists.
        #[arg(long)]
        name: Option<String>,
    },
    /// Every client (JSON lines, without secrets).
    List {
        #[command(flatten)]
        db: DatabaseArg,
    },
    /// Remove a client and its tokens.
    Remove {
        #[command(flatten)]
        db: DatabaseArg,
        #[arg(long)]
        client_id: String,
    },
}

#[derive(Debug, Subcommand)]
enum LandCommand {
    /// Make the Land's RSA-4096 signing key (`land.pem`, mode 0600) and its public JWK
    /// (`land-public.jwk.json`, which the portal is built with) in a folder of its own.
    Keygen {
        #[arg(long)]
        out: PathBuf,
    },
    /// Sign every authority's current destination parameters (key, services, validity)
    /// with the Land's key and store the signatures; routing sends them along.
    Sign {
        /// The Land's private key (`land.pem`).
        #[arg(long)]
        key: PathBuf,
        #[command(flatten)]
        db: DatabaseArg,
    },
}

#[derive(Debug, Clone, clap::Args)]
struct InboxArgs {
    /// The Submission API's address (the relay's, or a Land's FIT-Connect delivery
    /// service), e.g. http://127.0.0.1:8080.
    #[arg(long, env = "SUBMISSION_API")]
    api: String,
    /// The token endpoint (default: <api>/token).
    #[arg(long, env = "TOKEN_URL")]
    token_url: Option<String>,
    /// The authority's own folder of its private keys (`authority keygen --out`).
    #[arg(long, env = "KEYS_DIR")]
    keys_dir: PathBuf,
    /// The authority whose inbox this is (names its key files).
    #[arg(long)]
    authority: String,
    /// The subscriber's credentials (default: <keys-dir>/<authority>.client.json).
    #[arg(long)]
    client: Option<PathBuf>,
    /// Only this submission, by its id or the citizen's reference (default: every one
    /// waiting for a decision).
    #[arg(long, alias = "reference", conflicts_with_all = ["accept", "reject"])]
    submission: Option<String>,
    /// Accept this submission (id or reference; only if it decrypts, its hashes match
    /// and its answers are valid).
    #[arg(long, conflicts_with = "reject")]
    accept: Option<String>,
    /// Reject this submission (id or reference).
    #[arg(long)]
    reject: Option<String>,
    /// Accept every listed submission that is intact and valid, reject the others.
    #[arg(long, conflicts_with_all = ["accept", "reject"])]
    decide: bool,
    /// Reason shown to the citizen with a rejection.
    #[arg(long)]
    reason: Option<String>,
    /// Language of validation messages: de or en.
    #[arg(long, default_value = "de")]
    lang: String,
}

#[derive(Debug, Clone, clap::Args)]
struct ImportFimArgs {
    /// The schema file, e.g. S00000186v1.0_xdf2.xml.
    schema: PathBuf,
    /// Folder of the code lists (genericode files named by number); default: the schema's folder.
    #[arg(long)]
    codelists: Option<PathBuf>,
    /// Id of the form definition; default: the schema id in lower case.
    #[arg(long)]
    id: Option<String>,
    /// Write the definition here instead of to stdout.
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(Debug, Clone, clap::Args)]
struct SeedArgs {
    #[command(flatten)]
    db: DatabaseArg,
    /// A catalogue file to load instead of the embedded demo/catalogue.json.
    #[arg(long)]
    catalogue: Option<PathBuf>,
    /// A folder of further data to load as well: `forms/*.json` (form definitions),
    /// optionally `catalogue.json` (services etc. in the demo catalogue's format), e.g. the
    /// benchmark's generated forms, and optionally `municipalities.json` (an array of
    /// municipalities in the catalogue's format that add or replace municipalities, e.g.
    /// to allow a test page's origin). `serve` keeps them; its start re-seeds only the demo
    /// data, which replaces the links (offerings, topics, responsibilities) of the extra
    /// catalogue, so its services stay reachable by address but are not listed; the
    /// municipalities of municipalities.json stay as that file says.
    #[arg(long, value_name = "DIR")]
    extra: Option<PathBuf>,
}

#[derive(Debug, Clone, clap::Args)]
struct ServeArgs {
    /// TCP port; 0 picks a free one (the line printed on start names it).
    #[arg(long, env = "PORT", default_value_t = 8080)]
    port: u16,
    /// Address to listen on.
    #[arg(long, env = "HOST", default_value = "127.0.0.1")]
    host: String,
    #[command(flatten)]
    db: DatabaseArg,
    /// Folder with the built portal; served at / if it exists.
    #[arg(long, env = "STATIC_DIR", default_value = "dist")]
    static_dir: PathBuf,
    /// Submissions per client address and minute (0: no limit).
    #[arg(long, env = "SUBMISSIONS_PER_MINUTE", default_value_t = 30)]
    submissions_per_minute: u32,
    /// Serve the portal (its files, embed.js, the preview) under this path, e.g.
    /// /buergerportal; / then redirects there. The API stays at /api.
    #[arg(long, env = "BASE_PATH", default_value = "")]
    base_path: String,
    /// The API's origin when the portal is served by this server but calls an API on
    /// another (e.g. https://api.example): named in index.html and allowed by its policy.
    #[arg(long, env = "API_URL")]
    api_url: Option<String>,
    /// The ARS of the municipality whose legal pages the portal's root shows (/impressum
    /// …); others are at /m/{ars}/…. Default: Kreis Dithmarschen.
    #[arg(long, env = "MUNICIPALITY")]
    municipality: Option<String>,
    /// The FIT-Connect delivery service the portal submits through (the base of
    /// `/v1/submissions`, e.g. https://submission-api-testing.fit-connect.fitko.dev);
    /// default: this relay.
    #[arg(long, env = "SUBMISSION_API_URL")]
    submission_api: Option<String>,
    /// The FIT-Connect Routing API the portal asks (the base of `/v1/routes`); default:
    /// this relay.
    #[arg(long, env = "ROUTING_API_URL")]
    routing_api: Option<String>,
    /// Where the portal gets its sender access token (a POST answering like an OAuth
    /// token endpoint), e.g. the deployment's own backend holding the portal's client
    /// credentials; default: this relay's /api/sender-token.
    #[arg(long, env = "SENDER_TOKEN_URL")]
    sender_token_url: Option<String>,
    /// Days a submission is kept after the authority accepted or rejected it.
    #[arg(long, env = "RETENTION_DECIDED_DAYS", default_value_t = 7)]
    retention_decided_days: u32,
    /// Days a received submission is kept when its authority never fetches it.
    #[arg(long, env = "RETENTION_UNFETCHED_DAYS", default_value_t = 30)]
    retention_unfetched_days: u32,
    /// Hours a draft (a submission created and never submitted) is kept.
    #[arg(long, env = "RETENTION_DRAFT_HOURS", default_value_t = 6)]
    retention_draft_hours: u32,
    /// Most bytes of all the files of one submission together.
    #[arg(long, env = "MAX_SUBMISSION_BYTES", default_value_t = 30 * 1024 * 1024)]
    max_submission_bytes: u64,
    /// Most bytes one client may have stored per hour, attachments and submissions'
    /// encrypted texts (0: no limit).
    #[arg(long, env = "CLIENT_UPLOAD_BYTES_PER_HOUR", default_value_t = 200 * 1024 * 1024)]
    client_upload_bytes_per_hour: u64,
    /// The same for one IPv6 /56 (a home line's prefix, 256 /64s that each count as a
    /// client); default: 4 × --client-upload-bytes-per-hour; 0: no limit.
    #[arg(long, env = "SITE_UPLOAD_BYTES_PER_HOUR")]
    site_upload_bytes_per_hour: Option<u64>,
    /// The same for one IPv6 /48 (256 sites); default: 4 × --site-upload-bytes-per-hour
    /// (none if that is 0); 0: no limit.
    #[arg(long, env = "PREFIX_UPLOAD_BYTES_PER_HOUR")]
    prefix_upload_bytes_per_hour: Option<u64>,
    /// Most bytes stored in all, attachments and submissions' encrypted texts (0: no
    /// limit); beyond, uploads and submits answer 507.
    #[arg(long, env = "MAX_STORED_BYTES", default_value_t = 50 * 1024 * 1024 * 1024)]
    max_stored_bytes: u64,
    /// Most valid sender tokens the portal's pages hold in all (0: no limit); beyond,
    /// /api/sender-token answers 503 until some expire.
    #[arg(long, env = "MAX_PORTAL_SENDER_TOKENS", default_value_t = 100_000)]
    max_portal_sender_tokens: u64,
    /// Connections open at once (beyond: they wait until one closes).
    #[arg(long, env = "MAX_CONNECTIONS", default_value_t = 4096)]
    max_connections: usize,
    /// Connections open at once from one client address (trusted proxies excepted).
    #[arg(long, env = "MAX_CONNECTIONS_PER_CLIENT", default_value_t = 64)]
    max_connections_per_client: usize,
    /// Connections open at once from one IPv6 /56 (a home line's prefix, 256 /64s that
    /// each count as a client); default: 4 × --max-connections-per-client; 0: no limit.
    #[arg(long, env = "MAX_CONNECTIONS_PER_SITE")]
    max_connections_per_site: Option<usize>,
    /// Connections open at once from one IPv6 /48 (256 sites; what a tunnel broker hands
    /// out for free); default: 4 × --max-connections-per-site (none if that is 0); 0: no
    /// limit.
    #[arg(long, env = "MAX_CONNECTIONS_PER_PREFIX")]
    max_connections_per_prefix: Option<usize>,
    /// Seconds a client has to send a request's header (also the idle time of a
    /// kept-alive connection).
    #[arg(long, env = "HEADER_TIMEOUT_SECONDS", default_value_t = 10)]
    header_timeout_seconds: u64,
    /// Seconds a request body may stall before the request fails.
    #[arg(long, env = "BODY_IDLE_TIMEOUT_SECONDS", default_value_t = 30)]
    body_idle_timeout_seconds: u64,
    /// Seconds every request body has before --min-body-bytes-per-second counts.
    #[arg(long, env = "BODY_GRACE_SECONDS", default_value_t = 10)]
    body_grace_seconds: u64,
    /// The average pace below which a request body (also an attachment) is given up (408).
    #[arg(long, env = "MIN_BODY_BYTES_PER_SECOND", default_value_t = 16 * 1024)]
    min_body_bytes_per_second: u64,
    /// Seconds a write of an answer may wait for the client to read before the
    /// connection is closed (also the grace before --min-answer-bytes-per-second counts).
    #[arg(long, env = "WRITE_IDLE_TIMEOUT_SECONDS", default_value_t = 30)]
    write_idle_timeout_seconds: u64,
    /// The average pace, over the time the server waits for it, below which a client
    /// reading its answers is cut off (0: none).
    #[arg(long, env = "MIN_ANSWER_BYTES_PER_SECOND", default_value_t = 4 * 1024)]
    min_answer_bytes_per_second: u64,
    /// Reverse proxies (addresses or CIDR networks) whose X-Forwarded-For header names
    /// the client, e.g. 10.0.0.0/8,fd00::/8; nobody else's is believed.
    #[arg(long, env = "TRUSTED_PROXIES", value_delimiter = ',')]
    trusted_proxies: Vec<String>,
    /// Seconds between two runs of the deletion job (every instance runs it).
    #[arg(long, env = "RETENTION_INTERVAL_SECONDS", default_value_t = 600,
          value_parser = clap::value_parser!(u64).range(1..))]
    retention_interval_seconds: u64,
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
    let result = match command {
        Some(Command::Serve(args)) => serve(args).await,
        Some(Command::Seed(args)) => seed(args).await,
        Some(Command::ImportFim(args)) => import_fim(args),
        Some(Command::Inbox(args)) => inbox(args).await,
        Some(Command::Client(command)) => client(command).await,
        Some(Command::Authority(command)) => authority(command).await,
        Some(Command::Land(command)) => land(command).await,
        Some(Command::BuildEmbed(args)) => build_embed(args),
        None => return ExitCode::FAILURE,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("central-api: {message}");
            ExitCode::FAILURE
        }
    }
}

fn build_embed(args: BuildEmbedArgs) -> Result<(), String> {
    let written = central_api::portal::embed_files::write_embed_files(&args.static_dir)
        .map_err(|e| e.to_string())?;
    for (path, bytes) in &written.files {
        eprintln!("build-embed: {} ({bytes} bytes)", path.display());
    }
    Ok(())
}

fn import_fim(args: ImportFimArgs) -> Result<(), String> {
    let options = central_api::fim::ImportOptions {
        codelists: args.codelists,
        id: args.id,
    };
    let import = match central_api::fim::import_file(&args.schema, &options) {
        Ok(import) => import,
        Err(failure) => {
            // The warnings often explain the failure (a code-list file skipped as unreadable).
            print_fim_warnings(&failure.warnings);
            return Err(failure.error.to_string());
        }
    };
    print_fim_warnings(&import.warnings);
    for (file, uri) in &import.code_list_files {
        eprintln!("code list {uri}: read from {}", file.display());
    }
    // The importer keeps within the default limits; this makes sure nothing is written
    // that a server with them would refuse.
    if let Err(problems) = central_api::forms::exceeds_server_limits(
        &import.definition,
        &central_api::limits::Limits::default(),
    ) {
        return Err(central_api::fim::FimError::ServerLimits { problems }.to_string());
    }
    match &args.out {
        Some(path) => std::fs::write(path, &import.json)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?,
        None => print!("{}", import.json),
    }
    eprintln!("{}: {}", args.schema.display(), import.summary());
    Ok(())
}

fn print_fim_warnings(warnings: &[central_api::fim::Warning]) {
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
}

async fn seed(args: SeedArgs) -> Result<(), String> {
    let database = args.db.resolve();
    let store = central_api::store::Store::open(&database)
        .await
        .map_err(|e| e.to_string())?;
    let mut catalogue = match &args.catalogue {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            serde_json::from_str(&text).map_err(|e| format!("catalogue: {e}"))?
        }
        None => central_api::seed::demo_catalogue().map_err(|e| format!("demo catalogue: {e}"))?,
    };
    let mut extra = central_api::seed::Extra::default();
    if let Some(dir) = &args.extra {
        extra = central_api::seed::Extra::read(dir)?;
        if let Some(more) = extra.catalogue.take() {
            catalogue.extend(more);
        }
    }
    central_api::seed::seed_catalogue_with(&store, &catalogue, &extra)
        .await
        .map_err(|e| e.to_string())?;
    store.close().await;
    println!("Seeded {database}");
    Ok(())
}

/// The database of a command (migrated, not seeded).
async fn open_store(db: DatabaseArg) -> Result<central_api::store::Store, String> {
    central_api::store::Store::open(&db.resolve())
        .await
        .map_err(|e| e.to_string())
}

async fn inbox(args: InboxArgs) -> Result<(), String> {
    use central_api::authority::{self, Decision, Fetched, KeyRing, OpenError, Subscriber};
    use central_api::fit_connect::oauth::Credentials;
    let lang = form_engine::Lang::from_tag(&args.lang);
    let authority_id = args.authority.as_str();
    let keys_dir = args.keys_dir.as_path();
    let credentials_file = args
        .client
        .clone()
        .unwrap_or_else(|| keys_dir.join(format!("{authority_id}.client.json")));
    let credentials = Credentials::read(&credentials_file)?;
    let subscriber =
        Subscriber::connect(&args.api, args.token_url.as_deref(), &credentials).await?;
    let mut ring = KeyRing::new(&subscriber, keys_dir, authority_id);
    // The key its events are signed with; only needed to decide.
    let signing = || {
        central_api::custody::signing_key(keys_dir, authority_id).map_err(|e| {
            format!(
                "{e}: make one with `central-api authority keygen --signing` and have it registered"
            )
        })
    };
    let waiting = subscriber.waiting().await?;

    // --accept / --reject: one submission, one decision (accepting needs a submission
    // that decrypts, matches its hashes and validates).
    let chosen = match (&args.reject, &args.accept) {
        (Some(wanted), _) => Some((wanted.clone(), Decision::Rejected)),
        (None, Some(wanted)) => Some((wanted.clone(), Decision::Accepted)),
        (None, None) => None,
    };
    if let Some((wanted, decision)) = chosen {
        let fetched = find(&subscriber, &mut ring, &waiting, &wanted, authority_id).await?;
        let reference = ring.reference(&fetched).await;
        let mut notes = Vec::new();
        if decision == Decision::Accepted {
            let opened = authority::open(&subscriber, &mut ring, &fetched, lang)
                .await
                .map_err(|e| format!("{wanted} cannot be accepted: {e}"))?;
            if !opened.acceptable() {
                return Err(format!(
                    "{wanted} cannot be accepted: {}",
                    opened.problems().join("; ")
                ));
            }
            notes = opened.notes;
        }
        let reasons: Vec<String> = args.reason.iter().cloned().collect();
        authority::decide(&subscriber, &signing()?, &fetched, decision, &reasons).await?;
        let mut line = serde_json::json!({
            "reference": reference,
            "submission_id": fetched.submission_id,
            "status": decision.as_str(),
        });
        if !notes.is_empty() {
            line["notes"] = notes.into();
        }
        println!("{line}");
        return Ok(());
    }

    let chosen: Vec<Fetched> = match &args.submission {
        Some(wanted) => vec![find(&subscriber, &mut ring, &waiting, wanted, authority_id).await?],
        None => {
            let mut all = Vec::new();
            for (submission_id, _) in &waiting {
                match subscriber.fetch(submission_id).await {
                    Ok(fetched) => all.push(fetched),
                    Err(err) => println!(
                        "{}",
                        serde_json::json!({"submission_id": submission_id, "error": err.to_string()})
                    ),
                }
            }
            all
        }
    };
    // Unreadable submissions (not for one of the authority's keys, changed, not JSON)
    // are the sender's fault: --decide rejects them with the reason. A problem on the
    // authority's own side (its key folder, the connection) decides nothing and fails
    // the command at the end.
    let (mut unreadable, mut local) = (0, 0);
    for fetched in chosen {
        let opened = match authority::open(&subscriber, &mut ring, &fetched, lang).await {
            Ok(opened) => opened,
            Err(OpenError::Unreadable(why)) => {
                unreadable += 1;
                let mut line =
                    serde_json::json!({"submission_id": fetched.submission_id, "error": why});
                if args.decide {
                    let reason = format!("The application cannot be read: {why}");
                    let sent = authority::decide(
                        &subscriber,
                        &signing()?,
                        &fetched,
                        Decision::Rejected,
                        &[reason],
                    )
                    .await;
                    match sent {
                        Ok(()) => line["status"] = Decision::Rejected.as_str().into(),
                        // The next submission is decided all the same; this one stays
                        // waiting, and the command fails at the end.
                        Err(error) => {
                            local += 1;
                            line["decision_error"] = error.into();
                        }
                    }
                }
                println!("{line}");
                continue;
            }
            Err(OpenError::Local(error)) => {
                local += 1;
                println!(
                    "{}",
                    serde_json::json!({"submission_id": fetched.submission_id, "error": error})
                );
                continue;
            }
        };
        let mut line = serde_json::to_value(&opened).map_err(|e| e.to_string())?;
        line["status"] = "received".into();
        if args.decide {
            let (decision, reasons) = if opened.acceptable() {
                (Decision::Accepted, Vec::new())
            } else {
                (Decision::Rejected, opened.problems())
            };
            match authority::decide(&subscriber, &signing()?, &fetched, decision, &reasons).await {
                Ok(()) => line["status"] = decision.as_str().into(),
                Err(error) => {
                    local += 1;
                    line["decision_error"] = error.into();
                }
            }
        }
        println!("{line}");
    }
    eprintln!(
        "inbox {authority_id}: done, {unreadable} not readable, {local} not opened or not decided for a problem on this side or the relay's"
    );
    if local > 0 {
        return Err(format!(
            "{local} submission(s) could not be opened here or their decision was not taken (see the lines with \"error\" or \"decision_error\"); they stay waiting"
        ));
    }
    Ok(())
}

/// A waiting submission by its id, or by the citizen's reference (in its metadata, which
/// only the authority can read).
async fn find(
    subscriber: &central_api::authority::Subscriber,
    ring: &mut central_api::authority::KeyRing<'_>,
    waiting: &[(String, String)],
    wanted: &str,
    authority_id: &str,
) -> Result<central_api::authority::Fetched, String> {
    if central_api::fit_connect::is_uuid(wanted) {
        return subscriber
            .fetch(wanted)
            .await
            .map_err(|e| format!("{wanted}: {e}"));
    }
    for (submission_id, _) in waiting {
        let fetched = subscriber
            .fetch(submission_id)
            .await
            .map_err(|e| e.to_string())?;
        if ring.reference(&fetched).await.as_deref() == Some(wanted) {
            return Ok(fetched);
        }
    }
    Err(format!(
        "no submission {wanted} waits at the destination of {authority_id}"
    ))
}

async fn authority(command: AuthorityCommand) -> Result<(), String> {
    use central_api::keys;
    let read_jwk = |path: &PathBuf| -> Result<serde_json::Value, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{}: not JSON: {e}", path.display()))
    };
    match command {
        AuthorityCommand::Keygen {
            authority,
            out,
            signing,
        } => {
            let made = if signing {
                central_api::custody::generate_signing(&authority, &out)?
            } else {
                central_api::custody::generate(&authority, &out)?
            };
            eprintln!(
                "authority {authority}: private key {} (keep it; never hand it over), public key {} (hand it to the operator)",
                made.private_key_file.display(),
                made.public_key_file.display()
            );
            println!("{}", made.jwk);
            Ok(())
        }
        AuthorityCommand::Register(args) if read_jwk(&args.jwk)?["use"] == "sig" => {
            let jwk = read_jwk(&args.jwk)?;
            let store = open_store(args.db).await?;
            let result = keys::register_signing(&store, &args.authority, &jwk).await;
            store.close().await;
            let (kid, added) = result?;
            println!(
                "{}",
                serde_json::json!({"authority": args.authority, "kid": kid, "use": "sig", "unchanged": !added})
            );
            Ok(())
        }
        AuthorityCommand::Register(args) => {
            let jwk = read_jwk(&args.jwk)?;
            let store = open_store(args.db).await?;
            let result = keys::register(&store, &args.authority, &jwk, args.valid_days).await;
            store.close().await;
            let line = match result? {
                keys::Registered::Added { kid, not_after } => serde_json::json!({
                    "authority": args.authority, "kid": kid, "status": "current", "not_after": not_after,
                }),
                keys::Registered::AlreadyCurrent { kid } => serde_json::json!({
                    "authority": args.authority, "kid": kid, "status": "current", "unchanged": true,
                }),
                keys::Registered::CertificateReplaced { kid } => {
                    eprintln!(
                        "the certificate chain of {kid} is replaced: sign the parameters again with `central-api land sign`, or routing answers without the Land's signature"
                    );
                    serde_json::json!({
                        "authority": args.authority, "kid": kid, "status": "current", "certificate_replaced": true,
                    })
                }
            };
            println!("{line}");
            Ok(())
        }
        AuthorityCommand::Rotate(args) => {
            let jwk = read_jwk(&args.jwk)?;
            let store = open_store(args.db).await?;
            let result = keys::rotate(&store, &args.authority, &jwk, args.valid_days).await;
            store.close().await;
            let (kid, old) = result?;
            println!(
                "{}",
                serde_json::json!({"authority": args.authority, "kid": kid, "status": "current", "decrypt_only": old})
            );
            eprintln!(
                "authority {}: sign the new parameters with `central-api land sign` so that the portal encrypts for {kid}",
                args.authority
            );
            Ok(())
        }
        AuthorityCommand::Revoke { db, authority, kid } => {
            let store = open_store(db).await?;
            let signing = store
                .signing_keys()
                .revoke_authority_key(&authority, &kid)
                .await
                .map_err(|e| e.to_string());
            let result = match signing {
                Ok(true) => Ok(()),
                Ok(false) => keys::revoke(&store, &authority, &kid).await,
                Err(err) => Err(err),
            };
            store.close().await;
            result?;
            println!(
                "{}",
                serde_json::json!({"authority": authority, "kid": kid, "status": "revoked"})
            );
            Ok(())
        }
        AuthorityCommand::List { db, ids } => {
            let store = open_store(db).await?;
            let result = async {
                for id in store.keys().authority_ids().await.map_err(|e| e.to_string())? {
                    if ids {
                        println!("{id}");
                        continue;
                    }
                    let keys: Vec<serde_json::Value> = store
                        .keys()
                        .of(&id)
                        .await
                        .map_err(|e| e.to_string())?
                        .into_iter()
                        .map(|k| serde_json::json!({"kid": k.kid, "status": k.status, "not_after": k.not_after}))
                        .collect();
                    println!("{}", serde_json::json!({"authority": id, "keys": keys}));
                }
                Ok(())
            }
            .await;
            store.close().await;
            result
        }
    }
}

async fn client(command: ClientCommand) -> Result<(), String> {
    use central_api::fit_connect::oauth;
    match command {
        ClientCommand::Register {
            db,
            authority,
            sender,
            file,
            name,
        } => {
            let store = open_store(db).await?;
            let result = async {
                let (kind, scopes, default_name) = match (&authority, sender) {
                    (Some(authority), false) => {
                        if !central_api::keys::is_valid_authority_id(authority) {
                            return Err(format!("{authority:?} is not an authority id"));
                        }
                        central_api::keys::require_authority(&store, authority).await?;
                        let destination =
                            central_api::store::authorities::destination_id_of(authority);
                        (
                            "subscriber",
                            oauth::subscribe_scope(&destination),
                            format!("Subscriber of {authority}"),
                        )
                    }
                    _ => (
                        "sender",
                        oauth::SEND_EVERYWHERE.to_owned(),
                        "Sender".to_owned(),
                    ),
                };
                let credentials = oauth::Credentials::read_or_make(&file)?;
                let row = central_api::store::oauth::ClientRow {
                    client_id: credentials.client_id.clone(),
                    kind: kind.into(),
                    scopes: scopes.clone(),
                    name: name.unwrap_or(default_name),
                };
                store
                    .oauth()
                    .put_client(&row, &credentials.client_secret)
                    .await
                    .map_err(|e| e.to_string())?;
                println!(
                    "{}",
                    serde_json::json!({"client_id": row.client_id, "kind": kind, "scope": scopes})
                );
                Ok(())
            }
            .await;
            store.close().await;
            result
        }
        ClientCommand::List { db } => {
            let store = open_store(db).await?;
            let result = store.oauth().clients().await.map_err(|e| e.to_string());
            store.close().await;
            for c in result? {
                println!(
                    "{}",
                    serde_json::json!({"client_id": c.client_id, "kind": c.kind, "scope": c.scopes, "name": c.name})
                );
            }
            Ok(())
        }
        ClientCommand::Remove { db, client_id } => {
            let store = open_store(db).await?;
            let result = store.oauth().remove_client(&client_id).await;
            store.close().await;
            if result.map_err(|e| e.to_string())? {
                println!(
                    "{}",
                    serde_json::json!({"client_id": client_id, "removed": true})
                );
                Ok(())
            } else {
                Err(format!("there is no client {client_id}"))
            }
        }
    }
}

async fn land(command: LandCommand) -> Result<(), String> {
    match command {
        LandCommand::Keygen { out } => {
            let jwk = central_api::land::keygen(&out)?;
            eprintln!(
                "the Land's signing key is in {} (keep it offline); build the portal with {}",
                out.join(central_api::land::PRIVATE_KEY_FILE).display(),
                out.join(central_api::land::PUBLIC_KEY_FILE).display()
            );
            println!("{jwk}");
            Ok(())
        }
        LandCommand::Sign { key, db } => {
            let key = central_api::land::load(&key)?;
            let store = open_store(db).await?;
            let result = central_api::land::sign_all(&store, &key).await;
            store.close().await;
            let mut unsigned = 0;
            for (authority, outcome) in result? {
                match outcome {
                    Ok(kid) => println!(
                        "{}",
                        serde_json::json!({"authority": authority, "signed": kid})
                    ),
                    Err(problem) => {
                        unsigned += 1;
                        eprintln!("not signed: {problem}");
                    }
                }
            }
            if unsigned > 0 {
                eprintln!(
                    "{unsigned} authorities not signed: the portal will not encrypt for them"
                );
            }
            Ok(())
        }
    }
}

async fn serve(args: ServeArgs) -> Result<(), String> {
    let mut config = central_api::Config::new(args.db.resolve());
    config.static_dir = Some(args.static_dir.clone());
    config.limits.submissions_per_minute = args.submissions_per_minute;
    config.limits.max_submission_bytes = args.max_submission_bytes;
    config.limits.client_upload_bytes_per_hour = args.client_upload_bytes_per_hour;
    let site_upload = args
        .site_upload_bytes_per_hour
        .unwrap_or(args.client_upload_bytes_per_hour.saturating_mul(4));
    config.limits.site_upload_bytes_per_hour = site_upload;
    config.limits.prefix_upload_bytes_per_hour = args
        .prefix_upload_bytes_per_hour
        .unwrap_or(site_upload.saturating_mul(4));
    config.limits.max_stored_bytes = args.max_stored_bytes;
    config.limits.max_portal_sender_tokens = args.max_portal_sender_tokens;
    const HOUR: u64 = 60 * 60;
    let per_site = args
        .max_connections_per_site
        .unwrap_or(args.max_connections_per_client.saturating_mul(4));
    config.connections = central_api::server::ConnectionLimits {
        max_connections: args.max_connections,
        per_client: args.max_connections_per_client,
        per_site,
        per_prefix: args
            .max_connections_per_prefix
            .unwrap_or(per_site.saturating_mul(4)),
        header_read_timeout: Duration::from_secs(args.header_timeout_seconds.max(1)),
        body_idle_timeout: Duration::from_secs(args.body_idle_timeout_seconds.max(1)),
        body_pace: central_api::body_deadline::Pace {
            grace: Duration::from_secs(args.body_grace_seconds.max(1)),
            min_bytes_per_second: args.min_body_bytes_per_second.max(1),
        },
        write_idle_timeout: Duration::from_secs(args.write_idle_timeout_seconds.max(1)),
        min_answer_bytes_per_second: args.min_answer_bytes_per_second,
    };
    config.trusted_proxies = central_api::limits::TrustedProxies::parse(&args.trusted_proxies)?;
    config.retention = central_api::retention::Retention {
        after_decision: Duration::from_secs(u64::from(args.retention_decided_days) * 24 * HOUR),
        unfetched: Duration::from_secs(u64::from(args.retention_unfetched_days) * 24 * HOUR),
        drafts: Duration::from_secs(u64::from(args.retention_draft_hours) * HOUR),
        interval: Duration::from_secs(args.retention_interval_seconds),
    };
    config.deployment = central_api::portal::Deployment {
        base_path: central_api::portal::normalize_base_path(&args.base_path)?,
        api_url: args
            .api_url
            .as_deref()
            .filter(|url| !url.is_empty())
            .map(central_api::portal::normalize_api_url)
            .transpose()?,
        home_ars: args.municipality.clone(),
        fit_connect: central_api::portal::FitConnectTargets {
            submission_api: args.submission_api.clone().filter(|u| !u.is_empty()),
            routing_api: args.routing_api.clone().filter(|u| !u.is_empty()),
            sender_token_url: args.sender_token_url.clone().filter(|u| !u.is_empty()),
        },
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
    if config.deployment.api_url.is_none() && !addr.ip().is_loopback() {
        // Without it, the relay names itself after each request's Host header: the `iss`
        // of the events it signs and routing's `submissionUrl` are then the client's
        // choice.
        tracing::warn!(
            "no --api-url: reachable beyond this machine, the relay takes its public address from each request's Host header; set --api-url to the address clients use"
        );
    }
    println!(
        "Bürgerportal running at http://{addr}{}/",
        config.deployment.base_path
    );
    central_api::serve(listener, state)
        .await
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A kid is a base64url thumbprint: about one in 64 begins with '-'.
    #[test]
    fn revoke_takes_a_kid_that_begins_with_a_hyphen() {
        let cli = Cli::try_parse_from([
            "central-api",
            "authority",
            "revoke",
            "--authority",
            "stadt-heide-ordnung",
            "--kid",
            "-M7VD2JQ013Wk6tFoQqYRAgAILgz6Oyk5vOBb85AZfg",
        ])
        .expect("a kid beginning with '-' parses");
        let rendered = format!("{cli:?}");
        assert!(
            rendered.contains("kid: \"-M7VD2JQ013Wk6tFoQqYRAgAILgz6Oyk5vOBb85AZfg\""),
            "{rendered}"
        );
    }
}
