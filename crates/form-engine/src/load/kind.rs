//! What is wrong in a definition, as data. `Display` gives the English message (the
//! API's and the command line's); other languages translate the kind — the designers'
//! preview does in German, in its own bundle, so the citizen's WASM carries no texts.

use std::fmt;

use crate::date::DateBoundError;
use crate::error::ERROR_KEYS;
use crate::expr::ExprError;
use crate::field_types::FIELD_TYPES;
use crate::lang::Lang;
use crate::pattern::PatternError;

/// One kind of problem in a definition, with what the message names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DefinitionErrorKind {
    // The input as a whole.
    /// Larger than [`super::MAX_INPUT_BYTES`].
    TooLarge {
        max_mib: usize,
    },
    /// Not JSON: serde_json's own (English) description, without its position.
    Syntax {
        detail: String,
    },
    /// Nested deeper than [`super::MAX_DEPTH`].
    TooDeep {
        max: usize,
    },
    /// More problems than [`super::MAX_PROBLEMS`]: these many were not listed.
    MoreProblems {
        more: usize,
    },

    // Structure.
    NotAnObject {
        node: Node,
        found: Found,
    },
    UnknownProperty {
        key: String,
        expected: Vec<&'static str>,
    },
    MissingProperty {
        key: &'static str,
    },
    WrongType {
        expected: Expected,
        found: Found,
    },
    UnknownFieldType {
        name: String,
    },
    Condition(ExprError),
    Pattern(PatternError),
    DateLimit(DateBoundError),

    // Meaning.
    VersionZero,
    NoSteps,
    NoSections,
    NoFields,
    GroupWithoutFields,
    InvalidId {
        id: String,
        dash_allowed: bool,
    },
    DuplicateStepOrSectionId {
        id: String,
    },
    MissingGerman,
    /// A text without the language that the form's `languages` says its texts are
    /// complete in.
    MissingTranslation {
        lang: Lang,
    },
    ExpressionUnknownField {
        id: String,
    },
    NoSuchPart {
        path: String,
        part: String,
    },
    DuplicateRuleId {
        id: String,
    },
    RuleFieldNotOnStep {
        field: String,
    },
    TakesNoAnswer {
        field: String,
    },
    /// A `municipality` field that decides the authority inside a group (whose items
    /// could name several places).
    DecidingAnswerInGroup,
    /// A second field that decides the authority; `first` is the one before it.
    SecondDecidingAnswer {
        first: String,
    },
    UnknownRuleField {
        field: String,
    },
    DuplicateComputedId {
        id: String,
    },
    ConditionUsesLaterField {
        id: String,
    },
    ConditionUnknownField {
        id: String,
    },
    DuplicateFieldId {
        id: String,
    },
    UnknownErrorKey {
        key: String,
    },
    /// `min_name` (`min`) is greater than `max_name` (`max`); both as written.
    MinAboveMax {
        min_name: &'static str,
        max_name: &'static str,
        min: String,
        max: String,
    },
    DateMinAfterMax {
        min: String,
        max: String,
    },
    /// A `datetime` limit that is not `YYYY-MM-DDTHH:MM`.
    DateTimeLimit {
        value: String,
    },
    MaxDecimalsTooLarge,
    CodeListUnnamed,
    MaxFilesZero,
    MaxSizeZero,
    /// An `accept` entry that names no type the authority can check by content (see
    /// [`crate::media`]).
    UnknownFileType {
        entry: String,
    },
    NotFinite {
        name: &'static str,
    },
    NoOptions,
    EmptyOptionValue,
    DuplicateOptionValue {
        value: String,
    },
}

/// The kind of node that must be a JSON object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node {
    Definition,
    Step,
    Section,
    Field,
    Option,
    Rule,
    Computed,
}

/// What a member's value should have been.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    String,
    /// A whole number from 0 to 4294967295.
    Unsigned,
    Integer,
    Number,
    Bool,
    /// A string or an object of language code → string.
    Text,
    Array,
    Language,
    /// An object of error key → text.
    Messages,
    FieldTypeName,
}

/// The value found instead: containers by kind, scalars as JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    Array,
    Object,
    /// A scalar as JSON text (`"x"`, `12`, `true`, `null`).
    Value(String),
}

impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Node::Definition => "a form definition",
            Node::Step => "a step",
            Node::Section => "a section",
            Node::Field => "a field",
            Node::Option => "an option",
            Node::Rule => "a rule",
            Node::Computed => "a computed value",
        })
    }
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Expected::String => "a string",
            Expected::Unsigned => "a whole number from 0 to 4294967295",
            Expected::Integer => "a whole number",
            Expected::Number => "a number",
            Expected::Bool => "`true` or `false`",
            Expected::Text => {
                "a text: a string or an object such as {\"de\": \"…\", \"en\": \"…\"}"
            }
            Expected::Array => "an array",
            Expected::Language => "a language: `de` or `en`",
            Expected::Messages => "an object of error key -> text",
            Expected::FieldTypeName => "a field type name (a string)",
        })
    }
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Found::Array => f.write_str("an array"),
            Found::Object => f.write_str("an object"),
            Found::Value(v) => f.write_str(v),
        }
    }
}

/// `a`, `b`, `c` (names quoted as in the messages).
pub fn quoted_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    quoted.join(", ")
}

