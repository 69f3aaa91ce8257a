// SPDX-License-Identifier: EUPL-1.2
//! Import of FIM Stammdatenschemata (XDatenfelder 2.0 XML with genericode code lists)
//! into the portal's form-definition format: `central-api import-fim`.
//!
//! Server-side only (the portal's WASM depends on `form-engine`, never on this crate).
//! Mapping: top-level groups become steps, nested groups sections, repeatable groups
//! `group` fields; `anzahl` gives required / optional / min and max items; `feldart` and
//! `datentyp` the field type; `praezisierung` the constraints; `codelisteReferenz` a
//! `code_list` (or `multi_choice`) with the list's codes and names. Whatever cannot be
//! mapped is reported as a [`Warning`] naming its element id; `regel` texts (their
//! scripts are empty in published schemas) are kept in the step's or section's
//! `description`.

mod convert;
pub mod genericode;

use std::{
    fmt,
    path::{Path, PathBuf},
    time::{Duration, Instant},
};

pub use convert::convert;
use form_engine::FormDefinition;

/// The XDatenfelder 2.0 namespace.
pub const XDF_NS: &str = "urn:xoev-de:fim:standard:xdatenfelder_2";

/// Largest schema or code-list file read (the real ones are below 400 KB).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Why a schema cannot be imported.
#[derive(Debug, thiserror::Error)]
pub enum FimError {
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: file too large ({size} bytes; at most {MAX_FILE_BYTES})", path.display())]
    TooLarge { path: PathBuf, size: u64 },
    #[error("{}: malformed XML: {source}", file.display())]
    Xml {
        file: PathBuf,
        #[source]
        source: roxmltree::Error,
    },
    #[error(
        "{}: unknown namespace `{found}` of root element `{root}`; expected XDatenfelder 2.0 (`{XDF_NS}`)",
        file.display()
    )]
    UnknownNamespace {
        file: PathBuf,
        root: String,
        found: String,
    },
    #[error("{}: not an XDatenfelder 2.0 Stammdatenschema: {message}", file.display())]
    NotASchema { file: PathBuf, message: String },
    #[error(
        "{}: group {element} is nested {depth} groups deep; at most {MAX_GROUP_DEPTH} are accepted",
        file.display()
    )]
    TooDeep {
        file: PathBuf,
        element: String,
        depth: usize,
    },
    #[error("{}: not a usable genericode code list: {message}", file.display())]
    CodeList { file: PathBuf, message: String },
    #[error(
        "{element}: code list `{uri}` not found (looked for its canonical identification and version in the {available} code lists of {}, whatever their file names)",
        dir.display()
    )]
    MissingCodeList {
        element: String,
        uri: String,
        dir: PathBuf,
        /// How many code lists the folder held.
        available: usize,
    },
    #[error("the converted definition does not load in the form engine: {0}")]
    Definition(String),
}

/// Deepest nesting of groups (`datenfeldgruppe`) accepted: far beyond any real schema
/// (the deepest in the FIM catalogue nest a handful), and shallow enough that converting
/// it can never exhaust the stack.
pub const MAX_GROUP_DEPTH: usize = 32;

/// Something of the source that was not (fully) mapped, named by its element id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// FIM id of the element (`F00000044`, `G00001470`, `R00001190`) or its path.
    pub element: String,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.element, self.message)
    }
}

/// Counts of one conversion.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// `datenfeld` occurrences in the source (each becomes one field).
    pub fields: usize,
    /// `datenfeldgruppe` occurrences in the source.
    pub groups: usize,
    /// Distinct code lists resolved.
    pub code_lists: usize,
    /// `regel` elements kept as documentation.
    pub rules: usize,
    pub steps: usize,
    pub sections: usize,
}

/// The result of a conversion.
#[derive(Debug, Clone)]
pub struct Import {
    pub definition: FormDefinition,
    /// The definition as pretty JSON with a final newline (what `--out` writes).
    pub json: String,
    pub warnings: Vec<Warning>,
    pub stats: Stats,
    /// The files the code lists used were read from, with each list's canonical version
    /// URI, in file order.
    pub code_list_files: Vec<(PathBuf, String)>,
    /// (FIM id of the `datenfeld`, id of the field made from it), one per occurrence.
    pub field_map: Vec<(String, String)>,
    pub elapsed: Duration,
}

impl Import {
    /// One line: counts and time taken.
    pub fn summary(&self) -> String {
        let s = &self.stats;
        format!(
            "{} fields, {} groups, {} code lists, {} rules kept as text -> {} steps, {} sections; {} warnings; {:.1} ms",
            s.fields,
            s.groups,
            s.code_lists,
            s.rules,
            s.steps,
            s.sections,
            self.warnings.len(),
            self.elapsed.as_secs_f64() * 1000.0
        )
    }
}

/// Options of [`import_file`].
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Folder of the genericode files (default: the schema's folder).
    pub codelists: Option<PathBuf>,
    /// Id of the definition (default: the schema id in lower case, `s00000186`).
    pub id: Option<String>,
}

pub(crate) fn read_file(path: &Path) -> Result<String, FimError> {
    let io = |source| FimError::Io {
        path: path.to_path_buf(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(FimError::TooLarge {
            path: path.to_path_buf(),
            size,
        });
    }
    std::fs::read_to_string(path).map_err(io)
}

/// Reads a schema and the code lists of its folder (or `options.codelists`) and converts it.
pub fn import_file(schema: &Path, options: &ImportOptions) -> Result<Import, FimError> {
    let start = Instant::now();
    let xml = read_file(schema)?;
    let dir = match &options.codelists {
        Some(dir) => dir.clone(),
        None => schema
            .parent()
            .map(Path::to_path_buf)
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| PathBuf::from(".")),
    };
    let folder = genericode::load_dir(&dir)?;
    let mut import = convert(&xml, schema, &folder.lists, &dir, options.id.as_deref())?;
    import.elapsed = start.elapsed();
    Ok(import)
}
