//! Any input: parsing an expression never panics, and a parsed one
//! evaluates (on empty answers) without panicking.
#![no_main]

use form_engine::expr::Scope;
use form_engine::{Answers, Condition, Date};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(c) = Condition::parse(text) {
        let answers = Answers::new();
        let today = Date::new(2025, 5, 10).expect("valid date");
        let _ = c.value(&Scope::new(&answers, today).with_now(Some(600)));
    }
});
