// SPDX-License-Identifier: EUPL-1.2
//! The event log of a case (`/v1/cases/{caseId}/events`): Security Event Tokens in the
//! order they were written. The relay writes `create-submission` and `submit-submission`
//! when a submission is created and submitted; the destination's subscriber sends `accept-submission` or
//! `reject-submission`, signed with one of the authority's registered signature keys.
//! Such an event decides the submission: the citizen's status page
//! (`GET /api/submissions/{reference}`) shows what it says, and a reject event's
//! problems are the reason given.

use axum::{
    Json, Router,
    body::Bytes,
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use serde_json::{Value, json};

use super::{is_uuid, oauth::Caller, set, submissions::Page};
use crate::{
    AppState,
    error::ApiError,
    extract::{ApiPath, ApiQuery},
    jwe,
    store::submissions::{CaseEvent, FitRow},
};

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/cases/{case_id}/events",
        get(events_index).post(events_create),
    )
}

/// How far an event's `iat` may lie ahead of the relay's clock.
const MAX_CLOCK_SKEW_SECONDS: i64 = 300;

/// Longest reason kept from a reject event's problems (the citizen reads it).
const MAX_REASON_BYTES: usize = 2000;

fn case_not_found(case_id: &str) -> ApiError {
    ApiError::NotFound(format!("There is no case {case_id} for this client."))
}

/// The case's submission if the caller sent it, or receives for its destination and it
/// was submitted (a subscriber sees neither the submission nor its case before: the
/// case showed its creation while the submission was not found). An id that is no UUID
/// is a 400, as for submissions.
async fn visible_case(
    state: &AppState,
    caller: &Caller,
    case_id: &str,
) -> Result<FitRow, ApiError> {
    let id = super::uuid_named("caseId", case_id)?;
    let row = state.store.submissions().by_case(&id).await?;
    row.filter(|row| {
        row.sender_client.as_deref() == Some(caller.client_id.as_str())
            || (caller.subscribes_to(&row.destination_id) && row.status != "draft")
    })
    .ok_or_else(|| case_not_found(case_id))
}

/// `GET /v1/cases/{caseId}/events`: the case's event log, oldest first.
async fn events_index(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(case_id): ApiPath<String>,
    ApiQuery(page): ApiQuery<Page>,
) -> Result<Response, ApiError> {
    let (offset, limit) = page.bounds()?;
    // The case as the relay names it: the path may write its id another way.
    let row = visible_case(&state, &caller, &case_id).await?;
    let all = state.store.case_events().of_case(&row.case_id).await?;
    let total = all.len();
    let events: Vec<String> = all
        .into_iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or(0))
        .collect();
    Ok(super::no_store(Json(json!({
        "count": events.len(),
        "offset": offset,
        "totalCount": total,
        "eventLog": events,
    }))))
}

/// A refusal of an event that is well-formed but does not fit (422), FIT-Connect's way.
fn unfit(detail: impl Into<String>) -> ApiError {
    ApiError::Unprocessable(detail.into())
}

/// `POST /v1/cases/{caseId}/events` (the destination's subscriber, `application/jose`):
/// an accept or reject event for the case's submission, signed by the authority.
async fn events_create(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(case_id): ApiPath<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let is_jose = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case(jwe::MEDIA_TYPE));
    if !is_jose {
        return Err(ApiError::UnsupportedMediaType(
            "An event is sent as Content-Type: application/jose (a signed JWT).".into(),
        ));
    }
    if body.len() > set::MAX_LEN {
        return Err(ApiError::PayloadTooLarge);
    }
    let row = visible_case(&state, &caller, &case_id).await?;
    if !caller.subscribes_to(&row.destination_id) {
        return Err(ApiError::Forbidden(
            "Only the destination's subscriber sends events for its cases.".into(),
        ));
    }
    let token = std::str::from_utf8(&body)
        .map(str::trim)
        .map_err(|_| ApiError::BadRequest("The event is not text.".into()))?;
    let kid = set::kid(token).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    let key = state
        .store
        .signing_keys()
        .authority_key(&row.authority_id, &kid)
        .await?
        .filter(|(_, status)| status == "current")
        .and_then(|(jwk, _)| jwe::public_key_from_jwk(&jwk))
        .ok_or_else(|| {
            unfit(format!(
                "{kid} is not a valid signature key of the destination (see GET /v1/destinations/{}/keys/{kid}).",
                row.destination_id
            ))
        })?;
    let claims = set::verify(token, &key).map_err(|e| unfit(e.to_string()))?;
    check_claims(&claims, &row)?;
    let (name, payload) =
        set::event(&claims).ok_or_else(|| unfit("`events` must hold exactly one event."))?;
    // FIT-Connect still allows an event without its payload, in a token that names no
    // `$schema` (whose schema would require the payload; docs.fitko.de, "SET Erzeugung").
    // Such an acceptance names no authentication tags to check, such a rejection no reason.
    let bare = claims.get("$schema").is_none()
        && payload.as_object().is_some_and(serde_json::Map::is_empty);
    let (status, reason) = match name {
        set::ACCEPT if bare => ("accepted", None),
        set::ACCEPT => {
            check_tags(&state, &row, payload).await?;
            ("accepted", None)
        }
        set::REJECT if bare => ("rejected", None),
        set::REJECT => ("rejected", Some(reason_of(payload)?)),
        other => {
            return Err(unfit(format!(
                "A subscriber sends {} or {}, not {other}.",
                set::ACCEPT,
                set::REJECT
            )));
        }
    };
    if row.status != "received" {
        return Err(ApiError::Conflict(format!(
            "The submission is {} already.",
            row.status
        )));
    }
    let decided = state
        .store
        .submissions()
        .decide_by_event(
            row.id,
            status,
            reason.as_deref(),
            CaseEvent {
                case_id: &row.case_id,
                submission_uuid: &row.submission_uuid,
                name,
                token,
            },
        )
        .await?;
    if !decided {
        return Err(ApiError::Conflict(
            "The submission was decided already.".into(),
        ));
    }
    tracing::info!(reference = %row.reference, status, "decision event recorded");
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The claims must be about this case's submission, from its destination.
fn check_claims(claims: &Value, row: &FitRow) -> Result<(), ApiError> {
    if claims["iss"] != row.destination_id.as_str() {
        return Err(unfit("`iss` must be the destination's id."));
    }
    if claims["sub"] != format!("submission:{}", row.submission_uuid).as_str() {
        return Err(unfit(
            "`sub` must be submission:<the case's submission id>.",
        ));
    }
    if claims["txn"] != format!("case:{}", row.case_id).as_str() {
        return Err(unfit("`txn` must be case:<this case's id>."));
    }
    if !claims["jti"].as_str().is_some_and(is_uuid) {
        return Err(unfit("`jti` must be a UUID."));
    }
    // The time of issue: not before the epoch, nor later than now and five minutes of
    // clock skew (a date far ahead would stand in the case's log as the decision's).
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let latest = i64::try_from(now)
        .unwrap_or(i64::MAX)
        .saturating_add(MAX_CLOCK_SKEW_SECONDS);
    if !claims["iat"]
        .as_i64()
        .is_some_and(|iat| (0..=latest).contains(&iat))
    {
        return Err(unfit(
            "`iat` must be the time of issue in Unix seconds (not in the future).",
        ));
    }
    Ok(())
}

