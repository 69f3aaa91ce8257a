//! Structure pass: deserializes the definition node by node (form head, each
//! step, section, field, group child) so that one broken field does not hide
//! the problems of the others, and every error carries a precise path.
//!
//! serde's messages do not say where inside a node the problem is, so on
//! failure we find the culprit by removing members one at a time and seeing
//! which removal makes the error go away (only on the error path, on small
//! nodes, bounded by the nesting depth).

use std::collections::BTreeMap;

use serde::Deserialize;
use serde::de::{DeserializeOwned, IgnoredAny};
use serde_json::{Map, Value};

use super::{MAX_DEPTH, Problems};
use crate::date::DateBound;
use crate::definition::{
    ChoiceOption, Computed, FIELD_TYPES, Field, FieldKind, FormDefinition, Lang, Rule, Section,
    Step,
};
use crate::expr::Condition;
use crate::lang::Text;
use crate::pattern::Pattern;

// The heads of form, step and section: the same properties (same order, so serde's
// messages are identical) as `FormDefinition`, `Step` and `Section`, with the list of
// children (decoded one by one) left as `IgnoredAny`. Decoding through these instead of
// the full types keeps the derived decoders of the whole tree (and serde's buffering of
// `#[serde(flatten)]` in `Field`) out of the build: much smaller WASM.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FormHead {
    id: String,
    version: u32,
    title: Text,
    #[serde(default)]
    description: Option<Text>,
    #[serde(default = "default_languages")]
    languages: Vec<Lang>,
    #[allow(dead_code)]
    steps: Vec<IgnoredAny>,
    #[serde(default)]
    rules: Vec<Rule>,
    #[serde(default)]
    computed: Vec<Computed>,
}

fn default_languages() -> Vec<Lang> {
    vec![Lang::De]
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StepHead {
    id: String,
    title: Text,
    #[serde(default)]
    description: Option<Text>,
    #[serde(default)]
    visible_when: Option<Condition>,
    #[allow(dead_code)]
    sections: Vec<IgnoredAny>,
    #[serde(default)]
    rules: Vec<Rule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionHead {
    id: String,
    #[serde(default)]
    title: Option<Text>,
    #[serde(default)]
    description: Option<Text>,
    #[serde(default)]
    visible_when: Option<Condition>,
    #[allow(dead_code)]
    fields: Vec<IgnoredAny>,
}

/// Id prefix of nodes that failed to decode: they stay in place so indexes
/// (and therefore paths) of their siblings stay right; the meaning checks skip
/// them. A broken field keeps its id after the prefix when it had one, so
/// conditions using it are not reported as unknown.
pub(super) const BROKEN: &str = "\u{0}broken:";

/// A field's type-specific properties, decoded through an externally tagged mirror of
/// [`FieldKind`] (`{"<type>": {…}}`): serde decodes the internally tagged `FieldKind`
/// (`"type"` inside the object) by buffering the whole object in its `Content` type,
/// which costs a lot of WASM; this gives the same result and the same messages.
struct KindNode(FieldKind);

impl<'de> Deserialize<'de> for KindNode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let mut rest = Map::deserialize(d)?;
        let tag = rest
            .remove("type")
            .ok_or_else(|| D::Error::missing_field("type"))?;
        KindTag::deserialize(&tag).map_err(D::Error::custom)?;
        let name = tag.as_str().unwrap_or_default().to_owned();
        let mut outer = Map::new();
        outer.insert(name, Value::Object(rest));
        KindRepr::deserialize(&Value::Object(outer))
            .map(|k| KindNode(k.into()))
            .map_err(D::Error::custom)
    }
}

