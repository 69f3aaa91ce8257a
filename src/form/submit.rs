// SPDX-License-Identifier: EUPL-1.2
//! Submitting an application, apart from the page that shows it (`check.rs`): seal the
//! answers and files for the competent authority (issue #8), create the submission,
//! upload the sealed files, finalize. A dropped connection is retried with the same
//! idempotency key and the same ciphertext, so the citizen can never create two
//! submissions; the page follows the workflow through a [`SendState`] signal.

use super::FormSession;
use crate::api::{self, ApiError, Attachment, FormRef, SubmissionReceipt};
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
    let key = match session.idempotency_key.get_untracked() {
        Some(key) if sealed_answers(&key).is_none_or(|sealed| sealed == plain) => key,
        _ => new_idempotency_key(),
    };
    session.idempotency_key.set(Some(key.clone()));
    let mut files = Vec::new();
    attachments(
        &super::state::all_fields(&session.definition),
        &answers,
        "",
        &mut files,
    );
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
        let sealed = match (sealing, sealed.into_inner()) {
            (Ok(()), Some(sealed)) => sealed,
            (Err(ApiError::Network), _) => return Err(SendState::Failed.into()),
            (Err(ApiError::UntrustedKey), _) => return Err(SendState::Untrusted.into()),
            _ => return Err(SendState::Rejected.into()),
        };
        return match send(&sealed, &key, state, lang).await {
            Ok(receipt) => {
                super::draft::remove(&session.form);
                // Issue #8: the receipt page reads the authority's decision with it.
                crate::pages::receipt::keep_status_token(&receipt.reference, &receipt.status_token);
                Ok(Sent {
                    receipt,
                    answers_sha512: sealed.answers_sha512.clone(),
                })
            }
            Err((ApiError::Network, _)) => Err(SendState::Failed.into()),
            Err((ApiError::Problem { status: 429, .. }, _)) => Err(SendState::TooMany.into()),
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
            Err((error, None)) if !rerouted && concerns_destination(&error) => {
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

/// Whether the API refused the submission because of its destination (authority or key
/// no longer the ones routing names), which asking routing again can mend.
fn concerns_destination(error: &ApiError) -> bool {
    matches!(error, ApiError::Problem { errors, .. }
        if errors.iter().any(|e| e.path.starts_with("destination")))
}

/// The questions an API refusal concerns: the file being uploaded (`uploading`, its
/// index), or the announced attachments a problem names (`attachments` for all of them,
/// `attachments.3…` for the fourth). The API words the details in the citizen's language.
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
        let detail = e.detail.as_deref().unwrap_or(title);
        let mut parts = e.path.split('.');
        if parts.next() != Some("attachments") {
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
fn attachments(
    fields: &[Field],
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

// --- End-to-end encryption (issue #8) -------------------------------------------------

/// A submission encrypted for its authority: the request body and each file's JWE by
/// attachment id. Encryption is randomised, so a retry must send these same texts.
#[derive(Debug, Clone, PartialEq)]
pub struct Sealed {
    pub body: String,
    pub files: Vec<(String, String)>,
    /// SHA-512 (hex) of the answers' JSON as encrypted: the checksum the metadata gives
    /// the authority, and the receipt gives the citizen.
    pub answers_sha512: String,
}

/// A submission the API took: its receipt and the checksum of the answers sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Sent {
    pub receipt: SubmissionReceipt,
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
/// current key; answers, metadata and each chosen file are encrypted in the browser.
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
    let ars = ars.as_deref();
    let route = api::fetch_route(session.leika(), ars)
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
    let sealed = seal_submission(&route, session.leika(), &session.form, ars, &plain, &files)
        .await
        .map_err(|_| ApiError::Unexpected)?;
    SEALED.set(Some((key.to_owned(), plain, sealed.clone())));
    Ok(sealed)
}

/// The body of `POST /api/submissions`: what routing and checking need in the clear,
/// the rest encrypted.
#[derive(Serialize)]
struct SubmissionRequest<'a> {
    service: &'a str,
    form: FormId<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ars: Option<&'a str>,
    destination: Destination<'a>,
    encrypted_data: String,
    encrypted_metadata: String,
    attachments: Vec<AnnouncedAttachment<'a>>,
}

#[derive(Serialize)]
struct FormId<'a> {
    id: &'a str,
    version: u32,
}

#[derive(Serialize)]
struct Destination<'a> {
    authority: &'a str,
    kid: &'a str,
}

/// An attachment the submission announces: its id and the size of its JWE.
#[derive(Serialize)]
struct AnnouncedAttachment<'a> {
    id: &'a str,
    size: usize,
}

