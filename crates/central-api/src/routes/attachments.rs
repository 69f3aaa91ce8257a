// SPDX-License-Identifier: EUPL-1.2
//! Attachments of a draft submission: each announced file is uploaded encrypted (a JWE
//! for the submission's key, streamed, with a size limit), then the submission is
//! finalized. The API never sees a file's content, name or type.

use axum::{
    Json, Router,
    body::Body,
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{post, put},
};
use futures_util::StreamExt;
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::submissions::{AnnouncedAttachment, bearer_token};
use crate::security::constant_time_eq;
use crate::{
    AppState,
    error::{ApiError, FieldProblem},
    extract::RequestLang,
    jwe,
    store::{attachments::NewAttachment, now_text},
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/submissions/{reference}/attachments/{attachment_id}",
            put(attachments_upload),
        )
        .route(
            "/submissions/{reference}/finalize",
            post(submissions_finalize),
        )
}

struct Draft {
    id: i64,
    status: String,
    kid: String,
    announced: Vec<AnnouncedAttachment>,
}

/// The submission for the holder of its status token; 401 without a token, 404 for a
/// wrong token or an unknown reference.
async fn authorized_submission(
    state: &AppState,
    reference: &str,
    headers: &HeaderMap,
) -> Result<Draft, ApiError> {
    let token = bearer_token(headers).ok_or(ApiError::Unauthorized)?;
    let not_found = || ApiError::NotFound(format!("No submission {reference} for this token."));
    let row = state
        .store
        .submissions()
        .by_reference(reference)
        .await?
        .ok_or_else(not_found)?;
    if !constant_time_eq(row.status_token.as_bytes(), token.as_bytes()) {
        return Err(not_found());
    }
    Ok(Draft {
        id: row.id,
        status: row.status,
        kid: row.kid,
        announced: serde_json::from_str(&row.attachments).map_err(ApiError::internal)?,
    })
}

/// Receipt of one upload.
#[derive(Debug, Serialize)]
pub struct UploadedAttachment {
    pub id: String,
    pub media_type: String,
    pub size: u64,
    pub sha256: String,
}

/// Stores one announced attachment (again: replaces it). The body is read in chunks and
/// refused as soon as it exceeds the announced size; it must be a JWE (compact
/// serialization, RSA-OAEP-256, A256GCM) for the submission's key.
async fn attachments_upload(
    State(state): State<AppState>,
    Path((reference, attachment_id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let draft = authorized_submission(&state, &reference, &headers).await?;
    if draft.status != "draft" {
        return Err(ApiError::Conflict(
            "This submission is finalized; attachments cannot change.".into(),
        ));
    }
    let announced = draft
        .announced
        .iter()
        .find(|a| a.id == attachment_id)
        .ok_or_else(|| {
            ApiError::NotFound(format!(
                "No attachment {attachment_id} was announced with this submission."
            ))
        })?;
    let limit = announced
        .size
        .min(jwe::max_encrypted_len(state.limits.max_attachment_bytes));
    let declared_length = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared_length.is_some_and(|length| length > limit) {
        return Err(ApiError::PayloadTooLarge);
    }

    let mut content: Vec<u8> = Vec::with_capacity(usize::try_from(limit).unwrap_or(0).min(1 << 20));
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk =
            chunk.map_err(|_| ApiError::BadRequest("The upload was interrupted.".into()))?;
        if content.len() as u64 + chunk.len() as u64 > limit {
            return Err(ApiError::PayloadTooLarge);
        }
        content.extend_from_slice(&chunk);
    }
    if content.len() as u64 != announced.size {
        return Err(ApiError::Unprocessable(format!(
            "The upload has {} bytes, {} were announced.",
            content.len(),
            announced.size
        )));
    }
    let envelope = std::str::from_utf8(&content)
        .ok()
        .and_then(|text| jwe::envelope(text).ok());
    match envelope {
        Some(envelope) if envelope.kid == draft.kid => {}
        Some(_) => {
            return Err(ApiError::Unprocessable(
                "The attachment is encrypted for another key than the submission.".into(),
            ));
        }
        None => {
            return Err(ApiError::UnsupportedMediaType(
                "Attachments are uploaded encrypted: a JWE in compact serialization \
                 (RSA-OAEP-256, A256GCM) for the submission's key."
                    .into(),
            ));
        }
    }
    let sha256: String = Sha256::digest(&content)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    state
        .store
        .attachments()
        .put(&NewAttachment {
            submission_id: draft.id,
            attachment_id: &announced.id,
            media_type: jwe::MEDIA_TYPE,
            content: &content,
            sha256: &sha256,
            uploaded_at: &now_text(),
        })
        .await?;
    tracing::info!(%reference, attachment = %announced.id, size = content.len(), "attachment stored");
    let mut response = (
        StatusCode::CREATED,
        Json(UploadedAttachment {
            id: announced.id.clone(),
            media_type: jwe::MEDIA_TYPE.to_owned(),
            size: content.len() as u64,
            sha256,
        }),
    )
        .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// Turns a draft into a received submission once every announced attachment is there;
/// finalizing again answers the same.
async fn submissions_finalize(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    lang: RequestLang,
) -> Result<Response, ApiError> {
    let draft = authorized_submission(&state, &reference, &headers).await?;
    if draft.status == "draft" {
        let uploaded = state.store.attachments().uploaded_ids(draft.id).await?;
        let missing: Vec<FieldProblem> = draft
            .announced
            .iter()
            .enumerate()
            .filter(|(_, a)| !uploaded.contains(&a.id))
            .map(|(i, a)| FieldProblem {
                path: format!("attachments.{i}"),
                code: "missing_upload".into(),
                detail: if lang.code() == "en" {
                    format!("The file {} has not been uploaded yet.", a.id)
                } else {
                    format!("Die Datei {} wurde noch nicht hochgeladen.", a.id)
                },
                data: serde_json::Map::new(),
            })
            .collect();
        if !missing.is_empty() {
            return Err(ApiError::Validation(missing));
        }
        state.store.submissions().finalize(draft.id).await?;
        tracing::info!(%reference, "submission finalized");
    }
    let mut response =
        Json(json!({ "reference": reference, "status": "received" })).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
