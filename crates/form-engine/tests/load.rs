//! Loading definitions: every problem reported at once, with path and position.

use form_engine::{DefinitionError, FieldKind, FormDefinition, Lang};

fn errors(json: &str) -> Vec<DefinitionError> {
    match FormDefinition::from_json(json) {
        Ok(_) => panic!("expected errors"),
        Err(e) => e.0,
    }
}

fn paths(json: &str) -> Vec<String> {
    errors(json).into_iter().map(|e| e.path).collect()
}

/// A minimal valid form with the given fields in its only section.
fn form(fields: &str) -> String {
    format!(
        r#"{{
  "id": "f",
  "version": 1,
  "title": {{"de": "Formular", "en": "Form"}},
  "steps": [
    {{
      "id": "s1",
      "title": "Schritt",
      "sections": [
        {{
          "id": "sec",
          "fields": [{fields}]
        }}
      ]
    }}
  ]
}}"#
    )
}

#[test]
fn minimal_form_loads() {
    let def =
        FormDefinition::from_json(&form(r#"{"id": "a", "type": "text", "label": "A"}"#)).unwrap();
    assert_eq!(def.title.get(Lang::En), "Form");
    assert_eq!(def.languages, vec![Lang::De]);
    assert!(matches!(
        def.field("a").unwrap().kind,
        FieldKind::Text { .. }
    ));
    assert_eq!(def.step_index_of_field("a"), Some(0));
    assert_eq!(def.step_index_of_field("zz"), None);
}

#[test]
fn syntax_error_has_serde_position() {
    let e = errors("{\n  \"id\": \"f\",\n  \"version\": 1,\n}");
    assert_eq!(e.len(), 1);
    assert_eq!((e[0].line, e[0].column), (4, 1));
    assert_eq!(e[0].path, "");
    assert!(!e[0].message().contains("at line"), "{}", e[0].message());
}

#[test]
fn oversized_input_is_rejected_before_parsing() {
    let big = " ".repeat(form_engine::load::MAX_INPUT_BYTES + 1);
    let e = errors(&big);
    assert!(e[0].message().contains("larger than 2 MiB"));
}

#[test]
fn deep_nesting_is_rejected() {
    let deep = format!("{}1{}", "[".repeat(40), "]".repeat(40));
    let e = errors(&format!(r#"{{"id": "f", "x": {deep}}}"#));
    assert!(e[0].message().contains("nested deeper"));
    // The first node below the limit (depth 33: "x" is 1, each array one more), by its
    // pointer and place.
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].path, format!("/x{}", "/0".repeat(32)));
    assert_eq!((e[0].line, e[0].column), (1, 50));
}

#[test]
fn too_deep_names_the_first_such_node_in_document_order() {
    let deep = |n: usize| format!("{}1{}", "[".repeat(n), "]".repeat(n));
    let json = format!(
        r#"{{"a": {}, "b~/": {}, "c": {}}}"#,
        deep(10),
        deep(40),
        deep(40)
    );
    let e = errors(&json);
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].path, format!("/b~0~1{}", "/0".repeat(32)));
}

#[test]
fn unknown_field_type_points_at_type_with_line_and_column() {
    let json = form(
        r#"{"id": "a", "label": "A",
            "type": "strng"}"#,
    );
    let e = errors(&json);
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].path, "/steps/0/sections/0/fields/0/type");
    assert!(e[0].message().contains("unknown field type `strng`"));
    assert_eq!((e[0].line, e[0].column), (13, 21));
}

