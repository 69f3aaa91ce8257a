// SPDX-License-Identifier: EUPL-1.2
//! The pages after a form's steps, the check page (with the sending) and the receipt (with
//! its PDF), in a WASM chunk of their own that the browser loads when one of them is first
//! shown: the path from the start page to a form step does not carry their code (issue
//! #21, docs/SIZE.md, "Session 12").
//!
//! The split point is the cargo feature `split`, which only the citizen portal's
//! `index.html` turns on; `scripts/split-wasm.mjs` (a trunk hook) then splits the WASM
//! that cargo linked. Elsewhere (tests, the preview) the pages are in the one WASM and are
//! handed out at once. What crosses into the chunk is a plain function pointer per page:
//! a pointer is `Send`, so the loading runs through the pages' own [`load`], with its
//! "loading" text and its error for a failed request.

use crate::api::ApiError;
use crate::form::FormSession;
use crate::pages::{load, loaded_view};
use leptos::prelude::*;

/// Renders the check page of a form's session.
type CheckPage = fn(FormSession) -> AnyView;
/// Renders the receipt of the route's reference.
type ReceiptPage = fn() -> AnyView;

fn render_check(session: FormSession) -> AnyView {
    view! { <crate::form::CheckAnswers session/> }.into_any()
}

fn render_receipt() -> AnyView {
    view! { <crate::pages::receipt::ReceiptPage/> }.into_any()
}

#[cfg(feature = "split")]
mod chunk {
    use super::{CheckPage, ReceiptPage};
    use leptos::wasm_split::{SplitLoaderError, wasm_split};

    /// The chunk did not load (offline, or the server failed): shown as the pages'
    /// "offline" error; the next visit of the page tries again.
    pub struct NotLoaded;

    impl From<SplitLoaderError> for NotLoaded {
        fn from(_: SplitLoaderError) -> Self {
            NotLoaded
        }
    }

    #[wasm_split(later_pages, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn check_page() -> Result<CheckPage, NotLoaded> {
        Ok(super::render_check)
    }

    #[wasm_split(later_pages, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn receipt_page() -> Result<ReceiptPage, NotLoaded> {
        Ok(super::render_receipt)
    }
}

async fn check_page() -> Result<CheckPage, ApiError> {
    #[cfg(feature = "split")]
    return chunk::check_page().await.map_err(|_| ApiError::Network);
    #[cfg(not(feature = "split"))]
    Ok(render_check)
}

async fn receipt_page() -> Result<ReceiptPage, ApiError> {
    #[cfg(feature = "split")]
    return chunk::receipt_page().await.map_err(|_| ApiError::Network);
    #[cfg(not(feature = "split"))]
    Ok(render_receipt)
}

/// Starts loading the chunk a second after the last step was shown (not competing with
/// showing it), so that the check page is there when the citizen gets to it. A failure
/// is left to the check page, which tries again.
pub fn prefetch() {
    leptos::task::spawn_local(async {
        crate::clock::sleep_ms(PREFETCH_DELAY_MS).await;
        let _ = check_page().await;
    });
}

const PREFETCH_DELAY_MS: u32 = 1000;

/// The check page of `session`, once its code is there.
pub fn check(session: FormSession) -> AnyView {
    let page = load(|| (), |()| check_page());
    loaded_view(crate::i18n::use_lang(), page, move |render: CheckPage| {
        render(session.clone())
    })
}

/// The receipt page, once its code is there.
pub fn receipt() -> AnyView {
    let page = load(|| (), |()| receipt_page());
    loaded_view(crate::i18n::use_lang(), page, |render: ReceiptPage| {
        render()
    })
}
