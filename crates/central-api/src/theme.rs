// SPDX-License-Identifier: EUPL-1.2
//! A municipality's look: WCAG 2.1 contrast of its colours, the logo carried as a
//! `data:` URL, and the checks the seed applies to both.
//!
//! Contrast follows <https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio>: every theme colour
//! must reach AA for normal text (4.5:1) against white, because the portal uses it both
//! as text on the white page and as the background of buttons with white text.

use base64::{
    Engine,
    engine::general_purpose::{STANDARD, STANDARD_NO_PAD},
};
use serde::Serialize;
use serde_json::Value;

/// WCAG 2.1 AA for normal text.
pub const AA_NORMAL_TEXT: f64 = 4.5;
/// The colour every theme colour is judged against.
pub const WHITE: &str = "#ffffff";
/// The theme colours, by their key in `theme.colors`.
pub const COLOR_ROLES: [&str; 2] = ["primary", "secondary"];
/// Largest accepted logo, decoded.
pub const MAX_LOGO_BYTES: usize = 64 * 1024;

/// An sRGB colour.
pub type Rgb = (u8, u8, u8);

/// A colour as `#rgb` or `#rrggbb` (case-insensitive), nothing around it: what is
/// accepted here is stored and written into the portal's CSS as it is.
pub fn parse_hex(colour: &str) -> Option<Rgb> {
    let hex = colour.strip_prefix('#')?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |s: &str| u8::from_str_radix(s, 16).ok();
    match hex.len() {
        3 => {
            let digit = |i: usize| channel(&hex[i..=i]).map(|d| d * 17);
            Some((digit(0)?, digit(1)?, digit(2)?))
        }
        6 => Some((
            channel(&hex[0..2])?,
            channel(&hex[2..4])?,
            channel(&hex[4..6])?,
        )),
        _ => None,
    }
}

/// Relative luminance of an sRGB colour, 0 (black) to 1 (white).
pub fn relative_luminance((r, g, b): Rgb) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

/// Contrast ratio of two colours, 1 to 21.
pub fn contrast_ratio(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    let (light, dark) = if la > lb { (la, lb) } else { (lb, la) };
    (light + 0.05) / (dark + 0.05)
}

/// The contrast report of a theme, as the API sends it in `theme.contrast`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContrastReport {
    /// No problems.
    pub passes: bool,
    pub problems: Vec<ContrastProblem>,
}

/// A theme colour that does not reach the required ratio.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContrastProblem {
    /// The colour's role: `primary` or `secondary`.
    pub color: String,
    /// The colour as the theme gives it.
    pub value: String,
    /// The colour it was judged against.
    pub against: String,
    /// The ratio, to two decimals; never shown as reaching `required` when it does not.
    pub ratio: f64,
    pub required: f64,
}

/// A ratio to two decimals for display: rounded (#777 on white: 4.478 → 4.48), except
/// that a failing ratio is never rounded up to the requirement (4.496 → 4.49, not 4.5).
pub fn display_ratio(ratio: f64, required: f64) -> f64 {
    let rounded = (ratio * 100.0).round() / 100.0;
    if ratio < required && rounded >= required {
        (ratio * 100.0).floor() / 100.0
    } else {
        rounded
    }
}

/// The contrast report of a `theme` object (`{colors: {primary, secondary}}`): every colour
/// against white at 4.5:1. A colour that is missing or not `#rgb`/`#rrggbb` is a problem
/// with ratio 1 (it cannot be shown), which the seed refuses anyway.
pub fn contrast_report(theme: &Value) -> ContrastReport {
    let white = parse_hex(WHITE).expect("white parses");
    let problems: Vec<ContrastProblem> = COLOR_ROLES
        .iter()
        .filter_map(|role| {
            let value = theme
                .pointer(&format!("/colors/{role}"))
                .and_then(Value::as_str)
                .unwrap_or_default();
            let ratio = parse_hex(value).map_or(1.0, |c| contrast_ratio(c, white));
            (ratio < AA_NORMAL_TEXT).then(|| ContrastProblem {
                color: (*role).to_owned(),
                value: value.to_owned(),
                against: WHITE.to_owned(),
                ratio: display_ratio(ratio, AA_NORMAL_TEXT),
                required: AA_NORMAL_TEXT,
            })
        })
        .collect();
    ContrastReport {
        passes: problems.is_empty(),
        problems,
    }
}

