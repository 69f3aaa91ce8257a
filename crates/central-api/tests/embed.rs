// SPDX-License-Identifier: EUPL-1.2
//! Embedding the portal in the municipalities' pages (issue #6), against the real server
//! on a loopback port with a portal folder shaped like trunk's `dist/`: the portal's
//! files public across origins, `index.html` framable by the allowed origins only,
//! `/embed.js`, `/embed.css`, `/embed-fonts.css`, themes with their contrast report, logos,
//! and the deployment variants (`--base-path`, `--api-url`).

use std::{collections::BTreeSet, path::Path, sync::Arc};

use reqwest::{Method, StatusCode, header};
use serde_json::Value;
use tempfile::TempDir;

mod common;

const JS: &str = "buergerportal-89482203685702c3.js";
const WASM: &str = "buergerportal-89482203685702c3_bg.wasm";
const KERN_CSS: &str = "kern-8c80900d5170f4ff.css";
const PORTAL_CSS: &str = "portal-bd0a5ed26fdcac02.css";
const FAVICON: &str = "favicon-e4b65505e5e948cd.svg";
const FONT: &str = "fonts/FiraSans-Regular.woff2";
const INLINE_SCRIPT: &str = "import init, * as bindings from '/buergerportal-89482203685702c3.js';\nconst wasm = await init({ module_or_path: '/buergerportal-89482203685702c3_bg.wasm' });\nwindow.wasmBindings = bindings;\n";
const PREVIEW_SCRIPT: &str = "import init from '/preview/preview-0123456789abcdef.js';\nawait init({ module_or_path: '/preview/preview-0123456789abcdef_bg.wasm' });\n";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// KERN's stylesheet in miniature, minified as trunk writes it.
const KERN: &str = "@font-face{font-family:Fira Sans;font-style:normal;font-weight:400;font-display:swap;src:url(fonts/FiraSans-Regular.woff2)format(\"woff2\")}\
*,:before,:after{box-sizing:border-box}html{margin:0;font-size:100%}body{background-color:var(--kern-color-layout-background-default)}\
:root{--kern-color-layout-background-default:#fff;--kern-typography-font-family-default:\"Fira Sans\",\"Noto Sans\",sans-serif;--kern-metric-space-large:1.5rem}\
:is(body,.kern-light):not([class*=kern-level-]){--kern-color-layout-text-default-contextual:#171a2b}\
.kern-btn{padding:.5rem 1rem;font-family:var(--kern-component-button-font-family,\"Fira Sans\")}@media (width>=48rem){.kern-btn{margin:1.25rem}}";
const PORTAL: &str = ":root{--bp-width:48rem}body{font-size:1.125rem;line-height:1.5;margin:0}@media (width<=30rem){.facts{gap:.25rem}}@media print{body{font-size:12pt}}";

