//! `address`: a German postal address in parts (`street`, `house_number`,
//! `postcode`, `city`).

use serde::{Deserialize, Serialize};

use super::{Answer, Family, FieldType};
use crate::answers::{AnswerValue, Answers};
use crate::error::FieldError;
use crate::load::check::Checker;
use crate::load::decode::Obj;
use crate::validation::ValidationContext;

/// A German postal address; answer parts `street`, `house_number`,
/// `postcode`, `city`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AddressField {}

impl FieldType for AddressField {
    const KEYS: &'static [&'static str] = &[];
    const FAMILY: Family = Family::Enter;

    fn decode(_: &mut Obj<'_, '_>) -> Self {
        AddressField {}
    }

    fn check(&self, _: &mut Checker<'_>, _: &str) {}

    fn validate(&self, a: &Answer<'_>, errors: &mut Vec<FieldError>) {
        crate::validation::address::check(a.path, a.value, errors);
    }

    fn valid_sample(&self, _: &ValidationContext) -> Option<AnswerValue> {
        let mut parts = Answers::new();
        parts.set_text("street", "Marktstraße".into());
        parts.set_text("house_number", "1".into());
        parts.set_text("postcode", "25746".into());
        parts.set_text("city", "Heide".into());
        Some(AnswerValue::Map(parts))
    }

    fn invalid_sample(&self) -> Option<AnswerValue> {
        let mut parts = Answers::new();
        parts.set_text("postcode", "123".into());
        Some(AnswerValue::Map(parts))
    }
}
