//! Structure pass: decodes the definition node by node (form head, each step,
//! section, field, group child, option, rule) so that one broken node does not
//! hide the problems of the others, and every problem carries the JSON Pointer
//! of the member at fault.
//!
//! Hand-written over `serde_json::Value` rather than through the derived
//! `Deserialize` impls of the definition types: those (one visitor per struct,
//! field-name matching, `deny_unknown_fields`, the buffering of the internally
//! tagged, flattened `FieldKind`) cost a lot of WASM, and serde's messages do not
//! say where inside a node the problem is. The derives stay on the types for the
//! server, `Serialize` and the JSON Schema; a test below checks that this decoder
//! accepts exactly what they accept, with the same result.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::Problems;
use super::at::At;
use super::kind::{DefinitionErrorKind as K, Expected, Found, Node};
use crate::date::DateBound;
use crate::definition::{
    ChoiceOption, Computed, Field, FieldKind, FormDefinition, Lang, Rule, Section, Step,
};
use crate::expr::Condition;
use crate::lang::Text;
use crate::pattern::Pattern;

/// Id prefix of nodes that failed to decode: they stay in place so indexes
/// (and therefore paths) of their siblings stay right; the meaning checks skip
/// them. A broken field keeps its id after the prefix when it had one, so
/// conditions using it are not reported as unknown.
pub(super) const BROKEN: &str = "\u{0}broken:";

/// Decodes one value found at a place, reporting its problems there (and below).
pub(crate) type Conv<T> = fn(&Value, &At<'_>, &mut Problems) -> Option<T>;

/// How a member may be absent.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Need {
    /// Must be present (`null` is a wrong value).
    Required,
    /// `Option<_>`: absent or `null` is `None`.
    Optional,
    /// `#[serde(default)]` on a non-`Option`: absent is the default, `null` is wrong.
    Default,
}
use Need::{Default as Def, Optional as Opt, Required as Req};

/// One JSON object being decoded. `ok` turns false at the first problem; the
/// caller then replaces the node with a placeholder (its problems are reported).
pub(crate) struct Obj<'a, 'p> {
    map: &'a Map<String, Value>,
    at: &'a At<'a>,
    problems: &'p mut Problems,
    ok: bool,
}

impl<'a, 'p> Obj<'a, 'p> {
    /// `None` (reported) unless `v` is an object; `node` names it in the message.
    fn new(
        v: &'a Value,
        at: &'a At<'a>,
        problems: &'p mut Problems,
        node: Node,
    ) -> Option<Obj<'a, 'p>> {
        match v {
            Value::Object(map) => Some(Obj {
                map,
                at,
                problems,
                ok: true,
            }),
            _ => {
                problems.add(
                    at,
                    K::NotAnObject {
                        node,
                        found: found(v),
                    },
                );
                None
            }
        }
    }

