// SPDX-License-Identifier: EUPL-1.2
//! The inbox of an authority: the received submissions routed to it, behind a bearer
//! token per authority (stored as its SHA-256 only). The relay hands out ciphertext only
//! (JWE for the authority's key); decrypting and validating happens at the authority
//! (`central-api inbox`, see [`crate::authority`]), which records its decision here or
//! directly.

use axum::{
    Json, Router,
    extract::{Path, Query, State},
    http::{HeaderMap, HeaderValue, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::AnyPool;

use super::{
    FormRef,
    submissions::{AuthorityRef, ServiceRef, bearer_token, constant_time_eq, new_status_token},
};
use crate::{AppState, error::ApiError, extract::RequestLang};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/authorities/{id}/inbox", get(inbox_index))
        .route("/authorities/{id}/inbox/{reference}", get(inbox_show))
        .route(
            "/authorities/{id}/inbox/{reference}/attachments/{attachment_id}",
            get(inbox_attachment_show),
        )
        .route(
            "/authorities/{id}/inbox/{reference}/decision",
            post(inbox_decide),
        )
}

fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Sets the configured tokens `(authority id, token)`, and gives every authority without
/// a token a random one. Returns the generated tokens (shown once, never stored).
pub async fn ensure_tokens(
    db: &AnyPool,
    configured: &[(String, String)],
) -> Result<Vec<(String, String)>, sqlx::Error> {
    for (id, token) in configured {
        sqlx::query("UPDATE authorities SET inbox_token_sha256 = ?1 WHERE id = ?2")
            .bind(sha256_hex(token))
            .bind(id)
            .execute(db)
            .await?;
    }
    let missing: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM authorities WHERE inbox_token_sha256 IS NULL ORDER BY id",
    )
    .fetch_all(db)
    .await?;
    let mut generated = Vec::new();
    for id in missing {
        let token = new_status_token();
        sqlx::query(
            "UPDATE authorities SET inbox_token_sha256 = ?1
             WHERE id = ?2 AND inbox_token_sha256 IS NULL",
        )
        .bind(sha256_hex(&token))
        .bind(&id)
        .execute(db)
        .await?;
        generated.push((id, token));
    }
    Ok(generated)
}

/// Checks the bearer token of authority `id`: 401 if missing or wrong (or no such
/// authority, which is not told apart).
async fn authorize(state: &AppState, id: &str, headers: &HeaderMap) -> Result<(), ApiError> {
    let token = bearer_token(headers).ok_or(ApiError::Unauthorized)?;
    let stored: Option<Option<String>> =
        sqlx::query_scalar("SELECT inbox_token_sha256 FROM authorities WHERE id = ?1")
            .bind(id)
            .fetch_optional(state.store.db())
            .await?;
    let presented = sha256_hex(token);
    match stored.flatten() {
        Some(hash) if constant_time_eq(hash.as_bytes(), presented.as_bytes()) => Ok(()),
        _ => Err(ApiError::Unauthorized),
    }
}

