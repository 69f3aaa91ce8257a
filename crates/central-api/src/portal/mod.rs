// SPDX-License-Identifier: EUPL-1.2
//! The built portal (`--static-dir`, trunk's `dist/`) over HTTP, and what is made from it
//! at start for the deployment and for embedding it in the municipalities' own pages:
//!
//! - `index.html` (and the client-side routes answered with it), rewritten for the
//!   deployment (`--base-path`, `--api-url`, see [`index_html::rewrite`]), sent from memory with
//!   a Content-Security-Policy whose `frame-ancestors` lists every municipality's allowed
//!   origin (the live set, so `seed` + restart or a later reload shows at once) and
//!   without `X-Frame-Options`; a form page made per answer with its service's current
//!   definition in it, a service page with a preload of its service ([`page_data`]);
//! - `/embed.js`: the custom element `<buergerportal-embed>` (`embed.js` beside this file),
//!   naming the current hashed JS and WASM;
//! - `/embed.css` and `/embed-fonts.css`: the portal's stylesheets for a shadow root and
//!   its fonts for the host page, written by the build ([`embed_files`], `central-api
//!   build-embed`) and served from memory with a version for caching;
//! - every file of the folder (and the generated ones) with `Access-Control-Allow-Origin:
//!   *` and `Cross-Origin-Resource-Policy: cross-origin`: they are public and never sent
//!   with credentials, and a host page on another origin must be able to `import()` the
//!   JS, fetch the WASM and load the fonts. The API keeps its own CORS (the configured
//!   origins only).
//!
//! The designers' preview (`static_dir/preview/`, if built) is served the same way under
//! `/preview/` with its own policy and `frame-ancestors 'self'`.

pub mod embed_files;
pub mod index_html;
pub mod page_data;
pub mod shadow_css;

use std::{
    io::Write,
    path::{Path, PathBuf},
};

use axum::{
    body::Body,
    extract::{Request, State},
    http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use bytes::Bytes;
use sha2::{Digest, Sha256};
use tower_http::services::ServeDir;

use crate::{AppState, PREVIEW_DIR, security, theme};

/// The custom element's script; `__CONFIG__` is replaced by the JSON of [`EmbedConfig`].
pub const EMBED_JS_TEMPLATE: &str = include_str!("embed.js");

/// `Cross-Origin-Resource-Policy`.
pub const CROSS_ORIGIN_RESOURCE_POLICY: HeaderName =
    HeaderName::from_static("cross-origin-resource-policy");

/// A response extension: this answer is the portal's index (200 or 304), which
/// `page_data::preload`'s links go with.
#[derive(Debug, Clone, Copy)]
struct IndexPage;

/// A response extension: this page may be framed by the municipalities' origins, so it
/// gets no `X-Frame-Options` (its policy's `frame-ancestors` says who may frame it).
#[derive(Debug, Clone, Copy)]
pub struct Framable;

/// A file made at start and served from memory, with its compressed variants, strong
/// ETag and `304` on `If-None-Match`.
#[derive(Debug, Clone)]
pub struct Generated {
    body: Bytes,
    gzip: Option<Bytes>,
    br: Option<Bytes>,
    etag: HeaderValue,
    content_type: HeaderValue,
    version: String,
}

impl Generated {
    /// A text file, compressed with gzip and brotli when that makes it smaller.
    pub fn text(body: String, content_type: &'static str) -> Self {
        let mut generated = Self::bytes(Bytes::from(body), content_type);
        if generated.body.len() > 256 {
            generated.gzip = Some(gzip(&generated.body));
            generated.br = Some(brotli(&generated.body));
        }
        generated
    }

    /// Bytes sent as they are.
    pub fn bytes(body: Bytes, content_type: &'static str) -> Self {
        let digest = hex(&Sha256::digest(&body));
        Generated {
            etag: etag_of_digest(&digest),
            content_type: HeaderValue::from_static(content_type),
            version: digest[..16].to_owned(),
            body,
            gzip: None,
            br: None,
        }
    }

    /// 16 hex digits of the content's SHA-256: a cache-busting version.
    pub fn version(&self) -> &str {
        &self.version
    }

    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The ETag, for pages made from this file (`page_data`).
    pub fn etag(&self) -> &HeaderValue {
        &self.etag
    }

    /// The answer to a GET with `request` headers.
    pub fn respond(&self, request: &HeaderMap, cache_control: &'static str) -> Response {
        answer(
            request,
            self.etag.clone(),
            self.content_type.clone(),
            cache_control,
            || match (&self.br, &self.gzip) {
                (Some(br), _) if accepts(request, "br") => (br.clone(), Some("br")),
                (_, Some(gzip)) if accepts(request, "gzip") => (gzip.clone(), Some("gzip")),
                _ => (self.body.clone(), None),
            },
        )
    }
}

/// A text made for one answer (a form page with its definition, a legal page), whose
/// `etag` is known before it is made: `304` on `If-None-Match` without making it, else made and
/// compressed in the one encoding the request prefers, with settings that take a
/// millisecond or two for a large definition (the files made at start use the strongest).
pub fn respond_made(
    request: &HeaderMap,
    etag: HeaderValue,
    content_type: &'static str,
    cache_control: &'static str,
    make: impl FnOnce() -> String,
) -> Response {
    answer(
        request,
        etag,
        HeaderValue::from_static(content_type),
        cache_control,
        || {
            let body = make();
            if body.len() <= 256 {
                (Bytes::from(body), None)
            } else if accepts(request, "br") {
                (brotli_at(body.as_bytes(), 5), Some("br"))
            } else if accepts(request, "gzip") {
                let level = flate2::Compression::default();
                (gzip_at(body.as_bytes(), level), Some("gzip"))
            } else {
                (Bytes::from(body), None)
            }
        },
    )
}

/// `304` when `If-None-Match` names `etag`, else the body `body` gives (its bytes and
/// their `Content-Encoding`), with `content_type`; both with the ETag and `cache_control`.
/// A compressed body's ETag is made weak on the way out, as the API's answers' are
/// (`compression::weaken_etag`, a layer of the portal's router); the 304 carries the tag
/// as the client holds it. `If-None-Match` compares weakly either way.
fn answer(
    request: &HeaderMap,
    etag: HeaderValue,
    content_type: HeaderValue,
    cache_control: &'static str,
    body: impl FnOnce() -> (Bytes, Option<&'static str>),
) -> Response {
    let (etag, mut response) = if let Some(tag) = matching_tag(request, &etag) {
        (tag, StatusCode::NOT_MODIFIED.into_response())
    } else {
        let (body, encoding) = body();
        let mut response = Response::new(Body::from(body));
        if let Some(encoding) = encoding {
            response
                .headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
        }
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, content_type);
        (etag, response)
    };
    let headers = response.headers_mut();
    headers.insert(header::ETAG, etag);
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    response
}

/// A strong ETag of `body`: 32 hex digits of its SHA-256, as [`Generated`] has.
pub fn strong_etag(body: &[u8]) -> HeaderValue {
    etag_of_digest(&hex(&Sha256::digest(body)))
}

fn etag_of_digest(digest: &str) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{}\"", &digest[..32])).expect("hex is ASCII")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn gzip(body: &[u8]) -> Bytes {
    gzip_at(body, flate2::Compression::best())
}

