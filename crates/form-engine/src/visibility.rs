//! Which steps, sections and fields are visible, and the answers that count.
//!
//! One pass in document order: each condition sees only the answers of
//! fields already found visible (the loader guarantees conditions refer only
//! to earlier fields), so an answer left behind in a now-hidden field can
//! never switch anything on, and there is nothing that could loop.

use crate::answers::{AnswerValue, Answers};
use crate::definition::{Field, FieldKind, FormDefinition};
use crate::expr::{Condition, Scope};
use crate::validation::ValidationContext;

/// One visible, answer-taking field as the walk meets it.
pub(crate) struct Visit<'x> {
    pub step: usize,
    /// Index of the top-level field (in document order over all sections,
    /// hidden ones included) this field is or belongs to.
    pub unit: usize,
    pub field: &'x Field,
    /// Error path: the field id, `group.index.id` inside groups.
    pub path: &'x str,
    pub value: Option<&'x AnswerValue>,
    pub required: bool,
}

/// The answers of visible fields only; answers to hidden fields, to `info`
/// fields and to ids not in the definition are dropped. What the API stores
/// and forwards, so nothing the citizen was not asked about travels along.
pub fn visible_answers(
    def: &FormDefinition,
    answers: &Answers,
    ctx: &ValidationContext,
) -> Answers {
    walk(def, answers, ctx, None, None, &mut |_| {})
}

/// Indexes of the steps visible with these answers, in order (for the
/// journey: hidden steps are skipped and not shown on the summary page).
pub fn visible_steps(
    def: &FormDefinition,
    answers: &Answers,
    ctx: &ValidationContext,
) -> Vec<usize> {
    let mut steps = Vec::new();
    walk_with_steps(def, answers, ctx, None, None, &mut |_| {}, &mut steps);
    steps
}

fn holds(cond: Option<&Condition>, scope: &Scope<'_>) -> bool {
    cond.is_none_or(|c| c.eval(scope))
}

