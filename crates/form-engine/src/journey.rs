//! The journey through the steps: which step comes next or before, and
//! which steps may be opened (all visible steps before it are valid), so
//! the portal can redirect a deep link to the first step still to do.
//! Steps only move forward in order, so there is nothing that could loop.

use crate::answers::Answers;
use crate::definition::FormDefinition;
use crate::validation::{ValidationContext, validate_step};
use crate::visibility::visible_steps;

/// The next visible step after `current`, or `None` at the end (then the
/// check-your-answers page follows).
pub fn next_step(
    def: &FormDefinition,
    answers: &Answers,
    current: usize,
    ctx: &ValidationContext,
) -> Option<usize> {
    visible_steps(def, answers, ctx)
        .into_iter()
        .find(|&i| i > current)
}

/// The visible step before `current`, or `None` on the first.
pub fn previous_step(
    def: &FormDefinition,
    answers: &Answers,
    current: usize,
    ctx: &ValidationContext,
) -> Option<usize> {
    visible_steps(def, answers, ctx)
        .into_iter()
        .rev()
        .find(|&i| i < current)
}

/// The first visible step that still has errors, or `None` if all are valid.
pub fn first_incomplete_step(
    def: &FormDefinition,
    answers: &Answers,
    ctx: &ValidationContext,
) -> Option<usize> {
    visible_steps(def, answers, ctx)
        .into_iter()
        .find(|&i| !validate_step(def, answers, i, ctx).is_empty())
}

/// Whether step `target` may be shown: it is visible and every visible step
/// before it is valid.
pub fn can_visit(
    def: &FormDefinition,
    answers: &Answers,
    target: usize,
    ctx: &ValidationContext,
) -> bool {
    let steps = visible_steps(def, answers, ctx);
    steps.contains(&target)
        && steps
            .iter()
            .take_while(|&&i| i < target)
            .all(|&i| validate_step(def, answers, i, ctx).is_empty())
}
