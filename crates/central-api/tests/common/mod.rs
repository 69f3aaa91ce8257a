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
    register_clients(&store).await;
    // The relay makes its event signing key on first need (RSA-4096, seconds): the
    // tests give every database the same one, made once.
    let relay = cached_key("relay.pem");
    let jwk = central_api::land::signing_jwk(&relay.to_public_key());
    let pem = {
        use rsa::pkcs8::{EncodePrivateKey, LineEnding};
        relay.to_pkcs8_pem(LineEnding::LF).expect("PEM")
    };
    store
        .signing_keys()
        .add_relay_key_if_none(jwk["kid"].as_str().expect("kid"), &pem, &jwk)
        .await
        .expect("relay key");
    store.close().await;
}

/// The test sender client (a specialist application that sends everywhere).
pub const SENDER_ID: &str = "test-sender";
pub const SENDER_SECRET: &str = "test-sender-secret-0123456789abcdef";

/// The client id of the tests' subscriber of `authority`'s destination.
pub fn subscriber_id(authority: &str) -> String {
    format!("test-subscriber-{authority}")
}

/// The secret of [`subscriber_id`].
pub fn subscriber_secret(authority: &str) -> String {
    format!("secret-of-{authority}-0123456789abcdef")
}

/// The destination id of an authority.
pub fn destination_of(authority: &str) -> String {
    central_api::store::authorities::destination_id_of(authority)
}

/// Registers the test sender and a subscriber for every authority with a key.
pub async fn register_clients(store: &central_api::store::Store) {
    use central_api::store::oauth::ClientRow;
    store
        .oauth()
        .put_client(
            &ClientRow {
                client_id: SENDER_ID.into(),
                kind: "sender".into(),
                scopes: central_api::fit_connect::oauth::SEND_EVERYWHERE.into(),
                name: "Test sender".into(),
            },
            SENDER_SECRET,
        )
        .await
        .expect("sender client");
    for authority in store.keys().authority_ids().await.expect("authorities") {
        store
            .oauth()
            .put_client(
                &ClientRow {
                    client_id: subscriber_id(&authority),
                    kind: "subscriber".into(),
                    scopes: central_api::fit_connect::oauth::subscribe_scope(&destination_of(
                        &authority,
                    )),
                    name: format!("Test subscriber of {authority}"),
                },
                &subscriber_secret(&authority),
            )
            .await
            .expect("subscriber client");
    }
}

/// The signature key of a demo authority (made once, see [`cached_key`]), also kept in
/// [`authority_keys_dir`] as `<authority>.<kid>.signing.pem` for `central-api inbox`.
pub fn demo_signing_key(authority: &str) -> (String, rsa::RsaPrivateKey) {
    let key = cached_key(&format!("{authority}.signing.pem"));
    match central_api::custody::store_for(
        authority,
        &authority_keys_dir(),
        &key,
        central_api::keys::Purpose::Signature,
    ) {
        Ok(_) => {}
        Err(err) if err.contains("exists") => {}
        Err(err) => panic!("{err}"),
    }
    let kid = central_api::keys::signature_jwk(&key.to_public_key())["kid"]
        .as_str()
        .expect("kid")
        .to_owned();
    (kid, key)
}

/// Registers the signature key of `authority` ([`demo_signing_key`]) with the relay, as
/// `central-api authority register --jwk <signature JWK>` does; its kid and key.
pub async fn register_signing_key(database: &str, authority: &str) -> (String, rsa::RsaPrivateKey) {
    let (kid, key) = demo_signing_key(authority);
    let store = central_api::store::Store::connect(database)
        .await
        .expect("store");
    central_api::keys::register_signing(
        &store,
        authority,
        &central_api::keys::signature_jwk(&key.to_public_key()),
    )
    .await
    .expect("register signature key");
    store.close().await;
    (kid, key)
}

