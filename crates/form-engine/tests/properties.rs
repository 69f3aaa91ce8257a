//! Property tests over the demo forms: validation and everything around it
//! is total (never panics, whatever the answers), answers round-trip through
//! JSON, and incremental revalidation agrees with full validation.

mod common;

use std::path::Path;

use form_engine::{
    AnswerValue, Answers, Date, DependencyIndex, FormDefinition, Lang, LiveErrors,
    ValidationContext, compute, journey, messages, validate_form, validate_step, visible_answers,
    visible_fields, visible_steps,
};
use proptest::prelude::*;
use proptest::sample::select;

fn demo_forms() -> Vec<FormDefinition> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../central-api/demo/forms");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("demo forms")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| FormDefinition::from_json(&std::fs::read_to_string(p).unwrap()).unwrap())
        .collect()
}

/// Ids and option values of a definition, to make answers that hit real
/// fields and real options most of the time.
fn vocabulary(defs: &[FormDefinition]) -> (Vec<String>, Vec<String>) {
    let mut ids = vec!["unknown_field".to_owned()];
    let mut words = vec!["true".to_owned(), "-1".to_owned()];
    for def in defs {
        for f in def.fields() {
            ids.push(f.id.clone());
            words.extend(f.kind.options().iter().map(|o| o.value.clone()));
        }
    }
    for part in form_engine::definition::ADDRESS_PARTS {
        ids.push(part.to_owned());
    }
    ids.extend(["id", "name", "media_type", "size"].map(String::from));
    (ids, words)
}

fn text(words: Vec<String>) -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[0-9]{1,7}",
        "-?[0-9]{1,4}[,.][0-9]{0,3}",
        "[a-zäöüß ]{0,12}",
        "(19|20)[0-9]{2}-[01][0-9]-[0-3][0-9]",
        "[0-2]?[0-9]:[0-5][0-9]",
        "[a-z.]{1,8}@[a-z]{1,6}\\.de",
        "DE[0-9]{20}",
        "application/pdf|image/png|text/plain",
        "\\PC{0,20}",
        select(words),
    ]
}

fn value(ids: Vec<String>, words: Vec<String>) -> impl Strategy<Value = AnswerValue> {
    let leaf = prop_oneof![
        text(words.clone()).prop_map(AnswerValue::Text),
        any::<bool>().prop_map(AnswerValue::Bool),
        prop::collection::vec(text(words), 0..4).prop_map(AnswerValue::List),
    ];
    leaf.prop_recursive(3, 24, 4, move |inner| {
        let entries = prop::collection::btree_map(select(ids.clone()), inner, 0..5);
        prop_oneof![
            // Items are never empty: `[]` reads back as an empty list.
            prop::collection::vec(entries.clone(), 1..4).prop_map(|items| AnswerValue::Items(
                items.into_iter().map(Answers::from_iter_map).collect()
            )),
            entries.prop_map(|m| AnswerValue::Map(Answers::from_iter_map(m))),
        ]
    })
}

trait FromMap {
    fn from_iter_map(m: std::collections::BTreeMap<String, AnswerValue>) -> Answers;
}

impl FromMap for Answers {
    fn from_iter_map(m: std::collections::BTreeMap<String, AnswerValue>) -> Answers {
        m.into_iter().collect()
    }
}

fn answers() -> impl Strategy<Value = Answers> {
    let (ids, words) = vocabulary(&demo_forms());
    prop::collection::btree_map(select(ids.clone()), value(ids, words), 0..24)
        .prop_map(Answers::from_iter_map)
}

/// Changes of single answers, as a citizen makes them one by one (`None`: cleared).
fn edits() -> impl Strategy<Value = Vec<(String, Option<AnswerValue>)>> {
    let (ids, words) = vocabulary(&demo_forms());
    prop::collection::vec(
        (select(ids.clone()), prop::option::of(value(ids, words))),
        1..8,
    )
}

