// SPDX-License-Identifier: EUPL-1.2
//! Talking to the central API: one typed function per call. The bodies it sends and
//! returns are the API's own types (crate `api-types`, shared with the server); what
//! the portal makes of them (a route it trusts, a theme it may apply) is built here.
//! No view code here; pages turn these results into views.

pub use api_types::{
    Catalogue, FieldProblem, FormRef, Place, ServiceDetail, ServiceSummary, SubmissionReceipt,
    SubmissionStatus, Topic,
};
use form_engine::{FormDefinition, Lang};
use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;
use serde_json::Value;

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
        errors: Vec<FieldProblem>,
    },
    /// The server answered something this portal does not understand.
    #[error("unexpected answer")]
    Unexpected,
    /// Routing named a key the Land did not sign (or signed for another authority,
    /// service or time): nothing is encrypted for it (see [`fetch_route`]).
    #[error("key not signed by the Land")]
    UntrustedKey,
}

/// Which services the start page lists.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CatalogueQuery {
    pub text: String,
    pub category: Option<String>,
    pub life_situation: Option<String>,
}

/// The competent authority for a service at a place, as the routing API names it.
#[derive(Debug, Clone, PartialEq)]
pub struct Destination {
    pub id: String,
    pub name: String,
}

/// A file of the answers, to encrypt, announce and upload after creating the submission.
#[derive(Debug, Clone)]
pub struct Attachment {
    pub id: String,
    pub name: String,
    pub media_type: String,
    pub size: u64,
}

// --- End-to-end encryption (issue #8) -------------------------------------------------
// The portal asks routing for the competent authority and its current key, encrypts the
// answers, the metadata and every file in the browser (src/crypto.rs) and sends only
// the envelope and ciphertext.

/// The competent authority for a service at a place, with its current key.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    /// `destinationId`: the authority's id.
    pub authority: String,
    /// `encryptionKid`: the key to encrypt with.
    pub kid: String,
    /// Modulus and exponent of that key's JWK (base64url).
    pub n: String,
    pub e: String,
    /// What the Land signed, rebuilt from the answer: the canonical JSON (members sorted,
    /// no whitespace) of `destinationId` and the parameters' `encryptionKid`,
    /// `publicKeys`, `services` and `validUntil` (see the central API's
    /// `destination.rs`); `None` if a member is missing or holds what the portal does not
    /// write back exactly.
    signed: Option<String>,
    /// `destinationParametersSignature`: a detached JWS (`header..signature`).
    signature: Option<String>,
    /// The services and the end of the key's validity (Unix seconds), as signed.
    services: Vec<String>,
    valid_until: i64,
}

impl Route {
    /// The first route of a routing answer (`None`: no authority is competent), or
    /// `None` for an answer without the key it names.
    fn first_of(answer: api_types::Routes) -> Option<Option<Self>> {
        let Some(route) = answer.routes.into_iter().next() else {
            return Some(None);
        };
        let parameters = route.destination_parameters;
        let kid = parameters.encryption_kid;
        let jwk = parameters
            .public_keys
            .keys
            .iter()
            .find(|key| key.get("kid").and_then(Value::as_str) == Some(kid.as_str()))?;
        let member = |name: &str| jwk.get(name)?.as_str().map(str::to_owned);
        let (n, e) = (member("n")?, member("e")?);
        // What the Land signed, in its canonical form (members sorted by `canonical`).
        // Built as a `Value` by hand: no serializer for the API's types in the WASM.
        let mut public_keys = serde_json::Map::new();
        public_keys.insert("keys".into(), Value::from(parameters.public_keys.keys));
        let signed: serde_json::Map<String, Value> = [
            ("destinationId", Value::from(route.destination_id.as_str())),
            ("encryptionKid", Value::from(kid.as_str())),
            ("publicKeys", Value::Object(public_keys)),
            ("services", Value::from(parameters.services.clone())),
            ("validUntil", Value::from(parameters.valid_until)),
        ]
        .into_iter()
        .map(|(name, value)| (name.to_owned(), value))
        .collect();
        let signed = Value::Object(signed);
        let mut text = String::new();
        let signed = canonical(&signed, &mut text).then_some(text);
        Some(Some(Route {
            n,
            e,
            kid,
            authority: route.destination_id,
            signed,
            signature: route.destination_parameters_signature,
            services: parameters.services,
            valid_until: parameters.valid_until,
        }))
    }

