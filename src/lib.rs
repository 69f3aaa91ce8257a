// SPDX-License-Identifier: EUPL-1.2
//! The Bürgerportal: a Leptos single-page app rendering services and forms from the
//! central API. `App` holds the layout and the routes; each page is a module of its own.

pub mod api;
mod chunk;
mod clock;
pub mod config;
pub mod crypto;
mod download;
mod footer;
mod form;
mod host_frame;
pub mod i18n;
mod in_portal;
mod later_pages;
mod municipal_theme;
mod pages;
mod pdf;
mod place;
mod place_search;
pub mod preview;
mod reactive_view;
pub mod route;
mod storage;
mod text_element;

// Talc instead of std's dlmalloc: allocation was a tenth of rendering a 300-field page
// (docs/SIZE.md, session 10). Single-threaded WASM, so no atomics.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

use config::Embedding;
use i18n::{Msg, message_fn};
use leptos::prelude::*;
use route::Route;

/// Starts the portal on its own page (`index.html`, marked by
/// `<meta name="buergerportal">`), in a frame of a host page as well. In a host page that
/// loaded the bundle through `embed.js` there is no such mark: there [`start_embed`] mounts
/// the portal where the host element says.
pub fn start_page() {
    let own_page = document()
        .query_selector("meta[name=\"buergerportal\"]")
        .ok()
        .flatten()
        .is_some();
    if !own_page {
        return;
    }
    let config = config::from_page();
    if let Embedding::Frame { host_origin } = &config.embedding {
        host_frame::report_height(host_origin.clone());
    }
    config::set(config);
    leptos::mount::mount_to_body(App);
    // A form page whose step needs the chunk of some field types' controls preloads it
    // (the API knows the step from the address): loaded from here, it is compiled while
    // the definition is read and the page is built, not after.
    let mark = format!(
        "link[rel=preload][data-chunk=\"{}\"]",
        api_types::CONTROLS_CHUNK_MARK
    );
    let preloaded = document().query_selector(&mark).ok().flatten().is_some();
    if preloaded {
        leptos::task::spawn_local(async {
            let _ = form::load_later().await;
        });
    }
}

