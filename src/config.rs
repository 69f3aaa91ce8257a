// SPDX-License-Identifier: EUPL-1.2
//! How this instance of the portal was started (issue #6): as the page of its own origin,
//! mounted into a Shadow DOM of a municipality's homepage by `embed.js`, or inside a frame
//! of such a page. Read once at start, from the page's meta tags, the first URL or the
//! host element's attributes, so that no other part guesses from the DOM.
//!
//! Every value comes from a page we do not control: each is checked and bounded, and a
//! value that does not fit is ignored (with a console warning) rather than used.

use form_engine::Lang;
use std::cell::Cell;
use wasm_bindgen::JsCast;

/// Where the route of the portal is kept.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum HistoryMode {
    /// In the browser's URL (the portal's own page and its frame).
    Browser,
    /// In the host page's URL fragment (`#/services/…`): deep links, back and forward.
    Hash,
    /// Only in memory: the host page's URL is never touched.
    Memory,
}

#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Embedding {
    /// The portal's own page (`index.html`).
    Page,
    /// In a shadow root of a host page.
    Shadow,
    /// In an iframe of a host page with this origin, the only one told the height.
    Frame { host_origin: String },
}

#[derive(Debug)]
pub struct Config {
    pub embedding: Embedding,
    pub history: HistoryMode,
    /// The path prefix the portal is served under: "" or e.g. "/buergerportal".
    pub base: String,
    /// Where `/api/…` lives: "" for the origin of the page, else an origin.
    pub api: String,
    /// The portal's own address (origin and deployment base path, without `/m/{ars}`):
    /// where the pages served beside the app live (the legal pages, `src/footer.rs`).
    pub portal: String,
    /// The municipality (ARS) whose theme and catalogue are shown, if one is configured.
    pub ars: Option<String>,
    /// Whether `ars` is the server's own municipality (`serve --municipality`, named by
    /// `<meta name="buergerportal-municipality">`): its legal pages are the root's
    /// (`/impressum`), not `/m/{ars}/impressum`.
    pub ars_is_home: bool,
    /// The LeiKa ids the catalogue is limited to (empty: all).
    pub services: Vec<String>,
    pub lang: Option<Lang>,
    /// The first route when the URL does not name one.
    pub start: String,
    /// The FIT-Connect services the portal routes, gets its sender token and submits
    /// through, when they are not the API's own (named by the server's
    /// `<meta name="buergerportal-routing-api">` etc.; `serve --routing-api …`).
    pub fit_connect: FitConnect,
}

/// The FIT-Connect services of a deployment; `None`: the API's own.
#[derive(Debug, Default)]
pub struct FitConnect {
    /// Base of `/v1/submissions` (the delivery service).
    pub submission_api: Option<String>,
    /// Base of `/v1/routes`.
    pub routing_api: Option<String>,
    /// The sender token's address (answers like an OAuth token endpoint).
    pub sender_token_url: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            embedding: Embedding::Page,
            history: HistoryMode::Browser,
            base: String::new(),
            api: String::new(),
            portal: String::new(),
            ars: None,
            ars_is_home: false,
            services: Vec::new(),
            lang: None,
            start: "/".to_owned(),
            fit_connect: FitConnect::default(),
        }
    }
}

thread_local! {
    static CONFIG: Cell<Option<&'static Config>> = const { Cell::new(None) };
}

/// The Land's public signing key (RSA, PS512): its kid and its JWK's `n` and `e`.
#[derive(Debug, Clone, Copy)]
pub struct LandKey {
    pub kid: &'static str,
    pub n: &'static str,
    pub e: &'static str,
}

/// The Land's public signing key, built into the portal by `build.rs` from `central-api
/// land keygen`'s `land-public.jwk.json`: the portal encrypts only for keys the Land
/// signed with it (see `api::fetch_route`). It is part of the portal's own files on
/// purpose, not asked from the API whose answers it checks; `None` if the portal was
/// built without one (it then refuses to submit).
pub const LAND_KEY: Option<LandKey> = match (
    option_env!("BP_LAND_KID"),
    option_env!("BP_LAND_N"),
    option_env!("BP_LAND_E"),
) {
    (Some(kid), Some(n), Some(e)) => Some(LandKey { kid, n, e }),
    _ => None,
};

/// The configuration of this instance (the default one until [`set`] is called).
pub fn get() -> &'static Config {
    CONFIG.with(|c| match c.get() {
        Some(config) => config,
        None => {
            let config: &'static Config = Box::leak(Box::default());
            c.set(Some(config));
            config
        }
    })
}

