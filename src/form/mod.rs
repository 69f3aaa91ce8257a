// SPDX-License-Identifier: EUPL-1.2
//! The application journey: one session per form, shared by its steps through a small
//! context type. The URL decides the step; the engine decides what is valid.

mod built_steps;
mod check;
mod controls;
mod draft;
mod state;
mod step;
mod submit;

pub use check::CheckAnswers;
pub(crate) use controls::load_later;
pub use state::{FormState, Progress, today};
pub use step::{StepPage, focus_soon};
// Also the attachment ids of chosen files (`fields.rs`).
use submit::new_idempotency_key;

use crate::api;
use crate::i18n::use_lang;
use crate::route::{FormAt, Route};
use api_types::FormRef;
use form_engine::{Answers, FormDefinition, Lang};
use leptos::prelude::*;
use std::sync::Arc;

/// Everything the pages of one application share: the [`FormState`] (reached through
/// `Deref`, as `session.answers`), where its pages live and what belongs to the citizen's
/// application beyond the answers.
#[derive(Clone)]
pub struct FormSession {
    pub state: FormState,
    /// Where the form's pages live; a designer's preview submits nothing.
    pub at: FormAt,
    /// The page of the form the route asks for: a step or the check page.
    pub page: Memo<Route>,
    pub form: FormRef,
    /// One key per submission attempt sequence, so retries can never create two.
    pub idempotency_key: RwSignal<Option<String>>,
    /// The answers came from a draft kept in this browser: the citizen is told so.
    pub restored: RwSignal<bool>,
    /// What changed while restoring the draft (shown while `restored` holds).
    pub notes: Arc<DraftNotes>,
    /// The place chosen on the service page, which decides the competent authority.
    pub place: Option<crate::place::ChosenPlace>,
    /// Files chosen in this tab, by attachment id, until the submission uploads them.
    pub files: StoredValue<Vec<(String, web_sys::File)>, LocalStorage>,
}

impl std::ops::Deref for FormSession {
    type Target = FormState;

    fn deref(&self) -> &FormState {
        &self.state
    }
}

impl FormSession {
    /// A session for `state`, its pages at `at`; no draft restored, no place, no files.
    pub fn new(at: FormAt, form: FormRef, state: FormState) -> Self {
        // Nothing typed in an earlier session of a form is shown in this one.
        controls::forget_typed_places();
        let page = crate::route::param(|route| match route {
            Route::FormStep { .. } | Route::Check { .. } => Some(route.clone()),
            _ => None,
        });
        FormSession {
            state,
            at,
            page,
            form,
            idempotency_key: RwSignal::new(None),
            restored: RwSignal::new(false),
            notes: Arc::new(DraftNotes::default()),
            place: None,
            files: StoredValue::new_local(Vec::new()),
        }
    }

    /// A designer's preview: the pages render, nothing is submitted.
    pub fn is_preview(&self) -> bool {
        self.at == FormAt::Preview
    }

    /// The service the form belongs to (empty in the preview).
    pub fn leika(&self) -> &str {
        match &self.at {
            FormAt::Service { leika } => leika,
            FormAt::Preview => "",
        }
    }

    /// The route of step `index` (0-based) of this form.
    pub fn step_route(&self, index: usize) -> Route {
        Route::FormStep {
            form: self.at.clone(),
            step: index + 1,
        }
    }

    /// Whether step `index` (0-based) may be shown. For citizens, one whose earlier
    /// steps are answered ([`FormState::can_visit`]): a deep link, a bookmark or a reload
    /// does not skip a step. In the preview any step of the form: designers jump to any.
    pub fn may_show(&self, index: usize) -> bool {
        if self.is_preview() {
            index < self.definition.steps.len()
        } else {
            self.can_visit(index)
        }
    }

    /// Whether step `index` (0-based) can be built now: it shows no field whose control is
    /// in a chunk not yet loaded ([`controls::ready_for`]). A step the form does not have
    /// waits for nothing.
    pub fn step_ready(&self, index: usize) -> bool {
        self.definition
            .steps
            .get(index)
            .is_none_or(controls::ready_for)
    }

