// SPDX-License-Identifier: EUPL-1.2
//! Check your answers, then submit once. A dropped connection is retried with the same
//! idempotency key, so the citizen can never create two submissions.

use super::{FormSession, controls::input_id};
use crate::api::{self, ApiError, Attachment, Sealed, SubmissionReceipt};
use crate::dom::{at, el, txt, txt_dyn};
use crate::i18n::{Msg, t, textv, tr, tv, use_lang};
use form_engine::field_types::GroupField;
use form_engine::{AnswerValue, Field, FieldKind, Lang};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// How often a submission is retried after a network failure before the citizen is
/// asked to try again later.
const NETWORK_RETRIES: u32 = 3;

#[derive(Clone, Copy, PartialEq)]
enum SendState {
    Idle,
    Sending,
    Retrying,
    /// The browser says it is offline: sending waits for the connection.
    Offline,
    /// Uploading attachment n (1-based) of total, at percent.
    Uploading(usize, usize, u32),
    Failed,
    Rejected,
    /// Routing named a key the Land did not sign: nothing was encrypted or sent.
    Untrusted,
}

/// The answer as the citizen should read it back.
pub fn display_answer(field: &Field, value: Option<&AnswerValue>, lang: Lang) -> String {
    let option_label = |v: &String| {
        field
            .kind
            .options()
            .iter()
            .find(|o| &o.value == v)
            .map(|o| o.label.get(lang).to_string())
            .unwrap_or_else(|| v.clone())
    };
    match (value, &field.kind) {
        (None, _) => t(lang, Msg::NotAnswered).to_string(),
        (Some(AnswerValue::Bool(true)), _) => t(lang, Msg::Yes).to_string(),
        (Some(AnswerValue::Bool(false)), _) => t(lang, Msg::No).to_string(),
        // ISO in the answers (what the engine and the authority read), the citizen's
        // own way on the page: 16.12.2026, 16 December 2026.
        (Some(AnswerValue::Text(v)), FieldKind::Date { .. }) => form_engine::Date::parse_iso(v)
            .map(|d| form_engine::messages::localized_date(d, lang))
            .unwrap_or_else(|| v.clone()),
        (Some(AnswerValue::Text(v)), FieldKind::DateTime(_)) => form_engine::DateTime::parse_iso(v)
            .map(|d| d.localized(lang))
            .unwrap_or_else(|| v.clone()),
        (Some(AnswerValue::Text(v)), _) => option_label(v),
        (Some(AnswerValue::List(items)), _) => items
            .iter()
            .map(option_label)
            .collect::<Vec<_>>()
            .join(", "),
        (Some(AnswerValue::Map(parts)), _) => {
            let part = |k| parts.text(k).unwrap_or_default();
            format!(
                "{} {}, {} {}",
                part("street"),
                part("house_number"),
                part("postcode"),
                part("city")
            )
        }
        (Some(AnswerValue::Items(items)), FieldKind::File { .. }) => items
            .iter()
            .map(|i| i.text("name").unwrap_or_default())
            .collect::<Vec<_>>()
            .join(", "),
        (Some(AnswerValue::Items(items)), FieldKind::Group(GroupField { fields, .. })) => items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let values: Vec<String> = fields
                    .iter()
                    .filter(|f| item.is_answered(&f.id))
                    .map(|f| display_answer(f, item.get(&f.id), lang))
                    .collect();
                format!("{}. {}", i + 1, values.join(", "))
            })
            .collect::<Vec<_>>()
            .join("\n"),
        (Some(AnswerValue::Items(items)), _) => items.len().to_string(),
    }
}

/// The submitted answers as plain text, step by step, for the downloadable receipt.
fn answers_text(session: &FormSession, lang: Lang) -> String {
    let submitted = super::submitted_answers(session);
    let mut out = String::new();
    for step in &session.definition.steps {
        let fields: Vec<&Field> = step
            .sections
            .iter()
            .flat_map(|s| s.fields.iter())
            .filter(|f| f.kind.takes_answer() && submitted.get(&f.id).is_some())
            .collect();
        if fields.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{}\n", step.title.get(lang)));
        for field in fields {
            let label = field.summary_label.as_ref().unwrap_or(&field.label);
            out.push_str(&format!(
                "{}: {}\n",
                label.get(lang),
                display_answer(field, submitted.get(&field.id), lang)
            ));
        }
    }
    out
}

