// SPDX-License-Identifier: EUPL-1.2
//! Submissions (`/api/submissions…`): the encrypted envelope the portal sends, the
//! receipt, the status the submitter may read, and the receipt of an upload.

use serde::{Deserialize, Serialize};

use crate::FormRef;

/// Body of `POST /api/submissions`: the envelope the API checks, around what only the
/// competent authority can read. Plaintext answers are refused (unknown member).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateSubmission {
    /// LeiKa key of the service.
    pub service: String,
    pub form: FormRef,
    /// ARS of the place that decides the competent authority (e.g. the business address).
    #[serde(default)]
    pub ars: Option<String>,
    /// The authority the portal encrypted for, as routing named it.
    pub destination: Destination,
    /// The answers (JSON), as a JWE for the destination's key.
    pub encrypted_data: String,
    /// FIT-Connect-style metadata with the SHA-512 of the answers and of each attachment,
    /// as a JWE for the same key.
    pub encrypted_metadata: String,
    /// Files to upload (encrypted) after creating: the submission stays a `draft` until
    /// each is uploaded and it is finalized.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<AnnouncedAttachment>,
}

/// The competent authority and the id of its key the submission is encrypted with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Destination {
    pub authority: String,
    pub kid: String,
}

/// An attachment announced with a submission; its name and type are in the encrypted
/// metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnouncedAttachment {
    /// Chosen by the client, unique in the submission: 1 to 64 of `A-Z a-z 0-9 . _ -`.
    pub id: String,
    /// Size in bytes of the encrypted upload (the JWE text); the upload must have exactly
    /// this size.
    #[serde(deserialize_with = "crate::whole_number::u64")]
    pub size: u64,
}

/// Answer of a successful submission; the same again on an idempotent retry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubmissionReceipt {
    pub reference: String,
    /// `received`, or `draft` while announced attachments wait for upload.
    #[serde(default = "received")]
    pub status: String,
    /// Secret that lets the submitter read the status (`Authorization: Bearer ...`).
    pub status_token: String,
    #[serde(default)]
    pub authority: Option<AuthorityRef>,
}

fn received() -> String {
    "received".into()
}

/// An authority by id and name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuthorityRef {
    pub id: String,
    pub name: String,
}

/// What the submitter may see of their submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubmissionStatus {
    pub reference: String,
    /// `draft`, `received`, then the authority's decision: `accepted` or `rejected`.
    pub status: String,
    pub created_at: String,
    /// When the authority accepted or rejected it.
    #[serde(default)]
    pub decided_at: Option<String>,
    /// The authority's reason for its decision, if it gave one.
    #[serde(default)]
    pub reason: Option<String>,
    pub service: ServiceRef,
    pub form: FormRef,
    /// The competent authority with its contact (name and opening hours in the language
    /// asked for), so that a receipt can be rebuilt from the status alone.
    #[serde(default)]
    pub authority: Option<crate::Authority>,
}

/// A service by LeiKa key and name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceRef {
    pub leika: String,
    pub name: String,
}

/// Receipt of one upload (`PUT /api/submissions/{reference}/attachments/{id}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UploadedAttachment {
    pub id: String,
    pub media_type: String,
    pub size: u64,
    pub sha256: String,
}
