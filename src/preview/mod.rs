// SPDX-License-Identifier: EUPL-1.2
//! The designers' live preview of form definitions (`/preview/`), a bundle of its own
//! (`src/bin/preview.rs`, `preview/index.html`): the citizen's binary never references
//! this module, so none of it reaches the citizen's WASM.
//!
//! The form is rendered by the citizen's own components (`crate::form::StepPage` with a
//! [`FormSession`] whose steps live under `/preview/form/`): there is no second renderer.

mod device_frame;
mod embed;
pub mod sample;
mod texts;

use crate::LanguageSwitch;
use crate::form::{FormSession, FormState, Progress, StepPage, today};
use crate::i18n::{Msg, message_fn, use_lang};
use crate::route::{FormAt, Route};
use api_types::FormRef;
use device_frame::DeviceFrame;
use form_engine::load::MAX_INPUT_BYTES;
use form_engine::{Answers, DefinitionError, FormDefinition};
use leptos::html;
use leptos::prelude::*;
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;
use texts::{P, pt, ptr};

/// Milliseconds of quiet typing before the definition is read again.
const DEBOUNCE_MS: u64 = 300;
/// Line height of the editor and its line numbers (CSS `--pv-line`), for scrolling.
const LINE_PX: i32 = 20;
/// Line numbers drawn at once, and the step by which the drawn range moves: the window
/// covers the editor's height (at most a few hundred px tall) with room to scroll.
const GUTTER_WINDOW: usize = 400;
const GUTTER_STRIDE: usize = 100;
const EDITOR_ID: &str = "pv-definition";

/// The preview's state, shared by its parts.
#[derive(Clone, Copy)]
struct State {
    /// The text in the editor.
    source: RwSignal<String>,
    /// The last definition that loaded without errors.
    good: RwSignal<Option<Arc<FormDefinition>>>,
    /// Problems of the text now (empty when it loads).
    errors: RwSignal<Vec<DefinitionError>>,
    /// The answers in the form shown, with its touched fields and attempted steps.
    progress: Progress,
    status: RwSignal<Status>,
    editor: NodeRef<html::Textarea>,
}

#[derive(Clone, PartialEq)]
enum Status {
    Idle,
    Loading,
    Loaded(String),
    Failed(String),
    /// A source larger than the engine accepts (name, bytes): refused before it is read
    /// or shown, so that the page stays responsive (a 6 MB one-line file once froze it
    /// for 20 s while it was pretty-printed and numbered line by line).
    TooLarge(String, f64),
}

#[component]
pub fn Preview() -> impl IntoView {
    let lang = crate::i18n::provide_language();
    // The citizen's router, in the browser's URL: steps are `/preview/form/<n>`.
    crate::route::provide(&document());
    view! {
            <a class="skip-link" href="#main">{message_fn(lang.0, Msg::SkipToContent)}</a>
            <header class="kern-kopfzeile site-header">
                <div class="kern-kopfzeile__content site-header__inner">
                    <a class="site-header__name" href=Route::Workbench.path()>{ptr(lang.0, P::Title)}</a>
                    <PagesNav/>
                    <LanguageSwitch/>
                </div>
            </header>
            <main id="main" class="pv-main" tabindex="-1">
                <Pages/>
            </main>
    }
}

/// The preview's two pages: the workbench, and how to embed the portal.
#[component]
fn PagesNav() -> impl IntoView {
    let lang = use_lang();
    let route = crate::route::use_nav().route;
    let on_embed = Memo::new(move |_| route.with(|r| *r == Route::EmbedGuide));
    let current = move |embed_page: bool| move || (on_embed.get() == embed_page).then_some("page");
    view! {
        <nav class="pv-nav" aria-label=ptr(lang, P::NavLabel)>
            <a href=Route::Workbench.path() aria-current=current(false)>{ptr(lang, P::Title)}</a>
            <a href=Route::EmbedGuide.path() aria-current=current(true)>{ptr(lang, P::NavEmbed)}</a>
        </nav>
    }
}

