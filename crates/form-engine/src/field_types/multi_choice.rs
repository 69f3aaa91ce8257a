//! `multi_choice`: any number of the definition's options, with optional limits.

use serde::{Deserialize, Serialize};

use super::{Answer, Family, FieldType};
use crate::answers::AnswerValue;
use crate::definition::ChoiceOption;
use crate::error::FieldError;
use crate::load::check::Checker;
use crate::load::decode::{
    Need::{Default as Def, Optional as Opt},
    Obj, options, u32,
};
use crate::validation::ValidationContext;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MultiChoiceField {
    #[serde(default)]
    pub options: Vec<ChoiceOption>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u32>,
}

impl FieldType for MultiChoiceField {
    const KEYS: &'static [&'static str] = &["options", "min_items", "max_items"];
    const FAMILY: Family = Family::Choose;

    fn decode(o: &mut Obj<'_, '_>) -> Self {
        MultiChoiceField {
            options: o.take("options", Def, options).unwrap_or_default(),
            min_items: o.take("min_items", Opt, u32),
            max_items: o.take("max_items", Opt, u32),
        }
    }

    fn check(&self, c: &mut Checker<'_>, path: &str) {
        c.options(&self.options, path, true);
        c.range(
            self.min_items,
            self.max_items,
            path,
            ("min_items", "max_items"),
        );
    }

    fn validate(&self, a: &Answer<'_>, errors: &mut Vec<FieldError>) {
        a.report(
            errors,
            crate::validation::choice::many_of(
                a.value,
                &self.options,
                self.min_items,
                self.max_items,
            ),
        );
    }

    fn valid_sample(&self, _: &ValidationContext) -> Option<AnswerValue> {
        let n = (self.min_items.unwrap_or(1).max(1) as usize)
            .min(self.max_items.map_or(usize::MAX, |m| m as usize))
            .min(self.options.len());
        Some(AnswerValue::List(
            self.options
                .iter()
                .take(n)
                .map(|o| o.value.clone())
                .collect(),
        ))
    }

    fn invalid_sample(&self) -> Option<AnswerValue> {
        Some(AnswerValue::List(vec!["gibt-es-nicht".into()]))
    }
}
