// SPDX-License-Identifier: EUPL-1.2
//! Form definitions (`form_definitions`): immutable per (id, version), stored exactly as
//! loaded with their ETag.

use super::{Store, StoreError, Tx};

impl Store {
    pub fn forms(&self) -> Forms<'_> {
        Forms { store: self }
    }
}

/// The form definitions.
pub struct Forms<'a> {
    store: &'a Store,
}

/// One version of a definition as stored.
#[derive(Debug, sqlx::FromRow)]
pub struct StoredDefinition {
    /// The JSON text exactly as loaded.
    pub definition: String,
    /// Its strong ETag (see [`crate::forms::etag_of`]).
    pub etag: String,
}

impl Forms<'_> {
    /// Whether version `version` of definition `id` is stored.
    pub async fn exists(&self, id: &str, version: u32) -> Result<bool, StoreError> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT version FROM form_definitions WHERE id = $1 AND version = $2",
        )
        .bind(id)
        .bind(i64::from(version))
        .fetch_optional(self.store.db())
        .await?;
        Ok(found.is_some())
    }

    /// The ETag of version `version` of definition `id`, if stored: enough to answer a
    /// revalidation without reading the definition (up to 2 MiB).
    pub async fn version_etag(&self, id: &str, version: u32) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT etag FROM form_definitions WHERE id = $1 AND version = $2")
                .bind(id)
                .bind(i64::from(version))
                .fetch_optional(self.store.db())
                .await?,
        )
    }

    /// Version `version` of definition `id`, if stored.
    pub async fn version(
        &self,
        id: &str,
        version: u32,
    ) -> Result<Option<StoredDefinition>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT definition, etag FROM form_definitions WHERE id = $1 AND version = $2",
        )
        .bind(id)
        .bind(i64::from(version))
        .fetch_optional(self.store.db())
        .await?)
    }

    /// The newest version of definition `id` (`None`: no version stored).
    pub async fn newest_version(&self, id: &str) -> Result<Option<i64>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT max(version) FROM form_definitions WHERE id = $1")
                .bind(id)
                .fetch_one(self.store.db())
                .await?,
        )
    }

    /// The ids of all stored definitions (seeding picks each service's form among them).
    pub async fn ids(&self, tx: &mut Tx) -> Result<Vec<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT DISTINCT id FROM form_definitions")
                .fetch_all(&mut **tx)
                .await?,
        )
    }

    /// Stores a version of a definition, replacing the one stored under its id and version.
    pub async fn upsert(
        &self,
        tx: &mut Tx,
        id: &str,
        version: u32,
        definition: &str,
        etag: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO form_definitions (id, version, definition, etag)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (id, version) DO UPDATE
             SET definition = excluded.definition, etag = excluded.etag",
        )
        .bind(id)
        .bind(i64::from(version))
        .bind(definition)
        .bind(etag)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }
}
