//! `textarea`: several lines of free text, with optional length limits.

use serde::{Deserialize, Serialize};

use super::text::fit_length;
use super::{Answer, Family, FieldType, text};
use crate::answers::AnswerValue;
use crate::error::FieldError;
use crate::load::check::Checker;
use crate::load::decode::{Need::Optional as Opt, Obj, u32};
use crate::validation::ValidationContext;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TextareaField {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<u32>,
}

impl FieldType for TextareaField {
    const KEYS: &'static [&'static str] = &["max_length", "min_length", "rows"];
    const FAMILY: Family = Family::Enter;

    fn decode(o: &mut Obj<'_, '_>) -> Self {
        TextareaField {
            max_length: o.take("max_length", Opt, u32),
            min_length: o.take("min_length", Opt, u32),
            rows: o.take("rows", Opt, u32),
        }
    }

    fn check(&self, c: &mut Checker<'_>, path: &str) {
        c.range(
            self.min_length,
            self.max_length,
            path,
            ("min_length", "max_length"),
        );
    }

    fn validate(&self, a: &Answer<'_>, errors: &mut Vec<FieldError>) {
        a.check_text(errors, &|t| {
            crate::validation::text::check(t, self.min_length, self.max_length, None)
        });
    }

    fn valid_sample(&self, _: &ValidationContext) -> Option<AnswerValue> {
        text(fit_length(
            "Ein Beispieltext für die Vorschau.",
            self.min_length,
            self.max_length,
        ))
    }

    fn invalid_sample(&self) -> Option<AnswerValue> {
        self.max_length
            .map(|max| AnswerValue::Text("x".repeat(max as usize + 1)))
    }
}