fn gzip_at(body: &[u8], level: flate2::Compression) -> Bytes {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), level);
    encoder.write_all(body).expect("writing to memory");
    Bytes::from(encoder.finish().expect("writing to memory"))
}

fn brotli(body: &[u8]) -> Bytes {
    brotli_at(body, 11)
}

fn brotli_at(body: &[u8], quality: i32) -> Bytes {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &body[..], &mut out, &params).expect("writing to memory");
    Bytes::from(out)
}

/// Whether `Accept-Encoding` allows `coding` (listed without `q=0`).
fn accepts(request: &HeaderMap, coding: &str) -> bool {
    request
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| {
            let mut parts = item.split(';').map(str::trim);
            parts.next().is_some_and(|c| c.eq_ignore_ascii_case(coding))
                && !parts.any(|p| {
                    p.strip_prefix("q=")
                        .and_then(|q| q.trim().parse::<f32>().ok())
                        .is_some_and(|q| q == 0.0)
                })
        })
}

/// Whether `If-None-Match` names `etag` (or `*`).
fn if_none_match(request: &HeaderMap, etag: &HeaderValue) -> bool {
    matching_tag(request, etag).is_some()
}

/// The entity tag of `If-None-Match` that names `etag` (compared weakly), as the request
/// wrote it; `etag` itself for `*`.
fn matching_tag(request: &HeaderMap, etag: &HeaderValue) -> Option<HeaderValue> {
    let bare = etag.to_str().unwrap_or_default();
    request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .find_map(|tag| match tag {
            "*" => Some(etag.clone()),
            // Echoed only in one of the two forms an ETag has (`"x"`, `W/"x"`).
            _ if tag.strip_prefix("W/").unwrap_or(tag) == bare => HeaderValue::from_str(tag).ok(),
            _ => None,
        })
}

/// A folder with an `index.html` served as the fallback of every path.
#[derive(Debug)]
pub struct Bundle {
    pub dir: PathBuf,
    /// `index.html` as sent (rewritten for the deployment); `None` if there is none.
    pub index: Option<Generated>,
    /// Hashes of the inline scripts of the index as sent.
    pub script_hashes: Vec<String>,
    /// The stylesheets the index as sent links (the legal pages link them too).
    pub stylesheets: Vec<String>,
    /// `Link` preloads of the index's WASM and JS module, sent with it (see
    /// [`code_preload`]).
    pub code_preload: Option<HeaderValue>,
    /// The chunk of the controls of some field types, which a form page whose step shows
    /// one preloads (`page_data`).
    pub later_controls: Option<index_html::ControlsChunk>,
}

