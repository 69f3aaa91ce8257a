//! `datetime`: a date and a time of day, "YYYY-MM-DDTHH:MM" (the local time of the
//! authority; FIM XDatenfelder datatype `datetime`), with optional fixed limits.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Answer, Family, FieldType, text};
use crate::answers::AnswerValue;
use crate::date::Date;
use crate::error::{ErrorCode, FieldError};
use crate::lang::Lang;
use crate::load::Problems;
use crate::load::check::Checker;
use crate::load::decode::{Need::Optional as Opt, Obj, parsed};
use crate::load::kind::DefinitionErrorKind as K;
use crate::validation::ValidationContext;

/// A date and a time of day, to the minute: `2026-12-16T14:30`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime {
    date: Date,
    /// Minutes since midnight (0 to 1439).
    minutes: u32,
}

impl DateTime {
    /// A valid date and time, or `None`.
    pub fn new(date: Date, hour: u32, minute: u32) -> Option<DateTime> {
        (hour < 24 && minute < 60).then_some(DateTime {
            date,
            minutes: hour * 60 + minute,
        })
    }

    /// Parses exactly `YYYY-MM-DDTHH:MM` (what `<input type="datetime-local">` sends
    /// without seconds): two-digit hours, a real day.
    pub fn parse_iso(s: &str) -> Option<DateTime> {
        let (date, time) = s.split_once('T')?;
        let (hour, minute) = time.split_once(':')?;
        let two_digits = |p: &str| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit());
        if !two_digits(hour) || !two_digits(minute) {
            return None;
        }
        DateTime::new(
            Date::parse_iso(date)?,
            hour.parse().ok()?,
            minute.parse().ok()?,
        )
    }

    pub fn date(self) -> Date {
        self.date
    }
    pub fn hour(self) -> u32 {
        self.minutes / 60
    }
    pub fn minute(self) -> u32 {
        self.minutes % 60
    }

    /// As citizens read it: `16.12.2026 um 14:30 Uhr`, `16 December 2026 at 14:30`.
    pub fn localized(self, lang: Lang) -> String {
        let date = crate::messages::localized_date(self.date, lang);
        let (h, m) = (self.hour(), self.minute());
        match lang {
            Lang::De => format!("{date} um {h:02}:{m:02} Uhr"),
            Lang::En => format!("{date} at {h:02}:{m:02}"),
        }
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}T{:02}:{:02}", self.date, self.hour(), self.minute())
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        parse_limit(&s).map_err(|e| serde::de::Error::custom(e.to_string()))
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for DateTime {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DateTime".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A date and a time of day, `YYYY-MM-DDTHH:MM`.",
            "type": "string",
            "pattern": "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}$"
        })
    }
}

/// A limit in a definition, or the problem to report.
fn parse_limit(s: &str) -> Result<DateTime, K> {
    DateTime::parse_iso(s).ok_or_else(|| K::DateTimeLimit {
        value: s.to_owned(),
    })
}

fn limit(
    v: &serde_json::Value,
    at: &crate::load::at::At<'_>,
    problems: &mut Problems,
) -> Option<DateTime> {
    parsed(v, at, problems, parse_limit)
}

/// A date and a time of day, "YYYY-MM-DDTHH:MM"; limits are fixed (`2026-01-01T08:00`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DateTimeField {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<DateTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<DateTime>,
}

impl FieldType for DateTimeField {
    const KEYS: &'static [&'static str] = &["min", "max"];
    const FAMILY: Family = Family::Enter;

    fn decode(o: &mut Obj<'_, '_>) -> Self {
        DateTimeField {
            min: o.take("min", Opt, limit),
            max: o.take("max", Opt, limit),
        }
    }

    fn check(&self, c: &mut Checker<'_>, path: &str) {
        if let (Some(lo), Some(hi)) = (self.min, self.max)
            && lo > hi
        {
            c.add(
                format!("{path}/min"),
                K::DateMinAfterMax {
                    min: lo.to_string(),
                    max: hi.to_string(),
                },
            );
        }
    }

    fn validate(&self, a: &Answer<'_>, errors: &mut Vec<FieldError>) {
        a.check_text(errors, &|t| {
            let Some(at) = DateTime::parse_iso(t) else {
                return Some(ErrorCode::InvalidDateTime);
            };
            if let Some(min) = self.min
                && at < min
            {
                return Some(ErrorCode::DateTimeTooEarly { min });
            }
            if let Some(max) = self.max
                && at > max
            {
                return Some(ErrorCode::DateTimeTooLate { max });
            }
            None
        });
    }

    fn valid_sample(&self, ctx: &ValidationContext) -> Option<AnswerValue> {
        // Today at 10:30 if allowed, else the nearest limit.
        let mut at = DateTime::new(ctx.today, 10, 30)?;
        if let Some(min) = self.min {
            at = at.max(min);
        }
        if let Some(max) = self.max {
            at = at.min(max);
        }
        text(at.to_string())
    }

    fn invalid_sample(&self) -> Option<AnswerValue> {
        text("2025-02-30T25:00")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime {
        DateTime::parse_iso(s).expect("valid")
    }

    #[test]
    fn parses_only_complete_real_dates_and_times() {
        let t = at("2026-12-16T14:30");
        assert_eq!((t.hour(), t.minute()), (14, 30));
        assert_eq!(t.date(), Date::new(2026, 12, 16).unwrap());
        assert_eq!(t.to_string(), "2026-12-16T14:30");
        assert_eq!(at("2024-02-29T00:00").to_string(), "2024-02-29T00:00");
        for bad in [
            "2026-12-16",
            "2026-12-16T",
            "2026-12-16T9:30",
            "2026-12-16T24:00",
            "2026-12-16T12:60",
            "2026-12-16 14:30",
            "2026-12-16T14:30:00",
            "2023-02-29T10:00",
            "2026-12-16T+1:30",
            "T14:30",
        ] {
            assert!(DateTime::parse_iso(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn orders_by_date_then_time() {
        assert!(at("2026-01-01T23:59") < at("2026-01-02T00:00"));
        assert!(at("2026-01-01T08:00") < at("2026-01-01T08:01"));
    }

    #[test]
    fn reads_as_citizens_expect() {
        let t = at("2026-12-16T09:05");
        assert_eq!(t.localized(Lang::De), "16.12.2026 um 09:05 Uhr");
        assert_eq!(t.localized(Lang::En), "16 December 2026 at 09:05");
    }
}
