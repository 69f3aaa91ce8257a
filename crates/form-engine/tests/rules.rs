//! Cross-field rules, computed values, required_when and the loader's checks
//! for them.

mod common;

use common::{answers, ctx};
use form_engine::{
    ErrorCode, FormDefinition, Lang, ValidationContext, Value, compute, messages, validate_form,
    validate_step,
};

const FORM: &str = r#"{
  "id": "t", "version": 1, "title": "Test",
  "rules": [
    {"id": "end_after_start", "assert": "days_between(start, end) >= 0", "path": "end",
     "message": {"de": "Das Ende muss nach dem Beginn liegen.", "en": "The end must be after the start."}}
  ],
  "computed": [
    {"id": "fee", "label": {"de": "Gebühr", "en": "Fee"}, "unit": "Euro",
     "expr": "20 + 5 * len(owners) + if(express == true, 30, 0)"},
    {"id": "per_owner", "label": "Je Person", "expr": "round(100 / len(owners), 2)"}
  ],
  "steps": [
    {"id": "s1", "title": "Eins", "sections": [{"id": "a", "fields": [
      {"id": "start", "type": "date", "label": "Beginn", "required": true},
      {"id": "end", "type": "date", "label": "Ende", "required": true},
      {"id": "express", "type": "yes_no", "label": "Eilig"},
      {"id": "reason", "type": "text", "label": "Grund", "required_when": "express == true"}
    ]}]},
    {"id": "s2", "title": "Zwei", "rules": [
      {"id": "shares_100", "when": "len(owners) > 0", "assert": "sum(owners.share) == 100", "path": "owners",
       "message": {"de": "Die Anteile müssen zusammen 100 ergeben.", "en": "Shares must add up to 100."}},
      {"id": "minor_needs_guardian", "assert": "age(born) >= 18 or answered(guardian)", "path": "born",
       "message": {"de": "Minderjährige brauchen einen Vormund.", "en": "Minors need a guardian."}}
    ], "sections": [{"id": "b", "fields": [
      {"id": "owners", "type": "group", "label": "Inhaber", "fields": [
        {"id": "name", "type": "text", "label": "Name", "required": true},
        {"id": "share", "type": "decimal", "label": "Anteil", "required": true},
        {"id": "born", "type": "date", "label": "Geboren"},
        {"id": "guardian", "type": "text", "label": "Vormund", "visible_when": "answered(born)"}
      ]}
    ]}]}
  ]
}"#;

fn def() -> FormDefinition {
    FormDefinition::from_json(FORM).unwrap_or_else(|e| panic!("{e}"))
}

