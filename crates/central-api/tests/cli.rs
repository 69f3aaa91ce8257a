// SPDX-License-Identifier: EUPL-1.2
//! The `central-api` binary: `serve --port 0` prints the real address and answers; an
//! acknowledged submission survives `kill -9`; `seed` fills a database.

use std::{
    io::{BufRead, BufReader},
    path::Path,
    process::{Command, Stdio},
};

use serde_json::{Value, json};

mod common;

/// Starts the binary on `db` and returns it with its base URL (`http://127.0.0.1:PORT/`),
/// with the demo authorities' public keys registered and signed.
async fn start(db: &Path, dir: &Path) -> (common::Running, String) {
    let started = start_with(db, dir, None);
    common::register_demo_keys(&db.display().to_string()).await;
    started
}

/// Starts the binary on `db` (no keys registered); the log (at debug level) in a file if
/// given.
fn start_with(db: &Path, dir: &Path, log: Option<&Path>) -> (common::Running, String) {
    common::spawn_server(&db.display().to_string(), dir, log, &[])
}

#[tokio::test]
async fn serve_on_port_zero_prints_the_real_address() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut child, url) = start(&dir.path().join("portal.sqlite"), dir.path()).await;
    assert!(
        url.starts_with("http://127.0.0.1:") && !url.ends_with(":0/"),
        "{url}"
    );

    let health = reqwest::get(format!("{url}api/health")).await;
    let _ = child.kill();
    let _ = child.wait();
    let health = health.expect("GET health");
    assert_eq!(health.status(), reqwest::StatusCode::OK);
    assert!(dir.path().join("portal.sqlite").exists());
}

#[tokio::test]
async fn acknowledged_submission_survives_kill_9() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("data").join("portal.sqlite");
    let (mut child, url) = start(&db, dir.path()).await;
    let api = common::Api::new(&url);
    let token = api.sender_token().await;
    let application = common::Application::gewerbe(common::valid_answers());
    let sent = api
        .send_with(&token, &application, Some("kill-nine-0001"))
        .await;
    // SIGKILL right after the answer: no shutdown, no checkpoint.
    child.kill().expect("kill -9");
    child.wait().expect("wait");

    let (mut child, url) = start(&db, dir.path()).await;
    let reference = sent.reference.as_str();
    let api = common::Api::new(&url);
    let status = api
        .http
        .get(api.url(&format!("/api/submissions/{reference}")))
        .bearer_auth(&sent.status_token)
        .send()
        .await;
    // The token is in the database too: still valid after the restart.
    let retry = api
        .create(&token, &application.create_body(), Some("kill-nine-0001"))
        .await;
    let _ = child.kill();
    let _ = child.wait();
    let status = status.expect("GET status");
    assert_eq!(status.status(), reqwest::StatusCode::OK);
    let status: Value = status.json().await.expect("status");
    assert_eq!(status["reference"], reference);
    assert_eq!(status["status"], "received");
    assert_eq!(retry.status(), reqwest::StatusCode::CREATED);
    let retry: Value = retry.json().await.expect("retry body");
    assert_eq!(
        retry["reference"], reference,
        "the retry finds the stored submission"
    );
}

#[test]
fn seed_subcommand_fills_a_database() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("seeded.sqlite");
    let output = Command::new(env!("CARGO_BIN_EXE_central-api"))
        .args(["seed", "--db"])
        .arg(&db)
        .env_remove("DATABASE_URL")
        .output()
        .expect("run seed");
    assert!(output.status.success(), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("Seeded "));
    assert!(db.exists());
}

/// A folder for `seed --extra`: one small form and a catalogue with its service.
/// `central-api seed --db DB --extra EXTRA`, as it ended.
fn seed_with_extra(db: impl AsRef<Path>, extra: impl AsRef<Path>) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_central-api"))
        .args(["seed", "--db"])
        .arg(db.as_ref())
        .arg("--extra")
        .arg(extra.as_ref())
        .env_remove("DATABASE_URL")
        .output()
        .expect("run seed")
}

fn write_extra(dir: &Path, form: &str) {
    std::fs::create_dir_all(dir.join("forms")).expect("mkdir");
    std::fs::write(dir.join("forms").join("extra.json"), form).expect("write form");
    let texts = |de: &str| serde_json::json!({"de": de, "en": de});
    let catalogue = serde_json::json!({
        "categories": [], "life_situations": [], "municipalities": [], "authorities": [],
        "places": [], "responsibilities": [],
        "offerings": [{"ars": "010510000000", "services": ["99999000000001"]}],
        "services": [{
            "leika": "99999000000001", "name": texts("Extra"), "summary": texts("S"),
            "description": texts("D"), "fees": texts("F"), "processing_time": texts("P"),
            "documents": {"de": [], "en": []}, "legal_basis": texts("L"),
            "form": ["extra-form"], "routing": "fixed"
        }]
    });
    std::fs::write(dir.join("catalogue.json"), catalogue.to_string()).expect("write catalogue");
}

