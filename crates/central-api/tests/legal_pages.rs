// SPDX-License-Identifier: EUPL-1.2
//! The legal and accessibility pages (issue #18) from the real server on a loopback port:
//! each municipality's documents from the demo data, the nearest ancestor's where it has
//! none, the deployment's retention settings in the privacy notice, no script allowed.

mod common;

use std::time::Duration;

use reqwest::StatusCode;

/// A portal folder with an index naming one stylesheet, and the server serving it.
async fn start(retention_decided_days: u64) -> (String, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).expect("mkdir");
    std::fs::write(
        dist.join("index.html"),
        "<!DOCTYPE html><html><head><link rel=\"stylesheet\" href=\"/portal-1.css\"></head><body></body></html>",
    )
    .expect("index");
    let mut config = central_api::Config::new(common::database(dir.path()).await);
    config.static_dir = Some(dist);
    config.retention.after_decision = Duration::from_secs(retention_decided_days * 24 * 3600);
    let state = common::init(&config).await;
    (common::serve(state).await, dir)
}

async fn get(url: String) -> reqwest::Response {
    reqwest::get(url).await.expect("request")
}

#[tokio::test]
async fn the_root_shows_the_default_municipalitys_imprint_without_any_script() {
    let (base, _dir) = start(7).await;
    let response = get(format!("{base}/impressum")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"],
        "text/html; charset=utf-8"
    );
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(policy.starts_with("default-src 'none'"), "{policy}");
    assert!(!policy.contains("script-src"), "{policy}");
    let html = response.text().await.unwrap();
    assert!(html.contains("<html lang=\"de\">"));
    assert!(html.contains("<h1 class=\"kern-heading-large page-title\">Impressum</h1>"));
    assert!(html.contains("Bürgerportal Kreis Dithmarschen"));
    assert!(html.contains("<link rel=\"stylesheet\" href=\"/portal-1.css\">"));
    assert!(html.contains("href=\"/barrierefreiheit\""));
    assert!(!html.contains("<script"));
}

#[tokio::test]
async fn a_legal_page_is_compressed_as_asked_and_revalidated() {
    let (base, _dir) = start(7).await;
    let url = format!("{base}/datenschutz");
    let plain = get(url.clone()).await;
    assert!(plain.headers().get("content-encoding").is_none());
    let etag = plain.headers()["etag"].to_str().unwrap().to_owned();
    let plain = plain.text().await.unwrap();
    let client = reqwest::Client::new();
    let br = client
        .get(&url)
        .header("accept-encoding", "br")
        .send()
        .await
        .expect("request");
    assert_eq!(br.headers()["content-encoding"], "br");
    // Other bytes, so not the same strong validator (RFC 9110, 8.8.3): the weak form of it.
    assert!(etag.starts_with('"'), "{etag}");
    let weak = br.headers()["etag"].to_str().unwrap().to_owned();
    assert_eq!(weak, format!("W/{etag}"));
    let mut decoded = Vec::new();
    brotli::BrotliDecompress(&mut &br.bytes().await.unwrap()[..], &mut decoded).expect("brotli");
    assert_eq!(String::from_utf8(decoded).unwrap(), plain);
    let again = client
        .get(&url)
        .header("if-none-match", &etag)
        .send()
        .await
        .expect("request");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    // The compressed copy revalidates too, and keeps its weak tag.
    let again = client
        .get(&url)
        .header("accept-encoding", "br")
        .header("if-none-match", &weak)
        .send()
        .await
        .expect("request");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(again.headers()["etag"].to_str().unwrap(), weak);
}

#[tokio::test]
async fn a_municipality_without_documents_shows_its_ancestors_under_its_own_name() {
    let (base, _dir) = start(7).await;
    // Meldorf (Amt Mitteldithmarschen, Kreis Dithmarschen) has no documents of its own.
    let html = get(format!("{base}/m/010515175074/barrierefreiheit"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Stadt Meldorf"), "the header names Meldorf");
    assert!(html.contains("barrierefreiheit@dithmarschen.example"));
    assert!(html.contains("href=\"/m/010515175074/leichte-sprache\""));
    assert!(
        html.contains("href=\"/m/010515175074/\""),
        "back to Meldorf's portal"
    );
}

#[tokio::test]
async fn a_municipality_with_its_own_documents_shows_them_in_english_on_request() {
    let (base, _dir) = start(7).await;
    let html = get(format!("{base}/m/010510044044/impressum?lang=en"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("<h1 class=\"kern-heading-large page-title\">Legal notice</h1>"));
    assert!(html.contains("Postelweg 1"));
}

#[tokio::test]
async fn the_privacy_notice_says_the_deployments_retention() {
    let (base, _dir) = start(3).await;
    let html = get(format!("{base}/datenschutz"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("wird 3 Tage nach der Entscheidung der Behörde gelöscht"),
        "{html}"
    );
    assert!(html.contains("nach 30 Tagen gelöscht"));
    assert!(html.contains("nach 6 Stunden gelöscht"));
}

#[tokio::test]
async fn an_unknown_municipality_has_no_pages() {
    let (base, _dir) = start(7).await;
    let response = get(format!("{base}/m/019999999999/impressum")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    // The portal's page, which says "page not found" with a way back, not a plain text.
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"),
        "{:?}",
        response.headers()
    );
    assert!(
        response
            .text()
            .await
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
}
