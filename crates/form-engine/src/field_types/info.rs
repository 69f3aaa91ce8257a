//! `info`: a text shown to the citizen; takes no answer.

use serde::{Deserialize, Serialize};

use super::{Answer, Family, FieldType};
use crate::answers::AnswerValue;
use crate::error::FieldError;
use crate::lang::Text;
use crate::load::check::Checker;
use crate::load::decode::{Need::Required as Req, Obj, text as text_value};
use crate::validation::ValidationContext;

/// Text shown to the citizen; takes no answer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct InfoField {
    pub text: Text,
}

impl FieldType for InfoField {
    const KEYS: &'static [&'static str] = &["text"];
    const FAMILY: Family = Family::Enter;

    fn decode(o: &mut Obj<'_, '_>) -> Self {
        InfoField {
            text: o.take("text", Req, text_value).unwrap_or_default(),
        }
    }

    fn check(&self, c: &mut Checker<'_>, path: &str) {
        c.text(&self.text, &format!("{path}/text"));
    }

    fn validate(&self, _: &Answer<'_>, _: &mut Vec<FieldError>) {}

    fn valid_sample(&self, _: &ValidationContext) -> Option<AnswerValue> {
        None
    }

    fn invalid_sample(&self) -> Option<AnswerValue> {
        None
    }
}
