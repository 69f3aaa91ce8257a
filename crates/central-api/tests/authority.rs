// SPDX-License-Identifier: EUPL-1.2
//! The authority accepts only complete, genuine applications (issue #15): Baumfäll-
//! genehmigungen sent to the real server on a loopback port with real (encrypted) files,
//! then decided by the authority's real binary (`central-api inbox --decide`). A file
//! answer naming no upload, the bare list form of a file answer, an HTML page uploaded
//! as `lageplan.pdf`, a file without `mimeType` in the metadata and a submission that
//! cannot be decrypted are rejected with their reasons, which the citizen's status
//! shows; the complete application beside them is accepted.

use std::process::Command;

use central_api::jwe;
use reqwest::StatusCode;
use serde_json::{Value, json};

mod common;
use common::authority_key;

const BAUMFAELLUNG: &str = "99136002000000";
const NATURSCHUTZ: &str = "kreis-dithmarschen-naturschutz";
const HEIDE: &str = "010510044044";

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR lageplan";
const HTML: &[u8] = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>";

struct Server {
    base: String,
    client: reqwest::Client,
    /// The subscriber's credentials (`inbox --client`).
    client_file: std::path::PathBuf,
    database: String,
    _dir: tempfile::TempDir,
}

async fn start() -> Server {
    let common::InProcess {
        base,
        database,
        dir,
        ..
    } = common::in_process(|_, _| {}).await;
    // The authority's signature key, registered; its credentials in a folder of the test.
    common::register_signing_key(&database, NATURSCHUTZ).await;
    let client_file = common::write_client_file(&dir.path().join("client"), NATURSCHUTZ);
    Server {
        base,
        client: reqwest::Client::new(),
        client_file,
        database,
        _dir: dir,
    }
}

/// A file to send: attachment id, file name, the media type the citizen's browser (and
/// so the metadata) gives, its content.
struct File {
    id: &'static str,
    name: &'static str,
    media_type: &'static str,
    content: &'static [u8],
}

/// A complete Baumfällgenehmigung of an owner with `site_plan` as its site plan answer.
fn answers(site_plan: Value) -> Value {
    let address =
        json!({"street": "Markt", "house_number": "1", "postcode": "25746", "city": "Heide"});
    json!({
        "role": "owner",
        "first_name": "Frauke",
        "last_name": "Geheimrath",
        "address": address,
        "email": "frauke.geheimrath@example.org",
        "plot_address": address,
        "plot_municipality": {"ars": HEIDE, "name": "25746 Heide"},
        "site_plan": site_plan,
        "trees": [{"species": "Stieleiche", "girth_cm": "180", "measure": "felling"}],
        "reason": "other",
        "reason_details": "Der Baum steht im Weg.",
        "replacement": false,
        "no_replacement_reason": "Kein Platz."
    })
}

/// The file answer describing `file` as the portal does.
fn described(file: &File) -> Value {
    json!({"id": file.id, "name": file.name, "media_type": file.media_type,
           "size": file.content.len().to_string()})
}

/// Sends `answers` with `files` (announced, uploaded, submitted) to the county's nature
/// conservation authority as the tests' sender; `metadata` may change the metadata before
/// it is encrypted, `data` replaces the encrypted answers. Returns the creation's answer.
async fn send(
    server: &Server,
    key: &str,
    answers: &Value,
    files: &[File],
    metadata: impl FnOnce(&mut Value),
    data: Option<String>,
) -> Value {
    let (public, kid) = authority_key(NATURSCHUTZ);
    let api = common::Api::new(&server.base);
    let token = api.sender_token().await;
    let create = json!({
        "destinationId": common::destination_of(NATURSCHUTZ),
        "announcedAttachments": files.iter().map(|f| f.id).collect::<Vec<_>>(),
        "serviceType": {
            "name": "Baumfällgenehmigung",
            "identifier": central_api::fit_connect::service_identifier(BAUMFAELLUNG),
        },
    });
    let response = api.create(&token, &create, Some(key)).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let receipt: Value = response.json().await.expect("receipt");
    let reference = receipt["reference"].as_str().expect("reference");
    let submission = receipt["submissionId"].as_str().expect("id");

    let plain = answers.to_string();
    let described: Vec<(&str, &str, &str, &[u8])> = files
        .iter()
        .map(|f| (f.id, f.name, f.media_type, f.content))
        .collect();
    let mut meta = jwe::metadata(
        BAUMFAELLUNG,
        &central_api::fit_connect::schema_uri("baumfaellgenehmigung", 1),
        plain.as_bytes(),
        &described,
    );
    meta["additionalReferenceInfo"] = json!({ "senderReference": reference });
    metadata(&mut meta);
    for file in files {
        let uploaded = api
            .upload(
                &token,
                submission,
                file.id,
                jwe::encrypt(file.content, &public, &kid, None),
            )
            .await;
        assert_eq!(uploaded.status(), StatusCode::NO_CONTENT);
    }
    let json = Some("application/json");
    let body = json!({
        "encryptedData": data.unwrap_or_else(|| jwe::encrypt(plain.as_bytes(), &public, &kid, json)),
        "encryptedMetadata": jwe::encrypt(meta.to_string().as_bytes(), &public, &kid, json),
    });
    let done = api.submit(&token, submission, &body).await;
    assert_eq!(done.status(), StatusCode::ACCEPTED);
    receipt
}

