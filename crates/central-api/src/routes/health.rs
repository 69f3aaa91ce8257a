// SPDX-License-Identifier: EUPL-1.2
//! Liveness and readiness.

use axum::{Json, Router, extract::State, routing::get};
use serde_json::{Value, json};

use crate::{AppState, error::ApiError};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health_show))
        .route("/ready", get(ready_show))
}

/// The process runs.
async fn health_show() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// The process can serve requests: the database answers.
async fn ready_show(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    state.store.catalogue().service_count().await?;
    Ok(Json(json!({ "status": "ready" })))
}