/// The generated embedding files.
#[derive(Debug)]
pub struct Embed {
    pub js: Generated,
    pub css: Generated,
    pub fonts: Generated,
}

/// What `embed.js` is told (the JSON replacing `__CONFIG__`).
#[derive(Debug, serde::Serialize)]
struct EmbedConfig<'a> {
    /// The base path (`""` or `/buergerportal`).
    base: &'a str,
    /// The JS module and WASM, relative to the base path.
    js: &'a str,
    wasm: &'a str,
    /// The stylesheets, relative to the base path, with their version.
    css: String,
    fonts: String,
    /// The API's origin if not the portal's.
    api: Option<&'a str>,
}

/// How the portal is deployed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deployment {
    /// `""` (served at `/`) or a path like `/buergerportal`.
    pub base_path: String,
    /// The API's origin when it is not the portal's, e.g. `https://api.example`.
    pub api_url: Option<String>,
    /// The ARS of the municipality whose legal pages the portal's root links
    /// (`serve --municipality`); `None`: [`crate::legal::serve::DEFAULT_ARS`].
    pub home_ars: Option<String>,
    /// The FIT-Connect services the portal sends through, if not this relay's own.
    pub fit_connect: FitConnectTargets,
}

/// Where the portal routes, gets its sender token and submits (FIT-Connect), when that
/// is not this relay: a Land's Routing API and delivery service, and a token endpoint of
/// the deployment's that holds the portal's sender credentials. Each a URL without a
/// trailing slash; the Routing and Submission APIs' paths (`/v1/...`) follow it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FitConnectTargets {
    pub submission_api: Option<String>,
    pub routing_api: Option<String>,
    pub sender_token_url: Option<String>,
}

/// Checks a URL of a FIT-Connect service: http(s), an origin and maybe a path, no query.
pub fn normalize_service_url(url: &str) -> Result<String, String> {
    let trimmed = url.trim().trim_end_matches('/');
    let origin_end = trimmed
        .find("://")
        .map(|scheme| {
            trimmed[scheme + 3..]
                .find('/')
                .map_or(trimmed.len(), |slash| scheme + 3 + slash)
        })
        .unwrap_or(0);
    let path = &trimmed[origin_end..];
    if theme::is_origin(&trimmed[..origin_end])
        && !path.contains(['?', '#', '"', '<', '>', ' ', '\\'])
    {
        Ok(trimmed.to_owned())
    } else {
        Err(format!(
            "{url:?}: expected an http(s) URL like https://submission-api.example or https://example/path"
        ))
    }
}

impl Deployment {
    /// The origins of the FIT-Connect services the portal is pointed at (for the
    /// policy's `connect-src`).
    pub fn connect_origins(&self) -> Vec<String> {
        let targets = &self.fit_connect;
        [
            &targets.submission_api,
            &targets.routing_api,
            &targets.sender_token_url,
        ]
        .into_iter()
        .flatten()
        .filter_map(|url| {
            let scheme = url.find("://")? + 3;
            let end = url[scheme..].find('/').map_or(url.len(), |i| scheme + i);
            Some(url[..end].to_owned())
        })
        .collect()
    }
}

impl Deployment {
    /// The municipality of the portal's root (its legal pages).
    pub fn home_ars(&self) -> &str {
        self.home_ars
            .as_deref()
            .unwrap_or(crate::legal::serve::DEFAULT_ARS)
    }
}

/// The base path as given (`/buergerportal`, `/buergerportal/`, `buergerportal`, `/`, ``)
/// normalized to `""` or `/segment[/segment…]`; segments of letters, digits, `-`, `_`,
/// `.`, `~` (not `.` or `..`), and not under `/api`.
pub fn normalize_base_path(path: &str) -> Result<String, String> {
    let trimmed = path.trim().trim_matches('/');
    if trimmed.is_empty() {
        return Ok(String::new());
    }
    for segment in trimmed.split('/') {
        if segment.is_empty()
            || segment == "."
            || segment == ".."
            || !segment
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.~".contains(&b))
        {
            return Err(format!(
                "base path {path:?}: each segment must be letters, digits, '-', '_', '.' or '~'"
            ));
        }
    }
    if trimmed == "api" || trimmed.starts_with("api/") {
        return Err(format!("base path {path:?}: /api is the API's"));
    }
    Ok(format!("/{trimmed}"))
}

