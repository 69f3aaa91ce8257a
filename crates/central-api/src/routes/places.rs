// SPDX-License-Identifier: EUPL-1.2
//! Places: a postcode or place name resolves to the ARS that routing needs.

use axum::{Json, Router, extract::State, routing::get};
use serde::Deserialize;

use crate::{AppState, error::ApiError, extract::ApiQuery, search::fold};

pub fn router() -> Router<AppState> {
    Router::new().route("/places", get(places_index))
}

#[derive(Debug, Deserialize)]
struct PlacesQuery {
    #[serde(default)]
    q: Option<String>,
}

pub use api_types::{MunicipalityRef, Place};

/// At most this many places are listed.
const PLACES_LIMIT: i64 = 20;

/// Places whose postcode starts with `q` (digits) or whose name contains it (ignoring
/// case, umlauts and ß); at most 20.
async fn places_index(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<PlacesQuery>,
) -> Result<Json<Vec<Place>>, ApiError> {
    let q = query.q.unwrap_or_default();
    let q = q.trim();
    if q.chars().count() < 2 || q.len() > 100 {
        return Err(ApiError::BadRequest(
            "`q` needs 2 to 100 characters: a postcode or a place name.".into(),
        ));
    }
    let places_store = state.store.places();
    let mut places = if q.bytes().all(|b| b.is_ascii_digit()) {
        places_store.with_postcode_prefix(q, PLACES_LIMIT).await?
    } else {
        places_store.search(&fold(q), PLACES_LIMIT).await?
    };
    for place in &mut places {
        let verband = format!("{}000", &place.ars[..9]);
        let kreis = format!("{}0000000", &place.ars[..5]);
        place.municipality = state
            .store
            .municipalities()
            .most_specific([&place.ars, &verband, &kreis])
            .await?;
    }
    Ok(Json(places))
}
