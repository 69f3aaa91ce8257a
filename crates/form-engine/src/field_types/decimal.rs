//! `decimal`: a number with a decimal comma or point, optional limits, decimals
//! and unit.

use serde::{Deserialize, Serialize};

use super::{Answer, Family, FieldType, text};
use crate::answers::AnswerValue;
use crate::error::FieldError;
use crate::lang::Text;
use crate::load::check::{Checker, Shown};
use crate::load::decode::{Need::Optional as Opt, Obj, f64, text as text_value, u32};
use crate::load::kind::DefinitionErrorKind as K;
use crate::validation::ValidationContext;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DecimalField {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Most digits after the decimal separator (default 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_decimals: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Text>,
}

/// A sample number in the range: 10 if allowed, else the nearest limit.
pub(super) fn in_range(min: Option<f64>, max: Option<f64>) -> f64 {
    let mut v: f64 = 10.0;
    if let Some(min) = min {
        v = v.max(min);
    }
    if let Some(max) = max {
        v = v.min(max);
    }
    v
}

/// A sample number as typed: no decimals if whole.
pub(super) fn number_text(v: f64, max_decimals: u32) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.*}", max_decimals as usize)
    }
}

/// The checks of `min` and `max` shared with `money`.
pub(super) fn check_limits(c: &mut Checker<'_>, min: Option<f64>, max: Option<f64>, path: &str) {
    c.finite(&[("min", min), ("max", max)], path);
    c.range(min.map(Shown), max.map(Shown), path, ("min", "max"));
}

impl FieldType for DecimalField {
    const KEYS: &'static [&'static str] = &["min", "max", "max_decimals", "unit"];
    const FAMILY: Family = Family::Enter;

    fn decode(o: &mut Obj<'_, '_>) -> Self {
        DecimalField {
            min: o.take("min", Opt, f64),
            max: o.take("max", Opt, f64),
            max_decimals: o.take("max_decimals", Opt, u32),
            unit: o.take("unit", Opt, text_value),
        }
    }

    fn check(&self, c: &mut Checker<'_>, path: &str) {
        check_limits(c, self.min, self.max, path);
        if self.max_decimals.is_some_and(|d| d > 10) {
            c.add(format!("{path}/max_decimals"), K::MaxDecimalsTooLarge);
        }
        c.opt_text(self.unit.as_ref(), &format!("{path}/unit"));
    }

    fn validate(&self, a: &Answer<'_>, errors: &mut Vec<FieldError>) {
        a.check_text(errors, &|t| {
            crate::validation::number::decimal(
                t,
                self.min,
                self.max,
                self.max_decimals.unwrap_or(2),
            )
        });
    }

    fn valid_sample(&self, _: &ValidationContext) -> Option<AnswerValue> {
        text(number_text(
            in_range(self.min, self.max),
            self.max_decimals.unwrap_or(2),
        ))
    }

    fn invalid_sample(&self) -> Option<AnswerValue> {
        text("1,2,3")
    }
}
