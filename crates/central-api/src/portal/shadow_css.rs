// SPDX-License-Identifier: EUPL-1.2
//! The portal's stylesheets rewritten for a shadow root (`embed.css`) and its fonts for the
//! host document (`embed-fonts.css`), with lightningcss's parser, visitor and printer. Run
//! by the build (`central-api build-embed`), never by the server.
//!
//! What the transform does, and why (measured in Chromium 156 with a custom element whose
//! open shadow root holds the portal's markup, host pages with `* { all: unset }`,
//! Bootstrap 5.3's CSS and `html { font-size: 30px }`):
//!
//! - Selectors of the host page never match inside a shadow root, but *inherited*
//!   properties cross it: Bootstrap's `body` colour, font family and 24 px line height, or
//!   `html { font-size: 30px }`, arrive in every element of the shadow tree through the
//!   host element. And the host page's rules on the host element itself beat `:host`
//!   rules (for normal declarations the outer tree wins; for `!important` ones the
//!   shadow tree wins): with `* { all: unset }` the host element becomes `display: inline`
//!   and inherits whatever the page's body has, whatever `:host` says.
//!   So inherited properties are reset on the first element *inside* the shadow root,
//!   `.bp-root`, which only this stylesheet can style: `.bp-root { all: initial; … }`
//!   (`all` leaves custom properties alone, so the design tokens still inherit from
//!   `:host`). The host element keeps only `display: block !important` (and
//!   `:host([hidden])` stays hidden); its box (margin, width) is the host page's to style.
//! - `:root` and `html` (whole compound selectors) become `:host`, where the design tokens
//!   (custom properties) live; `body` becomes `.bp-root`, which plays the body's part
//!   (its colour, font size, line height, margin). Inside `:is()`, `:where()`, `:not()`,
//!   `:has()` the same. (`:is(:host, .x)` alone matches the host, but
//!   `:is(:host, .x):not(.y)` does not: the host is featureless, so any further part of
//!   the compound fails; KERN sets its contextual tokens on
//!   `:is(body, .kern-light, …):not([class*=kern-level-])`, another reason to map `body`
//!   to a real element.)
//! - `rem` is relative to the *document's* root element, so a host page with
//!   `html { font-size: 30px }` scaled every rem-sized box of the embed by 1.875. Every
//!   `rem` length in declarations becomes `calc(N*var(--bp-rem))` with `--bp-rem: 16px` on
//!   `:host`. At-rule preludes (`@media (width<=30rem)`, `@supports`) are left alone:
//!   media queries resolve `rem` against the initial font size, never the page's.
//!   (lightningcss keeps a typed value such as `margin: 1rem` as lengths, which cannot
//!   hold a `var()`; such a declaration is turned into its token form first, as the
//!   parser itself does for a declaration that contains `var()`.)
//! - `@font-face` rules inside a shadow root are ignored by Chromium, so they move to a
//!   stylesheet for the host document, their families renamed `Buergerportal <name>` (so
//!   they cannot clash with a font of the same name on the host page), and every reference
//!   to those families (in `font-family`, `font` and custom properties, also inside
//!   `var()` fallbacks) is renamed the same way. Both stylesheets are served from the
//!   portal's folder, beside the originals, so relative `url()`s keep their meaning under
//!   any base path (a stylesheet resolves them against its own URL); root-relative ones
//!   (`/x.png`) are made relative for the same reason.
//! - Custom properties that the stylesheet reads but never sets (KERN reads some
//!   component tokens with fallbacks, e.g. `var(--kern-component-kopfzeile-font-family,
//!   "Fira Sans")`) would inherit a host page's value of the same name (a page that uses
//!   KERN itself); `:host` sets each of them to `initial`, so the fallback applies.

use std::{collections::BTreeSet, convert::Infallible};

