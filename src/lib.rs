// SPDX-License-Identifier: EUPL-1.2
//! The Bürgerportal: a Leptos single-page app rendering services and forms from the
//! central API. `App` holds the layout and the routes; each page is a module of its own.

pub mod api;
pub mod crypto;
mod dom;
mod download;
mod dynamic;
mod form;
pub mod i18n;
mod pages;
mod place;
pub mod preview;
mod storage;

use i18n::{Msg, tr};
use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::hooks::use_location;
use leptos_router::location::{BrowserUrl, LocationProvider};

#[component]
pub fn App() -> impl IntoView {
    let lang = i18n::provide_language();
    form::provide_receipts();
    view! {
        <Router>
            <a class="skip-link" href="#main">{tr(lang.0, Msg::SkipToContent)}</a>
            <header class="kern-kopfzeile site-header">
                <div class="kern-kopfzeile__content site-header__inner">
                    <a class="site-header__name" href="/">{tr(lang.0, Msg::PortalName)}</a>
                    <LanguageSwitch/>
                </div>
            </header>
            <main id="main" class="site-main" tabindex="-1">
                <Pages/>
            </main>
        </Router>
    }
}

/// The pages of the portal, by path.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Page {
    /// `/`
    Catalogue,
    /// `/services/:leika`
    Service,
    /// `/services/:leika/form/:step`
    Form,
    /// `/receipt/:reference`
    Receipt,
    NotFound,
}

fn page_of(path: &str) -> Page {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    match segments.as_slice() {
        [] => Page::Catalogue,
        ["services", _] => Page::Service,
        ["services", _, "form", _] => Page::Form,
        ["receipt", _] => Page::Receipt,
        _ => Page::NotFound,
    }
}

/// The segment `index` of the path (a route parameter) while `page` is shown. A memo, so
/// that only a change of this parameter reruns what reads it; it keeps its last value
/// when the path leaves `page`, so that a page being replaced never sees another page's
/// parameter.
pub(crate) fn path_param(page: Page, index: usize) -> Memo<String> {
    let pathname = use_location().pathname;
    Memo::new(move |last: Option<&String>| {
        pathname.with(|path| {
            if page_of(path) == page {
                path.split('/')
                    .filter(|s| !s.is_empty())
                    .nth(index)
                    .unwrap_or_default()
                    .to_string()
            } else {
                last.cloned().unwrap_or_default()
            }
        })
    })
}

/// The page the path asks for: the router of this portal. (A match over the path instead
/// of leptos_router's `<Routes>`, whose generic route tree is far larger in the WASM; the
/// `<Router>` still handles links, history and scrolling.) As with `<Routes>`, a page is
/// built anew only when the path leads to another page; a changed parameter updates the
/// page through `path_param`.
#[component]
fn Pages() -> impl IntoView {
    let pathname = use_location().pathname;
    let page = Memo::new(move |_| pathname.with(|path| page_of(path)));
    // The router completes a navigation (history entry, scrolling) once the routes say
    // the new page is there; without `<Routes>` this does it after every path change.
    let browser_url = use_context::<BrowserUrl>();
    Effect::new(move |_| {
        pathname.track();
        if let Some(url) = &browser_url {
            url.ready_to_complete();
        }
    });
    dynamic::dynamic(move || match page.get() {
        Page::Catalogue => view! { <pages::catalogue::CataloguePage/> }.into_any(),
        Page::Service => view! { <pages::service::ServicePage/> }.into_any(),
        Page::Form => view! { <form::FormShell/> }.into_any(),
        Page::Receipt => view! { <pages::receipt::ReceiptPage/> }.into_any(),
        Page::NotFound => view! { <pages::not_found::NotFound/> }.into_any(),
    })
}

#[component]
pub(crate) fn LanguageSwitch() -> impl IntoView {
    let lang = i18n::use_lang();
    let other = move || match lang.get() {
        form_engine::Lang::De => form_engine::Lang::En,
        form_engine::Lang::En => form_engine::Lang::De,
    };
    view! {
        // The visible name is part of the accessible one (WCAG 2.5.3), in its own language.
        <button
            type="button"
            class="kern-btn kern-btn--secondary language-switch"
            on:click=move |_| lang.set(other())
        >
            <span class="visually-hidden">{tr(lang, Msg::SwitchLanguage)}": "</span>
            <span lang=move || i18n::tag(other())>{tr(lang, Msg::OtherLanguageName)}</span>
        </button>
    }
}

#[cfg(test)]
mod tests {
    use super::{Page, page_of};

    #[test]
    fn paths_lead_to_the_pages_of_the_former_route_tree() {
        assert!(page_of("/") == Page::Catalogue);
        assert!(page_of("/services/99050012104000") == Page::Service);
        assert!(page_of("/services/99050012104000/form/1") == Page::Form);
        assert!(page_of("/services/99050012104000/form/check") == Page::Form);
        assert!(page_of("/receipt/BP-1") == Page::Receipt);
        for path in [
            "/services",
            "/services/1/form",
            "/services/1/x/1",
            "/receipt",
            "/x",
        ] {
            assert!(page_of(path) == Page::NotFound, "{path}");
        }
    }
}
