// SPDX-License-Identifier: EUPL-1.2
//! FIT-Connect's Routing API, its areas: `GET /v1/areas?areaSearchexpression=…` finds the
//! Gemeinden of the places this server knows by name or postcode. An area's id is its
//! twelve-digit ARS, which `GET /v1/routes?areaId=…` takes as it takes `ars`.
//!
//! Each search expression is a place name or a postcode, with `*` as FIT-Connect's
//! wildcard ("Mag*"); here a name is found wherever it contains the expression (ignoring
//! case, umlauts and ß, as the portal's own place search) and a postcode by its first
//! digits, so a wildcard changes nothing. Several expressions must all fit.

use axum::{Json, Router, extract::RawQuery, extract::State, routing::get};
use serde::Serialize;

use crate::{
    AppState,
    error::ApiError,
    fit_connect::submissions::Page,
    routes::places::Place,
    search::{fold, names_a_place, search_column},
};

pub fn router() -> Router<AppState> {
    Router::new().route("/areas", get(areas_index))
}

/// An area as FIT-Connect's Routing API lists it.
#[derive(Debug, Serialize, PartialEq)]
pub struct Area {
    /// The Gemeinde's ARS.
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
}

/// A page of the areas found.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Areas {
    pub count: usize,
    pub offset: usize,
    pub total_count: usize,
    pub areas: Vec<Area>,
}

/// At most this many expressions (FIT-Connect's schema: 1 to 10).
const MOST_EXPRESSIONS: usize = 10;
/// At most this many places are looked at for one search, before they are counted and
/// paged: more than any Land's Gemeinden sharing a name or a postcode's first digit.
const MOST_PLACES: i64 = 2_000;

/// What a search asks for, read from the query string.
#[derive(Debug)]
struct Search {
    /// Without wildcards and surrounding spaces (so perhaps empty: no area fits).
    expressions: Vec<String>,
    page: Page,
}

/// The query string read: `areaSearchexpression` once or more, `limit`, `offset`; other
/// parameters are ignored, as elsewhere in the API.
fn search_of(query: Option<&str>) -> Result<Search, ApiError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query.unwrap_or_default())
        .map_err(|_| ApiError::BadRequest("The query string is not a form.".into()))?;
    let number = |name: &str, value: &str| {
        value
            .parse::<i64>()
            .map_err(|_| ApiError::BadRequest(format!("`{name}` must be a whole number.")))
    };
    let mut search = Search {
        expressions: Vec::new(),
        page: Page {
            destination_id: None,
            limit: None,
            offset: None,
        },
    };
    for (name, value) in pairs {
        match name.as_str() {
            "areaSearchexpression" => {
                if !(2..=100).contains(&value.chars().count()) {
                    return Err(ApiError::BadRequest(
                        "Each `areaSearchexpression` needs 2 to 100 characters: a place name or a postcode.".into(),
                    ));
                }
                // Wildcards and spaces alone leave nothing to find: no area (as the place
                // search answers signs alone), not a refusal of what the schema allows.
                search
                    .expressions
                    .push(value.replace('*', "").trim().to_owned());
            }
            // Given twice, refused as `/v1/routes` refuses it.
            "limit" | "offset" => {
                let slot = if name == "limit" {
                    &mut search.page.limit
                } else {
                    &mut search.page.offset
                };
                if slot.replace(number(&name, &value)?).is_some() {
                    return Err(ApiError::BadRequest(format!("`{name}` is given twice.")));
                }
            }
            _ => {}
        }
    }
    if !(1..=MOST_EXPRESSIONS).contains(&search.expressions.len()) {
        return Err(ApiError::BadRequest(format!(
            "Give `areaSearchexpression` 1 to {MOST_EXPRESSIONS} times."
        )));
    }
    Ok(search)
}

/// One search expression as places are matched against it.
enum Expression<'a> {
    /// A postcode's first digits.
    Postcode(&'a str),
    /// A part of a name, folded ([`fold`]).
    Name(String),
}

