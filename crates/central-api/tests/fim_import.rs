// SPDX-License-Identifier: EUPL-1.2
//! FIM import (`central-api import-fim`) on the two real schemas in ../shared/fim (beside
//! the repository) and on broken input.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
};

use central_api::fim::{self, FimError, ImportOptions};
use form_engine::field_types::{
    CodeListField, DateTimeField, DecimalField, GroupField, IntegerField, MultiChoiceField,
    TextField, TextareaField, YesNoField,
};
use form_engine::{Field, FieldKind, FormDefinition};

const XDF_NS: &str = "urn:xoev-de:fim:standard:xdatenfelder_2";

fn shared(folder: &str) -> PathBuf {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/fim")).join(folder);
    assert!(
        dir.is_dir(),
        "the FIM test schemas are missing: expected {} (the `shared` folder beside the repository)",
        dir.display()
    );
    dir
}

fn schema(folder: &str) -> PathBuf {
    shared(folder).join(format!("{folder}.xml"))
}

fn all_fields(def: &FormDefinition) -> BTreeMap<String, Field> {
    fn walk(fields: &[Field], out: &mut BTreeMap<String, Field>) {
        for f in fields {
            out.insert(f.id.clone(), f.clone());
            walk(f.children(), out);
        }
    }
    let mut out = BTreeMap::new();
    for step in &def.steps {
        for section in &step.sections {
            walk(&section.fields, &mut out);
        }
    }
    out
}

/// Every `datenfeld` occurrence of the source, with its multiplicity and `praezisierung`.
fn source_fields(xml: &str) -> Vec<(String, String, String, String, bool)> {
    let doc = roxmltree::Document::parse(xml).expect("schema parses");
    fn x<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
        n.children().find(|c| {
            c.is_element()
                && c.tag_name().name() == name
                && c.tag_name().namespace() == Some(XDF_NS)
        })
    }
    doc.descendants()
        .filter(|n| n.has_tag_name((XDF_NS, "datenfeld")))
        .map(|n| {
            let id = x(x(n, "identifikation").unwrap(), "id")
                .unwrap()
                .text()
                .unwrap()
                .to_owned();
            let feldart = x(n, "feldart")
                .unwrap()
                .first_element_child()
                .unwrap()
                .text()
                .unwrap()
                .to_owned();
            let datentyp = x(n, "datentyp")
                .unwrap()
                .first_element_child()
                .unwrap()
                .text()
                .unwrap()
                .to_owned();
            let praezisierung = x(n, "praezisierung")
                .and_then(|p| p.text())
                .unwrap_or("")
                .to_owned();
            let has_list = x(n, "codelisteReferenz").is_some();
            (id, feldart, datentyp, praezisierung, has_list)
        })
        .collect()
}

