//! `code_list`: a choice from a published code list (XRepository URN).

use serde::{Deserialize, Serialize};

use super::{Answer, Family, FieldType, text};
use crate::answers::AnswerValue;
use crate::definition::ChoiceOption;
use crate::error::FieldError;
use crate::load::check::Checker;
use crate::load::decode::{
    Need::{Default as Def, Required as Req},
    Obj, options, string,
};
use crate::load::kind::DefinitionErrorKind as K;
use crate::validation::ValidationContext;

/// A choice from a published code list (XRepository URN); `options` holds
/// its entries, so validation works offline.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CodeListField {
    pub list: String,
    #[serde(default)]
    pub options: Vec<ChoiceOption>,
}

impl FieldType for CodeListField {
    const KEYS: &'static [&'static str] = &["list", "options"];
    const FAMILY: Family = Family::Choose;

    fn decode(o: &mut Obj<'_, '_>) -> Self {
        CodeListField {
            list: o.take("list", Req, string).unwrap_or_default(),
            options: o.take("options", Def, options).unwrap_or_default(),
        }
    }

    fn check(&self, c: &mut Checker<'_>, path: &str) {
        if self.list.trim().is_empty() {
            c.add(format!("{path}/list"), K::CodeListUnnamed);
        }
        c.options(&self.options, path, false);
    }

    fn validate(&self, a: &Answer<'_>, errors: &mut Vec<FieldError>) {
        // Without the entries at hand, any code is accepted; the authority checks it.
        a.check_text(errors, &|t| {
            (!self.options.is_empty())
                .then(|| crate::validation::choice::one_of(t, &self.options))
                .flatten()
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
