//! Author-supplied patterns for text fields: a small regular-expression
//! dialect with its own matcher (no regex crate: a fraction of the WASM size).
//!
//! Patterns always match the **whole** text, as if written `^(?:pattern)$`.
//! The dialect is the subset that form definitions and FIM/XSD `praezisierung`
//! patterns use:
//!
//! | construct | meaning |
//! | --- | --- |
//! | `a`, `ä`, `-`, `/`, … | the character itself (anything but `\ . [ ] ( ) { } \| ? * + ^ $`) |
//! | `\.`, `\(`, `\-`, … | any ASCII punctuation escaped: the character itself |
//! | `\n \t \r` | line feed, tab, carriage return |
//! | `.` | any character but a line feed |
//! | `\d \D` | an ASCII digit `0-9` / anything else |
//! | `\s \S` | ASCII white space `\t \n \v \f \r` and space / anything else |
//! | `\w \W` | `0-9 A-Z a-z _` / anything else |
//! | `\p{L}` `\pL` | a letter: Unicode's Alphabetic property (`char::is_alphabetic`) |
//! | `\p{Lu}` `\p{Ll}` | Unicode's Uppercase / Lowercase property |
//! | `\p{N}` `\pN` | a number: general category N (`char::is_numeric`) |
//! | `\P{…}` | the complement of `\p{…}` |
//! | `[a-z_\d]` `[^…]` | a class of characters, ranges and the sets above; a `]` first and a `-` last are literal; `[` must be escaped |
//! | `(…)` `(?:…)` | a group (both only group: nothing is captured) |
//! | `a\|b` | alternation, also empty branches |
//! | `? * + {n} {n,} {n,m}` | repetition (n, m ≤ 1000); a trailing `?` (lazy) is accepted and changes nothing, since only whether the text matches counts |
//! | `^ $` | start and end of the text |
//!
//! Where the regex crate (and XSD) differ: `\d \s \w` are ASCII only (theirs are
//! Unicode), and `\p{L}`, `\p{Lu}`, `\p{Ll}` are the Unicode properties Alphabetic,
//! Uppercase and Lowercase, which `char` carries, rather than the general categories,
//! which would need tables in the bundle: they also accept letter numbers (`Ⅻ`),
//! combining marks of scripts (U+0345) and circled letters (`Ⓐ`). Anything else is
//! refused with a [`PatternError`]. `tests/pattern_vs_regex.rs` checks generated
//! patterns of this dialect against the regex crate, spelled with those differences.
//!
//! A pattern is compiled once into a small program (character tests, forks,
//! jumps) and run as a Thompson/Pike NFA simulation: every position of the
//! program is visited at most once per character of the text, so matching
//! takes at most `program length × text length` steps and no pattern can hang
//! the portal (`(a*)*b` included).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Longest pattern source we accept; real ones are a few dozen characters.
pub const MAX_PATTERN_LEN: usize = 500;

/// Largest compiled program (bounded repetitions copy their operand); keeps
/// matching cheap: at most this many steps per character of the answer.
const MAX_PROGRAM: usize = 5_000;

/// Largest count in `{n}`, `{n,}`, `{n,m}`.
const MAX_REPEAT: u32 = 1_000;

/// Deepest nesting of groups.
const MAX_DEPTH: u32 = 32;

/// A compiled, fully anchored pattern.
#[derive(Clone)]
pub struct Pattern {
    source: String,
    program: Vec<Inst>,
    classes: Vec<Class>,
}

/// Why a pattern was rejected, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    /// 1-based position (in characters) in the pattern.
    pub position: usize,
    /// What is wrong, as data (its `Display` is English).
    pub kind: PatternErrorKind,
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid pattern at character {}: {}",
            self.position, self.kind
        )
    }
}

