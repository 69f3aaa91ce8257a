// SPDX-License-Identifier: EUPL-1.2
//! The validation benchmark in the browser (wasm32, Chromium through
//! wasm-bindgen-test-runner): full validation of the generated 300-field form and one
//! keystroke's incremental revalidation. Prints figures, asserts nothing about time.
//! Run with `scripts/bench-engine-wasm.sh`.
#![cfg(target_arch = "wasm32")]

#[path = "../benches/bench_form.rs"]
mod bench_form;

use form_engine::{Date, Engine, FormDefinition, ValidationContext, validate_form};
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Mean time of one call in microseconds, over `runs` calls.
fn mean_us(runs: u32, mut f: impl FnMut()) -> f64 {
    let start = js_sys::Date::now();
    for _ in 0..runs {
        f();
    }
    (js_sys::Date::now() - start) * 1000.0 / f64::from(runs)
}

#[wasm_bindgen_test]
fn validation_in_the_browser() {
    let json = bench_form::generated_form();
    let load_us = mean_us(20, || {
        let _ = FormDefinition::from_json(&json);
    });
    // What the portal runs: the API checked the definition when it was published.
    let checked_load_us = mean_us(20, || {
        let _ = FormDefinition::from_checked_json(&json);
    });
    let def = FormDefinition::from_json(&json).expect("generated form loads");
    let ctx = ValidationContext::new(Date::new(2025, 5, 10).expect("date"));
    let mut answers = bench_form::filled_answers(&def);
    assert!(validate_form(&def, &answers, &ctx).is_empty());
    let engine = Engine::new(def.clone());

    let full_us = mean_us(200, || {
        let _ = validate_form(&def, &answers, &ctx);
    });
    let mut toggle = false;
    let keystroke_us = mean_us(20_000, || {
        toggle = !toggle;
        answers.set_text("f153", if toggle { "Jan J" } else { "Jan Jensen" }.into());
        let _ = engine.revalidate_field(&answers, "f153", &ctx);
    });
    console_log!("wasm32 from_json (300 fields): {load_us:.1} µs");
    console_log!(
        "wasm32 from_checked_json (300 fields, as the portal loads): {checked_load_us:.1} µs"
    );
    console_log!("wasm32 validate_form (300 fields): {full_us:.1} µs");
    console_log!("wasm32 keystroke (set answer + Engine::revalidate_field): {keystroke_us:.2} µs");
}
