// SPDX-License-Identifier: EUPL-1.2
//! The wire format of the shared types: member names as openapi.json documents them,
//! what the portal accepts when members are missing, what the server refuses.

use api_types::{FieldProblem, Level, Problem, Routes, ServiceDetail, SubmissionStatus};
use serde_json::{Value, json};

#[test]
fn routing_uses_fit_connect_member_names() {
    let answer = json!({
        "count": 1, "offset": 0, "totalCount": 1,
        "routes": [{
            "destinationId": "amt-heide", "destinationName": "Stadt Heide",
            "destinationParameters": {
                "encryptionKid": "k1", "publicKeys": {"keys": [{"kid": "k1"}]},
                "services": ["99050012104000"], "validUntil": 1800000000,
                "metadataVersions": ["1.0.0"], "status": "active",
                "submissionSchemas": [], "submissionUrl": "/api/submissions"
            },
            "destinationParametersSignature": null,
            "authority": {"id": "amt-heide", "name": "Stadt Heide", "email": "a@heide.de",
                "phone": "0481", "website": null, "opening_hours": null,
                "address": {"street": "Markt 1", "postcode": "25746", "city": "Heide"}},
            "level": "gemeindeverband"
        }]
    });
    let routes: Routes = serde_json::from_value(answer.clone()).unwrap();
    assert_eq!(routes.routes[0].level, Level::Gemeindeverband);
    assert_eq!(
        routes.routes[0].destination_parameters.valid_until,
        1_800_000_000
    );
    // Written back member for member, in the documented names.
    assert_eq!(serde_json::to_value(&routes).unwrap(), answer);
}

#[test]
fn missing_texts_lists_and_options_take_their_defaults() {
    let service: ServiceDetail =
        serde_json::from_value(json!({"leika": "99050012104000", "name": "Gewerbe"})).unwrap();
    assert_eq!(service.summary, "");
    assert!(service.documents.is_empty() && service.form.is_none());
    assert!(!service.needs_place());
    let status = json!({"reference": "R-1", "status": "received", "created_at": "2026-12-03T05:00:00Z",
        "service": {"leika": "99050012104000", "name": "Gewerbe"},
        "form": {"id": "gewerbe", "version": 1}});
    let read: SubmissionStatus = serde_json::from_value(status.clone()).unwrap();
    assert!(read.reason.is_none() && read.authority.is_none());
    // A newer server may add members; the portal reads on.
    let mut with_more = status.clone();
    with_more["new"] = 1.into();
    assert!(serde_json::from_value::<SubmissionStatus>(with_more).is_ok());
    // A required member missing is no answer of this API.
    assert!(serde_json::from_value::<SubmissionStatus>(json!({"reference": "R-1"})).is_err());
}

#[test]
fn field_problems_carry_their_data_flattened() {
    let problem = Problem {
        r#type: "about:blank".into(),
        title: "Invalid answers".into(),
        status: 422,
        detail: None,
        errors: Some(vec![FieldProblem {
            path: "betrieb.plz".into(),
            code: "too_short".into(),
            detail: "Mindestens 5 Zeichen.".into(),
            data: [("min".to_owned(), Value::from(5))].into_iter().collect(),
        }]),
        authority: None,
    };
    let wire = serde_json::to_value(&problem).unwrap();
    assert_eq!(
        wire,
        json!({"type": "about:blank", "title": "Invalid answers", "status": 422,
            "errors": [{"path": "betrieb.plz", "code": "too_short",
                "detail": "Mindestens 5 Zeichen.", "min": 5}]})
    );
    // Read back without the data: the portal words an error by its code.
    let read = serde_json::from_value::<Problem>(wire).unwrap();
    let errors = read.errors.as_deref().unwrap_or_default();
    assert_eq!(
        (errors[0].code.as_str(), errors[0].data.len()),
        ("too_short", 0)
    );
}
