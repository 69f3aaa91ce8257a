// SPDX-License-Identifier: EUPL-1.2
//! The portal inside an iframe of a municipality's homepage (issue #6): it tells the host
//! page its height whenever that changes, so the frame never needs a scroll bar of its
//! own, and when the citizen went to another page, so that the host can bring the frame's
//! top into view (the frame cannot scroll its parent). Only the host origin named on the
//! frame's first URL gets the messages (the browser drops them for any other parent);
//! `embed.js` on the host side accepts them only from this frame and the portal's origin.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

pub fn report_height(host_origin: String) {
    let Some(html) = leptos::prelude::document().document_element() else {
        return;
    };
    let measured = html.clone();
    let last = std::cell::Cell::new(0.0);
    let on_resize = Closure::<dyn Fn()>::new(move || {
        // The height of `html`'s box is its content's (the portal sets no height on it),
        // where `scrollHeight` would never shrink below the frame's current height.
        let height = measured.get_bounding_client_rect().height().ceil();
        if height == last.get() {
            return;
        }
        last.set(height);
        tell_host(&host_origin, "buergerportal:height", Some(height));
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
        observer.observe(&html);
        // Kept for the life of the page, as the closure it calls.
        std::mem::forget(observer);
    }
    on_resize.forget();
}

/// Tells the host page that another page of the portal is shown.
pub fn report_navigation(host_origin: &str) {
    tell_host(host_origin, "buergerportal:navigated", None);
}

fn tell_host(host_origin: &str, kind: &str, height: Option<f64>) {
    let window = leptos::prelude::window();
    let Some(parent) = window.parent().ok().flatten() else {
        return;
    };
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &kind.into());
    if let Some(height) = height {
        let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
    }
    let _ = parent.post_message(&message, host_origin);
}