#[component]
fn Pages() -> impl IntoView {
    let lang = use_lang();
    let route = crate::route::use_nav().route;
    // The workbench's state outlives a visit to the embed page.
    let s = State {
        source: RwSignal::new(String::new()),
        good: RwSignal::new(None),
        errors: RwSignal::new(Vec::new()),
        progress: Progress::new(Answers::new()),
        status: RwSignal::new(Status::Idle),
        editor: NodeRef::new(),
    };
    let on_embed = Memo::new(move |_| route.with(|r| *r == Route::EmbedGuide));
    // The document's title names the page.
    Effect::new(move |_| {
        let title = if on_embed.get() {
            P::EmbedDocTitle
        } else {
            P::DocTitle
        };
        document().set_title(pt(lang.get(), title));
    });
    move || {
        if on_embed.get() {
            view! { <embed::EmbedPage/> }.into_any()
        } else {
            view! { <Workbench s/> }.into_any()
        }
    }
}

#[component]
fn Workbench(s: State) -> impl IntoView {
    let lang = use_lang();
    let width = RwSignal::new(0u32);
    let theme = RwSignal::new(None::<Theme>);

    // Built inside the device frame (again whenever the frame loads).
    let form_view = move || {
        crate::reactive_view::dynamic(move || {
            let Some(definition) = s.good.get() else {
                return view! { <p class="pv-empty">{ptr(lang, P::Empty)}</p> }.into_any();
            };
            untrack(move || {
                let languages = definition.languages.clone();
                crate::form::in_form_languages(&languages, move || {
                    provide_context(session(s, definition));
                    view! { <StepPage/> }.into_any()
                })
            })
        })
    };
    let outdated = move || s.good.with(Option::is_some) && !s.errors.with(Vec::is_empty);
    // A colour the API's contrast report names is reported in the tools and not used.
    let colour = Signal::derive(move || theme.with(|t| t.as_ref().and_then(Theme::usable_primary)));
    let frame_lang = Signal::derive(move || crate::i18n::tag(lang.get()));
    let frame_title = Signal::derive(ptr(lang, P::FrameTitle));

    view! {
        <h1 class="visually-hidden">{ptr(lang, P::Title)}</h1>
        <div class="pv-layout">
            <div class="pv-side">
                <Sources s/>
                <Editor s/>
                <Tools s width theme/>
            </div>
            <section class="pv-stage" aria-labelledby="pv-stage-title">
                <h2 class="kern-heading-small" id="pv-stage-title">{ptr(lang, P::PreviewRegion)}</h2>
                <div role="status" class="pv-outdated-status">
                    {move || outdated().then(|| view! { <p class="pv-outdated-note">{ptr(lang, P::Outdated)}</p> })}
                </div>
                // Scrolls sideways when the frame is wider than the stage; focusable so
                // keyboard users can scroll it too.
                <div class="pv-frame-scroll" role="region" tabindex="0" aria-labelledby="pv-stage-title">
                    <DeviceFrame width title=frame_title lang=frame_lang colour outdated=Signal::derive(outdated)>
                        <main class="site-main">{form_view()}</main>
                    </DeviceFrame>
                </div>
            </section>
        </div>
    }
}

/// The session the citizen's components render from; the progress (answers, touched
/// fields, attempted steps) belongs to the preview, so it survives a changed definition.
fn session(s: State, definition: Arc<FormDefinition>) -> FormSession {
    let form = FormRef {
        id: definition.id.clone(),
        version: definition.version,
    };
    FormSession::new(
        FormAt::Preview,
        form,
        FormState::new(definition, s.progress),
    )
}

/// Reads the editor's text: a definition that loads replaces the rendered one (answers
/// moved over where their fields still exist); one with errors leaves it, outdated.
fn apply(s: State) {
    let text = s.source.get_untracked();
    match FormDefinition::from_json(&text) {
        Ok(definition) => {
            s.errors.set(Vec::new());
            let old = s.good.get_untracked();
            if old.as_deref() == Some(&definition) {
                return;
            }
            s.progress.answers.update(|a| {
                *a = form_engine::migrate_answers(old.as_deref(), &definition, a).answers;
            });
            // The steps take focus when they are built: give it back to the editor.
            let editing = document()
                .active_element()
                .is_some_and(|e| e.id() == EDITOR_ID);
            s.good.set(Some(Arc::new(definition)));
            if editing {
                request_animation_frame(move || {
                    request_animation_frame(move || {
                        if let Some(editor) = s.editor.get_untracked() {
                            let _ = editor.focus();
                        }
                    })
                });
            }
        }
        Err(errors) => s.errors.set(errors.0),
    }
}

