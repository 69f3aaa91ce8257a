// SPDX-License-Identifier: EUPL-1.2
//! Offering a file to save, without a server round trip: the citizen's PDF receipt and
//! the designer's edited definition.

use leptos::prelude::document;
use wasm_bindgen::JsCast;

/// Offers `text` (UTF-8) as a download named `name` with the given media type.
pub fn save_text(name: &str, media_type: &str, text: &str) {
    save(
        name,
        &format!("{media_type};charset=utf-8"),
        &wasm_bindgen::JsValue::from_str(text),
    );
}

/// Offers `bytes` as a download named `name` with the given media type.
pub fn save_bytes(name: &str, media_type: &str, bytes: &[u8]) {
    save(name, media_type, &js_sys::Uint8Array::from(bytes));
}

fn save(name: &str, media_type: &str, content: &wasm_bindgen::JsValue) {
    let parts = js_sys::Array::of1(content);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(media_type);
    let Ok(blob) = web_sys::Blob::new_with_buffer_source_sequence_and_options(&parts, &options)
    else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let link = document()
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    if let Some(link) = link {
        link.set_href(&url);
        link.set_download(name);
        link.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
