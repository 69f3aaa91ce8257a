// SPDX-License-Identifier: EUPL-1.2
//! Submissions as FIT-Connect's Submission API has them.
//!
//! A sender creates one for a destination and a service, announcing its attachments by
//! id (`POST /v1/submissions`), uploads each attachment as a JWE (`PUT
//! /v1/submissions/{id}/attachments/{attachmentId}`, `application/jose`) and submits
//! the encrypted metadata and data (`PUT /v1/submissions/{id}`); the relay then writes
//! the submit event into the case's log. The destination's subscriber lists what waits
//! for it (`GET /v1/submissions`), fetches each (`GET /v1/submissions/{id}`) with its
//! attachments, and answers with an accept or reject event (see [`super::events`]).
//! The relay sees ciphertext only.
//!
//! Beyond the specification the creation's answer carries the citizen's `reference` and
//! `statusToken` (for the status page, `GET /api/submissions/{reference}`), and an
//! `Idempotency-Key` header makes a repeated creation answer the first one.

use axum::{
    Json, Router,
    body::Body,
    extract::State,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::{
    canonical_id, destinations, is_uuid, leika_of_identifier, new_uuid,
    oauth::Caller,
    relay_key, set,
    upload::{Upload, store_upload},
};
use crate::{
    AppState,
    error::{ApiError, FieldProblem},
    extract::{ApiJson, ApiPath, ApiQuery},
    jwe, keys,
    limits::ClientIp,
    routes::submissions::{
        AnnouncedAttachment, IDEMPOTENCY_KEY, is_valid_idempotency_key, new_reference,
        new_status_token, write_canonical,
    },
    store::{
        submissions::{CaseEvent, FitIds, FitRow, Inserted, NewSubmission},
        time_text,
    },
};

/// The attachment upload's route, whose body is streamed with a deadline of its own
/// (`body_deadline` leaves it alone).
pub const ATTACHMENT_ROUTE: &str = "/submissions/{submission_id}/attachments/{attachment_id}";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/submissions",
            get(submissions_index).post(submissions_create),
        )
        .route(
            "/submissions/{submission_id}",
            get(submissions_show).put(submissions_submit),
        )
        .route(
            ATTACHMENT_ROUTE,
            get(attachments_show).put(attachments_upload),
        )
}

/// `serviceType` of a submission.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceType {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub identifier: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// The body of `POST /v1/submissions`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
struct CreateSubmission {
    destination_id: String,
    announced_attachments: Vec<String>,
    service_type: ServiceType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    case_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    callback: Option<Value>,
}

/// The body of `PUT /v1/submissions/{id}`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SubmitSubmission {
    encrypted_metadata: String,
    #[serde(default)]
    encrypted_data: Option<String>,
}

/// Whether the key a draft was created for has been revoked since. The draft is then not
/// completed (nor its attachments taken): what is encrypted for a withdrawn key after its
/// withdrawal is refused, so that what the authority's inbox opens with a revoked key
/// (`authority::KeyRing`) was all sent before it (a rotated key, decrypt-only, still
/// takes the drafts made for it).
async fn key_revoked(state: &AppState, kid: &str) -> Result<bool, ApiError> {
    let key = state.store.keys().by_kid(kid).await?;
    Ok(key.is_some_and(|key| key.status == crate::keys::KeyStatus::Revoked.as_str()))
}

fn revoked_problem(path: &str, kid: &str) -> FieldProblem {
    problem(
        path,
        "wrong_key",
        format!(
            "The destination's key {kid} has been revoked since this submission was created: create it anew for the destination's current key."
        ),
    )
}

fn problem(path: &str, code: &str, detail: impl Into<String>) -> FieldProblem {
    FieldProblem {
        path: path.to_owned(),
        code: code.to_owned(),
        detail: detail.into(),
        data: Map::new(),
    }
}

/// The submission `submission_id` (from the path) names, if any. An id that is no UUID is
/// refused by FIT-Connect's schema as a bad request (400), before any lookup.
async fn submission_at(state: &AppState, submission_id: &str) -> Result<Option<FitRow>, ApiError> {
    let id = super::uuid_named("submissionId", submission_id)?;
    Ok(state.store.submissions().by_uuid(&id).await?)
}