use lightningcss::{
    printer::PrinterOptions,
    properties::{
        Property, PropertyId,
        custom::{
            CustomPropertyName, Function, Token, TokenList, TokenOrValue, UnparsedProperty,
            Variable,
        },
        font::{FamilyName, FontFamily},
    },
    rules::{
        CssRule, CssRuleList, font_face::FontFaceProperty, media::MediaRule, supports::SupportsRule,
    },
    selector::{Component, Selector},
    stylesheet::{ParserOptions, StyleSheet},
    traits::{IntoOwned, Parse, ParseWithOptions, ToCss},
    values::{
        ident::{DashedIdent, DashedIdentReference, Ident},
        length::LengthValue,
        url::Url,
    },
    visit_types,
    visitor::{Visit, VisitTypes, Visitor},
};

/// The prefix of every font family of the portal in a host page.
pub const FAMILY_PREFIX: &str = "Buergerportal ";

/// The class of the first element inside the shadow root (`embed.js` makes it).
const ROOT_CLASS: &str = "bp-root";

/// The result of [`shadow_stylesheets`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShadowCss {
    /// For inside the shadow root.
    pub embed: String,
    /// The `@font-face` rules, for the host document.
    pub fonts: String,
}

/// Why the stylesheets could not be rewritten.
#[derive(Debug, thiserror::Error)]
pub enum ShadowCssError {
    #[error("the portal's CSS does not parse: {0}")]
    Parse(String),
    #[error("the rewritten CSS does not print: {0}")]
    Print(String),
}

fn printer() -> PrinterOptions<'static> {
    PrinterOptions {
        minify: true,
        ..PrinterOptions::default()
    }
}

/// Rewrites the portal's stylesheets (in order) for a shadow root; see the module
/// documentation.
pub fn shadow_stylesheets(sources: &[&str]) -> Result<ShadowCss, ShadowCssError> {
    let css = sources.join("\n");
    let options = ParserOptions {
        // As browsers do: an invalid rule or declaration is dropped, the rest stays.
        error_recovery: true,
        ..ParserOptions::default()
    };
    let mut sheet = StyleSheet::parse(&css, options)
        .map_err(|error| ShadowCssError::Parse(error.to_string()))?;

    let faces = take_font_faces(&mut sheet.rules);
    let mut families: Vec<String> = Vec::new();
    for family in faces.iter().flat_map(face_families) {
        if !families.iter().any(|f| f.eq_ignore_ascii_case(&family)) {
            families.push(family);
        }
    }

    let mut shadow = ShadowVisitor {
        families: &families,
        font_context: false,
        read: BTreeSet::new(),
        set: BTreeSet::new(),
    };
    sheet
        .visit(&mut shadow)
        .unwrap_or_else(|never| match never {});
    let body = sheet
        .to_css(printer())
        .map_err(|error| ShadowCssError::Print(error.to_string()))?
        .code;

    let mut fonts_sheet = StyleSheet::new(Vec::new(), CssRuleList(faces), ParserOptions::default());
    fonts_sheet
        .visit(&mut FontFaceVisitor)
        .unwrap_or_else(|never| match never {});
    let fonts = fonts_sheet
        .to_css(printer())
        .map_err(|error| ShadowCssError::Print(error.to_string()))?
        .code;

    // Custom properties read but never set (see the module documentation).
    let unset: String = shadow
        .read
        .difference(&shadow.set)
        .filter(|name| name.as_str() != "--bp-rem")
        .map(|name| format!(";{name}:initial"))
        .collect();
    let prelude = format!(
        ":host{{display:block!important;--bp-rem:16px{unset}}}\
         :host([hidden]){{display:none!important}}\
         :where(.{ROOT_CLASS}){{all:initial;display:block;direction:ltr;font-size:16px;line-height:1.5;color-scheme:light}}"
    );
    Ok(ShadowCss {
        embed: prelude + &body,
        fonts,
    })
}

/// Removes every `@font-face` from `rules` (also inside `@media` and `@supports`) and
/// returns them, inside copies of the at-rules around them.
fn take_font_faces<'i>(rules: &mut CssRuleList<'i>) -> Vec<CssRule<'i>> {
    let mut faces = Vec::new();
    rules.0.retain_mut(|rule| match rule {
        CssRule::FontFace(_) => {
            faces.push(rule.clone());
            false
        }
        CssRule::Media(media) => {
            let inner = take_font_faces(&mut media.rules);
            if !inner.is_empty() {
                faces.push(CssRule::Media(MediaRule {
                    query: media.query.clone(),
                    rules: CssRuleList(inner),
                    loc: media.loc,
                }));
            }
            true
        }
        CssRule::Supports(supports) => {
            let inner = take_font_faces(&mut supports.rules);
            if !inner.is_empty() {
                faces.push(CssRule::Supports(SupportsRule {
                    condition: supports.condition.clone(),
                    rules: CssRuleList(inner),
                    loc: supports.loc,
                }));
            }
            true
        }
        _ => true,
    });
    faces
}

