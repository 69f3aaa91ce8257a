// SPDX-License-Identifier: EUPL-1.2
//! Key custody (issue #15) on the real binary: `serve` never makes or reads a private
//! key and names the authority whose key is missing; the authority makes its RSA-4096
//! key pair itself (`authority keygen`), the operator registers, rotates and revokes
//! public keys (`authority register|rotate|revoke`) under FIT-Connect's rules; new
//! submissions are accepted for the current key only; the Land signs the destinations'
//! parameters offline (`land keygen`, `land sign`) and the signature routing sends
//! verifies with the Land's public key.

use std::{
    path::{Path, PathBuf},
    process::Command,
    time::{Duration, SystemTime},
};

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use reqwest::StatusCode;
use serde_json::{Value, json};

mod common;
use common::{Api, Application, GEWERBEANMELDUNG, HEIDE, HEIDE_AUTHORITY};

/// Runs the binary with `args`; its output, whatever the exit status.
fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_central-api"))
        .args(args)
        .env_remove("DATABASE_URL")
        .env_remove("KEYS_DIR")
        .output()
        .expect("run central-api")
}

/// Runs the binary with `args` and returns its stdout; fails the test if it fails.
fn ok(args: &[&str]) -> String {
    let output = run(args);
    assert!(output.status.success(), "{args:?}: {output:?}");
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// Runs the binary with `args`, expects it to fail and returns its stderr.
fn refused(args: &[&str]) -> String {
    let output = run(args);
    assert!(!output.status.success(), "{args:?} succeeded: {output:?}");
    String::from_utf8(output.stderr).expect("UTF-8")
}

/// `central-api authority register` of the JWK in `file` for `authority`, with `extra`
/// arguments.
fn register_in(db: &str, authority: &str, file: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "authority",
        "register",
        "--db",
        db,
        "--authority",
        authority,
        "--jwk",
        file,
    ];
    args.extend_from_slice(extra);
    run(&args)
}

async fn routing(client: &reqwest::Client, url: &str) -> (StatusCode, Value) {
    let response = client
        .get(format!(
            "{url}v1/routes?leikaKey={GEWERBEANMELDUNG}&ars={HEIDE}"
        ))
        .send()
        .await
        .expect("GET routing");
    (response.status(), response.json().await.expect("JSON"))
}

/// Creates a Gewerbeanmeldung for Heide as the tests' sender and submits it encrypted
/// for `key`: the status and answer of the creation if it failed, else of the submit
/// (with the creation's `reference` and `submissionId` added to a success).
async fn submit(
    _client: &reqwest::Client,
    url: &str,
    key: &(rsa::RsaPublicKey, String),
    idempotency: &str,
) -> (StatusCode, Value) {
    let api = Api::new(url);
    let token = api.sender_token().await;
    let mut application = Application::gewerbe(common::valid_answers());
    application.key = key.clone();
    let created = api
        .create(&token, &application.create_body(), Some(idempotency))
        .await;
    let status = created.status();
    let created: Value = created.json().await.expect("JSON");
    if status != StatusCode::CREATED {
        return (status, created);
    }
    let reference = created["reference"].as_str().expect("reference");
    let submission_id = created["submissionId"].as_str().expect("id");
    let response = api
        .submit(&token, submission_id, &application.submit_body(reference))
        .await;
    let status = response.status();
    let mut answer: Value = response.json().await.expect("JSON");
    if status.is_success() {
        answer["reference"] = created["reference"].clone();
    }
    (status, answer)
}

fn public(key: &rsa::RsaPrivateKey) -> (rsa::RsaPublicKey, String) {
    let public = key.to_public_key();
    let kid = central_api::keys::encryption_jwk(&public)["kid"]
        .as_str()
        .expect("kid")
        .to_owned();
    (public, kid)
}

/// What the file system records of every file in `dir`, without reading any: name,
/// size, modification and change time (any write or metadata change moves them), and
/// access time (a read moves it, see [`age`]).
#[derive(Debug, PartialEq)]
struct Seen {
    path: PathBuf,
    size: u64,
    modified: SystemTime,
    changed: (i64, i64),
    accessed: SystemTime,
}