/// [`FieldKind`] externally tagged, see [`KindNode`]; group children are decoded one by
/// one elsewhere. Converting it into `FieldKind` names every property, so a property
/// added to `FieldKind` but not here does not compile.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum KindRepr {
    Text {
        #[serde(default)]
        max_length: Option<u32>,
        #[serde(default)]
        min_length: Option<u32>,
        #[serde(default)]
        pattern: Option<Pattern>,
    },
    Textarea {
        #[serde(default)]
        max_length: Option<u32>,
        #[serde(default)]
        min_length: Option<u32>,
        #[serde(default)]
        rows: Option<u32>,
    },
    Integer {
        #[serde(default)]
        min: Option<i64>,
        #[serde(default)]
        max: Option<i64>,
        #[serde(default)]
        unit: Option<Text>,
    },
    Decimal {
        #[serde(default)]
        min: Option<f64>,
        #[serde(default)]
        max: Option<f64>,
        #[serde(default)]
        max_decimals: Option<u32>,
        #[serde(default)]
        unit: Option<Text>,
    },
    Money {
        #[serde(default)]
        min: Option<f64>,
        #[serde(default)]
        max: Option<f64>,
    },
    Date {
        #[serde(default)]
        min: Option<DateBound>,
        #[serde(default)]
        max: Option<DateBound>,
    },
    Time {},
    Email {},
    Phone {},
    Postcode {},
    Iban {},
    YesNo {},
    Choice {
        #[serde(default)]
        options: Vec<ChoiceOption>,
    },
    MultiChoice {
        #[serde(default)]
        options: Vec<ChoiceOption>,
        #[serde(default)]
        min_items: Option<u32>,
        #[serde(default)]
        max_items: Option<u32>,
    },
    CodeList {
        list: String,
        #[serde(default)]
        options: Vec<ChoiceOption>,
    },
    File {
        #[serde(default)]
        accept: Vec<String>,
        #[serde(default)]
        max_size_mb: Option<u32>,
        #[serde(default)]
        max_files: Option<u32>,
    },
    Address {},
    Group {
        #[serde(default)]
        #[allow(dead_code)]
        fields: Vec<IgnoredAny>,
        #[serde(default)]
        min_items: Option<u32>,
        #[serde(default)]
        max_items: Option<u32>,
        #[serde(default)]
        item_label: Option<Text>,
    },
    Info {
        text: Text,
    },
}

impl From<KindRepr> for FieldKind {
    fn from(k: KindRepr) -> FieldKind {
        match k {
            KindRepr::Text {
                max_length,
                min_length,
                pattern,
            } => FieldKind::Text {
                max_length,
                min_length,
                pattern,
            },
            KindRepr::Textarea {
                max_length,
                min_length,
                rows,
            } => FieldKind::Textarea {
                max_length,
                min_length,
                rows,
            },
            KindRepr::Integer { min, max, unit } => FieldKind::Integer { min, max, unit },
            KindRepr::Decimal {
                min,
                max,
                max_decimals,
                unit,
            } => FieldKind::Decimal {
                min,
                max,
                max_decimals,
                unit,
            },
            KindRepr::Money { min, max } => FieldKind::Money { min, max },
            KindRepr::Date { min, max } => FieldKind::Date { min, max },
            KindRepr::Time {} => FieldKind::Time {},
            KindRepr::Email {} => FieldKind::Email {},
            KindRepr::Phone {} => FieldKind::Phone {},
            KindRepr::Postcode {} => FieldKind::Postcode {},
            KindRepr::Iban {} => FieldKind::Iban {},
            KindRepr::YesNo {} => FieldKind::YesNo {},
            KindRepr::Choice { options } => FieldKind::Choice { options },
            KindRepr::MultiChoice {
                options,
                min_items,
                max_items,
            } => FieldKind::MultiChoice {
                options,
                min_items,
                max_items,
            },
            KindRepr::CodeList { list, options } => FieldKind::CodeList { list, options },
            KindRepr::File {
                accept,
                max_size_mb,
                max_files,
            } => FieldKind::File {
                accept,
                max_size_mb,
                max_files,
            },
            KindRepr::Address {} => FieldKind::Address {},
            KindRepr::Group {
                fields: _,
                min_items,
                max_items,
                item_label,
            } => FieldKind::Group {
                fields: Vec::new(),
                min_items,
                max_items,
                item_label,
            },
            KindRepr::Info { text } => FieldKind::Info { text },
        }
    }
}

/// The `type` names.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum KindTag {
    Text,
    Textarea,
    Integer,
    Decimal,
    Money,
    Date,
    Time,
    Email,
    Phone,
    Postcode,
    Iban,
    YesNo,
    Choice,
    MultiChoice,
    CodeList,
    File,
    Address,
    Group,
    Info,
}

/// The common properties of a field; everything else belongs to its type.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FieldCommon {
    id: String,
    label: Text,
    #[serde(default)]
    hint: Option<Text>,
    #[serde(default)]
    placeholder: Option<Text>,
    #[serde(default)]
    summary_label: Option<Text>,
    #[serde(default)]
    required: bool,
    #[serde(default)]
    required_when: Option<Condition>,
    #[serde(default)]
    visible_when: Option<Condition>,
    #[serde(default)]
    autocomplete: Option<String>,
    #[serde(default)]
    messages: BTreeMap<String, Text>,
}

