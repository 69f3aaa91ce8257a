// SPDX-License-Identifier: EUPL-1.2
//! The API's one error type. Every error answers as RFC 9457 `application/problem+json`;
//! field errors travel in an `errors` member with the `{ path, code, detail }` shape the
//! portal renders. Internal errors are logged here and hidden from clients.

use axum::{
    Json,
    extract::rejection::JsonRejection,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};

/// Media type of RFC 9457 problem details.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// An error answered to the client as problem details.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the request is malformed (bad JSON, missing header, ...).
    #[error("bad request: {0}")]
    BadRequest(String),
    /// 400: a JSON body whose value at one place does not fit (a number where a string
    /// belongs, a member missing): the problem's `errors` names the place.
    #[error("bad request: {detail}")]
    BadJson { detail: String, field: FieldProblem },
    /// 401: the request carries no credentials.
    #[error("unauthorized")]
    Unauthorized,
    /// 401: the bearer token given is not valid (unknown, expired, of a removed client):
    /// said so in `WWW-Authenticate` (RFC 6750, 3.1), so that a client gets a new one.
    #[error("invalid token")]
    InvalidToken,
    /// 404: nothing (visible to this client) at this address.
    #[error("not found: {0}")]
    NotFound(String),
    /// 409: the idempotency key was used before with a different request body.
    #[error("idempotency key reused with a different request")]
    IdempotencyConflict,
    /// 409: the resource is not in a state that allows this (e.g. upload after finalize).
    #[error("conflict: {0}")]
    Conflict(String),
    /// 429: too many requests from this client; retry after the seconds given.
    #[error("too many requests")]
    TooManyRequests(u64),
    /// 429: a quota of this client is used up (e.g. bytes uploaded per hour); retry after
    /// the seconds given.
    #[error("quota exceeded: {0}")]
    QuotaExceeded(String, u64),
    /// 408: the body did not arrive in time.
    #[error("request timeout: {0}")]
    RequestTimeout(String),
    /// 503: this instance cannot serve now (e.g. its database refuses writes).
    #[error("unavailable: {0}")]
    Unavailable(String),
    /// 507: the relay's storage quota is used up.
    #[error("insufficient storage: {0}")]
    InsufficientStorage(String),
    /// 405: the address exists, but not for this method (the answer's `Allow` names
    /// those it takes).
    #[error("method not allowed")]
    MethodNotAllowed,
    /// 413: the body is larger than allowed.
    #[error("payload too large")]
    PayloadTooLarge,
    /// 415: the body is not JSON.
    #[error("unsupported media type: {0}")]
    UnsupportedMediaType(String),
    /// 422: the request is well-formed but refers to something that does not fit
    /// (unknown service, form not offered for it, ...).
    #[error("unprocessable: {0}")]
    Unprocessable(String),
    /// 422: the answers failed the form's validation.
    #[error("{} field error(s)", .0.len())]
    Validation(Vec<FieldProblem>),
    /// 400: values of the body are not of the form the API takes (not a UUID, not a
    /// JWE, …): what FIT-Connect's schemas refuse as a bad request. Named as
    /// [`ApiError::Validation`] names its problems.
    #[error("{} malformed value(s)", .0.len())]
    Malformed(Vec<FieldProblem>),
    /// 503: the competent authority has no valid current encryption key (none
    /// registered, expired or broken): nothing can be encrypted for it until its
    /// operator registers one. Names the authority.
    #[error("no valid key: {detail}")]
    NoValidKey { authority: String, detail: String },
    /// A refusal of the FIT-Connect Submission API with one of its problem types
    /// (`https://schema.fitko.de/fit-connect/submission-api/problems/<kind>`).
    #[error("{title}: {detail}")]
    Protocol {
        status: StatusCode,
        kind: &'static str,
        title: &'static str,
        detail: String,
    },
    /// 403: the caller's token does not allow this.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// 500: anything else. The message is logged, never shown.
    #[error("internal error: {0}")]
    Internal(String),
}

pub use api_types::{FieldProblem, Problem};

