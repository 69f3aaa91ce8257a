// SPDX-License-Identifier: EUPL-1.2
//! The portal's pages by path, in one place for the portal's router (`src/route.rs`),
//! which shows them, and the server, which answers a path that names none with 404 (and
//! the portal's "page not found" in the body), so that search engines, link checkers and
//! the browser's own error handling learn what the citizen sees.
//!
//! A page here is the shape of a path only: whether its service or receipt exists is the
//! API's to say when the page asks for it.

/// A page of the portal (or of the designers' preview, under `/preview`), with the
/// path's parameters as written.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum PortalPage<'a> {
    /// `/`: the catalogue (its filters are in the query).
    Catalogue,
    /// `/services/:leika`
    Service { leika: &'a str },
    /// `/services/:leika/form/:page` (`leika` set) or `/preview/form/:page` (none):
    /// `page` is a step's number from 1 or `check`, as written.
    Form {
        leika: Option<&'a str>,
        page: &'a str,
    },
    /// `/receipt/:reference`
    Receipt { reference: &'a str },
    /// `/preview/`: the designers' workbench.
    Workbench,
    /// `/preview/embed`: how to embed the portal.
    EmbedGuide,
}

impl<'a> PortalPage<'a> {
    /// The page of a path below the portal's root (no query or fragment; empty segments,
    /// as of a trailing slash, are ignored), or `None` where the path names no page.
    pub fn parse(path: &'a str) -> Option<PortalPage<'a>> {
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let page = match segments.as_slice() {
            [] => PortalPage::Catalogue,
            ["services", leika] => PortalPage::Service { leika },
            ["services", leika, "form", page] => PortalPage::Form {
                leika: Some(leika),
                page,
            },
            ["receipt", reference] => PortalPage::Receipt { reference },
            ["preview"] => PortalPage::Workbench,
            ["preview", "embed"] => PortalPage::EmbedGuide,
            ["preview", "form", page] => PortalPage::Form { leika: None, page },
            _ => return None,
        };
        Some(page)
    }

    /// A page of the designers' preview, not of the citizens' portal.
    pub fn in_preview(&self) -> bool {
        matches!(
            self,
            PortalPage::Workbench | PortalPage::EmbedGuide | PortalPage::Form { leika: None, .. }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::PortalPage;

    #[test]
    fn paths_name_their_pages() {
        for (path, page) in [
            ("", PortalPage::Catalogue),
            ("/", PortalPage::Catalogue),
            ("/services/991", PortalPage::Service { leika: "991" }),
            ("/services/991/", PortalPage::Service { leika: "991" }),
            (
                "/services/991/form/2",
                PortalPage::Form {
                    leika: Some("991"),
                    page: "2",
                },
            ),
            (
                "/services/991/form/check",
                PortalPage::Form {
                    leika: Some("991"),
                    page: "check",
                },
            ),
            ("/receipt/ab-12", PortalPage::Receipt { reference: "ab-12" }),
            ("/preview", PortalPage::Workbench),
            ("/preview/", PortalPage::Workbench),
            ("/preview/embed", PortalPage::EmbedGuide),
            (
                "/preview/form/1",
                PortalPage::Form {
                    leika: None,
                    page: "1",
                },
            ),
        ] {
            assert_eq!(PortalPage::parse(path), Some(page), "{path}");
        }
    }

    #[test]
    fn other_paths_name_none() {
        for path in [
            "/gibt-es-nicht",
            "/services",
            "/services/991/form",
            "/services/991/antrag/1",
            "/services/991/form/1/more",
            "/receipt",
            "/receipt/a/b",
            "/preview/embed/more",
            "/preview/form",
            "/preview/other",
            "/index.html/x",
            "/a/b/c/d/e/f",
        ] {
            assert_eq!(PortalPage::parse(path), None, "{path}");
        }
        assert!(PortalPage::parse("/preview/embed").is_some_and(|p| p.in_preview()));
        assert!(!PortalPage::parse("/services/1/form/1").is_some_and(|p| p.in_preview()));
    }
}
