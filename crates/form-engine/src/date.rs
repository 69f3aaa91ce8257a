//! Calendar dates without a clock.
//!
//! The engine runs in the browser (WASM) and on the server; neither may ask the
//! system clock here, so "today" always comes from the caller.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A proleptic Gregorian calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u32,
    day: u32,
}

impl Date {
    /// A fixed ordinary day, for comparing relative limits with each other.
    pub(crate) const REFERENCE: Date = Date {
        year: 2000,
        month: 3,
        day: 1,
    };

    /// A valid calendar date, or `None`.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    pub fn year(self) -> i32 {
        self.year
    }
    pub fn month(self) -> u32 {
        self.month
    }
    pub fn day(self) -> u32 {
        self.day
    }

    /// Parses exactly `YYYY-MM-DD` (what `<input type="date">` sends), four-digit
    /// years only, so "2025-2-3" or "25-02-03" are rejected rather than guessed.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = s.get(r)?;
            if !part.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            part.parse().ok()
        };
        let year = i32::try_from(num(0..4)?).ok()?;
        Date::new(year, num(5..7)?, num(8..10)?)
    }

    /// Days since 1970-01-01 (negative before), after Howard Hinnant's
    /// `days_from_civil`.
    fn to_days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    fn from_days(z: i64) -> Date {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = (if mp < 10 { mp + 3 } else { mp - 9 }) as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Adds days; offsets are clamped to ±10,000 years so arithmetic cannot overflow.
    pub fn add_days(self, days: i64) -> Date {
        Date::from_days(self.to_days() + days.clamp(-3_700_000, 3_700_000))
    }

    /// Adds months; the day is clamped to the end of the target month
    /// (2024-01-31 + 1 month = 2024-02-29).
    pub fn add_months(self, months: i64) -> Date {
        let months = months.clamp(-120_000, 120_000);
        let total = i64::from(self.year) * 12 + i64::from(self.month) - 1 + months;
        let year = total.div_euclid(12).clamp(-9999, 9999) as i32;
        let month = (total.rem_euclid(12) + 1) as u32;
        let day = self.day.min(days_in_month(year, month));
        Date { year, month, day }
    }

    /// Days from `self` to `other` (negative if `other` is earlier).
    pub fn days_until(self, other: Date) -> i64 {
        other.to_days() - self.to_days()
    }

    /// Completed years from `self` (a birth date) to `on`; the birthday
    /// counts on the day itself (born 29 Feb: birthday on 28 Feb in other years).
    pub fn years_until(self, on: Date) -> i32 {
        let mut years = on.year - self.year;
        if (on.month, on.day) < (self.month, self.day) {
            years -= 1;
        }
        years
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse_iso(&s).ok_or_else(|| {
            serde::de::Error::custom(format!("invalid date `{s}`, expected YYYY-MM-DD"))
        })
    }
}

pub(crate) fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub(crate) fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// A date limit in a definition: a fixed date or a date relative to today.
///
/// Syntax: `2025-01-01`, `today`, or `today` followed by a signed offset with
/// unit `d` (days), `w` (weeks), `m` (months) or `y` (years): `today+2d`,
/// `today-18y`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateBound {
    Fixed(Date),
    Today { offset: i32, unit: DateUnit },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateUnit {
    Days,
    Weeks,
    Months,
    Years,
}

/// Why a date limit was rejected (`Display` is English; other languages translate the
/// kind, as the designers' preview does in German).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateBoundError {
    /// Neither a date nor `today…`.
    #[error("invalid date limit `{0}`, expected YYYY-MM-DD, `today` or e.g. `today-18y`")]
    InvalidDate(String),
    /// `today` with an offset that does not read.
    #[error("invalid offset in `{0}`, expected e.g. `today+2d`, `today-18y` (units d, w, m, y)")]
    InvalidOffset(String),
}

impl DateBound {
    pub fn parse(s: &str) -> Result<DateBound, DateBoundError> {
        let s = s.trim();
        let Some(rest) = s.strip_prefix("today") else {
            return Date::parse_iso(s)
                .map(DateBound::Fixed)
                .ok_or_else(|| DateBoundError::InvalidDate(s.to_owned()));
        };
        if rest.is_empty() {
            return Ok(DateBound::Today {
                offset: 0,
                unit: DateUnit::Days,
            });
        }
        let bad = || DateBoundError::InvalidOffset(s.to_owned());
        let sign = match rest.as_bytes().first() {
            Some(b'+') => 1,
            Some(b'-') => -1,
            _ => return Err(bad()),
        };
        let body = &rest[1..];
        let Some(unit_char) = body.chars().last() else {
            return Err(bad());
        };
        let digits = &body[..body.len() - unit_char.len_utf8()];
        let unit = match unit_char {
            'd' => DateUnit::Days,
            'w' => DateUnit::Weeks,
            'm' => DateUnit::Months,
            'y' => DateUnit::Years,
            _ => return Err(bad()),
        };
        if digits.is_empty() || digits.len() > 5 || !digits.bytes().all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        let n: i32 = digits.parse().map_err(|_| bad())?;
        Ok(DateBound::Today {
            offset: sign * n,
            unit,
        })
    }