/// The files to upload: every file answer's items (in groups too), in document order.
fn attachments(fields: &[Field], answers: &form_engine::Answers, out: &mut Vec<Attachment>) {
    for field in fields {
        match (&field.kind, answers.items(&field.id)) {
            (FieldKind::File { .. }, Some(items)) => out.extend(items.iter().filter_map(|i| {
                Some(Attachment {
                    id: i.text("id")?.to_string(),
                    name: i.text("name")?.to_string(),
                    media_type: i.text("media_type")?.to_string(),
                    size: i.text("size")?.parse().ok()?,
                })
            })),
            (FieldKind::Group(GroupField { fields, .. }), Some(items)) => {
                for item in items {
                    attachments(fields, item, out);
                }
            }
            _ => {}
        }
    }
}

#[component]
pub fn CheckAnswers(session: FormSession) -> impl IntoView {
    let lang = use_lang();
    let navigate = crate::route::use_nav();
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
        navigate.go_soon(format!("{}/{}", session.base_path(), step + 1));
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
                .filter(|f| {
                    !matches!(f.kind, FieldKind::Info { .. })
                        && submitted_has_or_visible(&submitted, f)
                })
                .map(|field| {
                    let label = field
                        .summary_label
                        .clone()
                        .unwrap_or_else(|| field.label.clone());
                    let value = submitted.get(&field.id).cloned();
                    let field_for_value = field.clone();
                    let href = crate::route::href(&format!(
                        "{}/{}?return=check#{}",
                        session.base_path(),
                        index + 1,
                        input_id(&field.id)
                    ));
                    let label_for_change = label.clone();
                    let answer = txt_dyn(move || {
                        display_answer(&field_for_value, value.as_ref(), lang.get())
                    });
                    let hidden = el(
                        "span",
                        vec![at("class", "visually-hidden")],
                        vec![txt(" "), textv(lang, label_for_change)],
                    );
                    el(
                        "div",
                        vec![at("class", "kern-description-list-item summary-list__row")],
                        vec![
                            el(
                                "dt",
                                vec![at("class", "kern-description-list-item__key")],
                                vec![textv(lang, label)],
                            ),
                            el(
                                "dd",
                                vec![at("class", "kern-description-list-item__value")],
                                vec![answer],
                            ),
                            el(
                                "dd",
                                vec![at("class", "summary-list__actions")],
                                vec![el(
                                    "a",
                                    vec![at("href", href)],
                                    vec![tv(lang, Msg::Change), hidden],
                                )],
                            ),
                        ],
                    )
                })
                .collect::<Vec<AnyView>>();
            vec![
                el(
                    "h2",
                    vec![at("class", "kern-heading-medium")],
                    vec![textv(lang, step_title)],
                ),
                el(
                    "dl",
                    vec![at("class", "kern-description-list summary-list")],
                    rows,
                ),
            ]
        })
        .collect::<Vec<Vec<AnyView>>>();

    let on_submit = {
        let session = session.clone();
        move |_| {
            // A designer's preview renders the page but never submits.
            if session.preview {
                return;
            }
            if matches!(
                state.get_untracked(),
                SendState::Sending
                    | SendState::Retrying
                    | SendState::Offline
                    | SendState::Uploading(..)
            ) {
                return;
            }
            let earlier_key = session.idempotency_key.get_untracked();
            state.set(SendState::Sending);
            let session = session.clone();
            // Taken here: inside the task there is no reactive owner to find it.
            let receipts = super::use_receipts();
            spawn_local(async move {
                let answers = super::submitted_answers(&session);
                // A key stands for one set of answers. After a send that got no answer
                // the citizen may change some: under the old key the API would refuse
                // them (409, another body) and the citizen would be stuck, so changed
                // answers are sent under a new key.
                let plain = serde_json::to_string(&answers).unwrap_or_default();
                let key = match earlier_key {
                    Some(key) if sealed_answers(&key).is_none_or(|sealed| sealed == plain) => key,
                    _ => super::new_idempotency_key(),
                };
                session.idempotency_key.set(Some(key.clone()));
                let mut announced = Vec::new();
                let fields: Vec<Field> = session
                    .definition
                    .steps
                    .iter()
                    .flat_map(|s| s.sections.iter().flat_map(|sec| sec.fields.iter().cloned()))
                    .collect();
                attachments(&fields, &answers, &mut announced);
                // Issue #8: encrypted in the browser for the competent authority (its
                // routing request waits for the connection like every other request).
                let sealed = std::cell::RefCell::new(None);
                let sealing = with_retries(state, &|| {
                    Box::pin(async {
                        *sealed.borrow_mut() =
                            Some(seal(&session, &answers, &announced, &key).await?);
                        Ok(())
                    })
                })
                .await;
                let sealed = match (sealing, sealed.into_inner()) {
                    (Ok(()), Some(sealed)) => sealed,
                    (Err(ApiError::Network), _) => return state.set(SendState::Failed),
                    (Err(ApiError::UntrustedKey), _) => return state.set(SendState::Untrusted),
                    _ => return state.set(SendState::Rejected),
                };
                let outcome = send(&sealed, &key, state, lang.get_untracked()).await;
                match outcome {
                    Ok(receipt) => {
                        super::discard_draft(&session);
                        // Issue #8: the receipt page reads the authority's decision with it.
                        crate::pages::receipt::keep_status_token(
                            &receipt.reference,
                            &receipt.status_token,
                        );
                        let reference = receipt.reference.clone();
                        let text = answers_text(&session, lang.get_untracked());
                        receipts.remember(receipt, text);
                        navigate.go(&format!("/receipt/{reference}"));
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
            SendState::Sending => Some(("notice", t(lang, Msg::Submitting).into())),
            SendState::Retrying => Some(("notice", t(lang, Msg::SubmitRetrying).into())),
            SendState::Offline => {
                Some(("notice notice--error", t(lang, Msg::SubmitOffline).into()))
            }
            SendState::Uploading(n, total, percent) => Some((
                "notice",
                t(lang, Msg::Uploading)
                    .replace("{n}", &n.to_string())
                    .replace("{total}", &total.to_string())
                    .replace("{percent}", &percent.to_string()),
            )),
            SendState::Failed => Some(("notice notice--error", t(lang, Msg::SubmitFailed).into())),
            SendState::Rejected => {
                Some(("notice notice--error", t(lang, Msg::SubmitRejected).into()))
            }
            SendState::Untrusted => {
                Some(("notice notice--error", t(lang, Msg::KeyNotSigned).into()))
            }
        }
        .map(|(class, text): (&str, String)| view! { <p class=class>{text}</p> })
    };
    let busy = move || {
        matches!(
            state.get(),
            SendState::Sending
                | SendState::Retrying
                | SendState::Offline
                | SendState::Uploading(..)
        )
    };

    view! {
        <h1 class="kern-heading-large page-title" tabindex="-1" node_ref=heading>{tr(lang, Msg::CheckAnswersTitle)}</h1>
        {steps}
        <div role="status" aria-live="polite">{status}</div>
        <div class="button-row">
            <button type="button" class="kern-btn kern-btn--primary" disabled=busy aria-disabled=move || busy().then_some("true") on:click=on_submit>
                {tr(lang, Msg::Submit)}
            </button>
        </div>
    }
    .into_any()
}

fn submitted_has_or_visible(submitted: &form_engine::Answers, field: &Field) -> bool {
    // Hidden fields are dropped from what is submitted, and so from this page; an
    // unanswered optional visible field still shows, as "not answered".
    submitted.get(&field.id).is_some() || field.visible_when.is_none()
}

// --- End-to-end encryption (issue #8) -------------------------------------------------

thread_local! {
    /// The last sealed submission with its idempotency key and the answers it holds:
    /// encryption is randomised, so sending the same answers again under the same key
    /// must reuse the very same ciphertext, or the API would see another body (409).
    static SEALED: std::cell::RefCell<Option<(String, String, Sealed)>> =
        const { std::cell::RefCell::new(None) };
}

/// The answers (JSON) last sealed under `key`, if any.
fn sealed_answers(key: &str) -> Option<String> {
    SEALED.with_borrow(|cached| match cached {
        Some((k, plain, _)) if k == key => Some(plain.clone()),
        _ => None,
    })
}

/// The submission encrypted for the competent authority: routing names it and its
/// current key; answers, metadata and each chosen file are encrypted in the browser.
async fn seal(
    session: &FormSession,
    answers: &form_engine::Answers,
    announced: &[Attachment],
    key: &str,
) -> Result<Sealed, ApiError> {
    let plain = serde_json::to_string(answers).map_err(|_| ApiError::Unexpected)?;
    let cached = SEALED.with_borrow(|cached| match cached {
        Some((k, p, sealed)) if k == key && *p == plain => Some(sealed.clone()),
        _ => None,
    });
    if let Some(sealed) = cached {
        return Ok(sealed);
    }
    let ars = session.place.as_ref().map(|p| p.ars.as_str());
    let route = api::fetch_route(&session.leika, ars)
        .await?
        .ok_or(ApiError::Unexpected)?;
    let mut files = Vec::new();
    for attachment in announced {
        let file = session.files.with_value(|files| {
            files
                .iter()
                .find(|(id, _)| *id == attachment.id)
                .map(|(_, f)| f.clone())
        });
        // The file is gone (a reload since it was chosen): the citizen must choose again.
        let file = file.ok_or(ApiError::Unexpected)?;
        let content = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
            .await
            .map_err(|_| ApiError::Unexpected)?;
        files.push((
            attachment.clone(),
            js_sys::Uint8Array::new(&content).to_vec(),
        ));
    }
    let sealed = api::seal_submission(&route, &session.leika, &session.form, ars, &plain, &files)
        .await
        .map_err(|_| ApiError::Unexpected)?;
    SEALED.set(Some((key.to_owned(), plain, sealed.clone())));
    Ok(sealed)
}
// --- end of end-to-end encryption ------------------------------------------------------

/// Creates the submission (retrying a dropped connection with the same key), uploads
/// the announced (encrypted) files with progress, and finalizes it.
async fn send(
    sealed: &Sealed,
    key: &str,
    state: RwSignal<SendState>,
    lang: Lang,
) -> Result<SubmissionReceipt, ApiError> {
    let created = std::cell::RefCell::new(None);
    with_retries(state, &|| {
        Box::pin(async {
            *created.borrow_mut() = Some(api::submit(&sealed.body, key, lang).await?);
            Ok(())
        })
    })
    .await?;
    let receipt = created.into_inner().ok_or(ApiError::Unexpected)?;
    if receipt.status != "draft" {
        return Ok(receipt);
    }
    let total = sealed.files.len();
    for (n, (id, jwe)) in sealed.files.iter().enumerate() {
        state.set(SendState::Uploading(n + 1, total, 0));
        with_retries(state, &|| {
            Box::pin(api::upload(
                &receipt.reference,
                &receipt.status_token,
                id,
                jwe,
                move |percent| state.set(SendState::Uploading(n + 1, total, percent)),
            ))
        })
        .await?;
    }
    with_retries(state, &|| {
        Box::pin(api::finalize(&receipt.reference, &receipt.status_token))
    })
    .await?;
    Ok(receipt)
}

/// One attempt of a request (boxed, so that the retry loop is compiled once).
type Attempt<'a> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), ApiError>> + 'a>>;

/// Runs a request, waiting for the connection while the browser is offline and
/// retrying network failures a few times with growing pauses.
async fn with_retries<'a>(
    state: RwSignal<SendState>,
    request: &(dyn Fn() -> Attempt<'a> + 'a),
) -> Result<(), ApiError> {
    let mut attempt = 0;
    loop {
        if !online() {
            let before = state.get_untracked();
            state.set(SendState::Offline);
            while !online() {
                sleep_ms(1000).await;
            }
            state.set(before);
        }
        match request().await {
            Err(ApiError::Network) if attempt < NETWORK_RETRIES => {
                attempt += 1;
                state.set(SendState::Retrying);
                sleep_ms(500 * 2u32.pow(attempt)).await;
            }
            other => return other,
        }
    }
}

fn online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
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

#[cfg(test)]
mod tests {
    use super::display_answer;
    use form_engine::{AnswerValue, Field, Lang};

    fn date_field() -> Field {
        serde_json::from_str(
            r#"{"id": "d", "type": "date", "label": {"de": "Datum", "en": "Date"}}"#,
        )
        .expect("a date field")
    }

    #[test]
    fn dates_read_back_in_the_citizens_language() {
        let answer = AnswerValue::Text("2026-12-16".into());
        let field = date_field();
        assert_eq!(
            display_answer(&field, Some(&answer), Lang::De),
            "16.12.2026"
        );
        assert_eq!(
            display_answer(&field, Some(&answer), Lang::En),
            "16 December 2026"
        );
        // What is not a date yet (never on the check page, which needs valid answers)
        // stays as it is rather than vanish.
        let partial = AnswerValue::Text("2026-12-".into());
        assert_eq!(display_answer(&field, Some(&partial), Lang::De), "2026-12-");
    }
}
