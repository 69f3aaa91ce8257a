// SPDX-License-Identifier: EUPL-1.2
//! Size floor, Leptos with the form engine (scripts/size-floor.sh; docs/SIZE.md, "The
//! floor"): `size_floor_leptos`'s step, but its fields and messages from a definition the
//! engine decodes (`FormDefinition::from_checked_json`, as the portal reads the API's),
//! validated by the engine (`validate_step`) and worded by it (`messages::message`). The
//! difference between the two builds is what the browser pays for running the server's
//! rules itself. Never served; only its size is measured.

use std::sync::Arc;

use form_engine::{AnswerValue, Answers, Date, FormDefinition, Lang, ValidationContext};
use leptos::prelude::*;

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    // From the page, as the portal's form page carries it, so that no definition is data
    // of the module.
    let json = document()
        .get_element_by_id("definition")
        .and_then(|element| element.text_content())
        .unwrap_or_default();
    if let Ok(definition) = FormDefinition::from_checked_json(&json) {
        let definition = Arc::new(definition);
        leptos::mount::mount_to_body(move || step(definition.clone()));
    }
}

fn step(definition: Arc<FormDefinition>) -> impl IntoView {
    let answers = RwSignal::new(Answers::new());
    let index = RwSignal::new(0usize);
    let context = Date::new(2026, 12, 6).map(ValidationContext::new);
    let title = definition.title.get(Lang::De).to_string();
    view! {
        <main>
            <h1>{title}</h1>
            {move || {
                let step = index.get();
                let Some(shown) = definition.steps.get(step) else {
                    return Vec::new();
                };
                shown
                    .fields()
                    .map(|field| {
                        let (id, path) = (field.id.clone(), field.id.clone());
                        let definition = definition.clone();
                        let message = move || {
                            let context = context.as_ref()?;
                            let errors = answers
                                .with(|a| form_engine::validate_step(&definition, a, step, context));
                            let error = errors.iter().find(|error| error.path == path)?;
                            Some(form_engine::messages::message(error, &definition, Lang::De))
                        };
                        view! {
                            <div class="field">
                                <label for=id.clone()>{field.label.get(Lang::De).to_string()}</label>
                                <input
                                    id=id.clone()
                                    on:input=move |ev| {
                                        let value = AnswerValue::Text(event_target_value(&ev));
                                        answers.update(|a| {
                                            a.set_path(&id, Some(value));
                                        });
                                    }
                                />
                                <p class="error">{message}</p>
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