    /// Whether the Land signed this route's key for this authority and `leika`, and it is
    /// valid now: the detached JWS (PS512, the Land's kid) verifies with the Land's public
    /// key built into the portal ([`crate::config::LAND_KEY`]) over what the answer says.
    /// A key put into the answer by whoever runs or breaks into the relay has no such
    /// signature.
    async fn signed_by_the_land(&self, leika: &str) -> bool {
        let (Some(land), Some(signed), Some(jws)) =
            (crate::config::LAND_KEY, &self.signed, &self.signature)
        else {
            return false;
        };
        // The protected header exactly as the Land writes it: PS512 and its kid.
        let mut header = String::from(r#"{"alg":"PS512","kid":""#);
        header.push_str(land.kid);
        header.push_str("\"}");
        let header = crate::crypto::base64url(header.as_bytes());
        let Some(signature) = jws
            .strip_prefix(&header)
            .and_then(|rest| rest.strip_prefix(".."))
            .and_then(crate::crypto::from_base64url)
        else {
            return false;
        };
        if !self.services.iter().any(|s| s == leika)
            || self.valid_until as f64 * 1000.0 <= js_sys::Date::now()
        {
            return false;
        }
        let mut input = header;
        input.push('.');
        input.push_str(&crate::crypto::base64url(signed.as_bytes()));
        crate::crypto::verify_ps512(land.n, land.e, input.as_bytes(), &signature)
            .await
            .unwrap_or(false)
    }
}

/// Writes `value` as canonical JSON (object members sorted by name, no whitespace), as
/// the Land signed it; `false` for what the portal would not write back exactly (a
/// string that needs escaping, a number that is not an integer).
fn canonical(value: &Value, out: &mut String) -> bool {
    match value {
        Value::Object(map) => {
            let mut members: Vec<(&String, &Value)> = map.iter().collect();
            members.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (name, value)) in members.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if !plain(name) {
                    return false;
                }
                out.push('"');
                out.push_str(name);
                out.push_str("\":");
                if !canonical(value, out) {
                    return false;
                }
            }
            out.push('}');
            true
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if !canonical(item, out) {
                    return false;
                }
            }
            out.push(']');
            true
        }
        Value::String(text) if plain(text) => {
            out.push('"');
            out.push_str(text);
            out.push('"');
            true
        }
        // Integers only, written as integers (no float formatting in the WASM).
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => {
                out.push_str(&i.to_string());
                true
            }
            (None, Some(u)) => {
                out.push_str(&u.to_string());
                true
            }
            _ => false,
        },
        Value::Bool(b) => {
            out.push_str(if *b { "true" } else { "false" });
            true
        }
        Value::Null => {
            out.push_str("null");
            true
        }
        _ => false,
    }
}

/// The authority responsible for `leika` at `ars` (none: the Land-wide one), with its
/// current key, or `None` if no authority is. [`ApiError::UntrustedKey`] if the Land did
/// not sign that key for it: then nothing may be encrypted.
pub async fn fetch_route(leika: &str, ars: Option<&str>) -> Result<Option<Route>, ApiError> {
    let mut url = format!("/api/routing?leika={}", encode(leika));
    if let Some(ars) = ars {
        url.push_str("&ars=");
        url.push_str(&encode(ars));
    }
    let answer = typed(get_json(&url).await)?;
    let route = Route::first_of(answer).ok_or(ApiError::Unexpected)?;
    match route {
        Some(route) if !route.signed_by_the_land(leika).await => Err(ApiError::UntrustedKey),
        route => Ok(route),
    }
}

/// Whether `text` can stand inside a JSON string as it is (ids, keys, LeiKa and ARS
/// values, media types); anything else is refused rather than escaped.
fn plain(text: &str) -> bool {
    !text.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20)
}

