// SPDX-License-Identifier: EUPL-1.2
//! Submissions: validated with the same engine as the portal, stored once per
//! idempotency key, answered with a reference number and a secret status token.

use axum::{
    Json, Router,
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use rand::{Rng, RngCore, rngs::OsRng};
use serde::Deserialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use super::FormRef;
use crate::{
    AppState,
    error::ApiError,
    error::FieldProblem,
    extract::{ApiJson, ApiQuery, RequestLang},
    jwe,
    keys::{self, KeyStatus},
    limits::ClientIp,
    routes::routing::{find_competent_authority, is_ars},
    store::{
        submissions::{Inserted, NewSubmission},
        time_text,
    },
};

/// Header carrying the client's idempotency key.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/submissions", post(submissions_create))
        .route("/submissions/{reference}", get(submissions_show))
}

pub use api_types::{
    AnnouncedAttachment, AuthorityRef, CreateSubmission, Destination, ServiceRef,
    SubmissionReceipt, SubmissionStatus,
};

async fn submissions_create(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    lang: RequestLang,
    headers: HeaderMap,
    ApiJson(submission): ApiJson<CreateSubmission>,
) -> Result<Response, ApiError> {
    let key = idempotency_key(&headers)?;
    let body_sha256 = body_hash(&submission);

    // A retry of a stored submission is answered whatever the rate.
    if let Some(earlier) = earlier_answer(&state, key, &body_sha256).await? {
        return Ok(earlier);
    }
    state.submission_rate.check(&state.store, client).await?;

    let service_form = state
        .store
        .catalogue()
        .service_form(&submission.service)
        .await?
        .ok_or_else(|| {
            ApiError::Unprocessable(format!("There is no service {}.", submission.service))
        })?;
    if service_form.form_id.as_deref() != Some(submission.form.id.as_str()) {
        return Err(ApiError::Unprocessable(format!(
            "Service {} is not applied for with form {}.",
            submission.service, submission.form.id
        )));
    }
    let known_version = state
        .store
        .forms()
        .exists(&submission.form.id, submission.form.version)
        .await?;
    if !known_version {
        return Err(ApiError::Unprocessable(format!(
            "There is no form definition {} version {}.",
            submission.form.id, submission.form.version
        )));
    }
    if submission.ars.as_deref().is_some_and(|ars| !is_ars(ars)) {
        return Err(ApiError::Unprocessable(
            "`ars` must be a Regionalschlüssel of 12 digits.".into(),
        ));
    }

    check_announced(&submission.attachments, &state.limits, lang)?;
    // The answers are the authority's to validate: here only the envelope is checked.
    let authority =
        find_authority(&state, &submission.service, submission.ars.as_deref(), lang).await?;
    check_destination(&state, &submission, authority.as_ref(), lang).await?;
    let announced = serde_json::to_string(&submission.attachments).map_err(ApiError::internal)?;
    let status = if submission.attachments.is_empty() {
        "received"
    } else {
        "draft"
    };
    let now = OffsetDateTime::now_utc();
    let created_at = time_text(now);
    let status_token = new_status_token();

    for _attempt in 0..5 {
        let receipt = SubmissionReceipt {
            reference: new_reference(now.year()),
            status: status.to_owned(),
            status_token: status_token.clone(),
            authority: authority.as_ref().map(|a| AuthorityRef {
                id: a.id.clone(),
                name: a.name.clone(),
            }),
        };
        // Kept for an idempotent retry, without the token (which is never stored).
        let response = crate::store::submissions::without_status_token(
            &serde_json::to_string(&receipt).map_err(ApiError::internal)?,
        );
        let inserted = state
            .store
            .submissions()
            .insert(&NewSubmission {
                reference: &receipt.reference,
                idempotency_key: key,
                body_sha256: &body_sha256,
                service_leika: &submission.service,
                form_id: &submission.form.id,
                form_version: submission.form.version,
                ars: submission.ars.as_deref(),
                authority_id: authority.as_ref().map(|a| a.id.as_str()),
                encrypted_data: &submission.encrypted_data,
                encrypted_metadata: &submission.encrypted_metadata,
                kid: &submission.destination.kid,
                status,
                status_token: &status_token,
                response: &response,
                created_at: &created_at,
                attachments: &announced,
            })
            .await?;
        match inserted {
            Inserted::Stored => {
                tracing::info!(
                    reference = %receipt.reference,
                    status,
                    attachments = submission.attachments.len(),
                    service = %submission.service,
                    form = %submission.form.id,
                    version = submission.form.version,
                    "submission received"
                );
                return Ok(created(&receipt.reference, Json(&receipt).into_response()));
            }
            Inserted::KeyTaken => {
                // A concurrent request with the same key won the race.
                return earlier_answer(&state, key, &body_sha256)
                    .await?
                    .ok_or_else(|| {
                        ApiError::internal("idempotency key row vanished after conflict")
                    });
            }
            // Reference collision: draw another one.
            Inserted::ReferenceTaken => {}
        }
    }
    Err(ApiError::internal("could not draw a unique reference"))
}

