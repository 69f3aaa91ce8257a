// SPDX-License-Identifier: EUPL-1.2
//! Load benchmark: starts INSTANCES API instances in-process, each on its own loopback
//! port with its own connection pool (stateless, as behind a load balancer), on a fresh
//! database: a SQLite file (WAL, synchronous=FULL) or, if POSTGRES names a PostgreSQL
//! server's maintenance database, a new database there (commits durable by PostgreSQL's
//! default). Sends a bounded number of valid submissions through the Submission API
//! (create, then submit: two requests each) as a registered sender, from a few
//! concurrent clients, spread over the instances in turn, and prints submissions per
//! second and p50/p99 latency.
//!
//! ```sh
//! cargo run --release -p central-api --example load -- [TOTAL=2000] [CONCURRENCY=16] [INSTANCES=1] [POSTGRES]
//! ```
//! `scripts/bench-api.sh` runs it for SQLite and for PostgreSQL with one and two instances.
//! Loopback only; stops after TOTAL requests or 120 seconds, whichever comes first.

use std::time::{Duration, Instant};

use serde_json::json;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let total: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(2000);
    let concurrency: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(16);
    let deadline = Instant::now() + Duration::from_secs(120);

    let instances: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1).max(1);
    let postgres = args.next().filter(|a| !a.is_empty());

    let dir = tempfile::tempdir().expect("tempdir");
    let (database, backend) = match &postgres {
        Some(admin) => (new_postgres_database(admin).await, "PostgreSQL"),
        None => (
            dir.path().join("bench.sqlite").display().to_string(),
            "SQLite",
        ),
    };
    let mut config = central_api::Config::new(database);
    config.limits.submissions_per_minute = 0;
    let database = config.database.clone();
    let mut bases = Vec::new();
    for _ in 0..instances {
        let state = central_api::AppState::init(&config).await.expect("init");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        bases.push(format!("http://{}", listener.local_addr().expect("addr")));
        tokio::spawn(central_api::serve(listener, state));
    }
    let base = bases[0].clone();
    let store = central_api::store::Store::connect(&database)
        .await
        .expect("store");
    // The town of Heide's key, made here as the authority would (its private part is
    // never needed: the benchmark only encrypts), registered as the operator does.
    let heide =
        rsa::RsaPrivateKey::new(&mut rand::rngs::OsRng, central_api::keys::KEY_BITS).expect("key");
    let jwk = central_api::keys::encryption_jwk(&heide.to_public_key());
    central_api::keys::register(&store, "stadt-heide-ordnung", &jwk, 1)
        .await
        .expect("register");
    // A sender client, registered as the operator does (`central-api client register`).
    let secret = "bench-sender-secret-0123456789abcdef";
    store
        .oauth()
        .put_client(
            &central_api::store::oauth::ClientRow {
                client_id: "bench-sender".into(),
                kind: "sender".into(),
                scopes: central_api::fit_connect::oauth::SEND_EVERYWHERE.into(),
                name: "Benchmark".into(),
            },
            secret,
        )
        .await
        .expect("sender client");
    let before = database_bytes(&store).await;
    let bases = std::sync::Arc::new(bases);

    let client = reqwest::Client::new();
    // Encrypted once for the town of Heide's current key, as the portal would.
    let routes: serde_json::Value = client
        .get(format!(
            "{base}/v1/routes?leikaKey=99050012104000&ars=010510044044"
        ))
        .send()
        .await
        .expect("routing")
        .json()
        .await
        .expect("routes");
    let route = &routes["routes"][0];
    let kid = route["destinationParameters"]["encryptionKid"]
        .as_str()
        .expect("kid");
    let key = central_api::jwe::public_key_from_jwk(
        &route["destinationParameters"]["publicKeys"]["keys"][0],
    )
    .expect("key");
    let token: serde_json::Value = client
        .post(format!("{base}/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "bench-sender"),
            ("client_secret", secret),
        ])
        .send()
        .await
        .expect("token")
        .json()
        .await
        .expect("token");
    let token = token["access_token"]
        .as_str()
        .expect("access_token")
        .to_owned();
    // The relay makes its event signing key on first need: before the clock runs.
    client
        .get(format!("{base}/.well-known/jwks.json"))
        .send()
        .await
        .expect("jwks");
    let today = time::OffsetDateTime::now_utc().date();
    let mut answers: serde_json::Value =
        serde_json::from_str(include_str!("../demo/answers/gewerbeanmeldung.json"))
            .expect("demo answers");
    answers["start_date"] = json!(format!(
        "{:04}-{:02}-{:02}",
        today.year(),
        u8::from(today.month()),
        today.day()
    ));
    let answers = answers.to_string();
    let metadata = central_api::jwe::metadata(
        "99050012104000",
        &central_api::fit_connect::schema_uri("gewerbeanmeldung", 1),
        answers.as_bytes(),
        &[],
    )
    .to_string();
    let seal = |text: &str| {
        central_api::jwe::encrypt(text.as_bytes(), &key, kid, Some("application/json"))
    };
    let create = json!({
        "destinationId": route["destinationId"],
        "announcedAttachments": [],
        "serviceType": {
            "name": "Gewerbeanmeldung",
            "identifier": "urn:de:fim:leika:leistung:99050012104000",
        },
    });
    let submit = json!({
        "encryptedData": seal(&answers),
        "encryptedMetadata": seal(&metadata),
    });
    let body = std::sync::Arc::new((token, create, submit));
    let next = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let started = Instant::now();
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..concurrency {
        let (client, body, bases, next) =
            (client.clone(), body.clone(), bases.clone(), next.clone());
        workers.spawn(async move {
            let mut latencies = Vec::new();
            let mut failures = 0usize;
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= total || Instant::now() > deadline {
                    break;
                }
                let sent = Instant::now();
                let base = &bases[i % bases.len()];
                let (token, create, submit) = &*body;
                let created = client
                    .post(format!("{base}/v1/submissions"))
                    .bearer_auth(token)
                    .header("Idempotency-Key", format!("bench-key-{i:08}"))
                    .json(create)
                    .send()
                    .await;
                let id = match created {
                    Ok(r) if r.status() == reqwest::StatusCode::CREATED => r
                        .json::<serde_json::Value>()
                        .await
                        .ok()
                        .and_then(|v| v["submissionId"].as_str().map(str::to_owned)),
                    _ => None,
                };
                let Some(id) = id else {
                    failures += 1;
                    continue;
                };
                let response = client
                    .put(format!("{base}/v1/submissions/{id}"))
                    .bearer_auth(token)
                    .json(submit)
                    .send()
                    .await;
                match response {
                    Ok(r) if r.status() == reqwest::StatusCode::ACCEPTED => {
                        let _ = r.bytes().await;
                        latencies.push(sent.elapsed());
                    }
                    _ => failures += 1,
                }
            }
            (latencies, failures)
        });
    }
    let mut latencies = Vec::new();
    let mut failures = 0;
    for (l, f) in workers.join_all().await {
        latencies.extend(l);
        failures += f;
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let pct = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p).ceil() as usize).saturating_sub(1))
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    println!(
        "{backend}, {instances} instance(s): {} submissions ({} failed) with {} clients in {:.2} s: {:.0} submissions/s, p50 {:.1} ms, p99 {:.1} ms (durable commits)",
        latencies.len(),
        failures,
        concurrency,
        elapsed.as_secs_f64(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        pct(0.50),
        pct(0.99),
    );
    // What the stored submissions take: the growth of the database over the load (they
    // carry no attachments here; an attachment adds its JWE text, about 4/3 of the file).
    let after = database_bytes(&store).await;
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM submissions")
        .fetch_one(store.db())
        .await
        .expect("count");
    println!(
        "    database grew by {:.1} MiB for {stored} submissions: {:.1} MiB per 10,000",
        (after - before) as f64 / MIB,
        (after - before) as f64 / MIB / stored.max(1) as f64 * 10_000.0
    );
}

/// A new database on the PostgreSQL server of `admin` (a URL whose path names an existing
/// database); its URL.
async fn new_postgres_database(admin: &str) -> String {
    use sqlx::Connection;
    let name = format!("bp_bench_{}", std::process::id());
    let mut conn = sqlx::PgConnection::connect(admin)
        .await
        .unwrap_or_else(|e| panic!("{admin}: {e}"));
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name}"))
        .execute(&mut conn)
        .await
        .expect("drop database");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .expect("create database");
    conn.close().await.expect("close");
    let (server, _) = admin.rsplit_once('/').expect("a database path in the URL");
    format!("{server}/{name}")
}

const MIB: f64 = 1024.0 * 1024.0;

/// The size of the database in bytes.
async fn database_bytes(store: &central_api::store::Store) -> i64 {
    let sql = match store.backend() {
        central_api::store::Backend::Sqlite => {
            "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"
        }
        central_api::store::Backend::Postgres => "SELECT pg_database_size(current_database())",
    };
    sqlx::query_scalar(sql)
        .fetch_one(store.db())
        .await
        .expect("database size")
}