#[test]
fn every_problem_is_reported_at_once() {
    let json = form(
        r#"{"id": "a", "type": "text", "label": {"en": "A"}},
           {"id": "a", "type": "integer", "label": "B", "min": 5, "max": 1},
           {"id": "c", "type": "text", "label": "C", "pattern": "[a-"},
           {"id": "d", "type": "choice", "label": "D"},
           {"id": "e", "type": "text", "label": "E", "maxlength": 3}"#,
    );
    let p = paths(&json);
    let f = "/steps/0/sections/0/fields";
    assert_eq!(
        p,
        vec![
            format!("{f}/0/label/de"),
            format!("{f}/1/id"),
            format!("{f}/1/min"),
            format!("{f}/2/pattern"),
            format!("{f}/3/options"),
            format!("{f}/4/maxlength"),
        ]
    );
}

#[test]
fn messages_say_what_is_wrong() {
    let json = form(
        r#"{"id": "a", "type": "text", "label": "A", "min_length": 9, "max_length": 2},
           {"id": "a", "type": "text", "label": "B"}"#,
    );
    let e = errors(&json);
    assert!(
        e[0].message()
            .contains("`min_length` (9) is greater than `max_length` (2)"),
        "{}",
        e[0].message()
    );
    assert!(e[1].message().contains("duplicate field id `a`"));
    let display = form_engine::DefinitionErrors(e).to_string();
    assert!(display.starts_with("2 problems in the form definition:"));
    assert!(display.contains("line 12, column"));
}

#[test]
fn wrong_value_types_point_at_the_member() {
    let json = form(
        r#"{"id": "a", "type": "text", "label": "A", "max_length": "zehn"},
           {"id": "b", "type": "text", "label": "B", "required": "ja"},
           {"id": "c", "type": "choice", "label": "C", "options": [
              {"value": "x", "label": "X"}, {"value": "y"}]},
           {"id": "d", "type": "text", "label": {"de": 5}}"#,
    );
    let f = "/steps/0/sections/0/fields";
    assert_eq!(
        paths(&json),
        vec![
            format!("{f}/0/max_length"),
            format!("{f}/1/required"),
            format!("{f}/2/options/1"),
            format!("{f}/3/label/de"),
        ]
    );
}

#[test]
fn missing_properties_point_at_their_node() {
    let json = form(
        r#"{"id": "a", "type": "text"}, {"label": "B", "type": "text"}, {"id": "c", "label": "C"}"#,
    );
    let e = errors(&json);
    let f = "/steps/0/sections/0/fields";
    assert_eq!(e[0].path, format!("{f}/0"));
    assert!(
        e[0].message().contains("missing property `label`"),
        "{}",
        e[0].message()
    );
    assert_eq!(e[1].path, format!("{f}/1"));
    assert!(e[1].message().contains("`id`"));
    assert_eq!(e[2].path, format!("{f}/2"));
    assert!(e[2].message().contains("`type`"));
}

#[test]
fn head_problems_and_duplicate_steps() {
    let json = r#"{"id": "f", "version": 0, "title": {"en": "x"}, "colour": 1,
      "steps": [
        {"id": "s", "title": "S", "sections": [{"id": "a", "fields": [{"id": "x", "type": "email", "label": "X"}]}]},
        {"id": "s", "title": "T", "sections": []}
      ]}"#;
    let p = paths(json);
    assert!(p.contains(&"/colour".to_owned()), "{p:?}");
    assert!(p.contains(&"/steps/1/id".to_owned()), "{p:?}");
    assert!(p.contains(&"/steps/1/sections".to_owned()), "{p:?}");
    // version 0 and the title are checked once the head decodes.
    let json = json.replace(r#", "colour": 1"#, "");
    let p = paths(&json);
    assert!(p.contains(&"/version".to_owned()), "{p:?}");
    assert!(p.contains(&"/title/de".to_owned()), "{p:?}");
}

#[test]
fn invalid_ids_are_rejected() {
    let p = paths(&form(
        r#"{"id": "1st", "type": "text", "label": "A"}, {"id": "a-b", "type": "text", "label": "B"}"#,
    ));
    assert_eq!(p.len(), 2);
}