/// FIT-Connect's `submission-not-found`: for an unknown id and for a submission the
/// caller may not see alike, so that ids cannot be probed.
fn not_found(submission_id: &str) -> ApiError {
    ApiError::Protocol {
        status: StatusCode::NOT_FOUND,
        kind: "submission-not-found",
        title: "Submission not found",
        detail: format!("There is no submission {submission_id} for this client."),
    }
}

/// The submission if the caller created it.
async fn own_submission(
    state: &AppState,
    caller: &Caller,
    submission_id: &str,
) -> Result<FitRow, ApiError> {
    let row = submission_at(state, submission_id).await?;
    row.filter(|row| row.sender_client.as_deref() == Some(caller.client_id.as_str()))
        .ok_or_else(|| not_found(submission_id))
}

/// The submission if it waits at a destination the caller receives for.
async fn received_submission(
    state: &AppState,
    caller: &Caller,
    submission_id: &str,
) -> Result<FitRow, ApiError> {
    let row = submission_at(state, submission_id).await?;
    row.filter(|row| caller.subscribes_to(&row.destination_id) && row.status == "received")
        .ok_or_else(|| not_found(submission_id))
}

fn announced_ids(row: &FitRow) -> Result<Vec<String>, ApiError> {
    let announced: Vec<AnnouncedAttachment> =
        serde_json::from_str(&row.attachments).map_err(ApiError::internal)?;
    Ok(announced.into_iter().map(|a| a.id).collect())
}

/// Why a JWE whose encrypted key has another length than the destination's key gives
/// (RSA-OAEP: as many bytes as the modulus) is refused: it was not made with that key.
pub(crate) const NOT_FOR_THE_KEY: &str =
    "The encrypted key is not one of the destination's 4096-bit key (512 bytes).";

/// The refusal of a body with `problems`: a bad request (400) if any value is not of the
/// form FIT-Connect's schemas give it (not a UUID, not a JWE, …), else unprocessable
/// (422: not offered here, not uploaded yet, encrypted for another key, …).
fn refusal(problems: Vec<FieldProblem>) -> ApiError {
    const MALFORMED: [&str; 2] = ["invalid_value", "not_encrypted"];
    if problems
        .iter()
        .any(|p| MALFORMED.contains(&p.code.as_str()))
    {
        ApiError::Malformed(problems)
    } else {
        ApiError::Validation(problems)
    }
}

/// Checks what a creation's body says by itself; the problems with their paths.
fn check_create(body: &CreateSubmission, max_attachments: usize) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    if !is_uuid(&body.destination_id) {
        problems.push(problem("destinationId", "invalid_value", "Not a UUID."));
    }
    if body.announced_attachments.len() > max_attachments {
        let mut p = problem(
            "announcedAttachments",
            "too_many_files",
            format!("At most {max_attachments} attachments."),
        );
        p.data.insert("max".into(), max_attachments.into());
        problems.push(p);
    }
    for (i, id) in body.announced_attachments.iter().enumerate() {
        if !is_uuid(id) || body.announced_attachments[..i].contains(id) {
            problems.push(problem(
                &format!("announcedAttachments.{i}"),
                "invalid_value",
                "Not a UUID, or announced twice.",
            ));
        }
    }
    if leika_of_identifier(&body.service_type.identifier).is_none() {
        problems.push(problem(
            "serviceType.identifier",
            "invalid_value",
            "Expected urn:de:fim:leika:leistung: and a LeiKa key of 14 digits.",
        ));
    }
    match body.service_type.name.as_deref() {
        // A NUL cannot be stored (PostgreSQL) nor shown: refused as a value not of its form.
        Some(name)
            if !name.trim().is_empty()
                && name.chars().count() <= api_types::MAX_SERVICE_NAME_CHARS
                && !name.contains('\0') => {}
        _ => problems.push(problem(
            "serviceType.name",
            "invalid_value",
            "The service's name is required (at most 255 characters, no NUL).",
        )),
    }
    if body.case_id.is_some() {
        problems.push(problem(
            "caseId",
            "not_offered",
            "This relay starts a new case with every submission; replies in a case are not offered.",
        ));
    }
    if body.callback.is_some() {
        problems.push(problem(
            "callback",
            "not_offered",
            "This relay offers no callbacks; subscribers ask GET /v1/submissions.",
        ));
    }
    problems
}

