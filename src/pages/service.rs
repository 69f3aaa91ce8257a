// SPDX-License-Identifier: EUPL-1.2
//! Service page: what the service is, what it costs, what to have ready, and the way in.

use crate::api;
use crate::i18n::{Msg, t, tr, use_lang};
use leptos::prelude::*;

#[component]
pub fn ServicePage() -> impl IntoView {
    let lang = use_lang();
    let leika = crate::path_param(crate::Page::Service, 1);
    let service = super::load(
        move || (leika.get(), lang.get()),
        |(leika, lang)| async move { api::fetch_service(&leika, lang).await },
    );

    let content = super::loaded_view(lang, service, move |service| {
        let lang = lang.get();
        {
            {
                let start = match (&service.form, &service.external_url) {
                    (Some(_), _) => view! {
                        <a class="kern-btn kern-btn--primary" href=format!("/services/{}/form/1", service.leika)>
                            {t(lang, Msg::StartApplication)}
                        </a>
                    }
                    .into_any(),
                    (None, Some(url)) => view! {
                        <a class="kern-btn kern-btn--primary" href=url.clone() rel="noopener noreferrer">
                            {t(lang, Msg::ExternalService)}
                        </a>
                    }
                    .into_any(),
                    (None, None) => view! { <p>{t(lang, Msg::FormUnavailable)}</p> }.into_any(),
                };
                view! {
                    <h1 class="kern-heading-large page-title">{service.name}</h1>
                    <p class="lead">{service.summary}</p>
                    <p>{service.description}</p>
                    <dl class="facts">
                        <dt>{t(lang, Msg::Fees)}</dt><dd>{service.fees}</dd>
                        <dt>{t(lang, Msg::ProcessingTime)}</dt><dd>{service.processing_time}</dd>
                        <dt>{t(lang, Msg::LegalBasis)}</dt><dd>{service.legal_basis}</dd>
                    </dl>
                    <h2>{t(lang, Msg::Documents)}</h2>
                    <ul>{service.documents.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}</ul>
                    {start}
                }
            }
        }
    });

    view! {
        <p><a href="/" class="kern-link back-link">{tr(lang, Msg::BackToServices)}</a></p>
        {content}
    }
}
