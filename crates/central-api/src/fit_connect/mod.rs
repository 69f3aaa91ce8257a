// SPDX-License-Identifier: EUPL-1.2
//! FIT-Connect (issue #16): the relay speaks the published protocol, so that an
//! authority's specialist software (a FIT-Connect subscriber) receives what citizens send
//! without anything of ours, and the portal can be pointed at a Land's real FIT-Connect.
//!
//! - [`oauth`]: the token endpoint (`POST /token`, client credentials) and the scopes;
//! - [`destinations`]: `GET /v1/destinations/{id}` and its keys;
//! - [`submissions`]: create, upload attachments, submit (senders); list, fetch, fetch
//!   attachments (subscribers);
//! - [`events`]: the event log of a case (`/v1/cases/{caseId}/events`), Security Event
//!   Tokens signed by the relay (create, submit) and by the authorities (accept, reject);
//! - [`set`]: signing and checking Security Event Tokens (RFC 8417, PS512);
//! - the Routing API (`GET /v1/routes`) is [`crate::routes::routing`].
//!
//! What is implemented, endpoint by endpoint, is in `docs/FIT-CONNECT.md`.

pub mod destinations;
pub mod events;
pub mod oauth;
pub mod relay_key;
pub mod set;
pub mod submissions;
pub mod upload;

use axum::{Json, Router, routing::get};
use serde_json::json;

use crate::AppState;

/// The version of the Submission API specification these endpoints follow.
pub const SUBMISSION_API_VERSION: (u32, u32, u32) = (1, 1, 3);

/// The metadata schema versions a destination of this relay accepts.
pub const METADATA_VERSIONS: [&str; 1] = ["1.0.0"];

/// Prefix of FIT-Connect's problem types.
pub const PROBLEM_BASE: &str = "https://schema.fitko.de/fit-connect/submission-api/problems/";

/// The Submission API's endpoints, to nest under `/v1` (with the Routing API's
/// `/routes`, see [`crate::routes::routing`]).
pub fn v1_router() -> Router<AppState> {
    Router::new()
        .merge(destinations::router())
        .merge(submissions::router())
        .merge(events::router())
        .route("/info", get(info))
}

/// What FIT-Connect's clients find at the root: the token endpoint and the relay's keys.
pub fn root_router() -> Router<AppState> {
    Router::new()
        .merge(oauth::router())
        .merge(destinations::well_known())
}

/// `GET /v1/info`: the version of the specification implemented.
async fn info() -> Json<serde_json::Value> {
    let (major, minor, patch) = SUBMISSION_API_VERSION;
    Json(json!({"version": {"major": major, "minor": minor, "patch": patch}}))
}

/// `body` as an answer no cache keeps (ciphertext, tokens, event logs).
pub fn no_store(body: impl axum::response::IntoResponse) -> axum::response::Response {
    let mut response = body.into_response();
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    response
}

/// Whether `text` is a UUID as FIT-Connect's ids are written: 36 characters with hyphens
/// or 32 without (the OpenAPI documents' `minLength` 32), in either case.
pub fn is_uuid(text: &str) -> bool {
    matches!(text.len(), 32 | 36) && uuid::Uuid::try_parse(text).is_ok()
}

/// `id` as the relay writes the ids it makes (lower case, with hyphens), so that a client
/// that writes one of them another way ([`is_uuid`]) still finds it; anything else as it
/// is, for the caller's own check to refuse.
pub fn canonical_id(id: String) -> String {
    if is_uuid(&id) {
        uuid::Uuid::try_parse(&id).map_or(id, |uuid| uuid.hyphenated().to_string())
    } else {
        id
    }
}

/// The id a client named as `name` (`submissionId`, `caseId`, `destinationId`), as the
/// relay writes it ([`canonical_id`]); one that is no UUID is refused by FIT-Connect's
/// schemas as a bad request (400), before any lookup.
pub fn uuid_named(name: &str, id: &str) -> Result<String, crate::error::ApiError> {
    if !is_uuid(id) {
        return Err(crate::error::ApiError::BadRequest(format!(
            "The {name} `{}` is not a UUID.",
            id.chars().take(64).collect::<String>()
        )));
    }
    Ok(canonical_id(id.to_owned()))
}

/// A new random id (UUID version 4).
pub fn new_uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// The identifier FIT-Connect gives a service with a LeiKa key.
pub fn service_identifier(leika: &str) -> String {
    format!("urn:de:fim:leika:leistung:{leika}")
}

/// The LeiKa key of a service identifier (`urn:de:fim:leika:leistung:<key>`).
pub fn leika_of_identifier(identifier: &str) -> Option<&str> {
    identifier
        .strip_prefix("urn:de:fim:leika:leistung:")
        .filter(|key| crate::routes::routing::is_leika(key))
}

/// The submission schema of a form version, as destinations name it and the metadata
/// carries it: a URN, so that it is the same wherever the Land runs the relay.
pub fn schema_uri(form_id: &str, version: u32) -> String {
    format!("urn:de:buergerportal:form:{form_id}:{version}")
}

/// The form id and version of a [`schema_uri`].
pub fn form_of_schema_uri(uri: &str) -> Option<(&str, u32)> {
    let rest = uri.strip_prefix("urn:de:buergerportal:form:")?;
    let (id, version) = rest.rsplit_once(':')?;
    Some((id, version.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_uris_name_the_form_version() {
        let uri = schema_uri("gewerbeanmeldung", 3);
        assert_eq!(uri, "urn:de:buergerportal:form:gewerbeanmeldung:3");
        assert_eq!(form_of_schema_uri(&uri), Some(("gewerbeanmeldung", 3)));
        assert_eq!(form_of_schema_uri("urn:de:buergerportal:form:x"), None);
        assert_eq!(form_of_schema_uri("https://example.org/x:1"), None);
    }

    #[test]
    fn service_identifiers_carry_leika_keys() {
        let id = service_identifier("99050012104000");
        assert_eq!(leika_of_identifier(&id), Some("99050012104000"));
        assert_eq!(leika_of_identifier("urn:de:fim:leika:leistung:123"), None);
        assert!(is_uuid("879ee109-a690-4db8-ab32-424284184d7d"));
        assert!(is_uuid("879ee109a6904db8ab32424284184d7d"));
        assert!(!is_uuid("{879ee109-a690-4db8-ab32-424284184d7d}"));
        assert!(!is_uuid("urn:uuid:879ee109-a690-4db8-ab32-424284184d7d"));
        assert!(!is_uuid("879ee109-a690-4db8-ab32-424284184d7"));
        for written in [
            "879EE109-A690-4DB8-AB32-424284184D7D",
            "879ee109a6904db8ab32424284184d7d",
        ] {
            assert_eq!(
                canonical_id(written.into()),
                "879ee109-a690-4db8-ab32-424284184d7d"
            );
        }
        assert_eq!(canonical_id("heide".into()), "heide");
    }
}
