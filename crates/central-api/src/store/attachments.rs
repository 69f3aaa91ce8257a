// SPDX-License-Identifier: EUPL-1.2
//! Attachments of submissions: the encrypted uploads (JWE), one row per announced file,
//! their bytes in `attachment_chunks` (written piece by piece as they arrive, so that no
//! instance holds a whole file in memory, and readable by every instance).

use super::{Store, StoreError, now_text};

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

/// A complete, checked upload to make an attachment's content.
#[derive(Debug)]
pub struct CompletedUpload<'a> {
    pub submission_id: i64,
    /// The id announced with the submission.
    pub attachment_id: &'a str,
    /// The chunks staged with [`Attachments::stage_chunk`].
    pub upload_id: &'a str,
    pub media_type: &'a str,
    /// Bytes of the encrypted upload.
    pub size: u64,
    /// Hex SHA-256 of the encrypted upload.
    pub sha256: &'a str,
    /// The JWE's authentication tag (its fifth part, base64url).
    pub auth_tag: &'a str,
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
#[derive(Debug)]
pub struct AttachmentContent {
    pub media_type: String,
    pub content: Vec<u8>,
}

impl Attachments<'_> {
    /// Stores the next piece of an upload in progress. Each piece is its own small
    /// write, so a slow upload holds no transaction open.
    pub async fn stage_chunk(
        &self,
        upload_id: &str,
        seq: i64,
        bytes: &[u8],
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO attachment_chunks (upload_id, seq, bytes, created_at)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(upload_id)
        .bind(seq)
        .bind(bytes)
        .bind(now_text())
        .execute(self.store.db())
        .await?;
        Ok(())
    }

    /// Deletes the staged pieces of an upload that failed.
    pub async fn discard(&self, upload_id: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM attachment_chunks WHERE upload_id = $1")
            .bind(upload_id)
            .execute(self.store.db())
            .await?;
        Ok(())
    }

    /// Makes a staged upload the attachment's content, replacing an earlier upload of it,
    /// if and only if the submission is still a draft, all in one transaction: an upload
    /// that finishes after the submission was finalized changes nothing. `false` (and
    /// the staged pieces deleted) if it is no longer a draft.
    pub async fn complete(&self, upload: &CompletedUpload<'_>) -> Result<bool, StoreError> {
        let mut tx = self.store.begin().await?;
        // A write, not a read: it takes the submission's row (PostgreSQL) or the
        // database (SQLite) for this transaction, so finalizing waits for it or it sees
        // the finalized status.
        let still_draft = sqlx::query(
            "UPDATE submissions SET status = status WHERE id = $1 AND status = 'draft'",
        )
        .bind(upload.submission_id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if !still_draft {
            tx.rollback().await?;
            self.discard(upload.upload_id).await?;
            return Ok(false);
        }
        let earlier: Option<Option<String>> = sqlx::query_scalar(
            "SELECT upload_id FROM attachments WHERE submission_id = $1 AND attachment_id = $2",
        )
        .bind(upload.submission_id)
        .bind(upload.attachment_id)
        .fetch_optional(&mut *tx)
        .await?;
        let size = i64::try_from(upload.size).map_err(StoreError::corrupt)?;
        sqlx::query(
            "INSERT INTO attachments (submission_id, attachment_id, media_type, size, sha256,
                 content, uploaded_at, upload_id, auth_tag)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             ON CONFLICT (submission_id, attachment_id) DO UPDATE SET
                 media_type = excluded.media_type, size = excluded.size,
                 sha256 = excluded.sha256, content = excluded.content,
                 uploaded_at = excluded.uploaded_at, upload_id = excluded.upload_id,
                 auth_tag = excluded.auth_tag",
        )
        .bind(upload.submission_id)
        .bind(upload.attachment_id)
        .bind(upload.media_type)
        .bind(size)
        .bind(upload.sha256)
        // The content lives in attachment_chunks; the column stays for old databases.
        .bind(Vec::<u8>::new())
        .bind(upload.uploaded_at)
        .bind(upload.upload_id)
        .bind(upload.auth_tag)
        .execute(&mut *tx)
        .await?;
        if let Some(Some(earlier)) = earlier {
            sqlx::query("DELETE FROM attachment_chunks WHERE upload_id = $1")
                .bind(earlier)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// The content of an upload, its pieces in order.
    async fn assembled(&self, upload_id: &str) -> Result<Vec<u8>, StoreError> {
        let pieces: Vec<Vec<u8>> = sqlx::query_scalar(
            "SELECT bytes FROM attachment_chunks WHERE upload_id = $1 ORDER BY seq",
        )
        .bind(upload_id)
        .fetch_all(self.store.db())
        .await?;
        Ok(pieces.concat())
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
        let upload: Option<Option<String>> = sqlx::query_scalar(
            "SELECT upload_id FROM attachments WHERE submission_id = $1 AND attachment_id = $2",
        )
        .bind(submission_id)
        .bind(attachment_id)
        .fetch_optional(self.store.db())
        .await?;
        match upload {
            Some(Some(upload_id)) => Ok(Some(self.assembled(&upload_id).await?)),
            Some(None) => Err(StoreError::Corrupt(format!(
                "attachment {attachment_id} of submission {submission_id} has no upload"
            ))),
            None => Ok(None),
        }
    }

    /// One attachment of a submission in the authority's inbox (not of a draft).
    pub async fn in_inbox(
        &self,
        authority_id: &str,
        reference: &str,
        attachment_id: &str,
    ) -> Result<Option<AttachmentContent>, StoreError> {
        let row: Option<(String, Option<String>)> = sqlx::query_as(
            "SELECT a.media_type, a.upload_id
             FROM attachments a JOIN submissions s ON s.id = a.submission_id
             WHERE s.authority_id = $1 AND s.reference = $2 AND a.attachment_id = $3
               AND s.status <> 'draft'",
        )
        .bind(authority_id)
        .bind(reference)
        .bind(attachment_id)
        .fetch_optional(self.store.db())
        .await?;
        let Some((media_type, upload_id)) = row else {
            return Ok(None);
        };
        let upload_id = upload_id.ok_or_else(|| {
            StoreError::Corrupt(format!(
                "attachment {attachment_id} of {reference} has no upload"
            ))
        })?;
        Ok(Some(AttachmentContent {
            media_type,
            content: self.assembled(&upload_id).await?,
        }))
    }
}

impl Attachments<'_> {
    /// Bytes of a submission's stored attachments but `except` (the one being replaced).
    pub async fn bytes_of_submission(
        &self,
        submission_id: i64,
        except: &str,
    ) -> Result<u64, StoreError> {
        let bytes: Option<i64> = sqlx::query_scalar(
            "SELECT CAST(sum(size) AS BIGINT) FROM attachments WHERE submission_id = $1 AND attachment_id <> $2",
        )
        .bind(submission_id)
        .bind(except)
        .fetch_one(self.store.db())
        .await?;
        Ok(u64::try_from(bytes.unwrap_or(0)).unwrap_or(0))
    }

    /// `(attachment id, authentication tag)` of a submission's uploaded attachments.
    pub async fn auth_tags(&self, submission_id: i64) -> Result<Vec<(String, String)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT attachment_id, COALESCE(auth_tag, '') FROM attachments
             WHERE submission_id = $1 ORDER BY attachment_id",
        )
        .bind(submission_id)
        .fetch_all(self.store.db())
        .await?)
    }
}
