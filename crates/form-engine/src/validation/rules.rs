//! Cross-field rules (`rules` of the form and of its steps): checked after
//! the fields, on the visible answers, each reporting on one field.

use crate::answers::{AnswerValue, Answers};
use crate::definition::{Field, FormDefinition, Rule};
use crate::error::{ErrorCode, FieldError};
use crate::expr::Scope;
use crate::validation::ValidationContext;

/// Where a rule reports: the field, its enclosing groups and its step.
#[derive(Debug, Clone)]
pub(crate) struct RuleTarget {
    /// Index into [`all_rules`].
    pub rule: usize,
    pub field: String,
    /// Ids of the enclosing groups, outermost first.
    pub groups: Vec<String>,
    pub step: usize,
    /// Index of the top-level field holding the target.
    pub unit: usize,
}

/// The form's rules, then each step's, in order.
pub(crate) fn all_rules(def: &FormDefinition) -> impl Iterator<Item = &Rule> {
    def.rules
        .iter()
        .chain(def.steps.iter().flat_map(|s| &s.rules))
}

/// Targets of all rules whose field exists (the loader rejects the others).
pub(crate) fn targets(def: &FormDefinition) -> Vec<RuleTarget> {
    let mut out = Vec::new();
    for (i, rule) in all_rules(def).enumerate() {
        let mut unit = 0;
        'steps: for (step, s) in def.steps.iter().enumerate() {
            for field in s.fields() {
                let mut groups = Vec::new();
                if locate(field, &rule.path, &mut groups) {
                    out.push(RuleTarget {
                        rule: i,
                        field: rule.path.clone(),
                        groups,
                        step,
                        unit,
                    });
                    break 'steps;
                }
                unit += 1;
            }
        }
    }
    out
}

fn locate(field: &Field, id: &str, groups: &mut Vec<String>) -> bool {
    if field.id == id {
        return true;
    }
    groups.push(field.id.clone());
    if field.children().iter().any(|c| locate(c, id, groups)) {
        return true;
    }
    groups.pop();
    false
}

/// Checks the rules of step `only` (all if `None`). `visible_targets`: the
/// paths of target fields the walk found visible; a rule never reports on a
/// field that already has an error.
pub(crate) fn check(
    def: &FormDefinition,
    targets: &[RuleTarget],
    visible: &Answers,
    ctx: &ValidationContext,
    only: Option<usize>,
    visible_targets: &[(usize, String)],
    errors: &mut Vec<(usize, FieldError)>,
) {
    if targets.is_empty() {
        return;
    }
    let rules: Vec<&Rule> = all_rules(def).collect();
    let base = Scope::new(visible, ctx.today).with_now(ctx.now_minutes);
    for t in targets {
        if only.is_some_and(|s| s != t.step) || !visible_targets.iter().any(|(u, _)| *u == t.unit) {
            continue;
        }
        let Some(rule) = rules.get(t.rule) else {
            continue;
        };
        let needs_now = rule.assert.uses_now() || rule.when.as_ref().is_some_and(|w| w.uses_now());
        if needs_now && ctx.now_minutes.is_none() {
            continue;
        }
        let reads = rule.assert.value_fields();
        each_item(&base, visible, &t.groups, "", &mut |scope, prefix| {
            let path = format!("{prefix}{}", t.field);
            if !visible_targets.iter().any(|(_, p)| *p == path)
                || errors.iter().any(|(_, e)| e.path == path)
                || rule.when.as_ref().is_some_and(|w| !w.eval(scope))
                || !reads
                    .iter()
                    .all(|id| scope.lookup(id).is_some_and(AnswerValue::is_answered))
            {
                return;
            }
            if !rule.assert.eval(scope) {
                let code = ErrorCode::Rule {
                    id: rule.id.clone(),
                };
                errors.push((t.step, FieldError::new(path, code)));
            }
        });
    }
}

/// Calls `f` with the scope of every item of the nested `groups` (or once
/// with `scope` itself when there are none) and the error path prefix.
fn each_item<'a>(
    scope: &Scope<'a>,
    level: &'a Answers,
    groups: &[String],
    prefix: &str,
    f: &mut dyn FnMut(&Scope<'_>, &str),
) {
    let Some((group, rest)) = groups.split_first() else {
        f(scope, prefix);
        return;
    };
    for (i, item) in level.items(group).unwrap_or_default().iter().enumerate() {
        let inner = scope.with_inner(item);
        each_item(&inner, item, rest, &format!("{prefix}{group}.{i}."), f);
    }
}
