// SPDX-License-Identifier: EUPL-1.2
use crate::i18n::{Msg, t, use_lang};
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    let lang = use_lang();
    view! {
        <h1>{move || t(lang.get(), Msg::NotFoundTitle)}</h1>
        <p>{move || t(lang.get(), Msg::NotFoundText)}</p>
        <p><a href="/">{move || t(lang.get(), Msg::BackToServices)}</a></p>
    }
}
