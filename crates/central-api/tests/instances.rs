// SPDX-License-Identifier: EUPL-1.2
//! Two API instances (two `central-api serve` processes) on one PostgreSQL database, as
//! behind a load balancer: an idempotency key sent to both at once creates one
//! submission; an instance killed with SIGKILL during a load of submissions loses no
//! acknowledged submission, and the other keeps serving.
//!
//! These need PostgreSQL (`BP_TEST_POSTGRES`, which the test command sets after starting
//! a throw-away server); SQLite is one file for one machine and is not run with two
//! instances. Without it they say so and pass; `scripts/test.sh` always sets it.

mod common;

use std::{
    collections::{HashMap, HashSet},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use central_api::store::Store;
use common::*;
use reqwest::StatusCode;
use serde_json::Value;

struct Instance {
    child: Running,
    url: String,
}

/// Two instances on a new PostgreSQL database; the second starts once the first has
/// migrated and seeded, as a rolling start would (concurrent starts are covered by
/// `two_instances_started_at_once_share_one_seeded_database`).
async fn two_instances(dir: &std::path::Path) -> Option<(String, Instance, Instance)> {
    let Ok(admin) = std::env::var("BP_TEST_POSTGRES") else {
        eprintln!("skipped: set BP_TEST_POSTGRES to a PostgreSQL server (scripts/test.sh does)");
        return None;
    };
    let database = postgres_database(&admin).await;
    let (child, url) = spawn_server(&database, dir, None, &[]);
    let a = Instance { child, url };
    let (child, url) = spawn_server(&database, dir, None, &[]);
    let b = Instance { child, url };
    register_demo_keys(&database).await;
    Some((database, a, b))
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client")
}

/// A sender's token (valid on every instance) and the body of a creation.
type Sending = (String, Value);

/// The tests' sender's token from `base` and a Gewerbeanmeldung for Heide.
async fn sending(base: &str, answers: Value) -> Sending {
    (
        Api::new(base).sender_token().await,
        Application::gewerbe(answers).create_body(),
    )
}

/// POSTs a submission to `base` with `key`: the answer for a 201, else `None`
/// (connection refused or reset, or another status).
async fn submit(
    client: &reqwest::Client,
    base: &str,
    key: &str,
    (token, body): &Sending,
) -> Option<Value> {
    let response = client
        .post(format!("{}v1/submissions", base))
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .ok()?;
    if response.status() != StatusCode::CREATED {
        return None;
    }
    response.json().await.ok()
}

async fn rows(store: &Store) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM submissions")
        .fetch_one(store.db())
        .await
        .expect("count")
}

