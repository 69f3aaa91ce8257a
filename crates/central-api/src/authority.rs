// SPDX-License-Identifier: EUPL-1.2
//! The authority's side of a submission (`central-api inbox`): decrypt answers, metadata
//! and attachments with the authority's private keys (from its own folder, see
//! [`crate::custody`]), check that the application is complete and genuine, validate the
//! answers with the form engine, and record the decision (accepted or rejected) that the
//! citizen's status page shows.
//!
//! Complete and genuine means: the SHA-512 of the answers and of every file matches the
//! metadata; every file has a `mimeType` there, and its content (by its first bytes,
//! [`form_engine::media::sniff`]) is of that type; every file answer of the form
//! describes its files (`{id, name, media_type, size}`), each of which was uploaded, has
//! the size the answer gives, is of a type the field accepts and within its size limit;
//! and every uploaded file is the answer of a file field.
//!
//! This runs where the private keys are, never in the relay's request handlers.

use std::{collections::HashMap, path::Path};

use form_engine::field_types::{FileField, GroupField};
use form_engine::{Field, FieldKind, FormDefinition, Lang, media};
use rsa::RsaPrivateKey;
use serde::Serialize;
use serde_json::Value;

use crate::{
    custody::{self, PrivateKeyError},
    error::FieldProblem,
    forms::{self, validate_answers},
    jwe, keys,
    store::{Store, submissions::SealedRow},
};

/// A decrypted and checked submission.
#[derive(Debug, Serialize)]
pub struct Opened {
    pub reference: String,
    pub status: String,
    pub created_at: String,
    pub service: String,
    pub form: crate::routes::FormRef,
    pub ars: Option<String>,
    pub kid: String,
    pub answers: Value,
    pub metadata: Value,
    pub attachments: Vec<OpenedAttachment>,
    /// Problems of integrity: a hash that does not match, a missing, extra or disguised
    /// file, a file answer that does not fit its file.
    pub integrity: Vec<String>,
    /// The form engine's findings on the answers (empty: valid).
    pub validation: Vec<FieldProblem>,
}

impl Opened {
    /// Whether the submission may be accepted: intact and valid.
    pub fn acceptable(&self) -> bool {
        self.integrity.is_empty() && self.validation.is_empty()
    }
}

#[derive(Debug, Serialize)]
pub struct OpenedAttachment {
    pub id: String,
    pub filename: Option<String>,
    /// The `mimeType` of the metadata.
    pub media_type: Option<String>,
    /// The type of its content, if it is one this system knows.
    pub content_type: Option<&'static str>,
    /// Bytes of the decrypted file.
    pub size: usize,
    #[serde(skip)]
    pub content: Vec<u8>,
}

/// Why a submission could not be opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    /// The submission itself cannot be read (not encrypted for one of the authority's
    /// keys, changed, not JSON): the sender's fault, so `--decide` rejects it with this
    /// reason.
    #[error("{0}")]
    Unreadable(String),
    /// Something on the authority's own side (its database connection, its key folder):
    /// no decision is taken.
    #[error("{0}")]
    Local(String),
}

fn local(error: impl std::fmt::Display) -> OpenError {
    OpenError::Local(error.to_string())
}

/// References of the authority's submissions waiting for a decision, oldest first.
pub async fn waiting(store: &Store, authority: &str) -> Result<Vec<String>, String> {
    store
        .submissions()
        .waiting(authority)
        .await
        .map_err(|e| e.to_string())
}

/// The authority's private keys by kid, loaded from its folder as needed.
struct KeyRing<'a> {
    store: &'a Store,
    dir: &'a Path,
    authority: &'a str,
    loaded: HashMap<String, RsaPrivateKey>,
}

