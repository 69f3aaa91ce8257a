// SPDX-License-Identifier: EUPL-1.2
//! Uploads: a picker that also takes dropped files, and the list of chosen files.

use super::parts::button;
use super::{Control, Frame};
use crate::form::FormSession;
use crate::i18n::{Msg, message, use_lang};
use crate::reactive_view::dynamic;
use form_engine::field_types::FileField;
use form_engine::{AnswerValue, Answers};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

pub(super) fn view(frame: &Frame, file: &FileField) -> Control {
    Control::labelled(file_input(
        frame.session,
        frame.dom_id,
        frame.path,
        (file.accept.join(","), file.max_files != Some(1)),
        (frame.described_by.clone(), frame.invalid),
        frame.touch,
    ))
}

/// A file field: a picker in the page's language (the browser's own says "Choose File /
/// No file chosen" in the browser's language) that also takes files dropped on it, and
/// the chosen files with their size and a "remove" button. The files stay in this tab
/// until the submission uploads them; the answer holds their id, name, type and size,
/// which the engine checks.
fn file_input(
    session: &FormSession,
    dom_id: &str,
    path: &str,
    (accept, multiple): (String, bool),
    (described_by, invalid): (Option<String>, Option<&'static str>),
    touch: Callback<()>,
) -> AnyView {
    let lang = use_lang().get_untracked();
    let answers = session.answers;
    let files = session.files;
    let chosen = {
        let path = path.to_string();
        crate::reactive_view::memo(move || {
            answers.with(|a| match a.get_path(&path) {
                Some(AnswerValue::Items(items)) => items
                    .iter()
                    .map(|i| {
                        let get = |k| i.text(k).unwrap_or_default().to_string();
                        (get("id"), get("name"), get("size"))
                    })
                    .collect(),
                _ => Vec::new(),
            })
        })
    };
    let on_change = {
        let path = path.to_string();
        move |ev: leptos::ev::Event| {
            let Some(input) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            if let Some(list) = input.files() {
                add_files(list, multiple, answers, files, &path, touch);
            }
            // The same file may be chosen again after removing it.
            input.set_value("");
        }
    };
    // Dropping files on the picker: the browser would open them instead unless
    // `dragover` and `drop` are cancelled.
    let on_drop = {
        let path = path.to_string();
        move |ev: leptos::ev::DragEvent| {
            ev.prevent_default();
            if let Some(list) = ev.data_transfer().and_then(|d| d.files()) {
                add_files(list, multiple, answers, files, &path, touch);
            }
        }
    };
    let list = {
        let path = path.to_string();
        let dom_id = dom_id.to_string();
        dynamic(move || {
            let items: Vec<_> = chosen
                .get()
                .into_iter()
                .map(|(id, name, size)| {
                    let path = path.clone();
                    let dom_id = dom_id.clone();
                    let remove = Callback::new(move |_: ()| {
                        files.update_value(|f| f.retain(|(fid, _)| *fid != id));
                        answers.update(|a| {
                            let mut items = match a.get_path(&path) {
                                Some(AnswerValue::Items(items)) => items.clone(),
                                _ => Vec::new(),
                            };
                            items.retain(|i| i.text("id") != Some(id.as_str()));
                            a.set_path(
                                &path,
                                (!items.is_empty()).then_some(AnswerValue::Items(items)),
                            );
                        });
                        // The button is gone with its file: the keyboard goes on at the
                        // picker, not at the page's start.
                        let dom_id = dom_id.clone();
                        request_animation_frame(move || crate::in_portal::focus_by_id(&dom_id));
                    });
                    let size = format!(" ({}) ", format_size(&size));
                    view! {
                        <li class="file-list__item">
                            <span class="file-list__name">{name.clone()}</span>
                            {size}
                            {button("kern-btn kern-btn--tertiary", Msg::RemoveFile, Some(name), remove)}
                        </li>
                    }
                })
                .collect();
            items.into_any()
        })
    };
    // A second label of the input: clicking anywhere on it opens the picker, and screen
    // readers hear the field's label followed by "choose file or drop it here".
    let choose = if multiple {
        Msg::ChooseFiles
    } else {
        Msg::ChooseFile
    };
    view! {
        <input
            class="file-drop__input"
            id=dom_id.to_string()
            type="file"
            on:change=on_change
            // The hint and the error (a file of the wrong type) are read with the input.
            aria-describedby=described_by
            aria-invalid=invalid
            accept=(!accept.is_empty()).then_some(accept)
            multiple=multiple
        />
        <label
            class="file-drop"
            for=dom_id.to_string()
            on:dragover=|ev| ev.prevent_default()
            on:drop=on_drop
        >
            <span class="kern-btn kern-btn--secondary file-drop__button">{message(lang, choose)}</span>
            " "
            <span>{message(lang, Msg::DropFiles)}</span>
        </label>
        <ul class="file-list" aria-live="polite">{list}</ul>
    }
    .into_any()
}

/// Adds chosen or dropped files to the answer at `path` (only the first of several
/// dropped on a field for one file) and keeps them for the upload. Each file's type is
/// taken from its first bytes, by the rules the authority applies to what it receives
/// (`form_engine::sniff`): an `.exe` renamed `.pdf` is no PDF, and the engine's
/// validation refuses it now, while the citizen can still choose another file.
fn add_files(
    list: web_sys::FileList,
    multiple: bool,
    answers: RwSignal<Answers>,
    files: StoredValue<Vec<(String, web_sys::File)>, LocalStorage>,
    path: &str,
    touch: Callback<()>,
) {
    let count = if multiple {
        list.length()
    } else {
        list.length().min(1)
    };
    let chosen: Vec<web_sys::File> = (0..count).filter_map(|i| list.get(i)).collect();
    if chosen.is_empty() {
        return;
    }
    let path = path.to_string();
    leptos::task::spawn_local(async move {
        let mut added = Vec::new();
        for file in chosen {
            let head = file_head(&file).await;
            let id = crate::form::new_idempotency_key();
            let mut item = Answers::new();
            item.set_text("id", id.clone());
            item.set_text("name", file.name());
            item.set_text(
                "media_type",
                form_engine::media::media_type_by_content(&file.type_(), &head),
            );
            item.set_text("size", (file.size() as u64).to_string());
            // Silently nothing if the citizen left the page meanwhile.
            files.update_value(|f| f.push((id, file)));
            added.push(item);
        }
        answers.update(|a| {
            let mut items = match a.get_path(&path) {
                Some(AnswerValue::Items(items)) => items.clone(),
                _ => Vec::new(),
            };
            items.extend(added);
            a.set_path(&path, Some(AnswerValue::Items(items)));
        });
        touch.try_run(());
    });
}

/// The first bytes of a file (fewer if it is shorter; none if it cannot be read, which
/// the type check then treats as unknown content).
async fn file_head(file: &web_sys::File) -> Vec<u8> {
    let Ok(head) = file.slice_with_i32_and_i32(0, form_engine::media::HEAD_LEN as i32) else {
        return Vec::new();
    };
    match wasm_bindgen_futures::JsFuture::from(head.array_buffer()).await {
        Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
        Err(_) => Vec::new(),
    }
}

/// "123456" bytes as "121 KB" (whole kilobytes; megabytes with one decimal).
fn format_size(bytes: &str) -> String {
    let bytes: u64 = bytes.parse().unwrap_or(0);
    if bytes >= 1024 * 1024 {
        let tenths = bytes * 10 / (1024 * 1024);
        format!("{},{} MB", tenths / 10, tenths % 10)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

#[cfg(test)]
mod tests {
    use super::format_size;

    #[test]
    fn sizes_read_as_citizens_expect() {
        assert_eq!(format_size("1"), "1 KB");
        assert_eq!(format_size("2048"), "2 KB");
        assert_eq!(format_size("1572864"), "1,5 MB");
        assert_eq!(format_size("x"), "0 KB");
    }
}
