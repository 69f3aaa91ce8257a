// SPDX-License-Identifier: EUPL-1.2
//! FIT-Connect's Submission API v1 on the real server on a loopback port: the token
//! endpoint, a sender that creates, uploads and submits, the destination's subscriber
//! that lists, fetches and decides with signed events, the case's event log, and the
//! destinations and their keys.

use base64::{Engine, engine::general_purpose::STANDARD};
use central_api::fit_connect::set;
use reqwest::{StatusCode, header};
use serde_json::{Value, json};

mod common;
use common::{
    Api, Application, HEIDE_AUTHORITY, SENDER_ID, SENDER_SECRET, content_type, destination_of,
    json_of, subscriber_id, subscriber_secret, valid_answers,
};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
const PLAN: &str = "5d0c8f63-1f0e-4b8e-9a53-0d0e6c1f7a01";
const PROBLEMS: &str = "https://schema.fitko.de/fit-connect/submission-api/problems/";

struct Server {
    api: Api,
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
    Server {
        api: Api::new(&base),
        database,
        _dir: dir,
    }
}

/// A Gewerbeanmeldung for Heide with one PDF.
fn with_plan() -> Application {
    Application::gewerbe(valid_answers()).with_file(PLAN, "Lageplan.pdf", "application/pdf", PDF)
}

