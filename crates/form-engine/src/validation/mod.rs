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
pub(crate) mod rules;
mod text;

use crate::Answers;
use crate::answers::AnswerValue;
use crate::date::Date;
use crate::definition::{FieldKind, FormDefinition};
use crate::visibility::{Visit, walk};

pub use crate::error::{ErrorCode, FieldError};
pub use contact::{is_valid_email, is_valid_phone, is_valid_postcode};
pub use iban::is_valid_iban;
pub(crate) use rules::RuleTarget;

/// What validation needs from outside: today's date and, optionally, the
/// time of day (the engine never reads a clock, so browser and server decide
/// the same way for the same moment).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValidationContext {
    pub today: Date,
    /// Minutes since midnight of `today` (local time of the authority), for
    /// rules using `minutes_until`; without it those rules are not checked.
    pub now_minutes: Option<u32>,
}

impl ValidationContext {
    pub fn new(today: Date) -> ValidationContext {
        ValidationContext {
            today,
            now_minutes: None,
        }
    }

    /// The same context at `hour:minute` of `today`; an invalid time
    /// (hour over 23, minute over 59) leaves the time unknown.
    pub fn with_time(self, hour: u32, minute: u32) -> ValidationContext {
        ValidationContext {
            now_minutes: (hour < 24 && minute < 60).then_some(hour * 60 + minute),
            ..self
        }
    }
}

/// Errors of the visible fields of one step, in document order, followed by
/// the errors of the step's rules. Nothing for a hidden step or an index out
/// of range.
pub fn validate_step(
    def: &FormDefinition,
    answers: &Answers,
    step_index: usize,
    ctx: &ValidationContext,
) -> Vec<FieldError> {
    run(
        def,
        answers,
        ctx,
        Some(step_index),
        &rules::targets(def),
        None,
    )
}

/// Errors of all visible fields of the form, step by step: each step's
/// field errors in document order, then its rule errors.
pub fn validate_form(
    def: &FormDefinition,
    answers: &Answers,
    ctx: &ValidationContext,
) -> Vec<FieldError> {
    run(def, answers, ctx, None, &rules::targets(def), None)
}

/// Top-level field indexes to walk (`needed`) and to report (`report`), for
/// incremental revalidation; see [`crate::deps`].
pub(crate) struct Partial<'m> {
    pub needed: &'m [bool],
    pub report: &'m [bool],
}

/// The validation core: fields (of step `only`, or all), then rules.
pub(crate) fn run(
    def: &FormDefinition,
    answers: &Answers,
    ctx: &ValidationContext,
    only: Option<usize>,
    targets: &[RuleTarget],
    partial: Option<Partial<'_>>,
) -> Vec<FieldError> {
    let mut errors: Vec<(usize, FieldError)> = Vec::new();
    let mut visible_targets: Vec<(usize, String)> = Vec::new();
    let visible = walk(
        def,
        answers,
        ctx,
        only,
        partial.as_ref().map(|p| p.needed),
        &mut |v| {
            if only.is_some_and(|s| s != v.step)
                || partial.as_ref().is_some_and(|p| !p.report[v.unit])
            {
                return;
            }
            if targets.iter().any(|t| t.field == v.field.id) {
                visible_targets.push((v.unit, v.path.to_owned()));
            }
            let mut own = Vec::new();
            validate_field(v, ctx, &mut own);
            errors.extend(own.into_iter().map(|e| (v.step, e)));
        },
    );
    rules::check(
        def,
        targets,
        &visible,
        ctx,
        only,
        &visible_targets,
        &mut errors,
    );
    // Stable: each step's field errors stay in document order, its rule errors follow.
    errors.sort_by_key(|(step, _)| *step);
    errors.into_iter().map(|(_, e)| e).collect()
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
