// SPDX-License-Identifier: EUPL-1.2
//! Submitting an application, apart from the page that shows it (`check.rs`), as a
//! FIT-Connect sender (issue #16): route, seal the answers and files for the competent
//! authority (issue #8), take a sender token, create the submission, upload the sealed
//! files, submit the sealed metadata and answers. A dropped connection is retried with
//! the same idempotency key and the same ciphertext, so the citizen can never create two
//! submissions; the page follows the workflow through a [`SendState`] signal.

use super::FormSession;
use crate::api::{self, ApiError, Attachment};
use api_types::FormRef;
use form_engine::{AnswerValue, Answers, Field, FieldKind, Lang};
use leptos::prelude::*;
use serde::Serialize;

/// How often a request is retried after a network failure before the citizen is asked
/// to try again later.
const NETWORK_RETRIES: u32 = 3;

/// Where a submission stands, as the check page tells the citizen.
#[derive(Clone, Copy, PartialEq)]
pub enum SendState {
    Idle,
    Sending,
    Retrying,
    /// The browser says it is offline: sending waits for the connection.
    Offline,
    /// Uploading attachment n (1-based) of total, at percent.
    Uploading(usize, usize, u32),
    Failed,
    Rejected,
    /// Routing named a key the Land did not sign: nothing was encrypted or sent.
    Untrusted,
    /// The API took too many submissions from this connection lately (429): the same
    /// application goes through after a pause.
    TooMany,
}

impl SendState {
    /// A submission is under way: another press of "Submit" must not start a second.
    pub fn busy(self) -> bool {
        matches!(
            self,
            SendState::Sending
                | SendState::Retrying
                | SendState::Offline
                | SendState::Uploading(..)
        )
    }
}

/// A problem the citizen can mend at one question (issue #19): the field's error path
/// and what is wrong there, in the citizen's language.
#[derive(Debug, Clone, PartialEq)]
pub struct AtField {
    pub path: String,
    pub detail: String,
}

/// Why a submission did not go through: the state to show (`Failed`, `Rejected` or
/// `Untrusted`) and, where the API or the browser named them, the questions to go back to.
pub struct Failure {
    pub state: SendState,
    pub at: Vec<AtField>,
}

impl From<SendState> for Failure {
    fn from(state: SendState) -> Self {
        Failure {
            state,
            at: Vec::new(),
        }
    }
}

