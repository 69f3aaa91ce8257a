// SPDX-License-Identifier: EUPL-1.2
//! The relay's storage in all, for its quota (`--max-stored-bytes`): the bytes of the
//! attachments' files and of the submissions' encrypted texts together. Asked before
//! every upload and submit, so it is one query, not one per table.

use super::{Store, StoreError};

impl Store {
    /// What the relay stores in all.
    pub fn storage(&self) -> Storage<'_> {
        Storage { store: self }
    }
}

/// Access to the stored bytes of every resource that counts against the relay's
/// storage quota (see [`Store::storage`]).
pub struct Storage<'a> {
    store: &'a Store,
}

impl Storage<'_> {
    /// Bytes of all stored attachments (`attachments.size`) and of every submission's
    /// encrypted data and metadata (`submissions.text_bytes`) together. The sums are
    /// cast because PostgreSQL sums BIGINTs as NUMERIC, which the `Any` driver cannot
    /// read.
    pub async fn stored_bytes(&self) -> Result<i64, StoreError> {
        let total: Option<i64> = sqlx::query_scalar(
            "SELECT CAST(coalesce((SELECT sum(size) FROM attachments), 0)
                       + coalesce((SELECT sum(text_bytes) FROM submissions), 0) AS BIGINT)",
        )
        .fetch_one(self.store.db())
        .await?;
        Ok(total.unwrap_or(0))
    }
}
