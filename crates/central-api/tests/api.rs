// SPDX-License-Identifier: EUPL-1.2
//! The real server on a loopback port with a fresh SQLite file, called over HTTP.
//! One behaviour per test.

use std::path::Path;

use reqwest::{StatusCode, header};
use serde_json::{Value, json};
use tempfile::TempDir;

const DITHMARSCHEN: &str = "010510000000";
const GEWERBEANMELDUNG: &str = "99050012104000";
const INLINE_SCRIPT: &str = "\nimport init from '/portal.js';\nawait init('/portal_bg.wasm');\n";

struct Server {
    base: String,
    client: reqwest::Client,
    db_path: std::path::PathBuf,
    _dir: TempDir,
}

impl Server {
    async fn start() -> Server {
        let dir = tempfile::tempdir().expect("tempdir");
        let static_dir = dir.path().join("dist");
        write_portal(&static_dir);
        let db_path = dir.path().join("data").join("portal.sqlite");
        let config = central_api::Config {
            database: db_path.display().to_string(),
            static_dir: Some(static_dir),
        };
        let state = central_api::AppState::init(&config).await.expect("init");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(central_api::serve(listener, state));
        Server {
            base: format!("http://{addr}"),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            db_path,
            _dir: dir,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    async fn submit(&self, key: Option<&str>, body: &Value) -> reqwest::Response {
        let mut request = self.client.post(self.url("/api/submissions")).json(body);
        if let Some(key) = key {
            request = request.header("Idempotency-Key", key);
        }
        request.send().await.expect("POST")
    }

    async fn submission_rows(&self) -> i64 {
        let pool = sqlx::SqlitePool::connect(&format!("sqlite:{}", self.db_path.display()))
            .await
            .expect("open db");
        let count = sqlx::query_scalar("SELECT count(*) FROM submissions")
            .fetch_one(&pool)
            .await
            .expect("count");
        pool.close().await;
        count
    }
}

fn write_portal(dir: &Path) {
    std::fs::create_dir_all(dir).expect("mkdir dist");
    std::fs::write(
        dir.join("index.html"),
        format!(
            "<!DOCTYPE html><html><head><script type=\"module\">{INLINE_SCRIPT}</script>\
             <script src=\"/portal.js\" type=\"module\"></script></head>\
             <body>portal</body></html>"
        ),
    )
    .expect("write index");
    std::fs::write(dir.join("portal.js"), "export default function init() {}").expect("js");
}

fn today() -> String {
    let now = time::OffsetDateTime::now_utc().date();
    format!(
        "{:04}-{:02}-{:02}",
        now.year(),
        u8::from(now.month()),
        now.day()
    )
}

fn valid_answers() -> Value {
    json!({
        "trade_name": "Bäckerei Jensen",
        "legal_form": "einzelunternehmen",
        "activity": "Herstellung und Verkauf von Backwaren",
        "start_date": today(),
        "first_name": "Jan",
        "last_name": "Jensen",
        "email": "jan.jensen@example.org",
        "street": "Markt",
        "house_number": "12a",
        "postcode": "25746",
        "place": "Heide"
    })
}

fn submission(answers: Value) -> Value {
    json!({
        "service": GEWERBEANMELDUNG,
        "form": { "id": "gewerbeanmeldung", "version": 1 },
        "answers": answers,
        "ars": "010510044044"
    })
}

async fn json_of(response: reqwest::Response) -> Value {
    response.json().await.expect("JSON body")
}

fn content_type(response: &reqwest::Response) -> String {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn health_answers_ok() {
    let server = Server::start().await;
    let response = server.get("/api/health").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(json_of(response).await, json!({ "status": "ok" }));
}

#[tokio::test]
async fn ready_checks_the_database() {
    let server = Server::start().await;
    let response = server.get("/api/ready").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(json_of(response).await, json!({ "status": "ready" }));
}

#[tokio::test]
async fn municipalities_lists_the_county_and_its_towns() {
    let server = Server::start().await;
    let body = json_of(server.get("/api/municipalities").await).await;
    let ars: Vec<&str> = body
        .as_array()
        .expect("array")
        .iter()
        .map(|m| m["ars"].as_str().expect("ars"))
        .collect();
    assert_eq!(ars, ["010510000000", "010510011011", "010510044044"]);
}

#[tokio::test]
async fn unknown_municipality_is_a_404_problem() {
    let server = Server::start().await;
    let response = server.get("/api/municipalities/999999999999").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(content_type(&response), "application/problem+json");
    let body = json_of(response).await;
    assert_eq!(body["status"], 404);
    assert_eq!(body["title"], "Not found");
}

#[tokio::test]
async fn catalogue_lists_gewerbeanmeldung_with_its_form() {
    let server = Server::start().await;
    let body = json_of(
        server
            .get(&format!("/api/municipalities/{DITHMARSCHEN}/catalogue"))
            .await,
    )
    .await;
    assert_eq!(body["municipality"]["name"], "Kreis Dithmarschen");
    let services = body["services"].as_array().expect("services");
    assert_eq!(services.len(), 5);
    let gewerbe = services
        .iter()
        .find(|s| s["leika"] == GEWERBEANMELDUNG)
        .expect("Gewerbeanmeldung listed");
    assert_eq!(gewerbe["name"], "Gewerbeanmeldung");
    assert_eq!(
        gewerbe["form"],
        json!({ "id": "gewerbeanmeldung", "version": 1 })
    );
    assert_eq!(gewerbe["external_url"], Value::Null);
}

#[tokio::test]
async fn catalogue_links_ikfz_out_without_a_form() {
    let server = Server::start().await;
    let body = json_of(
        server
            .get(&format!(
                "/api/municipalities/{DITHMARSCHEN}/catalogue?q=ikfz"
            ))
            .await,
    )
    .await;
    let services = body["services"].as_array().expect("services");
    assert_eq!(services.len(), 1);
    assert_eq!(services[0]["form"], Value::Null);
    assert!(
        services[0]["external_url"]
            .as_str()
            .expect("url")
            .starts_with("https://")
    );
}

#[tokio::test]
async fn catalogue_search_ignores_case_and_prefix() {
    let server = Server::start().await;
    let body = json_of(
        server
            .get(&format!(
                "/api/municipalities/{DITHMARSCHEN}/catalogue?q=GEWERBE"
            ))
            .await,
    )
    .await;
    let names: Vec<&str> = body["services"]
        .as_array()
        .expect("services")
        .iter()
        .map(|s| s["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["Gewerbeanmeldung"]);
}

#[tokio::test]
async fn catalogue_search_folds_sharp_s_and_umlauts() {
    let server = Server::start().await;
    for query in [
        "strasse",
        "Stra%C3%9Fe",
        "baumfaell",
        "baumf%C3%A4ll",
        "baumfall",
    ] {
        let body = json_of(
            server
                .get(&format!(
                    "/api/municipalities/{DITHMARSCHEN}/catalogue?q={query}"
                ))
                .await,
        )
        .await;
        let services = body["services"].as_array().expect("services");
        assert_eq!(services.len(), 1, "query {query}: {body}");
    }
}

#[tokio::test]
async fn catalogue_search_without_match_is_empty() {
    let server = Server::start().await;
    let body = json_of(
        server
            .get(&format!(
                "/api/municipalities/{DITHMARSCHEN}/catalogue?q=hundesteuer"
            ))
            .await,
    )
    .await;
    assert_eq!(body["services"], json!([]));
}

#[tokio::test]
async fn service_detail_in_english() {
    let server = Server::start().await;
    let body = json_of(
        server
            .get(&format!("/api/services/{GEWERBEANMELDUNG}?lang=en"))
            .await,
    )
    .await;
    assert_eq!(body["name"], "Business registration");
    assert_eq!(body["fees"], "26 euros");
    assert!(body["documents"].as_array().expect("documents").len() >= 2);
    assert!(
        !body["description"]
            .as_str()
            .expect("description")
            .is_empty()
    );
    assert!(!body["processing_time"].as_str().expect("time").is_empty());
    assert!(!body["legal_basis"].as_str().expect("basis").is_empty());
    assert_eq!(body["form"]["id"], "gewerbeanmeldung");
}

#[tokio::test]
async fn service_detail_follows_accept_language() {
    let server = Server::start().await;
    let response = server
        .client
        .get(server.url(&format!("/api/services/{GEWERBEANMELDUNG}")))
        .header(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.9,de;q=0.5")
        .send()
        .await
        .expect("GET");
    assert_eq!(json_of(response).await["name"], "Business registration");
}

#[tokio::test]
async fn service_detail_defaults_to_german() {
    let server = Server::start().await;
    let body = json_of(
        server
            .get(&format!("/api/services/{GEWERBEANMELDUNG}"))
            .await,
    )
    .await;
    assert_eq!(body["name"], "Gewerbeanmeldung");
}

#[tokio::test]
async fn form_definition_is_served_as_stored_with_immutable_caching() {
    let server = Server::start().await;
    let response = server.get("/api/forms/gewerbeanmeldung/versions/1").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    let etag = response.headers()[header::ETAG]
        .to_str()
        .expect("etag")
        .to_owned();
    assert!(etag.starts_with('"') && !etag.starts_with("W/"));
    let text = response.text().await.expect("text");
    let stored = include_str!("../demo/forms/gewerbeanmeldung.json");
    assert_eq!(text, stored);
}

#[tokio::test]
async fn form_definition_revalidates_with_304() {
    let server = Server::start().await;
    let first = server.get("/api/forms/gewerbeanmeldung/versions/1").await;
    let etag = first.headers()[header::ETAG].clone();
    let second = server
        .client
        .get(server.url("/api/forms/gewerbeanmeldung/versions/1"))
        .header(header::IF_NONE_MATCH, etag.clone())
        .send()
        .await
        .expect("GET");
    assert_eq!(second.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(second.headers()[header::ETAG], etag);
    assert!(second.text().await.expect("text").is_empty());
}

#[tokio::test]
async fn form_latest_redirects_to_newest_version() {
    let server = Server::start().await;
    let response = server.get("/api/forms/gewerbeanmeldung/latest").await;
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(
        response.headers()[header::LOCATION],
        "/api/forms/gewerbeanmeldung/versions/1"
    );
}

#[tokio::test]
async fn unknown_form_version_is_404() {
    let server = Server::start().await;
    let response = server.get("/api/forms/gewerbeanmeldung/versions/99").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(content_type(&response), "application/problem+json");
}

#[tokio::test]
async fn submission_is_created_with_reference_and_authority() {
    let server = Server::start().await;
    let response = server
        .submit(Some("key-created-0001"), &submission(valid_answers()))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let body = json_of(response).await;
    let reference = body["reference"].as_str().expect("reference");
    assert!(reference.starts_with("BP-20"), "{reference}");
    assert_eq!(reference.len(), "BP-2026-".len() + 8);
    assert!(body["status_token"].as_str().expect("token").len() >= 32);
    assert_eq!(body["authority"]["id"], "ea-sh");
    assert_eq!(server.submission_rows().await, 1);
}

#[tokio::test]
async fn submission_retry_with_same_key_returns_the_same_answer_once_stored() {
    let server = Server::start().await;
    let body = submission(valid_answers());
    let first = json_of(server.submit(Some("key-retry-00001"), &body).await).await;
    let retry = server.submit(Some("key-retry-00001"), &body).await;
    assert_eq!(retry.status(), StatusCode::CREATED);
    assert_eq!(json_of(retry).await, first);
    assert_eq!(server.submission_rows().await, 1);
}

#[tokio::test]
async fn submission_retry_with_keys_in_another_order_is_the_same_request() {
    let server = Server::start().await;
    let body = submission(valid_answers());
    let first = json_of(server.submit(Some("key-order-00001"), &body).await).await;
    // Same content, members written in reverse order.
    let reordered = format!(
        r#"{{"ars":"010510044044","answers":{},"form":{{"version":1,"id":"gewerbeanmeldung"}},"service":"{GEWERBEANMELDUNG}"}}"#,
        body["answers"]
    );
    let retry = server
        .client
        .post(server.url("/api/submissions"))
        .header("Idempotency-Key", "key-order-00001")
        .header(header::CONTENT_TYPE, "application/json")
        .body(reordered)
        .send()
        .await
        .expect("POST");
    assert_eq!(retry.status(), StatusCode::CREATED);
    assert_eq!(json_of(retry).await["reference"], first["reference"]);
}

#[tokio::test]
async fn submission_same_key_different_body_is_409() {
    let server = Server::start().await;
    server
        .submit(Some("key-conflict-01"), &submission(valid_answers()))
        .await;
    let mut other = valid_answers();
    other["trade_name"] = json!("Fischhandel Jensen");
    let response = server
        .submit(Some("key-conflict-01"), &submission(other))
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(content_type(&response), "application/problem+json");
    assert_eq!(server.submission_rows().await, 1);
}

#[tokio::test]
async fn submission_with_invalid_answers_is_422_with_field_paths() {
    let server = Server::start().await;
    let mut answers = valid_answers();
    answers
        .as_object_mut()
        .expect("object")
        .remove("trade_name");
    let response = server
        .submit(Some("key-invalid-001"), &submission(answers))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(content_type(&response), "application/problem+json");
    let body = json_of(response).await;
    assert_eq!(body["status"], 422);
    let errors = body["errors"].as_array().expect("errors");
    let error = errors
        .iter()
        .find(|e| e["path"] == "trade_name")
        .expect("error for trade_name");
    assert_eq!(error["code"], "required");
    assert!(!error["detail"].as_str().expect("detail").is_empty());
    assert_eq!(server.submission_rows().await, 0);
}

#[tokio::test]
async fn submission_without_idempotency_key_is_400() {
    let server = Server::start().await;
    let response = server.submit(None, &submission(valid_answers())).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(content_type(&response), "application/problem+json");
    assert_eq!(server.submission_rows().await, 0);
}

#[tokio::test]
async fn submission_with_malformed_json_is_400_problem() {
    let server = Server::start().await;
    let response = server
        .client
        .post(server.url("/api/submissions"))
        .header("Idempotency-Key", "key-malformed-1")
        .header(header::CONTENT_TYPE, "application/json")
        .body("{\"service\": ")
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(content_type(&response), "application/problem+json");
}

#[tokio::test]
async fn submission_body_over_one_mebibyte_is_413_problem() {
    let server = Server::start().await;
    let mut answers = valid_answers();
    answers["activity"] = json!("x".repeat(1024 * 1024));
    let response = server
        .submit(Some("key-too-large-1"), &submission(answers))
        .await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(content_type(&response), "application/problem+json");
}

#[tokio::test]
async fn submission_for_unknown_service_is_422() {
    let server = Server::start().await;
    let mut body = submission(valid_answers());
    body["service"] = json!("99000000000000");
    let response = server.submit(Some("key-unknown-svc"), &body).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn submission_status_with_token() {
    let server = Server::start().await;
    let receipt = json_of(
        server
            .submit(Some("key-status-0001"), &submission(valid_answers()))
            .await,
    )
    .await;
    let reference = receipt["reference"].as_str().expect("reference");
    let token = receipt["status_token"].as_str().expect("token");
    let response = server
        .client
        .get(server.url(&format!("/api/submissions/{reference}")))
        .bearer_auth(token)
        .send()
        .await
        .expect("GET");
    assert_eq!(response.status(), StatusCode::OK);
    let body = json_of(response).await;
    assert_eq!(body["reference"], reference);
    assert_eq!(body["status"], "received");
    assert!(
        body["created_at"]
            .as_str()
            .expect("created_at")
            .ends_with('Z')
    );
    assert_eq!(body["service"]["leika"], GEWERBEANMELDUNG);

    let via_query = server
        .get(&format!("/api/submissions/{reference}?token={token}"))
        .await;
    assert_eq!(via_query.status(), StatusCode::OK);
}

#[tokio::test]
async fn submission_status_with_wrong_token_is_404() {
    let server = Server::start().await;
    let receipt = json_of(
        server
            .submit(Some("key-status-0002"), &submission(valid_answers()))
            .await,
    )
    .await;
    let reference = receipt["reference"].as_str().expect("reference");
    let response = server
        .client
        .get(server.url(&format!("/api/submissions/{reference}")))
        .bearer_auth("not-the-token")
        .send()
        .await
        .expect("GET");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(content_type(&response), "application/problem+json");
}

#[tokio::test]
async fn csp_header_hashes_inline_scripts_without_unsafe_inline() {
    let server = Server::start().await;
    for path in ["/api/health", "/", "/api/nope"] {
        let response = server.get(path).await;
        let csp = response.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .expect("csp")
            .to_owned();
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert!(!csp.contains("'unsafe-eval'"), "{csp}");
        assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
        let expected = central_api::security::inline_script_hashes(&format!(
            "<script>{INLINE_SCRIPT}</script>"
        ));
        assert!(csp.contains(&format!("'{}'", expected[0])), "{csp}");
        assert_eq!(
            response.headers()[header::X_CONTENT_TYPE_OPTIONS],
            "nosniff"
        );
        assert_eq!(response.headers()[header::REFERRER_POLICY], "no-referrer");
    }
}

#[tokio::test]
async fn portal_routes_fall_back_to_index_html() {
    let server = Server::start().await;
    let response = server.get("/services/99050012104000").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.text().await.expect("text").contains("portal"));
    let asset = server.get("/portal.js").await;
    assert_eq!(asset.status(), StatusCode::OK);
    assert!(content_type(&asset).contains("javascript"));
}

#[tokio::test]
async fn unknown_api_path_is_404_problem() {
    let server = Server::start().await;
    let response = server.get("/api/does-not-exist").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(content_type(&response), "application/problem+json");
}

#[tokio::test]
async fn restart_on_the_same_database_seeds_again_without_duplicates() {
    let server = Server::start().await;
    let config = central_api::Config {
        database: server.db_path.display().to_string(),
        static_dir: None,
    };
    central_api::AppState::init(&config)
        .await
        .expect("second init");
    let body = json_of(
        server
            .get(&format!("/api/municipalities/{DITHMARSCHEN}/catalogue"))
            .await,
    )
    .await;
    assert_eq!(body["services"].as_array().expect("services").len(), 5);
}

#[tokio::test]
async fn submission_status_without_token_is_401() {
    let server = Server::start().await;
    let response = server.get("/api/submissions/BP-2026-ABCDEFGH").await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(response.headers()[header::WWW_AUTHENTICATE], "Bearer");
}

#[tokio::test]
async fn portal_files_are_revalidated() {
    let server = Server::start().await;
    let response = server.get("/").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");
}

#[tokio::test]
async fn concurrent_retries_with_same_key_store_one_submission() {
    let server = Server::start().await;
    let body = submission(valid_answers());
    let mut attempts = tokio::task::JoinSet::new();
    for _ in 0..5 {
        let request = server
            .client
            .post(server.url("/api/submissions"))
            .header("Idempotency-Key", "key-concurrent1")
            .json(&body);
        attempts.spawn(async move { request.send().await.expect("POST") });
    }
    let mut references = Vec::new();
    for response in attempts.join_all().await {
        assert_eq!(response.status(), StatusCode::CREATED);
        references.push(json_of(response).await["reference"].clone());
    }
    references.dedup();
    assert_eq!(references.len(), 1, "{references:?}");
    assert_eq!(server.submission_rows().await, 1);
}
