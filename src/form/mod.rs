// SPDX-License-Identifier: EUPL-1.2
//! The application journey: one session per form, shared by its steps through a small
//! context type. The URL decides the step; the engine decides what is valid.

mod check;
mod draft;
mod fields;
mod step;

pub use step::{StepPage, focus_element};

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
        format!("/services/{}/form", self.leika)
    }

    pub fn step_errors(&self, step_index: usize) -> Vec<FieldError> {
        self.answers.with(|answers| {
            form_engine::validate_step(&self.definition, answers, step_index, &today())
        })
    }
}

/// Today's date in the citizen's time zone: the engine has no clock of its own.
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
}

pub fn use_session() -> Option<FormSession> {
    use_context::<FormSession>()
}

/// Receipts of this browser tab's submissions, for the confirmation page.
#[derive(Clone, Copy)]
pub struct Receipts(RwSignal<Vec<SubmissionReceipt>>);

impl Receipts {
    pub fn get(&self) -> Vec<SubmissionReceipt> {
        self.0.get()
    }
}

pub fn provide_receipts() {
    provide_context(Receipts(RwSignal::new(Vec::new())));
}

pub fn use_receipts() -> Receipts {
    use_context::<Receipts>().unwrap_or_else(|| Receipts(RwSignal::new(Vec::new())))
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
            Ok::<_, api::ApiError>((leika, form, Arc::new(definition)))
        },
    );

    let content = crate::pages::loaded_view(lang, loaded, move |(leika, form, definition)| {
        let leika_for_place = leika.clone();
        let answers = RwSignal::new(draft::load(&form).unwrap_or_default());
        let restored = answers.with_untracked(|a| !a.is_empty());
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
        let errors = {
            let definition = definition.clone();
            Memo::new(move |_| {
                answers.with(|a| form_engine::validate_form(&definition, a, &today()))
            })
        };
        let session = FormSession {
            leika,
            form,
            definition,
            answers,
            touched: RwSignal::new(BTreeSet::new()),
            attempted: RwSignal::new(BTreeSet::new()),
            idempotency_key: RwSignal::new(None),
            restored: RwSignal::new(restored),
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

pub fn remember_receipt(receipt: SubmissionReceipt) {
    use_receipts().0.update(|all| all.push(receipt));
}

pub fn discard_draft(session: &FormSession) {
    draft::remove(&session.form);
}

/// "Delete my data": the draft and everything typed in this tab are gone at once.
pub fn forget_answers(session: &FormSession) {
    session.answers.set(Answers::new());
    session.touched.set(BTreeSet::new());
    session.attempted.set(BTreeSet::new());
    session.restored.set(false);
    session.files.set_value(Vec::new());
    draft::remove(&session.form);
}
