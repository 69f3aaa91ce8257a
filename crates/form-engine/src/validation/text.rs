//! text and textarea: length in characters (not bytes: "Müller" is 6), pattern.

use crate::error::ErrorCode;
use crate::pattern::Pattern;

pub(crate) fn check(
    t: &str,
    min: Option<u32>,
    max: Option<u32>,
    pattern: Option<&Pattern>,
) -> Option<ErrorCode> {
    let len = t.chars().count();
    if let Some(min) = min
        && len < min as usize
    {
        return Some(ErrorCode::TooShort { min });
    }
    if let Some(max) = max
        && len > max as usize
    {
        return Some(ErrorCode::TooLong { max });
    }
    if pattern.is_some_and(|p| !p.is_match(t)) {
        return Some(ErrorCode::PatternMismatch);
    }
    None
}
