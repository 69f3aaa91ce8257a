// SPDX-License-Identifier: EUPL-1.2
//! The receipt after submitting (issue #19): the reference number, the service, when it
//! was sent, the competent authority with its contact, the status the authority recorded
//! (accepted, or rejected with its reason, issue #8), the link to see the status later,
//! and the receipt to print or to download as a tagged PDF.
//!
//! Everything but the answers comes from the API's status, read with the status token:
//! the one this browser kept when sending, or the one in the link (`?token=…`) on the
//! receipt, so the page is the same after a reload and on another device. The answers
//! and their checksum exist only in the tab that sent them (never stored in the clear).

use crate::api::{self, ApiError};
use crate::form::{SentApplication, use_receipts};
use crate::i18n::{Msg, message, message_fn, use_lang};
use crate::pdf::{Block, Document};
use crate::route::{self, Route};
use api_types::SubmissionStatus;
use form_engine::Lang;
use leptos::prelude::*;

/// Where this browser keeps the status token of a submission, so the status shows on
/// this page, also after a reload or a later visit.
fn token_key(reference: &str) -> String {
    format!("bp-status:{reference}")
}

/// Keeps the status token of a new submission (called when it is submitted).
pub fn keep_status_token(reference: &str, token: &str) {
    crate::storage::set(&token_key(reference), token);
}

/// A status token as the API makes them (URL-safe Base64); anything else in a link is
/// not sent anywhere.
fn is_token(token: &str) -> bool {
    (16..=128).contains(&token.len())
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// What the page knows of the status.
#[derive(Clone, PartialEq)]
enum Known {
    Loading,
    Found(Box<SubmissionStatus>),
    /// No token: neither kept by this browser nor in the link.
    NoToken,
    /// The API knows no such reference with this token (or no longer).
    NotFound,
    Failed,
}

/// The link to this receipt with its token: on the portal's own page (an embed keeps
/// its route elsewhere), for the citizen to keep.
fn status_link(reference: &str, token: &str) -> String {
    let path = Route::Receipt {
        reference: reference.to_owned(),
    }
    .path();
    format!("{}{path}?token={token}", crate::config::get().portal)
}

/// `created_at` (RFC 3339) as German time, in the citizen's way of writing it:
/// "02.12.2026, 10:15 Uhr", "2 December 2026, 10:15 (German time)". The browser's
/// `Intl` knows the time zone; its own code costs no WASM.
fn german_time(rfc3339: &str, lang: Lang) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(rfc3339));
    if date.get_time().is_nan() {
        return rfc3339.to_owned();
    }
    let options = js_sys::Object::new();
    let set = |key: &str, value: &str| {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    };
    set("timeZone", "Europe/Berlin");
    set("year", "numeric");
    set("month", if lang == Lang::De { "2-digit" } else { "long" });
    set(
        "day",
        if lang == Lang::De {
            "2-digit"
        } else {
            "numeric"
        },
    );
    set("hour", "2-digit");
    set("minute", "2-digit");
    set("hourCycle", "h23");
    let locale = if lang == Lang::De { "de-DE" } else { "en-GB" };
    let text: String = date.to_locale_string(locale, &options).into();
    match lang {
        Lang::De => format!("{text} {}", message(lang, Msg::GermanTime)),
        Lang::En => format!("{text} ({})", message(lang, Msg::GermanTime)),
    }
}

fn status_msg(status: &str) -> Msg {
    match status {
        "draft" => Msg::StatusDraft,
        "accepted" => Msg::StatusAccepted,
        "rejected" => Msg::StatusRejected,
        _ => Msg::StatusReceived,
    }
}