/// What is wrong with a pattern. `Display` gives the English text; other languages
/// translate the kind (the designers' preview does, in German).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PatternErrorKind {
    #[error("pattern too large")]
    TooLarge,
    #[error("pattern is longer than {} characters", MAX_PATTERN_LEN)]
    TooLong,
    #[error("malformed repetition, expected {{n}}, {{n,}} or {{n,m}}")]
    MalformedRepetition,
    #[error("repetition {{n,m}} with m smaller than n")]
    RepetitionOutOfOrder,
    #[error("repetition count larger than 1000")]
    RepetitionTooLarge,
    #[error("unexpected end")]
    UnexpectedEnd,
    #[error("unsupported group, only ( ) and (?: ) are allowed")]
    UnsupportedGroup,
    #[error("groups nested too deeply")]
    GroupsTooDeep,
    #[error("unclosed group")]
    UnclosedGroup,
    #[error("unmatched )")]
    UnmatchedParen,
    #[error("nothing to repeat")]
    NothingToRepeat,
    #[error("pattern ends with \\")]
    TrailingBackslash,
    #[error("unclosed \\p{{…}}")]
    UnclosedProperty,
    #[error("unsupported \\p class, use L, Lu, Ll or N")]
    UnsupportedProperty,
    #[error("unsupported escape")]
    UnsupportedEscape,
    #[error("unclosed character class")]
    UnclosedClass,
    #[error("[ inside a character class must be escaped")]
    BracketInClass,
    #[error("range out of order")]
    RangeOutOfOrder,
    #[error("a range cannot end in a class")]
    RangeEndsInClass,
}

/// One step of a compiled pattern. Jumps are relative, so a piece of program
/// can be copied (for `{n,m}`) as it is. Running past the end means a match.
#[derive(Clone, Copy, Debug)]
enum Inst {
    /// Consume one character in `classes[i]`.
    Class(usize),
    /// Continue at the next instruction and at `pc + offset`.
    Fork(isize),
    Jump(isize),
    /// `^`: only at the start of the text.
    Start,
    /// `$`: only at the end of the text.
    End,
}

#[derive(Clone, Debug)]
struct Class {
    negated: bool,
    items: Vec<Item>,
}

#[derive(Clone, Copy, Debug)]
enum Item {
    Range(char, char),
    /// A named set (`\d`, `\p{L}`, …), possibly negated (`\D`, `\P{L}`).
    Set(Set, bool),
}

#[derive(Clone, Copy, Debug)]
enum Set {
    Digit,
    Space,
    Word,
    Letter,
    Upper,
    Lower,
    Number,
}

impl Set {
    fn contains(self, c: char) -> bool {
        match self {
            Set::Digit => c.is_ascii_digit(),
            // \t \n \v \f \r and space, as in the regex crates.
            Set::Space => matches!(c, '\t'..='\r' | ' '),
            Set::Word => c.is_ascii_alphanumeric() || c == '_',
            Set::Letter => c.is_alphabetic(),
            Set::Upper => c.is_uppercase(),
            Set::Lower => c.is_lowercase(),
            Set::Number => c.is_numeric(),
        }
    }
}

impl Class {
    fn contains(&self, c: char) -> bool {
        self.items.iter().any(|item| match *item {
            Item::Range(lo, hi) => (lo..=hi).contains(&c),
            Item::Set(set, negated) => set.contains(c) != negated,
        }) != self.negated
    }
}

type Parsed<T> = Result<T, PatternError>;