/// Submits the session's answers (hidden fields dropped) and chosen files, reporting
/// the way through `state`. On success the draft kept in this browser is gone and the
/// receipt page can read the authority's decision; on failure the state to show and the
/// questions concerned.
pub async fn submit(
    session: &FormSession,
    state: RwSignal<SendState>,
    lang: Lang,
) -> Result<Sent, Failure> {
    let answers = session.submitted_answers();
    // A key stands for one set of answers. After a send that got no answer the citizen
    // may change some: under the old key the API would refuse them (409, another body)
    // and the citizen would be stuck, so changed answers are sent under a new key.
    let plain = serde_json::to_string(&answers).unwrap_or_default();
    // Sent already, from another tab with a copy of this draft: that application, not a
    // second one.
    if let Some((reference, answers_sha512)) = super::draft::sent_before(&session.form, &plain) {
        super::draft::remove(&session.form);
        super::controls::forget_typed_places();
        return Ok(Sent {
            reference,
            answers_sha512,
        });
    }
    let key = match session.idempotency_key.get_untracked() {
        Some(key) if sealed_answers(&key).is_none_or(|sealed| sealed == plain) => key,
        _ => new_idempotency_key(),
    };
    session.idempotency_key.set(Some(key.clone()));
    let mut files = Vec::new();
    attachments(session.definition.top_fields(), &answers, "", &mut files);
    // A file chosen before a reload is not kept by the browser: the citizen chooses it
    // again at its question, rather than meet a refusal that names nothing.
    let gone: Vec<AtField> = files
        .iter()
        .filter(|(_, a)| {
            !session
                .files
                .with_value(|f| f.iter().any(|(id, _)| *id == a.id))
        })
        .map(|(path, a)| AtField {
            path: path.clone(),
            detail: crate::i18n::message(lang, crate::i18n::Msg::FileGone)
                .replace("{name}", &a.name),
        })
        .collect();
    if !gone.is_empty() {
        return Err(Failure {
            state: SendState::Rejected,
            at: gone,
        });
    }
    let announced: Vec<Attachment> = files.iter().map(|(_, a)| a.clone()).collect();
    let mut key = key;
    let mut rerouted = false;
    loop {
        // Routing's request waits for the connection like every other request.
        let sealed = std::cell::RefCell::new(None);
        let sealing = with_retries(state, &|| {
            Box::pin(async {
                *sealed.borrow_mut() = Some(seal(session, &answers, &announced, &key).await?);
                Ok(())
            })
        })
        .await;
        let mut sealed = match (sealing, sealed.into_inner()) {
            (Ok(()), Some(sealed)) => sealed,
            (Err(error), _) if not_through(&error) => return Err(SendState::Failed.into()),
            (Err(ApiError::UntrustedKey), _) => return Err(SendState::Untrusted.into()),
            _ => return Err(SendState::Rejected.into()),
        };
        return match send(&mut sealed, &key, state).await {
            Ok(created) => {
                super::draft::remove(&session.form);
                super::draft::note_sent(
                    &session.form,
                    &plain,
                    &created.reference,
                    &sealed.answers_sha512,
                );
                super::controls::forget_typed_places();
                // Issue #8: the receipt page reads the authority's decision with it.
                crate::pages::receipt::keep_status_token(&created.reference, &created.status_token);
                Ok(Sent {
                    reference: created.reference,
                    answers_sha512: sealed.answers_sha512.clone(),
                })
            }
            Err((error, _)) if not_through(&error) => Err(SendState::Failed.into()),
            Err((ApiError::Problem { status: 429, .. }, _)) => Err(SendState::TooMany.into()),
            // A file refused for size at its upload: the files together (or this one) are
            // more than the relay takes; the question of that file says so.
            Err((ApiError::Problem { status: 413, .. }, Some(n))) => Err(Failure {
                state: SendState::Rejected,
                at: files
                    .get(n)
                    .map(|(path, _)| AtField {
                        path: path.clone(),
                        detail: crate::i18n::message(lang, crate::i18n::Msg::FilesTooLarge)
                            .to_owned(),
                    })
                    .into_iter()
                    .collect(),
            }),
            // The answers together are more than the API takes in one request: the
            // longest text is what can be shortened.
            Err((ApiError::Problem { status: 413, .. }, None)) => Err(Failure {
                state: SendState::Rejected,
                at: longest_text(&answers)
                    .map(|(path, _)| AtField {
                        path,
                        detail: crate::i18n::message(lang, crate::i18n::Msg::AnswerTooLong)
                            .to_owned(),
                    })
                    .into_iter()
                    .collect(),
            }),
            // Routing changed between asking it and sending (the authority's key was
            // rotated, or another authority became responsible): ask routing again and
            // encrypt anew, once, under a new key (it is another body). The citizen has
            // nothing to change, so nothing to be told.
            Err((error, _)) if !rerouted && concerns_destination(&error) => {
                rerouted = true;
                SEALED.set(None);
                key = new_idempotency_key();
                session.idempotency_key.set(Some(key.clone()));
                continue;
            }
            Err((error, uploading)) => Err(Failure {
                state: SendState::Rejected,
                at: refused_at(&error, uploading, &files),
            }),
        };
    }
}

/// The question whose text answer is the longest (by its id), with its length in bytes.
/// Only questions of their own count: long texts are answers to them, and one function
/// without walking into groups is all the bundle needs to carry for this rare refusal.
fn longest_text(answers: &Answers) -> Option<(String, usize)> {
    answers
        .iter()
        .filter_map(|(id, value)| match value {
            AnswerValue::Text(text) => Some((id.to_owned(), text.len())),
            _ => None,
        })
        .max_by_key(|(_, len)| *len)
}

/// Whether a request did not get through to a decision on the application: no answer,
/// a body that came too slowly (408: the relay gives up a body that falls behind its
/// pace, so can a proxy), or the server failing or too busy (5xx, a proxy's included;
/// the relay's 503 when its portal tokens are at their ceiling). Nothing about the answers
/// was refused: the citizen is told to try again later, not to check them.
fn not_through(error: &ApiError) -> bool {
    slow_or_lost(error)
        || matches!(
            error,
            ApiError::Problem {
                status: 500..=599,
                ..
            }
        )
}

