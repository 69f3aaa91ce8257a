// SPDX-License-Identifier: EUPL-1.2
//! Start page: the municipality's services, searchable as the citizen types.

use crate::api::{self, DEFAULT_ARS};
use crate::i18n::{Msg, t, use_lang};
use leptos::prelude::*;

#[component]
pub fn CataloguePage() -> impl IntoView {
    let lang = use_lang();
    let query = RwSignal::new(String::new());
    let catalogue = LocalResource::new(move || {
        let (q, lang) = (query.get(), lang.get());
        async move { api::fetch_catalogue(DEFAULT_ARS, &q, lang).await }
    });

    let results = move || {
        catalogue.get().map(|result| match result {
            Err(error) => super::load_error(lang.get(), &error).into_any(),
            Ok(catalogue) if catalogue.services.is_empty() => {
                view! { <p class="empty">{t(lang.get(), Msg::NoServicesFound)}</p> }.into_any()
            }
            Ok(catalogue) => view! {
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
        })
    };
    let heading = move || {
        catalogue
            .get()
            .and_then(|r| r.ok())
            .map(|c| c.municipality.name)
            .unwrap_or_default()
    };

    view! {
        <h1 class="page-title">
            {move || t(lang.get(), Msg::Services)}
            <span class="page-title__caption">{heading}</span>
        </h1>
        <form class="search" role="search" on:submit=|ev| ev.prevent_default()>
            <label class="label" for="service-search">{move || t(lang.get(), Msg::SearchLabel)}</label>
            <p class="hint" id="service-search-hint">{move || t(lang.get(), Msg::SearchHint)}</p>
            <input
                id="service-search"
                class="input"
                type="search"
                autocomplete="off"
                aria-describedby="service-search-hint"
                prop:value=move || query.get()
                on:input=move |ev| query.set(event_target_value(&ev))
            />
        </form>
        <div aria-live="polite">
            <Suspense fallback=move || view! { <p>{t(lang.get(), Msg::Loading)}</p> }>
                {results}
            </Suspense>
        </div>
    }
}
