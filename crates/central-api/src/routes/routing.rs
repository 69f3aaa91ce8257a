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
/// Gemeinde, Gemeindeverband, Kreis, and the Land.
struct Areas {
    place: bool,
    gemeinde: String,
    verband: String,
    kreis: String,
    land: String,
}

impl Areas {
    fn of(ars: Option<&str>) -> Areas {
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
        Areas {
            place: ars.is_some(),
            gemeinde,
            verband,
            kreis,
            land: land_ars,
        }
    }

    fn as_array(&self) -> [&str; 4] {
        [&self.gemeinde, &self.verband, &self.kreis, &self.land]
    }

    fn level_of(&self, found: Responsible) -> (String, Level) {
        let level = match found.rank {
            4 if self.place => Level::Gemeinde,
            3 if self.place => Level::Gemeindeverband,
            2 if self.place => Level::Kreis,
            _ => Level::Land,
        };
        (found.authority_id, level)
    }
}

#[derive(Debug, Deserialize)]
struct RoutingQuery {
    #[serde(default, rename = "leikaKey")]
    leika: Option<String>,
    #[serde(default)]
    ars: Option<String>,
    /// FIT-Connect's other ways to name the area, not offered here.
    #[serde(default)]
    ags: Option<String>,
    #[serde(default, rename = "areaId")]
    area_id: Option<String>,
}

pub fn is_ars(ars: &str) -> bool {
    ars.len() == 12 && ars.bytes().all(|b| b.is_ascii_digit())
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
    if query.ags.is_some() || query.area_id.is_some() {
        return Err(ApiError::BadRequest(
            "Name the area by `ars` (12 digits); `ags` and `areaId` are not offered here.".into(),
        ));
    }
    let leika = query.leika.filter(|l| is_leika(l)).ok_or_else(|| {
        ApiError::BadRequest("`leikaKey` must be a LeiKa key of 14 digits.".into())
    })?;
    let ars = match query.ars {
        Some(ars) if is_ars(&ars) => Some(ars),
        Some(_) => {
            return Err(ApiError::BadRequest(
                "`ars` must be a Regionalschlüssel of 12 digits.".into(),
            ));
        }
        None => None,
    };
    let Some(form) = state.store.catalogue().service_form(&leika).await? else {
        return Err(ApiError::NotFound(format!(
            "No service with LeiKa key {leika}."
        )));
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
    Ok(Json(Routes {
        count: routes.len(),
        offset: 0,
        total_count: routes.len(),
        routes,
    }))
}
