// SPDX-License-Identifier: EUPL-1.2
//! Confirmation after submitting: the reference number, the receiving authority, what
//! happens next, and the receipt to print or to download as a text file.

use crate::form::use_receipts;
use crate::i18n::{Msg, t, tr, use_lang};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn ReceiptPage() -> impl IntoView {
    let lang = use_lang();
    let reference = crate::path_param(crate::Page::Receipt, 1);
    let receipts = use_receipts();
    let found = Memo::new(move |_| reference.with(|r| receipts.find(r)));
    let authority = move || found.get().and_then(|(r, _)| r.authority).map(|a| a.name);
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
        if let Some((receipt, answers)) = found.get_untracked() {
            if let Some(authority) = receipt.authority {
                text.push_str(&format!(
                    "{}: {}\n",
                    t(lang, Msg::ReceivingAuthority),
                    authority.name
                ));
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
        save_text(&format!("{reference}.txt"), &text);
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

/// Offers `text` as a file download (UTF-8 plain text), without a server round trip.
fn save_text(name: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/plain;charset=utf-8");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let link = document()
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    if let Some(link) = link {
        link.set_href(&url);
        link.set_download(name);
        link.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
