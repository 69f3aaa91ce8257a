// SPDX-License-Identifier: EUPL-1.2
//! The state of one form being answered, apart from any view: the answers, which fields
//! show their errors, on which steps "Next" was pressed, and what the engine derives from
//! them (visible fields, errors, where the citizen may go). The citizen's form and the
//! designers' preview build it with the same constructor, [`FormState::new`].

use form_engine::{Answers, FieldError, FormDefinition, ValidationContext, journey};
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
    /// Paths of the fields shown now (the engine's visibility, group items included), in
    /// document order as the engine gives them: a `BTreeSet` sorted 300 paths on every
    /// keystroke (0.5 ms of it), and only conditional fields and sections look a path up.
    pub visible: Memo<Vec<String>>,
    /// Errors of the whole form now; each control picks its own by path.
    pub errors: Memo<Vec<FieldError>>,
    /// Per top-level field, a trigger fired when its answer changes (see [`AnswersAt`]).
    changed: StoredValue<Vec<(String, ArcTrigger)>>,
}

/// The answers, read by a control that cares only about the answer of one top-level
/// field (and its parts or items): it is woken when that answer changes, not on every
/// keystroke anywhere in the form. With every control reading the one answers signal,
/// each keystroke re-ran a memo per control on the page (issue #21).
#[derive(Clone)]
pub struct AnswersAt {
    answers: RwSignal<Answers>,
    changed: ArcTrigger,
}

impl AnswersAt {
    pub fn with<T>(&self, f: impl FnOnce(&Answers) -> T) -> T {
        self.changed.track();
        self.answers.with_untracked(f)
    }
}

impl FormState {
    pub fn new(definition: Arc<FormDefinition>, progress: Progress) -> Self {
        let Progress {
            answers,
            touched,
            attempted,
        } = progress;
        let visible = {
            let definition = definition.clone();
            crate::reactive_view::memo(move || {
                answers.with(|a| form_engine::visible_fields(&definition, a, &today()))
            })
        };
        // The whole form on each change, not `form_engine::LiveErrors`: that keeps errors
        // per field and revalidates only what a change can affect, but cost 6.0 KiB gzip
        // in the bundle to save at most the 0.5 ms validate_form takes for 300 fields in
        // WASM, of a 5 ms keystroke; the rest of its time is elsewhere (docs/SIZE.md).
        let errors = {
            let definition = definition.clone();
            crate::reactive_view::memo(move || {
                answers.with(|a| form_engine::validate_form(&definition, a, &today()))
            })
        };
        // Fires the triggers of the top-level answers that changed. It runs in the same
        // turn as the change, and the controls' effects it wakes run right after it; a
        // control reads the answers untracked, so it sees them as they are by then.
        let changed: StoredValue<Vec<(String, ArcTrigger)>> = StoredValue::new(Vec::new());
        Effect::new(move |before: Option<Answers>| {
            let now = answers.get();
            if let Some(before) = before {
                let ids = now.changed_since(&before);
                changed.with_value(|triggers| {
                    for (_, trigger) in triggers.iter().filter(|(id, _)| ids.contains(id)) {
                        trigger.notify();
                    }
                });
            }
            now
        });
        FormState {
            definition,
            answers,
            touched,
            attempted,
            visible,
            errors,
            changed,
        }
    }

    /// The answers as read by the control of `path` (`id`, `group.0.child`,
    /// `address.postcode`): woken when the answer of its top-level field changes.
    pub fn answers_at(&self, path: &str) -> AnswersAt {
        let id = form_engine::answers::top_level_id(path);
        let changed = self.changed.try_update_value(|triggers| {
            match triggers.iter().find(|(known, _)| known == id) {
                Some((_, trigger)) => trigger.clone(),
                None => {
                    let trigger = ArcTrigger::new();
                    triggers.push((id.to_owned(), trigger.clone()));
                    trigger
                }
            }
        });
        // Gone only with the form itself, when nothing reads it any more.
        let changed = changed.unwrap_or_else(ArcTrigger::new);
        AnswersAt {
            answers: self.answers,
            changed,
        }
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