fn codes(errors: &[form_engine::FieldError]) -> Vec<(String, String)> {
    errors
        .iter()
        .map(|e| {
            let code = match &e.code {
                ErrorCode::Rule { id } => format!("rule:{id}"),
                c => c.key().to_owned(),
            };
            (e.path.clone(), code)
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

#[test]
fn a_broken_rule_reports_on_its_field_with_its_message() {
    let d = def();
    let a = answers(r#"{"start": "2025-06-10", "end": "2025-06-01"}"#);
    let errors = validate_step(&d, &a, 0, &ctx());
    assert_eq!(codes(&errors), pairs(&[("end", "rule:end_after_start")]));
    assert_eq!(
        serde_json::to_value(&errors[0]).unwrap(),
        serde_json::json!({"path": "end", "code": "rule", "id": "end_after_start"})
    );
    assert_eq!(
        messages::message(&errors[0], &d, Lang::En),
        "The end must be after the start."
    );
    assert_eq!(
        messages::message(&errors[0], &d, Lang::De),
        "Das Ende muss nach dem Beginn liegen."
    );
}

#[test]
fn rules_wait_for_their_inputs_and_for_valid_fields() {
    let d = def();
    // `start` missing: the rule is not checked, only `required` is reported.
    let a = answers(r#"{"end": "2025-06-01"}"#);
    assert_eq!(
        codes(&validate_step(&d, &a, 0, &ctx())),
        pairs(&[("start", "required")])
    );
    // `end` invalid: its own error wins, the rule stays silent.
    let a = answers(r#"{"start": "2025-06-10", "end": "2025-13-01"}"#);
    assert_eq!(
        codes(&validate_step(&d, &a, 0, &ctx())),
        pairs(&[("end", "invalid_date")])
    );
    let a = answers(r#"{"start": "2025-06-01", "end": "2025-06-01"}"#);
    assert!(validate_step(&d, &a, 0, &ctx()).is_empty());
}

#[test]
fn required_when_is_enforced() {
    let d = def();
    let a = answers(r#"{"start": "2025-06-01", "end": "2025-06-02", "express": true}"#);
    assert_eq!(
        codes(&validate_step(&d, &a, 0, &ctx())),
        pairs(&[("reason", "required")])
    );
    let a = answers(r#"{"start": "2025-06-01", "end": "2025-06-02", "express": false}"#);
    assert!(validate_step(&d, &a, 0, &ctx()).is_empty());
}

#[test]
fn step_rules_and_rules_inside_group_items() {
    let d = def();
    let a = answers(
        r#"{"start": "2025-06-01", "end": "2025-06-02",
            "owners": [{"name": "A", "share": "50", "born": "2010-01-01"},
                       {"name": "B", "share": "40", "born": "1980-01-01"},
                       {"name": "C", "share": "5", "born": "2012-01-01", "guardian": "D"}]}"#,
    );
    let errors = validate_form(&d, &a, &ctx());
    assert_eq!(
        codes(&errors),
        pairs(&[
            ("owners", "rule:shares_100"),
            ("owners.0.born", "rule:minor_needs_guardian"),
        ])
    );
    assert_eq!(codes(&validate_step(&d, &a, 1, &ctx())), codes(&errors));
    assert_eq!(
        messages::message(&errors[1], &d, Lang::De),
        "Minderjährige brauchen einen Vormund."
    );
}

#[test]
fn rules_with_minutes_until_need_the_time() {
    let json = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../central-api/demo/forms/versammlungsanzeige.json"
    ))
    .unwrap();
    let d = FormDefinition::from_json(&json).unwrap();
    let a = answers(
        r#"{"topic": "Radwege", "kind": "stationary", "expected_participants": "50",
            "date": "2025-05-12", "start_time": "09:00", "end_time": "12:00", "place": "Markt",
            "municipality": {"ars": "010510044044", "name": "25746 Heide"}}"#,
    );
    // Without the time the server cannot know; the date limit (today+2d) holds.
    assert!(validate_step(&d, &a, 0, &ctx()).is_empty());
    let at_ten = ValidationContext {
        now_minutes: Some(600),
        ..ctx()
    };
    assert_eq!(at_ten, ctx().with_time(10, 0));
    assert_eq!(
        codes(&validate_step(&d, &a, 0, &at_ten)),
        pairs(&[("start_time", "rule:notice_48_hours")])
    );
    assert!(validate_step(&d, &a, 0, &ctx().with_time(8, 59)).is_empty());
    assert_eq!(ctx().with_time(24, 0).now_minutes, None);
}

#[test]
fn versammlungsanzeige_ends_after_it_starts_and_names_whom_to_call() {
    let json = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../central-api/demo/forms/versammlungsanzeige.json"
    ))
    .unwrap();
    let d = FormDefinition::from_json(&json).unwrap();
    let with_times = |start: &str, end: &str| {
        answers(&format!(
            r#"{{"topic": "Radwege", "kind": "stationary", "expected_participants": "50",
                "date": "2025-06-01", "start_time": "{start}", "end_time": "{end}",
                "place": "Markt", "municipality": {{"ars": "010510044044", "name": "25746 Heide"}}}}"#
        ))
    };
    let at_ten = ctx().with_time(10, 0);
    let step = |start, end| codes(&validate_step(&d, &with_times(start, end), 0, &at_ten));
    assert_eq!(step("14:00", "16:00"), pairs(&[]));
    assert_eq!(
        step("14:00", "12:00"),
        pairs(&[("end_time", "rule:end_after_start")])
    );
    assert_eq!(
        step("14:00", "14:00"),
        pairs(&[("end_time", "rule:end_after_start")])
    );
    // Times, not texts: "9:30" is before "10:00" (as text it would sort after it).
    assert_eq!(step("9:30", "10:00"), pairs(&[]));
    assert_eq!(
        step("10:00", "9:30"),
        pairs(&[("end_time", "rule:end_after_start")])
    );
    // A start that is no time is that error alone: nothing to compare the end with.
    assert_eq!(
        step("25:61", "9:30"),
        pairs(&[("start_time", "invalid_time")])
    );
    let errors = validate_step(&d, &with_times("14:00", "12:00"), 0, &at_ten);
    assert_eq!(
        messages::message(&errors[0], &d, Lang::De),
        "Das voraussichtliche Ende muss nach dem Beginn liegen."
    );

    // Too late for a notice: the message says whom to call, with the number of the
    // authority the catalogue names for Versammlungsanzeigen (Kreis Dithmarschen).
    let catalogue = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../central-api/demo/catalogue.json"
    ))
    .unwrap();
    let catalogue: serde_json::Value = serde_json::from_str(&catalogue).unwrap();
    let phone = catalogue["authorities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "kreis-dithmarschen-ordnung")
        .unwrap()["phone"]
        .as_str()
        .unwrap()
        .to_owned();
    let soon = answers(
        r#"{"topic": "Radwege", "kind": "stationary", "expected_participants": "50",
            "date": "2025-05-12", "start_time": "09:00", "end_time": "12:00", "place": "Markt",
            "municipality": {"ars": "010510044044", "name": "25746 Heide"}}"#,
    );
    let errors = validate_step(&d, &soon, 0, &at_ten);
    assert_eq!(
        codes(&errors),
        pairs(&[("start_time", "rule:notice_48_hours")])
    );
    for lang in [Lang::De, Lang::En] {
        assert!(messages::message(&errors[0], &d, lang).contains(&phone));
    }
    let tomorrow = answers(
        r#"{"topic": "Radwege", "kind": "stationary", "expected_participants": "50",
            "date": "2025-05-11", "start_time": "09:00", "end_time": "12:00", "place": "Markt"}"#,
    );
    let errors = validate_step(&d, &tomorrow, 0, &at_ten);
    // The date's own error alone: the rule on the start time said the same again.
    assert_eq!(
        codes(&errors),
        pairs(&[("date", "date_too_early"), ("municipality", "required")])
    );
    for lang in [Lang::De, Lang::En] {
        assert!(messages::message(&errors[0], &d, lang).contains(&phone));
    }
}

