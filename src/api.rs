// SPDX-License-Identifier: EUPL-1.2
//! Talking to the central API: the data it returns and one typed function per call.
//! No view code here; pages turn these results into views.

use form_engine::{FormDefinition, Lang};
use gloo_net::http::{Request, Response};
use serde::{Deserialize, Serialize};

/// The municipality whose portal this is, until the embed configuration chooses another
/// (Kreis Dithmarschen, the demo data's county).
pub const DEFAULT_ARS: &str = "010510000000";

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// The request never got an answer: offline, DNS, connection reset.
    #[error("network")]
    Network,
    /// The server answered with an RFC 9457 problem.
    #[error("{status}: {title}")]
    Problem {
        status: u16,
        title: String,
        errors: Vec<ProblemFieldError>,
    },
    /// The server answered something this portal does not understand.
    #[error("unexpected answer")]
    Unexpected,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ProblemFieldError {
    pub path: String,
    pub code: String,
    #[serde(default)]
    pub detail: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Problem {
    #[serde(default)]
    title: String,
    #[serde(default)]
    errors: Vec<ProblemFieldError>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormRef {
    pub id: String,
    pub version: u32,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Municipality {
    pub ars: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ServiceSummary {
    pub leika: String,
    pub name: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub form: Option<FormRef>,
    #[serde(default)]
    pub external_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Catalogue {
    pub municipality: Municipality,
    pub services: Vec<ServiceSummary>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ServiceDetail {
    pub leika: String,
    pub name: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub fees: String,
    #[serde(default)]
    pub processing_time: String,
    #[serde(default)]
    pub documents: Vec<String>,
    #[serde(default)]
    pub legal_basis: String,
    #[serde(default)]
    pub form: Option<FormRef>,
    #[serde(default)]
    pub external_url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NewSubmission<'a> {
    pub service: &'a str,
    pub form: FormRef,
    pub answers: &'a form_engine::Answers,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct AuthorityName {
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SubmissionReceipt {
    pub reference: String,
    #[serde(default)]
    pub authority: Option<AuthorityName>,
}

fn lang_param(lang: Lang) -> &'static str {
    match lang {
        Lang::De => "de",
        Lang::En => "en",
    }
}

/// Percent-encodes a value for a query string or path segment.
fn encode(value: &str) -> String {
    String::from(js_sys::encode_uri_component(value))
}

async fn read_json<T: for<'de> Deserialize<'de>>(response: Response) -> Result<T, ApiError> {
    if response.ok() {
        return response.json::<T>().await.map_err(|_| ApiError::Unexpected);
    }
    Err(read_problem(response).await)
}

/// The error of a response that is not OK (not generic, so it is compiled only once).
async fn read_problem(response: Response) -> ApiError {
    let status = response.status();
    match response.json::<Problem>().await {
        Ok(problem) => ApiError::Problem {
            status,
            title: problem.title,
            errors: problem.errors,
        },
        Err(_) => ApiError::Problem {
            status,
            title: String::new(),
            errors: Vec::new(),
        },
    }
}

async fn get_json<T: for<'de> Deserialize<'de>>(url: &str) -> Result<T, ApiError> {
    let response = Request::get(url)
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    read_json(response).await
}

pub async fn fetch_catalogue(ars: &str, query: &str, lang: Lang) -> Result<Catalogue, ApiError> {
    get_json(&format!(
        "/api/municipalities/{}/catalogue?lang={}&q={}",
        encode(ars),
        lang_param(lang),
        encode(query)
    ))
    .await
}

pub async fn fetch_service(leika: &str, lang: Lang) -> Result<ServiceDetail, ApiError> {
    get_json(&format!(
        "/api/services/{}?lang={}",
        encode(leika),
        lang_param(lang)
    ))
    .await
}

/// Definitions are immutable per version; the browser caches them for good (ETag).
pub async fn fetch_definition(form: &FormRef) -> Result<FormDefinition, ApiError> {
    let response = Request::get(&format!(
        "/api/forms/{}/versions/{}",
        encode(&form.id),
        form.version
    ))
    .send()
    .await
    .map_err(|_| ApiError::Network)?;
    if !response.ok() {
        // Not `read_json::<FormDefinition>`: that would compile serde's derived decoder of
        // the whole definition into the WASM although only the error is read here.
        return Err(read_problem(response).await);
    }
    let text = response.text().await.map_err(|_| ApiError::Network)?;
    // The engine checks the definition as strictly here as the server does.
    FormDefinition::from_json(&text).map_err(|_| ApiError::Unexpected)
}

/// Submits once per idempotency key: a retry with the same key never creates a second
/// submission, it returns the first one's receipt.
pub async fn submit(
    submission: &NewSubmission<'_>,
    idempotency_key: &str,
) -> Result<SubmissionReceipt, ApiError> {
    let response = Request::post("/api/submissions")
        .header("Idempotency-Key", idempotency_key)
        .json(submission)
        .map_err(|_| ApiError::Unexpected)?
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    read_json(response).await
}
