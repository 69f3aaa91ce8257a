// SPDX-License-Identifier: EUPL-1.2
//! Genericode 1.0 code lists (OASIS), as published with FIM schemas: identification,
//! and the rows as (code, name) pairs.

use std::path::{Path, PathBuf};

use super::{FimError, Warning, inner_text};

/// The genericode namespace.
pub const GC_NS: &str = "http://docs.oasis-open.org/codelist/ns/genericode/1.0/";

/// One code list: its identification and its entries (code, name) in file order.
#[derive(Debug, Clone)]
pub struct CodeList {
    pub file: PathBuf,
    pub canonical_uri: String,
    pub version: String,
    pub canonical_version_uri: String,
    pub entries: Vec<(String, String)>,
    /// Codes that appeared more than once (after trimming); only the first row of each
    /// is in `entries`, as options must differ.
    pub duplicate_codes: Vec<String>,
}

/// A child element of a genericode element. Publishers write the children either in the
/// genericode namespace (`<gc:Identification>`) or, as the standard's own examples do,
/// unqualified (`<Identification>` under `<gc:CodeList>`): both are accepted.
fn gc<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    node.children().find(|c| {
        c.is_element()
            && c.tag_name().name() == name
            && matches!(c.tag_name().namespace(), Some(GC_NS) | None)
    })
}

fn gc_text(node: roxmltree::Node, name: &str) -> String {
    gc(node, name)
        .map(inner_text)
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// Parses one genericode file.
pub fn parse(file: &Path, text: &str) -> Result<CodeList, FimError> {
    let doc = roxmltree::Document::parse(text).map_err(|e| FimError::Xml {
        file: file.to_path_buf(),
        source: e,
    })?;
    from_document(file, &doc)
}

/// The code list of a parsed genericode document.
fn from_document(file: &Path, doc: &roxmltree::Document) -> Result<CodeList, FimError> {
    let err = |message: String| FimError::CodeList {
        file: file.to_path_buf(),
        message,
    };
    let root = doc.root_element();
    if root.tag_name().namespace() != Some(GC_NS) || root.tag_name().name() != "CodeList" {
        return Err(err(format!(
            "not a genericode code list: root element `{}` in namespace `{}`",
            root.tag_name().name(),
            root.tag_name().namespace().unwrap_or("")
        )));
    }
    let ident = gc(root, "Identification").ok_or_else(|| err("no Identification".into()))?;
    let canonical_uri = gc_text(ident, "CanonicalUri");
    let version = gc_text(ident, "Version");
    let canonical_version_uri = gc_text(ident, "CanonicalVersionUri");
    if canonical_uri.is_empty() {
        return Err(err("Identification has no CanonicalUri".into()));
    }
    let columns = gc(root, "ColumnSet").ok_or_else(|| err("no ColumnSet".into()))?;
    let column_ids: Vec<&str> = columns
        .children()
        .filter(|c| c.is_element() && c.tag_name().name() == "Column")
        .filter_map(|c| c.attribute("Id"))
        .collect();
    let key = gc(columns, "Key")
        .and_then(|k| gc(k, "ColumnRef"))
        .and_then(|r| r.attribute("Ref"))
        .or_else(|| column_ids.first().copied())
        .ok_or_else(|| err("ColumnSet has no columns".into()))?
        .to_owned();
    let name = column_ids
        .iter()
        .find(|id| id.eq_ignore_ascii_case("name"))
        .or_else(|| {
            column_ids
                .iter()
                .find(|id| **id != key && id.to_lowercase().contains("name"))
        })
        .or_else(|| column_ids.iter().find(|id| **id != key))
        .map(|s| (*s).to_owned())
        .unwrap_or_else(|| key.clone());
    let list = gc(root, "SimpleCodeList").ok_or_else(|| err("no SimpleCodeList".into()))?;
    let mut entries: Vec<(String, String)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut duplicate_codes = Vec::new();
    for (i, row) in list
        .children()
        .filter(|c| c.is_element() && c.tag_name().name() == "Row")
        .enumerate()
    {
        let value = |column: &str| {
            row.children()
                .filter(|v| v.is_element() && v.tag_name().name() == "Value")
                .find(|v| v.attribute("ColumnRef") == Some(column))
                .and_then(|v| gc(v, "SimpleValue"))
                .map(|v| inner_text(v).trim().to_owned())
        };
        let code = value(&key).filter(|c| !c.is_empty()).ok_or_else(|| {
            err(format!(
                "row {} has no value in the key column `{key}`",
                i + 1
            ))
        })?;
        let label = value(&name)
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| code.clone());
        if seen.insert(code.clone()) {
            entries.push((code, label));
        } else if !duplicate_codes.contains(&code) {
            duplicate_codes.push(code);
        }
    }
    Ok(CodeList {
        file: file.to_path_buf(),
        canonical_uri,
        version,
        canonical_version_uri,
        entries,
        duplicate_codes,
    })
}