const COMMON_KEYS: [&str; 10] = [
    "id",
    "label",
    "hint",
    "placeholder",
    "summary_label",
    "required",
    "required_when",
    "visible_when",
    "autocomplete",
    "messages",
];

/// Decodes the whole form; a head that fails to decode is replaced by a
/// placeholder so the steps are still checked.
pub(super) fn form(v: &Value, problems: &mut Problems) -> Option<FormDefinition> {
    let Some(obj) = v.as_object() else {
        problems.add("", "a form definition must be a JSON object");
        return None;
    };
    let (head, steps) = split_list(obj, "steps");
    let def = match node::<FormHead>(&head, "", problems) {
        Some(h) => FormDefinition {
            id: h.id,
            version: h.version,
            title: h.title,
            description: h.description,
            languages: h.languages,
            steps: Vec::new(),
            rules: h.rules,
            computed: h.computed,
        },
        None => FormDefinition {
            id: BROKEN.into(),
            version: 1,
            title: Text::default(),
            description: None,
            languages: Vec::new(),
            steps: Vec::new(),
            rules: Vec::new(),
            computed: Vec::new(),
        },
    };
    let steps: Vec<Step> = steps
        .iter()
        .enumerate()
        .map(|(i, s)| step(s, &format!("/steps/{i}"), problems))
        .collect();
    Some(FormDefinition { steps, ..def })
}

fn step(v: &Value, path: &str, problems: &mut Problems) -> Step {
    let broken = || Step {
        id: BROKEN.into(),
        title: Text::default(),
        description: None,
        visible_when: None,
        sections: vec![],
        rules: vec![],
    };
    let Some(obj) = v.as_object() else {
        problems.add(path, "a step must be a JSON object");
        return broken();
    };
    let (head, sections) = split_list(obj, "sections");
    let mut step = match node::<StepHead>(&head, path, problems) {
        Some(h) => Step {
            id: h.id,
            title: h.title,
            description: h.description,
            visible_when: h.visible_when,
            sections: vec![],
            rules: h.rules,
        },
        None => broken(),
    };
    step.sections = sections
        .iter()
        .enumerate()
        .map(|(i, s)| section(s, &format!("{path}/sections/{i}"), problems))
        .collect();
    step
}

fn section(v: &Value, path: &str, problems: &mut Problems) -> Section {
    let broken = || Section {
        id: BROKEN.into(),
        title: None,
        description: None,
        visible_when: None,
        fields: vec![],
    };
    let Some(obj) = v.as_object() else {
        problems.add(path, "a section must be a JSON object");
        return broken();
    };
    let (head, fields) = split_list(obj, "fields");
    let mut section = match node::<SectionHead>(&head, path, problems) {
        Some(h) => Section {
            id: h.id,
            title: h.title,
            description: h.description,
            visible_when: h.visible_when,
            fields: vec![],
        },
        None => broken(),
    };
    section.fields = fields
        .iter()
        .enumerate()
        .map(|(i, f)| field(f, &format!("{path}/fields/{i}"), problems))
        .collect();
    section
}

fn broken_field(raw_id: Option<&str>, problems: &mut Problems) -> Field {
    if raw_id.is_none() {
        problems.lost_field_id();
    }
    Field {
        id: format!("{BROKEN}{}", raw_id.unwrap_or_default()),
        label: Text::default(),
        hint: None,
        placeholder: None,
        summary_label: None,
        required: false,
        required_when: None,
        visible_when: None,
        autocomplete: None,
        messages: BTreeMap::new(),
        kind: FieldKind::Info {
            text: Text::default(),
        },
    }
}

