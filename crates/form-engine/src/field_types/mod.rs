//! The field types: one module per type, each implementing [`FieldType`] (its
//! keys, decoding, definition checks, answer validation, message family and
//! sample answers), and ONE table below ([`field_types!`]) from which the
//! [`FieldKind`] enum, the type names ([`FIELD_TYPES`]), the dispatch of every
//! hook and the JSON Schema's list of types come.
//!
//! Adding a type: write `<type>.rs` with a settings struct implementing
//! [`FieldType`] (the compiler names every hook still missing), add one line to
//! the table, and give the portal a control (`src/form/controls/`). Dispatch is
//! a `match` over the enum, not trait objects: no vtables in the WASM bundle.

mod address;
mod choice;
mod code_list;
mod date;
mod datetime;
mod decimal;
mod email;
mod file;
mod group;
mod iban;
mod info;
mod integer;
mod money;
mod multi_choice;
pub mod municipality;
mod phone;
mod postcode;
mod text;
mod textarea;
mod time;
mod yes_no;

pub use address::AddressField;
pub use choice::ChoiceField;
pub use code_list::CodeListField;
pub use date::DateField;
pub use datetime::{DateTime, DateTimeField};
pub use decimal::DecimalField;
pub use email::EmailField;
pub use file::FileField;
pub use group::GroupField;
pub use iban::IbanField;
pub use info::InfoField;
pub use integer::IntegerField;
pub use money::MoneyField;
pub use multi_choice::MultiChoiceField;
pub use municipality::MunicipalityField;
pub use phone::PhoneField;
pub use postcode::PostcodeField;
pub use text::TextField;
pub use textarea::TextareaField;
pub use time::TimeField;
pub use yes_no::YesNoField;

use serde::{Deserialize, Serialize};

use crate::answers::AnswerValue;
use crate::error::{ErrorCode, FieldError};
use crate::load::check::Checker;
use crate::load::decode::Obj;
use crate::validation::ValidationContext;

/// The hooks every field type has; a type missing one does not compile.
pub(crate) trait FieldType: Sized {
    /// Its own properties, beside the common ones of every field (`id`, `label`, …).
    const KEYS: &'static [&'static str];
    /// How its error messages are worded ("Select …", "Upload …", "Enter …").
    const FAMILY: Family;
    /// Its settings, decoded from the field's JSON object; problems are reported on `o`
    /// (at the member at fault), and a broken member decodes as absent.
    fn decode(o: &mut Obj<'_, '_>) -> Self;
    /// What the structure cannot say: consistent limits, German texts, known file types.
    fn check(&self, c: &mut Checker<'_>, path: &str);
    /// The errors of an answered (visible) field; unanswered ones are only `required`.
    fn validate(&self, answer: &Answer<'_>, errors: &mut Vec<FieldError>);
    /// An answer the validation accepts, for the designers' preview.
    fn valid_sample(&self, ctx: &ValidationContext) -> Option<AnswerValue>;
    /// An answer with a typical mistake, or `None` where nothing can be wrong but
    /// leaving it empty.
    fn invalid_sample(&self) -> Option<AnswerValue>;
}

/// The wording family of a type's error messages (see [`crate::messages`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Choose,
    YesNo,
    Upload,
    Repeat,
    Money,
    Enter,
}

/// An answered field being validated.
pub(crate) struct Answer<'a> {
    /// The error path (`id`, `group.0.child`).
    pub path: &'a str,
    pub value: &'a AnswerValue,
    pub ctx: &'a ValidationContext,
}

impl Answer<'_> {
    /// Reports `code`, if any, on the field.
    pub fn report(&self, errors: &mut Vec<FieldError>, code: Option<ErrorCode>) {
        if let Some(code) = code {
            errors.push(FieldError::new(self.path, code));
        }
    }

    /// Text-like types: `check` judges the trimmed text; any other shape of answer
    /// is an invalid value.
    /// (A `dyn` check, as before the split into modules: one copy of this in the
    /// WASM, not one per type.)
    pub fn check_text(
        &self,
        errors: &mut Vec<FieldError>,
        check: &dyn Fn(&str) -> Option<ErrorCode>,
    ) {
        let code = match self.value {
            AnswerValue::Text(s) => check(s.trim()),
            _ => Some(ErrorCode::InvalidValue),
        };
        self.report(errors, code);
    }
}