/// The receipt as a PDF document, in `lang`.
fn receipt_document(
    lang: Lang,
    reference: &str,
    known: &Known,
    sent: Option<&SentApplication>,
    link: Option<&str>,
) -> Document {
    let found = match known {
        Known::Found(status) => Some(status.as_ref()),
        _ => None,
    };
    let rejected = found.is_some_and(|s| s.status == "rejected");
    let title = if rejected {
        Msg::RejectedTitle
    } else {
        Msg::ConfirmationTitle
    };
    let line =
        |label: Msg, value: &str| Block::Paragraph(format!("{}: {value}", message(lang, label)));
    let mut blocks = vec![
        Block::Title(message(lang, title).to_owned()),
        line(Msg::ReferenceNumber, reference),
    ];
    if let Some(status) = found {
        blocks.push(line(Msg::ServiceLabel, &status.service.name));
        blocks.push(line(
            Msg::SubmittedOn,
            &german_time(&status.created_at, lang),
        ));
        if let Some(authority) = &status.authority {
            blocks.push(line(Msg::ReceivingAuthority, &authority.name));
            blocks.push(Block::Paragraph(format!(
                "{}:\n{}",
                message(lang, Msg::Contact),
                api::contact_lines(authority, lang)
            )));
        }
        blocks.push(line(
            Msg::StatusLabel,
            message(lang, status_msg(&status.status)),
        ));
        if let Some(reason) = status.reason.as_deref().filter(|r| !r.is_empty()) {
            blocks.push(line(Msg::ReasonLabel, reason));
        }
    }
    blocks.push(Block::Heading(message(lang, Msg::YourAnswers).to_owned()));
    match sent {
        Some(sent) => {
            for (step, answers) in sent.answers(lang) {
                blocks.push(Block::Subheading(step.clone()));
                blocks.extend(answers.iter().cloned().map(Block::Paragraph));
            }
            blocks.push(line(Msg::ChecksumLabel, &sent.answers_sha512));
        }
        None => blocks.push(Block::Paragraph(
            message(lang, Msg::AnswersNotKept).to_owned(),
        )),
    }
    if let Some(link) = link {
        blocks.push(Block::Heading(message(lang, Msg::StatusLater).to_owned()));
        blocks.push(Block::Paragraph(
            message(lang, Msg::StatusLinkText).to_owned(),
        ));
        blocks.push(Block::Paragraph(link.to_owned()));
    }
    blocks.push(Block::Heading(
        message(lang, Msg::WhatHappensNext).to_owned(),
    ));
    blocks.push(Block::Paragraph(
        message(lang, Msg::WhatHappensNextText).to_owned(),
    ));
    Document {
        title: format!("{} {reference}", message(lang, Msg::ReceiptTitle)),
        lang: match lang {
            Lang::De => "de-DE",
            Lang::En => "en-GB",
        },
        blocks,
        footer: format!("{} · {reference}", message(lang, Msg::PortalName)),
    }
}

