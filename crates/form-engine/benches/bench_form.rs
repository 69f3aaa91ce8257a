// SPDX-License-Identifier: EUPL-1.2
//! The generated 300-field test form and valid answers for it, shared by the native
//! benchmark (benches/validation.rs) and the wasm32 one (tests/wasm_bench.rs).

use form_engine::{Answers, FormDefinition};

const STEPS: usize = 10;
const SECTIONS: usize = 3;
const FIELDS: usize = 10;

/// 10 steps x 3 sections x 10 fields = 300 fields of mixed types; every
/// fifth field has a condition on an earlier one, each step has a rule, and
/// the last field of each step is a group of two children.
pub fn generated_form() -> String {
    let mut steps = Vec::new();
    for s in 0..STEPS {
        let mut sections = Vec::new();
        for c in 0..SECTIONS {
            let mut fields = Vec::new();
            for f in 0..FIELDS {
                let n = (s * SECTIONS + c) * FIELDS + f;
                let id = format!("f{n}");
                let cond = if n % 5 == 4 {
                    format!(
                        r#", "visible_when": "answered(f{}) and len(f{}) < 100""#,
                        n - 1,
                        n - 2
                    )
                } else {
                    String::new()
                };
                let field = match n % 10 {
                    9 if c == SECTIONS - 1 => format!(
                        r#"{{"id": "{id}", "type": "group", "label": "G", "max_items": 5, "fields": [
                            {{"id": "{id}_name", "type": "text", "label": "N", "required": true}},
                            {{"id": "{id}_share", "type": "decimal", "label": "S", "visible_when": "answered({id}_name)"}}]}}"#
                    ),
                    0 | 5 => format!(
                        r#"{{"id": "{id}", "type": "text", "label": "T", "required": true, "max_length": 80, "pattern": "[A-Za-z ]+"{cond}}}"#
                    ),
                    1 => format!(
                        r#"{{"id": "{id}", "type": "integer", "label": "I", "min": 0, "max": 1000{cond}}}"#
                    ),
                    2 => format!(
                        r#"{{"id": "{id}", "type": "date", "label": "D", "min": "today-100y", "max": "today"{cond}}}"#
                    ),
                    3 => format!(r#"{{"id": "{id}", "type": "email", "label": "E"{cond}}}"#),
                    4 => format!(
                        r#"{{"id": "{id}", "type": "choice", "label": "C", "options": [{{"value": "a", "label": "A"}}, {{"value": "b", "label": "B"}}]{cond}}}"#
                    ),
                    6 => format!(r#"{{"id": "{id}", "type": "decimal", "label": "D"{cond}}}"#),
                    7 => format!(r#"{{"id": "{id}", "type": "yes_no", "label": "Y"{cond}}}"#),
                    8 => format!(r#"{{"id": "{id}", "type": "postcode", "label": "P"{cond}}}"#),
                    _ => format!(
                        r#"{{"id": "{id}", "type": "textarea", "label": "X", "max_length": 2000{cond}}}"#
                    ),
                };
                fields.push(field);
            }
            sections.push(format!(
                r#"{{"id": "sec{s}_{c}", "fields": [{}]}}"#,
                fields.join(",")
            ));
        }
        let first = s * SECTIONS * FIELDS;
        steps.push(format!(
            r#"{{"id": "step{s}", "title": "S", "rules": [{{"id": "r{s}", "assert": "f{a} + 1 > 0", "path": "f{a}", "message": "M"}}], "sections": [{}]}}"#,
            sections.join(","),
            a = first + 1
        ));
    }
    format!(
        r#"{{"id": "bench", "version": 1, "title": "Bench", "steps": [{}]}}"#,
        steps.join(",")
    )
}

pub fn filled_answers(def: &FormDefinition) -> Answers {
    let mut json = serde_json::Map::new();
    for f in def.fields() {
        let v = match f.kind.type_name() {
            "text" => "Jan Jensen".into(),
            "integer" => "42".into(),
            "date" => "1990-05-01".into(),
            "email" => "jan@example.de".into(),
            "choice" => "a".into(),
            "decimal" => "2,5".into(),
            "yes_no" => true.into(),
            "postcode" => "25746".into(),
            "textarea" => "Ein längerer Text.".into(),
            "group" => serde_json::json!([{}, {}]),
            _ => continue,
        };
        if f.id.contains('_') {
            continue; // group children are filled in the items below
        }
        json.insert(f.id.clone(), v);
    }
    for f in def.fields().filter(|f| f.kind.type_name() == "group") {
        json.insert(
            f.id.clone(),
            serde_json::json!([
                {format!("{}_name", f.id): "Anna", format!("{}_share", f.id): "50"},
                {format!("{}_name", f.id): "Ben", format!("{}_share", f.id): "50"}
            ]),
        );
    }
    serde_json::from_value(serde_json::Value::Object(json)).expect("answers")
}
