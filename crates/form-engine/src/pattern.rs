//! Author-supplied regular expressions for text fields.
//!
//! regex-lite rather than regex: a far smaller WASM binary, and it still
//! guarantees matching time linear-ish in the input (no catastrophic
//! backtracking). Patterns always match the whole answer: we wrap them as
//! `^(?:pattern)$` so authors cannot forget the anchors.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Longest pattern source we accept; real ones are a few dozen characters.
pub const MAX_PATTERN_LEN: usize = 500;

/// A compiled, fully anchored pattern.
#[derive(Clone)]
pub struct Pattern {
    source: String,
    regex: regex_lite::Regex,
}

impl Pattern {
    pub fn new(source: &str) -> Result<Pattern, String> {
        if source.len() > MAX_PATTERN_LEN {
            return Err(format!(
                "pattern is longer than {MAX_PATTERN_LEN} characters"
            ));
        }
        let regex = regex_lite::RegexBuilder::new(&format!("^(?:{source})$"))
            .size_limit(1 << 20)
            .nest_limit(32)
            .build()
            .map_err(|e| format!("invalid pattern: {e}"))?;
        Ok(Pattern {
            source: source.to_owned(),
            regex,
        })
    }

    /// The pattern as written by the author (without our anchors).
    pub fn as_str(&self) -> &str {
        &self.source
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.regex.is_match(text)
    }
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

impl Serialize for Pattern {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.source)
    }
}

impl<'de> Deserialize<'de> for Pattern {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Pattern::new(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_whole_text_only() {
        let p = Pattern::new("[0-9]{3}|x").unwrap();
        assert!(p.is_match("123"));
        assert!(p.is_match("x"));
        assert!(!p.is_match("1234"));
        assert!(!p.is_match("a123"));
        assert!(!p.is_match("xx"));
    }

    #[test]
    fn rejects_invalid_and_oversized_patterns() {
        assert!(Pattern::new("[a-").is_err());
        assert!(Pattern::new("(a").is_err());
        assert!(Pattern::new(&"a".repeat(MAX_PATTERN_LEN + 1)).is_err());
    }

    #[test]
    fn serde_roundtrip_keeps_source() {
        let p: Pattern = serde_json::from_str(r#""[A-Z]{2}""#).unwrap();
        assert_eq!(serde_json::to_string(&p).unwrap(), r#""[A-Z]{2}""#);
    }
}
