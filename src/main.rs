// SPDX-License-Identifier: EUPL-1.2
//! Entry point: kept tiny so that tests can mount the components of `lib.rs` themselves.

fn main() {
    console_error_panic_hook::set_once();
    buergerportal::start_page();
}

/// Called by `embed.js` in a municipality's homepage: mounts the portal into `root`, an
/// element in the shadow root of `host` (`<buergerportal-embed>`, whose attributes
/// configure it). Exported from the binary so that the page and the embed share one
/// bundle.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn embed(host: web_sys::Element, root: web_sys::HtmlElement) {
    buergerportal::start_embed(host, root);
}
