// SPDX-License-Identifier: EUPL-1.2
//! What several test files need: a valid Gewerbeanmeldung for Heide, encrypted for the
//! competent authority as the portal encrypts it.
// Each test file compiles this module on its own and uses a different part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use central_api::jwe;
use serde_json::{Value, json};

pub const GEWERBEANMELDUNG: &str = "99050012104000";
/// Heide, and the authority routing names for a Gewerbeanmeldung there.
pub const HEIDE: &str = "010510044044";
pub const HEIDE_AUTHORITY: &str = "stadt-heide-ordnung";

/// The demo authorities' key folder, shared by all test runs: laid out as an authority
/// keeps its keys (`<authority>.<kid>.pem`, see `central_api::custody`), for `central-api
/// inbox --keys-dir`. The keys are made once (RSA-4096 generation takes seconds even
/// with the crypto crates optimised in the dev profile) and kept under the target
/// folder, never in the repository; the relay under test never reads this folder.
pub fn authority_keys_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("authority-keys")
}

/// The private key of a demo authority, made on first use (see [`authority_keys_dir`]).
pub fn demo_private_key(authority: &str) -> rsa::RsaPrivateKey {
    let key = cached_key(&format!("{authority}.pem"));
    match central_api::custody::store(authority, &authority_keys_dir(), &key) {
        Ok(_) => {}
        // Another test (or test run) wrote the same key pair first.
        Err(err) if err.contains("exists") => {}
        Err(err) => panic!("{err}"),
    }
    key
}

/// The Land's signing key of the tests, made on first use.
pub fn land_key() -> rsa::RsaPrivateKey {
    cached_key("land.pem")
}

/// An RSA-4096 key kept as `name` in the tests' key cache; made once, by whichever test
/// process comes first (written beside and linked into place: never half a key).
pub fn cached_key(name: &str) -> rsa::RsaPrivateKey {
    use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};
    static MAKING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = MAKING.lock().unwrap_or_else(|e| e.into_inner());
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("key-cache-4096");
    let path = dir.join(name);
    if let Ok(pem) = std::fs::read_to_string(&path) {
        return rsa::RsaPrivateKey::from_pkcs8_pem(&pem).expect("cached key");
    }
    std::fs::create_dir_all(&dir).expect("key cache folder");
    let key = rsa::RsaPrivateKey::new(&mut rand::rngs::OsRng, central_api::keys::KEY_BITS)
        .expect("RSA key");
    let pem = key.to_pkcs8_pem(LineEnding::LF).expect("PEM");
    match central_api::custody::write_private(&path, pem.as_bytes()) {
        Ok(()) => key,
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {
            let pem = std::fs::read_to_string(&path).expect("cached key");
            rsa::RsaPrivateKey::from_pkcs8_pem(&pem).expect("cached key")
        }
        Err(err) => panic!("{}: {err}", path.display()),
    }
}

/// Registers every demo authority's public key (made on first use) as the operator
/// does, and signs the destinations' parameters with the tests' Land key, as `central-api
/// authority register` and `central-api land sign` do before `serve` starts.
pub async fn register_demo_keys(database: &str) {
    register_demo_keys_except(database, &[]).await;
}

/// [`register_demo_keys`] for every demo authority but those of `except`.
pub async fn register_demo_keys_except(database: &str, except: &[&str]) {
    let store = central_api::store::Store::connect(database)
        .await
        .expect("store");
    for authority in store.keys().authority_ids().await.expect("authorities") {
        if except.contains(&authority.as_str()) {
            continue;
        }
        let jwk = central_api::keys::encryption_jwk(&demo_private_key(&authority).to_public_key());
        central_api::keys::register(&store, &authority, &jwk, 1)
            .await
            .expect("register");
    }
    central_api::land::sign_all(&store, &land_key())
        .await
        .expect("sign");
    store.close().await;
}

