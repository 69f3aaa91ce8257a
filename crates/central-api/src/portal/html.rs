// SPDX-License-Identifier: EUPL-1.2
//! What the portal's `index.html` (as trunk writes it, minified or not) names, and the
//! same file rewritten for a deployment under a base path or with the API on another
//! origin.

/// A start tag's attribute: lower-case name, raw value and the value's byte range in
/// the document (empty range right after the name for an attribute without value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute<'a> {
    pub name: String,
    pub value: &'a str,
    pub span: std::ops::Range<usize>,
}

/// A start tag: lower-case name, attributes, and the byte range of the whole tag.
#[derive(Debug, Clone)]
pub struct Tag<'a> {
    pub name: String,
    pub attributes: Vec<Attribute<'a>>,
    pub span: std::ops::Range<usize>,
    /// For `<script>` and `<style>`: the byte range of the raw text up to the end tag.
    pub text: Option<std::ops::Range<usize>>,
}

impl Tag<'_> {
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|a| a.name == name)
            .map(|a| a.value)
    }

    /// Whether the space-separated `rel` contains `token` (ASCII case-insensitive).
    pub fn rel_has(&self, token: &str) -> bool {
        self.attribute("rel").is_some_and(|rel| {
            rel.split_ascii_whitespace()
                .any(|t| t.eq_ignore_ascii_case(token))
        })
    }
}

/// Every start tag of `html` in document order (comments skipped, the raw text of
/// `<script>` and `<style>` not searched for tags).
pub fn tags(html: &str) -> Vec<Tag<'_>> {
    let bytes = html.as_bytes();
    let lower = html.to_ascii_lowercase();
    let mut tags = Vec::new();
    let mut pos = 0;
    while let Some(found) = html[pos..].find('<') {
        let start = pos + found;
        if html[start..].starts_with("<!--") {
            pos = html[start..]
                .find("-->")
                .map_or(html.len(), |end| start + end + 3);
            continue;
        }
        let name_start = start + 1;
        if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            pos = name_start;
            continue;
        }
        let mut i = name_start;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && bytes[i] != b'>'
            && bytes[i] != b'/'
        {
            i += 1;
        }
        let name = lower[name_start..i].to_owned();
        let (attributes, end) = attributes(html, i);
        let mut tag = Tag {
            name,
            attributes,
            span: start..end,
            text: None,
        };
        pos = end;
        if tag.name == "script" || tag.name == "style" {
            let close = format!("</{}", tag.name);
            let text_end = lower[end..].find(&close).map_or(html.len(), |p| end + p);
            tag.text = Some(end..text_end);
            pos = text_end;
        }
        tags.push(tag);
    }
    tags
}

/// The attributes from `from` to the end of the start tag, and the index after its `>`.
fn attributes(html: &str, from: usize) -> (Vec<Attribute<'_>>, usize) {
    let bytes = html.as_bytes();
    let mut i = from;
    let mut out = Vec::new();
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            return (out, bytes.len());
        }
        if bytes[i] == b'>' {
            return (out, i + 1);
        }
        let name_start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
        {
            i += 1;
        }
        let name = html[name_start..i].to_ascii_lowercase();
        let mut j = i;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        if bytes.get(j) != Some(&b'=') {
            out.push(Attribute {
                name,
                value: "",
                span: i..i,
            });
            continue;
        }
        j += 1;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        let (value_start, value_end, next) = match bytes.get(j) {
            Some(&q @ (b'"' | b'\'')) => {
                let end = html[j + 1..]
                    .find(q as char)
                    .map_or(html.len(), |p| j + 1 + p);
                (j + 1, end, (end + 1).min(html.len()))
            }
            _ => {
                let mut end = j;
                while end < bytes.len() && !bytes[end].is_ascii_whitespace() && bytes[end] != b'>' {
                    end += 1;
                }
                (j, end, end)
            }
        };
        out.push(Attribute {
            name,
            value: &html[value_start..value_end],
            span: value_start..value_end,
        });
        i = next;
    }
}

