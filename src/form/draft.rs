// SPDX-License-Identifier: EUPL-1.2
//! Drafts: the answers kept in this browser on every change, so that a reload, a closed
//! tab or a dropped connection loses nothing. They expire after 30 days and are removed
//! after a successful submission.

use super::FormSession;
use crate::clock::now_ms;
use api_types::FormRef;
use form_engine::{AnswerValue, Answers};
use leptos::prelude::*;
use serde::Serialize;
use serde_json::Value;

const MAX_AGE_MS: u64 = 30 * 24 * 60 * 60 * 1000;

#[derive(Serialize)]
struct Draft {
    // Whole milliseconds: an f64 here would pull float printing into the WASM.
    saved_at_ms: u64,
    answers: Answers,
}

fn key(form: &FormRef) -> String {
    format!("bp-draft:{}:{}", form.id, form.version)
}

pub fn load(form: &FormRef) -> Option<Answers> {
    let raw = crate::storage::get(&key(form))?;
    // Read through `Value`, whose decoder the WASM has anyway, rather than with derived
    // `Deserialize` impls (a decoder of their own); the same drafts are accepted.
    let draft: Value = serde_json::from_str(&raw).ok()?;
    let saved_at_ms = draft.get("saved_at_ms")?.as_u64()?;
    let answers = answers_of(draft.get("answers")?)?;
    if now_ms().saturating_sub(saved_at_ms) > MAX_AGE_MS {
        remove(form);
        return None;
    }
    Some(answers)
}

/// Answers as serialized (`Answers`' own decoding by hand): an object whose `null`
/// members are absent; anything else makes the whole draft unreadable.
fn answers_of(value: &Value) -> Option<Answers> {
    value
        .as_object()?
        .iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| Some((k.clone(), answer_of(v)?)))
        .collect()
}

/// One answer, tried in the order of `AnswerValue`'s (untagged) variants.
fn answer_of(value: &Value) -> Option<AnswerValue> {
    Some(match value {
        Value::String(s) => AnswerValue::Text(s.clone()),
        Value::Bool(b) => AnswerValue::Bool(*b),
        Value::Array(items) => match items
            .iter()
            .map(|i| i.as_str().map(str::to_owned))
            .collect()
        {
            Some(list) => AnswerValue::List(list),
            None => AnswerValue::Items(items.iter().map(answers_of).collect::<Option<_>>()?),
        },
        Value::Object(_) => AnswerValue::Map(answers_of(value)?),
        _ => return None,
    })
}

/// The newest draft this browser keeps for another version of the same form.
pub fn find_older(form: &FormRef) -> Option<(u32, Answers)> {
    let storage = web_sys::window()?.local_storage().ok().flatten()?;
    let prefix = format!("bp-draft:{}:", form.id);
    let version = (0..storage.length().ok()?)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter_map(|key| key.strip_prefix(&prefix)?.parse::<u32>().ok())
        .filter(|&v| v != form.version)
        .max()?;
    let older = FormRef {
        id: form.id.clone(),
        version,
    };
    let answers = load(&older);
    // Read once: whatever happens next, the old draft is not offered again.
    remove(&older);
    Some((version, answers?))
}

/// Removes the answers of file fields (in groups too): the files themselves cannot be
/// kept in the browser, so a restored draft must not claim they were chosen. Returns
/// whether anything was removed.
pub fn strip_files<'f>(
    fields: impl IntoIterator<Item = &'f form_engine::Field>,
    answers: &mut Answers,
) -> bool {
    let mut removed = false;
    for field in fields {
        match &field.kind {
            form_engine::FieldKind::File { .. } => {
                removed |= answers.remove(&field.id).is_some();
            }
            form_engine::FieldKind::Group(form_engine::field_types::GroupField {
                fields, ..
            }) => {
                if let Some(AnswerValue::Items(mut items)) = answers.get(&field.id).cloned() {
                    for item in &mut items {
                        removed |= strip_files(fields.iter(), item);
                    }
                    answers.set(field.id.clone(), AnswerValue::Items(items));
                }
            }
            _ => {}
        }
    }
    removed
}

pub fn remove(form: &FormRef) {
    crate::storage::remove(&key(form));
}

/// How long an application sent from this browser is known by its answers (below):
/// long enough for another tab left open on the check page, short enough that the same
/// answers sent again on purpose later (after a rejection, say) are sent.
const SENT_MAX_AGE_MS: u64 = 30 * 60 * 1000;

fn sent_key(form: &FormRef) -> String {
    format!("bp-sent:{}:{}", form.id, form.version)
}

