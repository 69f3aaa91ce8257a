//! Loading a definition from JSON: every problem at once, each with its JSON
//! Pointer and line/column, so a form designer fixes all of them in one go.
//!
//! Three passes: syntax (serde_json into a `Value`, giving line/column),
//! structure (each node decoded by hand from the `Value`, so errors carry the
//! path of the member at fault, see `decode`), meaning (ids, texts, limits, conditions, see `check`).

pub(crate) mod at;
pub(crate) mod check;
pub(crate) mod decode;
pub(crate) mod kind;
pub mod locate;

use std::fmt;

use serde::Serialize;
use serde::ser::SerializeStruct;
use serde_json::Value;

pub use kind::{DefinitionErrorKind, Expected, Found, Node, quoted_list};

use crate::definition::FormDefinition;

/// Largest definition accepted: real ones are well below 200 KB.
pub const MAX_INPUT_BYTES: usize = 2 * 1024 * 1024;
/// Deepest JSON nesting accepted (a field in a group is at depth ~10).
pub const MAX_DEPTH: usize = 32;
/// Most problems reported of one definition; beyond, their number. Each is located in the
/// text (its line and column), a walk of up to the whole text: a 2 MiB definition with a
/// problem in each of 30,000 fields took minutes to report, on the server and in the
/// preview alike.
pub const MAX_PROBLEMS: usize = 100;

/// One problem in a definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefinitionError {
    /// JSON Pointer of the offending node, e.g. `/steps/0/sections/1/fields/3/type`;
    /// "" for the whole document.
    pub path: String,
    /// 1-based line of the node in the input.
    pub line: usize,
    /// 1-based column (in characters) of the node in the input.
    pub column: usize,
    /// What is wrong, as data: [`DefinitionError::message`] is its English text,
    /// other languages translate the kind.
    pub kind: DefinitionErrorKind,
}

impl DefinitionError {
    /// The English message.
    pub fn message(&self) -> String {
        self.kind.to_string()
    }
}

/// `{path, line, column, message}`, the message in English.
impl Serialize for DefinitionError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut out = s.serialize_struct("DefinitionError", 4)?;
        out.serialize_field("path", &self.path)?;
        out.serialize_field("line", &self.line)?;
        out.serialize_field("column", &self.column)?;
        out.serialize_field("message", &self.message())?;
        out.end()
    }
}

impl fmt::Display for DefinitionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "/"
        } else {
            &self.path
        };
        write!(
            f,
            "line {}, column {} ({path}): {}",
            self.line, self.column, self.kind
        )
    }
}

impl std::error::Error for DefinitionError {}

/// All problems found in a definition, in document order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct DefinitionErrors(pub Vec<DefinitionError>);