/// Mounts the portal into `root`, an element in the shadow root of `host`
/// (`<buergerportal-embed>`), configured by the host element's attributes.
pub fn start_embed(host: web_sys::Element, root: web_sys::HtmlElement) {
    // One portal per page: its configuration, root and router are the page's. A second
    // element says so where it stands instead of taking the first one over.
    thread_local! {
        static MOUNTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if MOUNTED.with(|m| m.replace(true)) {
        root.set_text_content(Some(
            "Das Bürgerportal ist auf dieser Seite schon eingebunden. / \
             The citizen portal is already embedded on this page.",
        ));
        leptos::logging::error!("Bürgerportal: only one <buergerportal-embed> per page");
        return;
    }
    config::set(config::from_host(&host, &root));
    config::set_root(config::Root {
        node: root.get_root_node(),
        element: root.clone(),
    });
    leptos::mount::mount_to(root, App).forget();
}

#[component]
pub fn App() -> impl IntoView {
    // Personal data kept in this browser expires, whether or not its form is opened again.
    storage::expire_personal_data();
    let lang = i18n::provide_language();
    form::provide_receipts();
    if let Some(root) = config::root() {
        route::provide(&root.node);
    }
    let theme = municipal_theme::provide();
    let in_shadow = config::get().embedding == Embedding::Shadow;
    let title = PageTitle(lang.0, theme);
    let name = move || title.portal_name();
    // Each page's title, then the portal's name as the header shows it (WCAG 2.4.2), also
    // in an iframe, whose document is the portal's own (a page opened from it, or read by
    // a tool that looks into frames, is named); a host page's own title stays.
    if !in_shadow {
        provide_context(title);
    }
    // The logo is decoration next to the name, which says the same.
    let logo = reactive_view::shown_if(
        move || !theme.logo.with(String::is_empty),
        move || {
            view! { <img class="site-header__logo" alt="" src=move || theme.logo.get()/> }
                .into_any()
        },
    );
    // In a host page, the page has its own `main` (which the embed usually stands in).
    let content = if in_shadow {
        view! { <div class="site-main"><Pages/></div> }.into_any()
    } else {
        view! { <main id="main" class="site-main" tabindex="-1"><Pages/></main> }.into_any()
    };
    view! {
        // Inside a host page its own skip link leads to the page's content.
        {(!in_shadow).then(|| view! { <a class="skip-link" href="#main">{message_fn(lang.0, Msg::SkipToContent)}</a> })}
        <header class="kern-kopfzeile site-header">
            <div class="kern-kopfzeile__content site-header__inner">
                <a class="site-header__name" href=Route::Catalogue.href()>{logo}{name}</a>
                <LanguageSwitch/>
            </div>
        </header>
        {content}
        <footer::Footer/>
    }
}

/// The portal's language and look, for the document's title (provided on the portal's own
/// page only: a host page's title is the host's).
#[derive(Clone, Copy)]
struct PageTitle(RwSignal<form_engine::Lang>, municipal_theme::Theme);

impl PageTitle {
    /// The portal's name as the header shows it: the municipality's, else the portal's.
    fn portal_name(self) -> String {
        let name = self.1.name.get();
        if name.is_empty() {
            i18n::message(self.0.get(), Msg::PortalName).to_owned()
        } else {
            name
        }
    }
}

/// Makes `part`, then the portal's name, the document's title while the calling component
/// (a page) is shown (WCAG 2.4.2).
pub(crate) fn set_title(part: Box<dyn Fn() -> String>) {
    if let Some(title) = use_context::<PageTitle>() {
        crate::reactive_view::effect(move || {
            document().set_title(&format!("{} – {}", part(), title.portal_name()));
        });
    }
}

/// [`set_title`] with one of the portal's own texts.
pub(crate) fn set_title_msg(lang: RwSignal<form_engine::Lang>, msg: Msg) {
    set_title(Box::new(move || i18n::message(lang.get(), msg).to_owned()));
}

/// The portal's pages, one per kind of route.
#[derive(Clone, Copy, PartialEq)]
enum Page {
    Catalogue,
    Service,
    Form,
    Receipt,
    NotFound,
}

impl Page {
    /// The page that shows `route` (the preview's routes are not the citizen's).
    fn of(route: &Route) -> Page {
        match route {
            Route::Catalogue => Page::Catalogue,
            Route::Service { .. } => Page::Service,
            Route::FormStep {
                form: route::FormAt::Service { .. },
                ..
            }
            | Route::Check {
                form: route::FormAt::Service { .. },
            } => Page::Form,
            Route::Receipt { .. } => Page::Receipt,
            _ => Page::NotFound,
        }
    }
}

/// The page the route asks for. A page is built anew only when the route leads to another
/// page; a changed parameter updates the page through [`route::param`].
#[component]
fn Pages() -> impl IntoView {
    let route = route::use_nav().route;
    let page = crate::reactive_view::memo(move || route.with(Page::of));
    reactive_view::dynamic(move || match page.get() {
        Page::Catalogue => view! { <pages::catalogue::CataloguePage/> }.into_any(),
        Page::Service => view! { <pages::service::ServicePage/> }.into_any(),
        Page::Form => view! { <form::FormShell/> }.into_any(),
        Page::Receipt => later_pages::receipt(),
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
            <span class="visually-hidden">{message_fn(lang, Msg::SwitchLanguage)}": "</span>
            <span lang=move || i18n::tag(other())>{message_fn(lang, Msg::OtherLanguageName)}</span>
        </button>
    }
}

#[cfg(test)]
mod tests {
    use super::{Page, Route};

    #[test]
    fn routes_lead_to_the_citizens_pages() {
        let page = |path: &str| Page::of(&Route::parse(path));
        assert!(page("/") == Page::Catalogue);
        assert!(page("/services/99050012104000") == Page::Service);
        assert!(page("/services/99050012104000/form/1") == Page::Form);
        assert!(page("/services/99050012104000/form/check") == Page::Form);
        assert!(page("/receipt/BP-1") == Page::Receipt);
        // The designers' preview is another bundle: its paths are unknown here.
        for path in ["/services/1/form", "/x", "/preview/", "/preview/form/1"] {
            assert!(page(path) == Page::NotFound, "{path}");
        }
    }
}
