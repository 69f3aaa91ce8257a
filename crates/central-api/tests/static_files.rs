// SPDX-License-Identifier: EUPL-1.2
//! The portal's files over HTTP from the real server on a loopback port: the
//! precompressed variants (`.br`, `.gz` next to each file) chosen by `Accept-Encoding`,
//! year-long immutable caching of content-hashed names, `no-cache` for `index.html`, and
//! the Content-Security-Policy on all of them.

mod common;

use std::{io::Read, path::Path};

use reqwest::{StatusCode, header};
use tempfile::TempDir;

const WASM: &str = "buergerportal-89482203685702c3_bg.wasm";
const JS: &str = "buergerportal-89482203685702c3.js";
const CSS: &str = "portal-c9c2e14c52443236.css";
const INLINE_SCRIPT: &str = "\nimport init from '/buergerportal-89482203685702c3.js';\n\
     await init({ module_or_path: '/buergerportal-89482203685702c3_bg.wasm' });\n";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

struct Server {
    base: String,
    client: reqwest::Client,
    database: String,
    _dir: TempDir,
}

/// A portal folder as `trunk build --release` + `scripts/precompress.sh` leave it.
fn write_portal(dir: &Path) -> Vec<(&'static str, Vec<u8>)> {
    std::fs::create_dir_all(dir).expect("mkdir dist");
    let index = format!(
        "<!DOCTYPE html><html><head><script type=\"module\">{INLINE_SCRIPT}</script>\
         <link rel=\"stylesheet\" href=\"/{CSS}\"></head><body></body></html>"
    );
    // Repetitive, so that compression is worth it.
    let js = "export function init() { return 'Bürgerportal'; }\n".repeat(200);
    let css = ".form-group { margin-bottom: 1.5rem; }\n".repeat(200);
    let mut wasm = b"\0asm\x01\0\0\0".to_vec();
    wasm.extend(std::iter::repeat_n(7u8, 4000));
    let files = vec![
        ("index.html", index.into_bytes()),
        (JS, js.into_bytes()),
        (CSS, css.into_bytes()),
        (WASM, wasm),
    ];
    for (name, body) in &files {
        std::fs::write(dir.join(name), body).expect("write file");
        std::fs::write(dir.join(format!("{name}.gz")), gzip(body)).expect("write .gz");
        std::fs::write(dir.join(format!("{name}.br")), brotli(body)).expect("write .br");
    }
    files
}

fn gzip(body: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(body).expect("gzip");
    encoder.finish().expect("gzip")
}

fn brotli(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &body[..], &mut out, &params).expect("brotli");
    out
}

impl Server {
    async fn start() -> (Server, Vec<(&'static str, Vec<u8>)>) {
        Server::start_with(|_| {}).await
    }

    /// With the configuration changed by `configure` (a deployment's options).
    async fn start_with(
        configure: impl FnOnce(&mut central_api::Config),
    ) -> (Server, Vec<(&'static str, Vec<u8>)>) {
        let (
            common::InProcess {
                base,
                database,
                dir,
                ..
            },
            files,
        ) = common::in_process_with_portal(write_portal, configure).await;
        // No automatic decompression: reqwest is built without its gzip/brotli features,
        // so the tests see the bytes on the wire.
        let client = reqwest::Client::builder().build().expect("client");
        let server = Server {
            base,
            client,
            database,
            _dir: dir,
        };
        (server, files)
    }

    /// A revalidation: GET with `If-None-Match: etag`.
    async fn get_if_none_match(&self, path: &str, etag: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .header(header::IF_NONE_MATCH, etag)
            .send()
            .await
            .expect("GET")
    }

    async fn get(&self, path: &str, accept_encoding: Option<&str>) -> reqwest::Response {
        let mut request = self.client.get(format!("{}{path}", self.base));
        if let Some(value) = accept_encoding {
            request = request.header(header::ACCEPT_ENCODING, value);
        }
        request.send().await.expect("GET")
    }
}

fn header(response: &reqwest::Response, name: header::HeaderName) -> &str {
    response
        .headers()
        .get(&name)
        .unwrap_or_else(|| panic!("no {name} header"))
        .to_str()
        .expect("ASCII header")
}

fn original<'a>(files: &'a [(&str, Vec<u8>)], name: &str) -> &'a [u8] {
    &files.iter().find(|(n, _)| *n == name).expect("file").1
}