impl KeyRing<'_> {
    /// The private key for `kid`: the sender's fault if `kid` is no key of the authority,
    /// the authority's own if it is but its folder lacks it or holds another key.
    async fn get(&mut self, kid: &str) -> Result<&RsaPrivateKey, OpenError> {
        if !self.loaded.contains_key(kid) {
            let registered = self
                .store
                .keys()
                .by_kid(kid)
                .await
                .map_err(local)?
                .filter(|row| row.authority_id == self.authority);
            let Some(registered) = registered else {
                return Err(OpenError::Unreadable(format!(
                    "encrypted for the key {kid:?}, which is not a key of {}",
                    self.authority
                )));
            };
            let key = custody::private_key(self.dir, self.authority, kid).map_err(|e| match e {
                PrivateKeyError::BadKid(_) => OpenError::Unreadable(e.to_string()),
                PrivateKeyError::Missing { .. } | PrivateKeyError::Unreadable(_) => {
                    local(format!("{e} (is --keys-dir the authority's key folder?)"))
                }
            })?;
            if keys::encryption_jwk(&key.to_public_key())["n"] != registered.jwk["n"] {
                return Err(local(format!(
                    "the private key file for {kid} in {} does not belong to the registered key {kid}",
                    self.dir.display()
                )));
            }
            self.loaded.insert(kid.to_owned(), key);
        }
        Ok(&self.loaded[kid])
    }

    /// Decrypts a JWE (`what` names it in messages).
    async fn decrypt(&mut self, text: &str, what: &str) -> Result<Vec<u8>, OpenError> {
        let envelope =
            jwe::envelope(text).map_err(|e| OpenError::Unreadable(format!("{what}: {e}")))?;
        let key = self.get(&envelope.kid).await?;
        jwe::decrypt(text, key).map_err(|e| OpenError::Unreadable(format!("{what}: {e}")))
    }
}

