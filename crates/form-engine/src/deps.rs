//! Incremental revalidation: which fields depend on which, computed once per
//! definition, so one keystroke revalidates the changed field and what reads
//! it instead of the whole form.
//!
//! The unit is a top-level field (a field directly in a section; a group with
//! everything inside it). Unit `u` depends on unit `r` when a condition of
//! `u` (its own, its children's, its section's or step's) or a rule reporting
//! on `u` reads a field of `r`. Revalidating field `f`: the *affected* units
//! are `f`'s unit and everything depending on it, transitively (a field that
//! becomes hidden no longer counts for the fields reading it); the walk then
//! covers the affected units and everything they depend on, transitively, so
//! every condition sees the same answers as in a full validation.

use std::collections::BTreeMap;

use crate::answers::Answers;
use crate::definition::{Field, FormDefinition};
use crate::error::FieldError;
use crate::expr::Condition;
use crate::validation::rules::{all_rules, targets};
use crate::validation::{self, Partial, RuleTarget, ValidationContext};

/// Dependencies between the fields of one definition (see the module docs).
#[derive(Debug, Clone)]
pub struct DependencyIndex {
    /// Field id (group children included) -> unit.
    unit_of: BTreeMap<String, usize>,
    dependents: Vec<Vec<usize>>,
    dependencies: Vec<Vec<usize>>,
    targets: Vec<RuleTarget>,
    /// Per unit: whether changing its answer can change which fields are shown (a
    /// `visible_when` reads one of its fields, or it is a group, whose items are shown).
    shapes_visibility: Vec<bool>,
}

impl DependencyIndex {
    pub fn new(def: &FormDefinition) -> DependencyIndex {
        let mut unit_of = BTreeMap::new();
        let mut reads: Vec<Vec<&str>> = Vec::new();
        for step in &def.steps {
            for section in &step.sections {
                for field in &section.fields {
                    let unit = reads.len();
                    let mut r = Vec::new();
                    for c in [&step.visible_when, &section.visible_when]
                        .into_iter()
                        .flatten()
                    {
                        r.extend(c.referenced_fields());
                    }
                    collect(field, unit, &mut unit_of, &mut r);
                    reads.push(r);
                }
            }
        }
        let targets = targets(def);
        let rules: Vec<_> = all_rules(def).collect();
        for t in &targets {
            let rule = rules[t.rule];
            let r = &mut reads[t.unit];
            r.extend(rule.assert.referenced_fields());
            if let Some(w) = &rule.when {
                r.extend(w.referenced_fields());
            }
        }
        let n = reads.len();
        let mut shapes_visibility: Vec<bool> = def
            .top_fields()
            .map(|f| matches!(f.kind, crate::definition::FieldKind::Group(_)))
            .collect();
        for step in &def.steps {
            let mut conditions: Vec<&Condition> = step.visible_when.iter().collect();
            for section in &step.sections {
                conditions.extend(&section.visible_when);
                for field in &section.fields {
                    visibility_conditions(field, &mut conditions);
                }
            }
            for id in conditions
                .into_iter()
                .flat_map(Condition::referenced_fields)
            {
                if let Some(&u) = unit_of.get(id) {
                    shapes_visibility[u] = true;
                }
            }
        }
        let mut dependents = vec![Vec::new(); n];
        let mut dependencies = vec![Vec::new(); n];
        for (u, r) in reads.iter().enumerate() {
            for id in r {
                if let Some(&d) = unit_of.get(*id)
                    && d != u
                    && !dependencies[u].contains(&d)
                {
                    dependencies[u].push(d);
                    dependents[d].push(u);
                }
            }
        }
        DependencyIndex {
            unit_of,
            dependents,
            dependencies,
            targets,
            shapes_visibility,
        }
    }

    /// The top-level field (its index in document order) that `field_id` belongs to:
    /// itself, or the group holding it.
    pub fn unit_of(&self, field_id: &str) -> Option<usize> {
        self.unit_of.get(field_id).copied()
    }

    /// The units whose errors may change when unit `start` changes: itself and every
    /// unit depending on it, transitively.
    pub fn affected_units(&self, start: usize) -> impl Iterator<Item = usize> {
        let n = self.dependents.len();
        closure(&[start], &self.dependents, n)
            .into_iter()
            .enumerate()
            .filter_map(|(u, hit)| hit.then_some(u))
    }

    /// How many top-level fields the definition has.
    pub fn units(&self) -> usize {
        self.dependents.len()
    }

    /// Whether a change of `field_id`'s answer can change which fields are shown; when it
    /// cannot, [`crate::visible_fields`] need not run again (for the same moment).
    pub fn shapes_visibility(&self, field_id: &str) -> bool {
        self.unit_of(field_id)
            .is_none_or(|u| self.shapes_visibility[u])
    }

