// SPDX-License-Identifier: EUPL-1.2
//! Serving the legal pages beside the portal: `{base}/{slug}` for the deployment's own
//! municipality (`serve --municipality`, Kreis Dithmarschen by default) and
//! `{base}/m/{ars}/{slug}` for every other, `?lang=en` in English.
//!
//! A municipality without documents of its own shows those of the nearest ancestor that
//! has them (Gemeinde → Amt → Kreis): the Kreis runs the portal for its Ämter and
//! Gemeinden unless one says otherwise, and is then the one responsible for it.

use axum::{
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use form_engine::Lang;
use serde_json::Value;

use super::{Doc, Legal, page};
use crate::{AppState, portal::Portal, store::StoreError};

/// The default municipality's ARS: Kreis Dithmarschen, whose portal the demo is.
pub const DEFAULT_ARS: &str = "010510000000";

/// How many ancestors are asked for documents (Gemeinde, Amt, Kreis, Land).
const MAX_ANCESTORS: usize = 4;

/// A request for a legal page: the municipality named in the path (none: the default)
/// and the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LegalPath<'a> {
    pub ars: Option<&'a str>,
    pub doc: Doc,
}

/// The legal page a portal path (below the base path) names, if it names one.
pub fn parse(relative: &str) -> Option<LegalPath<'_>> {
    let path = relative.strip_suffix('/').unwrap_or(relative);
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    match segments.as_slice() {
        [slug] => Some(LegalPath {
            ars: None,
            doc: Doc::from_slug(slug)?,
        }),
        ["m", ars, slug] if crate::ars::is_full(ars) => Some(LegalPath {
            ars: Some(ars),
            doc: Doc::from_slug(slug)?,
        }),
        _ => None,
    }
}

/// `lang=en` in the query: English; anything else German.
fn lang_of(query: Option<&str>) -> Lang {
    let english = query
        .unwrap_or_default()
        .split('&')
        .any(|pair| pair == "lang=en");
    if english { Lang::En } else { Lang::De }
}

/// The municipality's own documents, else the nearest ancestor's; `None` if no one in
/// the line has any, or the municipality is unknown.
async fn documents(
    state: &AppState,
    ars: &str,
) -> Result<Option<(api_types::Municipality, Legal)>, StoreError> {
    let municipalities = state.store.municipalities();
    let Some(municipality) = municipalities.find(ars).await? else {
        return Ok(None);
    };
    let mut next = Some(ars.to_owned());
    for _ in 0..MAX_ANCESTORS {
        let Some(current) = next.take() else { break };
        let Some((legal, parent_ars)) = municipalities.legal(&current).await? else {
            break;
        };
        if let Some(legal) = legal.as_deref() {
            // Checked when it was seeded; a stored text that no longer decodes is an error
            // of the deployment, logged, and the page is missing rather than wrong.
            match serde_json::from_str::<Legal>(legal) {
                Ok(legal) => return Ok(Some((municipality, legal))),
                Err(error) => {
                    tracing::error!(ars = %current, %error, "stored legal documents do not decode");
                    return Ok(None);
                }
            }
        }
        next = parent_ars;
    }
    Ok(None)
}

/// The page for `path`, or `None` when the municipality is unknown or has no documents
/// (the portal then shows its "page not found", as at any other unknown path).
pub async fn respond(
    state: &AppState,
    portal: &Portal,
    path: LegalPath<'_>,
    query: Option<&str>,
    headers: &HeaderMap,
) -> Option<Response> {
    let deployment = &portal.deployment;
    let ars = path.ars.unwrap_or(deployment.home_ars());
    let found = match documents(state, ars).await {
        Ok(found) => found,
        Err(error) => {
            tracing::error!(%error, "legal page: store failed");
            return Some((StatusCode::INTERNAL_SERVER_ERROR, "Internal error\n").into_response());
        }
    };
    let (municipality, legal) = found?;
    let theme = &municipality.theme;
    let name = theme
        .get("display_name")
        .and_then(Value::as_str)
        .unwrap_or(&municipality.name);
    let api = deployment.api_url.as_deref().unwrap_or_default();
    let logo = theme
        .get("logo")
        .is_some_and(Value::is_string)
        .then(|| format!("{api}/api/municipalities/{}/logo", municipality.ars));
    let colors = crate::theme::contrast_report(theme)
        .passes
        .then(|| {
            Some((
                theme.pointer("/colors/primary")?.as_str()?,
                theme.pointer("/colors/secondary")?.as_str()?,
            ))
        })
        .flatten()
        .filter(|(p, s)| {
            crate::theme::parse_hex(p).is_some() && crate::theme::parse_hex(s).is_some()
        });
    let base = &deployment.base_path;
    let (home, pages) = match path.ars {
        Some(ars) => (format!("{base}/m/{ars}/"), format!("{base}/m/{ars}")),
        None => (format!("{base}/"), base.clone()),
    };
    let rendered = page::render(&page::PageContext {
        doc: path.doc,
        lang: lang_of(query),
        legal: &legal,
        portal_name: name,
        logo_url: logo.as_deref(),
        colors,
        stylesheets: &portal.app.stylesheets,
        portal_home: &home,
        pages: &pages,
        retention: &state.retention,
    });
    // Made per answer: compressed quickly and only as asked (the strongest settings, as
    // for the files made at start, cost milliseconds of CPU per request).
    let html = rendered.html;
    let mut response = crate::portal::respond_made(
        headers,
        crate::portal::strong_etag(html.as_bytes()),
        "text/html; charset=utf-8",
        crate::assets::REVALIDATE,
        || html,
    );
    if let Ok(policy) = HeaderValue::from_str(&policy(&rendered.style_hashes, api)) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    Some(response)
}

/// The page's policy: no script at all, its own inline style by hash, the portal's
/// stylesheets, fonts and the logo.
fn policy(style_hashes: &[String], api_origin: &str) -> String {
    let styles: String = style_hashes.iter().map(|h| format!(" '{h}'")).collect();
    let api = if api_origin.is_empty() {
        String::new()
    } else {
        format!(" {api_origin}")
    };
    format!(
        "default-src 'none'; style-src 'self'{styles}; img-src 'self' data:{api}; \
         font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legal_paths_name_a_page_and_maybe_a_municipality() {
        assert_eq!(
            parse("/impressum"),
            Some(LegalPath {
                ars: None,
                doc: Doc::Imprint
            })
        );
        assert_eq!(
            parse("/m/010510044044/leichte-sprache/"),
            Some(LegalPath {
                ars: Some("010510044044"),
                doc: Doc::AccessibilityEasy
            })
        );
        for other in [
            "/",
            "/services/1",
            "/m/0105/impressum",
            "/m/01051004404x/impressum",
            "/m/010510044044/",
            "/m/010510044044/services/1",
            "/impressum/x",
        ] {
            assert_eq!(parse(other), None, "{other}");
        }
    }

    #[test]
    fn english_only_when_asked_for() {
        assert_eq!(lang_of(Some("lang=en")), Lang::En);
        assert_eq!(lang_of(Some("x=1&lang=en")), Lang::En);
        assert_eq!(lang_of(Some("lang=fr")), Lang::De);
        assert_eq!(lang_of(None), Lang::De);
    }

    #[test]
    fn the_policy_allows_no_script() {
        let policy = policy(&["sha256-x".into()], "https://api.example");
        assert!(policy.starts_with("default-src 'none'; style-src 'self' 'sha256-x';"));
        assert!(policy.contains("img-src 'self' data: https://api.example;"));
        assert!(!policy.contains("script-src"));
    }
}