impl ApiError {
    /// Wraps any error as an internal one.
    pub fn internal(err: impl std::fmt::Display) -> Self {
        ApiError::Internal(err.to_string())
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) | ApiError::BadJson { .. } | ApiError::Malformed(_) => {
                StatusCode::BAD_REQUEST
            }
            ApiError::Unauthorized | ApiError::InvalidToken => StatusCode::UNAUTHORIZED,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::IdempotencyConflict | ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::TooManyRequests(_) | ApiError::QuotaExceeded(..) => {
                StatusCode::TOO_MANY_REQUESTS
            }
            ApiError::RequestTimeout(_) => StatusCode::REQUEST_TIMEOUT,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::InsufficientStorage(_) => StatusCode::INSUFFICIENT_STORAGE,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Unprocessable(_) | ApiError::Validation(_) => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            ApiError::NoValidKey { .. } => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Protocol { status, .. } => *status,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The problem document sent to the client.
    pub fn problem(&self) -> Problem {
        let status = self.status();
        let (kind, title, detail) = match self {
            ApiError::BadRequest(d) | ApiError::BadJson { detail: d, .. } => {
                ("bad-request", "Bad request", Some(d.clone()))
            }
            ApiError::Unauthorized => (
                "unauthorized",
                "Unauthorized",
                Some("This resource needs a bearer token.".to_owned()),
            ),
            ApiError::InvalidToken => (
                "unauthorized",
                "Unauthorized",
                Some(
                    "The bearer token is not valid (unknown or expired): get a new one.".to_owned(),
                ),
            ),
            ApiError::NotFound(d) => ("not-found", "Not found", Some(d.clone())),
            ApiError::IdempotencyConflict => (
                "idempotency-key-reused",
                "Idempotency key reused",
                Some(
                    "This Idempotency-Key was already used for a different request body."
                        .to_owned(),
                ),
            ),
            ApiError::Conflict(d) => ("conflict", "Conflict", Some(d.clone())),
            ApiError::TooManyRequests(seconds) => (
                "too-many-requests",
                "Too many requests",
                Some(format!("Too many submissions; try again in {seconds} s.")),
            ),
            ApiError::QuotaExceeded(d, _) => ("quota-exceeded", "Quota exceeded", Some(d.clone())),
            ApiError::RequestTimeout(d) => ("request-timeout", "Request timeout", Some(d.clone())),
            ApiError::Unavailable(d) => ("unavailable", "Service unavailable", Some(d.clone())),
            ApiError::InsufficientStorage(d) => (
                "insufficient-storage",
                "Insufficient storage",
                Some(d.clone()),
            ),
            ApiError::MethodNotAllowed => (
                "method-not-allowed",
                "Method not allowed",
                Some(
                    "This address does not take this method; `Allow` names those it takes."
                        .to_owned(),
                ),
            ),
            ApiError::PayloadTooLarge => (
                "payload-too-large",
                "Payload too large",
                Some("The request body is larger than allowed.".to_owned()),
            ),
            ApiError::UnsupportedMediaType(d) => (
                "unsupported-media-type",
                "Unsupported media type",
                Some(d.clone()),
            ),
            ApiError::Unprocessable(d) => {
                ("unprocessable", "Unprocessable request", Some(d.clone()))
            }
            ApiError::Validation(errors) => (
                "validation-failed",
                "Validation failed",
                Some(format!("{} answer(s) need attention.", errors.len())),
            ),
            ApiError::Malformed(errors) => (
                "malformed-request",
                "Malformed request",
                Some(format!(
                    "{} value(s) of the request are not of the form the API takes.",
                    errors.len()
                )),
            ),
            ApiError::NoValidKey { detail, .. } => (
                "no-valid-key",
                "No valid encryption key",
                Some(detail.clone()),
            ),
            ApiError::Protocol {
                kind,
                title,
                detail,
                ..
            } => {
                return Problem {
                    r#type: crate::fit_connect::destinations::problem_type(kind),
                    title: (*title).to_owned(),
                    status: status.as_u16(),
                    detail: Some(detail.clone()),
                    errors: None,
                    authority: None,
                };
            }
            ApiError::Forbidden(d) => ("forbidden", "Forbidden", Some(d.clone())),
            ApiError::Internal(_) => (
                "internal-error",
                "Internal server error",
                Some("Something went wrong on our side. Please try again later.".to_owned()),
            ),
        };
        Problem {
            r#type: format!("urn:buergerportal:problem:{kind}"),
            title: title.to_owned(),
            status: status.as_u16(),
            detail,
            errors: match self {
                ApiError::Validation(errors) | ApiError::Malformed(errors) => Some(errors.clone()),
                ApiError::BadJson { field, .. } => Some(vec![field.clone()]),
                _ => None,
            },
            authority: match self {
                ApiError::NoValidKey { authority, .. } => Some(authority.clone()),
                _ => None,
            },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(message) = &self {
            // Internal messages come from our code and the database driver; they never
            // carry answer values.
            tracing::error!(error = %message, "internal error");
        }
        let status = self.status();
        let mut response = (status, Json(self.problem())).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if let ApiError::TooManyRequests(seconds) | ApiError::QuotaExceeded(_, seconds) = &self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(*seconds));
        }
        let challenge = match self {
            ApiError::Unauthorized => Some("Bearer"),
            ApiError::InvalidToken => Some("Bearer error=\"invalid_token\""),
            _ => None,
        };
        if let Some(challenge) = challenge {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static(challenge),
            );
        }
        response
    }
}