/// A decoded logo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    /// `image/svg+xml` or `image/png`.
    pub media_type: &'static str,
    pub bytes: Vec<u8>,
}

/// Why a logo `data:` URL is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LogoError {
    #[error("the logo is not a data: URL (it starts with {0:?})")]
    NotDataUrl(String),
    #[error("the logo data: URL has no comma between media type and data")]
    NoComma,
    #[error("the logo's media type is {0:?}; accepted are image/svg+xml and image/png")]
    MediaType(String),
    #[error("the logo's percent-encoding is broken at byte {0} of its data")]
    PercentEncoding(usize),
    #[error("the logo's base64 data does not decode: {0}")]
    Base64(String),
    #[error("the logo is {0} bytes decoded; at most {MAX_LOGO_BYTES} are accepted")]
    TooLarge(usize),
    #[error("the logo says image/png but is no PNG (wrong signature)")]
    NotPng,
    #[error("the logo says image/svg+xml but is not UTF-8 text with an <svg element")]
    NotSvg,
    #[error("the SVG logo is not well-formed XML without a DTD: {0}")]
    SvgSyntax(String),
    #[error("the SVG logo contains {0}, which a logo does not need and is not accepted")]
    UnsafeSvg(String),
    #[error(
        "the SVG logo contains the processing instruction <?{0} …?>, which can load a stylesheet; only the XML declaration is accepted"
    )]
    ProcessingInstruction(String),
    #[error(
        "the SVG logo's CSS ({0}) contains a backslash escape, which can hide what it loads; write it without escapes"
    )]
    CssEscape(String),
    #[error("the SVG logo's CSS ({place}) uses {what}, which loads from outside the logo")]
    CssLoad { place: String, what: &'static str },
}

/// Elements an SVG logo may not have: scripts, embedded HTML (a `<foreignObject>` can
/// hold a phishing form on the portal's origin when the logo is opened on its own),
/// other documents, and animations that can set attributes (`href` to `javascript:`).
const FORBIDDEN_SVG_ELEMENTS: &[&str] = &[
    "script",
    "foreignObject",
    "iframe",
    "embed",
    "object",
    "handler",
    "listener",
    "animate",
    "set",
    "animateMotion",
    "animateTransform",
    "discard",
];