fn snapshot(dir: &Path) -> Vec<Seen> {
    use std::os::unix::fs::MetadataExt;
    let mut files: Vec<Seen> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|entry| {
            let path = entry.expect("entry").path();
            let meta = std::fs::metadata(&path).expect("meta");
            Seen {
                size: meta.len(),
                modified: meta.modified().expect("mtime"),
                changed: (meta.ctime(), meta.ctime_nsec()),
                accessed: meta.accessed().expect("atime"),
                path,
            }
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// Sets a file's access time two days and its modification time three days back: with
/// `relatime` (and `strictatime`) any later read moves the access time to now.
fn age(path: &Path) {
    let now = SystemTime::now();
    let times = std::fs::FileTimes::new()
        .set_accessed(now - Duration::from_secs(2 * 86_400))
        .set_modified(now - Duration::from_secs(3 * 86_400));
    std::fs::File::options()
        .write(true)
        .open(path)
        .expect("open")
        .set_times(times)
        .expect("set times");
}

/// The relay is given no key folder, and the places it might look for one (`keys/`
/// next to the database, where it kept the private keys before; `KEYS_DIR`, which its
/// predecessor read, here naming the authority's real key folder) hold real private
/// keys. Through a start, routing and submissions for an authority with no registered
/// key, nothing there is created, changed or read (access times, which this file system
/// moves on reads as a control read shows first); the authority's key is missing and the
/// answers and the start log say so by its name; no key is recorded for it.
#[tokio::test]
async fn serve_never_makes_or_reads_a_private_key_and_names_an_authority_without_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("data").join("portal.sqlite");
    let old_default = dir.path().join("data").join("keys");
    let authority_folder = dir.path().join("authority-keys");
    std::fs::create_dir_all(&old_default).expect("mkdir");
    let heide = common::demo_private_key(HEIDE_AUTHORITY);
    central_api::custody::store(HEIDE_AUTHORITY, &authority_folder, &heide).expect("key pair");
    std::fs::copy(
        std::fs::read_dir(&authority_folder)
            .expect("dir")
            .map(|e| e.expect("entry").path())
            .find(|p| p.extension().is_some_and(|e| e == "pem"))
            .expect("pem"),
        old_default.join(format!("{HEIDE_AUTHORITY}.pem")),
    )
    .expect("copy");
    let canaries: Vec<PathBuf> = [&old_default, &authority_folder]
        .iter()
        .flat_map(|d| std::fs::read_dir(d).expect("dir"))
        .map(|e| e.expect("entry").path())
        .collect();
    // Control: does this file system record reads?
    let control = dir.path().join("control.txt");
    std::fs::write(&control, "x").expect("write");
    age(&control);
    let before = std::fs::metadata(&control)
        .expect("meta")
        .accessed()
        .expect("atime");
    std::fs::read(&control).expect("read");
    let reads_recorded = std::fs::metadata(&control)
        .expect("meta")
        .accessed()
        .expect("atime")
        != before;
    for canary in &canaries {
        age(canary);
    }
    let before = (snapshot(&old_default), snapshot(&authority_folder));

    // Every other authority has its key registered and signed.
    let log = dir.path().join("serve.log");
    let database = db.display().to_string();
    ok(&["seed", "--db", &database]);
    common::register_demo_keys_except(&database, &[HEIDE_AUTHORITY]).await;
    let mut child = {
        use std::{
            io::{BufRead, BufReader},
            process::Stdio,
        };
        let child = Command::new(env!("CARGO_BIN_EXE_central-api"))
            .args(["serve", "--port", "0", "--db", &database, "--static-dir"])
            .arg(dir.path().join("no-dist"))
            .current_dir(dir.path())
            .env("KEYS_DIR", &authority_folder)
            .env_remove("DATABASE_URL")
            .env("SUBMISSIONS_PER_MINUTE", "0")
            .env("RUST_LOG", "info")
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).expect("log"))
            .spawn()
            .expect("spawn");
        let mut child = common::Running::new(child);
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("start line");
        let url = line
            .trim()
            .strip_prefix("Bürgerportal running at ")
            .expect("start line")
            .to_owned();
        (child, url)
    };
    let (process, url) = (&mut child.0, child.1.clone());
    let client = reqwest::Client::new();

    let (status, problem) = routing(&client, &url).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{problem}");
    assert_eq!(problem["type"], "urn:buergerportal:problem:no-valid-key");
    assert_eq!(problem["authority"], HEIDE_AUTHORITY);
    assert!(
        problem["detail"]
            .as_str()
            .expect("detail")
            .contains("authority stadt-heide-ordnung has no current encryption key"),
        "{problem}"
    );
    let (status, problem) = submit(&client, &url, &public(&heide), "no-key-0000001").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{problem}");
    assert_eq!(problem["authority"], HEIDE_AUTHORITY);
    // Another authority's routing works: its key is registered and signed.
    let kreis: Value = client
        .get(format!(
            "{url}v1/routes?leikaKey=99035001000000&ars={HEIDE}"
        ))
        .send()
        .await
        .expect("GET")
        .json()
        .await
        .expect("JSON");
    assert_eq!(
        kreis["routes"][0]["authority"]["id"],
        "kreis-dithmarschen-ordnung"
    );
    assert!(kreis["routes"][0]["destinationParametersSignature"].is_string());
    let _ = process.kill();
    let _ = process.wait();

    let after = (snapshot(&old_default), snapshot(&authority_folder));
    let unread = |files: &[Seen]| -> Vec<(PathBuf, u64, SystemTime, (i64, i64))> {
        files
            .iter()
            .map(|f| (f.path.clone(), f.size, f.modified, f.changed))
            .collect()
    };
    assert_eq!(
        unread(&after.0),
        unread(&before.0),
        "the relay created or changed a file in keys/ next to the database"
    );
    assert_eq!(
        unread(&after.1),
        unread(&before.1),
        "the relay created or changed a file in KEYS_DIR"
    );
    if reads_recorded {
        assert_eq!(after, before, "the relay read a private key file");
        // And a read of each of these very files would have shown.
        for canary in &canaries {
            let accessed = |p: &Path| {
                std::fs::metadata(p)
                    .expect("meta")
                    .accessed()
                    .expect("atime")
            };
            let before = accessed(canary);
            std::fs::read(canary).expect("read");
            assert_ne!(
                accessed(canary),
                before,
                "a read of {} is not recorded",
                canary.display()
            );
        }
    } else {
        eprintln!("this file system does not record reads (noatime): reads not checked");
    }
    let store = central_api::store::Store::connect(&database)
        .await
        .expect("store");
    assert!(
        store
            .keys()
            .of(HEIDE_AUTHORITY)
            .await
            .expect("keys")
            .is_empty()
    );
    store.close().await;
    let log = std::fs::read_to_string(&log).expect("log");
    assert!(
        log.contains("authority stadt-heide-ordnung has no current encryption key"),
        "{log}"
    );
}

