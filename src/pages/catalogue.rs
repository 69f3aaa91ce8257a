// SPDX-License-Identifier: EUPL-1.2
//! Start page: the municipality's services, searchable as the citizen types, by topic
//! (categories and life situations, as links so that back and forward work) and the
//! most used ones first.

use crate::api::{self, CatalogueQuery, DEFAULT_ARS};
use crate::i18n::{Msg, message, message_fn, use_lang};
use crate::route::{self, Route};
use crate::text_element::text_element;
use api_types::{ServiceSummary, Topic};
use form_engine::Lang;
use leptos::prelude::*;

/// What a list of results was found for besides the search text: its topic and language.
/// Results for the same topic and language stay while only the text is refined.
type ResultsFor = (Option<String>, Option<String>, Lang);

fn results_for(query: &CatalogueQuery, lang: Lang) -> ResultsFor {
    (query.category.clone(), query.life_situation.clone(), lang)
}

#[component]
pub fn CataloguePage() -> impl IntoView {
    let lang = use_lang();
    crate::set_title_msg(lang, Msg::Services);
    let nav = route::use_nav();
    let url = nav.url;
    // The search text lives in the app URL (`?q=`), beside the topic: Back, Forward and
    // Reload bring it back.
    let query = crate::reactive_view::memo(move || {
        url.with(|url| {
            let q = route::query(url);
            CatalogueQuery {
                text: search_text(url),
                category: crate::config::query_param(q, "category"),
                life_situation: crate::config::query_param(q, "life_situation"),
            }
        })
    });
    let ars = crate::config::get()
        .ars
        .clone()
        .unwrap_or_else(|| DEFAULT_ARS.to_owned());
    let catalogue = super::load(
        move || (query.get(), lang.get()),
        move |(q, lang)| {
            let ars = ars.clone();
            async move { api::fetch_catalogue(&ars, &q, lang).await }
        },
    );

    // The topic and language of the results shown: while only the search text changes,
    // they stay until the newer results arrive.
    let shown_for = StoredValue::new(None::<ResultsFor>);
    let kept = Signal::derive(move || {
        let now = query.with(|q| results_for(q, lang.get()));
        shown_for.with_value(|shown| shown.as_ref() == Some(&now))
    });
    let shown = super::Shown::Results { kept };
    let results = super::loaded_view(lang, catalogue, shown, move |catalogue| {
        // Not tracked: a new language asks for the answer again, which draws this
        // anew; tracked, the old answer would be drawn in the new language first.
        let lang = lang.get_untracked();
        let query = query.get_untracked();
        shown_for.set_value(Some(results_for(&query, lang)));
        // How many services a search found, said by the status below the search (the
        // list itself is no live region, which would read all of it out at every key).
        let filtered = query.category.is_some() || query.life_situation.is_some();
        // The topic the list is filtered by, named as a heading with a way back.
        let topic_name = |topics: &[Topic], id: &Option<String>| {
            id.as_ref()
                .and_then(|id| topics.iter().find(|t| t.id == *id))
                .map(|t| t.name.clone())
        };
        let topic = topic_name(&catalogue.categories, &query.category)
            .or_else(|| topic_name(&catalogue.life_situations, &query.life_situation));
        // A topic the catalogue does not have (an old or mistyped link).
        let unknown_topic = filtered && topic.is_none();
        let found = match catalogue.services.len() {
            // A topic that is not there is said below, once, not by the search's status.
            _ if query.text.trim().is_empty() || unknown_topic => String::new(),
            0 => message(lang, Msg::NoServicesFound).to_owned(),
            n => message(lang, Msg::ServicesFound).replace("{n}", &n.to_string()),
        };
        set_text(FOUND_ID, &found);
        set_text(MUNICIPALITY_ID, &catalogue.municipality.name);
        // An unknown topic is said to be so, not shown as an empty heading over "try
        // another search term".
        let filter = topic
            .or_else(|| unknown_topic.then(|| message(lang, Msg::UnknownTopic).to_owned()))
            .map(|name| {
                view! {
                    <h2 class="catalogue__heading">{name}</h2>
                    <p><a href=Route::Catalogue.href()>{message(lang, Msg::AllServices)}</a></p>
                }
            });
        let start = (!filtered && query.text.trim().is_empty()).then(|| {
            let popular: Vec<ServiceSummary> = catalogue
                .services
                .iter()
                .filter(|s| s.popular)
                .cloned()
                .collect();
            view! {
                {(!popular.is_empty()).then(|| view! {
                    <h2 class="catalogue__heading">{message(lang, Msg::Popular)}</h2>
                    {service_list(popular)}
                })}
                <div class="topics">
                    {topic_list(lang, Msg::Categories, "category", catalogue.categories.clone())}
                    {topic_list(lang, Msg::LifeSituations, "life_situation", catalogue.life_situations.clone())}
                </div>
                <h2 class="catalogue__heading">{message(lang, Msg::AllServices)}</h2>
            }
        });
        let list = if unknown_topic {
            ().into_any()
        } else if catalogue.services.is_empty() {
            view! { <p class="empty">{message(lang, Msg::NoServicesFound)}</p> }.into_any()
        } else {
            service_list(catalogue.services).into_any()
        };
        view! { {filter} {start} {list} }
    });
    // Typing replaces the history entry: one entry for the search, not one per key. The
    // topic the list is filtered by stays.
    let search = move |ev| {
        let text = event_target_value(&ev);
        let text = (!text.is_empty()).then_some(text.as_str());
        let query =
            url.with_untracked(|url| crate::config::with_query_param(route::query(url), "q", text));
        nav.replace(&format!("{}{query}", Route::Catalogue.path()));
    };

    view! {
        <h1 class="kern-heading-large page-title" tabindex="-1">
            {message_fn(lang, Msg::Services)}
            {text_element(
                "span",
                vec![("class", "page-title__caption".into()), ("id", MUNICIPALITY_ID.into())],
                "",
            )}
        </h1>
        <form class="kern-form-input search" role="search" on:submit=|ev| ev.prevent_default()>
            <label class="kern-label" for="service-search">{message_fn(lang, Msg::SearchLabel)}</label>
            <p class="kern-hint" id="service-search-hint">{message_fn(lang, Msg::SearchHint)}</p>
            <input
                id="service-search"
                class="kern-form-input__input"
                type="search"
                autocomplete="off"
                aria-describedby="service-search-hint"
                prop:value=move || url.with(|url| search_text(url))
                on:input=search
            />
            {text_element(
                "p",
                vec![
                    ("id", FOUND_ID.into()),
                    ("class", "visually-hidden".into()),
                    ("role", "status".into()),
                ],
                "",
            )}
        </form>
        {results}
    }
}

