// SPDX-License-Identifier: EUPL-1.2
//! Service details: what a service costs, how long it takes, what to bring, and its form.

use axum::{
    Json, Router,
    extract::{Path, State},
    response::Response,
    routing::get,
};
use serde::Serialize;

use super::{
    FormRef,
    municipalities::{Provider, Topic},
};
use crate::{AppState, error::ApiError, extract::RequestLang};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/services/{leika}", get(services_show))
        .route("/services/{leika}/form", get(service_form_show))
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
    /// Its categories.
    pub categories: Vec<Topic>,
    /// Its life situations.
    pub life_situations: Vec<Topic>,
    /// `place_required`: ask for the place (ARS) that decides the competent authority;
    /// `fixed`: one authority whatever the place.
    pub routing: String,
    pub popular: bool,
    /// Offered by another body (EA.SH), if so.
    pub provider: Option<Provider>,
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
    routing: String,
    popular: i64,
    provider_id: Option<String>,
    provider_name: Option<String>,
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
                f.id AS form_id, f.version AS form_version, s.external_url,
                s.routing, s.popular, p.id AS provider_id, p.name_{lang} AS provider_name
         FROM services s
         LEFT JOIN authorities p ON p.id = s.provider_id
         LEFT JOIN (SELECT id, max(version) AS version FROM form_definitions GROUP BY id) f
              ON f.id = s.form_id
         WHERE s.leika = ?1"
    ))
    .bind(&leika)
    .fetch_optional(state.store.db())
    .await?
    .ok_or_else(|| ApiError::NotFound(format!("No service with LeiKa key {leika}.")))?;
    let documents = serde_json::from_str(&row.documents).map_err(ApiError::internal)?;
    let topics_sql = format!(
        "SELECT t.id, t.name_{lang} AS name
             FROM service_topics st JOIN topics t ON t.id = st.topic_id
             WHERE st.leika = ?1 AND t.kind = ?2
             ORDER BY t.position"
    );
    let categories = sqlx::query_as::<_, Topic>(&topics_sql)
        .bind(&leika)
        .bind("category")
        .fetch_all(state.store.db())
        .await?;
    let life_situations = sqlx::query_as::<_, Topic>(&topics_sql)
        .bind(&leika)
        .bind("life_situation")
        .fetch_all(state.store.db())
        .await?;
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
    let row: Option<(Option<String>, Option<i64>)> = sqlx::query_as(
        "SELECT s.form_id, (SELECT max(version) FROM form_definitions WHERE id = s.form_id)
         FROM services s WHERE s.leika = ?1",
    )
    .bind(&leika)
    .fetch_optional(state.store.db())
    .await?;
    let (id, version) = match row {
        None => {
            return Err(ApiError::NotFound(format!(
                "No service with LeiKa key {leika}."
            )));
        }
        Some((Some(id), Some(version))) => (id, version),
        Some(_) => {
            return Err(ApiError::NotFound(format!(
                "Service {leika} has no form here; it links to an external online service."
            )));
        }
    };
    super::forms::redirect_to_version(&id, version)
}
