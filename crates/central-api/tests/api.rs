// SPDX-License-Identifier: EUPL-1.2
//! The real server on a loopback port with a fresh SQLite file, called over HTTP.
//! One behaviour per test.

use std::path::Path;

use reqwest::{StatusCode, header};
use serde_json::{Value, json};
use tempfile::TempDir;

mod common;
use common::{
    Api, Application, GEWERBEANMELDUNG, HEIDE_AUTHORITY, Sent, authority_key, content_type,
    destination_of, json_of, valid_answers,
};

const DITHMARSCHEN: &str = "010510000000";
const INLINE_SCRIPT: &str = "\nimport init from '/portal.js';\nawait init('/portal_bg.wasm');\n";

struct Server {
    base: String,
    client: reqwest::Client,
    api: Api,
    database: String,
    _dir: TempDir,
}

impl Server {
    async fn start() -> Server {
        Server::start_with(|_| {}).await
    }

    async fn start_with(adjust: impl FnOnce(&mut central_api::Config)) -> Server {
        let (
            common::InProcess {
                base,
                database,
                dir,
                ..
            },
            (),
        ) = common::in_process_with_portal(write_portal, adjust).await;
        Server {
            api: Api::new(&base),
            base,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            database,
            _dir: dir,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    /// `POST /v1/submissions` for `application` as the tests' sender.
    async fn create(&self, key: Option<&str>, application: &Application) -> reqwest::Response {
        let token = self.api.sender_token().await;
        self.api
            .create(&token, &application.create_body(), key)
            .await
    }

    /// Creates, uploads and submits `application` as the tests' sender.
    async fn send(&self, application: &Application) -> Sent {
        self.api.send(application).await
    }

    async fn pool(&self) -> central_api::store::Store {
        central_api::store::Store::connect(&self.database)
            .await
            .expect("open db")
    }

    /// The authority's side: fetches, decrypts and checks a submission with the demo keys.
    async fn open(&self, authority: &str, submission_id: &str) -> central_api::authority::Opened {
        self.api.open(authority, submission_id).await
    }

    async fn submission_rows(&self) -> i64 {
        let pool = self.pool().await;
        let count = sqlx::query_scalar("SELECT count(*) FROM submissions")
            .fetch_one(pool.db())
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
    for expected in [
        "010510000000",
        "010510011011",
        "010510044044",
        "010515172048",
    ] {
        assert!(ars.contains(&expected), "{ars:?}");
    }
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
    assert_eq!(services.len(), 6);
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
    // Version 1 under other spellings: one address per definition, cached for a year.
    for spelling in ["01", "%2B1", "1.0"] {
        let response = server
            .get(&format!("/api/forms/gewerbeanmeldung/versions/{spelling}"))
            .await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{spelling}");
    }
}

#[tokio::test]
async fn submission_is_created_with_reference_and_authority() {
    let server = Server::start().await;
    let application = Application::gewerbe(valid_answers());
    let response = server.create(Some("key-created-0001"), &application).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert!(
        response.headers()[header::LOCATION]
            .to_str()
            .expect("location")
            .starts_with("/v1/submissions/")
    );
    let body = json_of(response).await;
    let reference = body["reference"].as_str().expect("reference");
    assert!(reference.starts_with("BP-20"), "{reference}");
    assert_eq!(reference.len(), "BP-2026-".len() + 8);
    assert!(body["statusToken"].as_str().expect("token").len() >= 32);
    assert_eq!(body["destinationId"], destination_of(HEIDE_AUTHORITY));
    assert!(central_api::fit_connect::is_uuid(
        body["submissionId"].as_str().expect("id")
    ));
    assert!(central_api::fit_connect::is_uuid(
        body["caseId"].as_str().expect("case")
    ));
    assert_eq!(server.submission_rows().await, 1);
    // Sent: the citizen's status names the authority.
    let sent = server.send(&application).await;
    let status = json_of(server.api.status(&sent).await).await;
    assert_eq!(status["status"], "received");
    assert_eq!(status["authority"]["id"], HEIDE_AUTHORITY);
}

#[tokio::test]
async fn submission_retry_with_same_key_returns_the_same_answer_once_stored() {
    let server = Server::start().await;
    let application = Application::gewerbe(valid_answers());
    let first = json_of(server.create(Some("key-retry-00001"), &application).await).await;
    let retry = server.create(Some("key-retry-00001"), &application).await;
    assert_eq!(retry.status(), StatusCode::CREATED);
    let mut retry = json_of(retry).await;
    // The same answer, with a status token of its own: the relay keeps only hashes of
    // the tokens, so it cannot give the first one again. Both read the status.
    let (first_token, retry_token) = (
        first["statusToken"].as_str().expect("token").to_owned(),
        retry["statusToken"].as_str().expect("token").to_owned(),
    );
    assert_ne!(first_token, retry_token);
    retry["statusToken"] = first["statusToken"].clone();
    assert_eq!(retry, first);
    assert_eq!(server.submission_rows().await, 1);
    let reference = first["reference"].as_str().expect("reference");
    for token in [&first_token, &retry_token] {
        let status = server
            .client
            .get(server.url(&format!("/api/submissions/{reference}")))
            .bearer_auth(token)
            .send()
            .await
            .expect("GET");
        assert_eq!(status.status(), StatusCode::OK);
    }
    // Keys are the client's own: another sender's key of the same text is another
    // submission, never the first one's answer.
    let other = central_api::store::oauth::ClientRow {
        client_id: "another-sender".into(),
        kind: "sender".into(),
        scopes: "send:region:DE".into(),
        name: "Another".into(),
    };
    let pool = server.pool().await;
    pool.oauth()
        .put_client(&other, "another-secret-0123456789")
        .await
        .expect("client");
    pool.close().await;
    let token = server
        .api
        .token("another-sender", "another-secret-0123456789")
        .await;
    let other = server
        .api
        .create(&token, &application.create_body(), Some("key-retry-00001"))
        .await;
    assert_eq!(other.status(), StatusCode::CREATED);
    let other = json_of(other).await;
    assert_ne!(other["reference"], first["reference"]);
    assert_ne!(other["submissionId"], first["submissionId"]);
    assert_eq!(server.submission_rows().await, 2);
}

#[tokio::test]
async fn status_tokens_are_stored_as_hashes_only() {
    let server = Server::start().await;
    let receipt = json_of(
        server
            .create(
                Some("key-hashed-token-1"),
                &Application::gewerbe(valid_answers()),
            )
            .await,
    )
    .await;
    let token = receipt["statusToken"].as_str().expect("token");
    let pool = server.pool().await;
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT status_token, response FROM submissions")
            .fetch_all(pool.db())
            .await
            .expect("rows");
    let hashes: Vec<String> = sqlx::query_scalar("SELECT sha256 FROM status_tokens")
        .fetch_all(pool.db())
        .await
        .expect("hashes");
    pool.close().await;
    for (column, response) in &rows {
        assert!(
            !column.contains(token) && !response.contains(token),
            "token in clear"
        );
    }
    use sha2::Digest;
    let expected: String = sha2::Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(hashes, [expected]);
}

#[tokio::test]
async fn submission_retry_with_keys_in_another_order_is_the_same_request() {
    let server = Server::start().await;
    let application = Application::gewerbe(valid_answers());
    let first = json_of(server.create(Some("key-order-00001"), &application).await).await;
    // Same content, members written in reverse order.
    let reordered = format!(
        r#"{{"serviceType":{{"identifier":"urn:de:fim:leika:leistung:{GEWERBEANMELDUNG}","name":"Gewerbeanmeldung"}},"announcedAttachments":[],"destinationId":"{}"}}"#,
        destination_of(HEIDE_AUTHORITY)
    );
    let retry = server
        .client
        .post(server.url("/v1/submissions"))
        .bearer_auth(server.api.sender_token().await)
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
    let application = Application::gewerbe(valid_answers());
    server.create(Some("key-conflict-01"), &application).await;
    let other = application.with_file(PLAN, "Lageplan.pdf", "application/pdf", PDF);
    let response = server.create(Some("key-conflict-01"), &other).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(content_type(&response), "application/problem+json");
    assert_eq!(server.submission_rows().await, 1);
}

#[tokio::test]
async fn invalid_answers_pass_the_relay_and_are_rejected_by_the_authority_with_field_paths() {
    let server = Server::start().await;
    let mut answers = valid_answers();
    answers
        .as_object_mut()
        .expect("object")
        .remove("trade_name");
    // The relay cannot read the answers: it stores the ciphertext.
    let sent = server.send(&Application::gewerbe(answers)).await;
    // The authority decrypts and validates with the form engine.
    let opened = server.open(HEIDE_AUTHORITY, &sent.submission_id).await;
    assert!(opened.integrity.is_empty(), "{:?}", opened.integrity);
    assert!(!opened.acceptable());
    let error = opened
        .validation
        .iter()
        .find(|e| e.path == "trade_name")
        .expect("error for trade_name");
    assert_eq!(error.code, "required");
    assert!(!error.detail.is_empty());
}

#[tokio::test]
async fn plaintext_answers_are_refused() {
    let server = Server::start().await;
    let application = Application::gewerbe(valid_answers());
    let token = server.api.sender_token().await;
    let sent = server.api.create_ok(&token, &application, None).await;
    let mut body = application.submit_body(&sent.reference);
    body["encryptedData"] = json!(valid_answers().to_string());
    let response = server.api.submit(&token, &sent.submission_id, &body).await;
    // Not a JWE: a value of the wrong form (400), named at its path.
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let problem = json_of(response).await;
    assert_eq!(problem["errors"][0]["path"], "encryptedData");
    assert_eq!(problem["errors"][0]["code"], "not_encrypted");
    let status = json_of(server.api.status(&sent).await).await;
    assert_eq!(status["status"], "draft", "not submitted");
}

#[tokio::test]
async fn submission_for_another_authority_or_key_is_422() {
    let server = Server::start().await;
    let token = server.api.sender_token().await;
    // The town, but encrypted for a key that is not the town's.
    let mut application = Application::gewerbe(valid_answers());
    application.key = authority_key("amt-heider-umland");
    let sent = server.api.create_ok(&token, &application, None).await;
    let response = server
        .api
        .submit(
            &token,
            &sent.submission_id,
            &application.submit_body(&sent.reference),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem = json_of(response).await;
    assert_eq!(problem["errors"][0]["path"], "encryptedMetadata");
    assert_eq!(problem["errors"][0]["code"], "wrong_key");
    // Data for the town's key, metadata for another.
    let right = Application::gewerbe(valid_answers());
    let mut body = right.submit_body(&sent.reference);
    body["encryptedMetadata"] =
        application.submit_body(&sent.reference)["encryptedMetadata"].clone();
    let response = server.api.submit(&token, &sent.submission_id, &body).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem = json_of(response).await;
    assert_eq!(problem["errors"].as_array().map(Vec::len), Some(1));
    assert_eq!(problem["errors"][0]["path"], "encryptedMetadata");
    // An unknown destination.
    let mut create = right.create_body();
    create["destinationId"] = json!("00000000-0000-4000-8000-000000000000");
    let response = server.api.create(&token, &create, None).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        json_of(response).await["type"],
        "https://schema.fitko.de/fit-connect/submission-api/problems/destination-not-found"
    );
}

#[tokio::test]
async fn the_relay_stores_no_answer_in_clear_and_the_authority_accepts() {
    let server = Server::start().await;
    let signing = common::register_signing_key(&server.database, HEIDE_AUTHORITY).await;
    let mut answers = valid_answers();
    answers["trade_name"] = json!("Geheimbäckerei Unverwechselbar");
    let sent = server.send(&Application::gewerbe(answers.clone())).await;
    // Nowhere in the database (SQLite: the file, WAL included; PostgreSQL: every row of
    // the tables that hold submissions, as text) is the answer readable.
    let mut stored = Vec::new();
    if common::on_postgres() {
        let pool = server.pool().await;
        for table in ["submissions", "attachments", "case_events"] {
            let rows: Vec<String> =
                sqlx::query_scalar(&format!("SELECT CAST(t AS TEXT) FROM {table} t"))
                    .fetch_all(pool.db())
                    .await
                    .expect("rows as text");
            stored.extend(rows.concat().into_bytes());
        }
        pool.close().await;
    } else {
        for suffix in ["", "-wal"] {
            let path = format!("{}{suffix}", server.database);
            stored.extend(std::fs::read(&path).unwrap_or_default());
        }
    }
    assert!(!stored.is_empty());
    for needle in ["Unverwechselbar", "jan.jensen@example.org"] {
        assert!(
            !stored.windows(needle.len()).any(|w| w == needle.as_bytes()),
            "{needle} is in the database file"
        );
    }
    let row: (String, String) = {
        let pool = server.pool().await;
        let row = sqlx::query_as("SELECT encrypted_data, encrypted_metadata FROM submissions")
            .fetch_one(pool.db())
            .await
            .expect("row");
        pool.close().await;
        row
    };
    assert!(central_api::jwe::envelope(&row.0).is_ok());
    assert!(central_api::jwe::envelope(&row.1).is_ok());

    let opened = server.open(HEIDE_AUTHORITY, &sent.submission_id).await;
    assert_eq!(opened.answers, answers);
    assert_eq!(opened.reference.as_deref(), Some(sent.reference.as_str()));
    assert_eq!(
        opened.metadata["contentStructure"]["data"]["hash"]["type"],
        "sha512"
    );
    assert!(
        opened.acceptable(),
        "{:?} {:?}",
        opened.integrity,
        opened.validation
    );

    // The decision, as a signed event into the case's log; the citizen's status shows it.
    let subscriber = server.api.subscriber_token(HEIDE_AUTHORITY).await;
    let accept = common::event(
        &sent,
        &signing,
        central_api::fit_connect::set::ACCEPT,
        json!({"authenticationTags": common::tags_of(&sent, &[])}),
    );
    let decided = server
        .api
        .post_event(&subscriber, &sent.case_id, &accept)
        .await;
    assert_eq!(decided.status(), StatusCode::NO_CONTENT);
    let status = json_of(
        server
            .get(&format!(
                "/api/submissions/{}?token={}",
                sent.reference, sent.status_token
            ))
            .await,
    )
    .await;
    assert_eq!(status["status"], "accepted");
    assert!(status["decided_at"].as_str().is_some());
    // A decision stands: rejecting afterwards is a conflict.
    let reject = common::event(
        &sent,
        &signing,
        central_api::fit_connect::set::REJECT,
        json!({"problems": [{"type": "urn:x", "title": "Nein", "detail": "Doch nicht."}]}),
    );
    let again = server
        .api
        .post_event(&subscriber, &sent.case_id, &reject)
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_changed_ciphertext_is_not_accepted() {
    let server = Server::start().await;
    // Answers and metadata of two different applications: the hash does not match.
    let application = Application::gewerbe(valid_answers());
    let token = server.api.sender_token().await;
    let sent = server.api.create_ok(&token, &application, None).await;
    let mut body = application.submit_body(&sent.reference);
    let mut other = valid_answers();
    other["trade_name"] = json!("Andere Bäckerei");
    body["encryptedData"] =
        Application::gewerbe(other).submit_body(&sent.reference)["encryptedData"].clone();
    let response = server.api.submit(&token, &sent.submission_id, &body).await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let opened = server.open(HEIDE_AUTHORITY, &sent.submission_id).await;
    assert_eq!(opened.integrity.len(), 1, "{:?}", opened.integrity);
    assert!(!opened.acceptable());
}

/// The Idempotency-Key is optional (FIT-Connect has none); a malformed one is a 400.
#[tokio::test]
async fn submission_with_a_malformed_idempotency_key_is_400() {
    let server = Server::start().await;
    let application = Application::gewerbe(valid_answers());
    let response = server.create(Some("short"), &application).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(content_type(&response), "application/problem+json");
    assert_eq!(server.submission_rows().await, 0);
    let response = server.create(None, &application).await;
    assert_eq!(response.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn submission_with_malformed_json_is_400_problem() {
    let server = Server::start().await;
    let response = server
        .client
        .post(server.url("/v1/submissions"))
        .bearer_auth(server.api.sender_token().await)
        .header("Idempotency-Key", "key-malformed-1")
        .header(header::CONTENT_TYPE, "application/json")
        .body("{\"destinationId\": ")
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(content_type(&response), "application/problem+json");
}

#[tokio::test]
async fn submission_body_over_one_mebibyte_is_413_problem() {
    let server = Server::start().await;
    let application = Application::gewerbe(valid_answers());
    let token = server.api.sender_token().await;
    let sent = server.api.create_ok(&token, &application, None).await;
    let mut body = application.submit_body(&sent.reference);
    body["encryptedData"] = json!("x".repeat(1024 * 1024));
    let response = server.api.submit(&token, &sent.submission_id, &body).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(content_type(&response), "application/problem+json");
}

#[tokio::test]
async fn submission_for_unknown_service_is_422() {
    let server = Server::start().await;
    let mut application = Application::gewerbe(valid_answers());
    application.service = "99000000000000".into();
    let response = server.create(Some("key-unknown-svc"), &application).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        json_of(response).await["errors"][0]["path"],
        "serviceType.identifier"
    );
}

#[tokio::test]
async fn submission_status_with_token() {
    let server = Server::start().await;
    let sent = server.send(&Application::gewerbe(valid_answers())).await;
    let reference = sent.reference.as_str();
    let token = sent.status_token.as_str();
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
    // Enough to rebuild the receipt on another device: the authority with its contact.
    assert_eq!(body["authority"]["id"], "stadt-heide-ordnung");
    assert_eq!(
        body["authority"]["name"],
        "Stadt Heide, Ordnungsamt (Gewerbeangelegenheiten)"
    );
    assert_eq!(body["authority"]["address"]["street"], "Postelweg 1");
    assert_eq!(body["authority"]["phone"], "+49 481 0000003");
    assert!(
        body["authority"]["opening_hours"]
            .as_str()
            .expect("opening hours")
            .starts_with("Mo, Di, Fr")
    );

    let via_query = server
        .get(&format!(
            "/api/submissions/{reference}?token={token}&lang=en"
        ))
        .await;
    assert_eq!(via_query.status(), StatusCode::OK);
    let english = json_of(via_query).await;
    assert_eq!(
        english["authority"]["name"],
        "Town of Heide, Public Order Office (trade affairs)"
    );
    assert!(
        english["authority"]["opening_hours"]
            .as_str()
            .expect("opening hours")
            .starts_with("Mon, Tue, Fri")
    );
}

#[tokio::test]
async fn submission_status_with_wrong_token_is_404() {
    let server = Server::start().await;
    let sent = server.send(&Application::gewerbe(valid_answers())).await;
    let response = server
        .client
        .get(server.url(&format!("/api/submissions/{}", sent.reference)))
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
        ))
        .expect("HTML");
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
    let config = central_api::Config::new(server.database.clone());
    central_api::AppState::init(&config)
        .await
        .expect("second init");
    let body = json_of(
        server
            .get(&format!("/api/municipalities/{DITHMARSCHEN}/catalogue"))
            .await,
    )
    .await;
    assert_eq!(body["services"].as_array().expect("services").len(), 6);
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
    let body = Application::gewerbe(valid_answers()).create_body();
    let token = server.api.sender_token().await;
    let mut attempts = tokio::task::JoinSet::new();
    for _ in 0..5 {
        let request = server
            .client
            .post(server.url("/v1/submissions"))
            .bearer_auth(&token)
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

const HEIDE: &str = "010510044044";
const HEMMINGSTEDT: &str = "010515172048";
const VERSAMMLUNG: &str = "99035001000000";

#[tokio::test]
async fn municipality_has_theme_and_allowed_origins() {
    let server = Server::start().await;
    let body = json_of(server.get(&format!("/api/municipalities/{HEIDE}")).await).await;
    assert_eq!(body["name"], "Heide");
    assert_eq!(body["parent_ars"], DITHMARSCHEN);
    assert_eq!(body["theme"]["display_name"], "Bürgerportal Stadt Heide");
    assert!(
        body["theme"]["colors"]["primary"]
            .as_str()
            .expect("colour")
            .starts_with('#')
    );
    assert!(
        body["theme"]["logo"]
            .as_str()
            .expect("logo")
            .starts_with("data:image/svg+xml,")
    );
    assert_eq!(body["allowed_origins"], json!(["https://www.heide.de"]));
}

#[tokio::test]
async fn catalogue_lists_categories_life_situations_and_provider() {
    let server = Server::start().await;
    let body = json_of(
        server
            .get(&format!(
                "/api/municipalities/{DITHMARSCHEN}/catalogue?lang=en"
            ))
            .await,
    )
    .await;
    let categories = body["categories"].as_array().expect("categories");
    assert!(categories.contains(&json!({"id": "wirtschaft", "name": "Business and trade"})));
    assert!(!body["life_situations"].as_array().expect("life").is_empty());
    let gewerbe = body["services"]
        .as_array()
        .expect("services")
        .iter()
        .find(|s| s["leika"] == GEWERBEANMELDUNG)
        .expect("listed")
        .clone();
    assert_eq!(gewerbe["categories"], json!(["wirtschaft"]));
    assert_eq!(gewerbe["life_situations"], json!(["unternehmen-gruenden"]));
    assert_eq!(gewerbe["popular"], true);
    assert_eq!(gewerbe["provider"]["id"], "ea-sh");
}

#[tokio::test]
async fn catalogue_filters_by_category_life_situation_and_popularity() {
    let server = Server::start().await;
    let leikas = |body: Value| -> Vec<String> {
        body["services"]
            .as_array()
            .expect("services")
            .iter()
            .map(|s| s["leika"].as_str().expect("leika").to_owned())
            .collect()
    };
    let base = format!("/api/municipalities/{DITHMARSCHEN}/catalogue");
    let by_category = json_of(
        server
            .get(&format!("{base}?category=sicherheit-ordnung"))
            .await,
    )
    .await;
    assert_eq!(leikas(by_category), ["99089013000000", VERSAMMLUNG]);
    let by_life = json_of(
        server
            .get(&format!("{base}?life_situation=haus-garten"))
            .await,
    )
    .await;
    assert_eq!(leikas(by_life), ["99136002000000"]);
    let popular = json_of(server.get(&format!("{base}?popular=true")).await).await;
    assert_eq!(leikas(popular), ["99036012104000", GEWERBEANMELDUNG]);
    let none = json_of(server.get(&format!("{base}?category=nope")).await).await;
    assert!(leikas(none).is_empty());
}

#[tokio::test]
async fn service_detail_has_categories_and_routing() {
    let server = Server::start().await;
    let body = json_of(
        server
            .get(&format!("/api/services/{GEWERBEANMELDUNG}"))
            .await,
    )
    .await;
    assert_eq!(body["routing"], "place_required");
    assert_eq!(
        body["categories"],
        json!([{"id": "wirtschaft", "name": "Wirtschaft und Gewerbe"}])
    );
    let ikfz = json_of(server.get("/api/services/99036012104000").await).await;
    assert_eq!(ikfz["routing"], "fixed");
}

#[tokio::test]
async fn service_detail_names_its_provider_and_the_documents_to_send_separately() {
    let server = Server::start().await;
    let gewerbe = json_of(
        server
            .get(&format!("/api/services/{GEWERBEANMELDUNG}"))
            .await,
    )
    .await;
    assert_eq!(
        gewerbe["provider"],
        json!({"id": "ea-sh", "name": "Einheitlicher Ansprechpartner Schleswig-Holstein (EA.SH)"})
    );
    // The form has no upload: every document goes separately.
    assert_eq!(gewerbe["documents_separately"], gewerbe["documents"]);
    // Baumfällgenehmigung takes the site plan and the power of attorney, not the photos.
    let tree = json_of(server.get("/api/services/99136002000000?lang=en").await).await;
    assert_eq!(tree["provider"], Value::Null);
    assert_eq!(
        tree["documents"],
        json!([
            "Site plan marking the tree",
            "Photos of the tree",
            "if authorised: power of attorney from the owner"
        ])
    );
    assert_eq!(tree["documents_separately"], json!(["Photos of the tree"]));
    let ikfz = json_of(server.get("/api/services/99036012104000").await).await;
    assert_eq!(ikfz["documents_separately"], json!([]));
}

#[tokio::test]
async fn service_form_redirects_to_its_newest_definition() {
    let server = Server::start().await;
    let response = server
        .get(&format!("/api/services/{GEWERBEANMELDUNG}/form"))
        .await;
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(
        response.headers()[header::LOCATION],
        "/api/forms/gewerbeanmeldung/versions/1"
    );
    let external = server.get("/api/services/99036012104000/form").await;
    assert_eq!(external.status(), StatusCode::NOT_FOUND);
    assert_eq!(content_type(&external), "application/problem+json");
}

#[tokio::test]
async fn service_definition_is_its_newest_definition_revalidated_by_etag() {
    let server = Server::start().await;
    let path = format!("/api/services/{GEWERBEANMELDUNG}/definition");
    let response = server.get(&path).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(content_type(&response), "application/json");
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");
    assert_eq!(
        response.headers()[header::CONTENT_LOCATION],
        "/api/forms/gewerbeanmeldung/versions/1"
    );
    let versioned = server.get("/api/forms/gewerbeanmeldung/versions/1").await;
    let etag = response.headers()[header::ETAG].clone();
    assert_eq!(etag, versioned.headers()[header::ETAG]);
    assert_eq!(
        response.text().await.expect("text"),
        include_str!("../demo/forms/gewerbeanmeldung.json")
    );

    let again = server
        .client
        .get(server.url(&path))
        .header(header::IF_NONE_MATCH, etag)
        .send()
        .await
        .expect("GET");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn service_definition_of_an_unknown_or_external_service_is_a_404_problem() {
    let server = Server::start().await;
    for leika in ["99999999999999", "99036012104000", "not-a-key"] {
        let response = server
            .get(&format!("/api/services/{leika}/definition"))
            .await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{leika}");
        assert_eq!(content_type(&response), "application/problem+json");
    }
}

#[tokio::test]
async fn places_resolve_postcode_and_name_to_ars() {
    let server = Server::start().await;
    let by_postcode = json_of(server.get("/api/places?q=25746").await).await;
    let names: Vec<&str> = by_postcode
        .as_array()
        .expect("places")
        .iter()
        .map(|p| p["name"].as_str().expect("name"))
        .collect();
    assert_eq!(
        names,
        [
            "Heide",
            "Lohe-Rickelshof",
            "Norderwöhrden",
            "Ostrohe",
            "Wesseln"
        ]
    );
    assert_eq!(by_postcode[0]["ars"], HEIDE);
    assert_eq!(by_postcode[0]["municipality"]["name"], "Heide");
    assert_eq!(by_postcode[1]["municipality"]["name"], "Lohe-Rickelshof");
    assert_eq!(by_postcode[1]["municipality"]["kind"], "Gemeinde");

    for q in ["hemmingstedt", "HEMMING"] {
        let body = json_of(server.get(&format!("/api/places?q={q}")).await).await;
        assert_eq!(body[0]["ars"], HEMMINGSTEDT, "{q}");
        assert_eq!(body[0]["postcode"], "25770");
    }
    let umlaut = json_of(server.get("/api/places?q=woehrden").await).await;
    assert_eq!(umlaut[0]["name"], "Wöhrden");
}

/// Every Gemeinde of the Kreis's official directory (`demo/places/dithmarschen.json`, a
/// copy of `../shared/places/`) is found by its name and by each of its postcodes, and
/// a Gewerbeanmeldung there is routed to its Amt or, if amtsfrei, to the town itself.
#[tokio::test]
async fn every_gemeinde_is_found_by_name_and_postcode_and_routed_to_its_administration() {
    let text = include_str!("../demo/places/dithmarschen.json");
    let shared = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/places/dithmarschen.json"
    );
    if let Ok(original) = std::fs::read_to_string(shared) {
        assert_eq!(text, original, "the demo copy differs from {shared}");
    }
    let directory: Value = serde_json::from_str(text).expect("directory");
    let gemeinden = directory["gemeinden"].as_array().expect("gemeinden");
    assert_eq!(gemeinden.len(), 116);
    let server = Server::start().await;
    let authority_of_amt: std::collections::BTreeMap<&str, &str> = [
        ("010515163000", "amt-burg-sankt-michaelisdonn"),
        ("010515166000", "amt-marne-nordsee"),
        ("010515169000", "amt-eider"),
        ("010515172000", "amt-heider-umland"),
        ("010515175000", "amt-mitteldithmarschen"),
        ("010515178000", "amt-buesum-wesselburen"),
    ]
    .into();
    for g in gemeinden {
        let name = g["name"].as_str().expect("name");
        let ars = g["ars"].as_str().expect("ars");
        let found = |body: &Value| {
            body.as_array()
                .expect("places")
                .iter()
                .any(|p| p["ars"] == ars && p["name"] == name)
        };
        let query: String = url_encode(name);
        let by_name = json_of(server.get(&format!("/api/places?q={query}")).await).await;
        assert!(found(&by_name), "{name} by name: {by_name}");
        for postcode in g["postcodes"].as_array().expect("postcodes") {
            let postcode = postcode.as_str().expect("postcode");
            let by_postcode = json_of(server.get(&format!("/api/places?q={postcode}")).await).await;
            assert!(found(&by_postcode), "{name} by {postcode}: {by_postcode}");
        }
        let expected = match g["verband"].as_str() {
            Some(_) => authority_of_amt[&format!("{}000", &ars[..9])[..]],
            None if name == "Heide" => "stadt-heide-ordnung",
            None => "stadt-brunsbuettel-ordnung",
        };
        let routes = route(&server, GEWERBEANMELDUNG, ars).await;
        assert_eq!(routes["routes"][0]["authority"]["id"], expected, "{name}");
    }
}

/// Outside the Kreis but in the Land: the Land's own authority (EA.SH) for the
/// Gewerbeanmeldung; a Kreis service is not offered there, which routing says by an
/// empty list.
#[tokio::test]
async fn places_elsewhere_in_the_land_route_to_the_land_or_nowhere() {
    let server = Server::start().await;
    let kiel = json_of(server.get("/api/places?q=Kiel").await).await;
    assert_eq!(kiel[0]["ars"], "010020000000");
    let routes = route(&server, GEWERBEANMELDUNG, "010020000000").await;
    assert_eq!(routes["routes"][0]["authority"]["id"], "ea-sh");
    let routes = route(&server, VERSAMMLUNG, "010020000000").await;
    assert_eq!(routes["count"], 0, "{routes}");
    let routes = route(&server, VERSAMMLUNG, "010515175001").await;
    assert_eq!(
        routes["routes"][0]["authority"]["id"],
        "kreis-dithmarschen-ordnung"
    );
}

fn url_encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

#[tokio::test]
async fn places_without_a_query_is_400() {
    let server = Server::start().await;
    let response = server.get("/api/places?q=x").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(content_type(&response), "application/problem+json");
}

#[tokio::test]
async fn places_for_signs_alone_are_none_and_the_length_counts_characters() {
    let server = Server::start().await;
    // Folded, these leave fewer than two letters or digits: no place, not every place.
    for q in ["%25%25", "__", "..", "--", "%C2%A7%C2%A7", "a.", "H%25"] {
        let response = server.get(&format!("/api/places?q={q}")).await;
        assert_eq!(response.status(), StatusCode::OK, "{q}");
        assert_eq!(json_of(response).await, serde_json::json!([]), "{q}");
    }
    // 100 characters of two bytes each are within the limit; 101 are not.
    let hundred = "%C3%A4".repeat(100);
    assert_eq!(
        server
            .get(&format!("/api/places?q={hundred}"))
            .await
            .status(),
        StatusCode::OK
    );
    let response = server.get(&format!("/api/places?q={hundred}%C3%A4")).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    // A real name still finds its place.
    let heide = json_of(server.get("/api/places?q=He").await).await;
    assert!(heide.as_array().is_some_and(|places| !places.is_empty()));
}

/// A NUL in an address reached PostgreSQL, which refused it with an error that was a 500
/// (SQLite: a 404); bytes that are no UTF-8 were dropped from a query and the rest
/// searched. Both are a 400 naming the part, on either database, on every route, as a
/// problem (never the framework's plain text).
#[tokio::test]
async fn an_address_with_a_nul_or_bytes_that_are_no_utf8_is_refused() {
    let server = Server::start().await;
    for (path, named) in [
        ("/api/municipalities/%FF", "path"),
        ("/api/services/%FF%FE", "path"),
        ("/api/forms/%C3/versions/1", "path"),
        ("/api/services/9905001210400%00", "path"),
        ("/api/forms/a%00/latest", "path"),
        (
            "/api/municipalities/010510044044/catalogue?category=a%00",
            "`category`",
        ),
        ("/api/submissions/a%00?token=x", "path"),
        ("/api/places?q=He%ED%A0%80", "`q`"),
        (
            "/v1/routes?leikaKey=99050012104000&ars=01051004404%00",
            "`ars`",
        ),
        (
            "/v1/areas?areaSearchexpression=Heide%00",
            "`areaSearchexpression`",
        ),
        ("/v1/destinations/a%00", "path"),
    ] {
        let response = server.get(path).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(
            content_type(&response),
            "application/problem+json",
            "{path}"
        );
        // An answer like every other: with the security headers.
        assert_eq!(
            response.headers()["x-content-type-options"],
            "nosniff",
            "{path}"
        );
        let problem = json_of(response).await;
        let detail = problem["detail"].as_str().unwrap_or_default();
        assert!(
            detail.contains(named) && detail.contains("NUL"),
            "{path}: {problem}"
        );
    }
    // What is text still finds what it names, composed or not (macOS writes "u" and a
    // combining diaeresis for "ü").
    for q in ["B%C3%BCsum", "Bu%CC%88sum"] {
        let places = json_of(server.get(&format!("/api/places?q={q}")).await).await;
        assert!(
            places
                .as_array()
                .is_some_and(|p| p.iter().any(|p| p["name"] == "Büsum")),
            "{q}: {places}"
        );
        let areas = json_of(
            server
                .get(&format!("/v1/areas?areaSearchexpression={q}"))
                .await,
        )
        .await;
        assert!(
            areas["count"].as_u64().is_some_and(|n| n >= 1),
            "{q}: {areas}"
        );
    }
}

async fn route(server: &Server, leika: &str, ars: &str) -> Value {
    let response = server
        .get(&format!("/v1/routes?leikaKey={leika}&ars={ars}"))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    json_of(response).await
}

#[tokio::test]
async fn routing_sends_gewerbeanmeldung_to_town_or_amt() {
    let server = Server::start().await;
    let heide = route(&server, GEWERBEANMELDUNG, HEIDE).await;
    assert_eq!(heide["count"], 1);
    assert_eq!(heide["routes"][0]["authority"]["id"], "stadt-heide-ordnung");
    assert_eq!(heide["routes"][0]["level"], "gemeinde");
    let village = route(&server, GEWERBEANMELDUNG, HEMMINGSTEDT).await;
    assert_eq!(village["routes"][0]["authority"]["id"], "amt-heider-umland");
    assert_eq!(village["routes"][0]["level"], "gemeindeverband");
    assert_eq!(
        village["routes"][0]["authority"]["address"]["city"],
        "Heide"
    );
    let elsewhere = route(&server, GEWERBEANMELDUNG, "010020000000").await;
    assert_eq!(elsewhere["routes"][0]["authority"]["id"], "ea-sh");
}

#[tokio::test]
async fn routing_sends_versammlungsanzeige_to_the_kreis() {
    let server = Server::start().await;
    let body = route(&server, VERSAMMLUNG, HEIDE).await;
    assert_eq!(
        body["routes"][0]["authority"]["id"],
        "kreis-dithmarschen-ordnung"
    );
    assert_eq!(body["routes"][0]["level"], "kreis");
}

#[tokio::test]
async fn routing_carries_the_public_encryption_key() {
    let server = Server::start().await;
    let body = route(&server, GEWERBEANMELDUNG, HEIDE).await;
    let parameters = &body["routes"][0]["destinationParameters"];
    let jwk = &parameters["publicKeys"]["keys"][0];
    assert_eq!(jwk["kty"], "RSA");
    assert_eq!(jwk["alg"], "RSA-OAEP-256");
    assert_eq!(jwk["use"], "enc");
    assert_eq!(jwk["key_ops"], json!(["wrapKey"]));
    assert_eq!(jwk["e"], "AQAB");
    assert_eq!(jwk["kid"], parameters["encryptionKid"]);
    assert_eq!(jwk["n"].as_str().expect("n").len(), 683, "4096-bit modulus");
    assert!(jwk.get("d").is_none(), "no private part");
    assert_eq!(
        parameters["publicKeys"]["keys"].as_array().map(Vec::len),
        Some(1),
        "the current key only"
    );
    assert_eq!(parameters["services"], json!([GEWERBEANMELDUNG]));
    assert!(parameters["validUntil"].as_i64().expect("validUntil") > 0);
    assert!(
        body["routes"][0]["destinationParametersSignature"]
            .as_str()
            .expect("signed by the Land")
            .starts_with("eyJ")
    );
    // The Submission API's base: the relay's public address if configured (none here).
    assert!(parameters["submissionUrl"].is_string());
    assert_eq!(
        parameters["submissionSchemas"][0]["schemaUri"],
        "urn:de:buergerportal:form:gewerbeanmeldung:1"
    );
    assert_eq!(
        body["routes"][0]["destinationId"],
        destination_of(HEIDE_AUTHORITY)
    );
    // The same key again, and stored in the database.
    let again = route(&server, GEWERBEANMELDUNG, HEIDE).await;
    assert_eq!(
        again["routes"][0]["destinationParameters"]["encryptionKid"],
        parameters["encryptionKid"]
    );
}

#[tokio::test]
async fn routing_with_bad_input() {
    let server = Server::start().await;
    for query in [
        "leikaKey=123&ars=010510044044",
        "leikaKey=99050012104000&ars=12ab",
        "ars=010510044044",
    ] {
        let response = server.get(&format!("/v1/routes?{query}")).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(content_type(&response), "application/problem+json");
    }
    // A service nobody offers here: no routes, as FIT-Connect's Routing API answers (it
    // defines no 404 for /routes).
    let unknown = route(&server, "99000000000000", HEIDE).await;
    assert_eq!(unknown["count"], 0);
    assert_eq!(unknown["totalCount"], 0);
    assert_eq!(unknown["routes"], json!([]));
    // Regionalschlüssel of other lengths than FIT-Connect's 2, 3, 5, 9 and 12 digits.
    for ars in ["0", "0105", "0105100", "0105100440", "0105100440440"] {
        let response = server
            .get(&format!("/v1/routes?leikaKey={GEWERBEANMELDUNG}&ars={ars}"))
            .await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{ars}");
    }
}

/// FIT-Connect's areas: a place name or postcode gives Gemeinden with their keys as ids,
/// which routing takes as `areaId` as it takes `ars`.
#[tokio::test]
async fn areas_are_found_by_name_or_postcode_and_route_by_their_id() {
    let server = Server::start().await;
    let areas = |query: &str| {
        let server = &server;
        let query = query.to_owned();
        async move {
            let response = server.get(&format!("/v1/areas?{query}")).await;
            assert_eq!(response.status(), StatusCode::OK, "{query}");
            json_of(response).await
        }
    };
    let heide = areas("areaSearchexpression=Heide").await;
    let found: Vec<(&str, &str)> = heide["areas"]
        .as_array()
        .expect("areas")
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap_or(""),
                a["name"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert!(found.contains(&(HEIDE, "Heide")), "{heide}");
    assert!(
        heide["areas"]
            .as_array()
            .expect("areas")
            .iter()
            .all(|a| a["type"] == "Gemeinde")
    );
    assert_eq!(heide["totalCount"], found.len());
    // A postcode by its first digits, with FIT-Connect's wildcard, and two expressions
    // that must both fit; each Gemeinde once.
    let by_postcode = areas("areaSearchexpression=2574*").await;
    let ids: Vec<&str> = by_postcode["areas"]
        .as_array()
        .expect("areas")
        .iter()
        .filter_map(|a| a["id"].as_str())
        .collect();
    assert!(ids.contains(&HEIDE), "{by_postcode}");
    let unique: std::collections::HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "each Gemeinde once");
    let both = areas("areaSearchexpression=Heide&areaSearchexpression=25746").await;
    assert!(
        both["areas"]
            .as_array()
            .expect("areas")
            .iter()
            .any(|a| a["id"] == HEIDE)
    );
    let neither = areas("areaSearchexpression=Heide&areaSearchexpression=99999").await;
    assert_eq!(neither["totalCount"], 0);
    // One digit besides a wildcard names nothing, first or not.
    for query in [
        "areaSearchexpression=2*",
        "areaSearchexpression=2*&areaSearchexpression=Heide",
    ] {
        assert_eq!(areas(query).await["totalCount"], 0, "{query}");
    }
    // Paged as routing is.
    let page = areas("areaSearchexpression=25&limit=1&offset=1").await;
    assert_eq!(page["count"], 1);
    assert_eq!(page["offset"], 1);
    assert!(page["totalCount"].as_u64().expect("total") > 1);
    for bad in [
        "",
        "areaSearchexpression=H",
        "areaSearchexpression=Heide&limit=0",
    ] {
        let response = server.get(&format!("/v1/areas?{bad}")).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(content_type(&response), "application/problem+json");
    }

    // The id routes as the key does.
    let by_area = server
        .get(&format!(
            "/v1/routes?leikaKey={GEWERBEANMELDUNG}&areaId={HEIDE}"
        ))
        .await;
    assert_eq!(by_area.status(), StatusCode::OK);
    let by_area = json_of(by_area).await;
    let by_ars = route(&server, GEWERBEANMELDUNG, HEIDE).await;
    assert_eq!(
        by_area["routes"][0]["destinationId"],
        by_ars["routes"][0]["destinationId"]
    );
    for bad in [
        format!("areaId={HEIDE}&ars={HEIDE}"),
        "areaId=1024".to_owned(),
    ] {
        let response = server
            .get(&format!("/v1/routes?leikaKey={GEWERBEANMELDUNG}&{bad}"))
            .await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
    }
}

/// FIT-Connect's paging of `/v1/routes`: `limit` 1 to 500 (default 100), `offset` from 0,
/// as the Submission API's listings; anything else is refused by name, never clamped.
#[tokio::test]
async fn routing_pages_within_fit_connects_bounds() {
    let server = Server::start().await;
    let routes =
        |paging: &str| format!("/v1/routes?leikaKey={GEWERBEANMELDUNG}&ars={HEIDE}&{paging}");
    for (paging, detail) in [
        ("offset=-1", "`offset` must be 0 or more."),
        ("limit=1000000000000", "`limit` must be 1 to 500."),
        ("limit=501", "`limit` must be 1 to 500."),
        ("limit=0", "`limit` must be 1 to 500."),
        ("limit=-5", "`limit` must be 1 to 500."),
    ] {
        let response = server.get(&routes(paging)).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{paging}");
        assert_eq!(content_type(&response), "application/problem+json");
        assert_eq!(json_of(response).await["detail"], detail, "{paging}");
    }
    // Past the range of the type: the query string's own problem.
    let response = server.get(&routes("offset=99999999999999999999")).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(
        json_of(response).await["detail"]
            .as_str()
            .expect("detail")
            .contains("offset"),
    );
    for paging in ["limit=1", "limit=500&offset=0", "offset=0"] {
        let found = json_of(server.get(&routes(paging)).await).await;
        assert_eq!(found["count"], 1, "{paging}: {found}");
        assert_eq!(found["totalCount"], 1, "{paging}: {found}");
        assert_eq!(found["offset"], 0, "{paging}: {found}");
    }
    // Past the one route: none on this page, but counted.
    let past = json_of(server.get(&routes("offset=1&limit=500")).await).await;
    assert_eq!(past["count"], 0, "{past}");
    assert_eq!(past["totalCount"], 1, "{past}");
    assert_eq!(past["offset"], 1, "{past}");
    assert_eq!(past["routes"], json!([]));
}

/// FIT-Connect's Routing API also names an area by a shorter Regionalschlüssel: a Land
/// (2 digits), Regierungsbezirk (3), Kreis (5) or Gemeindeverband (9). The routes are
/// those of the authorities responsible for the whole of that area, never those of one
/// of its parts.
#[tokio::test]
async fn routing_by_a_kreis_amt_or_land_key_finds_who_serves_all_of_it() {
    let server = Server::start().await;
    let authority = |body: &Value| {
        (
            body["routes"][0]["authority"]["id"].clone(),
            body["routes"][0]["level"].clone(),
        )
    };
    // The Versammlungsanzeige is the Kreis's, for Heide and for the whole Kreis.
    let kreis = route(&server, VERSAMMLUNG, "01051").await;
    assert_eq!(
        authority(&kreis),
        (json!("kreis-dithmarschen-ordnung"), json!("kreis"))
    );
    // The Gewerbeanmeldung is each town's or Amt's: the Amt of Hemmingstedt by its own
    // 9-digit key; for the whole Kreis no town or Amt, but the Land's single point of
    // contact, as for a place without a town's or Amt's responsibility.
    let amt = route(&server, GEWERBEANMELDUNG, &HEMMINGSTEDT[..9]).await;
    assert_eq!(
        authority(&amt),
        (json!("amt-heider-umland"), json!("gemeindeverband"))
    );
    let whole_kreis = route(&server, GEWERBEANMELDUNG, "01051").await;
    assert_eq!(authority(&whole_kreis), (json!("ea-sh"), json!("land")));
    assert_eq!(whole_kreis["count"], 1);
    for land in ["01", "010"] {
        let body = route(&server, GEWERBEANMELDUNG, land).await;
        assert_eq!(authority(&body), (json!("ea-sh"), json!("land")), "{land}");
    }
    // The same Gemeinde by its full key still finds its own Amt.
    let hemmingstedt = route(&server, GEWERBEANMELDUNG, HEMMINGSTEDT).await;
    assert_eq!(authority(&hemmingstedt).0, json!("amt-heider-umland"));
}

#[tokio::test]
async fn submission_from_a_village_reaches_its_amt() {
    let server = Server::start().await;
    let routes = route(&server, GEWERBEANMELDUNG, HEMMINGSTEDT).await;
    assert_eq!(
        routes["routes"][0]["destinationId"],
        destination_of("amt-heider-umland")
    );
    let mut answers = valid_answers();
    answers["municipality"] = json!({"ars": HEMMINGSTEDT, "name": "25770 Hemmingstedt"});
    let sent = server.send(&amt_application(answers)).await;
    assert_eq!(sent.destination_id, destination_of("amt-heider-umland"));
    let status = json_of(server.api.status(&sent).await).await;
    assert_eq!(status["authority"]["id"], "amt-heider-umland");
}

/// A Gewerbeanmeldung of `answers` for the Amt Heider Umland.
fn amt_application(answers: Value) -> Application {
    Application::for_authority(
        GEWERBEANMELDUNG,
        "Gewerbeanmeldung",
        "gewerbeanmeldung",
        "amt-heider-umland",
        answers,
    )
}

/// Issue #18: the answer that decides the authority (the premises' municipality) must be
/// one the Routing API names this destination for; the authority's inbox checks it.
#[tokio::test]
async fn the_inbox_checks_the_submission_was_routed_by_the_deciding_answer() {
    let server = Server::start().await;
    // Premises in Hemmingstedt, sent to its Amt.
    let mut answers = valid_answers();
    answers["municipality"] = json!({"ars": HEMMINGSTEDT, "name": "25770 Hemmingstedt"});
    let sent = server.send(&amt_application(answers)).await;
    let opened = server.open("amt-heider-umland", &sent.submission_id).await;
    assert!(
        opened.acceptable(),
        "{:?} {:?}",
        opened.integrity,
        opened.validation
    );

    // Sent to the Amt while the premises are in Heide (a town of its own): not acceptable.
    let sent = server.send(&amt_application(valid_answers())).await;
    let opened = server.open("amt-heider-umland", &sent.submission_id).await;
    assert!(!opened.acceptable());
    assert_eq!(opened.integrity.len(), 1, "{:?}", opened.integrity);
    assert!(
        opened.integrity[0].contains(&format!(
            "`municipality`, which decides the authority, names the municipality {HEIDE}"
        )),
        "{}",
        opened.integrity[0]
    );
}

#[tokio::test]
async fn submission_with_wrong_types_is_400() {
    let server = Server::start().await;
    let mut body = Application::gewerbe(valid_answers()).create_body();
    body["announcedAttachments"] = json!("one");
    let response = server
        .api
        .create(&server.api.sender_token().await, &body, None)
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(content_type(&response), "application/problem+json");
}

/// A value of a JSON body that does not fit names its place in `errors[].path`, written
/// as the body's validation problems write theirs (`serviceType.identifier`,
/// `announcedAttachments.0`), and keeps serde's message.
#[tokio::test]
async fn a_json_value_that_does_not_fit_names_its_place() {
    let server = Server::start().await;
    let token = server.api.sender_token().await;
    let wrong = |change: &dyn Fn(&mut Value)| {
        let mut body = Application::gewerbe(valid_answers()).create_body();
        change(&mut body);
        body
    };
    for (body, path, code, message) in [
        (
            wrong(&|b| b["serviceType"]["identifier"] = json!(-0.0)),
            "serviceType.identifier",
            "invalid_value",
            "invalid type: floating point `-0.0`, expected a string",
        ),
        (
            wrong(&|b| b["announcedAttachments"] = json!(["a", 7])),
            "announcedAttachments.1",
            "invalid_value",
            "invalid type: integer `7`, expected a string",
        ),
        (
            wrong(&|b| b["announcedAttachments"] = json!("one")),
            "announcedAttachments",
            "invalid_value",
            "invalid type: string \"one\", expected a sequence",
        ),
        (
            wrong(&|b| {
                b.as_object_mut().expect("object").remove("destinationId");
            }),
            // The member's own place, not its object's.
            "destinationId",
            "required",
            "missing field `destinationId`",
        ),
    ] {
        let response = server.api.create(&token, &body, None).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(content_type(&response), "application/problem+json");
        let problem = json_of(response).await;
        let detail = problem["detail"].as_str().expect("detail");
        assert!(
            detail.starts_with(&format!(
                "Failed to parse the request body as JSON: {message}"
            )),
            "{problem}"
        );
        assert!(detail.contains(" at line 1 column "), "{problem}");
        assert_eq!(
            problem["errors"].as_array().map(Vec::len),
            Some(1),
            "{problem}"
        );
        let error = &problem["errors"][0];
        assert_eq!(error["path"], path, "{problem}");
        assert_eq!(error["code"], code, "{problem}");
        assert!(
            error["detail"]
                .as_str()
                .expect("detail")
                .starts_with(message),
            "{problem}"
        );
    }
    // Broken JSON has no value to name: the position, and no errors.
    let response = server
        .client
        .post(server.url("/v1/submissions"))
        .bearer_auth(&token)
        .header(header::CONTENT_TYPE, "application/json")
        .body("{\"destinationId\": ")
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let problem = json_of(response).await;
    assert!(problem.get("errors").is_none(), "{problem}");
    assert!(
        problem["detail"]
            .as_str()
            .expect("detail")
            .contains("EOF while parsing"),
        "{problem}"
    );
}

/// JSON between systems is UTF-8: a body declared in another charset is refused with a
/// 415 naming it, rather than read as UTF-8 and stored with other characters than sent.
#[tokio::test]
async fn a_json_body_declared_in_another_charset_is_415() {
    let server = Server::start().await;
    let token = server.api.sender_token().await;
    let post = |content_type: &'static str, key: &'static str| {
        server
            .client
            .post(server.url("/v1/submissions"))
            .bearer_auth(&token)
            .header("Idempotency-Key", key)
            .header(header::CONTENT_TYPE, content_type)
            .body(
                Application::gewerbe(valid_answers())
                    .create_body()
                    .to_string(),
            )
            .send()
    };
    for (declared, key, charset) in [
        (
            "application/json; charset=latin1",
            "key-charset-latin1",
            "latin1",
        ),
        // Named as `mime` writes it: a charset's name knows no case.
        (
            "application/json;charset=ISO-8859-1",
            "key-charset-8859-1",
            "iso-8859-1",
        ),
        (
            "application/json; charset=utf-16",
            "key-charset-utf-16",
            "utf-16",
        ),
    ] {
        let response = post(declared, key).await.expect("POST");
        assert_eq!(
            response.status(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{declared}"
        );
        assert_eq!(content_type(&response), "application/problem+json");
        let problem = json_of(response).await;
        assert_eq!(
            problem["type"],
            "urn:buergerportal:problem:unsupported-media-type"
        );
        let detail = problem["detail"].as_str().expect("detail");
        assert!(detail.contains("must be UTF-8"), "{problem}");
        assert!(
            detail.contains(&format!("`charset={charset}`")),
            "{problem}"
        );
    }
    assert_eq!(server.submission_rows().await, 0);
    for (declared, key) in [
        ("application/json; charset=utf-8", "key-charset-utf8-lower"),
        ("application/json; charset=UTF-8", "key-charset-utf8-upper"),
        (
            "application/json; charset=\"utf-8\"",
            "key-charset-utf8-quoted",
        ),
        ("application/json", "key-charset-none"),
    ] {
        let response = post(declared, key).await.expect("POST");
        assert_eq!(response.status(), StatusCode::CREATED, "{declared}");
    }
}

/// A known address asked with a method it does not take answers a problem like every
/// other error of the API, with `Allow` naming the methods it takes.
#[tokio::test]
async fn a_method_not_allowed_is_a_problem_that_keeps_allow() {
    let server = Server::start().await;
    for (method, path, allow) in [
        (reqwest::Method::DELETE, "/api/health", "GET,HEAD"),
        (reqwest::Method::POST, "/api/municipalities", "GET,HEAD"),
        (reqwest::Method::DELETE, "/v1/routes", "GET,HEAD"),
        (reqwest::Method::PATCH, "/v1/submissions", "GET,HEAD,POST"),
    ] {
        let response = server
            .client
            .request(method.clone(), server.url(path))
            .send()
            .await
            .expect("request");
        assert_eq!(
            response.status(),
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}"
        );
        assert_eq!(
            content_type(&response),
            "application/problem+json",
            "{method} {path}"
        );
        let allowed = response
            .headers()
            .get(header::ALLOW)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .replace(' ', "");
        assert_eq!(allowed, allow, "{method} {path}");
        let problem = json_of(response).await;
        assert_eq!(
            problem["type"],
            "urn:buergerportal:problem:method-not-allowed"
        );
        assert_eq!(problem["status"], 405);
    }
}

#[tokio::test]
async fn submission_nested_too_deep_is_400() {
    let server = Server::start().await;
    let mut body = Application::gewerbe(valid_answers()).create_body();
    body["deep"] =
        serde_json::from_str(&format!("{}{}", "[".repeat(40), "]".repeat(40))).expect("json");
    let response = server
        .api
        .create(&server.api.sender_token().await, &body, None)
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(
        json_of(response).await["detail"]
            .as_str()
            .expect("detail")
            .contains("nested")
    );
}

#[tokio::test]
async fn submission_as_text_plain_is_415() {
    let server = Server::start().await;
    let response = server
        .client
        .post(server.url("/v1/submissions"))
        .bearer_auth(server.api.sender_token().await)
        .header("Idempotency-Key", "key-textplain-01")
        .header(header::CONTENT_TYPE, "text/plain")
        .body(
            Application::gewerbe(valid_answers())
                .create_body()
                .to_string(),
        )
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn submissions_over_the_rate_limit_get_429_with_retry_after() {
    let server = Server::start_with(|config| config.limits.submissions_per_minute = 2).await;
    let first = Application::gewerbe(valid_answers());
    for i in 0..2 {
        let response = server
            .create(Some(&format!("key-rate-limit-{i}")), &first)
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    let response = server.create(Some("key-rate-limit-2"), &first).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = response.headers()[header::RETRY_AFTER]
        .to_str()
        .expect("header")
        .parse()
        .expect("seconds");
    assert!((1..=60).contains(&retry));
    assert_eq!(content_type(&response), "application/problem+json");
    // A retry of a stored submission still answers.
    let retry = server.create(Some("key-rate-limit-0"), &first).await;
    assert_eq!(retry.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn cors_allows_only_the_municipalities_origins() {
    let server = Server::start().await;
    let allowed = server
        .client
        .get(server.url("/api/health"))
        .header(header::ORIGIN, "https://www.heide.de")
        .send()
        .await
        .expect("GET");
    assert_eq!(
        allowed.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://www.heide.de"
    );
    let other = server
        .client
        .get(server.url("/api/health"))
        .header(header::ORIGIN, "https://evil.example")
        .send()
        .await
        .expect("GET");
    assert!(
        other
            .headers()
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .is_none()
    );
    for (path, headers) in [
        (
            "/v1/submissions",
            "authorization,content-type,idempotency-key",
        ),
        ("/api/sender-token", "content-type"),
    ] {
        let preflight = server
            .client
            .request(reqwest::Method::OPTIONS, server.url(path))
            .header(header::ORIGIN, "https://www.dithmarschen.de")
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, headers)
            .send()
            .await
            .expect("OPTIONS");
        assert_eq!(
            preflight.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN],
            "https://www.dithmarschen.de",
            "{path}"
        );
    }
}

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
/// The id of the attachment of [`with_attachment`].
const PLAN: &str = "5d0c8f63-1f0e-4b8e-9a53-0d0e6c1f7a01";

/// A Gewerbeanmeldung for Heide with one PDF, created as the tests' sender: the
/// application, its ids, the sender's token and the PDF's JWE to upload.
async fn with_attachment(server: &Server) -> (Application, Sent, String, String) {
    let application = Application::gewerbe(valid_answers()).with_file(
        PLAN,
        "Lageplan.pdf",
        "application/pdf",
        PDF,
    );
    let token = server.api.sender_token().await;
    let sent = server.api.create_ok(&token, &application, None).await;
    let jwe = application.encrypted_files().remove(0).1;
    (application, sent, token, jwe)
}

async fn upload(
    server: &Server,
    token: &str,
    sent: &Sent,
    id: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    server
        .api
        .upload(token, &sent.submission_id, id, bytes)
        .await
}

async fn finalize(
    server: &Server,
    token: &str,
    application: &Application,
    sent: &Sent,
) -> reqwest::Response {
    server
        .api
        .submit(
            token,
            &sent.submission_id,
            &application.submit_body(&sent.reference),
        )
        .await
}

#[tokio::test]
async fn attachments_draft_upload_finalize() {
    let server = Server::start().await;
    let (application, sent, token, jwe) = with_attachment(&server).await;
    let status = json_of(server.api.status(&sent).await).await;
    assert_eq!(status["status"], "draft");

    let early = finalize(&server, &token, &application, &sent).await;
    assert_eq!(early.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem = json_of(early).await;
    assert_eq!(problem["errors"][0]["code"], "missing_upload");
    assert_eq!(problem["errors"][0]["path"], "announcedAttachments.0");

    let uploaded = upload(&server, &token, &sent, PLAN, jwe.clone().into_bytes()).await;
    assert_eq!(uploaded.status(), StatusCode::NO_CONTENT);
    // Again, until submitted, replaces it.
    let uploaded = upload(&server, &token, &sent, PLAN, jwe.clone().into_bytes()).await;
    assert_eq!(uploaded.status(), StatusCode::NO_CONTENT);

    let done = finalize(&server, &token, &application, &sent).await;
    assert_eq!(done.status(), StatusCode::ACCEPTED);
    assert_eq!(json_of(done).await["attachments"], json!([PLAN]));
    let status = json_of(server.api.status(&sent).await).await;
    assert_eq!(status["status"], "received");

    let late = upload(&server, &token, &sent, PLAN, jwe.into_bytes()).await;
    assert_eq!(late.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn attachment_that_is_not_a_jwe_is_refused() {
    let server = Server::start().await;
    let (_, sent, token, jwe) = with_attachment(&server).await;
    // A plaintext PDF padded to the JWE's size: the relay takes ciphertext only. Declared
    // as application/jose, it is a bad request (FIT-Connect keeps 415 for the media type).
    let mut plain = PDF.to_vec();
    plain.resize(jwe.len(), b' ');
    let response = upload(&server, &token, &sent, PLAN, plain).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(content_type(&response), "application/problem+json");
    // Declared as something else than application/jose.
    let response = server
        .client
        .put(server.url(&format!(
            "/v1/submissions/{}/attachments/{PLAN}",
            sent.submission_id
        )))
        .bearer_auth(&token)
        .header(header::CONTENT_TYPE, "application/pdf")
        .body(jwe)
        .send()
        .await
        .expect("PUT");
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

/// FIT-Connect announces no sizes: the limit is the largest file's JWE.
#[tokio::test]
async fn attachment_larger_than_the_limit_is_413() {
    let server = Server::start_with(|config| config.limits.max_attachment_bytes = 1000).await;
    let (_, sent, token, mut jwe) = with_attachment(&server).await;
    jwe.push_str(&"A".repeat(8192));
    let response = upload(&server, &token, &sent, PLAN, jwe.into_bytes()).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(content_type(&response), "application/problem+json");
}

#[tokio::test]
async fn attachments_over_the_limits_are_422() {
    let server = Server::start_with(|config| config.limits.max_attachments = 1).await;
    let application = Application::gewerbe(valid_answers())
        .with_file(PLAN, "Lageplan.pdf", "application/pdf", PDF)
        .with_file(
            "5d0c8f63-1f0e-4b8e-9a53-0d0e6c1f7a02",
            "Plan2.pdf",
            "application/pdf",
            PDF,
        );
    let response = server.create(None, &application).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem = json_of(response).await;
    assert_eq!(problem["errors"][0]["code"], "too_many_files");
    assert_eq!(problem["errors"][0]["path"], "announcedAttachments");
    // An attachment id is a UUID (file names and types are personal: they belong in the
    // encrypted metadata), announced once.
    let mut body = Application::gewerbe(valid_answers()).create_body();
    body["announcedAttachments"] = json!(["Lageplan Jensen.pdf"]);
    let response = server
        .api
        .create(&server.api.sender_token().await, &body, None)
        .await;
    // Not a UUID: a value of the wrong form, which FIT-Connect's schema refuses (400).
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        json_of(response).await["errors"][0]["path"],
        "announcedAttachments.0"
    );
    // An attachment that was not announced.
    let (_, sent, token, jwe) = with_attachment(&server).await;
    let response = upload(
        &server,
        &token,
        &sent,
        "5d0c8f63-1f0e-4b8e-9a53-0d0e6c1f7a09",
        jwe.into_bytes(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn attachment_upload_needs_the_senders_token() {
    let server = Server::start().await;
    let (_, sent, _, jwe) = with_attachment(&server).await;
    let response = server
        .client
        .put(server.url(&format!(
            "/v1/submissions/{}/attachments/{PLAN}",
            sent.submission_id
        )))
        .header(header::CONTENT_TYPE, "application/jose")
        .body(jwe.clone())
        .send()
        .await
        .expect("PUT");
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let wrong = upload(
        &server,
        "wrong-token",
        &sent,
        PLAN,
        jwe.clone().into_bytes(),
    )
    .await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    // The citizen's status token is no sender's token.
    let status_token = upload(
        &server,
        &sent.status_token,
        &sent,
        PLAN,
        jwe.clone().into_bytes(),
    )
    .await;
    assert_eq!(status_token.status(), StatusCode::UNAUTHORIZED);
    // Another sender (the portal's own) does not see this sender's submission.
    let portal = server
        .client
        .post(server.url("/api/sender-token"))
        .send()
        .await
        .expect("POST");
    let portal = json_of(portal).await["access_token"]
        .as_str()
        .expect("token")
        .to_owned();
    let other = upload(&server, &portal, &sent, PLAN, jwe.into_bytes()).await;
    assert_eq!(other.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_subscriber_api_needs_the_destinations_token() {
    let server = Server::start().await;
    let none = server.get("/v1/submissions").await;
    assert_eq!(none.status(), StatusCode::UNAUTHORIZED);
    let wrong = server
        .client
        .get(server.url("/v1/submissions"))
        .bearer_auth("not-a-token")
        .send()
        .await
        .expect("GET");
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let heide = server.api.subscriber_token(HEIDE_AUTHORITY).await;
    let other = server
        .client
        .get(server.url(&format!(
            "/v1/submissions?destinationId={}",
            destination_of("ea-sh")
        )))
        .bearer_auth(&heide)
        .send()
        .await
        .expect("GET");
    assert_eq!(other.status(), StatusCode::FORBIDDEN);
    // A sender's token lists nothing.
    let sender = server
        .client
        .get(server.url("/v1/submissions"))
        .bearer_auth(server.api.sender_token().await)
        .send()
        .await
        .expect("GET");
    assert_eq!(sender.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_subscriber_gets_ciphertext_that_the_authority_decrypts_with_its_files() {
    let server = Server::start().await;
    let plain = server.send(&Application::gewerbe(valid_answers())).await;
    let (application, draft, token, jwe) = with_attachment(&server).await;
    let subscriber = server.api.subscriber_token(HEIDE_AUTHORITY).await;
    let get = |path: String| {
        server
            .client
            .get(server.url(&path))
            .bearer_auth(&subscriber)
            .send()
    };
    let list = json_of(get("/v1/submissions".into()).await.expect("GET")).await;
    let ids: Vec<&Value> = list["submissions"]
        .as_array()
        .expect("list")
        .iter()
        .map(|s| &s["submissionId"])
        .collect();
    assert_eq!(ids, [&json!(plain.submission_id)], "drafts are not listed");
    assert_eq!(list["totalCount"], 1);
    // A draft is not fetched.
    let early = get(format!("/v1/submissions/{}", draft.submission_id))
        .await
        .expect("GET");
    assert_eq!(early.status(), StatusCode::NOT_FOUND);

    upload(&server, &token, &draft, PLAN, jwe.clone().into_bytes()).await;
    let done = finalize(&server, &token, &application, &draft).await;
    assert_eq!(done.status(), StatusCode::ACCEPTED);
    let submitted = {
        let pool = server.pool().await;
        let row: (String,) =
            sqlx::query_as("SELECT encrypted_data FROM submissions WHERE reference = $1")
                .bind(&draft.reference)
                .fetch_one(pool.db())
                .await
                .expect("row");
        pool.close().await;
        row.0
    };
    let detail = get(format!("/v1/submissions/{}", draft.submission_id))
        .await
        .expect("GET");
    assert_eq!(detail.status(), StatusCode::OK);
    let detail = json_of(detail).await;
    assert!(detail.get("answers").is_none());
    assert_eq!(detail["encryptedData"], submitted);
    assert_eq!(detail["caseId"], draft.case_id);
    assert_eq!(detail["attachments"], json!([PLAN]));
    let file = get(format!(
        "/v1/submissions/{}/attachments/{PLAN}",
        draft.submission_id
    ))
    .await
    .expect("GET");
    assert_eq!(content_type(&file), "application/jose");
    assert_eq!(file.bytes().await.expect("bytes").as_ref(), jwe.as_bytes());

    // At the authority: answers, file name, type and content, all hashes checked.
    let opened = server.open(HEIDE_AUTHORITY, &draft.submission_id).await;
    assert_eq!(opened.answers["trade_name"], "Bäckerei Jensen");
    assert_eq!(opened.attachments[0].content, PDF);
    assert_eq!(
        opened.attachments[0].filename.as_deref(),
        Some("Lageplan.pdf")
    );
    assert_eq!(
        opened.attachments[0].media_type.as_deref(),
        Some("application/pdf")
    );
    assert_eq!(opened.attachments[0].content_type, Some("application/pdf"));
    // A Gewerbeanmeldung asks for no file: the authority does not accept one it got
    // beside the answers (tests/authority.rs: files of file answers).
    assert_eq!(
        opened.integrity,
        [format!("attachment {PLAN} is the answer of no file field")]
    );
}

#[tokio::test]
async fn form_definition_schema_is_served() {
    let server = Server::start().await;
    let response = server.get("/api/schemas/form-definition.json").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(content_type(&response), "application/schema+json");
    let text = response.text().await.expect("text");
    assert_eq!(
        text,
        include_str!("../../form-engine/schema/form-definition.schema.json")
    );
}

/// The authority checks time-of-day rules exactly as the browser does: an assembly
/// starting at midnight two days from now is less than 48 hours ahead (unless it is
/// midnight).
#[tokio::test]
async fn notice_less_than_48_hours_ahead_is_refused_with_the_rules_message() {
    let server = Server::start().await;
    let (today, hour, minute) = central_api::forms::berlin_now();
    if hour == 0 && minute == 0 {
        return; // exactly 48 hours ahead: allowed, nothing to check this minute
    }
    let in_two_days = today.add_days(2);
    let kreis = "kreis-dithmarschen-ordnung";
    let application = Application::for_authority(
        VERSAMMLUNG,
        "Versammlungsanzeige",
        "versammlungsanzeige",
        kreis,
        json!({"date": in_two_days.to_string(), "start_time": "00:00"}),
    );
    let sent = server.send(&application).await;
    let opened = server.open(kreis, &sent.submission_id).await;
    let rule = opened
        .validation
        .iter()
        .find(|e| e.path == "start_time")
        .cloned()
        .expect("an error on start_time");
    assert_eq!(rule.code, "rule");
    assert_eq!(rule.data["id"], "notice_48_hours");
    assert!(rule.detail.contains("48 Stunden"));
}

#[tokio::test]
async fn plaintext_status_tokens_of_older_versions_are_hashed_at_start() {
    let server = Server::start().await;
    let sent = server.send(&Application::gewerbe(valid_answers())).await;
    let reference = sent.reference.as_str();
    // As an older version stored it: the token in clear, in its column and the receipt.
    let old_token = "an-old-plaintext-status-token-0123456789";
    let pool = server.pool().await;
    sqlx::query("DELETE FROM status_tokens")
        .execute(pool.db())
        .await
        .expect("delete");
    sqlx::query("UPDATE submissions SET status_token = $1, response = $2")
        .bind(old_token)
        .bind(
            json!({"reference": reference, "status": "received", "status_token": old_token})
                .to_string(),
        )
        .execute(pool.db())
        .await
        .expect("update");
    pool.close().await;
    // The next start hashes it.
    let store = central_api::store::Store::open(&server.database)
        .await
        .expect("open");
    let left: Vec<(String, String)> =
        sqlx::query_as("SELECT status_token, response FROM submissions")
            .fetch_all(store.db())
            .await
            .expect("rows");
    store.close().await;
    assert_eq!(left[0].0, "");
    assert!(!left[0].1.contains(old_token));
    let status = server
        .client
        .get(server.url(&format!("/api/submissions/{reference}")))
        .bearer_auth(old_token)
        .send()
        .await
        .expect("GET");
    assert_eq!(
        status.status(),
        StatusCode::OK,
        "the old token still reads the status"
    );
}