#[test]
fn computed_values_use_visible_answers() {
    let d = def();
    let a =
        answers(r#"{"express": true, "owners": [{"name": "A"}, {"name": "B"}, {"name": "C"}]}"#);
    assert_eq!(
        compute(&d, &a, &ctx()),
        vec![
            ("fee".to_owned(), Value::Number(65.0)),
            ("per_owner".to_owned(), Value::Number(33.33)),
        ]
    );
    let none = compute(&d, &answers("{}"), &ctx());
    assert_eq!(none[0].1, Value::Number(20.0));
    assert_eq!(none[1].1, Value::Null, "division by zero");
    assert_eq!(serde_json::to_string(&none[1].1).unwrap(), "null");
}

#[test]
fn computed_values_read_as_the_language_writes_them() {
    use form_engine::compute::shown;
    assert_eq!(
        shown(&Value::Number(33.33), Lang::De).as_deref(),
        Some("33,33")
    );
    assert_eq!(
        shown(&Value::Number(33.33), Lang::En).as_deref(),
        Some("33.33")
    );
    assert_eq!(shown(&Value::Number(65.0), Lang::De).as_deref(), Some("65"));
    assert_eq!(shown(&Value::Number(f64::INFINITY), Lang::De), None);
    assert_eq!(shown(&Value::Null, Lang::En), None, "no value");
    assert_eq!(shown(&Value::Bool(true), Lang::De).as_deref(), Some("Ja"));
    assert_eq!(shown(&Value::Bool(false), Lang::En).as_deref(), Some("No"));
    assert_eq!(
        shown(&Value::List(vec!["a".into(), "b".into()]), Lang::De).as_deref(),
        Some("a, b")
    );
}

fn load_err(json: &str) -> String {
    FormDefinition::from_json(json)
        .expect_err("should not load")
        .to_string()
}

#[test]
fn loader_checks_rules_and_computed() {
    let with = |extra: &str| {
        format!(
            r#"{{"id": "t", "version": 1, "title": "T", {extra}
            "steps": [{{"id": "s", "title": "S", "sections": [{{"id": "a", "fields": [
              {{"id": "x", "type": "text", "label": "X"}},
              {{"id": "addr", "type": "address", "label": "A"}},
              {{"id": "i", "type": "info", "label": "I", "text": "T"}}]}}]}}]}}"#
        )
    };
    let e = load_err(&with(
        r#""rules": [{"id": "r", "assert": "y > 1", "path": "x", "message": "M"}],"#,
    ));
    assert!(
        e.contains("/rules/0/assert") && e.contains("unknown field `y`"),
        "{e}"
    );
    let e = load_err(&with(
        r#""rules": [{"id": "r", "assert": "x > 1", "path": "nope", "message": "M"}],"#,
    ));
    assert!(
        e.contains("/rules/0/path") && e.contains("unknown field `nope`"),
        "{e}"
    );
    let e = load_err(&with(
        r#""rules": [{"id": "r", "assert": "x > 1", "path": "i", "message": "M"}],"#,
    ));
    assert!(e.contains("takes no answer"), "{e}");
    let e = load_err(&with(
        r#""rules": [{"id": "r", "assert": "x > 1", "path": "x", "message": {"en": "M"}}],"#,
    ));
    assert!(e.contains("/rules/0/message/de"), "{e}");
    let e = load_err(&with(
        r#""rules": [{"id": "r", "assert": "x >", "path": "x", "message": "M"}],"#,
    ));
    assert!(
        e.contains("/rules/0/assert") && e.contains("position 4"),
        "{e}"
    );
    let e = load_err(&with(
        r#""rules": [{"id": "r", "assert": "1", "path": "x", "message": "M"},
                     {"id": "r", "assert": "1", "path": "x", "message": "M"}],"#,
    ));
    assert!(e.contains("duplicate rule id"), "{e}");
    let e = load_err(&with(
        r#""computed": [{"id": "x", "label": "L", "expr": "addr.town"}],"#,
    ));
    assert!(
        e.contains("duplicate id `x`") && e.contains("`addr` has no part `town`"),
        "{e}"
    );
    let ok = with(r#""computed": [{"id": "c", "label": "L", "expr": "addr.city"}],"#);
    assert!(FormDefinition::from_json(&ok).is_ok());
    let e = load_err(&with(
        r#""computed": [{"id": "c", "label": "L", "expr": "1", "typo": 1}],"#,
    ));
    assert!(e.contains("unknown property `typo`"), "{e}");
}

#[test]
fn step_rules_must_report_on_their_step() {
    let json = r#"{"id": "t", "version": 1, "title": "T", "steps": [
        {"id": "s1", "title": "S", "sections": [{"id": "a", "fields": [{"id": "x", "type": "text", "label": "X"}]}]},
        {"id": "s2", "title": "S", "rules": [{"id": "r", "assert": "x != ''", "path": "x", "message": "M"}],
         "sections": [{"id": "b", "fields": [{"id": "y", "type": "text", "label": "Y"}]}]}]}"#;
    let e = load_err(json);
    assert!(
        e.contains("/steps/1/rules/0/path") && e.contains("not on this step"),
        "{e}"
    );
}
