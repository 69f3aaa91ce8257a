// SPDX-License-Identifier: EUPL-1.2
//! Places: a postcode or place name resolves to the ARS that routing needs.

use axum::{
    Json, Router,
    extract::{Query, State},
    routing::get,
};
use serde::{Deserialize, Serialize};

use crate::{AppState, error::ApiError, search::fold};

pub fn router() -> Router<AppState> {
    Router::new().route("/places", get(places_index))
}

#[derive(Debug, Deserialize)]
struct PlacesQuery {
    #[serde(default)]
    q: Option<String>,
}

/// A place with its Regionalschlüssel.
#[derive(Debug, Serialize)]
pub struct Place {
    pub name: String,
    pub postcode: String,
    pub ars: String,
    /// The most specific municipality known here that administers the place (the
    /// Gemeinde itself, else its Amt, else the Kreis).
    pub municipality: Option<MunicipalityRef>,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct MunicipalityRef {
    pub ars: String,
    pub name: String,
    pub kind: String,
}

#[derive(sqlx::FromRow)]
struct PlaceRow {
    name: String,
    postcode: String,
    ars: String,
}

/// Places whose postcode starts with `q` (digits) or whose name contains it (ignoring
/// case, umlauts and ß); at most 20.
async fn places_index(
    State(state): State<AppState>,
    Query(query): Query<PlacesQuery>,
) -> Result<Json<Vec<Place>>, ApiError> {
    let q = query.q.unwrap_or_default();
    let q = q.trim();
    if q.chars().count() < 2 || q.len() > 100 {
        return Err(ApiError::BadRequest(
            "`q` needs 2 to 100 characters: a postcode or a place name.".into(),
        ));
    }
    let rows: Vec<PlaceRow> = if q.bytes().all(|b| b.is_ascii_digit()) {
        sqlx::query_as(
            "SELECT name, postcode, ars FROM places WHERE substr(postcode, 1, length(?1)) = ?1
             ORDER BY postcode, name LIMIT 20",
        )
        .bind(q)
        .fetch_all(state.store.db())
        .await?
    } else {
        sqlx::query_as(
            "SELECT name, postcode, ars FROM places WHERE instr(search, ?1) > 0
             ORDER BY instr(search, ?1), name LIMIT 20",
        )
        .bind(fold(q))
        .fetch_all(state.store.db())
        .await?
    };
    let mut places = Vec::with_capacity(rows.len());
    for row in rows {
        let municipality = sqlx::query_as::<_, MunicipalityRef>(
            "SELECT ars, name, kind FROM municipalities WHERE ars IN (?1, ?2, ?3)
             ORDER BY length(rtrim(ars, '0')) DESC LIMIT 1",
        )
        .bind(&row.ars)
        .bind(format!("{}000", &row.ars[..9]))
        .bind(format!("{}0000000", &row.ars[..5]))
        .fetch_optional(state.store.db())
        .await?;
        places.push(Place {
            name: row.name,
            postcode: row.postcode,
            ars: row.ars,
            municipality,
        });
    }
    Ok(Json(places))
}
