// SPDX-License-Identifier: EUPL-1.2
//! The API's data layer: one module per resource (its SQL, and its rows read straight
//! into the API's bodies of `api_types` where they are one, else into its own row types),
//! used by the handlers through [`Store`]; no SQL lives anywhere else.
//!
//! Two databases: SQLite (a file; the default for one machine and the README's run
//! command) and PostgreSQL (`postgres://…`; for a Land, with several API instances on
//! one database). Both are reached through sqlx's `Any` driver, so every query is
//! written once, in the SQL both understand (`$1` parameters, `ON CONFLICT`,
//! `RETURNING`); the few functions that differ are named by [`Backend`]. Each database
//! has its own migrations (`migrations/sqlite`, `migrations/postgres`) that lead to the
//! same tables.
//!
//! Nothing a second instance would need is kept in a process: idempotency is a unique
//! constraint, rate limits are counted in the database ([`rate_limits`]), and the
//! retention job ([`retention`]) may run on every instance at once.

pub mod attachments;
pub mod authorities;
pub mod case_events;
pub mod catalogue;
pub mod forms;
pub mod keys;
pub mod municipalities;
pub mod oauth;
pub mod places;
pub mod rate_limits;
pub mod retention;
pub mod routing;
pub mod signing_keys;
pub mod storage;
pub mod submissions;

use std::{path::Path, time::Duration};

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use sqlx::{
    AnyPool, Executor, Row,
    any::{AnyPoolOptions, AnyRow, install_default_drivers},
};

/// A transaction, for writes that belong together (seeding, a submission with its
/// status); resource functions that take part in one take `&mut Tx`.
pub type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// Which database a [`Store`] runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Error of the data layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("cannot create or protect the database file or its folder {path}: {source}")]
    Folder {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
}

impl StoreError {
    pub(crate) fn corrupt(error: impl std::fmt::Display) -> Self {
        StoreError::Corrupt(error.to_string())
    }
}

/// The database: a pool of connections, cheap to clone.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

/// What a file path needs escaped to be the path of a `sqlite://` URL.
const PATH_IN_URL: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'%')
    .add(b'?')
    .add(b'#')
    .add(b'"')
    .add(b'<')
    .add(b'>');

impl Store {
    /// Connects to `database` (a file path, a `sqlite:` URL or a `postgres://` URL; a
    /// missing SQLite file and its folder are created) and brings its tables up to date.
    pub async fn open(database: &str) -> Result<Store, StoreError> {
        let store = Store::connect(database).await?;
        store.migrate().await?;
        let hashed = store.submissions().hash_plaintext_status_tokens().await?;
        if hashed > 0 {
            tracing::info!(hashed, "status tokens of older submissions hashed");
        }
        Ok(store)
    }

