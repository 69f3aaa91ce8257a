//! The condition language: parsing, errors with positions, evaluation, and
//! its effect on validation and on the answers kept.

mod common;

use common::{answers, ctx, form};
use form_engine::expr::Scope;
use form_engine::{
    Condition, Date, ErrorCode, validate_form, validate_step, visible_answers, visible_fields,
    visible_steps,
};

fn eval(src: &str, json: &str) -> bool {
    let a = answers(json);
    let c = Condition::parse(src).unwrap_or_else(|e| panic!("{src}: {e}"));
    c.eval(&Scope::new(&a, Date::new(2025, 5, 10).unwrap()))
}

#[test]
fn comparisons_on_text_numbers_and_bools() {
    let a = r#"{"kind": "gmbh", "n": "12", "x": "2,5", "yes": true, "d": "2025-05-01"}"#;
    assert!(eval("kind == 'gmbh'", a));
    assert!(eval("kind != \"ug\"", a));
    assert!(eval("n > 9", a), "numeric, not lexicographic");
    assert!(eval("n >= 12 and n <= 12", a));
    assert!(eval("x < 3", a), "decimal comma");
    assert!(eval("yes == true", a));
    assert!(eval("yes", a));
    assert!(eval("d < '2025-06-01'", a), "ISO dates compare as text");
    assert!(!eval("kind == 5", a));
}

