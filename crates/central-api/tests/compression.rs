// SPDX-License-Identifier: EUPL-1.2
//! The API's JSON answers compressed by `Accept-Encoding` (src/compression.rs), against
//! the real server on a loopback port. One behaviour per test.

use std::io::Read;

use reqwest::{StatusCode, header};
use serde_json::Value;
use tempfile::TempDir;

mod common;

const DEFINITION: &str = "/api/forms/gewerbeanmeldung/versions/1";

struct Server {
    base: String,
    client: reqwest::Client,
    _dir: TempDir,
}

impl Server {
    async fn start() -> Server {
        let common::InProcess { base, dir, .. } = common::in_process(|_, _| {}).await;
        Server {
            base,
            // reqwest here has no decompression: the test sees the bytes as sent.
            client: reqwest::Client::new(),
            _dir: dir,
        }
    }

    async fn get(&self, path: &str, accept_encoding: Option<&str>) -> reqwest::Response {
        let mut request = self.client.get(format!("{}{path}", self.base));
        if let Some(encodings) = accept_encoding {
            request = request.header(header::ACCEPT_ENCODING, encodings);
        }
        request.send().await.expect("GET")
    }
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("gzip");
    out
}

fn json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).expect("JSON")
}

#[tokio::test]
async fn a_definition_asked_for_with_gzip_comes_gzipped_and_decodes_to_the_same_json() {
    let server = Server::start().await;
    let plain = server.get(DEFINITION, None).await;
    assert_eq!(plain.status(), StatusCode::OK);
    assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
    let plain = plain.bytes().await.expect("body");

    let gzipped = server.get(DEFINITION, Some("gzip")).await;
    assert_eq!(gzipped.status(), StatusCode::OK);
    assert_eq!(gzipped.headers()[header::CONTENT_ENCODING], "gzip");
    assert!(
        gzipped
            .headers()
            .get_all(header::VARY)
            .iter()
            .any(|v| v == "accept-encoding")
    );
    assert_eq!(
        gzipped.headers()[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    let sent = gzipped.bytes().await.expect("body");
    assert!(
        sent.len() * 3 < plain.len(),
        "{} of {} bytes",
        sent.len(),
        plain.len()
    );
    assert_eq!(gunzip(&sent), plain);
    assert_eq!(json(&gunzip(&sent)), json(&plain));
}

#[tokio::test]
async fn brotli_is_preferred_when_offered() {
    let server = Server::start().await;
    let response = server.get(DEFINITION, Some("gzip, deflate, br")).await;
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
    let sent = response.bytes().await.expect("body");
    let mut out = Vec::new();
    brotli::Decompressor::new(&sent[..], 4096)
        .read_to_end(&mut out)
        .expect("brotli");
    assert_eq!(
        json(&out),
        json(include_str!("../demo/forms/gewerbeanmeldung.json").as_bytes())
    );
}

#[tokio::test]
async fn a_compressed_definition_has_a_weak_etag_that_still_revalidates() {
    let server = Server::start().await;
    let strong = server.get(DEFINITION, None).await.headers()[header::ETAG].clone();
    let gzipped = server.get(DEFINITION, Some("gzip")).await;
    let weak = gzipped.headers()[header::ETAG].clone();
    assert_eq!(
        weak.to_str().expect("etag"),
        format!("W/{}", strong.to_str().expect("etag"))
    );

    let again = server
        .client
        .get(format!("{}{DEFINITION}", server.base))
        .header(header::ACCEPT_ENCODING, "gzip")
        .header(header::IF_NONE_MATCH, weak)
        .send()
        .await
        .expect("GET");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn the_catalogue_comes_compressed() {
    let server = Server::start().await;
    let response = server
        .get("/api/municipalities/010510000000/catalogue", Some("gzip"))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
    let body = json(&gunzip(&response.bytes().await.expect("body")));
    assert!(body.is_object() || body.is_array());
}

#[tokio::test]
async fn small_answers_are_sent_as_they_are() {
    let server = Server::start().await;
    let health = server.get("/api/health", Some("gzip, br")).await;
    assert_eq!(health.status(), StatusCode::OK);
    assert!(health.headers().get(header::CONTENT_ENCODING).is_none());

    let problem = server
        .get("/api/forms/none/versions/1", Some("gzip, br"))
        .await;
    assert_eq!(problem.status(), StatusCode::NOT_FOUND);
    assert!(problem.headers().get(header::CONTENT_ENCODING).is_none());
    assert_eq!(json(&problem.bytes().await.expect("body"))["status"], 404);
}
