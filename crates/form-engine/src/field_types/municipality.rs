//! `municipality`: the municipality (Gemeinde) a place is in, chosen from the Land's
//! directory of places by postcode or name. The answer has two parts: `ars`, the
//! municipality's 12-digit Amtlicher Regionalschlüssel, and `name`, the place as the
//! citizen chose it ("25541 Brunsbüttel"), so that it can be read back without the
//! directory.
//!
//! With `decides_authority`, the answer decides which authority is competent (the
//! business premises for a Gewerbeanmeldung, the plot for a Baumfällgenehmigung): the
//! portal routes the application by it, and the authority checks that it was so routed.
//! Whether the ARS names a real municipality is the directory's business (the server's),
//! not the engine's: the engine checks its form.

use serde::{Deserialize, Serialize};

use super::{Answer, Family, FieldType};
use crate::answers::{AnswerValue, Answers};
use crate::error::{ErrorCode, FieldError};
use crate::load::check::Checker;
use crate::load::decode::{Need::Default as Def, Obj, bool};
use crate::validation::ValidationContext;

/// The longest place name accepted in an answer ("25541 Brunsbüttel" and the like;
/// the longest German municipality names have about 40 characters).
pub const MAX_NAME_CHARS: usize = 200;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MunicipalityField {
    /// The answer decides the competent authority (at most one field of a form, and
    /// not inside a group: one application goes to one authority).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub decides_authority: bool,
}

impl FieldType for MunicipalityField {
    const KEYS: &'static [&'static str] = &["decides_authority"];
    const FAMILY: Family = Family::Choose;

    fn decode(o: &mut Obj<'_, '_>) -> Self {
        MunicipalityField {
            decides_authority: o.take("decides_authority", Def, bool).unwrap_or_default(),
        }
    }

    // Where it may stand (one per form, not in a group) is checked over the whole
    // definition (`load::check`), which sees every field.
    fn check(&self, _: &mut Checker<'_>, _: &str) {}

    fn validate(&self, a: &Answer<'_>, errors: &mut Vec<FieldError>) {
        let valid = match a.value {
            AnswerValue::Map(parts) => chosen(parts).is_some(),
            _ => false,
        };
        a.report(errors, (!valid).then_some(ErrorCode::InvalidValue));
    }

    fn valid_sample(&self, _: &ValidationContext) -> Option<AnswerValue> {
        Some(answer("010510044044", "25746 Heide"))
    }

    fn invalid_sample(&self) -> Option<AnswerValue> {
        Some(answer("25746", "Heide"))
    }
}

/// A municipality answer: the chosen place's ARS and name.
pub fn answer(ars: &str, name: &str) -> AnswerValue {
    let mut parts = Answers::new();
    parts.set_text("ars", ars.to_owned());
    parts.set_text("name", name.to_owned());
    AnswerValue::Map(parts)
}

/// The ARS and the name of a well-formed municipality answer: exactly the parts `ars`
/// (12 digits) and `name` (not blank, at most [`MAX_NAME_CHARS`]).
pub fn chosen(parts: &Answers) -> Option<(&str, &str)> {
    let ars = parts.text("ars")?;
    let name = parts.text("name")?;
    let well_formed = is_ars(ars)
        && !name.trim().is_empty()
        && name.chars().count() <= MAX_NAME_CHARS
        && parts.len() == 2;
    well_formed.then_some((ars, name))
}

/// An Amtlicher Regionalschlüssel: 12 digits.
pub fn is_ars(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_ars_and_a_name_make_an_answer() {
        let AnswerValue::Map(good) = answer("010510011011", "25541 Brunsbüttel") else {
            unreachable!()
        };
        assert_eq!(chosen(&good), Some(("010510011011", "25541 Brunsbüttel")));
        for (ars, name) in [
            ("01051001101", "x"),
            ("01051001101a", "x"),
            ("010510011011", " "),
            ("010510011011", &"x".repeat(MAX_NAME_CHARS + 1)),
        ] {
            let AnswerValue::Map(parts) = answer(ars, name) else {
                unreachable!()
            };
            assert_eq!(chosen(&parts), None, "{ars:?} {name:?}");
        }
        let mut extra = good.clone();
        extra.set_text("street", "Markt".into());
        assert_eq!(chosen(&extra), None);
    }
}
