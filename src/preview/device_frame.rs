// SPDX-License-Identifier: EUPL-1.2
//! The device frame: the citizen's components rendered inside a same-origin `<iframe>`
//! of the chosen width, so the portal's media queries see that width.
//!
//! The frame loads `/preview/frame.html` (an empty page, copied by trunk; it falls under
//! the preview's Content-Security-Policy like every file below `/preview/`). Once it has
//! loaded, the preview links its own stylesheets into the frame's head and mounts the
//! children into the frame's body with [`Portal`]: they stay in the preview's reactive
//! tree (same signals, contexts and router), so every tool works without messages
//! between windows. Tachys attaches event listeners to each element (the `delegation`
//! feature is off), so handlers work inside the frame. What does not cross the frame by
//! itself is handled here: links (the router listens to the preview's window only),
//! the frame's height (follows its content), its language and the theme's colours.

use leptos::html;
use leptos::portal::Portal;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// The page the frame loads (absolute: the preview's own routes are below `/preview/`).
pub const FRAME_SRC: &str = "/preview/frame.html";
/// Where links inside the frame may lead: the preview's own routes.
const PREVIEW_PREFIX: &str = "/preview/";

/// Listeners and observers installed into one loaded frame document; dropped (and so
/// released) with the frame, or when the frame loads again.
struct Installed {
    _click: Closure<dyn Fn(web_sys::MouseEvent)>,
    _submit: Closure<dyn Fn(web_sys::Event)>,
    _resize: Closure<dyn Fn()>,
    observer: Option<js_sys::Object>,
}

impl Drop for Installed {
    fn drop(&mut self) {
        if let Some(observer) = &self.observer {
            call0(observer, "disconnect");
        }
    }
}

/// Calls the method `name` of `target` without arguments, ignoring failures.
fn call0(target: &js_sys::Object, name: &str) {
    if let Ok(f) = js_sys::Reflect::get(target, &name.into())
        && let Ok(f) = f.dyn_into::<js_sys::Function>()
    {
        let _ = f.call0(target);
    }
}

/// A frame of `width` CSS pixels (0: the stage's full width) with `children` rendered
/// inside; `lang` is the frame document's language, `colour` the theme's action colour
/// (already checked for contrast), `outdated` marks the rendering as outdated.
#[component]
pub fn DeviceFrame(
    width: RwSignal<u32>,
    #[prop(into)] title: Signal<&'static str>,
    #[prop(into)] lang: Signal<&'static str>,
    #[prop(into)] colour: Signal<Option<String>>,
    #[prop(into)] outdated: Signal<bool>,
    children: ChildrenFn,
) -> impl IntoView {
    let frame = NodeRef::<html::Iframe>::new();
    // Counts the frame's loads: each load is a new document to mount into.
    let loads = RwSignal::new(0u32);
    let installed = StoredValue::new_local(None::<Installed>);
    let navigate = crate::route::use_nav();

    let on_load = move |_| {
        let Some(iframe) = frame.get_untracked() else {
            return;
        };
        let Some(doc) = iframe.content_document() else {
            return;
        };
        installed.set_value(Some(install(&iframe, &doc, navigate)));
        loads.update(|n| *n += 1);
    };

    // Width, language and theme colours follow their signals (through the CSSOM: the
    // CSP allows no inline style attributes).
    Effect::new(move |_| {
        let Some(iframe) = frame.get() else { return };
        let style = web_sys::HtmlElement::style(&iframe);
        let _ = match width.get() {
            0 => style.remove_property("width").map(|_| ()),
            w => style.set_property("width", &format!("{w}px")),
        };
    });
    Effect::new(move |_| {
        let lang = lang.get();
        let colour = colour.get();
        if loads.get() == 0 {
            return;
        }
        let Some(root) = frame
            .get_untracked()
            .and_then(|f| f.content_document())
            .and_then(|d| d.document_element())
        else {
            return;
        };
        let _ = root.set_attribute("lang", lang);
        let style = root.unchecked_ref::<web_sys::HtmlElement>().style();
        // The same design tokens as a municipality's theme in the portal.
        for name in crate::municipal_theme::PRIMARY_TOKENS {
            let _ = match colour.as_deref() {
                Some(colour) => style.set_property(name, colour),
                None => style.remove_property(name).map(|_| ()),
            };
        }
    });

    let mounted = move || {
        // Re-run on every load: the old document is gone with what was mounted in it.
        loads.get();
        let body = frame
            .get_untracked()
            .and_then(|f| f.content_document())
            .and_then(|d| d.body())?;
        let children = children.clone();
        let body: web_sys::Element = body.unchecked_into();
        Some(view! { <Portal mount=body>{children()}</Portal> })
    };

    view! {
        <iframe class="pv-frame" class:is-outdated=move || outdated.get() src=FRAME_SRC
            title=move || title.get() node_ref=frame on:load=on_load data-testid="preview-frame"></iframe>
        {mounted}
    }
}

