//! Whole journeys through the shipped demo forms.

mod common;

use common::{answers, ctx};
use form_engine::journey::{can_visit, first_incomplete_step, next_step, previous_step};
use form_engine::messages::message;
use serde_json::json;

use form_engine::{FormDefinition, Lang, validate_form, validate_step, visible_answers};

fn demo(name: &str) -> FormDefinition {
    let path = format!(
        "{}/../central-api/demo/forms/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let json = std::fs::read_to_string(&path).expect("demo form exists");
    FormDefinition::from_json(&json).unwrap_or_else(|e| panic!("{e}"))
}

/// The complete GewA 1 application shared with the API's tests
/// (`crates/central-api/demo/answers/gewerbeanmeldung.json`; its start date suits
/// [`ctx`]'s today, 2025-05-10).
fn gewerbeanmeldung_answers() -> serde_json::Value {
    let path = format!(
        "{}/../central-api/demo/answers/gewerbeanmeldung.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("answers exist")).expect("JSON")
}

fn with(mut a: serde_json::Value, changes: serde_json::Value) -> form_engine::Answers {
    for (k, v) in changes.as_object().expect("object") {
        a[k] = v.clone();
    }
    serde_json::from_value(a).expect("answers")
}

fn error_paths(def: &FormDefinition, a: &form_engine::Answers) -> Vec<String> {
    validate_form(def, a, &ctx())
        .into_iter()
        .map(|e| e.path)
        .collect()
}

#[test]
fn gewerbeanmeldung_complete_application_is_valid() {
    let def = demo("gewerbeanmeldung");
    let titles: Vec<_> = def.steps.iter().map(|s| s.title.get(Lang::De)).collect();
    assert_eq!(
        titles,
        ["Betrieb", "Inhaberin oder Inhaber", "Betriebsstätte"]
    );
    let a = with(gewerbeanmeldung_answers(), json!({}));
    assert_eq!(validate_form(&def, &a, &ctx()), vec![]);
    assert_eq!(first_incomplete_step(&def, &a, &ctx()), None);
    // The premises' municipality decides the authority.
    assert_eq!(
        form_engine::routing::deciding_municipality(&def, &a, &ctx()),
        Some(("010510044044", "25746 Heide"))
    );
}

#[test]
fn gewerbeanmeldung_asks_what_gewa_1_requires() {
    let def = demo("gewerbeanmeldung");
    let mut empty = gewerbeanmeldung_answers();
    for id in [
        "business_kind",
        "side_business",
        "reason",
        "establishment_type",
        "registered",
        "birth_date",
        "birth_place",
        "nationality",
        "home_address",
    ] {
        empty.as_object_mut().expect("object").remove(id);
    }
    assert_eq!(
        error_paths(&def, &with(empty, json!({}))),
        [
            "business_kind",
            "side_business",
            "reason",
            "establishment_type",
            "registered",
            "birth_date",
            "birth_place",
            "nationality",
            "home_address"
        ]
    );
}

#[test]
fn gewerbeanmeldung_conditional_gewa_1_fields() {
    let def = demo("gewerbeanmeldung");
    let base = gewerbeanmeldung_answers;
    // A GmbH names its legal representatives; a GbR its managing partners.
    let a = with(base(), json!({"legal_form": "gmbh", "registered": true}));
    assert_eq!(
        error_paths(&def, &a),
        [
            "representatives_count",
            "register_type",
            "register_court",
            "register_number"
        ]
    );
    let a = with(
        base(),
        json!({"legal_form": "gmbh", "representatives_count": "1", "registered": true,
            "register_type": "hrb", "register_court": "Amtsgericht Kiel", "register_number": "HRB 12345"}),
    );
    assert_eq!(error_paths(&def, &a), Vec::<String>::new());
    assert_eq!(
        error_paths(&def, &with(base(), json!({"legal_form": "gbr"}))),
        ["partners_count"]
    );
    // A takeover names the previous owner; a move the previous premises; a branch its main establishment.
    assert_eq!(
        error_paths(&def, &with(base(), json!({"reason": "uebernahme"}))),
        ["previous_owner"]
    );
    assert_eq!(
        error_paths(
            &def,
            &with(
                base(),
                json!({"reason": "zuzug", "establishment_type": "zweigniederlassung"})
            )
        ),
        ["main_establishment_address", "previous_address"]
    );
    // Craft businesses say whether they have a craft card; permits are described.
    assert_eq!(
        error_paths(
            &def,
            &with(
                base(),
                json!({"business_kind": ["handwerk", "handel"], "permit_needed": true})
            )
        ),
        ["permit_kind", "craft_card"]
    );
    // Nationals of states outside the EU, the EEA and Switzerland answer for their residence permit.
    for (code, asked) in [
        ("DEU", false),
        ("AUT", false),
        ("CHE", false),
        ("TUR", true),
        ("XXA", true),
    ] {
        let errors = error_paths(&def, &with(base(), json!({ "nationality": code })));
        assert_eq!(errors == ["residence_permit"], asked, "{code}: {errors:?}");
    }
    // An unknown code is refused (and, being no EU code, asks for the residence permit).
    let a = with(base(), json!({"nationality": "ZZZ"}));
    assert_eq!(error_paths(&def, &a), ["nationality", "residence_permit"]);
}

#[test]
fn gewerbeanmeldung_nationality_is_a_full_code_list() {
    let def = demo("gewerbeanmeldung");
    let field = def
        .steps
        .iter()
        .flat_map(|s| &s.sections)
        .flat_map(|s| &s.fields)
        .find(|f| f.id == "nationality")
        .expect("nationality field");
    let form_engine::FieldKind::CodeList(list) = &field.kind else {
        panic!("nationality is a code list: {:?}", field.kind)
    };
    assert!(list.options.len() >= 200, "{} entries", list.options.len());
    let label = |code: &str| {
        let o = list.options.iter().find(|o| o.value == code).expect(code);
        (
            o.label.get(Lang::De).to_owned(),
            o.label.get(Lang::En).to_owned(),
        )
    };
    assert_eq!(list.options[0].value, "DEU", "Germany comes first");
    assert_eq!(label("DEU"), ("Deutschland".into(), "Germany".into()));
    assert_eq!(label("FRA"), ("Frankreich".into(), "France".into()));
    assert_eq!(label("TUR"), ("Türkei".into(), "Türkiye".into()));
    assert_eq!(label("UKR"), ("Ukraine".into(), "Ukraine".into()));
    assert_eq!(label("XKX").0, "Kosovo");
    assert_eq!(label("XXA").0, "staatenlos");
    let mut values: Vec<_> = list.options.iter().map(|o| &o.value).collect();
    values.sort();
    values.dedup();
    assert_eq!(values.len(), list.options.len(), "codes are unique");
}

#[test]
fn gewerbeanmeldung_journey_stops_at_the_first_invalid_step() {
    let def = demo("gewerbeanmeldung");
    let a = answers(r#"{"trade_name": "Jensen"}"#);
    let errs = validate_step(&def, &a, 0, &ctx());
    let paths: Vec<_> = errs.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(
        paths,
        vec![
            "legal_form",
            "activity",
            "business_kind",
            "side_business",
            "start_date",
            "reason",
            "establishment_type",
            "registered"
        ]
    );
    assert_eq!(
        message(&errs[1], &def, Lang::En),
        "Enter “Business activity”."
    );
    assert_eq!(next_step(&def, &a, 0, &ctx()), Some(1));
    assert_eq!(previous_step(&def, &a, 0, &ctx()), None);
    assert!(can_visit(&def, &a, 0, &ctx()));
    assert!(!can_visit(&def, &a, 1, &ctx()));
    assert_eq!(first_incomplete_step(&def, &a, &ctx()), Some(0));
}

#[test]
fn kleiner_waffenschein_needs_applicants_of_eighteen() {
    let def = demo("kleiner-waffenschein");
    // Today is 2025-05-10 in the tests.
    let a = answers(r#"{"birth_date": "2007-05-11"}"#);
    let err = validate_form(&def, &a, &ctx())
        .into_iter()
        .find(|e| e.path == "birth_date")
        .expect("birth date error");
    assert_eq!(err.code.key(), "date_too_late");
    assert!(message(&err, &def, Lang::De).contains("mindestens 18 Jahre"));
    let a = answers(r#"{"birth_date": "2007-05-10"}"#);
    assert!(
        validate_form(&def, &a, &ctx())
            .iter()
            .all(|e| e.path != "birth_date")
    );
}

#[test]
fn versammlungsanzeige_route_only_for_marches_and_48_hours_ahead() {
    let def = demo("versammlungsanzeige");
    let a = answers(r#"{"kind": "stationary", "route": "Markt – Bahnhof", "date": "2025-05-11"}"#);
    let errs = validate_form(&def, &a, &ctx());
    assert!(errs.iter().all(|e| e.path != "route"));
    assert!(
        errs.iter()
            .any(|e| e.path == "date" && e.code.key() == "date_too_early")
    );
    assert!(visible_answers(&def, &a, &ctx()).get("route").is_none());
    let a = answers(r#"{"kind": "march"}"#);
    assert!(
        validate_form(&def, &a, &ctx())
            .iter()
            .any(|e| e.path == "route")
    );
}

#[test]
fn baumfaellgenehmigung_trees_are_validated_per_item() {
    let def = demo("baumfaellgenehmigung");
    let a = answers(
        r#"{"role": "owner", "trees": [
            {"species": "Stieleiche", "girth_cm": "180", "crown_diameter_m": "12,5", "measure": "felling"},
            {"species": "Birke", "girth_cm": "achtzig", "measure": "felling"}]}"#,
    );
    let errs = validate_form(&def, &a, &ctx());
    assert!(
        errs.iter()
            .any(|e| e.path == "trees.1.girth_cm" && e.code.key() == "not_an_integer")
    );
    assert!(errs.iter().all(|e| !e.path.starts_with("trees.0")));
    // Owners do not see the power-of-attorney section.
    assert!(errs.iter().all(|e| e.path != "power_of_attorney"));
}