/// `authority keygen` makes an RSA-4096 key with FIT-Connect's members in the
/// authority's folder (private key 0600, public JWK beside it, printed); `register`
/// takes it and refuses keys that break the rules, each rule by name.
#[tokio::test]
async fn keygen_makes_a_fit_connect_key_and_register_refuses_keys_that_break_the_rules() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("portal.sqlite").display().to_string();
    ok(&["seed", "--db", &db]);
    let folder = dir.path().join("authority-keys");
    let folder_arg = folder.display().to_string();
    let printed = ok(&[
        "authority",
        "keygen",
        "--authority",
        HEIDE_AUTHORITY,
        "--out",
        &folder_arg,
    ]);
    let jwk: Value = serde_json::from_str(&printed).expect("JWK");
    let kid = jwk["kid"].as_str().expect("kid");
    assert_eq!(jwk["kty"], "RSA");
    assert_eq!(jwk["alg"], "RSA-OAEP-256");
    assert_eq!(jwk["use"], "enc");
    assert_eq!(jwk["key_ops"], json!(["wrapKey"]));
    assert_eq!(jwk["e"], "AQAB");
    let modulus = URL_SAFE_NO_PAD
        .decode(jwk["n"].as_str().expect("n"))
        .expect("base64url");
    assert_eq!(modulus.len() * 8, 4096);
    assert!(modulus[0] & 0x80 != 0, "a full 4096-bit modulus");
    assert!(jwk.get("d").is_none(), "no private part");
    let pem = folder.join(format!("{HEIDE_AUTHORITY}.{kid}.pem"));
    let public_file = folder.join(format!("{HEIDE_AUTHORITY}.{kid}.jwk.json"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&pem).expect("pem").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(&public_file).expect("jwk")).expect("JSON");
    assert_eq!(written, jwk);

    // Keys that break the rules, each refused with what is wrong.
    let write = |name: &str, value: &Value| {
        let path = dir.path().join(name);
        std::fs::write(&path, value.to_string()).expect("write");
        path.display().to_string()
    };
    let small = write(
        "small.json",
        &json!({"kty": "RSA", "kid": "rfc7638-example", "alg": "RSA-OAEP-256", "use": "enc",
                "key_ops": ["wrapKey"], "e": "AQAB",
                "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"}),
    );
    let mut other = jwk.clone();
    other["alg"] = json!("RSA-OAEP");
    other["use"] = json!("encryption");
    other.as_object_mut().expect("object").remove("kid");
    let other = write("other.json", &other);
    let mut private = serde_json::to_value(&jwk).expect("value");
    private["d"] = json!("AAAA");
    let private = write("private.json", &private);
    for (file, expected) in [
        (
            &small,
            vec!["the key has 2048 bits; FIT-Connect requires RSA keys of 4096 bits"],
        ),
        (
            &other,
            vec![
                "the key has no \"kid\" (key id)",
                "\"alg\" must be \"RSA-OAEP-256\", not \"RSA-OAEP\"",
                "\"use\", if given, must be \"enc\" (an encryption key), not \"encryption\"",
            ],
        ),
        (
            &private,
            vec!["the JWK holds private key parts (d): register the public key only"],
        ),
    ] {
        let stderr = refused(&[
            "authority",
            "register",
            "--db",
            &db,
            "--authority",
            HEIDE_AUTHORITY,
            "--jwk",
            file,
        ]);
        assert!(
            stderr.contains("the key does not keep FIT-Connect's rules for encryption keys"),
            "{stderr}"
        );
        for message in expected {
            assert!(stderr.contains(message), "{message:?} not in {stderr}");
        }
    }
    // A key with "use": "sig" is a signature key, checked by the rules for those.
    let mut signature = jwk.clone();
    signature["use"] = json!("sig");
    let signature = write("signature.json", &signature);
    let stderr = refused(&[
        "authority",
        "register",
        "--db",
        &db,
        "--authority",
        HEIDE_AUTHORITY,
        "--jwk",
        &signature,
    ]);
    assert!(
        stderr.contains("the signature key is refused")
            && stderr.contains("\"alg\" must be \"PS512\", not \"RSA-OAEP-256\""),
        "{stderr}"
    );
    let stderr = refused(&[
        "authority",
        "register",
        "--db",
        &db,
        "--authority",
        "no-such-authority",
        "--jwk",
        &public_file.display().to_string(),
    ]);
    assert!(
        stderr.contains("there is no authority no-such-authority"),
        "{stderr}"
    );

    let registered: Value = serde_json::from_str(&ok(&[
        "authority",
        "register",
        "--db",
        &db,
        "--authority",
        HEIDE_AUTHORITY,
        "--jwk",
        &public_file.display().to_string(),
    ]))
    .expect("JSON");
    assert_eq!(registered["kid"], kid);
    assert_eq!(registered["status"], "current");
    // Again: nothing changes. Another key while this one is current: use rotate.
    let again: Value = serde_json::from_str(&ok(&[
        "authority",
        "register",
        "--db",
        &db,
        "--authority",
        HEIDE_AUTHORITY,
        "--jwk",
        &public_file.display().to_string(),
    ]))
    .expect("JSON");
    assert_eq!(again["unchanged"], true);
    let second = central_api::keys::encryption_jwk(
        &common::cached_key("stadt-heide-ordnung-second.pem").to_public_key(),
    );
    let second = write("second.json", &second);
    let stderr = refused(&[
        "authority",
        "register",
        "--db",
        &db,
        "--authority",
        HEIDE_AUTHORITY,
        "--jwk",
        &second,
    ]);
    assert!(
        stderr.contains(&format!(
            "authority stadt-heide-ordnung has the current key {kid}; replace it with `central-api authority rotate`"
        )),
        "{stderr}"
    );
}

