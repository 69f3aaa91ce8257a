// SPDX-License-Identifier: EUPL-1.2
//! Text from outside quoted in a message (a sender's value, a relay's answer, a typo in a
//! template): cut to a bound and marked where it was cut, so that the message stays
//! readable and within the size its log line, store or event allows.

/// `text` cut to `chars` characters, with "…" where it was cut.
pub fn to_chars(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// `text` cut to at most `bytes` bytes on a character boundary (a store's or an event's
/// bound in bytes), unmarked.
pub fn truncate_to_bytes(text: &mut String, bytes: usize) {
    if text.len() > bytes {
        // `str::floor_char_boundary` once the workspace's MSRV has it (1.91).
        let mut end = bytes;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_at_characters_not_bytes() {
        assert_eq!(to_chars("Straße", 10), "Straße");
        assert_eq!(to_chars("Straße", 6), "Straße");
        assert_eq!(to_chars("Straße", 5), "Straß…");
        assert_eq!(to_chars("Straße", 4), "Stra…");
        assert_eq!(to_chars("", 0), "");
    }

    #[test]
    fn truncates_on_a_character_boundary() {
        let mut text = String::from("Straße");
        truncate_to_bytes(&mut text, 10);
        assert_eq!(text, "Straße");
        truncate_to_bytes(&mut text, 5);
        assert_eq!(text, "Stra", "ß takes two bytes: it goes whole");
        truncate_to_bytes(&mut text, 0);
        assert_eq!(text, "");
    }
}
