// SPDX-License-Identifier: EUPL-1.2
//! Municipalities, their portal's look, and the catalogue of services each portal offers.

use std::collections::HashSet;

use axum::{
    Json, Router,
    extract::{Path, Query, State},
    http::{HeaderMap, HeaderValue, header},
    response::Response,
    routing::get,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::{Any, AnyPool, QueryBuilder};

use super::FormRef;
use crate::{AppState, error::ApiError, extract::RequestLang, portal, search::query_terms, theme};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/municipalities", get(municipalities_index))
        .route("/municipalities/{ars}", get(municipalities_show))
        .route("/municipalities/{ars}/logo", get(logo_show))
        .route("/municipalities/{ars}/catalogue", get(catalogue_show))
}

/// A municipality (Kreis, Amt, Stadt, Gemeinde) and its portal's look.
#[derive(Debug, Serialize)]
pub struct Municipality {
    pub ars: String,
    pub name: String,
    pub kind: String,
    pub parent_ars: Option<String>,
    /// `{display_name, colors: {primary, secondary}, logo, logo_url, contrast}`: the stored
    /// theme plus what the server derives from it (see [`with_derived`]).
    pub theme: Value,
    /// Origins (scheme, host, port) of pages allowed to embed the portal and call the API.
    pub allowed_origins: Vec<String>,
}

#[derive(sqlx::FromRow)]
struct MunicipalityRow {
    ars: String,
    name: String,
    kind: String,
    parent_ars: Option<String>,
    theme: String,
    allowed_origins: String,
}

impl TryFrom<MunicipalityRow> for Municipality {
    type Error = ApiError;

    fn try_from(row: MunicipalityRow) -> Result<Self, ApiError> {
        let theme = with_derived(
            &row.ars,
            serde_json::from_str(&row.theme).map_err(ApiError::internal)?,
        );
        Ok(Municipality {
            ars: row.ars,
            name: row.name,
            kind: row.kind,
            parent_ars: row.parent_ars,
            theme,
            allowed_origins: serde_json::from_str(&row.allowed_origins)
                .map_err(ApiError::internal)?,
        })
    }
}

const MUNICIPALITY_COLUMNS: &str = "ars, name, kind, parent_ars, theme, allowed_origins";

async fn municipalities_index(
    State(state): State<AppState>,
) -> Result<Json<Vec<Municipality>>, ApiError> {
    let rows = sqlx::query_as::<_, MunicipalityRow>(&format!(
        "SELECT {MUNICIPALITY_COLUMNS} FROM municipalities ORDER BY ars"
    ))
    .fetch_all(state.store.db())
    .await?;
    Ok(Json(
        rows.into_iter()
            .map(Municipality::try_from)
            .collect::<Result<_, _>>()?,
    ))
}

async fn municipalities_show(
    State(state): State<AppState>,
    Path(ars): Path<String>,
) -> Result<Json<Municipality>, ApiError> {
    Ok(Json(find_municipality(&state, &ars).await?))
}