const EXTRA_FORM: &str = r#"{"id": "extra-form", "version": 3, "title": "Extra",
  "steps": [{"id": "s", "title": "S", "sections": [{"id": "a", "fields": [
    {"id": "plz", "type": "postcode", "label": "PLZ", "required": true}]}]}]}"#;

#[tokio::test]
async fn seed_extra_adds_forms_and_services_that_serve_keeps() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("extra.sqlite");
    let extra = dir.path().join("extra");
    write_extra(&extra, EXTRA_FORM);
    let output = seed_with_extra(&db, &extra);
    assert!(output.status.success(), "{output:?}");

    let (mut child, url) = start(&db, dir.path()).await;
    let service = reqwest::get(format!("{url}api/services/99999000000001")).await;
    let form = reqwest::get(format!("{url}api/forms/extra-form/versions/3")).await;
    let demo = reqwest::get(format!("{url}api/services/99050012104000")).await;
    let _ = child.kill();
    let _ = child.wait();
    let service: Value = service.expect("GET service").json().await.expect("json");
    assert_eq!(service["form"]["id"], "extra-form");
    assert_eq!(service["form"]["version"], 3);
    let form = form.expect("GET form");
    assert_eq!(form.status(), reqwest::StatusCode::OK);
    assert!(form.headers().contains_key("etag"));
    assert_eq!(form.text().await.expect("body"), EXTRA_FORM);
    assert_eq!(demo.expect("GET demo").status(), reqwest::StatusCode::OK);
}

#[test]
fn seed_extra_refuses_a_form_that_does_not_load() {
    let dir = tempfile::tempdir().expect("tempdir");
    let extra = dir.path().join("extra");
    write_extra(
        &extra,
        r#"{"id": "extra-form", "version": 1, "title": "X", "steps": [{"id": "s", "title": "S", "sections": [{"id": "a", "fields": [{"id": "x", "type": "nope", "label": "X"}]}]}]}"#,
    );
    let output = seed_with_extra(dir.path().join("refused.sqlite"), &extra);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("extra.json"), "{stderr}");
}

/// An extra catalogue the database's keys would refuse is refused before anything is
/// written, naming the entry (before: a bare UNIQUE constraint error from the database).
#[test]
fn seed_extra_refuses_a_catalogue_naming_a_service_twice_in_an_offering() {
    let dir = tempfile::tempdir().expect("tempdir");
    let extra = dir.path().join("extra");
    std::fs::create_dir_all(&extra).expect("mkdir");
    let catalogue = serde_json::json!({
        "categories": [], "life_situations": [], "municipalities": [], "authorities": [],
        "services": [], "places": [], "responsibilities": [],
        "offerings": [{"ars": "010515172048", "services": [common::GEWERBEANMELDUNG, common::GEWERBEANMELDUNG]}],
    });
    std::fs::write(extra.join("catalogue.json"), catalogue.to_string()).expect("write");
    let db = dir.path().join("refused.sqlite");
    let output = seed_with_extra(&db, &extra);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "catalogue: offering of 010515172048: names service {} twice",
            common::GEWERBEANMELDUNG
        )),
        "{stderr}"
    );
    assert!(!stderr.to_lowercase().contains("constraint"), "{stderr}");
}

/// A form may not promise a file larger than the relay accepts (issue #19: a 15 MB PDF
/// the form allowed was refused only when sending): seeding names the field and both limits.
#[test]
fn seed_extra_refuses_a_form_allowing_larger_files_than_the_server() {
    let dir = tempfile::tempdir().expect("tempdir");
    let extra = dir.path().join("extra");
    write_extra(
        &extra,
        r#"{"id": "extra-form", "version": 1, "title": "X", "steps": [{"id": "s", "title": "S", "sections": [{"id": "a", "fields": [
          {"id": "report", "type": "file", "label": "Gutachten", "accept": ["application/pdf"], "max_size_mb": 20},
          {"id": "photos", "type": "file", "label": "Fotos", "max_size_mb": 10, "max_files": 50}]}]}]}"#,
    );
    let output = seed_with_extra(dir.path().join("refused.sqlite"), &extra);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("extra.json"), "{stderr}");
    assert!(
        stderr.contains(
            "field `report`: max_size_mb 20 exceeds this server's limit of 10 MB per file"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("field `photos`: max_files 50 exceeds this server's limit of 10 files"),
        "{stderr}"
    );
}