/// Checks an SVG logo: well-formed XML without a DTD (no entities) and without processing
/// instructions (`<?xml-stylesheet?>`), an `<svg>` root, none of
/// [`FORBIDDEN_SVG_ELEMENTS`], no event attributes (`on…`), no references out of the
/// document (`href`s other than `#fragment`, and in CSS, see [`check_css`]).
/// Refused rather than cleaned: the municipality fixes its file and knows what it serves.
pub fn check_svg(text: &str) -> Result<(), LogoError> {
    let document = roxmltree::Document::parse_with_options(
        text,
        roxmltree::ParsingOptions {
            allow_dtd: false,
            ..roxmltree::ParsingOptions::default()
        },
    )
    .map_err(|e| LogoError::SvgSyntax(e.to_string()))?;
    if document.root_element().tag_name().name() != "svg" {
        return Err(LogoError::NotSvg);
    }
    for node in document.descendants() {
        // The XML declaration (`<?xml version="1.0"?>`) is no node here; every other
        // processing instruction is one.
        if let Some(pi) = node.pi() {
            return Err(LogoError::ProcessingInstruction(crate::shorten::to_chars(
                pi.target, 40,
            )));
        }
        if !node.is_element() {
            continue;
        }
        let name = node.tag_name().name();
        if FORBIDDEN_SVG_ELEMENTS
            .iter()
            .any(|f| f.eq_ignore_ascii_case(name))
        {
            return Err(LogoError::UnsafeSvg(format!("a <{name}> element")));
        }
        if name == "style" {
            // The style sheet is the element's whole text: a comment or a CDATA section
            // between `u` and `rl(` vanishes from it, so the pieces are checked joined.
            let sheet: String = node
                .descendants()
                .filter(|n| n.is_text())
                .filter_map(|n| n.text())
                .collect();
            check_css(&sheet, || "a <style> element".to_owned())?;
        }
        for attribute in node.attributes() {
            let attr = attribute.name();
            if attr.len() > 2 && attr[..2].eq_ignore_ascii_case("on") {
                return Err(LogoError::UnsafeSvg(format!("an event attribute ({attr})")));
            }
            if attr.eq_ignore_ascii_case("href") && !attribute.value().trim().starts_with('#') {
                return Err(LogoError::UnsafeSvg(format!(
                    "a reference out of the logo (<{name} href=\"{}\">)",
                    crate::shorten::to_chars(attribute.value(), 40)
                )));
            }
            // Attributes of no namespace are SVG's own: `style` and the presentation
            // attributes (`fill`, `filter`, `mask`, …) are read as CSS. Those of other
            // namespaces (an editor's `inkscape:export-filename="C:\…"`) are not, but a
            // `url(` there is refused all the same, as before.
            if attribute.namespace().is_none() {
                check_css(attribute.value(), || {
                    format!("the {attr} attribute of <{name}>")
                })?;
            } else if let Some(what) = css_load(attribute.value()) {
                return Err(LogoError::CssLoad {
                    place: format!("the {attr} attribute of <{name}>"),
                    what,
                });
            }
        }
    }
    Ok(())
}

/// CSS of a logo (a `<style>` sheet or an attribute's value; `place` names it for the
/// error): no backslash escapes, with which `u\72l(` is `url(` and `@\69mport` is
/// `@import` to a browser but not to a search for them, and nothing that loads
/// ([`css_load`]).
fn check_css(css: &str, place: impl Fn() -> String) -> Result<(), LogoError> {
    if css.contains('\\') {
        return Err(LogoError::CssEscape(place()));
    }
    match css_load(css) {
        Some(what) => Err(LogoError::CssLoad {
            place: place(),
            what,
        }),
        None => Ok(()),
    }
}

/// What in `css` loads from elsewhere, in any case (CSS's names are ASCII
/// case-insensitive): `@import`, `image-set(` (whose strings are addresses, with or
/// without `url`), and `url(` to anything but a `#fragment` of the logo.
fn css_load(css: &str) -> Option<&'static str> {
    let lower = css.to_ascii_lowercase();
    if lower.contains("@import") {
        return Some("@import");
    }
    if lower.contains("image-set(") {
        return Some("image-set()");
    }
    let external = lower.match_indices("url(").any(|(at, _)| {
        !lower[at + 4..]
            .trim_start_matches(|c: char| c == '\'' || c == '"' || c.is_ascii_whitespace())
            .starts_with('#')
    });
    external.then_some("url() to something other than a #fragment of the logo")
}