/// Sets the configuration once, at start (the portal lives as long as the page).
pub fn set(config: Config) {
    CONFIG.with(|c| c.set(Some(Box::leak(Box::new(config)))));
}

/// Keys under which a frame keeps what its first URL said: later URLs of the frame
/// (the portal's own navigation) no longer carry the `bp-*` parameters.
/// Kept per frame: `embed.js` names each frame (`window.name`), so that two frames of one
/// host page, restored after a reload, do not take each other's settings.
fn frame_key(window: &web_sys::Window) -> String {
    format!("bp-frame:{}", window.name().unwrap_or_default())
}

/// The configuration of the portal's own page, or of a frame in a host page
/// (`?bp-embed=iframe&bp-host=ORIGIN&bp-ars=…&bp-services=…&bp-lang=…` on its first URL).
pub fn from_page() -> Config {
    let document = leptos::prelude::document();
    let meta = |name: &str| {
        document
            .query_selector(&format!("meta[name=\"{name}\"]"))
            .ok()
            .flatten()
            .and_then(|m| m.get_attribute("content"))
    };
    let mut config = Config {
        base: meta("buergerportal-base")
            .and_then(|b| checked_base(&b))
            .unwrap_or_default(),
        api: meta("buergerportal-api")
            .and_then(|a| checked_origin(&a))
            .unwrap_or_default(),
        fit_connect: FitConnect {
            submission_api: meta("buergerportal-submission-api").filter(|u| is_web_url(u)),
            routing_api: meta("buergerportal-routing-api").filter(|u| is_web_url(u)),
            sender_token_url: meta("buergerportal-sender-token").filter(|u| is_web_url(u)),
        },
        ..Config::default()
    };
    let location = leptos::prelude::window().location();
    config.portal = format!("{}{}", location.origin().unwrap_or_default(), config.base);
    // A municipality's own portal (issue #18): `{base}/m/{ars}/…` shows its name, look,
    // catalogue and legal pages; its routes live below that prefix.
    let path = location.pathname().unwrap_or_default();
    if let Some(ars) = municipality_in_path(path.strip_prefix(config.base.as_str()).unwrap_or("")) {
        config.base = format!("{}/m/{ars}", config.base);
        config.ars = Some(ars.to_owned());
    } else if let Some(ars) = meta("buergerportal-municipality").filter(|a| is_ars(a)) {
        // The portal's root is the portal of the municipality the server is run for.
        config.ars = Some(ars);
        config.ars_is_home = true;
    }
    let search = location.search().unwrap_or_default();
    // A frame only when there is a parent page: the same URL opened on its own is the
    // portal's page.
    let window = leptos::prelude::window();
    let framed = window
        .parent()
        .ok()
        .flatten()
        .is_some_and(|parent| !js_sys::Object::is(&parent, &window));
    if !framed {
        return config;
    }
    let first_url = (query_param(&search, "bp-embed").as_deref() == Some("iframe"))
        .then(|| search.trim_start_matches('?').to_owned());
    let session = window.session_storage().ok().flatten();
    let frame = match first_url {
        Some(query) => {
            if let Some(storage) = &session {
                let _ = storage.set_item(&frame_key(&window), &query);
            }
            Some(query)
        }
        None => session.and_then(|s| s.get_item(&frame_key(&window)).ok().flatten()),
    };
    if let Some(query) = frame {
        let query = format!("?{query}");
        if let Some(origin) = query_param(&query, "bp-host").and_then(|o| checked_origin(&o)) {
            config.embedding = Embedding::Frame {
                host_origin: origin,
            };
            apply_common(&mut config, |name| {
                query_param(&query, &format!("bp-{name}"))
            });
            if let Some(api) = query_param(&query, "bp-api").and_then(|a| checked_origin(&a)) {
                config.api = api;
            }
        }
    }
    config
}

/// The ARS of `/m/{ars}` or `/m/{ars}/…` (a path below the base path).
fn municipality_in_path(path: &str) -> Option<&str> {
    let rest = path.strip_prefix("/m/")?;
    let ars = rest.split('/').next()?;
    is_ars(ars).then_some(ars)
}

/// Whether `value` has the form of an ARS (12 digits).
fn is_ars(value: &str) -> bool {
    value.len() == 12 && digits(value)
}

