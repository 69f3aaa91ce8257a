// SPDX-License-Identifier: EUPL-1.2
//! Searching the Land's directory of places by postcode or name: one input and the
//! places found, each a button. The service page's place question and the
//! `municipality` field's control both use it; what choosing a place means is theirs.

use crate::api;
use crate::i18n::{Msg, message, use_lang};
use crate::pages::{load, load_error};
use api_types::Place;
use leptos::callback::Callable;
use leptos::prelude::*;

/// Everything a search needs from the page around it.
pub struct PlaceSearch {
    /// The input's id; its label (and heading) belong to the caller.
    pub id: String,
    /// What describes the input (hint, error), space-separated ids, and whether it is
    /// invalid, as the input is built (the caller keeps them in step afterwards).
    pub described_by: Option<String>,
    pub invalid: Option<&'static str>,
    /// The text in the input; the caller may preset it (the chosen place's name).
    pub query: RwSignal<String>,
    /// Whether the query is to be searched (not while it shows the chosen place).
    pub searching: Signal<bool>,
    pub on_input: Callback<String>,
    pub on_blur: Callback<()>,
    pub on_choose: Callback<Place>,
}

/// The input and, below it in a polite live region, the places found for it.
pub fn view(search: PlaceSearch) -> impl IntoView {
    let lang = use_lang();
    let PlaceSearch {
        id,
        described_by,
        invalid,
        query,
        searching,
        on_input,
        on_blur,
        on_choose,
    } = search;
    let asked = crate::reactive_view::memo(move || {
        let q = query.with(|q| q.trim().to_owned());
        (searching.get() && q.chars().count() >= 2).then_some(q)
    });
    let places = load(
        move || asked.get(),
        |q| async move {
            match q {
                Some(q) => api::fetch_places(&q).await,
                None => Ok(Vec::new()),
            }
        },
    );
    // A memo, so that the list is rebuilt only when it changes: a keyboard user who
    // tabbed to a place while the next answer came in keeps focus on it.
    let found = crate::reactive_view::memo(move || places.get());
    let results = crate::reactive_view::dynamic(move || {
        let lang = lang.get();
        if asked.with(Option::is_none) {
            return crate::reactive_view::nothing();
        }
        match found.get() {
            Some(Ok(list)) if list.is_empty() && !places.pending.get() => {
                view! { <p>{message(lang, Msg::PlaceNoMatch)}</p> }.into_any()
            }
            Some(Ok(list)) => {
                let items = list
                    .into_iter()
                    .map(|p| {
                        let label = format!("{} {}", p.postcode, p.name);
                        view! {
                            <li>
                                <button type="button" class="kern-btn kern-btn--tertiary" on:click=move |_| _ = on_choose.try_run(p.clone())>
                                    {label}
                                </button>
                            </li>
                        }
                    })
                    .collect::<Vec<_>>();
                view! { <ul class="place-list">{items}</ul> }.into_any()
            }
            Some(Err(error)) => load_error(lang, &error).into_any(),
            None => crate::reactive_view::nothing(),
        }
    });
    view! {
        <input
            id=id
            class="kern-form-input__input"
            type="search"
            autocomplete="postal-code"
            spellcheck="false"
            aria-describedby=described_by
            aria-invalid=invalid
            prop:value=move || query.get()
            // `try_run`: removing the focused input (the browser's Back) blurs it after its
            // owner, and the callbacks with it, are gone; `run` would abort the WASM then.
            on:input=move |ev| _ = on_input.try_run(event_target_value(&ev))
            on:blur=move |_| _ = on_blur.try_run(())
        />
        <div aria-live="polite">{results}</div>
    }
}