/// The API URL as given, one trailing `/` dropped, if it is an origin (`http[s]://host[:port]`).
pub fn normalize_api_url(url: &str) -> Result<String, String> {
    let origin = url.trim().strip_suffix('/').unwrap_or(url.trim());
    if theme::is_origin(origin) {
        Ok(origin.to_owned())
    } else {
        Err(format!(
            "API URL {url:?}: expected an origin like https://api.example (scheme, lower-case host, optional port; no path)"
        ))
    }
}

/// The portal as served.
#[derive(Debug)]
pub struct Portal {
    pub deployment: Deployment,
    pub app: Bundle,
    pub preview: Option<Bundle>,
    pub embed: Option<Embed>,
}

/// Error reading the portal folder.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Html {
        path: PathBuf,
        source: index_html::IndexError,
    },
}

fn read_optional(path: &Path) -> Result<Option<String>, ReadError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(ReadError::Io {
            path: path.to_owned(),
            source,
        }),
    }
}

/// A path from `index.html` (`/x.css`, maybe with `?query`) as a file below `dir`, if it
/// stays inside it.
pub(crate) fn file_of(dir: &Path, path: &str) -> Option<PathBuf> {
    let path = path.split(['?', '#']).next()?.strip_prefix('/')?;
    if path.is_empty()
        || path
            .split('/')
            .any(|s| s.is_empty() || s == "." || s == "..")
    {
        return None;
    }
    Some(dir.join(path))
}

impl Bundle {
    fn load(dir: PathBuf, deployment: &Deployment) -> Result<Bundle, ReadError> {
        let original = read_optional(&dir.join("index.html"))?;
        let Some(original) = original else {
            tracing::warn!(path = %dir.join("index.html").display(), "static folder has no index.html");
            return Ok(Bundle {
                dir,
                index: None,
                script_hashes: Vec::new(),
                stylesheets: Vec::new(),
                code_preload: None,
                later_controls: None,
            });
        };
        // Paths in the preview's index name files below the portal's folder (`/preview/…`).
        let root = if dir.ends_with(PREVIEW_DIR) {
            dir.parent().unwrap_or(&dir).to_owned()
        } else {
            dir.clone()
        };
        let html_error = |source| ReadError::Html {
            path: dir.join("index.html"),
            source,
        };
        let rewritten = index_html::rewrite(
            &original,
            &index_html::Rewrite {
                base_path: &deployment.base_path,
                api_url: deployment.api_url.as_deref(),
                municipality: Some(deployment.home_ars()),
                fit_connect: &deployment.fit_connect,
            },
            |path| file_of(&root, path).is_some_and(|f| f.is_file()),
        )
        .map_err(html_error)?;
        // The hashes of the scripts as sent: the base path changes trunk's loader script.
        let assets = index_html::index_assets(&rewritten).map_err(html_error)?;
        Ok(Bundle {
            script_hashes: security::inline_script_hashes(&rewritten).map_err(html_error)?,
            code_preload: code_preload(&assets),
            stylesheets: assets.stylesheets,
            later_controls: assets.later_controls,
            index: Some(Generated::text(rewritten, "text/html; charset=utf-8")),
            dir,
        })
    }

    /// An answer with the index (the bundle's own, or a form page made from it): with
    /// `policy` as its Content-Security-Policy and the preloads of the code.
    fn index_answer(&self, mut response: Response, policy: &str, framable: bool) -> Response {
        if let Ok(value) = HeaderValue::from_str(policy) {
            response
                .headers_mut()
                .insert(header::CONTENT_SECURITY_POLICY, value);
        }
        if framable {
            response.extensions_mut().insert(Framable);
        }
        if let Some(link) = &self.code_preload {
            response.headers_mut().append(header::LINK, link.clone());
        }
        response.extensions_mut().insert(IndexPage);
        response
    }
}

impl Portal {
    /// Reads `dir` (its `index.html`, the stylesheets and `preview/index.html`) and makes
    /// what is served from memory.
    pub fn load(dir: PathBuf, deployment: Deployment) -> Result<Portal, ReadError> {
        let app = Bundle::load(dir.clone(), &deployment)?;
        let preview_dir = dir.join(PREVIEW_DIR);
        let preview = if preview_dir.join("index.html").is_file() {
            Some(Bundle::load(preview_dir, &deployment)?)
        } else {
            None
        };
        let original = read_optional(&dir.join("index.html"))?;
        let embed = match original {
            Some(index) => make_embed(&dir, &index, &deployment)?,
            None => None,
        };
        Ok(Portal {
            deployment,
            app,
            preview,
            embed,
        })
    }

