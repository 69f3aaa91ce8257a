// SPDX-License-Identifier: EUPL-1.2
//! Check your answers, then submit once. A dropped connection is retried with the same
//! idempotency key, so the citizen can never create two submissions.

use super::{FormSession, fields::input_id};
use crate::api::{self, ApiError};
use crate::i18n::{Msg, t, text, tr, use_lang};
use form_engine::{AnswerValue, Field, FieldKind, Lang};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

/// How often a submission is retried after a network failure before the citizen is
/// asked to try again later.
const NETWORK_RETRIES: u32 = 3;

#[derive(Clone, Copy, PartialEq)]
enum SendState {
    Idle,
    Sending,
    Retrying,
    Failed,
    Rejected,
}

/// The answer as the citizen should read it back.
pub fn display_answer(field: &Field, value: Option<&AnswerValue>, lang: Lang) -> String {
    match (value, &field.kind) {
        (None, _) => t(lang, Msg::NotAnswered).to_string(),
        (Some(AnswerValue::Bool(true)), _) => t(lang, Msg::Yes).to_string(),
        (Some(AnswerValue::Bool(false)), _) => t(lang, Msg::No).to_string(),
        (Some(AnswerValue::Text(v)), FieldKind::Choice { options, .. }) => options
            .iter()
            .find(|o| &o.value == v)
            .map(|o| o.label.get(lang).to_string())
            .unwrap_or_else(|| v.clone()),
        (Some(AnswerValue::Text(v)), _) => v.clone(),
        (Some(AnswerValue::List(items)), _) => items.join(", "),
        (Some(other), _) => serde_json::to_string(other).unwrap_or_default(),
    }
}

#[component]
pub fn CheckAnswers(session: FormSession) -> impl IntoView {
    let lang = use_lang();
    let navigate = use_navigate();
    let state = RwSignal::new(SendState::Idle);
    let heading = NodeRef::<leptos::html::H1>::new();
    Effect::new(move |_| {
        if let Some(h1) = heading.get() {
            let _ = h1.focus();
        }
    });

    // Where the citizen may not be yet, send them to the first step with errors.
    let first_invalid =
        (0..session.definition.steps.len()).find(|&i| !session.step_errors(i).is_empty());
    if let Some(step) = first_invalid {
        let to = format!("{}/{}", session.base_path(), step + 1);
        let navigate = navigate.clone();
        request_animation_frame(move || navigate(&to, NavigateOptions::default()));
        return ().into_any();
    }

    let submitted = super::submitted_answers(&session);
    let steps = session
        .definition
        .steps
        .iter()
        .enumerate()
        .map(|(index, step)| {
            let step_title = step.title.clone();
            let rows = step
                .sections
                .iter()
                .flat_map(|s| s.fields.iter())
                .filter(|f| !matches!(f.kind, FieldKind::Info { .. }) && submitted_has_or_visible(&submitted, f))
                .map(|field| {
                    let label = field.summary_label.clone().unwrap_or_else(|| field.label.clone());
                    let value = submitted.get(&field.id).cloned();
                    let field_for_value = field.clone();
                    let href = format!("{}/{}?return=check#{}", session.base_path(), index + 1, input_id(&field.id));
                    let label_for_change = label.clone();
                    view! {
                        <div class="summary-list__row">
                            <dt class="summary-list__key">{text(lang, label)}</dt>
                            <dd class="summary-list__value">
                                {move || display_answer(&field_for_value, value.as_ref(), lang.get())}
                            </dd>
                            <dd class="summary-list__actions">
                                <a href=href>
                                    {tr(lang, Msg::Change)}
                                    <span class="visually-hidden">" " {text(lang, label_for_change)}</span>
                                </a>
                            </dd>
                        </div>
                    }
                })
                .collect_view();
            view! {
                <h2 class="summary-step-title">{text(lang, step_title)}</h2>
                <dl class="summary-list">{rows}</dl>
            }
        })
        .collect_view();

    let on_submit = {
        let session = session.clone();
        move |_| {
            if matches!(
                state.get_untracked(),
                SendState::Sending | SendState::Retrying
            ) {
                return;
            }
            let key = session
                .idempotency_key
                .get_untracked()
                .unwrap_or_else(super::new_idempotency_key);
            session.idempotency_key.set(Some(key.clone()));
            state.set(SendState::Sending);
            let session = session.clone();
            let navigate = navigate.clone();
            spawn_local(async move {
                let answers = super::submitted_answers(&session);
                // Issue #8: encrypted in the browser for the competent authority.
                let submission = match sealed(&session, &answers, &key).await {
                    Ok(body) => body,
                    Err(ApiError::Network) => return state.set(SendState::Failed),
                    Err(_) => return state.set(SendState::Rejected),
                };
                let mut attempt = 0;
                let outcome = loop {
                    match api::submit(&submission, &key).await {
                        Err(ApiError::Network) if attempt < NETWORK_RETRIES => {
                            attempt += 1;
                            state.set(SendState::Retrying);
                            sleep_ms(500 * 2u32.pow(attempt)).await;
                        }
                        other => break other,
                    }
                };
                match outcome {
                    Ok(receipt) => {
                        super::discard_draft(&session);
                        // Issue #8: the receipt page reads the authority's decision with it.
                        crate::pages::receipt::keep_status_token(
                            &receipt.reference,
                            &receipt.status_token,
                        );
                        let reference = receipt.reference.clone();
                        super::remember_receipt(receipt);
                        navigate(&format!("/receipt/{reference}"), NavigateOptions::default());
                    }
                    Err(ApiError::Network) => state.set(SendState::Failed),
                    Err(_) => state.set(SendState::Rejected),
                }
            });
        }
    };

    let status = move || {
        let lang = lang.get();
        match state.get() {
            SendState::Idle => None,
            SendState::Sending => Some(("notice", t(lang, Msg::Submitting))),
            SendState::Retrying => Some(("notice", t(lang, Msg::SubmitRetrying))),
            SendState::Failed => Some(("notice notice--error", t(lang, Msg::SubmitFailed))),
            SendState::Rejected => Some(("notice notice--error", t(lang, Msg::SubmitRejected))),
        }
        .map(|(class, text)| view! { <p class=class>{text}</p> })
    };
    let busy = move || matches!(state.get(), SendState::Sending | SendState::Retrying);

    view! {
        <h1 class="page-title" tabindex="-1" node_ref=heading>{tr(lang, Msg::CheckAnswersTitle)}</h1>
        {steps}
        <div role="status" aria-live="polite">{status}</div>
        <div class="button-row">
            <button type="button" class="button button--primary" disabled=busy aria-disabled=move || busy().then_some("true") on:click=on_submit>
                {tr(lang, Msg::Submit)}
            </button>
        </div>
    }
    .into_any()
}

