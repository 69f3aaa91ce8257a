// SPDX-License-Identifier: EUPL-1.2
//! Confirmation after submitting: the reference number, the receiving authority, the
//! status the authority recorded (accepted or rejected, issue #8), what happens next,
//! and the receipt to print or to download as a text file.

use crate::form::use_receipts;
use crate::i18n::{Msg, t, tr, use_lang};
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

#[component]
pub fn ReceiptPage() -> impl IntoView {
    let lang = use_lang();
    let reference = crate::route::param(|route| match route {
        crate::route::Route::Receipt { reference } => Some(reference.clone()),
        _ => None,
    });
    let receipts = use_receipts();
    let found = Memo::new(move |_| reference.with(|r| receipts.find(r)));
    let authority = move || found.get().and_then(|(r, ..)| r.authority).map(|a| a.name);
    let contact = move || found.get().map(|(.., c)| c).filter(|c| !c.is_empty());
    // The status as the authority recorded it, read with this browser's status token.
    // (String signals: their code is in the WASM anyway.)
    let status = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    Effect::new(move |_| {
        let reference = reference.get();
        if let Some(token) = crate::storage::get(&token_key(&reference)) {
            leptos::task::spawn_local(async move {
                if let Ok(current) = crate::api::fetch_status(&reference, &token).await {
                    reason.set(current.reason.unwrap_or_default());
                    status.set(current.status);
                }
            });
        }
    });
    // Plain text closures: far less WASM than an optional view.
    let status_text = move || {
        let msg = status.with(|s| match s.as_str() {
            "" => Msg::Loading,
            "draft" => Msg::StatusDraft,
            "accepted" => Msg::StatusAccepted,
            "rejected" => Msg::StatusRejected,
            _ => Msg::StatusReceived,
        });
        t(lang.get(), msg)
    };
    let print = |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    };
    let download = move |_| {
        let lang = lang.get_untracked();
        let reference = reference.get_untracked();
        let mut text = format!(
            "{}\n\n{}: {}\n",
            t(lang, Msg::ConfirmationTitle),
            t(lang, Msg::ReferenceNumber),
            reference
        );
        if let Some((receipt, answers, contact)) = found.get_untracked() {
            if let Some(authority) = receipt.authority {
                text.push_str(&format!(
                    "{}: {}\n",
                    t(lang, Msg::ReceivingAuthority),
                    authority.name
                ));
            }
            if !contact.is_empty() {
                text.push_str(&format!("{}:\n{contact}\n", t(lang, Msg::Contact)));
            }
            text.push_str(&format!(
                "{}: {}\n",
                t(lang, Msg::SubmittedOn),
                today_text()
            ));
            text.push_str(&answers);
        }
        text.push_str(&format!(
            "\n{}\n{}\n",
            t(lang, Msg::WhatHappensNext),
            t(lang, Msg::WhatHappensNextText)
        ));
        crate::download::save_text(&format!("{reference}.txt"), "text/plain", &text);
    };
    view! {
        <div class="kern-alert kern-alert--success panel">
            <h1 class="kern-alert__header kern-heading-large panel__title">{tr(lang, Msg::ConfirmationTitle)}</h1>
            <p class="kern-alert__body panel__body">
                {tr(lang, Msg::ReferenceNumber)}<br/>
                <strong class="reference" data-testid="reference">{reference}</strong>
            </p>
        </div>
        {move || authority().map(|name| view! {
            <p>{t(lang.get(), Msg::ReceivingAuthority)}": "<strong>{name}</strong></p>
        })}
        {move || contact().map(|lines| view! { <p class="contact">{lines}</p> })}
        <p>
            {tr(lang, Msg::StatusLabel)}": "
            <strong data-testid="submission-status">{status_text}</strong>
            " "{reason}
        </p>
        <p>{tr(lang, Msg::EncryptedNote)}</p>
        <h2>{tr(lang, Msg::WhatHappensNext)}</h2>
        <p>{tr(lang, Msg::WhatHappensNextText)}</p>
        <div class="button-row no-print">
            <button type="button" class="kern-btn kern-btn--secondary" on:click=print>
                {tr(lang, Msg::PrintReceipt)}
            </button>
            <button type="button" class="kern-btn kern-btn--secondary" on:click=download>
                {tr(lang, Msg::DownloadReceipt)}
            </button>
        </div>
    }
}

/// Today as "28.11.2026", as German receipts write it.
fn today_text() -> String {
    let now = js_sys::Date::new_0();
    format!(
        "{:02}.{:02}.{}",
        now.get_date(),
        now.get_month() + 1,
        now.get_full_year()
    )
}
