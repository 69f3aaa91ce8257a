//! text and textarea: length in characters (not bytes: "Müller" is 6), pattern.

use crate::error::ErrorCode;
use crate::pattern::Pattern;

/// A text's length as its reader counts it: in characters, a letter with a combining
/// accent one ("é" typed or pasted decomposed, as macOS and PDFs write it, "e" + U+0301,
/// is one as the composed "é" is; it counted twice). The marks of the Combining
/// Diacritical Marks blocks are not counted; the portal's countdown counts alike.
pub fn text_length(t: &str) -> usize {
    t.chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{300}'..='\u{36F}'
                    | '\u{1AB0}'..='\u{1AFF}'
                    | '\u{1DC0}'..='\u{1DFF}'
                    | '\u{20D0}'..='\u{20FF}'
                    | '\u{FE20}'..='\u{FE2F}'
            )
        })
        .count()
}

pub(crate) fn check(
    t: &str,
    min: Option<u32>,
    max: Option<u32>,
    pattern: Option<&Pattern>,
) -> Option<ErrorCode> {
    let len = text_length(t);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letter_with_a_combining_accent_counts_once() {
        assert_eq!(text_length("Müller"), 6);
        assert_eq!(text_length("Mu\u{308}ller"), 6);
        assert_eq!(text_length(&"e\u{301}".repeat(100)), 100);
        assert_eq!(check(&"e\u{301}".repeat(100), None, Some(120), None), None);
        assert_eq!(
            check(&"e\u{301}".repeat(121), None, Some(120), None),
            Some(ErrorCode::TooLong { max: 120 })
        );
    }
}