fn check_schema(folder: &str, expected_lists: usize) {
    let path = schema(folder);
    let import = fim::import_file(&path, &ImportOptions::default()).expect("imports");
    // The summary names the time taken, printed rather than asserted (shared machines).
    eprintln!("{folder}: {}", import.summary());
    // Loads in the engine.
    let def = FormDefinition::from_json(&import.json).expect("output loads in the engine");
    let fields = all_fields(&def);
    let xml = std::fs::read_to_string(&path).unwrap();
    let source = source_fields(&xml);
    assert_eq!(
        import.field_map.len(),
        source.len(),
        "one field per datenfeld occurrence"
    );
    assert_eq!(import.stats.fields, source.len());
    assert_eq!(import.stats.code_lists, expected_lists);
    let warned: BTreeSet<&str> = import.warnings.iter().map(|w| w.element.as_str()).collect();
    for ((fim_id, field_id), (src_id, feldart, datentyp, praez, has_list)) in
        import.field_map.iter().zip(&source)
    {
        assert_eq!(fim_id, src_id, "document order");
        let field = fields
            .get(field_id)
            .unwrap_or_else(|| panic!("{fim_id} -> {field_id} missing in the output"));
        // Constraints: every praezisierung value is on the field, or a warning names the field.
        let p: serde_json::Map<String, serde_json::Value> = if praez.is_empty() {
            Default::default()
        } else {
            serde_json::from_str(praez).unwrap()
        };
        let num = |k: &str| {
            p.get(k)
                .and_then(|v| v.as_str())
                .map(|s| s.parse::<f64>().unwrap())
        };
        match &field.kind {
            FieldKind::Text(TextField {
                min_length,
                max_length,
                pattern,
            }) => {
                assert_eq!(datentyp, "text", "{fim_id}");
                assert_eq!(min_length.map(f64::from), num("minLength"), "{fim_id}");
                assert_eq!(max_length.map(f64::from), num("maxLength"), "{fim_id}");
                assert_eq!(
                    pattern.as_ref().map(|p| p.as_str()),
                    p.get("pattern").and_then(|v| v.as_str()),
                    "{fim_id}"
                );
            }
            FieldKind::Textarea(TextareaField {
                min_length,
                max_length,
                ..
            }) => {
                assert_eq!(min_length.map(f64::from), num("minLength"), "{fim_id}");
                assert_eq!(max_length.map(f64::from), num("maxLength"), "{fim_id}");
            }
            FieldKind::Integer(IntegerField { min, max, .. }) => {
                assert_eq!(datentyp, "num_int", "{fim_id}");
                assert_eq!(min.map(|v| v as f64), num("minValue"), "{fim_id}");
                assert_eq!(max.map(|v| v as f64), num("maxValue"), "{fim_id}");
            }
            FieldKind::Decimal(DecimalField { min, max, .. }) => {
                assert_eq!(datentyp, "num", "{fim_id}");
                assert_eq!(*min, num("minValue"), "{fim_id}");
                assert_eq!(*max, num("maxValue"), "{fim_id}");
            }
            FieldKind::YesNo(YesNoField {}) => assert_eq!(datentyp, "bool", "{fim_id}"),
            FieldKind::Date { .. } => assert_eq!(datentyp, "date", "{fim_id}"),
            FieldKind::File { .. } => assert_eq!(datentyp, "file", "{fim_id}"),
            FieldKind::CodeList(CodeListField { options, list }) => {
                assert!(*has_list && feldart == "select", "{fim_id}");
                assert!(
                    !options.is_empty() && list.starts_with("urn:"),
                    "{fim_id}: code list resolved"
                );
            }
            FieldKind::MultiChoice(MultiChoiceField { options, .. }) => {
                assert!(
                    *has_list && !options.is_empty(),
                    "{fim_id}: code list resolved"
                );
                assert!(
                    warned.contains(fim_id.as_str()),
                    "{fim_id}: multi_choice is reported"
                );
            }
            FieldKind::Group(GroupField {
                fields: children, ..
            }) => {
                // A repeatable single field: the field is its only child.
                assert_eq!(children.len(), 1, "{fim_id}");
            }
            FieldKind::Info { .. } => {
                assert!(
                    feldart == "label" || warned.contains(fim_id.as_str()),
                    "{fim_id}: unmapped type reported"
                )
            }
            other => panic!("{fim_id}: unexpected type {}", other.type_name()),
        }
        if *has_list && feldart == "select" {
            assert!(
                matches!(
                    field.kind,
                    FieldKind::CodeList { .. } | FieldKind::MultiChoice { .. }
                ),
                "{fim_id}: select with a code list"
            );
        }
    }
    // Every rule is reported and kept as text.
    assert_eq!(
        import.stats.rules,
        xml.matches("<xdf:regel>").count(),
        "every regel counted"
    );
    for rule in import
        .warnings
        .iter()
        .filter(|w| w.element.starts_with('R'))
    {
        assert!(
            import.json.contains(&format!("Regel {}", rule.element)),
            "{} kept",
            rule.element
        );
    }
}

#[test]
fn asbest_schema_converts_completely() {
    check_schema("S00000186v1.0_xdf2", 14);
}

#[test]
fn aufenthalt_schema_converts_completely() {
    check_schema("S00000246v1.1_xdf2", 7);
}

#[test]
fn committed_demo_form_equals_a_fresh_conversion() {
    let import = fim::import_file(
        &schema("S00000186v1.0_xdf2"),
        &ImportOptions {
            codelists: None,
            id: Some("asbest-anzeige".into()),
        },
    )
    .expect("imports");
    let committed = include_str!("../demo/forms/asbest-anzeige.json");
    assert!(
        committed == import.json,
        "demo/forms/asbest-anzeige.json is stale; regenerate with\n  cargo run -p central-api -- import-fim ../shared/fim/S00000186v1.0_xdf2/S00000186v1.0_xdf2.xml --id asbest-anzeige --out crates/central-api/demo/forms/asbest-anzeige.json"
    );
}

fn convert(xml: &str) -> Result<fim::Import, FimError> {
    let dir = shared("S00000186v1.0_xdf2");
    let folder = fim::genericode::load_dir(&dir).expect("code lists");
    fim::convert(xml, Path::new("test.xml"), &folder.lists, &dir, None)
}

