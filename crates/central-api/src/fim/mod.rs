// SPDX-License-Identifier: EUPL-1.2
//! Import of FIM Stammdatenschemata (XDatenfelder 2.0 XML with genericode code lists)
//! into the portal's form-definition format: `central-api import-fim`.
//!
//! Server-side only (the portal's WASM depends on `form-engine`, never on this crate).
//! Mapping: top-level groups become steps, nested groups sections, repeatable groups
//! `group` fields; `anzahl` gives required / optional / min and max items; `feldart` and
//! `datentyp` the field type; `praezisierung` the constraints; `codelisteReferenz` a
//! `code_list` (or `multi_choice`) with the list's codes and names. Whatever cannot be
//! mapped is reported as a [`Warning`] naming its element id; so are the `regel`s (their
//! scripts are empty in published schemas, their texts formal conditions over element
//! ids, not for citizens): a designer writes them as conditions. The schema version `major.minor` becomes the definition version
//! major × 1000 + minor (1.1 → 1001), as a served version never changes. What could not be
//! filled in or sent (more files than the server takes, more required entries than
//! [`MAX_REQUIRED_ITEMS`], contradicting limits) is clamped or dropped with a warning; a
//! choice from an empty code list is an error.

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
    #[error("{}: not a regular file ({what}); give the path of an XML file", path.display())]
    NotAFile { path: PathBuf, what: &'static str },
    #[error("{}: {message}; the importer reads UTF-8, UTF-16 and the encodings an XML declaration names", path.display())]
    Encoding { path: PathBuf, message: String },
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
        "{}: schema {schema} has version `{version}`, which does not read as `major.minor` (whole numbers without leading zeros, minor below 1000, not 0.0); the definition's version is major × 1000 + minor and must fit 32 bits",
        file.display()
    )]
    Version {
        file: PathBuf,
        schema: String,
        version: String,
    },
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
    #[error(
        "{element}: code list `{uri}` ({}) has no entries, so the field could not be answered",
        file.display()
    )]
    EmptyCodeList {
        element: String,
        uri: String,
        file: PathBuf,
    },
    /// What the form engine refused, each problem naming the FIM element it came from.
    #[error(
        "the converted definition does not load in the form engine:{}",
        lines(problems)
    )]
    Definition { problems: Vec<String> },
    /// The definition loads, but a server with the default limits would refuse it.
    #[error(
        "the converted definition exceeds the server's default limits:{}",
        lines(problems)
    )]
    ServerLimits { problems: Vec<String> },
}

/// `problems` as indented lines after the message's colon.
fn lines(problems: &[String]) -> String {
    problems.iter().map(|p| format!("\n  {p}")).collect()
}

/// A failed import: the error, and the warnings collected until it happened (they often
/// explain it, e.g. a code-list file that was skipped as unreadable).
#[derive(Debug, thiserror::Error)]
#[error("{error}")]
pub struct Failure {
    pub error: FimError,
    pub warnings: Vec<Warning>,
}

impl From<FimError> for Failure {
    fn from(error: FimError) -> Self {
        Failure {
            error,
            warnings: Vec::new(),
        }
    }
}

/// Most items a repeatable group or a multiple choice may require (`min_items`). Neither
/// the engine nor the server bounds the number of items, but the portal makes
/// `min_items` empty items when the form opens and every one must be filled in; real
/// schemas require one at most. A schema asking for more is an error of the schema.
pub const MAX_REQUIRED_ITEMS: u32 = 100;

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
            "{} fields, {} groups, {} code lists, {} rules reported -> {} steps, {} sections; {} warnings; {:.1} ms",
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

/// All the text inside an element: its descendants' text nodes joined, so that a
/// comment or a child element inside a label (`Vor<!-- c -->name`) does not cut it short
/// (roxmltree's `Node::text` is the first text child only).
pub(crate) fn inner_text(node: roxmltree::Node) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect()
}

/// What a path is when it is not a regular file (then it is never opened: opening a FIFO
/// waits for a writer, and reading `/dev/zero` never ends).
fn not_regular(meta: &std::fs::Metadata) -> Option<&'static str> {
    let kind = meta.file_type();
    if kind.is_file() {
        None
    } else if kind.is_dir() {
        Some("a directory")
    } else {
        Some("a device, FIFO or socket")
    }
}

