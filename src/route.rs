// SPDX-License-Identifier: EUPL-1.2
//! The portal's router: where the citizen is (the "app URL": path, query and fragment,
//! e.g. `/services/991/form/2?return=check#f-name`) as one signal, kept in the browser's
//! URL, in the host page's URL fragment, or only in memory (`config::HistoryMode`).
//!
//! Where the citizen is, is a [`Route`]: parsed from the path once ([`Route::parse`]),
//! written back as a path in one place ([`Route::path`]); pages read their parameters
//! from it ([`param`]) rather than from segment positions.
//!
//! Our own instead of leptos_router's, whose browser history takes over the whole page:
//! embedded in a municipality's homepage the portal must leave the host's URL alone unless
//! told otherwise (issue #6), and it is smaller (docs/SIZE.md). Links are plain `<a href>`
//! written with [`href`]; one click listener on the portal's root turns a click on an
//! own link into [`Nav::go`], so links still open in a new tab with the middle button.

use crate::config::{self, HistoryMode};
use api_types::PortalPage;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// The app URL now; navigation sets it.
#[derive(Clone, Copy)]
pub struct Nav {
    pub url: RwSignal<String>,
    /// The route of `url`'s path, parsed once for every reader.
    pub route: Memo<Route>,
}

/// Where a form's pages live: under its service for citizens, under `/preview/form` in
/// the designers' preview (which renders the citizen's steps).
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum FormAt {
    Service { leika: String },
    Preview,
}

/// The pages of the portal and of the designers' preview, by path.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Route {
    /// `/` (its filters are in the query).
    Catalogue,
    /// `/services/:leika`
    Service {
        leika: String,
    },
    /// `/services/:leika/form/:step`, `/preview/form/:step`: `step` counts from 1 as in
    /// the path; 0 where the path names no number (no form has such a step: the step page
    /// sends the citizen to one that can be visited).
    FormStep {
        form: FormAt,
        step: usize,
    },
    /// `/services/:leika/form/check`, `/preview/form/check`: check your answers.
    Check {
        form: FormAt,
    },
    /// `/receipt/:reference`
    Receipt {
        reference: String,
    },
    /// `/preview/`: the designers' workbench.
    Workbench,
    /// `/preview/embed`: how to embed the portal.
    EmbedGuide,
    NotFound,
}

impl Default for Route {
    /// Before any route (a parameter's first value): no page.
    fn default() -> Self {
        Route::NotFound
    }
}

impl Route {
    /// The route of an app URL's path (query and fragment are ignored); which paths
    /// name pages is [`PortalPage`]'s to say, which the server shares.
    pub fn parse(url: &str) -> Route {
        let Some(page) = PortalPage::parse(path(url)) else {
            return Route::NotFound;
        };
        let form_page = |form: FormAt, page: &str| match page {
            "check" => Route::Check { form },
            number => Route::FormStep {
                form,
                step: number.parse().unwrap_or(0),
            },
        };
        match page {
            PortalPage::Catalogue => Route::Catalogue,
            PortalPage::Service { leika } => Route::Service {
                leika: leika.to_owned(),
            },
            PortalPage::Form { leika, page } => {
                let form = match leika {
                    Some(leika) => FormAt::Service {
                        leika: leika.to_owned(),
                    },
                    None => FormAt::Preview,
                };
                form_page(form, page)
            }
            PortalPage::Receipt { reference } => Route::Receipt {
                reference: reference.to_owned(),
            },
            PortalPage::Workbench => Route::Workbench,
            PortalPage::EmbedGuide => Route::EmbedGuide,
        }
    }

    /// The app URL's path of this route: every link and redirect is written from here.
    pub fn path(&self) -> String {
        let form_path = |form: &FormAt| match form {
            FormAt::Service { leika } => format!("/services/{leika}/form"),
            FormAt::Preview => "/preview/form".to_owned(),
        };
        match self {
            Route::Catalogue | Route::NotFound => "/".to_owned(),
            Route::Service { leika } => format!("/services/{leika}"),
            Route::FormStep { form, step } => format!("{}/{step}", form_path(form)),
            Route::Check { form } => format!("{}/check", form_path(form)),
            Route::Receipt { reference } => format!("/receipt/{reference}"),
            Route::Workbench => "/preview/".to_owned(),
            Route::EmbedGuide => "/preview/embed".to_owned(),
        }
    }

    /// The `href` of a link to this route (see [`href`]).
    pub fn href(&self) -> String {
        href(&self.path())
    }
}