/// Replaces the editor's text with a loaded one (pretty-printed when it is one line and
/// the indentation keeps it within the engine's limit: a file the limit allows is never
/// refused for the spaces the preview added).
fn load_text(s: State, text: String, from: String) {
    if text.len() > MAX_INPUT_BYTES {
        s.status.set(Status::TooLarge(from, text.len() as f64));
        return;
    }
    let text = if text.trim().contains('\n') {
        text
    } else {
        serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| serde_json::to_string_pretty(&v).ok())
            .filter(|pretty| pretty.len() <= MAX_INPUT_BYTES)
            .unwrap_or(text)
    };
    s.source.set(text);
    apply(s);
    s.status.set(Status::Loaded(from));
}

async fn fetch_text(url: &str) -> Result<String, String> {
    let response = gloo_net::http::Request::get(url)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    response.text().await.map_err(|e| e.to_string())
}

fn load_url(s: State, url: String) {
    s.status.set(Status::Loading);
    leptos::task::spawn_local(async move {
        match fetch_text(&url).await {
            Ok(text) => load_text(s, text, url),
            Err(e) => s.status.set(Status::Failed(format!("{url}: {e}"))),
        }
    });
}

fn read_file(s: State, file: web_sys::File) {
    if file.size() > MAX_INPUT_BYTES as f64 {
        s.status.set(Status::TooLarge(file.name(), file.size()));
        return;
    }
    s.status.set(Status::Loading);
    leptos::task::spawn_local(async move {
        let name = file.name();
        let text = wasm_bindgen_futures::JsFuture::from(file.text())
            .await
            .ok()
            .and_then(|v| v.as_string());
        match text {
            Some(text) => load_text(s, text, name),
            None => s.status.set(Status::Failed(name)),
        }
    });
}

/// File (picker), URL and API: where a definition comes from. Pasting goes straight
/// into the editor; files may be dropped onto it.
#[component]
fn Sources(s: State) -> impl IntoView {
    let lang = use_lang();
    let url = RwSignal::new(String::new());
    let id = RwSignal::new(String::new());
    let version = RwSignal::new(String::new());
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            read_file(s, file);
        }
        input.set_value("");
    };
    let on_url = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let url = url.get_untracked();
        if !url.trim().is_empty() {
            load_url(s, url.trim().to_string());
        }
    };
    let on_api = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = id.get_untracked();
        let id = id.trim();
        if id.is_empty() {
            return;
        }
        let id = String::from(js_sys::encode_uri_component(id));
        let version = version.get_untracked();
        let path = match version.trim() {
            "" => format!("/api/forms/{id}/latest"),
            v => format!(
                "/api/forms/{id}/versions/{}",
                String::from(js_sys::encode_uri_component(v))
            ),
        };
        load_url(s, path);
    };
    let status = move || {
        let lang = lang.get();
        match s.status.get() {
            Status::Idle => None,
            Status::Loading => Some(view! { <p>{pt(lang, P::Loading)}</p> }.into_any()),
            Status::Loaded(from) => {
                Some(view! { <p>{pt(lang, P::Loaded)}" "{from}</p> }.into_any())
            }
            Status::Failed(what) => Some(
                view! { <p class="pv-failed">{pt(lang, P::LoadFailed)}" "{what}</p> }.into_any(),
            ),
            Status::TooLarge(from, bytes) => {
                let l = lang;
                let size = texts::megabytes(l, bytes);
                let max = texts::megabytes(l, MAX_INPUT_BYTES as f64);
                Some(
                    view! {
                        <p class="pv-failed">
                            {pt(l, P::LoadFailed)}" "{from}" ("{size}"): "{pt(l, P::TooLarge)}" "{max}"."
                        </p>
                    }
                    .into_any(),
                )
            }
        }
    };
    view! {
        <section class="pv-panel" aria-labelledby="pv-sources-title">
            <h2 class="kern-heading-small" id="pv-sources-title">{ptr(lang, P::Source)}</h2>
            <div class="kern-form-input">
                <label class="kern-label" for="pv-file">{ptr(lang, P::File)}</label>
                <input class="pv-file" id="pv-file" type="file" accept=".json,application/json" on:change=on_file/>
                <p class="kern-hint" >{ptr(lang, P::DropHint)}</p>
            </div>
            <form class="pv-inline-form" on:submit=on_url>
                <div class="kern-form-input">
                    <label class="kern-label" for="pv-url">{ptr(lang, P::Url)}</label>
                    <input class="kern-form-input__input" id="pv-url" type="text" inputmode="url" autocomplete="url"
                        prop:value=move || url.get() on:input=move |ev| url.set(event_target_value(&ev))/>
                </div>
                <button type="submit" class="kern-btn kern-btn--secondary">{ptr(lang, P::LoadUrl)}</button>
            </form>
            <form class="pv-inline-form" on:submit=on_api>
                <div class="kern-form-input">
                    <label class="kern-label" for="pv-api-id">{ptr(lang, P::ApiId)}</label>
                    <input class="kern-form-input__input" id="pv-api-id" type="text" autocomplete="off"
                        prop:value=move || id.get() on:input=move |ev| id.set(event_target_value(&ev))/>
                </div>
                <div class="kern-form-input pv-version">
                    <label class="kern-label" for="pv-api-version">{ptr(lang, P::ApiVersion)}</label>
                    <p class="kern-hint" id="pv-api-version-hint">{ptr(lang, P::ApiVersionHint)}</p>
                    <input class="kern-form-input__input" id="pv-api-version" type="text" inputmode="numeric"
                        aria-describedby="pv-api-version-hint"
                        prop:value=move || version.get() on:input=move |ev| version.set(event_target_value(&ev))/>
                </div>
                <button type="submit" class="kern-btn kern-btn--secondary">{ptr(lang, P::LoadApi)}</button>
            </form>
            <div role="status" aria-live="polite" class="pv-load-status">{status}</div>
        </section>
    }
}