#[test]
fn malformed_xml_is_a_clear_error() {
    for xml in [
        "",
        "<xdf:a xmlns:xdf=\"urn:xoev-de:fim:standard:xdatenfelder_2\">",
        "<a><b></a>",
        "not xml at all",
        "<?xml version=\"1.0\"?><x:a/>",
    ] {
        let err = convert(xml).expect_err(xml);
        assert!(matches!(err, FimError::Xml { .. }), "{xml}: {err}");
        assert!(err.to_string().contains("malformed XML"), "{err}");
    }
    // Truncated real schema.
    let real = std::fs::read_to_string(schema("S00000186v1.0_xdf2")).unwrap();
    let err = convert(&real[..real.len() / 2]).expect_err("truncated");
    assert!(matches!(err, FimError::Xml { .. }), "{err}");
}

#[test]
fn unknown_namespace_is_a_clear_error() {
    let real = std::fs::read_to_string(schema("S00000186v1.0_xdf2")).unwrap();
    let xml = real.replace(XDF_NS, "urn:xoev-de:fim:standard:xdatenfelder_3");
    let err = convert(&xml).expect_err("other namespace");
    assert!(matches!(err, FimError::UnknownNamespace { .. }), "{err}");
    assert!(err.to_string().contains("xdatenfelder_3"), "{err}");
    let err = convert("<root/>").expect_err("no namespace");
    assert!(matches!(err, FimError::UnknownNamespace { .. }), "{err}");
    let err = convert(&format!("<x:other xmlns:x=\"{XDF_NS}\"/>")).expect_err("wrong root");
    assert!(matches!(err, FimError::NotASchema { .. }), "{err}");
}

#[test]
fn missing_code_list_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let source = shared("S00000186v1.0_xdf2");
    for entry in std::fs::read_dir(&source).unwrap() {
        let path = entry.unwrap().path();
        // Every file but the country list (1129.xml).
        if path.file_name().unwrap() != "1129.xml" {
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    let err = fim::import_file(
        &dir.path().join("S00000186v1.0_xdf2.xml"),
        &ImportOptions::default(),
    )
    .expect_err("country list missing");
    match &err {
        FimError::MissingCodeList {
            element,
            uri,
            available,
            ..
        } => {
            assert_eq!(element, "F00000038");
            assert_eq!(*available, 13, "the other lists were read");
            assert!(uri.contains("schluessel:staat"), "{uri}");
        }
        other => panic!("{other}"),
    }
    // A broken code-list file is named.
    std::fs::write(dir.path().join("1129.xml"), "<gc:CodeList").unwrap();
    let err = fim::import_file(
        &dir.path().join("S00000186v1.0_xdf2.xml"),
        &ImportOptions::default(),
    )
    .expect_err("broken list");
    assert!(err.to_string().contains("1129.xml"), "{err}");
    // No such schema file.
    let err = fim::import_file(&dir.path().join("nope.xml"), &ImportOptions::default())
        .expect_err("missing");
    assert!(matches!(err, FimError::Io { .. }), "{err}");
}

/// The FIM portal's download names code lists by list (`C00000020_genericode.xml`), not
/// by number as the fixtures do; other XML may lie beside them. The lists are found by
/// the canonical identification inside the files, and the command says which it read.
#[test]
fn code_lists_are_found_by_content_whatever_their_names() {
    let source = shared("S00000186v1.0_xdf2");
    let dir = tempfile::tempdir().unwrap();
    let lists = dir.path().join("codelisten");
    std::fs::create_dir(&lists).unwrap();
    let mut renamed = 0;
    for entry in std::fs::read_dir(&source).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        if name.starts_with('S') {
            std::fs::copy(&path, dir.path().join(&name)).unwrap();
        } else {
            let number = name.trim_end_matches(".xml");
            std::fs::copy(&path, lists.join(format!("C0000{number}_genericode.xml"))).unwrap();
            renamed += 1;
        }
    }
    assert!(renamed > 5, "the fixture's code lists were copied");
    // Not code lists: skipped, not an error.
    std::fs::write(
        lists.join("Begleitdokument.xml"),
        "<dokument>Hinweise</dokument>",
    )
    .unwrap();
    std::fs::write(lists.join("liesmich.txt"), "kein XML").unwrap();
    let options = ImportOptions {
        id: Some("asbest-anzeige".into()),
        ..ImportOptions::default()
    };
    let expected =
        fim::import_file(&schema("S00000186v1.0_xdf2"), &options).expect("fixture imports");

    let output = std::process::Command::new(env!("CARGO_BIN_EXE_central-api"))
        .arg("import-fim")
        .arg(dir.path().join("S00000186v1.0_xdf2.xml"))
        .arg("--codelists")
        .arg(&lists)
        .arg("--id")
        .arg("asbest-anzeige")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let json = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        json, expected.json,
        "the same definition as from the numbered files"
    );
    assert_eq!(expected.code_list_files.len(), expected.stats.code_lists);
    for (file, uri) in &expected.code_list_files {
        let number = file.file_stem().unwrap().to_str().unwrap();
        let line = format!(
            "code list {uri}: read from {}",
            lists
                .join(format!("C0000{number}_genericode.xml"))
                .display()
        );
        assert!(
            stderr.contains(&line),
            "names the file it read: {line}\n{stderr}"
        );
    }
    assert!(!stderr.contains("Begleitdokument"), "{stderr}");
}