/// Writes `<authority>.client.json` (the tests' subscriber credentials) into `dir`.
pub fn write_client_file(dir: &Path, authority: &str) -> PathBuf {
    let path = dir.join(format!("{authority}.client.json"));
    let credentials = json!({
        "client_id": subscriber_id(authority),
        "client_secret": subscriber_secret(authority),
    });
    std::fs::create_dir_all(dir).expect("folder");
    std::fs::write(&path, credentials.to_string()).expect("client file");
    path
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

/// A started `central-api` process, killed when dropped: a test that fails (panics)
/// before its end would otherwise leave its server running after `cargo test` returns.
/// Derefs to the [`std::process::Child`], so a test can still kill it on purpose (a
/// crash) or read its pid.
pub struct Running(std::process::Child);

impl Running {
    pub fn new(child: std::process::Child) -> Running {
        Running(child)
    }
}

impl std::ops::Deref for Running {
    type Target = std::process::Child;
    fn deref(&self) -> &std::process::Child {
        &self.0
    }
}

impl std::ops::DerefMut for Running {
    fn deref_mut(&mut self) -> &mut std::process::Child {
        &mut self.0
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        // Both fail harmlessly when the test has already killed and reaped it.
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
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
) -> (Running, String) {
    use std::{
        io::{BufRead, BufReader},
        process::{Command, Stdio},
    };
    let stderr = match log {
        Some(path) => Stdio::from(std::fs::File::create(path).expect("log file")),
        None => Stdio::null(),
    };
    let child = Command::new(env!("CARGO_BIN_EXE_central-api"))
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
    let mut child = Running::new(child);
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

/// The body of `response` as JSON (the test fails if it is not).
pub async fn json_of(response: reqwest::Response) -> Value {
    response.json().await.expect("JSON body")
}

/// The `Content-Type` of `response`, or "" without one.
pub fn content_type(response: &reqwest::Response) -> String {
    response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// The API served in this process on a free loopback port (see [`serve`]), on a new
/// database (see [`database`]) in a temporary folder of its own, with the demo keys
/// registered: what most test files start their server with.
pub struct InProcess {
    /// `http://127.0.0.1:<port>`
    pub base: String,
    pub database: String,
    pub state: central_api::AppState,
    /// Removed when dropped: hold it as long as the server runs.
    pub dir: tempfile::TempDir,
}

/// Starts an [`InProcess`] server. Submissions are not limited per minute (tests send
/// many from one address); `adjust` changes the configuration before the start, given
/// the temporary folder (for a portal's files, say).
pub async fn in_process(adjust: impl FnOnce(&Path, &mut central_api::Config)) -> InProcess {
    let dir = tempfile::tempdir().expect("tempdir");
    let database = database(dir.path()).await;
    let mut config = central_api::Config::new(database.clone());
    config.limits.submissions_per_minute = 0;
    adjust(dir.path(), &mut config);
    let state = init(&config).await;
    let base = serve(state.clone()).await;
    InProcess {
        base,
        database,
        state,
        dir,
    }
}

/// An [`in_process`] server with a portal: `write` puts the portal's files into the
/// folder that becomes the `static_dir` (`dist` in the temporary folder) and returns what
/// the test keeps of them; `adjust` as for [`in_process`].
pub async fn in_process_with_portal<T>(
    write: impl FnOnce(&Path) -> T,
    adjust: impl FnOnce(&mut central_api::Config),
) -> (InProcess, T) {
    let mut written = None;
    let server = in_process(|dir, config| {
        let static_dir = dir.join("dist");
        written = Some(write(&static_dir));
        config.static_dir = Some(static_dir);
        adjust(config);
    })
    .await;
    (server, written.expect("in_process calls adjust"))
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

/// An application as a sender sends it through the Submission API: what it names
/// (service, form, destination) and the plaintext it encrypts for the destination's key.
#[derive(Clone)]
pub struct Application {
    pub service: String,
    pub service_name: String,
    pub form: String,
    pub authority: String,
    pub key: (rsa::RsaPublicKey, String),
    pub answers: Value,
    /// `(attachment id (a UUID), file name, media type, content)`.
    pub files: Vec<(String, String, String, Vec<u8>)>,
}

impl Application {
    /// A Gewerbeanmeldung of `answers`, for the town of Heide.
    pub fn gewerbe(answers: Value) -> Self {
        Application::for_authority(
            GEWERBEANMELDUNG,
            "Gewerbeanmeldung",
            "gewerbeanmeldung",
            HEIDE_AUTHORITY,
            answers,
        )
    }

    /// An application of `answers` to `authority`, encrypted for its demo key.
    pub fn for_authority(
        service: &str,
        service_name: &str,
        form: &str,
        authority: &str,
        answers: Value,
    ) -> Self {
        Application {
            service: service.into(),
            service_name: service_name.into(),
            form: form.into(),
            authority: authority.into(),
            key: authority_key(authority),
            answers,
            files: Vec::new(),
        }
    }

    /// With a file `(id, name, media type, content)`.
    pub fn with_file(mut self, id: &str, name: &str, media_type: &str, content: &[u8]) -> Self {
        self.files
            .push((id.into(), name.into(), media_type.into(), content.to_vec()));
        self
    }

    pub fn destination_id(&self) -> String {
        destination_of(&self.authority)
    }

    /// The body of `POST /v1/submissions`.
    pub fn create_body(&self) -> Value {
        json!({
            "destinationId": self.destination_id(),
            "announcedAttachments": self.files.iter().map(|f| f.0.clone()).collect::<Vec<_>>(),
            "serviceType": {
                "name": self.service_name,
                "identifier": central_api::fit_connect::service_identifier(&self.service),
            },
        })
    }

    /// Each file's id and JWE (new ciphertext every call).
    pub fn encrypted_files(&self) -> Vec<(String, String)> {
        self.files
            .iter()
            .map(|(id, _, _, content)| {
                (
                    id.clone(),
                    jwe::encrypt(content, &self.key.0, &self.key.1, None),
                )
            })
            .collect()
    }

    /// The metadata the sender encrypts, naming the citizen's `reference`.
    pub fn metadata(&self, reference: &str) -> Value {
        let data = self.answers.to_string();
        let files: Vec<(&str, &str, &str, &[u8])> = self
            .files
            .iter()
            .map(|(id, name, media_type, content)| {
                (
                    id.as_str(),
                    name.as_str(),
                    media_type.as_str(),
                    content.as_slice(),
                )
            })
            .collect();
        let mut metadata = jwe::metadata(
            &self.service,
            &central_api::fit_connect::schema_uri(&self.form, 1),
            data.as_bytes(),
            &files,
        );
        metadata["additionalReferenceInfo"] = json!({ "senderReference": reference });
        metadata
    }

    /// The body of `PUT /v1/submissions/{id}`: metadata and answers as JWE.
    pub fn submit_body(&self, reference: &str) -> Value {
        let (key, kid) = &self.key;
        json!({
            "encryptedMetadata": jwe::encrypt(
                self.metadata(reference).to_string().as_bytes(), key, kid, Some("application/json")),
            "encryptedData": jwe::encrypt(
                self.answers.to_string().as_bytes(), key, kid, Some("application/json")),
        })
    }
}

/// What the relay answered to a creation, and what was submitted.
#[derive(Debug, Clone)]
pub struct Sent {
    pub submission_id: String,
    pub case_id: String,
    pub reference: String,
    pub status_token: String,
    pub destination_id: String,
    /// The body of the submit request.
    pub submitted: Value,
}

impl Sent {
    fn of(created: &Value) -> Sent {
        let text = |name: &str| {
            created[name]
                .as_str()
                .unwrap_or_else(|| panic!("{name} in {created}"))
                .to_owned()
        };
        Sent {
            submission_id: text("submissionId"),
            case_id: text("caseId"),
            reference: text("reference"),
            status_token: text("statusToken"),
            destination_id: text("destinationId"),
            submitted: Value::Null,
        }
    }
}

/// The relay's Submission API as a client calls it.
#[derive(Clone)]
pub struct Api {
    /// Base URL without a trailing slash.
    pub base: String,
    pub http: reqwest::Client,
}

impl Api {
    pub fn new(base: &str) -> Api {
        Api {
            base: base.trim_end_matches('/').to_owned(),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// `POST /token` with a client's credentials; the answer.
    pub async fn token_response(&self, id: &str, secret: &str) -> reqwest::Response {
        self.http
            .post(self.url("/token"))
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", id),
                ("client_secret", secret),
            ])
            .send()
            .await
            .expect("POST /token")
    }

    /// An access token for a client's credentials.
    pub async fn token(&self, id: &str, secret: &str) -> String {
        let response = self.token_response(id, secret).await;
        assert_eq!(response.status(), reqwest::StatusCode::OK, "token for {id}");
        let body: Value = response.json().await.expect("JSON");
        body["access_token"]
            .as_str()
            .expect("access_token")
            .to_owned()
    }

    /// A token of the tests' sender client.
    pub async fn sender_token(&self) -> String {
        self.token(SENDER_ID, SENDER_SECRET).await
    }

    /// A token of the tests' subscriber of `authority`.
    pub async fn subscriber_token(&self, authority: &str) -> String {
        self.token(&subscriber_id(authority), &subscriber_secret(authority))
            .await
    }

    /// `POST /v1/submissions` with `body`, and an `Idempotency-Key` if given.
    pub async fn create(&self, token: &str, body: &Value, key: Option<&str>) -> reqwest::Response {
        let mut request = self
            .http
            .post(self.url("/v1/submissions"))
            .bearer_auth(token)
            .json(body);
        if let Some(key) = key {
            request = request.header("Idempotency-Key", key);
        }
        request.send().await.expect("POST /v1/submissions")
    }

    /// `PUT /v1/submissions/{id}/attachments/{attachmentId}` as `application/jose`.
    pub async fn upload(
        &self,
        token: &str,
        submission_id: &str,
        attachment_id: &str,
        body: impl Into<reqwest::Body>,
    ) -> reqwest::Response {
        self.http
            .put(self.url(&format!(
                "/v1/submissions/{submission_id}/attachments/{attachment_id}"
            )))
            .bearer_auth(token)
            .header(reqwest::header::CONTENT_TYPE, "application/jose")
            .body(body)
            .send()
            .await
            .expect("PUT attachment")
    }

    /// `PUT /v1/submissions/{id}` with `body`.
    pub async fn submit(
        &self,
        token: &str,
        submission_id: &str,
        body: &Value,
    ) -> reqwest::Response {
        self.http
            .put(self.url(&format!("/v1/submissions/{submission_id}")))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .expect("PUT submission")
    }

    /// Creates `application` (with `key` as its Idempotency-Key, if given); the ids.
    pub async fn create_ok(
        &self,
        token: &str,
        application: &Application,
        key: Option<&str>,
    ) -> Sent {
        let response = self.create(token, &application.create_body(), key).await;
        let status = response.status();
        let body: Value = response.json().await.expect("JSON");
        assert_eq!(status, reqwest::StatusCode::CREATED, "{body}");
        Sent::of(&body)
    }

    /// Creates, uploads and submits `application` as the tests' sender; the ids.
    pub async fn send(&self, application: &Application) -> Sent {
        let token = self.sender_token().await;
        self.send_with(&token, application, None).await
    }

    /// [`Api::send`] with a sender's `token` and an idempotency key.
    pub async fn send_with(
        &self,
        token: &str,
        application: &Application,
        key: Option<&str>,
    ) -> Sent {
        let mut sent = self.create_ok(token, application, key).await;
        for (id, text) in application.encrypted_files() {
            let response = self.upload(token, &sent.submission_id, &id, text).await;
            assert_eq!(
                response.status(),
                reqwest::StatusCode::NO_CONTENT,
                "upload {id}"
            );
        }
        let body = application.submit_body(&sent.reference);
        let response = self.submit(token, &sent.submission_id, &body).await;
        let status = response.status();
        let answer: Value = response.json().await.expect("JSON");
        assert_eq!(status, reqwest::StatusCode::ACCEPTED, "{answer}");
        sent.submitted = body;
        sent
    }

    /// The citizen's status of a submission.
    pub async fn status(&self, sent: &Sent) -> reqwest::Response {
        self.http
            .get(self.url(&format!("/api/submissions/{}", sent.reference)))
            .bearer_auth(&sent.status_token)
            .send()
            .await
            .expect("GET status")
    }

    /// The authority's side (`central_api::authority`): fetches, decrypts and checks a
    /// submission as `authority`'s subscriber with the demo keys.
    pub async fn open(
        &self,
        authority: &str,
        submission_id: &str,
    ) -> central_api::authority::Opened {
        let subscriber = self.subscriber(authority).await;
        let fetched = subscriber.fetch(submission_id).await.expect("fetch");
        let dir = authority_keys_dir();
        let mut ring = central_api::authority::KeyRing::new(&subscriber, &dir, authority);
        central_api::authority::open(&subscriber, &mut ring, &fetched, form_engine::Lang::De)
            .await
            .expect("decrypts")
    }

    /// The tests' subscriber of `authority`, connected.
    pub async fn subscriber(&self, authority: &str) -> central_api::authority::Subscriber {
        central_api::authority::Subscriber::connect(
            &self.base,
            None,
            &central_api::fit_connect::oauth::Credentials {
                client_id: subscriber_id(authority),
                client_secret: subscriber_secret(authority),
            },
        )
        .await
        .expect("subscriber")
    }

    /// An event signed with `authority`'s demo signature key about `sent`, posted into
    /// its case's log as `authority`'s subscriber.
    pub async fn post_event(&self, token: &str, case_id: &str, event: &str) -> reqwest::Response {
        self.http
            .post(self.url(&format!("/v1/cases/{case_id}/events")))
            .bearer_auth(token)
            .header(reqwest::header::CONTENT_TYPE, "application/jose")
            .body(event.to_owned())
            .send()
            .await
            .expect("POST event")
    }
}

/// The authentication tags of what `sent` submitted (without attachments).
pub fn tags_of(sent: &Sent, attachments: &[(String, String)]) -> Value {
    use central_api::fit_connect::set::auth_tag;
    let files: serde_json::Map<String, Value> = attachments
        .iter()
        .map(|(id, text)| (id.clone(), auth_tag(text).into()))
        .collect();
    json!({
        "metadata": auth_tag(sent.submitted["encryptedMetadata"].as_str().expect("metadata")),
        "data": auth_tag(sent.submitted["encryptedData"].as_str().expect("data")),
        "attachments": files,
    })
}

/// An event `name` with `payload` about `sent`, signed by `key` (kid `kid`) as the
/// destination's subscriber signs it.
pub fn event(
    sent: &Sent,
    (kid, key): &(String, rsa::RsaPrivateKey),
    name: &str,
    payload: Value,
) -> String {
    use central_api::fit_connect::set;
    let claims = set::claims(
        &sent.destination_id,
        &sent.submission_id,
        &sent.case_id,
        name,
        payload,
    );
    set::sign(key, kid, &claims)
}
