//! `choice`: one of the definition's options.

use serde::{Deserialize, Serialize};

use super::{Answer, Family, FieldType, text};
use crate::answers::AnswerValue;
use crate::definition::ChoiceOption;
use crate::error::FieldError;
use crate::load::check::Checker;
use crate::load::decode::{Need::Default as Def, Obj, options};
use crate::validation::ValidationContext;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ChoiceField {
    #[serde(default)]
    pub options: Vec<ChoiceOption>,
}

impl FieldType for ChoiceField {
    const KEYS: &'static [&'static str] = &["options"];
    const FAMILY: Family = Family::Choose;

    fn decode(o: &mut Obj<'_, '_>) -> Self {
        ChoiceField {
            options: o.take("options", Def, options).unwrap_or_default(),
        }
    }

    fn check(&self, c: &mut Checker<'_>, path: &str) {
        c.options(&self.options, path, true);
    }

    fn validate(&self, a: &Answer<'_>, errors: &mut Vec<FieldError>) {
        a.check_text(errors, &|t| {
            crate::validation::choice::one_of(t, &self.options)
        });
    }

    fn valid_sample(&self, _: &ValidationContext) -> Option<AnswerValue> {
        self.options
            .first()
            .map(|o| AnswerValue::Text(o.value.clone()))
    }

    fn invalid_sample(&self) -> Option<AnswerValue> {
        text("gibt-es-nicht")
    }
}
