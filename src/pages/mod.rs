// SPDX-License-Identifier: EUPL-1.2
//! One module per page outside the form journey.

pub mod catalogue;
pub mod not_found;
pub mod receipt;
pub mod service;

use crate::api::ApiError;
use crate::i18n::{Msg, t};
use form_engine::Lang;
use leptos::prelude::*;

/// The one way every page tells the citizen that loading failed.
pub fn load_error(lang: Lang, error: &ApiError) -> impl IntoView + use<> {
    let text = match error {
        ApiError::Network => t(lang, Msg::Offline),
        _ => t(lang, Msg::LoadFailed),
    };
    view! { <div class="notice notice--error" role="alert"><p>{text}</p></div> }
}
