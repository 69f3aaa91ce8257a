// SPDX-License-Identifier: EUPL-1.2
//! Caching of the portal's files. trunk names every asset after a hash of its content
//! (`buergerportal-89482203685702c3_bg.wasm`), so such a file never changes under its
//! name: browsers may keep it for a year without asking again. Everything else
//! (`index.html`, which names the current assets, and the client-side routes answered
//! with it) is revalidated on every use, so a new deployment shows at once.
//!
//! The precompressed variants (`file.br`, `file.gz`, written next to the files at build
//! time by `scripts/precompress.sh`) are chosen by `ServeDir` from `Accept-Encoding`;
//! every portal answer therefore says `Vary: Accept-Encoding`.

use axum::{
    extract::Request,
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::Response,
};

/// `Cache-Control` of content-hashed assets.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// `Cache-Control` of everything else the portal serves.
pub const REVALIDATE: &str = "no-cache";

/// Whether the last segment of `path` is a trunk asset name with a content hash: a name,
/// `-`, 16 or more hexadecimal digits, optionally `_bg` (wasm-bindgen's module), then an
/// extension, e.g. `portal-c9c2e14c52443236.css`.
pub fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let Some((stem, extension)) = name.rsplit_once('.') else {
        return false;
    };
    if extension.is_empty() || !extension.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return false;
    }
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let Some((base, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    !base.is_empty() && hash.len() >= 16 && hash.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Middleware on the portal's files: `Cache-Control` (immutable for a hashed asset that
/// was found, `no-cache` otherwise, including `index.html` answered for an unknown
/// name) and `Vary: Accept-Encoding`.
pub async fn cache_headers(request: Request, next: Next) -> Response {
    let hashed = is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    let found = matches!(
        response.status(),
        StatusCode::OK | StatusCode::PARTIAL_CONTENT | StatusCode::NOT_MODIFIED
    );
    // An unknown hashed name gets index.html (the portal's fallback): never cache that
    // for a year under the asset's name.
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let cache = if hashed && found && !is_html {
        IMMUTABLE
    } else {
        REVALIDATE
    };
    let headers = response.headers_mut();
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    }
    headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    response
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn trunk_asset_names_are_hashed() {
        for name in [
            "/buergerportal-89482203685702c3_bg.wasm",
            "/buergerportal-89482203685702c3.js",
            "/portal-c9c2e14c52443236.css",
            "/favicon-e4b65505e5e948cd.svg",
            "/snippets/x/inline0-0123456789abcdef0123.js",
        ] {
            assert!(is_hashed_asset(name), "{name}");
        }
        for name in [
            "/",
            "/index.html",
            "/services/99050012104000/form/1",
            "/portal.js",
            "/portal-c9c2e14c.css",
            "/portal-c9c2e14c52443zzz.css",
            "/-c9c2e14c52443236.css",
            "/portal-c9c2e14c52443236",
            "/portal-c9c2e14c52443236.",
        ] {
            assert!(!is_hashed_asset(name), "{name}");
        }
    }
}