    /// Connects without migrating.
    pub async fn connect(database: &str) -> Result<Store, StoreError> {
        install_default_drivers();
        let backend = Store::backend_of(database);
        let url = match backend {
            Backend::Postgres => database.to_owned(),
            Backend::Sqlite if database.starts_with("sqlite:") => database.to_owned(),
            Backend::Sqlite => {
                let path = Path::new(database);
                private_file(path)?;
                format!(
                    "sqlite://{}?mode=rwc",
                    utf8_percent_encode(&path.to_string_lossy(), PATH_IN_URL)
                )
            }
        };
        let options = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 8 } else { 16 })
            .acquire_timeout(Duration::from_secs(10));
        let options = match backend {
            // WAL with FULL sync: a commit is on disk (the WAL fsynced) before it returns,
            // so a submission is acknowledged only once it survives a crash or power loss.
            Backend::Sqlite => options.after_connect(|conn, _meta| {
                Box::pin(async move {
                    conn.execute(
                        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
                         PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
                    )
                    .await?;
                    Ok(())
                })
            }),
            // PostgreSQL's default (synchronous_commit on) already makes a commit durable.
            Backend::Postgres => options,
        };
        let pool = options.connect(&url).await?;
        if backend == Backend::Sqlite && !database.starts_with("sqlite:") {
            // SQLite gives its -wal and -shm files the database file's mode; make sure of
            // it for files left by an older version.
            for suffix in ["-wal", "-shm"] {
                let companion = format!("{database}{suffix}");
                if Path::new(&companion).exists() {
                    set_mode(Path::new(&companion), 0o600)?;
                }
            }
        }
        Ok(Store { pool, backend })
    }

    /// The backend a database name or URL selects.
    pub fn backend_of(database: &str) -> Backend {
        if database.starts_with("postgres://") || database.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }

    /// Applies the migrations of the backend that are not yet applied. Safe with several
    /// instances starting at once (sqlx takes PostgreSQL's advisory lock).
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match self.backend {
            Backend::Sqlite => {
                sqlx::migrate!("./migrations/sqlite")
                    .run(&self.pool)
                    .await?
            }
            Backend::Postgres => {
                sqlx::migrate!("./migrations/postgres")
                    .run(&self.pool)
                    .await?
            }
        }
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The connection pool, for the resource modules only.
    pub fn db(&self) -> &AnyPool {
        &self.pool
    }

    /// `instr(haystack, needle) > 0` in the backend's dialect, as an SQL expression giving
    /// the 1-based position of `needle` in `haystack` (0: not found).
    pub(crate) fn position(&self, needle: &str, haystack: &str) -> String {
        match self.backend {
            Backend::Sqlite => format!("instr({haystack}, {needle})"),
            Backend::Postgres => format!("strpos({haystack}, {needle})"),
        }
    }

    /// Starts a transaction. On SQLite it takes the write lock at once (`BEGIN
    /// IMMEDIATE`): a deferred transaction that reads, then writes after another
    /// connection wrote, fails at once with "database is locked" instead of waiting
    /// (WAL's snapshot rule), which a second process on the same file (`central-api
    /// seed`, `authority register` beside a running server) would otherwise hit.
    pub async fn begin(&self) -> Result<Tx, StoreError> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }

    /// Whether the database answers (for `/api/health`).
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Records that `instance` could write just now (for `/api/ready`): a real, committed
    /// write, which fails when the disk is full or the database is read-only.
    pub async fn record_ready(&self, instance: &str) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO readiness (instance, checked_at) VALUES ($1, $2)
             ON CONFLICT (instance) DO UPDATE SET checked_at = excluded.checked_at",
        )
        .bind(instance)
        .bind(now_text())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Closes every connection (SQLite checkpoints its WAL).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Creates the database file (and its folder) readable by the server's user only, or
/// makes an existing one so: it holds the status of every application and the
/// authorities' token hashes.
fn private_file(path: &Path) -> Result<(), StoreError> {
    let folder_error = |path: &Path| {
        let path = path.to_owned();
        move |source| StoreError::Folder { path, source }
    };
    if let Some(parent) = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty() && !p.exists())
    {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(parent).map_err(folder_error(parent))?;
    }
    if !path.exists() {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        // An empty file is a new SQLite database.
        match options.open(path) {
            Ok(_) => {}
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(err) => return Err(folder_error(path)(err)),
        }
    }
    set_mode(path, 0o600)
}

/// Sets a file's permission bits (Unix; elsewhere nothing).
fn set_mode(path: &Path, mode: u32) -> Result<(), StoreError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).map_err(
            |source| StoreError::Folder {
                path: path.to_owned(),
                source,
            },
        )?;
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
    Ok(())
}

/// Now, as stored: RFC 3339 in UTC, whole seconds (`2026-12-02T06:16:51Z`), so that text
/// comparison orders times.
pub fn now_text() -> String {
    time_text(time::OffsetDateTime::now_utc())
}

/// A time as stored (see [`now_text`]).
pub fn time_text(at: time::OffsetDateTime) -> String {
    let at = at
        .to_offset(time::UtcOffset::UTC)
        .replace_nanosecond(0)
        .unwrap_or(at);
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// A time written by [`time_text`], read back; `None` if `text` is not such a time.
pub fn time_of(text: &str) -> Option<time::OffsetDateTime> {
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok()
}

/// The JSON text of column `column`, decoded: a text that does not decode is an error of
/// the column like a value of the wrong type.
pub(crate) fn json_column<T: serde::de::DeserializeOwned>(
    row: &AnyRow,
    column: &str,
) -> Result<T, sqlx::Error> {
    let text: String = row.try_get(column)?;
    serde_json::from_str(&text).map_err(|source| sqlx::Error::ColumnDecode {
        index: format!("{column:?}"),
        source: Box::new(source),
    })
}

/// Hex SHA-256 of a secret (a token, a client secret), as stored in its place.
pub(crate) fn sha256_hex(text: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
