// SPDX-License-Identifier: EUPL-1.2
//! The API's own description: OpenAPI 3.1 at `/api/openapi.json`.

use axum::{
    Router,
    http::{HeaderValue, header},
    response::IntoResponse,
    routing::get,
};

use crate::AppState;

/// The OpenAPI 3.1 document (`openapi.json` in the crate), written by hand and checked
/// against the running server by `tests/openapi.rs`.
pub const OPENAPI_JSON: &str = include_str!("../../openapi.json");

/// The JSON Schema of the form definition format, maintained by the form engine.
pub const FORM_DEFINITION_SCHEMA: &str =
    include_str!("../../../form-engine/schema/form-definition.schema.json");

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi_show))
        .route(
            "/schemas/form-definition.json",
            get(form_definition_schema_show),
        )
}

async fn form_definition_schema_show() -> impl IntoResponse {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/schema+json"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        FORM_DEFINITION_SCHEMA,
    )
}

async fn openapi_show() -> impl IntoResponse {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        OPENAPI_JSON,
    )
}
