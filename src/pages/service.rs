// SPDX-License-Identifier: EUPL-1.2
//! Service page: what the service is, what it costs, what to have ready, who is
//! responsible (asking for the place first where that decides it), and the way in.

use crate::api::{self, ApiError};
use crate::i18n::{Msg, message, message_fn, use_lang};
use crate::place::{self, ChosenPlace};
use crate::place_search;
use crate::route::{FormAt, Route};
use api_types::{Place, ServiceDetail};
use form_engine::Lang;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn ServicePage() -> impl IntoView {
    let lang = use_lang();
    let leika = crate::route::param(|route| match route {
        Route::Service { leika } => Some(leika.clone()),
        _ => None,
    });
    let service = super::load(
        move || (leika.get(), lang.get()),
        |(leika, lang)| async move { api::fetch_service(&leika, lang).await },
    );

    let content = super::loaded_view(
        lang,
        service,
        super::Shown::Page,
        move |service: ServiceDetail| {
            let name = service.name.clone();
            crate::set_title(Box::new(move || form_engine::isolated(&name).into_owned()));
            // Not tracked: a new language asks for the answer again, which draws this
            // anew; tracked, the old answer would be drawn in the new language first.
            let lang = lang.get_untracked();
            let external_url = api::web_link(service.external_url.clone());
            if service.form.is_some() {
                crate::form::prepare_start(service.leika.clone());
            }
            let start = match (&service.form, &external_url) {
            (Some(_), _) if service.needs_place() => {
                view! { <PlaceQuestion leika=service.leika.clone()/> }.into_any()
            }
            (Some(_), _) => start_button(lang, &service.leika).into_any(),
            (None, Some(url)) => view! {
                <a class="kern-btn kern-btn--primary" href=url.clone() rel="noopener noreferrer">
                    {message(lang, Msg::ExternalService)}
                </a>
            }
            .into_any(),
            (None, None) => view! { <p>{message(lang, Msg::FormUnavailable)}</p> }.into_any(),
        };
            view! {
                <h1 class="kern-heading-large page-title" tabindex="-1">{service.name}</h1>
                <p class="lead">{service.summary}</p>
                <p>{service.description}</p>
                <dl class="facts">
                    {service.provider.map(|provider| view! {
                        <dt>{message(lang, Msg::OfferedBy)}</dt><dd>{provider.name}</dd>
                    })}
                    <dt>{message(lang, Msg::Fees)}</dt><dd>{service.fees}</dd>
                    <dt>{message(lang, Msg::ProcessingTime)}</dt><dd>{service.processing_time}</dd>
                    <dt>{message(lang, Msg::LegalBasis)}</dt><dd>{service.legal_basis}</dd>
                </dl>
                <h2>{message(lang, Msg::Documents)}</h2>
                {documents(lang, service.documents, service.documents_separately)}
                {start}
            }
        },
    );

    view! {
        <p><a href=Route::Catalogue.href() class="back-link">{message_fn(lang, Msg::BackToServices)}</a></p>
        {content}
    }
}

/// The documents to have ready; those the form has no upload for are marked, with a note
/// on how to hand them in.
fn documents(lang: Lang, documents: Vec<String>, separately: Vec<String>) -> impl IntoView {
    let note = (!separately.is_empty()).then(
        || view! { <p class="documents-note">{message(lang, Msg::DocumentsSeparatelyNote)}</p> },
    );
    let items = documents
        .into_iter()
        .map(|d| {
            let mark = separately.contains(&d).then(|| {
                view! { " "<span class="document-separately">"("{message(lang, Msg::DocumentSeparately)}")"</span> }
            });
            view! { <li>{d}{mark}</li> }
        })
        .collect_view();
    view! {
        <ul class="documents">{items}</ul>
        {note}
    }
}

/// Where "Start application" leads: the form's first step.
fn first_step(leika: &str) -> Route {
    Route::FormStep {
        form: FormAt::Service {
            leika: leika.to_owned(),
        },
        step: 1,
    }
}