/// Prepares a freshly loaded frame document: the preview's stylesheets, links that
/// navigate the preview, fields left before a step's form is sent, and the frame's
/// height following its content.
fn install(
    iframe: &web_sys::HtmlIFrameElement,
    doc: &web_sys::Document,
    navigate: crate::route::Nav,
) -> Installed {
    if let Some(root) = doc.document_element() {
        root.class_list().add_1("pv-frame-doc").ok();
        // The citizen's components look their elements up (focus after "change", the
        // error summary, a new group item) in the frame's document, not the preview's.
        // (Unchecked: the frame's `<html>` is an instance of the frame's window's
        // HTMLElement, not of the preview's.)
        crate::config::set_root(crate::config::Root {
            node: doc.clone().into(),
            element: root.unchecked_into(),
        });
    }
    // The same stylesheets as the preview (trunk's hashed names, with their integrity).
    if let (Some(head), Some(own)) = (doc.head(), document().head()) {
        let links = own.children();
        for i in 0..links.length() {
            let Some(link) = links.item(i) else { continue };
            if link.get_attribute("rel").as_deref() != Some("stylesheet") {
                continue;
            }
            let Ok(copy) = doc.create_element("link") else {
                continue;
            };
            for name in ["rel", "href", "integrity", "crossorigin"] {
                if let Some(value) = link.get_attribute(name) {
                    let _ = copy.set_attribute(name, &value);
                }
            }
            let _ = head.append_child(&copy);
        }
    }

    // The preview's router listens for link clicks on the preview's window only: links
    // inside the frame (step list, "back", "change" on the check page) are followed here.
    let click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
        // The preview's own links; a link out of the preview (the citizen's "back" to
        // the service page) is not followed.
        if let Some(to) = crate::route::clicked_link(&ev).and_then(|l| crate::route::app_url(&l)) {
            ev.prevent_default();
            if to.starts_with(PREVIEW_PREFIX) {
                navigate.go(&to);
            }
        }
    });
    let _ = doc.add_event_listener_with_callback("click", click.as_ref().unchecked_ref());

    // As the citizen's step does with the focused field before "Next" changes the step
    // (it looks in the preview's document, where the frame itself is focused).
    let submit_doc = doc.clone();
    let submit = Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| {
        if let Some(active) = submit_doc.active_element() {
            let _ = active.unchecked_into::<web_sys::HtmlElement>().blur();
        }
    });
    let _ = doc.add_event_listener_with_callback_and_bool(
        "submit",
        submit.as_ref().unchecked_ref(),
        true,
    );

    // The frame is as tall as its content: no scroll bar inside, one page to scroll.
    let resize_frame = iframe.clone();
    let resize_doc = doc.clone();
    let resize = Closure::<dyn Fn()>::new(move || {
        let Some(root) = resize_doc.document_element() else {
            return;
        };
        let height = root.unchecked_ref::<web_sys::HtmlElement>().offset_height();
        let _ = web_sys::HtmlElement::style(&resize_frame)
            .set_property("height", &format!("{height}px"));
    });
    // The observer of the frame's own window (its realm and rendering updates).
    let observer = iframe.content_window().and_then(|window| {
        let constructor = js_sys::Reflect::get(&window, &"ResizeObserver".into()).ok()?;
        let constructor: js_sys::Function = constructor.dyn_into().ok()?;
        let args = js_sys::Array::of1(resize.as_ref());
        let observer = js_sys::Reflect::construct(&constructor, &args).ok()?;
        let observe: js_sys::Function = js_sys::Reflect::get(&observer, &"observe".into())
            .ok()?
            .dyn_into()
            .ok()?;
        observe
            .call1(&observer, &doc.document_element()?.into())
            .ok()?;
        Some(observer.unchecked_into::<js_sys::Object>())
    });

    Installed {
        _click: click,
        _submit: submit,
        _resize: resize,
        observer,
    }
}
