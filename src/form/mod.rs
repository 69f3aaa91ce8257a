// SPDX-License-Identifier: EUPL-1.2
//! The application journey: one session per form, shared by its steps through a small
//! context type. The URL decides the step; the engine decides what is valid.

mod check;
mod controls;
mod draft;
mod step;

pub use step::{StepPage, focus_soon};

use crate::api::{self, FormRef, SubmissionReceipt};
use crate::i18n::use_lang;
use form_engine::{Answers, FieldError, FormDefinition, ValidationContext};
use leptos::prelude::*;
use std::collections::BTreeSet;
use std::sync::Arc;

/// Everything the steps of one application share.
#[derive(Clone)]
pub struct FormSession {
    pub leika: String,
    /// Where the steps live: `/services/{leika}/form` for citizens (the preview has its own).
    pub base: String,
    /// The step the path asks for ("1", "2", …, "check").
    pub step: Memo<String>,
    /// A designer's preview: nothing is submitted.
    pub preview: bool,
    pub form: FormRef,
    pub definition: Arc<FormDefinition>,
    pub answers: RwSignal<Answers>,
    /// Fields whose errors are shown: left once, or part of a step the citizen tried to
    /// leave. GOV.UK's pattern: no error before the citizen had a chance to answer.
    pub touched: RwSignal<BTreeSet<String>>,
    /// Steps (by index) on which "Next" was pressed with errors: their summary shows.
    pub attempted: RwSignal<BTreeSet<usize>>,
    /// One key per submission attempt sequence, so retries can never create two.
    pub idempotency_key: RwSignal<Option<String>>,
    /// The answers came from a draft kept in this browser: the citizen is told so.
    pub restored: RwSignal<bool>,
    /// What changed while restoring the draft (shown while `restored` holds).
    pub notes: Arc<DraftNotes>,
    /// Paths of the fields shown now (the engine's visibility, group items included).
    pub visible: Memo<BTreeSet<String>>,
    /// Errors of the whole form now; each control picks its own by path.
    pub errors: Memo<Vec<FieldError>>,
    /// The place chosen on the service page, which decides the competent authority.
    pub place: Option<crate::place::ChosenPlace>,
    /// Files chosen in this tab, by attachment id, until the submission uploads them.
    pub files: StoredValue<Vec<(String, web_sys::File)>, LocalStorage>,
}

impl FormSession {
    pub fn base_path(&self) -> String {
        self.base.clone()
    }

    pub fn step_errors(&self, step_index: usize) -> Vec<FieldError> {
        self.answers.with(|answers| {
            form_engine::validate_step(&self.definition, answers, step_index, &today())
        })
    }
}

