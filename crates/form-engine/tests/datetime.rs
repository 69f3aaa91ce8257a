//! The `datetime` field type: decoding, definition checks, validation, messages and
//! the JSON Schema (the proof that a field type lives in one module plus its control).

mod common;

use common::{check, code, ctx, form};
use form_engine::messages::message;
use form_engine::{
    DateTime, ErrorCode as E, FieldError, FieldKind, FormDefinition, Lang, validate_form,
};
use serde_json::json;

fn at(s: &str) -> DateTime {
    DateTime::parse_iso(s).expect("valid date and time")
}

const BOUNDED: &str = r#"{"id": "f", "type": "datetime", "label": {"de": "Beginn", "en": "Start"},
    "min": "2025-05-10T08:00", "max": "2025-12-31T18:30"}"#;

#[test]
fn decodes_with_limits_and_round_trips() {
    let def = form(BOUNDED);
    let FieldKind::DateTime(field) = &def.steps[0].sections[0].fields[0].kind else {
        panic!("a datetime field");
    };
    assert_eq!(field.min, Some(at("2025-05-10T08:00")));
    assert_eq!(field.max, Some(at("2025-12-31T18:30")));
    assert_eq!(
        def.steps[0].sections[0].fields[0].kind.type_name(),
        "datetime"
    );
    // The derived serde impls read and write the same JSON.
    let json = serde_json::to_value(&def).unwrap();
    let field_json = &json["steps"][0]["sections"][0]["fields"][0];
    assert_eq!(field_json["type"], "datetime");
    assert_eq!(field_json["min"], "2025-05-10T08:00");
    let back: FormDefinition = serde_json::from_value(json).unwrap();
    assert_eq!(back, def);
}

fn problems(field: &str) -> Vec<(String, String)> {
    let json = format!(
        r#"{{"id": "t", "version": 1, "title": "Test", "steps": [
            {{"id": "s1", "title": "Eins", "sections": [{{"id": "a", "fields": [{field}]}}]}}]}}"#
    );
    FormDefinition::from_json(&json)
        .expect_err("problems")
        .0
        .into_iter()
        .map(|e| (e.path.clone(), e.message()))
        .collect()
}