    /// Reports every member whose name is in none of `allowed`, at the member.
    fn keys(&mut self, allowed: &[&[&'static str]]) {
        for key in self.map.keys() {
            if !allowed.iter().any(|list| list.contains(&key.as_str())) {
                let expected = allowed.iter().flat_map(|list| list.iter().copied());
                self.ok = false;
                self.problems.add(
                    &self.at.key(key),
                    K::UnknownProperty {
                        key: key.clone(),
                        expected: expected.collect(),
                    },
                );
            }
        }
    }

    /// The member `key` decoded by `conv`; `None` if absent (see [`Need`]) or broken.
    pub(crate) fn take<T>(&mut self, key: &'static str, need: Need, conv: Conv<T>) -> Option<T> {
        let v = match self.map.get(key) {
            None if need == Req => {
                self.ok = false;
                self.problems.add(self.at, K::MissingProperty { key });
                return None;
            }
            None => return None,
            Some(Value::Null) if need == Opt => return None,
            Some(v) => v,
        };
        let out = conv(v, &self.at.key(key), self.problems);
        self.ok &= out.is_some();
        out
    }

    /// `Some(())` if nothing was wrong, for `?` before building the node.
    fn done(&self) -> Option<()> {
        self.ok.then_some(())
    }
}

/// The value as shown in messages: scalars as JSON, containers by kind. Not through
/// `Value`'s `Display`: in the portal's WASM that was the only user of serde_json's
/// writer into a formatter, with its float printing and io error (and through that
/// core's tables for escaping a `Debug` string), about 2 KiB (docs/SIZE.md, session 22).
/// A string goes through the serializer the portal has anyway; a float as JSON writes
/// it ([`float_text`]).
fn found(v: &Value) -> Found {
    Found::Value(match v {
        Value::Array(_) => return Found::Array,
        Value::Object(_) => return Found::Object,
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => u.to_string(),
            (_, Some(i), _) => i.to_string(),
            (_, _, Some(f)) => float_text(f),
            _ => String::new(),
        },
        Value::String(s) => serde_json::to_string(s).unwrap_or_default(),
    })
}

/// A float as JSON writes it: always with a point or an exponent, so that `10.0` is not
/// shown as the whole number it is not taken for (`10.0`, `2.5`, `-0.0`), and with an
/// exponent where the plain digits would run long (`1e300`, `1.5e-30`). From the engine's
/// own shortest digits (`float::display_f64`), not core's float printing.
fn float_text(f: f64) -> String {
    let plain = crate::float::display_f64(f);
    let (sign, digits) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain.as_str()),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if digits.len() <= 17 {
        return if frac.is_empty() {
            format!("{plain}.0")
        } else {
            plain
        };
    }
    // Scientific: the significant digits and the power of ten of the first one.
    let (significant, exponent) = if int != "0" {
        let all = format!("{int}{frac}");
        (all.trim_end_matches('0').to_owned(), int.len() as i64 - 1)
    } else {
        let zeros = frac.len() - frac.trim_start_matches('0').len();
        (frac[zeros..].to_owned(), -(zeros as i64) - 1)
    };
    let (first, rest) = significant.split_at(1.min(significant.len()));
    let point = if rest.is_empty() { "" } else { "." };
    format!("{sign}{first}{point}{rest}e{exponent}")
}

fn wrong(v: &Value, at: &At<'_>, problems: &mut Problems, expected: Expected) {
    problems.add(
        at,
        K::WrongType {
            expected,
            found: found(v),
        },
    );
}

pub(crate) fn string(v: &Value, at: &At<'_>, problems: &mut Problems) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        _ => {
            wrong(v, at, problems, Expected::String);
            None
        }
    }
}

pub(crate) fn u32(v: &Value, at: &At<'_>, problems: &mut Problems) -> Option<u32> {
    let n = v.as_u64().and_then(|n| u32::try_from(n).ok());
    if n.is_none() {
        wrong(v, at, problems, Expected::Unsigned);
    }
    n
}

pub(crate) fn i64(v: &Value, at: &At<'_>, problems: &mut Problems) -> Option<i64> {
    let n = v.as_i64();
    if n.is_none() {
        wrong(v, at, problems, Expected::Integer);
    }
    n
}

pub(crate) fn f64(v: &Value, at: &At<'_>, problems: &mut Problems) -> Option<f64> {
    let n = v.as_f64();
    if n.is_none() {
        wrong(v, at, problems, Expected::Number);
    }
    n
}

pub(crate) fn bool(v: &Value, at: &At<'_>, problems: &mut Problems) -> Option<bool> {
    let b = v.as_bool();
    if b.is_none() {
        wrong(v, at, problems, Expected::Bool);
    }
    b
}

/// A string turned into a value by `parse`, whose error is reported at `at`.
pub(crate) fn parsed<T, E: Into<K>>(
    v: &Value,
    at: &At<'_>,
    problems: &mut Problems,
    parse: fn(&str) -> Result<T, E>,
) -> Option<T> {
    parse(v.as_str().or_else(|| {
        wrong(v, at, problems, Expected::String);
        None
    })?)
    .map_err(|e| problems.add(at, e.into()))
    .ok()
}

pub(crate) fn condition(v: &Value, at: &At<'_>, problems: &mut Problems) -> Option<Condition> {
    parsed(v, at, problems, Condition::parse)
}

pub(crate) fn pattern(v: &Value, at: &At<'_>, problems: &mut Problems) -> Option<Pattern> {
    parsed(v, at, problems, Pattern::new)
}

pub(crate) fn date_bound(v: &Value, at: &At<'_>, problems: &mut Problems) -> Option<DateBound> {
    parsed(v, at, problems, DateBound::parse)
}