/// Notes that the answers `plain` (their JSON) were sent as `reference`, with the
/// checksum `sha512`: another tab holding a copy of the same draft would otherwise send
/// them a second time, as a second application (a probe in session 31 did).
pub fn note_sent(form: &FormRef, plain: &str, reference: &str, sha512: &str) {
    let note = serde_json::json!({
        "at": now_ms(),
        "answers": fingerprint(plain),
        "reference": reference,
        "sha512": sha512,
    });
    crate::storage::set(&sent_key(form), &note.to_string());
}

/// The reference and checksum under which these very answers were sent from this
/// browser within the last half hour, if they were.
pub fn sent_before(form: &FormRef, plain: &str) -> Option<(String, String)> {
    let note: Value = serde_json::from_str(&crate::storage::get(&sent_key(form))?).ok()?;
    let recent = now_ms().saturating_sub(note["at"].as_u64()?) < SENT_MAX_AGE_MS;
    if !recent || note["answers"].as_str()? != fingerprint(plain) {
        return None;
    }
    Some((
        note["reference"].as_str()?.to_owned(),
        note["sha512"].as_str()?.to_owned(),
    ))
}

/// FNV-1a (64 bits) of `text` in hex: the same answers give the same, others (all but
/// certainly) not. No secret and no attacker here; a digest would be asynchronous.
fn fingerprint(text: &str) -> String {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}

/// How long after the last change the draft is written. Writing localStorage on every
/// keystroke (the draft's JSON and two synchronous writes) took about 1 ms of each,
/// more than the engine's whole validation; leaving the page writes at once.
const SAVE_DELAY_MS: u32 = 400;

/// Keeps the draft written: shortly after the answers change, at once when the page is
/// hidden or left (`pagehide`, `visibilitychange`: reload, closed tab, another app on a
/// phone) and when the form is left inside the portal; removed at once when the answers
/// become empty ("delete my answers").
pub fn keep_saved(session: &FormSession) {
    let answers = session.answers;
    let key = key(&session.form);
    // A write is due: the answers changed since the last one.
    let due = StoredValue::new(false);
    let write = {
        let key = key.clone();
        move || {
            if due.try_get_value() != Some(true) {
                return;
            }
            due.set_value(false);
            let _ = answers.try_with_untracked(|answers| save(&key, answers));
        }
    };
    crate::reactive_view::effect({
        let write = write.clone();
        move || {
            // Nothing typed (or everything deleted): nothing is kept in this browser.
            if answers.with(Answers::is_empty) {
                due.set_value(false);
                crate::storage::remove(&key);
                return;
            }
            if !due.get_value() {
                due.set_value(true);
                let write = write.clone();
                leptos::task::spawn_local(async move {
                    crate::clock::sleep_ms(SAVE_DELAY_MS).await;
                    write();
                });
            }
        }
    });
    let on_leave = {
        let write = write.clone();
        move |_: web_sys::Event| write()
    };
    let hidden = window_event_listener_untyped("visibilitychange", on_leave.clone());
    let gone = window_event_listener_untyped("pagehide", on_leave);
    on_cleanup(move || {
        write();
        hidden.remove();
        gone.remove();
    });
}

// Not inlined into the write's task, which the first keystroke of a page starts (and so
// V8 compiles, 0.7 ms in a profile): the serialization is compiled when it first runs, a
// pause later, instead of in the keystroke (docs/BENCHMARKS.md, session 19).
#[inline(never)]
fn save(key: &str, answers: &Answers) {
    if answers.is_empty() {
        return;
    }
    let draft = serde_json::to_string(&Draft {
        saved_at_ms: now_ms(),
        answers: answers.clone(),
    });
    if let Ok(json) = draft {
        crate::storage::set(key, &json);
    }
}

#[cfg(test)]
mod tests {
    use super::answers_of;
    use form_engine::Answers;

    #[test]
    fn drafts_read_by_hand_as_answers_own_decoder_reads_them() {
        let json = r#"{"a":null,"t":"x","b":true,"l":["a"],"e":[],"i":[{"n":null,"k":"v"}],"m":{"s":"t"}}"#;
        let value = serde_json::from_str(json).unwrap();
        let expected: Answers = serde_json::from_str(json).unwrap();
        assert_eq!(answers_of(&value), Some(expected));
        for bad in [r#"{"n":1}"#, r#"[]"#, r#"{"l":["a",1]}"#, r#"{"i":[null]}"#] {
            let value = serde_json::from_str(bad).unwrap();
            assert_eq!(answers_of(&value), None, "{bad}");
            assert!(serde_json::from_str::<Answers>(bad).is_err(), "{bad}");
        }
    }
}