/// [`central_api::AppState::init`] on `config`, then the demo keys registered and
/// signed ([`register_demo_keys`]).
pub async fn init(config: &central_api::Config) -> central_api::AppState {
    let state = central_api::AppState::init(config).await.expect("init");
    register_demo_keys(&config.database).await;
    state
}

/// A new, empty database for one test: a SQLite file in `dir`, or, when the environment
/// variable `BP_TEST_POSTGRES` names a PostgreSQL server's maintenance database (the test
/// command starts a throw-away server and sets it), a new database on that server.
pub async fn database(dir: &Path) -> String {
    match std::env::var("BP_TEST_POSTGRES") {
        Ok(admin) if !admin.is_empty() => postgres_database(&admin).await,
        _ => dir.join("data").join("portal.sqlite").display().to_string(),
    }
}

/// Whether the tests run on PostgreSQL (see [`database`]).
pub fn on_postgres() -> bool {
    std::env::var("BP_TEST_POSTGRES").is_ok_and(|v| !v.is_empty())
}

/// Creates a database with a random name on the server of `admin` (a URL whose path is
/// an existing database) and returns its URL.
pub async fn postgres_database(admin: &str) -> String {
    use rand::Rng;
    use sqlx::Connection;
    let name = format!("bp_test_{:016x}", rand::thread_rng().r#gen::<u64>());
    let mut conn = sqlx::PgConnection::connect(admin)
        .await
        .unwrap_or_else(|e| panic!("BP_TEST_POSTGRES={admin}: {e}"));
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .expect("create database");
    conn.close().await.expect("close");
    let (server, _) = admin
        .rsplit_once('/')
        .expect("BP_TEST_POSTGRES has a database path");
    format!("{server}/{name}")
}

/// Starts the `central-api` binary (`serve --port 0`) on `database` (a SQLite file or a
/// PostgreSQL URL), in `dir` (without a portal), and returns it with its base URL
/// (`http://127.0.0.1:PORT/`). The log goes to `log` at debug level, or nowhere. `args`
/// are further arguments of `serve`. It is given no key folder: the relay has none.
pub fn spawn_server(
    database: &str,
    dir: &Path,
    log: Option<&Path>,
    args: &[&str],
) -> (std::process::Child, String) {
    use std::{
        io::{BufRead, BufReader},
        process::{Command, Stdio},
    };
    let stderr = match log {
        Some(path) => Stdio::from(std::fs::File::create(path).expect("log file")),
        None => Stdio::null(),
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_central-api"))
        .args(["serve", "--port", "0", "--db", database])
        .arg("--static-dir")
        .arg(dir.join("no-dist"))
        .args(args)
        .current_dir(dir)
        .env_remove("PORT")
        .env_remove("DATABASE_URL")
        .env_remove("INBOX_TOKENS")
        .env("SUBMISSIONS_PER_MINUTE", "0")
        .env("RUST_LOG", if log.is_some() { "debug" } else { "warn" })
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("spawn central-api");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("read line");
    let url = line
        .trim()
        .strip_prefix("Bürgerportal running at ")
        .unwrap_or_else(|| panic!("start line, got {line:?}"))
        .to_owned();
    (child, url)
}

/// Serves `state` on a free loopback port; the base URL (`http://127.0.0.1:<port>`).
pub async fn serve(state: central_api::AppState) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(central_api::serve(listener, state));
    format!("http://{addr}")
}

/// Today's date (UTC) as "YYYY-MM-DD": a start date the form accepts.
pub fn today() -> String {
    let now = time::OffsetDateTime::now_utc().date();
    format!(
        "{:04}-{:02}-{:02}",
        now.year(),
        u8::from(now.month()),
        now.day()
    )
}

/// Answers that pass the gewerbeanmeldung form's validation: the complete GewA 1
/// application shared with the form engine's tests (`demo/answers/gewerbeanmeldung.json`),
/// starting today, the business "Bäckerei Jensen".
pub fn valid_answers() -> Value {
    let mut answers: Value =
        serde_json::from_str(include_str!("../../demo/answers/gewerbeanmeldung.json"))
            .expect("demo answers");
    answers["trade_name"] = json!("Bäckerei Jensen");
    answers["activity"] = json!("Herstellung und Verkauf von Backwaren");
    answers["business_kind"] = json!(["handwerk", "handel"]);
    answers["craft_card"] = json!(false);
    answers["start_date"] = json!(today());
    answers["municipality"] = json!({ "ars": HEIDE, "name": "25746 Heide" });
    answers
}

/// The public key and kid of the demo key of `authority` (see [`register_demo_keys`]).
pub fn authority_key(authority: &str) -> (rsa::RsaPublicKey, String) {
    let key = demo_private_key(authority).to_public_key();
    let kid = central_api::keys::encryption_jwk(&key)["kid"]
        .as_str()
        .expect("kid")
        .to_owned();
    (key, kid)
}

/// The envelope of a Gewerbeanmeldung of `answers` at `ars`, encrypted for `authority`'s
/// demo key: answers and metadata (with the answers' SHA-512) as JWE.
pub fn sealed(answers: &Value, ars: &str, authority: &str) -> Value {
    let key = authority_key(authority);
    sealed_with(&Envelope::gewerbe(ars, authority), answers, &key, &[])
}

/// What the envelope names besides the ciphertext.
pub struct Envelope<'a> {
    pub service: &'a str,
    pub form: &'a str,
    pub ars: Option<&'a str>,
    pub authority: &'a str,
}

