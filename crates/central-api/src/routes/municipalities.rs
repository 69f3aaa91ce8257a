// SPDX-License-Identifier: EUPL-1.2
//! Municipalities, their portal's look, and the catalogue of services each portal offers.

use axum::{
    Json, Router,
    extract::State,
    http::{HeaderMap, HeaderValue, header},
    response::Response,
    routing::get,
};
use serde::Deserialize;
use serde_json::Value;

use crate::{
    AppState,
    error::ApiError,
    extract::{ApiPath, ApiQuery, RequestLang},
    portal,
    search::query_terms,
    store::catalogue::{OfferFilter, TopicKind},
    theme,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/municipalities", get(municipalities_index))
        .route("/municipalities/{ars}", get(municipalities_show))
        .route("/municipalities/{ars}/logo", get(logo_show))
        .route("/municipalities/{ars}/catalogue", get(catalogue_show))
}

pub use api_types::{Catalogue, Municipality, Provider, ServiceSummary, Topic};

/// A municipality as stored with what its theme implies ([`with_derived`]).
fn with_derived_theme(mut municipality: Municipality) -> Municipality {
    municipality.theme = with_derived(&municipality.ars, municipality.theme.take());
    municipality
}

async fn municipalities_index(
    State(state): State<AppState>,
) -> Result<Json<Vec<Municipality>>, ApiError> {
    let all = state.store.municipalities().all().await?;
    Ok(Json(all.into_iter().map(with_derived_theme).collect()))
}

async fn municipalities_show(
    State(state): State<AppState>,
    ApiPath(ars): ApiPath<String>,
) -> Result<Json<Municipality>, ApiError> {
    Ok(Json(find_municipality(&state, &ars).await?))
}

async fn find_municipality(state: &AppState, ars: &str) -> Result<Municipality, ApiError> {
    state
        .store
        .municipalities()
        .find(ars)
        .await?
        .map(with_derived_theme)
        .ok_or_else(|| ApiError::NotFound(format!("No municipality with ARS {ars}.")))
}

/// The stored theme with `contrast` (the WCAG report of its colours, see
/// [`theme::contrast_report`]) and `logo_url` (the logo's address relative to the API's
/// origin, or null without a logo).
pub fn with_derived(ars: &str, mut theme: Value) -> Value {
    let report = theme::contrast_report(&theme);
    let has_logo = theme.get("logo").is_some_and(Value::is_string);
    if let Some(object) = theme.as_object_mut() {
        object.insert(
            "contrast".into(),
            serde_json::to_value(report).expect("the report serializes"),
        );
        object.insert(
            "logo_url".into(),
            if has_logo {
                Value::String(format!("/api/municipalities/{ars}/logo"))
            } else {
                Value::Null
            },
        );
    }
    theme
}

/// The policy of a logo opened on its own: an SVG may style itself, nothing else; and
/// should anything active slip through the seeding check, it runs in a sandbox (an opaque
/// origin, no scripts, no forms) and cannot send a form anywhere (`form-action` does not
/// fall back to `default-src`).
pub const LOGO_POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'none'; sandbox";

/// The municipality's logo, decoded from the `data:` URL of its theme (checked when it was
/// seeded): public like the portal's files (any origin may load it), revalidated by ETag.
async fn logo_show(
    State(state): State<AppState>,
    ApiPath(ars): ApiPath<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let stored = state.store.municipalities().theme(&ars).await?;
    let stored =
        stored.ok_or_else(|| ApiError::NotFound(format!("No municipality with ARS {ars}.")))?;
    let theme: Value = serde_json::from_str(&stored).map_err(ApiError::internal)?;
    let url = theme
        .get("logo")
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::NotFound(format!("The municipality {ars} has no logo.")))?;
    let logo = theme::decode_logo(url).map_err(ApiError::internal)?;
    let mut response = portal::Generated::bytes(logo.bytes.into(), logo.media_type)
        .respond(&headers, crate::assets::REVALIDATE);
    let out = response.headers_mut();
    out.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(LOGO_POLICY),
    );
    out.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    out.insert(
        portal::CROSS_ORIGIN_RESOURCE_POLICY,
        HeaderValue::from_static("cross-origin"),
    );
    Ok(response)
}

#[derive(Debug, Deserialize)]
struct CatalogueQuery {
    #[serde(default)]
    q: Option<String>,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    life_situation: Option<String>,
    /// `true`: only the most used services.
    #[serde(default)]
    popular: Option<bool>,
}

/// The services a municipality's portal offers, in the portal's order; optionally filtered by a search query that ignores case, umlauts and ß, by
/// category, life situation or popularity.
async fn catalogue_show(
    State(state): State<AppState>,
    ApiPath(ars): ApiPath<String>,
    ApiQuery(query): ApiQuery<CatalogueQuery>,
    lang: RequestLang,
) -> Result<Json<Catalogue>, ApiError> {
    let municipality = find_municipality(&state, &ars).await?;
    let catalogue = state.store.catalogue();
    let terms = query_terms(query.q.as_deref().unwrap_or_default());
    let filter = OfferFilter {
        terms: &terms,
        topics: [&query.category, &query.life_situation]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect(),
        popular_only: query.popular == Some(true),
    };
    Ok(Json(Catalogue {
        municipality,
        services: catalogue.offered(&ars, lang.0, &filter).await?,
        categories: catalogue
            .offered_topics(&ars, TopicKind::Category, lang.0)
            .await?,
        life_situations: catalogue
            .offered_topics(&ars, TopicKind::LifeSituation, lang.0)
            .await?,
    }))
}
