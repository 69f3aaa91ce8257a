// SPDX-License-Identifier: EUPL-1.2
//! Form definitions, immutable per version: cached by browsers for a year, revalidated by
//! ETag.

use axum::{
    Router,
    extract::State,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};

use crate::{
    AppState, error::ApiError, extract::ApiPath, forms::if_none_match_matches,
    store::forms::StoredDefinition,
};

pub(crate) const IMMUTABLE: &str = "public, max-age=31536000, immutable";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/forms/{id}/versions/{version}", get(form_versions_show))
        .route("/forms/{id}/latest", get(form_latest_show))
}

/// The definition exactly as stored.
async fn form_versions_show(
    State(state): State<AppState>,
    ApiPath((id, version)): ApiPath<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let not_found = || ApiError::NotFound(format!("No form definition {id} version {version}."));
    // The version as the API writes it (`7`, not `07` or `+7`): one address per
    // definition, which browsers cache for a year.
    let Some(number) = version
        .parse::<u32>()
        .ok()
        .filter(|number| number.to_string() == version)
    else {
        return Err(not_found());
    };
    let StoredDefinition { definition, etag } = state
        .store
        .forms()
        .version(&id, number)
        .await?
        .ok_or_else(not_found)?;

    definition_response(
        StoredDefinition { definition, etag },
        &headers,
        IMMUTABLE,
        None,
    )
}

/// A stored definition as the answer to `headers`: 304 when `If-None-Match` names its
/// ETag, else the JSON as stored, with `cache` as its `Cache-Control` and, where the
/// address asked for is not the version's own, that address as `Content-Location`.
pub(crate) fn definition_response(
    StoredDefinition { definition, etag }: StoredDefinition,
    headers: &HeaderMap,
    cache: &'static str,
    content_location: Option<&str>,
) -> Result<Response, ApiError> {
    let etag_value = HeaderValue::from_str(&etag).map_err(ApiError::internal)?;
    let cache = HeaderValue::from_static(cache);
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| if_none_match_matches(v, &etag));
    let mut response = if matches {
        (
            StatusCode::NOT_MODIFIED,
            [(header::ETAG, etag_value), (header::CACHE_CONTROL, cache)],
        )
            .into_response()
    } else {
        (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                ),
                (header::ETAG, etag_value),
                (header::CACHE_CONTROL, cache),
            ],
            definition,
        )
            .into_response()
    };
    if let Some(location) = content_location {
        let location = HeaderValue::from_str(location).map_err(ApiError::internal)?;
        response
            .headers_mut()
            .insert(header::CONTENT_LOCATION, location);
    }
    Ok(response)
}

/// Redirects (302) to the newest version.
async fn form_latest_show(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Result<Response, ApiError> {
    let version = state.store.forms().newest_version(&id).await?;
    let version = version.ok_or_else(|| ApiError::NotFound(format!("No form definition {id}.")))?;
    redirect_to_version(&id, version)
}

/// 302 to one version of a definition: "latest" answers must not be cached, the
/// versions they point to are immutable.
pub(crate) fn redirect_to_version(id: &str, version: i64) -> Result<Response, ApiError> {
    let location = HeaderValue::from_str(&version_path(id, version)).map_err(ApiError::internal)?;
    Ok((
        StatusCode::FOUND,
        [
            (header::LOCATION, location),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
    )
        .into_response())
}

/// The immutable address of one version of a definition.
pub(crate) fn version_path(id: &str, version: i64) -> String {
    format!("/api/forms/{id}/versions/{version}")
}