/// A string (German) or an object of language code -> string.
pub(crate) fn text(v: &Value, at: &At<'_>, problems: &mut Problems) -> Option<Text> {
    match v {
        Value::String(s) => Some(Text::new(s.as_str())),
        Value::Object(m) => {
            let mut out = BTreeMap::new();
            let mut ok = true;
            for (code, t) in m {
                match t {
                    Value::String(s) => {
                        out.insert(code.clone(), s.clone());
                    }
                    _ => {
                        ok = false;
                        wrong(t, &at.key(code), problems, Expected::String);
                    }
                }
            }
            ok.then(|| Text::from_map(out))
        }
        _ => {
            wrong(v, at, problems, Expected::Text);
            None
        }
    }
}

/// An array, each element decoded by `item` at its index (all are checked).
fn list<T>(v: &Value, at: &At<'_>, problems: &mut Problems, item: Conv<T>) -> Option<Vec<T>> {
    let Value::Array(items) = v else {
        wrong(v, at, problems, Expected::Array);
        return None;
    };
    let mut ok = true;
    let mut out = Vec::with_capacity(items.len());
    for (i, x) in items.iter().enumerate() {
        match item(x, &at.index(i), problems) {
            Some(t) => out.push(t),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn lang(v: &Value, at: &At<'_>, problems: &mut Problems) -> Option<Lang> {
    match v.as_str() {
        Some("de") => Some(Lang::De),
        Some("en") => Some(Lang::En),
        _ => {
            wrong(v, at, problems, Expected::Language);
            None
        }
    }
}

pub(crate) fn strings(v: &Value, at: &At<'_>, problems: &mut Problems) -> Option<Vec<String>> {
    list(v, at, problems, string)
}

fn langs(v: &Value, at: &At<'_>, problems: &mut Problems) -> Option<Vec<Lang>> {
    list(v, at, problems, lang)
}

pub(crate) fn options(
    v: &Value,
    at: &At<'_>,
    problems: &mut Problems,
) -> Option<Vec<ChoiceOption>> {
    list(v, at, problems, option)
}

fn rules(v: &Value, at: &At<'_>, problems: &mut Problems) -> Option<Vec<Rule>> {
    list(v, at, problems, rule)
}

fn computeds(v: &Value, at: &At<'_>, problems: &mut Problems) -> Option<Vec<Computed>> {
    list(v, at, problems, computed)
}

/// Field-specific messages: error key -> text (keys are checked later).
fn messages(v: &Value, at: &At<'_>, problems: &mut Problems) -> Option<BTreeMap<String, Text>> {
    let Value::Object(m) = v else {
        wrong(v, at, problems, Expected::Messages);
        return None;
    };
    let mut out = BTreeMap::new();
    let mut ok = true;
    for (key, t) in m {
        match text(t, &at.key(key), problems) {
            Some(t) => {
                out.insert(key.clone(), t);
            }
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn option(v: &Value, at: &At<'_>, problems: &mut Problems) -> Option<ChoiceOption> {
    let mut o = Obj::new(v, at, problems, Node::Option)?;
    o.keys(&[&["value", "label", "hint"]]);
    let value = o.take("value", Req, string);
    let label = o.take("label", Req, text);
    let hint = o.take("hint", Opt, text);
    o.done()?;
    Some(ChoiceOption {
        value: value?,
        label: label?,
        hint,
    })
}

fn rule(v: &Value, at: &At<'_>, problems: &mut Problems) -> Option<Rule> {
    let mut o = Obj::new(v, at, problems, Node::Rule)?;
    o.keys(&[&["id", "when", "assert", "path", "message"]]);
    let id = o.take("id", Req, string);
    let when = o.take("when", Opt, condition);
    let assert = o.take("assert", Req, condition);
    let target = o.take("path", Req, string);
    let message = o.take("message", Req, text);
    o.done()?;
    Some(Rule {
        id: id?,
        when,
        assert: assert?,
        path: target?,
        message: message?,
    })
}

fn computed(v: &Value, at: &At<'_>, problems: &mut Problems) -> Option<Computed> {
    let mut o = Obj::new(v, at, problems, Node::Computed)?;
    o.keys(&[&["id", "label", "hint", "unit", "expr"]]);
    let id = o.take("id", Req, string);
    let label = o.take("label", Req, text);
    let hint = o.take("hint", Opt, text);
    let unit = o.take("unit", Opt, text);
    let expr = o.take("expr", Req, condition);
    o.done()?;
    Some(Computed {
        id: id?,
        label: label?,
        hint,
        unit,
        expr: expr?,
    })
}

/// Decodes the whole form; a head that fails to decode is replaced by a
/// placeholder so the steps are still checked.
pub(super) fn form(v: &Value, problems: &mut Problems) -> Option<FormDefinition> {
    let mut o = Obj::new(v, &At::Root, problems, Node::Definition)?;
    o.keys(&[&[
        "id",
        "version",
        "title",
        "description",
        "languages",
        "steps",
        "rules",
        "computed",
    ]]);
    let id = o.take("id", Req, string);
    let version = o.take("version", Req, u32);
    let title = o.take("title", Req, text);
    let description = o.take("description", Opt, text);
    let languages = o.take("languages", Def, langs);
    let steps = o.take("steps", Req, steps).unwrap_or_default();
    let rules = o.take("rules", Def, rules);
    let computed = o.take("computed", Def, computeds);
    Some(match (o.ok, id, version, title) {
        (true, Some(id), Some(version), Some(title)) => FormDefinition {
            id,
            version,
            title,
            description,
            languages: languages.unwrap_or_else(|| vec![Lang::De]),
            steps,
            rules: rules.unwrap_or_default(),
            computed: computed.unwrap_or_default(),
        },
        _ => FormDefinition {
            id: BROKEN.into(),
            version: 1,
            title: Text::default(),
            description: None,
            languages: Vec::new(),
            steps,
            rules: Vec::new(),
            computed: Vec::new(),
        },
    })
}

/// Every step, broken ones as placeholders (so this never fails on an array).
fn steps(v: &Value, at: &At<'_>, problems: &mut Problems) -> Option<Vec<Step>> {
    let Value::Array(items) = v else {
        wrong(v, at, problems, Expected::Array);
        return None;
    };
    let steps = items.iter().enumerate();
    Some(
        steps
            .map(|(i, s)| step(s, &at.index(i), problems))
            .collect(),
    )
}

fn step(v: &Value, at: &At<'_>, problems: &mut Problems) -> Step {
    let sections = match v {
        Value::Object(m) => m.get("sections"),
        _ => None,
    };
    let sections_at = at.key("sections");
    let sections = match sections {
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, s)| section(s, &sections_at.index(i), problems))
            .collect(),
        _ => Vec::new(),
    };
    let step = step_head(v, at, problems).unwrap_or_else(|| Step {
        id: BROKEN.into(),
        title: Text::default(),
        description: None,
        visible_when: None,
        sections: Vec::new(),
        rules: Vec::new(),
    });
    Step { sections, ..step }
}

fn step_head(v: &Value, at: &At<'_>, problems: &mut Problems) -> Option<Step> {
    let mut o = Obj::new(v, at, problems, Node::Step)?;
    o.keys(&[&[
        "id",
        "title",
        "description",
        "visible_when",
        "sections",
        "rules",
    ]]);
    let id = o.take("id", Req, string);
    let title = o.take("title", Req, text);
    let description = o.take("description", Opt, text);
    let visible_when = o.take("visible_when", Opt, condition);
    o.take("sections", Req, array);
    let rules = o.take("rules", Def, rules);
    o.done()?;
    Some(Step {
        id: id?,
        title: title?,
        description,
        visible_when,
        sections: Vec::new(),
        rules: rules.unwrap_or_default(),
    })
}

fn section(v: &Value, at: &At<'_>, problems: &mut Problems) -> Section {
    let fields = match v {
        Value::Object(m) => m.get("fields"),
        _ => None,
    };
    let fields_at = at.key("fields");
    let fields = match fields {
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, f)| field(f, &fields_at.index(i), problems))
            .collect(),
        _ => Vec::new(),
    };
    let section = section_head(v, at, problems).unwrap_or_else(|| Section {
        id: BROKEN.into(),
        title: None,
        description: None,
        visible_when: None,
        fields: Vec::new(),
    });
    Section { fields, ..section }
}

fn section_head(v: &Value, at: &At<'_>, problems: &mut Problems) -> Option<Section> {
    let mut o = Obj::new(v, at, problems, Node::Section)?;
    o.keys(&[&["id", "title", "description", "visible_when", "fields"]]);
    let id = o.take("id", Req, string);
    let title = o.take("title", Opt, text);
    let description = o.take("description", Opt, text);
    let visible_when = o.take("visible_when", Opt, condition);
    o.take("fields", Req, array);
    o.done()?;
    Some(Section {
        id: id?,
        title,
        description,
        visible_when,
        fields: Vec::new(),
    })
}

/// Checks only that the value is an array (its elements are decoded elsewhere).
fn array(v: &Value, at: &At<'_>, problems: &mut Problems) -> Option<()> {
    if v.is_array() {
        Some(())
    } else {
        wrong(v, at, problems, Expected::Array);
        None
    }
}

/// Group children: each decoded on its own, broken ones as placeholders.
pub(crate) fn children(v: &Value, at: &At<'_>, problems: &mut Problems) -> Option<Vec<Field>> {
    let Value::Array(items) = v else {
        wrong(v, at, problems, Expected::Array);
        return None;
    };
    let fields = items.iter().enumerate();
    Some(
        fields
            .map(|(i, f)| field(f, &at.index(i), problems))
            .collect(),
    )
}

/// The properties every field has; the others belong to its type.
const COMMON_KEYS: [&str; 11] = [
    "id",
    "type",
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

fn field(v: &Value, at: &At<'_>, problems: &mut Problems) -> Field {
    let raw_id = v.get("id").and_then(Value::as_str);
    decode_field(v, at, problems).unwrap_or_else(|| {
        if raw_id.is_none() {
            problems.lost_field_id();
        }
        Field::info(
            format!("{BROKEN}{}", raw_id.unwrap_or_default()),
            Text::default(),
            Text::default(),
        )
    })
}

fn decode_field(v: &Value, at: &At<'_>, problems: &mut Problems) -> Option<Field> {
    let mut o = Obj::new(v, at, problems, Node::Field)?;
    let id = o.take("id", Req, string);
    let label = o.take("label", Req, text);
    let hint = o.take("hint", Opt, text);
    let placeholder = o.take("placeholder", Opt, text);
    let summary_label = o.take("summary_label", Opt, text);
    let required = o.take("required", Def, bool).unwrap_or(false);
    let required_when = o.take("required_when", Opt, condition);
    let visible_when = o.take("visible_when", Opt, condition);
    let autocomplete = o.take("autocomplete", Opt, string);
    let messages = o.take("messages", Def, messages).unwrap_or_default();
    let kind = kind(&mut o);
    o.done()?;
    Some(Field {
        id: id?,
        label: label?,
        hint,
        placeholder,
        summary_label,
        required,
        required_when,
        visible_when,
        autocomplete,
        messages,
        kind: kind?,
    })
}

/// The field's `type` and the properties belonging to it; reports unknown
/// properties (only if the type is known: else they cannot be judged).
fn kind(o: &mut Obj<'_, '_>) -> Option<FieldKind> {
    let ty = match o.map.get("type") {
        None => {
            o.ok = false;
            o.problems.add(o.at, K::MissingProperty { key: "type" });
            return None;
        }
        Some(Value::String(t)) => t.as_str(),
        Some(t) => {
            o.ok = false;
            wrong(t, &o.at.key("type"), o.problems, Expected::FieldTypeName);
            return None;
        }
    };
    let Some((keys, kind)) = FieldKind::decode(ty, o) else {
        o.ok = false;
        o.problems.add(
            &o.at.key("type"),
            K::UnknownFieldType {
                name: ty.to_owned(),
            },
        );
        return None;
    };
    o.keys(&[keys, &COMMON_KEYS]);
    Some(kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn found_shows_scalars_as_json_and_containers_by_kind() {
        use serde_json::json;
        let shown = |v: Value| match found(&v) {
            Found::Value(text) => text,
            Found::Array => "(array)".to_owned(),
            Found::Object => "(object)".to_owned(),
        };
        assert_eq!(shown(json!(null)), "null");
        assert_eq!(shown(json!(true)), "true");
        assert_eq!(shown(json!(12)), "12");
        assert_eq!(shown(json!(-3)), "-3");
        assert_eq!(shown(json!(u64::MAX)), "18446744073709551615");
        assert_eq!(shown(json!(2.5)), "2.5");
        assert_eq!(shown(json!(10.0)), "10.0");
        assert_eq!(shown(json!(-0.0)), "-0.0");
        assert_eq!(shown(json!(1e300)), "1e300");
        assert_eq!(shown(json!(-1.5e300)), "-1.5e300");
        assert_eq!(shown(json!(1.5e-7)), "0.00000015");
        assert_eq!(shown(json!(1.5e-30)), "1.5e-30");
        assert_eq!(shown(json!(123456.789)), "123456.789");
        assert_eq!(shown(json!(0.001)), "0.001");
        assert_eq!(shown(json!("a \"b\"\n")), r#""a \"b\"\n""#);
        assert_eq!(shown(json!([1])), "(array)");
        assert_eq!(shown(json!({"a": 1})), "(object)");
    }

    /// The definitions of the demo forms, as values.
    fn demos() -> Vec<Value> {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../central-api/demo/forms");
        let mut out: Vec<Value> = std::fs::read_dir(dir)
            .expect("demo forms")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
            .collect();
        out.sort_by_key(|v| v.to_string());
        out
    }

    /// Values a mutation puts in place of a member (or appends to an array).
    fn replacements() -> Vec<Value> {
        serde_json::from_str(
            r#"[null, true, 0, -1, 4294967296, 1.5, "", "x", "today-18y", "a == 1",
                "[a-", [], ["x"], {}, {"de": "D"}, {"de": 1},
                {"value": "v", "label": "L"}, {"value": "v"},
                {"id": "r", "assert": "1", "path": "x", "message": "M"},
                {"id": "c", "label": "L", "expr": "1"},
                {"id": "n", "type": "text", "label": "N"}, {"id": "n", "type": "nope"}]"#,
        )
        .unwrap()
    }

    /// Every JSON Pointer in `v`.
    /// `path/key` with `key` escaped as a JSON Pointer token: written out here on its
    /// own, so the decoder's `At` pointers are checked against it.
    fn join(path: &str, key: &str) -> String {
        format!("{path}/{}", key.replace('~', "~0").replace('/', "~1"))
    }

    fn pointers(v: &Value, path: String, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, c) in m {
                    pointers(c, join(&path, k), out);
                }
            }
            Value::Array(a) => {
                for (i, c) in a.iter().enumerate() {
                    pointers(c, format!("{path}/{i}"), out);
                }
            }
            _ => {}
        }
        out.push(path);
    }

    /// Some mutations of the demo forms: members replaced, removed, added.
    fn mutants() -> Vec<Value> {
        let mut out = Vec::new();
        let reps = replacements();
        for (d, demo) in demos().into_iter().enumerate() {
            let mut ptrs = Vec::new();
            pointers(&demo, String::new(), &mut ptrs);
            for (i, p) in ptrs.iter().enumerate() {
                // A deterministic sample, so the test stays fast.
                let r = &reps[(i * 7 + d) % reps.len()];
                // (serde also takes a variant index as `type`; we do not.)
                if !(p.ends_with("/type") && r.is_number()) {
                    let mut m = demo.clone();
                    if let Some(slot) = m.pointer_mut(p) {
                        *slot = r.clone();
                    }
                    out.push(m);
                }
                if let Some((parent, key)) = p.rsplit_once('/') {
                    let mut m = demo.clone();
                    match m.pointer_mut(parent) {
                        Some(Value::Object(o)) => {
                            o.remove(key);
                            o.insert("typo".into(), r.clone());
                        }
                        Some(Value::Array(a)) => a.push(r.clone()),
                        _ => {}
                    }
                    out.push(m);
                    let mut m = demo.clone();
                    if let Some(Value::Object(o)) = m.pointer_mut(parent) {
                        o.remove(key);
                    }
                    out.push(m);
                }
            }
            out.push(demo);
        }
        out
    }

    /// This decoder accepts exactly what the derived `Deserialize` of
    /// `FormDefinition` accepts, with the same result; otherwise it reports a
    /// problem at a member that exists (or at the node missing one).
    #[test]
    fn agrees_with_the_derived_deserialize() {
        let mut accepted = 0;
        for m in mutants() {
            let mut problems = Problems::default();
            let ours = form(&m, &mut problems);
            match serde_json::from_value::<FormDefinition>(m.clone()) {
                Ok(theirs) => {
                    assert!(problems.is_empty(), "{:?}\n{m}", problems.0);
                    assert_eq!(ours.as_ref(), Some(&theirs), "{m}");
                    accepted += 1;
                }
                Err(e) => {
                    assert!(!problems.is_empty(), "serde: {e}\n{m}");
                    for (path, _) in &problems.0 {
                        assert!(m.pointer(path).is_some(), "{path}\n{m}");
                    }
                }
            }
        }
        assert!(accepted > 50, "{accepted}");
    }
}