/// Heide's subscriber credentials and a registered signature key in the authority's
/// `folder`, beside its decryption keys: what `inbox --decide` needs.
async fn ready_to_decide(db: &str, folder: &std::path::Path) {
    common::write_client_file(folder, HEIDE_AUTHORITY);
    let (_, signing) = common::register_signing_key(db, HEIDE_AUTHORITY).await;
    central_api::custody::store_for(
        HEIDE_AUTHORITY,
        folder,
        &signing,
        central_api::keys::Purpose::Signature,
    )
    .expect("signature key pair");
}

/// Rotation makes the new key current and the old one decrypt-only: routing names only
/// the new one, a submission for the old one is refused (it was accepted before the
/// rotation); revoking refuses the revoked kid, and revoking the current key leaves the
/// authority without one (503 naming it). The authority still decrypts what was sent
/// for both keys.
#[tokio::test]
async fn rotated_out_and_revoked_keys_take_no_new_submissions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::database(dir.path()).await;
    let (mut child, url) = common::spawn_server(&db, dir.path(), None, &[]);
    common::register_demo_keys(&db).await;
    let client = reqwest::Client::new();
    let first = public(&common::demo_private_key(HEIDE_AUTHORITY));
    let second_private = common::cached_key("stadt-heide-ordnung-second.pem");
    let second = public(&second_private);
    let folder = dir.path().join("authority-keys");
    for key in [&common::demo_private_key(HEIDE_AUTHORITY), &second_private] {
        central_api::custody::store(HEIDE_AUTHORITY, &folder, key).expect("key pair");
    }

    let (status, old) = submit(&client, &url, &first, "rotate-first-0001").await;
    assert_eq!(status, StatusCode::ACCEPTED, "{old}");

    let second_file = folder.join(format!("{HEIDE_AUTHORITY}.{}.jwk.json", second.1));
    let rotated: Value = serde_json::from_str(&ok(&[
        "authority",
        "rotate",
        "--db",
        &db,
        "--authority",
        HEIDE_AUTHORITY,
        "--jwk",
        &second_file.display().to_string(),
    ]))
    .expect("JSON");
    assert_eq!(rotated["kid"], second.1.as_str());
    assert_eq!(rotated["decrypt_only"], first.1.as_str());

    let (_, routes) = routing(&client, &url).await;
    let parameters = &routes["routes"][0]["destinationParameters"];
    assert_eq!(parameters["encryptionKid"], second.1.as_str());
    let listed: Vec<&Value> = parameters["publicKeys"]["keys"]
        .as_array()
        .expect("keys")
        .iter()
        .map(|k| &k["kid"])
        .collect();
    assert_eq!(listed, [&json!(second.1)]);

    let (status, problem) = submit(&client, &url, &first, "rotate-late-00001").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem["errors"][0]["path"], "encryptedMetadata");
    assert_eq!(problem["errors"][0]["code"], "wrong_key");
    let (status, new) = submit(&client, &url, &second, "rotate-new-000001").await;
    assert_eq!(status, StatusCode::ACCEPTED, "{new}");

    // The authority decrypts both with the keys in its own folder and accepts them.
    ready_to_decide(&db, &folder).await;
    let out = ok(&[
        "inbox",
        "--api",
        &url,
        "--keys-dir",
        &folder.display().to_string(),
        "--authority",
        HEIDE_AUTHORITY,
        "--decide",
    ]);
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 2, "{out}");
    for (line, (receipt, kid)) in lines.iter().zip([(&old, &first.1), (&new, &second.1)]) {
        assert_eq!(line["reference"], receipt["reference"]);
        assert_eq!(line["kid"], kid.as_str());
        assert_eq!(line["status"], "accepted", "{line}");
    }

    ok(&[
        "authority",
        "revoke",
        "--db",
        &db,
        "--authority",
        HEIDE_AUTHORITY,
        "--kid",
        &first.1,
    ]);
    let (status, problem) = submit(&client, &url, &first, "revoked-first-001").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem["errors"][0]["code"], "wrong_key");
    let stderr = refused(&[
        "authority",
        "revoke",
        "--db",
        &db,
        "--authority",
        HEIDE_AUTHORITY,
        "--kid",
        "not-a-key-of-heide",
    ]);
    assert!(
        stderr.contains("authority stadt-heide-ordnung has no key not-a-key-of-heide"),
        "{stderr}"
    );
    ok(&[
        "authority",
        "revoke",
        "--db",
        &db,
        "--authority",
        HEIDE_AUTHORITY,
        "--kid",
        &second.1,
    ]);
    let (status, problem) = submit(&client, &url, &second, "revoked-second-01").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{problem}");
    assert_eq!(problem["authority"], HEIDE_AUTHORITY);
    let (status, problem) = routing(&client, &url).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{problem}");
    let _ = child.kill();
    let _ = child.wait();
}