struct Parser {
    chars: Vec<char>,
    pos: usize,
    depth: u32,
    classes: Vec<Class>,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        let found = self.peek() == Some(c);
        self.pos += usize::from(found);
        found
    }

    /// An error at the 0-based character index `at`.
    fn err<T>(&self, at: usize, kind: PatternErrorKind) -> Parsed<T> {
        Err(PatternError {
            position: at + 1,
            kind,
        })
    }

    fn class(&mut self, negated: bool, items: Vec<Item>) -> Vec<Inst> {
        self.classes.push(Class { negated, items });
        vec![Inst::Class(self.classes.len() - 1)]
    }

    /// `a|b|…`, until `)` or the end.
    fn alternation(&mut self) -> Parsed<Vec<Inst>> {
        let mut program = self.sequence()?;
        while self.eat('|') {
            let rest = self.sequence()?;
            let mut both = Vec::with_capacity(program.len() + rest.len() + 2);
            both.push(Inst::Fork(program.len() as isize + 2));
            both.append(&mut program);
            both.push(Inst::Jump(rest.len() as isize + 1));
            both.extend(rest);
            program = both;
            if program.len() > MAX_PROGRAM {
                return self.err(self.pos, PatternErrorKind::TooLarge);
            }
        }
        Ok(program)
    }

    /// Quantified atoms, until `|`, `)` or the end.
    fn sequence(&mut self) -> Parsed<Vec<Inst>> {
        let mut program = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let start = self.pos;
            let atom = self.atom()?;
            let (min, max) = match self.peek() {
                Some('{') => self.counts()?,
                Some(q @ ('?' | '*' | '+')) => {
                    self.pos += 1;
                    (u32::from(q == '+'), (q == '?').then_some(1))
                }
                _ => {
                    program.extend(atom);
                    continue;
                }
            };
            self.eat('?'); // lazy: same set of matching texts
            let size = atom.len() * (max.unwrap_or(min) as usize + 2) + program.len();
            if size > MAX_PROGRAM {
                return self.err(start, PatternErrorKind::TooLarge);
            }
            program.extend(repeat(&atom, min, max));
        }
        if program.len() > MAX_PROGRAM {
            return self.err(self.pos, PatternErrorKind::TooLarge);
        }
        Ok(program)
    }

    /// `{n}`, `{n,}` or `{n,m}`, consumed.
    fn counts(&mut self) -> Parsed<(u32, Option<u32>)> {
        let open = self.pos;
        self.pos += 1;
        let min = self.number(open)?;
        let max = if self.eat(',') {
            match self.peek() {
                Some('}') => None,
                _ => Some(self.number(open)?),
            }
        } else {
            Some(min)
        };
        if !self.eat('}') {
            return self.err(open, PatternErrorKind::MalformedRepetition);
        }
        if max.is_some_and(|max| max < min) {
            return self.err(open, PatternErrorKind::RepetitionOutOfOrder);
        }
        Ok((min, max))
    }

    fn number(&mut self, open: usize) -> Parsed<u32> {
        let start = self.pos;
        let mut n: u32 = 0;
        while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
            n = n.saturating_mul(10).saturating_add(d);
            self.pos += 1;
        }
        if self.pos == start {
            return self.err(open, PatternErrorKind::MalformedRepetition);
        }
        if n > MAX_REPEAT {
            return self.err(start, PatternErrorKind::RepetitionTooLarge);
        }
        Ok(n)
    }

    fn atom(&mut self) -> Parsed<Vec<Inst>> {
        let at = self.pos;
        let Some(c) = self.peek() else {
            return self.err(at, PatternErrorKind::UnexpectedEnd);
        };
        self.pos += 1;
        Ok(match c {
            '(' => {
                if self.eat('?') && !self.eat(':') {
                    return self.err(at, PatternErrorKind::UnsupportedGroup);
                }
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return self.err(at, PatternErrorKind::GroupsTooDeep);
                }
                let inner = self.alternation()?;
                self.depth -= 1;
                if !self.eat(')') {
                    return self.err(at, PatternErrorKind::UnclosedGroup);
                }
                inner
            }
            '[' => self.bracket(at)?,
            '\\' => {
                let item = self.escape()?;
                self.class(false, vec![item])
            }
            '.' => self.class(true, vec![Item::Range('\n', '\n')]),
            '^' => vec![Inst::Start],
            '$' => vec![Inst::End],
            '*' | '+' | '?' | '{' => return self.err(at, PatternErrorKind::NothingToRepeat),
            c => self.class(false, vec![Item::Range(c, c)]),
        })
    }

    /// After a `\`: a literal character or a named set.
    fn escape(&mut self) -> Parsed<Item> {
        let at = self.pos - 1;
        let Some(c) = self.peek() else {
            return self.err(at, PatternErrorKind::TrailingBackslash);
        };
        self.pos += 1;
        let set = |s| Ok(Item::Set(s, c.is_ascii_uppercase()));
        match c {
            'd' | 'D' => set(Set::Digit),
            's' | 'S' => set(Set::Space),
            'w' | 'W' => set(Set::Word),
            'p' | 'P' => {
                let name: String = if self.eat('{') {
                    let start = self.pos;
                    while self.peek().is_some_and(|c| c != '}') {
                        self.pos += 1;
                    }
                    let name = self.chars[start..self.pos].iter().collect();
                    if !self.eat('}') {
                        return self.err(at, PatternErrorKind::UnclosedProperty);
                    }
                    name
                } else {
                    let name = self.peek().map(String::from).unwrap_or_default();
                    self.pos += 1;
                    name
                };
                let s = match name.as_str() {
                    "L" => Set::Letter,
                    "Lu" => Set::Upper,
                    "Ll" => Set::Lower,
                    "N" => Set::Number,
                    _ => return self.err(at, PatternErrorKind::UnsupportedProperty),
                };
                Ok(Item::Set(s, c == 'P'))
            }
            'n' => Ok(Item::Range('\n', '\n')),
            't' => Ok(Item::Range('\t', '\t')),
            'r' => Ok(Item::Range('\r', '\r')),
            c if c.is_ascii_punctuation() => Ok(Item::Range(c, c)),
            _ => self.err(at, PatternErrorKind::UnsupportedEscape),
        }
    }

    /// `[…]` after the `[` at `open`.
    fn bracket(&mut self, open: usize) -> Parsed<Vec<Inst>> {
        let negated = self.eat('^');
        let mut items = Vec::new();
        let mut first = true;
        loop {
            let at = self.pos;
            let Some(c) = self.peek() else {
                return self.err(open, PatternErrorKind::UnclosedClass);
            };
            self.pos += 1;
            let item = match c {
                ']' if !first => break,
                '[' => return self.err(at, PatternErrorKind::BracketInClass),
                '\\' => self.escape()?,
                c => Item::Range(c, c),
            };
            first = false;
            // A range `a-z`, unless the `-` is last (`[a-]`).
            if let Item::Range(lo, _) = item
                && self.peek() == Some('-')
                && self.chars.get(self.pos + 1).is_some_and(|&c| c != ']')
            {
                self.pos += 1;
                let end_at = self.pos;
                let hi = match self.peek() {
                    Some('\\') => {
                        self.pos += 1;
                        self.escape()?
                    }
                    Some(c) => {
                        self.pos += 1;
                        Item::Range(c, c)
                    }
                    None => return self.err(open, PatternErrorKind::UnclosedClass),
                };
                match hi {
                    Item::Range(hi, _) if hi >= lo => items.push(Item::Range(lo, hi)),
                    Item::Range(..) => return self.err(at, PatternErrorKind::RangeOutOfOrder),
                    Item::Set(..) => return self.err(end_at, PatternErrorKind::RangeEndsInClass),
                }
            } else {
                items.push(item);
            }
        }
        Ok(self.class(negated, items))
    }
}

