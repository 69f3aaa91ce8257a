// SPDX-License-Identifier: EUPL-1.2
//! Entry point: kept tiny so that tests can mount the components of `lib.rs` themselves.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(buergerportal::App);
}
