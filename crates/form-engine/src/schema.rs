//! JSON Schema (draft 2020-12) of the definition format, generated from the
//! Rust types. Only with the `schema` feature: the browser build never needs
//! it. The generated schema is committed as `schema/form-definition.schema.json`
//! (a test keeps it current: `BLESS=1 cargo test -p form-engine --test schema`).
//!
//! The schema checks structure (properties, types, `type` names); the loader
//! checks more (unique ids, German texts, conditions that parse and refer to
//! earlier fields, `min` <= `max`, …), see `FormDefinition::from_json`.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use crate::date::DateBound;
use crate::definition::{FieldKind, FormDefinition};
use crate::expr::Condition;
use crate::lang::Text;
use crate::pattern::{MAX_PATTERN_LEN, Pattern};

/// The schema of a form definition as JSON.
pub fn definition_schema() -> serde_json::Value {
    let mut schema = schemars::schema_for!(FormDefinition);
    schema.insert(
        "$id".into(),
        "https://buergerportal.example/schema/form-definition.schema.json".into(),
    );
    schema.insert("title".into(), "Bürgerportal form definition".into());
    let mut value = schema.to_value();
    // A field's properties are the common ones plus those of its `type`
    // (serde's flatten, one `oneOf` branch per type); anything else is a typo.
    // `unevaluatedProperties` sees the properties of the matching branch.
    if let Some(field) = value
        .pointer_mut("/$defs/Field")
        .and_then(serde_json::Value::as_object_mut)
    {
        field.insert("unevaluatedProperties".into(), false.into());
    }
    value
}

/// The committed schema, pretty-printed with a final newline.
pub fn definition_schema_pretty() -> String {
    let mut s =
        serde_json::to_string_pretty(&definition_schema()).expect("a JSON value always serializes");
    s.push('\n');
    s
}

impl JsonSchema for Text {
    fn schema_name() -> Cow<'static, str> {
        "Text".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A text: language code -> text (German `de` required), or a plain string meaning German.",
            "oneOf": [
                {"type": "string"},
                {
                    "type": "object",
                    "properties": {"de": {"type": "string"}, "en": {"type": "string"}},
                    "required": ["de"],
                    "additionalProperties": {"type": "string"}
                }
            ]
        })
    }
}

impl JsonSchema for Condition {
    fn schema_name() -> Cow<'static, str> {
        "Expression".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An expression (see README: Expressions), e.g. `has_staff == true and staff > 20`.",
            "type": "string",
            "minLength": 1,
            "maxLength": crate::expr::MAX_EXPR_LEN
        })
    }
}

impl JsonSchema for Pattern {
    fn schema_name() -> Cow<'static, str> {
        "Pattern".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A pattern (form-engine dialect, see README) the whole answer must match.",
            "type": "string",
            "maxLength": MAX_PATTERN_LEN
        })
    }
}

impl JsonSchema for DateBound {
    fn schema_name() -> Cow<'static, str> {
        "DateBound".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A fixed date `YYYY-MM-DD`, `today`, or `today` with an offset such as `today+2d`, `today-18y` (units d, w, m, y).",
            "type": "string",
            "pattern": "^(\\d{4}-\\d{2}-\\d{2}|today([+-]\\d{1,5}[dwmy])?)$"
        })
    }
}

/// One `oneOf` branch per field type, from the table in [`crate::field_types`]:
/// the settings' own properties plus `type`. No `additionalProperties` here: the
/// field's common properties sit beside them (see `unevaluatedProperties` above).
impl JsonSchema for FieldKind {
    fn schema_name() -> Cow<'static, str> {
        "FieldKind".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let branches: Vec<serde_json::Value> = crate::field_types::schemas(generator)
            .into_iter()
            .map(|(name, schema)| {
                let mut branch = schema.to_value();
                if let Some(obj) = branch.as_object_mut() {
                    obj.remove("additionalProperties");
                    obj.remove("title");
                    let properties = obj
                        .entry("properties")
                        .or_insert_with(|| serde_json::json!({}));
                    if let Some(p) = properties.as_object_mut() {
                        p.insert(
                            "type".into(),
                            serde_json::json!({"type": "string", "const": name}),
                        );
                    }
                    let required = obj
                        .entry("required")
                        .or_insert_with(|| serde_json::json!([]));
                    if let Some(r) = required.as_array_mut() {
                        r.insert(0, "type".into());
                    }
                }
                branch
            })
            .collect();
        json_schema!({ "oneOf": branches })
    }
}