/// An accept event's `authenticationTags` must name the very texts submitted.
async fn check_tags(state: &AppState, row: &FitRow, payload: &Value) -> Result<(), ApiError> {
    let tags = &payload["authenticationTags"];
    if tags.is_null() {
        return Err(unfit(
            "An accept event names what was accepted: authenticationTags (metadata, data, attachments).",
        ));
    }
    if tags["metadata"] != set::auth_tag(&row.encrypted_metadata) {
        return Err(unfit(
            "authenticationTags.metadata does not match what was submitted.",
        ));
    }
    if !row.encrypted_data.is_empty() && tags["data"] != set::auth_tag(&row.encrypted_data) {
        return Err(unfit(
            "authenticationTags.data does not match what was submitted.",
        ));
    }
    for (id, tag) in state.store.attachments().auth_tags(row.id).await? {
        if tags["attachments"][&id] != tag.as_str() {
            return Err(unfit(format!(
                "authenticationTags.attachments.{id} does not match what was submitted."
            )));
        }
    }
    Ok(())
}

/// A reject event's reason for the citizen: its problems' details (or titles).
fn reason_of(payload: &Value) -> Result<String, ApiError> {
    let problems = payload["problems"]
        .as_array()
        .filter(|p| !p.is_empty())
        .ok_or_else(|| unfit("A reject event names its problems (`problems`)."))?;
    // Each problem says what it is (FIT-Connect's problems have a `title`, most a
    // `detail`): a rejection the citizen reads without a reason is refused. Control
    // characters are dropped (a NUL cannot be stored, and none is meant to be read).
    let mut texts = Vec::new();
    for (i, p) in problems.iter().enumerate() {
        let text: String = [&p["detail"], &p["title"]]
            .into_iter()
            .filter_map(Value::as_str)
            .map(|t| {
                // Line breaks and tabs are spaces in the one line the citizen reads; other
                // control characters go.
                let spaced: String = t
                    .chars()
                    .filter_map(|c| match c {
                        c if c.is_whitespace() => Some(' '),
                        c if c.is_control() => None,
                        c => Some(c),
                    })
                    .collect();
                spaced.split_whitespace().collect::<Vec<_>>().join(" ")
            })
            .find(|t| !t.trim().is_empty())
            .ok_or_else(|| {
                unfit(format!(
                    "A reject event's problem says what it is (`problems.{i}`: a `title` or `detail` of text)."
                ))
            })?;
        texts.push(text.trim().to_owned());
    }
    let mut reason = texts.join("; ");
    crate::shorten::truncate_to_bytes(&mut reason, MAX_REASON_BYTES);
    Ok(reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_come_from_problems() {
        let payload = json!({"problems": [
            {"type": "x", "title": "Unvollständig", "detail": "Die Anlage fehlt."},
            {"type": "y", "title": "Falsche Stelle"}
        ]});
        assert_eq!(
            reason_of(&payload).unwrap(),
            "Die Anlage fehlt.; Falsche Stelle"
        );
        assert!(reason_of(&json!({"problems": []})).is_err());
        // A problem that says nothing (no text, or not text) is no reason to read.
        for nothing in [
            json!({}),
            json!({"detail": 123}),
            json!({"title": " ", "detail": "\u{0}"}),
        ] {
            let error = reason_of(&json!({"problems": [{"title": "Gut"}, nothing]})).unwrap_err();
            assert!(error.to_string().contains("`problems.1`"), "{error}");
        }
        // Control characters are not kept (a NUL cannot be stored in PostgreSQL); line
        // breaks become spaces.
        assert_eq!(
            reason_of(
                &json!({"problems": [{"detail": "Anlage\u{0} fehlt\u{7}.\nBitte nachreichen."}]})
            )
            .unwrap(),
            "Anlage fehlt. Bitte nachreichen."
        );
        let long = json!({"problems": [{"detail": "ä".repeat(3000)}]});
        assert!(reason_of(&long).unwrap().len() <= MAX_REASON_BYTES);
    }
}
