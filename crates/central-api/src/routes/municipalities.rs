// SPDX-License-Identifier: EUPL-1.2
//! Municipalities and the catalogue of services each one's portal offers.

use axum::{
    Json, Router,
    extract::{Path, Query, State},
    routing::get,
};
use serde::{Deserialize, Serialize};
use sqlx::{QueryBuilder, Sqlite};

use super::FormRef;
use crate::{AppState, error::ApiError, extract::RequestLang, search::query_terms};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/municipalities", get(municipalities_index))
        .route("/municipalities/{ars}", get(municipalities_show))
        .route("/municipalities/{ars}/catalogue", get(catalogue_show))
}

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct Municipality {
    pub ars: String,
    pub name: String,
    pub kind: String,
    pub parent_ars: Option<String>,
}

async fn municipalities_index(
    State(state): State<AppState>,
) -> Result<Json<Vec<Municipality>>, ApiError> {
    let rows = sqlx::query_as::<_, Municipality>(
        "SELECT ars, name, kind, parent_ars FROM municipalities ORDER BY ars",
    )
    .fetch_all(&state.db)
    .await?;
    Ok(Json(rows))
}

async fn municipalities_show(
    State(state): State<AppState>,
    Path(ars): Path<String>,
) -> Result<Json<Municipality>, ApiError> {
    Ok(Json(find_municipality(&state, &ars).await?))
}

async fn find_municipality(state: &AppState, ars: &str) -> Result<Municipality, ApiError> {
    sqlx::query_as::<_, Municipality>(
        "SELECT ars, name, kind, parent_ars FROM municipalities WHERE ars = ?1",
    )
    .bind(ars)
    .fetch_optional(&state.db)
    .await?
    .ok_or_else(|| ApiError::NotFound(format!("No municipality with ARS {ars}.")))
}

#[derive(Debug, Deserialize)]
struct CatalogueQuery {
    #[serde(default)]
    q: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Catalogue {
    pub municipality: Municipality,
    pub services: Vec<ServiceSummary>,
}

#[derive(Debug, Serialize)]
pub struct ServiceSummary {
    pub leika: String,
    pub name: String,
    pub summary: String,
    pub form: Option<FormRef>,
    pub external_url: Option<String>,
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    leika: String,
    name: String,
    summary: String,
    form_id: Option<String>,
    form_version: Option<i64>,
    external_url: Option<String>,
}

/// The services a municipality's portal offers, optionally filtered by a search query
/// that ignores case, umlauts and ß.
async fn catalogue_show(
    State(state): State<AppState>,
    Path(ars): Path<String>,
    Query(query): Query<CatalogueQuery>,
    lang: RequestLang,
) -> Result<Json<Catalogue>, ApiError> {
    let municipality = find_municipality(&state, &ars).await?;
    let lang = lang.code();
    // Column names come from `lang`, which is one of two constants.
    let mut sql: QueryBuilder<Sqlite> = QueryBuilder::new(format!(
        "SELECT s.leika, s.name_{lang} AS name, s.summary_{lang} AS summary,
                f.id AS form_id, f.version AS form_version, s.external_url
         FROM municipality_services ms
         JOIN services s ON s.leika = ms.leika
         LEFT JOIN (SELECT id, max(version) AS version FROM form_definitions GROUP BY id) f
              ON f.id = s.form_id
         WHERE ms.ars = "
    ));
    sql.push_bind(&ars);
    for term in query_terms(query.q.as_deref().unwrap_or_default()) {
        sql.push(" AND instr(s.search, ")
            .push_bind(term)
            .push(") > 0");
    }
    sql.push(" ORDER BY ms.position, s.leika");
    let rows: Vec<SummaryRow> = sql.build_query_as().fetch_all(&state.db).await?;
    let services = rows
        .into_iter()
        .map(|row| ServiceSummary {
            leika: row.leika,
            name: row.name,
            summary: row.summary,
            form: FormRef::from_columns(row.form_id, row.form_version),
            external_url: row.external_url,
        })
        .collect();
    Ok(Json(Catalogue {
        municipality,
        services,
    }))
}
