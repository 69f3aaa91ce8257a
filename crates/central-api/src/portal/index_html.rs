// SPDX-License-Identifier: EUPL-1.2
//! What the portal's `index.html` (as trunk writes it, minified or not) names, its inline
//! scripts, and the same file rewritten for a deployment under a base path or with the
//! API on another origin: with lol_html, a streaming HTML rewriter that tokenizes as
//! browsers do and leaves everything it is not asked to change byte for byte.

use std::cell::RefCell;

use lol_html::{
    RewriteStrSettings, element, errors::RewritingError, html_content::ContentType, text,
};

/// `index.html` could not be read as HTML.
#[derive(Debug, thiserror::Error)]
#[error("index.html: {0}")]
pub struct IndexError(#[from] RewritingError);

/// Runs lol_html over `html` with `handlers`, lenient as a browser (`strict: false`:
/// markup whose parsing context is ambiguous is read as well as it can be, not refused).
fn run<'h, 's>(
    html: &str,
    element_content_handlers: Vec<(
        std::borrow::Cow<'s, lol_html::Selector>,
        lol_html::ElementContentHandlers<'h>,
    )>,
) -> Result<String, IndexError> {
    Ok(lol_html::rewrite_str(
        html,
        RewriteStrSettings {
            element_content_handlers,
            strict: false,
            ..RewriteStrSettings::default()
        },
    )?)
}

/// The text of every `<script>` without a `src` attribute, in document order, exactly as
/// written (what a Content-Security-Policy hash is taken of).
pub fn inline_scripts(html: &str) -> Result<Vec<String>, IndexError> {
    let scripts = RefCell::new(Vec::<String>::new());
    run(
        html,
        vec![
            element!("script:not([src])", |_| {
                scripts.borrow_mut().push(String::new());
                Ok(())
            }),
            text!("script:not([src])", |chunk| {
                if let Some(last) = scripts.borrow_mut().last_mut() {
                    last.push_str(chunk.as_str());
                }
                Ok(())
            }),
        ],
    )?;
    Ok(scripts.into_inner())
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
    /// The WASM chunk of the controls of some field types, where the index names it.
    pub later_controls: Option<ControlsChunk>,
}

/// The chunk with the controls of the field types forms ask for late, as the portal's build
/// names it: `<meta name="buergerportal-later-controls" content="datetime file group"
/// data-files="x_split_chunk_3-….wasm x_split_later_controls-….wasm">`
/// (`src/form/controls/later.rs`, `scripts/split-wasm.mjs`). A form page whose step shows
/// a field of these types preloads its files (`page_data`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ControlsChunk {
    /// The field types (`type` of a definition's field).
    pub field_types: Vec<String>,
    /// The files, as the page names them: beside the WASM module, as the split loader
    /// fetches them (relative to itself, which is beside the module too).
    pub hrefs: Vec<String>,
}

impl ControlsChunk {
    /// Whether a field of type `field_type` needs the chunk.
    pub fn has(&self, field_type: &str) -> bool {
        self.field_types.iter().any(|t| t == field_type)
    }
}

/// The `name` of the meta element that names the controls' chunk.
const CONTROLS_META: &str = "buergerportal-later-controls";

/// Whether the space-separated `rel` contains `token` (ASCII case-insensitive).
fn rel_has(rel: &str, token: &str) -> bool {
    rel.split_ascii_whitespace()
        .any(|t| t.eq_ignore_ascii_case(token))
}