/// Decodes a logo given as `data:image/svg+xml,…` or `data:image/png;base64,…` (media type
/// parameters such as `;charset=utf-8` allowed; data percent-encoded or base64), at most
/// [`MAX_LOGO_BYTES`] decoded.
pub fn decode_logo(url: &str) -> Result<Logo, LogoError> {
    let rest = url
        .get(..5)
        .filter(|scheme| scheme.eq_ignore_ascii_case("data:"))
        .map(|_| &url[5..])
        .ok_or_else(|| LogoError::NotDataUrl(crate::shorten::to_chars(url, 16)))?;
    let (header, data) = rest.split_once(',').ok_or(LogoError::NoComma)?;
    let mut parts = header.split(';').map(str::trim);
    let essence = parts.next().unwrap_or_default().to_ascii_lowercase();
    let base64 = parts.any(|p| p.eq_ignore_ascii_case("base64"));
    let media_type = match essence.as_str() {
        "image/svg+xml" => "image/svg+xml",
        "image/png" => "image/png",
        _ => return Err(LogoError::MediaType(essence)),
    };
    // Percent-encoded data decodes to at most its length, base64 to three quarters.
    if data.len() > MAX_LOGO_BYTES * 4 / 3 + 4 {
        return Err(LogoError::TooLarge(if base64 {
            data.len() / 4 * 3
        } else {
            data.len()
        }));
    }
    let percent_decoded = percent_decode(data)?;
    let bytes = if base64 {
        let text: Vec<u8> = percent_decoded
            .into_iter()
            .filter(|b| !b.is_ascii_whitespace())
            .collect();
        STANDARD
            .decode(&text)
            .or_else(|_| STANDARD_NO_PAD.decode(&text))
            .map_err(|e| LogoError::Base64(e.to_string()))?
    } else {
        percent_decoded
    };
    if bytes.len() > MAX_LOGO_BYTES {
        return Err(LogoError::TooLarge(bytes.len()));
    }
    match media_type {
        "image/png" if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") => Err(LogoError::NotPng),
        "image/svg+xml" => {
            let text = std::str::from_utf8(&bytes).map_err(|_| LogoError::NotSvg)?;
            if !text.contains("<svg") {
                return Err(LogoError::NotSvg);
            }
            check_svg(text)?;
            Ok(Logo { media_type, bytes })
        }
        _ => Ok(Logo { media_type, bytes }),
    }
}

