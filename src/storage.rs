// SPDX-License-Identifier: EUPL-1.2
//! The browser's localStorage, where it is available. Private modes and embedded frames
//! may refuse it: then nothing is stored and the portal still works.
//!
//! What the portal keeps there about a person (drafts, the place chosen per service,
//! status tokens of submissions) is kept only as long as needed: each such entry is dated
//! when written, and at every start entries older than [`PERSONAL_DATA_DAYS`] are deleted,
//! whether or not their form is ever opened again. The language choice is not personal
//! and stays.

use crate::clock::now_ms;

/// Keys of personal data, by prefix.
const PERSONAL: &[&str] = &["bp-draft:", "bp-place:", "bp-status:", "bp-sent:"];

/// The date (milliseconds since 1970) a personal entry was written, under this prefix
/// followed by the entry's key.
const WRITTEN: &str = "bp-written:";

/// Days personal data is kept in the browser after it was last written.
pub const PERSONAL_DATA_DAYS: u64 = 30;

const DAY_MS: u64 = 24 * 60 * 60 * 1000;

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn is_personal(key: &str) -> bool {
    PERSONAL.iter().any(|prefix| key.starts_with(prefix))
}

pub fn get(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

pub fn set(key: &str, value: &str) {
    if let Some(storage) = local_storage() {
        // A full quota must not break the form: the draft simply is not kept.
        let _ = storage.set_item(key, value);
        if is_personal(key) {
            let _ = storage.set_item(&dated_key(key), &now_ms().to_string());
        }
    }
}

pub fn remove(key: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(key);
        let _ = storage.remove_item(&dated_key(key));
    }
}

fn dated_key(key: &str) -> String {
    let mut dated = String::with_capacity(WRITTEN.len() + key.len());
    dated.push_str(WRITTEN);
    dated.push_str(key);
    dated
}

/// Every key in the storage.
fn keys(storage: &web_sys::Storage) -> Vec<String> {
    let count = storage.length().unwrap_or(0);
    (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .collect()
}

/// Deletes the personal entries written more than [`PERSONAL_DATA_DAYS`] ago (and dates
/// those an older version left undated as written now). Called at every start.
pub fn expire_personal_data() {
    let Some(storage) = local_storage() else {
        return;
    };
    let now = now_ms();
    let oldest = now.saturating_sub(PERSONAL_DATA_DAYS * DAY_MS);
    for key in keys(&storage).into_iter().filter(|key| is_personal(key)) {
        let dated = dated_key(&key);
        match storage
            .get_item(&dated)
            .ok()
            .flatten()
            .and_then(|written| written.parse::<u64>().ok())
        {
            Some(written) if written < oldest => remove(&key),
            Some(_) => {}
            None => {
                let _ = storage.set_item(&dated, &now.to_string());
            }
        }
    }
    // Dates whose entry is gone.
    for dated in keys(&storage) {
        let gone = dated
            .strip_prefix(WRITTEN)
            .is_some_and(|key| storage.get_item(key).ok().flatten().is_none());
        if gone {
            let _ = storage.remove_item(&dated);
        }
    }
}

/// Deletes everything personal the portal keeps in this browser: every draft, every
/// chosen place and every status token ("Meine Angaben löschen").
pub fn remove_personal_data() {
    let Some(storage) = local_storage() else {
        return;
    };
    for key in keys(&storage) {
        if is_personal(&key) || key.starts_with(WRITTEN) {
            let _ = storage.remove_item(&key);
        }
    }
}
