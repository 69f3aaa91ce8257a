//! `text`: one line of free text, with optional length limits and pattern.

use serde::{Deserialize, Serialize};

use super::{Answer, Family, FieldType, text};
use crate::answers::AnswerValue;
use crate::error::FieldError;
use crate::load::check::Checker;
use crate::load::decode::{Need::Optional as Opt, Obj, pattern, u32};
use crate::pattern::Pattern;
use crate::validation::ValidationContext;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TextField {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<Pattern>,
}

/// Candidates for a sample text with a pattern, tried in turn.
const PATTERN_CANDIDATES: [&str; 19] = [
    "Beispiel",
    "12345",
    "25746",
    "A1",
    "AB",
    "ab",
    "1",
    "12",
    "123",
    "1234",
    "ABC123",
    "DE123456789",
    "HRB 1234",
    "a",
    "A",
    "0",
    "erika.mustermann@example.org",
    "+49 481 123456",
    "https://example.org",
];

/// `base` made as long as the limits ask (repeated, cut).
pub(super) fn fit_length(base: &str, min: Option<u32>, max: Option<u32>) -> String {
    let mut s = base.to_string();
    let min = min.unwrap_or(0) as usize;
    while s.chars().count() < min {
        s.push_str(" Beispiel");
    }
    if let Some(max) = max {
        s = s.chars().take(max as usize).collect();
    }
    s.trim_end().to_string()
}

impl FieldType for TextField {
    const KEYS: &'static [&'static str] = &["max_length", "min_length", "pattern"];
    const FAMILY: Family = Family::Enter;

    fn decode(o: &mut Obj<'_, '_>) -> Self {
        TextField {
            max_length: o.take("max_length", Opt, u32),
            min_length: o.take("min_length", Opt, u32),
            pattern: o.take("pattern", Opt, pattern),
        }
    }

    fn check(&self, c: &mut Checker<'_>, path: &str) {
        c.range(
            self.min_length,
            self.max_length,
            path,
            ("min_length", "max_length"),
        );
    }

    fn validate(&self, a: &Answer<'_>, errors: &mut Vec<FieldError>) {
        a.check_text(errors, &|t| {
            crate::validation::text::check(
                t,
                self.min_length,
                self.max_length,
                self.pattern.as_ref(),
            )
        });
    }

    fn valid_sample(&self, _: &ValidationContext) -> Option<AnswerValue> {
        let fits = |s: &str| {
            let n = s.chars().count() as u32;
            n >= self.min_length.unwrap_or(0)
                && self.max_length.is_none_or(|m| n <= m)
                && self.pattern.as_ref().is_none_or(|p| p.is_match(s))
        };
        let chosen = match self.pattern {
            None => fit_length("Beispiel", self.min_length, self.max_length),
            Some(_) => PATTERN_CANDIDATES
                .into_iter()
                .find(|c| fits(c))
                .map(|c| c.to_string())
                .unwrap_or_else(|| "Beispiel".into()),
        };
        text(chosen)
    }

    fn invalid_sample(&self) -> Option<AnswerValue> {
        match (self.max_length, &self.pattern, self.min_length) {
            (Some(max), _, _) => text("x".repeat(max as usize + 1)),
            (None, Some(p), _) if !p.is_match("?!") => text("?!"),
            (None, _, Some(min)) if min > 1 => text("x"),
            // Nothing to get wrong in free text: an empty answer (wrong where required).
            _ => None,
        }
    }
}