#[test]
fn limits_must_be_dates_with_times_in_order() {
    let p = problems(r#"{"id": "f", "type": "datetime", "label": "F", "min": "today"}"#);
    assert_eq!(
        p,
        [(
            "/steps/0/sections/0/fields/0/min".to_string(),
            "invalid date and time limit `today`, expected YYYY-MM-DDTHH:MM".to_string()
        )]
    );
    let p = problems(
        r#"{"id": "f", "type": "datetime", "label": "F", "min": "2025-05-10T08:00", "max": "2025-05-10T07:59"}"#,
    );
    assert_eq!(
        p,
        [(
            "/steps/0/sections/0/fields/0/min".to_string(),
            "`min` (2025-05-10T08:00) is after `max` (2025-05-10T07:59)".to_string()
        )]
    );
    let p = problems(r#"{"id": "f", "type": "datetime", "label": "F", "step": 15}"#);
    assert_eq!(p[0].0, "/steps/0/sections/0/fields/0/step");
    assert!(
        p[0].1
            .starts_with("unknown property `step`, expected one of `min`, `max`, `id`")
    );
    // A number instead of a text.
    let p = problems(r#"{"id": "f", "type": "datetime", "label": "F", "max": 2025}"#);
    assert_eq!(p[0].0, "/steps/0/sections/0/fields/0/max");
}

#[test]
fn validates_format_calendar_and_limits() {
    for ok in ["2025-05-10T08:00", "2025-07-01T00:00", "2025-12-31T18:30"] {
        assert_eq!(code(BOUNDED, ok), None, "{ok}");
    }
    assert_eq!(
        code(BOUNDED, "2025-05-10T07:59"),
        Some(E::DateTimeTooEarly {
            min: at("2025-05-10T08:00")
        })
    );
    assert_eq!(
        code(BOUNDED, "2025-12-31T18:31"),
        Some(E::DateTimeTooLate {
            max: at("2025-12-31T18:30")
        })
    );
    for bad in [
        "2025-06-31T10:00",
        "2025-06-01",
        "2025-06-01T",
        "T10:00",
        "2025-06-01T24:00",
        "2025-06-01T9:30",
        "01.06.2025 10:00",
    ] {
        assert_eq!(code(BOUNDED, bad), Some(E::InvalidDateTime), "{bad}");
    }
    assert_eq!(
        check(BOUNDED, json!(["2025-06-01T10:00"])),
        [("f".to_string(), E::InvalidValue)]
    );
    let required = r#"{"id": "f", "type": "datetime", "label": "F", "required": true}"#;
    assert_eq!(code(required, ""), Some(E::Required));
}

#[test]
fn error_codes_have_stable_keys_and_json() {
    let e = FieldError::new(
        "start",
        E::DateTimeTooEarly {
            min: at("2025-05-10T08:00"),
        },
    );
    assert_eq!(
        serde_json::to_string(&e).unwrap(),
        r#"{"path":"start","code":"datetime_too_early","min":"2025-05-10T08:00"}"#
    );
    assert_eq!(E::InvalidDateTime.key(), "invalid_datetime");
    for key in [
        "invalid_datetime",
        "datetime_too_early",
        "datetime_too_late",
    ] {
        assert!(form_engine::error::ERROR_KEYS.contains(&key), "{key}");
    }
}

#[test]
fn messages_in_german_and_english_name_the_limit() {
    let def = form(BOUNDED);
    let text = |code: E, lang| message(&FieldError::new("f", code), &def, lang);
    assert_eq!(
        text(E::InvalidDateTime, Lang::De),
        "„Beginn“ muss ein gültiges Datum mit Uhrzeit sein, zum Beispiel 16.12.2026 um 14:30 Uhr."
    );
    assert_eq!(
        text(E::InvalidDateTime, Lang::En),
        "“Start” must be a real date and time, like 16 December 2026 at 14:30."
    );
    let early = E::DateTimeTooEarly {
        min: at("2025-05-10T08:00"),
    };
    assert_eq!(
        text(early.clone(), Lang::De),
        "„Beginn“ muss am 10.05.2025 um 08:00 Uhr oder später sein."
    );
    assert_eq!(
        text(early, Lang::En),
        "“Start” must be the same as or after 10 May 2025 at 08:00."
    );
    let late = E::DateTimeTooLate {
        max: at("2025-12-31T18:30"),
    };
    assert_eq!(
        text(late, Lang::De),
        "„Beginn“ muss am 31.12.2025 um 18:30 Uhr oder früher sein."
    );
    assert_eq!(text(E::Required, Lang::En), "Enter “Start”.");
    // A field's own text replaces the generic one.
    let custom = form(
        r#"{"id": "f", "type": "datetime", "label": "F",
            "messages": {"invalid_datetime": {"de": "Datum und Uhrzeit fehlen.", "en": "Missing."}}}"#,
    );
    assert_eq!(
        message(&FieldError::new("f", E::InvalidDateTime), &custom, Lang::De),
        "Datum und Uhrzeit fehlen."
    );
}

#[test]
fn samples_of_the_preview_pass_and_fail_validation() {
    let def = form(BOUNDED);
    let kind = &def.steps[0].sections[0].fields[0].kind;
    for (answer, valid) in [
        (kind.valid_sample(&ctx()), true),
        (kind.invalid_sample(), false),
    ] {
        let mut answers = form_engine::Answers::new();
        answers.set("f", answer.expect("a sample"));
        assert_eq!(validate_form(&def, &answers, &ctx()).is_empty(), valid);
    }
}

#[test]
fn json_schema_knows_the_type_and_its_limits() {
    let schema = form_engine::schema::definition_schema();
    let branch = schema["$defs"]["Field"]["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["properties"]["type"]["const"] == "datetime")
        .expect("a datetime branch");
    assert_eq!(branch["required"], json!(["type"]));
    let validator = jsonschema::draft202012::new(&schema).expect("valid schema");
    let with = |field: serde_json::Value| {
        json!({"id": "t", "version": 1, "title": "T",
            "steps": [{"id": "s", "title": "S", "sections": [{"id": "a", "fields": [field]}]}]})
    };
    let good = json!({"id": "f", "type": "datetime", "label": "F", "min": "2025-05-10T08:00"});
    assert!(validator.is_valid(&with(good)));
    for bad in [
        json!({"id": "f", "type": "datetime", "label": "F", "min": "2025-05-10"}),
        json!({"id": "f", "type": "datetime", "label": "F", "step": 15}),
    ] {
        assert!(!validator.is_valid(&with(bad.clone())), "{bad}");
    }
}
