// SPDX-License-Identifier: EUPL-1.2
//! FIM import (`central-api import-fim`) on the two real schemas in ../shared/fim (beside
//! the repository) and on broken input.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
};

use central_api::fim::{self, Failure, FimError, ImportOptions};
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
    // Every rule is reported to the designer with its text, and none is shown to
    // citizens: their texts are formal conditions over element ids.
    assert_eq!(
        import.stats.rules,
        xml.matches("<xdf:regel>").count(),
        "every regel counted"
    );
    let rules: Vec<_> = import
        .warnings
        .iter()
        .filter(|w| w.element.starts_with('R'))
        .collect();
    assert_eq!(rules.len(), import.stats.rules, "every regel reported");
    for rule in rules {
        assert!(rule.message.contains("write it as a condition"), "{rule}");
        assert!(
            !import.json.contains(&rule.element),
            "{} shown",
            rule.element
        );
    }
    let shown_ids = element_ids(&import.json);
    assert!(
        shown_ids.is_empty(),
        "element ids in citizens' texts: {shown_ids:?}"
    );
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

/// Converts with the real schema's code lists; the error without the warnings.
fn convert(xml: &str) -> Result<fim::Import, FimError> {
    convert_with_warnings(xml).map_err(|failure| failure.error)
}

fn convert_with_warnings(xml: &str) -> Result<fim::Import, Failure> {
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
    match &err.error {
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
    // A broken code-list file is skipped, named in a warning beside the error it explains.
    std::fs::write(dir.path().join("1129.xml"), "<gc:CodeList").unwrap();
    let failure = fim::import_file(
        &dir.path().join("S00000186v1.0_xdf2.xml"),
        &ImportOptions::default(),
    )
    .expect_err("broken list");
    assert!(
        matches!(&failure.error, FimError::MissingCodeList { element, .. } if element == "F00000038"),
        "{failure}"
    );
    assert!(
        failure
            .warnings
            .iter()
            .any(|w| w.element.ends_with("1129.xml") && w.message.contains("malformed XML")),
        "{:?}",
        failure.warnings
    );
    // No such schema file.
    let err = fim::import_file(&dir.path().join("nope.xml"), &ImportOptions::default())
        .expect_err("missing");
    assert!(matches!(err.error, FimError::Io { .. }), "{err}");
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

// --- Synthetic XDatenfelder 2 files: schema → group → fields, written to a temp dir. ---

const GC_NS: &str = "http://docs.oasis-open.org/codelist/ns/genericode/1.0/";

/// A schema `S99999999` of `version` with one top-level group `G1` holding `body`.
fn xdf(version: &str, body: &str) -> String {
    xdf_top(version, &struktur("1:1", &group("G1", body)))
}

/// A schema with `top` as its top-level structures.
fn xdf_top(version: &str, top: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><xdf:xdatenfelder.stammdatenschema.0102 xmlns:xdf="{XDF_NS}"><xdf:stammdatenschema><xdf:identifikation><xdf:id>S99999999</xdf:id><xdf:version>{version}</xdf:version></xdf:identifikation><xdf:name>Testschema</xdf:name><xdf:bezeichnungEingabe>Test</xdf:bezeichnungEingabe>{top}</xdf:stammdatenschema></xdf:xdatenfelder.stammdatenschema.0102>"#
    )
}

fn struktur(anzahl: &str, inner: &str) -> String {
    format!(
        "<xdf:struktur><xdf:anzahl>{anzahl}</xdf:anzahl><xdf:enthaelt>{inner}</xdf:enthaelt></xdf:struktur>"
    )
}

fn group(id: &str, body: &str) -> String {
    format!(
        "<xdf:datenfeldgruppe><xdf:identifikation><xdf:id>{id}</xdf:id></xdf:identifikation><xdf:name>Gruppe {id}</xdf:name>{body}</xdf:datenfeldgruppe>"
    )
}

/// A `datenfeld`; `extra` goes inside it (a `codelisteReferenz`, a label).
fn field(id: &str, feldart: &str, datentyp: &str, praezisierung: &str, extra: &str) -> String {
    format!(
        "<xdf:datenfeld><xdf:identifikation><xdf:id>{id}</xdf:id></xdf:identifikation><xdf:name>Feld {id}</xdf:name>{extra}<xdf:feldart><code>{feldart}</code></xdf:feldart><xdf:datentyp><code>{datentyp}</code></xdf:datentyp><xdf:praezisierung>{praezisierung}</xdf:praezisierung></xdf:datenfeld>"
    )
}

fn text_field(id: &str) -> String {
    field(id, "input", "text", "", "")
}

/// A reference to the code list `urn:test:{name}` version 1.
fn list_ref(name: &str) -> String {
    format!(
        "<xdf:codelisteReferenz><xdf:genericodeIdentification><xdf:canonicalIdentification>urn:test:{name}</xdf:canonicalIdentification><xdf:version>1</xdf:version><xdf:canonicalVersionUri>urn:test:{name}_1</xdf:canonicalVersionUri></xdf:genericodeIdentification></xdf:codelisteReferenz>"
    )
}

/// Genericode list `urn:test:{name}` version 1 with `rows` (code, name).
fn genericode(name: &str, rows: &[(&str, &str)]) -> String {
    let rows: String = rows
        .iter()
        .map(|(code, label)| {
            format!(r#"<gc:Row><gc:Value ColumnRef="code"><gc:SimpleValue>{code}</gc:SimpleValue></gc:Value><gc:Value ColumnRef="name"><gc:SimpleValue>{label}</gc:SimpleValue></gc:Value></gc:Row>"#)
        })
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><gc:CodeList xmlns:gc="{GC_NS}"><gc:Identification><gc:Version>1</gc:Version><gc:CanonicalUri>urn:test:{name}</gc:CanonicalUri><gc:CanonicalVersionUri>urn:test:{name}_1</gc:CanonicalVersionUri></gc:Identification><gc:ColumnSet><gc:Column Id="code" Use="required"/><gc:Column Id="name" Use="required"/><gc:Key Id="k"><gc:ColumnRef Ref="code"/></gc:Key></gc:ColumnSet><gc:SimpleCodeList>{rows}</gc:SimpleCodeList></gc:CodeList>"#
    )
}

/// Writes `schema.xml` (`xml`) and `files` (name, content) into a new temp dir.
fn folder(xml: &[u8], files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("schema.xml"), xml).unwrap();
    for (name, content) in files {
        std::fs::write(dir.path().join(name), content).unwrap();
    }
    dir
}