    /// The Content-Security-Policy of the portal's `index.html`: framing by the portal
    /// itself and by `frame_ancestors` (the municipalities' allowed origins).
    pub fn index_policy<'a>(
        &self,
        frame_ancestors: impl IntoIterator<Item = &'a String>,
    ) -> String {
        let mut ancestors: Vec<&str> = frame_ancestors
            .into_iter()
            .map(String::as_str)
            .filter(|o| theme::is_origin(o))
            .collect();
        ancestors.sort_unstable();
        ancestors.dedup();
        security::policy(&security::Policy {
            script_hashes: &self.app.script_hashes,
            api_origin: self.deployment.api_url.as_deref(),
            connect_origins: &self.deployment.connect_origins(),
            frame_ancestors: &ancestors,
        })
    }

    /// The policy of every other answer (and of the API): the portal's script hashes,
    /// `frame-ancestors 'self'`.
    pub fn default_policy(&self) -> String {
        security::policy(&security::Policy {
            script_hashes: &self.app.script_hashes,
            api_origin: self.deployment.api_url.as_deref(),
            connect_origins: &self.deployment.connect_origins(),
            frame_ancestors: &[],
        })
    }

    /// The preview's policy, if it was built.
    pub fn preview_policy(&self) -> Option<String> {
        self.preview.as_ref().map(|preview| {
            security::policy(&security::Policy {
                script_hashes: &preview.script_hashes,
                api_origin: self.deployment.api_url.as_deref(),
                connect_origins: &self.deployment.connect_origins(),
                frame_ancestors: &[],
            })
        })
    }
}

/// `embed.js` from the original `index.html` and the deployment, with `embed.css` and
/// `embed-fonts.css` as the build wrote them; `None` (with a warning) if the index names
/// no JS module or WASM, or the build step has not run.
fn make_embed(
    dir: &Path,
    index: &str,
    deployment: &Deployment,
) -> Result<Option<Embed>, ReadError> {
    let assets = index_html::index_assets(index).map_err(|source| ReadError::Html {
        path: dir.join("index.html"),
        source,
    })?;
    let (Some(js), Some(wasm)) = (&assets.js, &assets.wasm) else {
        tracing::warn!("index.html names no JS module and WASM: no /embed.js");
        return Ok(None);
    };
    let stylesheet = |name: &str| -> Result<Option<Generated>, ReadError> {
        let path = dir.join(name);
        let text = read_optional(&path)?;
        if text.is_none() {
            tracing::warn!(path = %path.display(), "missing (run `central-api build-embed` after `trunk build`): no /embed.js");
        }
        Ok(text.map(|text| Generated::text(text, "text/css; charset=utf-8")))
    };
    let (Some(css), Some(fonts)) = (
        stylesheet(embed_files::EMBED_CSS)?,
        stylesheet(embed_files::EMBED_FONTS_CSS)?,
    ) else {
        return Ok(None);
    };
    let config = EmbedConfig {
        base: &deployment.base_path,
        js,
        wasm,
        css: format!("/embed.css?v={}", css.version()),
        fonts: format!("/embed-fonts.css?v={}", fonts.version()),
        api: deployment.api_url.as_deref(),
    };
    let config = serde_json::to_string(&config).expect("strings serialize");
    let js = Generated::text(
        EMBED_JS_TEMPLATE.replacen("__CONFIG__", &config, 1),
        "application/javascript; charset=utf-8",
    );
    Ok(Some(Embed { js, css, fonts }))
}

/// `Cache-Control` of a generated stylesheet: immutable when asked for with its current
/// version (`?v=`), else revalidated.
fn versioned_cache(uri: &Uri, generated: &Generated) -> &'static str {
    let current = uri
        .query()
        .unwrap_or_default()
        .split('&')
        .any(|pair| pair.strip_prefix("v=") == Some(generated.version()));
    if current {
        crate::assets::IMMUTABLE
    } else {
        crate::assets::REVALIDATE
    }
}

/// Every path outside `/api`: the portal below its base path.
pub async fn serve(State(state): State<AppState>, request: Request) -> Response {
    let Some(portal) = state.portal.clone() else {
        return crate::error::api_not_found().await.into_response();
    };
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        // As the API's 405: a problem saying so, with `Allow`.
        let mut response = crate::error::ApiError::MethodNotAllowed.into_response();
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let base = portal.deployment.base_path.as_str();
    let path = request.uri().path().to_owned();
    let relative = if base.is_empty() {
        path.clone()
    } else if path == "/" || path == base {
        return to_root(StatusCode::SEE_OTHER, base, request.uri().query());
    } else {
        match path.strip_prefix(base).filter(|rest| rest.starts_with('/')) {
            Some(rest) => rest.to_owned(),
            None => return (StatusCode::NOT_FOUND, "Not found\n").into_response(),
        }
    };
    let mut response = portal_file(&state, &portal, &relative, request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        CROSS_ORIGIN_RESOURCE_POLICY,
        HeaderValue::from_static("cross-origin"),
    );
    response
}

