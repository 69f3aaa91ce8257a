// SPDX-License-Identifier: EUPL-1.2
//! Confirmation after submitting: the reference number, what happens next, and the
//! status the authority recorded (accepted or rejected, issue #8).

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
    let reference = crate::path_param(crate::Page::Receipt, 1);
    let receipts = use_receipts();
    let authority = move || {
        receipts
            .get()
            .into_iter()
            .find(|r| reference.with(|reference| r.reference == *reference))
            .and_then(|r| r.authority)
            .map(|a| a.name)
    };
    // The status as the authority recorded it, read with this browser's status token.
    let status = RwSignal::new(None::<crate::api::SubmissionStatus>);
    Effect::new(move |_| {
        let reference = reference.get();
        if let Some(token) = crate::storage::get(&token_key(&reference)) {
            leptos::task::spawn_local(async move {
                if let Ok(current) = crate::api::fetch_status(&reference, &token).await {
                    status.set(Some(current));
                }
            });
        }
    });
    // Plain text closures: far less WASM than an optional view.
    let status_text = move || {
        let msg = match status
            .with(|s| s.as_ref().map(|s| s.status.clone()))
            .as_deref()
        {
            None => Msg::Loading,
            Some("draft") => Msg::StatusDraft,
            Some("accepted") => Msg::StatusAccepted,
            Some("rejected") => Msg::StatusRejected,
            Some(_) => Msg::StatusReceived,
        };
        t(lang.get(), msg)
    };
    let reason = move || status.with(|s| s.as_ref().and_then(|s| s.reason.clone()));
    let print = |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
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
        <p>
            {tr(lang, Msg::StatusLabel)}": "
            <strong data-testid="submission-status">{status_text}</strong>
            " "{reason}
        </p>
        <p>{tr(lang, Msg::EncryptedNote)}</p>
        <h2>{tr(lang, Msg::WhatHappensNext)}</h2>
        <p>{tr(lang, Msg::WhatHappensNextText)}</p>
        <button type="button" class="kern-btn kern-btn--secondary no-print" on:click=print>
            {tr(lang, Msg::PrintReceipt)}
        </button>
    }
}
