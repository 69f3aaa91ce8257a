// SPDX-License-Identifier: EUPL-1.2
//! Finding the portal's own elements (by id, by selector, the focused one) where it is
//! mounted: in the document, or in the shadow root of an embed, where the document's
//! `getElementById` and `activeElement` cannot see.

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