#[test]
fn large_input_converts() {
    // Ten copies of every top-level structure: about 1,560 fields, 3.5 MB. The time is
    // printed, not asserted: the machines that run the tests are shared and noisy (it
    // took well under a second on an idle one).
    let real = std::fs::read_to_string(schema("S00000186v1.0_xdf2")).unwrap();
    let first = real.find("<xdf:struktur>").unwrap();
    let last = real.rfind("</xdf:stammdatenschema>").unwrap();
    let body = &real[first..last];
    let xml = format!("{}{}{}", &real[..first], body.repeat(10), &real[last..]);
    let import = convert(&xml).expect("imports");
    assert_eq!(import.stats.fields, 1560);
    eprintln!("converted 1,560 fields (3.5 MB) in {:?}", import.elapsed);
}

#[test]
fn thousands_of_nested_groups_are_refused_with_a_clear_error() {
    // 5,000 groups each inside the one before (this crashed the importer with a stack
    // overflow): refused before the conversion, naming the group too deep.
    let real = std::fs::read_to_string(schema("S00000186v1.0_xdf2")).unwrap();
    let first = real.find("<xdf:struktur>").unwrap();
    let last = real.rfind("</xdf:stammdatenschema>").unwrap();
    let mut nested = String::new();
    for n in 0..5000 {
        nested.push_str(&format!(
            "<xdf:struktur><xdf:anzahl>1:1</xdf:anzahl><xdf:enthaelt><xdf:datenfeldgruppe>\
             <xdf:identifikation><xdf:id>G9{n:07}</xdf:id></xdf:identifikation><xdf:name>Ebene {n}</xdf:name>"
        ));
    }
    for _ in 0..5000 {
        nested.push_str("</xdf:datenfeldgruppe></xdf:enthaelt></xdf:struktur>");
    }
    let xml = format!("{}{}{}", &real[..first], nested, &real[last..]);
    // On a thread with a small stack, as a crash would show at once.
    let result = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || convert(&xml).map(|_| ()).map_err(|e| e.to_string()))
        .expect("thread")
        .join()
        .expect("no stack overflow");
    let error = result.expect_err("refused");
    assert!(
        error.contains("group G90000032 is nested 33 groups deep; at most 32 are accepted"),
        "{error}"
    );
}

#[test]
fn datetime_fields_import_with_their_limits() {
    // The real schemas have no `datetime` field yet: their first `date` becomes one, with
    // limits written with seconds (as FIM tools do) and one that is no date at all.
    let real = std::fs::read_to_string(schema("S00000186v1.0_xdf2")).unwrap();
    let date = "<code>date</code></xdf:datentyp><xdf:praezisierung></xdf:praezisierung>";
    let datetime = r#"<code>datetime</code></xdf:datentyp><xdf:praezisierung>{"minValue":"2026-01-01T08:00:00","maxValue":"morgen"}</xdf:praezisierung>"#;
    let xml = real.replacen(date, datetime, 1);
    let import = convert(&xml).expect("imports");
    let def = FormDefinition::from_json(&import.json).expect("a valid definition");
    let fields = all_fields(&def);
    let (_, field) = fields
        .iter()
        .find(|(_, f)| matches!(f.kind, FieldKind::DateTime(_)))
        .expect("a datetime field");
    let FieldKind::DateTime(DateTimeField { min, max }) = &field.kind else {
        unreachable!()
    };
    assert_eq!(
        min.map(|m| m.to_string()).as_deref(),
        Some("2026-01-01T08:00")
    );
    assert_eq!(*max, None);
    assert!(
        import.warnings.iter().any(|w| w
            .message
            .contains("`maxValue` = `morgen` is not a date and time")),
        "{:?}",
        import.warnings
    );
}