/// The citizen's view of the decision: status and reason.
async fn status(server: &Server, receipt: &Value) -> (String, String) {
    let status: Value = server
        .client
        .get(format!(
            "{}/api/submissions/{}",
            server.base,
            receipt["reference"].as_str().expect("reference")
        ))
        .bearer_auth(receipt["statusToken"].as_str().expect("token"))
        .send()
        .await
        .expect("GET")
        .json()
        .await
        .expect("status");
    (
        status["status"].as_str().unwrap_or_default().to_owned(),
        status["reason"].as_str().unwrap_or_default().to_owned(),
    )
}

/// `central-api inbox --decide` for the county's nature conservation authority, a
/// FIT-Connect subscriber of the server (served by the test's other worker thread), with its keys from its own folder and its
/// client's credentials: the JSON lines it prints, by submission id.
fn decide(server: &Server) -> std::collections::HashMap<String, Value> {
    let output = inbox_decide(server);
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout)
        .expect("UTF-8")
        .lines()
        .map(|line| {
            let line: Value = serde_json::from_str(line).expect("JSON line");
            (
                line["submission_id"]
                    .as_str()
                    .unwrap_or_else(|| panic!("no submission_id in {line}"))
                    .to_owned(),
                line,
            )
        })
        .collect()
}

/// The submission id of a creation's answer (the key of [`decide`]'s lines).
fn reference(receipt: &Value) -> String {
    receipt["submissionId"]
        .as_str()
        .expect("submissionId")
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_complete_genuine_applications_are_accepted() {
    let server = start().await;
    let plan = File {
        id: "5d0c8f63-1f0e-4b8e-9a53-0d0e6c1f7a01",
        name: "lageplan.pdf",
        media_type: "application/pdf",
        content: PDF,
    };
    let photo = File {
        id: "5d0c8f63-1f0e-4b8e-9a53-0d0e6c1f7a02",
        name: "lageplan.png",
        media_type: "image/png",
        content: PNG,
    };
    let genuine = send(
        &server,
        "genuine-0000001",
        &answers(json!([described(&plan), described(&photo)])),
        &[plan, photo],
        |_| {},
        None,
    )
    .await;

    // The file answer names an attachment that was never uploaded (none was announced).
    let ghost = send(
        &server,
        "ghost-file-0001",
        &answers(json!([{"id": "ghost-file-id", "name": "lageplan.pdf",
                          "media_type": "application/pdf", "size": "48"}])),
        &[],
        |_| {},
        None,
    )
    .await;
    // The bare list form: ids only, nothing to check them by.
    let bare = send(
        &server,
        "bare-list-00001",
        &answers(json!(["ghost-file-id"])),
        &[],
        |_| {},
        None,
    )
    .await;

    // An HTML page uploaded as lageplan.pdf, typed application/pdf by the browser.
    let html = File {
        id: "5d0c8f63-1f0e-4b8e-9a53-0d0e6c1f7a01",
        name: "lageplan.pdf",
        media_type: "application/pdf",
        content: HTML,
    };
    let html_as_pdf = send(
        &server,
        "html-as-pdf-001",
        &answers(json!([described(&html)])),
        &[html],
        |_| {},
        None,
    )
    .await;

    // The same page, with no mimeType in the metadata.
    let html = File {
        id: "5d0c8f63-1f0e-4b8e-9a53-0d0e6c1f7a01",
        name: "lageplan.pdf",
        media_type: "application/pdf",
        content: HTML,
    };
    let no_mime_type = send(
        &server,
        "no-mimetype-001",
        &answers(json!([described(&html)])),
        &[html],
        |metadata| {
            metadata["contentStructure"]["attachments"][0]
                .as_object_mut()
                .expect("attachment")
                .remove("mimeType");
        },
        None,
    )
    .await;

    // A size in the answer that is not the file's, and a PNG where only PDF is accepted:
    // the demo form's expert report takes PDF only.
    let small = File {
        id: "5d0c8f63-1f0e-4b8e-9a53-0d0e6c1f7a01",
        name: "lageplan.pdf",
        media_type: "application/pdf",
        content: PDF,
    };
    let mut wrong_size = described(&small);
    wrong_size["size"] = json!("7");
    let size_mismatch = send(
        &server,
        "size-mismatch-1",
        &answers(json!([wrong_size])),
        &[small],
        |_| {},
        None,
    )
    .await;

    // Encrypted under the authority's kid, but not with its key: it cannot be decrypted.
    // (A key of the destinations' size: the relay refuses an encrypted key of another.)
    let stranger = common::cached_key("stranger.pem");
    let (_, kid) = authority_key(NATURSCHUTZ);
    let undecryptable = send(
        &server,
        "undecryptable-1",
        &answers(json!([])),
        &[],
        |_| {},
        Some(jwe::encrypt(
            answers(json!([])).to_string().as_bytes(),
            &stranger.to_public_key(),
            &kid,
            Some("application/json"),
        )),
    )
    .await;

    // The data's hash in capitals: the same digits, but the metadata schema 1.0.0 allows
    // lower case only, as an independent subscriber checks.
    let shouting = send(
        &server,
        "upper-case-hash-1",
        &answers(json!([])),
        &[],
        |metadata| {
            let hash = &mut metadata["contentStructure"]["data"]["hash"]["content"];
            *hash = json!(hash.as_str().expect("hash").to_ascii_uppercase());
        },
        None,
    )
    .await;

    let lines = decide(&server);
    assert_eq!(
        lines[&reference(&genuine)]["reference"],
        genuine["reference"],
        "a line names the citizen's reference"
    );
    assert_eq!(lines.len(), 8, "{lines:?}");
    let line = |receipt: &Value| lines[&reference(receipt)].clone();

    let accepted = line(&genuine);
    assert_eq!(accepted["status"], "accepted", "{accepted}");
    assert_eq!(accepted["integrity"], json!([]));
    assert_eq!(
        accepted["attachments"][1]["content_type"], "image/png",
        "{accepted}"
    );
    assert_eq!(status(&server, &genuine).await.0, "accepted");

    for (receipt, expected) in [
        (
            &ghost,
            "site_plan.0: the file ghost-file-id was not uploaded with the application",
        ),
        (
            &bare,
            "site_plan.0: a file answer must describe its file (id, name, media_type, size), not only name an attachment",
        ),
        (
            &html_as_pdf,
            "attachment 5d0c8f63-1f0e-4b8e-9a53-0d0e6c1f7a01: its content is of no type this system accepts (application/pdf, image/png, image/jpeg, image/gif, image/tiff, image/webp)",
        ),
        (
            &no_mime_type,
            "attachment 5d0c8f63-1f0e-4b8e-9a53-0d0e6c1f7a01: the metadata gives no mimeType",
        ),
        (
            &size_mismatch,
            "site_plan.0: the answer gives the file 5d0c8f63-1f0e-4b8e-9a53-0d0e6c1f7a01 a size of \"7\", its content has 48 bytes",
        ),
        (
            &shouting,
            "the metadata does not follow FIT-Connect's schema 1.0.0 at /contentStructure/data/hash/content",
        ),
        (
            &undecryptable,
            "The application cannot be read: answers: it does not decrypt with this key (encrypted for another key, or changed in transit)",
        ),
    ] {
        let line = line(receipt);
        assert_eq!(line["status"], "rejected", "{line}");
        let (shown, reason) = status(&server, receipt).await;
        assert_eq!(shown, "rejected");
        assert!(reason.contains(expected), "{expected:?} not in {reason:?}");
    }
}

/// `central-api inbox --decide` for the authority, as it ended.
fn inbox_decide(server: &Server) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_central-api"))
        .args(["inbox", "--api", &server.base, "--keys-dir"])
        .arg(common::authority_keys_dir())
        .arg("--client")
        .arg(&server.client_file)
        .args(["--authority", NATURSCHUTZ, "--decide", "--lang", "en"])
        .env_remove("DATABASE_URL")
        .env_remove("KEYS_DIR")
        .env_remove("SUBMISSION_API")
        .env_remove("TOKEN_URL")
        .output()
        .expect("inbox")
}

