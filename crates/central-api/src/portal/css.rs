// SPDX-License-Identifier: EUPL-1.2
//! The portal's stylesheets rewritten for a shadow root (`/embed.css`) and its fonts for the
//! host document (`/embed-fonts.css`).
//!
//! A small tokenizer after CSS Syntax Level 3 (strings, comments, `url()`, numbers with
//! units, functions, blocks; no CSS crate is in the dependency tree) and a parser into
//! rules, at-rules and declarations. What the transform does, and why (measured in
//! Chromium 156 with a custom element whose open shadow root holds the portal's markup,
//! host pages with `* { all: unset }`, Bootstrap 5.3's CSS and `html { font-size: 30px }`):
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
//! - `@font-face` rules inside a shadow root are ignored by Chromium, so they move to a
//!   stylesheet for the host document, their families renamed `Buergerportal <name>` (so
//!   they cannot clash with a font of the same name on the host page), and every reference
//!   to those families (in `font-family`, `font` and custom properties, also inside
//!   `var()` fallbacks) is renamed the same way. Relative `url()`s are made absolute to
//!   the portal's base path (a stylesheet resolves them against its own URL, which is on
//!   the portal's origin).
//! - Custom properties that the stylesheet reads but never sets (KERN reads some
//!   component tokens with fallbacks, e.g. `var(--kern-component-kopfzeile-font-family,
//!   "Fira Sans")`) would inherit a host page's value of the same name (a page that uses
//!   KERN itself); `:host` sets each of them to `initial`, so the fallback applies.

use std::{borrow::Cow, collections::BTreeSet};

/// The kind of a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Whitespace,
    Comment,
    Ident,
    /// A name directly followed by `(`; the text includes the `(`.
    Function,
    AtKeyword,
    Hash,
    Str,
    /// An unquoted `url(…)`, whole.
    Url,
    Number,
    Percentage,
    Dimension,
    Delim,
    Colon,
    Semicolon,
    Comma,
    OpenSquare,
    CloseSquare,
    OpenParen,
    CloseParen,
    OpenCurly,
    CloseCurly,
}

/// A token and its exact source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub kind: Kind,
    pub text: &'a str,
}

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

fn is_name(b: u8) -> bool {
    is_name_start(b) || b.is_ascii_digit() || b == b'-'
}

fn is_newline(b: u8) -> bool {
    matches!(b, b'\n' | b'\r' | b'\x0c')
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t') || is_newline(b)
}

/// Splits CSS into tokens whose texts, concatenated, give the input back.
pub fn tokenize(css: &str) -> Vec<Token<'_>> {
    Tokenizer {
        css,
        bytes: css.as_bytes(),
        pos: 0,
    }
    .run()
}

