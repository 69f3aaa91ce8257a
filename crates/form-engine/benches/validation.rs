//! Full validation of a generated 300-field form, and one keystroke's
//! incremental revalidation. `cargo bench -p form-engine --bench validation`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use form_engine::{
    Date, Engine, FormDefinition, ValidationContext, revalidate_field, validate_form,
};

#[path = "bench_form.rs"]
mod bench_form;
use bench_form::{filled_answers, generated_form};

fn benches(c: &mut Criterion) {
    let def = FormDefinition::from_json(&generated_form()).expect("generated form loads");
    assert_eq!(def.fields().filter(|f| !f.id.contains('_')).count(), 300);
    let ctx = ValidationContext::new(Date::new(2025, 5, 10).unwrap());
    let mut answers = filled_answers(&def);
    assert!(validate_form(&def, &answers, &ctx).is_empty());
    let engine = Engine::new(def.clone());

    c.bench_function("validate_form/300 fields", |b| {
        b.iter(|| validate_form(black_box(&def), black_box(&answers), &ctx))
    });
    // A keystroke in a field that a later condition reads (f154 reads f153).
    let mut toggle = false;
    c.bench_function("keystroke: set answer + revalidate_field (Engine)", |b| {
        b.iter(|| {
            toggle = !toggle;
            answers.set_text("f153", if toggle { "Jan J" } else { "Jan Jensen" }.into());
            engine.revalidate_field(black_box(&answers), black_box("f153"), &ctx)
        })
    });
    c.bench_function("revalidate_field in a group (Engine)", |b| {
        b.iter(|| engine.revalidate_field(black_box(&answers), black_box("f29_share"), &ctx))
    });
    c.bench_function("revalidate_field without a prebuilt index", |b| {
        b.iter(|| {
            revalidate_field(
                black_box(&def),
                black_box(&answers),
                black_box("f153"),
                &ctx,
            )
        })
    });
    c.bench_function("Engine::new (dependency index, once per form)", |b| {
        b.iter(|| Engine::new(black_box(def.clone())))
    });
}

criterion_group!(validation, benches);
criterion_main!(validation);