/// The family names the `@font-face` rules in `rule` declare.
fn face_families(rule: &CssRule) -> Vec<String> {
    match rule {
        CssRule::FontFace(face) => face
            .properties
            .iter()
            .filter_map(|property| match property {
                FontFaceProperty::FontFamily(family) => family_name(family),
                _ => None,
            })
            .collect(),
        CssRule::Media(media) => media.rules.0.iter().flat_map(face_families).collect(),
        CssRule::Supports(supports) => supports.rules.0.iter().flat_map(face_families).collect(),
        _ => Vec::new(),
    }
}

/// The name of a (non-generic) font family, as written in CSS without quotes.
fn family_name(family: &FontFamily) -> Option<String> {
    let FontFamily::FamilyName(name) = family else {
        return None;
    };
    let css = name.to_css_string(PrinterOptions::default()).ok()?;
    let tokens = TokenList::parse_string_with_options(&css, ParserOptions::default()).ok()?;
    match tokens.0.as_slice() {
        [TokenOrValue::Token(Token::String(value))] => Some(value.to_string()),
        words => ident_run(words).map(|(name, _)| name),
    }
}

/// The family `FAMILY_PREFIX + name` as lightningcss's value.
fn renamed_family(name: &str) -> FontFamily<'static> {
    let quoted = format!("\"{}{}\"", FAMILY_PREFIX, name.replace(['"', '\\'], ""));
    match FamilyName::parse_string(&quoted) {
        Ok(family) => FontFamily::FamilyName(family.into_owned()),
        Err(_) => unreachable!("a quoted string without quotes or escapes inside parses"),
    }
}

/// If `tokens` starts with identifiers separated by single whitespace tokens: their words
/// joined with spaces, and how many tokens they took.
fn ident_run(tokens: &[TokenOrValue]) -> Option<(String, usize)> {
    let mut words: Vec<&str> = Vec::new();
    let mut taken = 0;
    let mut i = 0;
    while let Some(TokenOrValue::Token(Token::Ident(word))) = tokens.get(i) {
        words.push(word);
        taken = i + 1;
        match tokens.get(i + 1) {
            Some(TokenOrValue::Token(Token::WhiteSpace(_))) => i += 2,
            _ => break,
        }
    }
    (!words.is_empty()).then(|| (words.join(" "), taken))
}

/// `calc(N*var(--bp-rem))` for `N rem`.
fn rem_calc(rem: f32) -> TokenOrValue<'static> {
    TokenOrValue::Function(Function {
        name: Ident("calc".into()),
        arguments: TokenList(vec![
            TokenOrValue::Token(Token::Number {
                has_sign: rem < 0.0,
                value: rem,
                int_value: (rem.fract() == 0.0).then_some(rem as i32),
            }),
            TokenOrValue::Token(Token::Delim('*')),
            TokenOrValue::Var(Variable {
                name: DashedIdentReference {
                    ident: DashedIdent("--bp-rem".into()),
                    from: None,
                },
                fallback: None,
            }),
        ]),
    })
}

/// Whether a value has a `rem` length anywhere.
struct RemFinder(bool);

impl<'i> Visitor<'i> for RemFinder {
    type Error = Infallible;

    fn visit_types(&self) -> VisitTypes {
        visit_types!(LENGTHS | TOKENS)
    }

    fn visit_length(&mut self, length: &mut LengthValue) -> Result<(), Infallible> {
        self.0 |= matches!(length, LengthValue::Rem(_));
        Ok(())
    }
}

