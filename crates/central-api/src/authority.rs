// SPDX-License-Identifier: EUPL-1.2
//! The authority's side of a submission (`central-api inbox`), a FIT-Connect subscriber
//! that speaks only the protocol: with its client credentials it lists what waits at
//! its destination (`GET /v1/submissions`), fetches each submission with its
//! attachments, decrypts them with the authority's private keys (from its own folder,
//! see [`crate::custody`]), checks that the application is complete and genuine,
//! validates the answers with the form engine (the definition named by the metadata's
//! schema, from the public forms API), and sends its decision as an accept or reject
//! event signed with its signature key (`POST /v1/cases/{caseId}/events`), which the
//! citizen's status page then shows.
//!
//! Complete and genuine means: the SHA-512 of the answers and of every file matches the
//! metadata; every file has a `mimeType` there, and its content (by its first bytes,
//! [`form_engine::media::sniff`]) is of that type; every file answer of the form
//! describes its files (`{id, name, media_type, size}`), each of which was uploaded, has
//! the size the answer gives, is of a type the field accepts and within its size limit;
//! every uploaded file is the answer of a file field; and if an answer decides the
//! competent authority, the Routing API names this destination for it.
//!
//! This runs where the private keys are, never in the relay.

use std::{
    collections::{HashMap, HashSet},
    path::Path,
};

use form_engine::field_types::{FileField, GroupField};
use form_engine::{Field, FieldKind, FormDefinition, Lang, media};
use rsa::RsaPrivateKey;
use serde::Serialize;
use serde_json::{Value, json};

use crate::{
    custody::{self, PrivateKeyError},
    error::FieldProblem,
    fit_connect::{form_of_schema_uri, is_uuid, leika_of_identifier, oauth::Credentials, set},
    forms::{self, validate_answers},
    jwe, keys, shorten,
};

/// A decrypted and checked submission.
#[derive(Debug, Serialize)]
pub struct Opened {
    /// The citizen's reference (the metadata's `additionalReferenceInfo.senderReference`);
    /// `None` (JSON `null`) if the sender gave none: FIT-Connect does not require one.
    pub reference: Option<String>,
    pub submission_id: String,
    pub case_id: String,
    pub service: String,
    pub form: crate::routes::FormRef,
    pub kid: String,
    pub answers: Value,
    pub metadata: Value,
    pub attachments: Vec<OpenedAttachment>,
    /// Problems of integrity: a hash that does not match, a missing, extra or disguised
    /// file, a file answer that does not fit its file.
    pub integrity: Vec<String>,
    /// The form engine's findings on the answers (empty: valid).
    pub validation: Vec<FieldProblem>,
    /// What the clerk should know that keeps nothing from being accepted: a key it was
    /// encrypted for is no longer served by the relay (revoked since it was sent).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The authentication tags of what was fetched, which an accept event names.
    #[serde(skip)]
    pub tags: Value,
}

impl Opened {
    /// Whether the submission may be accepted: intact and valid.
    pub fn acceptable(&self) -> bool {
        self.integrity.is_empty() && self.validation.is_empty()
    }

