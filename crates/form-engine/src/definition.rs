//! The form definition: plain data, loaded from JSON (see `load`) and shared
//! by portal and API. Field types are one exhaustive enum, so adding a type
//! makes the compiler point at every place that must handle it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::date::DateBound;
use crate::expr::Condition;
pub use crate::lang::{Lang, Text};
use crate::pattern::Pattern;

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

/// The field type and its type-specific settings (JSON: `"type": "…"` next to
/// the common field properties).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum FieldKind {
    Text {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_length: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_length: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pattern: Option<Pattern>,
    },
    Textarea {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_length: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_length: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rows: Option<u32>,
    },
    Integer {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<i64>,
        /// Shown after the input, e.g. "cm".
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unit: Option<Text>,
    },
    Decimal {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
        /// Most digits after the decimal separator (default 2).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_decimals: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unit: Option<Text>,
    },
    /// An amount in euros: "12", "12.5", "12,50".
    Money {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
    },
    /// "YYYY-MM-DD"; limits are fixed dates or relative to today (`today-18y`).
    Date {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<DateBound>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<DateBound>,
    },
    /// "HH:MM", 24 hours.
    Time {},
    Email {},
    Phone {},
    /// A German postcode: five digits.
    Postcode {},
    Iban {},
    YesNo {},
    Choice {
        #[serde(default)]
        options: Vec<ChoiceOption>,
    },
    MultiChoice {
        #[serde(default)]
        options: Vec<ChoiceOption>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_items: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_items: Option<u32>,
    },
    /// A choice from a published code list (XRepository URN); `options` holds
    /// its entries, so validation works offline.
    CodeList {
        list: String,
        #[serde(default)]
        options: Vec<ChoiceOption>,
    },
    /// Uploads. The answer is a list of items with `id`, `name`, `media_type` and
    /// `size` (bytes, as text), which are checked (a bare list of attachment ids is
    /// counted only, and the authority does not accept it).
    File {
        /// The types allowed: media types (`application/pdf`, `image/*`) or extensions
        /// (`.pdf`) of the types whose content the authority can check
        /// (`form_engine::media`: PDF, PNG, JPEG, GIF, TIFF, WebP); empty: any of those.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        accept: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_size_mb: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_files: Option<u32>,
    },
    /// A German postal address; answer parts `street`, `house_number`,
    /// `postcode`, `city`.
    Address {},
    /// A repeatable group: the answer is a list of items, each with answers
    /// for `fields`.
    Group {
        #[serde(default)]
        fields: Vec<Field>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_items: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_items: Option<u32>,
        /// Heading of each item, e.g. "Person"; the portal appends the number.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        item_label: Option<Text>,
    },
    /// Text shown to the citizen; takes no answer.
    Info {
        text: Text,
    },
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
    /// The JSON `type` name.
    pub fn type_name(&self) -> &'static str {
        match self {
            FieldKind::Text { .. } => "text",
            FieldKind::Textarea { .. } => "textarea",
            FieldKind::Integer { .. } => "integer",
            FieldKind::Decimal { .. } => "decimal",
            FieldKind::Money { .. } => "money",
            FieldKind::Date { .. } => "date",
            FieldKind::Time {} => "time",
            FieldKind::Email {} => "email",
            FieldKind::Phone {} => "phone",
            FieldKind::Postcode {} => "postcode",
            FieldKind::Iban {} => "iban",
            FieldKind::YesNo {} => "yes_no",
            FieldKind::Choice { .. } => "choice",
            FieldKind::MultiChoice { .. } => "multi_choice",
            FieldKind::CodeList { .. } => "code_list",
            FieldKind::File { .. } => "file",
            FieldKind::Address {} => "address",
            FieldKind::Group { .. } => "group",
            FieldKind::Info { .. } => "info",
        }
    }

    /// Options of choice-like fields.
    pub fn options(&self) -> &[ChoiceOption] {
        match self {
            FieldKind::Choice { options }
            | FieldKind::MultiChoice { options, .. }
            | FieldKind::CodeList { options, .. } => options,
            _ => &[],
        }
    }

    /// Whether the field stores an answer (everything except `info`).
    pub fn takes_answer(&self) -> bool {
        !matches!(self, FieldKind::Info { .. })
    }
}

/// Every `type` name, for error messages and documentation.
pub const FIELD_TYPES: [&str; 19] = [
    "text",
    "textarea",
    "integer",
    "decimal",
    "money",
    "date",
    "time",
    "email",
    "phone",
    "postcode",
    "iban",
    "yes_no",
    "choice",
    "multi_choice",
    "code_list",
    "file",
    "address",
    "group",
    "info",
];

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
            kind: FieldKind::Info { text },
        }
    }

    /// Child fields of a group, else empty.
    pub fn children(&self) -> &[Field] {
        match &self.kind {
            FieldKind::Group { fields, .. } => fields,
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
    /// uses `from_json`. Validation of answers is the same either way.
    pub fn from_checked_json(json: &str) -> Result<FormDefinition, crate::load::DefinitionErrors> {
        crate::load::from_json(json, false)
    }

    /// The field with this id, also inside groups.
    pub fn field(&self, id: &str) -> Option<&Field> {
        self.fields().find(|f| f.id == id)
    }

    /// Index of the step holding the field (for groups: the group's step).
    pub fn step_index_of_field(&self, id: &str) -> Option<usize> {
        self.steps.iter().position(|s| {
            s.sections
                .iter()
                .flat_map(|sec| &sec.fields)
                .any(|f| contains_field(f, id))
        })
    }

    /// All fields in document order, group children right after their group.
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        let mut stack: Vec<&Field> = Vec::new();
        let mut top = self
            .steps
            .iter()
            .flat_map(|s| &s.sections)
            .flat_map(|sec| &sec.fields);
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
