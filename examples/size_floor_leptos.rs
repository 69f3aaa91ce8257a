// SPDX-License-Identifier: EUPL-1.2
//! Size floor, Leptos alone (scripts/size-floor.sh; docs/SIZE.md, "The floor"): the least
//! a form step in Leptos CSR needs, built with the portal's release flags: a heading, a list
//! of labelled inputs as `AnyView`, an answer signal, a message that follows it, and a
//! button that changes the step. Never served; only its size is measured, against
//! `size_floor_engine` (the same with the form engine) and the portal itself.

use leptos::prelude::*;

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    leptos::mount::mount_to_body(step);
}

fn step() -> impl IntoView {
    let answer = RwSignal::new(String::new());
    let index = RwSignal::new(0usize);
    view! {
        <main>
            <h1>"Formular"</h1>
            {move || {
                let step = index.get();
                (0..3)
                    .map(|n| {
                        let id = format!("f-{step}-{n}");
                        view! {
                            <div class="field">
                                <label for=id.clone()>"Angabe"</label>
                                <input id=id on:input=move |ev| answer.set(event_target_value(&ev)) />
                                <p class="error">
                                    {move || if answer.with(|a| a.len() > 5) { "Zu lang" } else { "" }}
                                </p>
                            </div>
                        }
                        .into_any()
                    })
                    .collect::<Vec<AnyView>>()
            }}
            <button on:click=move |_| index.update(|i| *i += 1)>"Weiter"</button>
        </main>
    }
}
