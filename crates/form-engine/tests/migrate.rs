//! Drafts moved to a new version of their form: kept where the question stayed the same.

mod common;

use common::{answers, form};
use form_engine::migrate_answers;

const OLD: &str = r#"
    {"id": "name", "type": "text", "label": "Name"},
    {"id": "kind", "type": "choice", "label": "Art", "options": [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}]},
    {"id": "nationality", "type": "text", "label": "Staatsangehörigkeit"},
    {"id": "gone", "type": "yes_no", "label": "Entfällt"},
    {"id": "people", "type": "group", "label": "Personen", "fields": [
        {"id": "first", "type": "text", "label": "Vorname"},
        {"id": "age", "type": "integer", "label": "Alter"}]}"#;

const NEW: &str = r#"
    {"id": "name", "type": "text", "label": "Name"},
    {"id": "kind", "type": "choice", "label": "Art", "options": [{"value": "a", "label": "A"}]},
    {"id": "nationality", "type": "code_list", "list": "urn:x", "label": "Staatsangehörigkeit", "options": [{"value": "DE", "label": "deutsch"}]},
    {"id": "people", "type": "group", "label": "Personen", "fields": [
        {"id": "first", "type": "text", "label": "Vorname"}]}"#;

#[test]
fn same_questions_keep_their_answers_changed_ones_are_named() {
    let (old, new) = (form(OLD), form(NEW));
    let draft = answers(
        r#"{"name": "Ida", "kind": "b", "nationality": "DE", "gone": true,
            "people": [{"first": "Jan", "age": "40"}], "unknown": "x"}"#,
    );
    let moved = migrate_answers(Some(&old), &new, &draft);
    assert_eq!(
        serde_json::to_string(&moved.answers).unwrap(),
        r#"{"name":"Ida","people":[{"first":"Jan"}]}"#
    );
    // "kind": value no longer offered; "nationality": type changed (even though "DE"
    // would be offered now); "gone" and "unknown": no such field; "age" in the group.
    assert_eq!(
        moved.dropped,
        ["gone", "kind", "nationality", "people.0.age", "unknown"]
    );
}

#[test]
fn without_the_old_version_the_shape_of_each_answer_decides() {
    let new = form(NEW);
    let draft = answers(r#"{"name": "Ida", "nationality": "DE", "kind": ["a"]}"#);
    let moved = migrate_answers(None, &new, &draft);
    assert_eq!(
        serde_json::to_string(&moved.answers).unwrap(),
        r#"{"name":"Ida","nationality":"DE"}"#
    );
    assert_eq!(moved.dropped, ["kind"]);
}