    /// The concrete date for the given today.
    pub fn resolve(self, today: Date) -> Date {
        match self {
            DateBound::Fixed(d) => d,
            DateBound::Today { offset, unit } => {
                let n = i64::from(offset);
                match unit {
                    DateUnit::Days => today.add_days(n),
                    DateUnit::Weeks => today.add_days(n * 7),
                    DateUnit::Months => today.add_months(n),
                    DateUnit::Years => today.add_months(n * 12),
                }
            }
        }
    }
}

impl fmt::Display for DateBound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            DateBound::Fixed(d) => d.fmt(f),
            DateBound::Today { offset: 0, .. } => f.write_str("today"),
            DateBound::Today { offset, unit } => {
                let u = match unit {
                    DateUnit::Days => 'd',
                    DateUnit::Weeks => 'w',
                    DateUnit::Months => 'm',
                    DateUnit::Years => 'y',
                };
                write!(f, "today{offset:+}{u}")
            }
        }
    }
}

impl Serialize for DateBound {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DateBound {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        DateBound::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    #[test]
    fn parse_iso_accepts_only_real_dates() {
        assert_eq!(d("2024-02-29").day(), 29);
        assert!(Date::parse_iso("2023-02-29").is_none());
        assert!(Date::parse_iso("2023-13-01").is_none());
        assert!(Date::parse_iso("2023-04-31").is_none());
        assert!(Date::parse_iso("2023-4-1").is_none());
        assert!(Date::parse_iso("01.04.2023").is_none());
        assert!(Date::parse_iso("+023-04-01").is_none());
        assert!(Date::parse_iso("2023-04-0١").is_none());
    }

    #[test]
    fn day_arithmetic_roundtrips() {
        assert_eq!(d("1970-01-01").to_days(), 0);
        assert_eq!(d("2024-12-31").add_days(1), d("2025-01-01"));
        assert_eq!(d("2024-03-01").add_days(-1), d("2024-02-29"));
        for days in [-800_000, -1, 0, 1, 59, 60, 10_000, 800_000] {
            assert_eq!(Date::from_days(days).to_days(), days);
        }
    }

    #[test]
    fn huge_offsets_do_not_overflow() {
        let _ = d("2025-01-01").add_days(i64::MAX);
        let _ = d("2025-01-01").add_days(i64::MIN);
        let _ = d("2025-01-01").add_months(i64::MAX);
        let _ = d("2025-01-01").add_months(i64::MIN);
    }

    #[test]
    fn months_clamp_to_month_end() {
        assert_eq!(d("2024-01-31").add_months(1), d("2024-02-29"));
        assert_eq!(d("2024-02-29").add_months(-12), d("2023-02-28"));
        assert_eq!(d("2024-11-15").add_months(3), d("2025-02-15"));
    }

    #[test]
    fn age_counts_birthday_itself() {
        assert_eq!(d("2007-05-10").years_until(d("2025-05-10")), 18);
        assert_eq!(d("2007-05-11").years_until(d("2025-05-10")), 17);
    }

    #[test]
    fn bounds_parse_and_resolve() {
        let today = d("2025-05-10");
        assert_eq!(DateBound::parse("today").unwrap().resolve(today), today);
        assert_eq!(
            DateBound::parse("today-18y").unwrap().resolve(today),
            d("2007-05-10")
        );
        assert_eq!(
            DateBound::parse("today+2d").unwrap().resolve(today),
            d("2025-05-12")
        );
        assert_eq!(
            DateBound::parse("today+1w").unwrap().resolve(today),
            d("2025-05-17")
        );
        assert_eq!(
            DateBound::parse("today-3m").unwrap().resolve(today),
            d("2025-02-10")
        );
        assert_eq!(
            DateBound::parse("2020-01-01").unwrap().resolve(today),
            d("2020-01-01")
        );
        for bad in [
            "tomorrow",
            "today+",
            "today+2",
            "today*2d",
            "today+2x",
            "today+99999999d",
        ] {
            assert!(DateBound::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            DateBound::parse("today-18y").unwrap().to_string(),
            "today-18y"
        );
    }
}
