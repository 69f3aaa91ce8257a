//! The `municipality` field type and the answer that decides the competent authority
//! (issue #18): decoding, where such a field may stand, validation, visibility.

mod common;

use common::{answers, check, ctx, form};
use form_engine::routing::{deciding_field, deciding_municipality};
use form_engine::{ErrorCode as E, FieldKind, FormDefinition};
use serde_json::json;

const DECIDING: &str = r#"{"id": "f", "type": "municipality", "decides_authority": true,
    "label": {"de": "Gemeinde der Betriebsstätte", "en": "Municipality of the premises"}}"#;

fn problems(json: &str) -> Vec<(String, String)> {
    FormDefinition::from_json(json)
        .expect_err("problems")
        .0
        .into_iter()
        .map(|e| (e.path.clone(), e.message()))
        .collect()
}

fn one_step(fields: &str) -> String {
    format!(
        r#"{{"id": "t", "version": 1, "title": "Test", "steps": [
            {{"id": "s1", "title": "Eins", "sections": [{{"id": "a", "fields": [{fields}]}}]}}]}}"#
    )
}

#[test]
fn decodes_and_round_trips() {
    let def = form(DECIDING);
    let FieldKind::Municipality(field) = &def.steps[0].sections[0].fields[0].kind else {
        panic!("a municipality field");
    };
    assert!(field.decides_authority);
    assert_eq!(deciding_field(&def).map(|f| f.id.as_str()), Some("f"));
    let json = serde_json::to_value(&def).unwrap();
    assert_eq!(
        json["steps"][0]["sections"][0]["fields"][0]["decides_authority"],
        true
    );
    let back: FormDefinition = serde_json::from_value(json).unwrap();
    assert_eq!(back, def);

    // Without the flag it is a plain question, and it is not written out.
    let plain = form(r#"{"id": "f", "type": "municipality", "label": "Ort"}"#);
    assert_eq!(deciding_field(&plain), None);
    let json = serde_json::to_value(&plain).unwrap();
    assert!(
        json["steps"][0]["sections"][0]["fields"][0]
            .get("decides_authority")
            .is_none()
    );
}

#[test]
fn one_deciding_field_per_form_and_never_in_a_group() {
    let second = DECIDING.replace(r#""id": "f""#, r#""id": "g""#);
    let p = problems(&one_step(&format!("{DECIDING}, {second}")));
    assert_eq!(
        p,
        [(
            "/steps/0/sections/0/fields/1/decides_authority".to_string(),
            "`f` already decides the authority: only one field of a form may".to_string()
        )]
    );

    let group = format!(
        r#"{{"id": "plots", "type": "group", "label": "Grundstücke", "fields": [{DECIDING}]}}"#
    );
    let p = problems(&one_step(&group));
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(
        p[0].0,
        "/steps/0/sections/0/fields/0/fields/0/decides_authority"
    );
    assert!(p[0].1.contains("cannot be inside a group"), "{}", p[0].1);

    let p = problems(&one_step(
        r#"{"id": "f", "type": "municipality", "label": "Ort", "decides_authority": "yes"}"#,
    ));
    assert_eq!(p[0].0, "/steps/0/sections/0/fields/0/decides_authority");
}

#[test]
fn an_answer_is_an_ars_and_a_name() {
    let good = json!({"ars": "010510011011", "name": "25541 Brunsbüttel"});
    assert_eq!(check(DECIDING, good), []);
    for bad in [
        json!("010510011011"),
        json!({"ars": "25541", "name": "Brunsbüttel"}),
        json!({"ars": "010510011011"}),
        json!({"ars": "010510011011", "name": ""}),
        json!({"ars": "010510011011", "name": "x", "street": "Markt"}),
        json!(["010510011011"]),
    ] {
        assert_eq!(
            check(DECIDING, bad.clone()),
            [("f".to_string(), E::InvalidValue)],
            "{bad}"
        );
    }
}

#[test]
fn the_deciding_answer_counts_only_where_it_is_shown() {
    let def = form(&format!(
        r#"{{"id": "here", "type": "yes_no", "label": "Hier?"}},
           {}"#,
        DECIDING.replace(
            r#""decides_authority": true,"#,
            r#""decides_authority": true, "visible_when": "here == false","#
        )
    ));
    let shown =
        answers(r#"{"here": false, "f": {"ars": "010510011011", "name": "25541 Brunsbüttel"}}"#);
    assert_eq!(
        deciding_municipality(&def, &shown, &ctx()),
        Some(("010510011011", "25541 Brunsbüttel"))
    );
    let hidden =
        answers(r#"{"here": true, "f": {"ars": "010510011011", "name": "25541 Brunsbüttel"}}"#);
    assert_eq!(deciding_municipality(&def, &hidden, &ctx()), None);
    let malformed = answers(r#"{"here": false, "f": {"ars": "0105", "name": "x"}}"#);
    assert_eq!(deciding_municipality(&def, &malformed, &ctx()), None);
}

#[test]
fn conditions_may_read_its_parts() {
    let def = FormDefinition::from_json(&one_step(&format!(
        r#"{DECIDING}, {{"id": "note", "type": "text", "label": "Hinweis",
            "visible_when": "f.ars == \"010510011011\""}}"#
    )));
    assert!(def.is_ok(), "{:?}", def.err());
    let p = problems(&one_step(&format!(
        r#"{DECIDING}, {{"id": "note", "type": "text", "label": "Hinweis",
            "visible_when": "f.street == \"x\""}}"#
    )));
    assert_eq!(p.len(), 1, "{p:?}");
}
