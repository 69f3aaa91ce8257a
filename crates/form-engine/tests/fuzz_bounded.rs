//! A short, bounded fuzz run that needs no nightly toolchain: random and
//! mutated inputs through the definition loader and the expression parser.
//! Neither may panic; whatever loads must validate. The long run is the
//! cargo-fuzz target in `fuzz/` (see README.md). More cases:
//! `FUZZ_CASES=100000 cargo test -p form-engine --release --test fuzz_bounded`.

use std::path::Path;

use form_engine::expr::Scope;
use form_engine::{Answers, Condition, Date, FormDefinition, ValidationContext, validate_form};
use proptest::prelude::*;
use proptest::sample::{Index, select};

fn cases() -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000)
}

fn demo_sources() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../central-api/demo/forms");
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .expect("demo forms")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| std::fs::read_to_string(p).expect("readable"))
        .collect();
    out.sort();
    out
}

fn load(json: &str) {
    if let Ok(def) = FormDefinition::from_json(json) {
        let ctx = ValidationContext::new(Date::new(2025, 5, 10).unwrap()).with_time(12, 0);
        let _ = validate_form(&def, &Answers::new(), &ctx);
    }
}

/// Snippets a mutation may insert: JSON punctuation, keys, values, operators.
const SNIPPETS: [&str; 24] = [
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "null",
    "true",
    "-1",
    "1e999",
    "\"type\": \"group\"",
    "\"visible_when\": \"a ==\"",
    "\"fields\": []",
    "\"rules\": [{}]",
    " and ",
    " or ",
    "not ",
    "((",
    "))",
    "today-99999y",
    "\\u0000",
    "\u{1F600}",
    "\"\"",
];

#[derive(Debug, Clone)]
enum Mutation {
    Delete(Index, u8),
    Insert(Index, &'static str),
    Replace(Index, char),
    Duplicate(Index, Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<Index>(), 1u8..40).prop_map(|(i, n)| Mutation::Delete(i, n)),
        (any::<Index>(), select(SNIPPETS.to_vec())).prop_map(|(i, s)| Mutation::Insert(i, s)),
        (any::<Index>(), any::<char>()).prop_map(|(i, c)| Mutation::Replace(i, c)),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::Duplicate(a, b)),
    ]
}

fn apply(src: &str, mutations: &[Mutation]) -> String {
    let mut chars: Vec<char> = src.chars().collect();
    for m in mutations {
        let len = chars.len().max(1);
        match m {
            Mutation::Delete(i, n) => {
                let at = i.index(len).min(chars.len());
                let end = (at + usize::from(*n)).min(chars.len());
                chars.drain(at..end);
            }
            Mutation::Insert(i, s) => {
                let at = i.index(len + 1).min(chars.len());
                chars.splice(at..at, s.chars());
            }
            Mutation::Replace(i, c) => {
                if !chars.is_empty() {
                    let at = i.index(chars.len());
                    chars[at] = *c;
                }
            }
            Mutation::Duplicate(a, b) => {
                let (x, y) = (a.index(len), b.index(len));
                let (from, to) = (
                    x.min(y).min(chars.len()),
                    x.max(y).min(chars.len()).min(x.min(y) + 200),
                );
                let piece: Vec<char> = chars[from..to].to_vec();
                chars.splice(to..to, piece);
            }
        }
    }
    chars.into_iter().collect()
}

fn expression_text() -> impl Strategy<Value = String> {
    let token = select(vec![
        "a",
        "b.c",
        "owners.share",
        "1",
        "-2.5",
        "'x'",
        "\"y\"",
        "true",
        "==",
        "!=",
        "<",
        ">=",
        "+",
        "-",
        "*",
        "/",
        "(",
        ")",
        "[",
        "]",
        ",",
        "and",
        "or",
        "not",
        "in",
        "answered(",
        "len(",
        "contains(",
        "age(",
        "today()",
        "days_between(",
        "minutes_until(",
        "sum(",
        "round(",
        "if(",
        "0",
        "'2025-05-10'",
        "'10:00'",
    ]);
    prop_oneof![
        prop::collection::vec(token, 0..40).prop_map(|t| t.join(" ")),
        "\\PC{0,60}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_demo_definitions_never_panic(
        which in any::<Index>(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let sources = demo_sources();
        let src = &sources[which.index(sources.len())];
        load(&apply(src, &mutations));
    }

    #[test]
    fn arbitrary_text_never_panics_the_loader(s in "\\PC{0,300}") {
        load(&s);
    }

    #[test]
    fn expressions_parse_or_fail_with_a_position(src in expression_text()) {
        match Condition::parse(&src) {
            Ok(c) => {
                let a: Answers = serde_json::from_str(
                    r#"{"a": "3", "b": {"c": "x"}, "owners": [{"share": "50"}, {"share": "x"}]}"#,
                ).unwrap();
                let today = Date::new(2025, 5, 10).unwrap();
                let _ = c.value(&Scope::new(&a, today).with_now(Some(600)));
                let _ = c.referenced_paths();
            }
            Err(e) => {
                prop_assert!(e.position >= 1 && e.position <= src.chars().count() + 1, "{}: {}", src, e);
            }
        }
    }
}
