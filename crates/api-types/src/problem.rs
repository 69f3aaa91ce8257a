// SPDX-License-Identifier: EUPL-1.2
//! Errors: RFC 9457 problem details (`application/problem+json`).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// RFC 9457 problem details.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    #[serde(default)]
    pub r#type: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The field errors of a `422`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<FieldProblem>>,
    /// The authority a `no-valid-key` problem is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<String>,
}

/// One field error inside a 422 problem.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldProblem {
    /// Where the error is, e.g. `betrieb.anschrift.plz` or `personen[1].name`.
    pub path: String,
    /// Stable error code, e.g. `required`.
    pub code: String,
    /// Human-readable message in the request's language.
    #[serde(default)]
    pub detail: String,
    /// Data the code carries (`min`, `max`, ...), flattened into the object. Not read
    /// back: the portal words errors by their code, and a flattened member costs the WASM
    /// serde's buffering of the whole object.
    #[serde(flatten, skip_deserializing)]
    pub data: Map<String, Value>,
}
