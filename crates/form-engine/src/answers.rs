//! What the citizen entered: field id -> value, a plain JSON object.
//!
//! Values stay as the browser produced them (text as typed, not parsed into
//! numbers) so that nothing the citizen typed is lost or reformatted between
//! keystrokes, drafts and submission; validation interprets them per field type.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{Error, MapAccess, SeqAccess, Unexpected, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

/// Answers of a form (or of one item of a repeatable group).
///
/// JSON: `{"trade_name": "Bäckerei Jensen", "has_employees": true,
/// "languages": ["de", "da"], "owners": [{"first_name": "Jan"}],
/// "address": {"street": "Markt", "postcode": "25746"}}`. `null` members are
/// treated as absent.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Answers(BTreeMap<String, AnswerValue>);

/// One answer.
///
/// JSON: a string, `true`/`false`, a list of strings (`List`), a list of
/// objects (`Items`) or an object (`Map`). Numbers are rejected. Deserialized
/// by hand (not `#[serde(untagged)]`, which buffers every value first: more
/// code in the WASM bundle and slower).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum AnswerValue {
    /// Text-like inputs, including numbers, dates ("2025-04-01") and choices.
    Text(String),
    /// yes/no questions.
    Bool(bool),
    /// multi_choice selections; attachment ids of a `file` field.
    List(Vec<String>),
    /// Items of a repeatable `group`; file metadata of a `file` field.
    Items(Vec<Answers>),
    /// Parts of a composite field (`address`: street, house_number, postcode, city).
    Map(Answers),
}

impl Answers {
    pub fn new() -> Answers {
        Answers::default()
    }

    pub fn get(&self, id: &str) -> Option<&AnswerValue> {
        self.0.get(id)
    }

    /// The text answer, if the answer is text.
    pub fn text(&self, id: &str) -> Option<&str> {
        match self.0.get(id) {
            Some(AnswerValue::Text(s)) => Some(s),
            _ => None,
        }
    }

    pub fn bool(&self, id: &str) -> Option<bool> {
        match self.0.get(id) {
            Some(AnswerValue::Bool(b)) => Some(*b),
            _ => None,
        }
    }

    pub fn list(&self, id: &str) -> Option<&[String]> {
        match self.0.get(id) {
            Some(AnswerValue::List(v)) => Some(v),
            _ => None,
        }
    }

    pub fn items(&self, id: &str) -> Option<&[Answers]> {
        match self.0.get(id) {
            Some(AnswerValue::Items(v)) => Some(v),
            _ => None,
        }
    }

    pub fn set(&mut self, id: impl Into<String>, value: AnswerValue) {
        self.0.insert(id.into(), value);
    }

    pub fn set_text(&mut self, id: impl Into<String>, value: String) {
        self.set(id, AnswerValue::Text(value));
    }

    pub fn set_bool(&mut self, id: impl Into<String>, value: bool) {
        self.set(id, AnswerValue::Bool(value));
    }

    pub fn remove(&mut self, id: &str) -> Option<AnswerValue> {
        self.0.remove(id)
    }

    /// The answer at an error path: `id`, `group.2.child` inside a group's
    /// items, `address.postcode` for a part. The portal reads and writes
    /// controls inside groups through the same paths the engine reports
    /// errors on, so an error always finds its control.
    pub fn get_path(&self, path: &str) -> Option<&AnswerValue> {
        let (id, rest) = split_path(path);
        let value = self.0.get(id)?;
        match rest {
            None => Some(value),
            Some(rest) => value.get_path(rest),
        }
    }

    /// Sets (`Some`) or removes (`None`) the answer at a path. Group items
    /// and composite answers on the way are created as needed (a group item
    /// index may be at most one past the last item); a path through an
    /// answer of another shape replaces that answer. Returns whether the
    /// path could be followed.
    pub fn set_path(&mut self, path: &str, value: Option<AnswerValue>) -> bool {
        let (id, rest) = split_path(path);
        match rest {
            None => {
                match value {
                    Some(v) => self.set(id, v),
                    None => {
                        self.0.remove(id);
                    }
                }
                true
            }
            Some(rest) => {
                let (head, tail) = split_path(rest);
                let entry = self.0.entry(id.to_string());
                let slot = entry.or_insert_with(|| match head.parse::<usize>() {
                    Ok(_) => AnswerValue::Items(Vec::new()),
                    Err(_) => AnswerValue::Map(Answers::new()),
                });
                match (slot, head.parse::<usize>(), tail) {
                    (AnswerValue::Items(items), Ok(i), Some(tail)) if i <= items.len() => {
                        if i == items.len() {
                            items.push(Answers::new());
                        }
                        items[i].set_path(tail, value)
                    }
                    (AnswerValue::Map(parts), Err(_), None) => parts.set_path(head, value),
                    (AnswerValue::List(list), Ok(i), None) if i < list.len() && value.is_none() => {
                        list.remove(i);
                        true
                    }
                    _ => false,
                }
            }
        }
    }

