// SPDX-License-Identifier: EUPL-1.2
//! The fields of steps that are not shown but built: the next step's, built in idle time
//! while the citizen fills in this one, and the steps left, for "Back". "Next" then moves
//! a built step into the page (one DOM insertion) instead of building its fields, and V8
//! compiles the code that builds fields while the browser is idle rather than in the
//! click (docs/BENCHMARKS.md, session 17).
//!
//! A built step is the same reactive view as one built in the page: its fields follow the
//! answers, the errors, the conditions and the language while they are out of the page.
//! They are never in the document unless shown, so ids stay unique and nothing hidden is
//! in the accessibility tree. Controls must therefore not look their elements up in the
//! document (`in_portal::by_id`) from effects: they hold or search their own nodes.

use super::FormSession;
use super::controls::load_later;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos::tachys::{
    html::attribute::any_attribute::AnyAttribute,
    hydration::Cursor,
    renderer::{Rndr, types},
    view::{Mountable, Position, PositionState, Render, RenderHtml},
};

/// At most this many steps are kept built out of the page (the step left, the next one and
/// one more), whatever the form's length.
const KEPT: usize = 3;

/// A step's fields, built into a `<div class="step-fields">` of their own, with the owner
/// of their reactive nodes. Dropping it disposes of them.
pub(super) struct BuiltStep {
    index: usize,
    /// [`Kept::generation`] when it was built.
    generation: u32,
    container: types::Element,
    _view: <AnyView as Render>::State,
    _owner: Owner,
}

/// The steps of one form built out of the page (see the module's comment). Lives as long as
/// the form's pages.
#[derive(Clone, Copy)]
pub(super) struct BuiltSteps(StoredValue<Kept, LocalStorage>);

struct Kept {
    /// A child of the owner of the form's pages: built steps belong to it, not to the
    /// step that happens to be shown when they are built.
    owner: Owner,
    steps: Vec<BuiltStep>,
    /// Counts [`BuiltSteps::clear`]: a step built before is never kept again.
    generation: u32,
}

impl BuiltSteps {
    pub fn new() -> Self {
        BuiltSteps(StoredValue::new_local(Kept {
            owner: Owner::new(),
            steps: Vec::new(),
            generation: 0,
        }))
    }

    /// The fields of step `index`, built before or now.
    fn take_or_build(&self, session: &FormSession, index: usize) -> Option<BuiltStep> {
        let kept = self.0.try_update_value(|kept| {
            let at = kept.steps.iter().position(|b| b.index == index)?;
            Some(kept.steps.remove(at))
        });
        match kept.flatten() {
            Some(built) => Some(built),
            None => self.build(session, index),
        }
    }

    fn build(&self, session: &FormSession, index: usize) -> Option<BuiltStep> {
        let (owner, generation) = self
            .0
            .try_with_value(|kept| (kept.owner.child(), kept.generation))?;
        let container = Rndr::create_element("div", None);
        Rndr::set_attribute(&container, "class", "step-fields");
        let mut view = owner.with(|| {
            untrack(|| {
                let lang = use_lang();
                let session = session.clone();
                crate::reactive_view::dynamic(move || {
                    let lang = lang.get();
                    untrack(|| super::step::sections_view(&session, index, lang))
                })
                .build()
            })
        });
        view.mount(&container, None);
        Some(BuiltStep {
            index,
            generation,
            container,
            _view: view,
            _owner: owner,
        })
    }

    /// Keeps a step that is no longer shown; beyond [`KEPT`], the oldest is dropped.
    fn keep(&self, built: BuiltStep) {
        built.container.remove();
        let _ = self.0.try_update_value(|kept| {
            if built.generation != kept.generation {
                return;
            }
            kept.steps.retain(|b| b.index != built.index);
            kept.steps.push(built);
            if kept.steps.len() > KEPT {
                kept.steps.remove(0);
            }
        });
    }