impl fmt::Display for DefinitionErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use DefinitionErrorKind as K;
        match self {
            K::TooLarge { max_mib } => write!(f, "the definition is larger than {max_mib} MiB"),
            K::Syntax { detail } => f.write_str(detail),
            K::TooDeep { max } => write!(f, "nested deeper than {max} levels"),
            K::NotAnObject { node, found } => {
                write!(f, "{node} must be a JSON object, found {found}")
            }
            K::UnknownProperty { key, expected } => write!(
                f,
                "unknown property `{key}`, expected one of {}",
                quoted_list(expected)
            ),
            K::MissingProperty { key } => write!(f, "missing property `{key}`"),
            K::WrongType { expected, found } => write!(f, "expected {expected}, found {found}"),
            K::UnknownFieldType { name } => write!(
                f,
                "unknown field type `{name}`, expected one of: {}",
                FIELD_TYPES.join(", ")
            ),
            K::Condition(e) => e.fmt(f),
            K::Pattern(e) => e.fmt(f),
            K::DateLimit(e) => e.fmt(f),
            K::VersionZero => f.write_str("the version must be 1 or higher"),
            K::NoSteps => f.write_str("a form needs at least one step"),
            K::NoSections => f.write_str("a step needs at least one section"),
            K::NoFields => f.write_str("a section needs at least one field"),
            K::GroupWithoutFields => f.write_str("a group needs at least one field"),
            K::InvalidId { id, dash_allowed } => {
                let allowed = if *dash_allowed {
                    "letters, digits, `_` and `-`"
                } else {
                    "letters, digits and `_`"
                };
                write!(
                    f,
                    "invalid id `{id}`: use 1 to 64 ASCII {allowed}, starting with a letter"
                )
            }
            K::DuplicateStepOrSectionId { id } => {
                write!(f, "duplicate step or section id `{id}`")
            }
            K::MissingGerman => f.write_str("missing German text (`de`), or one with nothing to see"),
            K::MoreProblems { more } => write!(
                f,
                "{more} more problems, not listed: mend the ones above first"
            ),
            K::MissingTranslation { lang } => write!(
                f,
                "missing `{}` text: the form's `languages` say its texts are complete in it",
                lang.code()
            ),
            K::ExpressionUnknownField { id } => {
                write!(f, "expression uses unknown field `{id}`")
            }
            K::NoSuchPart { path, part } => write!(f, "`{path}` has no part `{part}`"),
            K::DuplicateRuleId { id } => write!(f, "duplicate rule id `{id}`"),
            K::RuleFieldNotOnStep { field } => write!(
                f,
                "field `{field}` is not on this step; put the rule in the form's `rules`"
            ),
            K::TakesNoAnswer { field } => write!(f, "`{field}` takes no answer"),
            K::DecidingAnswerInGroup => f.write_str(
                "a field that decides the authority cannot be inside a group: one application goes to one authority",
            ),
            K::SecondDecidingAnswer { first } => write!(
                f,
                "`{first}` already decides the authority: only one field of a form may"
            ),
            K::UnknownRuleField { field } => write!(f, "unknown field `{field}`"),
            K::DuplicateComputedId { id } => write!(
                f,
                "duplicate id `{id}` (computed values and fields share ids)"
            ),
            K::ConditionUsesLaterField { id } => write!(
                f,
                "condition uses field `{id}`, which is not before it; conditions may only use answers given earlier (and, inside a group, the same item)"
            ),
            K::ConditionUnknownField { id } => write!(f, "condition uses unknown field `{id}`"),
            K::DuplicateFieldId { id } => write!(f, "duplicate field id `{id}`"),
            K::UnknownErrorKey { key } => write!(
                f,
                "unknown error key `{key}`, expected one of: {}",
                ERROR_KEYS.join(", ")
            ),
            K::MinAboveMax {
                min_name,
                max_name,
                min,
                max,
            } => write!(
                f,
                "`{min_name}` ({min}) is greater than `{max_name}` ({max})"
            ),
            K::DateMinAfterMax { min, max } => {
                write!(f, "`min` ({min}) is after `max` ({max})")
            }
            K::DateTimeLimit { value } => write!(
                f,
                "invalid date and time limit `{value}`, expected YYYY-MM-DDTHH:MM"
            ),
            K::MaxDecimalsTooLarge => f.write_str("`max_decimals` must be 10 or less"),
            K::CodeListUnnamed => f.write_str("`list` must name the code list"),
            K::MaxFilesZero => f.write_str("`max_files` must be 1 or more"),
            K::MaxSizeZero => f.write_str("`max_size_mb` must be 1 or more"),
            K::UnknownFileType { entry } => {
                let (types, extensions) = crate::media::accept_choices();
                write!(
                    f,
                    "`accept` entry `{entry}` names no file type whose content can be checked; use {types}, image/* or an extension of one of them ({extensions})"
                )
            }
            K::NotFinite { name } => write!(f, "`{name}` must be a finite number"),
            K::NoOptions => f.write_str("a choice needs at least one option"),
            K::EmptyOptionValue => f.write_str("an option value must not be empty"),
            K::DuplicateOptionValue { value } => write!(f, "duplicate option value `{value}`"),
        }
    }
}

impl From<ExprError> for DefinitionErrorKind {
    fn from(e: ExprError) -> Self {
        DefinitionErrorKind::Condition(e)
    }
}

impl From<PatternError> for DefinitionErrorKind {
    fn from(e: PatternError) -> Self {
        DefinitionErrorKind::Pattern(e)
    }
}

impl From<DateBoundError> for DefinitionErrorKind {
    fn from(e: DateBoundError) -> Self {
        DefinitionErrorKind::DateLimit(e)
    }
}