struct Tokenizer<'a> {
    css: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Tokenizer<'a> {
    fn at(&self, offset: usize) -> Option<u8> {
        self.bytes.get(self.pos + offset).copied()
    }

    fn valid_escape(&self, offset: usize) -> bool {
        self.at(offset) == Some(b'\\') && self.at(offset + 1).is_some_and(|b| !is_newline(b))
    }

    fn starts_ident(&self, offset: usize) -> bool {
        match self.at(offset) {
            Some(b'-') => {
                self.at(offset + 1)
                    .is_some_and(|b| is_name_start(b) || b == b'-')
                    || self.valid_escape(offset + 1)
            }
            Some(b) if is_name_start(b) => true,
            Some(b'\\') => self.valid_escape(offset),
            _ => false,
        }
    }

    fn starts_number(&self, offset: usize) -> bool {
        match self.at(offset) {
            Some(b'+' | b'-') => {
                self.at(offset + 1).is_some_and(|b| b.is_ascii_digit())
                    || (self.at(offset + 1) == Some(b'.')
                        && self.at(offset + 2).is_some_and(|b| b.is_ascii_digit()))
            }
            Some(b'.') => self.at(offset + 1).is_some_and(|b| b.is_ascii_digit()),
            Some(b) => b.is_ascii_digit(),
            None => false,
        }
    }

    /// Consumes an escape (the `\` is at `pos`).
    fn escape(&mut self) {
        self.pos += 1;
        let Some(b) = self.at(0) else { return };
        if b.is_ascii_hexdigit() {
            let mut n = 0;
            while n < 6 && self.at(0).is_some_and(|b| b.is_ascii_hexdigit()) {
                self.pos += 1;
                n += 1;
            }
            if self.at(0).is_some_and(is_space) {
                self.pos += 1;
            }
        } else {
            self.pos += self.css[self.pos..]
                .chars()
                .next()
                .map_or(1, char::len_utf8);
        }
    }

    fn name(&mut self) {
        loop {
            match self.at(0) {
                Some(b) if is_name(b) => self.pos += 1,
                Some(b'\\') if self.valid_escape(0) => self.escape(),
                _ => return,
            }
        }
    }

    fn digits(&mut self) {
        while self.at(0).is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
    }

    fn numeric(&mut self) -> Kind {
        if matches!(self.at(0), Some(b'+' | b'-')) {
            self.pos += 1;
        }
        self.digits();
        if self.at(0) == Some(b'.') && self.at(1).is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
            self.digits();
        }
        if matches!(self.at(0), Some(b'e' | b'E')) {
            let digit_at = if matches!(self.at(1), Some(b'+' | b'-')) {
                2
            } else {
                1
            };
            if self.at(digit_at).is_some_and(|b| b.is_ascii_digit()) {
                self.pos += digit_at;
                self.digits();
            }
        }
        if self.starts_ident(0) {
            self.name();
            Kind::Dimension
        } else if self.at(0) == Some(b'%') {
            self.pos += 1;
            Kind::Percentage
        } else {
            Kind::Number
        }
    }

    fn string(&mut self, quote: u8) {
        self.pos += 1;
        while let Some(b) = self.at(0) {
            match b {
                b if b == quote => {
                    self.pos += 1;
                    return;
                }
                // An unescaped newline ends a (bad) string; the newline is not part of it.
                b if is_newline(b) => return,
                b'\\' if self.at(1).is_some() => {
                    if self.at(1).is_some_and(is_newline) {
                        self.pos += 2;
                    } else {
                        self.escape();
                    }
                }
                _ => self.pos += 1,
            }
        }
    }

    /// After `url(` when no quote follows: everything up to the closing `)`.
    fn url_rest(&mut self) {
        while let Some(b) = self.at(0) {
            match b {
                b')' => {
                    self.pos += 1;
                    return;
                }
                b'\\' if self.valid_escape(0) => self.escape(),
                _ => self.pos += 1,
            }
        }
    }

    fn ident_like(&mut self) -> Kind {
        let start = self.pos;
        self.name();
        if self.at(0) != Some(b'(') {
            return Kind::Ident;
        }
        let is_url = unescape(&self.css[start..self.pos]).eq_ignore_ascii_case("url");
        self.pos += 1;
        if is_url {
            let mut ahead = 0;
            while self.at(ahead).is_some_and(is_space) {
                ahead += 1;
            }
            if !matches!(self.at(ahead), Some(b'"' | b'\'')) {
                self.url_rest();
                return Kind::Url;
            }
        }
        Kind::Function
    }

    fn next_kind(&mut self) -> Kind {
        let b = self.bytes[self.pos];
        match b {
            b if is_space(b) => {
                while self.at(0).is_some_and(is_space) {
                    self.pos += 1;
                }
                Kind::Whitespace
            }
            b'/' if self.at(1) == Some(b'*') => {
                match self.css[self.pos + 2..].find("*/") {
                    Some(end) => self.pos += 2 + end + 2,
                    None => self.pos = self.bytes.len(),
                }
                Kind::Comment
            }
            b'"' | b'\'' => {
                self.string(b);
                Kind::Str
            }
            b'#' if self.at(1).is_some_and(is_name) || self.valid_escape(1) => {
                self.pos += 1;
                self.name();
                Kind::Hash
            }
            b'+' | b'.' if self.starts_number(0) => self.numeric(),
            b'-' if self.starts_number(0) => self.numeric(),
            b'-' if self.starts_ident(0) => self.ident_like(),
            b'@' if self.starts_ident(1) => {
                self.pos += 1;
                self.name();
                Kind::AtKeyword
            }
            b'\\' if self.valid_escape(0) => self.ident_like(),
            b if b.is_ascii_digit() => self.numeric(),
            b if is_name_start(b) => self.ident_like(),
            _ => {
                self.pos += self.css[self.pos..]
                    .chars()
                    .next()
                    .map_or(1, char::len_utf8);
                match b {
                    b'(' => Kind::OpenParen,
                    b')' => Kind::CloseParen,
                    b'[' => Kind::OpenSquare,
                    b']' => Kind::CloseSquare,
                    b'{' => Kind::OpenCurly,
                    b'}' => Kind::CloseCurly,
                    b',' => Kind::Comma,
                    b':' => Kind::Colon,
                    b';' => Kind::Semicolon,
                    _ => Kind::Delim,
                }
            }
        }
    }

    fn run(mut self) -> Vec<Token<'a>> {
        let mut tokens = Vec::new();
        while self.pos < self.bytes.len() {
            let start = self.pos;
            let kind = self.next_kind();
            tokens.push(Token {
                kind,
                text: &self.css[start..self.pos],
            });
        }
        tokens
    }
}

/// The value of an identifier or name with its escapes resolved.
pub fn unescape(text: &str) -> Cow<'_, str> {
    if !text.contains('\\') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let mut hex = String::new();
        while hex.len() < 6 && chars.peek().is_some_and(char::is_ascii_hexdigit) {
            hex.push(chars.next().expect("peeked"));
        }
        if hex.is_empty() {
            if let Some(next) = chars.next() {
                out.push(next);
            }
            continue;
        }
        if chars.peek().is_some_and(|c| c.is_ascii_whitespace()) {
            chars.next();
        }
        let code = u32::from_str_radix(&hex, 16).unwrap_or(0xfffd);
        out.push(
            char::from_u32(code)
                .filter(|&c| c != '\0')
                .unwrap_or('\u{fffd}'),
        );
    }
    Cow::Owned(out)
}

/// The value of a string token (without its quotes, escapes resolved).
fn string_value(text: &str) -> Cow<'_, str> {
    let quote = text.chars().next().unwrap_or('"');
    let inner = &text[1..];
    let inner = inner.strip_suffix(quote).unwrap_or(inner);
    // An escaped newline is no character at all.
    let inner = inner.replace("\\\n", "");
    Cow::Owned(unescape(&inner).into_owned())
}

fn quote(value: &str) -> String {
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\a "),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A rule or at-rule.
#[derive(Debug, Clone)]
pub enum Node<'a> {
    /// `prelude { declarations and nested rules }`.
    Rule {
        prelude: Vec<Token<'a>>,
        block: Vec<Item<'a>>,
    },
    /// `@name prelude;` or `@name prelude { … }`.
    At {
        /// Lower case, without `@`.
        name: String,
        keyword: &'a str,
        prelude: Vec<Token<'a>>,
        block: Option<AtBlock<'a>>,
    },
}