#[component]
pub fn ReceiptPage() -> impl IntoView {
    let lang = use_lang();
    let reference = route::param(|route| match route {
        Route::Receipt { reference } => Some(reference.clone()),
        _ => None,
    });
    let url = route::use_nav().url;
    let receipts = use_receipts();
    let sent = crate::reactive_view::memo(move || reference.with(|r| receipts.find(r)));
    // The token of the link (`?token=…`), else the one this browser kept.
    let from_link = crate::reactive_view::memo(move || {
        url.with(|u| crate::config::query_param(route::query(u), "token"))
            .filter(|t| is_token(t))
    });
    let token = crate::reactive_view::memo(move || {
        from_link
            .get()
            .or_else(|| crate::storage::get(&token_key(&reference.get())))
    });
    let known = RwSignal::new(Known::Loading);
    crate::reactive_view::effect(move || {
        let reference = reference.get();
        let Some(token) = token.get() else {
            known.set(Known::NoToken);
            return;
        };
        // The token in the link is kept like the one of a submission from this browser,
        // so that the page keeps its status after a reload without the query; once it has
        // shown a status, so that a wrong link cannot replace a good token.
        let from_link = from_link.get().is_some_and(|t| t == token);
        // The language decides the names of service and authority.
        let lang = lang.get();
        leptos::task::spawn_local(async move {
            let found = match api::fetch_status(&reference, &token, lang).await {
                Ok(status) => {
                    if from_link {
                        keep_status_token(&reference, &token);
                    }
                    Known::Found(Box::new(status))
                }
                Err(ApiError::Problem { status: 404, .. }) => Known::NotFound,
                Err(_) => Known::Failed,
            };
            let _ = known.try_set(found);
        });
    });
    let found = move || match known.get() {
        Known::Found(status) => Some(*status),
        _ => None,
    };
    let rejected =
        move || known.with(|k| matches!(k, Known::Found(status) if status.status == "rejected"));
    // Confirmed only by a send from this tab or a status the API gave; "not found" only
    // when the API said so. Without a token to ask with, while asking, or when asking
    // failed, the page confirms nothing and names itself neutrally.
    let title = move || {
        if rejected() {
            Msg::RejectedTitle
        } else if sent.with(Option::is_some) || known.with(|k| matches!(k, Known::Found(_))) {
            Msg::ConfirmationTitle
        } else if known.with(|k| matches!(k, Known::NotFound)) {
            Msg::ReceiptUnknownTitle
        } else {
            Msg::ReceiptTitle
        }
    };
    // Nothing confirmed: nothing to print, no "what happens next".
    let unknown = move || !matches!(title(), Msg::ConfirmationTitle | Msg::RejectedTitle);
    crate::set_title(Box::new(move || message(lang.get(), title()).to_owned()));
    let link = move || {
        token
            .get()
            .map(|token| status_link(&reference.get(), &token))
    };
    let print = |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    };
    let download = move |_| {
        let reference = reference.get_untracked();
        let document = receipt_document(
            lang.get_untracked(),
            &reference,
            &known.get_untracked(),
            sent.get_untracked().as_ref(),
            token
                .get_untracked()
                .map(|token| status_link(&reference, &token))
                .as_deref(),
        );
        crate::download::save_bytes(
            &format!("{reference}.pdf"),
            "application/pdf",
            &crate::pdf::write(&document),
        );
    };
    let problem = move || {
        let msg = match known.get() {
            Known::NoToken if sent.with(Option::is_none) => Msg::StatusNoToken,
            Known::NotFound => Msg::StatusNotFound,
            Known::Failed => Msg::LoadFailed,
            _ => return None,
        };
        Some(
            view! { <p class="kern-alert kern-alert--warning panel" role="status">{message(lang.get(), msg)}</p> },
        )
    };
    view! {
        <div class=move || match title() {
            Msg::RejectedTitle => "kern-alert kern-alert--danger panel",
            Msg::ConfirmationTitle => "kern-alert kern-alert--success panel",
            _ => "kern-alert panel",
        }>
            <h1 class="kern-alert__header kern-heading-large panel__title" tabindex="-1">
                {move || message(lang.get(), title())}
            </h1>
            <p class="kern-alert__body panel__body">
                {message_fn(lang, Msg::ReferenceNumber)}<br/>
                <strong class="reference" data-testid="reference">{reference}</strong>
            </p>
        </div>
        {problem}
        {move || found().map(|status| {
            let lang = lang.get();
            let authority = status.authority.as_ref().map(|authority| view! {
                <p>{message(lang, Msg::ReceivingAuthority)}": "<strong>{authority.name.clone()}</strong></p>
                <p class="contact">{api::contact_lines(authority, lang)}</p>
            });
            let reason = status.reason.clone().filter(|r| !r.is_empty()).map(|reason| view! {
                <p data-testid="rejection-reason"><strong>{message(lang, Msg::ReasonLabel)}":"</strong>" "{reason}</p>
            });
            view! {
                <p>{message(lang, Msg::ServiceLabel)}": "<strong data-testid="receipt-service">{status.service.name.clone()}</strong></p>
                <p>{message(lang, Msg::SubmittedOn)}": "<strong data-testid="submitted-at">{german_time(&status.created_at, lang)}</strong></p>
                {authority}
                <p>
                    {message(lang, Msg::StatusLabel)}": "
                    <strong data-testid="submission-status">{message(lang, status_msg(&status.status))}</strong>
                </p>
                {reason}
            }
        })}
        {crate::reactive_view::shown_if(move || !unknown(), move || view! {
            <p>{message_fn(lang, Msg::EncryptedNote)}</p>
            {move || link().map(|link| view! {
                <h2>{message(lang.get(), Msg::StatusLater)}</h2>
                <p>{message(lang.get(), Msg::StatusLinkText)}</p>
                <p class="status-link"><a href=link.clone() data-testid="status-link">{link.clone()}</a></p>
            })}
            <h2>{message_fn(lang, Msg::WhatHappensNext)}</h2>
            <p>{message_fn(lang, Msg::WhatHappensNextText)}</p>
            <div class="button-row no-print">
                <button type="button" class="kern-btn kern-btn--secondary" on:click=print>
                    {message_fn(lang, Msg::PrintReceipt)}
                </button>
                <button type="button" class="kern-btn kern-btn--secondary" on:click=download>
                    {message_fn(lang, Msg::DownloadReceipt)}
                </button>
            </div>
        }.into_any())}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_tokens_of_the_apis_alphabet_are_taken_from_a_link() {
        assert!(is_token("q8X2-_abcdefghijklmnopqrstuvwxyz0123456789A"));
        assert!(!is_token("short"));
        assert!(!is_token("abcdefghijklmnopqrstu\"><script>"));
        assert!(!is_token(&"a".repeat(200)));
    }
}
