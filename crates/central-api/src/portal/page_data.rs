// SPDX-License-Identifier: EUPL-1.2
//! What a page of the portal loads first, sent with the page (issue #21), so that the
//! portal does not ask for it only after it has started.
//!
//! **A form page** (`/services/{leika}/form/{step}`) carries its service's current form
//! definition. The portal needs nothing else to show the step, and with the definition in
//! the page it shows the step in the task that starts it: fetching the definition, even
//! preloaded, cost a frame of "loading" and the fetch's round trip through the network
//! stack (docs/BENCHMARKS.md, session 20: 300 fields 363 → 332 ms, the phone's first input
//! 1,799 → 1,746 ms).
//!
//! The definition goes into the index as a data block at the end of the body,
//! `<script type="application/json" id="bp-definition" data-leika="…">`, which no browser
//! runs (the Content-Security-Policy is not asked); the portal reads it once, for that
//! service only, and fetches the definition as before on every later visit
//! (`api::fetch_service_definition`). The JSON is the one the API serves, without the
//! whitespace between its tokens and with every `<` written `\u003c`, so that no text of
//! a definition (an editor's, so untrusted) can end the block or open a comment in it.
//! Only where this server is the portal's API (no `--api-url`): a portal served apart
//! from its API cannot know that API's definitions, and asks the browser to preload the
//! definition instead.
//!
//! **Every other page** asks the browser to preload what the portal would otherwise
//! request only after it started (`Link: <…>; rel=preload`, [`preload`]): a round trip
//! less on a slow line. Every page its municipality (name and look: on the phone profile
//! the header's logo came 145 ms sooner), the start page the catalogue (shown 112 ms
//! sooner), a service page the service's answer. The catalogue and the service in German,
//! the portal's language unless the citizen chose English before (kept in the browser,
//! which the server does not see); then those preloads go unused.

use axum::{
    http::{HeaderMap, HeaderValue},
    response::Response,
};

use api_types::PortalPage;

use super::index_html::ControlsChunk;
use super::{Deployment, Generated};
use crate::{AppState, error::ApiError};

/// A page of the portal that loads data of its own first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page<'a> {
    /// `/`: the start page, with the municipality's catalogue.
    Start,
    /// `/services/{leika}`.
    Service { leika: &'a str },
    /// `/services/{leika}/form/{step}` (`step` a number from 1, or `check`).
    Form { leika: &'a str, step: &'a str },
}

/// Where a path of the portal is, read as the portal reads it
/// (`config::municipality_in_path`): the municipality whose own portal it is below
/// (`/m/{ars}/…`, `{ars}` a municipality key; `None`: the root's) and the route there.
/// Anything else below `/m/` is a route of the root's portal (its "not found").
fn location(relative: &str) -> (Option<&str>, &str) {
    if let Some(rest) = relative.strip_prefix("/m/") {
        let ars = rest.split('/').next().unwrap_or_default();
        if crate::ars::is_full(ars) {
            return (Some(ars), &rest[ars.len()..]);
        }
    }
    (None, relative)
}

/// The page a path of the portal shows, also below a municipality's own portal
/// (`/m/{ars}/…`). LeiKa keys are digits: anything else names no service and is neither
/// looked up nor echoed.
pub fn page_of(relative: &str) -> Option<Page<'_>> {
    page_at(location(relative).1)
}

/// Whether a path of the portal names one of the citizens' pages, also below a
/// municipality's own portal: the paths the portal shows "page not found" at are answered
/// with 404 ([`PortalPage`], which the portal's router reads them with). A service's
/// pages need a LeiKa key (digits), which the portal's API answers 404 for otherwise.
pub fn names_a_page(relative: &str) -> bool {
    match PortalPage::parse(location(relative).1) {
        Some(
            PortalPage::Service { leika }
            | PortalPage::Form {
                leika: Some(leika), ..
            },
        ) => is_key(leika),
        Some(page) => !page.in_preview(),
        None => false,
    }
}

/// The page of `route`, a path below a portal's root (see [`location`]).
fn page_at(route: &str) -> Option<Page<'_>> {
    match PortalPage::parse(route)? {
        PortalPage::Catalogue => Some(Page::Start),
        PortalPage::Service { leika } if is_key(leika) => Some(Page::Service { leika }),
        PortalPage::Form {
            leika: Some(leika),
            page,
        } if is_key(leika) => Some(Page::Form { leika, step: page }),
        _ => None,
    }
}

