// SPDX-License-Identifier: EUPL-1.2
//! One module per resource, each returning a `Router<AppState>` with paths below `/api`.

pub mod areas;
pub mod forms;
pub mod health;
pub mod municipalities;
pub mod openapi;
pub mod places;
pub mod retention;
pub mod routing;
pub mod sender_token;
pub mod services;
pub mod submissions;

pub use api_types::FormRef;
