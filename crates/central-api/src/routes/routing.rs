// SPDX-License-Identifier: EUPL-1.2
//! Routing: (LeiKa key, ARS) -> the competent authority with its public encryption key,
//! shaped like FIT-Connect's Routing API (`routes[].destinationParameters`).

use axum::{
    Json, Router,
    extract::{Query, State},
    routing::get,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::{AppState, error::ApiError, extract::RequestLang};

pub fn router() -> Router<AppState> {
    Router::new().route("/routing", get(routing_show))
}

/// The level of the area a responsibility is recorded for; the most specific wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Gemeinde,
    Gemeindeverband,
    Kreis,
    Land,
}

/// The competent authority's id for a service at a place, and the level it was found
/// at. Without a place only the Land level counts.
pub async fn competent_authority(
    db: &sqlx::AnyPool,
    leika: &str,
    ars: Option<&str>,
) -> Result<Option<(String, Level)>, sqlx::Error> {
    let land = ars.map_or("01", |ars| &ars[..2]);
    let land_ars = format!("{land}0000000000");
    let (gemeinde, verband, kreis) = match ars {
        Some(ars) => (
            ars.to_owned(),
            format!("{}000", &ars[..9]),
            format!("{}0000000", &ars[..5]),
        ),
        None => (land_ars.clone(), land_ars.clone(), land_ars.clone()),
    };
    let row: Option<(String, i64)> = sqlx::query_as(
        "SELECT authority_id,
                CASE ars WHEN ?2 THEN 4 WHEN ?3 THEN 3 WHEN ?4 THEN 2 ELSE 1 END AS level
         FROM responsibilities
         WHERE leika = ?1 AND ars IN (?2, ?3, ?4, ?5)
         ORDER BY level DESC LIMIT 1",
    )
    .bind(leika)
    .bind(&gemeinde)
    .bind(&verband)
    .bind(&kreis)
    .bind(&land_ars)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(id, level)| {
        let level = match level {
            4 if ars.is_some() => Level::Gemeinde,
            3 if ars.is_some() => Level::Gemeindeverband,
            2 if ars.is_some() => Level::Kreis,
            _ => Level::Land,
        };
        (id, level)
    }))
}

#[derive(Debug, Deserialize)]
struct RoutingQuery {
    #[serde(default, alias = "leikaKey")]
    leika: Option<String>,
    #[serde(default)]
    ars: Option<String>,
}

/// FIT-Connect-like answer: `{count, offset, totalCount, routes: [...]}`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Routes {
    pub count: usize,
    pub offset: usize,
    pub total_count: usize,
    pub routes: Vec<Route>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Route {
    pub destination_id: String,
    pub destination_name: String,
    pub destination_parameters: DestinationParameters,
    /// Address and contact of the authority.
    pub authority: Authority,
    /// The level of the area the responsibility was found for.
    pub level: Level,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DestinationParameters {
    pub encryption_kid: String,
    pub public_keys: PublicKeys,
    pub metadata_versions: Vec<String>,
    pub status: String,
    pub submission_schemas: Vec<Value>,
    pub submission_url: String,
}

#[derive(Debug, Serialize)]
pub struct PublicKeys {
    pub keys: Vec<Value>,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct Authority {
    pub id: String,
    pub name: String,
    #[sqlx(flatten)]
    pub address: Address,
    pub email: String,
    pub phone: String,
    pub website: Option<String>,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct Address {
    pub street: String,
    pub postcode: String,
    pub city: String,
}

pub fn is_ars(ars: &str) -> bool {
    ars.len() == 12 && ars.bytes().all(|b| b.is_ascii_digit())
}

pub fn is_leika(leika: &str) -> bool {
    leika.len() == 14 && leika.starts_with("99") && leika.bytes().all(|b| b.is_ascii_digit())
}

async fn routing_show(
    State(state): State<AppState>,
    Query(query): Query<RoutingQuery>,
    lang: RequestLang,
) -> Result<Json<Routes>, ApiError> {
    let leika = query
        .leika
        .filter(|l| is_leika(l))
        .ok_or_else(|| ApiError::BadRequest("`leika` must be a LeiKa key of 14 digits.".into()))?;
    let ars = match query.ars {
        Some(ars) if is_ars(&ars) => Some(ars),
        Some(_) => {
            return Err(ApiError::BadRequest(
                "`ars` must be a Regionalschlüssel of 12 digits.".into(),
            ));
        }
        None => None,
    };
    let form: Option<(Option<String>, Option<i64>)> = sqlx::query_as(
        "SELECT s.form_id, (SELECT max(version) FROM form_definitions WHERE id = s.form_id)
         FROM services s WHERE s.leika = ?1",
    )
    .bind(&leika)
    .fetch_optional(state.store.db())
    .await?;
    let Some((form_id, form_version)) = form else {
        return Err(ApiError::NotFound(format!(
            "No service with LeiKa key {leika}."
        )));
    };
    let mut routes = Vec::new();
    if let Some((authority_id, level)) =
        competent_authority(state.store.db(), &leika, ars.as_deref()).await?
    {
        let lang = lang.code();
        // Column name from `lang`, one of two constants.
        let authority = sqlx::query_as::<_, Authority>(&format!(
            "SELECT id, name_{lang} AS name, street, postcode, city, email, phone, website
             FROM authorities WHERE id = ?1"
        ))
        .bind(&authority_id)
        .fetch_one(state.store.db())
        .await?;
        // The current key first; older ones stay listed (and still decrypt at the
        // authority) after a rotation, but `encryptionKid` names the current one.
        let keys = state
            .keys
            .public_jwks(state.store.db(), &authority_id)
            .await
            .map_err(ApiError::Internal)?;
        let kid = keys
            .first()
            .and_then(|jwk| jwk["kid"].as_str())
            .unwrap_or_default()
            .to_owned();
        let submission_schemas = match (form_id, form_version) {
            (Some(id), Some(version)) => vec![json!({
                "schemaUri": format!("/api/forms/{id}/versions/{version}"),
                "mimeType": "application/json",
            })],
            _ => Vec::new(),
        };
        routes.push(Route {
            destination_id: authority.id.clone(),
            destination_name: authority.name.clone(),
            destination_parameters: DestinationParameters {
                encryption_kid: kid,
                public_keys: PublicKeys { keys },
                metadata_versions: vec!["1.0.0".into()],
                status: "active".into(),
                submission_schemas,
                submission_url: "/api/submissions".into(),
            },
            authority,
            level,
        });
    }
    Ok(Json(Routes {
        count: routes.len(),
        offset: 0,
        total_count: routes.len(),
        routes,
    }))
}
