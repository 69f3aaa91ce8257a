// SPDX-License-Identifier: EUPL-1.2
//! Attachments of submissions: the encrypted uploads (JWE), one row per announced file.

use super::{Store, StoreError};

impl Store {
    /// The submissions' attachments.
    pub fn attachments(&self) -> Attachments<'_> {
        Attachments { store: self }
    }
}

/// Access to the `attachments` table (see [`Store::attachments`]).
pub struct Attachments<'a> {
    store: &'a Store,
}

/// An upload to store.
#[derive(Debug)]
pub struct NewAttachment<'a> {
    pub submission_id: i64,
    /// The id announced with the submission.
    pub attachment_id: &'a str,
    pub media_type: &'a str,
    /// The encrypted upload (a JWE).
    pub content: &'a [u8],
    /// Hex SHA-256 of `content`.
    pub sha256: &'a str,
    pub uploaded_at: &'a str,
}

/// What is known of an uploaded attachment without its content.
#[derive(Debug, sqlx::FromRow)]
pub struct AttachmentRow {
    pub id: String,
    pub media_type: String,
    /// Bytes of the encrypted upload.
    pub size: i64,
    pub sha256: String,
    pub uploaded_at: String,
}

/// An attachment's content with its media type.
#[derive(Debug, sqlx::FromRow)]
pub struct AttachmentContent {
    pub media_type: String,
    pub content: Vec<u8>,
}

impl Attachments<'_> {
    /// Stores an upload; uploading the same attachment again replaces it.
    pub async fn put(&self, upload: &NewAttachment<'_>) -> Result<(), StoreError> {
        let size = i64::try_from(upload.content.len()).map_err(StoreError::corrupt)?;
        sqlx::query(
            "INSERT INTO attachments (submission_id, attachment_id, media_type, size, sha256,
                 content, uploaded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (submission_id, attachment_id) DO UPDATE SET
                 media_type = excluded.media_type, size = excluded.size,
                 sha256 = excluded.sha256, content = excluded.content,
                 uploaded_at = excluded.uploaded_at",
        )
        .bind(upload.submission_id)
        .bind(upload.attachment_id)
        .bind(upload.media_type)
        .bind(size)
        .bind(upload.sha256)
        .bind(upload.content)
        .bind(upload.uploaded_at)
        .execute(self.store.db())
        .await?;
        Ok(())
    }

    /// Ids of the attachments uploaded for a submission.
    pub async fn uploaded_ids(&self, submission_id: i64) -> Result<Vec<String>, StoreError> {
        let ids =
            sqlx::query_scalar("SELECT attachment_id FROM attachments WHERE submission_id = $1")
                .bind(submission_id)
                .fetch_all(self.store.db())
                .await?;
        Ok(ids)
    }

    /// The uploaded attachments of a submission, by id.
    pub async fn of_submission(
        &self,
        submission_id: i64,
    ) -> Result<Vec<AttachmentRow>, StoreError> {
        let rows = sqlx::query_as(
            "SELECT attachment_id AS id, media_type, size, sha256, uploaded_at
             FROM attachments WHERE submission_id = $1 ORDER BY attachment_id",
        )
        .bind(submission_id)
        .fetch_all(self.store.db())
        .await?;
        Ok(rows)
    }

    /// The content of one attachment of a submission, if uploaded.
    pub async fn content(
        &self,
        submission_id: i64,
        attachment_id: &str,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        let content = sqlx::query_scalar(
            "SELECT content FROM attachments WHERE submission_id = $1 AND attachment_id = $2",
        )
        .bind(submission_id)
        .bind(attachment_id)
        .fetch_optional(self.store.db())
        .await?;
        Ok(content)
    }

    /// One attachment of a submission in the authority's inbox (not of a draft).
    pub async fn in_inbox(
        &self,
        authority_id: &str,
        reference: &str,
        attachment_id: &str,
    ) -> Result<Option<AttachmentContent>, StoreError> {
        let row = sqlx::query_as(
            "SELECT a.media_type, a.content
             FROM attachments a JOIN submissions s ON s.id = a.submission_id
             WHERE s.authority_id = $1 AND s.reference = $2 AND a.attachment_id = $3
               AND s.status <> 'draft'",
        )
        .bind(authority_id)
        .bind(reference)
        .bind(attachment_id)
        .fetch_optional(self.store.db())
        .await?;
        Ok(row)
    }
}