/// The block of an at-rule.
#[derive(Debug, Clone)]
pub enum AtBlock<'a> {
    /// `@media`, `@supports`, `@layer`, `@container`, `@keyframes`, …
    Rules(Vec<Node<'a>>),
    /// `@font-face`, `@page`, `@property`, …
    Declarations(Vec<Item<'a>>),
}

/// An entry of a declaration block.
#[derive(Debug, Clone)]
pub enum Item<'a> {
    /// The tokens of one declaration, without the `;`.
    Declaration(Vec<Token<'a>>),
    /// A nested rule (CSS nesting) or at-rule.
    Nested(Node<'a>),
}

/// At-rules whose block holds rules.
const RULE_BLOCKS: &[&str] = &[
    "media",
    "supports",
    "layer",
    "container",
    "document",
    "-moz-document",
    "scope",
    "starting-style",
    "keyframes",
    "-webkit-keyframes",
];

/// Parses a stylesheet. Comments are dropped; stray `}` and a missing `}` at the end are
/// tolerated as browsers do.
pub fn parse(css: &str) -> Vec<Node<'_>> {
    let tokens: Vec<Token> = tokenize(css)
        .into_iter()
        .filter(|t| t.kind != Kind::Comment)
        .collect();
    let mut parser = Parser { tokens, pos: 0 };
    parser.rules(true)
}

struct Parser<'a> {
    tokens: Vec<Token<'a>>,
    pos: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<Token<'a>> {
        self.tokens.get(self.pos).copied()
    }

    /// A list of rules, until the `}` closing it (consumed) or the end.
    fn rules(&mut self, top: bool) -> Vec<Node<'a>> {
        let mut nodes = Vec::new();
        while let Some(token) = self.peek() {
            match token.kind {
                Kind::Whitespace | Kind::Semicolon => self.pos += 1,
                Kind::CloseCurly => {
                    self.pos += 1;
                    if !top {
                        break;
                    }
                }
                Kind::AtKeyword => nodes.push(self.at_rule()),
                _ => {
                    if let Some(node) = self.qualified(Vec::new()) {
                        nodes.push(node);
                    }
                }
            }
        }
        nodes
    }

    /// Tokens up to (not including) a `{` or `;` at nesting depth 0, or the end.
    fn prelude(&mut self, stop_at_semicolon: bool) -> Vec<Token<'a>> {
        let mut depth = 0usize;
        let mut out = Vec::new();
        while let Some(token) = self.peek() {
            match token.kind {
                Kind::OpenCurly if depth == 0 => break,
                Kind::Semicolon if depth == 0 && stop_at_semicolon => break,
                Kind::CloseCurly if depth == 0 => break,
                Kind::OpenParen | Kind::OpenSquare | Kind::Function => depth += 1,
                Kind::CloseParen | Kind::CloseSquare => depth = depth.saturating_sub(1),
                _ => {}
            }
            out.push(token);
            self.pos += 1;
        }
        out
    }

    fn at_rule(&mut self) -> Node<'a> {
        let keyword = self.peek().expect("at-keyword").text;
        self.pos += 1;
        let name = unescape(&keyword[1..]).to_ascii_lowercase();
        let prelude = self.prelude(true);
        let block = match self.peek().map(|t| t.kind) {
            Some(Kind::OpenCurly) => {
                self.pos += 1;
                Some(if RULE_BLOCKS.contains(&name.as_str()) {
                    AtBlock::Rules(self.rules(false))
                } else {
                    AtBlock::Declarations(self.declarations())
                })
            }
            Some(Kind::Semicolon) => {
                self.pos += 1;
                None
            }
            _ => None,
        };
        Node::At {
            name,
            keyword,
            prelude,
            block,
        }
    }

    /// A qualified rule whose prelude starts with `start`; `None` at a `}` or the end
    /// without a block (an invalid rule, dropped as browsers drop it).
    fn qualified(&mut self, start: Vec<Token<'a>>) -> Option<Node<'a>> {
        let mut prelude = start;
        prelude.extend(self.prelude(false));
        if self.peek().map(|t| t.kind) != Some(Kind::OpenCurly) {
            return None;
        }
        self.pos += 1;
        Some(Node::Rule {
            prelude,
            block: self.declarations(),
        })
    }

    /// A declaration block after its `{`, until its `}` (consumed).
    fn declarations(&mut self) -> Vec<Item<'a>> {
        let mut items = Vec::new();
        loop {
            match self.peek() {
                None => break,
                Some(t) if t.kind == Kind::CloseCurly => {
                    self.pos += 1;
                    break;
                }
                Some(t) if matches!(t.kind, Kind::Whitespace | Kind::Semicolon) => self.pos += 1,
                Some(t) if t.kind == Kind::AtKeyword => items.push(Item::Nested(self.at_rule())),
                Some(_) => {
                    let tokens = self.prelude(true);
                    match self.peek().map(|t| t.kind) {
                        Some(Kind::OpenCurly) => {
                            self.pos += 1;
                            items.push(Item::Nested(Node::Rule {
                                prelude: tokens,
                                block: self.declarations(),
                            }));
                        }
                        _ => {
                            if self.peek().map(|t| t.kind) == Some(Kind::Semicolon) {
                                self.pos += 1;
                            }
                            items.push(Item::Declaration(tokens));
                        }
                    }
                }
            }
        }
        items
    }
}