/// No answer, or a body the server gave up on as too slow: the same request again (same
/// idempotency key) may get through, and is sent again by itself.
fn slow_or_lost(error: &ApiError) -> bool {
    matches!(
        error,
        ApiError::Network | ApiError::Problem { status: 408, .. }
    )
}

/// Whether the API refused the submission because of its destination (the key is no
/// longer the one routing names, or the destination is gone), which asking routing again
/// can mend.
fn concerns_destination(error: &ApiError) -> bool {
    matches!(error, ApiError::Problem { status, errors, .. }
        if *status == 404
            || errors.iter().any(|e| e.code == "wrong_key" || e.path.starts_with("destinationId")))
}

/// The questions an API refusal concerns: the file being uploaded (`uploading`, its
/// index), or the announced attachments a problem names (`announcedAttachments` for all
/// of them, `announcedAttachments.3` for the fourth).
fn refused_at(
    error: &ApiError,
    uploading: Option<usize>,
    files: &[(String, Attachment)],
) -> Vec<AtField> {
    let ApiError::Problem { title, errors, .. } = error else {
        return Vec::new();
    };
    let mut at: Vec<AtField> = Vec::new();
    let mut add = |path: &str, detail: &str| {
        if !at.iter().any(|a| a.path == path) {
            at.push(AtField {
                path: path.to_owned(),
                detail: detail.to_owned(),
            });
        }
    };
    if let Some((path, _)) = uploading.and_then(|n| files.get(n)) {
        add(path, title);
    }
    for e in errors {
        let detail = Some(e.detail.as_str())
            .filter(|d| !d.is_empty())
            .unwrap_or(title);
        let mut parts = e.path.split('.');
        if parts.next() != Some("announcedAttachments") {
            continue;
        }
        match parts.next().map(str::parse::<usize>) {
            None => files.iter().for_each(|(path, _)| add(path, detail)),
            Some(Ok(n)) => {
                if let Some((path, _)) = files.get(n) {
                    add(path, detail);
                }
            }
            Some(Err(_)) => {}
        }
    }
    at
}

/// A random id: one submission attempt sequence's idempotency key, or a chosen file's
/// attachment id.
pub fn new_idempotency_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("bp-{}", js_sys::Date::now() as u64))
}

/// The files to upload with the error path of their question (`site_plan`,
/// `trees.0.photo`): every file answer's items (in groups too), in document order.
fn attachments<'f>(
    fields: impl IntoIterator<Item = &'f Field>,
    answers: &Answers,
    prefix: &str,
    out: &mut Vec<(String, Attachment)>,
) {
    for field in fields {
        let path = format!("{prefix}{}", field.id);
        match (&field.kind, answers.items(&field.id)) {
            (FieldKind::File { .. }, Some(items)) => out.extend(items.iter().filter_map(|i| {
                Some((
                    path.clone(),
                    Attachment {
                        id: i.text("id")?.to_string(),
                        name: i.text("name")?.to_string(),
                        media_type: i.text("media_type")?.to_string(),
                        size: i.text("size")?.parse().ok()?,
                    },
                ))
            })),
            (
                FieldKind::Group(form_engine::field_types::GroupField { fields, .. }),
                Some(items),
            ) => {
                for (i, item) in items.iter().enumerate() {
                    attachments(fields, item, &format!("{path}.{i}."), out);
                }
            }
            _ => {}
        }
    }
}

// --- End-to-end encryption (issue #8) and FIT-Connect's metadata (issue #16) ----------