/// A redirect to the portal's root (below `base`), keeping the `query`.
fn to_root(status: StatusCode, base: &str, query: Option<&str>) -> Response {
    let mut location = format!("{base}/");
    if let Some(query) = query {
        location.push('?');
        location.push_str(query);
    }
    (
        status,
        [(
            header::LOCATION,
            HeaderValue::from_str(&location).unwrap_or(HeaderValue::from_static("/")),
        )],
    )
        .into_response()
}

async fn portal_file(
    state: &AppState,
    portal: &Portal,
    relative: &str,
    request: Request,
) -> Response {
    let headers = request.headers().clone();
    // The index's own name is no page of the portal (which would show "page not found"
    // there): a link or bookmark to it is sent to the start page.
    if relative == "/index.html" {
        let base = portal.deployment.base_path.as_str();
        return to_root(StatusCode::MOVED_PERMANENTLY, base, request.uri().query());
    }
    if let Some(embed) = &portal.embed {
        match relative {
            "/embed.js" => return embed.js.respond(&headers, crate::assets::REVALIDATE),
            "/embed.css" => {
                return embed
                    .css
                    .respond(&headers, versioned_cache(request.uri(), &embed.css));
            }
            "/embed-fonts.css" => {
                return embed
                    .fonts
                    .respond(&headers, versioned_cache(request.uri(), &embed.fonts));
            }
            _ => {}
        }
    }
    if let Some(preview) = &portal.preview {
        let under = relative
            .strip_prefix("/preview")
            .filter(|rest| rest.is_empty() || rest.starts_with('/'));
        if let Some(rest) = under {
            let policy = portal.preview_policy().unwrap_or_default();
            // The designers' workbench shows itself at every path below `/preview`.
            let page = BundlePage {
                relative: rest,
                shown: Shown::Page,
                policy: &policy,
                framable: false,
            };
            return bundle_file(preview, page, request, &headers).await;
        }
    }
    // The legal pages (plain HTML from the municipality's data, see `legal`).
    if let Some(path) = crate::legal::serve::parse(relative)
        && let Some(page) =
            crate::legal::serve::respond(state, portal, path, request.uri().query(), &headers).await
    {
        return page;
    }
    let ancestors = framing_origins(&request, &state.allowed_origins);
    let policy = portal.index_policy(&ancestors);
    let preload = page_data::preload(
        relative,
        request.uri().query(),
        &headers,
        &portal.deployment,
    );
    // On the index's answers, a 304 as well: a browser updates the page's stored headers
    // from a 304's, and would otherwise keep them without the preloads.
    let with_preload = |mut response: Response| {
        if let Some(link) = preload.clone()
            && response.extensions().get::<IndexPage>().is_some()
        {
            response.headers_mut().append(header::LINK, link);
        }
        response
    };
    let mut shown = if page_data::names_a_page(relative) {
        Shown::Page
    } else {
        Shown::NotFound
    };
    // A service's page for a service that this server, the portal's API, does not know,
    // or the start page of a municipality it does not know (whose catalogue it answers
    // 404): the portal shows "page not found" at both.
    if shown == Shown::Page && page_data::inlines(&portal.deployment) {
        let unknown = match page_data::page_of(relative) {
            Some(page_data::Page::Service { leika }) => {
                page_data::unknown_service(state, leika).await
            }
            Some(page_data::Page::Start) => page_data::unknown_municipality(state, relative).await,
            _ => false,
        };
        if unknown {
            shown = Shown::NotFound;
        }
    }
    // A form page carries its definition where this server is the portal's API.
    if let (Some(page_data::Page::Form { leika, step }), Some(index)) =
        (page_data::page_of(relative), &portal.app.index)
        && page_data::inlines(&portal.deployment)
    {
        let page = page_data::FormPage {
            index,
            leika,
            step,
            controls: portal.app.later_controls.as_ref(),
        };
        match page_data::respond(state, page, &headers).await {
            page_data::FormPageAnswer::Made(page) => {
                return with_preload(portal.app.index_answer(page, &policy, true));
            }
            page_data::FormPageAnswer::UnknownService => shown = Shown::NotFound,
            page_data::FormPageAnswer::Plain => {}
        }
    }
    let page = BundlePage {
        relative,
        shown,
        policy: &policy,
        framable: true,
    };
    with_preload(bundle_file(&portal.app, page, request, &headers).await)
}

/// What the index shows at a path that names no file.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shown {
    /// A page: the index is answered as it is (`200`, or `304` on revalidation).
    Page,
    /// The portal's "page not found": the index with `404`, whole and without an ETag (a
    /// `304` would confirm a stored copy as if it were the page).
    NotFound,
}

/// A path of a bundle and how its index is answered there.
struct BundlePage<'a> {
    relative: &'a str,
    shown: Shown,
    /// The Content-Security-Policy of the index.
    policy: &'a str,
    /// Whether the index may be shown in a frame ([`Framable`]).
    framable: bool,
}

