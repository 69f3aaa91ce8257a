//! What the citizen entered: field id -> value, a plain JSON object.
//!
//! Values stay as the browser produced them (text as typed, not parsed into
//! numbers) so that nothing the citizen typed is lost or reformatted between
//! keystrokes, drafts and submission; validation interprets them per field type.

use std::collections::BTreeMap;

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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

    /// Whether the citizen gave a real answer: blank text, empty lists and
    /// empty composites count as not answered.
    pub fn is_answered(&self, id: &str) -> bool {
        self.0.get(id).is_some_and(AnswerValue::is_answered)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &AnswerValue)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl AnswerValue {
    pub fn is_answered(&self) -> bool {
        match self {
            AnswerValue::Text(s) => !s.trim().is_empty(),
            AnswerValue::Bool(_) => true,
            AnswerValue::List(v) => !v.is_empty(),
            AnswerValue::Items(v) => !v.is_empty(),
            AnswerValue::Map(m) => m.iter().any(|(_, v)| v.is_answered()),
        }
    }
}

impl<'de> Deserialize<'de> for Answers {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = BTreeMap::<String, Option<AnswerValue>>::deserialize(d)?;
        Ok(Answers(
            raw.into_iter()
                .filter_map(|(k, v)| v.map(|v| (k, v)))
                .collect(),
        ))
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
        a.set_text("b", "x".into());
        assert!(a.is_answered("b"));
        a.remove("b");
        assert!(!a.is_answered("b"));
    }

    #[test]
    fn numbers_are_rejected() {
        // Answers are what the browser typed; a number means a client bug.
        assert!(serde_json::from_str::<Answers>(r#"{"a":3}"#).is_err());
    }
}