/// The texts of tokens, concatenated.
fn text(tokens: &[Token]) -> String {
    tokens.iter().map(|t| t.text).collect()
}

/// Tokens without whitespace at both ends.
fn trim<'t, 'a>(tokens: &'t [Token<'a>]) -> &'t [Token<'a>] {
    let start = tokens
        .iter()
        .position(|t| t.kind != Kind::Whitespace)
        .unwrap_or(tokens.len());
    let end = tokens
        .iter()
        .rposition(|t| t.kind != Kind::Whitespace)
        .map_or(start, |i| i + 1);
    &tokens[start..end]
}

/// Splits at commas at nesting depth 0.
fn split_commas<'t, 'a>(tokens: &'t [Token<'a>]) -> Vec<&'t [Token<'a>]> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, t) in tokens.iter().enumerate() {
        match t.kind {
            Kind::OpenParen | Kind::OpenSquare | Kind::Function => depth += 1,
            Kind::CloseParen | Kind::CloseSquare => depth = depth.saturating_sub(1),
            Kind::Comma if depth == 0 => {
                parts.push(&tokens[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&tokens[start..]);
    parts
}

/// What a whole compound selector of the page's root elements becomes in a shadow root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RootPart {
    /// `:root`, `html`: the host element.
    Host,
    /// `body`: the first element inside the shadow root.
    Body,
}

fn root_part(compound: &[Token]) -> Option<RootPart> {
    match compound {
        [t] if t.kind == Kind::Ident => match unescape(t.text).to_ascii_lowercase().as_str() {
            "html" => Some(RootPart::Host),
            "body" => Some(RootPart::Body),
            _ => None,
        },
        [colon, t]
            if colon.kind == Kind::Colon
                && t.kind == Kind::Ident
                && unescape(t.text).eq_ignore_ascii_case("root") =>
        {
            Some(RootPart::Host)
        }
        _ => None,
    }
}

fn root_part_text(part: RootPart) -> &'static str {
    match part {
        RootPart::Host => ":host",
        RootPart::Body => ".bp-root",
    }
}

/// Functional pseudo-classes whose argument is a selector list.
const SELECTOR_FUNCTIONS: &[&str] = &[
    "is(",
    "where(",
    "not(",
    "has(",
    "matches(",
    "-webkit-any(",
    "-moz-any(",
];

/// One complex selector mapped for the shadow root.
fn map_complex(tokens: &[Token]) -> String {
    let tokens = trim(tokens);
    // Compounds are runs between combinators (whitespace, `>`, `+`, `~`) at depth 0.
    let mut out = String::new();
    let mut compound: Vec<Token> = Vec::new();
    let flush = |compound: &mut Vec<Token>, out: &mut String| {
        match root_part(compound) {
            Some(part) => out.push_str(root_part_text(part)),
            None => out.push_str(&map_compound(compound)),
        }
        compound.clear();
    };
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        let combinator = t.kind == Kind::Whitespace
            || (t.kind == Kind::Delim && matches!(t.text, ">" | "+" | "~"));
        if combinator {
            if !compound.is_empty() {
                flush(&mut compound, &mut out);
            }
            out.push_str(t.text);
            i += 1;
        } else if matches!(t.kind, Kind::Function | Kind::OpenParen | Kind::OpenSquare) {
            // A function's argument or an attribute selector belongs to the compound, whole.
            let end = matching_close(tokens, i);
            compound.extend_from_slice(&tokens[i..end]);
            i = end;
        } else {
            compound.push(t);
            i += 1;
        }
    }
    if !compound.is_empty() {
        flush(&mut compound, &mut out);
    }
    out
}

/// Index after the token closing the block opened at `open` (or the end).
fn matching_close(tokens: &[Token], open: usize) -> usize {
    let mut depth = 0usize;
    for (i, t) in tokens.iter().enumerate().skip(open) {
        match t.kind {
            Kind::OpenParen | Kind::OpenSquare | Kind::Function => depth += 1,
            Kind::CloseParen | Kind::CloseSquare => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
    }
    tokens.len()
}

/// A compound selector with the selector lists inside its functional pseudo-classes
/// mapped.
fn map_compound(compound: &[Token]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < compound.len() {
        let t = compound[i];
        let after_colon = i > 0 && compound[i - 1].kind == Kind::Colon;
        if t.kind == Kind::Function
            && after_colon
            && SELECTOR_FUNCTIONS.contains(&unescape(t.text).to_ascii_lowercase().as_str())
        {
            let end = matching_close(compound, i);
            let inner_end = if compound.get(end - 1).map(|t| t.kind) == Some(Kind::CloseParen) {
                end - 1
            } else {
                end
            };
            out.push_str(t.text);
            let mapped: Vec<String> = split_commas(&compound[i + 1..inner_end])
                .into_iter()
                .map(map_complex)
                .collect();
            out.push_str(&mapped.join(","));
            out.push_str(&text(&compound[inner_end..end]));
            i = end;
            continue;
        }
        out.push_str(t.text);
        i += 1;
    }
    out
}

/// Options of the transform.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The portal's base path (`""` or `/buergerportal`), for relative `url()`s.
    pub base_path: String,
}

/// The result of [`shadow_stylesheets`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShadowCss {
    /// For inside the shadow root.
    pub embed: String,
    /// The `@font-face` rules, for the host document.
    pub fonts: String,
}