/// A submission sent for a key that the operator revokes before the authority fetches it
/// is still the citizen's application: the relay no longer serves the key, and the inbox
/// opens the submission with the authority's own key, accepts it and notes the
/// revocation. Without that key in the folder, the key is no key of the authority's and
/// the submission cannot be read.
#[tokio::test]
async fn a_submission_for_a_key_revoked_after_it_was_sent_is_opened_and_accepted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::database(dir.path()).await;
    let (mut child, url) = common::spawn_server(&db, dir.path(), None, &[]);
    common::register_demo_keys(&db).await;
    let client = reqwest::Client::new();
    let first_private = common::demo_private_key(HEIDE_AUTHORITY);
    let first = public(&first_private);
    let second_private = common::cached_key("stadt-heide-ordnung-second.pem");
    let second = public(&second_private);
    let folder = dir.path().join("authority-keys");
    for key in [&first_private, &second_private] {
        central_api::custody::store(HEIDE_AUTHORITY, &folder, key).expect("key pair");
    }
    let (status, sent) = submit(&client, &url, &first, "revoked-later-0001").await;
    assert_eq!(status, StatusCode::ACCEPTED, "{sent}");
    // A draft for the same key, with a file, created now and completed after the key's
    // revocation (below).
    let api = Api::new(&url);
    let token = api.sender_token().await;
    let file_id = "3f1b0c8e-8a5c-4d6e-9b7a-2c4d5e6f7a8b";
    let pdf: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n";
    let mut late = Application::gewerbe(common::valid_answers()).with_file(
        file_id,
        "nachweis.pdf",
        "application/pdf",
        pdf,
    );
    late.key = first.clone();
    let created = api
        .create(&token, &late.create_body(), Some("revoked-draft-00001"))
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await.expect("JSON");
    let draft = created["submissionId"].as_str().expect("id").to_owned();
    let draft_reference = created["reference"].as_str().expect("reference").to_owned();
    let (_, routes) = routing(&client, &url).await;
    let destination = routes["routes"][0]["destinationId"]
        .as_str()
        .expect("destination")
        .to_owned();

    let second_file = folder.join(format!("{HEIDE_AUTHORITY}.{}.jwk.json", second.1));
    let second_file = second_file.display().to_string();
    let cli = |command: &str, option: &str, value: &str| {
        ok(&[
            "authority",
            command,
            "--db",
            &db,
            "--authority",
            HEIDE_AUTHORITY,
            option,
            value,
        ])
    };
    cli("rotate", "--jwk", &second_file);
    cli("revoke", "--kid", &first.1);
    let key_url = format!("{url}v1/destinations/{destination}/keys/{}", first.1);
    let served = client.get(&key_url).send().await.expect("key");
    assert_eq!(
        served.status(),
        StatusCode::NOT_FOUND,
        "a revoked key is not served"
    );
    // Nothing encrypted for the revoked key is taken after its revocation: not the
    // draft's file, not its completion.
    let (id, file) = late.encrypted_files().remove(0);
    let upload = api.upload(&token, &draft, &id, file).await;
    assert_eq!(upload.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = upload.json().await.expect("JSON");
    assert_eq!(problem["errors"][0]["code"], "wrong_key", "{problem}");
    let completed = api
        .submit(&token, &draft, &late.submit_body(&draft_reference))
        .await;
    assert_eq!(completed.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = completed.json().await.expect("JSON");
    assert_eq!(
        problem["errors"][0]["path"], "encryptedMetadata",
        "{problem}"
    );
    assert_eq!(problem["errors"][0]["code"], "wrong_key", "{problem}");

    ready_to_decide(&db, &folder).await;
    let folder_arg = folder.display().to_string();
    let inbox = |decide: bool| {
        let mut args = vec!["inbox", "--api", &url, "--keys-dir", &folder_arg];
        args.extend(["--authority", HEIDE_AUTHORITY]);
        if decide {
            args.push("--decide");
        }
        let out = ok(&args);
        let lines: Vec<Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).expect("JSON line"))
            .collect();
        assert_eq!(lines.len(), 1, "{out}");
        lines[0].clone()
    };

    // The private key gone from the folder: no key of this authority's, nothing decided.
    let key_file = folder.join(format!("{HEIDE_AUTHORITY}.{}.pem", first.1));
    let kept = folder.join("kept-aside.pem");
    std::fs::rename(&key_file, &kept).expect("move the key aside");
    let line = inbox(false);
    let error = line["error"].as_str().expect("error");
    assert!(
        error.contains(&format!(
            "encrypted for the key \"{}\", which is not a key of {HEIDE_AUTHORITY}",
            first.1
        )),
        "{line}"
    );

    // Another key under its name: with no registered key to compare it with and not the
    // key of the kid's thumbprint, a failure to decrypt is nobody's known fault, so
    // nothing is decided and the command fails, saying what to do.
    let other = folder.join(format!("{HEIDE_AUTHORITY}.{}.pem", second.1));
    std::fs::copy(&other, &key_file).expect("another key under the revoked one's name");
    let output = run(&[
        "inbox",
        "--api",
        &url,
        "--keys-dir",
        &folder_arg,
        "--authority",
        HEIDE_AUTHORITY,
        "--decide",
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!output.status.success(), "{stdout}");
    assert!(stdout.contains("decide it by hand"), "{stdout}");
    assert!(!stdout.contains("\"status\""), "{stdout}");
    std::fs::remove_file(&key_file).expect("remove the other key");

    // With it: opened, valid, accepted, and the clerk told why the key is not served.
    std::fs::rename(&kept, &key_file).expect("put the key back");
    let line = inbox(true);
    assert_eq!(line["reference"], sent["reference"], "{line}");
    assert_eq!(line["kid"], first.1.as_str());
    assert_eq!(line["status"], "accepted", "{line}");
    assert_eq!(line["integrity"], json!([]), "{line}");
    let note = line["notes"][0].as_str().expect("a note");
    assert!(note.contains("revoked since it was sent"), "{line}");
    let _ = child.kill();
    let _ = child.wait();
}

