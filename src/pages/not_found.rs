// SPDX-License-Identifier: EUPL-1.2
use crate::i18n::{Msg, tr, use_lang};
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    let lang = use_lang();
    view! {
        <h1>{tr(lang, Msg::NotFoundTitle)}</h1>
        <p>{tr(lang, Msg::NotFoundText)}</p>
        <p><a href=crate::route::href("/")>{tr(lang, Msg::BackToServices)}</a></p>
    }
}
