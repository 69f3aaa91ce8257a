// SPDX-License-Identifier: EUPL-1.2
//! Opening the SQLite database.

use std::{path::Path, str::FromStr, time::Duration};

use sqlx::{
    SqlitePool,
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
};

use crate::StartupError;

/// Opens `database` (a file path or a `sqlite:` URL), creating the file and its folder if
/// missing.
pub async fn connect(database: &str) -> Result<SqlitePool, StartupError> {
    let options = if database.starts_with("sqlite:") {
        SqliteConnectOptions::from_str(database)?
    } else {
        let path = Path::new(database);
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| StartupError::DatabaseFolder {
                path: parent.to_owned(),
                source,
            })?;
        }
        SqliteConnectOptions::new().filename(path)
    };
    let options = options
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // FULL: a commit is on disk (WAL fsynced) before it returns, so a submission
        // is acknowledged only once it survives a crash or power loss.
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    Ok(SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await?)
}
