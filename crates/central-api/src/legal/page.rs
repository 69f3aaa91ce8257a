// SPDX-License-Identifier: EUPL-1.2
//! One legal page as plain HTML: the portal's header (the municipality's name, logo and
//! colours), the document's blocks, and the footer linking every legal page, in the
//! portal's stylesheets. Every text from data is escaped here ([`escape`]); the only markup
//! is this module's own. No script at all.

use std::fmt::Write;

use base64::{Engine, engine::general_purpose::STANDARD};
use form_engine::Lang;
use sha2::{Digest, Sha256};

use super::{Block, Doc, Legal};
use crate::retention::Retention;

/// What a page shows besides its document.
#[derive(Debug)]
pub struct PageContext<'a> {
    pub doc: Doc,
    pub lang: Lang,
    pub legal: &'a Legal,
    /// The portal's name as the header shows it (the municipality's display name).
    pub portal_name: &'a str,
    /// The logo's address, if the municipality has one.
    pub logo_url: Option<&'a str>,
    /// The primary and secondary colour, only where they pass the contrast check.
    pub colors: Option<(&'a str, &'a str)>,
    /// The portal's stylesheets (addresses as `index.html` names them, with the base path).
    pub stylesheets: &'a [String],
    /// The address of the portal's start page for this municipality.
    pub portal_home: &'a str,
    /// The address prefix of the legal pages (`/m/010510000000`, or `""` for the default
    /// municipality at the root): a page is `{pages}/{slug}`.
    pub pages: &'a str,
    pub retention: &'a Retention,
}

/// A rendered page and the hashes (`sha256-…`) of its inline style, for its policy.
#[derive(Debug)]
pub struct RenderedPage {
    pub html: String,
    pub style_hashes: Vec<String>,
}

/// Escapes text for HTML content and quoted attribute values: `&`, `<`, `>`, `"` and `'`.
pub fn escape(text: &str) -> String {
    html_escape::encode_quoted_attribute(text).into_owned()
}

/// The page's language tag.
fn tag(lang: Lang) -> &'static str {
    match lang {
        Lang::De => "de",
        Lang::En => "en",
    }
}

/// `{pages}/{slug}` in `lang` (German is the default and needs no query).
pub fn page_href(pages: &str, doc: Doc, lang: Lang) -> String {
    match lang {
        Lang::De => format!("{pages}/{}", doc.slug()),
        Lang::En => format!("{pages}/{}?lang=en", doc.slug()),
    }
}

/// A number of days or hours as the language writes it: whole numbers plain, else one
/// decimal (German with a comma).
fn number(value: f64, lang: Lang) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        let text = format!("{value:.1}");
        match lang {
            Lang::De => text.replace('.', ","),
            Lang::En => text,
        }
    }
}

/// `text` escaped, with the retention placeholders filled in, line breaks as `<br>`, and
/// e-mail addresses and `https://` addresses as links.
fn inline(text: &str, lang: Lang, retention: &Retention) -> String {
    const DAY: f64 = 24.0 * 60.0 * 60.0;
    let filled = text
        .replace(
            "{decided_days}",
            &number(retention.after_decision.as_secs_f64() / DAY, lang),
        )
        .replace(
            "{unfetched_days}",
            &number(retention.unfetched.as_secs_f64() / DAY, lang),
        )
        .replace(
            "{draft_hours}",
            &number(retention.drafts.as_secs_f64() / 3600.0, lang),
        );
    let mut out = String::new();
    for (i, line) in filled.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        for (j, word) in line.split(' ').enumerate() {
            if j > 0 {
                out.push(' ');
            }
            out.push_str(&linked(word));
        }
    }
    out
}

/// A word escaped, as a link if it is an e-mail or `https://` address (a trailing
/// full stop or comma stays outside the link).
fn linked(word: &str) -> String {
    let core = word.trim_end_matches(['.', ',', ';', ')']);
    let tail = &word[core.len()..];
    let safe = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"@.-_+/:%?=&#~".contains(&b))
    };
    let href = if core.starts_with("https://") && core.len() > 8 && safe(core) {
        Some(core.to_owned())
    } else if let Some((user, host)) = core.split_once('@')
        && !user.is_empty()
        && host.contains('.')
        && !host.starts_with('.')
        && safe(core)
        && !core.contains('/')
    {
        Some(format!("mailto:{core}"))
    } else {
        None
    };
    match href {
        Some(href) => format!(
            "<a href=\"{}\">{}</a>{}",
            escape(&href),
            escape(core),
            escape(tail)
        ),
        None => escape(word),
    }
}

