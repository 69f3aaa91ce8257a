// SPDX-License-Identifier: EUPL-1.2
//! The designers' preview (`/preview/`): a bundle of its own, so that none of its code
//! reaches the citizen's WASM (`src/main.rs` never references `buergerportal::preview`).

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(buergerportal::preview::Preview);
}