/// `land sign` signs what routing sends: the signature is a detached compact JWS with
/// `alg` PS512 and the Land's kid that verifies with the Land's public key (the `rsa`
/// crate, RSASSA-PSS with SHA-512 and a 64-byte salt) over the canonical JSON of the
/// routing answer's signed members; changed members do not verify. A rotation is
/// answered unsigned until the Land signs again.
#[tokio::test]
async fn the_lands_signature_of_routing_verifies_with_its_public_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::database(dir.path()).await;
    let land = dir.path().join("land");
    let land_arg = land.display().to_string();
    let land_jwk: Value =
        serde_json::from_str(&ok(&["land", "keygen", "--out", &land_arg])).expect("JWK");
    assert_eq!(land_jwk["alg"], "PS512");
    assert_eq!(land_jwk["key_ops"], json!(["verify"]));
    let stderr = refused(&["land", "keygen", "--out", &land_arg]);
    assert!(stderr.contains("land.pem"), "{stderr}");
    let written: Value = serde_json::from_str(
        &std::fs::read_to_string(land.join("land-public.jwk.json")).expect("public key"),
    )
    .expect("JSON");
    assert_eq!(written, land_jwk);
    let land_public = central_api::jwe::public_key_from_jwk(&land_jwk).expect("key");

    ok(&["seed", "--db", &db]);
    common::register_demo_keys_except(&db, &[]).await;
    let land_key = land.join("land.pem").display().to_string();
    let signed = ok(&["land", "sign", "--key", &land_key, "--db", &db]);
    // One line per demo authority: every one has a current key to sign.
    let authorities = ok(&["authority", "list", "--db", &db, "--ids"]);
    assert_eq!(
        signed.lines().count(),
        authorities.lines().count(),
        "{signed}"
    );
    assert_eq!(signed.lines().count(), 12, "{signed}");

    let (mut child, url) = common::spawn_server(&db, dir.path(), None, &[]);
    let client = reqwest::Client::new();
    let (status, routes) = routing(&client, &url).await;
    assert_eq!(status, StatusCode::OK);
    let route = &routes["routes"][0];
    let parameters = &route["destinationParameters"];
    let payload = json!({
        "destinationId": route["destinationId"],
        "encryptionKid": parameters["encryptionKid"],
        "publicKeys": parameters["publicKeys"],
        "services": parameters["services"],
        "validUntil": parameters["validUntil"],
    });
    assert_eq!(parameters["services"], json!([GEWERBEANMELDUNG]));
    let jws = route["destinationParametersSignature"]
        .as_str()
        .expect("signed");
    let [header, detached, signature] = jws.split('.').collect::<Vec<_>>()[..] else {
        panic!("{jws}");
    };
    assert_eq!(detached, "", "a detached payload");
    let header: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(header).expect("b64")).expect("JSON");
    assert_eq!(header, json!({"alg": "PS512", "kid": land_jwk["kid"]}));
    let canonical = central_api::destination::canonical_json(&payload);
    assert!(canonical.starts_with(&format!(
        r#"{{"destinationId":"{}","encryptionKid":"#,
        common::destination_of(HEIDE_AUTHORITY)
    )));
    // Verified here with the rsa crate directly.
    {
        use rsa::{pss::VerifyingKey, signature::Verifier};
        let input = format!(
            "{}.{}",
            jws.split('.').next().expect("header"),
            URL_SAFE_NO_PAD.encode(&canonical)
        );
        let signature = rsa::pss::Signature::try_from(
            URL_SAFE_NO_PAD.decode(signature).expect("b64").as_slice(),
        )
        .expect("signature");
        VerifyingKey::<sha2::Sha512>::new(land_public.clone())
            .verify(input.as_bytes(), &signature)
            .expect("the Land's signature verifies");
        let mut swapped = payload.clone();
        swapped["encryptionKid"] = json!("another-key-0001");
        let input = format!(
            "{}.{}",
            jws.split('.').next().expect("header"),
            URL_SAFE_NO_PAD.encode(central_api::destination::canonical_json(&swapped))
        );
        assert!(
            VerifyingKey::<sha2::Sha512>::new(land_public.clone())
                .verify(input.as_bytes(), &signature)
                .is_err()
        );
    }

    // After a rotation the parameters differ from what was signed: unsigned until the
    // Land signs again.
    let second = central_api::keys::encryption_jwk(
        &common::cached_key("stadt-heide-ordnung-second.pem").to_public_key(),
    );
    let second_file = dir.path().join("second.json");
    std::fs::write(&second_file, second.to_string()).expect("write");
    ok(&[
        "authority",
        "rotate",
        "--db",
        &db,
        "--authority",
        HEIDE_AUTHORITY,
        "--jwk",
        &second_file.display().to_string(),
    ]);
    let (_, routes) = routing(&client, &url).await;
    assert_eq!(
        routes["routes"][0]["destinationParametersSignature"],
        Value::Null
    );
    ok(&["land", "sign", "--key", &land_key, "--db", &db]);
    let (_, routes) = routing(&client, &url).await;
    let route = &routes["routes"][0];
    let parameters = &route["destinationParameters"];
    assert_eq!(parameters["encryptionKid"], second["kid"]);
    let payload = json!({
        "destinationId": route["destinationId"],
        "encryptionKid": parameters["encryptionKid"],
        "publicKeys": parameters["publicKeys"],
        "services": parameters["services"],
        "validUntil": parameters["validUntil"],
    });
    central_api::destination::verify(
        route["destinationParametersSignature"]
            .as_str()
            .expect("signed"),
        &central_api::destination::canonical_json(&payload),
        &land_public,
    )
    .expect("signed again");
    let _ = child.kill();
    let _ = child.wait();
}

