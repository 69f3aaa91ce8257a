// SPDX-License-Identifier: EUPL-1.2
//! A municipality's legal and accessibility pages (issue #18): Impressum,
//! Datenschutzerklärung, Erklärung zur Barrierefreiheit (BITV 2.0) and its explanation in
//! Leichte Sprache, as DATA (`legal` of a municipality in the catalogue, stored as JSON in
//! `municipalities.legal`), never as text written into code per municipality.
//!
//! A document is a list of blocks (heading, paragraph, list) per language; the server
//! renders them as plain HTML pages ([`page`], served by [`serve`]), escaping every
//! character of the data: a document can never carry markup. Served by the server, not by
//! the WASM portal, so that the pages cost the portal's bundle nothing, load and print
//! without JavaScript (the accessibility statement must be reachable even where the app
//! fails), and work as ordinary links from every embedding (docs/EMBEDDING.md).
//!
//! The privacy notice says how long the relay keeps an application: its paragraphs may
//! name the deployment's retention settings (`serve --retention-…`) as placeholders
//! ([`PLACEHOLDERS`]), which are filled in when the page is rendered, so the text always
//! says what this deployment does.

pub mod page;
pub mod serve;

use serde::{Deserialize, Serialize};

/// Most blocks in one document of one language.
pub const MAX_BLOCKS: usize = 200;
/// Most items in one list.
pub const MAX_LIST_ITEMS: usize = 50;
/// Longest text of one block or list item, in characters.
pub const MAX_TEXT_CHARS: usize = 4000;

/// The placeholders a text may contain, filled from the retention settings.
pub const PLACEHOLDERS: [&str; 3] = ["{decided_days}", "{unfetched_days}", "{draft_hours}"];

/// The legal documents of a municipality's portal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Legal {
    pub imprint: Document,
    pub privacy: Document,
    pub accessibility: Document,
    /// The accessibility statement's explanation in Leichte Sprache (German only: Leichte
    /// Sprache is a form of German).
    pub accessibility_easy: Vec<Block>,
}

/// One document in German and English.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub de: Vec<Block>,
    pub en: Vec<Block>,
}

/// A part of a document: `{"heading": "…"}`, `{"paragraph": "…"}` or `{"list": ["…"]}`.
/// Text only; a line starting with nothing special is just text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Block {
    Heading(String),
    Paragraph(String),
    List(Vec<String>),
}

/// The pages, by their path segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Doc {
    Imprint,
    Privacy,
    Accessibility,
    AccessibilityEasy,
}

impl Doc {
    pub const ALL: [Doc; 4] = [
        Doc::Imprint,
        Doc::Privacy,
        Doc::Accessibility,
        Doc::AccessibilityEasy,
    ];

    /// The page's path segment (German, as the citizens' addresses are).
    pub fn slug(self) -> &'static str {
        match self {
            Doc::Imprint => "impressum",
            Doc::Privacy => "datenschutz",
            Doc::Accessibility => "barrierefreiheit",
            Doc::AccessibilityEasy => "leichte-sprache",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Doc> {
        Doc::ALL.into_iter().find(|doc| doc.slug() == slug)
    }

    /// The page's title (and footer link) in `lang`.
    pub fn title(self, lang: form_engine::Lang) -> &'static str {
        use form_engine::Lang::{De, En};
        match (self, lang) {
            (Doc::Imprint, De) => "Impressum",
            (Doc::Imprint, En) => "Legal notice",
            (Doc::Privacy, De) => "Datenschutzerklärung",
            (Doc::Privacy, En) => "Privacy policy",
            (Doc::Accessibility, De) => "Erklärung zur Barrierefreiheit",
            (Doc::Accessibility, En) => "Accessibility statement",
            (Doc::AccessibilityEasy, De) => "Barrierefreiheit in Leichter Sprache",
            (Doc::AccessibilityEasy, En) => "Accessibility in Easy German (Leichte Sprache)",
        }
    }
}

/// A document that does not fit the bounds, with where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("legal.{path}: {problem}")]
pub struct LegalError {
    /// `privacy.de[3]`, `accessibility_easy[0]`.
    pub path: String,
    pub problem: String,
}

impl Legal {
    /// The blocks of `doc` in `lang` (the Leichte Sprache page is German in both).
    pub fn blocks(&self, doc: Doc, lang: form_engine::Lang) -> &[Block] {
        let document = match doc {
            Doc::Imprint => &self.imprint,
            Doc::Privacy => &self.privacy,
            Doc::Accessibility => &self.accessibility,
            Doc::AccessibilityEasy => return &self.accessibility_easy,
        };
        match lang {
            form_engine::Lang::De => &document.de,
            form_engine::Lang::En => &document.en,
        }
    }

