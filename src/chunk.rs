// SPDX-License-Identifier: EUPL-1.2
//! The portal's WASM chunks: code that the path to a form's first step need not carry,
//! loaded when first needed (issue #21, docs/SIZE.md, sessions 12 and 23). Each chunk's
//! split point lives beside its code (`later_pages`, `form::controls::later`); here is what
//! they share: the error of a chunk that did not load, and the one view that waits for a
//! chunk.
//!
//! Split points exist with the cargo feature `split`, which only the citizen portal's
//! `index.html` turns on; `scripts/split-wasm.mjs` (a trunk hook) then splits the WASM that
//! cargo linked. Elsewhere (tests, the preview) the code is in the one WASM and a chunk's
//! loading succeeds at once.

use crate::i18n::{Msg, use_lang};
use crate::pages::load;
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;

/// A chunk did not load (offline, the server failed, or a deployment removed this build's
/// chunk); the next call of its split point tries again.
#[derive(Clone, Copy)]
pub struct NotLoaded;

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for NotLoaded {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        NotLoaded
    }
}

/// Loads a chunk and keeps what it hands out: `Ok` once its code is there.
pub type Load = fn() -> Pin<Box<dyn Future<Output = Result<(), NotLoaded>>>>;

/// "Loading", then `content` once `load` has succeeded; when the chunk could not be loaded,
/// a page of its own: a heading that takes the focus (what had it is gone), what to do,
/// and a button that tries again. Reloading helps where trying again cannot, after a
/// deployment that removed this build's chunk; the answers are kept either way (drafts).
/// One function for every chunk and content (boxed), so its code exists once.
pub fn when_loaded(load_chunk: Load, content: Box<dyn Fn() -> AnyView + Send + Sync>) -> AnyView {
    let lang = use_lang();
    let attempt = RwSignal::new(0u32);
    let loaded = load(move || attempt.get(), move |_| load_chunk());
    crate::reactive_view::dynamic(move || match loaded.get() {
        Some(Ok(())) if !loaded.pending.get() => {
            crate::route::focus_heading_soon(true);
            content()
        }
        Some(Err(NotLoaded)) if !loaded.pending.get() => {
            crate::form::focus_soon(crate::pages::NOT_LOADED_ID);
            let again = Box::new(move || attempt.update(|n| *n = n.wrapping_add(1)));
            crate::pages::not_loaded(lang, true, Msg::PageNotLoadedHint, again)
        }
        _ => crate::pages::loading_page(lang),
    })
}

/// Loads a chunk a second after the page that may need it next was shown (not competing
/// with showing it, nor with the fonts on a slow line), then runs `then` if it loaded. A
/// failure is left to the page that needs the chunk, which tries again.
pub fn prefetch(load_chunk: Load, then: Option<Box<dyn FnOnce()>>) {
    leptos::task::spawn_local(async move {
        crate::clock::sleep_ms(PREFETCH_DELAY_MS).await;
        if load_chunk().await.is_ok()
            && let Some(then) = then
        {
            then();
        }
    });
}

const PREFETCH_DELAY_MS: u32 = 1000;