/// Reads the JS module and WASM file from trunk's inline loader script (`import init …
/// from '/x.js'`, `module_or_path: '/x_bg.wasm'`), else from the `modulepreload` and
/// `preload` links; the stylesheets from `<link rel=stylesheet>`.
pub fn index_assets(html: &str) -> Result<IndexAssets, IndexError> {
    let links = RefCell::new(Vec::<(String, String)>::new());
    let controls = RefCell::new(None::<(String, String)>);
    run(
        html,
        vec![
            element!("link[href]", |el| {
                let href = el.get_attribute("href").unwrap_or_default();
                let rel = el.get_attribute("rel").unwrap_or_default();
                if !href.is_empty() {
                    links.borrow_mut().push((rel, href));
                }
                Ok(())
            }),
            element!("meta[name][data-files]", |el| {
                if el.get_attribute("name").as_deref() == Some(CONTROLS_META) {
                    let types = el.get_attribute("content").unwrap_or_default();
                    let files = el.get_attribute("data-files").unwrap_or_default();
                    controls.borrow_mut().get_or_insert((types, files));
                }
                Ok(())
            }),
        ],
    )?;
    let mut assets = IndexAssets::default();
    for script in inline_scripts(html)? {
        for (_, literal) in path_literals(&script) {
            let path = literal.split(['?', '#']).next().unwrap_or_default();
            if path.ends_with(".wasm") {
                assets.wasm.get_or_insert_with(|| literal.to_owned());
            } else if path.ends_with(".js") {
                assets.js.get_or_insert_with(|| literal.to_owned());
            }
        }
    }
    for (rel, href) in links.into_inner() {
        if rel_has(&rel, "stylesheet") {
            assets.stylesheets.push(href);
        } else if rel_has(&rel, "modulepreload") && assets.js.is_none() {
            assets.js = Some(href);
        } else if rel_has(&rel, "preload") && href.ends_with(".wasm") && assets.wasm.is_none() {
            assets.wasm = Some(href);
        }
    }
    if let (Some((types, files)), Some(wasm)) = (controls.into_inner(), &assets.wasm) {
        let folder = &wasm[..wasm.rfind('/').map_or(0, |at| at + 1)];
        // Only plain file names: the build writes nothing else, and nothing else may be
        // turned into a link of the page.
        let plain = |file: &str| {
            file.ends_with(".wasm")
                && file
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        };
        let files: Vec<&str> = files.split_ascii_whitespace().collect();
        // All or nothing: a chunk preloaded in part is loaded in part (a file not preloaded
        // comes one round trip later), which no build writes.
        if !files.is_empty() && files.iter().all(|file| plain(file)) {
            assets.later_controls = Some(ControlsChunk {
                field_types: types.split_ascii_whitespace().map(str::to_owned).collect(),
                hrefs: files.iter().map(|file| format!("{folder}{file}")).collect(),
            });
        } else {
            tracing::warn!(
                files = ?files,
                "index.html names the controls' chunk without plain file names: not preloaded"
            );
        }
    }
    Ok(assets)
}

/// Every quoted JavaScript string literal starting with `/` (not `//`) in `script`, with
/// the byte offset of its text. Enough for trunk's few-line loader script, which is all
/// the portal's pages hold; not a JavaScript parser.
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

/// `script` with `base` in front of every path literal that names one of the portal's
/// files.
fn prefix_literals(script: &str, base: &str, is_file: &impl Fn(&str) -> bool) -> String {
    let mut out = String::with_capacity(script.len() + base.len() * 2);
    let mut copied = 0;
    for (offset, literal) in path_literals(script) {
        let path = literal.split(['?', '#']).next().unwrap_or_default();
        if is_file(path) {
            out.push_str(&script[copied..offset]);
            out.push_str(base);
            copied = offset;
        }
    }
    out.push_str(&script[copied..]);
    out
}

/// How `index.html` is changed for a deployment variant.
#[derive(Debug, Clone)]
pub struct Rewrite<'a> {
    /// `""` or a path like `/buergerportal` (no trailing slash).
    pub base_path: &'a str,
    /// The API's origin when it is not the portal's.
    pub api_url: Option<&'a str>,
    /// The ARS of the municipality the portal's root shows (`serve --municipality`).
    pub municipality: Option<&'a str>,
    /// The FIT-Connect services the portal is pointed at, if not this relay.
    pub fit_connect: &'a super::FitConnectTargets,
}

