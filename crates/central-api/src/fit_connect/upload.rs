// SPDX-License-Identifier: EUPL-1.2
//! Receiving an attachment's upload (FIT-Connect's `PUT
//! /v1/submissions/{id}/attachments/{attachmentId}`): quotas first, then the body
//! streamed into the database piece by piece (no whole file held in memory) within a
//! deadline, checked on the way as a JWE for the submission's key. The relay never sees
//! a file's content, name or type.

use axum::{body::Body, http::HeaderMap};
use futures_util::StreamExt;
use sha2::{Digest, Sha256};

use crate::{
    AppState,
    error::ApiError,
    jwe, limits,
    store::{attachments::CompletedUpload, now_text},
};

/// Bytes written to the database as one piece of an upload.
const PIECE: usize = 256 * 1024;

/// One attachment to receive: where it belongs, the key it must be encrypted for and,
/// if the sender announced it, its size (FIT-Connect announces ids only).
pub(crate) struct Upload<'a> {
    pub submission_id: i64,
    pub attachment_id: &'a str,
    pub kid: &'a str,
    pub announced_size: Option<u64>,
    /// What is left of the submission's allowance for all its files together.
    pub room_left: u64,
}

/// Room for `bytes` more that `client` sends to be stored (an attachment, or a
/// submission's encrypted data and metadata), before a byte is stored: the relay's
/// storage in all (`--max-stored-bytes`, attachments and submissions' texts together),
/// then the hour of the client and of its wider networks (`--client-upload-bytes-per-hour`,
/// `--site-upload-bytes-per-hour`, `--prefix-upload-bytes-per-hour`).
pub(crate) async fn reserve_storage(
    state: &AppState,
    client: std::net::IpAddr,
    bytes: u64,
) -> Result<(), ApiError> {
    let max_stored = state.limits.max_stored_bytes;
    if max_stored > 0 {
        let stored = state.store.storage().stored_bytes().await?;
        if u64::try_from(stored).unwrap_or(0).saturating_add(bytes) > max_stored {
            tracing::warn!(stored, "storage quota reached; upload refused");
            return Err(ApiError::InsufficientStorage(
                "The relay cannot store more at the moment; please try again later.".into(),
            ));
        }
    }
    limits::count_upload(&state.store, client, bytes, state.limits.upload_quotas()).await
}

/// Receives an attachment's body and makes it the attachment: quotas first (the
/// relay's storage, the client's hour), then streamed into the database piece by piece
/// within a deadline, checked as a JWE for `upload.kid`. Its size and hex SHA-256.
pub(crate) async fn store_upload(
    state: &AppState,
    client: std::net::IpAddr,
    headers: &HeaderMap,
    body: Body,
    upload: Upload<'_>,
) -> Result<(u64, String), ApiError> {
    let max_encrypted = jwe::max_encrypted_len(state.limits.max_attachment_bytes);
    let declared_length = crate::body_deadline::declared_length(headers);
    // What the quotas count: the announced size, else the length the request declares,
    // else the most a file may have.
    let expected = upload
        .announced_size
        .or(declared_length)
        .unwrap_or(max_encrypted);
    let limit = expected.min(max_encrypted).min(upload.room_left);
    if declared_length.is_some_and(|length| length > limit) {
        return Err(ApiError::PayloadTooLarge);
    }
    reserve_storage(state, client, expected).await?;

    let upload_id = new_upload_id();
    // The pace every body keeps (`body_deadline`), so that an upload cannot be held
    // open by trickling bytes.
    let data = crate::body_deadline::paced(body, state.connections.body_pace);
    let received = receive(
        state,
        data,
        &upload_id,
        limit,
        upload.announced_size,
        upload.kid,
    )
    .await;
    let (size, sha256, auth_tag) = match received {
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
            submission_id: upload.submission_id,
            attachment_id: upload.attachment_id,
            upload_id: &upload_id,
            media_type: jwe::MEDIA_TYPE,
            size,
            sha256: &sha256,
            auth_tag: &auth_tag,
            uploaded_at: &now_text(),
        })
        .await?;
    if !completed {
        return Err(ApiError::Conflict(
            "This submission was finalized during the upload; attachments cannot change.".into(),
        ));
    }
    Ok((size, sha256))
}

/// Reads the upload into pieces staged under `upload_id`, checking its size and its JWE
/// form on the way; its size and hex SHA-256.
async fn receive(
    state: &AppState,
    data: impl futures_util::Stream<Item = Result<bytes::Bytes, ApiError>>,
    upload_id: &str,
    limit: u64,
    announced: Option<u64>,
    kid: &str,
) -> Result<(u64, String, String), ApiError> {
    // The media type was right (checked before): a body that is no JWE is a bad request.
    let not_a_jwe = |why: jwe::JweError| {
        ApiError::BadRequest(format!(
            "Attachments are uploaded encrypted: a JWE in compact serialization \
             (RSA-OAEP-256, A256GCM) for the submission's key; this one is not: {why}."
        ))
    };
    let mut envelope = jwe::EnvelopeReader::default();
    let mut hash = Sha256::new();
    let mut pending: Vec<u8> = Vec::with_capacity(PIECE);
    let mut size = 0u64;
    let mut seq = 0i64;
    // The bytes after the last dot: at the end, the JWE's authentication tag.
    let mut tail: Vec<u8> = Vec::new();
    let mut data = std::pin::pin!(data);
    while let Some(bytes) = data.next().await {
        let bytes = bytes?;
        size += bytes.len() as u64;
        if size > limit {
            return Err(ApiError::PayloadTooLarge);
        }
        envelope.push(&bytes).map_err(not_a_jwe)?;
        match bytes.iter().rposition(|&b| b == b'.') {
            Some(dot) => tail = bytes[dot + 1..].to_vec(),
            None if tail.len() < 64 => tail.extend_from_slice(&bytes),
            // Longer than any tag: not the last part yet.
            None => {}
        }
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
    if let Some(announced) = announced.filter(|announced| size != *announced) {
        return Err(ApiError::Unprocessable(format!(
            "The upload has {size} bytes, {announced} were announced."
        )));
    }
    let envelope = envelope.finish().map_err(not_a_jwe)?;
    if envelope.kid == kid && !envelope.fits_destination_key() {
        return Err(ApiError::BadRequest(format!(
            "Attachments are uploaded encrypted for the submission's key; this one is not: {}",
            super::submissions::NOT_FOR_THE_KEY
        )));
    }
    if envelope.kid != kid {
        return Err(ApiError::Validation(vec![crate::error::FieldProblem {
            path: "attachment".into(),
            code: "wrong_key".into(),
            detail: format!("Encrypted for another key than the destination's {kid}."),
            data: serde_json::Map::new(),
        }]));
    }
    let sha256 = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
    Ok((size, sha256, String::from_utf8_lossy(&tail).into_owned()))
}

/// A random id for an upload's pieces.
fn new_upload_id() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