/// `Link: <…_bg.wasm>; rel=preload; as=fetch; crossorigin, <….js>; rel=modulepreload`
/// for the index's code: the browser starts the largest download when the page's headers
/// arrive, one round trip before it has parsed the page's `<head>` (issue #21's phone
/// profile: 150 ms round trips). The WASM's `<link>` in the page stays (and keeps its
/// integrity), and the browser hands the header's preload to it; the glue's has gone
/// (`scripts/split-wasm.mjs`: with its integrity, Chromium fetched the glue twice), and
/// the loader script's import takes the header's.
fn code_preload(assets: &index_html::IndexAssets) -> Option<HeaderValue> {
    let mut links = Vec::new();
    if let Some(wasm) = &assets.wasm {
        links.push(format!(
            "<{wasm}>; rel=preload; as=fetch; crossorigin; type=\"application/wasm\""
        ));
    }
    if let Some(js) = &assets.js {
        links.push(format!("<{js}>; rel=modulepreload; crossorigin"));
    }
    if links.is_empty() {
        return None;
    }
    HeaderValue::from_str(&links.join(", ")).ok()
}

/// The origins that may frame this load of the portal's page: the host page that embeds
/// it, if it is an allowed origin of a municipality, and nobody else. Listing every
/// municipality's origins on every page would grow the header with the Land (57 KB for
/// 1,100 municipalities, beyond common proxy limits) and let each frame the portal as
/// another's. The host is known from the frame's first address (`bp-host`, which
/// `embed.js` sets) or, for a reload inside the frame, from the `Referer` the browser
/// sends with it (the host page's origin, under the default referrer policy).
fn framing_origins(
    request: &Request,
    allowed: &std::sync::RwLock<std::collections::HashSet<String>>,
) -> Vec<String> {
    let from_query =
        axum::extract::Query::<std::collections::HashMap<String, String>>::try_from_uri(
            request.uri(),
        )
        .ok()
        .and_then(|query| query.0.get("bp-host").cloned());
    let from_referer = request
        .headers()
        .get(header::REFERER)
        .and_then(|value| value.to_str().ok())
        .and_then(origin_of);
    let Ok(allowed) = allowed.read() else {
        return Vec::new();
    };
    let mut origins: Vec<String> = [from_query, from_referer]
        .into_iter()
        .flatten()
        .filter(|origin| allowed.contains(origin))
        .collect();
    origins.dedup();
    origins
}

/// The origin (`scheme://host[:port]`) of an absolute URL.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let origin = format!("{scheme}://{authority}");
    theme::is_origin(&origin).then_some(origin)
}

/// A file of `bundle` at `relative`, or its index (for `/`, `/index.html` and every path
/// that names no file: the client's routes). A missing file of a build (by its extension,
/// `assets::names_a_file`) is a 404.
async fn bundle_file(
    bundle: &Bundle,
    page: BundlePage<'_>,
    request: Request,
    headers: &HeaderMap,
) -> Response {
    let BundlePage {
        relative,
        shown,
        policy,
        framable,
    } = page;
    let index = |headers: &HeaderMap, shown: Shown| match &bundle.index {
        Some(index) if shown == Shown::Page => bundle.index_answer(
            index.respond(headers, crate::assets::REVALIDATE),
            policy,
            framable,
        ),
        Some(index) => {
            let mut whole = headers.clone();
            whole.remove(header::IF_NONE_MATCH);
            let mut response = index.respond(&whole, crate::assets::REVALIDATE);
            *response.status_mut() = StatusCode::NOT_FOUND;
            response.headers_mut().remove(header::ETAG);
            bundle.index_answer(response, policy, framable)
        }
        None => (StatusCode::NOT_FOUND, "Not found\n").into_response(),
    };
    if matches!(relative, "" | "/" | "/index.html") {
        return index(headers, Shown::Page);
    }
    let (mut parts, body) = request.into_parts();
    let uri = match parts.uri.query() {
        Some(query) => format!("{relative}?{query}"),
        None => relative.to_owned(),
    };
    parts.uri = match uri.parse() {
        Ok(uri) => uri,
        Err(_) => return index(headers, shown),
    };
    // tower-http's `ServeDir` answers a `Range` without evaluating `If-Range`, so a resumed
    // download could splice two versions of a file whose name has no hash (the fonts). The
    // whole file is always a right answer to a conditional range (RFC 9110, 13.1.5).
    if parts.headers.contains_key(header::IF_RANGE) {
        parts.headers.remove(header::RANGE);
    }
    let mut files = ServeDir::new(&bundle.dir)
        .append_index_html_on_directories(false)
        .precompressed_br()
        .precompressed_gzip();
    // `try_call`, not `call`: `call` answers every error of the file system but "not
    // found" as an empty 500 (and logs it), among them a name the file system refuses.
    match files.try_call(Request::from_parts(parts, body)).await {
        Ok(response) if response.status() != StatusCode::NOT_FOUND => {
            return response.map(Body::new);
        }
        Ok(_not_found) => {}
        // A name longer than the file system takes (a segment over 255 bytes, a path
        // over 4 KB: ENAMETOOLONG) names no file, as any other unknown path.
        Err(err) if err.kind() == std::io::ErrorKind::InvalidFilename => {}
        Err(err) => {
            // The path comes from the client: cut, so that one request cannot write a
            // line of the size of its head into the log.
            tracing::error!(
                path = %crate::shorten::to_chars(relative, MAX_LOGGED_PATH_CHARS),
                error = %err,
                "cannot read a portal file"
            );
            return (StatusCode::INTERNAL_SERVER_ERROR, "Internal server error\n").into_response();
        }
    }
    if crate::assets::names_a_file(relative) {
        return (StatusCode::NOT_FOUND, "Not found\n").into_response();
    }
    index(headers, shown)
}

