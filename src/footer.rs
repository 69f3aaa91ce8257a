// SPDX-License-Identifier: EUPL-1.2
//! The footer on every page: the legal and accessibility pages of the municipality
//! (issue #18). The pages themselves are plain HTML the server writes from the
//! municipality's data (`central-api`'s `legal`), not part of this bundle
//! (docs/SIZE.md, docs/EMBEDDING.md): here only links.
//!
//! The links are absolute addresses of the portal's server, so the router never takes
//! them for its own routes, in any history mode: on the portal's own page they open the
//! page in place, in a host page they lead to the portal's origin, and in a frame they
//! open in the whole window (`target="_top"`: the pages may not be framed by others).

use crate::config::{self, Embedding};
use crate::i18n::{Msg, message, message_fn, use_lang};
use form_engine::Lang;
use leptos::prelude::*;

/// A legal page, by its path segment on the server.
#[derive(Clone, Copy)]
pub enum LegalPage {
    Imprint,
    Privacy,
    Accessibility,
    AccessibilityEasy,
}

impl LegalPage {
    fn slug(self) -> &'static str {
        match self {
            LegalPage::Imprint => "impressum",
            LegalPage::Privacy => "datenschutz",
            LegalPage::Accessibility => "barrierefreiheit",
            LegalPage::AccessibilityEasy => "leichte-sprache",
        }
    }

    fn msg(self) -> Msg {
        match self {
            LegalPage::Imprint => Msg::Imprint,
            LegalPage::Privacy => Msg::Privacy,
            LegalPage::Accessibility => Msg::Accessibility,
            LegalPage::AccessibilityEasy => Msg::AccessibilityEasy,
        }
    }
}

/// The address of `page` of the configured municipality (the server's default one
/// without), in `lang`.
pub fn legal_href(page: LegalPage, lang: Lang) -> String {
    let config = config::get();
    let own = config.ars.as_deref().filter(|_| !config.ars_is_home);
    page_address(&config.portal, own, page, lang)
}

fn page_address(portal: &str, ars: Option<&str>, page: LegalPage, lang: Lang) -> String {
    let municipality = ars.map(|ars| format!("/m/{ars}")).unwrap_or_default();
    let query = match lang {
        Lang::De => "",
        Lang::En => "?lang=en",
    };
    format!("{portal}{municipality}/{}{query}", page.slug())
}

/// A link to `page` that follows the language: the footer's, or (`new_tab`) one from
/// inside the application (the check page's privacy notice), which opens in a new tab
/// and says so, so that the citizen's page stays as it is. In a frame a footer link opens
/// in the whole window (`target="_top"`, see the module's header). One function and one
/// rebuilt part for every such link (docs/SIZE.md).
pub fn legal_link(lang: RwSignal<Lang>, page: LegalPage, new_tab: bool) -> AnyView {
    crate::reactive_view::dynamic(move || {
        let lang = lang.get();
        let framed = matches!(config::get().embedding, Embedding::Frame { .. });
        let (target, text) = if new_tab {
            (
                Some("_blank"),
                format!(
                    "{} {}",
                    message(lang, page.msg()),
                    message(lang, Msg::OpensInNewTab)
                ),
            )
        } else {
            (
                framed.then_some("_top"),
                message(lang, page.msg()).to_owned(),
            )
        };
        view! { <a href=legal_href(page, lang) target=target>{text}</a> }.into_any()
    })
}

#[component]
pub fn Footer() -> impl IntoView {
    let lang = use_lang();
    let item = move |page| view! { <li>{legal_link(lang, page, false)}</li> };
    view! {
        <footer class="site-footer">
            <nav class="site-footer__inner" aria-label=message_fn(lang, Msg::LegalNav)>
                <ul class="site-footer__links">
                    {item(LegalPage::Imprint)}
                    {item(LegalPage::Privacy)}
                    {item(LegalPage::Accessibility)}
                    {item(LegalPage::AccessibilityEasy)}
                </ul>
            </nav>
        </footer>
    }
}

#[cfg(test)]
mod tests {
    use super::{LegalPage, page_address};
    use form_engine::Lang;

    #[test]
    fn legal_pages_are_the_servers_of_the_configured_municipality() {
        assert_eq!(
            page_address("https://portal.example", None, LegalPage::Imprint, Lang::De),
            "https://portal.example/impressum"
        );
        assert_eq!(
            page_address(
                "https://portal.example/bp",
                Some("010510044044"),
                LegalPage::AccessibilityEasy,
                Lang::En
            ),
            "https://portal.example/bp/m/010510044044/leichte-sprache?lang=en"
        );
    }
}
