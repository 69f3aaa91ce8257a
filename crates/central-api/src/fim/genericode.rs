// SPDX-License-Identifier: EUPL-1.2
//! Genericode 1.0 code lists (OASIS), as published with FIM schemas: identification,
//! and the rows as (code, name) pairs.

use std::path::{Path, PathBuf};

use super::FimError;

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
}

fn gc<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    node.children().find(|c| {
        c.is_element() && c.tag_name().name() == name && c.tag_name().namespace() == Some(GC_NS)
    })
}

fn gc_text(node: roxmltree::Node, name: &str) -> String {
    gc(node, name)
        .and_then(|n| n.text())
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
    let mut entries = Vec::new();
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
                .and_then(|v| v.text())
                .map(|t| t.trim().to_owned())
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
        entries.push((code, label));
    }
    Ok(CodeList {
        file: file.to_path_buf(),
        canonical_uri,
        version,
        canonical_version_uri,
        entries,
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
/// Files ending in `.xml` or `.gc` are read; XML that is not a code list is skipped.
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
        let text = super::read_file(&file)?;
        let doc = roxmltree::Document::parse(&text).map_err(|e| FimError::Xml {
            file: file.clone(),
            source: e,
        })?;
        if is_code_list(&doc) {
            folder.lists.push(from_document(&file, &doc)?);
        } else {
            folder.skipped.push(file);
        }
    }
    Ok(folder)
}
