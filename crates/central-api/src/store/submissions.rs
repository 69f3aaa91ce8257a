// SPDX-License-Identifier: EUPL-1.2
//! Submissions: stored once per idempotency key, read by their submitter (with the status
//! token), by the competent authority's inbox and by `central-api inbox`, and decided by
//! the authority.

use api_types::{FormRef, ServiceRef, SubmissionStatus};
use form_engine::Lang;
use sqlx::{Row, any::AnyRow};

use super::{Store, StoreError, Tx, now_text, sha256_hex};

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
    /// Its FIT-Connect ids, if it was created through the Submission API.
    pub fit: Option<FitIds<'a>>,
}

/// A submission's ids in FIT-Connect's Submission API.
#[derive(Debug, Clone, Copy)]
pub struct FitIds<'a> {
    pub submission_uuid: &'a str,
    pub case_id: &'a str,
    /// `serviceType.name` as the sender gave it.
    pub service_type_name: &'a str,
    /// The OAuth client that created it.
    pub sender_client: &'a str,
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
    pub body_sha256: String,
    /// The answer (JSON) given to it.
    pub response: String,
}

/// What the submitter may see of a submission from the columns [`Submissions::status`]
/// reads, without its authority (read apart).
fn submission_status(row: &AnyRow) -> Result<SubmissionStatus, sqlx::Error> {
    let version: i64 = row.try_get("form_version")?;
    Ok(SubmissionStatus {
        reference: row.try_get("reference")?,
        status: row.try_get("status")?,
        created_at: row.try_get("created_at")?,
        decided_at: row.try_get("decided_at")?,
        reason: row.try_get("decision_reason")?,
        service: ServiceRef {
            leika: row.try_get("service_leika")?,
            name: row.try_get("service_name")?,
        },
        form: FormRef {
            id: row.try_get("form_id")?,
            version: u32::try_from(version).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
        },
        authority: None,
    })
}

/// What a submission's texts take in the store (`text_bytes`).
fn text_bytes(encrypted_data: &str, encrypted_metadata: &str) -> i64 {
    i64::try_from(encrypted_data.len() + encrypted_metadata.len()).unwrap_or(i64::MAX)
}

impl Submissions<'_> {
    /// Stores a submission unless its idempotency key or its reference is taken.
    pub async fn insert(&self, new: &NewSubmission<'_>) -> Result<Inserted, StoreError> {
        let mut tx = self.store.begin().await?;
        let inserted = sqlx::query_scalar::<_, i64>(
            "INSERT INTO submissions (reference, idempotency_key, body_sha256, service_leika,
                 form_id, form_version, ars, authority_id, encrypted_data, status, status_token,
                 response, created_at, attachments, encrypted_metadata, kid,
                 submission_uuid, case_id, service_type_name, sender_client, text_bytes)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
                 $17, $18, $19, $20, $21)
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
        .bind(new.fit.map(|f| f.submission_uuid))
        .bind(new.fit.map(|f| f.case_id))
        .bind(new.fit.map(|f| f.service_type_name))
        .bind(new.fit.map(|f| f.sender_client))
        .bind(text_bytes(new.encrypted_data, new.encrypted_metadata))
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
            "SELECT id, body_sha256, response FROM submissions WHERE idempotency_key = $1",
        )
        .bind(key)
        .fetch_optional(self.store.db())
        .await?;
        Ok(row)
    }

    /// The id of the submission with this reference.
    pub async fn id_of(&self, reference: &str) -> Result<Option<i64>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT id FROM submissions WHERE reference = $1")
                .bind(reference)
                .fetch_optional(self.store.db())
                .await?,
        )
    }

    /// What the submitter may see of the submission with this reference: its status, its
    /// service and form, and its authority's contact, names in `lang`.
    pub async fn status(
        &self,
        reference: &str,
        lang: Lang,
    ) -> Result<Option<SubmissionStatus>, StoreError> {
        let code = lang.code();
        // Column names from `lang`, one of two constants.
        let found = sqlx::query(&format!(
            "SELECT s.reference, s.status, s.created_at, s.decided_at, s.decision_reason,
                    s.service_leika, v.name_{code} AS service_name, s.form_id, s.form_version,
                    s.authority_id
             FROM submissions s JOIN services v ON v.leika = s.service_leika
             WHERE s.reference = $1"
        ))
        .bind(reference)
        .try_map(|row: AnyRow| {
            let authority_id: Option<String> = row.try_get("authority_id")?;
            Ok((submission_status(&row)?, authority_id))
        })
        .fetch_optional(self.store.db())
        .await?;
        let Some((mut status, authority_id)) = found else {
            return Ok(None);
        };
        if let Some(id) = authority_id {
            status.authority = self.store.authorities().contact(&id, lang).await?;
        }
        Ok(Some(status))
    }

    /// Notes the first time the destination fetched a submission (the retention job
    /// deletes submissions never fetched after their own deadline).
    pub async fn mark_fetched_by_destination(&self, id: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE submissions SET fetched_at = $1 WHERE id = $2 AND fetched_at IS NULL")
            .bind(now_text())
            .bind(id)
            .execute(self.store.db())
            .await?;
        Ok(())
    }
}

/// Most status tokens valid at once for one submission (each idempotent retry adds one).
pub const MAX_STATUS_TOKENS: i64 = 5;

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