    /// Whether the citizen gave a real answer: blank text, empty lists and
    /// empty composites count as not answered.
    pub fn is_answered(&self, id: &str) -> bool {
        self.0.get(id).is_some_and(AnswerValue::is_answered)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &AnswerValue)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Ids of the answers that differ from `before`: changed, added or removed.
    pub fn changed_since(&self, before: &Answers) -> Vec<String> {
        let mut changed: Vec<String> = self
            .0
            .iter()
            .filter(|(id, value)| before.0.get(*id) != Some(*value))
            .map(|(id, _)| id.clone())
            .collect();
        changed.extend(
            before
                .0
                .keys()
                .filter(|id| !self.0.contains_key(*id))
                .cloned(),
        );
        changed
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl AnswerValue {
    fn get_path(&self, path: &str) -> Option<&AnswerValue> {
        let (head, rest) = split_path(path);
        match (self, head.parse::<usize>(), rest) {
            (AnswerValue::Items(items), Ok(i), Some(rest)) => items.get(i)?.get_path(rest),
            (AnswerValue::Map(parts), Err(_), None) => parts.0.get(head),
            _ => None,
        }
    }

    pub fn is_answered(&self) -> bool {
        match self {
            // Only invisible characters (a zero-width space, a soft hyphen) are no answer
            // either: they satisfied a required field and showed as blank.
            AnswerValue::Text(s) => crate::lang::shows_something(s),
            AnswerValue::Bool(_) => true,
            AnswerValue::List(v) => !v.is_empty(),
            AnswerValue::Items(v) => !v.is_empty(),
            AnswerValue::Map(m) => m.iter().any(|(_, v)| v.is_answered()),
        }
    }
}

/// `a.b.c` as (`a`, `Some("b.c")`).
/// The top-level field's id of an answer path (`group.0.child` → `group`,
/// `address.postcode` → `address`).
pub fn top_level_id(path: &str) -> &str {
    split_path(path).0
}

fn split_path(path: &str) -> (&str, Option<&str>) {
    match path.split_once('.') {
        Some((head, rest)) => (head, Some(rest)),
        None => (path, None),
    }
}

impl<'de> Deserialize<'de> for Answers {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(AnswersVisitor)
    }
}

impl<'de> Deserialize<'de> for AnswerValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct AnswersVisitor;

impl<'de> Visitor<'de> for AnswersVisitor {
    type Value = Answers;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object of answers")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Answers, A::Error> {
        let mut out = BTreeMap::new();
        while let Some((k, v)) = map.next_entry::<String, Option<AnswerValue>>()? {
            // `null` means absent (also when it repeats an earlier key: last wins).
            match v {
                Some(v) => out.insert(k, v),
                None => out.remove(&k),
            };
        }
        Ok(Answers(out))
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = AnswerValue;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("text, true or false, a list or an object")
    }

    fn visit_str<E: Error>(self, v: &str) -> Result<AnswerValue, E> {
        Ok(AnswerValue::Text(v.to_owned()))
    }

    fn visit_string<E: Error>(self, v: String) -> Result<AnswerValue, E> {
        Ok(AnswerValue::Text(v))
    }