impl fmt::Display for DefinitionErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        write!(
            f,
            "{n} problem{} in the form definition:",
            if n == 1 { "" } else { "s" }
        )?;
        for e in &self.0 {
            write!(f, "\n  {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for DefinitionErrors {}

/// Problems collected while walking: (JSON Pointer, kind), the first [`MAX_PROBLEMS`];
/// whether a field's id was lost; how many more there were.
#[derive(Default)]
pub(crate) struct Problems(Vec<(String, DefinitionErrorKind)>, bool, usize);

impl Problems {
    pub(crate) fn add(&mut self, path: impl Into<String>, kind: DefinitionErrorKind) {
        if self.0.len() < MAX_PROBLEMS {
            self.0.push((path.into(), kind));
        } else {
            self.2 += 1;
        }
    }
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Notes a field that failed to decode and has no usable id either, so
    /// "unknown field" in conditions may be wrong and is not reported.
    pub(crate) fn lost_field_id(&mut self) {
        self.1 = true;
    }
    pub(crate) fn field_ids_complete(&self) -> bool {
        !self.1
    }
}

/// `check`: run the meaning pass after decoding (see `FormDefinition::from_checked_json`).
pub(crate) fn from_json(json: &str, check: bool) -> Result<FormDefinition, DefinitionErrors> {
    let single = |kind: DefinitionErrorKind, line, column| {
        DefinitionErrors(vec![DefinitionError {
            path: String::new(),
            line,
            column,
            kind,
        }])
    };
    if json.len() > MAX_INPUT_BYTES {
        return Err(single(
            DefinitionErrorKind::TooLarge {
                max_mib: MAX_INPUT_BYTES / (1024 * 1024),
            },
            1,
            1,
        ));
    }
    let value: Value = serde_json::from_str(json).map_err(|e| {
        // What a definition the API has checked can only show after a fault on the way:
        // said plainly, which keeps serde_json's messages out of the portal's WASM (it
        // reads only such definitions; docs/SIZE.md, session 22). The place stays exact.
        if !check {
            return single(
                DefinitionErrorKind::Syntax {
                    detail: "not valid JSON".to_owned(),
                },
                e.line().max(1),
                e.column().max(1),
            );
        }
        let text = e.to_string();
        // serde_json appends " at line L column C"; we report those separately.
        // = `text.rfind(" at line ")`, without the reverse substring searcher
        // in the WASM (the space is one byte, so every match is at a char boundary).
        const AT: &[u8] = b" at line ";
        let at = (0..text.len().saturating_sub(AT.len() - 1))
            .rev()
            .find(|&i| text.as_bytes()[i..].starts_with(AT));
        let detail = match at {
            Some(i) => text[..i].to_owned(),
            None => text,
        };
        single(
            DefinitionErrorKind::Syntax { detail },
            e.line().max(1),
            e.column().max(1),
        )
    })?;

    let mut problems = Problems::default();
    if let Some(path) = too_deep(&value) {
        problems.add(path, DefinitionErrorKind::TooDeep { max: MAX_DEPTH });
        return Err(into_errors(json, problems));
    }
    let def = decode::form(&value, &mut problems);
    if let Some(def) = &def
        && check
    {
        let complete = problems.field_ids_complete();
        check::definition(def, complete, &mut problems);
    }
    match def {
        Some(def) if problems.is_empty() => Ok(def),
        _ => Err(into_errors(json, problems)),
    }
}

/// Pointer of the first node (in document order) deeper than [`MAX_DEPTH`], if any.
/// The walk keeps only its place on the stack (no allocation per node); the pointer is
/// written out for the one node reported.
fn too_deep(root: &Value) -> Option<String> {
    deeper_than_max(root, &at::At::Root, 0)
}

/// The pointer of the first node below `v` deeper than [`MAX_DEPTH`]: recursive, but
/// never more than `MAX_DEPTH + 1` calls deep, as it stops there.
fn deeper_than_max(v: &Value, here: &at::At<'_>, depth: usize) -> Option<String> {
    if depth > MAX_DEPTH {
        return Some(here.pointer());
    }
    match v {
        Value::Object(m) => m
            .iter()
            .find_map(|(key, child)| deeper_than_max(child, &here.key(key), depth + 1)),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .find_map(|(i, child)| deeper_than_max(child, &here.index(i), depth + 1)),
        _ => None,
    }
}

fn into_errors(json: &str, problems: Problems) -> DefinitionErrors {
    let more = problems.2;
    let mut errors: Vec<DefinitionError> = problems
        .0
        .into_iter()
        .map(|(path, kind)| {
            let (line, column) = locate::line_column(json, &path);
            DefinitionError {
                path,
                line,
                column,
                kind,
            }
        })
        .collect();
    errors.sort_by_key(|e| (e.line, e.column));
    errors.dedup();
    if more > 0 {
        // Last, after the problems listed: where the listing stopped, not a place.
        let (line, column) = errors.last().map_or((1, 1), |e| (e.line, e.column));
        errors.push(DefinitionError {
            path: String::new(),
            line,
            column,
            kind: DefinitionErrorKind::MoreProblems { more },
        });
    }
    DefinitionErrors(errors)
}
