// SPDX-License-Identifier: EUPL-1.2
//! The engine's own pattern matcher (`pattern.rs`, small enough for the browser) against
//! the `regex` crate: patterns generated within the supported dialect, each written once
//! in the engine's syntax and once in the regex crate's, must accept exactly the same
//! texts, matched as a whole (`^(?:…)$`, as the engine matches).
//!
//! The two spellings differ only where the dialect says so (see the header of
//! `pattern.rs`): `\d \s \w` are ASCII (the regex crate's are Unicode), and `\p{L}`,
//! `\p{Lu}`, `\p{Ll}` are the Unicode properties Alphabetic, Uppercase and Lowercase,
//! which Rust's `char` methods carry (the general categories would need tables).

use form_engine::pattern::Pattern;
use proptest::prelude::*;

/// Characters for literals, ranges and texts: ASCII letters, digits and punctuation,
/// white space, and Unicode letters, digits and marks where ASCII and Unicode sets part.
const ALPHABET: &[char] = &[
    'a', 'b', 'c', 'z', 'A', 'Z', '0', '5', '9', '_', ' ', '-', '.', '/', ',', '(', ')', '[', ']',
    '{', '}', '*', '+', '?', '|', '^', '$', '\\', '&', '~', '<', '>', '#', '\n', '\t', '\r',
    '\u{a0}', 'ä', 'ß', 'Σ', 'σ', 'é', '٣', 'Ⅻ', 'ⅻ', '\u{345}', '½', 'ª', 'Ⓐ', '中',
];

#[derive(Debug, Clone, Copy)]
enum Named {
    Digit,
    Space,
    Word,
    Letter,
    Upper,
    Lower,
    Number,
}

impl Named {
    fn ours(self, negated: bool) -> &'static str {
        let [plain, negated_form] = match self {
            Named::Digit => [r"\d", r"\D"],
            Named::Space => [r"\s", r"\S"],
            Named::Word => [r"\w", r"\W"],
            Named::Letter => [r"\p{L}", r"\P{L}"],
            Named::Upper => [r"\p{Lu}", r"\P{Lu}"],
            Named::Lower => [r"\p{Ll}", r"\P{Ll}"],
            Named::Number => [r"\pN", r"\PN"],
        };
        if negated { negated_form } else { plain }
    }

    /// The same set for the regex crate, as a class (nests inside a class there).
    fn regex(self, negated: bool) -> String {
        let set = match self {
            Named::Digit => "0-9",
            Named::Space => r"\t-\r ",
            Named::Word => "0-9A-Za-z_",
            Named::Letter => r"\p{Alphabetic}",
            Named::Upper => r"\p{Uppercase}",
            Named::Lower => r"\p{Lowercase}",
            Named::Number => r"\p{N}",
        };
        format!("[{}{set}]", if negated { "^" } else { "" })
    }
}

#[derive(Debug, Clone)]
enum ClassItem {
    Char(char),
    Range(char, char),
    Named(Named, bool),
}

#[derive(Debug, Clone)]
enum Node {
    Literal(char),
    /// A character that is no metacharacter, written unescaped (`-` in `\d{5}-\d{4}`).
    Plain(char),
    Dot,
    Named(Named, bool),
    Class(bool, Vec<ClassItem>),
    Start,
    End,
    Group(Box<Node>, bool),
    Concat(Vec<Node>),
    Alternation(Vec<Node>),
    Repeat(Box<Node>, u32, Option<u32>, bool),
}

/// A character as a literal of the engine's dialect: punctuation escaped, `\n \t \r`.
fn ours_char(c: char) -> String {
    match c {
        '\n' => r"\n".into(),
        '\t' => r"\t".into(),
        '\r' => r"\r".into(),
        c if c.is_ascii_punctuation() => format!("\\{c}"),
        c => c.into(),
    }
}

/// A character as a literal of the regex crate: by its code point, so that none of
/// its own escapes (`\<` is a word boundary there) or class operators (`&&`, `--`, `~~`)
/// come into play.
fn regex_char(c: char) -> String {
    format!("\\x{{{:x}}}", u32::from(c))
}