/// Heide as in the demo catalogue, with `origins` allowed and the name `name`.
fn heide_with(origins: &[&str], logo: &str) -> Value {
    json!({
        "ars": common::HEIDE, "name": "Heide", "kind": "Stadt", "parent_ars": "010510000000",
        "theme": {"display_name": "Bürgerportal Stadt Heide",
                  "colors": {"primary": "#8a1538", "secondary": "#1d1d1b"}, "logo": logo},
        "allowed_origins": origins,
    })
}

#[tokio::test]
async fn seed_extra_municipalities_allow_origins_that_serve_keeps() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("embed.sqlite");
    let extra = dir.path().join("extra");
    std::fs::create_dir_all(&extra).expect("mkdir");
    let host = "http://127.0.0.1:45678";
    let municipalities = json!([
        heide_with(&["https://www.heide.de", host], "data:image/png;base64,iVBORw0KGgoAAAANSUhEUg=="),
        {"ars": "010510099099", "name": "Testdorf", "kind": "Gemeinde", "parent_ars": "010510000000",
         "theme": {"display_name": "Gemeinde Testdorf", "colors": {"primary": "#1d1d1b", "secondary": "#8a1538"}, "logo": null},
         "allowed_origins": ["http://127.0.0.1:45679"]}
    ]);
    std::fs::write(
        extra.join("municipalities.json"),
        municipalities.to_string(),
    )
    .expect("write");
    let output = seed_with_extra(&db, &extra);
    assert!(output.status.success(), "{output:?}");

    // `serve` upserts the demo data again at its start: the extra file's Heide stays.
    let (mut child, url) = start(&db, dir.path()).await;
    let client = reqwest::Client::new();
    let heide = client
        .get(format!("{url}api/municipalities/{}", common::HEIDE))
        .send()
        .await;
    let added = client
        .get(format!("{url}api/municipalities/010510099099"))
        .send()
        .await;
    let logo = client
        .get(format!("{url}api/municipalities/{}/logo", common::HEIDE))
        .send()
        .await;
    let preflight = client
        .request(reqwest::Method::OPTIONS, format!("{url}v1/submissions"))
        .header("Origin", host)
        .header("Access-Control-Request-Method", "POST")
        .header(
            "Access-Control-Request-Headers",
            "authorization,content-type,idempotency-key",
        )
        .send()
        .await;
    let _ = child.kill();
    let _ = child.wait();
    let heide: Value = heide.expect("GET").json().await.expect("json");
    assert_eq!(
        heide["allowed_origins"],
        json!(["https://www.heide.de", host])
    );
    let added: Value = added.expect("GET").json().await.expect("json");
    assert_eq!(added["theme"]["logo_url"], Value::Null);
    assert_eq!(added["allowed_origins"], json!(["http://127.0.0.1:45679"]));
    let logo = logo.expect("GET logo");
    assert_eq!(logo.headers()["content-type"], "image/png");
    assert!(
        logo.bytes()
            .await
            .expect("body")
            .starts_with(b"\x89PNG\r\n\x1a\n")
    );
    // The server read the allowed origins at its start.
    let preflight = preflight.expect("OPTIONS");
    assert_eq!(preflight.headers()["access-control-allow-origin"], host);
}

#[test]
fn seed_extra_refuses_bad_logos_and_origins_precisely() {
    for (municipality, expected) in [
        (
            heide_with(&[], "data:image/gif;base64,R0lGODlhAQABAAAAACw="),
            "municipality 010510044044: theme.logo: the logo's media type is \"image/gif\"; accepted are image/svg+xml and image/png",
        ),
        (
            heide_with(
                &[],
                &format!("data:image/svg+xml,<svg>{}</svg>", "x".repeat(70_000)),
            ),
            "theme.logo: the logo is 70011 bytes decoded; at most 65536 are accepted",
        ),
        (
            heide_with(
                &[],
                "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'><foreignObject>\
                 <form action='https://evil.example'><input name='iban'/></form>\
                 </foreignObject></svg>",
            ),
            "municipality 010510044044: theme.logo: the SVG logo contains a <foreignObject> element, which a logo does not need and is not accepted",
        ),
        (
            heide_with(
                &["https://www.heide.de/buergerportal"],
                "data:image/svg+xml,<svg/>",
            ),
            "allowed origin \"https://www.heide.de/buergerportal\" is not an origin",
        ),
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        let extra = dir.path().join("extra");
        std::fs::create_dir_all(&extra).expect("mkdir");
        std::fs::write(
            extra.join("municipalities.json"),
            json!([municipality]).to_string(),
        )
        .expect("write");
        let output = seed_with_extra(dir.path().join("refused.sqlite"), &extra);
        assert!(!output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("municipalities.json"), "{stderr}");
        assert!(stderr.contains(expected), "{stderr}");
    }
}