/// `atom` `min` times, then up to `max - min` more (or any number more).
fn repeat(atom: &[Inst], min: u32, max: Option<u32>) -> Vec<Inst> {
    let len = atom.len() as isize;
    let mut out = Vec::new();
    for _ in 0..min {
        out.extend_from_slice(atom);
    }
    match max {
        None => {
            out.push(Inst::Fork(len + 2));
            out.extend_from_slice(atom);
            out.push(Inst::Jump(-len - 1));
        }
        Some(max) => {
            for _ in min..max {
                out.push(Inst::Fork(len + 1));
                out.extend_from_slice(atom);
            }
        }
    }
    out
}

impl Pattern {
    pub fn new(source: &str) -> Result<Pattern, PatternError> {
        let mut p = Parser {
            chars: source.chars().collect(),
            pos: 0,
            depth: 0,
            classes: Vec::new(),
        };
        if p.chars.len() > MAX_PATTERN_LEN {
            return p.err(MAX_PATTERN_LEN, PatternErrorKind::TooLong);
        }
        let program = p.alternation()?;
        if p.pos < p.chars.len() {
            return p.err(p.pos, PatternErrorKind::UnmatchedParen);
        }
        Ok(Pattern {
            source: source.to_owned(),
            program,
            classes: p.classes,
        })
    }