/// The site plan as a PDF.
fn plan() -> File {
    File {
        id: "5d0c8f63-1f0e-4b8e-9a53-0d0e6c1f7a01",
        name: "lageplan.pdf",
        media_type: "application/pdf",
        content: PDF,
    }
}

/// The relay's database, to break what a relay could break.
async fn store_of(server: &Server) -> central_api::store::Store {
    central_api::store::Store::connect(&server.database)
        .await
        .expect("store")
}

/// What the relay serves must be what was submitted: the inbox compares the texts'
/// authentication tags with the relay's signed submit-submission event in the case's log,
/// as FIT-Connect's receiving systems do. Here the stored answers are swapped in the
/// database (a relay's storage broken or tampered with) for another encryption of the very
/// same answers, so that the metadata's hash still matches: only the tags tell.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn texts_other_than_those_submitted_are_rejected() {
    let server = start().await;
    let complete = answers(json!([described(&plan())]));
    let receipt = send(
        &server,
        "swapped-texts-1",
        &complete,
        &[plan()],
        |_| {},
        None,
    )
    .await;
    let (public, kid) = authority_key(NATURSCHUTZ);
    let same_answers = jwe::encrypt(
        complete.to_string().as_bytes(),
        &public,
        &kid,
        Some("application/json"),
    );
    let store = store_of(&server).await;
    let changed = sqlx::query("UPDATE submissions SET encrypted_data = $1 WHERE reference = $2")
        .bind(same_answers)
        .bind(receipt["reference"].as_str().expect("reference"))
        .execute(store.db())
        .await
        .expect("update");
    assert_eq!(changed.rows_affected(), 1);
    store.close().await;

    let lines = decide(&server);
    let line = &lines[&reference(&receipt)];
    assert_eq!(line["status"], "rejected", "{line}");
    let (shown, reason) = status(&server, &receipt).await;
    assert_eq!(shown, "rejected");
    assert!(
        reason.contains("the data fetched is not what was submitted"),
        "{reason}"
    );
    // The one thing wrong with it.
    assert!(!reason.contains(';'), "{reason}");
}