    /// Builds step `index` when the browser is next idle (`requestIdleCallback`), unless
    /// it is built already. Where there is no such call (Safari), nothing is built ahead,
    /// and "Next" builds the step.
    ///
    /// A step with a field whose control is in a chunk not yet there has the chunk
    /// fetched first (a second after this step was shown, [`crate::chunk::prefetch`]).
    pub fn prepare_soon(&self, session: FormSession, index: usize) {
        let steps = *self;
        if !session.step_ready(index) {
            let then = move || steps.prepare_when_idle(session, index);
            crate::chunk::prefetch(load_later, Some(Box::new(then)));
            return;
        }
        self.prepare_when_idle(session, index);
    }

    fn prepare_when_idle(&self, session: FormSession, index: usize) {
        let steps = *self;
        let session = std::cell::Cell::new(Some(session));
        let _ = request_idle_callback_with_handle(move || {
            let built = steps
                .0
                .try_with_value(|kept| kept.steps.iter().any(|b| b.index == index));
            if built == Some(false)
                && let Some(session) = session.take()
                // Unless "Next" came first and built the step in the page.
                && session.page.try_get_untracked() != Some(session.step_route(index))
                && let Some(step) = steps.build(&session, index)
            {
                steps.keep(step);
            }
        });
    }

    /// Drops every step built out of the page ("delete my data": their controls may hold
    /// text typed but not yet an answer); the step shown then is not kept when left.
    pub fn clear(&self) {
        let _ = self.0.try_update_value(|kept| {
            kept.steps.clear();
            kept.generation = kept.generation.wrapping_add(1);
        });
    }
}

/// The fields of step `index` in the page: a built step moved in, or built now.
pub(super) struct StepFields {
    pub steps: BuiltSteps,
    pub session: FormSession,
    pub index: usize,
}

/// The step's container in the page; it goes back to [`BuiltSteps`] when the page shows
/// another step or none. `None` only while the form's pages are being taken down.
pub(super) struct StepFieldsState {
    steps: BuiltSteps,
    built: Option<BuiltStep>,
}

impl Drop for StepFieldsState {
    fn drop(&mut self) {
        if let Some(built) = self.built.take() {
            self.steps.keep(built);
        }
    }
}

impl Mountable for StepFieldsState {
    fn unmount(&mut self) {
        if let Some(built) = &mut self.built {
            built.container.unmount();
        }
    }

    fn mount(&mut self, parent: &types::Element, marker: Option<&types::Node>) {
        if let Some(built) = &mut self.built {
            built.container.mount(parent, marker);
        }
    }

    fn insert_before_this(&self, child: &mut dyn Mountable) -> bool {
        match &self.built {
            Some(built) => built.container.insert_before_this(child),
            None => false,
        }
    }

    fn elements(&self) -> Vec<types::Element> {
        self.built.iter().map(|b| b.container.clone()).collect()
    }
}

impl Render for StepFields {
    type State = StepFieldsState;

    fn build(self) -> Self::State {
        StepFieldsState {
            built: self.steps.take_or_build(&self.session, self.index),
            steps: self.steps,
        }
    }

    fn rebuild(self, state: &mut Self::State) {
        if state.built.as_ref().map(|b| b.index) == Some(self.index) {
            return;
        }
        // The new step's container takes the old one's place, which goes back to the kept.
        let mut new = self.build();
        state.insert_before_this(&mut new);
        state.unmount();
        std::mem::swap(state, &mut new);
    }
}

leptos::tachys::no_attrs!(StepFields);

impl RenderHtml for StepFields {
    type AsyncOutput = Self;
    type Owned = Self;

    const MIN_LENGTH: usize = 0;

    fn dry_resolve(&mut self) {}

    async fn resolve(self) -> Self {
        self
    }

    // The portal renders in the browser only; this keeps the type a complete view.
    fn to_html_with_buf(
        self,
        _buf: &mut String,
        position: &mut Position,
        _escape: bool,
        _mark_branches: bool,
        _extra_attrs: Vec<AnyAttribute>,
    ) {
        *position = Position::NextChild;
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        _cursor: &Cursor,
        _position: &PositionState,
    ) -> Self::State {
        self.build()
    }

    fn into_owned(self) -> Self::Owned {
        self
    }
}