/// Most files of a code-list folder looked at: a FIM download holds a few dozen; the
/// bound keeps a wrong `--codelists` (a home folder) from reading for minutes.
pub const MAX_FOLDER_FILES: usize = 10_000;

/// The code lists of a folder, and what else was there.
#[derive(Debug, Clone, Default)]
pub struct Folder {
    pub lists: Vec<CodeList>,
    /// XML files that are not genericode code lists (the schema itself, other documents).
    pub skipped: Vec<PathBuf>,
    /// Files skipped because they could not be read as XML or as a code list, each named:
    /// a folder often holds other files, and one the schema never uses must not stop the
    /// import (a list it does use and cannot find is an error of the conversion).
    pub warnings: Vec<Warning>,
}

/// Whether a parsed document is a genericode code list (by its root element, whatever the
/// file is called).
fn is_code_list(doc: &roxmltree::Document) -> bool {
    let root = doc.root_element();
    root.tag_name().namespace() == Some(GC_NS) && root.tag_name().name() == "CodeList"
}

/// Loads every code list of a folder, found by content: FIM's own export names the files
/// by number (`1129.xml`), the FIM portal's download by list (`C00000020_genericode.xml`),
/// and people rename them; the schema looks a list up by its canonical identification
/// and version inside the file ([`CodeList::canonical_version_uri`]), never by name.
/// Files ending in `.xml` or `.gc` are read; XML that is not a code list is skipped, and
/// so is, with a warning naming it, a file that cannot be read as XML or as a code list.
pub fn load_dir(dir: &Path) -> Result<Folder, FimError> {
    let io = |e| FimError::Io {
        path: dir.to_path_buf(),
        source: e,
    };
    let mut files: Vec<PathBuf> = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        let wanted = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("xml") || e.eq_ignore_ascii_case("gc"));
        if wanted && path.is_file() {
            files.push(path);
            if files.len() > MAX_FOLDER_FILES {
                return Err(FimError::CodeList {
                    file: dir.to_path_buf(),
                    message: format!(
                        "more than {MAX_FOLDER_FILES} XML files in the folder; name the folder of the schema's code lists with --codelists"
                    ),
                });
            }
        }
    }
    files.sort();
    let mut folder = Folder::default();
    for file in files {
        match read_list(&file) {
            Ok(Some(list)) => folder.lists.push(list),
            Ok(None) => folder.skipped.push(file),
            Err(e) => folder.warnings.push(Warning {
                element: file.display().to_string(),
                message: format!("skipped, not a readable code list: {e}"),
            }),
        }
    }
    Ok(folder)
}

/// The code list in `file`; `None` for well-formed XML that is no code list.
fn read_list(file: &Path) -> Result<Option<CodeList>, FimError> {
    let text = super::read_file(file)?;
    let doc = roxmltree::Document::parse(&text).map_err(|e| FimError::Xml {
        file: file.to_path_buf(),
        source: e,
    })?;
    if is_code_list(&doc) {
        from_document(file, &doc).map(Some)
    } else {
        Ok(None)
    }
}
