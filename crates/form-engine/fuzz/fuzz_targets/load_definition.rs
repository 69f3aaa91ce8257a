//! Any input: loading never panics, and a definition that loads validates
//! (empty answers) without panicking.
#![no_main]

use form_engine::{Answers, Date, FormDefinition, ValidationContext, validate_form};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(def) = FormDefinition::from_json(text) {
        let ctx = ValidationContext::new(Date::new(2025, 5, 10).expect("valid date"));
        let _ = validate_form(&def, &Answers::new(), &ctx);
    }
});