/// Walks the form up to and including step `until` (all steps if `None`),
/// calling `visit` for each visible field, and returns the visible answers.
/// With `mask`, only the top-level fields whose index is set are walked
/// (incremental revalidation: the mask must be closed under the fields that
/// conditions read, so the answers they see are the same as in a full walk).
pub(crate) fn walk(
    def: &FormDefinition,
    answers: &Answers,
    ctx: &ValidationContext,
    until: Option<usize>,
    mask: Option<&[bool]>,
    visit: &mut dyn FnMut(&Visit<'_>),
) -> Answers {
    walk_with_steps(def, answers, ctx, until, mask, visit, &mut Vec::new())
}

/// Paths of the fields shown with these answers (info fields included,
/// group children as `group.index.id`), in document order: what the portal
/// renders, so that a field appears exactly when the engine validates it.
pub fn visible_fields(
    def: &FormDefinition,
    answers: &Answers,
    ctx: &ValidationContext,
) -> Vec<String> {
    let mut shown = Vec::new();
    walk_inner(
        def,
        answers,
        ctx,
        None,
        None,
        &mut |_| {},
        &mut Vec::new(),
        Some(&mut shown),
    );
    shown
}

fn walk_with_steps(
    def: &FormDefinition,
    answers: &Answers,
    ctx: &ValidationContext,
    until: Option<usize>,
    mask: Option<&[bool]>,
    visit: &mut dyn FnMut(&Visit<'_>),
    steps: &mut Vec<usize>,
) -> Answers {
    walk_inner(def, answers, ctx, until, mask, visit, steps, None)
}

#[allow(clippy::too_many_arguments)]
fn walk_inner(
    def: &FormDefinition,
    answers: &Answers,
    ctx: &ValidationContext,
    until: Option<usize>,
    mask: Option<&[bool]>,
    visit: &mut dyn FnMut(&Visit<'_>),
    steps: &mut Vec<usize>,
    shown: Option<&mut Vec<String>>,
) -> Answers {
    let mut out = Answers::new();
    let mut w = Walker {
        today: ctx.today,
        now_minutes: ctx.now_minutes,
        unit: 0,
        visit,
        shown,
    };
    let mut unit = 0;
    for (i, step) in def.steps.iter().enumerate() {
        if until.is_some_and(|u| i > u) {
            break;
        }
        let step_units = step.fields().count();
        let wanted = |from: usize, n: usize| mask.is_none_or(|m| m[from..from + n].contains(&true));
        if !wanted(unit, step_units) || !holds(step.visible_when.as_ref(), &w.scope(vec![&out])) {
            unit += step_units;
            continue;
        }
        steps.push(i);
        for section in &step.sections {
            let n = section.fields.len();
            if wanted(unit, n) && holds(section.visible_when.as_ref(), &w.scope(vec![&out])) {
                for (k, field) in section.fields.iter().enumerate() {
                    if mask.is_none_or(|m| m[unit + k]) {
                        w.unit = unit + k;
                        w.fields(i, std::slice::from_ref(field), answers, &[], "", &mut out);
                    }
                }
            }
            unit += n;
        }
    }
    out
}

/// `group.3.`: the prefix of a group item's paths, without `format!` (see
/// [`Walker::fields`]).
fn item_prefix(path: &str, index: usize) -> String {
    let mut prefix = String::with_capacity(path.len() + 4);
    prefix.push_str(path);
    prefix.push('.');
    push_decimal(&mut prefix, index);
    prefix.push('.');
    prefix
}

fn push_decimal(out: &mut String, mut n: usize) {
    let start = out.len();
    loop {
        out.insert(start, char::from(b'0' + (n % 10) as u8));
        n /= 10;
        if n == 0 {
            break;
        }
    }
}

struct Walker<'v> {
    today: crate::date::Date,
    now_minutes: Option<u32>,
    unit: usize,
    visit: &'v mut dyn FnMut(&Visit<'_>),
    /// Collects the paths of visible fields, when asked for.
    shown: Option<&'v mut Vec<String>>,
}

impl Walker<'_> {
    fn scope<'a>(&self, layers: Vec<&'a Answers>) -> Scope<'a> {
        Scope {
            layers,
            today: self.today,
            now_minutes: self.now_minutes,
        }
    }

    /// `source`: the raw answers at this level; `outer`: visible answers of
    /// enclosing levels (for group items); `out`: visible answers at this level.
    fn fields(
        &mut self,
        step: usize,
        fields: &[Field],
        source: &Answers,
        outer: &[&Answers],
        prefix: &str,
        out: &mut Answers,
    ) {
        for field in fields {
            let (visible, required) = {
                let mut layers = Vec::with_capacity(outer.len() + 1);
                layers.push(&*out);
                layers.extend_from_slice(outer);
                let scope = self.scope(layers);
                let visible = holds(field.visible_when.as_ref(), &scope);
                let required =
                    field.required || field.required_when.as_ref().is_some_and(|c| c.eval(&scope));
                (visible, required)
            };
            if !visible {
                continue;
            }
            // Concatenated, not `format!`: this runs for every visible field on every
            // keystroke, and the portal's size-optimised formatting machinery made it
            // the walk's largest cost (0.9 ms of a keystroke for 300 fields, 2026-12-03).
            let path = [prefix, field.id.as_str()].concat();
            if let Some(shown) = self.shown.as_deref_mut() {
                shown.push(path.clone());
            }
            if !field.kind.takes_answer() {
                continue;
            }
            let raw = source.get(&field.id);
            (self.visit)(&Visit {
                step,
                unit: self.unit,
                field,
                path: &path,
                value: raw,
                required,
            });
            let kept = match (&field.kind, raw) {
                (FieldKind::Group(group), Some(AnswerValue::Items(items))) => {
                    let children = &group.fields;
                    let mut filtered = Vec::with_capacity(items.len());
                    for (i, item) in items.iter().enumerate() {
                        let mut item_out = Answers::new();
                        let mut layers = Vec::with_capacity(outer.len() + 1);
                        layers.push(&*out);
                        layers.extend_from_slice(outer);
                        self.fields(
                            step,
                            children,
                            item,
                            &layers,
                            &item_prefix(&path, i),
                            &mut item_out,
                        );
                        filtered.push(item_out);
                    }
                    Some(AnswerValue::Items(filtered))
                }
                (_, raw) => raw.cloned(),
            };
            if let Some(v) = kept {
                out.set(field.id.clone(), v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::item_prefix;

    #[test]
    fn item_prefixes_read_as_formatted() {
        for i in [0, 1, 9, 10, 42, 100, 12345, usize::MAX] {
            assert_eq!(item_prefix("kinder", i), format!("kinder.{i}."));
        }
        assert_eq!(item_prefix("a.0.b", 7), "a.0.b.7.");
    }
}
