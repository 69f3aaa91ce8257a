// SPDX-License-Identifier: EUPL-1.2
//! Submissions: the status the submitter may read (`GET /api/submissions/{reference}`)
//! and the attachments a submission announced (as the relay keeps them). The
//! Submission API's own bodies are FIT-Connect's (`central_api::fit_connect`).

use serde::{Deserialize, Serialize};

use crate::FormRef;

/// The most characters of a submission's `serviceType.name` the relay takes (its
/// openapi.json says so; FIT-Connect's schema gives the name no limit).
pub const MAX_SERVICE_NAME_CHARS: usize = 255;

/// `name` cut to [`MAX_SERVICE_NAME_CHARS`]: what a sender names a service by when its
/// title is longer (a definition's title has no limit).
pub fn service_name(name: &str) -> &str {
    match name.char_indices().nth(MAX_SERVICE_NAME_CHARS) {
        Some((end, _)) => &name[..end],
        None => name,
    }
}

/// An attachment announced with a submission, as the relay keeps it; its name and type
/// are in the encrypted metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnouncedAttachment {
    /// Chosen by the sender, unique in the submission (FIT-Connect: a UUID).
    pub id: String,
    /// Size in bytes of the encrypted upload if announced (0: FIT-Connect announces
    /// none; the upload's own length counts).
    #[serde(deserialize_with = "crate::whole_number::u64")]
    pub size: u64,
}

/// What the submitter may see of their submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubmissionStatus {
    pub reference: String,
    /// `draft` (created, not submitted), `received` (submitted), then the authority's
    /// decision by its event: `accepted` or `rejected`.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_service_name_is_cut_between_characters() {
        assert_eq!(service_name("Gewerbeanmeldung"), "Gewerbeanmeldung");
        let long = "Ä".repeat(300);
        let cut = service_name(&long);
        assert_eq!(cut.chars().count(), 255);
        assert!(cut.chars().all(|c| c == 'Ä'));
        assert_eq!(
            service_name(&"A".repeat(255)).len(),
            255,
            "as long as it may be"
        );
    }
}