    /// Where a step that may not be shown leads: the first step still to do (the check
    /// page where none is); in the preview, the first step.
    pub fn step_to_do(&self) -> Route {
        if self.is_preview() {
            return self.step_route(0);
        }
        match self.first_incomplete_step() {
            Some(index) => self.step_route(index),
            None => self.check_route(),
        }
    }

    /// The ARS that decides the competent authority: the answer the form names for it
    /// (`decides_authority`) where it is shown and answered, else the place chosen on
    /// the service page, which was only a first guess.
    pub fn routing_ars(&self) -> Option<String> {
        let answers = self.submitted_answers();
        form_engine::routing::deciding_municipality(&self.definition, &answers, &today())
            .map(|(ars, _)| ars.to_owned())
            .or_else(|| self.place.as_ref().map(|p| p.ars.clone()))
    }

    /// The place chosen on the service page as the first answer to the question that
    /// decides the authority, where that is not answered yet: the citizen sees it there,
    /// with the authority it leads to, and may change it.
    fn guess_deciding_answer(&self) {
        let field = form_engine::routing::deciding_field(&self.definition);
        let (Some(field), Some(place)) = (field, &self.place) else {
            return;
        };
        if self.answers.with_untracked(|a| a.get(&field.id).is_none()) {
            let guess = form_engine::field_types::municipality::answer(&place.ars, &place.name);
            self.answers.update(|a| a.set(field.id.clone(), guess));
        }
    }

    /// The route of this form's check page.
    pub fn check_route(&self) -> Route {
        Route::Check {
            form: self.at.clone(),
        }
    }
}

pub fn use_session() -> Option<FormSession> {
    use_context::<FormSession>()
}

/// What this browser tab alone knows of an application it sent, for the receipt: the
/// answers as the citizen read them on the check page, in both languages, and the
/// checksum of what was encrypted. Neither is stored anywhere: after a reload the receipt
/// is rebuilt from the API's status, without them.
#[derive(Debug, Clone, PartialEq)]
pub struct SentApplication {
    pub reference: String,
    /// By step: its title and "label: answer" lines; German, then English.
    pub answers: [Vec<(String, Vec<String>)>; 2],
    /// SHA-512 (hex) of the answers' JSON as encrypted for the authority.
    pub answers_sha512: String,
}

impl SentApplication {
    pub fn answers(&self, lang: Lang) -> &[(String, Vec<String>)] {
        match lang {
            Lang::De => &self.answers[0],
            Lang::En => &self.answers[1],
        }
    }
}

/// The applications this browser tab sent (see [`SentApplication`]).
#[derive(Clone, Copy)]
pub struct Receipts(RwSignal<Vec<SentApplication>>);