/// Whether `leika` has the form of a LeiKa key as the portal's URLs carry it.
fn is_key(leika: &str) -> bool {
    !leika.is_empty() && leika.len() <= 20 && leika.bytes().all(|b| b.is_ascii_digit())
}

/// A form page to make: the index, the service and the step the page shows.
pub struct FormPage<'a> {
    pub index: &'a Generated,
    pub leika: &'a str,
    /// The route's last segment: a step's number from 1, or `check`.
    pub step: &'a str,
    /// The chunk of the controls of some field types, where the portal's build has one.
    pub controls: Option<&'a ControlsChunk>,
}

/// Whether the catalogue has no service `leika` (a failing store says nothing: the
/// portal asks again and shows what it gets).
pub async fn unknown_service(state: &AppState, leika: &str) -> bool {
    matches!(state.store.catalogue().service_form(leika).await, Ok(None))
}

/// Whether a path below a municipality's own portal (`/m/{ars}/…`) names a municipality
/// this server does not know (whose catalogue it answers 404); a failing store says
/// nothing.
pub async fn unknown_municipality(state: &AppState, relative: &str) -> bool {
    let Some(ars) = location(relative).0 else {
        return false;
    };
    matches!(state.store.municipalities().find(ars).await, Ok(None))
}

/// What became of a form page.
pub enum FormPageAnswer {
    /// The index with the service's current definition in it.
    Made(Response),
    /// No such service here, or none with a form: the portal shows "page not found".
    UnknownService,
    /// The definition could not be read (a failing store): the plain index is sent, and
    /// the portal fetches the definition, which says what is wrong.
    Plain,
}

/// The answer with `leika`'s form page, the index with the service's current definition
/// in it (see [`FormPageAnswer`] for when not). Its ETag joins the index's, the
/// definition's, the service, the step and [`PAGE_FORMAT`], so that a revalidation is
/// answered without making the page again.
pub async fn respond(state: &AppState, page: FormPage<'_>, headers: &HeaderMap) -> FormPageAnswer {
    let FormPage {
        index,
        leika,
        step,
        controls,
    } = page;
    let warn = |error| tracing::warn!(%leika, ?error, "form page sent without its definition");
    let (form, definition_etag) =
        match crate::routes::services::current_definition_etag(state, leika).await {
            Ok(found) => found,
            Err(ApiError::NotFound(_)) => return FormPageAnswer::UnknownService,
            Err(error) => {
                warn(error);
                return FormPageAnswer::Plain;
            }
        };
    let Ok(index_text) = std::str::from_utf8(index.body()) else {
        return FormPageAnswer::Plain;
    };
    // A step's page may preload what other steps' pages do not (the controls' chunk): the
    // step is part of the ETag. Anything but a short number is the same page as `check`.
    let step_number = step
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=9999).contains(n));
    // What the page is made of: the index, the definition, the service and step it is
    // for, and the way it is made (`PAGE_FORMAT`, changed with `with_definition`).
    let Ok(etag) = HeaderValue::from_str(&format!(
        "\"{}-{}-{leika}-{}-{PAGE_FORMAT}\"",
        index.etag().to_str().unwrap_or_default().trim_matches('"'),
        definition_etag.trim_start_matches("W/").trim_matches('"'),
        step_number.unwrap_or(0),
    )) else {
        return FormPageAnswer::Plain;
    };
    // A revalidation of the page as the browser has it (every visit but the first: the
    // index is `no-cache`) is answered without reading the definition.
    let definition = if super::if_none_match(headers, &etag) {
        String::new()
    } else {
        // Read after its ETag: if a re-import changed it in between, the page is newer
        // than its ETag says, and the next revalidation fetches it again.
        match state.store.forms().version(&form.id, form.version).await {
            Ok(Some(stored)) => stored.definition,
            Ok(None) => return FormPageAnswer::Plain,
            Err(error) => {
                warn(error.into());
                return FormPageAnswer::Plain;
            }
        }
    };
    FormPageAnswer::Made(super::respond_made(
        headers,
        etag,
        "text/html; charset=utf-8",
        crate::assets::REVALIDATE,
        || {
            let (definition, preloads) = page_definition(&definition, controls, step_number);
            with_definition(index_text, leika, &definition, preloads)
        },
    ))
}