/// The configuration of an embed in a shadow root, from the attributes of the host
/// element `<buergerportal-embed>` (documented on `/preview/embed`). Without an `api`
/// attribute the API is the portal's own, which `embed.js` names on `root`
/// (`data-bp-api`): not the host page's origin.
pub fn from_host(host: &web_sys::Element, root: &web_sys::Element) -> Config {
    let mut config = Config {
        embedding: Embedding::Shadow,
        history: match host.get_attribute("history").as_deref() {
            Some("hash") => HistoryMode::Hash,
            _ => HistoryMode::Memory,
        },
        // An `api` attribute that is no origin is ignored (with a warning), not taken as
        // "the host page's own origin".
        api: host
            .get_attribute("api")
            .and_then(|a| checked_origin(&a))
            .or_else(|| {
                root.get_attribute("data-bp-api")
                    .and_then(|a| checked_origin(&a))
            })
            .unwrap_or_default(),
        // Where `embed.js` came from, which it names on `root` (`data-bp-portal`).
        portal: root
            .get_attribute("data-bp-portal")
            .and_then(|p| checked_portal(&p))
            .unwrap_or_default(),
        ..Config::default()
    };
    apply_common(&mut config, |name| host.get_attribute(name));
    config
}

/// An origin followed by a base path (`https://portal.example/buergerportal`).
fn checked_portal(value: &str) -> Option<String> {
    let origin = checked_origin(value)?;
    let base = checked_base(&value.trim()[origin.len()..])?;
    Some(format!("{origin}{base}"))
}

/// The settings a host page may give both to an embed and to a frame.
fn apply_common(config: &mut Config, read: impl Fn(&str) -> Option<String>) {
    if let Some(ars) = read("ars") {
        config.ars = checked(&ars, "ars", |a| a.len() <= 12 && digits(a)).map(str::to_owned);
        config.ars_is_home = false;
    }
    if let Some(services) = read("services") {
        config.services = services
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .filter_map(|s| checked(s, "services", |s| s.len() <= 20 && digits(s)))
            .take(200)
            .map(str::to_owned)
            .collect();
    }
    config.lang = read("lang").and_then(|l| match l.as_str() {
        "de" => Some(Lang::De),
        "en" => Some(Lang::En),
        _ => None,
    });
    if let Some(start) = read("start") {
        // A path of the portal, never another origin ("//host") or a script URL.
        config.start = checked(&start, "start", |s| {
            s.len() <= 300 && s.starts_with('/') && !s.starts_with("//") && !s.contains('\\')
        })
        .unwrap_or("/")
        .to_owned();
    }
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// `value` if `ok` says it fits, else a console warning naming the setting.
fn checked<'a>(value: &'a str, name: &str, ok: impl Fn(&str) -> bool) -> Option<&'a str> {
    if ok(value) {
        Some(value)
    } else {
        leptos::logging::warn!("Bürgerportal: ignoring the setting {name}={value:?}");
        None
    }
}