/// Hex SHA-256 of the canonical JSON of a body, to tell a retry from another request.
fn body_hash(body: &impl Serialize) -> String {
    use sha2::{Digest, Sha256};
    let value = serde_json::to_value(body).unwrap_or(Value::Null);
    let mut canonical = String::new();
    write_canonical(&value, &mut canonical);
    Sha256::digest(canonical.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `POST /v1/submissions` (senders).
async fn submissions_create(
    State(state): State<AppState>,
    caller: Caller,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
    ApiJson(mut body): ApiJson<CreateSubmission>,
) -> Result<Response, ApiError> {
    body.destination_id = canonical_id(body.destination_id);
    if !caller.is_sender() {
        return Err(ApiError::Forbidden(
            "Only senders create submissions.".into(),
        ));
    }
    let problems = check_create(&body, state.limits.max_attachments);
    if !problems.is_empty() {
        return Err(refusal(problems));
    }
    // Keys are the client's own: kept with its id in front, so that one client's key
    // never collides with another's.
    let idempotency_key = match headers.get(IDEMPOTENCY_KEY) {
        Some(value) => Some(format!(
            "{}:{}",
            caller.client_id,
            value
                .to_str()
                .ok()
                .filter(|key| is_valid_idempotency_key(key))
                .ok_or_else(|| {
                    ApiError::BadRequest(
                        "Idempotency-Key must be 8 to 128 characters of A-Z, a-z, 0-9, - and _."
                            .into(),
                    )
                })?
        )),
        None => None,
    };
    let body_sha256 = body_hash(&body);
    if let Some(key) = &idempotency_key
        && let Some(earlier) = earlier_answer(&state, key, &body_sha256, &caller).await?
    {
        return Ok(earlier);
    }

    let authority = destinations::authority_of(&state.store, &body.destination_id).await?;
    let leika = leika_of_identifier(&body.service_type.identifier)
        .unwrap_or_default()
        .to_owned();
    let offered = destinations::services(&state.store, &authority).await?;
    let Some(service) = offered
        .iter()
        .find(|s| s.leika == leika && !s.schema_uris.is_empty())
    else {
        return Err(ApiError::Validation(vec![problem(
            "serviceType.identifier",
            "not_offered",
            "The destination does not offer this service.",
        )]));
    };
    if !caller.may_send_to(&service.regions) {
        return Err(ApiError::Forbidden(
            "This sender may not send to the destination's regions.".into(),
        ));
    }
    let form = state
        .store
        .catalogue()
        .service_form(&leika)
        .await?
        .flatten()
        .ok_or_else(|| ApiError::internal(format!("service {leika} offered without a form")))?;
    state.submission_rate.check(&state.store, client).await?;
    // The relay signs the case's first event (made before anything is stored, so that a
    // missing key fails the request, not the log).
    let relay = relay_key::get(&state).await?;
    let issuer = relay_base(&state, &headers);
    // New submissions are encrypted for the current key only.
    let key = keys::current(&state.store, &authority).await?;

    let announced: Vec<AnnouncedAttachment> = body
        .announced_attachments
        .iter()
        .map(|id| AnnouncedAttachment {
            id: id.clone(),
            // FIT-Connect announces no sizes: the upload's own length counts.
            size: 0,
        })
        .collect();
    let announced = serde_json::to_string(&announced).map_err(ApiError::internal)?;
    let now = time::OffsetDateTime::now_utc();
    let created_at = time_text(now);
    let submission_id = new_uuid();
    let case_id = new_uuid();
    let status_token = new_status_token();
    let service_name = body.service_type.name.clone().unwrap_or_default();
    for _attempt in 0..5 {
        let reference = new_reference(now.year());
        let answer = json!({
            "destinationId": body.destination_id,
            "submissionId": submission_id,
            "caseId": case_id,
            "reference": reference,
        });
        let inserted = state
            .store
            .submissions()
            .insert(&NewSubmission {
                reference: &reference,
                idempotency_key: idempotency_key.as_deref().unwrap_or(&submission_id),
                body_sha256: &body_sha256,
                service_leika: &leika,
                form_id: &form.id,
                form_version: form.version,
                ars: None,
                authority_id: Some(&authority),
                encrypted_data: "",
                encrypted_metadata: "",
                kid: &key.kid,
                status: "draft",
                status_token: &status_token,
                response: &answer.to_string(),
                created_at: &created_at,
                attachments: &announced,
                fit: Some(FitIds {
                    submission_uuid: &submission_id,
                    case_id: &case_id,
                    service_type_name: &service_name,
                    sender_client: &caller.client_id,
                }),
            })
            .await?;
        match inserted {
            Inserted::Stored => {
                let claims = set::claims(&issuer, &submission_id, &case_id, set::CREATE, json!({}));
                let token = set::sign(&relay.key, &relay.kid, &claims);
                state
                    .store
                    .case_events()
                    .record(&CaseEvent {
                        case_id: &case_id,
                        submission_uuid: &submission_id,
                        name: set::CREATE,
                        token: &token,
                    })
                    .await?;
                tracing::info!(
                    %reference,
                    submission = %submission_id,
                    destination = %body.destination_id,
                    attachments = body.announced_attachments.len(),
                    "submission created"
                );
                let mut answer = answer;
                answer["statusToken"] = status_token.into();
                return Ok(created(&submission_id, answer));
            }
            Inserted::KeyTaken => {
                let key = idempotency_key.as_deref().unwrap_or_default();
                return earlier_answer(&state, key, &body_sha256, &caller)
                    .await?
                    .ok_or_else(|| ApiError::internal("idempotency key row vanished"));
            }
            Inserted::ReferenceTaken => {}
        }
    }
    Err(ApiError::internal("could not draw a unique reference"))
}

/// The first answer to a creation with this idempotency key (with a status token of its
/// own), 409 for another body or another client, `None` for a new key.
async fn earlier_answer(
    state: &AppState,
    key: &str,
    body_sha256: &str,
    caller: &Caller,
) -> Result<Option<Response>, ApiError> {
    let Some(earlier) = state.store.submissions().by_idempotency_key(key).await? else {
        return Ok(None);
    };
    let mut answer: Value = serde_json::from_str(&earlier.response).map_err(ApiError::internal)?;
    let submission_id = answer["submissionId"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let same_client = state
        .store
        .submissions()
        .by_uuid(&submission_id)
        .await?
        .is_some_and(|row| row.sender_client.as_deref() == Some(caller.client_id.as_str()));
    if earlier.body_sha256 != body_sha256 || !same_client {
        return Err(ApiError::IdempotencyConflict);
    }
    let token = new_status_token();
    state
        .store
        .submissions()
        .add_status_token(earlier.id, &token)
        .await?;
    answer["statusToken"] = token.into();
    Ok(Some(created(&submission_id, answer)))
}

fn created(submission_id: &str, answer: Value) -> Response {
    let mut response = super::no_store((StatusCode::CREATED, Json(answer)));
    if let Ok(location) = HeaderValue::from_str(&format!("/v1/submissions/{submission_id}")) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

/// Whether a request's body is declared `application/jose`.
fn is_jose(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case(jwe::MEDIA_TYPE))
}

/// `PUT /v1/submissions/{id}/attachments/{attachmentId}` (the sender): one announced
/// attachment as a JWE for the destination's key; again replaces it, until submitted.
async fn attachments_upload(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((submission_id, attachment_id)): ApiPath<(String, String)>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let row = own_submission(&state, &caller, &submission_id).await?;
    if !is_jose(&headers) {
        return Err(ApiError::UnsupportedMediaType(
            "An attachment is uploaded as Content-Type: application/jose (a JWE in compact serialization).".into(),
        ));
    }
    if row.status != "draft" {
        return Err(ApiError::Conflict(
            "This submission is submitted; its attachments cannot change.".into(),
        ));
    }
    if key_revoked(&state, &row.kid).await? {
        return Err(ApiError::Validation(vec![revoked_problem(
            "attachment",
            &row.kid,
        )]));
    }
    let announced = announced_ids(&row)?;
    let Some(announced_id) = announced.iter().find(|id| **id == attachment_id) else {
        return Err(ApiError::Unprocessable(format!(
            "No attachment {attachment_id} was announced with this submission."
        )));
    };
    // All the files of a submission together get `max_submission_bytes` (encrypted, with
    // each JWE's overhead once).
    let allowance =
        jwe::max_encrypted_len(state.limits.max_submission_bytes) + 4096 * announced.len() as u64;
    let used = state
        .store
        .attachments()
        .bytes_of_submission(row.id, announced_id)
        .await?;
    let room_left = allowance.saturating_sub(used);
    if room_left == 0 {
        return Err(ApiError::PayloadTooLarge);
    }
    let (size, _) = store_upload(
        &state,
        client,
        &headers,
        body,
        Upload {
            submission_id: row.id,
            attachment_id: announced_id,
            kid: &row.kid,
            announced_size: None,
            room_left,
        },
    )
    .await?;
    tracing::info!(submission = %submission_id, attachment = %attachment_id, size, "attachment stored");
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `PUT /v1/submissions/{id}` (the sender): the encrypted metadata and data; the
/// submission goes to its destination once every announced attachment is there. Again
/// with the same texts answers the same.
async fn submissions_submit(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(submission_id): ApiPath<String>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
    ApiJson(body): ApiJson<SubmitSubmission>,
) -> Result<Response, ApiError> {
    let row = own_submission(&state, &caller, &submission_id).await?;
    let data = body.encrypted_data.as_deref().unwrap_or_default();
    if row.status != "draft" {
        if row.encrypted_metadata == body.encrypted_metadata && row.encrypted_data == data {
            return reduced(&state, &row, StatusCode::ACCEPTED).await;
        }
        return Err(ApiError::Conflict(
            "This submission is submitted already, with other contents.".into(),
        ));
    }
    let mut problems = Vec::new();
    if key_revoked(&state, &row.kid).await? {
        problems.push(revoked_problem("encryptedMetadata", &row.kid));
    }
    let mut texts = vec![("encryptedMetadata", body.encrypted_metadata.as_str())];
    if let Some(data) = &body.encrypted_data {
        texts.push(("encryptedData", data));
    }
    for (path, text) in texts {
        match jwe::envelope(text) {
            Ok(envelope) if envelope.kid == row.kid && envelope.fits_destination_key() => {}
            Ok(envelope) if envelope.kid == row.kid => {
                problems.push(problem(path, "not_encrypted", NOT_FOR_THE_KEY))
            }
            Ok(_) => problems.push(problem(
                path,
                "wrong_key",
                format!(
                    "Encrypted for another key than the destination's {}.",
                    row.kid
                ),
            )),
            Err(err) => problems.push(problem(path, "not_encrypted", err.to_string())),
        }
    }
    let uploaded = state.store.attachments().uploaded_ids(row.id).await?;
    for (i, id) in announced_ids(&row)?.iter().enumerate() {
        if !uploaded.contains(id) {
            problems.push(problem(
                &format!("announcedAttachments.{i}"),
                "missing_upload",
                format!("The announced attachment {id} has not been uploaded."),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(refusal(problems));
    }
    // The texts are stored like files: within the relay's storage and the client's
    // hour, or a sender could store a mebibyte per submission without limit.
    let text_bytes = body.encrypted_metadata.len() + data.len();
    super::upload::reserve_storage(&state, client, text_bytes as u64).await?;
    // The submit event names what was submitted by the JWEs' authentication tags.
    let mut attachments = Map::new();
    for (id, tag) in state.store.attachments().auth_tags(row.id).await? {
        attachments.insert(id, tag.into());
    }
    let mut tags = json!({
        "metadata": set::auth_tag(&body.encrypted_metadata),
        "attachments": attachments,
    });
    if let Some(data) = &body.encrypted_data {
        tags["data"] = set::auth_tag(data).into();
    }
    let relay = relay_key::get(&state).await?;
    let claims = set::claims(
        &relay_base(&state, &headers),
        &row.submission_uuid,
        &row.case_id,
        set::SUBMIT,
        json!({ "authenticationTags": tags }),
    );
    let token = set::sign(&relay.key, &relay.kid, &claims);
    let submitted = state
        .store
        .submissions()
        .submit(
            row.id,
            data,
            &body.encrypted_metadata,
            CaseEvent {
                case_id: &row.case_id,
                submission_uuid: &row.submission_uuid,
                name: set::SUBMIT,
                token: &token,
            },
        )
        .await?;
    if !submitted {
        return Err(ApiError::Conflict(
            "This submission was submitted at the same time by another request.".into(),
        ));
    }
    tracing::info!(reference = %row.reference, submission = %submission_id, "submission submitted");
    reduced(&state, &row, StatusCode::ACCEPTED).await
}

/// The relay's base address, the `iss` of the events it signs and routing's
/// `submissionUrl`: its public address if configured (`serve --api-url`, needed behind
/// a proxy that terminates TLS), else the address the request came to (the server
/// itself speaks plain HTTP).
pub fn relay_base(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(url) = &state.api_url {
        return url.clone();
    }
    headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .and_then(base_of_host)
        .unwrap_or_else(|| "urn:de:buergerportal:relay".to_owned())
}

/// `http://` and a Host header's value if it is a plain host (a name, an IPv4 or a
/// bracketed IPv6 address, with a port or not). A name's characters are RFC 3986's
/// unreserved ones, so `_` and `~` count (container names such as `central_api` have
/// them); nothing that would change the URL's meaning (`/`, `@`, `?`, `#`, `%`, spaces).
fn base_of_host(host: &str) -> Option<String> {
    let plain = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".-_~:[]".contains(&b));
    plain.then(|| format!("http://{host}"))
}

/// `SubmissionReduced`: ids, the uploaded attachments and the service type.
async fn reduced(state: &AppState, row: &FitRow, status: StatusCode) -> Result<Response, ApiError> {
    let body = reduced_body(state, row).await?;
    Ok(super::no_store((status, Json(body))))
}

async fn reduced_body(state: &AppState, row: &FitRow) -> Result<Value, ApiError> {
    let attachments = state.store.attachments().uploaded_ids(row.id).await?;
    Ok(json!({
        "destinationId": row.destination_id,
        "submissionId": row.submission_uuid,
        "caseId": row.case_id,
        "attachments": attachments,
        "serviceType": ServiceType {
            name: row.service_type_name.clone(),
            identifier: super::service_identifier(&row.service_leika),
            description: None,
        },
    }))
}

/// `limit` and `offset` of a listing (FIT-Connect's: 1 to 500, default 100; from 0).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Page {
    #[serde(default)]
    pub destination_id: Option<String>,
    #[serde(default)]
    pub limit: Option<i64>,
    #[serde(default)]
    pub offset: Option<i64>,
}

impl Page {
    /// `(offset, limit)`, or a 400 naming the parameter.
    pub fn bounds(&self) -> Result<(i64, i64), ApiError> {
        let limit = self.limit.unwrap_or(100);
        let offset = self.offset.unwrap_or(0);
        if !(1..=500).contains(&limit) {
            return Err(ApiError::BadRequest("`limit` must be 1 to 500.".into()));
        }
        if offset < 0 {
            return Err(ApiError::BadRequest("`offset` must be 0 or more.".into()));
        }
        Ok((offset, limit))
    }
}

/// `GET /v1/submissions` (subscribers): the submitted submissions waiting at the
/// destination (`destinationId`, or the caller's only one).
async fn submissions_index(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(page): ApiQuery<Page>,
) -> Result<Response, ApiError> {
    let (offset, limit) = page.bounds()?;
    let named = page
        .destination_id
        .as_deref()
        .map(|id| super::uuid_named("destinationId", id))
        .transpose()?;
    let destination_id = match (&named, caller.destinations().as_slice()) {
        (Some(id), _) if caller.subscribes_to(id) => id.clone(),
        (Some(_), _) => {
            return Err(ApiError::Forbidden(
                "This client does not receive for that destination.".into(),
            ));
        }
        (None, [only]) => (*only).to_owned(),
        (None, []) => {
            return Err(ApiError::Forbidden(
                "This client receives for no destination.".into(),
            ));
        }
        (None, _) => {
            return Err(ApiError::BadRequest(
                "This client receives for several destinations: name one with `destinationId`."
                    .into(),
            ));
        }
    };
    let authority = destinations::authority_of(&state.store, &destination_id).await?;
    let (total, page) = state
        .store
        .submissions()
        .waiting_at_destination(&authority, offset, limit)
        .await?;
    let submissions: Vec<Value> = page
        .into_iter()
        .map(|(submission_id, case_id)| {
            json!({"destinationId": destination_id, "submissionId": submission_id, "caseId": case_id})
        })
        .collect();
    Ok(super::no_store(Json(json!({
        "count": submissions.len(),
        "offset": offset,
        "totalCount": total,
        "submissions": submissions,
    }))))
}

/// `GET /v1/submissions/{id}` (the destination's subscriber): the submission with its
/// encrypted metadata and data.
async fn submissions_show(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(submission_id): ApiPath<String>,
) -> Result<Response, ApiError> {
    let row = received_submission(&state, &caller, &submission_id).await?;
    state
        .store
        .submissions()
        .mark_fetched_by_destination(row.id)
        .await?;
    let mut body = reduced_body(&state, &row).await?;
    body["encryptedMetadata"] = row.encrypted_metadata.clone().into();
    if !row.encrypted_data.is_empty() {
        body["encryptedData"] = row.encrypted_data.clone().into();
    }
    Ok(super::no_store(Json(body)))
}

/// `GET /v1/submissions/{id}/attachments/{attachmentId}` (the destination's
/// subscriber): the attachment's JWE.
async fn attachments_show(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((submission_id, attachment_id)): ApiPath<(String, String)>,
) -> Result<Response, ApiError> {
    let row = received_submission(&state, &caller, &submission_id).await?;
    let content = state
        .store
        .attachments()
        .content(row.id, &attachment_id)
        .await?
        .ok_or_else(|| {
            ApiError::NotFound(format!("The submission has no attachment {attachment_id}."))
        })?;
    Ok(super::no_store((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static(jwe::MEDIA_TYPE),
        )],
        content,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body() -> CreateSubmission {
        CreateSubmission {
            destination_id: "879ee109-a690-4db8-ab32-424284184d7d".into(),
            announced_attachments: vec!["123ee109-a690-4db8-ab32-424284184d7d".into()],
            service_type: ServiceType {
                name: Some("Gewerbeanmeldung".into()),
                identifier: "urn:de:fim:leika:leistung:99050012104000".into(),
                description: None,
            },
            case_id: None,
            callback: None,
        }
    }

    #[test]
    fn a_good_creation_has_no_problems() {
        assert!(check_create(&body(), 10).is_empty());
    }

    #[test]
    fn problems_of_a_creation_name_their_paths() {
        let mut bad = body();
        bad.destination_id = "heide".into();
        bad.announced_attachments
            .push(bad.announced_attachments[0].clone());
        bad.service_type.identifier = "urn:x".into();
        bad.service_type.name = None;
        bad.callback = Some(json!({"url": "https://x", "secret": "y"}));
        let paths: Vec<String> = check_create(&bad, 10).into_iter().map(|p| p.path).collect();
        assert_eq!(
            paths,
            [
                "destinationId",
                "announcedAttachments.1",
                "serviceType.identifier",
                "serviceType.name",
                "callback"
            ]
        );
        assert_eq!(check_create(&body(), 0)[0].path, "announcedAttachments");
    }

    #[test]
    fn pages_are_bounded() {
        let page = |limit, offset| Page {
            destination_id: None,
            limit,
            offset,
        };
        assert_eq!(page(None, None).bounds().unwrap(), (0, 100));
        assert!(page(Some(0), None).bounds().is_err());
        assert!(page(Some(501), None).bounds().is_err());
        assert!(page(None, Some(-1)).bounds().is_err());
    }

    #[test]
    fn the_relay_is_named_after_a_plain_host_only() {
        for host in [
            "127.0.0.1:8080",
            "portal.example",
            "central_api:8080",
            "[::1]:8080",
        ] {
            assert_eq!(base_of_host(host), Some(format!("http://{host}")), "{host}");
        }
        for host in [
            "",
            "evil.example/x",
            "a@b",
            "x y",
            "host?q",
            "host#f",
            "h%41",
        ] {
            assert_eq!(base_of_host(host), None, "{host:?}");
        }
    }
}