/// A submission encrypted for its authority, before it is created: the destination and
/// its key, the answers' JWE, each file's JWE by attachment id, and what the metadata
/// will say of them. Encryption is randomised, so a retry must send these same texts.
#[derive(Clone)]
pub struct Sealed {
    destination: String,
    key: crate::crypto::RecipientKey,
    leika: String,
    service_name: String,
    schema_uri: String,
    /// The answers (JSON) as a JWE.
    data: String,
    /// `(attachment id, JWE)`.
    pub files: Vec<(String, String)>,
    described: Vec<FileDescription>,
    /// SHA-512 (hex) of the answers' JSON as encrypted: the checksum the metadata gives
    /// the authority, and the receipt gives the citizen.
    pub answers_sha512: String,
    /// The metadata's JWE once the submission is created (it names the reference): the
    /// submission id and the text, so that a retry submits the very same.
    metadata: Option<(String, String)>,
}

/// What the metadata says of a file.
#[derive(Clone)]
struct FileDescription {
    attachment_id: String,
    filename: String,
    mime_type: String,
    sha512: String,
}

/// A submission the API took: its reference and the checksum of the answers sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Sent {
    pub reference: String,
    pub answers_sha512: String,
}

thread_local! {
    /// The last sealed submission with its idempotency key and the answers it holds:
    /// encryption is randomised, so sending the same answers again under the same key
    /// must reuse the very same ciphertext, or the API would see another body (409).
    static SEALED: std::cell::RefCell<Option<(String, String, Sealed)>> =
        const { std::cell::RefCell::new(None) };
}

/// The answers (JSON) last sealed under `key`, if any.
fn sealed_answers(key: &str) -> Option<String> {
    SEALED.with_borrow(|cached| match cached {
        Some((k, plain, _)) if k == key => Some(plain.clone()),
        _ => None,
    })
}

/// The submission encrypted for the competent authority: routing names it and its
/// current key; answers and each chosen file are encrypted in the browser.
async fn seal(
    session: &FormSession,
    answers: &Answers,
    announced: &[Attachment],
    key: &str,
) -> Result<Sealed, ApiError> {
    let plain = serde_json::to_string(answers).map_err(|_| ApiError::Unexpected)?;
    let cached = SEALED.with_borrow(|cached| match cached {
        Some((k, p, sealed)) if k == key && *p == plain => Some(sealed.clone()),
        _ => None,
    });
    if let Some(sealed) = cached {
        return Ok(sealed);
    }
    let ars = session.routing_ars();
    let route = api::fetch_route(session.leika(), ars.as_deref())
        .await?
        .ok_or(ApiError::Unexpected)?;
    let mut files = Vec::new();
    for attachment in announced {
        let file = session.files.with_value(|files| {
            files
                .iter()
                .find(|(id, _)| *id == attachment.id)
                .map(|(_, f)| f.clone())
        });
        // The file is gone (a reload since it was chosen): the citizen must choose again.
        let file = file.ok_or(ApiError::Unexpected)?;
        let content = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
            .await
            .map_err(|_| ApiError::Unexpected)?;
        files.push((
            attachment.clone(),
            js_sys::Uint8Array::new(&content).to_vec(),
        ));
    }
    // The relay takes a service's name of up to 255 characters; a definition's title may be
    // longer, which must not keep a whole application from being sent.
    let service_name = api_types::service_name(session.definition.title.get(Lang::De)).to_owned();
    let sealed = seal_submission(
        &route,
        session.leika(),
        &service_name,
        &session.form,
        &plain,
        &files,
    )
    .await
    .map_err(|_| ApiError::Unexpected)?;
    SEALED.set(Some((key.to_owned(), plain, sealed.clone())));
    Ok(sealed)
}

/// The submission schema of a form version, as the relay's destinations name it.
fn schema_uri(form: &FormRef) -> String {
    format!("urn:de:buergerportal:form:{}:{}", form.id, form.version)
}