// --- End-to-end encryption (issue #8) -------------------------------------------------

thread_local! {
    /// The last sealed body with its idempotency key and the answers it holds: encryption
    /// is randomised, so sending the same answers again under the same key must reuse the
    /// very same ciphertext, or the API would see another body (409).
    static SEALED: std::cell::RefCell<Option<(String, String, String)>> =
        const { std::cell::RefCell::new(None) };
}

/// The submission body for `answers`: routing names the competent authority and its
/// current key, the browser encrypts answers and metadata for it (src/crypto.rs).
async fn sealed(
    session: &FormSession,
    answers: &form_engine::Answers,
    key: &str,
) -> Result<String, ApiError> {
    let plain = serde_json::to_string(answers).map_err(|_| ApiError::Unexpected)?;
    let cached = SEALED.with_borrow(|cached| match cached {
        Some((k, p, body)) if k == key && *p == plain => Some(body.clone()),
        _ => None,
    });
    if let Some(body) = cached {
        return Ok(body);
    }
    // The place deciding the authority, once the journey asks for it; without one the
    // Land-wide authority is named.
    let ars: Option<&str> = None;
    let route = api::fetch_route(&session.leika, ars)
        .await?
        .ok_or(ApiError::Unexpected)?;
    let body = api::seal_submission(&route, &session.leika, &session.form, ars, &plain)
        .await
        .map_err(|_| ApiError::Unexpected)?;
    SEALED.set(Some((key.to_owned(), plain, body.clone())));
    Ok(body)
}
// --- end of end-to-end encryption ------------------------------------------------------

fn submitted_has_or_visible(submitted: &form_engine::Answers, field: &Field) -> bool {
    // Hidden fields are dropped from what is submitted, and so from this page; an
    // unanswered optional visible field still shows, as "not answered".
    submitted.get(&field.id).is_some() || field.visible_when.is_none()
}

async fn sleep_ms(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ =
                window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
