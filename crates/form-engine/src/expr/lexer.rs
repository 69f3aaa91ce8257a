//! Tokens with their 1-based character position.

use super::{ExprError, ExprErrorKind as K, MAX_EXPR_LEN};

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    /// A name or a dotted path (`owners.share`, `address.postcode`).
    Ident(String),
    Str(String),
    /// Unsigned; `-` is an operator (unary or binary).
    Num(f64),
    Op(&'static str),
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
}

pub(super) fn tokenize(src: &str) -> Result<Vec<(usize, Tok)>, ExprError> {
    if src.len() > MAX_EXPR_LEN {
        return Err(ExprError {
            position: 1,
            kind: K::TooLong { max: MAX_EXPR_LEN },
        });
    }
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let err = |i: usize, kind: K| ExprError {
        position: i + 1,
        kind,
    };
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        let tok = match c {
            c if c.is_whitespace() => {
                i += 1;
                continue;
            }
            '(' => Tok::LParen,
            ')' => Tok::RParen,
            '[' => Tok::LBracket,
            ']' => Tok::RBracket,
            ',' => Tok::Comma,
            '+' => Tok::Op("+"),
            '-' => Tok::Op("-"),
            '*' => Tok::Op("*"),
            '/' => Tok::Op("/"),
            '=' | '!' | '<' | '>' => {
                let two = chars.get(i + 1) == Some(&'=');
                let op = match (c, two) {
                    ('=', true) => "==",
                    ('!', true) => "!=",
                    ('<', true) => "<=",
                    ('>', true) => ">=",
                    ('<', false) => "<",
                    ('>', false) => ">",
                    ('=', false) => return Err(err(i, K::SingleEquals)),
                    _ => return Err(err(i, K::Bang)),
                };
                i += if two { 2 } else { 1 };
                out.push((start + 1, Tok::Op(op)));
                continue;
            }
            '\'' | '"' => {
                let quote = c;
                i += 1;
                let mut s = String::new();
                loop {
                    match chars.get(i) {
                        None => return Err(err(start, K::UnclosedText)),
                        Some(&ch) if ch == quote => break,
                        Some('\\') => {
                            match chars.get(i + 1) {
                                Some(&e @ ('\\' | '\'' | '"')) => s.push(e),
                                _ => {
                                    return Err(err(i, K::UnknownEscape));
                                }
                            }
                            i += 1;
                        }
                        Some(&ch) => s.push(ch),
                    }
                    i += 1;
                }
                i += 1;
                out.push((start + 1, Tok::Str(s)));
                continue;
            }
            c if c.is_ascii_digit() => {
                i += 1;
                while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                    i += 1;
                }
                let text: String = chars[start..i].iter().collect();
                let n =
                    crate::float::parse_f64(&text).ok_or_else(|| err(start, K::InvalidNumber))?;
                out.push((start + 1, Tok::Num(n)));
                continue;
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                loop {
                    while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                        i += 1;
                    }
                    // `a.b`: a path into an address or the items of a group.
                    let next_is_name = chars
                        .get(i + 1)
                        .is_some_and(|c| c.is_ascii_alphabetic() || *c == '_');
                    if chars.get(i) == Some(&'.') && next_is_name {
                        i += 1;
                    } else {
                        break;
                    }
                }
                out.push((start + 1, Tok::Ident(chars[start..i].iter().collect())));
                continue;
            }
            other => return Err(err(i, K::UnexpectedChar(other))),
        };
        out.push((start + 1, tok));
        i += 1;
    }
    Ok(out)
}