/// The prefix of every font family of the portal in a host page.
pub const FAMILY_PREFIX: &str = "Buergerportal ";

/// Rewrites the portal's stylesheets (in order) for a shadow root; see the module
/// documentation.
pub fn shadow_stylesheets(sources: &[&str], options: &Options) -> ShadowCss {
    let mut nodes: Vec<Node> = sources.iter().flat_map(|css| parse(css)).collect();
    let mut faces = Vec::new();
    extract_font_faces(&mut nodes, &[], &mut faces);
    let mut families: Vec<String> = Vec::new();
    for (_, face) in &faces {
        if let Some(family) = face_family(face)
            && !families.iter().any(|f| f.eq_ignore_ascii_case(&family))
        {
            families.push(family);
        }
    }
    let context = Context {
        families: &families,
        base_path: options.base_path.trim_end_matches('/'),
    };

    let mut body = String::new();
    for node in &nodes {
        write_node(&mut body, node, &context);
    }
    let mut fonts = String::new();
    for (wrappers, face) in &faces {
        for (keyword, prelude) in wrappers {
            fonts.push_str(keyword);
            fonts.push_str(&text(prelude));
            fonts.push('{');
        }
        fonts.push_str("@font-face{");
        let declarations: Vec<String> = face
            .iter()
            .filter_map(|item| match item {
                Item::Declaration(tokens) => Some(declaration(tokens, &context, false)),
                Item::Nested(_) => None,
            })
            .collect();
        fonts.push_str(&declarations.join(";"));
        fonts.push('}');
        for _ in wrappers {
            fonts.push('}');
        }
    }

    // Custom properties read but never set (see the module documentation).
    let (read, set) = custom_properties(&nodes);
    let unset: Vec<String> = read
        .difference(&set)
        .filter(|name| name.as_str() != "--bp-rem")
        .map(|name| format!(";{name}:initial"))
        .collect();
    let prelude = format!(
        ":host{{display:block!important;--bp-rem:16px{unset}}}\
         :host([hidden]){{display:none!important}}\
         :where(.bp-root){{all:initial;display:block;direction:ltr;font-size:16px;line-height:1.5;color-scheme:light}}",
        unset = unset.concat()
    );
    ShadowCss {
        embed: prelude + &body,
        fonts,
    }
}

/// The at-rules around a moved `@font-face`, as (keyword, prelude).
type Wrappers<'a> = Vec<(&'a str, Vec<Token<'a>>)>;

/// Removes every `@font-face` from `nodes` (at any depth), with the at-rules around it.
fn extract_font_faces<'a>(
    nodes: &mut Vec<Node<'a>>,
    wrappers: &[(&'a str, Vec<Token<'a>>)],
    faces: &mut Vec<(Wrappers<'a>, Vec<Item<'a>>)>,
) {
    let mut kept = Vec::with_capacity(nodes.len());
    for node in nodes.drain(..) {
        match node {
            Node::At {
                name,
                block: Some(AtBlock::Declarations(items)),
                ..
            } if name == "font-face" => faces.push((wrappers.to_vec(), items)),
            Node::At {
                name,
                keyword,
                prelude,
                block: Some(AtBlock::Rules(mut inner)),
            } => {
                let mut deeper = wrappers.to_vec();
                deeper.push((keyword, prelude.clone()));
                extract_font_faces(&mut inner, &deeper, faces);
                kept.push(Node::At {
                    name,
                    keyword,
                    prelude,
                    block: Some(AtBlock::Rules(inner)),
                });
            }
            other => kept.push(other),
        }
    }
    *nodes = kept;
}

/// The `font-family` of a `@font-face`.
fn face_family(items: &[Item]) -> Option<String> {
    items.iter().find_map(|item| {
        let Item::Declaration(tokens) = item else {
            return None;
        };
        let (property, value, _) = split_declaration(tokens)?;
        if property != "font-family" {
            return None;
        }
        match trim(value) {
            [t] if t.kind == Kind::Str => Some(string_value(t.text).into_owned()),
            idents => {
                let words: Option<Vec<String>> = idents
                    .iter()
                    .filter(|t| t.kind != Kind::Whitespace)
                    .map(|t| (t.kind == Kind::Ident).then(|| unescape(t.text).into_owned()))
                    .collect();
                words.filter(|w| !w.is_empty()).map(|w| w.join(" "))
            }
        }
    })
}

/// Custom property names read with `var()` and set by declarations, anywhere.
fn custom_properties(nodes: &[Node]) -> (BTreeSet<String>, BTreeSet<String>) {
    fn visit_items(items: &[Item], read: &mut BTreeSet<String>, set: &mut BTreeSet<String>) {
        for item in items {
            match item {
                Item::Declaration(tokens) => {
                    if let Some((property, value, _)) = split_declaration(tokens) {
                        if property.starts_with("--") {
                            set.insert(property.clone());
                        }
                        reads(value, read);
                    }
                }
                Item::Nested(node) => visit(std::slice::from_ref(node), read, set),
            }
        }
    }
    fn reads(tokens: &[Token], read: &mut BTreeSet<String>) {
        for (i, t) in tokens.iter().enumerate() {
            if t.kind == Kind::Function
                && unescape(t.text).eq_ignore_ascii_case("var(")
                && let Some(name) = tokens[i + 1..].iter().find(|t| t.kind != Kind::Whitespace)
                && name.kind == Kind::Ident
                && name.text.starts_with("--")
            {
                read.insert(unescape(name.text).into_owned());
            }
        }
    }
    fn visit(nodes: &[Node], read: &mut BTreeSet<String>, set: &mut BTreeSet<String>) {
        for node in nodes {
            match node {
                Node::Rule { block, .. } => visit_items(block, read, set),
                Node::At { block, .. } => match block {
                    Some(AtBlock::Rules(inner)) => visit(inner, read, set),
                    Some(AtBlock::Declarations(items)) => visit_items(items, read, set),
                    None => {}
                },
            }
        }
    }
    let (mut read, mut set) = (BTreeSet::new(), BTreeSet::new());
    visit(nodes, &mut read, &mut set);
    (read, set)
}