/// The answer to an earlier request with this key: the same 201 if the body is the same
/// (with a status token of its own: the first one is not kept, only its hash), 409 if
/// not, `None` if the key is new.
async fn earlier_answer(
    state: &AppState,
    key: &str,
    body_sha256: &str,
) -> Result<Option<Response>, ApiError> {
    match state.store.submissions().by_idempotency_key(key).await? {
        None => Ok(None),
        Some(earlier) if earlier.body_sha256 != body_sha256 => Err(ApiError::IdempotencyConflict),
        Some(earlier) => {
            let mut body: Value =
                serde_json::from_str(&earlier.response).map_err(ApiError::internal)?;
            let token = new_status_token();
            state
                .store
                .submissions()
                .add_status_token(earlier.id, &token)
                .await?;
            body["status_token"] = Value::String(token);
            Ok(Some(created(
                &earlier.reference,
                Json(body).into_response(),
            )))
        }
    }
}

fn created(reference: &str, mut response: Response) -> Response {
    *response.status_mut() = StatusCode::CREATED;
    let headers = response.headers_mut();
    if let Ok(location) = HeaderValue::from_str(&format!("/api/submissions/{reference}")) {
        headers.insert(header::LOCATION, location);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The `Idempotency-Key` header: required, 8 to 128 characters of `[A-Za-z0-9_-]`.
fn idempotency_key(headers: &HeaderMap) -> Result<&str, ApiError> {
    let value = headers
        .get(IDEMPOTENCY_KEY)
        .ok_or_else(|| ApiError::BadRequest("The header Idempotency-Key is required.".into()))?;
    value
        .to_str()
        .ok()
        .filter(|key| is_valid_idempotency_key(key))
        .ok_or_else(|| {
            ApiError::BadRequest(
                "Idempotency-Key must be 8 to 128 characters of A-Z, a-z, 0-9, - and _.".into(),
            )
        })
}

pub fn is_valid_idempotency_key(key: &str) -> bool {
    (8..=128).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Hex SHA-256 of the canonical JSON of the body (object keys sorted), so the same
/// request with keys in another order counts as the same.
fn body_hash(submission: &CreateSubmission) -> String {
    let value = serde_json::to_value(submission).unwrap_or(Value::Null);
    let mut canonical = String::new();
    write_canonical(&value, &mut canonical);
    Sha256::digest(canonical.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// JSON text with object keys sorted at every level and no whitespace.
pub fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (key, value)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_canonical(value, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// Crockford's base-32 alphabet: no I, L, O, U to misread.
const REFERENCE_ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// `BP-<year>-<8 random characters>`, e.g. `BP-2026-7KQ2M9XD`.
fn new_reference(year: i32) -> String {
    let mut rng = OsRng;
    let suffix: String = (0..8)
        .map(|_| REFERENCE_ALPHABET[rng.gen_range(0..REFERENCE_ALPHABET.len())] as char)
        .collect();
    format!("BP-{year}-{suffix}")
}

/// 32 random bytes, base64url.
pub fn new_status_token() -> String {
    use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The competent authority for a service at a place (see [`find_competent_authority`]).
async fn find_authority(
    state: &AppState,
    leika: &str,
    ars: Option<&str>,
    lang: RequestLang,
) -> Result<Option<AuthorityRef>, ApiError> {
    let Some((id, _level)) = find_competent_authority(&state.store, leika, ars).await? else {
        return Ok(None);
    };
    let name = state.store.authorities().name(&id, lang.0).await?;
    Ok(name.map(|name| AuthorityRef { id, name }))
}

/// Checks the announced attachments: count, ids and sizes (of the encrypted uploads).
fn check_announced(
    attachments: &[AnnouncedAttachment],
    limits: &crate::limits::Limits,
    lang: RequestLang,
) -> Result<(), ApiError> {
    let en = lang.code() == "en";
    let problem = |path: String, code: &str, de: &str, english: &str| FieldProblem {
        path,
        code: code.to_owned(),
        detail: if en { english } else { de }.to_owned(),
        data: serde_json::Map::new(),
    };
    let mut problems = Vec::new();
    if attachments.len() > limits.max_attachments {
        let mut p = problem(
            "attachments".into(),
            "too_many_files",
            "Zu viele Anhänge.",
            "Too many attachments.",
        );
        p.data.insert("max".into(), limits.max_attachments.into());
        problems.push(p);
    }
    let total: u64 = attachments.iter().map(|a| a.size).sum();
    // Each file's JWE carries its own overhead: allow it once per file.
    let max_total =
        jwe::max_encrypted_len(limits.max_submission_bytes) + 4096 * attachments.len() as u64;
    if total > max_total {
        let mut p = problem(
            "attachments".into(),
            "files_too_large_in_total",
            "Die Dateien sind zusammen zu groß.",
            "The files are too large in total.",
        );
        p.data
            .insert("max_bytes".into(), limits.max_submission_bytes.into());
        problems.push(p);
    }
    let max_encrypted = jwe::max_encrypted_len(limits.max_attachment_bytes);
    for (i, a) in attachments.iter().enumerate() {
        let path = format!("attachments.{i}");
        let valid_id = (1..=64).contains(&a.id.len())
            && a.id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
        if !valid_id || attachments[..i].iter().any(|other| other.id == a.id) {
            problems.push(problem(
                format!("{path}.id"),
                "invalid_value",
                "Die Kennung des Anhangs ist ungültig oder doppelt.",
                "The attachment id is invalid or used twice.",
            ));
        }
        if a.size == 0 || a.size > max_encrypted {
            let mut p = problem(
                path,
                "file_too_large",
                "Die Datei ist leer oder zu groß.",
                "The file is empty or too large.",
            );
            p.data
                .insert("max_bytes".into(), limits.max_attachment_bytes.into());
            problems.push(p);
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(problems))
    }
}

/// Checks that the submission is encrypted for the competent authority: the destination
/// is the authority routing finds, `kid` its current key, and data and metadata are JWE
/// (RSA-OAEP-256, A256GCM) for that key. The API cannot and does not look further.
async fn check_destination(
    state: &AppState,
    submission: &CreateSubmission,
    authority: Option<&AuthorityRef>,
    lang: RequestLang,
) -> Result<(), ApiError> {
    let en = lang.code() == "en";
    let destination = &submission.destination;
    let Some(authority) = authority.filter(|a| a.id == destination.authority) else {
        return Err(ApiError::Validation(vec![FieldProblem {
            path: "destination.authority".into(),
            code: "not_responsible".into(),
            detail: if en {
                "This authority is not responsible for the service at this place; ask /api/routing."
            } else {
                "Diese Behörde ist für die Leistung an diesem Ort nicht zuständig; siehe /api/routing."
            }
            .into(),
            data: serde_json::Map::new(),
        }]));
    };
    let mut problems = Vec::new();
    // Only the current key: a key rotated out or revoked takes no new submissions (the
    // portal asks routing again). No valid current key at all: a problem naming the
    // authority.
    let current = keys::current(&state.store, &authority.id).await?;
    if destination.kid != current.kid {
        let known = state
            .store
            .keys()
            .of(&authority.id)
            .await?
            .into_iter()
            .find(|k| k.kid == destination.kid)
            .and_then(|k| KeyStatus::parse(&k.status));
        let (code, de, english) = match known {
            Some(KeyStatus::Revoked) => (
                "key_revoked",
                "Dieser Schlüssel der Behörde ist widerrufen; siehe /api/routing.",
                "This key of the authority is revoked; ask /api/routing.",
            ),
            Some(_) => (
                "key_not_current",
                "Dies ist nicht mehr der aktuelle Schlüssel der Behörde; siehe /api/routing.",
                "This is no longer the authority's current key; ask /api/routing.",
            ),
            None => (
                "unknown_key",
                "Dies ist kein Schlüssel der Behörde.",
                "This is not a key of the authority.",
            ),
        };
        problems.push(FieldProblem {
            path: "destination.kid".into(),
            code: code.into(),
            detail: if en { english } else { de }.into(),
            data: serde_json::Map::new(),
        });
    }
    for (path, text) in [
        ("encrypted_data", &submission.encrypted_data),
        ("encrypted_metadata", &submission.encrypted_metadata),
    ] {
        match jwe::envelope(text) {
            Ok(envelope) if envelope.kid == destination.kid => {}
            Ok(_) => problems.push(FieldProblem {
                path: path.into(),
                code: "wrong_key".into(),
                detail: if en {
                    "Encrypted for another key than destination.kid."
                } else {
                    "Für einen anderen Schlüssel als destination.kid verschlüsselt."
                }
                .into(),
                data: serde_json::Map::new(),
            }),
            Err(err) => problems.push(FieldProblem {
                path: path.into(),
                code: "not_encrypted".into(),
                detail: err.to_string(),
                data: serde_json::Map::new(),
            }),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(problems))
    }
}

#[derive(Debug, Deserialize)]
struct StatusQuery {
    #[serde(default)]
    token: Option<String>,
}

/// The answer for an unknown reference and for a wrong token alike, so that a guess
/// does not learn which references exist.
fn not_found(reference: &str) -> ApiError {
    ApiError::NotFound(format!("No submission {reference} for this token."))
}

/// The submission `reference` if `token` is its status token (the citizen's proof of
/// having sent it); else 404.
pub(crate) async fn authorized_submission(
    store: &crate::store::Store,
    reference: &str,
    token: &str,
) -> Result<crate::store::submissions::SubmissionRow, ApiError> {
    let row = store
        .submissions()
        .by_reference(reference)
        .await?
        .ok_or_else(|| not_found(reference))?;
    if !store.submissions().token_matches(row.id, token).await? {
        return Err(not_found(reference));
    }
    Ok(row)
}

/// Status of a submission, for the holder of its status token only: a wrong token and an
/// unknown reference both answer 404.
async fn submissions_show(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    ApiQuery(query): ApiQuery<StatusQuery>,
    lang: RequestLang,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let token = bearer_token(&headers)
        .or(query.token.as_deref())
        .ok_or(ApiError::Unauthorized)?;
    authorized_submission(&state.store, &reference, token).await?;
    let row = state
        .store
        .submissions()
        .status(&reference, lang.0)
        .await?
        .ok_or_else(|| not_found(&reference))?;
    let (service, form) = service_and_form(row.service_form)?;
    let status = SubmissionStatus {
        reference: row.reference,
        status: row.status,
        created_at: row.created_at,
        decided_at: row.decided_at,
        reason: row.decision_reason,
        service,
        form,
        authority: match &row.authority_id {
            Some(id) => state
                .store
                .authorities()
                .contact(id, lang.0)
                .await?
                .map(Into::into),
            None => None,
        },
    };
    let mut response = Json(status).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// The service and form references of a submission's row (status, inbox).
pub(crate) fn service_and_form(
    columns: crate::store::submissions::ServiceFormColumns,
) -> Result<(ServiceRef, FormRef), ApiError> {
    Ok((
        ServiceRef {
            leika: columns.service_leika,
            name: columns.service_name,
        },
        FormRef {
            id: columns.form_id,
            version: u32::try_from(columns.form_version).map_err(ApiError::internal)?,
        },
    ))
}

/// The token of an `Authorization: Bearer <token>` header.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn canonical_json_sorts_keys_at_every_level() {
        let mut out = String::new();
        write_canonical(&json!({"b": [{"z": 1, "a": "x"}], "a": null}), &mut out);
        assert_eq!(out, r#"{"a":null,"b":[{"a":"x","z":1}]}"#);
    }

    #[test]
    fn idempotency_keys_are_checked() {
        assert!(is_valid_idempotency_key(
            "0f8fad5b-d9cb-469f-a165-70867728950e"
        ));
        assert!(is_valid_idempotency_key("abc_DEF-"));
        assert!(!is_valid_idempotency_key("short"));
        assert!(!is_valid_idempotency_key("has space in it"));
        assert!(!is_valid_idempotency_key(&"a".repeat(129)));
    }

    #[test]
    fn references_look_right() {
        let reference = new_reference(2026);
        assert_eq!(reference.len(), "BP-2026-".len() + 8);
        assert!(reference.starts_with("BP-2026-"));
        assert!(
            reference[8..]
                .bytes()
                .all(|b| REFERENCE_ALPHABET.contains(&b))
        );
    }
}
