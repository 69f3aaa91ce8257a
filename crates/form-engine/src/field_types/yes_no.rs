//! `yes_no`: "Ja" or "Nein"; the answer is a boolean.

use serde::{Deserialize, Serialize};

use super::{Answer, Family, FieldType};
use crate::answers::AnswerValue;
use crate::error::FieldError;
use crate::load::check::Checker;
use crate::load::decode::Obj;
use crate::validation::ValidationContext;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct YesNoField {}

impl FieldType for YesNoField {
    const KEYS: &'static [&'static str] = &[];
    const FAMILY: Family = Family::YesNo;

    fn decode(_: &mut Obj<'_, '_>) -> Self {
        YesNoField {}
    }

    fn check(&self, _: &mut Checker<'_>, _: &str) {}

    fn validate(&self, a: &Answer<'_>, errors: &mut Vec<FieldError>) {
        a.report(errors, crate::validation::choice::yes_no(a.value));
    }

    fn valid_sample(&self, _: &ValidationContext) -> Option<AnswerValue> {
        Some(AnswerValue::Bool(true))
    }

    fn invalid_sample(&self) -> Option<AnswerValue> {
        // Left empty: wrong where the field is required.
        None
    }
}
