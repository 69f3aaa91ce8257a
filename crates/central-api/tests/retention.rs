// SPDX-License-Identifier: EUPL-1.2
//! Retention: what the relay deletes and when, against a real server and database
//! (SQLite, or PostgreSQL with `BP_TEST_POSTGRES`). Submissions are made through the API;
//! the job is run at chosen times after them, and once for real, as `serve` runs it.

mod common;

use std::time::Duration;

use central_api::{retention::Retention, store::Store};
use common::*;
use reqwest::StatusCode;
use serde_json::Value;
use time::OffsetDateTime;

const HEIDE_INBOX_TOKEN: &str = "heide-inbox-token-for-retention";
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

struct Server {
    base: String,
    client: reqwest::Client,
    store: Store,
    _dir: tempfile::TempDir,
}

impl Server {
    async fn start(retention: Retention) -> Server {
        let dir = tempfile::tempdir().expect("tempdir");
        let database = common::database(dir.path()).await;
        let mut config = central_api::Config::new(database.clone());
        config.limits.submissions_per_minute = 0;
        config.retention = retention;
        config.inbox_tokens = vec![(HEIDE_AUTHORITY.to_owned(), HEIDE_INBOX_TOKEN.to_owned())];
        let state = common::init(&config).await;
        let base = common::serve(state).await;
        Server {
            base,
            client: reqwest::Client::new(),
            store: Store::connect(&database).await.expect("store"),
            _dir: dir,
        }
    }

    /// Submits `body` and returns (reference, status token).
    async fn submit(&self, key: &str, body: &Value) -> (String, String) {
        let response = self
            .client
            .post(format!("{}/api/submissions", self.base))
            .header("Idempotency-Key", key)
            .json(body)
            .send()
            .await
            .expect("POST");
        assert_eq!(response.status(), StatusCode::CREATED);
        let receipt: Value = response.json().await.expect("json");
        (
            receipt["reference"].as_str().expect("reference").to_owned(),
            receipt["status_token"].as_str().expect("token").to_owned(),
        )
    }

    async fn inbox(&self, reference: &str) -> reqwest::Response {
        self.client
            .get(format!(
                "{}/api/authorities/{HEIDE_AUTHORITY}/inbox/{reference}",
                self.base
            ))
            .bearer_auth(HEIDE_INBOX_TOKEN)
            .send()
            .await
            .expect("GET")
    }

    async fn decide(&self, reference: &str) {
        let response = self
            .client
            .post(format!(
                "{}/api/authorities/{HEIDE_AUTHORITY}/inbox/{reference}/decision",
                self.base
            ))
            .bearer_auth(HEIDE_INBOX_TOKEN)
            .json(&serde_json::json!({ "status": "accepted" }))
            .send()
            .await
            .expect("POST");
        assert_eq!(response.status(), StatusCode::OK);
    }

    /// The status the citizen sees, or 404 once the submission is gone.
    async fn status(&self, reference: &str, token: &str) -> StatusCode {
        self.client
            .get(format!("{}/api/submissions/{reference}", self.base))
            .bearer_auth(token)
            .send()
            .await
            .expect("GET")
            .status()
    }

    async fn count(&self, table: &str) -> i64 {
        sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
            .fetch_one(self.store.db())
            .await
            .expect("count")
    }
}

fn days(n: u64) -> Duration {
    Duration::from_secs(n * 24 * 60 * 60)
}

fn hours(n: u64) -> Duration {
    Duration::from_secs(n * 60 * 60)
}

