// SPDX-License-Identifier: EUPL-1.2
//! Destinations (FIT-Connect's Zustellpunkte): each authority is one, under a UUID.
//! `GET /v1/destinations/{id}` names its services (with the areas and the submission
//! schemas), its current encryption key and the metadata versions it reads;
//! `GET /v1/destinations/{id}/keys/{kid}` gives its public keys (encryption and
//! signature), and `GET /.well-known/jwks.json` the relay's own signature keys.

use axum::{
    Json, Router,
    extract::State,
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
    routing::get,
};
use serde_json::{Value, json};

use super::{
    METADATA_VERSIONS, PROBLEM_BASE, is_uuid, oauth::Caller, schema_uri, service_identifier,
};
use crate::{AppState, error::ApiError, extract::ApiPath, keys, store::Store};

/// Below `/v1`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/destinations/{destination_id}", get(destination_show))
        .route(
            "/destinations/{destination_id}/keys/{key_id}",
            get(destination_key_show),
        )
}

/// At the root: `/.well-known/jwks.json`.
pub fn well_known() -> Router<AppState> {
    Router::new().route("/.well-known/jwks.json", get(jwks))
}

/// A service a destination offers: its LeiKa key, the areas (`DE` + ARS) and the
/// schema of its current form.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferedService {
    pub leika: String,
    pub regions: Vec<String>,
    pub schema_uris: Vec<String>,
}

/// The authority behind a destination id, or FIT-Connect's `destination-not-found`.
pub async fn authority_of(store: &Store, destination_id: &str) -> Result<String, ApiError> {
    let found = if is_uuid(destination_id) {
        store.authorities().by_destination(destination_id).await?
    } else {
        None
    };
    found.ok_or_else(|| ApiError::Protocol {
        status: axum::http::StatusCode::NOT_FOUND,
        kind: "destination-not-found",
        title: "Destination not found",
        detail: format!("There is no destination {destination_id}."),
    })
}

/// The services `authority_id` offers, by its responsibilities.
pub async fn services(store: &Store, authority_id: &str) -> Result<Vec<OfferedService>, ApiError> {
    let mut offered: Vec<OfferedService> = Vec::new();
    for (leika, ars) in store.responsibilities().of_authority(authority_id).await? {
        // FIT-Connect's region: "DE" and the levels of the key that name the area.
        let region = format!("DE{}", crate::ars::significant(&ars));
        match offered.last_mut() {
            Some(last) if last.leika == leika => last.regions.push(region),
            _ => {
                let schema_uris = match store.catalogue().service_form(&leika).await? {
                    Some(Some(form)) => vec![schema_uri(&form.id, form.version)],
                    _ => Vec::new(),
                };
                offered.push(OfferedService {
                    leika,
                    regions: vec![region],
                    schema_uris,
                });
            }
        }
    }
    Ok(offered)
}

/// `GET /v1/destinations/{id}`, for senders and subscribers.
async fn destination_show(
    State(state): State<AppState>,
    _caller: Caller,
    ApiPath(destination_id): ApiPath<String>,
) -> Result<Response, ApiError> {
    let destination_id = super::canonical_id(destination_id);
    let authority = authority_of(&state.store, &destination_id).await?;
    let key = keys::current(&state.store, &authority).await?;
    let services: Vec<Value> = services(&state.store, &authority)
        .await?
        .into_iter()
        // FIT-Connect lists services with at least one submission schema.
        .filter(|s| !s.schema_uris.is_empty())
        .map(|s| {
            json!({
                "identifier": service_identifier(&s.leika),
                "regions": s.regions,
                "submissionSchemas": s.schema_uris.iter().map(|uri| json!({
                    "schemaUri": uri,
                    "mimeType": "application/json",
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(no_cache(Json(json!({
        "destinationId": destination_id,
        "status": "active",
        "services": services,
        "encryptionKid": key.kid,
        "metadataVersions": METADATA_VERSIONS,
    }))))
}

/// `GET /v1/destinations/{id}/keys/{kid}` (public): an encryption key the authority
/// still decrypts with, or one of its signature keys.
async fn destination_key_show(
    State(state): State<AppState>,
    ApiPath((destination_id, key_id)): ApiPath<(String, String)>,
) -> Result<Response, ApiError> {
    let destination_id = super::canonical_id(destination_id);
    let authority = authority_of(&state.store, &destination_id).await?;
    let encryption = state
        .store
        .keys()
        .of(&authority)
        .await?
        .into_iter()
        .find(|k| k.kid == key_id && k.status != keys::KeyStatus::Revoked.as_str())
        .map(|k| k.jwk);
    let jwk = match encryption {
        Some(jwk) => Some(jwk),
        None => state
            .store
            .signing_keys()
            .authority_key(&authority, &key_id)
            .await?
            .filter(|(_, status)| status == "current")
            .map(|(jwk, _)| jwk),
    };
    let jwk = jwk
        .ok_or_else(|| ApiError::NotFound(format!("The destination has no valid key {key_id}.")))?;
    Ok(no_cache(Json(jwk)))
}

/// `GET /.well-known/jwks.json`: the keys that check the events the relay signs.
async fn jwks(State(state): State<AppState>) -> Result<Response, ApiError> {
    super::relay_key::get(&state).await?;
    let keys = state.store.signing_keys().relay_public_keys().await?;
    Ok(no_cache(Json(json!({ "keys": keys }))))
}

/// FIT-Connect asks clients to revalidate destinations and keys every time.
fn no_cache(body: impl IntoResponse) -> Response {
    let mut response = body.into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// A FIT-Connect problem type's URI.
pub fn problem_type(kind: &str) -> String {
    format!("{PROBLEM_BASE}{kind}")
}