async fn find_municipality(state: &AppState, ars: &str) -> Result<Municipality, ApiError> {
    sqlx::query_as::<_, MunicipalityRow>(&format!(
        "SELECT {MUNICIPALITY_COLUMNS} FROM municipalities WHERE ars = ?1"
    ))
    .bind(ars)
    .fetch_optional(state.store.db())
    .await?
    .ok_or_else(|| ApiError::NotFound(format!("No municipality with ARS {ars}.")))?
    .try_into()
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

/// The policy of a logo opened on its own: an SVG may style itself, nothing else.
pub const LOGO_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'";

/// The municipality's logo, decoded from the `data:` URL of its theme (checked when it was
/// seeded): public like the portal's files (any origin may load it), revalidated by ETag.
async fn logo_show(
    State(state): State<AppState>,
    Path(ars): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let stored: Option<String> =
        sqlx::query_scalar("SELECT theme FROM municipalities WHERE ars = ?1")
            .bind(&ars)
            .fetch_optional(state.store.db())
            .await?;
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

/// Every origin any municipality allows (for CORS).
pub async fn allowed_origins(db: &AnyPool) -> Result<HashSet<String>, sqlx::Error> {
    let lists: Vec<String> = sqlx::query_scalar("SELECT allowed_origins FROM municipalities")
        .fetch_all(db)
        .await?;
    Ok(lists
        .iter()
        .filter_map(|list| serde_json::from_str::<Vec<String>>(list).ok())
        .flatten()
        .collect())
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

#[derive(Debug, Serialize)]
pub struct Catalogue {
    pub municipality: Municipality,
    pub services: Vec<ServiceSummary>,
    /// The categories of the portal's services (all of them, whatever the filter).
    pub categories: Vec<Topic>,
    /// The life situations of the portal's services.
    pub life_situations: Vec<Topic>,
}

/// A category or life situation.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Topic {
    pub id: String,
    pub name: String,
}

/// A body offering a service online in place of the municipality (e.g. EA.SH).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Provider {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Serialize)]
pub struct ServiceSummary {
    pub leika: String,
    pub name: String,
    pub summary: String,
    pub form: Option<FormRef>,
    pub external_url: Option<String>,
    /// Ids of its categories.
    pub categories: Vec<String>,
    /// Ids of its life situations.
    pub life_situations: Vec<String>,
    /// One of the most used services.
    pub popular: bool,
    /// Offered by another body (EA.SH), if so.
    pub provider: Option<Provider>,
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    leika: String,
    name: String,
    summary: String,
    form_id: Option<String>,
    form_version: Option<i64>,
    external_url: Option<String>,
    popular: i64,
    provider_id: Option<String>,
    provider_name: Option<String>,
    topics: Option<String>,
}

/// The services a municipality's portal offers, in the portal's order; optionally filtered by a search query that ignores case, umlauts and ß, by
/// category, life situation or popularity.
async fn catalogue_show(
    State(state): State<AppState>,
    Path(ars): Path<String>,
    Query(query): Query<CatalogueQuery>,
    lang: RequestLang,
) -> Result<Json<Catalogue>, ApiError> {
    let municipality = find_municipality(&state, &ars).await?;
    let lang = lang.code();
    // Column names come from `lang`, which is one of two constants.
    let mut sql: QueryBuilder<Any> = QueryBuilder::new(format!(
        "SELECT s.leika, s.name_{lang} AS name, s.summary_{lang} AS summary,
                f.id AS form_id, f.version AS form_version, s.external_url, s.popular,
                p.id AS provider_id, p.name_{lang} AS provider_name,
                (SELECT group_concat(t.kind || ':' || t.id, ' ')
                 FROM service_topics st JOIN topics t ON t.id = st.topic_id
                 WHERE st.leika = s.leika) AS topics
         FROM municipality_services ms
         JOIN services s ON s.leika = ms.leika
         LEFT JOIN authorities p ON p.id = s.provider_id
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
    for topic in [&query.category, &query.life_situation]
        .into_iter()
        .flatten()
    {
        sql.push(" AND EXISTS (SELECT 1 FROM service_topics st WHERE st.leika = s.leika AND st.topic_id = ")
            .push_bind(topic)
            .push(")");
    }
    if query.popular == Some(true) {
        sql.push(" AND s.popular = 1");
    }
    sql.push(" ORDER BY ms.position, s.leika");
    let rows: Vec<SummaryRow> = sql.build_query_as().fetch_all(state.store.db()).await?;
    let services = rows
        .into_iter()
        .map(|row| {
            let topics = row.topics.unwrap_or_default();
            let of_kind = |kind: &str| -> Vec<String> {
                let prefix = format!("{kind}:");
                topics
                    .split(' ')
                    .filter_map(|t| t.strip_prefix(prefix.as_str()))
                    .map(str::to_owned)
                    .collect()
            };
            ServiceSummary {
                categories: of_kind("category"),
                life_situations: of_kind("life_situation"),
                leika: row.leika,
                name: row.name,
                summary: row.summary,
                form: FormRef::from_columns(row.form_id, row.form_version),
                external_url: row.external_url,
                popular: row.popular != 0,
                provider: row
                    .provider_id
                    .zip(row.provider_name)
                    .map(|(id, name)| Provider { id, name }),
            }
        })
        .collect();
    let topics_sql = format!(
        "SELECT DISTINCT t.id, t.name_{lang} AS name
             FROM topics t
             JOIN service_topics st ON st.topic_id = t.id
             JOIN municipality_services ms ON ms.leika = st.leika
             WHERE ms.ars = ?1 AND t.kind = ?2
             ORDER BY t.position"
    );
    let categories = sqlx::query_as::<_, Topic>(&topics_sql)
        .bind(&ars)
        .bind("category")
        .fetch_all(state.store.db())
        .await?;
    let life_situations = sqlx::query_as::<_, Topic>(&topics_sql)
        .bind(&ars)
        .bind("life_situation")
        .fetch_all(state.store.db())
        .await?;
    Ok(Json(Catalogue {
        municipality,
        services,
        categories,
        life_situations,
    }))
}