/// What `live` holds for each top-level field is what a whole validation reports for it.
fn assert_live_is_full(
    def: &FormDefinition,
    index: &DependencyIndex,
    live: &LiveErrors,
    answers: &Answers,
    ctx: &ValidationContext,
) -> Result<(), TestCaseError> {
    let full = validate_form(def, answers, ctx);
    for step in &def.steps {
        for section in &step.sections {
            for f in &section.fields {
                let expected: Vec<_> = full
                    .iter()
                    .filter(|e| e.path.split('.').next() == Some(f.id.as_str()))
                    .cloned()
                    .collect();
                prop_assert_eq!(live.of(index, &f.id), expected.as_slice(), "field {}", f.id);
            }
        }
    }
    prop_assert_eq!(live.is_empty(), full.is_empty());
    Ok(())
}

fn contexts() -> impl Strategy<Value = ValidationContext> {
    (
        1990i32..2040,
        1u32..13,
        1u32..29,
        prop::option::of(0u32..1440),
    )
        .prop_map(|(y, m, d, now)| {
            let ctx = ValidationContext::new(Date::new(y, m, d).expect("day below 29"));
            match now {
                Some(n) => ctx.with_time(n / 60, n % 60),
                None => ctx,
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn validation_is_total(a in answers(), ctx in contexts()) {
        for def in demo_forms() {
            let errors = validate_form(&def, &a, &ctx);
            for e in &errors {
                for lang in Lang::ALL {
                    let text = messages::message(e, &def, lang);
                    prop_assert!(!text.is_empty());
                }
            }
            for i in 0..=def.steps.len() {
                let _ = validate_step(&def, &a, i, &ctx);
                let _ = journey::can_visit(&def, &a, i, &ctx);
            }
            let visible = visible_answers(&def, &a, &ctx);
            // What is stored validates the same as what was entered.
            prop_assert_eq!(validate_form(&def, &visible, &ctx), errors);
            let _ = visible_steps(&def, &a, &ctx);
            let _ = compute(&def, &a, &ctx);
        }
    }

    #[test]
    fn answers_round_trip_through_json(a in answers()) {
        let json = serde_json::to_string(&a).unwrap();
        let back: Answers = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, a);
    }

    #[test]
    fn incremental_revalidation_agrees_with_full_validation(a in answers(), ctx in contexts()) {
        for def in demo_forms() {
            let index = DependencyIndex::new(&def);
            let full = validate_form(&def, &a, &ctx);
            for f in def.fields() {
                let affected = index.affected(&def, &f.id);
                let expected: Vec<_> = full
                    .iter()
                    .filter(|e| affected.contains(&e.path.split('.').next().unwrap_or("")))
                    .cloned()
                    .collect();
                prop_assert_eq!(index.revalidate(&def, &a, &f.id, &ctx), expected, "field {}", f.id);
            }
        }
    }

    #[test]
    fn live_errors_follow_answer_by_answer(
        start in answers(),
        edits in edits(),
        ctx in contexts(),
        later in contexts(),
    ) {
        for def in demo_forms() {
            let index = DependencyIndex::new(&def);
            let mut answers = start.clone();
            let mut live = LiveErrors::new(&def, &index, &answers, &ctx);
            assert_live_is_full(&def, &index, &live, &answers, &ctx)?;
            for (id, value) in &edits {
                let before = live.clone();
                let shown_before = visible_fields(&def, &answers, &ctx);
                match value {
                    Some(v) => answers.set(id.clone(), v.clone()),
                    None => _ = answers.remove(id),
                }
                let changed = live.update(&def, &index, &answers, &ctx);
                assert_live_is_full(&def, &index, &live, &answers, &ctx)?;
                // It says whether any field's errors changed, and only then.
                let differ = def.fields().any(|f| live.of(&index, &f.id) != before.of(&index, &f.id));
                prop_assert_eq!(changed, differ);
                // A change that cannot shape visibility leaves the shown fields as they were.
                if !index.shapes_visibility(id) {
                    prop_assert_eq!(visible_fields(&def, &answers, &ctx), shown_before, "{}", id);
                }
            }
            // A new moment: everything again (rules may read the time).
            live.update(&def, &index, &answers, &later);
            assert_live_is_full(&def, &index, &live, &answers, &later)?;
        }
    }
}