/// A case's log without the relay's submit-submission event (a relay that lost it, or
/// never wrote it) says nothing against the sender: the inbox decides nothing, says why,
/// and fails, and the citizen's application keeps waiting.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_log_without_the_submit_event_decides_nothing() {
    let server = start().await;
    let receipt = send(
        &server,
        "no-submit-event-1",
        &answers(json!([described(&plan())])),
        &[plan()],
        |_| {},
        None,
    )
    .await;
    let store = store_of(&server).await;
    let removed = sqlx::query("DELETE FROM case_events WHERE submission_uuid = $1 AND event = $2")
        .bind(reference(&receipt))
        .bind(central_api::fit_connect::set::SUBMIT)
        .execute(store.db())
        .await
        .expect("delete");
    assert_eq!(removed.rows_affected(), 1);
    store.close().await;

    let output = inbox_decide(&server);
    assert!(!output.status.success(), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("has no submit-submission event signed by the relay"),
        "{stdout}"
    );
    let (shown, _) = status(&server, &receipt).await;
    assert_eq!(shown, "received");
}

/// A file of a type the field does not accept (a PNG for the expert report, which takes
/// PDF only) and a PNG declared as PDF are rejected; nothing is left waiting.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_of_another_type_than_the_field_or_the_metadata_says_is_rejected() {
    let server = start().await;
    let png_as_pdf = File {
        id: "5d0c8f63-1f0e-4b8e-9a53-0d0e6c1f7a01",
        name: "lageplan.pdf",
        media_type: "application/pdf",
        content: PNG,
    };
    let disguised = send(
        &server,
        "png-as-pdf-0001",
        &answers(json!([described(&png_as_pdf)])),
        &[png_as_pdf],
        |_| {},
        None,
    )
    .await;
    let plan = File {
        id: "5d0c8f63-1f0e-4b8e-9a53-0d0e6c1f7a01",
        name: "lageplan.pdf",
        media_type: "application/pdf",
        content: PDF,
    };
    let report = File {
        id: "5d0c8f63-1f0e-4b8e-9a53-0d0e6c1f7a03",
        name: "gutachten.png",
        media_type: "image/png",
        content: PNG,
    };
    let mut unsafe_tree = answers(json!([described(&plan)]));
    unsafe_tree["reason"] = json!("unsafe");
    unsafe_tree["expert_report"] = json!([described(&report)]);
    let wrong_field_type = send(
        &server,
        "report-png-0001",
        &unsafe_tree,
        &[plan, report],
        |_| {},
        None,
    )
    .await;
    let lines = decide(&server);
    for (receipt, expected) in [
        (
            &disguised,
            "attachment 5d0c8f63-1f0e-4b8e-9a53-0d0e6c1f7a01 is image/png by its content, not application/pdf as the metadata says",
        ),
        (
            &wrong_field_type,
            "expert_report.0: the file 5d0c8f63-1f0e-4b8e-9a53-0d0e6c1f7a03 is image/png, which this field does not accept",
        ),
    ] {
        let line = &lines[&reference(receipt)];
        assert_eq!(line["status"], "rejected", "{line}");
        let (_, reason) = status(&server, receipt).await;
        assert!(reason.contains(expected), "{expected:?} not in {reason:?}");
    }
    // Decided: nothing waits at the destination any more.
    let subscriber = common::Api::new(&server.base).subscriber(NATURSCHUTZ).await;
    assert!(subscriber.waiting().await.expect("waiting").is_empty());
}