    /// What keeps it from being accepted, for the citizen and the clerk.
    pub fn problems(&self) -> Vec<String> {
        self.integrity
            .iter()
            .cloned()
            .chain(
                self.validation
                    .iter()
                    .map(|p| format!("{}: {}", p.path, p.detail)),
            )
            .collect()
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
    /// Something on the authority's own side (the connection, its key folder): no
    /// decision is taken.
    #[error("{0}")]
    Local(String),
}

fn local(error: impl std::fmt::Display) -> OpenError {
    OpenError::Local(error.to_string())
}

/// A FIT-Connect subscriber: the Submission API's address, the client's credentials and
/// the access token they gave.
pub struct Subscriber {
    http: reqwest::Client,
    /// Base address of the Submission API (and the relay's public forms API), without a
    /// trailing slash.
    api: String,
    token: String,
    /// The destination the client receives for (its token's only scope).
    pub destination_id: String,
    /// The relay's published signing keys (`/.well-known/jwks.json`), fetched once per
    /// run when the first submission is opened.
    relay_keys: tokio::sync::OnceCell<Value>,
}

/// How long one request to the relay may take.
const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

impl Subscriber {
    /// Asks the token endpoint for an access token with the client's credentials.
    pub async fn connect(
        api: &str,
        token_url: Option<&str>,
        credentials: &Credentials,
    ) -> Result<Subscriber, String> {
        let api = api.trim_end_matches('/').to_owned();
        let http = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .build()
            .map_err(|e| e.to_string())?;
        let token_url = token_url.map_or_else(|| format!("{api}/token"), str::to_owned);
        let response = http
            .post(&token_url)
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", &credentials.client_id),
                ("client_secret", &credentials.client_secret),
            ])
            .send()
            .await
            .map_err(|e| format!("{token_url}: {e}"))?;
        let status = response.status();
        let body: Value = response
            .json()
            .await
            .map_err(|e| format!("{token_url}: the answer is not JSON: {e}"))?;
        if !status.is_success() {
            return Err(format!(
                "{token_url} refused the client {}: {} {}",
                credentials.client_id, body["error"], body["error_description"]
            ));
        }
        let token = body["access_token"]
            .as_str()
            .ok_or_else(|| format!("{token_url}: no access_token in the answer"))?
            .to_owned();
        let destinations: Vec<&str> = body["scope"]
            .as_str()
            .unwrap_or_default()
            .split_whitespace()
            .filter_map(|s| s.strip_prefix("subscribe:destination:"))
            .collect();
        let [destination_id] = destinations[..] else {
            return Err(format!(
                "the client {} must receive for exactly one destination (its scopes: {})",
                credentials.client_id, body["scope"]
            ));
        };
        Ok(Subscriber {
            http,
            destination_id: destination_id.to_owned(),
            api,
            token,
            relay_keys: tokio::sync::OnceCell::new(),
        })
    }

    async fn get(&self, path: &str) -> Result<reqwest::Response, OpenError> {
        let url = format!("{}{path}", self.api);
        let response = self
            .http
            .get(&url)
            .bearer_auth(&self.token)
            .send()
            .await
            .map_err(|e| local(format!("{url}: {e}")))?;
        if !response.status().is_success() {
            let status = response.status();
            let text = response.text().await.unwrap_or_default();
            return Err(local(format!(
                "{url}: {status} {}",
                shorten::to_chars(&text, 300)
            )));
        }
        Ok(response)
    }

    async fn get_json(&self, path: &str) -> Result<Value, OpenError> {
        self.get(path)
            .await?
            .json()
            .await
            .map_err(|e| local(format!("{path}: the answer is not JSON: {e}")))
    }

    /// `(submissionId, caseId)` of every submission waiting at the destination.
    pub async fn waiting(&self) -> Result<Vec<(String, String)>, String> {
        let mut all = Vec::new();
        loop {
            let page = self
                .get_json(&format!(
                    "/v1/submissions?destinationId={}&offset={}&limit=500",
                    self.destination_id,
                    all.len()
                ))
                .await
                .map_err(|e| e.to_string())?;
            let items = page["submissions"].as_array().cloned().unwrap_or_default();
            for item in &items {
                all.push((
                    item["submissionId"].as_str().unwrap_or_default().to_owned(),
                    item["caseId"].as_str().unwrap_or_default().to_owned(),
                ));
            }
            let total = page["totalCount"].as_u64().unwrap_or(0) as usize;
            if items.is_empty() || all.len() >= total {
                return Ok(all);
            }
        }
    }

    /// The authentication tags that the relay's `submit-submission` event in the case's
    /// log names for `fetched`'s texts, once the event's signature checks with a key the
    /// relay publishes (`/.well-known/jwks.json`). FIT-Connect's receiving systems compare
    /// them with what they fetched (docs.fitko.de, "Einreichung überprüfen"). A log
    /// without such an event is the relay's problem, not the sender's: it decides nothing.
    pub async fn submitted_tags(&self, fetched: &Fetched) -> Result<Value, OpenError> {
        let log = self
            .get_json(&format!("/v1/cases/{}/events", fetched.case_id))
            .await?;
        let jwks = self
            .relay_keys
            .get_or_try_init(|| self.get_json("/.well-known/jwks.json"))
            .await?;
        let relay_key = |kid: &str| {
            jwks["keys"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|key| key["kid"] == kid)
                .and_then(jwe::public_key_from_jwk)
        };
        let subject = format!("submission:{}", fetched.submission_id);
        let tokens = log["eventLog"].as_array().into_iter().flatten();
        for token in tokens.filter_map(Value::as_str) {
            // The authority's own events are signed with its keys, not the relay's.
            let Some(key) = set::kid(token).ok().and_then(|kid| relay_key(&kid)) else {
                continue;
            };
            let claims = set::verify(token, &key).map_err(|e| {
                local(format!(
                    "the event log of case {} holds an event that does not verify with the relay's published key: {e}",
                    fetched.case_id
                ))
            })?;
            if claims["sub"] != subject.as_str() {
                continue;
            }
            if let Some((set::SUBMIT, payload)) = set::event(&claims) {
                let tags = &payload["authenticationTags"];
                if !tags.is_object() {
                    return Err(local(format!(
                        "the relay's submit-submission event of case {} names no authentication tags",
                        fetched.case_id
                    )));
                }
                return Ok(tags.clone());
            }
        }
        Err(local(format!(
            "the event log of case {} has no submit-submission event signed by the relay",
            fetched.case_id
        )))
    }

    /// A submission with its attachments, as sent (ciphertext).
    pub async fn fetch(&self, submission_id: &str) -> Result<Fetched, OpenError> {
        if !is_uuid(submission_id) {
            return Err(local(format!("{submission_id:?} is not a submission id")));
        }
        let body = self
            .get_json(&format!("/v1/submissions/{submission_id}"))
            .await?;
        let mut attachments = Vec::new();
        for id in body["attachments"].as_array().into_iter().flatten() {
            let id = id.as_str().unwrap_or_default();
            if !is_uuid(id) {
                return Err(OpenError::Unreadable(format!(
                    "{id:?} is not an attachment id"
                )));
            }
            let text = self
                .get(&format!("/v1/submissions/{submission_id}/attachments/{id}"))
                .await?
                .text()
                .await
                .map_err(|e| local(format!("attachment {id}: {e}")))?;
            attachments.push((id.to_owned(), text));
        }
        let text = |name: &str| body[name].as_str().unwrap_or_default().to_owned();
        Ok(Fetched {
            submission_id: submission_id.to_owned(),
            case_id: text("caseId"),
            service_identifier: body["serviceType"]["identifier"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            encrypted_metadata: text("encryptedMetadata"),
            encrypted_data: text("encryptedData"),
            attachments,
        })
    }

    /// A public key of the destination (to check that a private key is its own).
    async fn key(&self, kid: &str) -> Result<Option<Value>, OpenError> {
        let url = format!(
            "{}/v1/destinations/{}/keys/{kid}",
            self.api, self.destination_id
        );
        let response = self
            .http
            .get(&url)
            .send()
            .await
            .map_err(|e| local(format!("{url}: {e}")))?;
        match response.status() {
            reqwest::StatusCode::NOT_FOUND => Ok(None),
            status if status.is_success() => response
                .json()
                .await
                .map(Some)
                .map_err(|e| local(format!("{url}: {e}"))),
            status => Err(local(format!("{url}: {status}"))),
        }
    }

    /// The form definition (JSON) a submission schema names, from the relay's forms API.
    async fn definition(&self, schema_uri: &str) -> Result<String, OpenError> {
        let (id, version) = form_of_schema_uri(schema_uri).ok_or_else(|| {
            OpenError::Unreadable(format!(
                "metadata: the submission schema {schema_uri:?} is not a form of this system"
            ))
        })?;
        self.get(&format!("/api/forms/{id}/versions/{version}"))
            .await?
            .text()
            .await
            .map_err(|e| local(format!("form {id} version {version}: {e}")))
    }

    /// The destination the Routing API names for a service at a place.
    async fn routed_destination(
        &self,
        leika: &str,
        ars: &str,
    ) -> Result<Option<String>, OpenError> {
        let routes = self
            .get_json(&format!("/v1/routes?leikaKey={leika}&ars={ars}"))
            .await?;
        if let Some(id) = routes["routes"][0]["destinationId"].as_str() {
            return Ok(Some(id.to_owned()));
        }
        // FIT-Connect's routing has no routes for a service not offered either: one the
        // relay dropped since the submission was sent says nothing about who is
        // responsible, and is no reason to reject the citizen's application.
        let url = format!("{}/api/services/{leika}", self.api);
        let service = self
            .http
            .get(&url)
            .send()
            .await
            .map_err(|e| local(format!("{url}: {e}")))?;
        if service.status() == reqwest::StatusCode::NOT_FOUND {
            return Err(local(format!(
                "the relay no longer offers the service {leika}, so its routing cannot say who is responsible for {ars}"
            )));
        }
        Ok(None)
    }

    /// Sends a signed event into the case's log.
    pub async fn send_event(&self, case_id: &str, token: &str) -> Result<(), String> {
        let url = format!("{}/v1/cases/{case_id}/events", self.api);
        let response = self
            .http
            .post(&url)
            .bearer_auth(&self.token)
            .header(reqwest::header::CONTENT_TYPE, jwe::MEDIA_TYPE)
            .body(token.to_owned())
            .send()
            .await
            .map_err(|e| format!("{url}: {e}"))?;
        if response.status().is_success() {
            return Ok(());
        }
        let status = response.status();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        Err(format!(
            "the relay refused the event ({status}): {}",
            body["detail"].as_str().unwrap_or("no detail")
        ))
    }
}