/// The portal's own files as `index.html` names them (paths as written, e.g.
/// `/buergerportal-1d88772124e59eef.js`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexAssets {
    /// The wasm-bindgen JavaScript module.
    pub js: Option<String>,
    /// The WebAssembly module.
    pub wasm: Option<String>,
    /// The stylesheets, in document order.
    pub stylesheets: Vec<String>,
}

/// Reads the JS module and WASM file from trunk's inline loader script (`import init …
/// from '/x.js'`, `module_or_path: '/x_bg.wasm'`), else from the `modulepreload` and
/// `preload` links; the stylesheets from `<link rel=stylesheet>`.
pub fn index_assets(html: &str) -> IndexAssets {
    let mut assets = IndexAssets::default();
    let tags = tags(html);
    for tag in &tags {
        if tag.name == "script" && tag.attribute("src").is_none() {
            let text = &html[tag.text.clone().unwrap_or(0..0)];
            for (_, literal) in path_literals(text) {
                let path = literal.split(['?', '#']).next().unwrap_or_default();
                if path.ends_with(".wasm") {
                    assets.wasm.get_or_insert_with(|| literal.to_owned());
                } else if path.ends_with(".js") {
                    assets.js.get_or_insert_with(|| literal.to_owned());
                }
            }
        }
    }
    for tag in &tags {
        if tag.name != "link" {
            continue;
        }
        let Some(href) = tag.attribute("href").filter(|h| !h.is_empty()) else {
            continue;
        };
        if tag.rel_has("stylesheet") {
            assets.stylesheets.push(href.to_owned());
        } else if tag.rel_has("modulepreload") && assets.js.is_none() {
            assets.js = Some(href.to_owned());
        } else if tag.rel_has("preload") && href.ends_with(".wasm") && assets.wasm.is_none() {
            assets.wasm = Some(href.to_owned());
        }
    }
    assets
}

/// Every quoted JavaScript string literal starting with `/` (not `//`) in `script`, with
/// the byte offset of its text.
fn path_literals(script: &str) -> Vec<(usize, &str)> {
    let bytes = script.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let q = bytes[i];
        if matches!(q, b'\'' | b'"' | b'`') {
            let start = i + 1;
            let Some(len) = script[start..].find(q as char) else {
                break;
            };
            let literal = &script[start..start + len];
            if literal.starts_with('/')
                && !literal.starts_with("//")
                && !literal.contains(['\\', '\n', '$'])
            {
                out.push((start, literal));
            }
            i = start + len + 1;
        } else {
            i += 1;
        }
    }
    out
}

/// How `index.html` is changed for a deployment variant.
#[derive(Debug, Clone, Default)]
pub struct Rewrite<'a> {
    /// `""` or a path like `/buergerportal` (no trailing slash).
    pub base_path: &'a str,
    /// The API's origin when it is not the portal's.
    pub api_url: Option<&'a str>,
}

