// SPDX-License-Identifier: EUPL-1.2
//! Routing: (LeiKa key, ARS) -> the competent authority with its public encryption key,
//! shaped like FIT-Connect's Routing API (`routes[].destinationParameters`), with the
//! Land's signature of the parameters (`routes[].destinationParametersSignature`, see
//! [`crate::destination`]). An authority without a valid current key is a problem
//! naming it, never a key made up here: this server holds no private key.

use axum::{Json, Router, extract::State, routing::get};
use serde::Deserialize;
use serde_json::json;

use crate::{
    AppState, destination,
    error::ApiError,
    extract::{ApiQuery, RequestLang},
    fit_connect::submissions::Page,
    store::{Store, StoreError, routing::Responsible},
};

pub fn router() -> Router<AppState> {
    Router::new().route("/routes", get(routing_show))
}

pub use api_types::{Address, Authority, DestinationParameters, Level, PublicKeys, Route, Routes};

/// The competent authority's id for a service at a place, and the level it was found
/// at. Without a place only the Land level counts.
pub async fn find_competent_authority(
    store: &Store,
    leika: &str,
    ars: Option<&str>,
) -> Result<Option<(String, Level)>, StoreError> {
    let areas = Areas::of(ars);
    let found = store
        .responsibilities()
        .competent(leika, areas.as_array())
        .await?;
    Ok(found.map(|found| areas.level_of(found)))
}

/// The areas a responsibility may be recorded for, most specific first: the place's
/// Gemeinde, Gemeindeverband, Kreis, and the Land, each as a 12-digit ARS. An area named
/// by a shorter key (a Land, Regierungsbezirk, Kreis or Gemeindeverband, as FIT-Connect's
/// Routing API allows) is served by the responsibilities for the whole of it: its own
/// and those of the areas it lies in, not those of its parts. Its slots below its own
/// level repeat it.
struct Areas {
    /// The area each slot stands for (for [`Areas::level_of`]).
    levels: [Level; 4],
    gemeinde: String,
    verband: String,
    kreis: String,
    land: String,
}

impl Areas {
    /// `ars`: 2, 3, 5, 9 or 12 digits ([`crate::ars::is_key`]); none is the Land of the portal.
    fn of(ars: Option<&str>) -> Areas {
        let ars = ars.unwrap_or("01");
        let padded = |digits: usize| format!("{:0<12}", &ars[..digits.min(ars.len())]);
        let land = padded(2);
        // A Regierungsbezirk has no responsibilities of its own here: its Land's serve it.
        let kreis = if ars.len() >= 5 {
            padded(5)
        } else {
            land.clone()
        };
        let verband = if ars.len() >= 9 {
            padded(9)
        } else {
            kreis.clone()
        };
        let gemeinde = if ars.len() == 12 {
            padded(12)
        } else {
            verband.clone()
        };
        use Level::{Gemeinde, Gemeindeverband, Kreis, Land};
        let levels = match ars.len() {
            12 => [Gemeinde, Gemeindeverband, Kreis, Land],
            9 => [Gemeindeverband, Gemeindeverband, Kreis, Land],
            5 => [Kreis, Kreis, Kreis, Land],
            _ => [Land; 4],
        };
        Areas {
            levels,
            gemeinde,
            verband,
            kreis,
            land,
        }
    }

    fn as_array(&self) -> [&str; 4] {
        [&self.gemeinde, &self.verband, &self.kreis, &self.land]
    }

    fn level_of(&self, found: Responsible) -> (String, Level) {
        // Rank 4 is the first slot, 1 the last.
        let slot = 4usize
            .saturating_sub(usize::try_from(found.rank).unwrap_or(4))
            .min(3);
        (found.authority_id, self.levels[slot])
    }
}

#[derive(Debug, Deserialize)]
struct RoutingQuery {
    #[serde(default, rename = "leikaKey")]
    leika: Option<String>,
    #[serde(default)]
    ars: Option<String>,
    /// FIT-Connect's Gemeindeschlüssel, not offered here.
    #[serde(default)]
    ags: Option<String>,
    #[serde(default, rename = "areaId")]
    area_id: Option<String>,
    /// FIT-Connect's paging of the routes: 1 to 500, default 100; from 0.
    #[serde(default)]
    limit: Option<i64>,
    #[serde(default)]
    offset: Option<i64>,
}

pub fn is_leika(leika: &str) -> bool {
    leika.len() == 14 && leika.starts_with("99") && leika.bytes().all(|b| b.is_ascii_digit())
}

