// SPDX-License-Identifier: EUPL-1.2
//! Service details: what a service costs, how long it takes, what to bring, and its form.

use axum::{
    Json, Router,
    extract::{Path, State},
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
    let form = state.store.catalogue().service_form(&leika).await?;
    let (id, version) = match form {
        None => {
            return Err(ApiError::NotFound(format!(
                "No service with LeiKa key {leika}."
            )));
        }
        Some(ServiceForm {
            form_id: Some(id),
            form_version: Some(version),
        }) => (id, version),
        Some(_) => {
            return Err(ApiError::NotFound(format!(
                "Service {leika} has no form here; it links to an external online service."
            )));
        }
    };
    super::forms::redirect_to_version(&id, version)
}