/// An authority that has a certificate for its key (FIT-Connect requires one of the
/// administration's PKI) registers it with the key, as the JWK's `x5c`; the relay then
/// publishes it wherever it publishes the key. Another key's certificate is refused.
#[tokio::test]
async fn a_key_registered_with_its_certificate_is_published_with_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("portal.sqlite").display().to_string();
    ok(&["seed", "--db", &db]);
    let fixture: Value = serde_json::from_str(include_str!("common/x5c.json")).expect("fixture");
    let write = |name: &str, jwk: &Value| {
        let path = dir.path().join(name);
        std::fs::write(&path, jwk.to_string()).expect("write");
        path.display().to_string()
    };
    let register = |file: &str| register_in(&db, HEIDE_AUTHORITY, file, &[]);
    let mut wrong = fixture["jwk"].clone();
    wrong["x5c"] = json!([fixture["other_certificate"]]);
    let output = register(&write("wrong.json", &wrong));
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("holds another key"),
        "{output:?}"
    );
    // (The fixture's certificate is valid until December 2036; the default 730 days of a
    // key fit in it until December 2034: make a new one with openssl req -x509 before.)
    // Registered first without its certificate, as `keygen` writes it; the certificate
    // comes later and is added to the current key, once.
    let output = register(&write("plain.json", &fixture["jwk"]));
    assert!(output.status.success(), "{output:?}");
    let mut jwk = fixture["jwk"].clone();
    jwk["x5c"] = json!([fixture["certificate"]]);
    let certified = write("certified.json", &jwk);
    for expected in ["certificate_replaced", "unchanged"] {
        let output = register(&certified);
        assert!(output.status.success(), "{output:?}");
        let line: Value = serde_json::from_slice(&output.stdout).expect("JSON");
        assert_eq!(line[expected], true, "{line}");
    }
    // A key may not outlast its certificate (made for ten years).
    let output = register_in(
        &db,
        "amt-heider-umland",
        &certified,
        &["--valid-days", "4000"],
    );
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("before the key's validity would end"),
        "{output:?}"
    );
    // Another key under the current key's kid.
    let mut impostor = central_api::keys::encryption_jwk(
        &common::cached_key("stadt-heide-ordnung-second.pem").to_public_key(),
    );
    impostor["kid"] = jwk["kid"].clone();
    let output = register(&write("impostor.json", &impostor));
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("which is another key"),
        "{output:?}"
    );

    let (_server, url) = common::spawn_server(&db, dir.path(), None, &[]);
    let kid = jwk["kid"].as_str().expect("kid");
    let destination = common::destination_of(HEIDE_AUTHORITY);
    let client = reqwest::Client::new();
    let published = common::json_of(
        client
            .get(format!("{url}v1/destinations/{destination}/keys/{kid}"))
            .send()
            .await
            .expect("GET"),
    )
    .await;
    assert_eq!(published["x5c"], jwk["x5c"], "{published}");
    let (status, routes) = routing(&client, &url).await;
    assert_eq!(status, StatusCode::OK, "{routes}");
    assert_eq!(
        routes["routes"][0]["destinationParameters"]["publicKeys"]["keys"][0]["x5c"],
        jwk["x5c"]
    );
}

