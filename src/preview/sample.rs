// SPDX-License-Identifier: EUPL-1.2
//! Sample answers for the designer's preview, generated from the field types and their
//! settings: valid ones (which the engine's validation accepts) and invalid ones (which
//! it rejects, one typical mistake per field).

use form_engine::{
    AnswerValue, Answers, Date, Field, FieldKind, FormDefinition, ValidationContext,
};

/// Answers for every field of the definition (hidden ones too: the engine drops them),
/// chosen to pass validation.
pub fn valid(definition: &FormDefinition, ctx: &ValidationContext) -> Answers {
    let mut answers = Answers::new();
    // Times later with each time field (10:30, 11:30, …): rules such as "the end after
    // the start" compare them in document order.
    let mut times = 0;
    for field in top_fields(definition) {
        let value = match field.kind {
            FieldKind::Time {} => {
                times += 1;
                text(format!("{}:30", 9 + times.min(14)))
            }
            _ => valid_value(field, ctx),
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
    for field in top_fields(definition) {
        if let Some(value) = invalid_value(field) {
            answers.set(field.id.clone(), value);
        }
    }
    answers
}

fn top_fields(definition: &FormDefinition) -> impl Iterator<Item = &Field> {
    definition
        .steps
        .iter()
        .flat_map(|s| &s.sections)
        .flat_map(|s| &s.fields)
}

fn text(s: impl Into<String>) -> Option<AnswerValue> {
    Some(AnswerValue::Text(s.into()))
}

/// `base` made as long as the limits ask (repeated, cut).
fn fit_length(base: &str, min: Option<u32>, max: Option<u32>) -> String {
    let mut s = base.to_string();
    let min = min.unwrap_or(0) as usize;
    while s.chars().count() < min {
        s.push_str(" Beispiel");
    }
    if let Some(max) = max {
        s = s.chars().take(max as usize).collect();
    }
    s.trim_end().to_string()
}

/// A number in the range: 10 if allowed, else the nearest limit.
fn in_range(min: Option<f64>, max: Option<f64>) -> f64 {
    let mut v: f64 = 10.0;
    if let Some(min) = min {
        v = v.max(min);
    }
    if let Some(max) = max {
        v = v.min(max);
    }
    v
}

fn number_text(v: f64, max_decimals: u32) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.*}", max_decimals as usize)
    }
}

/// Candidates for a text with a pattern, tried in turn.
const PATTERN_CANDIDATES: [&str; 19] = [
    "Beispiel",
    "12345",
    "25746",
    "A1",
    "AB",
    "ab",
    "1",
    "12",
    "123",
    "1234",
    "ABC123",
    "DE123456789",
    "HRB 1234",
    "a",
    "A",
    "0",
    "erika.mustermann@example.org",
    "+49 481 123456",
    "https://example.org",
];