struct Context<'c> {
    /// Font families of the moved `@font-face` rules.
    families: &'c [String],
    base_path: &'c str,
}

fn write_node(out: &mut String, node: &Node, context: &Context) {
    match node {
        Node::Rule { prelude, block } => {
            let mapped: Vec<String> = split_commas(trim(prelude))
                .into_iter()
                .map(map_complex)
                .collect();
            out.push_str(&mapped.join(","));
            out.push('{');
            write_items(out, block, context);
            out.push('}');
        }
        Node::At {
            keyword,
            prelude,
            block,
            ..
        } => {
            // At-rule preludes (@media, @supports, …) as they are: no rem rewriting.
            out.push_str(keyword);
            out.push_str(&text(prelude));
            match block {
                None => out.push(';'),
                Some(AtBlock::Rules(nodes)) => {
                    out.push('{');
                    for node in nodes {
                        write_node(out, node, context);
                    }
                    out.push('}');
                }
                Some(AtBlock::Declarations(items)) => {
                    out.push('{');
                    write_items(out, items, context);
                    out.push('}');
                }
            }
        }
    }
}

fn write_items(out: &mut String, items: &[Item], context: &Context) {
    let mut first = true;
    for item in items {
        match item {
            Item::Declaration(tokens) => {
                if !first {
                    out.push(';');
                }
                out.push_str(&declaration(tokens, context, true));
                first = false;
            }
            Item::Nested(node) => {
                if !first {
                    out.push(';');
                }
                write_node(out, node, context);
                first = true;
            }
        }
    }
}

/// `(property in lower case unless custom, value tokens, important)` of a declaration.
fn split_declaration<'t, 'a>(tokens: &'t [Token<'a>]) -> Option<(String, &'t [Token<'a>], bool)> {
    let tokens = trim(tokens);
    let (name, rest) = tokens.split_first()?;
    if name.kind != Kind::Ident {
        return None;
    }
    let rest = trim(rest);
    let (colon, value) = rest.split_first()?;
    if colon.kind != Kind::Colon {
        return None;
    }
    let value = trim(value);
    let mut end = value.len();
    let mut important = false;
    if let Some(last) = value.iter().rposition(|t| t.kind != Kind::Whitespace)
        && value[last].kind == Kind::Ident
        && unescape(value[last].text).eq_ignore_ascii_case("important")
        && let Some(bang) = value[..last]
            .iter()
            .rposition(|t| t.kind != Kind::Whitespace)
        && value[bang].kind == Kind::Delim
        && value[bang].text == "!"
    {
        important = true;
        end = bang;
    }
    let property = unescape(name.text);
    let property = if property.starts_with("--") {
        property.into_owned()
    } else {
        property.to_ascii_lowercase()
    };
    Some((property, trim(&value[..end]), important))
}

/// A declaration rewritten: `rem` (when `rem` is set), relative URLs, font families.
fn declaration(tokens: &[Token], context: &Context, rem: bool) -> String {
    let Some((property, value, important)) = split_declaration(tokens) else {
        return text(trim(tokens));
    };
    let name = trim(tokens)[0].text;
    let fonts = property == "font-family" || property == "font" || property.starts_with("--");
    let mut out = format!("{name}:");
    out.push_str(&value_text(value, context, rem, fonts, property == "font"));
    if important {
        out.push_str("!important");
    }
    out
}