/// What a session derives from its answers: the visible fields and the errors of the
/// whole form (for the citizen's form and the designers' preview alike).
pub fn derived(
    definition: &Arc<FormDefinition>,
    answers: RwSignal<Answers>,
) -> (Memo<BTreeSet<String>>, Memo<Vec<FieldError>>) {
    let visible = {
        let definition = definition.clone();
        Memo::new(move |_| {
            answers.with(|a| {
                form_engine::visible_fields(&definition, a, &today())
                    .into_iter()
                    .collect()
            })
        })
    };
    let definition = definition.clone();
    let errors =
        Memo::new(move |_| answers.with(|a| form_engine::validate_form(&definition, a, &today())));
    (visible, errors)
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

pub fn use_session() -> Option<FormSession> {
    use_context::<FormSession>()
}

/// Receipts of this browser tab's submissions, for the confirmation page: the API's
/// answer and the answers as the citizen read them on the check page (for the download).
#[derive(Clone, Copy)]
pub struct Receipts(RwSignal<Vec<(SubmissionReceipt, String)>>);

impl Receipts {
    pub fn find(&self, reference: &str) -> Option<(SubmissionReceipt, String)> {
        self.0
            .with(|all| all.iter().find(|(r, _)| r.reference == reference).cloned())
    }
}

pub fn provide_receipts() {
    provide_context(Receipts(RwSignal::new(Vec::new())));
}

pub fn use_receipts() -> Receipts {
    use_context::<Receipts>().unwrap_or_else(|| Receipts(RwSignal::new(Vec::new())))
}

/// What the citizen is told about a restored draft beyond "restored".
#[derive(Default)]
pub struct DraftNotes {
    /// The draft was made for another version of the form.
    pub migrated: bool,
    /// Labels of the answers that could not be kept.
    pub dropped: Vec<form_engine::Text>,
    /// Chosen files were removed (they are not stored in the browser).
    pub files_removed: bool,
}

/// A draft for another version of the form, moved to this one (see
/// [`form_engine::migrate_answers`]); the old version's definition names what changed.
async fn migrated_draft(
    form: &FormRef,
    definition: &FormDefinition,
) -> Option<(Answers, DraftNotes)> {
    let (version, answers) = draft::find_older(form)?;
    let old = api::fetch_definition(&FormRef {
        id: form.id.clone(),
        version,
    })
    .await
    .ok();
    let moved = form_engine::migrate_answers(old.as_ref(), definition, &answers);
    let dropped = moved
        .dropped
        .iter()
        .map(|path| {
            let id = path.rsplit('.').next().unwrap_or(path);
            old.as_ref()
                .and_then(|d| d.field(id))
                .or_else(|| definition.field(id))
                .map(|f| f.label.clone())
                .unwrap_or_else(|| form_engine::Text::new(id))
        })
        .collect();
    let notes = DraftNotes {
        migrated: true,
        dropped,
        files_removed: false,
    };
    Some((moved.answers, notes))
}

/// Loads the service and its definition, then hands the session to the step routes.
#[component]
pub fn FormShell() -> impl IntoView {
    let lang = use_lang();
    let leika = crate::path_param(crate::Page::Form, 1);
    let loaded = crate::pages::load(
        move || leika.get(),
        |leika| async move {
            let service = api::fetch_service(&leika, form_engine::Lang::De).await?;
            let form = service.form.ok_or(api::ApiError::Unexpected)?;
            let definition = api::fetch_definition(&form).await?;
            // No draft for this version: perhaps one for an older version of the form.
            let migrated = match draft::load(&form) {
                Some(_) => None,
                None => migrated_draft(&form, &definition).await,
            };
            Ok::<_, api::ApiError>((leika, form, Arc::new(definition), Arc::new(migrated)))
        },
    );

    let content =
        crate::pages::loaded_view(lang, loaded, move |(leika, form, definition, migrated)| {
            let leika_for_place = leika.clone();
            let (mut answers, mut notes) = match migrated.as_ref() {
                Some((answers, notes)) => (
                    answers.clone(),
                    DraftNotes {
                        migrated: true,
                        dropped: notes.dropped.clone(),
                        files_removed: false,
                    },
                ),
                None => (
                    draft::load(&form).unwrap_or_default(),
                    DraftNotes::default(),
                ),
            };
            let fields: Vec<form_engine::Field> = definition
                .steps
                .iter()
                .flat_map(|s| s.sections.iter().flat_map(|sec| sec.fields.iter().cloned()))
                .collect();
            notes.files_removed = draft::strip_files(&fields, &mut answers);
            let restored = !answers.is_empty() || notes.migrated;
            let answers = RwSignal::new(answers);
            let (visible, errors) = derived(&definition, answers);
            let session = FormSession {
                base: format!("/services/{leika}/form"),
                step: crate::path_param(crate::Page::Form, 3),
                preview: false,
                leika,
                form,
                definition,
                answers,
                touched: RwSignal::new(BTreeSet::new()),
                attempted: RwSignal::new(BTreeSet::new()),
                idempotency_key: RwSignal::new(None),
                restored: RwSignal::new(restored),
                notes: Arc::new(notes),
                visible,
                errors,
                files: StoredValue::new_local(Vec::new()),
                place: crate::place::chosen(&leika_for_place),
            };
            draft::keep_saved(&session);
            provide_context(session);
            view! { <StepPage/> }
        });
    view! { {content} }
}

/// The answers that would be submitted now: hidden fields dropped.
pub fn submitted_answers(session: &FormSession) -> Answers {
    session
        .answers
        .with(|answers| form_engine::visible_answers(&session.definition, answers, &today()))
}

pub fn new_idempotency_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("bp-{}", js_sys::Date::now() as u64))
}

impl Receipts {
    pub fn remember(&self, receipt: SubmissionReceipt, answers: String) {
        self.0.update(|all| all.push((receipt, answers)));
    }
}

pub fn discard_draft(session: &FormSession) {
    draft::remove(&session.form);
}

/// "Delete my data": everything typed in this tab, and everything personal this browser
/// keeps (every draft, chosen place and status token, not only this form's), are gone at
/// once.
pub fn forget_answers(session: &FormSession) {
    session.answers.set(Answers::new());
    session.touched.set(BTreeSet::new());
    session.attempted.set(BTreeSet::new());
    session.restored.set(false);
    session.files.set_value(Vec::new());
    draft::remove(&session.form);
    crate::storage::remove_personal_data();
}