async fn routing_show(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<RoutingQuery>,
    lang: RequestLang,
    headers: axum::http::HeaderMap,
) -> Result<Json<Routes>, ApiError> {
    if query.ags.is_some() {
        return Err(ApiError::BadRequest(
            "Name the area by `ars` or `areaId`; `ags` is not offered here.".into(),
        ));
    }
    // The same bounds as the Submission API's listings (FIT-Connect's Routing API: at
    // most 500 a page, default 100), refused rather than clamped, so that a client's
    // mistake is seen.
    let (offset, limit) = Page {
        destination_id: None,
        limit: query.limit,
        offset: query.offset,
    }
    .bounds()?;
    // Both are within `0..=i64::MAX` now; on a 32-bit target an offset past `usize`
    // skips everything, as it would.
    let offset = usize::try_from(offset).unwrap_or(usize::MAX);
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let leika = query.leika.filter(|l| is_leika(l)).ok_or_else(|| {
        ApiError::BadRequest("`leikaKey` must be a LeiKa key of 14 digits.".into())
    })?;
    let ars = match (query.ars, query.area_id) {
        (Some(_), Some(_)) => {
            return Err(ApiError::BadRequest(
                "Name the area once: by `ars` or by `areaId`.".into(),
            ));
        }
        (Some(ars), None) if crate::ars::is_key(&ars) => Some(ars),
        (Some(_), None) => {
            return Err(ApiError::BadRequest(
                "`ars` must be a Regionalschlüssel of 2, 3, 5, 9 or 12 digits.".into(),
            ));
        }
        // The ids `/v1/areas` gives are the Gemeinden's keys.
        (None, Some(area)) if crate::ars::is_full(&area) => Some(area),
        (None, Some(_)) => {
            return Err(ApiError::BadRequest(
                "`areaId` must be an area's id as `/v1/areas` gives it (a Gemeinde's 12-digit key).".into(),
            ));
        }
        (None, None) => None,
    };
    // A service nobody here offers has no routes: FIT-Connect's Routing API answers 200
    // with none (it defines no 404 for `/routes`), and generated clients treat any other
    // status as a failure.
    let Some(form) = state.store.catalogue().service_form(&leika).await? else {
        return Ok(Json(Routes {
            count: 0,
            offset,
            total_count: 0,
            routes: Vec::new(),
        }));
    };
    let mut routes = Vec::new();
    if let Some((authority_id, level)) =
        find_competent_authority(&state.store, &leika, ars.as_deref()).await?
    {
        let authority = state
            .store
            .authorities()
            .contact(&authority_id, lang.0)
            .await?
            .ok_or_else(|| {
                ApiError::internal(format!(
                    "responsibility for unknown authority {authority_id}"
                ))
            })?;
        // The current key only: a new submission is accepted for no other. Rotated-out
        // keys stay with the authority, which still decrypts what was sent for them.
        let parameters = destination::parameters(&state.store, &authority_id).await?;
        let signature = match state.store.keys().signature(&authority_id).await? {
            Some((payload, jws)) if payload == parameters.canonical() => Some(jws),
            _ => {
                tracing::debug!(
                    authority = %authority_id,
                    "routing answered without the Land's signature: the current destination parameters are not signed (run `central-api land sign`)"
                );
                None
            }
        };
        let submission_schemas = match &form {
            Some(form) => vec![json!({
                "schemaUri": crate::fit_connect::schema_uri(&form.id, form.version),
                "mimeType": "application/json",
            })],
            None => Vec::new(),
        };
        routes.push(Route {
            destination_id: parameters.destination_id.clone(),
            destination_name: authority.name.clone(),
            destination_parameters: DestinationParameters {
                encryption_kid: parameters.encryption_kid,
                public_keys: PublicKeys {
                    keys: parameters.public_keys,
                },
                services: parameters.services,
                valid_until: parameters.valid_until,
                metadata_versions: vec!["1.0.0".into()],
                status: "active".into(),
                submission_schemas,
                // The Submission API's base: this relay.
                submission_url: crate::fit_connect::submissions::relay_base(&state, &headers),
            },
            destination_parameters_signature: signature,
            authority,
            level,
        });
    }
    let total_count = routes.len();
    let routes: Vec<Route> = routes.into_iter().skip(offset).take(limit).collect();
    Ok(Json(Routes {
        count: routes.len(),
        offset,
        total_count,
        routes,
    }))
}