/// A parameter of the current route, picked by `pick` while the route is one that has
/// it. A memo, so that only a change of this parameter reruns what reads it; it keeps its
/// last value while another route is current, so that a page being replaced never sees
/// another page's parameter.
pub fn param<T>(pick: impl Fn(&Route) -> Option<T> + Send + Sync + 'static) -> Memo<T>
where
    T: Clone + Default + PartialEq + Send + Sync + 'static,
{
    let route = use_nav().route;
    Memo::new(move |last: Option<&T>| {
        route
            .with(|route| pick(route))
            .unwrap_or_else(|| last.cloned().unwrap_or_default())
    })
}

/// Provides the router to the components below, starting at the URL the page was opened
/// with (or the configured start route), and listens to back and forward and to clicks on
/// links inside `root`.
pub fn provide(root: &web_sys::EventTarget) -> Nav {
    let nav = Nav::at(current_url());
    provide_context(nav);
    let config = config::get();
    if config.history != HistoryMode::Memory {
        // Back and forward (and, in hash mode, a route the host page puts in the
        // fragment). A fragment of the host page's own (`#top`) is no route: the citizen
        // stays where they are.
        let on_pop = Closure::<dyn Fn()>::new(move || {
            // Only a change of page moves the focus: a host page's own entries, the second
            // of popstate and hashchange, or the skip link's `#main` change none.
            if let Some(url) = url_in_location()
                && nav
                    .url
                    .with_untracked(|current| without_fragment(current) != without_fragment(&url))
            {
                nav.show(url);
            }
        });
        let window = window();
        let _ =
            window.add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
        if config.history == HistoryMode::Hash {
            let _ = window
                .add_event_listener_with_callback("hashchange", on_pop.as_ref().unchecked_ref());
        }
        on_pop.forget();
    }
    let on_click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
        follow_link(nav, &ev);
    });
    let _ = root.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
    on_click.forget();
    nav
}

/// The router of this portal (a detached one outside of `provide`, as in unit tests).
pub fn use_nav() -> Nav {
    use_context::<Nav>().unwrap_or_else(|| Nav::at("/".to_owned()))
}

impl Nav {
    fn at(url: String) -> Nav {
        let url = RwSignal::new(url);
        let route = crate::reactive_view::memo(move || url.with(|url| Route::parse(url)));
        Nav { url, route }
    }

    /// Goes to `route` (see [`Nav::go`]).
    pub fn go_to(self, route: &Route) {
        self.go(&route.path());
    }

    /// Goes to `route` once the view being built is drawn (a redirect from inside a view).
    pub fn go_to_soon(self, route: &Route) {
        self.go_soon(route.path());
    }

    /// Goes to `to` once the view being built is drawn (a redirect from inside a view):
    /// in place of the current history entry, so that Back leaves the page that
    /// redirected instead of coming back to it (and being sent on again).
    /// Not if the citizen has left the page meanwhile (a quick Back): then the entry to
    /// replace is another page's.
    pub fn go_soon(self, to: String) {
        let from = self.url.get_untracked();
        request_animation_frame(move || {
            if self.url.with_untracked(|now| *now == from) {
                self.visit(&to, true);
            }
        });
    }

    /// Goes to the app URL `to` (a new history entry where history is kept).
    pub fn go(self, to: &str) {
        self.visit(to, false);
    }

    /// Changes the app URL in place (no new history entry) where the citizen stays on the
    /// page: no scrolling, the focus stays (a search kept in the query as it is typed).
    pub fn replace(self, to: &str) {
        self.record(to, true);
        self.url.set(to.to_owned());
    }

    fn visit(self, to: &str, replace: bool) {
        self.record(to, replace);
        self.show(to.to_owned());
        scroll_to_top();
    }

    /// Writes `to` into the browser's history, where history is kept.
    fn record(self, to: &str, replace: bool) {
        let config = config::get();
        if config.history != HistoryMode::Memory {
            let _ = window().history().and_then(|h| {
                let url = Some(href(to));
                let url = url.as_deref();
                if replace {
                    // The entry's state is kept: in hash mode it may be the host page's.
                    h.replace_state_with_url(&h.state()?, "", url)
                } else {
                    h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", url)
                }
            });
        }
    }