/// A portal folder as the build leaves it: `trunk build --release` (with the preview),
/// then `central-api build-embed`.
fn write_portal(dir: &Path) {
    std::fs::create_dir_all(dir.join("fonts")).expect("mkdir");
    std::fs::create_dir_all(dir.join("preview")).expect("mkdir");
    let index = format!(
        "<!doctype html><html lang=de><meta charset=utf-8><title>Bürgerportal</title><meta content=app name=buergerportal>\
         <script type=module>{INLINE_SCRIPT}</script>\
         <link href=/{KERN_CSS} integrity=sha384-x rel=stylesheet><link href=/{PORTAL_CSS} integrity=sha384-y rel=stylesheet>\
         <link href=/{FAVICON} rel=icon><link crossorigin href=/{JS} rel=modulepreload>\
         <link as=fetch crossorigin href=/{WASM} rel=preload type=application/wasm></head><body></body></html>"
    );
    let preview = format!(
        "<!doctype html><html lang=de><meta charset=utf-8><title>Vorschau</title><script type=module>{PREVIEW_SCRIPT}</script>\
         <link href=/preview/{KERN_CSS} rel=stylesheet></head><body></body></html>"
    );
    for (name, body) in [
        ("index.html", index.as_bytes()),
        (
            JS,
            b"export default async function init() {}\nexport function embed() {}\n",
        ),
        (WASM, b"\0asm\x01\0\0\0"),
        (KERN_CSS, KERN.as_bytes()),
        (PORTAL_CSS, PORTAL.as_bytes()),
        (FAVICON, b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        (FONT, b"wOF2 not really"),
        ("preview/index.html", preview.as_bytes()),
        (
            "preview/preview-0123456789abcdef.js",
            b"export default 1;\n",
        ),
        (&format!("preview/{KERN_CSS}"), KERN.as_bytes()),
    ] {
        std::fs::write(dir.join(name), body).expect("write");
    }
    central_api::portal::embed_files::write_embed_files(dir).expect("build-embed");
}

struct Server {
    base: String,
    client: reqwest::Client,
    origins: Arc<std::sync::RwLock<std::collections::HashSet<String>>>,
    _dir: TempDir,
}

impl Server {
    async fn start() -> Server {
        Server::start_with(|_| {}).await
    }

    async fn start_with(adjust: impl FnOnce(&mut central_api::Config)) -> Server {
        let (
            common::InProcess {
                base, state, dir, ..
            },
            (),
        ) = common::in_process_with_portal(write_portal, adjust).await;
        Server {
            base,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            origins: state.allowed_origins,
            _dir: dir,
        }
    }

    async fn get(&self, path: &str) -> reqwest::Response {
        self.get_with(path, &[]).await
    }

    async fn get_with(
        &self,
        path: &str,
        headers: &[(header::HeaderName, &str)],
    ) -> reqwest::Response {
        let mut request = self.client.get(format!("{}{path}", self.base));
        for (name, value) in headers {
            request = request.header(name, *value);
        }
        request.send().await.expect("GET")
    }

    async fn text(&self, path: &str) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        response.text().await.expect("body")
    }
}

fn header<'a>(response: &'a reqwest::Response, name: &header::HeaderName) -> Option<&'a str> {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().expect("ASCII"))
}

fn sha256_base64(text: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(text))
}

/// The text of the first inline `<script>` of an HTML page.
fn inline_script(html: &str) -> &str {
    let start =
        html.find("<script type=module>").expect("inline script") + "<script type=module>".len();
    let end = start + html[start..].find("</script>").expect("end of script");
    &html[start..end]
}

#[tokio::test]
async fn every_portal_file_is_public_across_origins() {
    let server = Server::start().await;
    for path in [
        format!("/{JS}"),
        format!("/{WASM}"),
        format!("/{KERN_CSS}"),
        format!("/{FAVICON}"),
        format!("/{FONT}"),
        "/".into(),
        "/services/99050012104000".into(),
        "/embed.js".into(),
        "/embed.css".into(),
        "/embed-fonts.css".into(),
        "/preview/".into(),
        "/preview/preview-0123456789abcdef.js".into(),
    ] {
        for accept in ["br, gzip", "identity"] {
            let response = server
                .get_with(
                    &path,
                    &[
                        (header::ACCEPT_ENCODING, accept),
                        (header::ORIGIN, "https://anywhere.example"),
                    ],
                )
                .await;
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            assert_eq!(
                header(&response, &header::ACCESS_CONTROL_ALLOW_ORIGIN),
                Some("*"),
                "{path}"
            );
            assert_eq!(
                header(
                    &response,
                    &header::HeaderName::from_static("cross-origin-resource-policy")
                ),
                Some("cross-origin"),
                "{path}"
            );
        }
    }
}

