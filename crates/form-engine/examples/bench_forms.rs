// SPDX-License-Identifier: EUPL-1.2
//! Generates the portal benchmark's forms (`scripts/bench.sh`) and checks them:
//!
//! - `bench-300`: 300 fields in 10 steps of 30 (3 sections of 10);
//! - `bench-300-single`: the same 300 fields on one step (10 sections of 30).
//!
//! The fields cycle through 15 kinds: required text, email, required date with a range,
//! integer with a range, required choice of 20 options (a select), required yes/no, a
//! text required when that yes/no is "yes" (`required_when`), multi choice (the
//! checkbox-like choice), textarea, postcode, text with a postcode pattern, phone,
//! decimal, money and an optional text.
//!
//! Every definition must load in the engine, have 300 fields and validate against the
//! committed JSON Schema; the answers the benchmark types into step 1 must make that
//! step valid (and leaving out the dependent field must not).
//!
//! ```sh
//! cargo run -p form-engine --example bench_forms -- OUT_DIR
//! ```
//! writes `OUT_DIR/forms/bench-300.json`, `OUT_DIR/forms/bench-300-single.json` (the
//! format `central-api seed --extra OUT_DIR` reads) and `OUT_DIR/plan.json` (what the
//! Playwright benchmark needs to know: field ids, the answers for step 1, the field to
//! type into).

use form_engine::{Answers, Date, FormDefinition, ValidationContext, validate_step};
use serde_json::{Value, json};

const FIELDS: usize = 300;
const STEPS: usize = 10;

fn texts(de: &str, en: &str) -> Value {
    json!({"de": de, "en": en})
}