/// Encrypts the answers (their JSON) and every file (`files`: attachment and content)
/// for `route`'s key, and notes each one's SHA-512 for the metadata.
async fn seal_submission(
    route: &api::Route,
    leika: &str,
    service_name: &str,
    form: &FormRef,
    answers: &str,
    files: &[(Attachment, Vec<u8>)],
) -> Result<Sealed, crate::crypto::CryptoError> {
    use crate::crypto;
    let key = crypto::import_key(&route.n, &route.e, &route.parameters.encryption_kid).await?;
    let mut described = Vec::new();
    let mut sealed_files = Vec::new();
    for (attachment, content) in files {
        described.push(FileDescription {
            attachment_id: attachment.id.clone(),
            filename: file_name(&attachment.name),
            mime_type: attachment.media_type.clone(),
            sha512: crypto::sha512_hex(content).await?,
        });
        sealed_files.push((
            attachment.id.clone(),
            crypto::encrypt(&key, content, None).await?,
        ));
    }
    Ok(Sealed {
        destination: route.destination.clone(),
        leika: leika.to_owned(),
        service_name: service_name.to_owned(),
        schema_uri: schema_uri(form),
        data: crypto::encrypt(&key, answers.as_bytes(), Some("application/json")).await?,
        answers_sha512: crypto::sha512_hex(answers.as_bytes()).await?,
        files: sealed_files,
        described,
        key,
        metadata: None,
    })
}

/// The body of `POST /v1/submissions`: the destination, the service and the ids of the
/// attachments to come.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CreateSubmission<'a> {
    destination_id: &'a str,
    announced_attachments: Vec<&'a str>,
    service_type: ServiceType<'a>,
}

#[derive(Serialize)]
struct ServiceType<'a> {
    name: &'a str,
    identifier: String,
}

/// The body of `PUT /v1/submissions/{id}`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SubmitSubmission<'a> {
    encrypted_metadata: &'a str,
    encrypted_data: &'a str,
}

/// FIT-Connect's metadata (schema 1.0.0): what the data and each file are, with their
/// SHA-512, the service, and the citizen's reference; encrypted for the authority like
/// the data.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Metadata<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    content_structure: ContentStructure<'a>,
    public_service_type: PublicServiceType<'a>,
    additional_reference_info: ReferenceInfo<'a>,
}

#[derive(Serialize)]
struct ContentStructure<'a> {
    data: DataDescription<'a>,
    attachments: Vec<AttachmentDescription<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DataDescription<'a> {
    submission_schema: SubmissionSchema<'a>,
    hash: Hash<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SubmissionSchema<'a> {
    schema_uri: &'a str,
    mime_type: &'static str,
}

#[derive(Serialize)]
struct Hash<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    content: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AttachmentDescription<'a> {
    attachment_id: &'a str,
    filename: &'a str,
    mime_type: &'a str,
    purpose: &'static str,
    hash: Hash<'a>,
}

#[derive(Serialize)]
struct PublicServiceType<'a> {
    identifier: String,
    name: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReferenceInfo<'a> {
    sender_reference: &'a str,
}

const METADATA_SCHEMA: &str =
    "https://schema.fitko.de/fit-connect/metadata/1.0.0/metadata.schema.json";

fn sha512(content: &str) -> Hash<'_> {
    Hash {
        kind: "sha512",
        content,
    }
}

/// A file name as the metadata carries it: control characters have no place in one
/// (a space instead).
fn file_name(name: &str) -> String {
    name.chars()
        .map(|c| if (c as u32) < 0x20 { ' ' } else { c })
        .collect()
}

impl Sealed {
    /// The creation's body.
    fn create_body(&self) -> String {
        serde_json::to_string(&CreateSubmission {
            destination_id: &self.destination,
            announced_attachments: self.files.iter().map(|(id, _)| id.as_str()).collect(),
            service_type: ServiceType {
                name: &self.service_name,
                identifier: format!("urn:de:fim:leika:leistung:{}", self.leika),
            },
        })
        .unwrap_or_default()
    }

    /// The metadata (JSON) for the submission with the citizen's `reference`.
    fn metadata_json(&self, reference: &str) -> String {
        serde_json::to_string(&Metadata {
            schema: METADATA_SCHEMA,
            content_structure: ContentStructure {
                data: DataDescription {
                    submission_schema: SubmissionSchema {
                        schema_uri: &self.schema_uri,
                        mime_type: "application/json",
                    },
                    hash: sha512(&self.answers_sha512),
                },
                attachments: self
                    .described
                    .iter()
                    .map(|d| AttachmentDescription {
                        attachment_id: &d.attachment_id,
                        filename: &d.filename,
                        mime_type: &d.mime_type,
                        purpose: "attachment",
                        hash: sha512(&d.sha512),
                    })
                    .collect(),
            },
            public_service_type: PublicServiceType {
                identifier: format!("urn:de:fim:leika:leistung:{}", self.leika),
                name: &self.service_name,
            },
            additional_reference_info: ReferenceInfo {
                sender_reference: reference,
            },
        })
        .unwrap_or_default()
    }

