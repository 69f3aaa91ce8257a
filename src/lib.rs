// SPDX-License-Identifier: EUPL-1.2
//! The Bürgerportal: a Leptos single-page app rendering services and forms from the
//! central API. `App` holds the layout and the routes; each page is a module of its own.

pub mod api;
mod form;
pub mod i18n;
mod pages;
mod storage;

use i18n::{Msg, tr};
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    let lang = i18n::provide_language();
    form::provide_receipts();
    view! {
        <Router>
            <a class="skip-link" href="#main">{tr(lang.0, Msg::SkipToContent)}</a>
            <header class="site-header">
                <div class="site-header__inner">
                    <a class="site-header__name" href="/">{tr(lang.0, Msg::PortalName)}</a>
                    <LanguageSwitch/>
                </div>
            </header>
            <main id="main" class="site-main" tabindex="-1">
                <Routes fallback=pages::not_found::NotFound>
                    <Route path=path!("/") view=pages::catalogue::CataloguePage/>
                    <Route path=path!("/services/:leika") view=pages::service::ServicePage/>
                    <ParentRoute path=path!("/services/:leika/form") view=form::FormShell>
                        <Route path=path!(":step") view=form::StepPage/>
                    </ParentRoute>
                    <Route path=path!("/receipt/:reference") view=pages::receipt::ReceiptPage/>
                </Routes>
            </main>
        </Router>
    }
}

#[component]
fn LanguageSwitch() -> impl IntoView {
    let lang = i18n::use_lang();
    let other = move || match lang.get() {
        form_engine::Lang::De => form_engine::Lang::En,
        form_engine::Lang::En => form_engine::Lang::De,
    };
    view! {
        <button
            type="button"
            class="button button--secondary language-switch"
            lang=move || i18n::tag(other())
            aria-label=tr(lang, Msg::SwitchLanguage)
            on:click=move |_| lang.set(other())
        >
            {tr(lang, Msg::OtherLanguageName)}
        </button>
    }
}