fn blocks(out: &mut String, blocks: &[Block], lang: Lang, retention: &Retention) {
    for block in blocks {
        match block {
            Block::Heading(text) => {
                let _ = write!(out, "<h2>{}</h2>", inline(text, lang, retention));
            }
            Block::Paragraph(text) => {
                let _ = write!(out, "<p>{}</p>", inline(text, lang, retention));
            }
            Block::List(items) => {
                out.push_str("<ul>");
                for item in items {
                    let _ = write!(out, "<li>{}</li>", inline(item, lang, retention));
                }
                out.push_str("</ul>");
            }
        }
    }
}

/// The footer with every legal page, the current one marked (also on the portal's pages,
/// `src/footer.rs`, with the same classes).
pub fn footer(out: &mut String, pages: &str, lang: Lang, current: Option<Doc>) {
    let label = match lang {
        Lang::De => "Rechtliches und Barrierefreiheit",
        Lang::En => "Legal and accessibility",
    };
    let _ = write!(
        out,
        "<footer class=\"site-footer\"><nav class=\"site-footer__inner\" aria-label=\"{label}\"><ul class=\"site-footer__links\">"
    );
    for doc in Doc::ALL {
        let current = if current == Some(doc) {
            " aria-current=\"page\""
        } else {
            ""
        };
        // The Leichte Sprache page is German whatever the language of the rest.
        let page_lang = if doc == Doc::AccessibilityEasy && lang == Lang::En {
            " hreflang=\"de\""
        } else {
            ""
        };
        let _ = write!(
            out,
            "<li><a href=\"{}\"{current}{page_lang}>{}</a></li>",
            escape(&page_href(pages, doc, lang)),
            escape(doc.title(lang))
        );
    }
    out.push_str("</ul></nav></footer>");
}