/// `text` as a JSON string literal (for the citizen's file names; without serde's
/// formatter, which the WASM would otherwise carry once more).
fn json_string(text: &str) -> String {
    let mut out = String::from('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            // Control characters have no place in a file name: a space instead.
            c if (c as u32) < 0x20 => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A submission encrypted for its authority: the request body and each file's JWE by
/// attachment id. Encryption is randomised, so a retry must send these same texts.
#[derive(Debug, Clone, PartialEq)]
pub struct Sealed {
    pub body: String,
    pub files: Vec<(String, String)>,
}

/// Encrypts a submission for `route`: the answers (their JSON), FIT-Connect-style
/// metadata (SHA-512 of the answers and of every file, file names and types) and every
/// file (`files`: attachment and content) as JWE. Service, form, place, destination and
/// the files' ids and encrypted sizes stay readable for routing and checking.
pub async fn seal_submission(
    route: &Route,
    leika: &str,
    form: &FormRef,
    ars: Option<&str>,
    answers: &str,
    files: &[(Attachment, Vec<u8>)],
) -> Result<Sealed, crate::crypto::CryptoError> {
    use crate::crypto;
    let fields = [
        leika,
        &form.id,
        ars.unwrap_or_default(),
        &route.authority,
        &route.kid,
    ];
    let safe_files = files
        .iter()
        .all(|(a, _)| plain(&a.id) && plain(&a.media_type));
    if !safe_files || !fields.iter().all(|f| plain(f)) {
        return Err(crypto::CryptoError);
    }
    let key = crypto::import_key(&route.n, &route.e, &route.kid).await?;
    let json = Some("application/json");
    let mut described = String::new();
    let mut announced = String::new();
    let mut sealed_files = Vec::new();
    for (attachment, content) in files {
        let hash = crypto::sha512_hex(content).await?;
        let jwe = crypto::encrypt(&key, content, None).await?;
        let (id, media_type) = (&attachment.id, &attachment.media_type);
        // The file name is the citizen's text: escaped as a JSON string.
        let name = json_string(&attachment.name);
        let comma = if described.is_empty() { "" } else { "," };
        described.push_str(&format!(
            r#"{comma}{{"attachmentId":"{id}","filename":{name},"mimeType":"{media_type}","purpose":"attachment","hash":{{"type":"sha512","content":"{hash}"}}}}"#
        ));
        announced.push_str(&format!(r#"{comma}{{"id":"{id}","size":{}}}"#, jwe.len()));
        sealed_files.push((id.clone(), jwe));
    }
    let (form_id, version) = (&form.id, form.version);
    let hash = crypto::sha512_hex(answers.as_bytes()).await?;
    let metadata = format!(
        r#"{{"$schema":"https://schema.fitko.de/fit-connect/metadata/1.0.0/metadata.schema.json","contentStructure":{{"data":{{"submissionSchema":{{"schemaUri":"/api/forms/{form_id}/versions/{version}","mimeType":"application/json"}},"hash":{{"type":"sha512","content":"{hash}"}}}},"attachments":[{described}]}},"publicServiceType":{{"identifier":"urn:de:fim:leika:leistung:{leika}"}}}}"#
    );
    let data = crypto::encrypt(&key, answers.as_bytes(), json).await?;
    let metadata = crypto::encrypt(&key, metadata.as_bytes(), json).await?;
    let (authority, kid) = (&route.authority, &route.kid);
    let ars = ars
        .map(|ars| format!(r#""ars":"{ars}","#))
        .unwrap_or_default();
    Ok(Sealed {
        body: format!(
            r#"{{"service":"{leika}","form":{{"id":"{form_id}","version":{version}}},{ars}"destination":{{"authority":"{authority}","kid":"{kid}"}},"encrypted_data":"{data}","encrypted_metadata":"{metadata}","attachments":[{announced}]}}"#
        ),
        files: sealed_files,
    })
}

pub async fn fetch_status(reference: &str, token: &str) -> Result<SubmissionStatus, ApiError> {
    let response = Request::get(&api_url(&format!("/api/submissions/{}", encode(reference))))
        .header("Authorization", &format!("Bearer {token}"))
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    typed(read_value(response).await)
}
// --- end of end-to-end encryption ------------------------------------------------------

/// The URL of an API path (`/api/…`): on the page's own origin unless the portal is
/// configured for an API elsewhere (`config::Config::api`).
fn api_url(path: &str) -> String {
    format!("{}{path}", crate::config::get().api)
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

/// The body of a response as JSON, or `None`.
async fn body(response: &Response) -> Option<Value> {
    let text = response.text().await.ok()?;
    serde_json::from_str(&text).ok()
}

/// The JSON of an OK response, or the error (not generic, so it is compiled only once).
async fn read_value(response: Response) -> Result<Value, ApiError> {
    if response.ok() {
        return body(&response).await.ok_or(ApiError::Unexpected);
    }
    Err(read_problem(response).await)
}

/// The answer as the API's type `T`; JSON that does not fit it is `Unexpected`.
fn typed<T: DeserializeOwned>(value: Result<Value, ApiError>) -> Result<T, ApiError> {
    from_value(value?).ok_or(ApiError::Unexpected)
}

/// `value` as `T` (the derived decoders of `api-types`), or `None`. Read from a borrowed
/// `Value`: measured smaller in the WASM than serde_json's owned `from_value`.
fn from_value<T: DeserializeOwned>(value: Value) -> Option<T> {
    T::deserialize(&value).ok()
}

/// The error of a response that is not OK (not generic, so it is compiled only once).
async fn read_problem(response: Response) -> ApiError {
    let status = response.status();
    let problem = body(&response)
        .await
        .and_then(from_value::<api_types::Problem>);
    let (title, errors) = problem
        .map(|p| (p.title, p.errors.unwrap_or_default()))
        .unwrap_or_default();
    ApiError::Problem {
        status,
        title,
        errors,
    }
}

async fn get_json(url: &str) -> Result<Value, ApiError> {
    let response = Request::get(&api_url(url))
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    read_value(response).await
}

pub async fn fetch_catalogue(
    ars: &str,
    query: &CatalogueQuery,
    lang: Lang,
) -> Result<Catalogue, ApiError> {
    let mut url = format!(
        "/api/municipalities/{}/catalogue?lang={}&q={}",
        encode(ars),
        lang_param(lang),
        encode(&query.text)
    );
    for (key, value) in [
        ("category", &query.category),
        ("life_situation", &query.life_situation),
    ] {
        if let Some(value) = value {
            url.push_str(&format!("&{key}={}", encode(value)));
        }
    }
    let mut catalogue: Catalogue = typed(get_json(&url).await)?;
    for service in &mut catalogue.services {
        service.external_url = web_link(service.external_url.take());
    }
    // An embed may offer only some of the municipality's services, and then only the
    // topics that lead to one of them.
    let only = &crate::config::get().services;
    if !only.is_empty() {
        catalogue.services.retain(|s| only.contains(&s.leika));
        let services = &catalogue.services;
        catalogue
            .categories
            .retain(|t| services.iter().any(|s| s.categories.contains(&t.id)));
        catalogue
            .life_situations
            .retain(|t| services.iter().any(|s| s.life_situations.contains(&t.id)));
    }
    Ok(catalogue)
}

/// A municipality's look (issue #6), as the API describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct MunicipalTheme {
    pub display_name: String,
    /// Absolute URL of the logo, if the municipality has one.
    pub logo_url: Option<String>,
    /// Colours as `#rrggbb` (anything else is dropped: they go into CSS).
    pub primary: Option<String>,
    pub secondary: Option<String>,
    /// Whether the API found every colour to meet WCAG 2.1 AA contrast.
    pub contrast_passes: bool,
}

/// The theme of the municipality `ars`, or `None` if it has none.
pub async fn fetch_theme(ars: &str) -> Result<Option<MunicipalTheme>, ApiError> {
    let url = format!("/api/municipalities/{}", encode(ars));
    let municipality: api_types::Municipality = typed(get_json(&url).await)?;
    let theme = &municipality.theme;
    if !theme.is_object() {
        return Ok(None);
    }
    let colour = |role: &str| {
        theme
            .pointer(&format!("/colors/{role}"))
            .and_then(Value::as_str)
            .filter(|c| is_hex_colour(c))
            .map(str::to_owned)
    };
    let member = |name: &str| theme.get(name).and_then(Value::as_str);
    Ok(Some(MunicipalTheme {
        display_name: member("display_name").unwrap_or_default().to_owned(),
        logo_url: member("logo_url")
            .filter(|u| u.starts_with('/') && !u.starts_with("//"))
            .map(api_url),
        primary: colour("primary"),
        secondary: colour("secondary"),
        contrast_passes: theme
            .pointer("/contrast/passes")
            .and_then(Value::as_bool)
            .unwrap_or(false),
    }))
}

/// A link to another site only if it is one (`https://…`): a catalogue text is untrusted,
/// and a `javascript:` URL in an `href` would run in the portal.
fn web_link(url: Option<String>) -> Option<String> {
    url.filter(|u| u.starts_with("https://") || u.starts_with("http://"))
}

/// `#rgb` or `#rrggbb`.
fn is_hex_colour(c: &str) -> bool {
    c.strip_prefix('#').is_some_and(|hex| {
        (hex.len() == 3 || hex.len() == 6) && hex.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// Places by postcode or name, for the place question of a service.
pub async fn fetch_places(query: &str) -> Result<Vec<Place>, ApiError> {
    let url = format!("/api/places?q={}", encode(query));
    typed(get_json(&url).await)
}

/// The authority responsible for a service at a place (FIT-Connect's routing).
pub async fn fetch_destination(
    leika: &str,
    ars: &str,
    lang: Lang,
) -> Result<Option<Destination>, ApiError> {
    let url = format!(
        "/api/routing?leika={}&ars={}&lang={}",
        encode(leika),
        encode(ars),
        lang_param(lang)
    );
    let answer: api_types::Routes = typed(get_json(&url).await)?;
    Ok(answer.routes.into_iter().next().map(|route| Destination {
        id: route.destination_id,
        name: route.destination_name,
    }))
}

pub async fn fetch_service(leika: &str, lang: Lang) -> Result<ServiceDetail, ApiError> {
    let url = format!("/api/services/{}?lang={}", encode(leika), lang_param(lang));
    let mut service: ServiceDetail = typed(get_json(&url).await)?;
    service.external_url = web_link(service.external_url.take());
    Ok(service)
}

/// Definitions are immutable per version; the browser caches them for good (ETag).
pub async fn fetch_definition(form: &FormRef) -> Result<FormDefinition, ApiError> {
    let response = Request::get(&api_url(&format!(
        "/api/forms/{}/versions/{}",
        encode(&form.id),
        form.version
    )))
    .send()
    .await
    .map_err(|_| ApiError::Network)?;
    if !response.ok() {
        // Only the error is read here: the definition itself is parsed by the engine.
        return Err(read_problem(response).await);
    }
    let text = response.text().await.map_err(|_| ApiError::Network)?;
    // Checked by the API with the same engine before it was published (see
    // `from_checked_json`); decoded here as strictly as there.
    FormDefinition::from_checked_json(&text).map_err(|_| ApiError::Unexpected)
}

/// Submits once per idempotency key: a retry with the same key (and the same sealed
/// body, see [`seal_submission`]) never creates a second submission, it returns the
/// first one's receipt.
pub async fn submit(
    sealed: &str,
    idempotency_key: &str,
    lang: Lang,
) -> Result<SubmissionReceipt, ApiError> {
    // The receipt names the authority in the citizen's language, not the browser's.
    let response = Request::post(&api_url(&format!(
        "/api/submissions?lang={}",
        lang_param(lang)
    )))
    .header("Idempotency-Key", idempotency_key)
    .header("Content-Type", "application/json")
    .body(sealed)
    .map_err(|_| ApiError::Unexpected)?
    .send()
    .await
    .map_err(|_| ApiError::Network)?;
    typed(read_value(response).await)
}

/// Marks a submission whose attachments are all uploaded as complete.
pub async fn finalize(reference: &str, token: &str) -> Result<(), ApiError> {
    let response = Request::post(&api_url(&format!(
        "/api/submissions/{}/finalize",
        encode(reference)
    )))
    .header("Authorization", &format!("Bearer {token}"))
    .send()
    .await
    .map_err(|_| ApiError::Network)?;
    read_value(response).await.map(|_| ())
}

/// Uploads one announced attachment, encrypted (its JWE, issue #8), with
/// XMLHttpRequest, the one browser API that reports upload progress; `progress` gets the
/// percentage as it goes.
pub async fn upload(
    reference: &str,
    token: &str,
    id: &str,
    jwe: &str,
    progress: impl Fn(u32) + 'static,
) -> Result<(), ApiError> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let xhr = web_sys::XmlHttpRequest::new().map_err(|_| ApiError::Unexpected)?;
    let url = format!(
        "/api/submissions/{}/attachments/{}",
        encode(reference),
        encode(id)
    );
    xhr.open("PUT", &api_url(&url))
        .map_err(|_| ApiError::Unexpected)?;
    let _ = xhr.set_request_header("Authorization", &format!("Bearer {token}"));
    let _ = xhr.set_request_header("Content-Type", "application/jose");
    let on_progress =
        Closure::<dyn Fn(web_sys::ProgressEvent)>::new(move |ev: web_sys::ProgressEvent| {
            if ev.length_computable() && ev.total() > 0.0 {
                progress((ev.loaded() * 100.0 / ev.total()) as u32);
            }
        });
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    }
    // The request settles through `loadend` (success, HTTP error or network failure).
    let done = js_sys::Promise::new(&mut |resolve, _| {
        xhr.set_onloadend(Some(&resolve));
    });
    xhr.send_with_opt_str(Some(jwe))
        .map_err(|_| ApiError::Network)?;
    let _ = wasm_bindgen_futures::JsFuture::from(done).await;
    drop(on_progress);
    match xhr.status().unwrap_or(0) {
        0 => Err(ApiError::Network),
        200..=299 => Ok(()),
        // An attachment already stored by an earlier attempt counts as uploaded.
        409 => Ok(()),
        status => Err(ApiError::Problem {
            status,
            title: String::new(),
            errors: Vec::new(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::{Route, json_string};

    /// The route of a routing answer, as `fetch_route` decodes it.
    fn decode(answer: &serde_json::Value) -> Option<Option<Route>> {
        Route::first_of(serde_json::from_value(answer.clone()).ok()?)
    }

    #[test]
    fn the_signed_members_of_a_route_are_rebuilt_as_the_land_signed_them() {
        // Members in another order and with whitespace, as any JSON may come.
        let answer: serde_json::Value = serde_json::from_str(
            r#"{"routes": [{"destinationParametersSignature": "h..s", "destinationId": "amt-x",
                "destinationName": "Amt X", "level": "kreis",
                "authority": {"id": "amt-x", "name": "Amt X", "email": "a@x.de", "phone": "1",
                  "website": null, "address": {"street": "S 1", "postcode": "25746", "city": "H"}},
                "destinationParameters": {"validUntil": 1800000000, "services": ["99050012104000"],
                  "status": "active", "encryptionKid": "kid-00001",
                  "publicKeys": {"keys": [{"n": "xyz", "kty": "RSA", "kid": "kid-00001",
                    "key_ops": ["wrapKey"], "e": "AQAB", "use": "enc", "alg": "RSA-OAEP-256"}]}}}]}"#,
        )
        .unwrap();
        let route = decode(&answer).unwrap().unwrap();
        // What central-api's destination.rs signs (its canonical_json test has the shape).
        assert_eq!(
            route.signed.as_deref(),
            Some(
                r#"{"destinationId":"amt-x","encryptionKid":"kid-00001","publicKeys":{"keys":[{"alg":"RSA-OAEP-256","e":"AQAB","key_ops":["wrapKey"],"kid":"kid-00001","kty":"RSA","n":"xyz","use":"enc"}]},"services":["99050012104000"],"validUntil":1800000000}"#
            )
        );
        // What the portal could not write back exactly is not signed, so not trusted.
        let mut escaped = answer.clone();
        escaped["routes"][0]["destinationId"] = "a\"b".into();
        assert_eq!(decode(&escaped).unwrap().unwrap().signed, None);
        // A validity that is no whole number of seconds is no answer of this API at all.
        let mut float = answer.clone();
        float["routes"][0]["destinationParameters"]["validUntil"] = 1.5.into();
        assert_eq!(decode(&float), None);
        // Nor is a key set without the key it names.
        let mut other_kid = answer;
        other_kid["routes"][0]["destinationParameters"]["encryptionKid"] = "kid-2".into();
        assert_eq!(decode(&other_kid), None);
    }

    #[test]
    fn file_names_become_json_strings() {
        for name in [
            "Lageplan.pdf",
            "Plan \"alt\" C:\\x.pdf",
            "Zeile\nzwei.png",
            "Grünfläche ß.jpg",
        ] {
            let parsed: String = serde_json::from_str(&json_string(name)).unwrap();
            assert_eq!(parsed, name.replace('\n', " "));
        }
    }
}
