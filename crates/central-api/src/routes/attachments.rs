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
use serde_json::json;
use sha2::{Digest, Sha256};
use std::time::Duration;

use super::submissions::{AnnouncedAttachment, bearer_token};
use crate::{
    AppState,
    error::{ApiError, FieldProblem},
    extract::RequestLang,
    jwe,
    limits::{self, ClientIp},
    store::{attachments::CompletedUpload, now_text},
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

/// The draft for the holder of its status token; 401 without a token, 404 for a wrong
/// token or an unknown reference.
async fn authorized_draft(
    state: &AppState,
    reference: &str,
    headers: &HeaderMap,
) -> Result<Draft, ApiError> {
    let token = bearer_token(headers).ok_or(ApiError::Unauthorized)?;
    let row = super::submissions::authorized_submission(&state.store, reference, token).await?;
    Ok(Draft {
        id: row.id,
        status: row.status,
        kid: row.kid,
        announced: serde_json::from_str(&row.attachments).map_err(ApiError::internal)?,
    })
}

pub use api_types::UploadedAttachment;

/// Bytes written to the database as one piece of an upload.
const PIECE: usize = 256 * 1024;

/// The slowest upload accepted: a file must arrive at this rate on average (plus a
/// minute), so that an upload cannot be held open for ever by trickling bytes.
const MIN_UPLOAD_BYTES_PER_SECOND: u64 = 16 * 1024;

/// Stores one announced attachment (again: replaces it). The body is streamed into the
/// database piece by piece (no whole file is held in memory) and refused as soon as it
/// exceeds the announced size; it must be a JWE (compact serialization, RSA-OAEP-256,
/// A256GCM) for the submission's key. It becomes the attachment only when complete and
/// checked, and only while the submission is a draft.
async fn attachments_upload(
    State(state): State<AppState>,
    Path((reference, attachment_id)): Path<(String, String)>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let draft = authorized_draft(&state, &reference, &headers).await?;
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
    // Quotas before a byte is stored: the relay's total, then this client's hour.
    let max_stored = state.limits.max_stored_bytes;
    if max_stored > 0 {
        let stored = state.store.attachments().stored_bytes().await?;
        if u64::try_from(stored)
            .unwrap_or(0)
            .saturating_add(announced.size)
            > max_stored
        {
            tracing::warn!(stored, "storage quota reached; upload refused");
            return Err(ApiError::InsufficientStorage(
                "The relay cannot store more files at the moment; please try again later.".into(),
            ));
        }
    }
    limits::count_upload(
        &state.store,
        client,
        announced.size,
        state.limits.client_upload_bytes_per_hour,
    )
    .await?;

    let upload_id = new_upload_id();
    let deadline = Duration::from_secs(60 + announced.size / MIN_UPLOAD_BYTES_PER_SECOND);
    let received = tokio::time::timeout(
        deadline,
        receive(&state, body, &upload_id, limit, announced.size, &draft.kid),
    )
    .await
    .unwrap_or_else(|_| {
        Err(ApiError::RequestTimeout(format!(
            "The upload took longer than {} s.",
            deadline.as_secs()
        )))
    });
    let (size, sha256) = match received {
        Ok(received) => received,
        Err(err) => {
            if let Err(discard) = state.store.attachments().discard(&upload_id).await {
                tracing::warn!(error = %discard, "could not delete a failed upload's pieces");
            }
            return Err(err);
        }
    };
    let completed = state
        .store
        .attachments()
        .complete(&CompletedUpload {
            submission_id: draft.id,
            attachment_id: &announced.id,
            upload_id: &upload_id,
            media_type: jwe::MEDIA_TYPE,
            size,
            sha256: &sha256,
            uploaded_at: &now_text(),
        })
        .await?;
    if !completed {
        return Err(ApiError::Conflict(
            "This submission was finalized during the upload; attachments cannot change.".into(),
        ));
    }
    tracing::info!(%reference, attachment = %announced.id, size, "attachment stored");
    let mut response = (
        StatusCode::CREATED,
        Json(UploadedAttachment {
            id: announced.id.clone(),
            media_type: jwe::MEDIA_TYPE.to_owned(),
            size,
            sha256,
        }),
    )
        .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// Reads the upload into pieces staged under `upload_id`, checking its size and its JWE
/// form on the way; its size and hex SHA-256.
async fn receive(
    state: &AppState,
    body: Body,
    upload_id: &str,
    limit: u64,
    announced: u64,
    kid: &str,
) -> Result<(u64, String), ApiError> {
    let not_a_jwe = || {
        ApiError::UnsupportedMediaType(
            "Attachments are uploaded encrypted: a JWE in compact serialization \
             (RSA-OAEP-256, A256GCM) for the submission's key."
                .into(),
        )
    };
    let mut envelope = jwe::EnvelopeReader::default();
    let mut hash = Sha256::new();
    let mut pending: Vec<u8> = Vec::with_capacity(PIECE);
    let mut size = 0u64;
    let mut seq = 0i64;
    let mut stream = body.into_data_stream();
    while let Some(bytes) = stream.next().await {
        let bytes =
            bytes.map_err(|_| ApiError::BadRequest("The upload was interrupted.".into()))?;
        size += bytes.len() as u64;
        if size > limit {
            return Err(ApiError::PayloadTooLarge);
        }
        envelope.push(&bytes).map_err(|_| not_a_jwe())?;
        hash.update(&bytes);
        pending.extend_from_slice(&bytes);
        while pending.len() >= PIECE {
            let rest = pending.split_off(PIECE);
            state
                .store
                .attachments()
                .stage_chunk(upload_id, seq, &pending)
                .await?;
            seq += 1;
            pending = rest;
        }
    }
    if !pending.is_empty() {
        state
            .store
            .attachments()
            .stage_chunk(upload_id, seq, &pending)
            .await?;
    }
    if size != announced {
        return Err(ApiError::Unprocessable(format!(
            "The upload has {size} bytes, {announced} were announced."
        )));
    }
    let envelope = envelope.finish().map_err(|_| not_a_jwe())?;
    if envelope.kid != kid {
        return Err(ApiError::Unprocessable(
            "The attachment is encrypted for another key than the submission.".into(),
        ));
    }
    let sha256 = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
    Ok((size, sha256))
}

/// A random id for an upload's pieces.
fn new_upload_id() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Turns a draft into a received submission once every announced attachment is there;
/// finalizing again answers the same.
async fn submissions_finalize(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    lang: RequestLang,
) -> Result<Response, ApiError> {
    let draft = authorized_draft(&state, &reference, &headers).await?;
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
