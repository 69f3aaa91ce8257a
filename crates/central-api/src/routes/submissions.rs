// SPDX-License-Identifier: EUPL-1.2
//! The citizen's view of a submission (`GET /api/submissions/{reference}`, with the
//! status token the creation answered), and what the Submission API
//! ([`crate::fit_connect::submissions`]) shares with it: references, tokens, idempotency
//! keys, canonical JSON.

use axum::{
    Json, Router,
    extract::State,
    http::{HeaderMap, HeaderValue, header},
    response::{IntoResponse, Response},
    routing::get,
};
use rand::{Rng, RngCore, rngs::OsRng};
use serde::Deserialize;
use serde_json::Value;

use crate::{
    AppState,
    error::ApiError,
    extract::{ApiPath, ApiQuery, RequestLang},
};

/// Header carrying the client's idempotency key.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";

pub fn router() -> Router<AppState> {
    Router::new().route("/submissions/{reference}", get(submissions_show))
}

pub use api_types::{AnnouncedAttachment, ServiceRef, SubmissionStatus};

pub fn is_valid_idempotency_key(key: &str) -> bool {
    (8..=128).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
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
pub(crate) fn new_reference(year: i32) -> String {
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

/// Whether `token` is the status token of submission `reference` (the citizen's proof of
/// having sent it): else 404.
async fn check_token(
    store: &crate::store::Store,
    reference: &str,
    token: &str,
) -> Result<(), ApiError> {
    let id = store
        .submissions()
        .id_of(reference)
        .await?
        .ok_or_else(|| not_found(reference))?;
    if !store.submissions().token_matches(id, token).await? {
        return Err(not_found(reference));
    }
    Ok(())
}

/// Status of a submission, for the holder of its status token only: a wrong token and an
/// unknown reference both answer 404.
async fn submissions_show(
    State(state): State<AppState>,
    ApiPath(reference): ApiPath<String>,
    ApiQuery(query): ApiQuery<StatusQuery>,
    lang: RequestLang,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let token = bearer_token(&headers)
        .or(query.token.as_deref())
        .ok_or(ApiError::Unauthorized)?;
    check_token(&state.store, &reference, token).await?;
    let status = state
        .store
        .submissions()
        .status(&reference, lang.0)
        .await?
        .ok_or_else(|| not_found(&reference))?;
    let mut response = Json(status).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
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