/// FIT-Connect's metadata (schema 1.0.0): what the data and each file are, with their
/// SHA-512, and the service; encrypted for the authority like the data.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Metadata<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    content_structure: ContentStructure<'a>,
    public_service_type: PublicServiceType,
}

#[derive(Serialize)]
struct ContentStructure<'a> {
    data: DataDescription,
    attachments: Vec<AttachmentDescription<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DataDescription {
    submission_schema: SubmissionSchema,
    hash: Hash,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SubmissionSchema {
    schema_uri: String,
    mime_type: &'static str,
}

#[derive(Serialize)]
struct Hash {
    #[serde(rename = "type")]
    kind: &'static str,
    content: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AttachmentDescription<'a> {
    attachment_id: &'a str,
    filename: String,
    mime_type: &'a str,
    purpose: &'static str,
    hash: Hash,
}

#[derive(Serialize)]
struct PublicServiceType {
    identifier: String,
}

const METADATA_SCHEMA: &str =
    "https://schema.fitko.de/fit-connect/metadata/1.0.0/metadata.schema.json";

fn sha512(content: String) -> Hash {
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

/// Encrypts a submission for `route`: the answers (their JSON), FIT-Connect-style
/// metadata (SHA-512 of the answers and of every file, file names and types) and every
/// file (`files`: attachment and content) as JWE. Service, form, place, destination and
/// the files' ids and encrypted sizes stay readable for routing and checking.
async fn seal_submission(
    route: &api::Route,
    leika: &str,
    form: &FormRef,
    ars: Option<&str>,
    answers: &str,
    files: &[(Attachment, Vec<u8>)],
) -> Result<Sealed, crate::crypto::CryptoError> {
    use crate::crypto;
    let key = crypto::import_key(&route.n, &route.e, &route.kid).await?;
    let json = Some("application/json");
    let mut described = Vec::new();
    let mut sealed_files = Vec::new();
    for (attachment, content) in files {
        let hash = crypto::sha512_hex(content).await?;
        let jwe = crypto::encrypt(&key, content, None).await?;
        described.push(AttachmentDescription {
            attachment_id: &attachment.id,
            filename: file_name(&attachment.name),
            mime_type: &attachment.media_type,
            purpose: "attachment",
            hash: sha512(hash),
        });
        sealed_files.push((attachment.id.clone(), jwe));
    }
    let answers_sha512 = crypto::sha512_hex(answers.as_bytes()).await?;
    let metadata = Metadata {
        schema: METADATA_SCHEMA,
        content_structure: ContentStructure {
            data: DataDescription {
                submission_schema: SubmissionSchema {
                    schema_uri: format!("/api/forms/{}/versions/{}", form.id, form.version),
                    mime_type: "application/json",
                },
                hash: sha512(answers_sha512.clone()),
            },
            attachments: described,
        },
        public_service_type: PublicServiceType {
            identifier: format!("urn:de:fim:leika:leistung:{leika}"),
        },
    };
    let metadata = serde_json::to_string(&metadata).map_err(|_| crypto::CryptoError)?;
    let request = SubmissionRequest {
        service: leika,
        form: FormId {
            id: &form.id,
            version: form.version,
        },
        ars,
        destination: Destination {
            authority: &route.authority,
            kid: &route.kid,
        },
        encrypted_data: crypto::encrypt(&key, answers.as_bytes(), json).await?,
        encrypted_metadata: crypto::encrypt(&key, metadata.as_bytes(), json).await?,
        attachments: sealed_files
            .iter()
            .map(|(id, jwe)| AnnouncedAttachment {
                id,
                size: jwe.len(),
            })
            .collect(),
    };
    let body = serde_json::to_string(&request).map_err(|_| crypto::CryptoError)?;
    Ok(Sealed {
        body,
        files: sealed_files,
        answers_sha512,
    })
}
// --- end of end-to-end encryption ------------------------------------------------------

/// Creates the submission (retrying a dropped connection with the same key), uploads
/// the announced (encrypted) files with progress, and finalizes it.
/// On failure the error and, if a file's upload failed, that file's index.
async fn send(
    sealed: &Sealed,
    key: &str,
    state: RwSignal<SendState>,
    lang: Lang,
) -> Result<SubmissionReceipt, (ApiError, Option<usize>)> {
    let created = std::cell::RefCell::new(None);
    with_retries(state, &|| {
        Box::pin(async {
            *created.borrow_mut() = Some(api::submit(&sealed.body, key, lang).await?);
            Ok(())
        })
    })
    .await
    .map_err(|e| (e, None))?;
    let receipt = created.into_inner().ok_or((ApiError::Unexpected, None))?;
    if receipt.status != "draft" {
        return Ok(receipt);
    }
    let total = sealed.files.len();
    for (n, (id, jwe)) in sealed.files.iter().enumerate() {
        state.set(SendState::Uploading(n + 1, total, 0));
        with_retries(state, &|| {
            Box::pin(api::upload(
                &receipt.reference,
                &receipt.status_token,
                id,
                jwe,
                move |percent| state.set(SendState::Uploading(n + 1, total, percent)),
            ))
        })
        .await
        .map_err(|e| (e, Some(n)))?;
    }
    with_retries(state, &|| {
        Box::pin(api::finalize(&receipt.reference, &receipt.status_token))
    })
    .await
    .map_err(|e| (e, None))?;
    Ok(receipt)
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
                sleep_ms(1000).await;
            }
            state.set(before);
        }
        match request().await {
            Err(ApiError::Network) if attempt < NETWORK_RETRIES => {
                attempt += 1;
                state.set(SendState::Retrying);
                sleep_ms(500 * 2u32.pow(attempt)).await;
            }
            other => return other,
        }
    }
}

