// SPDX-License-Identifier: EUPL-1.2
//! Retention: what the relay deletes and when, against a real server and database
//! (SQLite, or PostgreSQL with `BP_TEST_POSTGRES`). Submissions are made through the API;
//! the job is run at chosen times after them, and once for real, as `serve` runs it.

mod common;

use std::time::Duration;

use central_api::{retention::Retention, store::Store};
use common::*;
use reqwest::StatusCode;
use time::OffsetDateTime;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
const PLAN: &str = "5d0c8f63-1f0e-4b8e-9a53-0d0e6c1f7a01";

struct Server {
    api: Api,
    client: reqwest::Client,
    store: Store,
    signing: (String, rsa::RsaPrivateKey),
    _dir: tempfile::TempDir,
}

impl Server {
    async fn start(retention: Retention) -> Server {
        let common::InProcess {
            base,
            database,
            dir,
            ..
        } = common::in_process(|_, config| config.retention = retention).await;
        let signing = register_signing_key(&database, HEIDE_AUTHORITY).await;
        Server {
            api: Api::new(&base),
            client: reqwest::Client::new(),
            store: Store::connect(&database).await.expect("store"),
            signing,
            _dir: dir,
        }
    }

    /// Sends a Gewerbeanmeldung for Heide.
    async fn submit(&self) -> Sent {
        self.api.send(&Application::gewerbe(valid_answers())).await
    }

    /// The authority's subscriber fetches the submission.
    async fn fetch(&self, sent: &Sent) -> reqwest::Response {
        let token = self.api.subscriber_token(HEIDE_AUTHORITY).await;
        self.client
            .get(
                self.api
                    .url(&format!("/v1/submissions/{}", sent.submission_id)),
            )
            .bearer_auth(token)
            .send()
            .await
            .expect("GET")
    }

    /// The authority accepts the submission (a signed event into its case's log).
    async fn decide(&self, sent: &Sent) {
        let token = self.api.subscriber_token(HEIDE_AUTHORITY).await;
        let accept = event(
            sent,
            &self.signing,
            central_api::fit_connect::set::ACCEPT,
            serde_json::json!({"authenticationTags": tags_of(sent, &[])}),
        );
        let response = self.api.post_event(&token, &sent.case_id, &accept).await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
    }

    /// The status the citizen sees, or 404 once the submission is gone.
    async fn status(&self, sent: &Sent) -> StatusCode {
        self.api.status(sent).await.status()
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
    // Fetched and decided by the authority.
    let decided = server.submit().await;
    assert_eq!(server.fetch(&decided).await.status(), StatusCode::OK);
    server.decide(&decided).await;
    // Fetched, not yet decided: the authority is working on it.
    let fetched = server.submit().await;
    assert_eq!(server.fetch(&fetched).await.status(), StatusCode::OK);
    // Received, never fetched.
    let unfetched = server.submit().await;
    // A draft with its one file uploaded but never submitted.
    let application = Application::gewerbe(valid_answers()).with_file(
        PLAN,
        "Lageplan.pdf",
        "application/pdf",
        PDF,
    );
    let token = server.api.sender_token().await;
    let draft = server.api.create_ok(&token, &application, None).await;
    let uploaded = server
        .api
        .upload(
            &token,
            &draft.submission_id,
            PLAN,
            application.encrypted_files().remove(0).1,
        )
        .await;
    assert_eq!(uploaded.status(), StatusCode::NO_CONTENT);
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
    assert_eq!(server.status(&draft).await, StatusCode::NOT_FOUND);
    assert_eq!(server.count("attachments").await, 0);
    // The decided one 7 days after the decision.
    assert_eq!(run(days(6)).await.expect("run").submissions, 0);
    assert_eq!(run(days(8)).await.expect("run").submissions, 1);
    assert_eq!(server.status(&decided).await, StatusCode::NOT_FOUND);
    // The one never fetched after 30 days.
    assert_eq!(run(days(29)).await.expect("run").submissions, 0);
    assert_eq!(run(days(31)).await.expect("run").submissions, 1);
    assert_eq!(server.status(&unfetched).await, StatusCode::NOT_FOUND);
    // The one the authority fetched and has not decided stays.
    assert_eq!(run(days(365)).await.expect("run").submissions, 0);
    assert_eq!(server.status(&fetched).await, StatusCode::OK);
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
    let sent = server.submit().await;
    assert_eq!(server.fetch(&sent).await.status(), StatusCode::OK);
    // Not decided: kept however often the job runs.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(server.status(&sent).await, StatusCode::OK);
    server.decide(&sent).await;
    // Stored times have whole seconds: the decision is older than "now" within 2 s.
    let mut status = StatusCode::OK;
    for _ in 0..40 {
        tokio::time::sleep(Duration::from_millis(250)).await;
        status = server.status(&sent).await;
        if status == StatusCode::NOT_FOUND {
            break;
        }
    }
    assert_eq!(status, StatusCode::NOT_FOUND, "deleted by the server's job");
    assert_eq!(server.count("submissions").await, 0);
}