#[test]
fn conditions_are_parsed_and_must_use_earlier_fields() {
    let json = form(
        r#"{"id": "a", "type": "yes_no", "label": "A", "visible_when": "b == true"},
           {"id": "b", "type": "yes_no", "label": "B"},
           {"id": "c", "type": "text", "label": "C", "visible_when": "a == "},
           {"id": "d", "type": "text", "label": "D", "required_when": "nope"},
           {"id": "e", "type": "text", "label": "E", "visible_when": "b and not a"}"#,
    );
    let e = errors(&json);
    let f = "/steps/0/sections/0/fields";
    assert_eq!(e.len(), 3, "{e:?}");
    assert_eq!(e[0].path, format!("{f}/0/visible_when"));
    assert!(e[0].message().contains("not before it"));
    assert_eq!(e[1].path, format!("{f}/2/visible_when"));
    assert!(e[1].message().contains("position 6"), "{}", e[1].message());
    assert_eq!(e[2].path, format!("{f}/3/required_when"));
    assert!(e[2].message().contains("unknown field `nope`"));
}

#[test]
fn group_children_are_checked_and_scoped() {
    let json = form(
        r#"{"id": "g", "type": "group", "label": "G", "fields": [
              {"id": "x", "type": "text", "label": "X"},
              {"id": "y", "type": "text", "label": "Y", "visible_when": "answered(x)"},
              {"id": "z", "type": "integr", "label": "Z"}
           ]},
           {"id": "after", "type": "text", "label": "A", "visible_when": "x == 'a'"},
           {"id": "count", "type": "text", "label": "C", "visible_when": "len(g) > 1"}"#,
    );
    let p = paths(&json);
    let f = "/steps/0/sections/0/fields";
    // The broken child keeps its id; `x` is still only visible inside the group.
    assert_eq!(
        p,
        vec![
            format!("{f}/0/fields/2/type"),
            format!("{f}/1/visible_when")
        ]
    );
    let json = json.replace("integr", "integer");
    assert_eq!(paths(&json), vec![format!("{f}/1/visible_when")]);
}

#[test]
fn option_values_must_be_unique_and_messages_known() {
    let json = form(
        r#"{"id": "a", "type": "choice", "label": "A", "options": [
              {"value": "x", "label": "X"}, {"value": "x", "label": "Y"}],
            "messages": {"requird": "Bitte"}}"#,
    );
    let f = "/steps/0/sections/0/fields/0";
    assert_eq!(
        paths(&json),
        vec![
            format!("{f}/options/1/value"),
            format!("{f}/messages/requird")
        ]
    );
}

#[test]
fn files_may_accept_only_types_the_authority_can_check() {
    let json = form(
        r#"{"id": "plan", "type": "file", "label": "Plan",
            "accept": ["application/pdf", "image/*", ".JPG", "text/html", ".dwg"]}"#,
    );
    let found = errors(&json);
    let f = "/steps/0/sections/0/fields/0/accept";
    assert_eq!(
        found.iter().map(|e| e.path.as_str()).collect::<Vec<_>>(),
        [format!("{f}/3"), format!("{f}/4")]
    );
    assert!(
        found[0]
            .to_string()
            .contains("`accept` entry `text/html` names no file type whose content can be checked; use application/pdf, image/png"),
        "{}",
        found[0]
    );
}

#[test]
fn date_limits_are_checked() {
    let p = paths(&form(
        r#"{"id": "a", "type": "date", "label": "A", "min": "today+1y", "max": "today"},
           {"id": "b", "type": "date", "label": "B", "min": "gestern"}"#,
    ));
    let f = "/steps/0/sections/0/fields";
    assert_eq!(p, vec![format!("{f}/0/min"), format!("{f}/1/min")]);
}

#[test]
fn definition_roundtrips_through_serde() {
    let json = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../central-api/demo/forms/gewerbeanmeldung.json"
    ))
    .unwrap();
    let def = FormDefinition::from_json(&json).unwrap();
    let again = serde_json::to_string(&def).unwrap();
    assert_eq!(FormDefinition::from_json(&again).unwrap(), def);
    let direct: FormDefinition = serde_json::from_str(&again).unwrap();
    assert_eq!(direct, def);
}

