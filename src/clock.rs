// SPDX-License-Identifier: EUPL-1.2
//! The browser's clock: now, and waiting.

/// Now in whole milliseconds since 1970. Integers, not floats: formatting and parsing
/// floats would bring core's float tables into the WASM (docs/SIZE.md).
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// Resolves after `ms` milliseconds (the browser's `setTimeout`).
pub async fn sleep_ms(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ =
                window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
