//! A form's errors kept current answer by answer: on each change only the fields the
//! change can affect are validated again ([`DependencyIndex::revalidate`]), instead of
//! the whole form. This is what a browser runs on every keystroke; the result is the one
//! [`crate::validate_form`] gives, grouped by top-level field.

use crate::answers::Answers;
use crate::definition::FormDefinition;
use crate::deps::DependencyIndex;
use crate::error::FieldError;
use crate::validation::{ValidationContext, validate_form};

/// The errors of a form for the answers last seen, per top-level field (a field directly
/// in a section, a group with its items), each in [`crate::validate_form`]'s order.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveErrors {
    /// Indexed by unit ([`DependencyIndex::unit_of`]).
    units: Vec<Vec<FieldError>>,
    answers: Answers,
    ctx: ValidationContext,
}

impl LiveErrors {
    /// The errors of `answers`, by a whole validation.
    pub fn new(
        def: &FormDefinition,
        index: &DependencyIndex,
        answers: &Answers,
        ctx: &ValidationContext,
    ) -> LiveErrors {
        let mut units = vec![Vec::new(); index.units()];
        for error in validate_form(def, answers, ctx) {
            // Every error's path starts with its top-level field's id.
            if let Some(u) = index.unit_of(crate::answers::top_level_id(&error.path)) {
                units[u].push(error);
            }
        }
        LiveErrors {
            units,
            answers: answers.clone(),
            ctx: *ctx,
        }
    }

    /// Brings the errors up to date with `answers` at `ctx`, validating again only what
    /// the changed answers can affect (everything if the moment changed: rules may read
    /// the time). Returns whether any error changed.
    pub fn update(
        &mut self,
        def: &FormDefinition,
        index: &DependencyIndex,
        answers: &Answers,
        ctx: &ValidationContext,
    ) -> bool {
        if *ctx != self.ctx {
            let fresh = LiveErrors::new(def, index, answers, ctx);
            let changed = fresh.units != self.units;
            *self = fresh;
            return changed;
        }
        let mut changed = false;
        for id in answers.changed_since(&self.answers) {
            let Some(start) = index.unit_of(&id) else {
                continue;
            };
            let mut fresh: Vec<Vec<FieldError>> = vec![Vec::new(); self.units.len()];
            for error in index.revalidate(def, answers, &id, ctx) {
                if let Some(u) = index.unit_of(crate::answers::top_level_id(&error.path)) {
                    fresh[u].push(error);
                }
            }
            for u in index.affected_units(start) {
                let errors = std::mem::take(&mut fresh[u]);
                if self.units[u] != errors {
                    self.units[u] = errors;
                    changed = true;
                }
            }
        }
        self.answers = answers.clone();
        changed
    }

    /// The errors of the top-level field `path` belongs to (`address.postcode`,
    /// `people.0.name`: those of `address`, `people`).
    pub fn of<'e>(&'e self, index: &DependencyIndex, path: &str) -> &'e [FieldError] {
        index
            .unit_of(crate::answers::top_level_id(path))
            .and_then(|u| self.units.get(u))
            .map_or(&[], Vec::as_slice)
    }

    /// Whether the form has no errors.
    pub fn is_empty(&self) -> bool {
        self.units.iter().all(Vec::is_empty)
    }
}