fn field(v: &Value, path: &str, problems: &mut Problems) -> Field {
    let Some(obj) = v.as_object() else {
        problems.add(path, "a field must be a JSON object");
        return broken_field(None, problems);
    };
    let raw_id = obj.get("id").and_then(Value::as_str);
    let mut common = Map::new();
    let mut kind = Map::new();
    for (k, v) in obj {
        if COMMON_KEYS.contains(&k.as_str()) {
            common.insert(k.clone(), v.clone());
        } else {
            kind.insert(k.clone(), v.clone());
        }
    }
    // Children of a group are decoded one by one, like top-level fields.
    let is_group = kind.get("type").and_then(Value::as_str) == Some("group");
    let children: Vec<Field> = match kind.get_mut("fields") {
        Some(Value::Array(items)) if is_group => std::mem::take(items)
            .iter()
            .enumerate()
            .map(|(i, f)| field(f, &format!("{path}/fields/{i}"), problems))
            .collect(),
        _ => Vec::new(),
    };
    let common: Option<FieldCommon> = node(&Value::Object(common), path, problems);
    let kind = match kind.get("type") {
        Some(Value::String(t)) if !FIELD_TYPES.contains(&t.as_str()) => {
            problems.add(
                format!("{path}/type"),
                format!(
                    "unknown field type `{t}`, expected one of: {}",
                    FIELD_TYPES.join(", ")
                ),
            );
            None
        }
        None => {
            problems.add(path, "missing property `type`");
            None
        }
        _ => node::<KindNode>(&Value::Object(kind), path, problems).map(|k| k.0),
    };
    match (common, kind) {
        (Some(c), Some(mut kind)) => {
            if let FieldKind::Group { fields, .. } = &mut kind {
                *fields = children;
            }
            Field {
                id: c.id,
                label: c.label,
                hint: c.hint,
                placeholder: c.placeholder,
                summary_label: c.summary_label,
                required: c.required,
                required_when: c.required_when,
                visible_when: c.visible_when,
                autocomplete: c.autocomplete,
                messages: c.messages,
                kind,
            }
        }
        _ => broken_field(raw_id, problems),
    }
}

/// The object with `key` emptied (if it is an array), and that array.
fn split_list(obj: &Map<String, Value>, key: &str) -> (Value, Vec<Value>) {
    let mut head = obj.clone();
    let list = match head.get_mut(key) {
        Some(Value::Array(items)) => std::mem::take(items),
        _ => Vec::new(),
    };
    (Value::Object(head), list)
}

/// Deserializes one node; on failure records the error at the culprit's path.
fn node<T: DeserializeOwned>(v: &Value, path: &str, problems: &mut Problems) -> Option<T> {
    match T::deserialize(v) {
        Ok(t) => Some(t),
        Err(e) => {
            let message = e.to_string();
            let suffix = culprit::<T>(v, &message);
            problems.add(format!("{path}{suffix}"), rephrase(&message));
            None
        }
    }
}

fn rephrase(message: &str) -> String {
    message
        .replace("unknown field", "unknown property")
        .replace("missing field", "missing property")
}

fn is_missing(message: &str) -> bool {
    message.starts_with("missing field")
}

/// Pointer suffix (e.g. `/options/2/label`) of the member responsible for
/// `message`, or "" if it is the node itself (e.g. a missing property).
fn culprit<T: DeserializeOwned>(root: &Value, message: &str) -> String {
    let mut path: Vec<String> = Vec::new();
    for _ in 0..MAX_DEPTH {
        let Some(node) = pointer(root, &path) else {
            break;
        };
        let keys: Vec<String> = match node {
            Value::Object(m) => m.keys().filter(|k| *k != "type").cloned().collect(),
            Value::Array(a) => (0..a.len()).map(|i| i.to_string()).collect(),
            _ => break,
        };
        let found = keys.into_iter().find(|key| {
            let mut trial = root.clone();
            if let Some(parent) = pointer_mut(&mut trial, &path) {
                match parent {
                    Value::Object(m) => {
                        m.remove(key);
                    }
                    Value::Array(a) => {
                        if let Ok(i) = key.parse::<usize>() {
                            a.remove(i);
                        }
                    }
                    _ => {}
                }
            }
            match T::deserialize(&trial) {
                Ok(_) => true,
                Err(e) => {
                    let m = e.to_string();
                    // Removing a required member that held a bad value turns a
                    // value error into "missing field `key`": that member is it.
                    m != message
                        && (!is_missing(&m)
                            || (!is_missing(message) && m == format!("missing field `{key}`")))
                }
            }
        });
        match found {
            Some(key) => path.push(key),
            None => break,
        }
    }
    path.iter()
        .map(|k| format!("/{}", k.replace('~', "~0").replace('/', "~1")))
        .collect()
}

fn pointer<'a>(v: &'a Value, path: &[String]) -> Option<&'a Value> {
    path.iter().try_fold(v, |cur, k| match cur {
        Value::Object(m) => m.get(k),
        Value::Array(a) => a.get(k.parse::<usize>().ok()?),
        _ => None,
    })
}

fn pointer_mut<'a>(v: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    path.iter().try_fold(v, |cur, k| match cur {
        Value::Object(m) => m.get_mut(k),
        Value::Array(a) => a.get_mut(k.parse::<usize>().ok()?),
        _ => None,
    })
}
