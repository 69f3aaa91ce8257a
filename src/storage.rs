// SPDX-License-Identifier: EUPL-1.2
//! The browser's localStorage, where it is available. Private modes and embedded frames
//! may refuse it: then nothing is stored and the portal still works.

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn get(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

pub fn set(key: &str, value: &str) {
    if let Some(storage) = local_storage() {
        // A full quota must not break the form: the draft simply is not kept.
        let _ = storage.set_item(key, value);
    }
}

pub fn remove(key: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(key);
    }
}