/// The definition as the page carries it ([`compact`]) and the chunk's files to preload
/// with step `step` (from 1): read once for both. A definition that cannot be read is
/// sent as it is stored, for the portal to report, with no preloads.
fn page_definition<'c>(
    definition: &str,
    controls: Option<&'c ControlsChunk>,
    step: Option<usize>,
) -> (String, &'c [String]) {
    let preloads = match (controls, step) {
        // Only a step with a controls chunk to preload needs the definition read as one.
        (Some(controls), Some(step)) => {
            match form_engine::FormDefinition::from_checked_json(definition) {
                Ok(parsed) => chunk_preloads(controls, &parsed, step),
                Err(_) => return (definition.to_owned(), &[]),
            }
        }
        // Elsewhere (the check page, a setup without the chunk) `compact` needs only
        // valid JSON, which a scan that builds nothing tells.
        _ if serde_json::from_str::<serde::de::IgnoredAny>(definition).is_err() => {
            return (definition.to_owned(), &[]);
        }
        _ => &[],
    };
    (compact(definition), preloads)
}

/// The controls' chunk's files if step `step` (from 1) of `definition` shows a field of
/// its types (a group's children need no look: a group's control is in the chunk), so
/// that they load beside the portal's WASM rather than after it has started and found the
/// step (a round trip and the chunk's transfer later: on issue #21's phone profile the
/// first input came 170 ms later without).
fn chunk_preloads<'c>(
    controls: &'c ControlsChunk,
    definition: &form_engine::FormDefinition,
    step: usize,
) -> &'c [String] {
    let needed = definition.steps.get(step - 1).is_some_and(|step| {
        step.fields()
            .any(|field| controls.has(field.kind.type_name()))
    });
    if needed { &controls.hrefs } else { &[] }
}

/// `json` without the whitespace between its tokens (definitions are stored as they were
/// loaded, often indented: Gewerbeanmeldung's 81 KB are 34 KB so, and 1 KB less brotli on
/// the line before the portal's WASM is asked for). Every token is copied as it is: a
/// number written again through serde_json could come back one unit in the last place
/// off, and move a limit between what the API checks and what the portal shows. `json`
/// must be valid JSON (the caller has read it), which has whitespace only between tokens
/// and inside strings.
fn compact(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !matches!(c, ' ' | '\n' | '\r' | '\t') {
            out.push(c);
        }
    }
    out
}

/// The version of [`with_definition`]'s output, part of the page's ETag: a change of the
/// block's form must not be answered `304` to a browser that has the page as it was.
const PAGE_FORMAT: u32 = 3;

/// `index` with the preloads of `hrefs` and the data block before its `</body>` (at its
/// end if it has none). The preloads as the split loader fetches (`fetch()`: CORS mode,
/// same-origin credentials), so that it takes them; marked for the portal, which then
/// starts loading the chunk as it starts (`start_page`).
fn with_definition(index: &str, leika: &str, definition: &str, hrefs: &[String]) -> String {
    let mut block = String::new();
    for href in hrefs {
        let href = href
            .replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;");
        block.push_str(&format!(
            "<link rel=\"preload\" as=\"fetch\" crossorigin href=\"{href}\" data-chunk=\"{}\">",
            api_types::CONTROLS_CHUNK_MARK
        ));
    }
    block.push_str(&format!(
        "<script type=\"application/json\" id=\"{}\" data-leika=\"{leika}\">{}</script>",
        api_types::DEFINITION_BLOCK_ID,
        definition.replace('<', "\\u003c")
    ));
    let at = index.rfind("</body>").unwrap_or(index.len());
    let mut page = String::with_capacity(index.len() + block.len());
    page.push_str(&index[..at]);
    page.push_str(&block);
    page.push_str(&index[at..]);
    page
}