/// Decrypts and checks one submission of the authority; the first time records that the
/// authority fetched it.
pub async fn open(
    store: &Store,
    keys_dir: &Path,
    authority: &str,
    reference: &str,
    lang: Lang,
) -> Result<Opened, OpenError> {
    let row = store
        .submissions()
        .fetch_sealed(authority, reference)
        .await
        .map_err(local)?
        .ok_or_else(|| {
            local(format!(
                "no submission {reference} in the inbox of {authority}"
            ))
        })?;
    let SealedRow {
        id,
        status,
        created_at,
        service_leika: service,
        form_id,
        form_version,
        ars,
        kid,
        encrypted_data: data,
        encrypted_metadata: metadata,
        attachments: announced,
    } = row;
    let mut ring = KeyRing {
        store,
        dir: keys_dir,
        authority,
        loaded: HashMap::new(),
    };

    let data = ring.decrypt(&data, "answers").await?;
    let metadata: Value = serde_json::from_slice(&ring.decrypt(&metadata, "metadata").await?)
        .map_err(|e| OpenError::Unreadable(format!("metadata: not JSON: {e}")))?;
    let answers: Value = serde_json::from_slice(&data)
        .map_err(|e| OpenError::Unreadable(format!("answers: not JSON: {e}")))?;

    let mut integrity = Vec::new();
    let structure = &metadata["contentStructure"];
    if hash_of(&structure["data"]).as_deref() != Some(jwe::sha512_hex(&data).as_str()) {
        integrity.push("the SHA-512 of the answers does not match the metadata".to_owned());
    }

    let announced: Vec<Value> = serde_json::from_str(&announced).map_err(local)?;
    let described = structure["attachments"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut attachments = Vec::new();
    for item in &announced {
        let attachment_id = item["id"].as_str().unwrap_or_default();
        let stored = store
            .attachments()
            .content(id, attachment_id)
            .await
            .map_err(local)?;
        let Some(stored) = stored else {
            integrity.push(format!("attachment {attachment_id} was not uploaded"));
            continue;
        };
        let what = format!("attachment {attachment_id}");
        let content = match String::from_utf8(stored) {
            Ok(text) => match ring.decrypt(&text, &what).await {
                Ok(content) => content,
                Err(OpenError::Unreadable(why)) => {
                    integrity.push(format!("{why}: it cannot be decrypted"));
                    continue;
                }
                Err(local) => return Err(local),
            },
            Err(_) => {
                integrity.push(format!("{what} is not a JWE"));
                continue;
            }
        };
        let description = described
            .iter()
            .find(|d| d["attachmentId"] == attachment_id);
        let media_type = description.and_then(|d| d["mimeType"].as_str().map(str::to_owned));
        let content_type = media::sniff(&content);
        match description {
            None => integrity.push(format!("{what} is not in the metadata")),
            Some(d) => {
                if hash_of(d).as_deref() != Some(jwe::sha512_hex(&content).as_str()) {
                    integrity.push(format!("the SHA-512 of {what} does not match the metadata"));
                }
                match (&media_type, content_type) {
                    (None, _) => integrity.push(format!("{what}: the metadata gives no mimeType")),
                    (Some(_), None) => integrity.push(format!(
                        "{what}: its content is of no type this system accepts ({})",
                        media::KNOWN
                            .iter()
                            .map(|(t, _)| *t)
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                    (Some(stated), Some(real)) if stated != real => integrity.push(format!(
                        "{what} is {real} by its content, not {stated} as the metadata says"
                    )),
                    _ => {}
                }
            }
        }
        attachments.push(OpenedAttachment {
            id: attachment_id.to_owned(),
            filename: description.and_then(|d| d["filename"].as_str().map(str::to_owned)),
            media_type,
            content_type,
            size: content.len(),
            content,
        });
    }
    for d in &described {
        if !announced.iter().any(|a| a["id"] == d["attachmentId"]) {
            integrity.push(format!(
                "the metadata names attachment {} that was not announced",
                d["attachmentId"]
            ));
        }
    }

    let stored = match u32::try_from(form_version) {
        Ok(version) => store
            .forms()
            .version(&form_id, version)
            .await
            .map_err(local)?,
        Err(_) => None,
    };
    let definition_json = stored.map(|stored| stored.definition).ok_or_else(|| {
        local(format!(
            "no form definition {form_id} version {form_version}"
        ))
    })?;
    let definition = FormDefinition::from_json(&definition_json).map_err(local)?;
    let mut files = FileCheck {
        attachments: &attachments,
        referenced: Vec::new(),
        problems: Vec::new(),
    };
    let steps = definition.steps.iter();
    for field in steps.flat_map(|s| s.sections.iter().flat_map(|sec| sec.fields.iter())) {
        files.field(field, &answers, &field.id);
    }
    integrity.append(&mut files.problems);
    for attachment in &attachments {
        if !files.referenced.contains(&attachment.id.as_str()) {
            integrity.push(format!(
                "attachment {} is the answer of no file field",
                attachment.id
            ));
        }
    }

    // Routed by the answer that decides the authority (issue #18): the area the relay
    // routed by must be the municipality that answer names.
    if let Some((field, deciding)) = forms::deciding_answer(&definition, &answers)
        && ars.as_deref() != Some(deciding.as_str())
    {
        integrity.push(format!(
            "the submission was routed for the area {} but the answer `{field}`, which decides the authority, names the municipality {deciding}",
            ars.as_deref().unwrap_or("(none)")
        ));
    }

    let validation = match &answers {
        Value::Object(map) => validate_answers(&definition_json, map, lang)
            .map_err(local)?
            .err()
            .unwrap_or_default(),
        _ => vec![FieldProblem {
            path: String::new(),
            code: "invalid_answers".into(),
            detail: "The answers are not a JSON object.".into(),
            data: serde_json::Map::new(),
        }],
    };

    Ok(Opened {
        reference: reference.to_owned(),
        status,
        created_at,
        service,
        form: crate::routes::FormRef {
            id: form_id,
            version: u32::try_from(form_version).map_err(local)?,
        },
        ars,
        kid,
        answers,
        metadata,
        attachments,
        integrity,
        validation,
    })
}

/// FIT-Connect's `hash` of a content structure item: the hex SHA-512, lower case.
fn hash_of(item: &Value) -> Option<String> {
    (item["hash"]["type"] == "sha512")
        .then(|| {
            item["hash"]["content"]
                .as_str()
                .map(str::to_ascii_lowercase)
        })
        .flatten()
}

/// Checks every file answer against the uploaded files.
struct FileCheck<'a> {
    attachments: &'a [OpenedAttachment],
    /// Ids of the attachments some file answer names.
    referenced: Vec<&'a str>,
    problems: Vec<String>,
}

impl<'a> FileCheck<'a> {
    /// The answer to `field` in `answers` (an object of answers), at `path`.
    fn field(&mut self, field: &Field, answers: &Value, path: &str) {
        let Some(value) = answers.get(&field.id).filter(|v| !v.is_null()) else {
            return;
        };
        match &field.kind {
            FieldKind::File(FileField {
                accept,
                max_size_mb,
                ..
            }) => self.file(value, accept, *max_size_mb, path),
            FieldKind::Group(GroupField { fields, .. }) => {
                for (i, item) in value.as_array().into_iter().flatten().enumerate() {
                    for child in fields {
                        self.field(child, item, &format!("{path}.{i}.{}", child.id));
                    }
                }
            }
            _ => {}
        }
    }

    fn file(&mut self, value: &Value, accept: &[String], max_size_mb: Option<u32>, path: &str) {
        let Some(items) = value.as_array() else {
            self.problems.push(format!("{path}: not a file answer"));
            return;
        };
        for (i, item) in items.iter().enumerate() {
            let item_path = format!("{path}.{i}");
            if item.is_string() {
                self.problems.push(format!(
                    "{item_path}: a file answer must describe its file (id, name, media_type, size), not only name an attachment"
                ));
                continue;
            }
            let Some(id) = item["id"].as_str() else {
                self.problems.push(format!(
                    "{item_path}: the file answer names no attachment id"
                ));
                continue;
            };
            let Some(attachment) = self.attachments.iter().find(|a| a.id == id) else {
                self.problems.push(format!(
                    "{item_path}: the file {id} was not uploaded with the application"
                ));
                continue;
            };
            self.referenced.push(attachment.id.as_str());
            let size = item["size"]
                .as_str()
                .and_then(|s| s.trim().parse::<usize>().ok())
                .or_else(|| item["size"].as_u64().and_then(|n| usize::try_from(n).ok()));
            if size != Some(attachment.size) {
                self.problems.push(format!(
                    "{item_path}: the answer gives the file {id} a size of {}, its content has {} bytes",
                    item["size"], attachment.size
                ));
            }
            match attachment.content_type {
                Some(real) if !media::accepts_type(accept, real) => {
                    self.problems.push(format!(
                        "{item_path}: the file {id} is {real}, which this field does not accept"
                    ));
                }
                // Content of no known type is named with the attachment (above).
                _ => {}
            }
            if let Some(max_mb) = max_size_mb
                && attachment.size as u64 > u64::from(max_mb) * 1024 * 1024
            {
                self.problems.push(format!(
                    "{item_path}: the file {id} is larger than {max_mb} MB"
                ));
            }
        }
    }
}

/// The authority's decision on a submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Accepted,
    Rejected,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Accepted => "accepted",
            Decision::Rejected => "rejected",
        }
    }
}

/// Records the decision on a received submission; deciding the same again changes
/// nothing, deciding otherwise is refused.
pub async fn decide(
    store: &Store,
    authority: &str,
    reference: &str,
    decision: Decision,
    reason: Option<&str>,
) -> Result<(), String> {
    let status = store
        .submissions()
        .decide(authority, reference, decision.as_str(), reason)
        .await
        .map_err(|e| e.to_string())?;
    match status {
        None => Err(format!(
            "no submission {reference} in the inbox of {authority}"
        )),
        Some(status) if status == decision.as_str() => Ok(()),
        Some(status) => Err(format!(
            "{reference} is {status}, it cannot become {}",
            decision.as_str()
        )),
    }
}