// Texts the answer sets where they stand: no reactive text node of their own, and the
// status is there before it speaks (a live region added with its text is not read).
const FOUND_ID: &str = "services-found";
const MUNICIPALITY_ID: &str = "catalogue-municipality";

fn set_text(id: &str, text: &str) {
    if let Some(element) = crate::in_portal::by_id(id) {
        element.set_text_content(Some(text));
    }
}

/// The search text in an app URL (`?q=`).
fn search_text(url: &str) -> String {
    crate::config::query_param(route::query(url), "q").unwrap_or_default()
}

fn service_list(services: Vec<ServiceSummary>) -> impl IntoView {
    view! {
        <ul class="service-list">
            {services.into_iter().map(|service| view! {
                <li class="service-list__item">
                    <a class="service-list__link" href=Route::Service { leika: service.leika }.href()>
                        {service.name}
                    </a>
                    <p class="service-list__summary">{service.summary}</p>
                </li>
            }).collect_view()}
        </ul>
    }
}

/// Categories or life situations as links that filter the list.
fn topic_list(lang: Lang, title: Msg, param: &'static str, topics: Vec<Topic>) -> impl IntoView {
    (!topics.is_empty()).then(|| {
        let links = topics
            .into_iter()
            .map(|topic| {
                let href = route::href(&format!(
                    "{}?{param}={}",
                    Route::Catalogue.path(),
                    js_sys::encode_uri_component(&topic.id)
                ));
                view! { <li><a href=href>{topic.name}</a></li> }
            })
            .collect_view();
        view! {
            <nav class="topic-list" aria-label=message(lang, title)>
                <h2 class="topic-list__title">{message(lang, title)}</h2>
                <ul>{links}</ul>
            </nav>
        }
    })
}
