//! Where a node of a definition is, while it is decoded: the chain of its parents, kept on
//! the stack and written out as a JSON Pointer only when a problem is reported there.
//! Writing every node's pointer as it was visited was half of decoding a valid definition
//! (a `format!` and two escapes per member: 1.0 of 2.1 ms for 300 fields natively,
//! docs/BENCHMARKS.md, session 18), and a valid definition reports nothing.

use std::fmt::Write;

/// A node's place: the document, or a member or element of the node at another place.
#[derive(Clone, Copy, Debug)]
pub(crate) enum At<'a> {
    Root,
    Key(&'a At<'a>, &'a str),
    Index(&'a At<'a>, usize),
}

impl<'a> At<'a> {
    /// The member `key` of the node here.
    pub(crate) fn key(&'a self, key: &'a str) -> At<'a> {
        At::Key(self, key)
    }

    /// The element `index` of the array here.
    pub(crate) fn index(&'a self, index: usize) -> At<'a> {
        At::Index(self, index)
    }

    /// The JSON Pointer (RFC 6901) of this place: `""` for the document,
    /// `/steps/0/fields/3/type`, keys escaped (`~` as `~0`, `/` as `~1`).
    pub(crate) fn pointer(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    /// Parents first; the depth is bounded by the decoder's nesting limit
    /// ([`super::MAX_DEPTH`], checked before decoding).
    fn write(&self, out: &mut String) {
        match self {
            At::Root => {}
            At::Key(parent, key) => {
                parent.write(out);
                out.push('/');
                for c in key.chars() {
                    match c {
                        '~' => out.push_str("~0"),
                        '/' => out.push_str("~1"),
                        c => out.push(c),
                    }
                }
            }
            At::Index(parent, index) => {
                parent.write(out);
                // Infallible for a String.
                let _ = write!(out, "/{index}");
            }
        }
    }
}

impl From<&At<'_>> for String {
    fn from(at: &At<'_>) -> String {
        at.pointer()
    }
}

#[cfg(test)]
mod tests {
    use super::At;

    #[test]
    fn pointers_escape_keys_and_count_from_the_document() {
        let root = At::Root;
        assert_eq!(root.pointer(), "");
        let steps = root.key("steps");
        let step = steps.index(0);
        let odd = step.key("a/b~c");
        assert_eq!(odd.pointer(), "/steps/0/a~1b~0c");
        let empty = root.key("");
        assert_eq!(empty.pointer(), "/");
    }

    #[test]
    fn the_pointer_finds_the_node_it_names() {
        let doc = serde_json::json!({"steps": [{"a/b~c": {"x": [1, 2, 3]}}]});
        let root = At::Root;
        let steps = root.key("steps");
        let step = steps.index(0);
        let odd = step.key("a/b~c");
        let x = odd.key("x");
        let third = x.index(2);
        assert_eq!(doc.pointer(&third.pointer()), Some(&serde_json::json!(3)));
    }
}