    /// Ids of the top-level fields whose errors may change when `field_id`
    /// changes (its own top-level field first), in document order.
    pub fn affected<'d>(&self, def: &'d FormDefinition, field_id: &str) -> Vec<&'d str> {
        let Some(&start) = self.unit_of.get(field_id) else {
            return Vec::new();
        };
        let affected = closure(&[start], &self.dependents, self.dependents.len());
        def.top_fields()
            .enumerate()
            .filter(|(u, _)| affected[*u])
            .map(|(_, f)| f.id.as_str())
            .collect()
    }

    /// The errors [`crate::validate_form`] reports for `field_id` and for
    /// every field whose conditions or rules read it (transitively), in the
    /// same order, without validating the rest of the form. A group counts
    /// as one field: changing one of its children revalidates the group.
    /// Unknown ids give no errors.
    pub fn revalidate(
        &self,
        def: &FormDefinition,
        answers: &Answers,
        field_id: &str,
        ctx: &ValidationContext,
    ) -> Vec<FieldError> {
        let Some(&start) = self.unit_of.get(field_id) else {
            return Vec::new();
        };
        let n = self.dependents.len();
        let report = closure(&[start], &self.dependents, n);
        let seeds: Vec<usize> = (0..n).filter(|u| report[*u]).collect();
        let needed = closure(&seeds, &self.dependencies, n);
        validation::run(
            def,
            answers,
            ctx,
            None,
            &self.targets,
            Some(Partial {
                needed: &needed,
                report: &report,
            }),
        )
    }
}

fn collect<'d>(
    field: &'d Field,
    unit: usize,
    unit_of: &mut BTreeMap<String, usize>,
    reads: &mut Vec<&'d str>,
) {
    unit_of.insert(field.id.clone(), unit);
    for c in [&field.visible_when, &field.required_when]
        .into_iter()
        .flatten()
    {
        reads.extend(Condition::referenced_fields(c));
    }
    for child in field.children() {
        collect(child, unit, unit_of, reads);
    }
}

/// The `visible_when` conditions of `field` and of the fields inside it.
fn visibility_conditions<'d>(field: &'d Field, out: &mut Vec<&'d Condition>) {
    out.extend(&field.visible_when);
    for child in field.children() {
        visibility_conditions(child, out);
    }
}

/// The units reachable from `seeds` along `edges` (seeds included).
fn closure(seeds: &[usize], edges: &[Vec<usize>], n: usize) -> Vec<bool> {
    let mut seen = vec![false; n];
    let mut stack: Vec<usize> = seeds.to_vec();
    while let Some(u) = stack.pop() {
        if !std::mem::replace(&mut seen[u], true) {
            stack.extend(edges[u].iter().copied().filter(|d| !seen[*d]));
        }
    }
    seen
}

/// A definition with its dependency index, built once (e.g. when the portal
/// loads a form) and used for every keystroke.
#[derive(Debug, Clone)]
pub struct Engine {
    def: FormDefinition,
    deps: DependencyIndex,
}

impl Engine {
    pub fn new(def: FormDefinition) -> Engine {
        let deps = DependencyIndex::new(&def);
        Engine { def, deps }
    }

    pub fn definition(&self) -> &FormDefinition {
        &self.def
    }

    pub fn dependencies(&self) -> &DependencyIndex {
        &self.deps
    }

    /// See [`DependencyIndex::revalidate`].
    pub fn revalidate_field(
        &self,
        answers: &Answers,
        field_id: &str,
        ctx: &ValidationContext,
    ) -> Vec<FieldError> {
        self.deps.revalidate(&self.def, answers, field_id, ctx)
    }

    pub fn validate_step(
        &self,
        answers: &Answers,
        step_index: usize,
        ctx: &ValidationContext,
    ) -> Vec<FieldError> {
        validation::validate_step(&self.def, answers, step_index, ctx)
    }

    pub fn validate_form(&self, answers: &Answers, ctx: &ValidationContext) -> Vec<FieldError> {
        validation::validate_form(&self.def, answers, ctx)
    }

    /// See [`crate::compute`].
    pub fn compute(
        &self,
        answers: &Answers,
        ctx: &ValidationContext,
    ) -> Vec<(String, crate::expr::Value)> {
        crate::compute::compute(&self.def, answers, ctx)
    }
}

/// [`DependencyIndex::revalidate`] with an index built for this call; keep
/// an [`Engine`] or a [`DependencyIndex`] to revalidate on every keystroke.
pub fn revalidate_field(
    def: &FormDefinition,
    answers: &Answers,
    field_id: &str,
    ctx: &ValidationContext,
) -> Vec<FieldError> {
    DependencyIndex::new(def).revalidate(def, answers, field_id, ctx)
}