/// The most characters of a requested path that a log line quotes.
const MAX_LOGGED_PATH_CHARS: usize = 200;

/// `X-Frame-Options: SAMEORIGIN` on every answer except those marked [`Framable`].
pub async fn frame_options(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    if response.extensions().get::<Framable>().is_none() {
        response.headers_mut().insert(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("SAMEORIGIN"),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths_are_normalized_or_refused() {
        for (given, expected) in [
            ("", ""),
            ("/", ""),
            ("/buergerportal", "/buergerportal"),
            ("/buergerportal/", "/buergerportal"),
            ("buergerportal", "/buergerportal"),
            ("/a/b-c_d.e~f", "/a/b-c_d.e~f"),
        ] {
            assert_eq!(
                normalize_base_path(given).as_deref(),
                Ok(expected),
                "{given}"
            );
        }
        for bad in [
            "/a//b",
            "/a b",
            "/ä",
            "/../x",
            "/api",
            "/api/portal",
            "/a?b",
            "/a\"b",
        ] {
            assert!(normalize_base_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn api_urls_are_origins() {
        assert_eq!(
            normalize_api_url("https://api.example/").as_deref(),
            Ok("https://api.example")
        );
        assert_eq!(
            normalize_api_url("http://127.0.0.1:9000").as_deref(),
            Ok("http://127.0.0.1:9000")
        );
        for bad in [
            "https://api.example/api",
            "api.example",
            "https://api.example;x",
            "",
        ] {
            assert!(normalize_api_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn accept_encoding_and_if_none_match() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("gzip, br;q=0"),
        );
        assert!(accepts(&headers, "gzip"));
        assert!(!accepts(&headers, "br"));
        headers.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_static("W/\"a\", \"b\""),
        );
        assert!(if_none_match(&headers, &HeaderValue::from_static("\"a\"")));
        assert!(if_none_match(&headers, &HeaderValue::from_static("\"b\"")));
        assert!(!if_none_match(&headers, &HeaderValue::from_static("\"c\"")));
        // The tag a 304 carries is the client's, in one of an ETag's two forms only.
        let asked = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::IF_NONE_MATCH, HeaderValue::from_static(value));
            matching_tag(&headers, &HeaderValue::from_static("\"a\""))
        };
        assert_eq!(asked("W/\"a\"").unwrap(), "W/\"a\"");
        assert_eq!(asked("\"a\"").unwrap(), "\"a\"");
        assert_eq!(asked("W/W/\"a\""), None);
    }

    #[test]
    fn generated_files_are_compressed_and_versioned() {
        let text = "body{margin:0}\n".repeat(100);
        let generated = Generated::text(text.clone(), "text/css");
        assert_eq!(generated.version().len(), 16);
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("gzip, br"),
        );
        let response = generated.respond(&headers, "no-cache");
        assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");
        let uri: Uri = format!("/embed.css?v={}", generated.version())
            .parse()
            .unwrap();
        assert_eq!(versioned_cache(&uri, &generated), crate::assets::IMMUTABLE);
        let old: Uri = "/embed.css?v=0000000000000000".parse().unwrap();
        assert_eq!(versioned_cache(&old, &generated), crate::assets::REVALIDATE);
    }

    #[test]
    fn paths_from_the_index_stay_inside_the_folder() {
        let dir = Path::new("/srv/dist");
        assert_eq!(file_of(dir, "/kern-1.css?x"), Some(dir.join("kern-1.css")));
        assert_eq!(
            file_of(dir, "/fonts/a.woff2"),
            Some(dir.join("fonts/a.woff2"))
        );
        for bad in ["kern.css", "/../etc/passwd", "//cdn/x", "/", "/a/./b"] {
            assert_eq!(file_of(dir, bad), None, "{bad}");
        }
    }
}