    /// The pattern as written by the author (without our anchors).
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether the whole of `text` matches.
    pub fn is_match(&self, text: &str) -> bool {
        let end = self.program.len();
        // `seen[pc] == step`: pc is already in the list for this position.
        let mut seen = vec![usize::MAX; end + 1];
        let mut current = Vec::new();
        let mut next = Vec::new();
        let mut stack = Vec::new();
        let mut chars = text.chars().peekable();
        let mut step = 0;
        self.follow(
            0,
            &mut current,
            &mut seen,
            &mut stack,
            step,
            chars.peek().is_none(),
        );
        while let Some(c) = chars.next() {
            step += 1;
            let at_end = chars.peek().is_none();
            for &pc in &current {
                if let Some(Inst::Class(i)) = self.program.get(pc)
                    && self.classes[*i].contains(c)
                {
                    self.follow(pc + 1, &mut next, &mut seen, &mut stack, step, at_end);
                }
            }
            std::mem::swap(&mut current, &mut next);
            next.clear();
            if current.is_empty() {
                return false;
            }
        }
        current.contains(&end)
    }

    /// Adds `pc` and everything reachable from it without consuming a
    /// character to `list` (only character tests and the end are kept).
    fn follow(
        &self,
        pc: usize,
        list: &mut Vec<usize>,
        seen: &mut [usize],
        stack: &mut Vec<usize>,
        step: usize,
        at_end: bool,
    ) {
        stack.push(pc);
        while let Some(pc) = stack.pop() {
            if seen[pc] == step {
                continue;
            }
            seen[pc] = step;
            match self.program.get(pc) {
                None | Some(Inst::Class(_)) => list.push(pc),
                Some(Inst::Fork(off)) => stack.extend([pc + 1, pc.wrapping_add_signed(*off)]),
                Some(Inst::Jump(off)) => stack.push(pc.wrapping_add_signed(*off)),
                Some(Inst::Start) if step == 0 => stack.push(pc + 1),
                Some(Inst::End) if at_end => stack.push(pc + 1),
                Some(_) => {}
            }
        }
    }
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

impl Serialize for Pattern {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.source)
    }
}