fn valid_value(field: &Field, ctx: &ValidationContext) -> Option<AnswerValue> {
    match &field.kind {
        FieldKind::Text {
            min_length,
            max_length,
            pattern,
        } => {
            let fits = |s: &str| {
                let n = s.chars().count() as u32;
                n >= min_length.unwrap_or(0)
                    && max_length.is_none_or(|m| n <= m)
                    && pattern.as_ref().is_none_or(|p| p.is_match(s))
            };
            let chosen = match pattern {
                None => fit_length("Beispiel", *min_length, *max_length),
                Some(_) => PATTERN_CANDIDATES
                    .into_iter()
                    .find(|c| fits(c))
                    .map(|c| c.to_string())
                    .unwrap_or_else(|| "Beispiel".into()),
            };
            text(chosen)
        }
        FieldKind::Textarea {
            min_length,
            max_length,
            ..
        } => text(fit_length(
            "Ein Beispieltext für die Vorschau.",
            *min_length,
            *max_length,
        )),
        FieldKind::Integer { min, max, .. } => {
            let v = in_range(min.map(|m| m as f64), max.map(|m| m as f64));
            text(format!("{}", v as i64))
        }
        FieldKind::Decimal {
            min,
            max,
            max_decimals,
            ..
        } => text(number_text(in_range(*min, *max), max_decimals.unwrap_or(2))),
        FieldKind::Money { min, max } => text(number_text(in_range(*min, *max), 2)),
        FieldKind::Date { min, max } => {
            let min = min.map(|b| b.resolve(ctx.today));
            let max = max.map(|b| b.resolve(ctx.today));
            // Today if allowed; else a week inside the nearest limit.
            let mut date: Date = ctx.today;
            if let Some(min) = min
                && date < min
            {
                date = min.add_days(7);
                if let Some(max) = max
                    && date > max
                {
                    date = min;
                }
            }
            if let Some(max) = max
                && date > max
            {
                date = max.add_days(-7);
                if let Some(min) = min
                    && date < min
                {
                    date = max;
                }
            }
            text(date.to_string())
        }
        FieldKind::Time {} => text("10:30"),
        FieldKind::Email {} => text("erika.mustermann@example.org"),
        FieldKind::Phone {} => text("+49 481 123456"),
        FieldKind::Postcode {} => text("25746"),
        FieldKind::Iban {} => text("DE89370400440532013000"),
        FieldKind::YesNo {} => Some(AnswerValue::Bool(true)),
        FieldKind::Choice { options } | FieldKind::CodeList { options, .. } => {
            options.first().map(|o| AnswerValue::Text(o.value.clone()))
        }
        FieldKind::MultiChoice {
            options,
            min_items,
            max_items,
        } => {
            let n = (min_items.unwrap_or(1).max(1) as usize)
                .min(max_items.map_or(usize::MAX, |m| m as usize))
                .min(options.len());
            Some(AnswerValue::List(
                options.iter().take(n).map(|o| o.value.clone()).collect(),
            ))
        }
        FieldKind::File { accept, .. } => {
            let media_type = accept
                .first()
                .map(|a| match a.strip_suffix("/*") {
                    Some("image") => "image/png".to_string(),
                    Some(major) => format!("{major}/plain"),
                    None => a.clone(),
                })
                .unwrap_or_else(|| "application/pdf".into());
            let extension = media_type.rsplit('/').next().unwrap_or("pdf");
            let mut item = Answers::new();
            item.set_text("id", "beispiel-1".into());
            item.set_text("name", format!("beispiel.{extension}"));
            item.set_text("media_type", media_type);
            item.set_text("size", "1024".into());
            Some(AnswerValue::Items(vec![item]))
        }
        FieldKind::Address {} => {
            let mut parts = Answers::new();
            parts.set_text("street", "Marktstraße".into());
            parts.set_text("house_number", "1".into());
            parts.set_text("postcode", "25746".into());
            parts.set_text("city", "Heide".into());
            Some(AnswerValue::Map(parts))
        }
        FieldKind::Group {
            fields,
            min_items,
            max_items,
            ..
        } => {
            let n = (min_items.unwrap_or(1).max(1)).min(max_items.unwrap_or(u32::MAX));
            let items = (0..n)
                .map(|_| {
                    let mut item = Answers::new();
                    for child in fields {
                        if let Some(v) = valid_value(child, ctx) {
                            item.set(child.id.clone(), v);
                        }
                    }
                    item
                })
                .collect();
            Some(AnswerValue::Items(items))
        }
        FieldKind::Info { .. } => None,
    }
}

fn invalid_value(field: &Field) -> Option<AnswerValue> {
    match &field.kind {
        FieldKind::Text {
            max_length,
            pattern,
            min_length,
        } => match (max_length, pattern, min_length) {
            (Some(max), _, _) => text("x".repeat(*max as usize + 1)),
            (None, Some(p), _) if !p.is_match("?!") => text("?!"),
            (None, _, Some(min)) if *min > 1 => text("x"),
            // Nothing to get wrong in free text: an empty answer (wrong where required).
            _ => None,
        },
        FieldKind::Textarea { max_length, .. } => {
            max_length.map(|max| AnswerValue::Text("x".repeat(max as usize + 1)))
        }
        FieldKind::Integer { .. } => text("zwölf"),
        FieldKind::Decimal { .. } | FieldKind::Money { .. } => text("1,2,3"),
        FieldKind::Date { .. } => text("2025-02-30"),
        FieldKind::Time {} => text("25:61"),
        FieldKind::Email {} => text("keine-adresse"),
        FieldKind::Phone {} => text("ruf mich an"),
        FieldKind::Postcode {} => text("123"),
        FieldKind::Iban {} => text("DE00123456789"),
        FieldKind::Choice { .. } | FieldKind::CodeList { .. } => text("gibt-es-nicht"),
        FieldKind::MultiChoice { .. } => Some(AnswerValue::List(vec!["gibt-es-nicht".into()])),
        FieldKind::Address {} => {
            let mut parts = Answers::new();
            parts.set_text("postcode", "123".into());
            Some(AnswerValue::Map(parts))
        }
        FieldKind::Group { fields, .. } => {
            let mut item = Answers::new();
            for child in fields {
                if let Some(v) = invalid_value(child) {
                    item.set(child.id.clone(), v);
                }
            }
            Some(AnswerValue::Items(vec![item]))
        }
        // Left empty: wrong where the field is required.
        FieldKind::YesNo {} | FieldKind::File { .. } | FieldKind::Info { .. } => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            "t", "tp", "ta", "i", "d", "m", "dt", "dp", "tm", "e", "p", "pc", "ib", "yn", "c",
            "mc", "f", "ad", "g",
        ] {
            assert!(wrong.contains(id), "{id}: {errors:?}");
        }
    }
}