fn escape_attribute(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// `html` rewritten: with a base path, every `href`/`src` starting with `/` (not `//`)
/// and every string literal of an inline script that names one of the portal's files
/// (`is_file` says which paths are) gets the base path in front, and
/// `<meta name="buergerportal-base">` is added; with an API URL,
/// `<meta name="buergerportal-api">`. The metas go right after `<meta charset>` (else
/// after `<head>`, else at the start of the document's head). Without either, `html`
/// comes back unchanged.
pub fn rewrite(html: &str, options: &Rewrite, is_file: impl Fn(&str) -> bool) -> String {
    let base = options.base_path;
    if base.is_empty() && options.api_url.is_none() {
        return html.to_owned();
    }
    // (range to replace, replacement), applied back to front.
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let tags = tags(html);
    let mut metas = String::new();
    if !base.is_empty() {
        metas.push_str(&format!(
            "<meta name=\"buergerportal-base\" content=\"{}\">",
            escape_attribute(base)
        ));
    }
    if let Some(api) = options.api_url {
        metas.push_str(&format!(
            "<meta name=\"buergerportal-api\" content=\"{}\">",
            escape_attribute(api)
        ));
    }
    let insert_at = tags
        .iter()
        .find(|t| t.name == "meta" && t.attribute("charset").is_some())
        .or_else(|| tags.iter().find(|t| t.name == "head"))
        .or_else(|| tags.iter().find(|t| t.name == "html"))
        .map_or(0, |t| t.span.end);
    edits.push((insert_at..insert_at, metas));
    if !base.is_empty() {
        for tag in &tags {
            for attribute in &tag.attributes {
                if matches!(attribute.name.as_str(), "href" | "src")
                    && attribute.value.starts_with('/')
                    && !attribute.value.starts_with("//")
                {
                    edits.push((attribute.span.start..attribute.span.start, base.to_owned()));
                }
            }
            if tag.name == "script" && tag.attribute("src").is_none() {
                let range = tag.text.clone().unwrap_or(0..0);
                for (offset, literal) in path_literals(&html[range.clone()]) {
                    let path = literal.split(['?', '#']).next().unwrap_or_default();
                    if is_file(path) {
                        let at = range.start + offset;
                        edits.push((at..at, base.to_owned()));
                    }
                }
            }
        }
    }
    edits.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
    let mut out = html.to_owned();
    for (range, replacement) in edits {
        out.replace_range(range, &replacement);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `dist/index.html` as trunk 0.21 writes it with `minify = "on_release"`.
    const TRUNK: &str = "<!doctype html><html lang=de><meta charset=utf-8><meta content=\"width=device-width,initial-scale=1\" name=viewport><title>Bürgerportal</title><script type=module>import init, * as bindings from '/buergerportal-1d88772124e59eef.js';\nconst wasm = await init({ module_or_path: '/buergerportal-1d88772124e59eef_bg.wasm' });\nwindow.wasmBindings = bindings;\ndispatchEvent(new CustomEvent(\"TrunkApplicationStarted\", {detail: {wasm}}));</script><link href=/kern-8c80900d5170f4ff.css integrity=sha384-W/T1 rel=stylesheet><link href=/portal-bd0a5ed26fdcac02.css integrity=sha384-cXkM rel=stylesheet><link href=/favicon-e4b65505e5e948cd.svg integrity=sha384-6dNS rel=icon><link crossorigin href=/buergerportal-1d88772124e59eef.js integrity=sha384-btaU rel=modulepreload><link as=fetch crossorigin href=/buergerportal-1d88772124e59eef_bg.wasm integrity=sha384-lN4+ rel=preload type=application/wasm></head><body><noscript>Das Bürgerportal braucht JavaScript.</noscript></body></html>";

    #[test]
    fn reads_the_assets_trunk_names() {
        assert_eq!(
            index_assets(TRUNK),
            IndexAssets {
                js: Some("/buergerportal-1d88772124e59eef.js".into()),
                wasm: Some("/buergerportal-1d88772124e59eef_bg.wasm".into()),
                stylesheets: vec![
                    "/kern-8c80900d5170f4ff.css".into(),
                    "/portal-bd0a5ed26fdcac02.css".into()
                ],
            }
        );
        // From the links alone, quoted attributes, upper case.
        let links = "<HEAD><LINK REL=\"modulepreload\" HREF='/a-0123456789abcdef.js'><link rel=\"preload\" href=\"/a-0123456789abcdef_bg.wasm\" as=\"fetch\"><link rel=\"alternate stylesheet\" href=\"/x.css\"></HEAD>";
        assert_eq!(
            index_assets(links),
            IndexAssets {
                js: Some("/a-0123456789abcdef.js".into()),
                wasm: Some("/a-0123456789abcdef_bg.wasm".into()),
                stylesheets: vec!["/x.css".into()],
            }
        );
        assert_eq!(index_assets("<p>nothing</p>"), IndexAssets::default());
    }

    #[test]
    fn tags_skip_comments_and_script_text() {
        let html = "<!-- <link href=/no> --><script>let a = '<link href=/no2>';</script><link href=\"/yes\" disabled>";
        let tags = tags(html);
        let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["script", "link"]);
        assert_eq!(tags[1].attribute("href"), Some("/yes"));
        assert_eq!(tags[1].attribute("disabled"), Some(""));
        assert_eq!(
            &html[tags[0].text.clone().unwrap()],
            "let a = '<link href=/no2>';"
        );
    }

    #[test]
    fn base_path_goes_before_every_absolute_reference() {
        let files = [
            "/buergerportal-1d88772124e59eef.js",
            "/buergerportal-1d88772124e59eef_bg.wasm",
        ];
        let out = rewrite(
            TRUNK,
            &Rewrite {
                base_path: "/buergerportal",
                api_url: None,
            },
            |p| files.contains(&p),
        );
        assert!(out.contains(
            "<meta charset=utf-8><meta name=\"buergerportal-base\" content=\"/buergerportal\">"
        ));
        assert!(out.contains("from '/buergerportal/buergerportal-1d88772124e59eef.js'"));
        assert!(
            out.contains("module_or_path: '/buergerportal/buergerportal-1d88772124e59eef_bg.wasm'")
        );
        for href in [
            "href=/buergerportal/kern-8c80900d5170f4ff.css ",
            "href=/buergerportal/portal-bd0a5ed26fdcac02.css ",
            "href=/buergerportal/favicon-e4b65505e5e948cd.svg ",
            "href=/buergerportal/buergerportal-1d88772124e59eef.js ",
            "href=/buergerportal/buergerportal-1d88772124e59eef_bg.wasm ",
        ] {
            assert!(out.contains(href), "{href}\n{out}");
        }
        // Nothing else changed.
        let back = out
            .replace(
                "<meta name=\"buergerportal-base\" content=\"/buergerportal\">",
                "",
            )
            .replace("/buergerportal/", "/");
        assert_eq!(back, TRUNK);
        // The assets of the rewritten file carry the base path.
        assert_eq!(
            index_assets(&out).js.as_deref(),
            Some("/buergerportal/buergerportal-1d88772124e59eef.js")
        );
    }

    #[test]
    fn literals_that_name_no_file_and_protocol_relative_urls_stay() {
        let html = "<head><script>fetch('/api/x');import('/a.js');</script><script src=//cdn/x.js></script><a href=\"/\">x</a></head>";
        let out = rewrite(
            html,
            &Rewrite {
                base_path: "/bp",
                api_url: Some("https://api.example"),
            },
            |p| p == "/a.js",
        );
        assert_eq!(
            out,
            "<head><meta name=\"buergerportal-base\" content=\"/bp\"><meta name=\"buergerportal-api\" content=\"https://api.example\"><script>fetch('/api/x');import('/bp/a.js');</script><script src=//cdn/x.js></script><a href=\"/bp/\">x</a></head>"
        );
    }

    #[test]
    fn api_url_alone_adds_its_meta_only() {
        let out = rewrite(
            TRUNK,
            &Rewrite {
                base_path: "",
                api_url: Some("http://127.0.0.1:9000"),
            },
            |_| true,
        );
        assert_eq!(
            out.replace(
                "<meta name=\"buergerportal-api\" content=\"http://127.0.0.1:9000\">",
                ""
            ),
            TRUNK
        );
        assert!(out.contains("<meta charset=utf-8><meta name=\"buergerportal-api\""));
        assert_eq!(rewrite(TRUNK, &Rewrite::default(), |_| true), TRUNK);
    }
}