/// A key past its validity is no key to encrypt for: routing and submissions answer the
/// 503 naming the authority and the expiry, as for a missing key.
#[tokio::test]
async fn an_expired_key_is_refused_like_a_missing_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let database = common::database(dir.path()).await;
    let mut config = central_api::Config::new(database.clone());
    config.limits.submissions_per_minute = 0;
    let url = format!("{}/", common::serve(common::init(&config).await).await);
    let store = central_api::store::Store::connect(&database)
        .await
        .expect("store");
    sqlx::query(
        "UPDATE authority_keys SET not_after = '2025-01-01T00:00:00Z' WHERE authority_id = $1",
    )
    .bind(HEIDE_AUTHORITY)
    .execute(store.db())
    .await
    .expect("expire");
    store.close().await;
    let client = reqwest::Client::new();
    let (status, problem) = routing(&client, &url).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{problem}");
    assert_eq!(problem["authority"], HEIDE_AUTHORITY);
    assert!(
        problem["detail"]
            .as_str()
            .expect("detail")
            .contains("of authority stadt-heide-ordnung expired on 2025-01-01T00:00:00Z"),
        "{problem}"
    );
    let key = public(&common::demo_private_key(HEIDE_AUTHORITY));
    let (status, problem) = submit(&client, &url, &key, "expired-key-0001").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{problem}");
}
