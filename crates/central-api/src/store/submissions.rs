// SPDX-License-Identifier: EUPL-1.2
//! Submissions: stored once per idempotency key, read by their submitter (with the status
//! token), by the competent authority's inbox and by `central-api inbox`, and decided by
//! the authority.

use form_engine::Lang;

use super::{Store, StoreError, Tx, now_text};

impl Store {
    /// The submissions.
    pub fn submissions(&self) -> Submissions<'_> {
        Submissions { store: self }
    }
}

/// Access to the `submissions` table (see [`Store::submissions`]).
pub struct Submissions<'a> {
    store: &'a Store,
}

/// A submission to store.
#[derive(Debug)]
pub struct NewSubmission<'a> {
    pub reference: &'a str,
    pub idempotency_key: &'a str,
    /// Hex SHA-256 of the request body (canonical JSON).
    pub body_sha256: &'a str,
    pub service_leika: &'a str,
    pub form_id: &'a str,
    pub form_version: u32,
    pub ars: Option<&'a str>,
    pub authority_id: Option<&'a str>,
    pub encrypted_data: &'a str,
    pub encrypted_metadata: &'a str,
    pub kid: &'a str,
    /// `received`, or `draft` while announced attachments wait for upload.
    pub status: &'a str,
    /// The status token given to the submitter; only its SHA-256 is stored.
    pub status_token: &'a str,
    /// The answer (JSON) given again on an idempotent retry.
    pub response: &'a str,
    pub created_at: &'a str,
    /// The announced attachments (JSON).
    pub attachments: &'a str,
}

/// What became of [`Submissions::insert`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inserted {
    /// The submission is stored.
    Stored,
    /// A submission with this idempotency key is stored already (maybe by a concurrent
    /// request); nothing was written.
    KeyTaken,
    /// The reference is taken; nothing was written (draw another one).
    ReferenceTaken,
}

/// What an earlier request with the same idempotency key stored.
#[derive(Debug, sqlx::FromRow)]
pub struct EarlierRow {
    pub id: i64,
    pub reference: String,
    pub body_sha256: String,
    /// The answer (JSON) given to it.
    pub response: String,
}

/// A submission as its submitter's uploads and finalizing need it.
#[derive(Debug, sqlx::FromRow)]
pub struct SubmissionRow {
    pub id: i64,
    pub status: String,
    /// The announced attachments (JSON).
    pub attachments: String,
    pub kid: String,
}

/// The service (with its name in the language asked for) and the form version a
/// submission is for: one part of the rows the citizen's status and the inbox read.
#[derive(Debug, sqlx::FromRow)]
pub struct ServiceFormColumns {
    pub service_leika: String,
    pub service_name: String,
    pub form_id: String,
    pub form_version: i64,
}

/// A submission's status with the names of its service and authority.
#[derive(Debug, sqlx::FromRow)]
pub struct StatusRow {
    pub reference: String,
    pub status: String,
    pub created_at: String,
    pub decided_at: Option<String>,
    pub decision_reason: Option<String>,
    pub id: i64,
    #[sqlx(flatten)]
    pub service_form: ServiceFormColumns,
    pub authority_id: Option<String>,
}

/// A submission as listed in an authority's inbox.
#[derive(Debug, sqlx::FromRow)]
pub struct InboxRow {
    pub id: i64,
    pub reference: String,
    pub status: String,
    pub created_at: String,
    #[sqlx(flatten)]
    pub service_form: ServiceFormColumns,
    pub ars: Option<String>,
    pub kid: String,
    /// The announced attachments (JSON).
    pub attachments: String,
}

/// A submission fetched from an authority's inbox, with its ciphertext.
#[derive(Debug, sqlx::FromRow)]
pub struct InboxSubmissionRow {
    #[sqlx(flatten)]
    pub item: InboxRow,
    pub encrypted_data: String,
    pub encrypted_metadata: String,
}