#[tokio::test]
async fn the_api_keeps_its_cors_for_the_configured_origins_only() {
    let server = Server::start().await;
    let request = |origin: &'static str| {
        server
            .client
            .get(format!("{}/api/municipalities", server.base))
            .header(header::ORIGIN, origin)
    };
    let other = request("https://evil.example").send().await.expect("GET");
    assert_eq!(header(&other, &header::ACCESS_CONTROL_ALLOW_ORIGIN), None);
    assert_eq!(
        header(
            &other,
            &header::HeaderName::from_static("cross-origin-resource-policy")
        ),
        None
    );
    let heide = request("https://www.heide.de").send().await.expect("GET");
    assert_eq!(
        header(&heide, &header::ACCESS_CONTROL_ALLOW_ORIGIN),
        Some("https://www.heide.de")
    );

    // The preflights of what the portal sends: its sender token, the submission's
    // creation (JSON, bearer token, idempotency key), an attachment upload (PUT, bearer
    // token, JWE), the submit (PUT, JSON) and the status (bearer token).
    for (method, path, headers) in [
        ("POST", "/api/sender-token", "content-type"),
        (
            "POST",
            "/v1/submissions",
            "authorization,content-type,idempotency-key",
        ),
        (
            "PUT",
            "/v1/submissions/879ee109-a690-4db8-ab32-424284184d7d/attachments/123ee109-a690-4db8-ab32-424284184d7d",
            "authorization,content-type",
        ),
        (
            "PUT",
            "/v1/submissions/879ee109-a690-4db8-ab32-424284184d7d",
            "authorization,content-type",
        ),
        (
            "GET",
            "/api/submissions/BP-2026-AAAAAAAA",
            "authorization,accept-language",
        ),
    ] {
        let preflight = |origin: &'static str| {
            server
                .client
                .request(Method::OPTIONS, format!("{}{path}", server.base))
                .header(header::ORIGIN, origin)
                .header(header::ACCESS_CONTROL_REQUEST_METHOD, method)
                .header(header::ACCESS_CONTROL_REQUEST_HEADERS, headers)
                .send()
        };
        let allowed = preflight("https://www.heide.de").await.expect("OPTIONS");
        assert!(allowed.status().is_success(), "{path}");
        assert_eq!(
            header(&allowed, &header::ACCESS_CONTROL_ALLOW_ORIGIN),
            Some("https://www.heide.de"),
            "{path}"
        );
        let methods = header(&allowed, &header::ACCESS_CONTROL_ALLOW_METHODS)
            .expect("methods")
            .to_ascii_uppercase();
        assert!(methods.contains(method), "{path}: {methods}");
        let allowed_headers = header(&allowed, &header::ACCESS_CONTROL_ALLOW_HEADERS)
            .expect("headers")
            .to_ascii_lowercase();
        for name in headers.split(',') {
            assert!(
                allowed_headers.contains(name),
                "{path}: {name} not in {allowed_headers}"
            );
        }
        let refused = preflight("https://evil.example").await.expect("OPTIONS");
        assert_eq!(
            header(&refused, &header::ACCESS_CONTROL_ALLOW_ORIGIN),
            None,
            "{path}"
        );
    }
}

