//! Form engine of the Bürgerportal: form definitions, conditions, validation,
//! answers and error texts. One core for the browser (WASM) and the server,
//! so both decide the same way. No I/O, no clock, no threads: the caller
//! passes today's date.
//!
//! The definition format is documented in the crate's README.md.

pub mod answers;
pub mod compute;
pub mod date;
pub mod definition;
pub mod deps;
pub mod error;
pub mod expr;
pub mod field_types;
mod float;
pub mod journey;
mod lang;
pub mod live;
pub mod load;
pub mod media;
pub mod messages;
pub mod migrate;
pub mod pattern;
pub mod routing;
#[cfg(feature = "schema")]
pub mod schema;
pub mod validation;
pub mod visibility;

pub use answers::{AnswerValue, Answers};
pub use compute::compute;
pub use date::{Date, DateBound, DateBoundError};
pub use definition::{
    ChoiceOption, Computed, Field, FieldKind, FormDefinition, Lang, Rule, Section, Step, Text,
};
pub use deps::{DependencyIndex, Engine, revalidate_field};
pub use error::{ErrorCode, FieldError};
pub use expr::{Condition, ExprError, ExprErrorKind, Value};
pub use field_types::DateTime;
pub use lang::{isolated, shows_something, steers_direction};
pub use live::LiveErrors;
pub use load::{DefinitionError, DefinitionErrorKind, DefinitionErrors};
pub use migrate::{Migration, migrate_answers};
pub use validation::{ValidationContext, validate_form, validate_step};
pub use visibility::{visible_answers, visible_fields, visible_steps};
