//! Whole journeys through the shipped demo forms.

mod common;

use common::{answers, ctx};
use form_engine::journey::{can_visit, first_incomplete_step, next_step, previous_step};
use form_engine::messages::message;
use form_engine::{FormDefinition, Lang, validate_form, validate_step, visible_answers};

fn demo(name: &str) -> FormDefinition {
    let path = format!(
        "{}/../central-api/demo/forms/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let json = std::fs::read_to_string(&path).expect("demo form exists");
    FormDefinition::from_json(&json).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn gewerbeanmeldung_complete_application_is_valid() {
    let def = demo("gewerbeanmeldung");
    assert_eq!(def.steps.len(), 3);
    let a = answers(
        r#"{"trade_name": "Fahrradhandel Jensen", "legal_form": "einzelunternehmen",
            "activity": "Einzelhandel mit Fahrrädern und Zubehör", "start_date": "2025-06-01",
            "employees": "2", "first_name": "Jan", "last_name": "Jensen", "email": "jan@example.de",
            "street": "Markt", "house_number": "12a", "postcode": "25746", "place": "Heide",
            "municipality": {"ars": "010510044044", "name": "25746 Heide"}}"#,
    );
    assert_eq!(validate_form(&def, &a, &ctx()), vec![]);
    assert_eq!(first_incomplete_step(&def, &a, &ctx()), None);
    // The premises' municipality decides the authority.
    assert_eq!(
        form_engine::routing::deciding_municipality(&def, &a, &ctx()),
        Some(("010510044044", "25746 Heide"))
    );
}

#[test]
fn gewerbeanmeldung_journey_stops_at_the_first_invalid_step() {
    let def = demo("gewerbeanmeldung");
    let a = answers(r#"{"trade_name": "Jensen"}"#);
    let errs = validate_step(&def, &a, 0, &ctx());
    let paths: Vec<_> = errs.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, vec!["legal_form", "activity", "start_date"]);
    assert_eq!(
        message(&errs[1], &def, Lang::En),
        "Enter business activity."
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