// --- FIT-Connect's Submission API (issue #16) -------------------------------------------

/// An event to record in a case's log with the change it reports.
#[derive(Debug, Clone, Copy)]
pub struct CaseEvent<'a> {
    pub case_id: &'a str,
    pub submission_uuid: &'a str,
    /// The event's name (`https://schema.fitko.de/fit-connect/events/…`).
    pub name: &'a str,
    /// The signed event token.
    pub token: &'a str,
}

/// Records `event` and commits if the change before it touched a row (`changed`); else
/// leaves both undone: `false`.
async fn with_event(mut tx: Tx, changed: u64, event: &CaseEvent<'_>) -> Result<bool, StoreError> {
    if changed == 0 {
        return Ok(false);
    }
    super::case_events::add(&mut tx, event).await?;
    tx.commit().await?;
    Ok(true)
}

/// A submission as the Submission API shows it to its sender and its destination.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FitRow {
    pub id: i64,
    pub reference: String,
    pub submission_uuid: String,
    pub case_id: String,
    /// `draft` (created), `received` (submitted), `accepted` or `rejected`.
    pub status: String,
    pub service_leika: String,
    pub service_type_name: Option<String>,
    pub authority_id: String,
    pub destination_id: String,
    pub kid: String,
    /// The announced attachments (JSON: `[{id, size}]`).
    pub attachments: String,
    pub encrypted_data: String,
    pub encrypted_metadata: String,
    pub sender_client: Option<String>,
    pub created_at: String,
}

const FIT_COLUMNS: &str = "s.id, s.reference, s.submission_uuid, s.case_id, s.status,
    s.service_leika, s.service_type_name, s.authority_id, a.destination_id, s.kid,
    s.attachments, s.encrypted_data, s.encrypted_metadata, s.sender_client, s.created_at";

impl Submissions<'_> {
    /// The submission with this FIT-Connect submission id.
    pub async fn by_uuid(&self, submission_uuid: &str) -> Result<Option<FitRow>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT {FIT_COLUMNS} FROM submissions s JOIN authorities a ON a.id = s.authority_id
             WHERE s.submission_uuid = $1"
        ))
        .bind(submission_uuid)
        .fetch_optional(self.store.db())
        .await?)
    }

    /// The submissions of a case (one, as this relay creates them).
    pub async fn by_case(&self, case_id: &str) -> Result<Option<FitRow>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT {FIT_COLUMNS} FROM submissions s JOIN authorities a ON a.id = s.authority_id
             WHERE s.case_id = $1 ORDER BY s.id LIMIT 1"
        ))
        .bind(case_id)
        .fetch_optional(self.store.db())
        .await?)
    }

    /// Submits a created submission: its encrypted data and metadata, the status
    /// `received` and the relay's submit event, in one transaction. `false` if it was not
    /// a draft any more (submitted before, or deleted).
    pub async fn submit(
        &self,
        id: i64,
        encrypted_data: &str,
        encrypted_metadata: &str,
        event: CaseEvent<'_>,
    ) -> Result<bool, StoreError> {
        let mut tx = self.store.begin().await?;
        let changed = sqlx::query(
            "UPDATE submissions SET status = 'received', encrypted_data = $1,
                 encrypted_metadata = $2, submitted_at = $3, text_bytes = $4
             WHERE id = $5 AND status = 'draft'",
        )
        .bind(encrypted_data)
        .bind(encrypted_metadata)
        .bind(now_text())
        .bind(text_bytes(encrypted_data, encrypted_metadata))
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        with_event(tx, changed, &event).await
    }

    /// The submitted submissions waiting at a destination (neither accepted nor rejected),
    /// oldest first: `(submissionId, caseId)` of `limit` from `offset`, and how many there
    /// are in all.
    pub async fn waiting_at_destination(
        &self,
        authority_id: &str,
        offset: i64,
        limit: i64,
    ) -> Result<(i64, Vec<(String, String)>), StoreError> {
        let total: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM submissions
             WHERE authority_id = $1 AND status = 'received' AND submission_uuid IS NOT NULL",
        )
        .bind(authority_id)
        .fetch_one(self.store.db())
        .await?;
        let page = sqlx::query_as(
            "SELECT submission_uuid, case_id FROM submissions
             WHERE authority_id = $1 AND status = 'received' AND submission_uuid IS NOT NULL
             ORDER BY submitted_at, id LIMIT $2 OFFSET $3",
        )
        .bind(authority_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(self.store.db())
        .await?;
        Ok((total, page))
    }

    /// Records the destination's decision event and the status it means (`accepted` or
    /// `rejected`, with the reason for the citizen), in one transaction; `false` if the
    /// submission was decided already (the event is not recorded then).
    pub async fn decide_by_event(
        &self,
        id: i64,
        status: &str,
        reason: Option<&str>,
        event: CaseEvent<'_>,
    ) -> Result<bool, StoreError> {
        let mut tx = self.store.begin().await?;
        let changed = sqlx::query(
            "UPDATE submissions SET status = $1, decided_at = $2, decision_reason = $3
             WHERE id = $4 AND status = 'received'",
        )
        .bind(status)
        .bind(now_text())
        .bind(reason)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        with_event(tx, changed, &event).await
    }
}
