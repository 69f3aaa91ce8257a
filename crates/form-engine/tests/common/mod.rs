//! Helpers shared by the integration tests.
#![allow(dead_code)]

use form_engine::{
    AnswerValue, Answers, Date, ErrorCode, FormDefinition, ValidationContext, validate_form,
};

/// A one-step form holding the given field JSON objects.
pub fn form(fields: &str) -> FormDefinition {
    let json = format!(
        r#"{{"id": "t", "version": 1, "title": "Test", "steps": [
            {{"id": "s1", "title": "Eins", "sections": [{{"id": "a", "fields": [{fields}]}}]}}]}}"#
    );
    FormDefinition::from_json(&json).unwrap_or_else(|e| panic!("{e}"))
}

pub fn ctx() -> ValidationContext {
    ValidationContext::new(Date::new(2025, 5, 10).expect("valid date"))
}

pub fn answers(json: &str) -> Answers {
    serde_json::from_str(json).expect("valid answers")
}

/// Errors of a single field `f` (given as JSON) for a single answer value.
pub fn check(field: &str, value: serde_json::Value) -> Vec<(String, ErrorCode)> {
    let def = form(field);
    let mut a = Answers::new();
    let v: AnswerValue = serde_json::from_value(value).expect("answer value");
    a.set("f", v);
    validate_form(&def, &a, &ctx())
        .into_iter()
        .map(|e| (e.path, e.code))
        .collect()
}

/// The single error code for `value`, or None.
pub fn code(field: &str, value: &str) -> Option<ErrorCode> {
    let errs = check(field, serde_json::Value::String(value.to_owned()));
    assert!(errs.len() <= 1, "{errs:?}");
    errs.into_iter().next().map(|(_, c)| c)
}