/// The origins of `frame-ancestors` in a response's policy.
fn frame_ancestors(response: &reqwest::Response) -> BTreeSet<String> {
    let csp = header(response, &header::CONTENT_SECURITY_POLICY).expect("csp");
    csp.split("frame-ancestors ")
        .nth(1)
        .expect("frame-ancestors")
        .split(';')
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

#[tokio::test]
async fn index_html_may_be_framed_by_the_embedding_allowed_origin_only() {
    let server = Server::start().await;
    for path in ["/", "/services/99050012104000/form/1"] {
        // Not embedded: same origin only, however many municipalities there are.
        let response = server.get(path).await;
        assert_eq!(frame_ancestors(&response), set(&["'self'"]), "{path}");
        assert_eq!(header(&response, &header::X_FRAME_OPTIONS), None, "{path}");
        assert!(
            header(&response, &header::CONTENT_TYPE)
                .expect("type")
                .starts_with("text/html")
        );
        // The frame's first address names its host page (embed.js): that origin, if a
        // municipality allows it.
        let framed = server
            .get(&format!(
                "{path}?bp-embed=iframe&bp-host=https%3A%2F%2Fwww.heide.de&bp-ars=010510044044"
            ))
            .await;
        assert_eq!(
            frame_ancestors(&framed),
            set(&["'self'", "https://www.heide.de"]),
            "{path}"
        );
        let stranger = server
            .get(&format!(
                "{path}?bp-embed=iframe&bp-host=https%3A%2F%2Fevil.example"
            ))
            .await;
        assert_eq!(frame_ancestors(&stranger), set(&["'self'"]), "{path}");
        // A reload inside the frame has no query; the browser names the host page.
        let reloaded = server
            .get_with(
                path,
                &[(header::REFERER, "https://www.heide.de/buergerservice/")],
            )
            .await;
        assert_eq!(
            frame_ancestors(&reloaded),
            set(&["'self'", "https://www.heide.de"]),
            "{path}"
        );
        let elsewhere = server
            .get_with(path, &[(header::REFERER, "https://evil.example/")])
            .await;
        assert_eq!(frame_ancestors(&elsewhere), set(&["'self'"]), "{path}");
    }
    // Everything else stays same-origin only.
    for path in [
        format!("/{KERN_CSS}"),
        "/embed.js".into(),
        "/api/health".into(),
        "/preview/".into(),
        "/preview/form/1".into(),
    ] {
        let response = server.get(&path).await;
        assert_eq!(
            header(&response, &header::X_FRAME_OPTIONS),
            Some("SAMEORIGIN"),
            "{path}"
        );
        let csp = header(&response, &header::CONTENT_SECURITY_POLICY).expect("csp");
        assert!(csp.ends_with("frame-ancestors 'self'"), "{path}: {csp}");
    }
    // The live set: an origin allowed later (a reseeded municipality) frames at once.
    server
        .origins
        .write()
        .expect("lock")
        .insert("http://127.0.0.1:45678".into());
    let response = server
        .get("/?bp-embed=iframe&bp-host=http%3A%2F%2F127.0.0.1%3A45678")
        .await;
    assert!(frame_ancestors(&response).contains("http://127.0.0.1:45678"));
}

#[tokio::test]
async fn the_policy_stays_small_with_a_land_of_municipalities() {
    let server = Server::start().await;
    // 1,100 municipalities with three origins each.
    {
        let mut origins = server.origins.write().expect("lock");
        for n in 0..3300 {
            origins.insert(format!("https://gemeinde-{n}.example.de"));
        }
    }
    let response = server
        .get("/?bp-embed=iframe&bp-host=https%3A%2F%2Fgemeinde-7.example.de")
        .await;
    let csp = header(&response, &header::CONTENT_SECURITY_POLICY).expect("csp");
    assert!(csp.len() < 1024, "{} bytes", csp.len());
    assert!(frame_ancestors(&response).contains("https://gemeinde-7.example.de"));
}

#[tokio::test]
async fn embed_js_names_the_current_files_and_checks_every_message() {
    let server = Server::start().await;
    let response = server.get("/embed.js").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        header(&response, &header::CONTENT_TYPE),
        Some("application/javascript; charset=utf-8")
    );
    assert_eq!(header(&response, &header::CACHE_CONTROL), Some("no-cache"));
    let etag = header(&response, &header::ETAG).expect("etag").to_owned();
    let js = response.text().await.expect("body");
    let again = server
        .get_with("/embed.js", &[(header::IF_NONE_MATCH, &etag)])
        .await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);

    assert!(js.contains(&format!("\"js\":\"/{JS}\"")), "{js}");
    assert!(js.contains(&format!("\"wasm\":\"/{WASM}\"")), "{js}");
    assert!(js.contains("\"base\":\"\""));
    assert!(js.contains("\"api\":null"));
    assert!(js.contains("'use strict';"));
    assert!(js.contains("new URL(import.meta.url).origin"));
    assert!(js.contains("customElements.define('buergerportal-embed', BuergerportalEmbed)"));
    assert!(js.contains("attachShadow({ mode: 'open' })"));
    assert!(js.contains("m.default({ module_or_path: WASM_URL })"));
    assert!(js.contains("m.embed(this, root)"));
    // Messages only from the portal's own frame and origin, of the one type, finite.
    assert!(js.contains("event.source !== frame.contentWindow || event.origin !== ORIGIN"));
    assert!(js.contains("data.type !== 'buergerportal:height'"));
    assert!(js.contains("Number.isFinite(height)"));
    assert!(js.contains("Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT"));
    assert!(js.contains("const MIN_HEIGHT = 100;") && js.contains("const MAX_HEIGHT = 20000;"));
    // No code from data, no markup from data, no inline styles as text.
    for banned in [
        "innerHTML",
        "eval(",
        "new Function",
        "setAttribute('style'",
        "insertAdjacentHTML",
        "document.write",
    ] {
        assert!(!js.contains(banned), "{banned}");
    }

    // The stylesheets it names are the current ones, immutable under that version.
    let css_path = js
        .split("\"css\":\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("css");
    let fonts_path = js
        .split("\"fonts\":\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("fonts");
    assert!(css_path.starts_with("/embed.css?v=") && fonts_path.starts_with("/embed-fonts.css?v="));
    for path in [css_path, fonts_path] {
        let versioned = server.get(path).await;
        assert_eq!(versioned.status(), StatusCode::OK);
        assert_eq!(
            header(&versioned, &header::CACHE_CONTROL),
            Some(IMMUTABLE),
            "{path}"
        );
        assert!(
            header(&versioned, &header::CONTENT_TYPE)
                .expect("type")
                .starts_with("text/css")
        );
    }
    let stale = server.get("/embed.css?v=0000000000000000").await;
    assert_eq!(header(&stale, &header::CACHE_CONTROL), Some("no-cache"));
    assert_eq!(
        header(&server.get("/embed.css").await, &header::CACHE_CONTROL),
        Some("no-cache")
    );

    // It is valid JavaScript (where Node.js is installed, as on the development machines).
    let file = tempfile::Builder::new()
        .suffix(".mjs")
        .tempfile()
        .expect("temp file");
    std::fs::write(file.path(), &js).expect("write");
    if let Ok(output) = std::process::Command::new("node")
        .arg("--check")
        .arg(file.path())
        .output()
    {
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[tokio::test]
async fn embed_css_is_the_portal_css_for_a_shadow_root() {
    let server = Server::start().await;
    let css = server.text("/embed.css").await;
    // The host keeps its box; what could be inherited from the page is reset inside.
    assert!(
        css.starts_with(":host{display:block!important;--bp-rem:16px"),
        "{css}"
    );
    assert!(css.contains(":host([hidden]){display:none!important}"));
    assert!(css.contains(":where(.bp-root){all:initial;display:block;"));
    // :root and html become :host, body the root element inside the shadow root.
    assert!(css.contains(":host{margin:0;font-size:100%}"), "{css}");
    assert!(
        css.contains(".bp-root{background-color:var(--kern-color-layout-background-default)}"),
        "{css}"
    );
    assert!(
        css.contains(":is(.bp-root,.kern-light):not([class*=kern-level-])"),
        "{css}"
    );
    assert!(
        !css.contains(":root") && !css.contains("html{") && !css.contains("body{"),
        "{css}"
    );
    // rem relative to the embed's own 16px; @media preludes untouched.
    assert!(
        css.contains("--kern-metric-space-large:calc(1.5*var(--bp-rem))"),
        "{css}"
    );
    assert!(
        css.contains(".kern-btn{padding:calc(.5*var(--bp-rem)) calc(1*var(--bp-rem))"),
        "{css}"
    );
    assert!(
        css.contains("@media (width>=48rem){.kern-btn{margin:calc(1.25*var(--bp-rem))}}"),
        "{css}"
    );
    assert!(
        css.contains("@media (width<=30rem){.facts{gap:calc(.25*var(--bp-rem))}}"),
        "{css}"
    );
    assert!(
        css.contains(".bp-root{font-size:calc(1.125*var(--bp-rem));line-height:1.5;margin:0}"),
        "{css}"
    );
    assert!(
        css.contains("@media print{.bp-root{font-size:12pt}}"),
        "{css}"
    );
    // Fonts moved out and renamed; every reference renamed the same way.
    assert!(!css.contains("@font-face"));
    assert!(css.contains("--kern-typography-font-family-default:\"Buergerportal Fira Sans\",\"Noto Sans\",sans-serif"), "{css}");
    assert!(
        css.contains(
            "font-family:var(--kern-component-button-font-family,\"Buergerportal Fira Sans\")"
        ),
        "{css}"
    );
    // A token read but never set cannot come in from the host page.
    assert!(
        css.contains("--kern-component-button-font-family:initial"),
        "{css}"
    );
    // The fonts' URLs are relative to the stylesheet, which lies beside the originals.
    let fonts = server.text("/embed-fonts.css").await;
    assert_eq!(
        fonts,
        "@font-face{font-family:Buergerportal Fira Sans;font-style:normal;font-weight:400;font-display:swap;src:url(fonts/FiraSans-Regular.woff2)format(\"woff2\")}"
    );
}

#[tokio::test]
async fn without_a_portal_folder_there_is_no_embed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = central_api::Config::new(common::database(dir.path()).await);
    config.static_dir = Some(dir.path().join("no-dist"));
    let state = common::init(&config).await;
    let base = common::serve(state).await;
    for path in ["/embed.js", "/embed.css", "/embed-fonts.css", "/"] {
        let response = reqwest::get(format!("{base}{path}")).await.expect("GET");
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn without_the_build_step_the_portal_is_served_without_an_embed() {
    let server = Server::start_with(|config| {
        let dir = config.static_dir.as_ref().expect("portal folder");
        std::fs::remove_file(dir.join("embed.css")).expect("written by the build step");
    })
    .await;
    assert_eq!(server.get("/").await.status(), StatusCode::OK);
    for path in ["/embed.js", "/embed.css"] {
        // No generated answer and no such file: a 404 (a host page's script or stylesheet
        // must not get the portal's index.html as JavaScript or CSS).
        let response = server.get(path).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert!(
            !header(&response, &header::CONTENT_TYPE)
                .expect("type")
                .starts_with("text/html"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn themes_carry_the_servers_contrast_report() {
    let server = Server::start().await;
    let all: Value = server
        .get("/api/municipalities")
        .await
        .json()
        .await
        .expect("json");
    let theme_of = |ars: &str| {
        all.as_array()
            .expect("list")
            .iter()
            .find(|m| m["ars"] == ars)
            .unwrap_or_else(|| panic!("{ars}"))["theme"]
            .clone()
    };
    // Meldorf's yellow fails (text on white and white on yellow alike).
    let meldorf = theme_of("010515175074");
    assert_eq!(meldorf["contrast"]["passes"], false);
    let problems = meldorf["contrast"]["problems"]
        .as_array()
        .expect("problems");
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0]["color"], "primary");
    assert_eq!(problems[0]["value"], "#f5c400");
    assert_eq!(problems[0]["against"], "#ffffff");
    assert_eq!(problems[0]["required"], 4.5);
    let ratio = problems[0]["ratio"].as_f64().expect("ratio");
    assert!((1.0..4.5).contains(&ratio), "{ratio}");
    // Heide's passes; Brunsbüttel's secondary does not.
    let heide = theme_of("010510044044");
    assert_eq!(
        heide["contrast"],
        serde_json::json!({"passes": true, "problems": []})
    );
    assert_eq!(heide["logo_url"], "/api/municipalities/010510044044/logo");
    assert!(
        heide["logo"]
            .as_str()
            .expect("logo")
            .starts_with("data:image/svg+xml,")
    );
    let brunsbuettel = theme_of("010510011011");
    assert_eq!(
        brunsbuettel["contrast"]["problems"][0]["color"],
        "secondary"
    );
    assert_eq!(brunsbuettel["contrast"]["problems"][0]["value"], "#f2a900");
    // The single municipality and the catalogue carry the same.
    let one: Value = server
        .get("/api/municipalities/010515175074")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(one["theme"], meldorf);
}

#[tokio::test]
async fn logos_are_served_decoded_with_a_policy_of_their_own() {
    let server = Server::start().await;
    for origin in [
        None,
        Some("https://www.heide.de"),
        Some("https://anywhere.example"),
    ] {
        let mut headers = vec![];
        if let Some(origin) = origin {
            headers.push((header::ORIGIN, origin));
        }
        let response = server
            .get_with("/api/municipalities/010510044044/logo", &headers)
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            header(&response, &header::CONTENT_TYPE),
            Some("image/svg+xml")
        );
        assert_eq!(
            header(&response, &header::CONTENT_SECURITY_POLICY),
            Some("default-src 'none'; style-src 'unsafe-inline'; form-action 'none'; sandbox")
        );
        assert_eq!(
            header(&response, &header::X_CONTENT_TYPE_OPTIONS),
            Some("nosniff")
        );
        assert_eq!(header(&response, &header::CACHE_CONTROL), Some("no-cache"));
        let allow = header(&response, &header::ACCESS_CONTROL_ALLOW_ORIGIN).expect("CORS");
        assert!(allow == "*" || Some(allow) == origin, "{origin:?}: {allow}");
        assert_eq!(
            header(
                &response,
                &header::HeaderName::from_static("cross-origin-resource-policy")
            ),
            Some("cross-origin")
        );
        let etag = header(&response, &header::ETAG).expect("etag").to_owned();
        let svg = response.text().await.expect("body");
        assert!(
            svg.starts_with("<svg xmlns='http://www.w3.org/2000/svg'"),
            "{svg}"
        );
        assert!(svg.contains("fill='#8a1538'"), "decoded: {svg}");
        let again = server
            .get_with(
                "/api/municipalities/010510044044/logo",
                &[(header::IF_NONE_MATCH, &etag)],
            )
            .await;
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    }
    let unknown = server.get("/api/municipalities/999999999999/logo").await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        header(&unknown, &header::CONTENT_TYPE),
        Some("application/problem+json")
    );
}

#[tokio::test]
async fn under_a_base_path_the_portal_moves_and_the_api_stays() {
    let server =
        Server::start_with(|config| config.deployment.base_path = "/buergerportal/".into()).await;
    for path in ["/", "/buergerportal"] {
        let response = server.get(path).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(
            header(&response, &header::LOCATION),
            Some("/buergerportal/"),
            "{path}"
        );
    }
    // The index's own name is no page: it leads to the start page, under the base path.
    let response = server
        .get("/buergerportal/index.html?bp-ars=010510044044")
        .await;
    assert_eq!(response.status(), StatusCode::MOVED_PERMANENTLY);
    assert_eq!(
        header(&response, &header::LOCATION),
        Some("/buergerportal/?bp-ars=010510044044")
    );
    for path in ["/buergerportal/", "/buergerportal/services/99050012104000"] {
        let response = server.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let csp = header(&response, &header::CONTENT_SECURITY_POLICY)
            .expect("csp")
            .to_owned();
        let html = response.text().await.expect("body");
        assert!(
            html.contains(
                "<meta charset=utf-8><meta name=\"buergerportal-base\" content=\"/buergerportal\">"
            ),
            "{html}"
        );
        let script = inline_script(&html);
        assert!(
            script.contains(&format!("from '/buergerportal/{JS}'")),
            "{script}"
        );
        assert!(
            script.contains(&format!("module_or_path: '/buergerportal/{WASM}'")),
            "{script}"
        );
        for href in [KERN_CSS, PORTAL_CSS, FAVICON, JS, WASM] {
            assert!(
                html.contains(&format!("href=\"/buergerportal/{href}\"")),
                "{href}: {html}"
            );
        }
        // The policy allows the rewritten script, not the original.
        assert!(
            csp.contains(&format!("'sha256-{}'", sha256_base64(script))),
            "{csp}"
        );
        assert!(!csp.contains(&sha256_base64(INLINE_SCRIPT)), "{csp}");
    }
    assert_eq!(
        server.text(&format!("/buergerportal/{KERN_CSS}")).await,
        KERN
    );
    assert_eq!(
        header(
            &server.get(&format!("/buergerportal/{JS}")).await,
            &header::CACHE_CONTROL
        ),
        Some(IMMUTABLE)
    );
    assert_eq!(
        server.get(&format!("/{KERN_CSS}")).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        server.get("/embed.js").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(server.get("/api/health").await.status(), StatusCode::OK);
    assert_eq!(
        server.get("/api/nothing").await.status(),
        StatusCode::NOT_FOUND
    );
    let post = server
        .client
        .post(format!("{}/buergerportal/", server.base))
        .send()
        .await
        .expect("POST");
    assert_eq!(post.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(post.headers()["allow"], "GET, HEAD");
    assert_eq!(post.headers()["content-type"], "application/problem+json");
    let head = server
        .client
        .head(format!("{}/buergerportal/embed.js", server.base))
        .send()
        .await
        .expect("HEAD");
    assert_eq!(head.status(), StatusCode::OK);
    assert!(head.bytes().await.expect("body").is_empty());
    // The embedding files know the base path.
    let js = server.text("/buergerportal/embed.js").await;
    assert!(js.contains("\"base\":\"/buergerportal\""), "{js}");
    assert!(js.contains(&format!("\"js\":\"/{JS}\"")), "{js}");
    // The fonts' relative URLs resolve below the base path, where the fonts are.
    let fonts = server.text("/buergerportal/embed-fonts.css").await;
    assert!(
        fonts.contains("url(fonts/FiraSans-Regular.woff2)"),
        "{fonts}"
    );
    assert_eq!(
        server.text(&format!("/buergerportal/{FONT}")).await,
        "wOF2 not really"
    );
    // The preview too.
    let response = server.get("/buergerportal/preview/form/1").await;
    let csp = header(&response, &header::CONTENT_SECURITY_POLICY)
        .expect("csp")
        .to_owned();
    let html = response.text().await.expect("body");
    assert!(html.contains("<title>Vorschau</title>"));
    let script = inline_script(&html);
    assert!(
        script.contains("from '/buergerportal/preview/preview-0123456789abcdef.js'"),
        "{script}"
    );
    // No file of that name: left as it is.
    assert!(
        script.contains("module_or_path: '/preview/preview-0123456789abcdef_bg.wasm'"),
        "{script}"
    );
    assert!(
        html.contains(&format!("href=\"/buergerportal/preview/{KERN_CSS}\"")),
        "{html}"
    );
    assert!(csp.contains(&sha256_base64(script)), "{csp}");
}

#[tokio::test]
async fn with_an_api_url_the_portal_names_it_and_its_policy_allows_it() {
    let server = Server::start_with(|config| {
        config.deployment.api_url = Some("https://api.example/".into())
    })
    .await;
    let response = server.get("/").await;
    let csp = header(&response, &header::CONTENT_SECURITY_POLICY)
        .expect("csp")
        .to_owned();
    let html = response.text().await.expect("body");
    assert!(
        html.contains("<meta name=\"buergerportal-api\" content=\"https://api.example\">"),
        "{html}"
    );
    assert!(!html.contains("buergerportal-base"));
    assert!(
        csp.contains("connect-src 'self' https://api.example;"),
        "{csp}"
    );
    assert!(
        csp.contains("img-src 'self' data: https://api.example;"),
        "{csp}"
    );
    // The script is unchanged, and so is its hash.
    assert!(csp.contains(&sha256_base64(INLINE_SCRIPT)), "{csp}");
    let js = server.text("/embed.js").await;
    assert!(js.contains("\"api\":\"https://api.example\""), "{js}");
    // Other answers carry the same sources.
    let other = server.get("/api/health").await;
    let csp = header(&other, &header::CONTENT_SECURITY_POLICY).expect("csp");
    assert!(
        csp.contains("connect-src 'self' https://api.example;"),
        "{csp}"
    );
}

#[tokio::test]
async fn bad_deployment_options_stop_the_start() {
    for adjust in [
        (|c: &mut central_api::Config| c.deployment.base_path = "/api".into())
            as fn(&mut central_api::Config),
        |c| c.deployment.base_path = "/a b".into(),
        |c| c.deployment.api_url = Some("https://api.example/api".into()),
        |c| c.deployment.api_url = Some("https://api.example; script-src *".into()),
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut config = central_api::Config::new(common::database(dir.path()).await);
        adjust(&mut config);
        assert!(central_api::AppState::init(&config).await.is_err());
    }
}
