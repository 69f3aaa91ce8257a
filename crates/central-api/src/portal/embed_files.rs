// SPDX-License-Identifier: EUPL-1.2
//! The build step after `trunk build --release` (`central-api build-embed`, run by
//! scripts/run.sh and scripts/test.sh before scripts/precompress.sh): writes
//! `embed.css` and `embed-fonts.css` ([`shadow_css`](super::shadow_css)) beside the
//! stylesheets `index.html` names, so the server only reads and serves them. Nothing in
//! them depends on how the server is started: their URLs are relative to the portal's
//! folder, which `--base-path` moves as a whole.

use std::path::{Path, PathBuf};

use super::{file_of, index_html, shadow_css};

/// The stylesheet for inside the shadow root.
pub const EMBED_CSS: &str = "embed.css";
/// The portal's `@font-face` rules, for the host page.
pub const EMBED_FONTS_CSS: &str = "embed-fonts.css";

/// Why the embedding stylesheets could not be written.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Index(#[from] index_html::IndexError),
    #[error("index.html names the stylesheet {0:?}, which is not a file below the portal's folder")]
    Outside(String),
    #[error(transparent)]
    Css(#[from] shadow_css::ShadowCssError),
}

/// What was written: the files and their sizes in bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub files: Vec<(PathBuf, usize)>,
}

fn read(path: &Path) -> Result<String, BuildError> {
    std::fs::read_to_string(path).map_err(|source| BuildError::Read {
        path: path.to_owned(),
        source,
    })
}

/// Reads `dir/index.html` and the stylesheets it names (in order) and writes
/// `dir/embed.css` and `dir/embed-fonts.css`.
pub fn write_embed_files(dir: &Path) -> Result<Written, BuildError> {
    let index = read(&dir.join("index.html"))?;
    let assets = index_html::index_assets(&index)?;
    let mut sources = Vec::new();
    for href in &assets.stylesheets {
        let path = file_of(dir, href).ok_or_else(|| BuildError::Outside(href.clone()))?;
        sources.push(read(&path)?);
    }
    let sources: Vec<&str> = sources.iter().map(String::as_str).collect();
    let shadow = shadow_css::shadow_stylesheets(&sources)?;
    let mut files = Vec::new();
    for (name, text) in [(EMBED_CSS, shadow.embed), (EMBED_FONTS_CSS, shadow.fonts)] {
        let path = dir.join(name);
        std::fs::write(&path, &text).map_err(|source| BuildError::Write {
            path: path.clone(),
            source,
        })?;
        files.push((path, text.len()));
    }
    Ok(Written { files })
}