/// Field `n` (0-based): its definition and, for the kinds step 1 needs answered, the
/// answer the benchmark gives (as typed into the browser).
fn field(n: usize) -> (Value, Option<(&'static str, String)>) {
    let kind = n % 15;
    let no = n + 1;
    let id = |name: &str| format!("f{n:03}_{name}");
    let label = |de: &str, en: &str| texts(&format!("{de} {no}"), &format!("{en} {no}"));
    match kind {
        0 => (
            json!({"id": id("name"), "type": "text", "label": label("Name", "Name"),
                   "required": true, "max_length": 80, "autocomplete": "name"}),
            Some(("text", "Jana Jensen".into())),
        ),
        1 => (
            json!({"id": id("email"), "type": "email", "label": label("E-Mail", "Email")}),
            None,
        ),
        2 => (
            json!({"id": id("date"), "type": "date", "label": label("Geburtsdatum", "Date of birth"),
                   "required": true, "min": "today-120y", "max": "today"}),
            Some(("date", "1990-05-01".into())),
        ),
        3 => (
            json!({"id": id("count"), "type": "integer", "label": label("Anzahl", "Number"),
                   "min": 0, "max": 120, "unit": texts("Personen", "people")}),
            None,
        ),
        4 => {
            let options: Vec<Value> = (1..=20)
                .map(|o| json!({"value": format!("o{o:02}"), "label": texts(&format!("Auswahl {o}"), &format!("Option {o}"))}))
                .collect();
            (
                json!({"id": id("choice"), "type": "choice", "label": label("Auswahl", "Choice"),
                       "required": true, "options": options}),
                Some(("choice", "o07".into())),
            )
        }
        5 => (
            json!({"id": id("yes_no"), "type": "yes_no", "label": label("Haben Sie Beschäftigte?", "Do you have staff?"),
                   "required": true}),
            Some(("yes_no", "yes".into())),
        ),
        6 => (
            json!({"id": id("depends"), "type": "text", "label": label("Anzahl der Beschäftigten", "Number of staff"),
                   "required_when": format!("f{:03}_yes_no == true", n - 1), "max_length": 40}),
            Some(("text", "drei".into())),
        ),
        7 => {
            let options: Vec<Value> = ["Strom", "Wasser", "Gas", "Internet", "Telefon"]
                .iter()
                .enumerate()
                .map(|(i, o)| json!({"value": format!("m{i}"), "label": texts(o, o)}))
                .collect();
            (
                json!({"id": id("multi"), "type": "multi_choice", "label": label("Anschlüsse", "Connections"),
                       "options": options, "max_items": 5}),
                None,
            )
        }
        8 => (
            json!({"id": id("notes"), "type": "textarea", "label": label("Bemerkungen", "Notes"),
                   "max_length": 2000}),
            None,
        ),
        9 => (
            json!({"id": id("postcode"), "type": "postcode", "label": label("Postleitzahl", "Postcode")}),
            None,
        ),
        10 => (
            json!({"id": id("plz"), "type": "text", "label": label("PLZ (Muster)", "Postcode (pattern)"),
                   "pattern": "[0-9]{5}", "autocomplete": "postal-code",
                   "messages": {"pattern_mismatch": texts("Geben Sie fünf Ziffern ein.", "Enter five digits.")}}),
            None,
        ),
        11 => (
            json!({"id": id("phone"), "type": "phone", "label": label("Telefon", "Phone")}),
            None,
        ),
        12 => (
            json!({"id": id("area"), "type": "decimal", "label": label("Fläche", "Area"),
                   "min": 0, "max": 100000, "unit": texts("m²", "m²")}),
            None,
        ),
        13 => (
            json!({"id": id("amount"), "type": "money", "label": label("Betrag", "Amount"), "max": 1000000}),
            None,
        ),
        _ => (
            json!({"id": id("extra"), "type": "text", "label": label("Zusatz", "Addition"),
                   "hint": texts("Freiwillige Angabe", "Optional"), "max_length": 200}),
            None,
        ),
    }
}

fn definition(id: &str, title: &str, steps: usize) -> Value {
    let per_step = FIELDS / steps;
    let per_section = if steps == 1 { 30 } else { 10 };
    let steps: Vec<Value> = (0..steps)
        .map(|s| {
            let sections: Vec<Value> = (0..per_step / per_section)
                .map(|c| {
                    let first = s * per_step + c * per_section;
                    let fields: Vec<Value> = (first..first + per_section).map(|n| field(n).0).collect();
                    json!({"id": format!("s{s}-{c}"),
                           "title": texts(&format!("Abschnitt {}", c + 1), &format!("Section {}", c + 1)),
                           "fields": fields})
                })
                .collect();
            json!({"id": format!("step{}", s + 1),
                   "title": texts(&format!("Schritt {}", s + 1), &format!("Step {}", s + 1)),
                   "sections": sections})
        })
        .collect();
    json!({"id": id, "version": 1, "languages": ["de", "en"],
           "title": texts(title, title), "steps": steps})
}

fn fail(message: String) -> ! {
    eprintln!("bench_forms: {message}");
    std::process::exit(1);
}

fn main() {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| fail("usage: bench_forms OUT_DIR".into()));
    let out = std::path::Path::new(&out);
    let schema_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schema")
        .join("form-definition.schema.json");
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(&schema_path)
            .unwrap_or_else(|e| fail(format!("{}: {e}", schema_path.display()))),
    )
    .unwrap_or_else(|e| fail(format!("schema: {e}")));
    let validator =
        jsonschema::draft202012::new(&schema).unwrap_or_else(|e| fail(format!("schema: {e}")));
    let ctx = ValidationContext::new(Date::new(2026, 6, 1).expect("date"));

    std::fs::create_dir_all(out.join("forms"))
        .unwrap_or_else(|e| fail(format!("{}: {e}", out.display())));
    let mut plan = serde_json::Map::new();
    for (id, title, steps) in [
        ("bench-300", "Benchmark: 300 Felder in 10 Schritten", STEPS),
        (
            "bench-300-single",
            "Benchmark: 300 Felder auf einer Seite",
            1,
        ),
    ] {
        let value = definition(id, title, steps);
        let schema_errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{e} at {}", e.instance_path))
            .collect();
        if !schema_errors.is_empty() {
            fail(format!(
                "{id} does not match the schema:\n{}",
                schema_errors.join("\n")
            ));
        }
        let json = serde_json::to_string(&value).expect("serializes");
        let def = FormDefinition::from_json(&json)
            .unwrap_or_else(|e| fail(format!("{id} does not load: {e}")));
        let ids: Vec<String> = def.fields().map(|f| f.id.clone()).collect();
        if ids.len() != FIELDS {
            fail(format!("{id} has {} fields, not {FIELDS}", ids.len()));
        }

        // What the benchmark types into step 1, checked to make step 1 valid.
        let per_step = FIELDS / steps;
        let fill: Vec<Value> = (0..per_step)
            .filter_map(|n| {
                field(n)
                    .1
                    .map(|(kind, value)| json!({"id": ids[n], "kind": kind, "value": value}))
            })
            .collect();
        let answers_of = |skip: Option<&str>| -> Answers {
            let mut map = serde_json::Map::new();
            for f in &fill {
                let fid = f["id"].as_str().expect("id");
                if Some(fid) == skip {
                    continue;
                }
                let value = match f["kind"].as_str() {
                    Some("yes_no") => Value::Bool(f["value"] == "yes"),
                    _ => f["value"].clone(),
                };
                map.insert(fid.to_owned(), value);
            }
            serde_json::from_value(Value::Object(map)).expect("answers")
        };
        let errors = validate_step(&def, &answers_of(None), 0, &ctx);
        if !errors.is_empty() {
            fail(format!(
                "{id}: the step-1 answers are not valid: {errors:?}"
            ));
        }
        let dependent = fill
            .iter()
            .find_map(|f| f["id"].as_str().filter(|i| i.ends_with("_depends")))
            .expect("a dependent field on step 1");
        let errors = validate_step(&def, &answers_of(Some(dependent)), 0, &ctx);
        if !errors.iter().any(|e| e.path == dependent) {
            fail(format!(
                "{id}: {dependent} is not required when its yes/no is yes"
            ));
        }

        let keystroke_field = ids[9].clone(); // the first (optional) postcode field
        let step_fields: Vec<Vec<String>> = ids.chunks(per_step).map(<[String]>::to_vec).collect();
        plan.insert(
            id.to_owned(),
            json!({"steps": steps, "fields": ids, "step_fields": step_fields,
                   "fill_step_1": fill, "keystroke_field": keystroke_field}),
        );
        let path = out.join("forms").join(format!("{id}.json"));
        std::fs::write(&path, &json).unwrap_or_else(|e| fail(format!("{}: {e}", path.display())));
        eprintln!(
            "bench_forms: {} ({} fields, {steps} steps, {} bytes): loads, matches the schema, step 1 answers valid",
            path.display(),
            ids.len(),
            json.len()
        );
    }
    let path = out.join("plan.json");
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&Value::Object(plan)).expect("json"),
    )
    .unwrap_or_else(|e| fail(format!("{}: {e}", path.display())));
}
