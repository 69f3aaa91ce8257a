//! Every demo definition shipped with the API must load without problems.

use std::path::Path;

use form_engine::FormDefinition;

#[test]
fn every_demo_form_loads() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../central-api/demo/forms");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).expect("demo forms folder exists") {
        let path = entry.expect("readable entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let json = std::fs::read_to_string(&path).expect("readable file");
        let def =
            FormDefinition::from_json(&json).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        // `<id>.json` holds the current version; `<id>.v<N>.json` an older one, kept
        // so that drafts made for it can be moved to the current version.
        let (id, older) = match stem.rsplit_once(".v") {
            Some((id, n)) => (id, n.parse::<u32>().ok()),
            None => (stem, None),
        };
        assert_eq!(
            def.id,
            id,
            "{}: id must match the file name",
            path.display()
        );
        if let Some(version) = older {
            assert_eq!(
                def.version,
                version,
                "{}: version in the file name",
                path.display()
            );
        }
        count += 1;
    }
    assert!(count >= 1, "no demo forms found in {}", dir.display());
}

#[test]
fn checked_definitions_decode_the_same_without_the_meaning_pass() {
    let dir = format!("{}/../central-api/demo/forms", env!("CARGO_MANIFEST_DIR"));
    for entry in std::fs::read_dir(&dir).expect("demo forms folder exists") {
        let path = entry.expect("readable entry").path();
        let json = std::fs::read_to_string(&path).expect("readable file");
        let checked = FormDefinition::from_json(&json).expect("valid demo form");
        let trusted = FormDefinition::from_checked_json(&json).expect("decodes");
        assert_eq!(checked, trusted, "{}", path.display());
    }
    // The difference: a meaning error (a duplicate field id) is only found by from_json;
    // a structural one is found by both.
    let duplicate = r#"{"id": "t", "version": 1, "title": "T", "steps": [{"id": "s", "title": "S",
        "sections": [{"id": "a", "fields": [
            {"id": "x", "type": "text", "label": "X"},
            {"id": "x", "type": "text", "label": "X"}]}]}]}"#;
    assert!(FormDefinition::from_json(duplicate).is_err());
    assert!(FormDefinition::from_checked_json(duplicate).is_ok());
    let wrong_type = duplicate.replace(r#""version": 1"#, r#""version": "one""#);
    assert!(FormDefinition::from_checked_json(&wrong_type).is_err());
    // Broken JSON: both name the place; only from_json gives serde_json's words for it.
    let broken = duplicate.replace(r#""title": "T","#, r#""title": "T""#);
    let syntax = |errors: form_engine::DefinitionErrors| {
        let e = &errors.0[0];
        match &e.kind {
            form_engine::DefinitionErrorKind::Syntax { detail } => {
                (e.line, e.column, detail.clone())
            }
            other => panic!("not a syntax error: {other:?}"),
        }
    };
    let full = syntax(FormDefinition::from_json(&broken).unwrap_err());
    let checked = syntax(FormDefinition::from_checked_json(&broken).unwrap_err());
    assert_eq!((checked.0, checked.1), (full.0, full.1));
    assert_eq!(full.2, "expected `,` or `}`");
    assert_eq!(checked.2, "not valid JSON");
}
