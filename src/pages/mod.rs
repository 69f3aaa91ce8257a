// SPDX-License-Identifier: EUPL-1.2
//! One module per page outside the form journey.

pub mod catalogue;
pub mod not_found;
pub mod receipt;
pub mod service;

use crate::api::ApiError;
use crate::i18n::{Msg, message, message_fn};
use form_engine::Lang;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::any::Any;
use std::cell::Cell;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;

/// A part of a page that could not be loaded: what happened, as an alert (whole pages
/// show [`not_loaded`], which adds a heading and a way to try again).
pub fn load_error(lang: Lang, error: &ApiError) -> impl IntoView + use<> {
    view! { <div class="notice notice--error" role="alert"><p>{message(lang, error_msg(error))}</p></div> }
}

fn error_msg(error: &ApiError) -> Msg {
    match error {
        ApiError::Network => Msg::Offline,
        _ => Msg::LoadFailed,
    }
}

/// An answer of the API kept type-erased, so that the loading machinery below (signals,
/// effects, views) exists once rather than once per page's data type (docs/SIZE.md).
type Erased = Arc<dyn Any + Send + Sync>;

/// Data a page loads from the API: the latest answer (kept while a newer request runs)
/// and whether a request runs.
pub struct Loaded<T> {
    value: RwSignal<Option<Erased>>,
    pub pending: RwSignal<bool>,
    /// Flipped to ask again (the error's "Try again").
    retry: RwSignal<bool>,
    _type: PhantomData<fn() -> T>,
}

impl<T> Clone for Loaded<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Loaded<T> {}

impl<T: Clone + 'static> Loaded<T> {
    /// The latest answer (tracked).
    pub fn get(&self) -> Option<T> {
        self.value
            .with(|v| v.as_ref().and_then(|v| v.downcast_ref::<T>().cloned()))
    }
}

/// Runs `fetch` with what `source` reads, again whenever that changes; an answer that a
/// newer request has overtaken is dropped. (A plain effect instead of `LocalResource` and
/// `Suspense`: the same behaviour for these pages with less code, docs/SIZE.md.)
pub fn load<S, T, Fut>(
    source: impl Fn() -> S + 'static,
    fetch: impl Fn(S) -> Fut + 'static,
) -> Loaded<T>
where
    S: 'static,
    T: Send + Sync + 'static,
    Fut: Future<Output = T> + 'static,
{
    // Only this part depends on the types; the signals, the effect and the task are
    // compiled once.
    let (value, pending, retry) = run_requests(Box::new(move || {
        let request = fetch(source());
        Box::pin(async move { Arc::new(request.await) as Erased })
    }));
    Loaded {
        value,
        pending,
        retry,
        _type: PhantomData,
    }
}

/// Starts a request (reading its inputs, so the effect reruns when they change).
type Request = Box<dyn Fn() -> Pin<Box<dyn Future<Output = Erased>>>>;

/// The answer, whether a request runs, and what "Try again" flips.
type Signals = (RwSignal<Option<Erased>>, RwSignal<bool>, RwSignal<bool>);

fn run_requests(request: Request) -> Signals {
    let (value, pending, retry) = (
        RwSignal::new(None),
        RwSignal::new(true),
        RwSignal::new(false),
    );
    let generation = Rc::new(Cell::new(0u32));
    crate::reactive_view::effect(move || {
        retry.get();
        let this = generation.get().wrapping_add(1);
        let task = request();
        generation.set(this);
        if !pending.get_untracked() {
            pending.set(true);
        }
        let generation = generation.clone();
        spawn_local(async move {
            let answer = task.await;
            // Dropped if a newer request started meanwhile.
            if generation.get() == this {
                value.try_set(Some(answer));
                pending.try_set(false);
            }
        });
    });
    (value, pending, retry)
}

/// The content for an answer of the API (or its error), or `None` if it is not of the
/// expected type.
type Content = Box<dyn Fn(&Erased) -> Option<Result<AnyView, ApiError>> + Send + Sync>;

/// How a page shows what it loads ([`loaded_view`]).
#[derive(Clone, Copy)]
pub enum Shown {
    /// The page's content: it brings the page's `h1`, and so does the error; "loading"
    /// stands in for it while a request runs.
    Page,
    /// Results below the page's own `h1` and its search: the error brings no heading.
    /// While `kept` is true (the citizen refines the search the results were found
    /// for), the last results stay until newer ones arrive, so that a key typed does
    /// not replace the list by "loading" (which a screen reader would say at every key);
    /// otherwise (another topic, another language) "loading" stands in for them.
    Results { kept: Signal<bool> },
}