fn start_button(lang: Lang, leika: &str) -> impl IntoView + use<> {
    view! {
        <a class="kern-btn kern-btn--primary" href=first_step(leika).href()>
            {message(lang, Msg::StartApplication)}
        </a>
    }
}

/// "Which place is your application for?": places by postcode or name, then the
/// authority the routing names for the chosen one, then the start button.
#[component]
fn PlaceQuestion(leika: String) -> impl IntoView {
    let lang = use_lang();
    let chosen = RwSignal::new(place::chosen(&leika));
    let query = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Msg>);
    let choose = {
        let leika = leika.clone();
        Callback::new(move |p: Place| {
            let leika = leika.clone();
            problem.set(None);
            spawn_local(async move {
                match api::fetch_destination(&leika, &p.ars, lang.get_untracked()).await {
                    Ok(Some(authority)) => {
                        let place = ChosenPlace {
                            ars: p.ars,
                            name: format!("{} {}", p.postcode, p.name),
                            authority,
                        };
                        place::remember(&leika, &place);
                        chosen.set(Some(place));
                        crate::form::focus_soon("place-result");
                    }
                    Ok(None) => problem.set(Some(Msg::NoAuthority)),
                    Err(ApiError::Network) => problem.set(Some(Msg::Offline)),
                    Err(_) => problem.set(Some(Msg::LoadFailed)),
                }
            });
        })
    };
    let forget = {
        let leika = leika.clone();
        move |_| {
            place::forget(&leika);
            chosen.set(None);
            crate::form::focus_soon("place-search");
        }
    };
    // The question, built each time it is shown (again after "choose another place");
    // the search text lives in `query`, so it is kept.
    let question_view = move || {
        let search = place_search::view(place_search::PlaceSearch {
            id: "place-search".into(),
            described_by: Some("place-search-hint".to_owned()),
            invalid: None,
            query,
            searching: Signal::derive(|| true),
            on_input: Callback::new(move |text| query.set(text)),
            on_blur: Callback::new(|()| {}),
            on_choose: choose,
        });
        let problem_view = crate::reactive_view::dynamic(move || match problem.get() {
            Some(m) => view! { <p class="kern-error">{message(lang.get(), m)}</p> }.into_any(),
            None => crate::reactive_view::nothing(),
        });
        view! {
            <div class="place-question">
                <h2><label for="place-search">{message_fn(lang, Msg::PlaceQuestion)}</label></h2>
                <p class="kern-hint" id="place-search-hint">{message_fn(lang, Msg::PlaceHint)}</p>
                {search}
                <div aria-live="polite">{problem_view}</div>
            </div>
        }
        .into_any()
    };
    let leika_for_start = leika.clone();
    let result = crate::reactive_view::dynamic(move || match chosen.get() {
        Some(place) => {
            let lang = lang.get();
            // A place kept before contacts were has none: the authority's name only.
            let contact = (!place.authority.address.street.is_empty()).then(|| {
                view! { <dt>{message(lang, Msg::Contact)}</dt><dd class="contact">{api::contact_lines(&place.authority, lang)}</dd> }
            });
            view! {
                <div class="place-result" id="place-result" tabindex="-1">
                    <dl class="facts">
                        <dt>{message(lang, Msg::PlaceQuestion)}</dt>
                        <dd>{place.name}</dd>
                        <dt>{message(lang, Msg::ResponsibleAuthority)}</dt>
                        <dd>{place.authority.name}</dd>
                        {contact}
                    </dl>
                    <p>
                        <button type="button" class="kern-btn kern-btn--tertiary" on:click=forget.clone()>
                            {message(lang, Msg::OtherPlace)}
                        </button>
                    </p>
                    {start_button(lang, &leika_for_start)}
                </div>
            }
            .into_any()
        }
        None => crate::reactive_view::nothing(),
    });
    let asking = move || chosen.with(Option::is_none);
    let question = crate::reactive_view::shown_if(asking, question_view);
    vec![question, result]
}