/// The rewrite of the shadow root's stylesheet: selectors, `rem`, font families, URLs,
/// and the custom properties read and set.
struct ShadowVisitor<'f> {
    /// The families of the moved `@font-face` rules.
    families: &'f [String],
    /// Inside a declaration whose value may name font families.
    font_context: bool,
    read: BTreeSet<String>,
    set: BTreeSet<String>,
}

impl ShadowVisitor<'_> {
    fn known_family(&self, name: &str) -> Option<&str> {
        self.families
            .iter()
            .find(|family| family.eq_ignore_ascii_case(name))
            .map(String::as_str)
    }

    /// Whether a typed value names one of the moved families.
    fn names_family(&self, families: &[FontFamily]) -> bool {
        families.iter().any(|family| {
            family_name(family).is_some_and(|name| self.known_family(&name).is_some())
        })
    }

    /// Renames the moved families in a token list: strings and runs of identifiers (in
    /// the `font` shorthand the family follows style keywords: `600 Fira Sans`).
    fn rename_families(&self, tokens: &mut TokenList) {
        let mut out: Vec<TokenOrValue> = Vec::with_capacity(tokens.0.len());
        let mut i = 0;
        while i < tokens.0.len() {
            if let TokenOrValue::Token(Token::String(value)) = &tokens.0[i]
                && let Some(known) = self.known_family(value)
            {
                out.push(family_token(known));
                i += 1;
                continue;
            }
            if let Some((_, taken)) = ident_run(&tokens.0[i..]) {
                let words: Vec<&str> = tokens.0[i..i + taken]
                    .iter()
                    .filter_map(|t| match t {
                        TokenOrValue::Token(Token::Ident(word)) => Some(word.as_ref()),
                        _ => None,
                    })
                    .collect();
                // The longest tail of the run that is a moved family.
                let tail = (0..words.len())
                    .find_map(|k| self.known_family(&words[k..].join(" ")).map(|f| (k, f)));
                match tail {
                    Some((k, known)) => {
                        // The words before the family (keywords of `font`) stay, each
                        // with its whitespace.
                        out.extend(tokens.0[i..i + 2 * k].iter().cloned());
                        out.push(family_token(known));
                    }
                    None => out.extend(tokens.0[i..i + taken].iter().cloned()),
                }
                i += taken;
                continue;
            }
            out.push(tokens.0[i].clone());
            i += 1;
        }
        tokens.0 = out;
    }
}

/// The renamed family as a quoted string token.
fn family_token(name: &str) -> TokenOrValue<'static> {
    TokenOrValue::Token(Token::String(format!("{FAMILY_PREFIX}{name}").into()))
}

/// `property` in its token form (as the parser keeps a declaration with `var()`).
fn unparsed<'i>(property: &Property<'i>) -> Option<Property<'i>> {
    let value = property.value_to_css_string(printer()).ok()?;
    let tokens = TokenList::parse_string_with_options(&value, ParserOptions::default())
        .ok()?
        .into_owned();
    Some(Property::Unparsed(UnparsedProperty {
        property_id: property.property_id(),
        value: tokens,
    }))
}