/// "Loading", the error, or the content: the one way pages show what they load. The
/// error offers to try again.
pub fn loaded_view<T, V, F>(
    lang: RwSignal<Lang>,
    loaded: Loaded<Result<T, ApiError>>,
    shown: Shown,
    content: F,
) -> AnyView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
{
    // Only the content depends on the page's type; errors are shown below, once.
    let content: Content = Box::new(move |answer| {
        Some(match answer.downcast_ref::<Result<T, ApiError>>()? {
            Ok(value) => Ok(content(value.clone()).into_any()),
            Err(error) => Err(error.clone()),
        })
    });
    loaded_view_erased(
        lang,
        loaded.value,
        loaded.pending,
        loaded.retry,
        shown,
        content,
    )
}

fn loaded_view_erased(
    lang: RwSignal<Lang>,
    value: RwSignal<Option<Erased>>,
    pending: RwSignal<bool>,
    retry: RwSignal<bool>,
    page: Shown,
    content: Content,
) -> AnyView {
    let (titled, kept) = match page {
        Shown::Page => (true, None),
        Shown::Results { kept } => (false, Some(kept)),
    };
    // A memo, so that the view is drawn again only when this changes: not when a request
    // starts or ends behind results that stay.
    let loading_now =
        crate::reactive_view::memo(move || pending.get() && !kept.is_some_and(|kept| kept.get()));
    crate::reactive_view::dynamic(move || {
        if loading_now.get() {
            return if titled {
                loading_page(lang)
            } else {
                loading(lang)
            };
        }
        let shown = value.get().and_then(|answer| content(&answer));
        if shown.is_some() {
            // After a navigation here, the heading the content brings takes the focus.
            crate::route::focus_heading_soon(true);
        }
        match shown {
            Some(Ok(view)) => view,
            // Results whose last request failed: "loading" while they are asked again.
            Some(Err(_)) if pending.get() => loading(lang),
            // The API knows nothing at this address (an unknown service id): the same
            // page as for an unknown path, not a loading failure to retry.
            Some(Err(ApiError::Problem { status: 404, .. })) => {
                view! { <not_found::NotFound/> }.into_any()
            }
            Some(Err(error)) => {
                let again = Box::new(move || {
                    crate::route::arrive_again();
                    retry.set(!retry.get_untracked());
                });
                not_loaded(lang, titled, error_msg(&error), again)
            }
            None if titled => loading_page(lang),
            None => loading(lang),
        }
    })
}

/// What a page shows where something it needs did not load, its data or a WASM chunk
/// (`chunk::when_loaded`): a heading where the page brings none of its own, what happened
/// (an alert) and a button that tries again. One view for both, so its code exists once.
pub fn not_loaded(
    lang: RwSignal<Lang>,
    titled: bool,
    what: Msg,
    again: Box<dyn Fn() + Send + Sync>,
) -> AnyView {
    if titled {
        crate::set_title_msg(lang, Msg::PageNotLoaded);
    }
    let heading = titled.then(|| {
        view! {
            <h1 class="kern-heading-large page-title" id=NOT_LOADED_ID tabindex="-1">
                {message_fn(lang, Msg::PageNotLoaded)}
            </h1>
        }
    });
    view! {
        {heading}
        <div class="notice notice--error" role="alert"><p>{message_fn(lang, what)}</p></div>
        <button type="button" class="kern-btn kern-btn--secondary" on:click=move |_| again()>
            {message_fn(lang, Msg::Retry)}
        </button>
    }
    .into_any()
}

/// The id of [`not_loaded`]'s heading.
pub const NOT_LOADED_ID: &str = "page-not-loaded";

/// [`loading`] standing in for a whole page: the document's title says so as well, rather
/// than naming the page the citizen has left (WCAG 2.4.2).
pub fn loading_page(lang: RwSignal<Lang>) -> AnyView {
    crate::set_title_msg(lang, Msg::Loading);
    loading(lang)
}

/// The one "loading" text of every page. A status (a polite live region): a screen reader
/// says it when a page takes long to load, where a sighted citizen sees it.
pub fn loading(lang: RwSignal<Lang>) -> AnyView {
    view! { <p role="status">{message_fn(lang, Msg::Loading)}</p> }.into_any()
}
