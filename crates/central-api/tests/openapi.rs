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
const TOKEN: &str = "heide-inbox-token-for-openapi";
const PDF: &[u8] = b"%PDF-1.4\n%%EOF\n";

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
    config.inbox_tokens = vec![("stadt-heide-ordnung".into(), TOKEN.into())];
    config.limits.submissions_per_minute = 0;
    let state = common::init(&config).await;
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
        format!("leika={GEWERBE}&ars={HEIDE}"),
        format!("leika={GEWERBE}&ars=010515172048"),
        format!("leikaKey={GEWERBE}"),
        format!("leika=99035001000000&ars={HEIDE}&lang=en"),
        "leika=99036012104000&ars=010510044044".to_owned(),
        "leika=99000000000000".to_owned(),
        "leika=12".to_owned(),
    ] {
        c.check(call(
            M::GET,
            "/api/routing",
            format!("/api/routing?{query}"),
        ))
        .await;
    }

    let plain = common::submission(common::valid_answers());
    let (status, receipt) = c
        .check(
            call(M::POST, "/api/submissions", "/api/submissions").json(&plain, "openapi-plain-1"),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let mut other = common::valid_answers();
    other["trade_name"] = json!("Other");
    let other = common::submission(other);
    c.check(call(M::POST, "/api/submissions", "/api/submissions").json(&other, "openapi-plain-1"))
        .await;
    let mut invalid = plain.clone();
    invalid["encrypted_data"] = json!("{}");
    let (status, _) = c
        .check(
            call(M::POST, "/api/submissions", "/api/submissions").json(&invalid, "openapi-invalid"),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    c.check(
        call(M::POST, "/api/submissions", "/api/submissions")
            .raw(b"{\"service\":", "application/json"),
    )
    .await;
    c.check(call(M::POST, "/api/submissions", "/api/submissions").raw(b"x", "text/plain"))
        .await;

    let reference = receipt["reference"].as_str().expect("reference").to_owned();
    let token = receipt["status_token"].as_str().expect("token").to_owned();
    c.check(
        call(
            M::GET,
            "/api/submissions/{reference}",
            format!("/api/submissions/{reference}"),
        )
        .bearer(&token),
    )
    .await;
    c.check(call(
        M::GET,
        "/api/submissions/{reference}",
        format!("/api/submissions/{reference}"),
    ))
    .await;
    c.check(
        call(
            M::GET,
            "/api/submissions/{reference}",
            format!("/api/submissions/{reference}"),
        )
        .bearer("wrong"),
    )
    .await;

    let key = common::authority_key(common::HEIDE_AUTHORITY);
    let sealed = common::sealed_with(
        &common::Envelope::gewerbe(common::HEIDE, common::HEIDE_AUTHORITY),
        &common::valid_answers(),
        &key,
        &[("plan", "plan.pdf", "application/pdf", PDF)],
    );
    let file = sealed["attachments"][0]["jwe"]
        .as_str()
        .expect("jwe")
        .as_bytes()
        .to_vec();
    let with_file = common::body_of(&sealed);
    let (_, draft) = c
        .check(
            call(M::POST, "/api/submissions", "/api/submissions")
                .json(&with_file, "openapi-draft-1"),
        )
        .await;
    let draft_ref = draft["reference"].as_str().expect("reference").to_owned();
    let draft_token = draft["status_token"].as_str().expect("token").to_owned();
    let upload = format!("/api/submissions/{draft_ref}/attachments/plan");
    let finalize = format!("/api/submissions/{draft_ref}/finalize");
    let upload_t = "/api/submissions/{reference}/attachments/{attachment_id}";
    let finalize_t = "/api/submissions/{reference}/finalize";
    c.check(call(M::POST, finalize_t, &finalize).bearer(&draft_token))
        .await;
    c.check(call(M::PUT, upload_t, &upload).raw(&file, "application/jose"))
        .await;
    let mut not_jwe = PDF.to_vec();
    not_jwe.resize(file.len(), b' ');
    c.check(
        call(M::PUT, upload_t, &upload)
            .bearer(&draft_token)
            .raw(&not_jwe, "application/pdf"),
    )
    .await;
    c.check(
        call(M::PUT, upload_t, &upload)
            .bearer(&draft_token)
            .raw(&file[..10], "application/jose"),
    )
    .await;
    let mut too_long = file.clone();
    too_long.extend_from_slice(b"AAAA");
    c.check(
        call(M::PUT, upload_t, &upload)
            .bearer(&draft_token)
            .raw(&too_long, "application/jose"),
    )
    .await;
    c.check(
        call(
            M::PUT,
            upload_t,
            format!("/api/submissions/{draft_ref}/attachments/nope"),
        )
        .bearer(&draft_token)
        .raw(&file, "application/jose"),
    )
    .await;
    let (status, _) = c
        .check(
            call(M::PUT, upload_t, &upload)
                .bearer(&draft_token)
                .raw(&file, "application/jose"),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    c.check(call(M::POST, finalize_t, &finalize)).await;
    c.check(call(M::POST, finalize_t, &finalize).bearer("wrong"))
        .await;
    let (status, _) = c
        .check(call(M::POST, finalize_t, &finalize).bearer(&draft_token))
        .await;
    assert_eq!(status, StatusCode::OK);
    c.check(
        call(M::PUT, upload_t, &upload)
            .bearer(&draft_token)
            .raw(&file, "application/jose"),
    )
    .await;

    let inbox_t = "/api/authorities/{id}/inbox";
    let show_t = "/api/authorities/{id}/inbox/{reference}";
    let file_t = "/api/authorities/{id}/inbox/{reference}/attachments/{attachment_id}";
    let base = "/api/authorities/stadt-heide-ordnung/inbox";
    let (_, inbox) = c
        .check(call(M::GET, inbox_t, format!("{base}?limit=10")).bearer(TOKEN))
        .await;
    assert_eq!(inbox["submissions"].as_array().expect("list").len(), 2);
    c.check(call(M::GET, inbox_t, base)).await;
    c.check(call(M::GET, show_t, format!("{base}/{draft_ref}")).bearer(TOKEN))
        .await;
    c.check(call(M::GET, show_t, format!("{base}/BP-2000-AAAAAAAA")).bearer(TOKEN))
        .await;
    c.check(call(M::GET, show_t, format!("{base}/{draft_ref}")).bearer("wrong"))
        .await;
    c.check(
        call(
            M::GET,
            file_t,
            format!("{base}/{draft_ref}/attachments/plan"),
        )
        .bearer(TOKEN),
    )
    .await;
    c.check(
        call(
            M::GET,
            file_t,
            format!("{base}/{draft_ref}/attachments/none"),
        )
        .bearer(TOKEN),
    )
    .await;
    c.check(call(
        M::GET,
        file_t,
        format!("{base}/{draft_ref}/attachments/plan"),
    ))
    .await;

    let decision_t = "/api/authorities/{id}/inbox/{reference}/decision";
    let decision = |status: &str| json!({"status": status, "reason": "Alles vollständig."});
    let (status, _) = c
        .check(
            call(M::POST, decision_t, format!("{base}/{reference}/decision"))
                .bearer(TOKEN)
                .json(&decision("accepted"), "unused-key-1"),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    c.check(
        call(M::POST, decision_t, format!("{base}/{reference}/decision"))
            .bearer(TOKEN)
            .json(&decision("rejected"), "unused-key-1"),
    )
    .await;
    c.check(
        call(M::POST, decision_t, format!("{base}/{reference}/decision"))
            .bearer(TOKEN)
            .json(&decision("maybe"), "unused-key-1"),
    )
    .await;
    c.check(
        call(
            M::POST,
            decision_t,
            format!("{base}/BP-2000-AAAAAAAA/decision"),
        )
        .bearer(TOKEN)
        .json(&decision("accepted"), "unused-key-1"),
    )
    .await;
    c.check(
        call(M::POST, decision_t, format!("{base}/{reference}/decision"))
            .json(&decision("accepted"), "unused-key-1"),
    )
    .await;
    let (_, status_body) = c
        .check(
            call(
                M::GET,
                "/api/submissions/{reference}",
                format!("/api/submissions/{reference}"),
            )
            .bearer(&token),
        )
        .await;
    assert_eq!(status_body["status"], "accepted");

    // What a property-based tester sends: query strings that do not fit (a wrong type, a
    // parameter twice) and a decision without a body. Each is the API's own problem+json
    // with a documented status, never the framework's plain text.
    let unfitting = [
        (
            "/api/municipalities/{ars}/catalogue",
            "/api/municipalities/010510000000/catalogue?popular=null".to_owned(),
            None,
        ),
        (
            "/api/routing",
            format!("/api/routing?leika={GEWERBE}&leika={GEWERBE}&ars=010510044044"),
            None,
        ),
        (inbox_t, format!("{base}?limit=null"), Some(TOKEN)),
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
    let (status, _) = c
        .check(call(M::POST, decision_t, format!("{base}/{reference}/decision")).bearer(TOKEN))
        .await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);

    let mut documented = BTreeSet::new();
    for (path, item) in c.doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("path item").keys() {
            documented.insert((path.clone(), method.clone()));
        }
    }
    let missing: Vec<_> = documented.difference(&c.covered).collect();
    assert!(missing.is_empty(), "operations never called: {missing:?}");
}