#[tokio::test]
async fn serve_with_a_base_path_names_it_in_the_start_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dist = dir.path().join("no-dist");
    let child = Command::new(env!("CARGO_BIN_EXE_central-api"))
        .args([
            "serve",
            "--port",
            "0",
            "--base-path",
            "/buergerportal/",
            "--api-url",
            "http://127.0.0.1:9",
            "--db",
        ])
        .arg(dir.path().join("portal.sqlite"))
        .arg("--static-dir")
        .arg(&dist)
        .env_remove("PORT")
        .env_remove("DATABASE_URL")
        .env_remove("BASE_PATH")
        .env_remove("API_URL")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut child = common::Running::new(child);
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("read line");
    drop(child);
    assert!(line.trim().ends_with("/buergerportal/"), "{line}");
    let refused = Command::new(env!("CARGO_BIN_EXE_central-api"))
        .args([
            "serve",
            "--port",
            "0",
            "--api-url",
            "https://api.example/v1",
            "--db",
        ])
        .arg(dir.path().join("portal.sqlite"))
        .env_remove("DATABASE_URL")
        .env_remove("BASE_PATH")
        .env_remove("API_URL")
        .output()
        .expect("run");
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("API URL \"https://api.example/v1\""),
        "{refused:?}"
    );
}
#[cfg(unix)]
#[tokio::test]
async fn the_database_file_and_its_folder_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("new-folder").join("portal.sqlite");
    let (mut child, url) = start(&db, dir.path()).await;
    let health = reqwest::get(format!("{url}api/health")).await.expect("GET");
    assert_eq!(health.status(), 200);
    let mode = |path: &std::path::Path| {
        std::fs::metadata(path)
            .expect("metadata")
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode(db.parent().expect("folder")), 0o700, "folder");
    assert_eq!(mode(&db), 0o600, "database file");
    let wal = db.with_extension("sqlite-wal");
    assert!(wal.exists(), "WAL mode");
    assert_eq!(mode(&wal), 0o600, "write-ahead log");
    let _ = child.kill();
    let _ = child.wait();
}

/// `client register` makes credentials (a private file) and registers them; a subscriber
/// receives for its authority's destination; `client list` names both; `client remove`
/// ends a client, whose credentials then get no token.
#[tokio::test]
async fn clients_are_registered_listed_and_removed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("portal.sqlite").display().to_string();
    let run = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_central-api"))
            .args(args)
            .env_remove("DATABASE_URL")
            .output()
            .expect("run");
        assert!(output.status.success(), "{args:?}: {output:?}");
        String::from_utf8(output.stdout).expect("UTF-8")
    };
    run(&["seed", "--db", &db]);
    let sender_file = dir.path().join("sender.json");
    let subscriber_file = dir.path().join("heide.client.json");
    run(&[
        "client",
        "register",
        "--db",
        &db,
        "--sender",
        "--file",
        &sender_file.display().to_string(),
    ]);
    run(&[
        "client",
        "register",
        "--db",
        &db,
        "--authority",
        common::HEIDE_AUTHORITY,
        "--file",
        &subscriber_file.display().to_string(),
    ]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&sender_file)
            .expect("file")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let credentials = |file: &Path| -> Value {
        serde_json::from_str(&std::fs::read_to_string(file).expect("credentials")).expect("JSON")
    };
    let (sender, subscriber) = (credentials(&sender_file), credentials(&subscriber_file));
    let listed = run(&["client", "list", "--db", &db]);
    for client in [&sender, &subscriber] {
        assert!(
            listed.contains(client["client_id"].as_str().expect("id")),
            "{listed}"
        );
    }
    assert!(!listed.contains(sender["client_secret"].as_str().expect("secret")));

    let (mut child, url) = start_with(Path::new(&db), dir.path(), None);
    let api = common::Api::new(&url);
    let id_secret = |client: &Value| {
        (
            client["client_id"].as_str().expect("id").to_owned(),
            client["client_secret"].as_str().expect("secret").to_owned(),
        )
    };
    let (id, secret) = id_secret(&subscriber);
    let granted: Value = api
        .token_response(&id, &secret)
        .await
        .json()
        .await
        .expect("JSON");
    assert_eq!(
        granted["scope"],
        format!(
            "subscribe:destination:{}",
            common::destination_of(common::HEIDE_AUTHORITY)
        )
    );
    run(&[
        "client",
        "remove",
        "--db",
        &db,
        "--client-id",
        sender["client_id"].as_str().expect("id"),
    ]);
    let (id, secret) = id_secret(&sender);
    let refused = api.token_response(&id, &secret).await.status();
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(refused, reqwest::StatusCode::UNAUTHORIZED);
}