async fn get(api: &Api, token: &str, path: &str) -> reqwest::Response {
    api.http
        .get(api.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("GET")
}

/// `POST /token` with `form` as its body.
async fn token_form(api: &Api, form: &[(&str, &str)]) -> reqwest::Response {
    api.http
        .post(api.url("/token"))
        .form(form)
        .send()
        .await
        .expect("POST")
}

#[tokio::test]
async fn the_token_endpoint_grants_client_credentials_only() {
    let server = start().await;
    let api = &server.api;
    // Good credentials in the body.
    let response = api.token_response(SENDER_ID, SENDER_SECRET).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
    let body = json_of(response).await;
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["scope"], "send:region:DE");
    assert!(body["expires_in"].as_i64().expect("expires_in") > 0);
    assert!(body["access_token"].as_str().expect("token").len() >= 32);

    // A wrong secret: 401 invalid_client.
    let response = api.token_response(SENDER_ID, "wrong-secret").await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(response.headers().contains_key(header::WWW_AUTHENTICATE));
    assert_eq!(json_of(response).await["error"], "invalid_client");
    let response = api.token_response("no-such-client", "x").await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);

    // Another grant type.
    let response = token_form(
        api,
        &[
            ("grant_type", "password"),
            ("client_id", SENDER_ID),
            ("client_secret", SENDER_SECRET),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(json_of(response).await["error"], "unsupported_grant_type");
    // No grant type at all: a parameter missing (RFC 6749, 5.2).
    let response = token_form(
        api,
        &[("client_id", SENDER_ID), ("client_secret", SENDER_SECRET)],
    )
    .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(json_of(response).await["error"], "invalid_request");
    // A scope asked for twice is granted once.
    let response = token_form(
        api,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", SENDER_ID),
            ("client_secret", SENDER_SECRET),
            ("scope", "send:region:DE send:region:DE"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(json_of(response).await["scope"], "send:region:DE");

    // HTTP Basic (client_secret_basic), form-urlencoded id and secret; with the client also
    // named in the body (RFC 6749, 3.2.1): granted; another client named there, or the
    // secret given twice: refused.
    let subscriber = subscriber_id(HEIDE_AUTHORITY);
    let basic = STANDARD.encode(format!(
        "{subscriber}:{}",
        subscriber_secret(HEIDE_AUTHORITY)
    ));
    for (form, status) in [
        (vec![], StatusCode::OK),
        (vec![("client_id", subscriber.as_str())], StatusCode::OK),
        (vec![("client_id", SENDER_ID)], StatusCode::BAD_REQUEST),
        (
            vec![
                ("client_id", subscriber.as_str()),
                ("client_secret", "anything"),
            ],
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let mut form = form;
        form.push(("grant_type", "client_credentials"));
        let response = api
            .http
            .post(api.url("/token"))
            .header(header::AUTHORIZATION, format!("Basic {basic}"))
            .form(&form)
            .send()
            .await
            .expect("POST");
        assert_eq!(response.status(), status, "{form:?}");
        let body = json_of(response).await;
        if status == StatusCode::OK {
            assert_eq!(
                body["scope"],
                format!("subscribe:destination:{}", destination_of(HEIDE_AUTHORITY))
            );
        } else {
            assert_eq!(body["error"], "invalid_request");
        }
    }

    // A scope the client may not hold.
    let response = token_form(
        api,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", SENDER_ID),
            ("client_secret", SENDER_SECRET),
            (
                "scope",
                &format!("subscribe:destination:{}", destination_of(HEIDE_AUTHORITY)),
            ),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(json_of(response).await["error"], "invalid_scope");

    // Not a form.
    let response = api
        .http
        .post(api.url("/token"))
        .json(&json!({"grant_type": "client_credentials"}))
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(json_of(response).await["error"], "invalid_request");

    // The media type in capitals is the same one (RFC 9110, 8.3.1); a longer name is not.
    let credentials = format!(
        "grant_type=client_credentials&client_id={SENDER_ID}&client_secret={SENDER_SECRET}"
    );
    for (content_type, status) in [
        ("APPLICATION/X-WWW-FORM-URLENCODED", StatusCode::OK),
        (
            "application/x-www-form-urlencoded; charset=UTF-8",
            StatusCode::OK,
        ),
        (
            "application/x-www-form-urlencodedfoo",
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let response = api
            .http
            .post(api.url("/token"))
            .header("content-type", content_type)
            .body(credentials.clone())
            .send()
            .await
            .expect("POST");
        assert_eq!(response.status(), status, "{content_type}");
    }

    // A body over the API's limit: refused in OAuth's format too, not as plain text.
    let response = api
        .http
        .post(api.url("/token"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "grant_type=client_credentials&pad={}",
            "a".repeat(1 << 20)
        ))
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(content_type(&response), "application/json");
    assert_eq!(json_of(response).await["error"], "invalid_request");

    // The portal's pages get a sender's token without credentials.
    let response = api
        .http
        .post(api.url("/api/sender-token"))
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), StatusCode::OK);
    let portal = json_of(response).await;
    assert_eq!(portal["scope"], "send:region:DE");
    let token = portal["access_token"].as_str().expect("token");
    let created = api
        .create(
            token,
            &Application::gewerbe(valid_answers()).create_body(),
            None,
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn a_sender_creates_uploads_and_submits_once() {
    let server = start().await;
    let api = &server.api;
    let token = api.sender_token().await;
    let application = with_plan();
    let sent = api.create_ok(&token, &application, None).await;
    assert_eq!(sent.destination_id, destination_of(HEIDE_AUTHORITY));
    let jwe = application.encrypted_files().remove(0).1;

    // An attachment that was not announced.
    let response = api
        .upload(
            &token,
            &sent.submission_id,
            "00000000-0000-4000-8000-000000000009",
            jwe.clone(),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(content_type(&response), "application/problem+json");
    // Another content type than application/jose.
    let response = api
        .http
        .put(api.url(&format!(
            "/v1/submissions/{}/attachments/{PLAN}",
            sent.submission_id
        )))
        .bearer_auth(&token)
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .body(jwe.clone())
        .send()
        .await
        .expect("PUT");
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // A JWE for another kid than the destination's.
    let foreign = common::authority_key("amt-heider-umland");
    let other = central_api::jwe::encrypt(PDF, &foreign.0, &foreign.1, None);
    let response = api.upload(&token, &sent.submission_id, PLAN, other).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // The submit before every announced attachment is there.
    let body = application.submit_body(&sent.reference);
    let response = api.submit(&token, &sent.submission_id, &body).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem = json_of(response).await;
    assert_eq!(problem["errors"][0]["path"], "announcedAttachments.0");
    assert_eq!(problem["errors"][0]["code"], "missing_upload");

    let response = api.upload(&token, &sent.submission_id, PLAN, jwe).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = api.submit(&token, &sent.submission_id, &body).await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let reduced = json_of(response).await;
    assert_eq!(reduced["submissionId"], sent.submission_id);
    assert_eq!(reduced["caseId"], sent.case_id);
    assert_eq!(reduced["attachments"], json!([PLAN]));
    assert_eq!(
        reduced["serviceType"]["identifier"],
        "urn:de:fim:leika:leistung:99050012104000"
    );
    // The same texts again: the same answer; other texts: a conflict.
    let again = api.submit(&token, &sent.submission_id, &body).await;
    assert_eq!(again.status(), StatusCode::ACCEPTED);
    let other = application.submit_body(&sent.reference);
    let conflict = api.submit(&token, &sent.submission_id, &other).await;
    assert_eq!(conflict.status(), StatusCode::CONFLICT);
    assert_eq!(content_type(&conflict), "application/problem+json");
    let status = json_of(api.status(&sent).await).await;
    assert_eq!(status["status"], "received");

    // A submission id that is not this sender's (or no submission at all).
    let response = api
        .submit(&token, "00000000-0000-4000-8000-000000000000", &body)
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        json_of(response).await["type"],
        format!("{PROBLEMS}submission-not-found")
    );
    // An id that is no UUID is refused by FIT-Connect's schema: a bad request.
    let response = api.submit(&token, "xyz", &body).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(content_type(&response), "application/problem+json");
}

#[tokio::test]
async fn the_subscriber_lists_fetches_and_reads_the_submit_event() {
    let server = start().await;
    let api = &server.api;
    let application = with_plan();
    let sent = api.send(&application).await;
    let subscriber = api.subscriber_token(HEIDE_AUTHORITY).await;

    let list = json_of(get(api, &subscriber, "/v1/submissions").await).await;
    assert_eq!(list["totalCount"], 1);
    assert_eq!(list["submissions"][0]["submissionId"], sent.submission_id);
    assert_eq!(list["submissions"][0]["caseId"], sent.case_id);
    let by_destination = json_of(
        get(
            api,
            &subscriber,
            &format!("/v1/submissions?destinationId={}", sent.destination_id),
        )
        .await,
    )
    .await;
    assert_eq!(by_destination, list);

    let fetched = get(
        api,
        &subscriber,
        &format!("/v1/submissions/{}", sent.submission_id),
    )
    .await;
    assert_eq!(fetched.status(), StatusCode::OK);
    let fetched = json_of(fetched).await;
    assert_eq!(
        fetched["encryptedMetadata"],
        sent.submitted["encryptedMetadata"]
    );
    assert_eq!(fetched["encryptedData"], sent.submitted["encryptedData"]);
    assert_eq!(fetched["attachments"], json!([PLAN]));
    // The same, its id written without hyphens in capitals, and the case's log so.
    let simple = sent.submission_id.replace('-', "").to_uppercase();
    let again = get(api, &subscriber, &format!("/v1/submissions/{simple}")).await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(json_of(again).await["submissionId"], sent.submission_id);
    // The log read under each spelling is the case's own, not an empty one.
    let canonical = json_of(
        get(
            api,
            &subscriber,
            &format!("/v1/cases/{}/events", sent.case_id),
        )
        .await,
    )
    .await;
    assert!(
        canonical["totalCount"].as_u64().is_some_and(|n| n > 0),
        "{canonical}"
    );
    for written in [sent.case_id.to_uppercase(), sent.case_id.replace('-', "")] {
        let log = get(api, &subscriber, &format!("/v1/cases/{written}/events")).await;
        assert_eq!(log.status(), StatusCode::OK);
        assert_eq!(json_of(log).await, canonical, "{written}");
    }
    let file = get(
        api,
        &subscriber,
        &format!("/v1/submissions/{}/attachments/{PLAN}", sent.submission_id),
    )
    .await;
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(content_type(&file), "application/jose");
    let file = file.text().await.expect("text");
    assert!(central_api::jwe::envelope(&file).is_ok());

    // A subscriber of another destination sees nothing of it.
    let other = api.subscriber_token("amt-heider-umland").await;
    let response = get(
        api,
        &other,
        &format!("/v1/submissions/{}", sent.submission_id),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        json_of(response).await["type"],
        format!("{PROBLEMS}submission-not-found")
    );
    let response = get(api, &other, "/v1/submissions/xyz").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST, "no UUID");
    let response = get(
        api,
        &other,
        &format!("/v1/submissions?destinationId={}", sent.destination_id),
    )
    .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let response = get(
        api,
        &other,
        &format!("/v1/submissions/{}/attachments/{PLAN}", sent.submission_id),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = get(api, &other, &format!("/v1/cases/{}/events", sent.case_id)).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    // The create and submit events, signed by the relay, verify with its published key;
    // the submit event names what was submitted by the authentication tags.
    let log = json_of(
        get(
            api,
            &subscriber,
            &format!("/v1/cases/{}/events", sent.case_id),
        )
        .await,
    )
    .await;
    assert_eq!(log["totalCount"], 2);
    let jwks = json_of(
        api.http
            .get(api.url("/.well-known/jwks.json"))
            .send()
            .await
            .expect("GET"),
    )
    .await;
    let verified: Vec<Value> = log["eventLog"]
        .as_array()
        .expect("events")
        .iter()
        .map(|token| {
            let token = token.as_str().expect("event");
            let kid = set::kid(token).expect("kid");
            let jwk = jwks["keys"]
                .as_array()
                .expect("keys")
                .iter()
                .find(|k| k["kid"] == kid.as_str())
                .expect("the relay's key is published");
            let key = central_api::jwe::public_key_from_jwk(jwk).expect("RSA key");
            set::verify(token, &key).expect("verifies")
        })
        .collect();
    let names: Vec<&str> = verified
        .iter()
        .map(|claims| set::event(claims).expect("one event").0)
        .collect();
    assert_eq!(names, [set::CREATE, set::SUBMIT]);
    let claims = &verified[1];
    assert_eq!(claims["sub"], format!("submission:{}", sent.submission_id));
    assert_eq!(claims["txn"], format!("case:{}", sent.case_id));
    let (_, payload) = set::event(claims).expect("one event");
    assert_eq!(
        payload["authenticationTags"],
        common::tags_of(&sent, &[(PLAN.to_owned(), file)])
    );
    // The sender reads the same log.
    let sender = api.sender_token().await;
    let own = json_of(get(api, &sender, &format!("/v1/cases/{}/events", sent.case_id)).await).await;
    assert_eq!(own["eventLog"], log["eventLog"]);
}

#[tokio::test]
async fn decisions_are_signed_events_that_the_citizen_sees() {
    let server = start().await;
    let api = &server.api;
    let signing = common::register_signing_key(&server.database, HEIDE_AUTHORITY).await;
    let subscriber = api.subscriber_token(HEIDE_AUTHORITY).await;

    // Accept: the authentication tags must be those submitted.
    let sent = api.send(&Application::gewerbe(valid_answers())).await;
    let mut tags = common::tags_of(&sent, &[]);
    tags["data"] = json!("AAAAAAAAAAAAAAAAAAAAAA");
    let wrong = common::event(
        &sent,
        &signing,
        set::ACCEPT,
        json!({"authenticationTags": tags}),
    );
    let response = api.post_event(&subscriber, &sent.case_id, &wrong).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Signed by a key that is not registered.
    let stranger = (
        signing.0.clone(),
        common::cached_key("stadt-heide-ordnung-second.pem"),
    );
    let accept = |key| {
        common::event(
            &sent,
            key,
            set::ACCEPT,
            json!({"authenticationTags": common::tags_of(&sent, &[])}),
        )
    };
    let response = api
        .post_event(&subscriber, &sent.case_id, &accept(&stranger))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let unregistered = common::demo_signing_key("amt-heider-umland");
    let response = api
        .post_event(&subscriber, &sent.case_id, &accept(&unregistered))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Not the destination's subscriber: the sender may not decide.
    let sender = api.sender_token().await;
    let response = api
        .post_event(&sender, &sent.case_id, &accept(&signing))
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    // Not application/jose.
    let response = api
        .http
        .post(api.url(&format!("/v1/cases/{}/events", sent.case_id)))
        .bearer_auth(&subscriber)
        .header(header::CONTENT_TYPE, "text/plain")
        .body(accept(&signing))
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(json_of(api.status(&sent).await).await["status"], "received");

    let response = api
        .post_event(&subscriber, &sent.case_id, &accept(&signing))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let status = json_of(api.status(&sent).await).await;
    assert_eq!(status["status"], "accepted");
    assert!(status["decided_at"].is_string());
    // A second decision is a conflict.
    let reject = common::event(
        &sent,
        &signing,
        set::REJECT,
        json!({"problems": [{"type": "urn:x", "title": "Nein"}]}),
    );
    let response = api.post_event(&subscriber, &sent.case_id, &reject).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let response = api
        .post_event(&subscriber, &sent.case_id, &accept(&signing))
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let log = json_of(
        get(
            api,
            &subscriber,
            &format!("/v1/cases/{}/events", sent.case_id),
        )
        .await,
    )
    .await;
    assert_eq!(log["totalCount"], 3, "create, submit and accept");
    // A decided submission is no longer listed.
    let list = json_of(get(api, &subscriber, "/v1/submissions").await).await;
    assert_eq!(list["totalCount"], 0);

    // Reject: the problems' details are the reason the citizen reads.
    let sent = api.send(&Application::gewerbe(valid_answers())).await;
    let empty = common::event(&sent, &signing, set::REJECT, json!({"problems": []}));
    let response = api.post_event(&subscriber, &sent.case_id, &empty).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let reject = common::event(
        &sent,
        &signing,
        set::REJECT,
        json!({"problems": [{
            "type": "urn:de:buergerportal:problem:application-rejected",
            "title": "Antrag abgelehnt",
            "detail": "Die Betriebsstätte liegt nicht in Heide.",
        }]}),
    );
    let response = api.post_event(&subscriber, &sent.case_id, &reject).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let status = json_of(api.status(&sent).await).await;
    assert_eq!(status["status"], "rejected");
    assert_eq!(status["reason"], "Die Betriebsstätte liegt nicht in Heide.");
}

/// `claims` signed with `key` (PS512) under the protected header `header`, for headers
/// that `set::sign` does not write.
fn signed_with_header(header: &Value, claims: &Value, key: &rsa::RsaPrivateKey) -> String {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use rsa::signature::{RandomizedSigner, SignatureEncoding};
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let signature = rsa::pss::BlindedSigningKey::<sha2::Sha512>::new(key.clone())
        .sign_with_rng(&mut rand::rngs::OsRng, input.as_bytes());
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
}

/// FIT-Connect still allows a decision event without its payload in a token without
/// `$schema` (docs.fitko.de, "SET Erzeugung"), as minimal subscribers send it; with
/// `$schema` the payload is required. `typ` may be written as the full media type; a
/// token with critical extensions (`crit`) is refused.
#[tokio::test]
async fn decisions_without_payload_or_schema_and_the_header_forms_of_other_subscribers() {
    let server = start().await;
    let api = &server.api;
    let (kid, key) = common::register_signing_key(&server.database, HEIDE_AUTHORITY).await;
    let subscriber = api.subscriber_token(HEIDE_AUTHORITY).await;
    let claims_of = |sent: &common::Sent, name: &str, schema: bool| {
        let mut claims = set::claims(
            &sent.destination_id,
            &sent.submission_id,
            &sent.case_id,
            name,
            json!({}),
        );
        if !schema {
            claims.as_object_mut().expect("object").remove("$schema");
        }
        claims
    };
    let header = |typ: &str| json!({"typ": typ, "alg": "PS512", "kid": kid});

    // An acceptance without tags, with `$schema`: the schema requires them.
    let sent = api.send(&Application::gewerbe(valid_answers())).await;
    let with_schema = set::sign(&key, &kid, &claims_of(&sent, set::ACCEPT, true));
    let response = api
        .post_event(&subscriber, &sent.case_id, &with_schema)
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // With a critical extension nobody here understands.
    let mut critical = header("secevent+jwt");
    critical["crit"] = json!(["x-policy"]);
    critical["x-policy"] = json!(1);
    let token = signed_with_header(&critical, &claims_of(&sent, set::ACCEPT, false), &key);
    let response = api.post_event(&subscriber, &sent.case_id, &token).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(
        json_of(response).await["detail"]
            .as_str()
            .is_some_and(|d| d.contains("crit")),
    );
    assert_eq!(json_of(api.status(&sent).await).await["status"], "received");
    // Issued before the epoch or well ahead of the relay's clock: not the time of issue.
    for iat in [-1i64, 10_i64.pow(15)] {
        let mut claims = claims_of(&sent, set::ACCEPT, false);
        claims["iat"] = iat.into();
        let token = signed_with_header(&header("secevent+jwt"), &claims, &key);
        let response = api.post_event(&subscriber, &sent.case_id, &token).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "iat {iat}"
        );
    }
    // A rejection whose problem says nothing: no reason for the citizen, refused.
    let mut claims = claims_of(&sent, set::REJECT, true);
    claims["events"][set::REJECT] = json!({"problems": [{"detail": 123}]});
    let token = set::sign(&key, &kid, &claims);
    let response = api.post_event(&subscriber, &sent.case_id, &token).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        json_of(response).await["detail"]
            .as_str()
            .is_some_and(|d| d.contains("problems.0"))
    );
    // Without `$schema` and payload, `typ` as the full media type: accepted.
    let bare = signed_with_header(
        &header("application/secevent+jwt"),
        &claims_of(&sent, set::ACCEPT, false),
        &key,
    );
    let response = api.post_event(&subscriber, &sent.case_id, &bare).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(json_of(api.status(&sent).await).await["status"], "accepted");

    // A rejection without payload: rejected, with no reason to show.
    let sent = api.send(&Application::gewerbe(valid_answers())).await;
    let bare = set::sign(&key, &kid, &claims_of(&sent, set::REJECT, false));
    let response = api.post_event(&subscriber, &sent.case_id, &bare).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let status = json_of(api.status(&sent).await).await;
    assert_eq!(status["status"], "rejected");
    assert!(status["reason"].is_null(), "{status}");
}

#[tokio::test]
async fn destinations_and_their_keys() {
    let server = start().await;
    let api = &server.api;
    let (_, kid) = common::authority_key(HEIDE_AUTHORITY);
    let signing = common::register_signing_key(&server.database, HEIDE_AUTHORITY).await;
    let destination = destination_of(HEIDE_AUTHORITY);
    let token = api.sender_token().await;

    let response = get(api, &token, &format!("/v1/destinations/{destination}")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let shown = json_of(response).await;
    assert_eq!(shown["destinationId"], destination);
    assert_eq!(shown["status"], "active");
    assert_eq!(shown["encryptionKid"], kid);
    assert_eq!(shown["metadataVersions"], json!(["1.0.0"]));
    let services = shown["services"].as_array().expect("services");
    assert!(services.iter().any(|s| {
        s["identifier"] == "urn:de:fim:leika:leistung:99050012104000"
            && s["submissionSchemas"][0]["schemaUri"]
                == "urn:de:buergerportal:form:gewerbeanmeldung:1"
    }));
    // Its regions are "DE" and the levels of each key that name the area: Heide whole,
    // and a Gemeinde numbered 010 (Brickeln) keeps its zero (not `DE01051516301`).
    let store = central_api::store::Store::connect(&server.database)
        .await
        .expect("store");
    let mut tx = store.begin().await.expect("transaction");
    store
        .responsibilities()
        .insert(&mut tx, "99050012104000", "010515163010", HEIDE_AUTHORITY)
        .await
        .expect("responsibility");
    tx.commit().await.expect("commit");
    let shown = json_of(get(api, &token, &format!("/v1/destinations/{destination}")).await).await;
    let gewerbe = shown["services"]
        .as_array()
        .and_then(|all| {
            all.iter()
                .find(|s| s["identifier"] == "urn:de:fim:leika:leistung:99050012104000")
        })
        .expect("Gewerbeanmeldung");
    let mut regions: Vec<&str> = gewerbe["regions"]
        .as_array()
        .expect("regions")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    regions.sort_unstable();
    assert_eq!(regions, ["DE010510044044", "DE010515163010"]);
    // The id written in capitals or without hyphens (FIT-Connect's ids are UUIDs of 32
    // or 36 characters): the same destination, named as the relay writes it.
    for written in [destination.to_uppercase(), destination.replace('-', "")] {
        let response = get(api, &token, &format!("/v1/destinations/{written}")).await;
        assert_eq!(response.status(), StatusCode::OK, "{written}");
        assert_eq!(json_of(response).await["destinationId"], destination);
        let response = get(
            api,
            &token,
            &format!("/v1/destinations/{written}/keys/{kid}"),
        )
        .await;
        assert_eq!(response.status(), StatusCode::OK, "{written}");
    }
    // Without a token: 401.
    let response = api
        .http
        .get(api.url(&format!("/v1/destinations/{destination}")))
        .send()
        .await
        .expect("GET");
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    // An unknown destination.
    for unknown in [
        "00000000-0000-4000-8000-000000000000",
        "stadt-heide-ordnung",
    ] {
        let response = get(api, &token, &format!("/v1/destinations/{unknown}")).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert_eq!(content_type(&response), "application/problem+json");
        assert_eq!(
            json_of(response).await["type"],
            format!("{PROBLEMS}destination-not-found")
        );
    }

    // Its keys, public: the encryption key and the signature key.
    let key = |kid: &str| {
        api.http
            .get(api.url(&format!("/v1/destinations/{destination}/keys/{kid}")))
            .send()
    };
    let encryption = json_of(key(&kid).await.expect("GET")).await;
    assert_eq!(encryption["use"], "enc");
    assert_eq!(encryption["alg"], "RSA-OAEP-256");
    assert!(encryption.get("d").is_none());
    let signature = json_of(key(&signing.0).await.expect("GET")).await;
    assert_eq!(signature["use"], "sig");
    assert_eq!(signature["alg"], "PS512");
    let missing = key("not-a-key-0001").await.expect("GET");
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let response = api
        .http
        .get(api.url(&format!(
            "/v1/destinations/00000000-0000-4000-8000-000000000000/keys/{kid}"
        )))
        .send()
        .await
        .expect("GET");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        json_of(response).await["type"],
        format!("{PROBLEMS}destination-not-found")
    );

    let info = json_of(api.http.get(api.url("/v1/info")).send().await.expect("GET")).await;
    assert_eq!(info["version"]["major"], 1);
}

/// A case is the subscriber's once its submission was submitted, as the submission is:
/// before, its creation event was listed while the submission was "not found", and an
/// event for it was refused as "draft already". Ids that are no UUID are a 400.
#[tokio::test]
async fn a_draft_case_is_not_the_subscribers_and_ids_are_uuids() {
    let server = start().await;
    let api = &server.api;
    let token = api.sender_token().await;
    let application = with_plan();
    let sent = api.create_ok(&token, &application, None).await;
    let subscriber = api.subscriber_token(HEIDE_AUTHORITY).await;
    let events = format!("/v1/cases/{}/events", sent.case_id);
    // The sender sees its case; the subscriber neither the submission nor the case.
    assert_eq!(get(api, &token, &events).await.status(), StatusCode::OK);
    let submission = format!("/v1/submissions/{}", sent.submission_id);
    assert_eq!(
        get(api, &subscriber, &submission).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(api, &subscriber, &events).await.status(),
        StatusCode::NOT_FOUND
    );
    let response = api.post_event(&subscriber, &sent.case_id, "x.y.z").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    // Submitted, both are there.
    for (id, file) in application.encrypted_files() {
        let response = api.upload(&token, &sent.submission_id, &id, file).await;
        assert!(response.status().is_success());
    }
    let body = application.submit_body(&sent.reference);
    let response = api.submit(&token, &sent.submission_id, &body).await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    assert_eq!(
        get(api, &subscriber, &submission).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        get(api, &subscriber, &events).await.status(),
        StatusCode::OK
    );

    for path in [
        "/v1/cases/not-a-uuid/events",
        "/v1/submissions?destinationId=abc",
    ] {
        let response = get(api, &subscriber, path).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{path}");
        let problem = json_of(response).await;
        assert!(
            problem["detail"]
                .as_str()
                .is_some_and(|d| d.contains("is not a UUID")),
            "{path}: {problem}"
        );
    }
    let response = api.post_event(&subscriber, "not-a-uuid", "x.y.z").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

/// RSA-OAEP with the destination's 4096-bit key gives an encrypted key of 512 bytes: a
/// JWE with another was not made with that key, and no subscriber could open it.
#[tokio::test]
async fn a_jwe_whose_encrypted_key_is_not_of_the_destinations_key_is_refused() {
    let server = start().await;
    let api = &server.api;
    let token = api.sender_token().await;
    let application = with_plan();
    let sent = api.create_ok(&token, &application, None).await;
    let short_key = |jwe: &str| {
        let mut parts: Vec<&str> = jwe.split('.').collect();
        parts[1] = "AAAAAAAAAAAAAAAAAAAAAA";
        parts.join(".")
    };
    let (id, file) = application.encrypted_files().remove(0);
    let response = api
        .upload(&token, &sent.submission_id, &id, short_key(&file))
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let problem = json_of(response).await;
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("512 bytes")),
        "{problem}"
    );
    let response = api.upload(&token, &sent.submission_id, &id, file).await;
    assert!(response.status().is_success());

    let mut body = application.submit_body(&sent.reference);
    let metadata = body["encryptedMetadata"]
        .as_str()
        .expect("metadata")
        .to_owned();
    body["encryptedMetadata"] = short_key(&metadata).into();
    let response = api.submit(&token, &sent.submission_id, &body).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let problem = json_of(response).await;
    assert_eq!(
        problem["errors"][0]["path"], "encryptedMetadata",
        "{problem}"
    );
    assert_eq!(problem["errors"][0]["code"], "not_encrypted", "{problem}");
    let body = application.submit_body(&sent.reference);
    assert_eq!(
        api.submit(&token, &sent.submission_id, &body)
            .await
            .status(),
        StatusCode::ACCEPTED
    );
}

/// A token that is not valid is said to be so (RFC 6750, 3.1); the Authorization field
/// given twice is refused, not read as its first (RFC 9110: it is given once).
#[tokio::test]
async fn invalid_tokens_are_named_and_authorization_is_given_once() {
    let server = start().await;
    let api = &server.api;
    let challenge = |response: &reqwest::Response| {
        response
            .headers()
            .get(header::WWW_AUTHENTICATE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let response = api
        .http
        .get(api.url("/v1/submissions"))
        .send()
        .await
        .expect("GET");
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(challenge(&response), "Bearer");
    let response = get(api, "not-a-token", "/v1/submissions").await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(challenge(&response), "Bearer error=\"invalid_token\"");

    let subscriber = api.subscriber_token(HEIDE_AUTHORITY).await;
    for (first, second) in [
        (subscriber.as_str(), "garbage"),
        ("garbage", subscriber.as_str()),
    ] {
        let response = api
            .http
            .get(api.url("/v1/submissions"))
            .header(header::AUTHORIZATION, format!("Bearer {first}"))
            .header(header::AUTHORIZATION, format!("Bearer {second}"))
            .send()
            .await
            .expect("GET");
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    }
    let basic = |id: &str, secret: &str| {
        use base64::Engine as _;
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"))
        )
    };
    let id = common::subscriber_id(HEIDE_AUTHORITY);
    let response = api
        .http
        .post(api.url("/token"))
        .header(
            header::AUTHORIZATION,
            basic(&id, &common::subscriber_secret(HEIDE_AUTHORITY)),
        )
        .header(header::AUTHORIZATION, basic("x", "y"))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(json_of(response).await["error"], "invalid_request");
}
