//! `iban`: an IBAN, checked by its check digits.

use serde::{Deserialize, Serialize};

use super::{Answer, Family, FieldType, text};
use crate::answers::AnswerValue;
use crate::error::{ErrorCode, FieldError};
use crate::load::check::Checker;
use crate::load::decode::Obj;
use crate::validation::{ValidationContext, is_valid_iban};

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct IbanField {}

impl FieldType for IbanField {
    const KEYS: &'static [&'static str] = &[];
    const FAMILY: Family = Family::Enter;

    fn decode(_: &mut Obj<'_, '_>) -> Self {
        IbanField {}
    }

    fn check(&self, _: &mut Checker<'_>, _: &str) {}

    fn validate(&self, a: &Answer<'_>, errors: &mut Vec<FieldError>) {
        a.check_text(errors, &|t| {
            (!is_valid_iban(t)).then_some(ErrorCode::InvalidIban)
        });
    }

    fn valid_sample(&self, _: &ValidationContext) -> Option<AnswerValue> {
        text("DE89370400440532013000")
    }

    fn invalid_sample(&self) -> Option<AnswerValue> {
        text("DE00123456789")
    }
}
