//! `group`: a repeatable group; the answer is a list of items, each with answers
//! for the group's fields.

use serde::{Deserialize, Serialize};

use super::{Answer, Family, FieldType};
use crate::answers::{AnswerValue, Answers};
use crate::definition::Field;
use crate::error::{ErrorCode, FieldError};
use crate::lang::Text;
use crate::load::check::Checker;
use crate::load::decode::{
    Need::{Default as Def, Optional as Opt},
    Obj, children, text as text_value, u32,
};
use crate::load::kind::DefinitionErrorKind as K;
use crate::validation::ValidationContext;

/// A repeatable group: the answer is a list of items, each with answers
/// for `fields`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct GroupField {
    #[serde(default)]
    pub fields: Vec<Field>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u32>,
    /// Heading of each item, e.g. "Person"; the portal appends the number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_label: Option<Text>,
}

impl FieldType for GroupField {
    const KEYS: &'static [&'static str] = &["fields", "min_items", "max_items", "item_label"];
    const FAMILY: Family = Family::Repeat;

    fn decode(o: &mut Obj<'_, '_>) -> Self {
        GroupField {
            fields: o.take("fields", Def, children).unwrap_or_default(),
            min_items: o.take("min_items", Opt, u32),
            max_items: o.take("max_items", Opt, u32),
            item_label: o.take("item_label", Opt, text_value),
        }
    }

    fn check(&self, c: &mut Checker<'_>, path: &str) {
        c.range(
            self.min_items,
            self.max_items,
            path,
            ("min_items", "max_items"),
        );
        c.opt_text(self.item_label.as_ref(), &format!("{path}/item_label"));
        if self.fields.is_empty() {
            c.add(format!("{path}/fields"), K::GroupWithoutFields);
        }
        c.children(&self.fields, path);
    }

    fn validate(&self, a: &Answer<'_>, errors: &mut Vec<FieldError>) {
        // Items themselves are visited (and validated) field by field.
        a.report(
            errors,
            match a.value {
                AnswerValue::Items(items) => {
                    crate::validation::choice::count(items.len(), self.min_items, self.max_items)
                }
                _ => Some(ErrorCode::InvalidValue),
            },
        );
    }

    fn valid_sample(&self, ctx: &ValidationContext) -> Option<AnswerValue> {
        let n = (self.min_items.unwrap_or(1).max(1)).min(self.max_items.unwrap_or(u32::MAX));
        let items = (0..n)
            .map(|_| {
                let mut item = Answers::new();
                for child in &self.fields {
                    if let Some(v) = child.kind.valid_sample(ctx) {
                        item.set(child.id.clone(), v);
                    }
                }
                item
            })
            .collect();
        Some(AnswerValue::Items(items))
    }

    fn invalid_sample(&self) -> Option<AnswerValue> {
        let mut item = Answers::new();
        for child in &self.fields {
            if let Some(v) = child.kind.invalid_sample() {
                item.set(child.id.clone(), v);
            }
        }
        Some(AnswerValue::Items(vec![item]))
    }
}