fn online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

async fn sleep_ms(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ =
                window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[cfg(test)]
mod tests {
    use super::*;

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
                .map(|(path, detail)| crate::api::ProblemFieldError {
                    path: (*path).into(),
                    code: "x".into(),
                    detail: Some((*detail).into()),
                })
                .collect(),
        }
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
        assert!(concerns_destination(&problem(&[(
            "destination.kid",
            "Dies ist nicht mehr der aktuelle Schlüssel der Behörde"
        )])));
        assert!(concerns_destination(&problem(&[
            ("encrypted_data", "x"),
            ("destination.authority", "nicht zuständig"),
        ])));
        assert!(!concerns_destination(&problem(&[(
            "attachments",
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
                &problem(&[("attachments", "zu groß")]),
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
                &problem(&[("attachments.2", "leer"), ("destination.authority", "x")]),
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
    fn the_request_body_and_metadata_keep_the_wire_format() {
        let request = SubmissionRequest {
            service: "99050012104000",
            form: FormId {
                id: "gewerbe",
                version: 2,
            },
            ars: Some("010510044044"),
            destination: Destination {
                authority: "heide",
                kid: "k1",
            },
            encrypted_data: "D".into(),
            encrypted_metadata: "M".into(),
            attachments: vec![AnnouncedAttachment { id: "a1", size: 42 }],
        };
        assert_eq!(
            serde_json::to_string(&request).unwrap(),
            r#"{"service":"99050012104000","form":{"id":"gewerbe","version":2},"ars":"010510044044","destination":{"authority":"heide","kid":"k1"},"encrypted_data":"D","encrypted_metadata":"M","attachments":[{"id":"a1","size":42}]}"#
        );
        let without_place = SubmissionRequest {
            ars: None,
            ..request
        };
        assert!(
            !serde_json::to_string(&without_place)
                .unwrap()
                .contains("ars")
        );

        let metadata = Metadata {
            schema: METADATA_SCHEMA,
            content_structure: ContentStructure {
                data: DataDescription {
                    submission_schema: SubmissionSchema {
                        schema_uri: "/api/forms/gewerbe/versions/2".into(),
                        mime_type: "application/json",
                    },
                    hash: sha512("ab".into()),
                },
                attachments: vec![AttachmentDescription {
                    attachment_id: "a1",
                    filename: file_name("Plan \"A\"\n.pdf"),
                    mime_type: "application/pdf",
                    purpose: "attachment",
                    hash: sha512("cd".into()),
                }],
            },
            public_service_type: PublicServiceType {
                identifier: "urn:de:fim:leika:leistung:99050012104000".into(),
            },
        };
        assert_eq!(
            serde_json::to_string(&metadata).unwrap(),
            r#"{"$schema":"https://schema.fitko.de/fit-connect/metadata/1.0.0/metadata.schema.json","contentStructure":{"data":{"submissionSchema":{"schemaUri":"/api/forms/gewerbe/versions/2","mimeType":"application/json"},"hash":{"type":"sha512","content":"ab"}},"attachments":[{"attachmentId":"a1","filename":"Plan \"A\" .pdf","mimeType":"application/pdf","purpose":"attachment","hash":{"type":"sha512","content":"cd"}}]},"publicServiceType":{"identifier":"urn:de:fim:leika:leistung:99050012104000"}}"#
        );
    }
}