fn vary_mentions_accept_encoding(response: &reqwest::Response) -> bool {
    response
        .headers()
        .get_all(header::VARY)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.to_ascii_lowercase().contains("accept-encoding"))
}

#[tokio::test]
async fn brotli_is_sent_to_browsers_that_accept_it_and_decodes_to_the_file() {
    let (server, files) = Server::start().await;
    for (name, content_type) in [
        (WASM, "application/wasm"),
        (JS, "text/javascript"),
        (CSS, "text/css"),
    ] {
        let response = server
            .get(&format!("/{name}"), Some("gzip, deflate, br"))
            .await;
        assert_eq!(response.status(), StatusCode::OK, "{name}");
        assert_eq!(header(&response, header::CONTENT_ENCODING), "br", "{name}");
        assert!(
            header(&response, header::CONTENT_TYPE).starts_with(content_type),
            "{name}: {}",
            header(&response, header::CONTENT_TYPE)
        );
        assert!(vary_mentions_accept_encoding(&response), "{name}");
        let body = response.bytes().await.expect("body");
        let mut decoded = Vec::new();
        brotli::BrotliDecompress(&mut &body[..], &mut decoded).expect("valid brotli");
        assert_eq!(decoded, original(&files, name), "{name}");
        assert!(body.len() < decoded.len(), "{name} is smaller on the wire");
    }
}

#[tokio::test]
async fn gzip_is_sent_to_browsers_without_brotli_and_decodes_to_the_file() {
    let (server, files) = Server::start().await;
    for name in [WASM, JS, CSS] {
        let response = server.get(&format!("/{name}"), Some("gzip")).await;
        assert_eq!(response.status(), StatusCode::OK, "{name}");
        assert_eq!(
            header(&response, header::CONTENT_ENCODING),
            "gzip",
            "{name}"
        );
        assert!(vary_mentions_accept_encoding(&response), "{name}");
        let body = response.bytes().await.expect("body");
        let mut decoded = Vec::new();
        flate2::read::GzDecoder::new(&body[..])
            .read_to_end(&mut decoded)
            .expect("valid gzip");
        assert_eq!(decoded, original(&files, name), "{name}");
    }
}

#[tokio::test]
async fn without_accept_encoding_the_file_is_sent_as_it_is() {
    let (server, files) = Server::start().await;
    for name in [WASM, JS, CSS] {
        for accept in [None, Some("identity")] {
            let response = server.get(&format!("/{name}"), accept).await;
            assert_eq!(response.status(), StatusCode::OK, "{name}");
            assert!(
                response.headers().get(header::CONTENT_ENCODING).is_none(),
                "{name} {accept:?}"
            );
            let body = response.bytes().await.expect("body");
            assert_eq!(&body[..], original(&files, name), "{name} {accept:?}");
        }
    }
}

#[tokio::test]
async fn a_range_is_served_but_a_conditional_range_gets_the_whole_file() {
    let (server, files) = Server::start().await;
    let url = format!("{}/{WASM}", server.base);
    let part = server
        .client
        .get(&url)
        .header(header::RANGE, "bytes=0-9")
        .send()
        .await
        .expect("GET");
    assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        &part.bytes().await.expect("body")[..],
        &original(&files, WASM)[..10]
    );
    // Whatever the validator names (a date or an entity tag of another version), the
    // answer is the whole file, never a piece that could be spliced onto another.
    for validator in ["Mon, 01 Jan 2001 00:00:00 GMT", "\"another-version\""] {
        let whole = server
            .client
            .get(&url)
            .header(header::RANGE, "bytes=0-9")
            .header(header::IF_RANGE, validator)
            .send()
            .await
            .expect("GET");
        assert_eq!(whole.status(), StatusCode::OK, "{validator}");
        assert_eq!(
            &whole.bytes().await.expect("body")[..],
            original(&files, WASM)
        );
    }
}

