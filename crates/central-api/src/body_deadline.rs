// SPDX-License-Identifier: EUPL-1.2
//! A pace for a request's body. The body timeout of `tower_http` counts only the pauses
//! between bytes: a client that sends one byte a second holds its connection (and its
//! place among `max_connections`) for as long as it likes, and a few addresses doing so
//! lock everybody else out. Here a body must keep a [`Pace`]: by default, after 10 s of
//! grace, 16 KiB for every second since it began, so a JSON body of a few kilobytes
//! within about ten seconds and the largest (1 MiB) within about a minute and a quarter,
//! which a mobile line of 1 Mbit/s keeps easily. The pace is checked as the body
//! arrives ([`paced`]), not only at the end: a body trickled a byte at a time is given
//! up when it falls behind, shortly after the grace, whatever length it declares.
//!
//! The body is read here and handed on whole: the API's bodies are JSON the handlers
//! read whole anyway. The attachment upload streams its body into the database at the
//! same pace (`fit_connect::upload`), so it is left alone here.

use std::time::Duration;

use axum::{
    body::{Body, Bytes},
    extract::{MatchedPath, Request, State},
    http::{HeaderMap, Method, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use futures_util::{Stream, StreamExt};

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
    /// How long after its start a transfer that has moved `moved` bytes may take to move
    /// more: the grace, and a second for every `min_bytes_per_second` of them. One rule for
    /// the bodies that come in ([`paced`]) and the answers that go out
    /// (`write_deadline`).
    pub fn allowed(&self, moved: u64) -> Duration {
        let per_second = self.min_bytes_per_second.max(1);
        self.grace.saturating_add(Duration::from_millis(
            moved.saturating_mul(1000) / per_second,
        ))
    }

    /// What a client is told when its body fell behind the pace.
    pub fn too_slow(&self) -> ApiError {
        ApiError::RequestTimeout(format!(
            "The request's body arrived slower than {} bytes a second (counted after the first {} s).",
            self.min_bytes_per_second,
            self.grace.as_secs()
        ))
    }
}

/// `body`'s data as it arrives, ending with [`Pace::too_slow`] as soon as it falls behind
/// `pace` (a body that has brought `n` bytes must bring more before [`Pace::allowed`]`(n)`
/// after it began), or with the problem of a body that broke off or stalled. What a body
/// brings ahead of the pace is time banked: a pause is fine as long as the average holds,
/// but early in a body only the grace covers one (a line that stalls for more than the
/// grace in its first seconds is given up, where the idle timeout alone allowed 30 s).
pub fn paced(body: Body, pace: Pace) -> impl Stream<Item = Result<Bytes, ApiError>> + Send {
    let start = tokio::time::Instant::now();
    let state = Some((body.into_data_stream(), 0u64));
    futures_util::stream::unfold(state, move |state| async move {
        let (mut data, received) = state?;
        let next = data.next();
        // (A due time past what an instant can hold waits as long as the body takes.)
        let arrived = match start.checked_add(pace.allowed(received)) {
            Some(due) => tokio::time::timeout_at(due, next).await,
            None => Ok(next.await),
        };
        match arrived {
            Err(_) => Some((Err(pace.too_slow()), None)),
            Ok(None) => None,
            Ok(Some(Err(error))) => Some((Err(body_error(&error)), None)),
            Ok(Some(Ok(bytes))) => {
                let received = received.saturating_add(bytes.len() as u64);
                Some((Ok(bytes), Some((data, received))))
            }
        }
    })
}

/// `body` whole, at `pace` ([`paced`]), and at most `max` bytes long.
async fn read_paced(body: Body, pace: Pace, max: usize) -> Result<Bytes, ApiError> {
    let mut whole = Vec::new();
    let mut data = std::pin::pin!(paced(body, pace));
    while let Some(bytes) = data.next().await {
        let bytes = bytes?;
        if whole.len() + bytes.len() > max {
            return Err(ApiError::PayloadTooLarge);
        }
        whole.extend_from_slice(&bytes);
    }
    Ok(Bytes::from(whole))
}

/// Middleware: reads the request's body at its [`Pace`] ([`paced`]), answering 408 when
/// it falls behind and 413 when it is, or turns out, longer than the most a body may have,
/// [`MAX_BODY_BYTES`] (in OAuth's format at the token endpoint).
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
    let (parts, body) = request.into_parts();
    let bytes = match read_paced(body, pace, MAX_BODY_BYTES).await {
        Ok(bytes) => bytes,
        Err(error) => return refusal(error, oauth),
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
        assert_eq!(pace.allowed(16 * 1024), Duration::from_secs(11));
        assert_eq!(pace.allowed(2_000), Duration::from_millis(10_122));
        assert_eq!(
            pace.allowed(MAX_BODY_BYTES as u64),
            Duration::from_secs(74),
            "1 MiB at 16 KiB a second"
        );
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
    fn more_must_come_a_second_later_for_every_paced_amount_received() {
        let pace = Pace {
            grace: Duration::from_secs(10),
            min_bytes_per_second: 1000,
        };
        assert_eq!(pace.allowed(0), Duration::from_secs(10));
        assert_eq!(pace.allowed(500), Duration::from_millis(10_500));
        assert_eq!(pace.allowed(5_000), Duration::from_secs(15));
        assert_eq!(
            pace.allowed(u64::MAX),
            Duration::from_secs(10) + Duration::from_millis(u64::MAX / 1000)
        );
        // An absurd grace saturates instead of overflowing.
        let endless = Pace {
            grace: Duration::MAX,
            min_bytes_per_second: 1,
        };
        assert_eq!(endless.allowed(1_000), Duration::MAX);
    }

    #[tokio::test(start_paused = true)]
    async fn a_body_that_falls_behind_the_pace_is_given_up_then() {
        let pace = Pace {
            grace: Duration::from_secs(1),
            min_bytes_per_second: 100,
        };
        // 10 bytes at once, then a byte every second: due at 1.1 s, given up then.
        let (sender, mut receiver) = tokio::sync::mpsc::channel::<Bytes>(8);
        let data = futures_util::stream::poll_fn(move |cx| {
            receiver
                .poll_recv(cx)
                .map(|bytes| bytes.map(Ok::<_, std::io::Error>))
        });
        let started = tokio::time::Instant::now();
        let reader = tokio::spawn(async move {
            let result = read_paced(Body::from_stream(data), pace, 1 << 20).await;
            (result, tokio::time::Instant::now())
        });
        sender
            .send(Bytes::from_static(b"0123456789"))
            .await
            .expect("send");
        for _ in 0..5 {
            tokio::time::sleep(Duration::from_secs(1)).await;
            // Refused once the reader has given up.
            let _ = sender.send(Bytes::from_static(b"x")).await;
        }
        let (result, ended) = reader.await.expect("task");
        assert!(
            matches!(result, Err(ApiError::RequestTimeout(_))),
            "{result:?}"
        );
        // 11 bytes had come by 1 s; the 12th was due at 1.11 s and came at 2 s.
        let given_up = ended - started;
        assert!(
            (Duration::from_millis(1100)..Duration::from_millis(1200)).contains(&given_up),
            "{given_up:?}"
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
