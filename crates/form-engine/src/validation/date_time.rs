//! date ("YYYY-MM-DD", limits possibly relative to today) and time ("HH:MM").

use crate::date::{Date, DateBound};
use crate::error::ErrorCode;

pub(crate) fn date(
    t: &str,
    min: Option<DateBound>,
    max: Option<DateBound>,
    today: Date,
) -> Option<ErrorCode> {
    let Some(d) = Date::parse_iso(t) else {
        return Some(ErrorCode::InvalidDate);
    };
    if let Some(min) = min.map(|b| b.resolve(today))
        && d < min
    {
        return Some(ErrorCode::DateTooEarly { min });
    }
    if let Some(max) = max.map(|b| b.resolve(today))
        && d > max
    {
        return Some(ErrorCode::DateTooLate { max });
    }
    None
}

/// 24-hour "HH:MM"; a one-digit hour ("9:30") is accepted too.
pub(crate) fn time(t: &str) -> Option<ErrorCode> {
    let ok = t.split_once(':').is_some_and(|(h, m)| {
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        digits(h)
            && h.len() <= 2
            && m.len() == 2
            && digits(m)
            && h.parse::<u32>().is_ok_and(|h| h < 24)
            && m.parse::<u32>().is_ok_and(|m| m < 60)
    });
    (!ok).then_some(ErrorCode::InvalidTime)
}