    /// The metadata encrypted for the submission `created` (once per submission: a
    /// retry submits the very same text).
    async fn sealed_metadata(&mut self, created: &api::Created) -> Result<String, ApiError> {
        if let Some((id, text)) = &self.metadata
            && *id == created.submission_id
        {
            return Ok(text.clone());
        }
        let json = self.metadata_json(&created.reference);
        let text = crate::crypto::encrypt(&self.key, json.as_bytes(), Some("application/json"))
            .await
            .map_err(|_| ApiError::Unexpected)?;
        self.metadata = Some((created.submission_id.clone(), text.clone()));
        // The cache keeps it too, for a retry after a dropped connection.
        SEALED.with_borrow_mut(|cached| {
            if let Some((_, _, sealed)) = cached {
                sealed.metadata = self.metadata.clone();
            }
        });
        Ok(text)
    }
}
// --- end of end-to-end encryption ------------------------------------------------------

/// Sends through FIT-Connect's Submission API: a sender token, the creation (retried
/// with the same idempotency key after a dropped connection), the announced (encrypted)
/// files with progress, then the encrypted metadata and data.
/// On failure the error and, if a file's upload failed, that file's index.
async fn send(
    sealed: &mut Sealed,
    key: &str,
    state: RwSignal<SendState>,
) -> Result<api::Created, (ApiError, Option<usize>)> {
    let token = std::cell::RefCell::new(String::new());
    // A token that ran out (a long wait offline) is asked for again, once per request.
    let fresh_token = || -> Attempt<'_> {
        Box::pin(async {
            let new = api::sender_token().await?;
            *token.borrow_mut() = new;
            Ok(())
        })
    };
    with_retries(state, &fresh_token)
        .await
        .map_err(|e| (e, None))?;

    let body = sealed.create_body();
    let created = std::cell::RefCell::new(None);
    with_token_retries(state, &fresh_token, &|| {
        Box::pin(async {
            let token = token.borrow().clone();
            *created.borrow_mut() = Some(api::create_submission(&token, &body, key).await?);
            Ok(())
        })
    })
    .await
    .map_err(|e| (e, None))?;
    let created = created.into_inner().ok_or((ApiError::Unexpected, None))?;
    // Encrypted once the reference is known (the metadata names it), before the files go.
    let metadata = sealed
        .sealed_metadata(&created)
        .await
        .map_err(|e| (e, None))?;

    let total = sealed.files.len();
    for (n, (id, jwe)) in sealed.files.iter().enumerate() {
        state.set(SendState::Uploading(n + 1, total, 0));
        let submission_id = created.submission_id.as_str();
        with_token_retries(state, &fresh_token, &|| {
            let token = token.borrow().clone();
            Box::pin(async move {
                api::upload(submission_id, &token, id, jwe, move |percent| {
                    state.set(SendState::Uploading(n + 1, total, percent))
                })
                .await
            })
        })
        .await
        .map_err(|e| (e, Some(n)))?;
    }
    let body = serde_json::to_string(&SubmitSubmission {
        encrypted_metadata: &metadata,
        encrypted_data: &sealed.data,
    })
    .map_err(|_| (ApiError::Unexpected, None))?;
    with_token_retries(state, &fresh_token, &|| {
        Box::pin(async {
            let token = token.borrow().clone();
            api::submit_submission(&token, &created.submission_id, &body).await
        })
    })
    .await
    .map_err(|e| (e, None))?;
    Ok(created)
}

/// [`with_retries`], and once more with a new token if the request's was refused (401).
async fn with_token_retries<'a, 'b>(
    state: RwSignal<SendState>,
    fresh_token: &(dyn Fn() -> Attempt<'b> + 'b),
    request: &(dyn Fn() -> Attempt<'a> + 'a),
) -> Result<(), ApiError> {
    match with_retries(state, request).await {
        Err(ApiError::Problem { status: 401, .. }) => {
            fresh_token().await?;
            with_retries(state, request).await
        }
        other => other,
    }
}

