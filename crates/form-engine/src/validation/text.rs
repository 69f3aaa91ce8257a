//! text and textarea: length in characters (not bytes: "Müller" is 6), pattern.

use crate::error::ErrorCode;
use crate::pattern::Pattern;

/// A text's length as its reader counts it: in characters, a letter with one combining
/// accent one ("é" typed or pasted decomposed, as macOS and PDFs write it, "e" + U+0301,
/// is one as the composed "é" is; it counted twice). Only a letter's first mark of the
/// Combining Diacritical Marks blocks goes with it: further marks count, so that a text
/// of stacked marks is as long as it is. The portal's countdown and the expressions'
/// `len` count alike.
pub fn text_length(t: &str) -> usize {
    let mut length = 0;
    // Whether the last character counted was a letter (or digit) without a mark yet.
    let mut bare = false;
    for c in t.chars() {
        let mark = matches!(
            c,
            '\u{300}'..='\u{36F}'
                | '\u{1AB0}'..='\u{1AFF}'
                | '\u{1DC0}'..='\u{1DFF}'
                | '\u{20D0}'..='\u{20FF}'
                | '\u{FE20}'..='\u{FE2F}'
        );
        if mark && bare {
            bare = false;
        } else {
            length += 1;
            bare = !mark && c.is_alphanumeric();
        }
    }
    length
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
        // Marks stacked beyond the first count: 100,000 of them are no short text.
        assert_eq!(
            text_length(&format!("a{}", "\u{301}".repeat(100_000))),
            100_000
        );
        assert_eq!(text_length("\u{301}"), 1);
        assert_eq!(check(&"e\u{301}".repeat(100), None, Some(120), None), None);
        assert_eq!(
            check(&"e\u{301}".repeat(121), None, Some(120), None),
            Some(ErrorCode::TooLong { max: 120 })
        );
    }
}
