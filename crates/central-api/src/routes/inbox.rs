// SPDX-License-Identifier: EUPL-1.2
//! The inbox of an authority: the received submissions routed to it, behind a bearer
//! token per authority (stored as its SHA-256 only). The relay hands out ciphertext only
//! (JWE for the authority's key); decrypting and validating happens at the authority
//! (`central-api inbox`, see [`crate::authority`]), which records its decision here or
//! directly.

use axum::{
    Json, Router,
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{
    FormRef,
    submissions::{AuthorityRef, ServiceRef, bearer_token, new_status_token, service_and_form},
};
use crate::{
    AppState,
    error::ApiError,
    extract::{ApiQuery, RequestLang},
    store::{Store, StoreError, submissions::InboxRow},
};

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

/// Sets the configured tokens `(authority id, token)`, and gives every authority without
/// a token a random one. Returns the generated tokens (shown once, never stored). Safe
/// with several instances starting at once: a token is returned only by the instance
/// that stored it.
pub async fn ensure_tokens(
    store: &Store,
    configured: &[(String, String)],
) -> Result<Vec<(String, String)>, StoreError> {
    let authorities = store.authorities();
    for (id, token) in configured {
        authorities.set_inbox_token(id, token).await?;
    }
    let mut generated = Vec::new();
    for id in authorities.without_inbox_token().await? {
        let token = new_status_token();
        if authorities.set_inbox_token_if_missing(&id, &token).await? {
            generated.push((id, token));
        }
    }
    Ok(generated)
}

/// Checks the bearer token of authority `id`: 401 if missing or wrong (or no such
/// authority, which is not told apart).
async fn authorize(state: &AppState, id: &str, headers: &HeaderMap) -> Result<(), ApiError> {
    let token = bearer_token(headers).ok_or(ApiError::Unauthorized)?;
    if state
        .store
        .authorities()
        .inbox_token_matches(id, token)
        .await?
    {
        Ok(())
    } else {
        Err(ApiError::Unauthorized)
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

/// An inbox item from its row.
fn item(row: InboxRow) -> Result<InboxItem, ApiError> {
    let announced: Vec<Value> =
        serde_json::from_str(&row.attachments).map_err(ApiError::internal)?;
    let (service, form) = service_and_form(row.service_form)?;
    Ok(InboxItem {
        reference: row.reference,
        status: row.status,
        created_at: row.created_at,
        service,
        form,
        ars: row.ars,
        kid: row.kid,
        attachments: announced.len(),
    })
}

/// The newest received submissions routed to the authority (drafts are not shown).
async fn inbox_index(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiQuery(query): ApiQuery<InboxQuery>,
    headers: HeaderMap,
    lang: RequestLang,
) -> Result<Response, ApiError> {
    authorize(&state, &id, &headers).await?;
    // As documented: 1 to 200; a value outside is refused, not quietly changed.
    let limit = query.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(ApiError::BadRequest(
            "The query string does not fit this operation: `limit` must be from 1 to 200.".into(),
        ));
    }
    let name = state
        .store
        .authorities()
        .name(&id, lang.0)
        .await?
        .ok_or_else(|| ApiError::internal(format!("authority {id} vanished")))?;
    let rows = state.store.submissions().inbox(&id, lang.0, limit).await?;
    let submissions = rows.into_iter().map(item).collect::<Result<_, _>>()?;
    Ok(no_store(Json(Inbox {
        authority: AuthorityRef { id, name },
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

#[derive(Debug, Serialize)]
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
    let row = state
        .store
        .submissions()
        .fetch_from_inbox(&id, &reference, lang.0)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("No submission {reference} in this inbox.")))?;
    let files = state
        .store
        .attachments()
        .of_submission(row.item.id)
        .await?
        .into_iter()
        .map(|file| AttachmentInfo {
            id: file.id,
            media_type: file.media_type,
            size: file.size,
            sha256: file.sha256,
            uploaded_at: file.uploaded_at,
        })
        .collect();
    Ok(no_store(Json(InboxSubmission {
        item: item(row.item)?,
        encrypted_data: row.encrypted_data,
        encrypted_metadata: row.encrypted_metadata,
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
    let attachment = state
        .store
        .attachments()
        .in_inbox(&id, &reference, &attachment_id)
        .await?
        .ok_or_else(|| ApiError::NotFound("No such attachment in this inbox.".into()))?;
    let content_type = HeaderValue::from_str(&attachment.media_type).map_err(ApiError::internal)?;
    Ok(no_store((
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment"),
            ),
        ],
        attachment.content,
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
    let status = state
        .store
        .submissions()
        .status_in_inbox(&id, &reference)
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
        &state.store,
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
