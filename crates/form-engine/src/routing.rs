//! Which answer decides the competent authority (issue #18): a form may name one
//! `municipality` field with `decides_authority` (the business premises, the plot, the
//! place of the assembly). The portal routes the application by its answer, and the
//! authority checks that it was routed so, with this same code.

use crate::answers::{AnswerValue, Answers};
use crate::definition::{Field, FieldKind, FormDefinition};
use crate::field_types::municipality;
use crate::validation::ValidationContext;
use crate::visibility::visible_fields;

/// The field whose answer decides the competent authority, if the form has one. Only
/// a field directly in a section counts (the definition check refuses one in a group).
pub fn deciding_field(def: &FormDefinition) -> Option<&Field> {
    def.top_fields()
        .find(|f| matches!(&f.kind, FieldKind::Municipality(m) if m.decides_authority))
}

/// The municipality (ARS, name) that decides the competent authority with these
/// answers: the deciding field's answer where the field is shown and well answered.
/// `None` where the form has no such field or it is hidden or not (well) answered;
/// then the place chosen before the form, if any, decides.
pub fn deciding_municipality<'a>(
    def: &FormDefinition,
    answers: &'a Answers,
    ctx: &ValidationContext,
) -> Option<(&'a str, &'a str)> {
    let field = deciding_field(def)?;
    let Some(AnswerValue::Map(parts)) = answers.get(&field.id) else {
        return None;
    };
    let chosen = municipality::chosen(parts)?;
    visible_fields(def, answers, ctx)
        .contains(&field.id)
        .then_some(chosen)
}
