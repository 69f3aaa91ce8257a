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

/// The process can serve requests: the database answers and takes a write (a full disk
/// or a read-only database makes the instance not ready, so a load balancer sends
/// citizens elsewhere instead of letting their submissions fail).
async fn ready_show(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    state.store.catalogue().service_count().await?;
    if let Err(err) = state.store.record_ready(&state.instance).await {
        tracing::error!(error = %err, "not ready: the database refuses writes");
        return Err(ApiError::Unavailable(
            "The database does not take writes at the moment.".into(),
        ));
    }
    Ok(Json(json!({ "status": "ready" })))
}