impl<'de> Deserialize<'de> for Pattern {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Pattern::new(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(pattern: &str, yes: &[&str], no: &[&str]) {
        let p = Pattern::new(pattern).unwrap();
        for t in yes {
            assert!(p.is_match(t), "{pattern} should match {t:?}");
        }
        for t in no {
            assert!(!p.is_match(t), "{pattern} should not match {t:?}");
        }
    }

    fn error_at(pattern: &str) -> usize {
        Pattern::new(pattern).unwrap_err().position
    }

    #[test]
    fn matches_whole_text_only() {
        check(
            "[0-9]{3}|x",
            &["123", "x"],
            &["1234", "a123", "xx", "", "12"],
        );
        check("abc", &["abc"], &["ab", "abcd", "xabc", ""]);
        check("", &[""], &["a"]);
        check("a|", &["a", ""], &["b"]);
    }

    #[test]
    fn literals_dot_and_escapes() {
        check("a.c", &["abc", "a-c", "aäc"], &["ac", "a\nc", "abbc"]);
        check(r"\d\D", &["1a"], &["11", "aa"]);
        check(r"\s\S", &[" x", "\tx"], &["xx", "  "]);
        check(r"\w+\W", &["a_1-"], &["abc", "ä-"]);
        check(
            r"\.\*\+\?\(\)\[\]\{\}\|\\\^\$\-\/",
            &[r".*+?()[]{}|\^$-/"],
            &["a"],
        );
        check(r"a\nb\tc\rd", &["a\nb\tc\rd"], &["anbtcrd"]);
        check("ä€]}", &["ä€]}"], &["a€]}"]);
    }

    #[test]
    fn unicode_sets() {
        check(r"\p{L}+", &["Müller", "Ωmega"], &["M1", ""]);
        check(r"\P{L}", &["1", " "], &["a"]);
        check(r"\p{Lu}\p{Ll}+", &["Äpfel"], &["äpfel"]);
        check(r"\p{N}\pL", &["1a", "²b"], &["aa"]);
        check(r"[\p{L} '-]+", &["Anne-Marie O'Neill"], &["R2D2"]);
    }

    #[test]
    fn character_classes() {
        check("[abc]", &["a", "c"], &["d", "ab"]);
        check("[a-cx-z0-9]", &["b", "y", "5"], &["d", "-"]);
        check("[^a-c]", &["d", "ä", "\n"], &["a", ""]);
        check("[-a]", &["-", "a"], &["b"]);
        check("[a-]", &["-", "a"], &["b"]);
        check("[]a]", &["]", "a"], &["b"]);
        check(r"[\d\s_]", &["1", " ", "_"], &["a"]);
        check(r"[^\d]", &["a"], &["1"]);
        check(r"[\D]", &["a"], &["1"]);
        check(r"[\]\\\-\[]", &["]", "\\", "-", "["], &["a"]);
        check(r"[+*?.()|{}$^]+", &["+*?.()|{}$^"], &["a"]);
    }

    #[test]
    fn groups_and_alternation() {
        check("(ab)+", &["ab", "abab"], &["", "aba"]);
        check("(?:ab|cd)e", &["abe", "cde"], &["abcde", "e"]);
        check("a(b|c|)d", &["abd", "acd", "ad"], &["aed"]);
        check("()", &[""], &["a"]);
        check("(a|b)(c|d)", &["ac", "bd"], &["ab"]);
        check("((a))", &["a"], &["aa"]);
    }

    #[test]
    fn quantifiers() {
        check("a?b", &["b", "ab"], &["aab"]);
        check("a*b", &["b", "aaab"], &["aa"]);
        check("a+b", &["ab", "aaab"], &["b"]);
        check("a{3}", &["aaa"], &["aa", "aaaa"]);
        check("a{2,}", &["aa", "aaaaa"], &["a"]);
        check("a{2,3}", &["aa", "aaa"], &["a", "aaaa"]);
        check("a{0}b", &["b"], &["ab"]);
        check("a{0,1}", &["", "a"], &["aa"]);
        check("(ab){1,2}", &["ab", "abab"], &["ababab"]);
        check("a*?b+?c??d{1,2}?", &["bd", "aabbcdd"], &["ad"]);
        check("(a*)*", &["", "aaa"], &["b"]);
        check("(a|b*)*c", &["c", "abbac"], &["ab"]);
    }

    #[test]
    fn explicit_anchors_are_allowed() {
        check("^[0-9]{5}$", &["25746"], &["2574", "257466"]);
        check("^a|b$", &["a", "b"], &["ab"]);
        check("a^b", &[], &["ab", "a^b"]);
        check("(^a)*", &["", "a"], &["aa"]);
    }

    #[test]
    fn patterns_of_the_demo_forms_and_xsd() {
        // gewerbeanmeldung: house number
        check(
            r"[0-9]{1,4}\s?[a-zA-Z]?(\s?[-/]\s?[0-9]{1,4}\s?[a-zA-Z]?)?",
            &["12", "12a", "12 a", "12-14", "12a / 14b", "1234"],
            &["", "a", "12345", "12--14", "12ab"],
        );
        check(
            "^99[0-9]{12}$",
            &["99123456789012"],
            &["9912345678901", "98123456789012"],
        );
        check("^[A-Za-z0-9._-]{1,64}$", &["a.b_c-d"], &["", "a b"]);
        check(
            "^BP-[0-9]{4}-[0-9A-Z]{8}$",
            &["BP-2025-AB12CD34"],
            &["BP-2025-ab12cd34"],
        );
        check(
            r"^(\d{4}-\d{2}-\d{2}|today([+-]\d{1,5}[dwmy])?)$",
            &["2025-01-31", "today", "today+14d", "today-1y"],
            &["today+d", "2025-1-31"],
        );
        // Typical FIM/XSD praezisierung patterns.
        check(r"[0-9]{5}", &["25746"], &["2574a"]);
        check(
            r"[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}",
            &["DE02120300000000202051"],
            &["de02"],
        );
        check(
            r"[\p{L}\p{N} .,'()/-]{1,70}",
            &["Bäckerei Jensen (Inh. J. Jensen)"],
            &["a@b"],
        );
    }

    #[test]
    fn malformed_patterns_report_the_position() {
        assert_eq!(error_at("[a-"), 1);
        assert_eq!(error_at("ab[c"), 3);
        assert_eq!(error_at("(a"), 1);
        assert_eq!(error_at("x(a(b)"), 2);
        assert_eq!(error_at("a)"), 2);
        assert_eq!(error_at("*a"), 1);
        assert_eq!(error_at("a**"), 3);
        assert_eq!(error_at("a|+"), 3);
        assert_eq!(error_at("a{2"), 2);
        assert_eq!(error_at("a{,2}"), 2);
        assert_eq!(error_at("a{x}"), 2);
        assert_eq!(error_at("a{3,2}"), 2);
        assert_eq!(error_at("a{1001}"), 3);
        assert_eq!(error_at("[z-a]"), 2);
        assert_eq!(error_at(r"[a-\d]"), 4);
        assert_eq!(error_at("[a[b]]"), 3);
        assert_eq!(error_at(r"ab\"), 3);
        assert_eq!(error_at(r"a\b"), 2);
        assert_eq!(error_at(r"\1"), 1);
        assert_eq!(error_at(r"\p{Greek}"), 1);
        assert_eq!(error_at(r"\p{L"), 1);
        assert_eq!(error_at("(?i)a"), 1);
        assert_eq!(error_at("(?=a)"), 1);
        assert_eq!(
            error_at(&format!("{}a{}", "(".repeat(40), ")".repeat(40))),
            33
        );
        assert_eq!(error_at("(a{1000}){1000}"), 1);
        assert_eq!(
            error_at(&"a".repeat(MAX_PATTERN_LEN + 1)),
            MAX_PATTERN_LEN + 1
        );
        let e = Pattern::new("ab[c").unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid pattern at character 3: unclosed character class"
        );
    }

    #[test]
    fn pathological_patterns_finish_quickly() {
        let start = std::time::Instant::now();
        let long = "a".repeat(20_000);
        assert!(!Pattern::new("(a*)*b").unwrap().is_match(&long));
        assert!(!Pattern::new("(a|a)*b").unwrap().is_match(&long));
        assert!(!Pattern::new("(a+)+b").unwrap().is_match(&long));
        assert!(Pattern::new("(a*)*").unwrap().is_match(&long));
        assert!(
            !Pattern::new("(a?){30}a{30}")
                .unwrap()
                .is_match(&"a".repeat(29))
        );
        assert!(
            Pattern::new("(a?){30}a{30}")
                .unwrap()
                .is_match(&"a".repeat(30))
        );
        assert!(start.elapsed().as_secs() < 5);
    }

    #[test]
    fn letters_are_the_alphabetic_property() {
        // Letter numbers and circled letters are Alphabetic / Uppercase, not category L.
        check(r"\p{L}+", &["Ärger", "Ⅻ", "Σσ"], &["1", "_", " "]);
        check(r"\p{Lu}", &["Ä", "Ⓐ"], &["ä", "1"]);
        check(r"\d\w\s", &["1a "], &["٣a ", "1ä ", "1a\u{a0}"]);
    }

    #[test]
    fn serde_roundtrip_keeps_source() {
        let p: Pattern = serde_json::from_str(r#""[A-Z]{2}""#).unwrap();
        assert_eq!(serde_json::to_string(&p).unwrap(), r#""[A-Z]{2}""#);
        assert!(serde_json::from_str::<Pattern>(r#""[A-Z""#).is_err());
    }
}