/// One attempt of a request (boxed, so that the retry loop is compiled once).
type Attempt<'a> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), ApiError>> + 'a>>;

/// Runs a request, waiting for the connection while the browser is offline and
/// retrying network failures a few times with growing pauses.
async fn with_retries<'a>(
    state: RwSignal<SendState>,
    request: &(dyn Fn() -> Attempt<'a> + 'a),
) -> Result<(), ApiError> {
    let mut attempt = 0;
    loop {
        if !online() {
            let before = state.get_untracked();
            state.set(SendState::Offline);
            while !online() {
                crate::clock::sleep_ms(1000).await;
            }
            state.set(before);
        }
        match request().await {
            Err(error) if slow_or_lost(&error) && attempt < NETWORK_RETRIES => {
                attempt += 1;
                state.set(SendState::Retrying);
                crate::clock::sleep_ms(500 * 2u32.pow(attempt)).await;
            }
            other => return other,
        }
    }
}

fn online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

#[cfg(test)]
mod tests {
    use super::*;
    use api_types::FieldProblem;

    fn file(path: &str, id: &str) -> (String, Attachment) {
        let attachment = Attachment {
            id: id.into(),
            name: format!("{id}.pdf"),
            media_type: "application/pdf".into(),
            size: 1,
        };
        (path.into(), attachment)
    }

    fn problem(errors: &[(&str, &str)]) -> ApiError {
        ApiError::Problem {
            status: 422,
            title: "Nicht verarbeitbar".into(),
            errors: errors
                .iter()
                .map(|(path, detail)| FieldProblem {
                    path: (*path).into(),
                    code: "x".into(),
                    detail: (*detail).into(),
                    data: Default::default(),
                })
                .collect(),
        }
    }

    #[test]
    fn a_failing_or_busy_server_is_no_refusal_of_the_answers() {
        let busy = ApiError::Problem {
            status: 503,
            title: "Service Unavailable".into(),
            errors: Vec::new(),
        };
        assert!(not_through(&busy));
        assert!(not_through(&ApiError::Network));
        assert!(!not_through(&problem(&[("/answers/name", "too long")])));
        assert!(!not_through(&ApiError::UntrustedKey));
        // A body the relay gave up as too slow is sent again, and if it still does not get
        // through, told as "could not be sent", not as a refusal.
        let slow = ApiError::Problem {
            status: 408,
            title: "Request Timeout".into(),
            errors: Vec::new(),
        };
        assert!(slow_or_lost(&slow));
        assert!(not_through(&slow));
        assert!(
            !slow_or_lost(&busy),
            "a busy server is not asked again at once"
        );
    }