impl<'i> Visitor<'i> for ShadowVisitor<'_> {
    type Error = Infallible;

    fn visit_types(&self) -> VisitTypes {
        visit_types!(SELECTORS | PROPERTIES | TOKENS | URLS | VARIABLES)
    }

    fn visit_selector(&mut self, selector: &mut Selector<'i>) -> Result<(), Infallible> {
        map_selector(selector);
        Ok(())
    }

    fn visit_property(&mut self, property: &mut Property<'i>) -> Result<(), Infallible> {
        let mut has_rem = RemFinder(false);
        property.visit(&mut has_rem)?;
        let names_family = match &*property {
            Property::FontFamily(families) => self.names_family(families),
            Property::Font(font) => self.names_family(&font.family),
            _ => false,
        };
        let typed = !matches!(property, Property::Custom(_) | Property::Unparsed(_));
        if typed
            && (has_rem.0 || names_family)
            && let Some(tokens) = unparsed(property)
        {
            *property = tokens;
        }
        self.font_context = match &*property {
            Property::Custom(custom) => match &custom.name {
                CustomPropertyName::Custom(name) => {
                    self.set.insert(name.0.to_string());
                    true
                }
                CustomPropertyName::Unknown(_) => false,
            },
            Property::Unparsed(unparsed) => {
                matches!(
                    unparsed.property_id,
                    PropertyId::FontFamily | PropertyId::Font
                )
            }
            _ => false,
        };
        let result = property.visit_children(self);
        self.font_context = false;
        result
    }

    fn visit_token_list(&mut self, tokens: &mut TokenList<'i>) -> Result<(), Infallible> {
        if self.font_context && !self.families.is_empty() {
            self.rename_families(tokens);
        }
        tokens.visit_children(self)
    }

    fn visit_token(&mut self, token: &mut TokenOrValue<'i>) -> Result<(), Infallible> {
        if let TokenOrValue::Length(LengthValue::Rem(rem)) = token {
            *token = rem_calc(*rem);
            return Ok(());
        }
        token.visit_children(self)
    }

    fn visit_variable(&mut self, variable: &mut Variable<'i>) -> Result<(), Infallible> {
        self.read.insert(variable.name.ident.0.to_string());
        variable.visit_children(self)
    }

    fn visit_url(&mut self, url: &mut Url<'i>) -> Result<(), Infallible> {
        relative_url(url);
        Ok(())
    }
}

/// Renames the families of `@font-face` rules and makes their URLs relative.
struct FontFaceVisitor;

impl<'i> Visitor<'i> for FontFaceVisitor {
    type Error = Infallible;

    fn visit_types(&self) -> VisitTypes {
        visit_types!(RULES | URLS)
    }

    fn visit_rule(&mut self, rule: &mut CssRule<'i>) -> Result<(), Infallible> {
        if let CssRule::FontFace(face) = rule {
            for property in &mut face.properties {
                if let FontFaceProperty::FontFamily(family) = property
                    && let Some(name) = family_name(family)
                {
                    *family = renamed_family(&name);
                }
            }
        }
        rule.visit_children(self)
    }

    fn visit_url(&mut self, url: &mut Url<'i>) -> Result<(), Infallible> {
        relative_url(url);
        Ok(())
    }
}

/// A root-relative URL (`/fonts/a.woff2`, not `//host/…`) made relative to the portal's
/// folder, where the rewritten stylesheets lie; every other URL stays.
fn relative_url(url: &mut Url) {
    if let Some(path) = url.url.strip_prefix('/')
        && !path.starts_with('/')
    {
        url.url = path.to_owned().into();
    }
}