/// Imports `xml` with the code lists `files` beside it, as `import-fim` does.
fn import_xml(xml: &str, files: &[(&str, &[u8])]) -> Result<fim::Import, Failure> {
    let dir = folder(xml.as_bytes(), files);
    fim::import_file(&dir.path().join("schema.xml"), &ImportOptions::default())
}

/// Runs `central-api import-fim` on `schema.xml` in `dir`: (success, stdout, stderr).
fn import_fim_command(dir: &Path) -> (bool, String, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_central-api"))
        .arg("import-fim")
        .arg(dir.join("schema.xml"))
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn warned(import: &fim::Import, element: &str, part: &str) -> bool {
    import
        .warnings
        .iter()
        .any(|w| w.element == element && w.message.contains(part))
}

fn field_of(import: &fim::Import, id: &str) -> Field {
    all_fields(&import.definition)
        .remove(id)
        .unwrap_or_else(|| panic!("no field {id} in {}", import.json))
}

#[test]
fn file_fields_keep_within_the_servers_file_limit() {
    let xml = xdf(
        "1.0",
        &[
            struktur("1:20", &field("F1", "input", "file", "", "")),
            struktur("1:1000000", &field("F2", "input", "file", "", "")),
            struktur("0:3", &field("F3", "input", "file", "", "")),
        ]
        .concat(),
    );
    let import = import_xml(&xml, &[]).expect("imports");
    let limit = central_api::limits::Limits::default().max_attachments as u32;
    for (id, max) in [("f1", limit), ("f2", limit), ("f3", 3)] {
        let FieldKind::File(file) = field_of(&import, id).kind else {
            panic!("{id}: not a file field")
        };
        assert_eq!(file.max_files, Some(max), "{id}");
    }
    assert!(
        warned(&import, "F1", &format!("max_files set to {limit}")),
        "{:?}",
        import.warnings
    );
    assert!(
        warned(&import, "F2", "anzahl 1:1000000"),
        "{:?}",
        import.warnings
    );
    assert!(!import.warnings.iter().any(|w| w.element == "F3"));
    central_api::forms::exceeds_server_limits(
        &import.definition,
        &central_api::limits::Limits::default(),
    )
    .expect("a server with the default limits takes it");
    // The command writes it.
    let dir = folder(xml.as_bytes(), &[]);
    let (ok, json, stderr) = import_fim_command(dir.path());
    assert!(ok, "{stderr}");
    assert!(json.contains(&format!("\"max_files\": {limit}")), "{json}");
}

#[test]
fn schema_versions_keep_their_minor_part() {
    let body = struktur("1:1", &text_field("F1"));
    let version = |v: &str| import_xml(&xdf(v, &body), &[]).map(|i| i.definition.version);
    assert_eq!(version("1.0").unwrap(), 1000);
    assert_eq!(version("1.1").unwrap(), 1001, "1.1 is not 1.0");
    assert_eq!(version("2.3").unwrap(), 2003);
    assert_eq!(version("3").unwrap(), 3000);
    for bad in ["1.2.3", "", "eins", "1.1000", "0.0", "9999999.0"] {
        let failure = version(bad).expect_err(bad);
        assert!(
            matches!(&failure.error, FimError::Version { version, schema, .. } if version == bad && schema == "S99999999"),
            "{bad}: {failure}"
        );
        assert!(failure.to_string().contains("major.minor"), "{failure}");
    }
    // The real schemas: S00000246 is 1.1.
    let real = fim::import_file(&schema("S00000246v1.1_xdf2"), &ImportOptions::default())
        .expect("imports");
    assert_eq!(real.definition.version, 1001);
}

#[test]
fn forms_nobody_could_fill_in_are_clamped_or_refused() {
    let two = genericode("zwei", &[("01", "eins"), ("02", "zwei")]);
    let empty = genericode("leer", &[]);
    let files: &[(&str, &[u8])] = &[("zwei.xml", two.as_bytes()), ("leer.xml", empty.as_bytes())];
    let xml = xdf(
        "1.0",
        &[
            struktur("3:5", &field("F1", "select", "text", "", &list_ref("zwei"))),
            struktur(
                "1000000:*",
                &group("G2", &struktur("1:1", &text_field("F2"))),
            ),
            struktur(
                "1:1",
                &field("F3", "input", "text", r#"{"maxLength":"0"}"#, ""),
            ),
            struktur(
                "0:1",
                &field("F4", "input", "text", r#"{"maxLength":"0"}"#, ""),
            ),
            struktur(
                "1:1",
                &field("F5", "input", "text", r#"{"minLength":"2000000"}"#, ""),
            ),
            struktur("2000:*", &text_field("F6")),
        ]
        .concat(),
    );
    let import = import_xml(&xml, files).expect("imports");
    let FieldKind::MultiChoice(choice) = field_of(&import, "f1").kind else {
        panic!("F1: not a multi_choice")
    };
    assert_eq!((choice.options.len(), choice.min_items), (2, Some(2)));
    assert!(
        warned(&import, "F1", "has 2 entries"),
        "{:?}",
        import.warnings
    );
    let FieldKind::Group(group) = field_of(&import, "g2").kind else {
        panic!("G2: not a group")
    };
    assert_eq!(group.min_items, Some(fim::MAX_REQUIRED_ITEMS));
    assert!(
        warned(&import, "G2", "at least 1000000 entries"),
        "{:?}",
        import.warnings
    );
    let FieldKind::Group(list) = field_of(&import, "f6_liste").kind else {
        panic!("F6: not a group")
    };
    assert_eq!(list.min_items, Some(fim::MAX_REQUIRED_ITEMS));
    assert!(warned(&import, "F6", "at least 2000 entries"));
    let FieldKind::Text(f3) = field_of(&import, "f3").kind else {
        panic!("F3")
    };
    assert_eq!(f3.max_length, None);
    assert!(warned(&import, "F3", "`maxLength` = 0 on a required field"));
    // Optional: left empty, it can be sent; kept.
    let FieldKind::Text(f4) = field_of(&import, "f4").kind else {
        panic!("F4")
    };
    assert_eq!(f4.max_length, Some(0));
    let FieldKind::Text(f5) = field_of(&import, "f5").kind else {
        panic!("F5")
    };
    assert_eq!(f5.min_length, None);
    assert!(warned(&import, "F5", "more than a submission can carry"));

    // A choice without options could not be answered (and would take any code): refused.
    let xml = xdf(
        "1.0",
        &struktur("0:1", &field("F7", "select", "text", "", &list_ref("leer"))),
    );
    let failure = import_xml(&xml, files).expect_err("empty list");
    match &failure.error {
        FimError::EmptyCodeList { element, uri, file } => {
            assert_eq!((element.as_str(), uri.as_str()), ("F7", "urn:test:leer_1"));
            assert!(file.ends_with("leer.xml"), "{}", file.display());
        }
        other => panic!("{other}"),
    }
}

#[test]
fn unrecognised_content_is_reported_naming_its_group() {
    let unknown = "<xdf:struktur><xdf:anzahl>1:1</xdf:anzahl><xdf:enthaelt><xdf:feld/></xdf:enthaelt></xdf:struktur>";
    let empty = "<xdf:struktur><xdf:anzahl>1:1</xdf:anzahl><xdf:enthaelt/></xdf:struktur>";
    let missing = "<xdf:struktur><xdf:anzahl>1:1</xdf:anzahl></xdf:struktur>";
    let no_namespace = struktur(
        "1:1",
        "<datenfeld><identifikation><id>F9</id></identifikation></datenfeld>",
    );
    let both = struktur(
        "1:1",
        &format!(
            "{}{}",
            text_field("F2"),
            group("G3", &struktur("1:1", &text_field("F3")))
        ),
    );
    let body = [
        struktur("1:1", &text_field("F1")),
        unknown.to_owned(),
        empty.to_owned(),
        missing.to_owned(),
        no_namespace,
        both,
    ]
    .concat();
    // In a group inside a step (sections), inside a repeatable group (its fields), and
    // at the top level.
    let xml = xdf_top(
        "1.0",
        &[
            struktur("1:1", &group("G1", &body)),
            struktur("0:*", &group("G4", &body)),
            unknown.to_owned(),
        ]
        .concat(),
    );
    let import = import_xml(&xml, &[]).expect("imports");
    for owner in ["G1", "G4"] {
        for (n, part) in [
            (
                2,
                "struktur 2: element `{urn:xoev-de:fim:standard:xdatenfelder_2}feld` is neither",
            ),
            (
                3,
                "struktur 3 holding neither datenfeld nor datenfeldgruppe ignored",
            ),
            (4, "struktur 4 has no enthaelt; ignored"),
            (
                5,
                "struktur 5: element `datenfeld` (no namespace) is neither",
            ),
            (
                6,
                "struktur 6 holds more than one element: datenfeldgruppe G3 ignored, datenfeld F2 imported",
            ),
        ] {
            assert!(
                warned(&import, owner, part),
                "{owner} {n}: {:#?}",
                import.warnings
            );
        }
    }
    assert!(
        warned(
            &import,
            "S99999999",
            "struktur 3: element `{urn:xoev-de:fim:standard:xdatenfelder_2}feld`"
        ),
        "{:#?}",
        import.warnings
    );
    assert!(!import.warnings.iter().any(|w| w.element == "struktur"));
}

#[test]
fn a_static_texts_inhalt_is_its_text_and_its_help_text_its_hint() {
    let with_both = "<xdf:bezeichnungEingabe>Hinweis</xdf:bezeichnungEingabe><xdf:hilfetextEingabe>Mehr dazu</xdf:hilfetextEingabe><xdf:inhalt>Bitte halten Sie Ihren Ausweis bereit.</xdf:inhalt>";
    let help_only = "<xdf:bezeichnungEingabe>Datenschutz</xdf:bezeichnungEingabe><xdf:hilfetextEingabe>Ihre Angaben werden vertraulich behandelt.</xdf:hilfetextEingabe>";
    let xml = xdf(
        "1.0",
        &[
            struktur("1:1", &field("F1", "label", "text", "", with_both)),
            struktur("1:1", &field("F2", "label", "text", "", help_only)),
            struktur("1:1", &text_field("F3")),
        ]
        .concat(),
    );
    let import = import_xml(&xml, &[]).expect("imports");
    let text_of = |id: &str| match field_of(&import, id).kind {
        FieldKind::Info(info) => info.text.get(form_engine::Lang::De).to_string(),
        other => panic!("{id} is {other:?}, not a static text"),
    };
    assert_eq!(text_of("f1"), "Bitte halten Sie Ihren Ausweis bereit.");
    assert_eq!(
        field_of(&import, "f1")
            .hint
            .map(|h| h.get(form_engine::Lang::De).to_string()),
        Some("Mehr dazu".to_string())
    );
    assert_eq!(text_of("f2"), "Ihre Angaben werden vertraulich behandelt.");
    assert_eq!(
        field_of(&import, "f2").hint,
        None,
        "the help text became the text"
    );
    // A static text's inhalt is not a default value that went missing.
    assert!(
        !warned(&import, "F1", "inhalt"),
        "warnings: {:?}",
        import.warnings
    );
}

#[test]
fn labels_and_code_names_keep_text_around_comments_and_child_elements() {
    let list = genericode(
        "l",
        &[
            ("0<!-- x -->1", "Erste<!-- x --> Wahl"),
            ("02", "<![CDATA[Zweite]]> Wahl"),
        ],
    );
    let label = "<xdf:bezeichnungEingabe>Vor<!-- c -->name</xdf:bezeichnungEingabe><xdf:hilfetextEingabe>Bitte <b>vollständig</b> angeben</xdf:hilfetextEingabe>";
    let xml = xdf(
        "1.0",
        &[
            struktur("1:1", &field("F1", "input", "text", "", label)),
            struktur("1:1", &field("F2", "select", "text", "", &list_ref("l"))),
        ]
        .concat(),
    );
    let import = import_xml(&xml, &[("l.xml", list.as_bytes())]).expect("imports");
    let f1 = field_of(&import, "f1");
    assert_eq!(f1.label.get(form_engine::Lang::De), "Vorname");
    assert_eq!(
        f1.hint.as_ref().map(|h| h.get(form_engine::Lang::De)),
        Some("Bitte vollständig angeben")
    );
    let FieldKind::CodeList(list) = field_of(&import, "f2").kind else {
        panic!("F2")
    };
    let options: Vec<(&str, &str)> = list
        .options
        .iter()
        .map(|o| (o.value.as_str(), o.label.get(form_engine::Lang::De)))
        .collect();
    assert_eq!(options, [("01", "Erste Wahl"), ("02", "Zweite Wahl")]);
}

#[test]
fn contradicting_limits_are_dropped_naming_the_field() {
    let xml = xdf(
        "1.0",
        &[
            struktur(
                "1:1",
                &field(
                    "F1",
                    "input",
                    "text",
                    r#"{"minLength":"10","maxLength":"5"}"#,
                    "",
                ),
            ),
            struktur(
                "1:1",
                &field(
                    "F2",
                    "input",
                    "num_int",
                    r#"{"minValue":"10","maxValue":"5"}"#,
                    "",
                ),
            ),
            struktur(
                "1:1",
                &field(
                    "F3",
                    "input",
                    "num",
                    r#"{"minValue":"2.5","maxValue":"1,5"}"#,
                    "",
                ),
            ),
            struktur(
                "1:1",
                &field(
                    "F4",
                    "input",
                    "num_currency",
                    r#"{"minValue":"100","maxValue":"0"}"#,
                    "",
                ),
            ),
            struktur(
                "1:1",
                &field(
                    "F5",
                    "input",
                    "date",
                    r#"{"minValue":"2026-01-02","maxValue":"2026-01-01"}"#,
                    "",
                ),
            ),
            struktur(
                "1:1",
                &field(
                    "F6",
                    "input",
                    "num_int",
                    r#"{"minValue":"1","maxValue":"5"}"#,
                    "",
                ),
            ),
        ]
        .concat(),
    );
    let import = import_xml(&xml, &[]).expect("the engine takes it");
    for id in ["F1", "F2", "F3", "F4", "F5"] {
        assert!(
            warned(&import, id, "no answer fits; both ignored"),
            "{id}: {:#?}",
            import.warnings
        );
    }
    assert!(warned(
        &import,
        "F1",
        "`minLength` = 10 is above `maxLength` = 5"
    ));
    let FieldKind::Text(f1) = field_of(&import, "f1").kind else {
        panic!("F1")
    };
    assert_eq!((f1.min_length, f1.max_length), (None, None));
    let FieldKind::Date(f5) = field_of(&import, "f5").kind else {
        panic!("F5")
    };
    assert_eq!((f5.min, f5.max), (None, None));
    let FieldKind::Integer(f6) = field_of(&import, "f6").kind else {
        panic!("F6")
    };
    assert_eq!(
        (f6.min, f6.max),
        (Some(1), Some(5)),
        "a fitting pair is kept"
    );
}

#[test]
fn duplicate_codes_keep_the_first_row_naming_the_list() {
    let list = genericode(
        "d",
        &[("01", "eins"), (" 01 ", "nochmal eins"), ("02", "zwei")],
    );
    let xml = xdf(
        "1.0",
        &struktur("1:1", &field("F1", "select", "text", "", &list_ref("d"))),
    );
    let import = import_xml(&xml, &[("d.xml", list.as_bytes())]).expect("imports");
    let FieldKind::CodeList(field) = field_of(&import, "f1").kind else {
        panic!("F1")
    };
    let options: Vec<(&str, &str)> = field
        .options
        .iter()
        .map(|o| (o.value.as_str(), o.label.get(form_engine::Lang::De)))
        .collect();
    assert_eq!(options, [("01", "eins"), ("02", "zwei")]);
    assert!(
        import.warnings.iter().any(|w| w.element.ends_with("d.xml")
            && w.message.contains("code `01` appears in more than one row")),
        "{:#?}",
        import.warnings
    );
}

#[test]
fn repeatable_groups_without_fields_are_skipped_with_a_warning() {
    let empty = group("G2", "");
    let xml = xdf_top(
        "1.0",
        &[
            struktur(
                "1:1",
                &group(
                    "G1",
                    &[struktur("1:1", &text_field("F1")), struktur("0:*", &empty)].concat(),
                ),
            ),
            struktur("0:*", &group("G3", &struktur("1:*", &group("G4", "")))),
        ]
        .concat(),
    );
    let import = import_xml(&xml, &[]).expect("the engine takes it");
    assert!(
        warned(&import, "G2", "without fields; skipped"),
        "{:#?}",
        import.warnings
    );
    assert!(
        warned(&import, "G4", "without fields; skipped"),
        "{:#?}",
        import.warnings
    );
    assert!(warned(&import, "G3", "group without fields; no step made"));
    assert_eq!(import.definition.steps.len(), 1);
}

#[test]
fn long_fim_ids_repeated_give_ids_the_engine_accepts() {
    let long_field = format!("F{}", "1".repeat(70));
    let long_group = format!("G{}", "2".repeat(70));
    let loose = struktur("1:1", &text_field(&long_field));
    let grouped = struktur(
        "1:*",
        &group(&long_group, &struktur("1:1", &text_field(&long_field))),
    );
    let between = struktur("1:1", &group("G1", &struktur("1:1", &text_field("F1"))));
    let xml = xdf_top(
        "1.0",
        &[
            loose.clone(),
            between.clone(),
            loose.clone(),
            between,
            loose,
            grouped.clone(),
            grouped,
        ]
        .concat(),
    );
    let import = import_xml(&xml, &[]).expect("the engine takes it");
    for step in &import.definition.steps {
        assert!(step.id.len() <= 64, "{}", step.id);
        for section in &step.sections {
            assert!(section.id.len() <= 64, "{}", section.id);
        }
    }
    for id in all_fields(&import.definition).keys() {
        assert!(id.len() <= 64, "{id}");
    }
}

#[test]
fn engine_refusals_name_where_and_warnings_survive_a_failure() {
    // An id the engine refuses: the error names the place, no line or column of JSON
    // nobody has seen.
    let xml = xdf("1.0", &struktur("1:1", &text_field("F1")));
    let dir = folder(xml.as_bytes(), &[]);
    let failure = fim::import_file(
        &dir.path().join("schema.xml"),
        &ImportOptions {
            codelists: None,
            id: Some("kein gültiger Name".into()),
        },
    )
    .expect_err("refused");
    let message = failure.to_string();
    assert!(
        matches!(failure.error, FimError::Definition { .. })
            && message.contains("the definition as a whole")
            && message.contains("(at /id)")
            && !message.contains("line"),
        "{message}"
    );
    // Warnings before a failure are kept, and the command prints them.
    let list = genericode("leer", &[]);
    let xml = xdf(
        "1.0",
        &[
            struktur(
                "1:1",
                &field("F1", "input", "text", r#"{"maxLength":"viel"}"#, ""),
            ),
            struktur("1:1", &field("F2", "select", "text", "", &list_ref("leer"))),
        ]
        .concat(),
    );
    let dir = folder(
        xml.as_bytes(),
        &[("leer.xml", list.as_bytes()), ("notiz.xml", b"kein XML")],
    );
    let failure = fim::import_file(&dir.path().join("schema.xml"), &ImportOptions::default())
        .expect_err("empty list");
    assert!(
        matches!(failure.error, FimError::EmptyCodeList { .. }),
        "{failure}"
    );
    assert!(
        failure.warnings.iter().any(|w| w.element == "F1"),
        "{:?}",
        failure.warnings
    );
    let (ok, _, stderr) = import_fim_command(dir.path());
    assert!(!ok);
    assert!(
        stderr.contains("warning: F1: praezisierung `maxLength` = `viel` is not a whole number"),
        "{stderr}"
    );
    assert!(stderr.contains("notiz.xml"), "{stderr}");
    assert!(
        stderr.contains("F2: code list `urn:test:leer_1`"),
        "{stderr}"
    );
}

#[test]
fn code_lists_with_unqualified_children_are_read() {
    // The genericode standard's own examples qualify only the root element.
    let qualified = genericode("u", &[("01", "eins"), ("02", "zwei")]);
    let unqualified = qualified
        .replace("<gc:", "<")
        .replace("</gc:", "</")
        .replacen("<CodeList xmlns:gc", "<gc:CodeList xmlns:gc", 1)
        .replace("</CodeList>", "</gc:CodeList>");
    assert!(unqualified.contains("<Identification>"), "{unqualified}");
    let xml = xdf(
        "1.0",
        &struktur("1:1", &field("F1", "select", "text", "", &list_ref("u"))),
    );
    let import = import_xml(&xml, &[("u.xml", unqualified.as_bytes())]).expect("imports");
    let FieldKind::CodeList(list) = field_of(&import, "f1").kind else {
        panic!("F1")
    };
    assert_eq!(list.options.len(), 2);
    assert_eq!(list.list, "urn:test:u_1");
}

#[test]
fn bad_files_in_the_code_list_folder_are_skipped_unless_needed() {
    let used = genericode("a", &[("01", "eins")]);
    let doctype = genericode("b", &[("01", "eins")]).replacen(
        "?>",
        "?><!DOCTYPE gc:CodeList [<!ENTITY x \"y\">]>",
        1,
    );
    let twin = used.replace("eins", "uno");
    let files: &[(&str, &[u8])] = &[
        ("1-a.xml", used.as_bytes()),
        ("2-a-copy.xml", twin.as_bytes()),
        ("notes.xml", b"Notizen zum Schema, kein XML"),
        ("doctype.xml", doctype.as_bytes()),
        ("empty.xml", b""),
        ("broken.xml", b"<gc:CodeList xmlns:gc=\"x\"><unclosed>"),
        (
            "no-rows.xml",
            b"<gc:CodeList xmlns:gc=\"http://docs.oasis-open.org/codelist/ns/genericode/1.0/\"/>",
        ),
    ];
    let xml = xdf(
        "1.0",
        &struktur("1:1", &field("F1", "select", "text", "", &list_ref("a"))),
    );
    let import = import_xml(&xml, files).expect("unused bad files do not stop the import");
    for name in [
        "notes.xml",
        "doctype.xml",
        "empty.xml",
        "broken.xml",
        "no-rows.xml",
    ] {
        assert!(
            import
                .warnings
                .iter()
                .any(|w| w.element.ends_with(name) && w.message.starts_with("skipped")),
            "{name}: {:#?}",
            import.warnings
        );
    }
    // The same list in two files: the first (by file name) is used, and said so.
    let FieldKind::CodeList(list) = field_of(&import, "f1").kind else {
        panic!("F1")
    };
    assert_eq!(list.options[0].label.get(form_engine::Lang::De), "eins");
    assert!(
        import.warnings.iter().any(|w| w.element == "urn:test:a_1"
            && w.message.contains("in 2 files")
            && w.message.ends_with("1-a.xml is used")),
        "{:#?}",
        import.warnings
    );
    // A list the schema needs and that was skipped: an error, the warning saying why.
    let xml = xdf(
        "1.0",
        &struktur("1:1", &field("F2", "select", "text", "", &list_ref("b"))),
    );
    let failure = import_xml(&xml, files).expect_err("needed list unreadable");
    assert!(
        matches!(&failure.error, FimError::MissingCodeList { element, .. } if element == "F2"),
        "{failure}"
    );
    assert!(
        failure
            .warnings
            .iter()
            .any(|w| w.element.ends_with("doctype.xml"))
    );
}

#[test]
fn only_regular_files_are_read_and_never_beyond_the_limit() {
    // `/dev/zero` says it has 0 bytes and never ends; a FIFO blocks whoever opens it.
    let err =
        fim::import_file(Path::new("/dev/zero"), &ImportOptions::default()).expect_err("a device");
    assert!(matches!(err.error, FimError::NotAFile { .. }), "{err}");
    assert!(err.to_string().contains("not a regular file"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("schema.xml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let err = fim::import_file(&fifo, &ImportOptions::default()).expect_err("a FIFO");
        assert!(matches!(err.error, FimError::NotAFile { .. }), "{err}");
    }
    let err = fim::import_file(dir.path(), &ImportOptions::default()).expect_err("a folder");
    assert!(
        matches!(
            err.error,
            FimError::NotAFile {
                what: "a directory",
                ..
            }
        ),
        "{err}"
    );
    // Larger than the limit: refused by its size.
    let big = dir.path().join("big.xml");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(fim::MAX_FILE_BYTES + 1).unwrap();
    let err = fim::import_file(&big, &ImportOptions::default()).expect_err("too large");
    assert!(matches!(err.error, FimError::TooLarge { .. }), "{err}");
}

#[test]
fn utf16_and_latin1_files_are_converted_other_encodings_named() {
    let label = "<xdf:bezeichnungEingabe>Straße und Hausnummer</xdf:bezeichnungEingabe>";
    let xml = xdf(
        "1.0",
        &struktur("1:1", &field("F1", "input", "text", "", label)),
    );
    let label_of = |bytes: Vec<u8>| {
        let dir = folder(&bytes, &[]);
        fim::import_file(&dir.path().join("schema.xml"), &ImportOptions::default()).map(|i| {
            field_of(&i, "f1")
                .label
                .get(form_engine::Lang::De)
                .to_owned()
        })
    };
    let declared =
        |encoding: &str| xml.replacen("encoding=\"UTF-8\"", &format!("encoding=\"{encoding}\""), 1);
    // UTF-16 little and big endian, with a byte-order mark.
    let utf16 = declared("UTF-16");
    let mut le = vec![0xFF, 0xFE];
    le.extend(utf16.encode_utf16().flat_map(u16::to_le_bytes));
    let mut be = vec![0xFE, 0xFF];
    be.extend(utf16.encode_utf16().flat_map(u16::to_be_bytes));
    // ISO-8859-1: one byte per character.
    let latin1: Vec<u8> = declared("ISO-8859-1")
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect();
    for (name, bytes) in [
        ("UTF-16LE", le),
        ("UTF-16BE", be),
        ("ISO-8859-1", latin1.clone()),
    ] {
        assert_eq!(
            label_of(bytes).expect(name),
            "Straße und Hausnummer",
            "{name}"
        );
    }
    // A file in UTF-8 that declares UTF-16 (its declaration was readable as ASCII, so it
    // is not UTF-16): read as UTF-8.
    assert_eq!(
        label_of(declared("UTF-16").into_bytes()).expect("declared UTF-16, written UTF-8"),
        "Straße und Hausnummer"
    );
    // Windows-1252 as well (encoding_rs knows the labels); an encoding nobody knows is
    // named, not guessed.
    let with_declaration = |bytes: &[u8], name: &str| {
        let mut bytes = bytes.to_vec();
        let at = bytes.windows(10).position(|w| w == b"ISO-8859-1").unwrap();
        bytes.splice(at..at + 10, name.bytes());
        bytes
    };
    assert_eq!(
        label_of(with_declaration(&latin1, "windows-1252")).expect("windows-1252"),
        "Straße und Hausnummer"
    );
    let err = label_of(with_declaration(&latin1, "x-no-such-charset")).expect_err("unknown");
    assert!(matches!(err.error, FimError::Encoding { .. }), "{err}");
    assert!(
        err.to_string()
            .contains("declared encoding `x-no-such-charset` is not known"),
        "{err}"
    );
    // Latin-1 bytes without a declaration: not UTF-8, said so.
    let undeclared: Vec<u8> = xml
        .replacen(" encoding=\"UTF-8\"", "", 1)
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect();
    let err = label_of(undeclared).expect_err("not UTF-8");
    assert!(err.to_string().contains("not valid UTF-8"), "{err}");
    assert!(!err.to_string().contains("stream did not contain"), "{err}");
}

#[test]
fn schema_root_and_id_are_checked_exactly() {
    let body = struktur("1:1", &text_field("F1"));
    let xml = xdf("1.0", &body).replace("stammdatenschema.0102", "stammdatenschema.0102x");
    let err = import_xml(&xml, &[]).expect_err("other root");
    assert!(matches!(err.error, FimError::NotASchema { .. }), "{err}");
    assert!(
        err.to_string()
            .contains("`xdatenfelder.stammdatenschema.0102x`"),
        "{err}"
    );
    // No schema id: refused, unless the definition's id is given.
    let xml = xdf("1.0", &body).replace("<xdf:id>S99999999</xdf:id>", "<xdf:id> </xdf:id>");
    let err = import_xml(&xml, &[]).expect_err("no id");
    assert!(err.to_string().contains("give one with --id"), "{err}");
    let dir = folder(xml.as_bytes(), &[]);
    let import = fim::import_file(
        &dir.path().join("schema.xml"),
        &ImportOptions {
            codelists: None,
            id: Some("mein-formular".into()),
        },
    )
    .expect("with --id");
    assert_eq!(import.definition.id, "mein-formular");
    assert!(
        import
            .warnings
            .iter()
            .any(|w| w.message.contains("has no id"))
    );
}

#[test]
fn praezisierung_reports_repeated_keys_and_numbers_out_of_range() {
    let xml = xdf(
        "1.0",
        &[
            struktur(
                "1:1",
                &field(
                    "F1",
                    "input",
                    "text",
                    r#"{"maxLength":"10","maxLength":"20"}"#,
                    "",
                ),
            ),
            struktur(
                "1:1",
                &field(
                    "F2",
                    "input",
                    "num_int",
                    r#"{"maxValue":"-99999999999999999999","minValue":"1.5"}"#,
                    "",
                ),
            ),
            struktur(
                "1:1",
                &field("F3", "input", "text", r#"{"minLength":"-1"}"#, ""),
            ),
        ]
        .concat(),
    );
    let import = import_xml(&xml, &[]).expect("imports");
    assert!(
        warned(
            &import,
            "F1",
            "names `maxLength` more than once; the last (\"20\") is used"
        ),
        "{:#?}",
        import.warnings
    );
    let FieldKind::Text(f1) = field_of(&import, "f1").kind else {
        panic!("F1")
    };
    assert_eq!(f1.max_length, Some(20));
    assert!(
        warned(
            &import,
            "F2",
            "`maxValue` = `-99999999999999999999` is out of range (from -9223372036854775808 to 9223372036854775807)"
        ),
        "{:#?}",
        import.warnings
    );
    assert!(warned(
        &import,
        "F2",
        "`minValue` = `1.5` is not a whole number"
    ));
    assert!(warned(
        &import,
        "F3",
        "`minLength` = `-1` is out of range (from 0 to 4294967295)"
    ));
}

/// The FIM element ids (`G00000237`, `F60000227`) in the texts of a definition's JSON
/// (its `id` members are lower case).
fn element_ids(json: &str) -> Vec<String> {
    let bytes = json.as_bytes();
    (0..bytes.len().saturating_sub(8))
        .filter(|&i| {
            matches!(bytes[i], b'F' | b'G')
                && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
                && bytes[i + 1..i + 9].iter().all(u8::is_ascii_digit)
        })
        .map(|i| json[i..i + 9].to_owned())
        .collect()
}
