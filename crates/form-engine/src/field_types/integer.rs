//! `integer`: a whole number, with optional limits and a unit shown beside it.

use serde::{Deserialize, Serialize};

use super::decimal::in_range;
use super::{Answer, Family, FieldType, text};
use crate::answers::AnswerValue;
use crate::error::FieldError;
use crate::lang::Text;
use crate::load::check::Checker;
use crate::load::decode::{Need::Optional as Opt, Obj, i64, text as text_value};
use crate::validation::ValidationContext;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct IntegerField {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    /// Shown after the input, e.g. "cm".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Text>,
}

impl FieldType for IntegerField {
    const KEYS: &'static [&'static str] = &["min", "max", "unit"];
    const FAMILY: Family = Family::Enter;

    fn decode(o: &mut Obj<'_, '_>) -> Self {
        IntegerField {
            min: o.take("min", Opt, i64),
            max: o.take("max", Opt, i64),
            unit: o.take("unit", Opt, text_value),
        }
    }

    fn check(&self, c: &mut Checker<'_>, path: &str) {
        c.range(self.min, self.max, path, ("min", "max"));
        c.opt_text(self.unit.as_ref(), &format!("{path}/unit"));
    }

    fn validate(&self, a: &Answer<'_>, errors: &mut Vec<FieldError>) {
        a.check_text(errors, &|t| {
            crate::validation::number::integer(t, self.min, self.max)
        });
    }

    fn valid_sample(&self, _: &ValidationContext) -> Option<AnswerValue> {
        let v = in_range(self.min.map(|m| m as f64), self.max.map(|m| m as f64));
        text(format!("{}", v as i64))
    }

    fn invalid_sample(&self) -> Option<AnswerValue> {
        text("zwölf")
    }
}
