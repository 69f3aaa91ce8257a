// SPDX-License-Identifier: EUPL-1.2
//! A deadline for a request's whole body. The body timeout of `tower_http` counts only
//! the pauses between bytes: a client that sends one byte a second holds its connection
//! (and its place among `max_connections`) for as long as it likes, and a few addresses
//! doing so lock everybody else out. Here a body must arrive at a [`Pace`]: by default
//! 16 KiB/s on average after 10 s of grace, so a JSON body of a few kilobytes within
//! about ten seconds and the largest (1 MiB) within about a minute and a quarter, which
//! a mobile line of 1 Mbit/s keeps easily.
//!
//! The body is read here, within its deadline, and handed on whole: the API's bodies
//! are JSON the handlers read whole anyway. The attachment upload streams its body into
//! the database within a deadline of the same pace (`fit_connect::upload`), so it is
//! left alone here.

use std::time::Duration;

use axum::{
    body::{Body, to_bytes},
    extract::{MatchedPath, Request, State},
    http::{HeaderMap, Method, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::{MAX_BODY_BYTES, error::ApiError, fit_connect::oauth};

/// The slowest a request body may arrive (`central-api serve --body-grace-seconds …
/// --min-body-bytes-per-second …`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pace {
    /// Time every body has before the pace counts (a slow start, a lost packet).
    pub grace: Duration,
    /// The average pace below which a body is given up.
    pub min_bytes_per_second: u64,
}

impl Default for Pace {
    fn default() -> Self {
        Pace {
            grace: Duration::from_secs(10),
            min_bytes_per_second: 16 * 1024,
        }
    }
}

impl Pace {
    /// The time a body of `length` bytes may take.
    pub fn allowed(&self, length: u64) -> Duration {
        self.grace + Duration::from_secs(length.div_ceil(self.min_bytes_per_second.max(1)))
    }

    /// What a client is told when its body did not arrive within `deadline`.
    pub fn missed(&self, deadline: Duration) -> ApiError {
        ApiError::RequestTimeout(format!(
            "The request's body did not arrive within {} s (at least {} bytes a second after the first {} s).",
            deadline.as_secs(),
            self.min_bytes_per_second,
            self.grace.as_secs()
        ))
    }
}

/// Middleware: reads the request's body within [`Pace::allowed`] for its declared
/// length (or for the most a body may have, [`MAX_BODY_BYTES`], when it declares none),
/// answering 408 when it does not arrive in time and 413 when it is, or turns out,
/// longer than that most (in OAuth's format at the token endpoint).
pub async fn limit(State(pace): State<Pace>, request: Request, next: Next) -> Response {
    let declared = declared_length(request.headers());
    if !has_body(request.method(), declared) || streams_its_body(&request) {
        return next.run(request).await;
    }
    let oauth = request
        .extensions()
        .get::<MatchedPath>()
        .is_some_and(|path| path.as_str() == oauth::TOKEN_ROUTE);
    // Refused before a byte is read (the handlers' extractors would read up to the
    // limit first, at the idle timeout's pace); hyper then sends no `100 Continue`.
    if declared.is_some_and(|length| length > MAX_BODY_BYTES as u64) {
        return refusal(ApiError::PayloadTooLarge, oauth);
    }
    let deadline = pace.allowed(declared.unwrap_or(MAX_BODY_BYTES as u64));
    let (parts, body) = request.into_parts();
    let bytes = match tokio::time::timeout(deadline, to_bytes(body, MAX_BODY_BYTES)).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(error)) => return refusal(body_error(&error), oauth),
        Err(_) => return refusal(pace.missed(deadline), oauth),
    };
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// `error` as a problem, or in OAuth's format for the token endpoint, which answers
/// every refusal so (RFC 6749, section 5.2).
fn refusal(error: ApiError, oauth: bool) -> Response {
    if oauth {
        oauth::oauth_error(error.status(), "invalid_request", &error.to_string())
    } else {
        error.into_response()
    }
}

/// The length a request declares for its body (`Content-Length`), if it declares one
/// that is a number; `None` for a chunked body or one whose length is not a number
/// (hyper has refused those that contradict themselves before this is asked).
pub fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}

/// Whether a request of `method` whose body declares `declared` bytes
/// ([`declared_length`]) can carry a body worth waiting for (GET, HEAD and friends, or
/// a declared length of 0, cannot).
fn has_body(method: &Method, declared: Option<u64>) -> bool {
    let bodiless = matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::DELETE
    );
    !bodiless && declared != Some(0)
}

/// The attachment upload, which reads its body as a stream with its own deadline.
fn streams_its_body(request: &Request) -> bool {
    request
        .extensions()
        .get::<MatchedPath>()
        .is_some_and(|path| {
            path.as_str()
                .ends_with(crate::fit_connect::submissions::ATTACHMENT_ROUTE)
        })
}

/// A body that failed to arrive: too long (the limit of `to_bytes`), stalled (the idle
/// timeout of `tower_http`, outside this), or broken off.
fn body_error(error: &axum::Error) -> ApiError {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(cause) = source {
        if cause.is::<http_body_util::LengthLimitError>() {
            return ApiError::PayloadTooLarge;
        }
        if cause.is::<tower_http::timeout::TimeoutError>() {
            return ApiError::RequestTimeout("The request's body stopped arriving.".into());
        }
        source = cause.source();
    }
    ApiError::BadRequest(format!("The request's body could not be read: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_bodies_have_the_grace_and_large_ones_the_pace() {
        let pace = Pace::default();
        assert_eq!(pace.allowed(0), Duration::from_secs(10));
        assert_eq!(pace.allowed(2_000), Duration::from_secs(11));
        assert_eq!(pace.allowed(MAX_BODY_BYTES as u64), Duration::from_secs(74));
        let stalled = Pace {
            grace: Duration::from_secs(1),
            min_bytes_per_second: 0,
        };
        assert_eq!(
            stalled.allowed(10),
            Duration::from_secs(11),
            "0 counts as 1"
        );
    }

    #[test]
    fn the_declared_length_is_read_once_for_every_use() {
        let with = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::CONTENT_LENGTH, value.parse().expect("value"));
            declared_length(&headers)
        };
        assert_eq!(with("1000"), Some(1000));
        assert_eq!(with("0"), Some(0));
        assert_eq!(with("-1"), None);
        assert_eq!(with("ten"), None);
        assert_eq!(declared_length(&HeaderMap::new()), None);
        assert!(has_body(&Method::POST, Some(1000)));
        assert!(
            has_body(&Method::PUT, None),
            "chunked: a body of unknown length"
        );
        assert!(!has_body(&Method::POST, Some(0)));
        assert!(!has_body(&Method::GET, Some(1000)));
    }
}