impl<'a> Envelope<'a> {
    pub fn gewerbe(ars: &'a str, authority: &'a str) -> Self {
        Envelope {
            service: GEWERBEANMELDUNG,
            form: "gewerbeanmeldung",
            ars: Some(ars),
            authority,
        }
    }
}

/// The envelope of `answers` encrypted with `key`, with attachments
/// `(id, name, media type, content)`: their names, types and hashes go into the encrypted
/// metadata; each file is encrypted (`attachments[].jwe`, to upload) and announced with
/// the size of its JWE.
pub fn sealed_with(
    envelope: &Envelope,
    answers: &Value,
    (key, kid): &(rsa::RsaPublicKey, String),
    files: &[(&str, &str, &str, &[u8])],
) -> Value {
    let data = answers.to_string();
    let metadata = jwe::metadata(
        envelope.service,
        &format!("/api/forms/{}/versions/1", envelope.form),
        data.as_bytes(),
        files,
    );
    let encrypted_files: Vec<Value> = files
        .iter()
        .map(|(id, _, _, content)| {
            let text = jwe::encrypt(content, key, kid, None);
            json!({ "id": id, "size": text.len(), "jwe": text })
        })
        .collect();
    let mut body = json!({
        "service": envelope.service,
        "form": { "id": envelope.form, "version": 1 },
        "destination": { "authority": envelope.authority, "kid": kid },
        "encrypted_data": jwe::encrypt(data.as_bytes(), key, kid, Some("application/json")),
        "encrypted_metadata": jwe::encrypt(metadata.to_string().as_bytes(), key, kid, Some("application/json")),
        "attachments": encrypted_files,
    });
    if let Some(ars) = envelope.ars {
        body["ars"] = ars.into();
    }
    body
}

/// The request body of [`sealed_with`]: without the encrypted files it carries along.
pub fn body_of(sealed: &Value) -> Value {
    let mut body = sealed.clone();
    match body["attachments"].as_array_mut() {
        Some(files) if !files.is_empty() => {
            for file in files {
                file.as_object_mut().expect("object").remove("jwe");
            }
        }
        _ => {
            body.as_object_mut().expect("object").remove("attachments");
        }
    }
    body
}

/// A submission of `answers` for a business in Heide, encrypted for the town.
pub fn submission(answers: Value) -> Value {
    body_of(&sealed(&answers, HEIDE, HEIDE_AUTHORITY))
}
