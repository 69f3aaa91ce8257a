//! Meaning pass: what the structure pass cannot see. Unique and well-formed ids, German
//! texts, consistent limits, options, message keys, and conditions that only
//! refer to earlier fields (so visibility is computed in one pass, in order,
//! and can never loop).

use std::collections::{BTreeMap, BTreeSet};

use super::Problems;
use super::decode::BROKEN;
use super::kind::DefinitionErrorKind as K;
use crate::definition::{
    ADDRESS_PARTS, ChoiceOption, Computed, Field, FieldKind, FormDefinition, Rule,
};
use crate::error::ERROR_KEYS;
use crate::expr::Condition;
use crate::lang::{Lang, Text};

/// `complete`: every field id is known. If not, "unknown field" in conditions
/// is not reported, since it may be a field that failed to decode.
pub(super) fn definition(def: &FormDefinition, complete: bool, problems: &mut Problems) {
    // Inserted one by one: `collect` would add a sort and a bulk build to the WASM.
    let mut all_ids = BTreeSet::new();
    for f in def.fields() {
        all_ids.insert(f.id.strip_prefix(BROKEN).unwrap_or(&f.id).to_owned());
    }
    let mut c = Checker {
        def,
        problems,
        complete,
        all_ids,
        ids: BTreeSet::new(),
        scope: Vec::new(),
        containers: BTreeSet::new(),
    };
    if def.id != BROKEN {
        c.id(&def.id, "", true);
        if def.version == 0 {
            c.problems.add("/version", K::VersionZero);
        }
        c.text(&def.title, "/title");
        c.opt_text(def.description.as_ref(), "/description");
    }
    if def.steps.is_empty() {
        c.problems.add("/steps", K::NoSteps);
    }
    for (i, step) in def.steps.iter().enumerate() {
        let path = format!("/steps/{i}");
        if step.id.starts_with(BROKEN) {
            continue;
        }
        c.id(&step.id, &path, true);
        c.container_id(&step.id, &path);
        c.text(&step.title, &format!("{path}/title"));
        c.opt_text(step.description.as_ref(), &format!("{path}/description"));
        c.condition(step.visible_when.as_ref(), &format!("{path}/visible_when"));
        if step.sections.is_empty() {
            c.problems.add(format!("{path}/sections"), K::NoSections);
        }
        for (j, section) in step.sections.iter().enumerate() {
            let path = format!("{path}/sections/{j}");
            if section.id.starts_with(BROKEN) {
                continue;
            }
            c.id(&section.id, &path, true);
            c.container_id(&section.id, &path);
            c.opt_text(section.title.as_ref(), &format!("{path}/title"));
            c.opt_text(section.description.as_ref(), &format!("{path}/description"));
            c.condition(
                section.visible_when.as_ref(),
                &format!("{path}/visible_when"),
            );
            if section.fields.is_empty() {
                c.problems.add(format!("{path}/fields"), K::NoFields);
            }
            for (k, field) in section.fields.iter().enumerate() {
                c.field(field, &format!("{path}/fields/{k}"));
            }
        }
    }
    let mut rule_ids = BTreeSet::new();
    c.rules(&def.rules, "", None, &mut rule_ids);
    for (i, step) in def.steps.iter().enumerate() {
        if !step.id.starts_with(BROKEN) {
            c.rules(&step.rules, &format!("/steps/{i}"), Some(i), &mut rule_ids);
        }
    }
    c.computed(&def.computed);
    c.deciding_answer();
}

/// An `f64` shown as by `{}`, without core's float printing in the WASM
/// (see `float::display_f64`).
#[derive(PartialEq, PartialOrd)]
pub(crate) struct Shown(pub f64);

impl std::fmt::Display for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::float::display_f64(self.0))
    }
}

pub(crate) struct Checker<'a> {
    def: &'a FormDefinition,
    problems: &'a mut Problems,
    complete: bool,
    /// Every field id in the form, to tell "later" from "unknown" in conditions.
    all_ids: BTreeSet<String>,
    /// All field ids seen so far (they must be unique in the whole form).
    ids: BTreeSet<String>,
    /// Field ids a condition at the current point may refer to.
    scope: Vec<String>,
    /// Step and section ids (unique among themselves).
    containers: BTreeSet<String>,
}

