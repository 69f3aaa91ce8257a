// SPDX-License-Identifier: EUPL-1.2
//! Sample answers for the designer's preview: valid ones (which the engine's validation
//! accepts) and invalid ones (which it rejects, one typical mistake per field), each from
//! its field type's own hook in the engine (`FieldKind::valid_sample`, `invalid_sample`).

use form_engine::{AnswerValue, Answers, FieldKind, FormDefinition, ValidationContext};

/// Answers for every field of the definition (hidden ones too: the engine drops them),
/// chosen to pass validation.
pub fn valid(definition: &FormDefinition, ctx: &ValidationContext) -> Answers {
    let mut answers = Answers::new();
    // Times later with each time field (10:30, 11:30, …): rules such as "the end after
    // the start" compare them in document order.
    let mut times = 0;
    for field in definition.top_fields() {
        let value = match field.kind {
            FieldKind::Time(_) => {
                times += 1;
                Some(AnswerValue::Text(format!("{}:30", 9 + times.min(14))))
            }
            _ => field.kind.valid_sample(ctx),
        };
        if let Some(value) = value {
            answers.set(field.id.clone(), value);
        }
    }
    answers
}

/// Answers with a typical mistake in every field that can hold one.
pub fn invalid(definition: &FormDefinition) -> Answers {
    let mut answers = Answers::new();
    for field in definition.top_fields() {
        if let Some(value) = field.kind.invalid_sample() {
            answers.set(field.id.clone(), value);
        }
    }
    answers
}

#[cfg(test)]
mod tests {
    use super::*;
    use form_engine::Date;

    fn demo_definitions() -> Vec<(String, FormDefinition)> {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/central-api/demo/forms");
        let mut all = Vec::new();
        for entry in std::fs::read_dir(dir).expect("demo forms") {
            let path = entry.expect("entry").path();
            let json = std::fs::read_to_string(&path).expect("readable");
            let def = FormDefinition::from_json(&json).expect("demo definitions load");
            all.push((path.display().to_string(), def));
        }
        assert!(all.len() >= 5);
        all
    }

    fn contexts() -> Vec<ValidationContext> {
        [(2026, 11, 28), (2024, 2, 29), (2030, 1, 1)]
            .into_iter()
            .map(|(y, m, d)| {
                ValidationContext::new(Date::new(y, m, d).expect("date")).with_time(10, 0)
            })
            .collect()
    }

    #[test]
    fn valid_samples_pass_the_engines_validation() {
        for (name, def) in demo_definitions() {
            for ctx in contexts() {
                let answers = valid(&def, &ctx);
                let errors = form_engine::validate_form(&def, &answers, &ctx);
                assert!(errors.is_empty(), "{name} on {}: {errors:?}", ctx.today);
                assert!(!form_engine::visible_answers(&def, &answers, &ctx).is_empty());
            }
        }
    }

    #[test]
    fn invalid_samples_fail_it() {
        for (name, def) in demo_definitions() {
            let ctx = contexts()[0];
            let errors = form_engine::validate_form(&def, &invalid(&def), &ctx);
            assert!(!errors.is_empty(), "{name}");
        }
    }

    #[test]
    fn valid_samples_of_every_field_type() {
        let json = r#"{
          "id": "alle", "version": 1, "title": {"de": "Alle Typen"},
          "steps": [{"id": "s", "title": {"de": "S"}, "sections": [{"id": "a", "fields": [
            {"id": "t", "type": "text", "label": {"de": "T"}, "required": true, "min_length": 12, "max_length": 20},
            {"id": "tp", "type": "text", "label": {"de": "TP"}, "required": true, "pattern": "[0-9]{5}"},
            {"id": "ta", "type": "textarea", "label": {"de": "TA"}, "required": true, "max_length": 10},
            {"id": "i", "type": "integer", "label": {"de": "I"}, "required": true, "min": 18, "max": 99},
            {"id": "d", "type": "decimal", "label": {"de": "D"}, "required": true, "max": 2.5, "max_decimals": 1},
            {"id": "m", "type": "money", "label": {"de": "M"}, "required": true, "min": 100},
            {"id": "dt", "type": "date", "label": {"de": "DT"}, "required": true, "min": "today+3d"},
            {"id": "dp", "type": "date", "label": {"de": "DP"}, "required": true, "max": "today-18y"},
            {"id": "tm", "type": "time", "label": {"de": "TM"}, "required": true},
            {"id": "dtt", "type": "datetime", "label": {"de": "DTT"}, "required": true, "min": "2030-06-01T12:00"},
            {"id": "e", "type": "email", "label": {"de": "E"}, "required": true},
            {"id": "p", "type": "phone", "label": {"de": "P"}, "required": true},
            {"id": "pc", "type": "postcode", "label": {"de": "PC"}, "required": true},
            {"id": "ib", "type": "iban", "label": {"de": "IB"}, "required": true},
            {"id": "yn", "type": "yes_no", "label": {"de": "YN"}, "required": true},
            {"id": "c", "type": "choice", "label": {"de": "C"}, "required": true, "options": [{"value": "a", "label": {"de": "A"}}]},
            {"id": "mc", "type": "multi_choice", "label": {"de": "MC"}, "required": true, "min_items": 2, "options": [{"value": "a", "label": {"de": "A"}}, {"value": "b", "label": {"de": "B"}}]},
            {"id": "f", "type": "file", "label": {"de": "F"}, "required": true, "accept": ["image/*"]},
            {"id": "ad", "type": "address", "label": {"de": "AD"}, "required": true},
            {"id": "g", "type": "group", "label": {"de": "G"}, "required": true, "min_items": 2, "fields": [
              {"id": "gn", "type": "text", "label": {"de": "GN"}, "required": true}
            ]},
            {"id": "info", "type": "info", "label": {"de": "Info"}, "text": {"de": "Hinweis"}}
          ]}]}]
        }"#;
        let def = FormDefinition::from_json(json).expect("valid definition");
        for ctx in contexts() {
            let answers = valid(&def, &ctx);
            let errors = form_engine::validate_form(&def, &answers, &ctx);
            assert!(errors.is_empty(), "{}: {errors:?}", ctx.today);
        }
        let errors = form_engine::validate_form(&def, &invalid(&def), &contexts()[0]);
        // Every field except info gets an error (text without limits: required).
        let wrong: std::collections::BTreeSet<String> = errors
            .iter()
            .map(|e| e.path.split('.').next().unwrap_or("").to_string())
            .collect();
        for id in [
            "t", "tp", "ta", "i", "d", "m", "dt", "dp", "tm", "dtt", "e", "p", "pc", "ib", "yn",
            "c", "mc", "f", "ad", "g",
        ] {
            assert!(wrong.contains(id), "{id}: {errors:?}");
        }
    }
}