#[tokio::test]
async fn the_same_idempotency_key_on_two_instances_at_once_creates_one_submission() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some((database, a, b)) = two_instances(dir.path()).await else {
        return;
    };
    let client = client();
    let body = sending(&a.url, valid_answers()).await;
    for round in 0..20 {
        let key = format!("two-instances-key-{round:03}");
        let (at_a, at_b) = tokio::join!(
            submit(&client, &a.url, &key, &body),
            submit(&client, &b.url, &key, &body)
        );
        let (at_a, at_b) = (at_a.expect("201 from A"), at_b.expect("201 from B"));
        assert_eq!(at_a["reference"], at_b["reference"], "round {round}");
        // Each answer carries a token of its own; both read the same submission.
        for (receipt, base) in [(&at_a, &a.url), (&at_b, &b.url)] {
            let status = client
                .get(format!(
                    "{base}api/submissions/{}",
                    receipt["reference"].as_str().expect("reference")
                ))
                .bearer_auth(receipt["statusToken"].as_str().expect("token"))
                .send()
                .await
                .expect("GET");
            assert_eq!(status.status(), StatusCode::OK, "round {round}");
        }
    }
    let store = Store::connect(&database).await.expect("store");
    assert_eq!(rows(&store).await, 20);
    // The same key with another body is refused on either instance.
    let mut other = body.1.clone();
    other["serviceType"]["name"] = "Andere Gewerbeanmeldung".into();
    let conflict = client
        .post(format!("{}v1/submissions", b.url))
        .bearer_auth(&body.0)
        .header("Idempotency-Key", "two-instances-key-000")
        .json(&other)
        .send()
        .await
        .expect("POST");
    assert_eq!(conflict.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn an_instance_killed_during_a_load_loses_no_acknowledged_submission() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some((database, mut a, b)) = two_instances(dir.path()).await else {
        return;
    };
    let client = client();
    let body = Arc::new(sending(&a.url, valid_answers()).await);
    // key -> reference, for every 201 either instance gave.
    let acknowledged: Arc<Mutex<HashMap<String, String>>> = Arc::default();
    // Keys whose request to an instance got no answer.
    let unanswered: Arc<Mutex<Vec<String>>> = Arc::default();
    let started = Instant::now();
    let load = Duration::from_secs(4);
    let mut workers = Vec::new();
    for worker in 0..6 {
        let (client, body) = (client.clone(), body.clone());
        let (acknowledged, unanswered) = (acknowledged.clone(), unanswered.clone());
        let urls = [a.url.clone(), b.url.clone()];
        workers.push(tokio::spawn(async move {
            let mut n = 0;
            while started.elapsed() < load {
                let key = format!("kill-load-{worker}-{n:05}");
                let url = &urls[n % 2];
                n += 1;
                match submit(&client, url, &key, &body).await {
                    Some(receipt) => {
                        let reference = receipt["reference"].as_str().expect("reference");
                        acknowledged
                            .lock()
                            .expect("lock")
                            .insert(key, reference.to_owned());
                    }
                    None => unanswered.lock().expect("lock").push(key),
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    // SIGKILL: no shutdown, requests in flight are cut off.
    a.child.kill().expect("kill -9");
    a.child.wait().expect("wait");
    let killed_after = acknowledged.lock().expect("lock").len();
    for worker in workers {
        worker.await.expect("worker");
    }
    let acknowledged = acknowledged.lock().expect("lock").clone();
    let unanswered = unanswered.lock().expect("lock").clone();
    assert!(
        killed_after > 0,
        "submissions were acknowledged before the kill"
    );
    assert!(
        acknowledged.len() > killed_after,
        "B went on acknowledging after A was killed"
    );
    assert!(
        !unanswered.is_empty(),
        "requests to A failed after the kill"
    );

    // Every acknowledged submission is in the database, under the reference given.
    let store = Store::connect(&database).await.expect("store");
    let stored: Vec<(String, String)> =
        sqlx::query_as("SELECT idempotency_key, reference FROM submissions")
            .fetch_all(store.db())
            .await
            .expect("rows");
    // Stored with the sender's client id in front (keys are each client's own).
    let stored: HashMap<String, String> = stored
        .into_iter()
        .map(|(key, reference)| {
            let key = key
                .strip_prefix(&format!("{SENDER_ID}:"))
                .unwrap_or(&key)
                .to_owned();
            (key, reference)
        })
        .collect();
    for (key, reference) in &acknowledged {
        assert_eq!(
            stored.get(key),
            Some(reference),
            "acknowledged {key} is stored"
        );
    }
    // The citizen whose request got no answer retries on the instance still up: the
    // submission is created, or the one A stored before dying is answered again.
    for key in &unanswered {
        let receipt = submit(&client, &b.url, key, &body)
            .await
            .expect("retry on B");
        if let Some(reference) = stored.get(key) {
            assert_eq!(receipt["reference"].as_str(), Some(reference.as_str()));
        }
    }
    let keys: HashSet<&String> = acknowledged.keys().chain(unanswered.iter()).collect();
    assert_eq!(
        rows(&store).await,
        keys.len() as i64,
        "one row per key, none twice"
    );
    let health = client
        .get(format!("{}api/health", b.url))
        .send()
        .await
        .expect("health");
    assert_eq!(health.status(), StatusCode::OK);
    eprintln!(
        "acknowledged {} ({} before the kill), {} unanswered and retried",
        acknowledged.len(),
        killed_after,
        unanswered.len()
    );
}

#[tokio::test]
async fn two_instances_started_at_once_share_one_seeded_database() {
    let Ok(admin) = std::env::var("BP_TEST_POSTGRES") else {
        eprintln!("skipped: set BP_TEST_POSTGRES to a PostgreSQL server (scripts/test.sh does)");
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let database = postgres_database(&admin).await;
    // Both migrate and seed at the same moment.
    let (first, second) = std::thread::scope(|scope| {
        let one = scope.spawn(|| spawn_server(&database, dir.path(), None, &[]));
        let two = scope.spawn(|| spawn_server(&database, dir.path(), None, &[]));
        (one.join().expect("start"), two.join().expect("start"))
    });
    register_demo_keys(&database).await;
    let (a, b) = (
        Instance {
            child: first.0,
            url: first.1,
        },
        Instance {
            child: second.0,
            url: second.1,
        },
    );
    let client = client();
    for instance in [&a, &b] {
        let catalogue: Value = client
            .get(format!(
                "{}api/municipalities/010510000000/catalogue",
                instance.url
            ))
            .send()
            .await
            .expect("GET")
            .json()
            .await
            .expect("json");
        assert_eq!(catalogue["services"].as_array().map(Vec::len), Some(6));
    }
    let store = Store::connect(&database).await.expect("store");
    let services: i64 = sqlx::query_scalar("SELECT count(*) FROM services")
        .fetch_one(store.db())
        .await
        .expect("count");
    let responsibilities: i64 = sqlx::query_scalar("SELECT count(*) FROM responsibilities")
        .fetch_one(store.db())
        .await
        .expect("count");
    assert!(services >= 6 && responsibilities > 0);
    let body = sending(&b.url, valid_answers()).await;
    assert!(
        submit(&client, &b.url, "started-at-once-1", &body)
            .await
            .is_some()
    );
}