    #[test]
    fn the_longest_text_answer_is_the_one_to_shorten() {
        let answers: Answers = serde_json::from_str(
            r#"{"name": "Kai", "ok": true, "reason": "ein viel längerer Grund",
                "address": {"street": "ein sehr, sehr langer Straßenname"}}"#,
        )
        .expect("answers");
        assert_eq!(
            longest_text(&answers),
            Some(("reason".to_owned(), "ein viel längerer Grund".len()))
        );
        assert_eq!(longest_text(&Answers::new()), None);
    }

    #[test]
    fn only_refusals_of_the_destination_are_mended_by_routing_again() {
        let coded = |path: &str, code: &str| ApiError::Problem {
            status: 422,
            title: String::new(),
            errors: vec![FieldProblem {
                path: path.into(),
                code: code.into(),
                detail: String::new(),
                data: Default::default(),
            }],
        };
        assert!(concerns_destination(&coded("encryptedData", "wrong_key")));
        assert!(concerns_destination(&coded("attachment", "wrong_key")));
        assert!(concerns_destination(&coded(
            "destinationId",
            "invalid_value"
        )));
        assert!(concerns_destination(&ApiError::Problem {
            status: 404,
            title: String::new(),
            errors: Vec::new(),
        }));
        assert!(!concerns_destination(&problem(&[(
            "announcedAttachments",
            "zu groß"
        )])));
        assert!(!concerns_destination(&problem(&[])));
        assert!(!concerns_destination(&ApiError::Network));
    }

    #[test]
    fn refusals_of_attachments_lead_to_their_questions() {
        let files = [
            file("site_plan", "a"),
            file("site_plan", "b"),
            file("trees.0.photo", "c"),
        ];
        let paths = |at: Vec<AtField>| {
            at.into_iter()
                .map(|a| (a.path, a.detail))
                .collect::<Vec<_>>()
        };
        // All attachments: each question once.
        assert_eq!(
            paths(refused_at(
                &problem(&[("announcedAttachments", "zu groß")]),
                None,
                &files
            )),
            [
                ("site_plan".to_string(), "zu groß".to_string()),
                ("trees.0.photo".to_string(), "zu groß".to_string())
            ]
        );
        // One attachment by index; a path that is no attachment's is no question's.
        assert_eq!(
            paths(refused_at(
                &problem(&[("announcedAttachments.2", "leer"), ("destinationId", "x")]),
                None,
                &files
            )),
            [("trees.0.photo".to_string(), "leer".to_string())]
        );
        // The upload that failed, named by the problem's title.
        assert_eq!(
            paths(refused_at(&problem(&[]), Some(1), &files)),
            [("site_plan".to_string(), "Nicht verarbeitbar".to_string())]
        );
        assert_eq!(refused_at(&ApiError::Unexpected, Some(0), &files), []);
    }

    #[test]
    fn the_creation_and_the_metadata_keep_fit_connects_wire_format() {
        let description = |id: &str, name: &str, hash: &str| FileDescription {
            attachment_id: id.into(),
            filename: file_name(name),
            mime_type: "application/pdf".into(),
            sha512: hash.into(),
        };
        let files = [description("a1", "Plan \"A\"\n.pdf", "cd")];
        let metadata = Metadata {
            schema: METADATA_SCHEMA,
            content_structure: ContentStructure {
                data: DataDescription {
                    submission_schema: SubmissionSchema {
                        schema_uri: &schema_uri(&FormRef {
                            id: "gewerbe".into(),
                            version: 2,
                        }),
                        mime_type: "application/json",
                    },
                    hash: sha512("ab"),
                },
                attachments: files
                    .iter()
                    .map(|d| AttachmentDescription {
                        attachment_id: &d.attachment_id,
                        filename: &d.filename,
                        mime_type: &d.mime_type,
                        purpose: "attachment",
                        hash: sha512(&d.sha512),
                    })
                    .collect(),
            },
            public_service_type: PublicServiceType {
                identifier: "urn:de:fim:leika:leistung:99050012104000".into(),
                name: "Gewerbeanmeldung",
            },
            additional_reference_info: ReferenceInfo {
                sender_reference: "BP-2026-7KQ2M9XD",
            },
        };
        assert_eq!(
            serde_json::to_string(&metadata).unwrap(),
            r#"{"$schema":"https://schema.fitko.de/fit-connect/metadata/1.0.0/metadata.schema.json","contentStructure":{"data":{"submissionSchema":{"schemaUri":"urn:de:buergerportal:form:gewerbe:2","mimeType":"application/json"},"hash":{"type":"sha512","content":"ab"}},"attachments":[{"attachmentId":"a1","filename":"Plan \"A\" .pdf","mimeType":"application/pdf","purpose":"attachment","hash":{"type":"sha512","content":"cd"}}]},"publicServiceType":{"identifier":"urn:de:fim:leika:leistung:99050012104000","name":"Gewerbeanmeldung"},"additionalReferenceInfo":{"senderReference":"BP-2026-7KQ2M9XD"}}"#
        );
        let create = CreateSubmission {
            destination_id: "0c27f07a-773d-5909-a3b6-0f028f58f824",
            announced_attachments: vec!["a1"],
            service_type: ServiceType {
                name: "Gewerbeanmeldung",
                identifier: "urn:de:fim:leika:leistung:99050012104000".into(),
            },
        };
        assert_eq!(
            serde_json::to_string(&create).unwrap(),
            r#"{"destinationId":"0c27f07a-773d-5909-a3b6-0f028f58f824","announcedAttachments":["a1"],"serviceType":{"name":"Gewerbeanmeldung","identifier":"urn:de:fim:leika:leistung:99050012104000"}}"#
        );
    }
}
