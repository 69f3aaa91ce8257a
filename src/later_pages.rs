// SPDX-License-Identifier: EUPL-1.2
//! The pages after a form's steps, the check page (with the sending) and the receipt (with
//! its PDF), in a WASM chunk of their own that the browser loads when one of them is first
//! shown: the path from the start page to a form step does not carry their code (issue
//! #21, docs/SIZE.md, "Session 12"; the chunks' shared parts in [`crate::chunk`]). What
//! crosses into the chunk is one plain function pointer that renders either page: a
//! pointer is `Send`, so the loading runs through the pages' own `load`.

use crate::chunk;
use crate::form::FormSession;
use leptos::prelude::*;
use std::cell::Cell;

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
mod split {
    use super::Render;
    use crate::chunk::NotLoaded;
    use leptos::wasm_split::wasm_split;

    #[wasm_split(later_pages, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn renderer() -> Result<Render, NotLoaded> {
        Ok(super::render)
    }
}

thread_local! {
    /// The renderer, once the chunk is there.
    static RENDER: Cell<Option<Render>> = const { Cell::new(None) };
}

/// Loads the chunk and keeps its renderer.
fn load() -> std::pin::Pin<Box<dyn Future<Output = Result<(), chunk::NotLoaded>>>> {
    Box::pin(async {
        #[cfg(feature = "split")]
        let render = split::renderer().await?;
        #[cfg(not(feature = "split"))]
        let render: Render = render;
        RENDER.set(Some(render));
        Ok(())
    })
}

/// Starts loading the chunk a second after the last step was shown, so that the check
/// page is there when the citizen gets to it.
pub fn prefetch() {
    chunk::prefetch(load, None);
}

/// The check page of `session`, once its code is there.
pub fn check(session: FormSession) -> AnyView {
    show(move || LaterPage::Check(session.clone()))
}

/// The receipt page, once its code is there.
pub fn receipt() -> AnyView {
    show(|| LaterPage::Receipt)
}

fn show(page: impl Fn() -> LaterPage + Send + Sync + 'static) -> AnyView {
    chunk::when_loaded(
        load,
        Box::new(move || match RENDER.get() {
            Some(render) => render(page()),
            None => crate::reactive_view::nothing(),
        }),
    )
}