fn value_text(
    value: &[Token],
    context: &Context,
    rem: bool,
    fonts: bool,
    shorthand: bool,
) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < value.len() {
        let t = value[i];
        // A family name: a string, or a run of identifiers separated by whitespace.
        if fonts {
            if t.kind == Kind::Str {
                let family = string_value(t.text);
                if let Some(known) = context
                    .families
                    .iter()
                    .find(|f| f.eq_ignore_ascii_case(&family))
                {
                    out.push_str(&quote(&format!("{FAMILY_PREFIX}{known}")));
                    i += 1;
                    continue;
                }
            }
            if t.kind == Kind::Ident && (i == 0 || value[i - 1].kind != Kind::Ident) {
                let mut end = i + 1;
                while end + 1 < value.len()
                    && value[end].kind == Kind::Whitespace
                    && value[end + 1].kind == Kind::Ident
                {
                    end += 2;
                }
                let words: Vec<String> = value[i..end]
                    .iter()
                    .filter(|t| t.kind == Kind::Ident)
                    .map(|t| unescape(t.text).into_owned())
                    .collect();
                // In the `font` shorthand the family comes last, after style keywords.
                let skip = (0..words.len()).find(|&k| {
                    (k == 0 || shorthand)
                        && context
                            .families
                            .iter()
                            .any(|f| f.eq_ignore_ascii_case(&words[k..].join(" ")))
                });
                if let Some(k) = skip {
                    let known = context
                        .families
                        .iter()
                        .find(|f| f.eq_ignore_ascii_case(&words[k..].join(" ")))
                        .expect("found");
                    let kept: Vec<&str> = value[i..end]
                        .iter()
                        .filter(|t| t.kind == Kind::Ident)
                        .take(k)
                        .map(|t| t.text)
                        .collect();
                    for word in kept {
                        out.push_str(word);
                        out.push(' ');
                    }
                    out.push_str(&quote(&format!("{FAMILY_PREFIX}{known}")));
                    i = end;
                    continue;
                }
                out.push_str(&text(&value[i..end]));
                i = end;
                continue;
            }
        }
        match t.kind {
            Kind::Dimension if rem => {
                let (number, unit) = dimension_parts(t.text);
                if unescape(unit).eq_ignore_ascii_case("rem") {
                    out.push_str(&format!("calc({number}*var(--bp-rem))"));
                } else {
                    out.push_str(t.text);
                }
            }
            Kind::Url => {
                let inner = t.text[t.text.find('(').map_or(0, |p| p + 1)..]
                    .trim_end_matches(')')
                    .trim();
                let url = unescape(inner);
                match absolute_url(&url, context.base_path) {
                    Some(resolved) => out.push_str(&format!("url({})", quote(&resolved))),
                    None => out.push_str(t.text),
                }
            }
            Kind::Function if unescape(t.text).eq_ignore_ascii_case("url(") => {
                // url("…"): the string follows, possibly after whitespace.
                let next = value[i + 1..]
                    .iter()
                    .position(|t| t.kind != Kind::Whitespace);
                match next.map(|n| value[i + 1 + n]) {
                    Some(s) if s.kind == Kind::Str => {
                        let url = string_value(s.text);
                        out.push_str(t.text);
                        match absolute_url(&url, context.base_path) {
                            Some(resolved) => out.push_str(&quote(&resolved)),
                            None => out.push_str(s.text),
                        }
                        i += 2 + next.expect("found");
                        continue;
                    }
                    _ => out.push_str(t.text),
                }
            }
            _ => out.push_str(t.text),
        }
        i += 1;
    }
    out
}

/// `(number, unit)` of a dimension token's text.
fn dimension_parts(text: &str) -> (&str, &str) {
    let bytes = text.as_bytes();
    let mut i = 0;
    if matches!(bytes.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
        i += 1;
    }
    if i < bytes.len()
        && matches!(bytes[i], b'e' | b'E')
        && bytes.get(i + 1).is_some_and(|b| {
            b.is_ascii_digit()
                || ((*b == b'+' || *b == b'-') && bytes.get(i + 2).is_some_and(u8::is_ascii_digit))
        })
    {
        i += 2;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
    }
    (&text[..i], &text[i..])
}

