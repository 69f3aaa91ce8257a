//! The form definition: plain data, loaded from JSON (see `load`) and shared
//! by portal and API. The field types and their settings live in
//! [`crate::field_types`], one module each, listed in one table.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::expr::Condition;
use crate::field_types::{ChoiceField, CodeListField, InfoField, MultiChoiceField};
pub use crate::field_types::{FIELD_TYPES, FieldKind};
pub use crate::lang::{Lang, Text};

/// A versioned form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FormDefinition {
    pub id: String,
    pub version: u32,
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// Languages the texts are complete in; German is always implied.
    #[serde(default = "default_languages")]
    pub languages: Vec<Lang>,
    pub steps: Vec<Step>,
    /// Cross-field rules over the whole form (see [`Rule`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<Rule>,
    /// Values computed from the answers, e.g. a fee shown before submitting.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub computed: Vec<Computed>,
}

fn default_languages() -> Vec<Lang> {
    vec![Lang::De]
}

/// One page of the journey.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub id: String,
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visible_when: Option<Condition>,
    pub sections: Vec<Section>,
    /// Cross-field rules reporting on fields of this step.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<Rule>,
}

impl Step {
    /// The step's own fields (a group, not its children) in document order, section by
    /// section: what a step shows at its top level.
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        self.sections.iter().flat_map(|section| &section.fields)
    }
}

/// A cross-field rule: where `when` holds (or is absent), `assert` must hold,
/// else the field `path` gets the error `rule` carrying the rule's `id`, and
/// [`crate::messages::message`] shows `message`.
///
/// A rule is only checked once every field its `assert` reads (outside
/// `answered(…)`) is answered and visible, and only if the field at `path`
/// has no other error; rules reading `minutes_until(…)` only when the
/// context carries the current time. For a field inside a repeatable group
/// the rule is checked per item, and bare names see that item's fields first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Unique among the form's rules; the error carries it.
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
    pub assert: Condition,
    /// Id of the field the error is reported on.
    pub path: String,
    pub message: Text,
}

/// A value computed from the (visible) answers, e.g. a fee:
/// `{"id": "fee", "label": {"de": "Gebühr"}, "expr": "50 + 10 * len(owners)"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Computed {
    /// Unique among computed values and distinct from field ids.
    pub id: String,
    pub label: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<Text>,
    /// Shown after the value, e.g. "EUR".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Text>,
    pub expr: Condition,
}

/// A titled group of fields on a step (a `<fieldset>` in the portal).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visible_when: Option<Condition>,
    pub fields: Vec<Field>,
}

/// One question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Field {
    /// Unique in the whole form (also inside groups); the key in [`crate::Answers`].
    pub id: String,
    pub label: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<Text>,
    /// Shorter label for the check-your-answers page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary_label: Option<Text>,
    #[serde(default)]
    pub required: bool,
    /// Makes the field required when the condition holds (in addition to `required`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_when: Option<Condition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visible_when: Option<Condition>,
    /// HTML `autocomplete` token, e.g. `given-name`, `postal-code`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autocomplete: Option<String>,
    /// Field-specific error texts by error key (`"required"`, `"date_too_late"`, …),
    /// replacing the generic ones from [`crate::messages`].
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub messages: BTreeMap<String, Text>,
    #[serde(flatten)]
    pub kind: FieldKind,
}

/// One option of a choice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    pub value: String,
    pub label: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<Text>,
}

/// The parts of an `address` answer, in display order.
pub const ADDRESS_PARTS: [&str; 4] = ["street", "house_number", "postcode", "city"];

impl FieldKind {
    /// Options of choice-like fields.
    pub fn options(&self) -> &[ChoiceOption] {
        match self {
            FieldKind::Choice(ChoiceField { options })
            | FieldKind::MultiChoice(MultiChoiceField { options, .. })
            | FieldKind::CodeList(CodeListField { options, .. }) => options,
            _ => &[],
        }
    }

    /// Whether the field stores an answer (everything except `info`).
    pub fn takes_answer(&self) -> bool {
        !matches!(self, FieldKind::Info(_))
    }
}

impl Field {
    /// An information text (takes no answer) with everything else left empty.
    pub fn info(id: impl Into<String>, label: Text, text: Text) -> Field {
        Field {
            id: id.into(),
            label,
            hint: None,
            placeholder: None,
            summary_label: None,
            required: false,
            required_when: None,
            visible_when: None,
            autocomplete: None,
            messages: BTreeMap::new(),
            kind: FieldKind::Info(InfoField { text }),
        }
    }

    /// Child fields of a group, else empty.
    pub fn children(&self) -> &[Field] {
        match &self.kind {
            FieldKind::Group(group) => &group.fields,
            _ => &[],
        }
    }
}

impl FormDefinition {
    /// Parses and checks a definition, reporting every problem at once.
    pub fn from_json(json: &str) -> Result<FormDefinition, crate::load::DefinitionErrors> {
        crate::load::from_json(json, true)
    }

    /// Parses a definition that a central API has already checked with
    /// [`FormDefinition::from_json`] before publishing it: the structure (types, sizes,
    /// depth) is decoded as strictly, but the meaning pass (unique ids, conditions that
    /// refer only to earlier fields, consistent limits) is not run again. The citizen
    /// portal uses it for the definitions its own API serves, which keeps that pass out
    /// of its WASM bundle; anything else (designers' drafts, imports, the API itself)
    /// uses `from_json`. Validation of answers is the same either way. Text that is not
    /// JSON at all is reported at its line and column as "not valid JSON", without
    /// serde_json's words for the fault (which `from_json` gives).
    pub fn from_checked_json(json: &str) -> Result<FormDefinition, crate::load::DefinitionErrors> {
        crate::load::from_json(json, false)
    }

    /// The field with this id, also inside groups.
    pub fn field(&self, id: &str) -> Option<&Field> {
        self.fields().find(|f| f.id == id)
    }

    /// Index of the step holding the field (for groups: the group's step).
    pub fn step_index_of_field(&self, id: &str) -> Option<usize> {
        self.steps
            .iter()
            .position(|s| s.fields().any(|f| contains_field(f, id)))
    }

    /// The top-level fields (a group, not its children) in document order: steps, then
    /// sections.
    pub fn top_fields(&self) -> impl Iterator<Item = &Field> {
        self.steps.iter().flat_map(Step::fields)
    }

    /// All fields in document order, group children right after their group.
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        let mut stack: Vec<&Field> = Vec::new();
        let mut top = self.top_fields();
        std::iter::from_fn(move || {
            let next = stack.pop().or_else(|| top.next())?;
            stack.extend(next.children().iter().rev());
            Some(next)
        })
    }

    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.id == id)
    }
}

fn contains_field(f: &Field, id: &str) -> bool {
    f.id == id || f.children().iter().any(|c| contains_field(c, id))
}
