// SPDX-License-Identifier: EUPL-1.2
//! A municipality, found in the Land's directory by postcode or name
//! (`crate::place_search`); the answer is the chosen place's ARS and name. Where the
//! answer decides the competent authority (issue #18), the authority is shown once a
//! place is chosen, and a place for which the service is not offered is not taken.

use super::{Control, Frame};
use crate::api::{self, ApiError};
use crate::i18n::{Msg, message};
use crate::pages::load;
use crate::place_search::{self, PlaceSearch};
use api_types::Place;
use form_engine::AnswerValue;
use form_engine::field_types::MunicipalityField;
use form_engine::field_types::municipality::{answer, chosen};
use leptos::prelude::*;
use leptos::task::spawn_local;

pub(super) fn view(frame: &Frame, field: &MunicipalityField) -> Control {
    let session = frame.session;
    let (answers, lang, touch) = (session.answers, frame.lang, frame.touch);
    let path = frame.path.to_owned();
    let dom_id = frame.dom_id.to_owned();
    // The preview has no service to route: its answer is taken as it is.
    let decides = field.decides_authority && !session.is_preview();
    let leika = session.leika().to_owned();

    let place = {
        let path = path.clone();
        crate::reactive_view::memo(move || {
            answers.with(|a| match a.get_path(&path) {
                Some(AnswerValue::Map(parts)) => {
                    chosen(parts).map(|(ars, name)| (ars.to_owned(), name.to_owned()))
                }
                _ => None,
            })
        })
    };
    // The chosen place's name, else what was typed before the step's fields were built
    // anew (a language switch), else nothing.
    let query = RwSignal::new(
        place
            .get_untracked()
            .map(|(_, name)| name)
            .or_else(|| typed_at(&path))
            .unwrap_or_default(),
    );
    let problem = RwSignal::new(None::<Msg>);

    let set_answer = {
        let path = path.clone();
        move |value: Option<AnswerValue>| answers.update(|a| _ = a.set_path(&path, value))
    };
    // Typing again means looking for another place: the old answer no longer holds.
    let on_input = {
        let (set_answer, path) = (set_answer.clone(), path.clone());
        Callback::new(move |text: String| {
            keep_typed(Some((path.clone(), text.clone())));
            query.set(text);
            problem.set(None);
            if place.with_untracked(Option::is_some) {
                set_answer(None);
            }
        })
    };
    let on_choose = {
        let dom_id = dom_id.clone();
        Callback::new(move |p: Place| {
            let name = format!("{} {}", p.postcode, p.name);
            let (set_answer, leika, dom_id) = (set_answer.clone(), leika.clone(), dom_id.clone());
            problem.set(None);
            let ars = p.ars.clone();
            let take = move || {
                keep_typed(None);
                query.set(name.clone());
                set_answer(Some(answer(&ars, &name)));
                touch.run(());
                // The list and the button pressed are gone: back to the input.
                crate::form::focus_soon(&dom_id);
            };
            if !decides {
                take();
                return;
            }
            spawn_local(async move {
                match api::fetch_destination(&leika, &p.ars, lang.get_untracked()).await {
                    Ok(Some(_)) => take(),
                    Ok(None) => problem.set(Some(Msg::NoAuthority)),
                    Err(ApiError::Network) => problem.set(Some(Msg::Offline)),
                    Err(_) => problem.set(Some(Msg::LoadFailed)),
                }
            });
        })
    };

    let search = place_search::view(PlaceSearch {
        id: dom_id.clone(),
        described_by: frame.described_by.clone(),
        invalid: frame.invalid,
        query,
        searching: Signal::derive(move || place.with(Option::is_none)),
        on_input,
        // Leaving the input for the list of places is part of answering: an error shown
        // then would push the list down under the pointer and the choice would be lost.
        // The field counts as answered once a place is chosen (or at "Next").
        on_blur: Callback::new(|()| {}),
        on_choose,
    })
    .into_any();

    // Where the answer decides, the authority it leads to, in a polite live region.
    let authority = decides.then(|| {
        let leika = session.leika().to_owned();
        let destination = load(
            move || (place.get().map(|(ars, _)| ars), lang.get()),
            move |(ars, lang)| {
                let leika = leika.clone();
                async move {
                    match ars {
                        Some(ars) => api::fetch_destination(&leika, &ars, lang)
                            .await
                            .ok()
                            .flatten(),
                        None => None,
                    }
                }
            },
        );
        move || {
            let lang = lang.get();
            // Not the last place's authority while the new one's is asked for.
            let current = !destination.pending.get();
            let shown = place
                .get()
                .and(destination.get().flatten())
                .filter(|_| current);
            shown.map(|d| {
                view! {
                    <p class="municipality__authority">
                        {message(lang, Msg::ResponsibleAuthority)}": "<strong>{d.name}</strong>
                    </p>
                }
            })
        }
    });
    let problem_view = move || {
        problem
            .get()
            .map(|m| view! { <p class="kern-error">{message(lang.get(), m)}</p> })
    };
    Control::labelled(
        view! {
            <div class="municipality">
                {search}
                <div aria-live="polite">{authority}{problem_view}</div>
            </div>
        }
        .into_any(),
    )
}

thread_local! {
    /// The text last typed into a municipality field while no place was chosen, by answer
    /// path: not an answer, but kept when a language switch builds the step's fields
    /// anew. Forgotten when a place is chosen, when a form's session starts (so it is
    /// always the current form's), when a group gains or loses an item (its items' paths
    /// shift), after sending, and by "delete my data". A plain cell rather than a field
    /// of the form's session: a reactive store of its own type cost the bundle twice as
    /// much (docs/SIZE.md, session 22).
    static TYPED: std::cell::RefCell<Option<(String, String)>> = const { std::cell::RefCell::new(None) };
}

/// Forgets the text kept (see `TYPED`).
pub(crate) fn forget_typed_places() {
    keep_typed(None);
}

fn keep_typed(typed: Option<(String, String)>) {
    TYPED.with(|t| *t.borrow_mut() = typed);
}

fn typed_at(key: &str) -> Option<String> {
    TYPED.with(|t| {
        t.borrow()
            .as_ref()
            .filter(|(at, _)| at == key)
            .map(|(_, text)| text.clone())
    })
}
