// SPDX-License-Identifier: EUPL-1.2
//! Service details: what a service costs, how long it takes, what to bring, and its form.

use axum::{Json, Router, extract::State, http::HeaderMap, response::Response, routing::get};

use crate::{
    AppState,
    error::ApiError,
    extract::{ApiPath, RequestLang},
    routes::FormRef,
    store::forms::StoredDefinition,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/services/{leika}", get(services_show))
        .route("/services/{leika}/form", get(service_form_show))
        .route("/services/{leika}/definition", get(service_definition_show))
}

pub use api_types::ServiceDetail;

async fn services_show(
    State(state): State<AppState>,
    ApiPath(leika): ApiPath<String>,
    lang: RequestLang,
) -> Result<Json<ServiceDetail>, ApiError> {
    let service = state.store.catalogue().service(&leika, lang.0).await?;
    service
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("No service with LeiKa key {leika}.")))
}

/// The newest form definition of a service: `302` to its immutable version address.
async fn service_form_show(
    State(state): State<AppState>,
    ApiPath(leika): ApiPath<String>,
) -> Result<Response, ApiError> {
    let form = current_form(&state, &leika).await?;
    super::forms::redirect_to_version(&form.id, i64::from(form.version))
}

/// The newest form definition of a service itself, so that the portal's form pages need
/// one request, not the service and then its definition (issue #21). Revalidated on
/// every use (`no-cache`: the service may move to a new version) by the version's own
/// ETag; `Content-Location` names the version's immutable address.
async fn service_definition_show(
    State(state): State<AppState>,
    ApiPath(leika): ApiPath<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (FormRef { id, version }, stored) = current_definition(&state, &leika).await?;
    super::forms::definition_response(
        stored,
        &headers,
        "no-cache",
        Some(&super::forms::version_path(&id, i64::from(version))),
    )
}

/// The definition a service's citizens fill in now, with its id and version: for the API
/// above and for the portal's form pages, which carry it (`portal::page_data`).
pub(crate) async fn current_definition(
    state: &AppState,
    leika: &str,
) -> Result<(FormRef, StoredDefinition), ApiError> {
    let form = current_form(state, leika).await?;
    let stored = state.store.forms().version(&form.id, form.version).await?;
    let stored = stored.ok_or_else(|| not_stored(leika, &form))?;
    Ok((form, stored))
}

/// The ETag of [`current_definition`], without reading the definition: a form page's
/// revalidation needs no more (`portal::page_data`).
pub(crate) async fn current_definition_etag(
    state: &AppState,
    leika: &str,
) -> Result<(FormRef, String), ApiError> {
    let form = current_form(state, leika).await?;
    let etag = state
        .store
        .forms()
        .version_etag(&form.id, form.version)
        .await?;
    let etag = etag.ok_or_else(|| not_stored(leika, &form))?;
    Ok((form, etag))
}

fn not_stored(leika: &str, form: &FormRef) -> ApiError {
    ApiError::internal(format!(
        "service {leika} names form {} {}, which is not stored",
        form.id, form.version
    ))
}

/// The form (id and version) a service's citizens fill in now; 404 for an unknown
/// service or one that links to an external online service.
async fn current_form(state: &AppState, leika: &str) -> Result<FormRef, ApiError> {
    match state.store.catalogue().service_form(leika).await? {
        None => Err(ApiError::NotFound(format!(
            "No service with LeiKa key {leika}."
        ))),
        Some(Some(form)) => Ok(form),
        Some(None) => Err(ApiError::NotFound(format!(
            "Service {leika} has no form here; it links to an external online service."
        ))),
    }
}