/// `<meta name="{name}" content="{value}">`, the value escaped for a quoted attribute.
fn meta(name: &str, value: &str) -> String {
    format!(
        "<meta name=\"{name}\" content=\"{}\">",
        html_escape::encode_double_quoted_attribute(value)
    )
}

/// Where the deployment's `<meta>` elements go: right after `<meta charset>`, else at the
/// start of `<head>`, else of `<html>`, else of the document.
fn meta_anchor(html: &str) -> Result<Option<&'static str>, IndexError> {
    let found = RefCell::new(Vec::<&'static str>::new());
    let mut handlers = Vec::new();
    for selector in ["meta[charset]", "head", "html"] {
        let found = &found;
        handlers.push(element!(selector, move |_| {
            found.borrow_mut().push(selector);
            Ok(())
        }));
    }
    run(html, handlers)?;
    let found = found.into_inner();
    Ok(["meta[charset]", "head", "html"]
        .into_iter()
        .find(|selector| found.contains(selector)))
}

/// `html` rewritten: with a base path, every `href`/`src` starting with `/` (not `//`)
/// and every string literal of an inline script that names one of the portal's files
/// (`is_file` says which paths are) gets the base path in front, and
/// `<meta name="buergerportal-base">` is added; with an API URL,
/// `<meta name="buergerportal-api">`; with a municipality,
/// `<meta name="buergerportal-municipality">`. The metas go right after `<meta charset>`
/// (else after `<head>`, else at the start of the document's head). Without any of
/// them, `html` comes back unchanged.
pub fn rewrite(
    html: &str,
    options: &Rewrite,
    is_file: impl Fn(&str) -> bool,
) -> Result<String, IndexError> {
    let base = options.base_path;
    let targets = [
        (
            "buergerportal-submission-api",
            &options.fit_connect.submission_api,
        ),
        (
            "buergerportal-routing-api",
            &options.fit_connect.routing_api,
        ),
        (
            "buergerportal-sender-token",
            &options.fit_connect.sender_token_url,
        ),
    ];
    if base.is_empty()
        && options.api_url.is_none()
        && options.municipality.is_none()
        && targets.iter().all(|(_, url)| url.is_none())
    {
        return Ok(html.to_owned());
    }
    let mut metas = String::new();
    if !base.is_empty() {
        metas.push_str(&meta("buergerportal-base", base));
    }
    if let Some(api) = options.api_url {
        metas.push_str(&meta("buergerportal-api", api));
    }
    if let Some(ars) = options.municipality {
        metas.push_str(&meta("buergerportal-municipality", ars));
    }
    for (name, url) in targets {
        if let Some(url) = url {
            metas.push_str(&meta(name, url));
        }
    }
    let anchor = meta_anchor(html)?;
    // Inserted once, at the first element the anchor selector matches.
    let pending = RefCell::new(Some(metas));
    let script = RefCell::new(String::new());
    let mut handlers = Vec::new();
    match anchor {
        Some("meta[charset]") => handlers.push(element!("meta[charset]", |el| {
            if let Some(metas) = pending.borrow_mut().take() {
                el.after(&metas, ContentType::Html);
            }
            Ok(())
        })),
        Some(selector) => handlers.push(element!(selector, |el| {
            if let Some(metas) = pending.borrow_mut().take() {
                el.prepend(&metas, ContentType::Html);
            }
            Ok(())
        })),
        None => {}
    }
    if !base.is_empty() {
        handlers.push(element!("[href], [src]", |el| {
            for name in ["href", "src"] {
                if let Some(value) = el.get_attribute(name)
                    && value.starts_with('/')
                    && !value.starts_with("//")
                {
                    el.set_attribute(name, &format!("{base}{value}"))?;
                }
            }
            Ok(())
        }));
        // A script's text may come in several chunks: collected, then written once.
        handlers.push(text!("script:not([src])", |chunk| {
            let mut text = script.borrow_mut();
            text.push_str(chunk.as_str());
            if chunk.last_in_text_node() {
                chunk.replace(&prefix_literals(&text, base, &is_file), ContentType::Html);
                text.clear();
            } else {
                chunk.remove();
            }
            Ok(())
        }));
    }
    let out = run(html, handlers)?;
    Ok(match pending.into_inner() {
        Some(metas) => metas + &out,
        None => out,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `dist/index.html` as trunk 0.21 writes it with `minify = "on_release"`.
    const TRUNK: &str = "<!doctype html><html lang=de><meta charset=utf-8><meta content=\"width=device-width,initial-scale=1\" name=viewport><title>Bürgerportal</title><script type=module>import init, * as bindings from '/buergerportal-1d88772124e59eef.js';\nconst wasm = await init({ module_or_path: '/buergerportal-1d88772124e59eef_bg.wasm' });\nwindow.wasmBindings = bindings;\ndispatchEvent(new CustomEvent(\"TrunkApplicationStarted\", {detail: {wasm}}));</script><link href=/kern-8c80900d5170f4ff.css integrity=sha384-W/T1 rel=stylesheet><link href=/portal-bd0a5ed26fdcac02.css integrity=sha384-cXkM rel=stylesheet><link href=/favicon-e4b65505e5e948cd.svg integrity=sha384-6dNS rel=icon><link crossorigin href=/buergerportal-1d88772124e59eef.js integrity=sha384-btaU rel=modulepreload><link as=fetch crossorigin href=/buergerportal-1d88772124e59eef_bg.wasm integrity=sha384-lN4+ rel=preload type=application/wasm></head><body><noscript>Das Bürgerportal braucht JavaScript.</noscript></body></html>";

    #[test]
    fn reads_the_assets_trunk_names() {
        assert_eq!(
            index_assets(TRUNK).expect("HTML"),
            IndexAssets {
                js: Some("/buergerportal-1d88772124e59eef.js".into()),
                wasm: Some("/buergerportal-1d88772124e59eef_bg.wasm".into()),
                stylesheets: vec![
                    "/kern-8c80900d5170f4ff.css".into(),
                    "/portal-bd0a5ed26fdcac02.css".into()
                ],
                later_controls: None,
            }
        );
        // From the links alone, quoted attributes, upper case.
        let links = "<HEAD><LINK REL=\"modulepreload\" HREF='/a-0123456789abcdef.js'><link rel=\"preload\" href=\"/a-0123456789abcdef_bg.wasm\" as=\"fetch\"><link rel=\"alternate stylesheet\" href=\"/x.css\"></HEAD>";
        assert_eq!(
            index_assets(links).expect("HTML"),
            IndexAssets {
                js: Some("/a-0123456789abcdef.js".into()),
                wasm: Some("/a-0123456789abcdef_bg.wasm".into()),
                stylesheets: vec!["/x.css".into()],
                later_controls: None,
            }
        );
        assert_eq!(
            index_assets("<p>nothing</p>").expect("HTML"),
            IndexAssets::default()
        );
    }

    #[test]
    fn reads_the_controls_chunk_beside_the_wasm() {
        let meta = "<meta content=\"address group\" name=buergerportal-later-controls data-files=\"b_split_chunk_3-0123.wasm b_split_later_controls-0123.wasm\">";
        let index = TRUNK
            .replace("</title>", &format!("</title>{meta}"))
            .replace("'/buergerportal-", "'/portal/buergerportal-");
        let chunk = index_assets(&index)
            .expect("HTML")
            .later_controls
            .expect("the chunk");
        assert_eq!(chunk.field_types, ["address", "group"]);
        assert_eq!(
            chunk.hrefs,
            [
                "/portal/b_split_chunk_3-0123.wasm",
                "/portal/b_split_later_controls-0123.wasm"
            ]
        );
        assert!(chunk.has("group") && !chunk.has("text"));
        // Without its files (a build without split points), or with something other than
        // a file name in them: no chunk, no link made of it.
        let unsplit = TRUNK.replace(
            "</title>",
            "</title><meta content=address name=buergerportal-later-controls>",
        );
        assert_eq!(index_assets(&unsplit).expect("HTML").later_controls, None);
        let hostile = TRUNK.replace(
            "</title>",
            "</title><meta content=address name=buergerportal-later-controls data-files=\"//evil.example/x.wasm a\\\"b.wasm\">",
        );
        assert_eq!(index_assets(&hostile).expect("HTML").later_controls, None);
        // One file that is not plain: none of them (not a chunk preloaded in part).
        let partly = TRUNK.replace(
            "</title>",
            "</title><meta content=address name=buergerportal-later-controls data-files=\"a.wasm ../b.wasm\">",
        );
        assert_eq!(index_assets(&partly).expect("HTML").later_controls, None);
    }

    #[test]
    fn comments_and_script_text_hold_no_tags() {
        let html = "<!-- <link rel=stylesheet href=/no.css> --><script>let a = '<link rel=stylesheet href=/no2.css>';</script><link href=\"/yes.css\" rel=stylesheet disabled>";
        assert_eq!(index_assets(html).expect("HTML").stylesheets, ["/yes.css"]);
        assert_eq!(
            inline_scripts(html).expect("HTML"),
            ["let a = '<link rel=stylesheet href=/no2.css>';"]
        );
        assert_eq!(
            inline_scripts("<script src=/a.js></script><SCRIPT>x</SCRIPT><scripts>y</scripts>")
                .expect("HTML"),
            ["x"]
        );
    }

    /// `html` rewritten for the base path `/buergerportal`, the portal's code being its
    /// two files.
    fn under_base_path(html: &str) -> String {
        let files = [
            "/buergerportal-1d88772124e59eef.js",
            "/buergerportal-1d88772124e59eef_bg.wasm",
        ];
        rewrite(
            html,
            &Rewrite {
                base_path: "/buergerportal",
                api_url: None,
                municipality: None,
                fit_connect: &Default::default(),
            },
            |p| files.contains(&p),
        )
        .expect("HTML")
    }

    /// The index as the portal's build writes it since session 22: trunk's loader takes
    /// the WASM fetch of a script at the end of the body, which asks for the fonts.
    fn with_fonts_script() -> String {
        TRUNK
            .replace(
                "module_or_path: '/buergerportal-1d88772124e59eef_bg.wasm'",
                "module_or_path: window.buergerportalWasm ?? '/buergerportal-1d88772124e59eef_bg.wasm'",
            )
            .replace(
                "</noscript></body>",
                "</noscript><script data-wasm-bytes=539452>(()=>{var a=Number(document.currentScript.getAttribute(`data-wasm-bytes`));var b=document.querySelector(`link[rel=preload][type=\"application/wasm\"]`);if(!a||!b)return;var e=fetch(b.href);window.buergerportalWasm=e;document.fonts.load(`400 1em \"Fira Sans\"`)})()</script></body>",
            )
    }

    #[test]
    fn a_base_path_reaches_the_fonts_script_through_the_preload_it_fetches() {
        let index = with_fonts_script();
        let out = under_base_path(&index);
        // The script fetches the preload's href, which has the base path, as has the
        // loader's own path for when there is no such fetch.
        assert!(out.contains("href=\"/buergerportal/buergerportal-1d88772124e59eef_bg.wasm\""));
        assert!(out.contains(
            "module_or_path: window.buergerportalWasm ?? '/buergerportal/buergerportal-1d88772124e59eef_bg.wasm'"
        ));
        assert_eq!(
            index_assets(&out).expect("HTML").wasm.as_deref(),
            Some("/buergerportal/buergerportal-1d88772124e59eef_bg.wasm")
        );
        // Both inline scripts are there to be hashed, the body's unchanged.
        let (before, after) = (
            inline_scripts(&index).expect("HTML"),
            inline_scripts(&out).expect("HTML"),
        );
        assert_eq!(after.len(), 2);
        assert_eq!(after[1], before[1]);
    }

    #[test]
    fn base_path_goes_before_every_absolute_reference() {
        let out = under_base_path(TRUNK);
        assert!(out.contains(
            "<meta charset=utf-8><meta name=\"buergerportal-base\" content=\"/buergerportal\">"
        ));
        assert!(out.contains("from '/buergerportal/buergerportal-1d88772124e59eef.js'"));
        assert!(
            out.contains("module_or_path: '/buergerportal/buergerportal-1d88772124e59eef_bg.wasm'")
        );
        for href in [
            "/kern-8c80900d5170f4ff.css",
            "/portal-bd0a5ed26fdcac02.css",
            "/favicon-e4b65505e5e948cd.svg",
            "/buergerportal-1d88772124e59eef.js",
            "/buergerportal-1d88772124e59eef_bg.wasm",
        ] {
            assert!(
                out.contains(&format!("href=\"/buergerportal{href}\"")),
                "{href}\n{out}"
            );
        }
        // Nothing else changed: the same assets, the same script with the base path.
        assert_eq!(
            index_assets(&out).expect("HTML"),
            IndexAssets {
                js: Some("/buergerportal/buergerportal-1d88772124e59eef.js".into()),
                wasm: Some("/buergerportal/buergerportal-1d88772124e59eef_bg.wasm".into()),
                stylesheets: vec![
                    "/buergerportal/kern-8c80900d5170f4ff.css".into(),
                    "/buergerportal/portal-bd0a5ed26fdcac02.css".into()
                ],
                later_controls: None,
            }
        );
        assert_eq!(
            inline_scripts(&out).expect("HTML")[0].replace("/buergerportal/", "/"),
            inline_scripts(TRUNK).expect("HTML")[0]
        );
        assert!(out.ends_with(
            "</head><body><noscript>Das Bürgerportal braucht JavaScript.</noscript></body></html>"
        ));
    }

    #[test]
    fn literals_that_name_no_file_and_protocol_relative_urls_stay() {
        let html = "<head><script>fetch('/api/x');import('/a.js');</script><script src=//cdn/x.js></script><a href=\"/\">x</a></head>";
        let out = rewrite(
            html,
            &Rewrite {
                base_path: "/bp",
                api_url: Some("https://api.example"),
                municipality: None,
                fit_connect: &Default::default(),
            },
            |p| p == "/a.js",
        )
        .expect("HTML");
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
                municipality: None,
                fit_connect: &Default::default(),
            },
            |_| true,
        )
        .expect("HTML");
        assert_eq!(
            out.replace(
                "<meta name=\"buergerportal-api\" content=\"http://127.0.0.1:9000\">",
                ""
            ),
            TRUNK
        );
        assert!(out.contains("<meta charset=utf-8><meta name=\"buergerportal-api\""));
        assert_eq!(
            rewrite(
                TRUNK,
                &Rewrite {
                    base_path: "",
                    api_url: None,
                    municipality: None,
                    fit_connect: &Default::default(),
                },
                |_| true
            )
            .expect("HTML"),
            TRUNK
        );
    }

    #[test]
    fn the_municipality_is_named_in_a_meta() {
        let out = rewrite(
            TRUNK,
            &Rewrite {
                base_path: "",
                api_url: None,
                municipality: Some("010510000000"),
                fit_connect: &Default::default(),
            },
            |_| true,
        )
        .expect("HTML");
        assert_eq!(
            out.replace(
                "<meta name=\"buergerportal-municipality\" content=\"010510000000\">",
                ""
            ),
            TRUNK
        );
        assert!(out.contains("<meta charset=utf-8><meta name=\"buergerportal-municipality\""));
        // A value is escaped for its attribute, whatever it holds.
        let odd = rewrite(
            "<head></head>",
            &Rewrite {
                base_path: "",
                api_url: Some("\"><script>x</script>"),
                municipality: None,
                fit_connect: &Default::default(),
            },
            |_| true,
        )
        .expect("HTML");
        assert_eq!(
            odd,
            "<head><meta name=\"buergerportal-api\" content=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\"></head>"
        );
    }
}
