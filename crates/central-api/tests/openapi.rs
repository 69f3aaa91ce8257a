// SPDX-License-Identifier: EUPL-1.2
//! The running server against its OpenAPI document: every operation is called (with good
//! and bad input); each answer's status must be documented for it and its JSON body must
//! validate against the documented schema.

use std::collections::BTreeSet;

use reqwest::{Method, StatusCode, header};
use serde_json::{Value, json};

mod common;

const DOC: &str = include_str!("../openapi.json");
const HEIDE: &str = "010510044044";
const GEWERBE: &str = "99050012104000";
const PDF: &[u8] = b"%PDF-1.4\n%%EOF\n";
const PLAN: &str = "5d0c8f63-1f0e-4b8e-9a53-0d0e6c1f7a01";

/// Authentication tags that are not those submitted.
fn tags_of_wrong(sent: &common::Sent) -> Value {
    let mut tags = common::tags_of(sent, &[]);
    tags["metadata"] = json!("AAAAAAAAAAAAAAAAAAAAAA");
    json!({ "authenticationTags": tags })
}

struct Call {
    method: Method,
    template: &'static str,
    path: String,
    bearer: Option<String>,
    body: Option<Vec<u8>>,
    content_type: Option<&'static str>,
    key: Option<&'static str>,
}

fn call(method: Method, template: &'static str, path: impl Into<String>) -> Call {
    Call {
        method,
        template,
        path: path.into(),
        bearer: None,
        body: None,
        content_type: None,
        key: None,
    }
}

impl Call {
    fn bearer(mut self, token: &str) -> Self {
        self.bearer = Some(token.to_owned());
        self
    }
    fn json(mut self, body: &Value, key: &'static str) -> Self {
        self.body = Some(body.to_string().into_bytes());
        self.content_type = Some("application/json");
        self.key = Some(key);
        self
    }
    fn json_body(mut self, body: &Value) -> Self {
        self.body = Some(body.to_string().into_bytes());
        self.content_type = Some("application/json");
        self
    }
    fn raw(mut self, body: &[u8], content_type: &'static str) -> Self {
        self.body = Some(body.to_vec());
        self.content_type = Some(content_type);
        self
    }
}

struct Checker {
    doc: Value,
    base: String,
    client: reqwest::Client,
    covered: BTreeSet<(String, String)>,
}

impl Checker {
    /// Sends the call, checks it against the document and returns the JSON body (if any).
    async fn check(&mut self, call: Call) -> (StatusCode, Value) {
        let mut request = self
            .client
            .request(call.method.clone(), format!("{}{}", self.base, call.path));
        if let Some(token) = &call.bearer {
            request = request.bearer_auth(token);
        }
        if let Some(key) = call.key {
            request = request.header("Idempotency-Key", key);
        }
        if let Some(content_type) = call.content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        if let Some(body) = call.body {
            request = request.body(body);
        }
        let response = request.send().await.expect("request");
        let status = response.status();
        let media_type = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .split(';')
            .next()
            .unwrap_or_default()
            .to_owned();
        let bytes = response.bytes().await.expect("body");
        let method = call.method.as_str().to_ascii_lowercase();
        let what = format!("{} {} -> {status}", call.method, call.path);
        let operation = self.doc["paths"][call.template][&method].clone();
        assert!(
            operation.is_object(),
            "not documented: {} {}",
            method,
            call.template
        );
        self.covered.insert((call.template.to_owned(), method));
        let documented = &operation["responses"][status.as_str()];
        assert!(documented.is_object(), "status not documented: {what}");
        let Some(content) = documented.get("content") else {
            assert!(bytes.is_empty(), "undocumented body: {what}");
            return (status, Value::Null);
        };
        let entry = &content[media_type.as_str()];
        assert!(
            entry.is_object(),
            "media type {media_type} not documented: {what}"
        );
        let Some(schema) = entry.get("schema") else {
            return (status, Value::Null);
        };
        if !media_type.ends_with("json") {
            return (status, Value::Null);
        }
        let body: Value = serde_json::from_slice(&bytes).expect("JSON body");
        let mut root = schema.clone();
        root["components"] = self.doc["components"].clone();
        let validator = jsonschema::draft202012::new(&root).expect("schema compiles");
        let errors: Vec<String> = validator
            .iter_errors(&body)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{what}: {errors:#?}\n{body}");
        (status, body)
    }
}

#[tokio::test]
async fn every_operation_answers_as_documented() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = central_api::Config::new(common::database(dir.path()).await);
    config.limits.submissions_per_minute = 0;
    let database = config.database.clone();
    let state = common::init(&config).await;
    let signing = common::register_signing_key(&database, common::HEIDE_AUTHORITY).await;
    let base = common::serve(state).await;
    let doc: Value = serde_json::from_str(DOC).expect("openapi.json parses");
    assert_eq!(doc["openapi"], "3.1.0");
    // The check itself catches a wrong shape.
    let mut municipality = json!({"$ref": "#/components/schemas/Municipality"});
    municipality["components"] = doc["components"].clone();
    let validator = jsonschema::draft202012::new(&municipality).expect("compiles");
    assert!(!validator.is_valid(&json!({"ars": "1", "name": "x"})));
    let mut c = Checker {
        doc,
        base,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client"),
        covered: BTreeSet::new(),
    };
    use Method as M;

