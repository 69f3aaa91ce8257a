// SPDX-License-Identifier: EUPL-1.2
//! "Einbinden / Embed" (`/preview/embed`, [`crate::route::Route::EmbedGuide`]; the server
//! answers every path below `/preview/` with the preview's `index.html`): how a municipality puts the portal on its own
//! website (issue #6), with a generator for the snippet, the attributes of
//! `<buergerportal-embed>` and what the host page's Content-Security-Policy needs.
//!
//! Every text here is a Leptos text node (escaped by the DOM); the generated snippet
//! escapes its attribute values itself, so it stays valid HTML whatever is typed.

use super::fetch_text;
use super::texts::{P, pt, ptr};
use crate::i18n::use_lang;
use crate::text_element::escape_html;
use form_engine::Lang;
use leptos::prelude::*;

/// How the portal is mounted into the host page.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    Shadow,
    Iframe,
}

/// Where the portal keeps its route.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum EmbedHistory {
    Memory,
    Hash,
}

impl Mode {
    fn attr(self) -> &'static str {
        match self {
            Mode::Shadow => "shadow",
            Mode::Iframe => "iframe",
        }
    }
}

impl EmbedHistory {
    fn attr(self) -> &'static str {
        match self {
            EmbedHistory::Memory => "memory",
            EmbedHistory::Hash => "hash",
        }
    }
}

/// What the generator's fields say.
#[derive(Clone, PartialEq, Debug)]
pub struct EmbedOptions {
    pub ars: String,
    /// As typed: LeiKa ids separated by commas (and spaces).
    pub services: String,
    pub lang: Lang,
    pub mode: Mode,
    pub history: EmbedHistory,
    /// As typed; empty: the catalogue.
    pub start: String,
    /// Accessible name of the frame (iframe mode); empty: the default.
    pub title: String,
}