/// Whether a service address the server named is an http(s) URL (the server checked it;
/// the policy's `connect-src` allows nothing else anyway).
fn is_web_url(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

/// The origin (`https://host[:port]`) of a URL: the API is always at `/api/` of it.
fn checked_origin(value: &str) -> Option<String> {
    let value = value.trim();
    let path_start = value.find("://").and_then(|scheme_end| {
        value[scheme_end + 3..]
            .find('/')
            .map(|p| scheme_end + 3 + p)
    });
    let value = &value[..path_start.unwrap_or(value.len())];
    checked(value, "origin", |v| {
        let rest = v
            .strip_prefix("https://")
            .or_else(|| v.strip_prefix("http://"));
        rest.is_some_and(|host| {
            !host.is_empty()
                && host.len() <= 253
                && host
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
    })
    .map(str::to_owned)
}

/// A base path (`/buergerportal`), without a trailing slash; "/" is no base.
fn checked_base(value: &str) -> Option<String> {
    let value = value.trim().trim_end_matches('/');
    checked(value, "base", |v| {
        v.is_empty()
            || (v.starts_with('/')
                && !v.starts_with("//")
                && v.len() <= 100
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"/-_.".contains(&b)))
    })
    .map(str::to_owned)
}

/// The value of `name` in a query string (`?a=1&b=2`), decoded by the browser's
/// `URLSearchParams` (`application/x-www-form-urlencoded`: `+` is a space, `%XX` a byte,
/// what is not valid UTF-8 afterwards U+FFFD).
pub fn query_param(query: &str, name: &str) -> Option<String> {
    web_sys::UrlSearchParams::new_with_str(query)
        .ok()?
        .get(name)
}

/// `query` (`?a=1&b=2`, or empty) with `name` set to `value`, or without it for `None`:
/// `?…`, or empty. Written by the browser's `URLSearchParams`, which [`query_param`]
/// reads with, so that what one writes the other reads back.
pub fn with_query_param(query: &str, name: &str, value: Option<&str>) -> String {
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(query) else {
        return String::new();
    };
    match value {
        Some(value) => params.set(name, value),
        None => params.delete(name),
    }
    let query = String::from(params.to_string());
    if query.is_empty() {
        query
    } else {
        format!("?{query}")
    }
}

/// The node ids are looked up in (the document, or the shadow root of an embed) and the
/// element that carries the portal's language and theme.
#[derive(Clone)]
pub struct Root {
    pub node: web_sys::Node,
    pub element: web_sys::HtmlElement,
}

thread_local! {
    static ROOT: std::cell::RefCell<Option<Root>> = const { std::cell::RefCell::new(None) };
}

pub fn set_root(root: Root) {
    ROOT.with(|r| *r.borrow_mut() = Some(root));
}

/// The root of this instance: the document and its `<html>` unless an embed set another.
pub fn root() -> Option<Root> {
    ROOT.with(|r| r.borrow().clone()).or_else(|| {
        let document = leptos::prelude::document();
        let element = document.document_element()?.dyn_into().ok()?;
        Some(Root {
            node: document.into(),
            element,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_and_bases_from_a_host_page_are_checked() {
        assert_eq!(
            checked_origin("https://www.heide.de/").as_deref(),
            Some("https://www.heide.de")
        );
        assert_eq!(
            checked_origin("http://127.0.0.1:8080").as_deref(),
            Some("http://127.0.0.1:8080")
        );
        assert_eq!(
            checked_origin("https://portal.example/buergerportal").as_deref(),
            Some("https://portal.example")
        );
        for bad in [
            "javascript:alert(1)",
            "https://a.de?x",
            "ftp://a.de",
            "https://",
            "https://a b",
        ] {
            assert_eq!(checked_origin(bad), None, "{bad}");
        }
        assert_eq!(
            checked_base("/buergerportal/").as_deref(),
            Some("/buergerportal")
        );
        assert_eq!(checked_base("/").as_deref(), Some(""));
        for bad in ["//evil.example", "buergerportal", "/a b", "/<script>"] {
            assert_eq!(checked_base(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_municipalitys_portal_is_named_in_the_path() {
        assert_eq!(
            municipality_in_path("/m/010510044044/"),
            Some("010510044044")
        );
        assert_eq!(
            municipality_in_path("/m/010510044044/services/1"),
            Some("010510044044")
        );
        assert_eq!(
            municipality_in_path("/m/010510044044"),
            Some("010510044044")
        );
        for other in [
            "/",
            "/m/",
            "/m/0105",
            "/m/01051004404x/",
            "/services/1",
            "m/010510044044",
        ] {
            assert_eq!(municipality_in_path(other), None, "{other}");
        }
        assert_eq!(
            checked_portal("https://portal.example/buergerportal").as_deref(),
            Some("https://portal.example/buergerportal")
        );
        assert_eq!(
            checked_portal("http://127.0.0.1:8080").as_deref(),
            Some("http://127.0.0.1:8080")
        );
        assert_eq!(checked_portal("https://portal.example/<x>"), None);
    }

    #[test]
    fn settings_that_do_not_fit_are_ignored() {
        let mut config = Config::default();
        let attributes = |name: &str| {
            match name {
                "ars" => Some("01051<0044044"),
                "services" => Some("99050012104000, x, ,99035001000000"),
                "lang" => Some("fr"),
                "start" => Some("//evil.example/services"),
                _ => None,
            }
            .map(str::to_owned)
        };
        apply_common(&mut config, attributes);
        assert_eq!(config.ars, None);
        assert_eq!(config.services, ["99050012104000", "99035001000000"]);
        assert_eq!(config.lang, None);
        assert_eq!(config.start, "/");
        apply_common(&mut config, |name| {
            match name {
                "ars" => Some("010510044044"),
                "lang" => Some("en"),
                "start" => Some("/services/99050012104000"),
                _ => None,
            }
            .map(str::to_owned)
        });
        assert_eq!(config.ars.as_deref(), Some("010510044044"));
        assert_eq!(config.lang, Some(Lang::En));
        assert_eq!(config.start, "/services/99050012104000");
        for bad in ["javascript:alert(1)", "/a\\b", "services"] {
            apply_common(&mut config, |name| {
                (name == "start").then(|| bad.to_owned())
            });
            assert_eq!(config.start, "/", "{bad}");
        }
    }
}