    c.check(call(M::GET, "/api/health", "/api/health")).await;
    c.check(call(M::GET, "/api/ready", "/api/ready")).await;
    let (_, retention) = c
        .check(call(M::GET, "/api/retention", "/api/retention"))
        .await;
    assert_eq!(retention["decided_days"], 7.0);
    assert_eq!(retention["draft_hours"], 6.0);
    let (_, served) = c
        .check(call(M::GET, "/api/openapi.json", "/api/openapi.json"))
        .await;
    assert_eq!(served, c.doc, "served document is the file");
    let (_, schema) = c
        .check(call(
            M::GET,
            "/api/schemas/form-definition.json",
            "/api/schemas/form-definition.json",
        ))
        .await;
    assert!(schema["$schema"].is_string());
    let (_, all) = c
        .check(call(M::GET, "/api/municipalities", "/api/municipalities"))
        .await;
    // Meldorf's yellow fails contrast: documented problems validate too.
    assert!(
        all.as_array()
            .expect("list")
            .iter()
            .any(|m| m["theme"]["contrast"]["passes"] == false)
    );
    let (_, heide) = c
        .check(call(
            M::GET,
            "/api/municipalities/{ars}",
            format!("/api/municipalities/{HEIDE}"),
        ))
        .await;
    let logo_url = heide["theme"]["logo_url"].as_str().expect("logo_url");
    let (status, _) = c
        .check(call(M::GET, "/api/municipalities/{ars}/logo", logo_url))
        .await;
    assert_eq!(status, StatusCode::OK);
    c.check(call(
        M::GET,
        "/api/municipalities/{ars}/logo",
        "/api/municipalities/999999999999/logo",
    ))
    .await;
    c.check(call(
        M::GET,
        "/api/municipalities/{ars}",
        "/api/municipalities/999999999999",
    ))
    .await;
    for query in [
        "",
        "?q=gewerbe&lang=en",
        "?category=wirtschaft",
        "?life_situation=auto",
        "?popular=true",
    ] {
        c.check(call(
            M::GET,
            "/api/municipalities/{ars}/catalogue",
            format!("/api/municipalities/010510000000/catalogue{query}"),
        ))
        .await;
    }
    c.check(call(
        M::GET,
        "/api/municipalities/{ars}/catalogue",
        "/api/municipalities/000000000000/catalogue",
    ))
    .await;
    for leika in [GEWERBE, "99036012104000", "99000000000000"] {
        c.check(call(
            M::GET,
            "/api/services/{leika}",
            format!("/api/services/{leika}"),
        ))
        .await;
        c.check(call(
            M::GET,
            "/api/services/{leika}/form",
            format!("/api/services/{leika}/form"),
        ))
        .await;
        c.check(call(
            M::GET,
            "/api/services/{leika}/definition",
            format!("/api/services/{leika}/definition"),
        ))
        .await;
    }
    c.check(call(
        M::GET,
        "/api/forms/{id}/versions/{version}",
        "/api/forms/gewerbeanmeldung/versions/1",
    ))
    .await;
    c.check(call(
        M::GET,
        "/api/forms/{id}/versions/{version}",
        "/api/forms/gewerbeanmeldung/versions/9",
    ))
    .await;
    c.check(call(
        M::GET,
        "/api/forms/{id}/latest",
        "/api/forms/gewerbeanmeldung/latest",
    ))
    .await;
    c.check(call(
        M::GET,
        "/api/forms/{id}/latest",
        "/api/forms/nope/latest",
    ))
    .await;
    for q in ["25746", "meldorf", "x"] {
        c.check(call(M::GET, "/api/places", format!("/api/places?q={q}")))
            .await;
    }
    for query in [
        format!("leikaKey={GEWERBE}&ars={HEIDE}"),
        format!("leikaKey={GEWERBE}&ars=010515172048"),
        format!("leika={GEWERBE}"),
        format!("leikaKey=99035001000000&ars={HEIDE}&lang=en"),
        "leikaKey=99036012104000&ars=010510044044".to_owned(),
        "leikaKey=99000000000000".to_owned(),
        "leikaKey=12".to_owned(),
        format!("leikaKey={GEWERBE}&ars={HEIDE}&limit=500&offset=1"),
        format!("leikaKey={GEWERBE}&ars={HEIDE}&offset=-1"),
        format!("leikaKey={GEWERBE}&ars={HEIDE}&limit=1000000000000"),
        format!("leikaKey={GEWERBE}&areaId={HEIDE}"),
        format!("leikaKey={GEWERBE}&areaId={HEIDE}&ars={HEIDE}"),
        format!("leikaKey={GEWERBE}&areaId=1024"),
    ] {
        c.check(call(M::GET, "/v1/routes", format!("/v1/routes?{query}")))
            .await;
    }
    for query in [
        "areaSearchexpression=Heide",
        "areaSearchexpression=Hei*&areaSearchexpression=25746&limit=1",
        "areaSearchexpression=257",
        "areaSearchexpression=x",
        "limit=5",
    ] {
        c.check(call(M::GET, "/v1/areas", format!("/v1/areas?{query}")))
            .await;
    }