pub(crate) fn read_file(path: &Path) -> Result<String, FimError> {
    use std::io::Read;
    let io = |source| FimError::Io {
        path: path.to_path_buf(),
        source,
    };
    let refuse = |meta: &std::fs::Metadata| match not_regular(meta) {
        Some(what) => Err(FimError::NotAFile {
            path: path.to_path_buf(),
            what,
        }),
        None => Ok(()),
    };
    refuse(&std::fs::metadata(path).map_err(io)?)?;
    let file = std::fs::File::open(path).map_err(io)?;
    // Checked again on the open file: the path may have been replaced in between.
    let meta = file.metadata().map_err(io)?;
    refuse(&meta)?;
    let too_large = |size| FimError::TooLarge {
        path: path.to_path_buf(),
        size,
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(meta.len()));
    }
    // The bound holds whatever the metadata said (a file still growing, a proc file).
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    decode(path, bytes)
}

/// The text of an XML file: by its byte-order mark (UTF-8, UTF-16), else UTF-16 by its
/// first characters (`<?` in two bytes each), else the encoding its declaration names
/// (ISO-8859-1, windows-1252, …, as `encoding_rs` knows them), else UTF-8 (XML's rule).
fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, FimError> {
    let err = |message: String| FimError::Encoding {
        path: path.to_path_buf(),
        message,
    };
    let (encoding, start) = match encoding_rs::Encoding::for_bom(&bytes) {
        Some(found) => found,
        None => match bytes.get(..4) {
            Some([b'<', 0, b'?', 0]) => (encoding_rs::UTF_16LE, 0),
            Some([0, b'<', 0, b'?']) => (encoding_rs::UTF_16BE, 0),
            _ => match declared_encoding(&bytes) {
                None => (encoding_rs::UTF_8, 0),
                Some(name) => match encoding_rs::Encoding::for_label(name.as_bytes()) {
                    // The declaration was read as ASCII, so the bytes are not UTF-16
                    // whatever it says (XML, appendix F).
                    Some(encoding)
                        if encoding == encoding_rs::UTF_16LE
                            || encoding == encoding_rs::UTF_16BE =>
                    {
                        (encoding_rs::UTF_8, 0)
                    }
                    Some(encoding) => (encoding, 0),
                    None => {
                        return Err(err(format!("declared encoding `{name}` is not known")));
                    }
                },
            },
        },
    };
    let body = &bytes[start..];
    if encoding == encoding_rs::UTF_8 {
        return utf8(body.to_vec()).map_err(err);
    }
    encoding
        .decode_without_bom_handling_and_without_replacement(body)
        .map(std::borrow::Cow::into_owned)
        .ok_or_else(|| err(format!("not valid {}", encoding.name())))
}

fn utf8(bytes: Vec<u8>) -> Result<String, String> {
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not valid UTF-8 (at byte {}; without an encoding declaration XML must be UTF-8)",
            e.utf8_error().valid_up_to()
        )
    })
}

/// The `encoding` of an ASCII-compatible XML declaration (`<?xml version="1.0"
/// encoding="ISO-8859-1"?>`), if there is one.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = bytes.strip_prefix(b"<?xml")?;
    let end = head.windows(2).take(200).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&head[..end]).ok()?;
    let (_, rest) = decl.split_once("encoding")?;
    let rest = rest.trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let rest = &rest[1..];
    rest.find(quote).map(|i| rest[..i].to_owned())
}

/// Reads a schema and the code lists of its folder (or `options.codelists`) and converts
/// it. The folder's warnings (files skipped as unreadable) come first in the import's or
/// the failure's warnings.
pub fn import_file(schema: &Path, options: &ImportOptions) -> Result<Import, Failure> {
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
    let prepend = |warnings: Vec<Warning>| {
        let mut all = folder.warnings.clone();
        all.extend(warnings);
        all
    };
    match convert(&xml, schema, &folder.lists, &dir, options.id.as_deref()) {
        Ok(mut import) => {
            import.warnings = prepend(import.warnings);
            import.elapsed = start.elapsed();
            Ok(import)
        }
        Err(failure) => Err(Failure {
            warnings: prepend(failure.warnings),
            error: failure.error,
        }),
    }
}