/// A submission as fetched: ids and ciphertext.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub submission_id: String,
    pub case_id: String,
    pub service_identifier: String,
    pub encrypted_metadata: String,
    pub encrypted_data: String,
    /// `(attachmentId, JWE)`.
    pub attachments: Vec<(String, String)>,
}

impl Fetched {
    /// The authentication tags an event names this submission's texts by.
    pub fn tags(&self) -> Value {
        let attachments: serde_json::Map<String, Value> = self
            .attachments
            .iter()
            .map(|(id, text)| (id.clone(), set::auth_tag(text).into()))
            .collect();
        let mut tags = json!({
            "metadata": set::auth_tag(&self.encrypted_metadata),
            "attachments": attachments,
        });
        if !self.encrypted_data.is_empty() {
            tags["data"] = set::auth_tag(&self.encrypted_data).into();
        }
        tags
    }
}

/// The authority's private keys by kid, loaded from its folder as needed.
pub struct KeyRing<'a> {
    subscriber: &'a Subscriber,
    dir: &'a Path,
    authority: &'a str,
    loaded: HashMap<String, RsaPrivateKey>,
    /// Kids of keys the relay no longer serves (revoked) that the folder still holds.
    unserved: HashSet<String>,
    /// Those of them whose file is not the key of the kid's thumbprint: a JWE for them
    /// that does not decrypt cannot be blamed on the sender.
    unchecked: HashSet<String>,
}