    /// Shows the app URL `url`. Another page than a form's (whose pages focus their own
    /// heading or field) takes the focus to its heading once that is there
    /// ([`focus_heading`]): the link that had it is gone, and screen readers announce
    /// the new page.
    fn show(self, url: String) {
        ARRIVING.set(!matches!(
            Route::parse(&url),
            Route::FormStep { .. } | Route::Check { .. }
        ));
        self.url.set(url);
        focus_heading_soon(false);
    }
}

thread_local! {
    /// A page was navigated to whose heading has not had the focus yet.
    static ARRIVING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The page is shown anew (loaded again after "Try again", whose button is gone then):
/// its heading takes the focus as after a navigation.
pub fn arrive_again() {
    ARRIVING.set(true);
}

/// Once the view is drawn: the new page's heading (`h1`, `tabindex="-1"`) takes the focus
/// after a navigation, if it is there yet. A page that loads its content calls this again
/// when the content (or its error) is `shown` (`pages::loaded_view`, `chunk::when_loaded`):
/// then the navigation is done with, heading or not, so that a later rebuild (a language
/// switch) does not take the focus from where the citizen is.
pub fn focus_heading_soon(shown: bool) {
    request_animation_frame(move || {
        if !ARRIVING.get() {
            return;
        }
        if let Some(h1) = crate::in_portal::query("h1") {
            ARRIVING.set(false);
            let _ = h1.unchecked_into::<web_sys::HtmlElement>().focus();
        } else if shown {
            ARRIVING.set(false);
        }
    });
}

/// The URL an `<a href>` needs for the app URL `to`, in this portal's history mode. In a
/// host page the page's own path comes first: a bare `#/…` would be resolved against the
/// page's `<base href>`, which many CMS set to their home page.
pub fn href(to: &str) -> String {
    let config = config::get();
    match config.history {
        HistoryMode::Browser => format!("{}{to}", config.base),
        HistoryMode::Hash | HistoryMode::Memory => {
            let location = window().location();
            format!(
                "{}{}#{to}",
                location.pathname().unwrap_or_default(),
                location.search().unwrap_or_default()
            )
        }
    }
}

/// The app URL of the page now: from the browser's URL or fragment, else the start route.
fn current_url() -> String {
    url_in_location().unwrap_or_else(|| config::get().start.clone())
}

/// The app URL the browser's location holds, if it holds one.
fn url_in_location() -> Option<String> {
    let config = config::get();
    let location = window().location();
    match config.history {
        HistoryMode::Browser => {
            let path = location.pathname().unwrap_or_default();
            let path = path.strip_prefix(config.base.as_str()).unwrap_or(&path);
            let path = if path.is_empty() { "/" } else { path };
            let search = location.search().unwrap_or_default();
            let hash = location.hash().unwrap_or_default();
            (path != "/" || !search.is_empty() || !hash.is_empty())
                .then(|| format!("{path}{search}{hash}"))
                .or_else(|| Some(config.start.clone()))
        }
        HistoryMode::Hash => location
            .hash()
            .unwrap_or_default()
            .strip_prefix('#')
            .filter(|app| app.starts_with('/'))
            .map(str::to_owned),
        HistoryMode::Memory => None,
    }
}

/// A click on an own link becomes a navigation; anything else keeps its default.
fn follow_link(nav: Nav, ev: &web_sys::MouseEvent) {
    let Some(link) = clicked_link(ev) else { return };
    match app_url(&link) {
        Some(to) => {
            ev.prevent_default();
            nav.go(&to);
        }
        None => {
            // An in-page link (`#main`) in a host page must not replace the host's
            // fragment (the route, in hash mode): it focuses its target instead.
            if config::get().history != HistoryMode::Browser
                && let Some(id) = link.strip_prefix('#')
            {
                ev.prevent_default();
                crate::in_portal::focus_by_id(id);
            }
        }
    }
}

/// The `href` of the link a plain click (main button, no modifier, not handled yet) went
/// to, unless the link opens elsewhere (`target`) or downloads. The target may belong to
/// another window (the preview's device frame): no `instanceof` casts.
pub fn clicked_link(ev: &web_sys::MouseEvent) -> Option<String> {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.meta_key()
        || ev.ctrl_key()
        || ev.shift_key()
        || ev.alt_key()
    {
        return None;
    }
    let target: web_sys::Element = ev.target()?.unchecked_into();
    let anchor = target.closest("a[href]").ok()??;
    if anchor.has_attribute("target") || anchor.has_attribute("download") {
        return None;
    }
    anchor.get_attribute("href")
}

/// The app URL an `href` written by [`href`] leads to; `None` for any other link.
pub fn app_url(link: &str) -> Option<String> {
    let config = config::get();
    match config.history {
        HistoryMode::Browser => link
            .strip_prefix(config.base.as_str())
            .filter(|rest| rest.starts_with('/') && !rest.starts_with("//"))
            .map(str::to_owned),
        HistoryMode::Hash | HistoryMode::Memory => link
            .split_once('#')
            .map(|(_, rest)| rest)
            .filter(|rest| rest.starts_with('/'))
            .map(str::to_owned),
    }
}

fn scroll_to_top() {
    match &config::get().embedding {
        config::Embedding::Shadow => {
            // Only when the portal's top has scrolled out of view: the host page stays
            // where the citizen left it otherwise.
            if let Some(root) = config::root()
                && root.element.get_bounding_client_rect().top() < 0.0
            {
                root.element.scroll_into_view();
            }
        }
        config::Embedding::Frame { host_origin } => {
            crate::host_frame::report_navigation(host_origin)
        }
        config::Embedding::Page => window().scroll_to_with_x_and_y(0.0, 0.0),
    }
}

/// The path of an app URL (`/services/1` of `/services/1?x=1#y`).
pub fn path(url: &str) -> &str {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    &url[..end]
}

/// The query of an app URL, with its `?` (empty if none).
pub fn query(url: &str) -> &str {
    let page = without_fragment(url);
    page.find('?').map_or("", |start| &page[start..])
}

/// An app URL's path and query: the page it shows, wherever in it the citizen is.
fn without_fragment(url: &str) -> &str {
    &url[..url.find('#').unwrap_or(url.len())]
}

/// The fragment of an app URL, without its `#` (empty if none).
pub fn fragment(url: &str) -> &str {
    url.find('#').map_or("", |start| &url[start + 1..])
}

#[cfg(test)]
mod tests {
    use super::{FormAt, Route, fragment, path, query};

    #[test]
    fn paths_parse_into_routes_and_routes_write_their_paths() {
        let service = || FormAt::Service {
            leika: "99050012104000".into(),
        };
        let cases = [
            ("/", Route::Catalogue),
            (
                "/services/99050012104000",
                Route::Service {
                    leika: "99050012104000".into(),
                },
            ),
            (
                "/services/99050012104000/form/2",
                Route::FormStep {
                    form: service(),
                    step: 2,
                },
            ),
            (
                "/services/99050012104000/form/check",
                Route::Check { form: service() },
            ),
            (
                "/receipt/BP-1",
                Route::Receipt {
                    reference: "BP-1".into(),
                },
            ),
            ("/preview/", Route::Workbench),
            ("/preview/embed", Route::EmbedGuide),
            (
                "/preview/form/1",
                Route::FormStep {
                    form: FormAt::Preview,
                    step: 1,
                },
            ),
            (
                "/preview/form/check",
                Route::Check {
                    form: FormAt::Preview,
                },
            ),
        ];
        for (path, route) in cases {
            assert_eq!(Route::parse(path), route, "{path}");
            assert_eq!(route.path(), path);
        }
        // Query and fragment are no part of the route; a trailing slash does not matter.
        assert_eq!(
            Route::parse("/services/1/form/2?return=check#f-name"),
            Route::FormStep {
                form: FormAt::Service { leika: "1".into() },
                step: 2
            }
        );
        assert_eq!(Route::parse("/preview/embed/"), Route::EmbedGuide);
        // A step that is no number is a step no form has.
        assert_eq!(
            Route::parse("/services/1/form/x"),
            Route::FormStep {
                form: FormAt::Service { leika: "1".into() },
                step: 0
            }
        );
        for path in [
            "/services",
            "/services/1/form",
            "/services/1/x/1",
            "/receipt",
            "/x",
            "/preview/form",
        ] {
            assert_eq!(Route::parse(path), Route::NotFound, "{path}");
        }
    }

    #[test]
    fn app_urls_split_into_path_query_and_fragment() {
        let url = "/services/1/form/2?return=check#f-name";
        assert_eq!(path(url), "/services/1/form/2");
        assert_eq!(query(url), "?return=check");
        assert_eq!(fragment(url), "f-name");
        assert_eq!(path("/"), "/");
        assert_eq!(query("/?category=a"), "?category=a");
        assert_eq!(query("/x#a?b"), "");
        assert_eq!(fragment("/x"), "");
    }
}
