// SPDX-License-Identifier: EUPL-1.2
//! Start page: the municipality's services, searchable as the citizen types.

use crate::api::{self, DEFAULT_ARS};
use crate::i18n::{Msg, t, tr, use_lang};
use leptos::prelude::*;

#[component]
pub fn CataloguePage() -> impl IntoView {
    let lang = use_lang();
    let query = RwSignal::new(String::new());
    let catalogue = super::load(
        move || (query.get(), lang.get()),
        |(q, lang)| async move { api::fetch_catalogue(DEFAULT_ARS, &q, lang).await },
    );

    let results = super::loaded_view(lang, catalogue, move |catalogue| match catalogue {
        catalogue if catalogue.services.is_empty() => {
            view! { <p class="empty">{t(lang.get(), Msg::NoServicesFound)}</p> }.into_any()
        }
        catalogue => view! {
            <ul class="service-list">
                {catalogue.services.into_iter().map(|service| view! {
                    <li class="service-list__item">
                        <a class="service-list__link" href=format!("/services/{}", service.leika)>
                            {service.name}
                        </a>
                        <p class="service-list__summary">{service.summary}</p>
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any(),
    });
    let heading = move || {
        catalogue
            .value
            .get()
            .and_then(|r| r.ok())
            .map(|c| c.municipality.name)
            .unwrap_or_default()
    };

    view! {
        <h1 class="kern-heading-large page-title">
            {tr(lang, Msg::Services)}
            <span class="page-title__caption">{heading}</span>
        </h1>
        <form class="kern-form-input search" role="search" on:submit=|ev| ev.prevent_default()>
            <label class="kern-label" for="service-search">{tr(lang, Msg::SearchLabel)}</label>
            <p class="kern-hint" id="service-search-hint">{tr(lang, Msg::SearchHint)}</p>
            <input
                id="service-search"
                class="kern-form-input__input"
                type="search"
                autocomplete="off"
                aria-describedby="service-search-hint"
                prop:value=move || query.get()
                on:input=move |ev| query.set(event_target_value(&ev))
            />
        </form>
        <div aria-live="polite">
            {results}
        </div>
    }
}