impl<'a> KeyRing<'a> {
    pub fn new(subscriber: &'a Subscriber, dir: &'a Path, authority: &'a str) -> Self {
        KeyRing {
            subscriber,
            dir,
            authority,
            loaded: HashMap::new(),
            unserved: HashSet::new(),
            unchecked: HashSet::new(),
        }
    }

    /// The private key for `kid`: the sender's fault if `kid` is no key of the
    /// destination, the authority's own if it is but its folder lacks it or holds
    /// another key.
    ///
    /// A key the relay no longer serves but the folder holds was revoked after the
    /// submission was sent (the relay takes new submissions for the current key only, and
    /// completes none whose key has been revoked since it was created): the application
    /// is the citizen's all the same, so it is opened with the authority's own key and
    /// says so ([`Opened::notes`]). With no registered key left to compare the file with,
    /// it is checked by the kid where the kid is its RFC 7638 thumbprint (as `authority
    /// keygen` names keys); otherwise only decrypting tells, and a JWE that does not
    /// decrypt is the authority's to look at, not the sender's fault.
    async fn get(&mut self, kid: &str) -> Result<&RsaPrivateKey, OpenError> {
        if !self.loaded.contains_key(kid) {
            if !keys::is_valid_kid(kid) {
                return Err(OpenError::Unreadable(format!("{kid:?} is not a key id")));
            }
            let registered = self.subscriber.key(kid).await?;
            let key = custody::private_key(self.dir, self.authority, kid).map_err(|e| match e {
                PrivateKeyError::BadKid(_) => OpenError::Unreadable(e.to_string()),
                PrivateKeyError::Missing { .. } if registered.is_none() => {
                    OpenError::Unreadable(format!(
                        "encrypted for the key {kid:?}, which is not a key of {}",
                        self.authority
                    ))
                }
                PrivateKeyError::Missing { .. } | PrivateKeyError::Unreadable(_) => {
                    local(format!("{e} (is --keys-dir the authority's key folder?)"))
                }
            })?;
            let public = keys::encryption_jwk(&key.to_public_key());
            match registered {
                Some(registered) if public["n"] != registered["n"] => {
                    return Err(local(format!(
                        "the private key file for {kid} in {} does not belong to the registered key {kid}",
                        self.dir.display()
                    )));
                }
                Some(_) => {}
                None => {
                    self.unserved.insert(kid.to_owned());
                    if public["kid"] != kid {
                        self.unchecked.insert(kid.to_owned());
                    }
                }
            }
            self.loaded.insert(kid.to_owned(), key);
        }
        Ok(&self.loaded[kid])
    }