/// The whole page.
pub fn render(page: &PageContext) -> RenderedPage {
    let lang = page.lang;
    let other = match lang {
        Lang::De => Lang::En,
        Lang::En => Lang::De,
    };
    let title = page.doc.title(lang);
    let mut style_hashes = Vec::new();
    let mut out = String::with_capacity(16 * 1024);
    let _ = write!(
        out,
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{} – {}</title>",
        tag(lang),
        escape(title),
        escape(page.portal_name)
    );
    for sheet in page.stylesheets {
        let _ = write!(out, "<link rel=\"stylesheet\" href=\"{}\">", escape(sheet));
    }
    if let Some((primary, secondary)) = page.colors {
        // Colours checked as `#rgb`/`#rrggbb` by the seed; the policy allows exactly this
        // style by its hash.
        let style = format!(
            ":root{{--kern-color-action-default:{primary};--kern-color-action-default-contextual:{primary};--bp-color-accent:{secondary}}}"
        );
        style_hashes.push(format!(
            "sha256-{}",
            STANDARD.encode(Sha256::digest(style.as_bytes()))
        ));
        let _ = write!(out, "<style>{style}</style>");
    }
    let (skip, back, switch, other_name) = match lang {
        Lang::De => (
            "Zum Inhalt springen",
            "Zurück zum Bürgerportal",
            "Sprache wechseln",
            "English",
        ),
        Lang::En => (
            "Skip to content",
            "Back to the citizen portal",
            "Change language",
            "Deutsch",
        ),
    };
    let _ = write!(
        out,
        "</head><body><a class=\"skip-link\" href=\"#main\">{skip}</a>\
         <header class=\"kern-kopfzeile site-header\"><div class=\"kern-kopfzeile__content site-header__inner\">\
         <a class=\"site-header__name\" href=\"{}\">",
        escape(page.portal_home)
    );
    if let Some(logo) = page.logo_url {
        // Decoration beside the name, which says the same.
        let _ = write!(
            out,
            "<img class=\"site-header__logo\" alt=\"\" src=\"{}\">",
            escape(logo)
        );
    }
    let _ = write!(
        out,
        "{}</a><a class=\"kern-btn kern-btn--secondary language-switch\" href=\"{}\" hreflang=\"{}\">\
         <span class=\"visually-hidden\">{switch}: </span><span lang=\"{}\">{other_name}</span></a></div></header>\
         <main id=\"main\" class=\"site-main\" tabindex=\"-1\">\
         <p><a class=\"back-link\" href=\"{}\">{back}</a></p>\
         <h1 class=\"kern-heading-large page-title\">{}</h1>",
        escape(page.portal_name),
        escape(&page_href(page.pages, page.doc, other)),
        tag(other),
        tag(other),
        escape(page.portal_home),
        escape(title)
    );
    // The Leichte Sprache text is German on the English page as well.
    let content_lang = if page.doc == Doc::AccessibilityEasy {
        Lang::De
    } else {
        lang
    };
    let _ = write!(
        out,
        "<div class=\"legal-text\" lang=\"{}\">",
        tag(content_lang)
    );
    blocks(
        &mut out,
        page.legal.blocks(page.doc, lang),
        content_lang,
        page.retention,
    );
    out.push_str("</div></main>");
    footer(&mut out, page.pages, lang, Some(page.doc));
    out.push_str("</body></html>");
    RenderedPage {
        html: out,
        style_hashes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::legal::Document;

    fn legal() -> Legal {
        let doc = |text: &str| Document {
            de: vec![Block::Paragraph(text.into())],
            en: vec![Block::Paragraph(format!("EN {text}"))],
        };
        Legal {
            imprint: doc("<script>alert(1)</script> & \"Amt\""),
            privacy: doc("{decided_days} Tage, {draft_hours} Stunden, {unfetched_days}"),
            accessibility: doc("Kontakt: barrierefreiheit@dithmarschen.example."),
            accessibility_easy: vec![
                Block::Heading("Was ist Barrierefreiheit?".into()),
                Block::List(vec!["Zeile 1\nZeile 2".into()]),
            ],
        }
    }

    fn render_doc(doc: Doc, lang: Lang) -> RenderedPage {
        let legal = legal();
        let retention = Retention {
            drafts: std::time::Duration::from_secs(90 * 60),
            ..Retention::default()
        };
        render(&PageContext {
            doc,
            lang,
            legal: &legal,
            portal_name: "Bürgerportal <Kreis>",
            logo_url: Some("/api/municipalities/010510000000/logo"),
            colors: Some(("#00527a", "#e2001a")),
            stylesheets: &["/kern-1.css".into()],
            portal_home: "/m/010510000000/",
            pages: "/m/010510000000",
            retention: &retention,
        })
    }

    #[test]
    fn every_text_from_data_is_escaped() {
        let page = render_doc(Doc::Imprint, Lang::De);
        assert!(
            page.html
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Amt&quot;")
        );
        assert!(!page.html.contains("<script"));
        assert!(
            page.html
                .contains("<title>Impressum – Bürgerportal &lt;Kreis&gt;</title>")
        );
    }

    #[test]
    fn retention_placeholders_are_filled_in_the_page_language() {
        let de = render_doc(Doc::Privacy, Lang::De).html;
        assert!(de.contains("<p>7 Tage, 1,5 Stunden, 30</p>"), "{de}");
        let en = render_doc(Doc::Privacy, Lang::En).html;
        assert!(en.contains("<p>EN 7 Tage, 1.5 Stunden, 30</p>"), "{en}");
    }

    #[test]
    fn addresses_become_links_and_lines_breaks() {
        let page = render_doc(Doc::Accessibility, Lang::De).html;
        assert!(page.contains(
            "<a href=\"mailto:barrierefreiheit@dithmarschen.example\">barrierefreiheit@dithmarschen.example</a>."
        ));
        let easy = render_doc(Doc::AccessibilityEasy, Lang::En).html;
        assert!(easy.contains("<html lang=\"en\""));
        assert!(easy.contains("<div class=\"legal-text\" lang=\"de\"><h2>"));
        assert!(easy.contains("<li>Zeile 1<br>Zeile 2</li>"));
        assert_eq!(
            linked("https://x.example/a\"b"),
            "https://x.example/a&quot;b"
        );
    }

    #[test]
    fn the_footer_links_every_page_and_marks_the_current_one() {
        let page = render_doc(Doc::Privacy, Lang::En);
        for doc in Doc::ALL {
            let href = page_href("/m/010510000000", doc, Lang::En);
            assert!(page.html.contains(&format!("href=\"{href}\"")), "{href}");
        }
        assert!(page.html.contains(
            "href=\"/m/010510000000/datenschutz?lang=en\" aria-current=\"page\">Privacy policy"
        ));
        // The language switch leads to the same page in German.
        assert!(
            page.html
                .contains("href=\"/m/010510000000/datenschutz\" hreflang=\"de\"")
        );
        assert_eq!(page.style_hashes.len(), 1);
    }
}