impl<'a> Expression<'a> {
    /// `None` for an expression that names no place ([`names_a_place`]).
    fn of(expression: &'a str) -> Option<Expression<'a>> {
        let folded = fold(expression);
        if !names_a_place(&folded) {
            None
        } else if expression.bytes().all(|b| b.is_ascii_digit()) {
            Some(Expression::Postcode(expression))
        } else {
            Some(Expression::Name(folded))
        }
    }

    /// Whether `place`, whose name folded both ways is `names` (as the places' search
    /// column holds it, [`search_column`]), fits.
    fn fits(&self, place: &Place, names: &str) -> bool {
        match self {
            Expression::Postcode(digits) => place.postcode.starts_with(digits),
            Expression::Name(folded) => names.contains(folded.as_str()),
        }
    }
}

async fn areas_index(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Json<Areas>, ApiError> {
    let search = search_of(query.as_deref())?;
    let (offset, limit) = search.page.bounds()?;
    let offset = usize::try_from(offset).unwrap_or(usize::MAX);
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    // The database is asked with the expression that names the fewest places (a postcode
    // before a name, a longer before a shorter one), so that the cap cuts least; every
    // place found must fit the others too. One that names nothing finds nothing.
    let mut expressions: Vec<&str> = search.expressions.iter().map(String::as_str).collect();
    expressions.sort_by_key(|e| {
        (
            !e.bytes().all(|b| b.is_ascii_digit()),
            std::cmp::Reverse(e.chars().count()),
        )
    });
    let wanted: Option<Vec<Expression>> = expressions.iter().map(|e| Expression::of(e)).collect();
    let wanted = wanted.unwrap_or_default();
    let places = state.store.places();
    let found = match wanted.first() {
        Some(Expression::Postcode(digits)) => {
            places.with_postcode_prefix(digits, MOST_PLACES).await?
        }
        Some(Expression::Name(folded)) => places.search(folded, MOST_PLACES).await?,
        None => Vec::new(),
    };
    let mut seen = std::collections::HashSet::new();
    let mut areas: Vec<Area> = Vec::new();
    for place in found {
        let names = search_column([place.name.as_str()]);
        if wanted.iter().all(|w| w.fits(&place, &names)) && seen.insert(place.ars.clone()) {
            areas.push(Area {
                id: place.ars,
                name: place.name,
                kind: "Gemeinde",
            });
        }
    }
    let total_count = areas.len();
    let areas: Vec<Area> = areas.into_iter().skip(offset).take(limit).collect();
    Ok(Json(Areas {
        count: areas.len(),
        offset,
        total_count,
        areas,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expressions_are_read_once_or_more_without_wildcards() {
        let search = search_of(Some(
            "areaSearchexpression=Hei*&areaSearchexpression=25746&limit=5&lang=de",
        ))
        .expect("reads");
        assert_eq!(search.expressions, ["Hei", "25746"]);
        let stars = search_of(Some("areaSearchexpression=**")).expect("reads");
        assert_eq!(stars.expressions, [""], "nothing to find, not refused");
        assert_eq!(search.page.limit, Some(5));
        for bad in [
            None,
            Some("limit=5"),
            Some("areaSearchexpression=a"),
            Some("areaSearchexpression=Heide&offset=x"),
            Some("areaSearchexpression=Heide&limit=1&limit=500"),
        ] {
            assert!(search_of(bad).is_err(), "{bad:?}");
        }
        let eleven = ["areaSearchexpression=Heide"; 11].join("&");
        assert!(search_of(Some(&eleven)).is_err());
    }

    #[test]
    fn a_place_fits_by_its_postcodes_first_digits_or_a_part_of_its_name() {
        let place = Place {
            name: "Süderhastedt".into(),
            postcode: "25727".into(),
            ars: "010515163110".into(),
            municipality: None,
        };
        let names = search_column([place.name.as_str()]);
        let fits = |e: &str| Expression::of(e).is_some_and(|w| w.fits(&place, &names));
        assert!(fits("2572"));
        assert!(!fits("727"));
        assert!(fits("suederhast"));
        assert!(fits("Suderhast"), "the umlaut without its dots");
        assert!(fits("HASTEDT"));
        assert!(!fits("Heide"));
        assert!(!fits(""), "nothing to find");
        assert!(!fits("-."), "signs alone");
        assert!(!fits("2"), "one digit");
    }
}