/// What "start application" on `leika`'s service page will need, fetched while the citizen
/// reads that page: the form's definition (revalidated, not fetched again, when the form
/// opens: the API sends it `no-cache` with its ETag), and the chunk of some field types'
/// controls where the form's first step shows one. Otherwise the chunk came only once
/// "start" had brought the definition: on the phone profile the first input of a form
/// starting with a repeatable group 372 → 612 ms after the click (docs/BENCHMARKS.md,
/// session 23). A second after the page is shown, as the chunks' own prefetches, and only
/// while it still is; once per service (the page's content is made again when the
/// language changes).
pub fn prepare_start(leika: String) {
    thread_local! {
        static PREPARED: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    if PREPARED.with_borrow(|prepared| *prepared == leika) {
        return;
    }
    PREPARED.set(leika.clone());
    let route = crate::route::use_nav().route;
    leptos::task::spawn_local(async move {
        crate::clock::sleep_ms(1000).await;
        let still_shown = route.try_with_untracked(
            |route| matches!(route, Route::Service { leika: shown } if *shown == leika),
        );
        // Left (to the form, which fetches what it needs, or elsewhere) or failed: the
        // next visit of this service page prepares again, unless another one's has begun.
        let forget = || {
            PREPARED.with_borrow_mut(|prepared| {
                if *prepared == leika {
                    prepared.clear();
                }
            })
        };
        if still_shown != Some(true) {
            forget();
            return;
        }
        let Ok(definition) = api::fetch_service_definition(&leika).await else {
            forget();
            return;
        };
        if definition
            .steps
            .first()
            .is_some_and(|step| !controls::ready_for(step))
            && controls::load_later().await.is_err()
        {
            forget();
        }
    });
}

impl Receipts {
    pub fn find(&self, reference: &str) -> Option<SentApplication> {
        self.0
            .with(|all| all.iter().find(|s| s.reference == reference).cloned())
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

/// Loads the service's current definition, then hands the session to the step routes.
#[component]
pub fn FormShell() -> impl IntoView {
    let lang = use_lang();
    let leika = crate::route::param(|route| match route {
        Route::FormStep {
            form: FormAt::Service { leika },
            ..
        }
        | Route::Check {
            form: FormAt::Service { leika },
        } => Some(leika.clone()),
        _ => None,
    });
    let loaded = crate::pages::load(
        move || leika.get(),
        |leika| async move {
            // One request, not the service and then its definition (issue #21): the
            // definition names its own id and version, which the drafts are kept by.
            let definition = api::fetch_service_definition(&leika).await?;
            let form = FormRef {
                id: definition.id.clone(),
                version: definition.version,
            };
            // No draft for this version: perhaps one for an older version of the form.
            let migrated = match draft::load(&form) {
                Some(_) => None,
                None => migrated_draft(&form, &definition).await,
            };
            Ok::<_, api::ApiError>((leika, form, Arc::new(definition), Arc::new(migrated)))
        },
    );

    let content = crate::pages::loaded_view(
        lang,
        loaded,
        crate::pages::Shown::Page,
        move |(leika, form, definition, migrated)| {
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
            notes.files_removed = draft::strip_files(definition.top_fields(), &mut answers);
            let restored = !answers.is_empty() || notes.migrated;
            let languages = definition.languages.clone();
            let state = FormState::new(definition, Progress::new(answers));
            let mut session = FormSession::new(FormAt::Service { leika }, form, state);
            session.restored.set(restored);
            session.notes = Arc::new(notes);
            session.place = crate::place::chosen(&leika_for_place);
            session.guess_deciding_answer();
            draft::keep_saved(&session);
            in_form_languages(&languages, move || {
                provide_context(session);
                view! { <StepPage/> }.into_any()
            })
        },
    );
    view! { {content} }
}

/// The form's `page`, made in the languages its texts are complete in (its `languages`,
/// which the API holds to every text). A form not complete in English is shown in
/// German, the portal's words around it too (not English sentences around German
/// labels), marked as German, with a note in English for a citizen who chose English;
/// the page around it keeps the chosen language. For the citizen's pages and the
/// preview alike.
pub fn in_form_languages(languages: &[Lang], page: impl FnOnce() -> AnyView) -> AnyView {
    if languages.contains(&Lang::En) {
        return page();
    }
    let lang = use_lang();
    // Before the form's views are made: they read the language from the context.
    provide_context(crate::i18n::UiLang(RwSignal::new(Lang::De)));
    let page = page();
    let notice = crate::reactive_view::shown_if(
        move || lang.get() == Lang::En,
        || {
            crate::text_element::text_element(
                "p",
                vec![("class", "notice".into()), ("lang", "en".into())],
                "This application form is only available in German.",
            )
            .into_any()
        },
    );
    view! { <div lang="de">{notice}{page}</div> }.into_any()
}

impl Receipts {
    pub fn remember(&self, sent: SentApplication) {
        self.0.update(|all| all.push(sent));
    }
}

/// "Delete my data": everything typed in this tab, and everything personal this browser
/// keeps (every draft, chosen place and status token, not only this form's), are gone at
/// once.
pub fn forget_answers(session: &FormSession) {
    session.forget();
    session.restored.set(false);
    session.files.set_value(Vec::new());
    controls::forget_typed_places();
    draft::remove(&session.form);
    crate::storage::remove_personal_data();
}
