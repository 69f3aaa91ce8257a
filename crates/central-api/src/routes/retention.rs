// SPDX-License-Identifier: EUPL-1.2
//! The relay's retention deadlines, as configured (`serve --retention-…`): public, so the
//! privacy notice says what this deployment actually does.

use axum::{Json, Router, extract::State, routing::get};
use serde::Serialize;

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/retention", get(retention_show))
}

/// Body of `GET /api/retention`.
#[derive(Debug, Serialize)]
pub struct RetentionDeadlines {
    /// Days a decided (accepted or rejected) submission is kept after the decision.
    pub decided_days: f64,
    /// Days a received submission is kept when the authority never fetches it.
    pub unfetched_days: f64,
    /// Hours a draft (attachments announced, not all uploaded) is kept.
    pub draft_hours: f64,
}

async fn retention_show(State(state): State<AppState>) -> Json<RetentionDeadlines> {
    const DAY: f64 = 24.0 * 60.0 * 60.0;
    let retention = &state.retention;
    Json(RetentionDeadlines {
        decided_days: retention.after_decision.as_secs_f64() / DAY,
        unfetched_days: retention.unfetched.as_secs_f64() / DAY,
        draft_hours: retention.drafts.as_secs_f64() / 3600.0,
    })
}