/// `%XX` sequences decoded, every other byte kept. The crate keeps a broken escape (`%`
/// without two hex digits) as it is, as browsers do; in a theme's logo it is a mistake
/// of whoever wrote the seed, so it is refused with its position.
fn percent_decode(data: &str) -> Result<Vec<u8>, LogoError> {
    let bytes = data.as_bytes();
    let broken = data.match_indices('%').map(|(at, _)| at).find(|&at| {
        !bytes
            .get(at + 1..at + 3)
            .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    match broken {
        Some(at) => Err(LogoError::PercentEncoding(at)),
        None => Ok(percent_encoding::percent_decode_str(data).collect()),
    }
}

/// Why a theme is refused by the seed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ThemeError {
    #[error("theme.colors.{role} is {value}; expected a colour as #rgb or #rrggbb")]
    Colour { role: &'static str, value: String },
    #[error(
        "theme.colors.{role} is {value:?}; write the colour without spaces around it (it is written into the portal's CSS as it is)"
    )]
    ColourSpaces { role: &'static str, value: String },
    #[error("theme.logo: {0}")]
    Logo(#[from] LogoError),
    #[error("theme.logo must be a string (a data: URL) or null")]
    LogoType,
    #[error("theme.display_name must be a non-empty string")]
    DisplayName,
}

/// Checks a theme before it is stored: display name, both colours parse, the logo (if
/// any) decodes within bounds.
pub fn check_theme(theme: &Value) -> Result<(), ThemeError> {
    let display_name = theme.get("display_name").and_then(Value::as_str);
    if display_name.is_none_or(|name| name.trim().is_empty()) {
        return Err(ThemeError::DisplayName);
    }
    for role in COLOR_ROLES {
        let value = theme.pointer(&format!("/colors/{role}"));
        if let Some(text) = value.and_then(Value::as_str)
            && text.trim() != text
            && parse_hex(text.trim()).is_some()
        {
            return Err(ThemeError::ColourSpaces {
                role,
                value: crate::shorten::to_chars(text, 40),
            });
        }
        if value.and_then(Value::as_str).and_then(parse_hex).is_none() {
            return Err(ThemeError::Colour {
                role,
                value: value
                    .map(Value::to_string)
                    .unwrap_or_else(|| "missing".into()),
            });
        }
    }
    match theme.get("logo") {
        None | Some(Value::Null) => Ok(()),
        Some(Value::String(url)) => decode_logo(url).map(|_| ()).map_err(ThemeError::from),
        Some(_) => Err(ThemeError::LogoType),
    }
}

/// Whether `origin` is a serialized origin fit for CORS and for a CSP source list:
/// `http` or `https`, a host of letters, digits, `-` and `.` (or an IPv4 address), an
/// optional port, nothing else (no path, no trailing slash, no wildcard).
pub fn is_origin(origin: &str) -> bool {
    let Some((scheme, rest)) = origin.split_once("://") else {
        return false;
    };
    if scheme != "http" && scheme != "https" {
        return false;
    }
    let (host, port) = match rest.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (rest, None),
    };
    let host_ok = !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        && host.bytes().all(|b| !b.is_ascii_uppercase());
    let port_ok = port.is_none_or(|p| {
        !p.is_empty()
            && p.len() <= 5
            && p.bytes().all(|b| b.is_ascii_digit())
            && p.parse::<u16>().is_ok_and(|n| n > 0)
    });
    host_ok && port_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const WHITE_RGB: Rgb = (255, 255, 255);

    fn against_white(colour: &str) -> f64 {
        contrast_ratio(parse_hex(colour).expect("colour"), WHITE_RGB)
    }

    #[test]
    fn parses_short_and_long_hex() {
        assert_eq!(parse_hex("#fff"), Some((255, 255, 255)));
        assert_eq!(parse_hex("#777"), Some((0x77, 0x77, 0x77)));
        assert_eq!(parse_hex("#00527A"), Some((0, 0x52, 0x7a)));
        assert_eq!(parse_hex("#0b4f8a"), Some((0x0b, 0x4f, 0x8a)));
        for bad in [
            "", "fff", "#ff", "#ggg", "#12345", "#1234567", "red", "#ü12", "#+12", " #0b4f8a",
            "#0b4f8a ", "#fff\n",
        ] {
            assert_eq!(parse_hex(bad), None, "{bad}");
        }
    }

    #[test]
    fn ratios_match_the_wcag_reference_values() {
        assert!((contrast_ratio((0, 0, 0), WHITE_RGB) - 21.0).abs() < 1e-9);
        assert!((contrast_ratio(WHITE_RGB, WHITE_RGB) - 1.0).abs() < 1e-9);
        let a = (0x8a, 0x15, 0x38);
        assert!((contrast_ratio(a, WHITE_RGB) - contrast_ratio(WHITE_RGB, a)).abs() < 1e-12);
        // The classic boundary: #767676 passes AA on white (4.54), #777 does not (4.48).
        assert_eq!(display_ratio(against_white("#767676"), 4.5), 4.54);
        assert_eq!(display_ratio(against_white("#777"), 4.5), 4.48);
        assert!(against_white("#767676") >= AA_NORMAL_TEXT);
        assert!(against_white("#777777") < AA_NORMAL_TEXT);
        assert_eq!(display_ratio(against_white("#000"), 4.5), 21.0);
    }

    #[test]
    fn a_failing_ratio_is_never_displayed_as_reaching_the_requirement() {
        assert_eq!(display_ratio(4.496, 4.5), 4.49);
        assert_eq!(display_ratio(4.5, 4.5), 4.5);
        assert_eq!(display_ratio(4.504, 4.5), 4.5);
        assert_eq!(display_ratio(1.333, 4.5), 1.33);
    }

    #[test]
    fn report_names_each_failing_colour() {
        let heide = json!({"colors": {"primary": "#8a1538", "secondary": "#1d1d1b"}});
        assert_eq!(
            contrast_report(&heide),
            ContrastReport {
                passes: true,
                problems: vec![]
            }
        );
        let yellow = json!({"colors": {"primary": "#f5c400", "secondary": "#767676"}});
        let report = contrast_report(&yellow);
        assert!(!report.passes);
        assert_eq!(report.problems.len(), 1);
        let problem = &report.problems[0];
        assert_eq!(problem.color, "primary");
        assert_eq!(problem.value, "#f5c400");
        assert_eq!(problem.against, "#ffffff");
        assert_eq!(problem.required, 4.5);
        assert!(
            problem.ratio > 1.0 && problem.ratio < 2.0,
            "{}",
            problem.ratio
        );
        let both = json!({"colors": {"primary": "#777", "secondary": "#f2a900"}});
        let colours: Vec<String> = contrast_report(&both)
            .problems
            .into_iter()
            .map(|p| p.color)
            .collect();
        assert_eq!(colours, ["primary", "secondary"]);
        assert_eq!(
            serde_json::to_value(contrast_report(&yellow)).unwrap()["problems"][0]["color"],
            "primary"
        );
    }

    #[test]
    fn demo_colours_are_judged() {
        for ok in [
            "#00527a", "#0b4f8a", "#8a1538", "#1d1d1b", "#2e6b30", "#005f73",
        ] {
            assert!(against_white(ok) >= AA_NORMAL_TEXT, "{ok}");
        }
        for bad in ["#f2a900", "#f5c400", "#f0c419", "#ee9b00"] {
            assert!(against_white(bad) < AA_NORMAL_TEXT, "{bad}");
        }
    }

    const SVG: &str = "<svg xmlns='http://www.w3.org/2000/svg'><rect fill='#000'/></svg>";

    #[test]
    fn decodes_percent_encoded_and_base64_logos() {
        let percent = "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'><rect fill='%23000'/></svg>";
        assert_eq!(
            decode_logo(percent),
            Ok(Logo {
                media_type: "image/svg+xml",
                bytes: SVG.as_bytes().to_vec()
            })
        );
        let charset = "data:image/svg+xml;charset=utf-8,%3Csvg%3E%3C/svg%3E";
        assert_eq!(decode_logo(charset).unwrap().bytes, b"<svg></svg>");
        let b64 = format!("data:image/svg+xml;base64,{}", STANDARD.encode(SVG));
        assert_eq!(decode_logo(&b64).unwrap().bytes, SVG.as_bytes());
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        let png_url = format!("DATA:Image/PNG;base64,{}", STANDARD_NO_PAD.encode(png));
        assert_eq!(
            decode_logo(&png_url),
            Ok(Logo {
                media_type: "image/png",
                bytes: png.to_vec()
            })
        );
    }

    #[test]
    fn svg_logos_that_could_act_are_refused() {
        let refused = [
            (
                r#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#,
                "<script>",
            ),
            (
                r#"<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><form action="https://evil.example"><input name="iban"/></form></foreignObject></svg>"#,
                "<foreignObject>",
            ),
            (
                r#"<svg xmlns="http://www.w3.org/2000/svg" onload="fetch('x')"/>"#,
                "onload",
            ),
            (
                r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="https://evil.example/x.png"/></svg>"#,
                "reference out of the logo",
            ),
            (
                r#"<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><rect/></a></svg>"#,
                "reference out",
            ),
            (
                r#"<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://evil.example/t)"/></svg>"#,
                "url()",
            ),
            (
                r#"<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://evil.example/a.css);</style></svg>"#,
                "@import",
            ),
            (
                r#"<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="href" to="javascript:alert(1)"/></svg>"#,
                "<set>",
            ),
            (
                r#"<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>"#,
                "DTD",
            ),
        ];
        for (svg, named) in refused {
            let error = check_svg(svg).expect_err(svg).to_string();
            assert!(
                error.contains(named) || (named == "DTD" && error.contains("not well-formed")),
                "{svg}: {error}"
            );
        }
        let fine = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><defs><linearGradient id="g"/></defs><style>rect{fill:url(#g)}</style><rect width="10" height="10" fill="url(#g)"/><use href="#g"/></svg>"##;
        check_svg(fine).expect("a plain logo with internal references");
    }

    #[test]
    fn svg_logos_that_load_through_a_side_door_are_refused() {
        const SVG_NS: &str = r#"xmlns="http://www.w3.org/2000/svg""#;
        let style = |attr: &str| LogoError::CssLoad {
            place: format!("the style attribute of <{attr}>"),
            what: "url() to something other than a #fragment of the logo",
        };
        let sheet = |what| LogoError::CssLoad {
            place: "a <style> element".into(),
            what,
        };
        let refused = [
            (
                format!(
                    "<?xml version='1.0'?><?xml-stylesheet type='text/xsl' href='https://evil.example/x.xsl'?><svg {SVG_NS}/>"
                ),
                LogoError::ProcessingInstruction("xml-stylesheet".into()),
            ),
            (
                format!("<svg {SVG_NS}><?php echo 1; ?></svg>"),
                LogoError::ProcessingInstruction("php".into()),
            ),
            (
                format!(
                    "<svg {SVG_NS}><style>rect {{ fill: u\\72l(https://evil.example/t) }}</style></svg>"
                ),
                LogoError::CssEscape("a <style> element".into()),
            ),
            (
                format!(
                    "<svg {SVG_NS}><style>@\\69mport 'https://evil.example/a.css';</style></svg>"
                ),
                LogoError::CssEscape("a <style> element".into()),
            ),
            (
                format!(
                    "<svg {SVG_NS}><rect style=\"fill: u\\72l(https://evil.example/t)\"/></svg>"
                ),
                LogoError::CssEscape("the style attribute of <rect>".into()),
            ),
            (
                format!("<svg {SVG_NS}><rect fill=\"u\\72l(https://evil.example/t)\"/></svg>"),
                LogoError::CssEscape("the fill attribute of <rect>".into()),
            ),
            (
                format!(
                    "<svg {SVG_NS}><rect style='background: image-set(\"https://evil.example/t.png\" 1x)'/></svg>"
                ),
                LogoError::CssLoad {
                    place: "the style attribute of <rect>".into(),
                    what: "image-set()",
                },
            ),
            (
                format!("<svg {SVG_NS}><rect style='fill:URL(https://evil.example/t)'/></svg>"),
                style("rect"),
            ),
            (
                format!("<svg {SVG_NS}><style>@IMPORT 'https://evil.example/a.css';</style></svg>"),
                sheet("@import"),
            ),
            (
                format!(
                    "<svg {SVG_NS}><style>rect {{ fill: -webkit-Image-Set('https://evil.example/t.png' 1x) }}</style></svg>"
                ),
                sheet("image-set()"),
            ),
            // A comment or a CDATA section does not split the sheet a browser reads.
            (
                format!(
                    "<svg {SVG_NS}><style>rect {{ fill: u<!-- -->rl(https://evil.example/t) }}</style></svg>"
                ),
                sheet("url() to something other than a #fragment of the logo"),
            ),
            (
                format!(
                    "<svg {SVG_NS}><style>@imp<![CDATA[ort]]> 'https://evil.example/a.css';</style></svg>"
                ),
                sheet("@import"),
            ),
            // A character reference is the character.
            (
                format!(
                    "<svg {SVG_NS}><style>rect {{ fill: &#117;rl(https://evil.example/t) }}</style></svg>"
                ),
                sheet("url() to something other than a #fragment of the logo"),
            ),
        ];
        for (svg, expected) in refused {
            assert_eq!(check_svg(&svg), Err(expected), "{svg}");
        }
        assert!(
            LogoError::ProcessingInstruction("xml-stylesheet".into())
                .to_string()
                .contains("<?xml-stylesheet …?>")
        );
        // The XML declaration, internal references with spaces, and an editor's own
        // attributes (a Windows path) stay fine.
        let fine = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\
             <svg {SVG_NS} xmlns:inkscape=\"http://www.inkscape.org/namespaces/inkscape\" \
             inkscape:export-filename=\"C:\\Logos\\heide.png\">\
             <defs><linearGradient id=\"g\"/></defs>\
             <style><![CDATA[rect {{ fill: url( '#g' ) }}]]></style>\
             <rect style=\"fill:URL(\n#g)\"/></svg>"
        );
        assert_eq!(check_svg(&fine), Ok(()));
    }

    #[test]
    fn refuses_other_logos_precisely() {
        assert_eq!(
            decode_logo("https://example.org/logo.svg"),
            Err(LogoError::NotDataUrl("https://example.…".into()))
        );
        assert_eq!(decode_logo("data:image/svg+xml"), Err(LogoError::NoComma));
        assert_eq!(
            decode_logo("data:image/gif;base64,R0lGOD"),
            Err(LogoError::MediaType("image/gif".into()))
        );
        assert_eq!(
            decode_logo("data:text/html,<svg>"),
            Err(LogoError::MediaType("text/html".into()))
        );
        assert_eq!(
            decode_logo("data:image/svg+xml,<svg>%2"),
            Err(LogoError::PercentEncoding(5))
        );
        assert!(matches!(
            decode_logo("data:image/png;base64,***"),
            Err(LogoError::Base64(_))
        ));
        assert_eq!(
            decode_logo(&format!(
                "data:image/png;base64,{}",
                STANDARD.encode(b"GIF89a")
            )),
            Err(LogoError::NotPng)
        );
        assert_eq!(
            decode_logo("data:image/svg+xml,<html></html>"),
            Err(LogoError::NotSvg)
        );
        let big = format!(
            "data:image/svg+xml,<svg>{}</svg>",
            "x".repeat(MAX_LOGO_BYTES)
        );
        assert_eq!(
            decode_logo(&big),
            Err(LogoError::TooLarge(MAX_LOGO_BYTES + 11))
        );
        let big64 = format!(
            "data:image/svg+xml;base64,{}",
            STANDARD.encode("<svg>".repeat(MAX_LOGO_BYTES / 5 + 1))
        );
        assert!(matches!(decode_logo(&big64), Err(LogoError::TooLarge(_))));
        let huge = format!("data:image/svg+xml,{}", "x".repeat(200_000));
        assert!(matches!(decode_logo(&huge), Err(LogoError::TooLarge(_))));
    }

    #[test]
    fn themes_are_checked_before_they_are_stored() {
        let good = json!({"display_name": "X", "colors": {"primary": "#000", "secondary": "#8a1538"},
            "logo": "data:image/svg+xml,<svg></svg>"});
        assert_eq!(check_theme(&good), Ok(()));
        let mut no_logo = good.clone();
        no_logo["logo"] = Value::Null;
        assert_eq!(check_theme(&no_logo), Ok(()));
        let mut bad_colour = good.clone();
        bad_colour["colors"]["secondary"] = json!("red");
        assert_eq!(
            check_theme(&bad_colour).unwrap_err().to_string(),
            "theme.colors.secondary is \"red\"; expected a colour as #rgb or #rrggbb"
        );
        let mut bad_logo = good.clone();
        bad_logo["logo"] = json!("data:image/gif;base64,R0lGOD");
        assert_eq!(
            check_theme(&bad_logo).unwrap_err().to_string(),
            "theme.logo: the logo's media type is \"image/gif\"; accepted are image/svg+xml and image/png"
        );
        assert_eq!(
            check_theme(&json!({"colors": {}})),
            Err(ThemeError::DisplayName)
        );
        // Stored and written into CSS as given: a colour with spaces around it is
        // refused, naming them, rather than kept with them.
        let mut spaced = good.clone();
        spaced["colors"]["primary"] = json!(" #00527a");
        assert_eq!(
            check_theme(&spaced),
            Err(ThemeError::ColourSpaces {
                role: "primary",
                value: " #00527a".into()
            })
        );
        assert!(
            check_theme(&spaced).unwrap_err().to_string().starts_with(
                "theme.colors.primary is \" #00527a\"; write the colour without spaces"
            )
        );
    }

    #[test]
    fn origins_are_scheme_host_and_port_only() {
        for ok in [
            "https://www.heide.de",
            "http://127.0.0.1:41234",
            "http://localhost:8080",
            "https://xn--brunsbttel-9db.de",
        ] {
            assert!(is_origin(ok), "{ok}");
        }
        for bad in [
            "https://www.heide.de/",
            "https://www.heide.de/path",
            "https://*.heide.de",
            "ftp://heide.de",
            "https://Heide.de",
            "https://heide.de:0",
            "https://heide.de:99999",
            "https://heide.de; script-src *",
            "https://heide.de 'unsafe-inline'",
            "https://",
            "heide.de",
            "*",
            "null",
        ] {
            assert!(!is_origin(bad), "{bad}");
        }
    }
}
