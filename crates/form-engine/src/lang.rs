//! Languages and translated texts.
//!
//! German is the language of record (the administration decides in German), so
//! every text must have a German version and every lookup falls back to it.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

/// A language the portal's own interface is available in.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    De,
    En,
}

impl Lang {
    /// All languages, German first.
    pub const ALL: [Lang; 2] = [Lang::De, Lang::En];

    /// Picks the language for a BCP 47 tag such as `en-GB` or an
    /// `Accept-Language` entry. Anything not English is German: the portal
    /// must always answer in a language it has complete texts for.
    pub fn from_tag(tag: &str) -> Lang {
        let primary = tag.trim().split(['-', '_', ';', ',']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("en") {
            Lang::En
        } else {
            Lang::De
        }
    }

    /// The two-letter code, as used as key in [`Text`].
    pub fn code(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A text in several languages: language code -> string.
///
/// In JSON either an object (`{"de": "Vorname", "en": "First name"}`) or, as a
/// shorthand for German-only texts, a plain string. It always serializes as an
/// object. Keys other than `de`/`en` are kept (e.g. for imported FIM texts) but
/// only reachable through [`Text::get_code`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(transparent)]
pub struct Text(BTreeMap<String, String>);

impl Text {
    /// A German-only text.
    pub fn new(german: impl Into<String>) -> Text {
        let mut map = BTreeMap::new();
        map.insert("de".to_owned(), german.into());
        Text(map)
    }

    /// A text from language code -> string pairs (the loader builds texts this way).
    pub(crate) fn from_map(map: BTreeMap<String, String>) -> Text {
        Text(map)
    }

    /// Adds or replaces the translation for `lang`.
    pub fn with(mut self, lang: Lang, text: impl Into<String>) -> Text {
        self.0.insert(lang.code().to_owned(), text.into());
        self
    }

    /// The text in `lang`, falling back to German, then to "" (only possible for
    /// definitions built in code: the loader rejects texts without German).
    pub fn get(&self, lang: Lang) -> &str {
        self.get_code(lang.code())
            .or_else(|| self.get_code("de"))
            .unwrap_or("")
    }

    /// The text for a raw language code, without fallback; a text with nothing to see
    /// (blank, or only invisible characters, [`shows_something`]) counts as missing.
    pub fn get_code(&self, code: &str) -> Option<&str> {
        self.0
            .get(code)
            .map(String::as_str)
            .filter(|s| shows_something(s))
    }

    /// Whether a German text with something to see is present.
    pub fn has_german(&self) -> bool {
        self.get_code("de").is_some()
    }

    /// All (language code, text) pairs.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;

        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a text: a string or an object such as {\"de\": \"…\", \"en\": \"…\"}")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text::new(v))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
                let mut out = BTreeMap::new();
                while let Some((k, v)) = map.next_entry::<String, String>()? {
                    out.insert(k, v);
                }
                Ok(Text(out))
            }
        }

        deserializer.deserialize_any(TextVisitor)
    }
}

/// Whether `text` has a character that shows: not only spaces, control characters and
/// the characters that draw nothing (zero-width spaces and joiners, direction marks and
/// overrides, word joiners, variation selectors, tags, the soft hyphen, the Hangul
/// fillers and the blank braille pattern), which would make a label nobody can see.
pub fn shows_something(text: &str) -> bool {
    text.chars().any(|c| {
        !c.is_whitespace()
            && !c.is_control()
            && !matches!(
                c,
                '\u{AD}'
                    | '\u{34F}'
                    | '\u{61C}'
                    | '\u{115F}'
                    | '\u{1160}'
                    | '\u{17B4}'
                    | '\u{17B5}'
                    | '\u{180B}'..='\u{180F}'
                    | '\u{200B}'..='\u{200F}'
                    | '\u{202A}'..='\u{202E}'
                    | '\u{2060}'..='\u{206F}'
                    | '\u{2800}'
                    | '\u{3164}'
                    | '\u{FE00}'..='\u{FE0F}'
                    | '\u{FEFF}'
                    | '\u{FFA0}'
                    | '\u{1D173}'..='\u{1D17A}'
                    | '\u{E0000}'..='\u{E0FFF}'
            )
    })
}