/// `Link: <…>; rel=preload; as=fetch; crossorigin` for what a page of the portal loads
/// first and does not carry, or `None`:
/// - every page: its municipality (name and look, `municipal_theme`), the one of
///   `/m/{ars}/…` or the root's;
/// - the start page: the municipality's catalogue in German, as the portal asks for it
///   without a search or topic;
/// - a service page: the service's answer in German;
/// - a form page, where the API is elsewhere: its definition.
///
/// Each URL is exactly the one the portal requests (`api::fetch_theme`,
/// `api::fetch_catalogue`, `api::fetch_service`, `api::fetch_service_definition`: all
/// build the path with api-types, the query in the same order), so the browser hands the
/// preloaded answer to it. A page asked for with a query gets only its service's: the
/// query may choose another municipality (an embed's `bp-ars`) or a topic. A page loaded
/// into a frame (`Sec-Fetch-Dest: iframe`) gets none: an embed's frame keeps its
/// municipality, language and API from its first address for the reloads at a plain one
/// (`config.rs`), which the server does not see.
pub fn preload(
    relative: &str,
    query: Option<&str>,
    headers: &HeaderMap,
    deployment: &Deployment,
) -> Option<HeaderValue> {
    if headers
        .get("sec-fetch-dest")
        .is_some_and(|dest| dest.as_bytes().eq_ignore_ascii_case(b"iframe"))
    {
        return None;
    }
    let (ars, route) = location(relative);
    let plain = query.is_none_or(str::is_empty);
    let ars = ars.unwrap_or(deployment.home_ars());
    let mut paths = Vec::new();
    if plain {
        paths.push(api_types::municipality_path(ars));
    }
    match page_at(route) {
        Some(Page::Start) if plain => {
            paths.push(format!("{}?lang=de&q=", api_types::catalogue_path(ars)));
        }
        Some(Page::Service { leika }) => {
            paths.push(format!("{}?lang=de", api_types::service_path(leika)));
        }
        Some(Page::Form { leika, .. }) if !inlines(deployment) => {
            paths.push(api_types::service_definition_path(leika));
        }
        _ => {}
    }
    let api = deployment.api_url.as_deref().unwrap_or("");
    let links: Vec<String> = paths
        .iter()
        .map(|path| format!("<{api}{path}>; rel=preload; as=fetch; crossorigin"))
        .collect();
    (!links.is_empty())
        .then(|| HeaderValue::from_str(&links.join(", ")).ok())
        .flatten()
}

/// Whether form pages carry their definition: where this server is the portal's API.
pub fn inlines(deployment: &Deployment) -> bool {
    deployment.api_url.is_none()
}

#[cfg(test)]
mod tests {
    use super::{ControlsChunk, Page, compact, page_definition, page_of, with_definition};

    #[test]
    fn service_and_form_pages_name_their_service() {
        let form = |leika, step| Some(Page::Form { leika, step });
        let service = |leika| Some(Page::Service { leika });
        assert_eq!(
            page_of("/services/99050012104000/form/1"),
            form("99050012104000", "1")
        );
        assert_eq!(
            page_of("/m/010510044044/services/99050012104000/form/check"),
            form("99050012104000", "check")
        );
        assert_eq!(
            page_of("/services/99050012104000"),
            service("99050012104000")
        );
        assert_eq!(
            page_of("/services/99050012104000/"),
            service("99050012104000")
        );
        assert_eq!(
            page_of("/m/010510044044/services/99050012104000"),
            service("99050012104000")
        );
        assert_eq!(page_of("/services/9905x/form/1"), None);
        assert_eq!(page_of("/services/9905x"), None);
        assert_eq!(page_of("/services//form/1"), None);
        assert_eq!(page_of("/m/foo/services/99050012104000/form/1"), None);
        assert_eq!(page_of("/m/services/99050012104000/form/1"), None);
        assert_eq!(page_of(&format!("/services/{}", "9".repeat(21))), None);
        assert_eq!(page_of("/services/99050012104000/form"), None);
        assert_eq!(page_of("/"), Some(Page::Start));
        assert_eq!(page_of("/m/010510044044/"), Some(Page::Start));
        assert_eq!(page_of("/m/010510044044"), Some(Page::Start));
        assert_eq!(page_of("/m/foo/"), None);
        // Read as the portal reads it: the key right after `/m/`.
        assert_eq!(page_of("/m//010510044044/"), None);
        assert_eq!(page_of("/m/010510044044x/"), None);
        assert_eq!(page_of("/impressum/x"), None);
    }

