// SPDX-License-Identifier: EUPL-1.2
//! Reactive parts of views through a handful of concrete types: the closures are boxed
//! behind these few functions and attribute values passed as `Signal`s, so that the
//! reactive rendering code exists once rather than once per closure type (docs/SIZE.md).

use leptos::prelude::*;

type ViewFn = Box<dyn Fn() -> AnyView + Send + Sync>;

/// A part of a view that is rebuilt whenever what `f` reads changes.
pub fn dynamic(f: impl Fn() -> AnyView + Send + Sync + 'static) -> AnyView {
    boxed(Box::new(f))
}

/// Not generic: a closure made in `dynamic` itself would be a type of its own per caller,
/// and so would the rendering code of each.
fn boxed(f: ViewFn) -> AnyView {
    (move || f()).into_any()
}

/// Nothing, where something may appear later: an empty text node. `()` would be two
/// comment nodes (its own placeholder and the `AnyView`'s for a view without nodes), each
/// a clone and an insertion (docs/BENCHMARKS.md, session 11).
pub fn nothing() -> AnyView {
    "".into_any()
}

/// A part shown while `when` is true.
pub fn shown_if(
    when: impl Fn() -> bool + Send + Sync + 'static,
    content: impl Fn() -> AnyView + Send + Sync + 'static,
) -> AnyView {
    dynamic(move || if when() { content() } else { nothing() })
}

/// An effect that keeps no value between its runs. Boxed, so that the effect machinery
/// (creating, scheduling, re-running) is compiled once for all such effects rather than
/// once per closure type: about 0.8 KB per effect before wasm-opt (docs/SIZE.md).
pub fn effect(f: impl FnMut() + 'static) {
    effect_boxed(Box::new(f));
}

fn effect_boxed(mut f: Box<dyn FnMut()>) {
    Effect::new(move |_| f());
}

/// A value computed from signals, kept until what it reads changes. Boxed like `effect`,
/// so that the memo machinery is compiled once per value type, not once per closure.
pub fn memo<T>(f: impl Fn() -> T + Send + Sync + 'static) -> Memo<T>
where
    T: PartialEq + Send + Sync + 'static,
{
    memo_boxed(Box::new(f))
}

fn memo_boxed<T>(f: Box<dyn Fn() -> T + Send + Sync>) -> Memo<T>
where
    T: PartialEq + Send + Sync + 'static,
{
    Memo::new(move |_| f())
}

/// A true/false property (`checked`, `selected`); a memo, so that it is written to the
/// DOM only when it changes.
pub fn flag(f: impl Fn() -> bool + Send + Sync + 'static) -> Signal<bool> {
    memo(f).into()
}

/// A text attribute or property (`class`, `value`).
pub fn string(f: impl Fn() -> String + Send + Sync + 'static) -> Signal<String> {
    Signal::derive(f)
}
