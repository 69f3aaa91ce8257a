// SPDX-License-Identifier: EUPL-1.2
//! Confirmation after submitting: the reference number and what happens next.

use crate::form::use_receipts;
use crate::i18n::{Msg, t, tr, use_lang};
use leptos::prelude::*;

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
        <h2>{tr(lang, Msg::WhatHappensNext)}</h2>
        <p>{tr(lang, Msg::WhatHappensNextText)}</p>
        <button type="button" class="kern-btn kern-btn--secondary no-print" on:click=print>
            {tr(lang, Msg::PrintReceipt)}
        </button>
    }
}