impl Node {
    /// The pattern in the engine's syntax (`ours`) or the regex crate's.
    fn write(&self, ours: bool, out: &mut String) {
        let char_text = if ours { ours_char } else { regex_char };
        match self {
            Node::Literal(c) => out.push_str(&char_text(*c)),
            Node::Plain(c) if ours => out.push(*c),
            Node::Plain(c) => out.push_str(&char_text(*c)),
            Node::Dot => out.push('.'),
            Node::Named(set, negated) if ours => out.push_str(set.ours(*negated)),
            Node::Named(set, negated) => out.push_str(&set.regex(*negated)),
            Node::Class(negated, items) => {
                out.push('[');
                if *negated {
                    out.push('^');
                }
                for item in items {
                    match item {
                        ClassItem::Char(c) => out.push_str(&char_text(*c)),
                        ClassItem::Range(lo, hi) => {
                            out.push_str(&char_text(*lo));
                            out.push('-');
                            out.push_str(&char_text(*hi));
                        }
                        ClassItem::Named(set, negated) if ours => out.push_str(set.ours(*negated)),
                        ClassItem::Named(set, negated) => out.push_str(&set.regex(*negated)),
                    }
                }
                out.push(']');
            }
            Node::Start => out.push('^'),
            Node::End => out.push('$'),
            Node::Group(inner, capturing) => {
                out.push_str(if *capturing { "(" } else { "(?:" });
                inner.write(ours, out);
                out.push(')');
            }
            Node::Concat(nodes) => nodes.iter().for_each(|n| n.write(ours, out)),
            Node::Alternation(nodes) => {
                for (i, n) in nodes.iter().enumerate() {
                    if i > 0 {
                        out.push('|');
                    }
                    n.write(ours, out);
                }
            }
            Node::Repeat(inner, min, max, lazy) => {
                // The operand as one atom: anything longer goes into a group.
                match **inner {
                    Node::Concat(_) | Node::Alternation(_) | Node::Repeat(..) => {
                        out.push_str("(?:");
                        inner.write(ours, out);
                        out.push(')');
                    }
                    _ => inner.write(ours, out),
                }
                out.push_str(&match (min, max) {
                    (0, Some(1)) => "?".to_owned(),
                    (0, None) => "*".to_owned(),
                    (1, None) => "+".to_owned(),
                    (n, None) => format!("{{{n},}}"),
                    (n, Some(m)) if n == m => format!("{{{n}}}"),
                    (n, Some(m)) => format!("{{{n},{m}}}"),
                });
                if *lazy {
                    out.push('?');
                }
            }
        }
    }

    fn text(&self, ours: bool) -> String {
        let mut out = String::new();
        self.write(ours, &mut out);
        out
    }
}

fn any_char() -> impl Strategy<Value = char> {
    proptest::sample::select(ALPHABET)
}

fn named() -> impl Strategy<Value = (Named, bool)> {
    (
        prop_oneof![
            Just(Named::Digit),
            Just(Named::Space),
            Just(Named::Word),
            Just(Named::Letter),
            Just(Named::Upper),
            Just(Named::Lower),
            Just(Named::Number),
        ],
        any::<bool>(),
    )
}

fn class_item() -> impl Strategy<Value = ClassItem> {
    prop_oneof![
        any_char().prop_map(ClassItem::Char),
        (any_char(), any_char()).prop_map(|(a, b)| ClassItem::Range(a.min(b), a.max(b))),
        named().prop_map(|(set, negated)| ClassItem::Named(set, negated)),
    ]
}

fn leaf() -> impl Strategy<Value = Node> {
    prop_oneof![
        3 => any_char().prop_map(Node::Literal),
        2 => proptest::sample::select(&['-', '/', ',', '#', '&', '~', '<', '>', ':', '@', '%', ' ', 'ä', 'x'][..])
            .prop_map(Node::Plain),
        1 => Just(Node::Dot),
        2 => named().prop_map(|(set, negated)| Node::Named(set, negated)),
        2 => (any::<bool>(), prop::collection::vec(class_item(), 1..4))
            .prop_map(|(negated, items)| Node::Class(negated, items)),
        1 => Just(Node::Start),
        1 => Just(Node::End),
    ]
}

fn pattern() -> impl Strategy<Value = Node> {
    leaf().prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Node::Concat),
            prop::collection::vec(inner.clone(), 1..4).prop_map(Node::Alternation),
            (inner.clone(), any::<bool>()).prop_map(|(n, c)| Node::Group(Box::new(n), c)),
            (inner, 0u32..4, prop::option::of(0u32..3), any::<bool>()).prop_map(
                |(n, min, extra, lazy)| {
                    // Anchors are not repeated: the regex crate's `^*` is its own story.
                    let n = match n {
                        Node::Start | Node::End => Node::Literal('a'),
                        n => n,
                    };
                    Node::Repeat(Box::new(n), min, extra.map(|e| min + e), lazy)
                }
            ),
        ]
    })
}

fn texts() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(
        prop::collection::vec(any_char(), 0..8).prop_map(|cs| cs.into_iter().collect()),
        1..12,
    )
}

/// Both matchers on `text`: (engine, regex crate).
fn both(node: &Node, text: &str) -> (bool, bool) {
    let ours = Pattern::new(&node.text(true))
        .unwrap_or_else(|e| panic!("{:?} refused: {e}", node.text(true)));
    let theirs = regex::Regex::new(&format!("^(?:{})$", node.text(false)))
        .unwrap_or_else(|e| panic!("{:?} refused by regex: {e}", node.text(false)));
    (ours.is_match(text), theirs.is_match(text))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn the_engine_matches_what_the_regex_crate_matches(node in pattern(), texts in texts()) {
        for text in &texts {
            let (ours, theirs) = both(&node, text);
            prop_assert_eq!(ours, theirs, "{:?} on {:?}", node.text(true), text);
        }
    }

    /// Texts the pattern is likely to match: built from its own literals, so that
    /// "matches" is tested as often as "does not".
    #[test]
    fn texts_made_of_the_patterns_characters(node in pattern(), picks in prop::collection::vec(any::<prop::sample::Index>(), 0..10)) {
        let source = node.text(true);
        let chars: Vec<char> = source.chars().filter(|c| *c != '\\').collect();
        if chars.is_empty() {
            return Ok(());
        }
        let text: String = picks.iter().map(|i| *i.get(&chars)).collect();
        let (ours, theirs) = both(&node, &text);
        prop_assert_eq!(ours, theirs, "{:?} on {:?}", source, text);
    }
}