#[tokio::test]
async fn hashed_assets_are_immutable_for_a_year_and_index_html_is_revalidated() {
    let (server, _files) = Server::start().await;
    for name in [WASM, JS, CSS] {
        for accept in [Some("br"), Some("gzip"), None] {
            let response = server.get(&format!("/{name}"), accept).await;
            assert_eq!(
                header(&response, header::CACHE_CONTROL),
                IMMUTABLE,
                "{name} {accept:?}"
            );
        }
    }
    for path in ["/", "/services/99050012104000/form/1"] {
        let response = server.get(path, Some("br, gzip")).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(
            header(&response, header::CACHE_CONTROL),
            "no-cache",
            "{path}"
        );
        assert!(header(&response, header::CONTENT_TYPE).starts_with("text/html"));
        assert!(vary_mentions_accept_encoding(&response), "{path}");
    }
    // A file of a build that is not there (a tab opened before a deployment asking for
    // its build's chunk) is a 404, not the portal's index.html as WASM, and that answer
    // is not cached for a year under the name.
    for path in [
        "/buergerportal-0000000000000000.js",
        "/buergerportal_split_later_pages-9b41c0d2f7a3e1.wasm",
        "/fonts/Gone.woff2",
    ] {
        let response = server.get(path, Some("br")).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(
            header(&response, header::CACHE_CONTROL),
            "no-cache",
            "{path}"
        );
        assert!(
            !header(&response, header::CONTENT_TYPE).starts_with("text/html"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn the_content_security_policy_is_sent_with_compressed_and_plain_files() {
    let (server, _files) = Server::start().await;
    let hash = {
        use base64::Engine;
        use sha2::Digest;
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(INLINE_SCRIPT))
    };
    for (path, accept) in [
        ("/", Some("br")),
        ("/", Some("gzip")),
        ("/", None),
        ("/services/99050012104000", Some("br")),
        (&format!("/{JS}") as &str, Some("br")),
        (&format!("/{WASM}"), None),
    ] {
        let response = server.get(path, accept).await;
        let csp = header(&response, header::CONTENT_SECURITY_POLICY);
        assert!(csp.starts_with("default-src 'self'"), "{path}: {csp}");
        assert!(csp.contains(&format!("'sha256-{hash}'")), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
    }
}

/// Every `Link` header of `response`, in order.
fn links(response: &reqwest::Response) -> Vec<&str> {
    response
        .headers()
        .get_all(header::LINK)
        .iter()
        .map(|v| v.to_str().expect("ASCII header"))
        .collect()
}

/// The page's code, preloaded from the headers (before the browser has parsed the page).
fn code_preload() -> String {
    format!(
        "</{WASM}>; rel=preload; as=fetch; crossorigin; type=\"application/wasm\", \
         </{JS}>; rel=modulepreload; crossorigin"
    )
}

/// The `Link` value preloading `urls` (`portal::page_data`), in that order.
fn data_preload(urls: &[String]) -> String {
    urls.iter()
        .map(|url| format!("<{url}>; rel=preload; as=fetch; crossorigin"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Asserts that page `path` answers and that its headers preload its code, then `urls`.
async fn assert_preloads(server: &Server, path: &str, urls: &[String]) {
    let response = server.get(path, Some("br")).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    assert_eq!(
        links(&response),
        [code_preload(), data_preload(urls)],
        "{path}"
    );
}

/// The JSON answer of `path`.
async fn json_of(server: &Server, path: &str) -> serde_json::Value {
    let response = server.get(path, None).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.json().await.expect("JSON")
}

/// A page's municipality (`portal::page_data`), preloaded from the headers.
fn municipality_preload(ars: &str) -> String {
    data_preload(&[format!("/api/municipalities/{ars}")])
}

/// The root's municipality (`serve` without `--municipality`).
const HOME: &str = "010510000000";

#[tokio::test]
async fn every_page_asks_the_browser_to_preload_its_code_from_the_headers() {
    let (server, _files) = Server::start().await;
    for path in ["/", "/services/99050012104000", "/no/such/page"] {
        let response = server.get(path, Some("br")).await;
        assert_eq!(links(&response)[0], code_preload(), "{path}");
        // What the preload names is there, and is what the page itself loads.
        let page = server.get(path, None).await.text().await.expect("page");
        for file in [WASM, JS] {
            assert!(page.contains(&format!("'/{file}'")), "{path}: {page}");
            assert_eq!(
                server.get(&format!("/{file}"), Some("br")).await.status(),
                StatusCode::OK
            );
        }
    }
    // Files are not pages: no preload.
    for file in [CSS, JS] {
        let response = server.get(&format!("/{file}"), Some("br")).await;
        assert!(links(&response).is_empty(), "{file}");
    }
}

/// A form page's data block (`portal::page_data`): its `data-leika` and its JSON.
fn definition_block(page: &str) -> Option<(String, serde_json::Value)> {
    let open = "<script type=\"application/json\" id=\"bp-definition\" data-leika=\"";
    let start = page.find(open)? + open.len();
    let (leika, rest) = page[start..].split_once("\">")?;
    let json = &rest[..rest.find("</script>")?];
    // Sent without the whitespace between tokens (the stored definitions are indented).
    assert!(!json.contains('\n'), "the block is compact JSON");
    Some((
        leika.to_owned(),
        serde_json::from_str(json).expect("the block is JSON"),
    ))
}

#[tokio::test]
async fn form_pages_carry_their_definition() {
    let (server, _files) = Server::start().await;
    let service = "99050012104000";
    let api: serde_json::Value = server
        .get(&format!("/api/services/{service}/definition"), None)
        .await
        .json()
        .await
        .expect("the API's definition");
    let plain = server.get("/", None).await;
    let plain_etag = header(&plain, header::ETAG).to_owned();
    let plain = plain.text().await.expect("index");
    for (path, ars) in [
        (format!("/services/{service}/form/1"), HOME),
        (format!("/services/{service}/form/check"), HOME),
        (
            format!("/m/010510044044/services/{service}/form/2"),
            "010510044044",
        ),
    ] {
        let response = server.get(&path, None).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert!(header(&response, header::CONTENT_TYPE).starts_with("text/html"));
        assert_eq!(
            header(&response, header::CACHE_CONTROL),
            "no-cache",
            "{path}"
        );
        assert!(
            header(&response, header::CONTENT_SECURITY_POLICY).starts_with("default-src 'self'"),
            "{path}"
        );
        // The code's and the municipality's preload: the definition is in the page.
        assert_eq!(
            links(&response),
            [code_preload(), municipality_preload(ars)],
            "{path}"
        );
        let etag = header(&response, header::ETAG).to_owned();
        assert_ne!(
            etag, plain_etag,
            "{path}: the page differs from the plain index"
        );
        let page = response.text().await.expect("page");
        assert_eq!(
            definition_block(&page),
            Some((service.to_owned(), api.clone())),
            "{path}"
        );
        // The index as it is, with the block at the end of its body.
        let block_start = page
            .find("<script type=\"application/json\"")
            .expect("block");
        let block_end = page[block_start..].find("</script>").expect("end") + block_start + 9;
        assert_eq!(
            format!("{}{}", &page[..block_start], &page[block_end..]),
            plain,
            "{path}"
        );
        assert!(page[block_end..].starts_with("</body>"), "{path}");
        // Compressed for the browsers that accept it, to the same page.
        let br = server.get(&path, Some("br")).await;
        assert_eq!(header(&br, header::CONTENT_ENCODING), "br", "{path}");
        assert!(vary_mentions_accept_encoding(&br), "{path}");
        // Other bytes than the plain page: the weak form of its tag (RFC 9110, 8.8.3).
        assert_eq!(header(&br, header::ETAG), format!("W/{etag}"), "{path}");
        let mut decoded = Vec::new();
        brotli::BrotliDecompress(&mut &br.bytes().await.expect("body")[..], &mut decoded)
            .expect("brotli");
        assert_eq!(String::from_utf8(decoded).expect("UTF-8"), page, "{path}");
        let gz = server.get(&path, Some("gzip")).await;
        assert_eq!(header(&gz, header::CONTENT_ENCODING), "gzip", "{path}");
        let mut decoded = String::new();
        std::io::Read::read_to_string(
            &mut flate2::read::GzDecoder::new(&gz.bytes().await.expect("body")[..]),
            &mut decoded,
        )
        .expect("gzip");
        assert_eq!(decoded, page, "{path}");
        // Revalidated by its own ETag.
        let again = server.get_if_none_match(&path, &etag).await;
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{path}");
    }
    // Form paths that name no service, or no service of this API: the plain index with
    // 404, at which the portal shows its own "not found" (tests/e2e).
    for path in [
        "/services/not-a-key/form/1",
        "/services/%3E%2C%3Cevil%3E/form/1",
        "/services/99999999999999/form/1",
    ] {
        let response = server.get(path, Some("br")).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(
            links(&response),
            [code_preload(), municipality_preload(HOME)],
            "{path}"
        );
        assert_eq!(header(&response, header::CONTENT_ENCODING), "br", "{path}");
        assert!(response.headers().get(header::ETAG).is_none(), "{path}");
    }
    // Other pages carry no definition.
    for path in ["/", &format!("/services/{service}")] {
        let page = server.get(path, None).await.text().await.expect("page");
        assert_eq!(definition_block(&page), None, "{path}");
    }
}

#[tokio::test]
async fn service_pages_ask_the_browser_to_preload_the_service_in_german() {
    let (server, _files) = Server::start().await;
    let service = "99050012104000";
    for (path, ars) in [
        (format!("/services/{service}"), HOME),
        (
            format!("/m/010510044044/services/{service}"),
            "010510044044",
        ),
    ] {
        let urls = [
            format!("/api/municipalities/{ars}"),
            format!("/api/services/{service}?lang=de"),
        ];
        assert_preloads(&server, &path, &urls).await;
    }
    // What it names is the service in German.
    let answer = json_of(&server, &format!("/api/services/{service}?lang=de")).await;
    assert_eq!(answer["name"], "Gewerbeanmeldung");
    // Paths that name no service: the municipality's preload only; below `/m/` without a
    // municipality key (the portal's "not found"), none.
    for path in ["/services/not-a-key", "/services/%3Cx%3E"] {
        let response = server.get(path, Some("br")).await;
        assert_eq!(
            links(&response),
            [code_preload(), municipality_preload(HOME)],
            "{path}"
        );
    }
    // Below `/m/` without a municipality key: the root's portal ("not found"), which asks
    // for the root's municipality as well.
    let response = server
        .get("/m/foo/services/99050012104000", Some("br"))
        .await;
    assert_eq!(
        links(&response),
        [code_preload(), municipality_preload(HOME)]
    );
}

#[tokio::test]
async fn a_revalidated_page_keeps_its_preloads() {
    let (server, _files) = Server::start().await;
    // A browser replaces a page's stored headers with those of a 304: the preloads must
    // be there too, or every return visit would go without them.
    for path in [
        "/",
        "/services/99050012104000",
        "/services/99050012104000/form/1",
        "/m/010510044044/",
    ] {
        let first = server.get(path, None).await;
        let etag = header(&first, header::ETAG).to_owned();
        let expected: Vec<String> = links(&first).iter().map(|l| (*l).to_owned()).collect();
        assert_eq!(expected.len(), 2, "{path}: {expected:?}");
        let again = server.get_if_none_match(path, &etag).await;
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{path}");
        assert_eq!(links(&again), expected, "{path}");
    }
}

#[tokio::test]
async fn a_page_in_a_frame_preloads_no_data() {
    let (server, _files) = Server::start().await;
    // An embed's frame may use the municipality, language and API of its first address
    // (kept in the frame's session) at a plain one: the server cannot know which.
    for path in [
        "/",
        "/services/99050012104000",
        "/services/99050012104000/form/1",
    ] {
        let response = server
            .client
            .get(format!("{}{path}", server.base))
            .header("sec-fetch-dest", "iframe")
            .send()
            .await
            .expect("GET");
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(links(&response), [code_preload()], "{path}");
    }
}

#[tokio::test]
async fn the_start_page_asks_the_browser_to_preload_its_municipality_and_catalogue() {
    let (server, _files) = Server::start().await;
    for (path, ars) in [
        ("/", HOME),
        ("/m/010510044044", "010510044044"),
        ("/m/010510044044/", "010510044044"),
    ] {
        let [municipality, catalogue] = [
            format!("/api/municipalities/{ars}"),
            format!("/api/municipalities/{ars}/catalogue?lang=de&q="),
        ];
        assert_preloads(&server, path, &[municipality.clone(), catalogue.clone()]).await;
        // What they name is there: the municipality and its catalogue in German.
        assert_eq!(json_of(&server, &municipality).await["ars"], ars, "{path}");
        let catalogue = json_of(&server, &catalogue).await;
        assert!(
            catalogue["services"]
                .as_array()
                .is_some_and(|s| !s.is_empty()),
            "{path}: {catalogue}"
        );
    }
    // A page asked for with a query (a topic, an embed's `bp-ars`) may load another
    // catalogue or municipality: nothing of the kind is preloaded.
    for path in ["/?category=x", "/?bp-embed=iframe&bp-ars=010510044044"] {
        let response = server.get(path, Some("br")).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(links(&response), [code_preload()], "{path}");
    }
    // Legal pages are the server's own HTML: they load nothing of the portal.
    let response = server.get("/impressum", Some("br")).await;
    assert!(links(&response).is_empty());
}

#[tokio::test]
async fn a_form_page_revalidated_after_its_definition_changed_comes_anew() {
    let (server, _files) = Server::start().await;
    let path = "/services/99050012104000/form/1";
    let first = server.get(path, None).await;
    let etag = header(&first, header::ETAG).to_owned();
    let (_, mut definition) = definition_block(&first.text().await.expect("page")).expect("block");
    // The same form version stored anew with another title (as a re-import would).
    definition["title"]["de"] = "Gewerbeanmeldung (neu)".into();
    let text = definition.to_string();
    let store = central_api::store::Store::connect(&server.database)
        .await
        .expect("open db");
    let changed = sqlx::query(
        "UPDATE form_definitions SET definition = $1, etag = $2 WHERE id = $3 AND version = $4",
    )
    .bind(&text)
    .bind(central_api::forms::etag_of(&text))
    .bind(definition["id"].as_str().expect("id"))
    .bind(definition["version"].as_i64().expect("version"))
    .execute(store.db())
    .await
    .expect("update")
    .rows_affected();
    assert_eq!(changed, 1);
    let again = server.get_if_none_match(path, &etag).await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_ne!(header(&again, header::ETAG), etag);
    let (_, now) = definition_block(&again.text().await.expect("page")).expect("block");
    assert_eq!(now["title"]["de"], "Gewerbeanmeldung (neu)");
}

#[tokio::test]
async fn a_portal_whose_api_is_elsewhere_preloads_the_definition_from_there() {
    let (server, _files) = Server::start_with(|config| {
        config.deployment.api_url = Some("https://api.example".into());
    })
    .await;
    let response = server
        .get("/services/99050012104000/form/1", Some("br"))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let api = "https://api.example";
    let home = format!("{api}/api/municipalities/{HOME}");
    assert_eq!(
        links(&response),
        [
            code_preload(),
            data_preload(&[
                home.clone(),
                format!("{api}/api/services/99050012104000/definition")
            ])
        ]
    );
    let page = server
        .get("/services/99050012104000/form/1", None)
        .await
        .text()
        .await
        .expect("page");
    assert_eq!(definition_block(&page), None);
    // A path that names no service: the municipality's preload only.
    let response = server.get("/services/not-a-key/form/1", Some("br")).await;
    assert_eq!(
        links(&response),
        [code_preload(), data_preload(std::slice::from_ref(&home))]
    );
    // A service page and the start page: their answers from there too.
    let response = server.get("/services/99050012104000", Some("br")).await;
    assert_eq!(
        links(&response)[1],
        data_preload(&[
            home.clone(),
            format!("{api}/api/services/99050012104000?lang=de")
        ])
    );
    let response = server.get("/", Some("br")).await;
    assert_eq!(
        links(&response)[1],
        data_preload(&[
            home.clone(),
            format!("{api}/api/municipalities/{HOME}/catalogue?lang=de&q=")
        ])
    );
}

#[tokio::test]
async fn api_definitions_keep_their_etag_and_answer_304() {
    let (server, _files) = Server::start().await;
    let response = server.get("/api/forms/gewerbeanmeldung/latest", None).await;
    // `latest` redirects to the immutable version address; reqwest follows it.
    assert_eq!(response.status(), StatusCode::OK);
    let etag = header(&response, header::ETAG).to_owned();
    let url = response.url().clone();
    let again = server
        .client
        .get(url)
        .header(header::IF_NONE_MATCH, &etag)
        .send()
        .await
        .expect("GET");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn the_preview_has_its_own_index_and_policy_under_preview() {
    const PREVIEW_SCRIPT: &str = "\nimport init from '/preview/preview-0123456789abcdef.js';\n";
    let (server, _files) = Server::start().await;
    // A second portal folder with the preview built into dist/preview/.
    let dir = tempfile::tempdir().expect("tempdir");
    let static_dir = dir.path().join("dist");
    write_portal(&static_dir);
    let preview = static_dir.join("preview");
    std::fs::create_dir_all(&preview).expect("mkdir preview");
    let index = format!(
        "<!DOCTYPE html><html><head><title>Vorschau</title><script type=\"module\">{PREVIEW_SCRIPT}</script></head></html>"
    );
    std::fs::write(preview.join("index.html"), &index).expect("write");
    std::fs::write(
        preview.join("preview-0123456789abcdef.js"),
        "export default 1;\n",
    )
    .expect("write");
    let database = common::database(dir.path()).await;
    let mut config = central_api::Config::new(database.clone());
    config.static_dir = Some(static_dir);
    let state = common::init(&config).await;
    let base = common::serve(state).await;
    let with_preview = Server {
        base,
        client: server.client.clone(),
        database,
        _dir: dir,
    };
    let sha = |text: &str| {
        use base64::Engine;
        use sha2::Digest;
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(text))
    };
    let (portal_hash, preview_hash) = (sha(INLINE_SCRIPT), sha(PREVIEW_SCRIPT));
    for path in [
        "/preview/",
        "/preview",
        "/preview/form/2",
        "/preview/form/check",
    ] {
        let response = with_preview.get(path, None).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let csp = header(&response, header::CONTENT_SECURITY_POLICY).to_owned();
        assert!(
            csp.contains(&format!("'sha256-{preview_hash}'")),
            "{path}: {csp}"
        );
        assert!(!csp.contains(&portal_hash), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(
            header(&response, header::CACHE_CONTROL),
            "no-cache",
            "{path}"
        );
        assert!(
            response.text().await.expect("body").contains("Vorschau"),
            "{path}"
        );
    }
    let asset = with_preview
        .get("/preview/preview-0123456789abcdef.js", None)
        .await;
    assert_eq!(header(&asset, header::CACHE_CONTROL), IMMUTABLE);
    // The citizen's pages keep the portal's policy and index.
    for path in ["/", "/services/99050012104000/form/1"] {
        let response = with_preview.get(path, None).await;
        let csp = header(&response, header::CONTENT_SECURITY_POLICY).to_owned();
        assert!(
            csp.contains(&format!("'sha256-{portal_hash}'")),
            "{path}: {csp}"
        );
        assert!(!csp.contains(&preview_hash), "{path}: {csp}");
        assert!(!response.text().await.expect("body").contains("Vorschau"));
    }
    // Without a built preview, /preview/ is the portal's "page not found".
    let response = server.get("/preview/", None).await;
    let csp = header(&response, header::CONTENT_SECURITY_POLICY).to_owned();
    assert!(csp.contains(&portal_hash), "{csp}");
}

/// A path with a name longer than the file system takes (a segment over 255 bytes, a path
/// over 4 KB) is an unknown path like any other: 404 with the index (the portal's "page
/// not found") where it could be a page, a plain 404 for a missing file of the build,
/// never a 500, and nothing logged as an error about it.
#[tokio::test]
async fn names_too_long_for_the_file_system_are_unknown_paths() {
    let dir = tempfile::tempdir().expect("tempdir");
    // `spawn_server` serves the folder `no-dist` of its folder.
    write_portal(&dir.path().join("no-dist"));
    let log = dir.path().join("server.log");
    let database = common::database(dir.path()).await;
    let (_server, base) = common::spawn_server(&database, dir.path(), Some(&log), &[]);
    let client = reqwest::Client::new();
    let long_segment = "a".repeat(256);
    let long_path = ["abcdefghij"; 450].join("/");
    for (path, shows_the_index) in [
        (long_segment.clone(), true),
        (format!("fonts/{}.woff2", "a".repeat(300)), false),
        (format!("{long_segment}.js"), false),
        (long_path.clone(), true),
        (format!("{long_path}.css"), false),
        (format!("receipt/{long_segment}"), true),
    ] {
        // The precompressed variants' names (`….br`, `….gz`) are longer still.
        for accept_encoding in ["br, gzip", "identity"] {
            let response = client
                .get(format!("{base}{path}"))
                .header(header::ACCEPT_ENCODING, accept_encoding)
                .send()
                .await
                .expect("GET");
            let shown = format!("{}… ({} bytes), {accept_encoding}", &path[..20], path.len());
            // A receipt's reference is the API's to know: its page is shown.
            let expected = if path.starts_with("receipt/") {
                StatusCode::OK
            } else {
                StatusCode::NOT_FOUND
            };
            assert_eq!(response.status(), expected, "{shown}");
            assert_eq!(
                header(&response, header::CONTENT_TYPE).starts_with("text/html"),
                shows_the_index,
                "{shown}: the index"
            );
        }
    }
    // (The start logs errors of its own: the demo authorities without keys.)
    let log = std::fs::read_to_string(&log).expect("log");
    let errors: Vec<&str> = log
        .lines()
        .filter(|line| line.contains("ERROR"))
        .filter(|line| {
            ["aaaaaaaaaa", "abcdefghij", "read file", "portal file"]
                .iter()
                .any(|about| line.contains(about))
        })
        .map(|line| &line[..line.len().min(300)])
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // Nor does any line hold a whole long path (the request log cuts it).
    let long: Vec<&str> = log
        .lines()
        .filter(|l| l.contains(&long_segment) || l.contains(&long_path))
        .map(|line| &line[..line.len().min(300)])
        .collect();
    assert!(long.is_empty(), "{long:#?}");
}

/// A path the portal shows "page not found" at is answered with 404 and the portal's
/// index (which shows that page), so that search engines, link checkers and the browser
/// learn what the citizen sees: an unknown shape of path (`PortalPage`), a service key
/// that is no key, a service or a service's form that the catalogue does not know, the
/// preview's paths without a built preview. Always whole: a revalidation with the
/// index's ETag gets the page, not a `304` that would confirm a stored copy.
#[tokio::test]
async fn paths_that_name_no_page_are_404_with_the_portal() {
    let (server, _files) = Server::start().await;
    let index = server.get("/", None).await;
    let etag = header(&index, header::ETAG).to_owned();
    let csp = header(&index, header::CONTENT_SECURITY_POLICY).to_owned();
    let index = index.text().await.expect("index");
    for path in [
        "/gibt-es-nicht/mehr",
        "/services",
        "/services/abc",
        "/services/99050012104000/antrag/1",
        "/services/99050012104000/form/1/mehr",
        "/services/99999999999999",
        "/services/99999999999999/form/1",
        "/receipt",
        "/m/010510044044/gibt-es-nicht",
        "/m/999999999999/",
        "/m/999999999999",
        "/m/0105100440/services/99050012104000",
        "/preview/",
        "/preview/embed",
    ] {
        for response in [
            server.get(path, None).await,
            server.get_if_none_match(path, &etag).await,
        ] {
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
            assert!(
                header(&response, header::CONTENT_TYPE).starts_with("text/html"),
                "{path}"
            );
            assert_eq!(
                header(&response, header::CONTENT_SECURITY_POLICY),
                csp,
                "{path}"
            );
            assert!(response.headers().get(header::ETAG).is_none(), "{path}");
            assert_eq!(response.text().await.expect("body"), index, "{path}");
        }
    }
    for path in [
        "/",
        "/services/99050012104000",
        "/services/99050012104000/",
        "/services/99050012104000/form/1",
        "/services/99050012104000/form/check",
        "/receipt/ab12cd34",
        "/m/010510044044/",
        "/m/010510044044/services/99050012104000",
    ] {
        let response = server.get(path, None).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert!(response.headers().get(header::ETAG).is_some(), "{path}");
    }
    // The index's own name, which is no page, leads to the start page.
    let not_following = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    for (path, location) in [("/index.html", "/"), ("/index.html?bp-ars=1", "/?bp-ars=1")] {
        let response = not_following
            .get(format!("{}{path}", server.base))
            .send()
            .await
            .expect("GET");
        assert_eq!(response.status(), StatusCode::MOVED_PERMANENTLY, "{path}");
        assert_eq!(header(&response, header::LOCATION), location, "{path}");
    }
    // The files of a build that are missing stay plain 404s.
    let response = server.get("/buergerportal-0000000000000000.js", None).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(!response.text().await.expect("body").contains("<html"));
}
