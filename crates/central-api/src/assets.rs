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
/// `-`, 10 or more hexadecimal digits, optionally `_bg` (wasm-bindgen's module), then an
/// extension, e.g. `portal-c9c2e14c52443236.css`. trunk writes its 64-bit hash without
/// leading zeros (`portal-b4f3920240165b.css`), so one name in 16 has 15 digits or fewer;
/// fewer than 10 happens once in 16⁶ builds, and such a file is merely revalidated.
pub fn is_hashed_asset(path: &str) -> bool {
    let Some((stem, extension)) = stem_and_extension(path) else {
        return false;
    };
    if extension.is_empty() || !extension.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return false;
    }
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let Some((base, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    !base.is_empty() && hash.len() >= MIN_HASH_DIGITS && hash.bytes().all(|b| b.is_ascii_hexdigit())
}

const MIN_HASH_DIGITS: usize = 10;

/// The extensions of the files a portal build consists of. A request for a missing file
/// with one of them is answered 404, not with the portal's `index.html` (the fallback of
/// the client's routes, none of which ends so): a tab opened before a deployment that asks
/// for its build's WASM chunk learns that it is gone instead of getting HTML as WASM.
const FILE_EXTENSIONS: [&str; 12] = [
    "wasm", "js", "mjs", "css", "map", "woff2", "woff", "svg", "png", "ico", "webp", "json",
];

/// Whether the last segment of `path` names a file of a portal build (by its extension).
pub fn names_a_file(path: &str) -> bool {
    stem_and_extension(path).is_some_and(|(stem, extension)| {
        !stem.is_empty() && FILE_EXTENSIONS.contains(&extension.to_ascii_lowercase().as_str())
    })
}

/// The last segment of `path` split at its last dot.
fn stem_and_extension(path: &str) -> Option<(&str, &str)> {
    path.rsplit('/').next().unwrap_or_default().rsplit_once('.')
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
    use super::{is_hashed_asset, names_a_file};

    #[test]
    fn build_files_are_told_from_client_routes() {
        for path in [
            "/buergerportal_split_later_pages-9b41c0d2f7a3e1.wasm",
            "/buergerportal-89482203685702c3.js",
            "/m/010510044044/portal.CSS",
            "/fonts/FiraSans-Regular.woff2",
            "/favicon-e4b65505e5e948cd.svg",
        ] {
            assert!(names_a_file(path), "{path}");
        }
        for path in [
            "/",
            "/services/99050012104000/form/1",
            "/m/010510044044/",
            "/receipt/5f0c2d3e-1b2a-4c5d-9e8f-0a1b2c3d4e5f",
            "/services/99050012104000/form/check",
            "/.wasm",
            "/v1.2/readme",
        ] {
            assert!(!names_a_file(path), "{path}");
        }
    }

    #[test]
    fn trunk_asset_names_are_hashed() {
        for name in [
            "/buergerportal-89482203685702c3_bg.wasm",
            "/buergerportal-89482203685702c3.js",
            "/portal-c9c2e14c52443236.css",
            "/favicon-e4b65505e5e948cd.svg",
            "/snippets/x/inline0-0123456789abcdef0123.js",
            // trunk drops a hash's leading zeros.
            "/portal-b4f3920240165b.css",
            "/buergerportal_split_later_pages-9b41c0d2f7a3e1.wasm",
        ] {
            assert!(is_hashed_asset(name), "{name}");
        }
        for name in [
            "/",
            "/index.html",
            "/services/99050012104000/form/1",
            "/portal.js",
            "/portal-c9c2e14c.css",
            "/portal-c9c2e14c5.css",
            "/portal-c9c2e14c52443zzz.css",
            "/-c9c2e14c52443236.css",
            "/portal-c9c2e14c52443236",
            "/portal-c9c2e14c52443236.",
        ] {
            assert!(!is_hashed_asset(name), "{name}");
        }
    }
}
