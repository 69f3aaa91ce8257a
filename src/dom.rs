// SPDX-License-Identifier: EUPL-1.2
//! Elements through one concrete type: `element(tag, attributes, children)`, every attribute
//! kind one type, for the form controls (`form/fields.rs`). Rendering is still Leptos':
//! the same DOM, the same reactivity, just fewer distinct types than `view!` gives; pages
//! are written with `view!`. Why, and what it measured: docs/SIZE.md.

use leptos::prelude::*;
use leptos::tachys::html::attribute::any_attribute::{AnyAttribute, IntoAnyAttribute};
use leptos::tachys::html::attribute::custom::custom_attribute;
use leptos::tachys::html::event::on;
use leptos::tachys::html::property::prop;

pub type Attrs = Vec<AnyAttribute>;

/// One element with its attributes and children.
pub fn element(tag: &'static str, attrs: Attrs, children: Vec<AnyView>) -> AnyView {
    leptos::html::custom(tag)
        .add_any_attr(attrs)
        .child(children)
        .into_any()
}

/// A fixed attribute (`class`, `type`, `id`, `for`, ARIA …).
pub fn attr(name: &'static str, value: impl Into<String>) -> AnyAttribute {
    custom_attribute(name, value.into()).into_any_attr()
}

/// An attribute that follows a signal and is absent while it is `None`.
pub fn attr_dyn(name: &'static str, value: Signal<Option<String>>) -> AnyAttribute {
    custom_attribute(name, value).into_any_attr()
}

/// A text property that follows a signal (`value` of inputs).
pub fn prop_text(name: &'static str, value: Signal<String>) -> AnyAttribute {
    prop(name, value).into_any_attr()
}

/// A true/false property that follows a signal (`checked`, `selected`).
pub fn prop_flag(name: &'static str, value: Signal<bool>) -> AnyAttribute {
    prop(name, value).into_any_attr()
}

// The handlers below use `try_run`: an event can arrive after the view that made the
// callback is gone. Chromium fires `blur` on a focused input when it is removed from the
// page, which happens after the reactive owner of the page left (and disposed its
// callbacks), e.g. on the browser's Back. `run` would panic there, and the release build
// aborts the whole WASM on a panic; an event for a page that is gone has nothing to do.

pub fn on_click(run: Callback<()>) -> AnyAttribute {
    on(leptos::ev::click, move |_| {
        run.try_run(());
    })
    .into_any_attr()
}

/// Pressing the mouse on this button does not take the focus from the field being
/// answered: leaving that field shows its inline error, which would move the button away
/// before the click lands (the click would be lost). The button's action moves the focus.
pub fn keep_focus_on_press() -> AnyAttribute {
    on(leptos::ev::mousedown, |ev| ev.prevent_default()).into_any_attr()
}

/// The element's value on every keystroke.
pub fn on_input(run: Callback<String>) -> AnyAttribute {
    on(leptos::ev::input, move |ev| {
        run.try_run(event_target_value(&ev));
    })
    .into_any_attr()
}

/// A select's value, or a checkbox's or radio's checked state, when it changes.
pub fn on_change_value(run: Callback<String>) -> AnyAttribute {
    on(leptos::ev::change, move |ev| {
        run.try_run(event_target_value(&ev));
    })
    .into_any_attr()
}

pub fn on_change_checked(run: Callback<bool>) -> AnyAttribute {
    on(leptos::ev::change, move |ev| {
        run.try_run(event_target_checked(&ev));
    })
    .into_any_attr()
}

pub fn on_blur(run: Callback<()>) -> AnyAttribute {
    on(leptos::ev::blur, move |_| {
        run.try_run(());
    })
    .into_any_attr()
}

/// Fixed text.
pub fn text_node(text: impl Into<String>) -> AnyView {
    text.into().into_any()
}

/// Text that follows the signals `f` reads.
pub fn text_node_dyn(f: impl Fn() -> String + Send + Sync + 'static) -> AnyView {
    let f: Box<dyn Fn() -> String + Send + Sync> = Box::new(f);
    (move || f()).into_any()
}

// The root may belong to another window (the designers' preview renders into a frame),
// where `instanceof` checks (`dyn_ref`, `dyn_into`) fail for its nodes: hence node types
// and unchecked casts below. Everything found is an element of the portal's own markup.

/// The element with this id in the portal: in the document, or in the shadow root of an
/// embed, where `document.getElementById` cannot see.
pub fn by_id(id: &str) -> Option<web_sys::Element> {
    use wasm_bindgen::JsCast;
    let root = crate::config::root()?;
    match root.node.node_type() {
        web_sys::Node::DOCUMENT_NODE => root
            .node
            .unchecked_ref::<web_sys::Document>()
            .get_element_by_id(id),
        web_sys::Node::DOCUMENT_FRAGMENT_NODE => root
            .node
            .unchecked_ref::<web_sys::DocumentFragment>()
            .get_element_by_id(id),
        _ => None,
    }
}

/// The first element of the portal matching a CSS selector.
pub fn query(selector: &str) -> Option<web_sys::Element> {
    use wasm_bindgen::JsCast;
    let root = crate::config::root()?;
    let found = match root.node.node_type() {
        web_sys::Node::DOCUMENT_NODE => root
            .node
            .unchecked_ref::<web_sys::Document>()
            .query_selector(selector),
        web_sys::Node::DOCUMENT_FRAGMENT_NODE => root
            .node
            .unchecked_ref::<web_sys::DocumentFragment>()
            .query_selector(selector),
        _ => Ok(None),
    };
    found.ok().flatten()
}

/// The focused element of the portal (inside a shadow root, the document only knows the
/// host element).
pub fn active_element() -> Option<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    let root = crate::config::root()?;
    let active = match root.node.node_type() {
        web_sys::Node::DOCUMENT_NODE => root
            .node
            .unchecked_ref::<web_sys::Document>()
            .active_element(),
        web_sys::Node::DOCUMENT_FRAGMENT_NODE => root
            .node
            .unchecked_ref::<web_sys::ShadowRoot>()
            .active_element(),
        _ => None,
    };
    Some(active?.unchecked_into())
}

/// Moves focus to the element with this id (for in-page links inside a host page).
pub fn focus_by_id(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(element) = by_id(id) {
        let _ = element.unchecked_into::<web_sys::HtmlElement>().focus();
    }
}
