// SPDX-License-Identifier: EUPL-1.2
//! One module per page outside the form journey.

pub mod catalogue;
pub mod not_found;
pub mod receipt;
pub mod service;

use crate::api::ApiError;
use crate::i18n::{Msg, t, tr};
use form_engine::Lang;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

/// The one way every page tells the citizen that loading failed.
pub fn load_error(lang: Lang, error: &ApiError) -> impl IntoView + use<> {
    let text = match error {
        ApiError::Network => t(lang, Msg::Offline),
        _ => t(lang, Msg::LoadFailed),
    };
    view! { <div class="notice notice--error" role="alert"><p>{text}</p></div> }
}

/// Data a page loads from the API: `value` is the latest answer (kept while a newer
/// request runs), `pending` is true while a request runs.
pub struct Loaded<T: Send + Sync + 'static> {
    pub value: RwSignal<Option<T>>,
    pub pending: RwSignal<bool>,
}

impl<T: Send + Sync + 'static> Clone for Loaded<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Loaded<T> {}

/// Runs `fetch` with what `source` reads, again whenever that changes; an answer that a
/// newer request has overtaken is dropped. (A plain effect instead of `LocalResource` and
/// `Suspense`: the same behaviour for these pages with far less code in the WASM.)
pub fn load<S, T, Fut>(
    source: impl Fn() -> S + 'static,
    fetch: impl Fn(S) -> Fut + 'static,
) -> Loaded<T>
where
    S: 'static,
    T: Send + Sync + 'static,
    Fut: Future<Output = T> + 'static,
{
    let loaded = Loaded {
        value: RwSignal::new(None),
        pending: RwSignal::new(true),
    };
    // Only this part depends on the types; the effect and the task are compiled once.
    run_requests(
        loaded.pending,
        Box::new(move |current: Box<dyn Fn() -> bool>| {
            let request = fetch(source());
            Box::pin(async move {
                let answer = request.await;
                if current() {
                    loaded.value.try_set(Some(answer));
                    loaded.pending.try_set(false);
                }
            })
        }),
    );
    loaded
}

/// A request that stores its answer if `current` still says so when the answer comes.
type Request = Box<dyn Fn(Box<dyn Fn() -> bool>) -> Pin<Box<dyn Future<Output = ()>>>>;

fn run_requests(pending: RwSignal<bool>, request: Request) {
    let generation = Rc::new(Cell::new(0u32));
    Effect::new(move |_| {
        let this = generation.get().wrapping_add(1);
        let current = {
            let generation = generation.clone();
            Box::new(move || generation.get() == this)
        };
        let task = request(current);
        generation.set(this);
        if !pending.get_untracked() {
            pending.set(true);
        }
        spawn_local(task);
    });
}

/// "Loading", the error, or the content: the one way pages show what they load.
pub fn loaded_view<T, V, F>(
    lang: RwSignal<Lang>,
    loaded: Loaded<Result<T, ApiError>>,
    content: F,
) -> AnyView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
{
    crate::dynamic::dynamic(move || {
        if loaded.pending.get() {
            return loading(lang);
        }
        match loaded.value.get() {
            None => loading(lang),
            Some(Err(error)) => load_error(lang.get(), &error).into_any(),
            Some(Ok(value)) => content(value).into_any(),
        }
    })
}

fn loading(lang: RwSignal<Lang>) -> AnyView {
    view! { <p>{tr(lang, Msg::Loading)}</p> }.into_any()
}
