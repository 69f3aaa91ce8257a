// SPDX-License-Identifier: EUPL-1.2
//! Service details: what a service costs, how long it takes, what to bring.

use axum::{
    Json, Router,
    extract::{Path, State},
    routing::get,
};
use serde::Serialize;

use super::FormRef;
use crate::{AppState, error::ApiError, extract::RequestLang};

pub fn router() -> Router<AppState> {
    Router::new().route("/services/{leika}", get(services_show))
}

#[derive(Debug, Serialize)]
pub struct ServiceDetail {
    pub leika: String,
    pub name: String,
    pub summary: String,
    pub description: String,
    pub fees: String,
    pub processing_time: String,
    pub documents: Vec<String>,
    pub legal_basis: String,
    pub form: Option<FormRef>,
    pub external_url: Option<String>,
}

#[derive(sqlx::FromRow)]
struct DetailRow {
    leika: String,
    name: String,
    summary: String,
    description: String,
    fees: String,
    processing_time: String,
    documents: String,
    legal_basis: String,
    form_id: Option<String>,
    form_version: Option<i64>,
    external_url: Option<String>,
}

async fn services_show(
    State(state): State<AppState>,
    Path(leika): Path<String>,
    lang: RequestLang,
) -> Result<Json<ServiceDetail>, ApiError> {
    let lang = lang.code();
    // Column names come from `lang`, which is one of two constants.
    let row = sqlx::query_as::<_, DetailRow>(&format!(
        "SELECT s.leika, s.name_{lang} AS name, s.summary_{lang} AS summary,
                s.description_{lang} AS description, s.fees_{lang} AS fees,
                s.processing_time_{lang} AS processing_time, s.documents_{lang} AS documents,
                s.legal_basis_{lang} AS legal_basis,
                f.id AS form_id, f.version AS form_version, s.external_url
         FROM services s
         LEFT JOIN (SELECT id, max(version) AS version FROM form_definitions GROUP BY id) f
              ON f.id = s.form_id
         WHERE s.leika = ?1"
    ))
    .bind(&leika)
    .fetch_optional(&state.db)
    .await?
    .ok_or_else(|| ApiError::NotFound(format!("No service with LeiKa key {leika}.")))?;
    let documents = serde_json::from_str(&row.documents).map_err(ApiError::internal)?;
    Ok(Json(ServiceDetail {
        leika: row.leika,
        name: row.name,
        summary: row.summary,
        description: row.description,
        fees: row.fees,
        processing_time: row.processing_time,
        documents,
        legal_basis: row.legal_basis,
        form: FormRef::from_columns(row.form_id, row.form_version),
        external_url: row.external_url,
    }))
}