fn no_store(value: impl IntoResponse) -> Response {
    let mut response = value.into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[derive(Debug, Deserialize)]
struct InboxQuery {
    #[serde(default)]
    limit: Option<u32>,
}

#[derive(Debug, Serialize)]
pub struct Inbox {
    pub authority: AuthorityRef,
    pub submissions: Vec<InboxItem>,
}

#[derive(Debug, Serialize)]
pub struct InboxItem {
    pub reference: String,
    pub status: String,
    pub created_at: String,
    pub service: ServiceRef,
    pub form: FormRef,
    pub ars: Option<String>,
    /// Id of the authority's key the submission is encrypted with.
    pub kid: String,
    /// Number of attachments.
    pub attachments: usize,
}

#[derive(sqlx::FromRow)]
struct ItemRow {
    reference: String,
    status: String,
    created_at: String,
    service_leika: String,
    service_name: String,
    form_id: String,
    form_version: i64,
    ars: Option<String>,
    kid: String,
    encrypted_data: Option<String>,
    encrypted_metadata: Option<String>,
    attachments: String,
}

impl ItemRow {
    fn item(self) -> Result<(InboxItem, Option<(String, String)>), ApiError> {
        let announced: Vec<Value> =
            serde_json::from_str(&self.attachments).map_err(ApiError::internal)?;
        Ok((
            InboxItem {
                reference: self.reference,
                status: self.status,
                created_at: self.created_at,
                service: ServiceRef {
                    leika: self.service_leika,
                    name: self.service_name,
                },
                form: FormRef {
                    id: self.form_id,
                    version: u32::try_from(self.form_version).map_err(ApiError::internal)?,
                },
                ars: self.ars,
                kid: self.kid,
                attachments: announced.len(),
            },
            self.encrypted_data.zip(self.encrypted_metadata),
        ))
    }
}

/// The newest received submissions routed to the authority (drafts are not shown).
async fn inbox_index(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<InboxQuery>,
    headers: HeaderMap,
    lang: RequestLang,
) -> Result<Response, ApiError> {
    authorize(&state, &id, &headers).await?;
    let lang = lang.code();
    let limit = query.limit.unwrap_or(50).clamp(1, 200);
    // Column names from `lang`, one of two constants.
    let authority = sqlx::query_as::<_, AuthorityRef>(&format!(
        "SELECT id, name_{lang} AS name FROM authorities WHERE id = ?1"
    ))
    .bind(&id)
    .fetch_one(state.store.db())
    .await?;
    let rows = sqlx::query_as::<_, ItemRow>(&format!(
        "SELECT s.reference, s.status, s.created_at, s.service_leika,
                v.name_{lang} AS service_name, s.form_id, s.form_version, s.ars, s.kid,
                NULL AS encrypted_data, NULL AS encrypted_metadata, s.attachments
         FROM submissions s JOIN services v ON v.leika = s.service_leika
         WHERE s.authority_id = ?1 AND s.status <> 'draft'
         ORDER BY s.id DESC LIMIT ?2"
    ))
    .bind(&id)
    .bind(i64::from(limit))
    .fetch_all(state.store.db())
    .await?;
    let submissions = rows
        .into_iter()
        .map(|row| row.item().map(|(item, _)| item))
        .collect::<Result<_, _>>()?;
    Ok(no_store(Json(Inbox {
        authority,
        submissions,
    })))
}

#[derive(Debug, Serialize)]
pub struct InboxSubmission {
    #[serde(flatten)]
    pub item: InboxItem,
    /// The answers (JSON) as a JWE for the authority's key `kid`.
    pub encrypted_data: String,
    /// FIT-Connect-style metadata (SHA-512 of answers and files) as a JWE.
    pub encrypted_metadata: String,
    /// The uploaded files, each a JWE (`application/jose`).
    pub files: Vec<AttachmentInfo>,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct AttachmentInfo {
    pub id: String,
    pub media_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_at: String,
}

/// One submission, encrypted, with the list of its (encrypted) files.
async fn inbox_show(
    State(state): State<AppState>,
    Path((id, reference)): Path<(String, String)>,
    headers: HeaderMap,
    lang: RequestLang,
) -> Result<Response, ApiError> {
    authorize(&state, &id, &headers).await?;
    let lang = lang.code();
    // Column names from `lang`, one of two constants.
    let row = sqlx::query_as::<_, ItemRow>(&format!(
        "SELECT s.reference, s.status, s.created_at, s.service_leika,
                v.name_{lang} AS service_name, s.form_id, s.form_version, s.ars, s.kid,
                s.encrypted_data, s.encrypted_metadata, s.attachments
         FROM submissions s JOIN services v ON v.leika = s.service_leika
         WHERE s.authority_id = ?1 AND s.reference = ?2 AND s.status <> 'draft'"
    ))
    .bind(&id)
    .bind(&reference)
    .fetch_optional(state.store.db())
    .await?
    .ok_or_else(|| ApiError::NotFound(format!("No submission {reference} in this inbox.")))?;
    let (item, encrypted) = row.item()?;
    let (encrypted_data, encrypted_metadata) = encrypted.unwrap_or_default();
    let files = sqlx::query_as::<_, AttachmentInfo>(
        "SELECT a.attachment_id AS id, a.media_type, a.size, a.sha256, a.uploaded_at
         FROM attachments a JOIN submissions s ON s.id = a.submission_id
         WHERE s.reference = ?1 ORDER BY a.attachment_id",
    )
    .bind(&reference)
    .fetch_all(state.store.db())
    .await?;
    Ok(no_store(Json(InboxSubmission {
        item,
        encrypted_data,
        encrypted_metadata,
        files,
    })))
}

/// The content of one attachment: a JWE.
async fn inbox_attachment_show(
    State(state): State<AppState>,
    Path((id, reference, attachment_id)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    authorize(&state, &id, &headers).await?;
    let (media_type, content): (String, Vec<u8>) = sqlx::query_as(
        "SELECT a.media_type, a.content
         FROM attachments a JOIN submissions s ON s.id = a.submission_id
         WHERE s.authority_id = ?1 AND s.reference = ?2 AND a.attachment_id = ?3
           AND s.status <> 'draft'",
    )
    .bind(&id)
    .bind(&reference)
    .bind(&attachment_id)
    .fetch_optional(state.store.db())
    .await?
    .ok_or_else(|| ApiError::NotFound("No such attachment in this inbox.".into()))?;
    let content_type = HeaderValue::from_str(&media_type).map_err(ApiError::internal)?;
    Ok(no_store((
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment"),
            ),
        ],
        content,
    )))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DecisionBody {
    /// `accepted` or `rejected`.
    status: String,
    #[serde(default)]
    reason: Option<String>,
}

/// Records the authority's decision (after it decrypted and checked the submission
/// itself): `received` -> `accepted` or `rejected`, shown on the citizen's status page.
async fn inbox_decide(
    State(state): State<AppState>,
    Path((id, reference)): Path<(String, String)>,
    headers: HeaderMap,
    crate::extract::ApiJson(body): crate::extract::ApiJson<DecisionBody>,
) -> Result<Response, ApiError> {
    authorize(&state, &id, &headers).await?;
    let decision = match body.status.as_str() {
        "accepted" => crate::authority::Decision::Accepted,
        "rejected" => crate::authority::Decision::Rejected,
        _ => {
            return Err(ApiError::Unprocessable(
                "`status` is `accepted` or `rejected`.".into(),
            ));
        }
    };
    if body
        .reason
        .as_ref()
        .is_some_and(|r| r.chars().count() > 2000)
    {
        return Err(ApiError::Unprocessable("The reason is too long.".into()));
    }
    let status: Option<String> = sqlx::query_scalar(
        "SELECT status FROM submissions WHERE authority_id = ?1 AND reference = ?2
           AND status <> 'draft'",
    )
    .bind(&id)
    .bind(&reference)
    .fetch_optional(state.store.db())
    .await?;
    let Some(status) = status else {
        return Err(ApiError::NotFound(format!(
            "No submission {reference} in this inbox."
        )));
    };
    if status != "received" && status != decision.as_str() {
        return Err(ApiError::Conflict(format!(
            "The submission is already {status}."
        )));
    }
    crate::authority::decide(
        state.store.db(),
        &id,
        &reference,
        decision,
        body.reason.as_deref(),
    )
    .await
    .map_err(ApiError::Internal)?;
    tracing::info!(%reference, decision = decision.as_str(), "decision recorded");
    Ok(no_store(Json(serde_json::json!({
        "reference": reference,
        "status": decision.as_str(),
    }))))
}