/// A relative URL (`fonts/x.woff2`, `./x`, `/x`) made absolute to the portal's base path;
/// `None` for URLs with a scheme, protocol-relative ones and fragments.
fn absolute_url(url: &str, base_path: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() || url.starts_with('#') || url.starts_with("//") {
        return None;
    }
    let scheme = url.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
            && !s.contains('/')
    });
    if scheme {
        return None;
    }
    if let Some(path) = url.strip_prefix('/') {
        return Some(format!("{base_path}/{path}"));
    }
    // Relative to the stylesheet, which lies at the root of the portal's folder.
    let mut segments: Vec<&str> = Vec::new();
    for segment in url.split('/') {
        match segment {
            "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    Some(format!("{base_path}/{}", segments.join("/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(css: &str) -> Vec<(Kind, &str)> {
        tokenize(css)
            .into_iter()
            .map(|t| (t.kind, t.text))
            .collect()
    }

    fn embed(css: &str) -> String {
        let out = shadow_stylesheets(&[css], &Options::default());
        // Without the fixed prelude.
        let start =
            out.embed.find("color-scheme:light}").expect("prelude") + "color-scheme:light}".len();
        out.embed[start..].to_owned()
    }

    #[test]
    fn tokens_give_the_input_back() {
        for css in [
            "a{b:c}",
            ":root{--x:1.5rem;--y:\"a;b}\"}@media (width>=48rem){.a{margin:-.5rem 0}}",
            "@font-face{src:url(fonts/a b.woff2)format(\"woff2\")}/* c } */",
            ".a\\:b{content:'it\\'s'}#x{width:calc(100% - 2rem)}",
            "a{b:\"unterminated\n}",
            "ä{ü:1e3rem}",
        ] {
            assert_eq!(text(&tokenize(css)), css);
        }
    }

    #[test]
    fn numbers_units_strings_and_urls_are_tokens() {
        assert_eq!(
            kinds("-.5rem 1e3px 50% +2 url( a.png ) url(\"b\") 'c'"),
            vec![
                (Kind::Dimension, "-.5rem"),
                (Kind::Whitespace, " "),
                (Kind::Dimension, "1e3px"),
                (Kind::Whitespace, " "),
                (Kind::Percentage, "50%"),
                (Kind::Whitespace, " "),
                (Kind::Number, "+2"),
                (Kind::Whitespace, " "),
                (Kind::Url, "url( a.png )"),
                (Kind::Whitespace, " "),
                (Kind::Function, "url("),
                (Kind::Str, "\"b\""),
                (Kind::CloseParen, ")"),
                (Kind::Whitespace, " "),
                (Kind::Str, "'c'"),
            ]
        );
        assert_eq!(kinds("--a"), vec![(Kind::Ident, "--a")]);
        assert_eq!(kinds("-x"), vec![(Kind::Ident, "-x")]);
        assert_eq!(kinds("a-1"), vec![(Kind::Ident, "a-1")]);
        assert_eq!(kinds("2rem"), vec![(Kind::Dimension, "2rem")]);
        assert_eq!(unescape("b\\6f dy"), "body");
        assert_eq!(unescape("a\\:b"), "a:b");
    }

    #[test]
    fn root_html_and_body_become_host_and_the_root_element() {
        assert_eq!(embed(":root{--a:1}"), ":host{--a:1}");
        assert_eq!(embed("html{margin:0}"), ":host{margin:0}");
        assert_eq!(embed("HTML{margin:0}"), ":host{margin:0}");
        assert_eq!(embed("body{color:red}"), ".bp-root{color:red}");
        assert_eq!(embed("html body .a>p{x:y}"), ":host .bp-root .a>p{x:y}");
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
            ".body{x:y}",
            ".kern-body{x:y}",
            "html.dark{x:y}",
            "body[x]{x:y}",
            ":root:hover{x:y}",
            "#html{x:y}",
            "[body]{x:y}",
            ".a-html{x:y}",
            "htmlx{x:y}",
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
            embed("@media (width<=30rem){.a{gap:.25rem}}@supports (width:1rem){.b{c:d}}"),
            "@media (width<=30rem){.a{gap:calc(.25*var(--bp-rem))}}@supports (width:1rem){.b{c:d}}"
        );
        assert_eq!(
            embed(".a{content:\"2rem\";width:2em;x:rem;y:2remx}"),
            ".a{content:\"2rem\";width:2em;x:rem;y:2remx}"
        );
    }

    #[test]
    fn font_faces_move_out_renamed_with_absolute_urls() {
        let css = "@font-face{font-family:Fira Sans;font-weight:400;src:url(fonts/FiraSans-Regular.woff2)format(\"woff2\")}\
                   @font-face{font-family:\"Fira Sans\";font-weight:600;src:url('./fonts/FiraSans-SemiBold.woff2') format(\"woff2\"),local(Fira Sans)}\
                   :root{--kern-typography-font-family-default:\"Fira Sans\",\"Fira Sans Regular\",Roboto,sans-serif}\
                   .a{font-family:var(--kern-component-kopfzeile-font-family,\"Fira Sans\")}\
                   .b{font-family:Fira Sans,Arial;font:600 1rem/1.5 Fira Sans,sans-serif}\
                   .c{content:\"Fira Sans\";font-family:Fira Sans Condensed}";
        let out = shadow_stylesheets(
            &[css],
            &Options {
                base_path: "/buergerportal".into(),
            },
        );
        assert_eq!(
            out.fonts,
            "@font-face{font-family:\"Buergerportal Fira Sans\";font-weight:400;src:url(\"/buergerportal/fonts/FiraSans-Regular.woff2\")format(\"woff2\")}\
             @font-face{font-family:\"Buergerportal Fira Sans\";font-weight:600;src:url(\"/buergerportal/fonts/FiraSans-SemiBold.woff2\") format(\"woff2\"),local(Fira Sans)}"
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
    fn the_prelude_pins_the_host_and_resets_what_would_be_inherited() {
        let out = shadow_stylesheets(
            &[".a{color:var(--set);x:var(--unset,red)}:host{--set:1}"],
            &Options::default(),
        );
        assert!(
            out.embed.starts_with(":host{display:block!important;--bp-rem:16px;--unset:initial}:host([hidden]){display:none!important}:where(.bp-root){all:initial;display:block;"),
            "{}",
            out.embed
        );
        assert!(!out.embed.contains("--set:initial"));
    }

    #[test]
    fn important_comments_and_odd_input_survive() {
        assert_eq!(embed("/* x */.a{b:c!important}"), ".a{b:c!important}");
        assert_eq!(embed(".a{b:c ! important}"), ".a{b:c!important}");
        assert_eq!(embed(".a{;;b:c;;}"), ".a{b:c}");
        assert_eq!(embed("}.a{b:c}"), ".a{b:c}");
        assert_eq!(embed(".a{b:c"), ".a{b:c}");
        assert_eq!(
            embed("@charset \"utf-8\";.a{b:c}"),
            "@charset \"utf-8\";.a{b:c}"
        );
        assert_eq!(
            embed(".a{&:hover{b:2rem}}"),
            ".a{&:hover{b:calc(2*var(--bp-rem))}}"
        );
        assert_eq!(
            embed("@keyframes x{0%{top:1rem}to{top:0}}"),
            "@keyframes x{0%{top:calc(1*var(--bp-rem))}to{top:0}}"
        );
        assert_eq!(
            embed(
                ".a{background:url(data:image/svg+xml;x) , url(https://x/y) ,url(#f),url(/i.png)}"
            ),
            ".a{background:url(data:image/svg+xml;x) , url(https://x/y) ,url(#f),url(\"/i.png\")}"
        );
    }

    #[test]
    fn urls_resolve_against_the_portal_folder() {
        assert_eq!(
            absolute_url("fonts/a.woff2", ""),
            Some("/fonts/a.woff2".into())
        );
        assert_eq!(
            absolute_url("./fonts/../a.png", "/bp"),
            Some("/bp/a.png".into())
        );
        assert_eq!(absolute_url("/a.png", "/bp"), Some("/bp/a.png".into()));
        for kept in ["data:x", "https://x/y", "//x/y", "#f", ""] {
            assert_eq!(absolute_url(kept, "/bp"), None, "{kept}");
        }
    }
}
