// SPDX-License-Identifier: EUPL-1.2
//! The pages after a form's steps, the check page (with the sending) and the receipt (with
//! its PDF), in a WASM chunk of their own that the browser loads when one of them is first
//! shown: the path from the start page to a form step does not carry their code (issue
//! #21, docs/SIZE.md, "Session 12").
//!
//! The split point is the cargo feature `split`, which only the citizen portal's
//! `index.html` turns on; `scripts/split-wasm.mjs` (a trunk hook) then splits the WASM
//! that cargo linked. Elsewhere (tests, the preview) the pages are in the one WASM and are
//! handed out at once. What crosses into the chunk is one plain function pointer that
//! renders either page: a pointer is `Send`, so the loading runs through the pages' own
//! [`load`].

use crate::form::FormSession;
use crate::i18n::{Msg, message_fn, use_lang};
use crate::pages::load;
use leptos::prelude::*;

/// A page of the chunk, with what it shows.
#[allow(
    clippy::large_enum_variant,
    reason = "handed over once per page shown, never kept"
)]
enum LaterPage {
    Check(FormSession),
    Receipt,
}

/// Renders a page of the chunk: one pointer type, so the loading below exists once.
type Render = fn(LaterPage) -> AnyView;

fn render(page: LaterPage) -> AnyView {
    match page {
        LaterPage::Check(session) => view! { <crate::form::CheckAnswers session/> }.into_any(),
        LaterPage::Receipt => view! { <crate::pages::receipt::ReceiptPage/> }.into_any(),
    }
}

#[cfg(feature = "split")]
mod chunk {
    use super::Render;
    use leptos::wasm_split::{SplitLoaderError, wasm_split};

    /// The chunk did not load (offline, the server failed, or a deployment removed this
    /// build's chunk); the next call tries again.
    pub struct NotLoaded;

    impl From<SplitLoaderError> for NotLoaded {
        fn from(_: SplitLoaderError) -> Self {
            NotLoaded
        }
    }

    #[wasm_split(later_pages, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn renderer() -> Result<Render, NotLoaded> {
        Ok(super::render)
    }
}

/// The renderer, once the chunk is there (`Err` if it could not be loaded).
async fn renderer() -> Result<Render, ()> {
    #[cfg(feature = "split")]
    return chunk::renderer().await.map_err(|_| ());
    #[cfg(not(feature = "split"))]
    Ok(render)
}

/// Starts loading the chunk a second after the last step was shown (not competing with
/// showing it), so that the check page is there when the citizen gets to it. A failure
/// is left to the page, which tries again.
pub fn prefetch() {
    leptos::task::spawn_local(async {
        crate::clock::sleep_ms(PREFETCH_DELAY_MS).await;
        let _ = renderer().await;
    });
}

const PREFETCH_DELAY_MS: u32 = 1000;

/// The check page of `session`, once its code is there.
pub fn check(session: FormSession) -> AnyView {
    show(move || LaterPage::Check(session.clone()))
}

/// The receipt page, once its code is there.
pub fn receipt() -> AnyView {
    show(|| LaterPage::Receipt)
}

/// "Loading", the page, or, when the chunk could not be loaded, a page of its own: a
/// heading that takes the focus (the step that had it is gone), what to do, and a button
/// that tries again. Reloading helps where trying again cannot, after a deployment that
/// removed this build's chunk; the answers are kept either way (drafts).
fn show(page: impl Fn() -> LaterPage + Send + Sync + 'static) -> AnyView {
    let lang = use_lang();
    let attempt = RwSignal::new(0u32);
    let loaded = load(move || attempt.get(), |_| renderer());
    crate::reactive_view::dynamic(move || match loaded.get() {
        Some(Ok(render)) if !loaded.pending.get() => render(page()),
        Some(Err(())) if !loaded.pending.get() => {
            crate::form::focus_soon(NOT_LOADED_ID);
            view! {
                <div class="notice notice--error" role="alert">
                    <h1 id=NOT_LOADED_ID tabindex="-1">{message_fn(lang, Msg::PageNotLoaded)}</h1>
                    <p>{message_fn(lang, Msg::PageNotLoadedHint)}</p>
                    <button type="button" class="kern-btn kern-btn--secondary"
                        on:click=move |_| attempt.update(|n| *n = n.wrapping_add(1))>
                        {message_fn(lang, Msg::Retry)}
                    </button>
                </div>
            }
            .into_any()
        }
        _ => crate::pages::loading(lang),
    })
}

const NOT_LOADED_ID: &str = "page-not-loaded";