    /// What an opened submission whose parts were encrypted for `kids` says of its keys.
    fn notes_on<'k>(&self, kids: impl IntoIterator<Item = &'k str>) -> Vec<String> {
        let mut notes: Vec<String> = kids
            .into_iter()
            .filter(|kid| self.unserved.contains(*kid))
            .map(|kid| format!(
                "encrypted for the key {kid}, which the relay no longer serves (revoked since it was sent); opened with the authority's own key"
            ))
            .collect();
        notes.sort();
        notes.dedup();
        notes
    }

    /// Decrypts a JWE (`what` names it in messages), inflating a compressed one to at most
    /// `max_inflated` bytes.
    async fn decrypt(
        &mut self,
        text: &str,
        what: &str,
        max_inflated: u64,
    ) -> Result<Vec<u8>, OpenError> {
        let envelope =
            jwe::envelope(text).map_err(|e| OpenError::Unreadable(format!("{what}: {e}")))?;
        let key = self.get(&envelope.kid).await?;
        jwe::decrypt(text, key, max_inflated).map_err(|e| {
            if self.unchecked.contains(&envelope.kid) {
                local(format!(
                    "{what}: {e}, with the key file for {} in {}, which the relay no longer serves and which is not the key of that thumbprint: decide it by hand (inbox --reject with a reason) or put the right key there",
                    envelope.kid,
                    self.dir.display()
                ))
            } else {
                OpenError::Unreadable(format!("{what}: {e}"))
            }
        })
    }

    /// The citizen's reference in a submission's metadata, if it decrypts.
    pub async fn reference(&mut self, fetched: &Fetched) -> Option<String> {
        let metadata = self
            .decrypt(&fetched.encrypted_metadata, "metadata", MAX_TEXT_BYTES)
            .await
            .ok()?;
        let metadata: Value = serde_json::from_slice(&metadata).ok()?;
        metadata["additionalReferenceInfo"]["senderReference"]
            .as_str()
            .map(str::to_owned)
    }
}

/// Most bytes the metadata or the answers may inflate to (`zip` DEF). The relay takes
/// request bodies of 1 MiB, so this is room for any real application, while a bomb
/// cannot fill the authority's memory (their JSON is held several times over).
const MAX_TEXT_BYTES: u64 = 4 * 1024 * 1024;
/// Most bytes one attachment may inflate to, and all of a submission's together.
const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
const MAX_FILES_BYTES: u64 = 128 * 1024 * 1024;

