// SPDX-License-Identifier: EUPL-1.2
//! Compression of the API's JSON answers (issue #21): definitions, the catalogue and the
//! service pages are text the citizen's browser waits for (the 300-field benchmark form is
//! 69 KB as JSON, a tenth of that as gzip). tower-http's layer does the work, gzip or
//! brotli by `Accept-Encoding`, with `Vary: Accept-Encoding`.
//!
//! What is not compressed, and why:
//! - the portal's files: `scripts/precompress.sh` wrote `.br`/`.gz` beside them at build
//!   time with the strongest settings, and the layer sits on `/api` only;
//! - anything but JSON: the attachments and submissions are ciphertext (JWE, octet
//!   streams), which does not compress, and the layer never sees an upload's body (it
//!   compresses answers, not requests);
//! - small answers (under [`MIN_BYTES`]): the framing costs more than it saves;
//! - ranges and answers that already have a `Content-Encoding` (the layer's own rule).
//!
//! A compressed answer is another representation of the resource, so a strong `ETag`
//! (the form definitions') becomes weak on it (as nginx does): a strong validator promises
//! byte-identical bodies. `If-None-Match` compares weakly (`forms::if_none_match_matches`),
//! so revalidation answers 304 either way.

use axum::{
    body::Body,
    http::{HeaderMap, HeaderValue, Response, StatusCode, Version, header},
};
use tower_http::compression::{
    CompressionLayer, Predicate,
    predicate::{And, SizeAbove},
};

/// Bodies smaller than this are sent as they are.
pub const MIN_BYTES: u16 = 1024;

/// Whether an answer is JSON: `application/json` or a `+json` type (problem details,
/// JSON Schema).
fn is_json(_: StatusCode, _: Version, headers: &HeaderMap, _: &axum::http::Extensions) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|essence| essence.trim().to_ascii_lowercase())
        .is_some_and(|essence| essence == "application/json" || essence.ends_with("+json"))
}

type JsonPredicate =
    And<SizeAbove, fn(StatusCode, Version, &HeaderMap, &axum::http::Extensions) -> bool>;

/// The layer for the API's routes: gzip or brotli for JSON of [`MIN_BYTES`] or more.
pub fn layer() -> CompressionLayer<JsonPredicate> {
    let predicate: JsonPredicate = SizeAbove::new(MIN_BYTES).and(is_json as fn(_, _, &_, &_) -> _);
    CompressionLayer::new()
        .gzip(true)
        .br(true)
        .compress_when(predicate)
}

/// Makes a strong `ETag` weak on a compressed answer (see the module header); put it
/// outside [`layer`], so that it sees the compressed answer.
pub async fn weaken_etag(mut response: Response<Body>) -> Response<Body> {
    if !response.headers().contains_key(header::CONTENT_ENCODING) {
        return response;
    }
    let weak = response
        .headers()
        .get(header::ETAG)
        .and_then(|v| v.to_str().ok())
        .filter(|tag| tag.starts_with('"'))
        .and_then(|tag| HeaderValue::from_str(&format!("W/{tag}")).ok());
    if let Some(weak) = weak {
        response.headers_mut().insert(header::ETAG, weak);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json_headers(content_type: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_str(content_type).unwrap(),
        );
        headers
    }

    fn json(content_type: &str) -> bool {
        is_json(
            StatusCode::OK,
            Version::HTTP_11,
            &json_headers(content_type),
            &Default::default(),
        )
    }

    #[test]
    fn json_types_are_compressed_others_not() {
        assert!(json("application/json"));
        assert!(json("application/json; charset=utf-8"));
        assert!(json("application/problem+json"));
        assert!(json("application/schema+json"));
        assert!(!json("application/jose"));
        assert!(!json("application/octet-stream"));
        assert!(!json("text/html"));
        assert!(!is_json(
            StatusCode::OK,
            Version::HTTP_11,
            &HeaderMap::new(),
            &Default::default()
        ));
    }

    #[tokio::test]
    async fn a_compressed_answer_gets_a_weak_etag() {
        let response = Response::builder()
            .header(header::CONTENT_ENCODING, "gzip")
            .header(header::ETAG, "\"abc\"")
            .body(Body::empty())
            .unwrap();
        assert_eq!(
            weaken_etag(response).await.headers()[header::ETAG],
            "W/\"abc\""
        );

        let identity = Response::builder()
            .header(header::ETAG, "\"abc\"")
            .body(Body::empty())
            .unwrap();
        assert_eq!(
            weaken_etag(identity).await.headers()[header::ETAG],
            "\"abc\""
        );
    }
}
