// SPDX-License-Identifier: EUPL-1.2
//! Service details: what a service costs, how long it takes, what to bring, and its form.

use axum::{
    Json, Router,
    extract::{Path, State},
    http::HeaderMap,
    response::Response,
    routing::get,
};

use super::municipalities::{Provider, Topic};
use crate::{
    AppState,
    error::ApiError,
    extract::RequestLang,
    store::catalogue::{ServiceForm, TopicKind},
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
    Path(leika): Path<String>,
    lang: RequestLang,
) -> Result<Json<ServiceDetail>, ApiError> {
    let catalogue = state.store.catalogue();
    let row = catalogue
        .service(&leika, lang.0)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("No service with LeiKa key {leika}.")))?;
    let entries: Vec<crate::seed::Document> =
        serde_json::from_str(&row.documents).map_err(ApiError::internal)?;
    let documents = entries.iter().map(|d| d.text().to_owned()).collect();
    let documents_separately = entries
        .iter()
        .filter(|d| d.separately())
        .map(|d| d.text().to_owned())
        .collect();
    let categories = catalogue
        .service_topics(&leika, TopicKind::Category, lang.0)
        .await?
        .into_iter()
        .map(Topic::from)
        .collect();
    let life_situations = catalogue
        .service_topics(&leika, TopicKind::LifeSituation, lang.0)
        .await?
        .into_iter()
        .map(Topic::from)
        .collect();
    Ok(Json(ServiceDetail {
        leika: row.leika,
        name: row.name,
        summary: row.summary,
        description: row.description,
        fees: row.fees,
        processing_time: row.processing_time,
        documents,
        documents_separately,
        legal_basis: row.legal_basis,
        form: super::form_ref_from_columns(row.form_id, row.form_version),
        external_url: row.external_url,
        categories,
        life_situations,
        routing: row.routing,
        popular: row.popular != 0,
        provider: row
            .provider_id
            .zip(row.provider_name)
            .map(|(id, name)| Provider { id, name }),
    }))
}

/// The newest form definition of a service: `302` to its immutable version address.
async fn service_form_show(
    State(state): State<AppState>,
    Path(leika): Path<String>,
) -> Result<Response, ApiError> {
    let (id, version) = current_form(&state, &leika).await?;
    super::forms::redirect_to_version(&id, version)
}

/// The newest form definition of a service itself, so that the portal's form pages need
/// one request, not the service and then its definition (issue #21). Revalidated on
/// every use (`no-cache`: the service may move to a new version) by the version's own
/// ETag; `Content-Location` names the version's immutable address.
async fn service_definition_show(
    State(state): State<AppState>,
    Path(leika): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (id, version) = current_form(&state, &leika).await?;
    let missing = || {
        ApiError::internal(format!(
            "service {leika} names form {id} {version}, which is not stored"
        ))
    };
    let number = u32::try_from(version).map_err(|_| missing())?;
    let stored = state
        .store
        .forms()
        .version(&id, number)
        .await?
        .ok_or_else(missing)?;
    super::forms::definition_response(
        stored,
        &headers,
        "no-cache",
        Some(&super::forms::version_path(&id, version)),
    )
}

/// The id and version of the form a service's citizens fill in now; 404 for an unknown
/// service or one that links to an external online service.
async fn current_form(state: &AppState, leika: &str) -> Result<(String, i64), ApiError> {
    match state.store.catalogue().service_form(leika).await? {
        None => Err(ApiError::NotFound(format!(
            "No service with LeiKa key {leika}."
        ))),
        Some(ServiceForm {
            form_id: Some(id),
            form_version: Some(version),
        }) => Ok((id, version)),
        Some(_) => Err(ApiError::NotFound(format!(
            "Service {leika} has no form here; it links to an external online service."
        ))),
    }
}
