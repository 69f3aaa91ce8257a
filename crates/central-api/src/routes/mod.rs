// SPDX-License-Identifier: EUPL-1.2
//! One module per resource, each returning a `Router<AppState>` with paths below `/api`.

pub mod attachments;
pub mod forms;
pub mod health;
pub mod inbox;
pub mod municipalities;
pub mod openapi;
pub mod places;
pub mod retention;
pub mod routing;
pub mod services;
pub mod submissions;

use serde::Serialize;

/// Reference to a form definition version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct FormRef {
    pub id: String,
    pub version: u32,
}

impl FormRef {
    /// A form reference from nullable columns.
    pub fn from_columns(id: Option<String>, version: Option<i64>) -> Option<Self> {
        Some(FormRef {
            id: id?,
            version: u32::try_from(version?).ok()?,
        })
    }
}
