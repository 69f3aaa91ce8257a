// SPDX-License-Identifier: EUPL-1.2
//! Drafts: the answers kept in this browser on every change, so that a reload, a closed
//! tab or a dropped connection loses nothing. They expire after 30 days and are removed
//! after a successful submission.

use super::FormSession;
use crate::api::FormRef;
use form_engine::Answers;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

const MAX_AGE_MS: u64 = 30 * 24 * 60 * 60 * 1000;

#[derive(Serialize, Deserialize)]
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
    let draft: Draft = serde_json::from_str(&raw).ok()?;
    if now_ms().saturating_sub(draft.saved_at_ms) > MAX_AGE_MS {
        remove(form);
        return None;
    }
    Some(draft.answers)
}

pub fn remove(form: &FormRef) {
    crate::storage::remove(&key(form));
}

/// Writes the draft whenever the answers change.
pub fn keep_saved(session: &FormSession) {
    let answers = session.answers;
    let key = key(&session.form);
    Effect::new(move |_| {
        let draft = answers.with(|answers| {
            serde_json::to_string(&Draft {
                saved_at_ms: now_ms(),
                answers: answers.clone(),
            })
        });
        if let Ok(json) = draft {
            crate::storage::set(&key, &json);
        }
    });
}

fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}