    /// Checks what the pages rely on: every document present in both languages and
    /// within bounds, starting with no heading of its own (the page's title is its
    /// heading), no unknown `{placeholder}`.
    pub fn check(&self) -> Result<(), LegalError> {
        let documents = [
            ("imprint.de", &self.imprint.de),
            ("imprint.en", &self.imprint.en),
            ("privacy.de", &self.privacy.de),
            ("privacy.en", &self.privacy.en),
            ("accessibility.de", &self.accessibility.de),
            ("accessibility.en", &self.accessibility.en),
            ("accessibility_easy", &self.accessibility_easy),
        ];
        for (path, blocks) in documents {
            check_blocks(path, blocks)?;
        }
        Ok(())
    }
}

fn check_blocks(path: &str, blocks: &[Block]) -> Result<(), LegalError> {
    let error = |path: String, problem: &str| LegalError {
        path,
        problem: problem.to_owned(),
    };
    if blocks.is_empty() {
        return Err(error(path.to_owned(), "the document is empty"));
    }
    if blocks.len() > MAX_BLOCKS {
        return Err(error(
            path.to_owned(),
            &format!("more than {MAX_BLOCKS} blocks"),
        ));
    }
    for (i, block) in blocks.iter().enumerate() {
        let at = format!("{path}[{i}]");
        let texts: Vec<&String> = match block {
            Block::Heading(text) | Block::Paragraph(text) => vec![text],
            Block::List(items) if items.is_empty() => return Err(error(at, "the list is empty")),
            Block::List(items) if items.len() > MAX_LIST_ITEMS => {
                return Err(error(at, &format!("more than {MAX_LIST_ITEMS} items")));
            }
            Block::List(items) => items.iter().collect(),
        };
        for text in texts {
            check_text(text).map_err(|problem| error(at.clone(), &problem))?;
        }
    }
    Ok(())
}

fn check_text(text: &str) -> Result<(), String> {
    if text.trim().is_empty() {
        return Err("a text is empty".into());
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(format!("a text is longer than {MAX_TEXT_CHARS} characters"));
    }
    if text.chars().any(|c| c.is_control() && c != '\n') {
        return Err("a text contains a control character".into());
    }
    // Every `{…}` must be a known placeholder: a typo would otherwise show as it is.
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let candidate = &rest[start..];
        match PLACEHOLDERS.iter().find(|p| candidate.starts_with(**p)) {
            Some(p) => rest = &candidate[p.len()..],
            None => {
                return Err(format!(
                    "unknown placeholder at {:?}; known are {}",
                    crate::shorten::to_chars(candidate, 20),
                    PLACEHOLDERS.join(", ")
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(blocks: Vec<Block>) -> Document {
        Document {
            de: blocks.clone(),
            en: blocks,
        }
    }

    fn legal(blocks: Vec<Block>) -> Legal {
        Legal {
            imprint: doc(blocks.clone()),
            privacy: doc(blocks.clone()),
            accessibility: doc(blocks.clone()),
            accessibility_easy: blocks,
        }
    }

    #[test]
    fn blocks_decode_from_their_json_shape() {
        let blocks: Vec<Block> =
            serde_json::from_str(r#"[{"heading": "A"}, {"paragraph": "B"}, {"list": ["C", "D"]}]"#)
                .unwrap();
        assert_eq!(
            blocks,
            [
                Block::Heading("A".into()),
                Block::Paragraph("B".into()),
                Block::List(vec!["C".into(), "D".into()])
            ]
        );
        assert!(serde_json::from_str::<Block>(r#"{"html": "<b>x</b>"}"#).is_err());
    }

    #[test]
    fn documents_within_bounds_pass_and_others_are_named_precisely() {
        let fine = legal(vec![Block::Paragraph(
            "Kept {decided_days} days, drafts {draft_hours} hours.".into(),
        )]);
        assert_eq!(fine.check(), Ok(()));

        let mut empty = fine.clone();
        empty.privacy.en.clear();
        assert_eq!(empty.check().unwrap_err().path, "privacy.en");

        let mut typo = fine.clone();
        typo.accessibility_easy
            .push(Block::Paragraph("{decided_dys} Tage".into()));
        let error = typo.check().unwrap_err();
        assert_eq!(error.path, "accessibility_easy[1]");
        assert!(error.problem.contains("unknown placeholder"), "{error}");

        let mut long = fine.clone();
        long.imprint.de = vec![Block::List(vec!["x".repeat(MAX_TEXT_CHARS + 1)])];
        assert_eq!(long.check().unwrap_err().path, "imprint.de[0]");

        let mut no_items = fine;
        no_items.imprint.en = vec![Block::List(vec![])];
        assert_eq!(no_items.check().unwrap_err().problem, "the list is empty");
    }

    #[test]
    fn slugs_name_each_page_once() {
        for doc in Doc::ALL {
            assert_eq!(Doc::from_slug(doc.slug()), Some(doc));
        }
        assert_eq!(Doc::from_slug("index.html"), None);
    }
}