#[test]
fn unanswered_compares_as_no_value() {
    assert!(!eval("missing == ''", "{}"));
    assert!(eval("missing != 'x'", "{}"));
    assert!(!eval("missing < 5", "{}"));
    assert!(!eval("missing >= 5", "{}"));
    assert!(!eval("blank == '  '", r#"{"blank": "  "}"#));
}

#[test]
fn boolean_operators_and_precedence() {
    let a = r#"{"a": true, "b": false}"#;
    assert!(eval("a or b and false", a), "and binds tighter than or");
    assert!(!eval("(a or b) and false", a));
    assert!(eval("not b", a));
    assert!(eval("not not a", a));
    assert!(eval("a and not (b or false)", a));
}

#[test]
fn functions_and_in() {
    let a =
        r#"{"t": " Heide ", "l": ["x", "y"], "g": [{"n": "1"}, {"n": "2"}], "born": "2007-05-11"}"#;
    assert!(eval("answered(t)", a));
    assert!(!eval("answered(nothing)", a));
    assert!(eval("len(t) == 5", a), "trimmed");
    assert!(eval("len(l) == 2 and len(g) == 2 and len(nothing) == 0", a));
    assert!(eval("contains(l, 'y')", a));
    assert!(!eval("contains(l, 'z')", a));
    assert!(eval("t in ['Heide', 'Meldorf']", a));
    assert!(eval("l in ['y']", a), "a list is in if any element is");
    assert!(!eval("t in []", a));
    assert!(eval("age(born) == 17", a));
    assert!(!eval("age(t) >= 0", a));
}

#[test]
fn syntax_errors_have_positions() {
    let cases = [
        ("a = 1", 3, "=="),
        ("a == ", 6, "ends too early"),
        ("(a == 1", 8, "`)`"),
        ("a == 1 b", 8, "unexpected `b`"),
        ("foo(a)", 1, "unknown function"),
        ("a in [b]", 7, "expected a text"),
        ("'open", 1, "not closed"),
        ("a & b", 3, "unexpected character"),
        ("", 1, "empty"),
        ("and", 1, "unexpected `and`"),
        ("contains(a)", 11, "`,`"),
    ];
    for (src, pos, text) in cases {
        let e = Condition::parse(src).expect_err(src);
        assert_eq!(e.position, pos, "{src}: {e}");
        assert!(e.to_string().contains(text), "{src}: {e}");
    }
}

#[test]
fn size_and_depth_are_bounded() {
    let deep = format!("{}a{}", "(".repeat(100), ")".repeat(100));
    assert!(
        Condition::parse(&deep)
            .unwrap_err()
            .kind
            .to_string()
            .contains("nested deeper")
    );
    let nots = format!("{}a", "not ".repeat(100));
    assert!(Condition::parse(&nots).is_err());
    let long = vec!["a == 1"; 300].join(" or ");
    assert!(
        Condition::parse(&long)
            .unwrap_err()
            .kind
            .to_string()
            .contains("longer than")
    );
    let ok = vec!["a == 1"; 50].join(" or ");
    assert!(Condition::parse(&ok).is_ok(), "long flat chains are fine");
}

#[test]
fn referenced_fields_in_order() {
    let c = Condition::parse("a == 1 or (len(b) > 0 and not contains(c, 'x'))").unwrap();
    assert_eq!(c.referenced_fields(), vec!["a", "b", "c"]);
}

const CONDITIONAL: &str = r#"
    {"id": "has_staff", "type": "yes_no", "label": "Beschäftigte?", "required": true},
    {"id": "staff", "type": "integer", "label": "Anzahl", "required": true, "visible_when": "has_staff == true"},
    {"id": "big", "type": "text", "label": "Betriebsrat", "visible_when": "staff > 20", "required": true},
    {"id": "note", "type": "text", "label": "Notiz", "required_when": "has_staff == false"},
    {"id": "info", "type": "info", "label": "Hinweis", "text": "Text"}"#;

#[test]
fn hidden_fields_are_not_validated() {
    let def = form(CONDITIONAL);
    let errs = validate_form(
        &def,
        &answers(r#"{"has_staff": false, "staff": "x", "note": ""}"#),
        &ctx(),
    );
    let paths: Vec<_> = errs.iter().map(|e| (e.path.as_str(), &e.code)).collect();
    assert_eq!(paths, vec![("note", &ErrorCode::Required)]);
    let errs = validate_form(
        &def,
        &answers(r#"{"has_staff": true, "staff": "x"}"#),
        &ctx(),
    );
    let paths: Vec<_> = errs.iter().map(|e| (e.path.as_str(), &e.code)).collect();
    assert_eq!(paths, vec![("staff", &ErrorCode::NotAnInteger)]);
}

#[test]
fn answers_of_hidden_fields_cannot_switch_others_on() {
    let def = form(CONDITIONAL);
    // `staff` is stale (has_staff is now false), so `big` stays hidden.
    let a = answers(
        r#"{"has_staff": false, "staff": "50", "big": "ja", "note": "n", "junk": "x", "info": "x"}"#,
    );
    let visible = visible_answers(&def, &a, &ctx());
    assert_eq!(
        serde_json::to_string(&visible).unwrap(),
        r#"{"has_staff":false,"note":"n"}"#
    );
    let a = answers(r#"{"has_staff": true, "staff": "50", "big": "ja"}"#);
    let visible = visible_answers(&def, &a, &ctx());
    assert_eq!(
        serde_json::to_string(&visible).unwrap(),
        r#"{"big":"ja","has_staff":true,"staff":"50"}"#
    );
}

fn two_steps() -> form_engine::FormDefinition {
    let json = r#"{"id": "t", "version": 1, "title": "T", "steps": [
        {"id": "one", "title": "1", "sections": [{"id": "a", "fields": [
            {"id": "kind", "type": "choice", "label": "Art", "required": true, "options": [
                {"value": "person", "label": "Person"}, {"value": "firma", "label": "Firma"}]}]}]},
        {"id": "two", "title": "2", "visible_when": "kind == 'firma'", "sections": [
            {"id": "b", "fields": [{"id": "name", "type": "text", "label": "Firma", "required": true}]},
            {"id": "c", "visible_when": "false", "fields": [{"id": "hidden", "type": "text", "label": "X", "required": true}]}]},
        {"id": "three", "title": "3", "sections": [{"id": "d", "fields": [
            {"id": "mail", "type": "email", "label": "E-Mail", "required": true}]}]}]}"#;
    form_engine::FormDefinition::from_json(json).unwrap()
}

#[test]
fn step_and_section_conditions() {
    let def = two_steps();
    let person = answers(r#"{"kind": "person"}"#);
    assert_eq!(visible_steps(&def, &person, &ctx()), vec![0, 2]);
    assert!(
        validate_step(&def, &person, 1, &ctx()).is_empty(),
        "hidden step"
    );
    let firma = answers(r#"{"kind": "firma"}"#);
    assert_eq!(visible_steps(&def, &firma, &ctx()), vec![0, 1, 2]);
    let errs = validate_step(&def, &firma, 1, &ctx());
    assert_eq!(errs.len(), 1, "hidden section not validated: {errs:?}");
    assert_eq!(errs[0].path, "name");
    assert_eq!(validate_step(&def, &firma, 2, &ctx())[0].path, "mail");
    assert!(validate_step(&def, &firma, 9, &ctx()).is_empty());
}

#[test]
fn group_children_see_their_item_and_outer_answers() {
    let def = form(
        r#"{"id": "country_de", "type": "yes_no", "label": "In DE?"},
           {"id": "people", "type": "group", "label": "Personen", "fields": [
              {"id": "role", "type": "choice", "label": "Rolle", "options": [{"value": "lead", "label": "Leitung"}, {"value": "other", "label": "Andere"}]},
              {"id": "phone", "type": "phone", "label": "Telefon", "required_when": "role == 'lead'"},
              {"id": "pc", "type": "postcode", "label": "PLZ", "visible_when": "country_de"}]}"#,
    );
    let a = answers(
        r#"{"country_de": false, "people": [{"role": "lead", "pc": "x"}, {"role": "other", "pc": "x"}]}"#,
    );
    let errs = validate_form(&def, &a, &ctx());
    assert_eq!(
        errs.iter().map(|e| e.path.as_str()).collect::<Vec<_>>(),
        vec!["people.0.phone"]
    );
    let visible = visible_answers(&def, &a, &ctx());
    assert_eq!(
        serde_json::to_string(&visible).unwrap(),
        r#"{"country_de":false,"people":[{"role":"lead"},{"role":"other"}]}"#
    );
}

#[test]
fn visible_fields_name_what_the_portal_shows() {
    let def = form(
        r#"{"id": "country_de", "type": "yes_no", "label": "In DE?"},
           {"id": "note", "type": "info", "label": "Hinweis", "text": "Nur in DE", "visible_when": "country_de"},
           {"id": "people", "type": "group", "label": "Personen", "fields": [
              {"id": "name", "type": "text", "label": "Name"},
              {"id": "pc", "type": "postcode", "label": "PLZ", "visible_when": "country_de"}]}"#,
    );
    let shown = |json: &str| visible_fields(&def, &answers(json), &ctx());
    assert_eq!(
        shown(r#"{"country_de": false, "people": [{"name": "A"}, {}]}"#),
        ["country_de", "people", "people.0.name", "people.1.name"]
    );
    assert_eq!(
        shown(r#"{"country_de": true, "people": [{"name": "A"}]}"#),
        [
            "country_de",
            "note",
            "people",
            "people.0.name",
            "people.0.pc"
        ]
    );
}
