//! `time`: a time of day, "HH:MM" (24 hours).

use serde::{Deserialize, Serialize};

use super::{Answer, Family, FieldType, text};
use crate::answers::AnswerValue;
use crate::error::FieldError;
use crate::load::check::Checker;
use crate::load::decode::Obj;
use crate::validation::ValidationContext;

/// "HH:MM", 24 hours.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TimeField {}

impl FieldType for TimeField {
    const KEYS: &'static [&'static str] = &[];
    const FAMILY: Family = Family::Enter;

    fn decode(_: &mut Obj<'_, '_>) -> Self {
        TimeField {}
    }

    fn check(&self, _: &mut Checker<'_>, _: &str) {}

    fn validate(&self, a: &Answer<'_>, errors: &mut Vec<FieldError>) {
        a.check_text(errors, &crate::validation::date_time::time);
    }

    fn valid_sample(&self, _: &ValidationContext) -> Option<AnswerValue> {
        text("10:30")
    }

    fn invalid_sample(&self) -> Option<AnswerValue> {
        text("25:61")
    }
}