#[test]
fn a_field_without_usable_id_turns_off_unknown_reference_checks() {
    let json = form(
        r#"{"type": "yes_no", "label": "A"},
           {"id": "b", "type": "text", "label": "B", "visible_when": "a == true"}"#,
    );
    assert_eq!(
        paths(&json),
        vec!["/steps/0/sections/0/fields/0".to_owned()]
    );
}

#[test]
fn a_language_the_form_promises_is_in_every_text() {
    let json = r#"{"id": "f", "version": 1, "title": {"de": "F", "en": "F"},
      "languages": ["de", "en"],
      "steps": [{"id": "s", "title": {"de": "S", "en": "S"}, "sections": [{"id": "a", "fields": [
        {"id": "x", "type": "text", "label": {"de": "X", "en": "X"}, "hint": "Nur deutsch"},
        {"id": "y", "type": "choice", "label": {"de": "Y", "en": "Y"},
         "options": [{"value": "1", "label": {"de": "Eins", "en": " "}}]}
      ]}]}]}"#;
    let e = errors(json);
    let p: Vec<&str> = e.iter().map(|e| e.path.as_str()).collect();
    // Each text without English is named where it is; a blank one counts as missing.
    assert_eq!(
        p,
        [
            "/steps/0/sections/0/fields/0/hint/en",
            "/steps/0/sections/0/fields/1/options/0/label/en"
        ],
        "{e:?}"
    );
    assert!(e[0].message().contains("`languages`"), "{}", e[0].message());
    // Without the promise, German texts alone are a complete form, shown in German.
    let german = json.replace(r#""languages": ["de", "en"],"#, "");
    let form = FormDefinition::from_json(&german).expect("German only");
    assert_eq!(form.languages, [Lang::De]);
}

#[test]
fn a_text_of_invisible_characters_is_no_text() {
    // A zero-width space as a label, Hangul fillers and a blank braille pattern as an
    // option's: nothing a citizen could read.
    let e = errors(&form(
        r#"{"id": "x", "type": "text", "label": "\u200b", "required": true},
           {"id": "y", "type": "choice", "label": "Y",
            "options": [{"value": "1", "label": "\u3164\u2800"}, {"value": "2", "label": "Zwei"}]}"#,
    ));
    let p: Vec<&str> = e.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(
        p,
        [
            "/steps/0/sections/0/fields/0/label/de",
            "/steps/0/sections/0/fields/1/options/0/label/de"
        ],
        "{e:?}"
    );
    assert!(
        e[0].message().contains("nothing to see"),
        "{}",
        e[0].message()
    );
}

#[test]
fn many_problems_are_listed_up_to_a_limit_then_counted() {
    // 30,000 fields, each with a problem, in a definition the size limit allows: each
    // problem listed would be located in the text, a walk of it each time.
    let fields: Vec<String> = (0..30_000)
        .map(|i| format!(r#"{{"id": "f{i}", "type": "text", "label": {{"en": "x"}}}}"#))
        .collect();
    let json = form(&fields.join(","));
    assert!(json.len() < form_engine::load::MAX_INPUT_BYTES);
    let started = std::time::Instant::now();
    let e = errors(&json);
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    assert_eq!(e.len(), form_engine::load::MAX_PROBLEMS + 1);
    assert_eq!(e[0].path, "/steps/0/sections/0/fields/0/label/de");
    let last = e.last().expect("the count");
    assert_eq!(
        last.kind,
        form_engine::DefinitionErrorKind::MoreProblems {
            more: 30_000 - form_engine::load::MAX_PROBLEMS
        }
    );
    assert!(
        last.message().contains("29900 more problems"),
        "{}",
        last.message()
    );
}
