//! The committed JSON Schema matches the Rust types, and every demo
//! definition validates against it with an independent validator.
//!
//! Regenerate the file after changing the definition types:
//! `BLESS=1 cargo test -p form-engine --test schema`.

use std::path::{Path, PathBuf};

use form_engine::schema::definition_schema_pretty;

fn schema_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/form-definition.schema.json")
}

fn demo_forms() -> Vec<(PathBuf, serde_json::Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../central-api/demo/forms");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("demo forms folder exists") {
        let path = entry.expect("readable entry").path();
        if path.extension().and_then(|e| e.to_str()) == Some("json") {
            let text = std::fs::read_to_string(&path).expect("readable file");
            let value = serde_json::from_str(&text).expect("demo form is JSON");
            out.push((path, value));
        }
    }
    assert!(!out.is_empty(), "no demo forms in {}", dir.display());
    out
}

#[test]
fn committed_schema_is_current() {
    let generated = definition_schema_pretty();
    let path = schema_path();
    if std::env::var_os("BLESS").is_some() {
        std::fs::create_dir_all(path.parent().expect("has parent")).expect("create schema/");
        std::fs::write(&path, &generated).expect("write schema");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is out of date with the definition types; regenerate it with\n  BLESS=1 cargo test -p form-engine --test schema",
        path.display()
    );
}

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(schema_path()).expect("committed schema exists");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("schema is JSON");
    assert_eq!(
        schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
        "draft 2020-12"
    );
    jsonschema::draft202012::new(&schema).expect("schema is a valid draft 2020-12 schema")
}

#[test]
fn every_demo_form_validates_against_the_schema() {
    let validator = validator();
    for (path, form) in demo_forms() {
        let errors: Vec<String> = validator
            .iter_errors(&form)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(
            errors.is_empty(),
            "{}:\n{}",
            path.display(),
            errors.join("\n")
        );
    }
}

#[test]
fn schema_rejects_typos_and_unknown_types() {
    let validator = validator();
    let base = |field: serde_json::Value| {
        serde_json::json!({
            "id": "t", "version": 1, "title": "T",
            "steps": [{"id": "s", "title": "S", "sections": [{"id": "a", "fields": [field]}]}]
        })
    };
    let ok = base(serde_json::json!({"id": "f", "type": "text", "label": "F", "max_length": 5}));
    assert!(validator.is_valid(&ok));
    let typo = base(serde_json::json!({"id": "f", "type": "text", "label": "F", "maxlength": 5}));
    assert!(!validator.is_valid(&typo), "unknown property must fail");
    let kind = base(serde_json::json!({"id": "f", "type": "txt", "label": "F"}));
    assert!(!validator.is_valid(&kind), "unknown type must fail");
    let wrong = base(serde_json::json!({"id": "f", "type": "integer", "label": "F", "min": "1"}));
    assert!(!validator.is_valid(&wrong), "wrong value type must fail");
}

#[test]
fn readme_example_loads_and_matches_the_schema() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let after = readme
        .split("### A complete example")
        .nth(1)
        .expect("README has the example");
    let json = after
        .split("```json")
        .nth(1)
        .and_then(|s| s.split("```").next())
        .expect("a json block");
    let def = form_engine::FormDefinition::from_json(json).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(def.computed.len(), 1);
    let value: serde_json::Value = serde_json::from_str(json).expect("JSON");
    assert!(validator().is_valid(&value));
}