    // The token endpoint and the portal's sender token.
    let api = common::Api::new(&c.base);
    let form = |body: &str| body.as_bytes().to_vec();
    let form_t = "application/x-www-form-urlencoded";
    let (status, token) = c
        .check(call(M::POST, "/token", "/token").raw(
            &form(&format!(
                "grant_type=client_credentials&client_id={}&client_secret={}",
                common::SENDER_ID,
                common::SENDER_SECRET
            )),
            form_t,
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    let sender = token["access_token"].as_str().expect("token").to_owned();
    for body in [
        format!(
            "grant_type=client_credentials&client_id={}&client_secret=wrong",
            common::SENDER_ID
        ),
        "grant_type=password&client_id=x&client_secret=y".to_owned(),
        format!(
            "grant_type=client_credentials&client_id={}&client_secret={}&scope=subscribe:destination:x",
            common::SENDER_ID,
            common::SENDER_SECRET
        ),
    ] {
        c.check(call(M::POST, "/token", "/token").raw(&form(&body), form_t))
            .await;
    }
    c.check(call(M::POST, "/token", "/token").raw(b"{}", "application/json"))
        .await;
    c.check(call(M::POST, "/api/sender-token", "/api/sender-token"))
        .await;

    // A sender creates, uploads and submits.
    let application = common::Application::gewerbe(common::valid_answers()).with_file(
        PLAN,
        "plan.pdf",
        "application/pdf",
        PDF,
    );
    let create_t = "/v1/submissions";
    let (status, created) = c
        .check(
            call(M::POST, create_t, create_t)
                .bearer(&sender)
                .json(&application.create_body(), "openapi-create-1"),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let mut other = application.create_body();
    other["announcedAttachments"] = json!([]);
    c.check(
        call(M::POST, create_t, create_t)
            .bearer(&sender)
            .json(&other, "openapi-create-1"),
    )
    .await;
    let mut invalid = application.create_body();
    invalid["destinationId"] = json!("heide");
    let (status, _) = c
        .check(
            call(M::POST, create_t, create_t)
                .bearer(&sender)
                .json(&invalid, "openapi-invalid"),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let mut unknown = application.create_body();
    unknown["destinationId"] = json!("00000000-0000-4000-8000-000000000000");
    c.check(
        call(M::POST, create_t, create_t)
            .bearer(&sender)
            .json_body(&unknown),
    )
    .await;
    c.check(
        call(M::POST, create_t, create_t)
            .bearer(&sender)
            .raw(b"{\"destinationId\":", "application/json"),
    )
    .await;
    c.check(
        call(M::POST, create_t, create_t)
            .bearer(&sender)
            .raw(b"x", "text/plain"),
    )
    .await;
    c.check(call(M::POST, create_t, create_t).json_body(&application.create_body()))
        .await;
    let subscriber = api.subscriber_token(common::HEIDE_AUTHORITY).await;
    c.check(
        call(M::POST, create_t, create_t)
            .bearer(&subscriber)
            .json_body(&application.create_body()),
    )
    .await;

    let submission_id = created["submissionId"].as_str().expect("id").to_owned();
    let reference = created["reference"].as_str().expect("reference").to_owned();
    let token = created["statusToken"].as_str().expect("token").to_owned();
    let case_id = created["caseId"].as_str().expect("case").to_owned();
    let submit_t = "/v1/submissions/{submissionId}";
    let upload_t = "/v1/submissions/{submissionId}/attachments/{attachmentId}";
    let submit = format!("/v1/submissions/{submission_id}");
    let upload = format!("/v1/submissions/{submission_id}/attachments/{PLAN}");
    let submit_body = application.submit_body(&reference);
    let file = application.encrypted_files().remove(0).1.into_bytes();
    c.check(
        call(M::PUT, submit_t, &submit)
            .bearer(&sender)
            .json_body(&submit_body),
    )
    .await;
    c.check(call(M::PUT, upload_t, &upload).raw(&file, "application/jose"))
        .await;
    let mut not_jwe = PDF.to_vec();
    not_jwe.resize(file.len(), b' ');
    c.check(
        call(M::PUT, upload_t, &upload)
            .bearer(&sender)
            .raw(&not_jwe, "application/pdf"),
    )
    .await;
    c.check(
        call(M::PUT, upload_t, &upload)
            .bearer(&sender)
            .raw(&file[..10], "application/jose"),
    )
    .await;
    c.check(
        call(
            M::PUT,
            upload_t,
            format!(
                "/v1/submissions/{submission_id}/attachments/00000000-0000-4000-8000-000000000000"
            ),
        )
        .bearer(&sender)
        .raw(&file, "application/jose"),
    )
    .await;
    c.check(
        call(
            M::PUT,
            upload_t,
            format!("/v1/submissions/00000000-0000-4000-8000-000000000000/attachments/{PLAN}"),
        )
        .bearer(&sender)
        .raw(&file, "application/jose"),
    )
    .await;
    let (status, _) = c
        .check(
            call(M::PUT, upload_t, &upload)
                .bearer(&sender)
                .raw(&file, "application/jose"),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    c.check(call(M::PUT, submit_t, &submit).json_body(&submit_body))
        .await;
    c.check(
        call(M::PUT, submit_t, &submit)
            .bearer(&sender)
            .json_body(&json!({"encryptedMetadata": "x"})),
    )
    .await;
    let (status, _) = c
        .check(
            call(M::PUT, submit_t, &submit)
                .bearer(&sender)
                .json_body(&submit_body),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    c.check(
        call(M::PUT, submit_t, &submit)
            .bearer(&sender)
            .json_body(&application.submit_body(&reference)),
    )
    .await;
    c.check(
        call(M::PUT, upload_t, &upload)
            .bearer(&sender)
            .raw(&file, "application/jose"),
    )
    .await;

    // The citizen's status.
    let status_t = "/api/submissions/{reference}";
    let status_path = format!("/api/submissions/{reference}");
    c.check(call(M::GET, status_t, &status_path).bearer(&token))
        .await;
    c.check(call(M::GET, status_t, &status_path)).await;
    c.check(call(M::GET, status_t, &status_path).bearer("wrong"))
        .await;

    // The subscriber lists, fetches and decides.
    let index_t = "/v1/submissions";
    let (_, list) = c
        .check(call(M::GET, index_t, "/v1/submissions?limit=10").bearer(&subscriber))
        .await;
    assert_eq!(list["submissions"].as_array().expect("list").len(), 1);
    c.check(call(M::GET, index_t, "/v1/submissions")).await;
    c.check(call(M::GET, index_t, "/v1/submissions").bearer(&sender))
        .await;
    c.check(call(M::GET, index_t, "/v1/submissions?limit=0").bearer(&subscriber))
        .await;
    c.check(call(M::GET, submit_t, &submit).bearer(&subscriber))
        .await;
    c.check(call(M::GET, submit_t, &submit).bearer(&sender))
        .await;
    c.check(call(M::GET, submit_t, &submit)).await;
    c.check(call(M::GET, upload_t, &upload).bearer(&subscriber))
        .await;
    c.check(
        call(
            M::GET,
            upload_t,
            format!(
                "/v1/submissions/{submission_id}/attachments/00000000-0000-4000-8000-000000000000"
            ),
        )
        .bearer(&subscriber),
    )
    .await;
    c.check(call(M::GET, upload_t, &upload)).await;

    let events_t = "/v1/cases/{caseId}/events";
    let events = format!("/v1/cases/{case_id}/events");
    let (_, log) = c
        .check(call(M::GET, events_t, &events).bearer(&subscriber))
        .await;
    // create-submission and submit-submission, signed by the relay.
    assert_eq!(log["eventLog"].as_array().map(Vec::len), Some(2));
    c.check(call(M::GET, events_t, &events).bearer(&sender))
        .await;
    c.check(call(M::GET, events_t, &events)).await;
    c.check(
        call(
            M::GET,
            events_t,
            "/v1/cases/00000000-0000-4000-8000-000000000000/events",
        )
        .bearer(&subscriber),
    )
    .await;
    let sent = common::Sent {
        submission_id: submission_id.clone(),
        case_id: case_id.clone(),
        reference: reference.clone(),
        status_token: token.clone(),
        destination_id: created["destinationId"].as_str().expect("id").to_owned(),
        submitted: submit_body.clone(),
    };
    let tags = common::tags_of(
        &sent,
        &[(
            PLAN.to_owned(),
            String::from_utf8(file.clone()).expect("text"),
        )],
    );
    let accept = common::event(
        &sent,
        &signing,
        central_api::fit_connect::set::ACCEPT,
        json!({"authenticationTags": tags}),
    );
    let jose = "application/jose";
    c.check(
        call(M::POST, events_t, &events)
            .bearer(&subscriber)
            .raw(b"a.b", jose),
    )
    .await;
    c.check(
        call(M::POST, events_t, &events)
            .bearer(&subscriber)
            .raw(accept.as_bytes(), "text/plain"),
    )
    .await;
    c.check(
        call(M::POST, events_t, &events)
            .bearer(&sender)
            .raw(accept.as_bytes(), jose),
    )
    .await;
    c.check(call(M::POST, events_t, &events).raw(accept.as_bytes(), jose))
        .await;
    let wrong = common::event(
        &sent,
        &signing,
        central_api::fit_connect::set::ACCEPT,
        tags_of_wrong(&sent),
    );
    let (status, _) = c
        .check(
            call(M::POST, events_t, &events)
                .bearer(&subscriber)
                .raw(wrong.as_bytes(), jose),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = c
        .check(
            call(M::POST, events_t, &events)
                .bearer(&subscriber)
                .raw(accept.as_bytes(), jose),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    c.check(
        call(M::POST, events_t, &events)
            .bearer(&subscriber)
            .raw(accept.as_bytes(), jose),
    )
    .await;
    let (_, status_body) = c
        .check(call(M::GET, status_t, &status_path).bearer(&token))
        .await;
    assert_eq!(status_body["status"], "accepted");

    // Destinations, keys, the relay's keys and the version.
    let destination = format!("/v1/destinations/{}", sent.destination_id);
    let dest_t = "/v1/destinations/{destinationId}";
    let (_, shown) = c
        .check(call(M::GET, dest_t, &destination).bearer(&sender))
        .await;
    c.check(call(M::GET, dest_t, &destination)).await;
    c.check(
        call(
            M::GET,
            dest_t,
            "/v1/destinations/00000000-0000-4000-8000-000000000000",
        )
        .bearer(&sender),
    )
    .await;
    let key_t = "/v1/destinations/{destinationId}/keys/{keyId}";
    let kid = shown["encryptionKid"].as_str().expect("kid");
    c.check(call(M::GET, key_t, format!("{destination}/keys/{kid}")))
        .await;
    c.check(call(
        M::GET,
        key_t,
        format!("{destination}/keys/{}", signing.0),
    ))
    .await;
    c.check(call(M::GET, key_t, format!("{destination}/keys/nokey123")))
        .await;
    c.check(call(
        M::GET,
        key_t,
        format!("/v1/destinations/00000000-0000-4000-8000-000000000000/keys/{kid}"),
    ))
    .await;
    c.check(call(
        M::GET,
        "/.well-known/jwks.json",
        "/.well-known/jwks.json",
    ))
    .await;
    c.check(call(M::GET, "/v1/info", "/v1/info")).await;

    // What a property-based tester sends: query strings that do not fit (a wrong type, a
    // parameter twice). Each is the API's own problem+json with a documented status,
    // never the framework's plain text.
    let unfitting = [
        (
            "/api/municipalities/{ars}/catalogue",
            "/api/municipalities/010510000000/catalogue?popular=null".to_owned(),
            None,
        ),
        (
            "/v1/routes",
            format!("/v1/routes?leikaKey={GEWERBE}&leikaKey={GEWERBE}&ars=010510044044"),
            None,
        ),
        (
            index_t,
            "/v1/submissions?limit=null".to_owned(),
            Some(subscriber.as_str()),
        ),
        (
            "/api/submissions/{reference}",
            format!("/api/submissions/{reference}?token=a&token=b"),
            None,
        ),
    ];
    for (template, path, bearer) in unfitting {
        let mut request = call(M::GET, template, path.clone());
        if let Some(token) = bearer {
            request = request.bearer(token);
        }
        let (status, body) = c.check(request).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}: {body}");
        assert!(
            body["detail"]
                .as_str()
                .is_some_and(|d| d.contains("query string")),
            "{path}: {body}"
        );
    }
    let _ = api;

    let mut documented = BTreeSet::new();
    for (path, item) in c.doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("path item").keys() {
            documented.insert((path.clone(), method.clone()));
        }
    }
    let missing: Vec<_> = documented.difference(&c.covered).collect();
    assert!(missing.is_empty(), "operations never called: {missing:?}");
}