/// UTF-16 offsets (as the textarea counts) of the start and end of a 1-based line.
pub fn line_range(text: &str, line: usize) -> (u32, u32) {
    let mut start = 0u32;
    for (i, l) in text.split('\n').enumerate() {
        let len = l.encode_utf16().count() as u32;
        if i + 1 == line {
            return (start, start + len);
        }
        start += len + 1;
    }
    (start, start)
}

fn go_to_line(s: State, line: usize) {
    let Some(editor) = s.editor.get_untracked() else {
        return;
    };
    let (start, end) = s.source.with_untracked(|t| line_range(t, line));
    let _ = editor.focus();
    let _ = editor.set_selection_range(start, end);
    editor.set_scroll_top(((line as i32) - 4).max(0) * LINE_PX);
}

/// The definition's text with line numbers; lines with errors are marked, and every
/// error is listed with its JSON path, line and column and a button to select the line.
#[component]
fn Editor(s: State) -> impl IntoView {
    // Only the numbers near the visible lines are drawn (a definition can have 100,000
    // lines; one element each blocked the page for seconds); the rest is padding of the
    // same height, so the gutter scrolls with the text. Redrawn every GUTTER_STRIDE lines.
    let first_line = RwSignal::new(0usize);
    let lang = use_lang();
    let generation = StoredValue::new(0u64);
    let gutter = NodeRef::<html::Div>::new();
    let on_input = move |ev: leptos::ev::Event| {
        s.source.set(event_target_value(&ev));
        let mine = generation.get_value() + 1;
        generation.set_value(mine);
        set_timeout(
            move || {
                if generation.get_value() == mine {
                    apply(s);
                }
            },
            Duration::from_millis(DEBOUNCE_MS),
        );
    };
    let on_scroll = move |_| {
        if let (Some(editor), Some(gutter)) = (s.editor.get_untracked(), gutter.get_untracked()) {
            let top = (editor.scroll_top() / LINE_PX).max(0) as usize;
            let first = top.saturating_sub(GUTTER_STRIDE) / GUTTER_STRIDE * GUTTER_STRIDE;
            if first != first_line.get_untracked() {
                first_line.set(first);
            }
            gutter.set_scroll_top(editor.scroll_top());
        }
    };
    let on_dragover = move |ev: leptos::ev::DragEvent| ev.prevent_default();
    let on_drop = move |ev: leptos::ev::DragEvent| {
        let file = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0));
        if let Some(file) = file {
            ev.prevent_default();
            read_file(s, file);
        }
    };
    let line_count = Memo::new(move |_| s.source.with(|t| t.split('\n').count()));
    let error_lines = Memo::new(move |_| {
        s.errors
            .with(|e| e.iter().map(|e| e.line).collect::<BTreeSet<usize>>())
    });
    let numbers = move || {
        let marked = error_lines.get();
        let total = line_count.get();
        let first = first_line.get().min(total.saturating_sub(1));
        let last = (first + GUTTER_WINDOW).min(total);
        let padding = format!(
            "padding-top:{}px;padding-bottom:{}px",
            first as i64 * i64::from(LINE_PX),
            (total - last) as i64 * i64::from(LINE_PX)
        );
        let lines = (first + 1..=last)
            .map(|n| {
                let class = if marked.contains(&n) {
                    "pv-gutter__line is-error"
                } else {
                    "pv-gutter__line"
                };
                view! { <span class=class>{n}</span> }
            })
            .collect_view();
        view! { <div style=padding>{lines}</div> }
    };
    let errors = move || {
        let list = s.errors.get();
        (!list.is_empty()).then(|| {
            let lang_now = lang.get();
            let items = list
                .into_iter()
                .map(|e| {
                    let line = e.line;
                    let path = if e.path.is_empty() { "/".to_string() } else { e.path.clone() };
                    view! {
                        <li class="pv-error">
                            <span class="pv-error__where">
                                {pt(lang_now, P::Line)}" "{e.line}", "{pt(lang_now, P::Column)}" "{e.column}
                            </span>
                            " " <code class="pv-error__path">{path}</code>": "{texts::definition_error(lang_now, &e.kind)}" "
                            <button type="button" class="kern-btn kern-btn--tertiary pv-error__go"
                                on:click=move |_| go_to_line(s, line)>
                                {pt(lang_now, P::GoToLine)}" "{line}
                            </button>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <div class="kern-alert kern-alert--danger pv-errors" data-testid="definition-errors">
                    <h3 class="kern-alert__header kern-title">{pt(lang_now, P::ErrorsTitle)}</h3>
                    <div class="kern-alert__body">
                        {s.good.with(Option::is_some).then(|| view! { <p>{pt(lang_now, P::ErrorsOutdated)}</p> })}
                        <ul>{items}</ul>
                    </div>
                </div>
            }
        })
    };
    view! {
        <section class="pv-panel" aria-labelledby="pv-editor-title">
            <h2 class="kern-heading-small" id="pv-editor-title">{ptr(lang, P::Definition)}</h2>
            <p class="kern-hint" id="pv-definition-hint">{ptr(lang, P::DefinitionHelp)}</p>
            <div class="pv-editor" on:dragover=on_dragover on:drop=on_drop>
                <div class="pv-gutter" aria-hidden="true" node_ref=gutter data-testid="gutter">{numbers}</div>
                <textarea id=EDITOR_ID class="pv-textarea" node_ref=s.editor spellcheck="false" wrap="off"
                    aria-labelledby="pv-editor-title" aria-describedby="pv-definition-hint pv-definition-errors"
                    aria-invalid=move || (!s.errors.with(Vec::is_empty)).then_some("true")
                    prop:value=move || s.source.get() on:input=on_input on:scroll=on_scroll></textarea>
            </div>
            <div id="pv-definition-errors" role="status" aria-live="polite">{errors}</div>
        </section>
    }
}

/// A municipality's look from the API, with the server's WCAG contrast report
/// (`theme.contrast`).
#[derive(Clone, PartialEq)]
struct Theme {
    ars: String,
    name: String,
    primary: Option<String>,
    /// The colours that fail contrast against white, as the API reports them.
    problems: Vec<ContrastProblem>,
}

/// One entry of `theme.contrast.problems`.
#[derive(Clone, PartialEq)]
struct ContrastProblem {
    /// `primary` or `secondary`.
    color: String,
    value: String,
    ratio: f64,
}

impl Theme {
    /// The primary colour, unless the report says it fails.
    fn usable_primary(&self) -> Option<String> {
        self.primary
            .clone()
            .filter(|_| !self.problems.iter().any(|p| p.color == "primary"))
    }
}

async fn fetch_themes() -> Vec<Theme> {
    let Ok(text) = fetch_text("/api/municipalities").await else {
        return Vec::new();
    };
    let Ok(serde_json::Value::Array(list)) = serde_json::from_str(&text) else {
        return Vec::new();
    };
    let colour = |m: &serde_json::Value, role: &str| {
        m.pointer(&format!("/theme/colors/{role}"))
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    let problems = |m: &serde_json::Value| {
        m.pointer("/theme/contrast/problems")
            .and_then(|v| v.as_array())
            .map(|list| {
                list.iter()
                    .map(|p| ContrastProblem {
                        color: p["color"].as_str().unwrap_or_default().to_string(),
                        value: p["value"].as_str().unwrap_or_default().to_string(),
                        ratio: p["ratio"].as_f64().unwrap_or(1.0),
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    list.iter()
        .map(|m| Theme {
            ars: m["ars"].as_str().unwrap_or_default().to_string(),
            name: m
                .pointer("/theme/display_name")
                .or(m.get("name"))
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string(),
            primary: colour(m, "primary"),
            problems: problems(m),
        })
        .collect()
}

/// Download of the editor's text as it is now.
fn download(s: State) {
    let text = s.source.get_untracked();
    let name = match s.good.get_untracked() {
        Some(d) if s.errors.with_untracked(Vec::is_empty) => {
            format!("{}-v{}.json", d.id, d.version)
        }
        _ => "definition.json".to_string(),
    };
    crate::download::save_text(&name, "application/json", &text);
}

fn show_all_messages(s: State) {
    let Some(definition) = s.good.get_untracked() else {
        return;
    };
    let paths = s
        .progress
        .answers
        .with_untracked(|a| form_engine::visible_fields(&definition, a, &today()));
    s.progress.touched.update(|t| t.extend(paths));
    s.progress
        .attempted
        .set((0..definition.steps.len()).collect());
}

#[component]
fn Tools(s: State, width: RwSignal<u32>, theme: RwSignal<Option<Theme>>) -> impl IntoView {
    let lang = use_lang();
    let themes = RwSignal::new(Vec::<Theme>::new());
    leptos::task::spawn_local(async move { themes.set(fetch_themes().await) });

    let steps = move || {
        s.good.get().map(|definition| {
            let links = definition
                .steps
                .iter()
                .enumerate()
                .map(|(i, step)| {
                    let href = Route::FormStep {
                        form: FormAt::Preview,
                        step: i + 1,
                    }
                    .path();
                    let title = crate::i18n::text(lang, step.title.clone());
                    view! { <li><a href=href>{i + 1}". "{title}</a></li> }
                })
                .collect_view();
            view! {
                <nav aria-labelledby="pv-steps-title" class="pv-steps">
                    <h3 class="kern-heading-x-small" id="pv-steps-title">{ptr(lang, P::JumpToStep)}</h3>
                    <ul>
                        {links}
                        <li><a href=Route::Check { form: FormAt::Preview }.path()>{ptr(lang, P::CheckPage)}</a></li>
                    </ul>
                </nav>
            }
        })
    };
    let fill_valid = move |_| {
        if let Some(d) = s.good.get_untracked() {
            s.progress.answers.set(sample::valid(&d, &today()));
        }
    };
    let fill_invalid = move |_| {
        if let Some(d) = s.good.get_untracked() {
            s.progress.answers.set(sample::invalid(&d));
            show_all_messages(s);
        }
    };
    let clear = move |_| {
        s.progress.answers.set(Answers::new());
        s.progress.touched.set(Default::default());
        s.progress.attempted.set(Default::default());
    };
    let answers_json = move || {
        s.good
            .with(|d| {
                d.as_ref().map(|d| {
                    s.progress.answers.with(|a| {
                        serde_json::to_string_pretty(&form_engine::visible_answers(d, a, &today()))
                            .unwrap_or_default()
                    })
                })
            })
            .unwrap_or_default()
    };
    let widths = [320u32, 768, 1280, 0]
        .into_iter()
        .map(|w| {
            let id = format!("pv-width-{w}");
            let label = move || match w {
                0 => pt(lang.get(), P::FullWidth).to_string(),
                w => format!("{w} px"),
            };
            view! {
                <div class="kern-form-check">
                    <input class="kern-form-check__radio" type="radio" name="pv-width" id=id.clone()
                        prop:checked=move || width.get() == w on:change=move |_| width.set(w)/>
                    <label class="kern-label" for=id>{label}</label>
                </div>
            }
        })
        .collect_view();
    let theme_options = move || {
        themes
            .get()
            .into_iter()
            .map(|t| view! { <option value=t.ars.clone()>{t.name.clone()}</option> })
            .collect_view()
    };
    let on_theme = move |ev: leptos::ev::Event| {
        let ars = event_target_value(&ev);
        theme.set(themes.with_untracked(|all| all.iter().find(|t| t.ars == ars).cloned()));
    };
    let warnings = move || {
        let lang_now = lang.get();
        theme.get().and_then(|t| {
            // The server's report (GET /api/municipalities: theme.contrast).
            let failing: Vec<String> = t
                .problems
                .iter()
                .map(|p| format!("{} {}: {:.2}:1", p.color, p.value, p.ratio))
                .collect();
            (!failing.is_empty()).then(|| {
                let items = failing
                    .into_iter()
                    .map(|f| view! { <li>{f}</li> })
                    .collect_view();
                view! {
                    <div class="pv-warning" data-testid="contrast-warning">
                        <p>{pt(lang_now, P::ContrastWarning)}</p>
                        <ul>{items}</ul>
                        <p>{pt(lang_now, P::ContrastFallback)}</p>
                    </div>
                }
            })
        })
    };

    view! {
        <section class="pv-panel" aria-labelledby="pv-tools-title">
            <h2 class="kern-heading-small" id="pv-tools-title">{ptr(lang, P::Tools)}</h2>
            {steps}
            <div class="pv-buttons">
                <button type="button" class="kern-btn kern-btn--secondary" on:click=move |_| show_all_messages(s)>{ptr(lang, P::ShowAllMessages)}</button>
                <button type="button" class="kern-btn kern-btn--secondary" on:click=fill_valid>{ptr(lang, P::FillValid)}</button>
                <button type="button" class="kern-btn kern-btn--secondary" on:click=fill_invalid>{ptr(lang, P::FillInvalid)}</button>
                <button type="button" class="kern-btn kern-btn--secondary" on:click=clear>{ptr(lang, P::ClearAnswers)}</button>
                <button type="button" class="kern-btn kern-btn--secondary" on:click=move |_| download(s)>{ptr(lang, P::Download)}</button>
            </div>
            <fieldset class="kern-fieldset pv-widths">
                <legend class="kern-label">{ptr(lang, P::Width)}</legend>
                <div class="kern-fieldset__body pv-width-options">{widths}</div>
            </fieldset>
            <div class="kern-form-input">
                <label class="kern-label" for="pv-theme">{ptr(lang, P::Theme)}</label>
                <select class="kern-form-input__select" id="pv-theme" on:change=on_theme>
                    <option value="">{ptr(lang, P::DefaultTheme)}</option>
                    {theme_options}
                </select>
            </div>
            <div role="status" aria-live="polite">{warnings}</div>
            <p class="kern-hint">{ptr(lang, P::NoPreviewSubmit)}</p>
            <h3 class="kern-heading-x-small" id="pv-json-title">{ptr(lang, P::AnswersJson)}</h3>
            <pre class="pv-json" role="region" tabindex="0" aria-labelledby="pv-json-title" data-testid="answers-json">{answers_json}</pre>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::line_range;

    #[test]
    fn line_ranges_count_utf16_units() {
        let text = "{\n  \"ä\": 1,\n\n  \"x\": 😀\n}";
        assert_eq!(line_range(text, 1), (0, 1));
        assert_eq!(line_range(text, 2), (2, 11));
        assert_eq!(line_range(text, 3), (12, 12));
        // The emoji is two UTF-16 units.
        assert_eq!(line_range(text, 4), (13, 22));
        assert_eq!(line_range(text, 5), (23, 24));
        assert_eq!(line_range(text, 9), (25, 25));
    }
}
