//! `money`: an amount in euros ("12", "12.5", "12,50"), with optional limits.

use serde::{Deserialize, Serialize};

use super::decimal::{check_limits, in_range, number_text};
use super::{Answer, Family, FieldType, text};
use crate::answers::AnswerValue;
use crate::error::FieldError;
use crate::load::check::Checker;
use crate::load::decode::{Need::Optional as Opt, Obj, f64};
use crate::validation::ValidationContext;

/// An amount in euros: "12", "12.5", "12,50".
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MoneyField {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
}

impl FieldType for MoneyField {
    const KEYS: &'static [&'static str] = &["min", "max"];
    const FAMILY: Family = Family::Money;

    fn decode(o: &mut Obj<'_, '_>) -> Self {
        MoneyField {
            min: o.take("min", Opt, f64),
            max: o.take("max", Opt, f64),
        }
    }

    fn check(&self, c: &mut Checker<'_>, path: &str) {
        check_limits(c, self.min, self.max, path);
    }

    fn validate(&self, a: &Answer<'_>, errors: &mut Vec<FieldError>) {
        a.check_text(errors, &|t| {
            crate::validation::number::money(t, self.min, self.max)
        });
    }

    fn valid_sample(&self, _: &ValidationContext) -> Option<AnswerValue> {
        text(number_text(in_range(self.min, self.max), 2))
    }

    fn invalid_sample(&self) -> Option<AnswerValue> {
        text("1,2,3")
    }
}