impl From<crate::store::StoreError> for ApiError {
    fn from(err: crate::store::StoreError) -> Self {
        // PostgreSQL refuses a NUL in a text (SQLSTATE 22021, "invalid byte sequence for
        // encoding UTF8: 0x00"): the client's text, not our fault. Addresses and the
        // members we know are checked before (address.rs, the submissions' checks); this
        // is the net for any other.
        if let crate::store::StoreError::Database(sqlx::Error::Database(db)) = &err
            && db.code().as_deref() == Some("22021")
        {
            return ApiError::BadRequest(
                "A text in this request holds a NUL character (U+0000), which is not accepted."
                    .into(),
            );
        }
        ApiError::internal(err)
    }
}

impl From<crate::keys::KeyProblem> for ApiError {
    fn from(problem: crate::keys::KeyProblem) -> Self {
        match problem.authority() {
            Some(authority) => {
                // Logged: the operator has to act (register, rotate or sign a key).
                tracing::error!(authority = %authority, "{problem}");
                ApiError::NoValidKey {
                    authority: authority.to_owned(),
                    detail: format!(
                        "No application can be encrypted for the competent authority now: {problem}."
                    ),
                }
            }
            None => ApiError::internal(problem),
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => {
                ApiError::UnsupportedMediaType("Expected `Content-Type: application/json`.".into())
            }
            // Syntax and data errors: the text names the position, which helps the client.
            _ => ApiError::BadRequest(rejection.body_text()),
        }
    }
}

/// A bare 405 of the router (a known address asked with another method: empty body, no
/// content type) answered as problem+json like every other error of the API, its
/// `Allow` kept. For `axum::middleware::map_response` on the API's routers; any other
/// answer passes unchanged, and so does a 405 that already has a body of its own.
pub async fn method_not_allowed_problem(response: Response) -> Response {
    if response.status() != StatusCode::METHOD_NOT_ALLOWED
        || response.headers().contains_key(header::CONTENT_TYPE)
    {
        return response;
    }
    let (mut parts, _empty) = response.into_parts();
    let (problem, body) = ApiError::MethodNotAllowed.into_response().into_parts();
    // The router's headers (`Allow` above all) stay; those of the body are the problem's.
    parts.headers.remove(header::CONTENT_LENGTH);
    for (name, value) in &problem.headers {
        parts.headers.insert(name, value.clone());
    }
    Response::from_parts(parts, body)
}

/// Fallback for unknown `/api/...` paths.
pub async fn api_not_found() -> ApiError {
    ApiError::NotFound("There is no API endpoint at this address.".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_hide_their_message() {
        let problem = ApiError::internal("no such table: secrets").problem();
        assert_eq!(problem.status, 500);
        let text = serde_json::to_string(&problem).unwrap();
        assert!(!text.contains("secrets"), "{text}");
    }

    #[tokio::test]
    async fn the_routers_bare_405_becomes_a_problem_that_keeps_allow() {
        let bare = (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET,HEAD"), (header::CONTENT_LENGTH, "0")],
        )
            .into_response();
        let answer = method_not_allowed_problem(bare).await;
        assert_eq!(answer.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(answer.headers()[header::ALLOW], "GET,HEAD");
        assert_eq!(answer.headers()[header::CONTENT_TYPE], PROBLEM_JSON);
        assert!(answer.headers().get(header::CONTENT_LENGTH).is_none());
        let body = axum::body::to_bytes(answer.into_body(), 4096)
            .await
            .expect("body");
        let problem: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
        assert_eq!(
            problem["type"],
            "urn:buergerportal:problem:method-not-allowed"
        );
        assert_eq!(problem["status"], 405);
        // Other answers, and a 405 that has a body of its own, pass unchanged.
        let ok = method_not_allowed_problem(StatusCode::NO_CONTENT.into_response()).await;
        assert_eq!(ok.status(), StatusCode::NO_CONTENT);
        assert!(ok.headers().get(header::CONTENT_TYPE).is_none());
        let own = method_not_allowed_problem(
            (StatusCode::METHOD_NOT_ALLOWED, "Use POST\n").into_response(),
        )
        .await;
        assert!(
            own.headers()[header::CONTENT_TYPE]
                .to_str()
                .expect("ASCII")
                .starts_with("text/plain")
        );
    }

    #[test]
    fn validation_problem_lists_field_errors() {
        let mut data = serde_json::Map::new();
        data.insert("max".into(), 120.into());
        let problem = ApiError::Validation(vec![FieldProblem {
            path: "trade_name".into(),
            code: "too_long".into(),
            detail: "Zu lang".into(),
            data,
        }])
        .problem();
        assert_eq!(
            serde_json::to_value(&problem).unwrap()["errors"],
            serde_json::json!([{"path": "trade_name", "code": "too_long", "detail": "Zu lang", "max": 120}])
        );
    }
}