    #[test]
    fn the_definition_cannot_end_its_block() {
        let index = "<!doctype html><html><head></head><body><noscript>x</noscript></body></html>";
        let definition = r#"{"title":"</script><script>alert(1)</script><!--"}"#;
        let page = with_definition(index, "123", definition, &[]);
        assert_eq!(page.matches("</script>").count(), 1, "{page}");
        assert!(!page.contains("<!--"), "{page}");
        assert!(page.ends_with("</script></body></html>"), "{page}");
        let start = page.find("data-leika=\"123\">").expect("block") + "data-leika=\"123\">".len();
        let json = &page[start..page.rfind("</script>").expect("end")];
        // Still the same JSON value.
        let value: serde_json::Value = serde_json::from_str(json).expect("JSON");
        assert_eq!(value["title"], "</script><script>alert(1)</script><!--");
        // Without a body, at the end.
        assert!(
            with_definition("<p>x</p>", "1", "{}", &[]).ends_with("data-leika=\"1\">{}</script>")
        );
    }

    #[test]
    fn the_definition_is_sent_without_whitespace_token_for_token() {
        let indented = "{\n  \"title\": {\"de\": \"A  \\\" b\\n\"},\n  \"max\": 1.10,\n  \"big\": 1e400,\n  \"steps\": [ ]\n}";
        // Tokens as they were, in their order; the whitespace inside a string kept.
        assert_eq!(
            compact(indented),
            r#"{"title":{"de":"A  \" b\n"},"max":1.10,"big":1e400,"steps":[]}"#
        );
        // Not JSON: left for the portal to report.
        assert_eq!(page_definition("{\"a\": ", None, Some(1)).0, "{\"a\": ");
        // A `<` escaped in the stored text stays escaped, and a raw one is escaped by the
        // block: neither ends it.
        let page = with_definition(
            "<body></body>",
            "1",
            &compact("{ \"a\": \"\\u003c/script>\", \"b\": \"</script>\" }"),
            &[],
        );
        assert_eq!(page.matches("</script>").count(), 1, "{page}");
    }

    #[test]
    fn a_step_with_a_field_of_the_chunk_preloads_it_before_its_definition() {
        let controls = ControlsChunk {
            field_types: vec!["address".into(), "group".into()],
            hrefs: vec![
                "/p/x_split_chunk_3-01.wasm".into(),
                "/p/x_split_later_controls-01.wasm".into(),
            ],
        };
        let definition = r#"{"id": "t", "version": 1, "title": {"de": "T"}, "steps": [
            {"id": "a", "title": {"de": "A"}, "sections": [{"id": "s", "fields": [
                {"id": "name", "type": "text", "label": {"de": "Name"}}]}]},
            {"id": "b", "title": {"de": "B"}, "sections": [{"id": "s", "fields": [
                {"id": "name2", "type": "text", "label": {"de": "Name"}},
                {"id": "people", "type": "group", "label": {"de": "P"}, "fields": [
                    {"id": "home", "type": "address", "label": {"de": "H"}}]}]}]}]}"#;
        let preloads = |definition, step| page_definition(definition, Some(&controls), step).1;
        assert!(preloads(definition, Some(1)).is_empty());
        assert_eq!(preloads(definition, Some(2)), controls.hrefs.as_slice());
        // A step the definition does not have, the check page, or a definition that
        // cannot be read.
        assert!(preloads(definition, Some(3)).is_empty());
        assert!(preloads(definition, None).is_empty());
        assert!(preloads("{", Some(2)).is_empty());
        // The definition read is sent compact.
        assert!(!page_definition(definition, None, None).0.contains(' '));

        let page = with_definition("<body></body>", "1", definition, &controls.hrefs);
        let links = "<link rel=\"preload\" as=\"fetch\" crossorigin href=\"/p/x_split_chunk_3-01.wasm\" data-chunk=\"later-controls\"><link rel=\"preload\" as=\"fetch\" crossorigin href=\"/p/x_split_later_controls-01.wasm\" data-chunk=\"later-controls\"><script type=\"application/json\"";
        assert!(page.starts_with(&format!("<body>{links}")), "{page}");
    }
}
