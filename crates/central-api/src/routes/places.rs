// SPDX-License-Identifier: EUPL-1.2
//! Places: a postcode or place name resolves to the ARS that routing needs.

use axum::{Json, Router, extract::State, routing::get};
use serde::Deserialize;

use crate::{
    AppState,
    error::ApiError,
    extract::ApiQuery,
    search::{fold, names_a_place},
};

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
/// case, umlauts and ß); at most 20. A `q` of signs alone (`%%`, `..`) names no place:
/// folded it would be empty, which every name contains.
async fn places_index(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<PlacesQuery>,
) -> Result<Json<Vec<Place>>, ApiError> {
    let q = query.q.unwrap_or_default();
    let q = q.trim();
    if !(2..=100).contains(&q.chars().count()) {
        return Err(ApiError::BadRequest(
            "`q` needs 2 to 100 characters: a postcode or a place name.".into(),
        ));
    }
    let places_store = state.store.places();
    let mut places = if q.bytes().all(|b| b.is_ascii_digit()) {
        places_store.with_postcode_prefix(q, PLACES_LIMIT).await?
    } else {
        let folded = fold(q);
        // As few letters and digits as the shortest query the portal asks with.
        if !names_a_place(&folded) {
            return Ok(Json(Vec::new()));
        }
        places_store.search(&folded, PLACES_LIMIT).await?
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
