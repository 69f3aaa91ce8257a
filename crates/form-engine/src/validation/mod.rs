//! Validation: one exhaustive match over field types, one module per family
//! of types. Hidden fields are never validated; each field reports at most
//! one error (the first rule it breaks), as GOV.UK's pattern asks, except
//! composite fields (address parts, file items, group items).

mod address;
mod choice;
mod contact;
mod date_time;
mod file;
mod iban;
mod number;
mod text;

use crate::Answers;
use crate::answers::AnswerValue;
use crate::date::Date;
use crate::definition::{FieldKind, FormDefinition};
use crate::visibility::{Visit, walk};

pub use crate::error::{ErrorCode, FieldError};
pub use contact::{is_valid_email, is_valid_phone, is_valid_postcode};
pub use iban::is_valid_iban;

/// What validation needs from outside: today's date (the engine never reads a
/// clock, so browser and server decide the same way for the same day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValidationContext {
    pub today: Date,
}

impl ValidationContext {
    pub fn new(today: Date) -> ValidationContext {
        ValidationContext { today }
    }
}

/// Errors of the visible fields of one step, in document order. Nothing for
/// a hidden step or an index out of range.
pub fn validate_step(
    def: &FormDefinition,
    answers: &Answers,
    step_index: usize,
    ctx: &ValidationContext,
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    walk(def, answers, ctx, Some(step_index), &mut |v| {
        if v.step == step_index {
            validate_field(v, ctx, &mut errors);
        }
    });
    errors
}

/// Errors of all visible fields of the form, in document order.
pub fn validate_form(
    def: &FormDefinition,
    answers: &Answers,
    ctx: &ValidationContext,
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    walk(def, answers, ctx, None, &mut |v| {
        validate_field(v, ctx, &mut errors)
    });
    errors
}

fn validate_field(v: &Visit<'_>, ctx: &ValidationContext, errors: &mut Vec<FieldError>) {
    let answered = v.value.is_some_and(AnswerValue::is_answered);
    if !answered {
        if v.required {
            errors.push(FieldError::new(v.path, ErrorCode::Required));
        }
        return;
    }
    let Some(value) = v.value else { return };
    let mut push = |code: Option<ErrorCode>| {
        if let Some(code) = code {
            errors.push(FieldError::new(v.path, code));
        }
    };
    // Text-like types: a single trimmed string, else the answer has the wrong shape.
    let text = match value {
        AnswerValue::Text(s) => Some(s.trim()),
        _ => None,
    };
    let with_text = |f: &dyn Fn(&str) -> Option<ErrorCode>| match text {
        Some(t) => f(t),
        None => Some(ErrorCode::InvalidValue),
    };
    match &v.field.kind {
        FieldKind::Text {
            min_length,
            max_length,
            pattern,
        } => {
            push(with_text(&|t| {
                text::check(t, *min_length, *max_length, pattern.as_ref())
            }));
        }
        FieldKind::Textarea {
            min_length,
            max_length,
            ..
        } => {
            push(with_text(&|t| {
                text::check(t, *min_length, *max_length, None)
            }));
        }
        FieldKind::Integer { min, max, .. } => push(with_text(&|t| number::integer(t, *min, *max))),
        FieldKind::Decimal {
            min,
            max,
            max_decimals,
            ..
        } => {
            push(with_text(&|t| {
                number::decimal(t, *min, *max, max_decimals.unwrap_or(2))
            }));
        }
        FieldKind::Money { min, max } => push(with_text(&|t| number::money(t, *min, *max))),
        FieldKind::Date { min, max } => {
            push(with_text(&|t| date_time::date(t, *min, *max, ctx.today)))
        }
        FieldKind::Time {} => push(with_text(&date_time::time)),
        FieldKind::Email {} => push(with_text(&|t| {
            (!is_valid_email(t)).then_some(ErrorCode::InvalidEmail)
        })),
        FieldKind::Phone {} => push(with_text(&|t| {
            (!is_valid_phone(t)).then_some(ErrorCode::InvalidPhone)
        })),
        FieldKind::Postcode {} => {
            push(with_text(&|t| {
                (!is_valid_postcode(t)).then_some(ErrorCode::InvalidPostcode)
            }));
        }
        FieldKind::Iban {} => push(with_text(&|t| {
            (!is_valid_iban(t)).then_some(ErrorCode::InvalidIban)
        })),
        FieldKind::YesNo {} => push(choice::yes_no(value)),
        FieldKind::Choice { options } => push(with_text(&|t| choice::one_of(t, options))),
        FieldKind::CodeList { options, .. } => {
            // Without the entries at hand, any code is accepted; the authority checks it.
            push(with_text(&|t| {
                (!options.is_empty())
                    .then(|| choice::one_of(t, options))
                    .flatten()
            }));
        }
        FieldKind::MultiChoice {
            options,
            min_items,
            max_items,
        } => {
            push(choice::many_of(value, options, *min_items, *max_items));
        }
        FieldKind::File {
            accept,
            max_size_mb,
            max_files,
        } => {
            file::check(v.path, value, accept, *max_size_mb, *max_files, errors);
        }
        FieldKind::Address {} => address::check(v.path, value, errors),
        FieldKind::Group {
            min_items,
            max_items,
            ..
        } => {
            // Items themselves are visited (and validated) field by field.
            push(match value {
                AnswerValue::Items(items) => choice::count(items.len(), *min_items, *max_items),
                _ => Some(ErrorCode::InvalidValue),
            });
        }
        FieldKind::Info { .. } => {}
    }
}
