// SPDX-License-Identifier: EUPL-1.2
//! An element whose only content is a text (a label, an option, a hint, a unit), built
//! with one `textContent` write. Under the release build's `erase_components`, `view!`
//! gives such an element a text node and a marker comment for its children: three DOM
//! calls more per element than this, and a comment node more in the page. The 300-field
//! page has about a thousand of them (docs/BENCHMARKS.md, session 15). The text and the
//! attributes are fixed once built; a step rebuilds its fields for another language.

use leptos::tachys::{
    html::attribute::any_attribute::AnyAttribute,
    hydration::Cursor,
    renderer::{Rndr, types},
    view::{Mountable, Position, PositionState, Render, RenderHtml},
};
use std::borrow::Cow;
use wasm_bindgen::JsCast;

/// `<tag attr="value" …>text</tag>`.
pub struct TextElement {
    tag: &'static str,
    attributes: Vec<(&'static str, Cow<'static, str>)>,
    text: String,
}

/// `<tag …>text</tag>` with `attributes` (name, value), in this order.
pub fn text_element(
    tag: &'static str,
    attributes: Vec<(&'static str, Cow<'static, str>)>,
    text: impl Into<String>,
) -> TextElement {
    TextElement {
        tag,
        attributes,
        text: text.into(),
    }
}

/// The element in the page.
pub struct TextElementState(types::Element);

impl Mountable for TextElementState {
    fn unmount(&mut self) {
        self.0.unmount();
    }

    fn mount(&mut self, parent: &types::Element, marker: Option<&types::Node>) {
        self.0.mount(parent, marker);
    }

    fn insert_before_this(&self, child: &mut dyn Mountable) -> bool {
        self.0.insert_before_this(child)
    }

    fn elements(&self) -> Vec<types::Element> {
        vec![self.0.clone()]
    }
}

impl Render for TextElement {
    type State = TextElementState;

    fn build(self) -> Self::State {
        let element = Rndr::create_element(self.tag, None);
        for (name, value) in &self.attributes {
            Rndr::set_attribute(&element, name, value);
        }
        element.set_text_content(Some(&self.text));
        TextElementState(element)
    }

    fn rebuild(self, state: &mut Self::State) {
        // Only when the same place shows another such element: replaced whole.
        let mut built = self.build();
        state.0.insert_before_this(&mut built);
        state.0.unmount();
        *state = built;
    }
}

leptos::tachys::no_attrs!(TextElement);

impl RenderHtml for TextElement {
    type AsyncOutput = Self;
    type Owned = Self;

    const MIN_LENGTH: usize = 0;

    fn dry_resolve(&mut self) {}

    async fn resolve(self) -> Self {
        self
    }

    // The portal renders in the browser only; this keeps the type a complete view.
    fn to_html_with_buf(
        self,
        buf: &mut String,
        position: &mut Position,
        _escape: bool,
        _mark_branches: bool,
        _extra_attrs: Vec<AnyAttribute>,
    ) {
        buf.push('<');
        buf.push_str(self.tag);
        for (name, value) in &self.attributes {
            buf.push(' ');
            buf.push_str(name);
            buf.push_str("=\"");
            buf.push_str(&escape_html(value));
            buf.push('"');
        }
        buf.push('>');
        buf.push_str(&escape_html(&self.text));
        buf.push_str("</");
        buf.push_str(self.tag);
        buf.push('>');
        *position = Position::NextChild;
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        cursor: &Cursor,
        position: &PositionState,
    ) -> Self::State {
        if position.get() == Position::FirstChild {
            cursor.child();
        } else if position.get() != Position::Current {
            cursor.sibling();
        }
        position.set(Position::NextChild);
        match cursor.current().dyn_into::<types::Element>() {
            Ok(element) => TextElementState(element),
            // Not what the server sent: built anew instead.
            Err(_) => self.build(),
        }
    }

    fn into_owned(self) -> Self::Owned {
        self
    }
}

/// `text` with `&`, `<`, `>` and `"` as character references: for an element's text or a
/// double-quoted attribute value (also the embed snippet's, `preview/embed.rs`).
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_html_form_escapes_text_and_attributes() {
        let element = text_element(
            "label",
            vec![("for", "f-a\"b".into())],
            "<b>Tom & \"Jerry\"</b>",
        );
        assert_eq!(
            element.to_html(),
            "<label for=\"f-a&quot;b\">&lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt;</label>"
        );
    }
}
