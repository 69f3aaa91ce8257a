//! Finds the line and column of a JSON Pointer in the original text.
//!
//! serde_json::Value forgets positions, so after a semantic check fails we
//! re-scan the (already known valid) text to show the author where. Computed
//! only on the error path.

/// 1-based (line, column) of the value at `pointer` (RFC 6901, "" = root).
/// If a member does not exist (e.g. a missing property), the position of the
/// deepest existing ancestor is returned. Columns count characters.
pub fn line_column(text: &str, pointer: &str) -> (usize, usize) {
    let offset = offset_of(text, pointer);
    position(text, offset)
}

/// 1-based (line, column) of a byte offset.
pub fn position(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn unescape_token(t: &str) -> String {
    t.replace("~1", "/").replace("~0", "~")
}

/// Byte offset of the value at `pointer`.
pub fn offset_of(text: &str, pointer: &str) -> usize {
    let b = text.as_bytes();
    let mut pos = skip_ws(b, 0);
    if pointer.is_empty() {
        return pos;
    }
    for raw in pointer.trim_start_matches('/').split('/') {
        let token = unescape_token(raw);
        match b.get(pos) {
            Some(b'{') => match find_member(text, pos, &token) {
                Some(p) => pos = p,
                None => return pos,
            },
            Some(b'[') => {
                let Ok(index) = token.parse::<usize>() else {
                    return pos;
                };
                match find_element(b, pos, index) {
                    Some(p) => pos = p,
                    None => return pos,
                }
            }
            _ => return pos,
        }
    }
    pos
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// End (exclusive) of the string starting at `i` (which is a `"`).
fn skip_string(b: &[u8], mut i: usize) -> usize {
    i += 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// End (exclusive) of the value starting at `i`; iterative, no recursion.
fn skip_value(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        Some(b'"') => skip_string(b, i),
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            let mut j = i;
            while j < b.len() {
                match b[j] {
                    b'"' => {
                        j = skip_string(b, j);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return j + 1;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            b.len()
        }
        _ => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
            {
                j += 1;
            }
            j
        }
    }
}

fn find_member(text: &str, obj: usize, key: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = skip_ws(b, obj + 1);
    while b.get(i) == Some(&b'"') {
        let end = skip_string(b, i);
        // Read as a `Value`, the one way the portal's WASM reads JSON: a `String` target
        // would bring serde's typed-error messages, and with them a float printer
        // (docs/SIZE.md, session 22).
        let serde_json::Value::String(name) = serde_json::from_str(text.get(i..end)?).ok()? else {
            return None;
        };
        i = skip_ws(b, end);
        if b.get(i) != Some(&b':') {
            return None;
        }
        i = skip_ws(b, i + 1);
        if name == key {
            return Some(i);
        }
        i = skip_ws(b, skip_value(b, i));
        if b.get(i) == Some(&b',') {
            i = skip_ws(b, i + 1);
        }
    }
    None
}

fn find_element(b: &[u8], arr: usize, index: usize) -> Option<usize> {
    let mut i = skip_ws(b, arr + 1);
    if b.get(i) == Some(&b']') {
        return None;
    }
    for _ in 0..index {
        i = skip_ws(b, skip_value(b, i));
        if b.get(i) != Some(&b',') {
            return None;
        }
        i = skip_ws(b, i + 1);
    }
    Some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "{\n  \"a\": 1,\n  \"s\": \"x}\\\"]\",\n  \"list\": [\n    {\"id\": \"b\"},\n    {\"id\": \"ä\", \"t/x\": true}\n  ]\n}";

    #[test]
    fn finds_root_members_and_elements() {
        assert_eq!(line_column(DOC, ""), (1, 1));
        assert_eq!(line_column(DOC, "/a"), (2, 8));
        assert_eq!(line_column(DOC, "/list"), (4, 11));
        assert_eq!(line_column(DOC, "/list/0"), (5, 5));
        assert_eq!(line_column(DOC, "/list/1/id"), (6, 12));
    }

    #[test]
    fn skips_strings_with_brackets_and_counts_chars() {
        // After "ä" (one char, two bytes) the column must still be right.
        assert_eq!(line_column(DOC, "/list/1/t~1x"), (6, 24));
    }

    #[test]
    fn missing_member_points_at_deepest_ancestor() {
        assert_eq!(line_column(DOC, "/list/1/nope"), (6, 5));
        assert_eq!(line_column(DOC, "/list/7"), (4, 11));
        assert_eq!(line_column(DOC, "/a/b"), (2, 8));
    }

    #[test]
    fn position_handles_offsets_past_end() {
        assert_eq!(position("ab\ncd", 99), (2, 3));
        assert_eq!(position("ä", 1), (1, 1));
    }
}
