// SPDX-License-Identifier: EUPL-1.2
//! The look of the municipality an embed or frame is configured for (issue #6): its
//! display name and logo in the header, its colours as the design tokens of the look
//! (CSS custom properties on the portal's root), set through the CSSOM, which the
//! Content-Security-Policy allows where it forbids style attributes.
//!
//! The API checks the colours against WCAG 2.1 AA and says so (`theme.contrast`): a theme
//! that fails is reported on the console and its colours are not used, the defaults stay.

use crate::config;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The header's name and logo URL (empty: the portal's own).
#[derive(Clone, Copy)]
pub struct Theme {
    pub name: RwSignal<String>,
    pub logo: RwSignal<String>,
}

/// The tokens a theme's primary colour stands for: actions (buttons, links) and focus.
pub(crate) const PRIMARY_TOKENS: [&str; 2] = [
    "--kern-color-action-default",
    "--kern-color-action-default-contextual",
];
/// The token of the secondary colour: the accent line under the header.
const SECONDARY_TOKEN: &str = "--bp-color-accent";

/// Loads the configured municipality's theme, if any, and applies it once it arrives.
pub fn provide() -> Theme {
    let theme = Theme {
        name: RwSignal::new(String::new()),
        logo: RwSignal::new(String::new()),
    };
    if let Some(ars) = config::get().ars.clone() {
        leptos::task::spawn_local(async move {
            match crate::api::fetch_theme(&ars).await {
                Ok(Some(found)) => apply(theme, found),
                Ok(None) => {}
                Err(_) => leptos::logging::warn!("Bürgerportal: the theme of {ars} did not load"),
            }
        });
    }
    theme
}

fn apply(theme: Theme, found: crate::api::MunicipalTheme) {
    theme.name.set(found.display_name);
    if let Some(logo) = found.logo_url {
        theme.logo.set(logo);
    }
    if !found.contrast_passes {
        leptos::logging::warn!(
            "Bürgerportal: the theme's colours fail WCAG 2.1 AA contrast; the default colours stay"
        );
        return;
    }
    let Some(root) = config::root() else { return };
    // In a shadow root the tokens derived from these (hover shades, mixed with
    // `color-mix`) are computed on the host element (`:host`, the stylesheet's `:root`): the
    // theme goes there too, or a themed button would hover in the default colour. The
    // host element is the embed's own (`<buergerportal-embed>`), not one of the page's.
    let target: web_sys::HtmlElement = match config::get().embedding {
        config::Embedding::Shadow => root
            .node
            .unchecked_ref::<web_sys::ShadowRoot>()
            .host()
            .unchecked_into(),
        _ => root.element,
    };
    let style = target.style();
    if let Some(primary) = &found.primary {
        for token in PRIMARY_TOKENS {
            let _ = style.set_property(token, primary);
        }
    }
    if let Some(secondary) = &found.secondary {
        let _ = style.set_property(SECONDARY_TOKEN, secondary);
    }
}
