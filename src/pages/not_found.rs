// SPDX-License-Identifier: EUPL-1.2
//! "Page not found": for a path the portal does not know, and for a service (or its form)
//! the API does not know (it answers 404), so that a mistyped or outdated link says what
//! happened and leads back, instead of "the data could not be loaded".

use crate::i18n::{Msg, message_fn, use_lang};
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    let lang = use_lang();
    crate::set_title_msg(lang, Msg::NotFoundTitle);
    view! {
        <h1 class="kern-heading-large page-title" tabindex="-1">{message_fn(lang, Msg::NotFoundTitle)}</h1>
        <p>{message_fn(lang, Msg::NotFoundText)}</p>
        <p><a class="kern-btn kern-btn--primary" href=crate::route::Route::Catalogue.href()>{message_fn(lang, Msg::BackToServices)}</a></p>
    }
}
