// SPDX-License-Identifier: EUPL-1.2
//! The controls of the field types that real forms ask for late, if at all (repeatable
//! group, file upload, date and time), in a WASM chunk of their own: the path to a form's
//! first step carries their code only when that step shows one of them (issue #21,
//! docs/SIZE.md, session 23, which also says why the address and the municipality, on most
//! first steps, stay out; the chunks' shared parts in [`crate::chunk`]).
//!
//! A step that shows such a field is shown once the chunk is there (`form::step`, through
//! [`crate::chunk::when_loaded`]); a form page whose step shows one preloads the chunk (the
//! API, `page_data`), and the portal then loads it as it starts (`start_page`); the step
//! after the one shown has it fetched a second after (`form::built_steps`). Fields inside
//! a group need no check of their own: the group's control is in the chunk.

use super::{Control, Frame, datetime, file, group};
use crate::i18n::{Msg, message_fn};
use form_engine::{FieldKind, Step};
use leptos::prelude::*;
use std::cell::Cell;

/// Whether the control of a field of this type is in the chunk: the match in
/// [`super::control`] sends exactly these types here, and [`build`] builds them.
/// `index.html` names them for the API (`<meta name="buergerportal-later-controls">`, held
/// to this by a test), which has a form page whose step shows one preload the chunk.
fn in_chunk(kind: &FieldKind) -> bool {
    matches!(
        kind,
        FieldKind::DateTime(_) | FieldKind::File(_) | FieldKind::Group(_)
    )
}

/// The control of a field whose type [`in_chunk`] names (`None` for any other).
fn build(frame: &Frame) -> Option<Control> {
    Some(match &frame.field.kind {
        FieldKind::Group(group) => group::view(frame, group),
        FieldKind::File(file) => file::view(frame, file),
        FieldKind::DateTime(_) => datetime::view(frame),
        _ => return None,
    })
}

/// What the chunk hands out: one plain function pointer.
type Build = fn(&Frame) -> Option<Control>;

#[cfg(feature = "split")]
mod split {
    use super::Build;
    use crate::chunk::NotLoaded;
    use leptos::wasm_split::wasm_split;

    #[wasm_split(later_controls, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub(super) fn builder() -> Result<Build, NotLoaded> {
        Ok(super::build)
    }
}

thread_local! {
    /// The chunk's builder, once the chunk is there.
    static BUILD: Cell<Option<Build>> = const { Cell::new(None) };
}

/// The builder, where there is one now: in a build without split points always.
fn builder() -> Option<Build> {
    if cfg!(feature = "split") {
        BUILD.get()
    } else {
        Some(build)
    }
}

/// Loads the chunk and keeps its builder.
pub fn load() -> std::pin::Pin<Box<dyn Future<Output = Result<(), crate::chunk::NotLoaded>>>> {
    Box::pin(async {
        #[cfg(feature = "split")]
        BUILD.set(Some(split::builder().await?));
        Ok(())
    })
}

/// Whether `step` can be built now: it shows no field whose control is in the chunk, or
/// the chunk is there.
pub fn ready_for(step: &Step) -> bool {
    builder().is_some() || !step.fields().any(|field| in_chunk(&field.kind))
}

/// The control of a field whose type is in the chunk. Steps are built only when
/// [`ready_for`]; should one be built before all the same, the field names itself and says
/// to reload (which loads the chunk: the answers are kept) rather than leaving a gap.
pub(super) fn control(frame: &Frame) -> Control {
    match builder().and_then(|build| build(frame)) {
        Some(control) => control,
        None => {
            let lang = frame.lang;
            let view = view! {
                <div class="kern-form-input">
                    <p class="kern-label">{frame.label_text()}</p>
                    <p class="kern-error">{message_fn(lang, Msg::PageNotLoadedHint)}</p>
                </div>
            };
            Control {
                naming: super::Naming::Bare,
                ..Control::labelled(view.into_any())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step_with(kinds: &[&str]) -> Step {
        let fields: Vec<String> = kinds
            .iter()
            .enumerate()
            .map(|(i, kind)| {
                let extra = match *kind {
                    "group" => {
                        r#", "fields": [{"id": "child", "type": "text", "label": {"de": "K"}}]"#
                    }
                    "choice" | "multi_choice" => {
                        r#", "options": [{"value": "a", "label": {"de": "A"}}]"#
                    }
                    "code_list" => r#", "list": "urn:de:example""#,
                    "info" => r#", "text": {"de": "I"}"#,
                    _ => "",
                };
                format!(r#"{{"id": "f{i}", "type": "{kind}", "label": {{"de": "F"}}{extra}}}"#)
            })
            .collect();
        let json = format!(
            r#"{{"id": "t", "version": 1, "title": {{"de": "T"}}, "steps": [{{"id": "s", "title": {{"de": "S"}},
                "sections": [{{"id": "a", "fields": [{}]}}]}}]}}"#,
            fields.join(",")
        );
        // Read as the API hands definitions out, without the meaning pass: only the types matter.
        let definition =
            form_engine::FormDefinition::from_checked_json(&json).expect("a definition");
        definition.steps[0].clone()
    }

    /// The engine's field types whose controls are in the chunk.
    fn types_in_chunk() -> Vec<&'static str> {
        form_engine::field_types::FIELD_TYPES
            .iter()
            .copied()
            .filter(|kind| {
                let step = step_with(&[kind]);
                let field = step.fields().next().expect("the field");
                assert_eq!(field.kind.type_name(), *kind);
                in_chunk(&field.kind)
            })
            .collect()
    }

    #[test]
    fn index_html_names_the_chunks_types_for_the_api() {
        let index = include_str!("../../../index.html");
        let meta = format!(
            r#"<meta name="buergerportal-later-controls" content="{}">"#,
            types_in_chunk().join(" ")
        );
        assert!(index.contains(&meta), "index.html lacks {meta}");
    }
}
