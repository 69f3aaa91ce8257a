// SPDX-License-Identifier: EUPL-1.2
//! The authority's side of a submission (`central-api inbox`): decrypt answers, metadata
//! and attachments with the authority's private key, check the SHA-512 hashes of the
//! metadata, validate the answers with the form engine, and record the decision
//! (accepted or rejected) that the citizen's status page shows.
//!
//! This runs where the private keys are (the authority's own folder, see
//! [`crate::custody`]), never in the relay's request handlers.

use std::path::Path;

use form_engine::Lang;
use serde::Serialize;
use serde_json::Value;

use crate::{
    custody,
    error::FieldProblem,
    forms::validate_answers,
    jwe,
    limits::sniff_media_type,
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
    /// Problems of integrity: a hash that does not match, a missing or extra file.
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
    pub media_type: Option<String>,
    /// Bytes of the decrypted file.
    pub size: usize,
    #[serde(skip)]
    pub content: Vec<u8>,
}

/// References of the authority's submissions waiting for a decision, oldest first.
pub async fn waiting(store: &Store, authority: &str) -> Result<Vec<String>, String> {
    store
        .submissions()
        .waiting(authority)
        .await
        .map_err(|e| e.to_string())
}

/// Decrypts and checks one submission of the authority; the first time records that the
/// authority fetched it.
pub async fn open(
    store: &Store,
    keys_dir: &Path,
    authority: &str,
    reference: &str,
    lang: Lang,
) -> Result<Opened, String> {
    let row = store
        .submissions()
        .fetch_sealed(authority, reference)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no submission {reference} in the inbox of {authority}"))?;
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

    let decrypt = |text: &str, what: &str| -> Result<Vec<u8>, String> {
        let envelope = jwe::envelope(text).map_err(|e| format!("{what}: {e}"))?;
        let key =
            custody::private_key(keys_dir, authority, &envelope.kid).map_err(|e| e.to_string())?;
        jwe::decrypt(text, &key).map_err(|e| format!("{what}: {e}"))
    };
    let data = decrypt(&data, "answers")?;
    let metadata: Value = serde_json::from_slice(&decrypt(&metadata, "metadata")?)
        .map_err(|e| format!("metadata: not JSON: {e}"))?;
    let answers: Value =
        serde_json::from_slice(&data).map_err(|e| format!("answers: not JSON: {e}"))?;

    let mut integrity = Vec::new();
    let structure = &metadata["contentStructure"];
    let hash_of = |item: &Value| -> Option<String> {
        (item["hash"]["type"] == "sha512")
            .then(|| {
                item["hash"]["content"]
                    .as_str()
                    .map(str::to_ascii_lowercase)
            })
            .flatten()
    };
    if hash_of(&structure["data"]).as_deref() != Some(jwe::sha512_hex(&data).as_str()) {
        integrity.push("the SHA-512 of the answers does not match the metadata".to_owned());
    }

    let announced: Vec<Value> = serde_json::from_str(&announced).map_err(|e| e.to_string())?;
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
            .map_err(|e| e.to_string())?;
        let Some(stored) = stored else {
            integrity.push(format!("attachment {attachment_id} was not uploaded"));
            continue;
        };
        let text = String::from_utf8(stored)
            .map_err(|_| format!("attachment {attachment_id}: not a JWE"))?;
        let content = decrypt(&text, &format!("attachment {attachment_id}"))?;
        let description = described
            .iter()
            .find(|d| d["attachmentId"] == attachment_id);
        let media_type = description.and_then(|d| d["mimeType"].as_str().map(str::to_owned));
        match description {
            None => integrity.push(format!("attachment {attachment_id} is not in the metadata")),
            Some(d) if hash_of(d).as_deref() != Some(jwe::sha512_hex(&content).as_str()) => {
                integrity.push(format!(
                    "the SHA-512 of attachment {attachment_id} does not match the metadata"
                ));
            }
            Some(_) => {}
        }
        if let Some(media_type) = &media_type
            && sniff_media_type(&content) != Some(media_type.as_str())
        {
            integrity.push(format!(
                "attachment {attachment_id} is not {media_type} (PDF, PNG and JPEG are checked by content)"
            ));
        }
        attachments.push(OpenedAttachment {
            id: attachment_id.to_owned(),
            filename: description.and_then(|d| d["filename"].as_str().map(str::to_owned)),
            media_type,
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

    let definition = store
        .submissions()
        .form_definition(&form_id, form_version)
        .await
        .map_err(|e| e.to_string())?;
    let definition =
        definition.ok_or_else(|| format!("no form definition {form_id} version {form_version}"))?;
    let validation = match &answers {
        Value::Object(map) => validate_answers(&definition, map, lang)?
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
            version: u32::try_from(form_version).map_err(|e| e.to_string())?,
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
