//! Validation: each field type's own hook (see [`crate::field_types`]), built
//! from the checks here, one module per family of types. Hidden fields are
//! never validated; each field reports at most one error (the first rule it
//! breaks), as GOV.UK's pattern asks, except composite fields (address parts,
//! file items, group items).

pub(crate) mod address;
pub(crate) mod choice;
mod contact;
pub(crate) mod date_time;
pub(crate) mod file;
mod iban;
pub(crate) mod number;
pub(crate) mod rules;
pub(crate) mod text;
pub use text::text_length;

use crate::Answers;
use crate::answers::AnswerValue;
use crate::date::Date;
use crate::definition::FormDefinition;
use crate::field_types::Answer;
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
    let answer = Answer {
        path: v.path,
        value,
        ctx,
    };
    v.field.kind.validate(&answer, errors);
}