/// Decrypts and checks one fetched submission.
pub async fn open(
    subscriber: &Subscriber,
    ring: &mut KeyRing<'_>,
    fetched: &Fetched,
    lang: Lang,
) -> Result<Opened, OpenError> {
    // First whether these are the texts that were submitted: one that is not may not
    // decrypt either, and the sender would be blamed for what the relay served.
    let tags = tag_problems(&subscriber.submitted_tags(fetched).await?, &fetched.tags());
    if !tags.is_empty() {
        return Err(OpenError::Unreadable(tags.join("; ")));
    }
    let metadata_bytes = ring
        .decrypt(&fetched.encrypted_metadata, "metadata", MAX_TEXT_BYTES)
        .await?;
    let kid = jwe::envelope(&fetched.encrypted_metadata)
        .map(|e| e.kid)
        .unwrap_or_default();
    let metadata: Value = serde_json::from_slice(&metadata_bytes)
        .map_err(|e| OpenError::Unreadable(format!("metadata: not JSON: {e}")))?;
    if fetched.encrypted_data.is_empty() {
        return Err(OpenError::Unreadable(
            "the submission has no data (the answers)".into(),
        ));
    }
    let data = ring
        .decrypt(&fetched.encrypted_data, "answers", MAX_TEXT_BYTES)
        .await?;
    let answers: Value = serde_json::from_slice(&data)
        .map_err(|e| OpenError::Unreadable(format!("answers: not JSON: {e}")))?;

    let mut integrity = metadata_problems(&metadata)?;
    let structure = &metadata["contentStructure"];
    if hash_of(&structure["data"]).as_deref() != Some(jwe::sha512_hex(&data).as_str()) {
        integrity.push("the SHA-512 of the answers does not match the metadata".to_owned());
    }
    let leika = leika_of_identifier(&fetched.service_identifier).unwrap_or_default();
    if metadata["publicServiceType"]["identifier"] != fetched.service_identifier.as_str() {
        integrity.push(format!(
            "the metadata names the service {}, the submission {}",
            metadata["publicServiceType"]["identifier"], fetched.service_identifier
        ));
    }

    let described = structure["attachments"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut attachments = Vec::new();
    let mut budget = MAX_FILES_BYTES;
    for (attachment_id, text) in &fetched.attachments {
        let what = format!("attachment {attachment_id}");
        let content = match ring.decrypt(text, &what, budget.min(MAX_FILE_BYTES)).await {
            Ok(content) => content,
            Err(OpenError::Unreadable(why)) => {
                integrity.push(format!("{why}: it cannot be decrypted"));
                continue;
            }
            Err(local) => return Err(local),
        };
        budget = budget.saturating_sub(content.len() as u64);
        let description = described
            .iter()
            .find(|d| d["attachmentId"] == attachment_id.as_str());
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
            id: attachment_id.clone(),
            filename: description.and_then(|d| d["filename"].as_str().map(str::to_owned)),
            media_type,
            content_type,
            size: content.len(),
            content,
        });
    }
    for d in &described {
        if !fetched
            .attachments
            .iter()
            .any(|(id, _)| d["attachmentId"] == id.as_str())
        {
            integrity.push(format!(
                "the metadata names attachment {} that was not uploaded",
                d["attachmentId"]
            ));
        }
    }

    let schema_uri = structure["data"]["submissionSchema"]["schemaUri"]
        .as_str()
        .unwrap_or_default();
    let definition_json = subscriber.definition(schema_uri).await?;
    let (form_id, form_version) = form_of_schema_uri(schema_uri).unwrap_or_default();
    let definition = FormDefinition::from_json(&definition_json).map_err(local)?;
    let mut files = FileCheck {
        attachments: &attachments,
        referenced: Vec::new(),
        problems: Vec::new(),
    };
    for field in definition.top_fields() {
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

    // Routed by the answer that decides the authority (issue #18): the Routing API must
    // name this destination for the municipality that answer gives.
    if let Some((field, deciding)) = forms::deciding_answer(&definition, &answers) {
        let routed = subscriber.routed_destination(leika, &deciding).await?;
        if routed.as_deref() != Some(subscriber.destination_id.as_str()) {
            integrity.push(format!(
                "the answer `{field}`, which decides the authority, names the municipality {deciding}, for which this authority is not responsible"
            ));
        }
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

    // Every part's key: the answers and the files may name another than the metadata.
    let envelope_kid = |text: &str| jwe::envelope(text).map(|e| e.kid).ok();
    let part_kids: Vec<String> = std::iter::once(fetched.encrypted_data.as_str())
        .chain(fetched.attachments.iter().map(|(_, text)| text.as_str()))
        .filter_map(envelope_kid)
        .collect();
    let notes =
        ring.notes_on(std::iter::once(kid.as_str()).chain(part_kids.iter().map(String::as_str)));
    Ok(Opened {
        reference: metadata["additionalReferenceInfo"]["senderReference"]
            .as_str()
            .map(str::to_owned),
        submission_id: fetched.submission_id.clone(),
        case_id: fetched.case_id.clone(),
        service: leika.to_owned(),
        form: crate::routes::FormRef {
            id: form_id.to_owned(),
            version: form_version,
        },
        kid,
        answers,
        metadata,
        attachments,
        integrity,
        validation,
        notes,
        tags: fetched.tags(),
    })
}

/// Where the texts fetched (`fetched`, their authentication tags) are not those the relay
/// recorded as submitted (`submitted`, from its `submit-submission` event): each part
/// named once.
fn tag_problems(submitted: &Value, fetched: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    for part in ["metadata", "data"] {
        if submitted[part] != fetched[part] {
            problems.push(format!(
                "the {part} fetched is not what was submitted (its authentication tag is not the one of the relay's submit-submission event)"
            ));
        }
    }
    let ids = |tags: &Value| -> std::collections::BTreeSet<String> {
        tags["attachments"]
            .as_object()
            .map(|a| a.keys().cloned().collect())
            .unwrap_or_default()
    };
    for id in ids(submitted).union(&ids(fetched)) {
        if submitted["attachments"][id] != fetched["attachments"][id] {
            problems.push(format!(
                "attachment {id} fetched is not what was submitted (its authentication tag is not the one of the relay's submit-submission event)"
            ));
        }
    }
    problems
}

/// FIT-Connect's `hash` of a content structure item: the hex SHA-512, lower case as the
/// metadata schema requires (another case is a schema problem, not the same hash).
fn hash_of(item: &Value) -> Option<String> {
    (item["hash"]["type"] == "sha512")
        .then(|| item["hash"]["content"].as_str().map(str::to_owned))
        .flatten()
}

/// FIT-Connect's metadata schema 1.0.0, the version the relay's destinations offer. The
/// one copy is beside the independent FIT-Connect clients, with where it comes from.
const METADATA_SCHEMA: &str = include_str!("../../../interop/fit_connect/metadata.schema.json");

/// Most schema problems of one metadata document named in a rejection.
const MAX_METADATA_PROBLEMS: usize = 5;
/// Longest text of one such problem: the schema's messages quote the value, which the
/// sender chose, and the reasons must fit the reject event (`set::MAX_LEN`).
const MAX_PROBLEM_CHARS: usize = 300;

/// Where the metadata does not follow the schema 1.0.0 (draft 2020-12, formats checked),
/// as a receiving system must check (docs.fitko.de, "Einreichung überprüfen").
fn metadata_problems(metadata: &Value) -> Result<Vec<String>, OpenError> {
    static VALIDATOR: std::sync::OnceLock<Option<jsonschema::Validator>> =
        std::sync::OnceLock::new();
    let validator = VALIDATOR.get_or_init(|| {
        let schema: Value = serde_json::from_str(METADATA_SCHEMA).ok()?;
        jsonschema::draft202012::options()
            .should_validate_formats(true)
            .build(&schema)
            .ok()
    });
    let Some(validator) = validator else {
        // This program's fault, not the sender's (a unit test compiles the schema).
        return Err(local(
            "the metadata schema 1.0.0 built into this program does not compile",
        ));
    };
    Ok(validator
        .iter_errors(metadata)
        .take(MAX_METADATA_PROBLEMS)
        .map(|error| {
            let path = error.instance_path.to_string();
            let at = if path.is_empty() {
                String::new()
            } else {
                format!(" at {path}")
            };
            shorten::to_chars(
                &format!("the metadata does not follow FIT-Connect's schema 1.0.0{at}: {error}"),
                MAX_PROBLEM_CHARS,
            )
        })
        .collect())
}

/// Most reasons a rejection names, and the longest each may be: 20 × 1,000 characters of
/// up to 3 bytes stay well below the 64 KiB a decision event may have.
const MAX_REASONS: usize = 20;
const MAX_REASON_CHARS: usize = 1000;

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

/// Problem type of a reason the authority gives with a rejection.
const REJECTION_PROBLEM: &str = "urn:de:buergerportal:problem:application-rejected";

/// Sends the decision on a fetched submission as an event signed with the authority's
/// signature key (`signing`: its kid and private key): accept names what was accepted
/// by its authentication tags; reject gives each reason as a problem.
pub async fn decide(
    subscriber: &Subscriber,
    signing: &(String, RsaPrivateKey),
    fetched: &Fetched,
    decision: Decision,
    reasons: &[String],
) -> Result<(), String> {
    let (event, payload) = match decision {
        Decision::Accepted => (set::ACCEPT, json!({"authenticationTags": fetched.tags()})),
        Decision::Rejected => {
            // Bounded, so that the event fits what the relay takes (`set::MAX_LEN`) however
            // many and long the reasons a sender's texts gave rise to.
            let problems: Vec<Value> = if reasons.is_empty() {
                vec![json!({"type": REJECTION_PROBLEM, "title": "Antrag abgelehnt"})]
            } else {
                reasons
                    .iter()
                    .take(MAX_REASONS)
                    .map(|reason| shorten::to_chars(reason, MAX_REASON_CHARS))
                    .map(|reason| {
                        json!({
                            "type": REJECTION_PROBLEM,
                            "title": "Antrag abgelehnt",
                            "detail": reason,
                            "instance": "submission",
                        })
                    })
                    .collect()
            };
            (set::REJECT, json!({"problems": problems}))
        }
    };
    let claims = set::claims(
        &subscriber.destination_id,
        &fetched.submission_id,
        &fetched.case_id,
        event,
        payload,
    );
    let token = set::sign(&signing.1, &signing.0, &claims);
    subscriber.send_event(&fetched.case_id, &token).await
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The schema built in compiles, and the metadata the portal and this crate write
    /// follows it.
    #[test]
    fn the_metadata_schema_compiles_and_takes_what_the_portal_writes() {
        let metadata = jwe::metadata(
            "99050012104000",
            "urn:de:buergerportal:form:gewerbeanmeldung:1",
            b"{}",
            &[(
                "5d0c8f63-1f0e-4b8e-9a53-0d0e6c1f7a01",
                "plan.pdf",
                "application/pdf",
                b"%PDF",
            )],
        );
        assert_eq!(
            metadata_problems(&metadata).expect("compiles"),
            Vec::<String>::new()
        );
        // A problem is named at its place, and a long value is not quoted whole.
        let mut long = metadata.clone();
        long["contentStructure"]["data"]["hash"]["content"] = json!("X".repeat(5000));
        let problems = metadata_problems(&long).expect("compiles");
        assert!(!problems.is_empty());
        assert!(
            problems
                .iter()
                .all(|p| p.chars().count() <= MAX_PROBLEM_CHARS + 1)
        );
        assert!(
            problems[0].contains("/contentStructure/data/hash/content"),
            "{problems:?}"
        );
    }

    #[test]
    fn tags_other_than_those_submitted_are_named_by_part() {
        let submitted = json!({"metadata": "m", "data": "d", "attachments": {"a": "1", "b": "2"}});
        assert!(tag_problems(&submitted, &submitted).is_empty());
        let fetched = json!({"metadata": "m", "data": "x", "attachments": {"a": "1", "c": "3"}});
        let problems = tag_problems(&submitted, &fetched);
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].starts_with("the data fetched"));
        assert!(problems[1].starts_with("attachment b fetched"));
        assert!(problems[2].starts_with("attachment c fetched"));
    }
}