impl Checker<'_> {
    /// Ids are keys in answers, parts of error paths and names in conditions:
    /// letters, digits and `_`, starting with a letter (`-` also allowed for
    /// steps and sections, which appear in URLs).
    fn id(&mut self, id: &str, path: &str, allow_dash: bool) {
        let mut chars = id.chars();
        let ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || (allow_dash && c == '-'))
            && id.len() <= 64;
        if !ok {
            self.problems.add(
                format!("{path}/id"),
                K::InvalidId {
                    id: id.to_owned(),
                    dash_allowed: allow_dash,
                },
            );
        }
    }

    fn container_id(&mut self, id: &str, path: &str) {
        if !self.containers.insert(id.to_owned()) {
            self.problems.add(
                format!("{path}/id"),
                K::DuplicateStepOrSectionId { id: id.to_owned() },
            );
        }
    }

    pub(crate) fn text(&mut self, text: &Text, path: &str) {
        if !text.has_german() {
            self.problems.add(format!("{path}/de"), K::MissingGerman);
        }
        // A language the form says its texts are complete in is in every text: the portal
        // shows the form in it, and a German text among English ones would be neither
        // understood nor marked as German for screen readers.
        for &lang in &self.def.languages {
            if lang != Lang::De && text.get_code(lang.code()).is_none() {
                self.problems.add(
                    format!("{path}/{}", lang.code()),
                    K::MissingTranslation { lang },
                );
            }
        }
    }

    pub(crate) fn opt_text(&mut self, text: Option<&Text>, path: &str) {
        if let Some(t) = text {
            self.text(t, path);
        }
    }

    /// Expressions of rules and computed values may read any field: they do
    /// not decide visibility. Paths must name existing fields and parts.
    fn reads_known(&mut self, cond: &Condition, path: &str) {
        for p in cond.referenced_paths() {
            if !self.all_ids.contains(&p[0]) {
                if self.complete {
                    self.problems
                        .add(path, K::ExpressionUnknownField { id: p[0].clone() });
                }
                continue;
            }
            self.parts(p, path);
        }
    }

    /// The field that decides the authority: at most one, and not inside a group.
    fn deciding_answer(&mut self) {
        let def = self.def;
        let mut first: Option<&str> = None;
        for (i, step) in def.steps.iter().enumerate() {
            for (j, section) in step.sections.iter().enumerate() {
                for (k, field) in section.fields.iter().enumerate() {
                    let path = format!("/steps/{i}/sections/{j}/fields/{k}");
                    self.deciding_fields(field, &path, false, &mut first);
                }
            }
        }
    }

    fn deciding_fields<'d>(
        &mut self,
        field: &'d Field,
        path: &str,
        in_group: bool,
        first: &mut Option<&'d str>,
    ) {
        if let FieldKind::Municipality(m) = &field.kind
            && m.decides_authority
        {
            let at = format!("{path}/decides_authority");
            match first {
                Some(first) => self.problems.add(
                    at,
                    K::SecondDecidingAnswer {
                        first: (*first).to_owned(),
                    },
                ),
                None if in_group => self.problems.add(at, K::DecidingAnswerInGroup),
                None => *first = Some(&field.id),
            }
        }
        for (i, child) in field.children().iter().enumerate() {
            self.deciding_fields(child, &format!("{path}/fields/{i}"), true, first);
        }
    }

    /// `address.street`, `group.child`: the parts after the field id exist.
    fn parts(&mut self, p: &[String], path: &str) {
        let Some(mut field) = self.def.fields().find(|f| f.id == p[0]) else {
            return;
        };
        for (i, seg) in p.iter().enumerate().skip(1) {
            let next = match &field.kind {
                FieldKind::Group(group) => group.fields.iter().find(|c| c.id == *seg),
                FieldKind::Address(_)
                    if ADDRESS_PARTS.contains(&seg.as_str()) && i == p.len() - 1 =>
                {
                    return;
                }
                FieldKind::Municipality(_)
                    if ["ars", "name"].contains(&seg.as_str()) && i == p.len() - 1 =>
                {
                    return;
                }
                _ => None,
            };
            match next {
                Some(f) => field = f,
                None => {
                    self.problems.add(
                        path,
                        K::NoSuchPart {
                            path: p[..i].join("."),
                            part: seg.clone(),
                        },
                    );
                    return;
                }
            }
        }
    }

    fn rules(
        &mut self,
        rules: &[Rule],
        base: &str,
        step: Option<usize>,
        ids: &mut BTreeSet<String>,
    ) {
        for (k, rule) in rules.iter().enumerate() {
            let path = format!("{base}/rules/{k}");
            self.id(&rule.id, &path, true);
            if !ids.insert(rule.id.clone()) {
                self.problems.add(
                    format!("{path}/id"),
                    K::DuplicateRuleId {
                        id: rule.id.clone(),
                    },
                );
            }
            let target = self.def.fields().find(|f| f.id == rule.path);
            match target {
                Some(f) if f.kind.takes_answer() => {
                    if let Some(s) = step
                        && self.def.step_index_of_field(&rule.path) != Some(s)
                    {
                        self.problems.add(
                            format!("{path}/path"),
                            K::RuleFieldNotOnStep {
                                field: rule.path.clone(),
                            },
                        );
                    }
                }
                Some(_) => self.problems.add(
                    format!("{path}/path"),
                    K::TakesNoAnswer {
                        field: rule.path.clone(),
                    },
                ),
                None if self.complete => self.problems.add(
                    format!("{path}/path"),
                    K::UnknownRuleField {
                        field: rule.path.clone(),
                    },
                ),
                None => {}
            }
            if let Some(w) = &rule.when {
                self.reads_known(w, &format!("{path}/when"));
            }
            self.reads_known(&rule.assert, &format!("{path}/assert"));
            self.text(&rule.message, &format!("{path}/message"));
        }
    }

    fn computed(&mut self, computed: &[Computed]) {
        let mut ids = BTreeSet::new();
        for (k, c) in computed.iter().enumerate() {
            let path = format!("/computed/{k}");
            self.id(&c.id, &path, false);
            if self.all_ids.contains(&c.id) || !ids.insert(c.id.clone()) {
                self.problems.add(
                    format!("{path}/id"),
                    K::DuplicateComputedId { id: c.id.clone() },
                );
            }
            self.text(&c.label, &format!("{path}/label"));
            self.opt_text(c.hint.as_ref(), &format!("{path}/hint"));
            self.opt_text(c.unit.as_ref(), &format!("{path}/unit"));
            self.reads_known(&c.expr, &format!("{path}/expr"));
        }
    }

    fn condition(&mut self, cond: Option<&Condition>, path: &str) {
        let Some(cond) = cond else { return };
        for p in cond.referenced_paths() {
            self.parts(p, path);
        }
        for id in cond.referenced_fields() {
            if self.scope.iter().any(|s| s == id) {
                continue;
            }
            let kind = if self.all_ids.contains(id) {
                K::ConditionUsesLaterField { id: id.to_owned() }
            } else if self.complete {
                K::ConditionUnknownField { id: id.to_owned() }
            } else {
                continue;
            };
            self.problems.add(path, kind);
        }
    }

    fn field(&mut self, f: &Field, path: &str) {
        if let Some(id) = f.id.strip_prefix(BROKEN) {
            // Already reported; keep its id usable for duplicate and reference checks.
            if !id.is_empty() && self.ids.insert(id.to_owned()) {
                self.scope.push(id.to_owned());
            }
            return;
        }
        self.id(&f.id, path, false);
        if !self.ids.insert(f.id.clone()) {
            self.problems.add(
                format!("{path}/id"),
                K::DuplicateFieldId { id: f.id.clone() },
            );
        }
        self.text(&f.label, &format!("{path}/label"));
        self.opt_text(f.hint.as_ref(), &format!("{path}/hint"));
        self.opt_text(f.placeholder.as_ref(), &format!("{path}/placeholder"));
        self.opt_text(f.summary_label.as_ref(), &format!("{path}/summary_label"));
        // A field's own conditions cannot see itself.
        self.condition(f.visible_when.as_ref(), &format!("{path}/visible_when"));
        self.condition(f.required_when.as_ref(), &format!("{path}/required_when"));
        self.messages(&f.messages, &format!("{path}/messages"));
        f.kind.check(self, path);
        if f.kind.takes_answer() {
            self.scope.push(f.id.clone());
        }
    }

    fn messages(&mut self, messages: &BTreeMap<String, Text>, path: &str) {
        for (key, text) in messages {
            let key_path = format!("{path}/{key}");
            if !ERROR_KEYS.contains(&key.as_str()) {
                self.problems
                    .add(&key_path, K::UnknownErrorKey { key: key.clone() });
            }
            self.text(text, &key_path);
        }
    }

    pub(crate) fn range<T: PartialOrd + std::fmt::Display>(
        &mut self,
        min: Option<T>,
        max: Option<T>,
        path: &str,
        names: (&'static str, &'static str),
    ) {
        if let (Some(lo), Some(hi)) = (min, max)
            && lo > hi
        {
            self.problems.add(
                format!("{path}/{}", names.0),
                K::MinAboveMax {
                    min_name: names.0,
                    max_name: names.1,
                    min: lo.to_string(),
                    max: hi.to_string(),
                },
            );
        }
    }

    /// Reports a problem at `path`.
    pub(crate) fn add(&mut self, path: impl Into<String>, kind: K) {
        self.problems.add(path, kind);
    }

    /// The fields of a group at `path`. Children see earlier fields and their
    /// earlier siblings; after the group, only the group itself (e.g. `len(group)`).
    pub(crate) fn children(&mut self, fields: &[Field], path: &str) {
        let outer = self.scope.len();
        for (i, child) in fields.iter().enumerate() {
            self.field(child, &format!("{path}/fields/{i}"));
        }
        self.scope.truncate(outer);
    }

    pub(crate) fn finite(&mut self, values: &[(&'static str, Option<f64>)], path: &str) {
        for &(name, v) in values {
            if v.is_some_and(|v| !v.is_finite()) {
                self.problems
                    .add(format!("{path}/{name}"), K::NotFinite { name });
            }
        }
    }

    pub(crate) fn options(&mut self, options: &[ChoiceOption], path: &str, required: bool) {
        if required && options.is_empty() {
            self.problems.add(format!("{path}/options"), K::NoOptions);
        }
        let mut seen = BTreeSet::new();
        for (i, o) in options.iter().enumerate() {
            let opath = format!("{path}/options/{i}");
            if o.value.trim().is_empty() {
                self.problems
                    .add(format!("{opath}/value"), K::EmptyOptionValue);
            } else if !seen.insert(o.value.clone()) {
                self.problems.add(
                    format!("{opath}/value"),
                    K::DuplicateOptionValue {
                        value: o.value.clone(),
                    },
                );
            }
            self.text(&o.label, &format!("{opath}/label"));
            self.opt_text(o.hint.as_ref(), &format!("{opath}/hint"));
        }
    }
}
