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
    let err = |message: String| FimError::CodeList {
        file: file.to_path_buf(),
        message,
    };
    let doc = roxmltree::Document::parse(text).map_err(|e| FimError::Xml {
        file: file.to_path_buf(),
        source: e,
    })?;
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

/// Loads every code list of a folder: the files named by number (`1129.xml`), as FIM
/// exports them.
pub fn load_dir(dir: &Path) -> Result<Vec<CodeList>, FimError> {
    let io = |e| FimError::Io {
        path: dir.to_path_buf(),
        source: e,
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "xml")
                && p.file_stem()
                    .and_then(|s| s.to_str())
                    .is_some_and(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        })
        .collect();
    files.sort();
    files
        .iter()
        .map(|file| {
            let text = super::read_file(file)?;
            parse(file, &text)
        })
        .collect()
}