/// The LeiKa ids typed, without blanks and empty entries.
pub fn service_ids(typed: &str) -> Vec<String> {
    typed
        .split([',', ';', ' ', '\n', '\t'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A LeiKa key is 14 digits.
pub fn is_leika(id: &str) -> bool {
    id.len() == 14 && id.bytes().all(|b| b.is_ascii_digit())
}

/// The snippet for a host page: the script from this portal's origin and the element
/// with the chosen attributes (defaults written out, empty optional ones left away).
pub fn snippet(origin: &str, o: &EmbedOptions) -> String {
    let mut attrs: Vec<(&str, String)> = vec![("ars", o.ars.trim().to_string())];
    let services = service_ids(&o.services);
    if !services.is_empty() {
        attrs.push(("services", services.join(",")));
    }
    attrs.push(("lang", crate::i18n::tag(o.lang).to_string()));
    attrs.push(("mode", o.mode.attr().to_string()));
    attrs.push(("history", o.history.attr().to_string()));
    let start = o.start.trim();
    if !start.is_empty() {
        let start = if start.starts_with('/') {
            start.to_string()
        } else {
            format!("/{start}")
        };
        attrs.push(("start", start));
    }
    if o.mode == Mode::Iframe && !o.title.trim().is_empty() {
        attrs.push(("title", o.title.trim().to_string()));
    }
    let attrs: String = attrs
        .iter()
        .map(|(name, value)| format!(" {name}=\"{}\"", escape_html(value)))
        .collect();
    format!(
        "<script type=\"module\" src=\"{}/embed.js\"></script>\n<buergerportal-embed{attrs}></buergerportal-embed>",
        escape_html(origin)
    )
}

/// The sources the host page's Content-Security-Policy must allow (`api`: the API's
/// origin, by default the portal's).
pub fn csp_sources(origin: &str, api: &str, mode: Mode) -> Vec<String> {
    // The WASM is fetched (connect-src) from the portal, the data from the API.
    let connect = if origin == api {
        origin.to_owned()
    } else {
        format!("{origin} {api}")
    };
    let mut lines = vec![
        format!("script-src {origin} 'wasm-unsafe-eval'"),
        format!("connect-src {connect}"),
        format!("style-src {origin}"),
        format!("font-src {origin}"),
        format!("img-src {api}"),
    ];
    if mode == Mode::Iframe {
        lines.push(format!("frame-src {origin}"));
    }
    lines
}

/// A municipality as the generator offers it.
#[derive(Clone, PartialEq)]
struct Municipality {
    ars: String,
    name: String,
    allowed_origins: Vec<String>,
}

async fn fetch_municipalities() -> Vec<Municipality> {
    let Ok(text) = fetch_text("/api/municipalities").await else {
        return Vec::new();
    };
    let Ok(serde_json::Value::Array(list)) = serde_json::from_str(&text) else {
        return Vec::new();
    };
    list.iter()
        .map(|m| Municipality {
            ars: m["ars"].as_str().unwrap_or_default().to_string(),
            name: m["name"].as_str().unwrap_or_default().to_string(),
            allowed_origins: m["allowed_origins"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|o| o.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect()
}

/// `navigator.clipboard.writeText(text)`, looked up by name: web-sys's `Clipboard`
/// feature would change the dependency graph's hashes and so the citizen's WASM.
fn write_clipboard(text: &str) -> Option<js_sys::Promise> {
    use wasm_bindgen::JsCast;
    let navigator = window().navigator();
    let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into()).ok()?;
    let write: js_sys::Function = js_sys::Reflect::get(&clipboard, &"writeText".into())
        .ok()?
        .dyn_into()
        .ok()?;
    write.call1(&clipboard, &text.into()).ok()?.dyn_into().ok()
}

#[derive(Clone, Copy, PartialEq)]
enum Copied {
    Not,
    Yes,
    Failed,
}

/// A group of radio buttons bound to `value`.
fn radios<T: Copy + PartialEq + Send + Sync + 'static>(
    lang: RwSignal<Lang>,
    name: &'static str,
    legend: P,
    value: RwSignal<T>,
    options: Vec<(T, P, &'static str)>,
) -> impl IntoView {
    let items = options
        .into_iter()
        .map(|(v, label, id)| {
            view! {
                <div class="kern-form-check">
                    <input class="kern-form-check__radio" type="radio" name=name id=id
                        prop:checked=move || value.get() == v on:change=move |_| value.set(v)/>
                    <label class="kern-label" for=id>{ptr(lang, label)}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset class="kern-fieldset">
            <legend class="kern-label">{ptr(lang, legend)}</legend>
            <div class="kern-fieldset__body">{items}</div>
        </fieldset>
    }
}

#[component]
pub fn EmbedPage() -> impl IntoView {
    let lang = use_lang();
    // The portal's origin, and where its files and API are: under `--base-path` and with
    // `--api-url` the server names them in this page's meta tags.
    let origin = window().location().origin().unwrap_or_default();
    let page = crate::config::from_page();
    let portal = format!("{origin}{}", page.base);
    let api = if page.api.is_empty() {
        origin.clone()
    } else {
        page.api.clone()
    };

    let municipalities = RwSignal::new(Vec::<Municipality>::new());
    let ars = RwSignal::new(String::new());
    let services = RwSignal::new(String::new());
    let embed_lang = RwSignal::new(Lang::De);
    let mode = RwSignal::new(Mode::Shadow);
    let history = RwSignal::new(EmbedHistory::Memory);
    let start = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let copied = RwSignal::new(Copied::Not);
    leptos::task::spawn_local(async move {
        let list = fetch_municipalities().await;
        if ars.get_untracked().is_empty()
            && let Some(first) = list.first()
        {
            ars.set(first.ars.clone());
        }
        municipalities.set(list);
    });

    let options = move || EmbedOptions {
        ars: ars.get(),
        services: services.get(),
        lang: embed_lang.get(),
        mode: mode.get(),
        history: history.get(),
        start: start.get(),
        title: title.get(),
    };
    let code = Memo::new(move |_| snippet(&portal, &options()));
    // A changed snippet has not been copied yet.
    Effect::new(move |_| {
        code.track();
        copied.set(Copied::Not);
    });
    let copy = move |_| {
        let text = code.get_untracked();
        leptos::task::spawn_local(async move {
            let done = match write_clipboard(&text) {
                Some(promise) => wasm_bindgen_futures::JsFuture::from(promise).await.is_ok(),
                None => false,
            };
            copied.set(if done { Copied::Yes } else { Copied::Failed });
        });
    };

    let municipality_options = move || {
        municipalities
            .get()
            .into_iter()
            .map(|m| {
                let value = m.ars.clone();
                let selected = move || ars.get() == value;
                view! { <option value=m.ars.clone() prop:selected=selected>{format!("{} ({})", m.name, m.ars)}</option> }
            })
            .collect_view()
    };
    let allowed = move || {
        let lang = lang.get();
        let current = ars.get();
        municipalities.with(|all| {
            all.iter().find(|m| m.ars == current).map(|m| {
                if m.allowed_origins.is_empty() {
                    view! { <p class="kern-hint">{pt(lang, P::EmbedNoOrigins)}</p> }.into_any()
                } else {
                    let list = m
                        .allowed_origins
                        .iter()
                        .map(|o| view! { <li><code>{o.clone()}</code></li> })
                        .collect_view();
                    view! {
                        <div class="kern-hint">
                            <p>{pt(lang, P::EmbedAllowedOrigins)}</p>
                            <ul>{list}</ul>
                        </div>
                    }
                    .into_any()
                }
            })
        })
    };
    let invalid_services = move || {
        let lang = lang.get();
        let bad: Vec<String> = service_ids(&services.get())
            .into_iter()
            .filter(|id| !is_leika(id))
            .collect();
        (!bad.is_empty()).then(|| {
            view! { <p class="pv-failed">{pt(lang, P::EmbedServicesInvalid)}" "{bad.join(", ")}</p> }
        })
    };
    let copy_status = move || match copied.get() {
        Copied::Not => None,
        Copied::Yes => Some(view! { <p>{pt(lang.get(), P::EmbedCopied)}</p> }.into_any()),
        Copied::Failed => {
            Some(view! { <p class="pv-failed">{pt(lang.get(), P::EmbedCopyFailed)}</p> }.into_any())
        }
    };
    let csp = {
        let origin = origin.clone();
        move || csp_sources(&origin, &api, mode.get()).join(";\n") + ";"
    };

    let rows = [
        ("api", P::AttrApiValues, P::AttrApiDefault, P::AttrApi),
        ("ars", P::AttrArsValues, P::AttrNoDefault, P::AttrArs),
        (
            "services",
            P::AttrServicesValues,
            P::AttrServicesDefault,
            P::AttrServices,
        ),
        ("lang", P::AttrLangValues, P::AttrLangDefault, P::AttrLang),
        ("mode", P::AttrModeValues, P::AttrModeDefault, P::AttrMode),
        (
            "history",
            P::AttrHistoryValues,
            P::AttrHistoryDefault,
            P::AttrHistory,
        ),
        (
            "start",
            P::AttrStartValues,
            P::AttrStartDefault,
            P::AttrStart,
        ),
        (
            "title",
            P::AttrTitleValues,
            P::AttrTitleDefault,
            P::AttrTitle,
        ),
    ]
    .into_iter()
    .map(|(name, values, default, meaning)| {
        view! {
            <tr>
                <th scope="row"><code>{name}</code></th>
                <td>{ptr(lang, values)}</td>
                <td>{ptr(lang, default)}</td>
                <td>{ptr(lang, meaning)}</td>
            </tr>
        }
    })
    .collect_view();

    view! {
        <div class="pv-doc">
            <h1 class="kern-heading-large">{ptr(lang, P::EmbedTitle)}</h1>
            <p>{ptr(lang, P::EmbedIntro)}" "<code>{origin.clone()}</code>"."</p>
            <p>{ptr(lang, P::EmbedModes)}</p>
            <p>{ptr(lang, P::EmbedOrigins)}</p>
            <p><a href="/preview/">{ptr(lang, P::BackToPreview)}</a></p>

            <section class="pv-panel" aria-labelledby="pv-embed-generator">
                <h2 class="kern-heading-small" id="pv-embed-generator">{ptr(lang, P::EmbedGenerator)}</h2>
                <div class="kern-form-input">
                    <label class="kern-label" for="pv-embed-ars">{ptr(lang, P::EmbedMunicipality)}</label>
                    <p class="kern-hint" id="pv-embed-ars-hint">{ptr(lang, P::EmbedMunicipalityHint)}</p>
                    <select class="kern-form-input__select pv-select" id="pv-embed-ars" aria-describedby="pv-embed-ars-hint"
                        on:change=move |ev| ars.set(event_target_value(&ev))>
                        {municipality_options}
                    </select>
                    <div aria-live="polite">{allowed}</div>
                </div>
                <div class="kern-form-input">
                    <label class="kern-label" for="pv-embed-services">{ptr(lang, P::EmbedServices)}</label>
                    <p class="kern-hint" id="pv-embed-services-hint">{ptr(lang, P::EmbedServicesHint)}</p>
                    <input class="kern-form-input__input" id="pv-embed-services" type="text" inputmode="numeric" autocomplete="off"
                        aria-describedby="pv-embed-services-hint pv-embed-services-status"
                        prop:value=move || services.get() on:input=move |ev| services.set(event_target_value(&ev))/>
                    <div id="pv-embed-services-status" aria-live="polite">{invalid_services}</div>
                </div>
                {radios(lang, "pv-embed-lang", P::EmbedLanguage, embed_lang,
                    vec![(Lang::De, P::EmbedLangDe, "pv-embed-lang-de"), (Lang::En, P::EmbedLangEn, "pv-embed-lang-en")])}
                {radios(lang, "pv-embed-mode", P::EmbedMode, mode,
                    vec![(Mode::Shadow, P::EmbedModeShadow, "pv-embed-mode-shadow"), (Mode::Iframe, P::EmbedModeIframe, "pv-embed-mode-iframe")])}
                {radios(lang, "pv-embed-history", P::EmbedHistory, history,
                    vec![(EmbedHistory::Memory, P::EmbedHistoryMemory, "pv-embed-history-memory"), (EmbedHistory::Hash, P::EmbedHistoryHash, "pv-embed-history-hash")])}
                <div class="kern-form-input">
                    <label class="kern-label" for="pv-embed-start">{ptr(lang, P::EmbedStart)}</label>
                    <p class="kern-hint" id="pv-embed-start-hint">{ptr(lang, P::EmbedStartHint)}</p>
                    <input class="kern-form-input__input" id="pv-embed-start" type="text" autocomplete="off" spellcheck="false"
                        aria-describedby="pv-embed-start-hint"
                        prop:value=move || start.get() on:input=move |ev| start.set(event_target_value(&ev))/>
                </div>
                {move || (mode.get() == Mode::Iframe).then(|| view! {
                    <div class="kern-form-input">
                        <label class="kern-label" for="pv-embed-title">{ptr(lang, P::EmbedFrameTitle)}</label>
                        <p class="kern-hint" id="pv-embed-title-hint">{ptr(lang, P::EmbedFrameTitleHint)}</p>
                        <input class="kern-form-input__input" id="pv-embed-title" type="text" autocomplete="off"
                            aria-describedby="pv-embed-title-hint"
                            prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev))/>
                    </div>
                })}

                <h3 class="kern-heading-x-small" id="pv-embed-code-title">{ptr(lang, P::EmbedCode)}</h3>
                <p class="kern-hint">{ptr(lang, P::EmbedCodeHint)}</p>
                <pre class="pv-code" role="region" tabindex="0" aria-labelledby="pv-embed-code-title"><code data-testid="embed-snippet">{move || code.get()}</code></pre>
                <button type="button" class="kern-btn kern-btn--primary" on:click=copy>{ptr(lang, P::EmbedCopy)}</button>
                <div role="status" aria-live="polite" class="pv-copy-status">{copy_status}</div>
            </section>

            <section aria-labelledby="pv-embed-attributes">
                <h2 class="kern-heading-small" id="pv-embed-attributes">{ptr(lang, P::EmbedAttributes)}</h2>
                <div class="pv-table-scroll" role="region" tabindex="0" aria-labelledby="pv-embed-attributes">
                    <table class="pv-table">
                        <caption>{ptr(lang, P::EmbedTableCaption)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{ptr(lang, P::EmbedColAttribute)}</th>
                                <th scope="col">{ptr(lang, P::EmbedColValues)}</th>
                                <th scope="col">{ptr(lang, P::EmbedColDefault)}</th>
                                <th scope="col">{ptr(lang, P::EmbedColMeaning)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </section>

            <section aria-labelledby="pv-embed-csp">
                <h2 class="kern-heading-small" id="pv-embed-csp">{ptr(lang, P::EmbedCsp)}</h2>
                <p>{ptr(lang, P::EmbedCspText)}</p>
                <pre class="pv-code" role="region" tabindex="0" aria-labelledby="pv-embed-csp"><code data-testid="embed-csp">{csp}</code></pre>
                <p>{ptr(lang, P::EmbedCspIframe)}</p>
            </section>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> EmbedOptions {
        EmbedOptions {
            ars: "010510044044".into(),
            services: " 99050012104000, 99001001000000 ,".into(),
            lang: Lang::De,
            mode: Mode::Shadow,
            history: EmbedHistory::Memory,
            start: "/services/99050012104000".into(),
            title: "Unused in shadow mode".into(),
        }
    }

    #[test]
    fn the_snippet_follows_the_contract() {
        assert_eq!(
            snippet("https://portal.example", &options()),
            "<script type=\"module\" src=\"https://portal.example/embed.js\"></script>\n\
             <buergerportal-embed ars=\"010510044044\" services=\"99050012104000,99001001000000\" \
             lang=\"de\" mode=\"shadow\" history=\"memory\" start=\"/services/99050012104000\">\
             </buergerportal-embed>"
        );
    }

    #[test]
    fn optional_attributes_are_left_away_when_empty_and_title_is_for_frames() {
        let mut o = options();
        o.services = " , ".into();
        o.start = "services/1".into();
        o.mode = Mode::Iframe;
        o.history = EmbedHistory::Hash;
        o.lang = Lang::En;
        o.title = "Bürgerportal Heide".into();
        let s = snippet("http://127.0.0.1:8080", &o);
        assert!(!s.contains("services="), "{s}");
        assert!(s.contains(" lang=\"en\" mode=\"iframe\" history=\"hash\" start=\"/services/1\" title=\"Bürgerportal Heide\">"), "{s}");
        o.title = "  ".into();
        assert!(!snippet("http://x", &o).contains("title="));
    }

    #[test]
    fn typed_values_cannot_break_out_of_their_attribute() {
        let mut o = options();
        o.start = "/\"><script>alert(1)</script>".into();
        let s = snippet("https://portal.example", &o);
        assert!(
            s.contains("start=\"/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""),
            "{s}"
        );
        assert_eq!(s.matches('<').count(), 4, "{s}");
    }

    #[test]
    fn services_and_their_check() {
        assert_eq!(
            service_ids("99050012104000,99001001000000;  x"),
            ["99050012104000", "99001001000000", "x"]
        );
        assert!(is_leika("99050012104000"));
        assert!(!is_leika("9905001210400"));
        assert!(!is_leika("9905001210400a"));
    }

    #[test]
    fn csp_sources_name_the_portal_and_the_api() {
        let shadow = csp_sources("https://p.example", "https://api.example", Mode::Shadow);
        assert_eq!(
            shadow,
            [
                "script-src https://p.example 'wasm-unsafe-eval'",
                "connect-src https://p.example https://api.example",
                "style-src https://p.example",
                "font-src https://p.example",
                "img-src https://api.example",
            ]
        );
        let iframe = csp_sources("https://p.example", "https://api.example", Mode::Iframe);
        assert_eq!(iframe.last().unwrap(), "frame-src https://p.example");
        let same = csp_sources("https://p.example", "https://p.example", Mode::Shadow);
        assert_eq!(same[1], "connect-src https://p.example");
    }
}