/// A text answer.
pub(crate) fn text(s: impl Into<String>) -> Option<AnswerValue> {
    Some(AnswerValue::Text(s.into()))
}

/// The table of field types: `Variant(settings type) = "json type name"`, in the
/// order of the documentation. Everything that lists the types is generated here.
macro_rules! field_types {
    ($( $(#[$doc:meta])* $variant:ident($settings:ty) = $name:literal, )*) => {
        /// The field type and its type-specific settings (JSON: `"type": "…"` next to
        /// the common field properties). One variant per module of [`crate::field_types`].
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "type")]
        pub enum FieldKind {
            $( $(#[$doc])* #[serde(rename = $name)] $variant($settings), )*
        }

        /// Every `type` name, for error messages and documentation.
        pub const FIELD_TYPES: &[&str] = &[$($name),*];

        impl FieldKind {
            /// The JSON `type` name.
            pub fn type_name(&self) -> &'static str {
                match self { $( FieldKind::$variant(_) => $name, )* }
            }

            /// The message family of the type.
            pub fn family(&self) -> Family {
                match self { $( FieldKind::$variant(_) => <$settings as FieldType>::FAMILY, )* }
            }

            /// The settings of the type called `name` and its own keys, decoded from
            /// `o`; `None` for an unknown name.
            pub(crate) fn decode(
                name: &str,
                o: &mut Obj<'_, '_>,
            ) -> Option<(&'static [&'static str], FieldKind)> {
                match name {
                    $( $name => Some((
                        <$settings as FieldType>::KEYS,
                        FieldKind::$variant(<$settings as FieldType>::decode(o)),
                    )), )*
                    _ => None,
                }
            }

            pub(crate) fn check(&self, c: &mut Checker<'_>, path: &str) {
                match self { $( FieldKind::$variant(s) => s.check(c, path), )* }
            }

            pub(crate) fn validate(&self, answer: &Answer<'_>, errors: &mut Vec<FieldError>) {
                match self { $( FieldKind::$variant(s) => s.validate(answer, errors), )* }
            }

            /// An answer the engine's validation accepts (for the designers' preview;
            /// times of several fields are all the same, see the portal's samples).
            pub fn valid_sample(&self, ctx: &ValidationContext) -> Option<AnswerValue> {
                match self { $( FieldKind::$variant(s) => s.valid_sample(ctx), )* }
            }

            /// An answer with a typical mistake, or `None` if only leaving the field
            /// empty can be wrong.
            pub fn invalid_sample(&self) -> Option<AnswerValue> {
                match self { $( FieldKind::$variant(s) => s.invalid_sample(), )* }
            }
        }

        /// Each type's name and the schema of its settings, for [`crate::schema`].
        #[cfg(feature = "schema")]
        pub(crate) fn schemas(
            generator: &mut schemars::SchemaGenerator,
        ) -> Vec<(&'static str, schemars::Schema)> {
            vec![$( ($name, <$settings as schemars::JsonSchema>::json_schema(generator)), )*]
        }
    };
}

field_types! {
    Text(TextField) = "text",
    Textarea(TextareaField) = "textarea",
    Integer(IntegerField) = "integer",
    Decimal(DecimalField) = "decimal",
    Money(MoneyField) = "money",
    Date(DateField) = "date",
    Time(TimeField) = "time",
    DateTime(DateTimeField) = "datetime",
    Email(EmailField) = "email",
    Phone(PhoneField) = "phone",
    Postcode(PostcodeField) = "postcode",
    Iban(IbanField) = "iban",
    YesNo(YesNoField) = "yes_no",
    Choice(ChoiceField) = "choice",
    MultiChoice(MultiChoiceField) = "multi_choice",
    CodeList(CodeListField) = "code_list",
    File(FileField) = "file",
    Address(AddressField) = "address",
    Municipality(MunicipalityField) = "municipality",
    Group(GroupField) = "group",
    Info(InfoField) = "info",
}