/// A submission as the authority decrypts it (`central-api inbox`).
#[derive(Debug, sqlx::FromRow)]
pub struct SealedRow {
    pub id: i64,
    pub status: String,
    pub created_at: String,
    pub service_leika: String,
    pub form_id: String,
    pub form_version: i64,
    pub ars: Option<String>,
    pub kid: String,
    pub encrypted_data: String,
    pub encrypted_metadata: String,
    /// The announced attachments (JSON).
    pub attachments: String,
}

/// The columns of [`InboxRow`] (`s`: submissions, `v`: services), with the service's name
/// in `lang` (one of two constants).
fn inbox_columns(lang: Lang) -> String {
    let lang = lang.code();
    format!(
        "s.id, s.reference, s.status, s.created_at, s.service_leika,
         v.name_{lang} AS service_name, s.form_id, s.form_version, s.ars, s.kid,
         s.attachments"
    )
}

impl Submissions<'_> {
    /// Stores a submission unless its idempotency key or its reference is taken.
    pub async fn insert(&self, new: &NewSubmission<'_>) -> Result<Inserted, StoreError> {
        let mut tx = self.store.begin().await?;
        let inserted = sqlx::query_scalar::<_, i64>(
            "INSERT INTO submissions (reference, idempotency_key, body_sha256, service_leika,
                 form_id, form_version, ars, authority_id, encrypted_data, status, status_token,
                 response, created_at, attachments, encrypted_metadata, kid)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
             ON CONFLICT (idempotency_key) DO NOTHING
             RETURNING id",
        )
        .bind(new.reference)
        .bind(new.idempotency_key)
        .bind(new.body_sha256)
        .bind(new.service_leika)
        .bind(new.form_id)
        .bind(i64::from(new.form_version))
        .bind(new.ars)
        .bind(new.authority_id)
        .bind(new.encrypted_data)
        .bind(new.status)
        // The token itself is never stored (see status_tokens).
        .bind("")
        .bind(new.response)
        .bind(new.created_at)
        .bind(new.attachments)
        .bind(new.encrypted_metadata)
        .bind(new.kid)
        .fetch_optional(&mut *tx)
        .await;
        match inserted {
            Ok(Some(id)) => {
                add_token(&mut tx, id, new.status_token).await?;
                tx.commit().await?;
                Ok(Inserted::Stored)
            }
            Ok(None) => Ok(Inserted::KeyTaken),
            // The only other unique column is the reference.
            Err(err)
                if err.as_database_error().map(|e| e.kind())
                    == Some(sqlx::error::ErrorKind::UniqueViolation) =>
            {
                Ok(Inserted::ReferenceTaken)
            }
            Err(err) => Err(err.into()),
        }
    }

    /// Gives the submission one more valid status token (an idempotent retry's); at most
    /// [`MAX_STATUS_TOKENS`] stay valid, the oldest go first.
    pub async fn add_status_token(
        &self,
        submission_id: i64,
        token: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.store.begin().await?;
        add_token(&mut tx, submission_id, token).await?;
        sqlx::query(
            "DELETE FROM status_tokens WHERE submission_id = $1 AND sha256 NOT IN
                 (SELECT sha256 FROM status_tokens WHERE submission_id = $1
                  ORDER BY created_at DESC, sha256 LIMIT $2)",
        )
        .bind(submission_id)
        .bind(MAX_STATUS_TOKENS)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Whether `token` is a status token of the submission.
    pub async fn token_matches(&self, submission_id: i64, token: &str) -> Result<bool, StoreError> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT submission_id FROM status_tokens WHERE submission_id = $1 AND sha256 = $2",
        )
        .bind(submission_id)
        .bind(sha256_hex(token))
        .fetch_optional(self.store.db())
        .await?;
        Ok(found.is_some())
    }

    /// Hashes the status tokens older versions stored in plain text (and takes them out of
    /// the stored receipts). Idempotent; run at every start.
    pub async fn hash_plaintext_status_tokens(&self) -> Result<u64, StoreError> {
        let rows: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT id, status_token, response FROM submissions WHERE status_token <> ''",
        )
        .fetch_all(self.store.db())
        .await?;
        let count = rows.len() as u64;
        for (id, token, response) in rows {
            let mut tx = self.store.begin().await?;
            add_token(&mut tx, id, &token).await?;
            let response = without_status_token(&response);
            sqlx::query("UPDATE submissions SET status_token = '', response = $1 WHERE id = $2")
                .bind(response)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        }
        Ok(count)
    }

    /// What the request with this idempotency key stored, if there was one.
    pub async fn by_idempotency_key(&self, key: &str) -> Result<Option<EarlierRow>, StoreError> {
        let row = sqlx::query_as(
            "SELECT id, reference, body_sha256, response FROM submissions
             WHERE idempotency_key = $1",
        )
        .bind(key)
        .fetch_optional(self.store.db())
        .await?;
        Ok(row)
    }

    /// The submission with this reference.
    pub async fn by_reference(&self, reference: &str) -> Result<Option<SubmissionRow>, StoreError> {
        let row = sqlx::query_as(
            "SELECT id, status, attachments, kid FROM submissions
             WHERE reference = $1",
        )
        .bind(reference)
        .fetch_optional(self.store.db())
        .await?;
        Ok(row)
    }

    /// The status of the submission with this reference, names in `lang`.
    pub async fn status(
        &self,
        reference: &str,
        lang: Lang,
    ) -> Result<Option<StatusRow>, StoreError> {
        let lang = lang.code();
        // Column names from `lang`, one of two constants.
        let row = sqlx::query_as(&format!(
            "SELECT s.reference, s.status, s.created_at, s.decided_at, s.decision_reason,
                    s.id,
                    s.service_leika, v.name_{lang} AS service_name, s.form_id, s.form_version,
                    a.id AS authority_id
             FROM submissions s
             JOIN services v ON v.leika = s.service_leika
             LEFT JOIN authorities a ON a.id = s.authority_id
             WHERE s.reference = $1"
        ))
        .bind(reference)
        .fetch_optional(self.store.db())
        .await?;
        Ok(row)
    }

    /// Turns a draft into a received submission; `false` if it was no draft (any more).
    pub async fn finalize(&self, id: i64) -> Result<bool, StoreError> {
        let result = sqlx::query(
            "UPDATE submissions SET status = 'received' WHERE id = $1 AND status = 'draft'",
        )
        .bind(id)
        .execute(self.store.db())
        .await?;
        Ok(result.rows_affected() > 0)
    }

    /// The newest `limit` submissions routed to the authority, drafts left out.
    pub async fn inbox(
        &self,
        authority_id: &str,
        lang: Lang,
        limit: u32,
    ) -> Result<Vec<InboxRow>, StoreError> {
        let rows = sqlx::query_as(&format!(
            "SELECT {}
             FROM submissions s JOIN services v ON v.leika = s.service_leika
             WHERE s.authority_id = $1 AND s.status <> 'draft'
             ORDER BY s.id DESC LIMIT $2",
            inbox_columns(lang)
        ))
        .bind(authority_id)
        .bind(i64::from(limit))
        .fetch_all(self.store.db())
        .await?;
        Ok(rows)
    }

    /// One submission of the authority's inbox with its ciphertext (not a draft); the
    /// first fetch is recorded (`fetched_at`).
    pub async fn fetch_from_inbox(
        &self,
        authority_id: &str,
        reference: &str,
        lang: Lang,
    ) -> Result<Option<InboxSubmissionRow>, StoreError> {
        let row: Option<InboxSubmissionRow> = sqlx::query_as(&format!(
            "SELECT {}, s.encrypted_data, s.encrypted_metadata
             FROM submissions s JOIN services v ON v.leika = s.service_leika
             WHERE s.authority_id = $1 AND s.reference = $2 AND s.status <> 'draft'",
            inbox_columns(lang)
        ))
        .bind(authority_id)
        .bind(reference)
        .fetch_optional(self.store.db())
        .await?;
        if let Some(row) = &row {
            self.mark_fetched(row.item.id).await?;
        }
        Ok(row)
    }

    /// The status of a submission in the authority's inbox (not a draft).
    pub async fn status_in_inbox(
        &self,
        authority_id: &str,
        reference: &str,
    ) -> Result<Option<String>, StoreError> {
        let status = sqlx::query_scalar(
            "SELECT status FROM submissions WHERE authority_id = $1 AND reference = $2
               AND status <> 'draft'",
        )
        .bind(authority_id)
        .bind(reference)
        .fetch_optional(self.store.db())
        .await?;
        Ok(status)
    }

    /// References of the authority's submissions waiting for a decision, oldest first.
    pub async fn waiting(&self, authority_id: &str) -> Result<Vec<String>, StoreError> {
        let references = sqlx::query_scalar(
            "SELECT reference FROM submissions WHERE authority_id = $1 AND status = 'received'
             ORDER BY id",
        )
        .bind(authority_id)
        .fetch_all(self.store.db())
        .await?;
        Ok(references)
    }

    /// One submission of the authority (not a draft) with its ciphertext, for decrypting
    /// where the private key is; the first fetch is recorded (`fetched_at`).
    pub async fn fetch_sealed(
        &self,
        authority_id: &str,
        reference: &str,
    ) -> Result<Option<SealedRow>, StoreError> {
        let row: Option<SealedRow> = sqlx::query_as(
            "SELECT id, status, created_at, service_leika, form_id, form_version, ars, kid,
                    encrypted_data, encrypted_metadata, attachments
             FROM submissions WHERE authority_id = $1 AND reference = $2 AND status <> 'draft'",
        )
        .bind(authority_id)
        .bind(reference)
        .fetch_optional(self.store.db())
        .await?;
        if let Some(row) = &row {
            self.mark_fetched(row.id).await?;
        }
        Ok(row)
    }

    /// Records that the authority has fetched the submission, the first time only (the
    /// retention job deletes submissions never fetched after their own deadline).
    async fn mark_fetched(&self, id: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE submissions SET fetched_at = $1 WHERE id = $2 AND fetched_at IS NULL")
            .bind(now_text())
            .bind(id)
            .execute(self.store.db())
            .await?;
        Ok(())
    }

    /// Records the authority's decision `status` (with `decided_at` now and the reason) if
    /// the submission is `received`, in one statement. Returns the submission's status
    /// afterwards: `status` if it was decided now or before the same way, another one if
    /// it cannot be decided (a draft, or decided otherwise), `None` if the authority has
    /// no such submission.
    pub async fn decide(
        &self,
        authority_id: &str,
        reference: &str,
        status: &str,
        reason: Option<&str>,
    ) -> Result<Option<String>, StoreError> {
        let result = sqlx::query(
            "UPDATE submissions SET status = $1, decided_at = $2, decision_reason = $3
             WHERE authority_id = $4 AND reference = $5 AND status = 'received'",
        )
        .bind(status)
        .bind(now_text())
        .bind(reason)
        .bind(authority_id)
        .bind(reference)
        .execute(self.store.db())
        .await?;
        if result.rows_affected() > 0 {
            return Ok(Some(status.to_owned()));
        }
        let current = sqlx::query_scalar(
            "SELECT status FROM submissions WHERE authority_id = $1 AND reference = $2",
        )
        .bind(authority_id)
        .bind(reference)
        .fetch_optional(self.store.db())
        .await?;
        Ok(current)
    }
}

/// Most status tokens valid at once for one submission (each idempotent retry adds one).
pub const MAX_STATUS_TOKENS: i64 = 5;

/// Hex SHA-256 of a token.
fn sha256_hex(token: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Records a status token's hash (again: nothing happens).
async fn add_token(tx: &mut Tx, submission_id: i64, token: &str) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO status_tokens (submission_id, sha256, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (submission_id, sha256) DO NOTHING",
    )
    .bind(submission_id)
    .bind(sha256_hex(token))
    .bind(now_text())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A stored receipt (JSON) without its `status_token`.
pub fn without_status_token(response: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(response) {
        Ok(serde_json::Value::Object(mut receipt)) => {
            receipt.remove("status_token");
            serde_json::Value::Object(receipt).to_string()
        }
        _ => response.to_owned(),
    }
}