/// Whether `text` carries characters that set the direction of what follows them
/// (embeddings, overrides, isolates, marks): shown inside a sentence of the portal,
/// an unclosed one would turn the sentence around.
pub fn steers_direction(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(
            c,
            '\u{61C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
    })
}

/// `text` for a place inside a sentence: as it is, or, if it steers the direction
/// ([`steers_direction`]), without its embeddings, overrides and isolates (a stray
/// closing one would end the isolate early) and between FIRST STRONG ISOLATE and POP
/// DIRECTIONAL ISOLATE, so that its direction stays inside it; its marks stay.
pub fn isolated(text: &str) -> std::borrow::Cow<'_, str> {
    if !steers_direction(text) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 6);
    out.push('\u{2068}');
    out.extend(
        text.chars()
            .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')),
    );
    out.push('\u{2069}');
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_tag_picks_english_only_for_en() {
        assert_eq!(Lang::from_tag("en-GB"), Lang::En);
        assert_eq!(Lang::from_tag("EN"), Lang::En);
        assert_eq!(Lang::from_tag("en;q=0.8"), Lang::En);
        assert_eq!(Lang::from_tag("de-DE"), Lang::De);
        assert_eq!(Lang::from_tag("fr"), Lang::De);
        assert_eq!(Lang::from_tag(""), Lang::De);
    }

    #[test]
    fn get_falls_back_to_german() {
        let t = Text::new("Vorname");
        assert_eq!(t.get(Lang::En), "Vorname");
        let t = t.with(Lang::En, "First name");
        assert_eq!(t.get(Lang::En), "First name");
        assert_eq!(t.get(Lang::De), "Vorname");
    }

    #[test]
    fn texts_of_invisible_characters_show_nothing() {
        for nothing in [
            "",
            "  ",
            "\u{200B}",
            "\u{3164}\u{2800}",
            "\u{202E}\u{FEFF}",
            "\u{AD}\t",
        ] {
            assert!(!shows_something(nothing), "{nothing:?}");
        }
        for something in ["a", "\u{200B}a", "ß", "–", "\u{5D0}", "😀"] {
            assert!(shows_something(something), "{something:?}");
        }
        // A German text of invisible characters is missing, so the English one is too.
        let t: Text = serde_json::from_str(r#"{"de":"\u200b","en":"Name"}"#).unwrap();
        assert!(!t.has_german());
        let t: Text = serde_json::from_str(r#"{"de":"Name","en":"\u3164"}"#).unwrap();
        assert_eq!(t.get(Lang::En), "Name");
    }

    #[test]
    fn a_text_that_steers_the_direction_is_isolated() {
        assert_eq!(isolated("Vorname"), "Vorname");
        assert_eq!(
            isolated("\u{5E9}\u{5DD}"),
            "\u{5E9}\u{5DD}",
            "right-to-left letters alone"
        );
        assert_eq!(isolated("\u{202E}Vorname"), "\u{2068}Vorname\u{2069}");
        assert_eq!(isolated("a\u{2067}b"), "\u{2068}ab\u{2069}");
        // A stray closing isolate cannot end the added one early and leave an override open.
        assert_eq!(
            isolated("\u{2069}\u{202E}Vorname"),
            "\u{2068}Vorname\u{2069}"
        );
        assert_eq!(
            isolated("\u{200F}x"),
            "\u{2068}\u{200F}x\u{2069}",
            "marks stay"
        );
    }

    #[test]
    fn blank_translation_falls_back() {
        let t: Text = serde_json::from_str(r#"{"de":"Ort","en":"  "}"#).unwrap();
        assert_eq!(t.get(Lang::En), "Ort");
    }

    #[test]
    fn plain_string_is_german_and_serializes_as_object() {
        let t: Text = serde_json::from_str(r#""Straße""#).unwrap();
        assert_eq!(t.get(Lang::De), "Straße");
        assert_eq!(serde_json::to_string(&t).unwrap(), r#"{"de":"Straße"}"#);
    }

    #[test]
    fn lang_serde_is_lowercase() {
        assert_eq!(serde_json::to_string(&Lang::En).unwrap(), r#""en""#);
        assert_eq!(serde_json::from_str::<Lang>(r#""de""#).unwrap(), Lang::De);
    }
}