/// `:root`/`html` → `:host` and `body` → `.bp-root` wherever they are a whole compound
/// selector, also inside `:is()`, `:where()`, `:not()`, `:has()`, `:any()` and `:host()`.
fn map_selector(selector: &mut Selector) {
    let components: Vec<&mut Component> = selector.iter_mut_raw_match_order().collect();
    let count = components.len();
    let is_combinator = |c: &Component| c.is_combinator();
    let alone: Vec<bool> = (0..count)
        .map(|i| {
            (i == 0 || is_combinator(components[i - 1]))
                && (i + 1 == count || is_combinator(components[i + 1]))
        })
        .collect();
    for (component, alone) in components.into_iter().zip(alone) {
        match component {
            Component::Root if alone => *component = Component::Host(None),
            Component::LocalName(name) if alone && name.lower_name.as_ref() == "html" => {
                *component = Component::Host(None);
            }
            Component::LocalName(name) if alone && name.lower_name.as_ref() == "body" => {
                *component = Component::Class(ROOT_CLASS.into());
            }
            Component::Is(list)
            | Component::Where(list)
            | Component::Negation(list)
            | Component::Has(list)
            | Component::Any(_, list) => list.iter_mut().for_each(map_selector),
            Component::Host(Some(inner)) => map_selector(inner),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn embed(css: &str) -> String {
        let out = shadow_stylesheets(&[css]).expect("rewrites");
        // Without the fixed prelude.
        let start =
            out.embed.find("color-scheme:light}").expect("prelude") + "color-scheme:light}".len();
        out.embed[start..].to_owned()
    }

    #[test]
    fn root_html_and_body_become_host_and_the_root_element() {
        assert_eq!(embed(":root{--a:1}"), ":host{--a:1}");
        assert_eq!(embed("html{margin:0}"), ":host{margin:0}");
        assert_eq!(embed("HTML{margin:0}"), ":host{margin:0}");
        assert_eq!(embed("body{color:red}"), ".bp-root{color:red}");
        assert_eq!(embed("html body .a>p{top:0}"), ":host .bp-root .a>p{top:0}");
        assert_eq!(
            embed(":root,.kern-light{--a:1}"),
            ":host,.kern-light{--a:1}"
        );
        assert_eq!(
            embed(":is(body,.kern-light,[data-kern-theme=light]):not([class*=kern-level-]){--c:1}"),
            ":is(.bp-root,.kern-light,[data-kern-theme=light]):not([class*=kern-level-]){--c:1}"
        );
        // Only whole compound selectors.
        for kept in [
            ".body{top:0}",
            ".kern-body{top:0}",
            "html.dark{top:0}",
            "body[x]{top:0}",
            ":root:hover{top:0}",
            "#html{top:0}",
            "[body]{top:0}",
            ".a-html{top:0}",
            "htmlx{top:0}",
        ] {
            assert_eq!(embed(kept), kept);
        }
    }

    #[test]
    fn rem_becomes_a_multiple_of_the_embeds_own_root_size() {
        assert_eq!(
            embed(".a{margin:1.5rem -.25rem 0 2REM;width:calc(100% - 2rem)}"),
            ".a{margin:calc(1.5*var(--bp-rem)) calc(-.25*var(--bp-rem)) 0 calc(2*var(--bp-rem));width:calc(100% - calc(2*var(--bp-rem)))}"
        );
        assert_eq!(
            embed(":root{--w:48rem}"),
            ":host{--w:calc(48*var(--bp-rem))}"
        );
        // Not in at-rule preludes, nor in strings, urls, other units or identifiers.
        assert_eq!(
            embed("@media (width<=30rem){.a{gap:.25rem}}@supports (width:1rem){.b{top:0}}"),
            "@media (width<=30rem){.a{gap:calc(.25*var(--bp-rem))}}@supports (width:1rem){.b{top:0}}"
        );
        assert_eq!(
            embed(".a{content:\"2rem\";width:2em;x:rem;y:2remx}"),
            ".a{content:\"2rem\";width:2em;x:rem;y:2remx}"
        );
    }

    #[test]
    fn font_faces_move_out_renamed_with_relative_urls() {
        let css = "@font-face{font-family:Fira Sans;font-weight:400;src:url(fonts/FiraSans-Regular.woff2)format(\"woff2\")}\
                   @font-face{font-family:\"Fira Sans\";font-weight:600;src:url('/fonts/FiraSans-SemiBold.woff2') format(\"woff2\"),local(Fira Sans)}\
                   :root{--kern-typography-font-family-default:\"Fira Sans\",\"Fira Sans Regular\",Roboto,sans-serif}\
                   .a{font-family:var(--kern-component-kopfzeile-font-family,\"Fira Sans\")}\
                   .b{font-family:Fira Sans,Arial;font:600 1rem/1.5 Fira Sans,sans-serif}\
                   .c{content:\"Fira Sans\";font-family:Fira Sans Condensed}";
        let out = shadow_stylesheets(&[css]).expect("rewrites");
        assert_eq!(
            out.fonts,
            "@font-face{font-family:Buergerportal Fira Sans;font-weight:400;src:url(fonts/FiraSans-Regular.woff2)format(\"woff2\")}\
             @font-face{font-family:Buergerportal Fira Sans;font-weight:600;src:url(fonts/FiraSans-SemiBold.woff2)format(\"woff2\"),local(Fira Sans)}"
        );
        let body = &out.embed[out.embed.find("color-scheme:light}").unwrap() + 19..];
        assert_eq!(
            body,
            ":host{--kern-typography-font-family-default:\"Buergerportal Fira Sans\",\"Fira Sans Regular\",Roboto,sans-serif}\
             .a{font-family:var(--kern-component-kopfzeile-font-family,\"Buergerportal Fira Sans\")}\
             .b{font-family:\"Buergerportal Fira Sans\",Arial;font:600 calc(1*var(--bp-rem))/1.5 \"Buergerportal Fira Sans\",sans-serif}\
             .c{content:\"Fira Sans\";font-family:Fira Sans Condensed}"
        );
        assert!(!out.embed.contains("@font-face"));
    }

    #[test]
    fn the_metric_fallback_face_moves_out_with_its_descriptors() {
        // As scripts/kern-fonts.mjs writes them: a subset with its unicode-range, and the
        // local font scaled to Fira Sans' metrics, named after it in every stack.
        let css = "@font-face{font-family:\"Fira Sans\";font-weight:400;src:url(\"fonts/FiraSans-Regular.woff2\") format(\"woff2\");unicode-range:U+20-7E,U+A0-FF,U+20AC}\
                   @font-face{font-family:\"Fira Sans Fallback\";font-weight:400;src:local(\"Arial\"),local(\"Liberation Sans\");size-adjust:101.27%;ascent-override:92.33%;descent-override:26.17%;line-gap-override:0%}\
                   .a{font-family:var(--f,\"Fira Sans\",\"Fira Sans Fallback\")}";
        let out = shadow_stylesheets(&[css]).expect("rewrites");
        assert_eq!(
            out.fonts,
            "@font-face{font-family:Buergerportal Fira Sans;font-weight:400;src:url(fonts/FiraSans-Regular.woff2)format(\"woff2\");unicode-range:U+20-7E,U+A0-FF,U+20AC}\
             @font-face{font-family:Buergerportal Fira Sans Fallback;font-weight:400;src:local(Arial),local(Liberation Sans);size-adjust:101.27%;ascent-override:92.33%;descent-override:26.17%;line-gap-override:0%}"
        );
        assert!(
            out.embed.ends_with(
                ".a{font-family:var(--f,\"Buergerportal Fira Sans\",\"Buergerportal Fira Sans Fallback\")}"
            ),
            "{}",
            out.embed
        );
    }

    #[test]
    fn font_faces_inside_media_keep_their_condition() {
        let out = shadow_stylesheets(&[
            "@media screen{@font-face{font-family:X;src:url(x.woff2)}.a{font-family:X}}",
        ])
        .expect("rewrites");
        assert_eq!(
            out.fonts,
            "@media screen{@font-face{font-family:Buergerportal X;src:url(x.woff2)}}"
        );
        assert!(
            out.embed
                .ends_with("@media screen{.a{font-family:\"Buergerportal X\"}}"),
            "{}",
            out.embed
        );
    }

    #[test]
    fn the_prelude_pins_the_host_and_resets_what_would_be_inherited() {
        let out = shadow_stylesheets(&[".a{color:var(--set);top:var(--unset,1px)}:host{--set:1}"])
            .expect("rewrites");
        assert!(
            out.embed.starts_with(":host{display:block!important;--bp-rem:16px;--unset:initial}:host([hidden]){display:none!important}:where(.bp-root){all:initial;display:block;"),
            "{}",
            out.embed
        );
        assert!(!out.embed.contains("--set:initial"));
    }

    #[test]
    fn important_nesting_keyframes_and_urls_survive() {
        assert_eq!(embed("/* x */.a{top:0!important}"), ".a{top:0!important}");
        assert_eq!(
            embed(".a{&:hover{top:2rem}}"),
            ".a{&:hover{top:calc(2*var(--bp-rem))}}"
        );
        assert_eq!(
            embed("@keyframes x{0%{top:1rem}to{top:0}}"),
            "@keyframes x{0%{top:calc(1*var(--bp-rem))}to{top:0}}"
        );
        assert_eq!(
            embed(".a{background:url(data:image/svg+xml;x),url(https://x/y),url(#f),url(/i.png)}"),
            ".a{background:url(data:image/svg+xml;x),url(https://x/y),url(#f),url(i.png)}"
        );
        // What does not parse is dropped as a browser drops it; the rest stays.
        assert_eq!(embed(".a{top:0;;}.b{top:1px"), ".a{top:0}.b{top:1px}");
    }
}
