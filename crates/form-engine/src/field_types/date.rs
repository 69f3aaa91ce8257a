//! `date`: a calendar day, "YYYY-MM-DD", with limits fixed or relative to today.

use serde::{Deserialize, Serialize};

use super::{Answer, Family, FieldType, text};
use crate::answers::AnswerValue;
use crate::date::{Date, DateBound};
use crate::error::FieldError;
use crate::load::check::Checker;
use crate::load::decode::{Need::Optional as Opt, Obj, date_bound};
use crate::load::kind::DefinitionErrorKind as K;
use crate::validation::ValidationContext;

/// "YYYY-MM-DD"; limits are fixed dates or relative to today (`today-18y`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DateField {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<DateBound>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<DateBound>,
}

impl FieldType for DateField {
    const KEYS: &'static [&'static str] = &["min", "max"];
    const FAMILY: Family = Family::Enter;

    fn decode(o: &mut Obj<'_, '_>) -> Self {
        DateField {
            min: o.take("min", Opt, date_bound),
            max: o.take("max", Opt, date_bound),
        }
    }

    fn check(&self, c: &mut Checker<'_>, path: &str) {
        // Compare on a reference day; exact for fixed dates and for two
        // relative limits, which is what min > max mistakes look like.
        if let (Some(lo), Some(hi)) = (self.min, self.max) {
            let fixed = |b: &DateBound| matches!(b, DateBound::Fixed(_));
            if fixed(&lo) == fixed(&hi) {
                let reference = Date::REFERENCE;
                if lo.resolve(reference) > hi.resolve(reference) {
                    c.add(
                        format!("{path}/min"),
                        K::DateMinAfterMax {
                            min: lo.to_string(),
                            max: hi.to_string(),
                        },
                    );
                }
            }
        }
    }

    fn validate(&self, a: &Answer<'_>, errors: &mut Vec<FieldError>) {
        a.check_text(errors, &|t| {
            crate::validation::date_time::date(t, self.min, self.max, a.ctx.today)
        });
    }

    fn valid_sample(&self, ctx: &ValidationContext) -> Option<AnswerValue> {
        let min = self.min.map(|b| b.resolve(ctx.today));
        let max = self.max.map(|b| b.resolve(ctx.today));
        // Today if allowed; else a week inside the nearest limit.
        let mut date: Date = ctx.today;
        if let Some(min) = min
            && date < min
        {
            date = min.add_days(7);
            if let Some(max) = max
                && date > max
            {
                date = min;
            }
        }
        if let Some(max) = max
            && date > max
        {
            date = max.add_days(-7);
            if let Some(min) = min
                && date < min
            {
                date = max;
            }
        }
        text(date.to_string())
    }

    fn invalid_sample(&self) -> Option<AnswerValue> {
        text("2025-02-30")
    }
}