    fn visit_bool<E: Error>(self, v: bool) -> Result<AnswerValue, E> {
        Ok(AnswerValue::Bool(v))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<AnswerValue, A::Error> {
        AnswersVisitor.visit_map(map).map(AnswerValue::Map)
    }

    /// Strings make a `List`, objects `Items` (the first element decides;
    /// an empty list is an empty `List`).
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<AnswerValue, A::Error> {
        let mut list = Vec::new();
        let mut items = Vec::new();
        while let Some(v) = seq.next_element::<AnswerValue>()? {
            match v {
                AnswerValue::Text(t) if items.is_empty() => list.push(t),
                AnswerValue::Map(m) if list.is_empty() => items.push(m),
                _ => {
                    return Err(Error::invalid_type(
                        Unexpected::Other("mixed or nested list"),
                        &"a list of strings or a list of objects",
                    ));
                }
            }
        }
        Ok(if items.is_empty() {
            AnswerValue::List(list)
        } else {
            AnswerValue::Items(items)
        })
    }
}

impl FromIterator<(String, AnswerValue)> for Answers {
    fn from_iter<I: IntoIterator<Item = (String, AnswerValue)>>(iter: I) -> Self {
        Answers(iter.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_roundtrip_of_every_value_shape() {
        let json = r#"{"address":{"postcode":"25746","street":"Markt"},"employees":"3","has_staff":true,"langs":["de","da"],"owners":[{"first_name":"Jan"}]}"#;
        let a: Answers = serde_json::from_str(json).unwrap();
        assert_eq!(a.text("employees"), Some("3"));
        assert_eq!(a.bool("has_staff"), Some(true));
        assert_eq!(a.list("langs").map(<[String]>::len), Some(2));
        assert_eq!(
            a.items("owners").unwrap()[0].text("first_name"),
            Some("Jan")
        );
        assert!(matches!(a.get("address"), Some(AnswerValue::Map(_))));
        assert_eq!(serde_json::to_string(&a).unwrap(), json);
    }

    #[test]
    fn null_is_absent_and_blank_is_unanswered() {
        let mut a: Answers = serde_json::from_str(r#"{"a":null,"b":"  ","c":[]}"#).unwrap();
        assert!(a.get("a").is_none());
        assert!(!a.is_answered("b"));
        assert!(!a.is_answered("c"));
        // Invisible characters alone are blank too (a zero-width space, a soft hyphen).
        a.set_text("b", "\u{200B}\u{AD} ".into());
        assert!(!a.is_answered("b"));
        a.set_text("b", "x".into());
        assert!(a.is_answered("b"));
        a.remove("b");
        assert!(!a.is_answered("b"));
    }

    #[test]
    fn numbers_are_rejected() {
        // Answers are what the browser typed; a number means a client bug.
        assert!(serde_json::from_str::<Answers>(r#"{"a":3}"#).is_err());
        assert!(serde_json::from_str::<Answers>(r#"{"a":["x",3]}"#).is_err());
        assert!(serde_json::from_str::<Answers>(r#"{"a":{"b":3.5}}"#).is_err());
    }

    #[test]
    fn lists_are_of_strings_or_of_objects() {
        let a: Answers =
            serde_json::from_str(r#"{"e":[],"l":["a"],"i":[{"x":"1"},{}],"n":[{"a":null}]}"#)
                .unwrap();
        assert_eq!(a.list("e"), Some(&[][..]));
        assert_eq!(a.list("l").map(<[String]>::len), Some(1));
        assert_eq!(a.items("i").map(<[Answers]>::len), Some(2));
        assert!(a.items("n").unwrap()[0].is_empty());
        for bad in [
            r#"{"a":["x",{}]}"#,
            r#"{"a":[{},"x"]}"#,
            r#"{"a":[["x"]]}"#,
            r#"{"a":[true]}"#,
            r#"{"a":[null]}"#,
            r#"["x"]"#,
            r#""x""#,
        ] {
            assert!(serde_json::from_str::<Answers>(bad).is_err(), "{bad}");
        }
        // serde_json::Value input (the API) goes the same way.
        let v = serde_json::json!({"a": "x", "b": null, "c": [{"d": true}]});
        let a: Answers = serde_json::from_value(v).unwrap();
        assert_eq!(a.len(), 2);
        let dup: Answers = serde_json::from_str(r#"{"a":"x","a":null}"#).unwrap();
        assert!(dup.get("a").is_none());
    }

    #[test]
    fn paths_read_and_write_inside_groups_and_composites() {
        let mut a = Answers::new();
        let text = |s: &str| Some(AnswerValue::Text(s.to_string()));
        assert!(a.set_path("owners.0.name", text("Jan")));
        assert!(a.set_path("owners.1.name", text("Ida")));
        // An index two past the end cannot be followed: items are added one at a time.
        assert!(!a.set_path("owners.5.name", text("Bo")));
        assert!(a.set_path("premises.postcode", text("25746")));
        assert_eq!(a.get_path("owners.1.name"), text("Ida").as_ref());
        assert_eq!(a.get_path("premises.postcode"), text("25746").as_ref());
        assert_eq!(a.get_path("owners.7.name"), None);
        assert_eq!(a.get_path("premises.postcode.x"), None);
        assert_eq!(a.items("owners").map(<[Answers]>::len), Some(2));
        assert!(a.set_path("owners.0.name", None));
        assert_eq!(a.get_path("owners.0.name"), None);
        assert!(a.set_path("premises", None));
        assert!(a.get("premises").is_none());
        a.set("files", AnswerValue::List(vec!["a".into(), "b".into()]));
        assert!(a.set_path("files.0", None));
        assert_eq!(a.list("files"), Some(&["b".to_string()][..]));
        // A path through a text answer does not turn it into something else.
        a.set_text("name", "x".into());
        assert!(!a.set_path("name.0.y", text("z")));
        assert_eq!(a.text("name"), Some("x"));
    }
}