#[tokio::test]
async fn each_kind_of_submission_is_deleted_after_its_own_deadline() {
    let retention = Retention {
        interval: Duration::from_secs(3600),
        ..Retention::default()
    };
    let server = Server::start(retention.clone()).await;
    let submission = || submission(valid_answers());

    // Fetched and decided by the authority.
    let decided = server.submit("retention-decided-1", &submission()).await;
    assert_eq!(server.inbox(&decided.0).await.status(), StatusCode::OK);
    server.decide(&decided.0).await;
    // Fetched, not yet decided: the authority is working on it.
    let fetched = server.submit("retention-fetched-1", &submission()).await;
    assert_eq!(server.inbox(&fetched.0).await.status(), StatusCode::OK);
    // Received, never fetched.
    let unfetched = server.submit("retention-unfetch-1", &submission()).await;
    // A draft with its one file uploaded but never finalized.
    let key = authority_key(HEIDE_AUTHORITY);
    let sealed = sealed_with(
        &Envelope::gewerbe(HEIDE, HEIDE_AUTHORITY),
        &valid_answers(),
        &key,
        &[("plan-1", "Lageplan.pdf", "application/pdf", PDF)],
    );
    let draft = server.submit("retention-draft-01", &body_of(&sealed)).await;
    let uploaded = server
        .client
        .put(format!(
            "{}/api/submissions/{}/attachments/plan-1",
            server.base, draft.0
        ))
        .bearer_auth(&draft.1)
        .header("content-type", "application/jose")
        .body(
            sealed["attachments"][0]["jwe"]
                .as_str()
                .expect("jwe")
                .to_owned(),
        )
        .send()
        .await
        .expect("PUT");
    assert_eq!(uploaded.status(), StatusCode::CREATED);
    assert_eq!(server.count("submissions").await, 4);
    assert_eq!(server.count("attachments").await, 1);

    let now = OffsetDateTime::now_utc();
    let run = |after: Duration| retention.run_once(&server.store, now + after);

    // Before every deadline nothing goes.
    let deleted = run(hours(5)).await.expect("run");
    assert_eq!((deleted.submissions, deleted.attachments), (0, 0));
    // The draft after 6 hours, with its file.
    let deleted = run(hours(7)).await.expect("run");
    assert_eq!((deleted.submissions, deleted.attachments), (1, 1));
    assert_eq!(
        server.status(&draft.0, &draft.1).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(server.count("attachments").await, 0);
    // The decided one 7 days after the decision.
    assert_eq!(run(days(6)).await.expect("run").submissions, 0);
    assert_eq!(run(days(8)).await.expect("run").submissions, 1);
    assert_eq!(
        server.status(&decided.0, &decided.1).await,
        StatusCode::NOT_FOUND
    );
    // The one never fetched after 30 days.
    assert_eq!(run(days(29)).await.expect("run").submissions, 0);
    assert_eq!(run(days(31)).await.expect("run").submissions, 1);
    assert_eq!(
        server.status(&unfetched.0, &unfetched.1).await,
        StatusCode::NOT_FOUND
    );
    // The one the authority fetched and has not decided stays.
    assert_eq!(run(days(365)).await.expect("run").submissions, 0);
    assert_eq!(server.status(&fetched.0, &fetched.1).await, StatusCode::OK);
    assert_eq!(server.count("submissions").await, 1);
    // Running again, as another instance would, deletes nothing more and fails nothing.
    assert_eq!(run(days(31)).await.expect("run").submissions, 0);
}

#[tokio::test]
async fn the_server_runs_the_job_by_itself() {
    let server = Server::start(Retention {
        after_decision: Duration::ZERO,
        interval: Duration::from_secs(1),
        ..Retention::default()
    })
    .await;
    let (reference, token) = server
        .submit("retention-served-1", &submission(valid_answers()))
        .await;
    assert_eq!(server.inbox(&reference).await.status(), StatusCode::OK);
    // Not decided: kept however often the job runs.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(server.status(&reference, &token).await, StatusCode::OK);
    server.decide(&reference).await;
    // Stored times have whole seconds: the decision is older than "now" within 2 s.
    let mut status = StatusCode::OK;
    for _ in 0..40 {
        tokio::time::sleep(Duration::from_millis(250)).await;
        status = server.status(&reference, &token).await;
        if status == StatusCode::NOT_FOUND {
            break;
        }
    }
    assert_eq!(status, StatusCode::NOT_FOUND, "deleted by the server's job");
    assert_eq!(server.count("submissions").await, 0);
}
