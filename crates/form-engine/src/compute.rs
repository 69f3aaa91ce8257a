//! Computed values (`computed` of the definition), e.g. a fee shown on the
//! check-your-answers page before submitting.

use crate::answers::Answers;
use crate::definition::FormDefinition;
use crate::expr::{Scope, Value};
use crate::validation::ValidationContext;
use crate::visibility::visible_answers;

/// Every computed value of the definition, in order, as `(id, value)`,
/// evaluated on the visible answers only (an answer to a hidden field never
/// changes a fee). Unanswered inputs, division by zero and the like give
/// [`Value::Null`].
pub fn compute(
    def: &FormDefinition,
    answers: &Answers,
    ctx: &ValidationContext,
) -> Vec<(String, Value)> {
    if def.computed.is_empty() {
        return Vec::new();
    }
    let visible = visible_answers(def, answers, ctx);
    let scope = Scope::new(&visible, ctx.today).with_now(ctx.now_minutes);
    def.computed
        .iter()
        .map(|c| (c.id.clone(), c.expr.value(&scope)))
        .collect()
}
