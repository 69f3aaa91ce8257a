// SPDX-License-Identifier: EUPL-1.2
//! The state of one form being answered, apart from any view: the answers, which fields
//! show their errors, on which steps "Next" was pressed, and what the engine derives from
//! them (visible fields, errors, where the citizen may go). The citizen's form and the
//! designers' preview build it with the same constructor, [`FormState::new`].

use form_engine::{
    Answers, DependencyIndex, FieldError, FormDefinition, LiveErrors, ValidationContext, journey,
};
use leptos::prelude::*;
use std::collections::BTreeSet;
use std::sync::Arc;

/// What the citizen has done so far: the answers, the fields left once (their errors
/// show), the steps on which "Next" was pressed with errors (their summary shows). Kept
/// apart from the definition, so that the preview keeps it across changed definitions.
#[derive(Clone, Copy)]
pub struct Progress {
    pub answers: RwSignal<Answers>,
    /// GOV.UK's pattern: no error before the citizen had a chance to answer.
    pub touched: RwSignal<BTreeSet<String>>,
    /// Step indexes.
    pub attempted: RwSignal<BTreeSet<usize>>,
}

impl Progress {
    /// Progress on a form with these answers (a restored draft, or none), nothing
    /// touched or attempted yet.
    pub fn new(answers: Answers) -> Self {
        Progress {
            answers: RwSignal::new(answers),
            touched: RwSignal::new(BTreeSet::new()),
            attempted: RwSignal::new(BTreeSet::new()),
        }
    }
}

/// One form being answered: its definition, the citizen's [`Progress`] and the memos the
/// engine derives from it.
#[derive(Clone)]
pub struct FormState {
    pub definition: Arc<FormDefinition>,
    pub answers: RwSignal<Answers>,
    pub touched: RwSignal<BTreeSet<String>>,
    pub attempted: RwSignal<BTreeSet<usize>>,
    /// Which fields read which, built once per definition: a keystroke validates only the
    /// fields it can affect (issue #21).
    pub index: Arc<DependencyIndex>,
    /// Paths of the fields shown now (the engine's visibility, group items included).
    pub visible: Memo<BTreeSet<String>>,
    /// Errors of the whole form now, by top-level field; each control picks its own by
    /// path ([`FormState::errors_of`]).
    errors: Memo<LiveErrors>,
}

impl FormState {
    pub fn new(definition: Arc<FormDefinition>, progress: Progress) -> Self {
        let Progress {
            answers,
            touched,
            attempted,
        } = progress;
        let index = Arc::new(DependencyIndex::new(&definition));
        let visible = {
            let (definition, index) = (definition.clone(), index.clone());
            // The answers and moment the shown paths were computed for: a change that no
            // `visible_when` reads cannot change them, so most keystrokes skip the walk.
            let seen: StoredValue<Option<(Answers, ValidationContext)>> = StoredValue::new(None);
            Memo::new_owning(move |shown: Option<BTreeSet<String>>| {
                let ctx = today();
                answers.with(|a| {
                    let unchanged = seen.with_value(|seen| {
                        seen.as_ref().is_some_and(|(before, at)| {
                            *at == ctx
                                && a.changed_since(before)
                                    .iter()
                                    .all(|id| !index.shapes_visibility(id))
                        })
                    });
                    seen.set_value(Some((a.clone(), ctx)));
                    match shown {
                        Some(shown) if unchanged => (shown, false),
                        shown => {
                            let now: BTreeSet<String> =
                                form_engine::visible_fields(&definition, a, &ctx)
                                    .into_iter()
                                    .collect();
                            let changed = shown.is_none_or(|shown| shown != now);
                            (now, changed)
                        }
                    }
                })
            })
        };
        let errors = {
            let (definition, index) = (definition.clone(), index.clone());
            Memo::new_owning(move |live: Option<LiveErrors>| {
                let ctx = today();
                answers.with(|a| match live {
                    Some(mut live) => {
                        let changed = live.update(&definition, &index, a, &ctx);
                        (live, changed)
                    }
                    None => (LiveErrors::new(&definition, &index, a, &ctx), true),
                })
            })
        };
        FormState {
            definition,
            answers,
            touched,
            attempted,
            index,
            visible,
            errors,
        }
    }

    /// `read` of the errors now of the top-level field `path` belongs to (tracked).
    pub fn errors_of<R>(&self, path: &str, read: impl FnOnce(&[FieldError]) -> R) -> R {
        self.errors.with(|live| read(live.of(&self.index, path)))
    }

    /// Errors of one step (by index) now.
    pub fn step_errors(&self, step_index: usize) -> Vec<FieldError> {
        self.answers.with(|answers| {
            form_engine::validate_step(&self.definition, answers, step_index, &today())
        })
    }

    /// Whether the step (by index) may be shown: visible, and every visible step before
    /// it valid. Not tracked: a page decides this once, when it is opened.
    pub fn can_visit(&self, step_index: usize) -> bool {
        self.answers.with_untracked(|answers| {
            journey::can_visit(&self.definition, answers, step_index, &today())
        })
    }

    /// The first visible step with errors (by index), `None` if every step is valid.
    pub fn first_incomplete_step(&self) -> Option<usize> {
        self.answers.with_untracked(|answers| {
            journey::first_incomplete_step(&self.definition, answers, &today())
        })
    }

    /// The answers that would be submitted now: hidden fields dropped.
    pub fn submitted_answers(&self) -> Answers {
        self.answers
            .with(|answers| form_engine::visible_answers(&self.definition, answers, &today()))
    }

    /// Back to no answers, nothing touched or attempted.
    pub fn forget(&self) {
        self.answers.set(Answers::new());
        self.touched.set(BTreeSet::new());
        self.attempted.set(BTreeSet::new());
    }
}

/// Every top-level field of a definition, in document order (steps, then sections).
pub fn all_fields(definition: &FormDefinition) -> Vec<form_engine::Field> {
    definition
        .steps
        .iter()
        .flat_map(|s| s.sections.iter().flat_map(|sec| sec.fields.iter().cloned()))
        .collect()
}

/// Today's date and the time of day in the citizen's time zone: the engine has no clock
/// of its own. The time lets the browser check the rules that use `minutes_until` (the
/// 48-hour notice, an end after the start) as the API does, instead of the citizen
/// learning of them only when the submission is refused.
pub fn today() -> ValidationContext {
    let now = js_sys::Date::new_0();
    let date = form_engine::Date::new(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    );
    // The browser's calendar always gives a valid date; the constant only satisfies the
    // types and is a valid date too.
    let date = date.or_else(|| form_engine::Date::new(2000, 1, 1));
    ValidationContext::new(date.expect("2000-01-01 is a valid date"))
        .with_time(now.get_hours(), now.get_minutes())
}
