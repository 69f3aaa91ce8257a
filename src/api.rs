// SPDX-License-Identifier: EUPL-1.2
//! Talking to the central API: one typed function per call. Its answers are the
//! `api_types` bodies, read with their hand decoders (`api_types::FromValue`,
//! docs/SIZE.md); the portal keeps only its own shapes here (errors, the query, the
//! route it encrypts for). No view code here; pages turn these results into views.

use api_types::{
    Address, Authority, Catalogue, DestinationParameters, FieldProblem, FormRef, FromValue,
    Municipality, Place, Problem, ServiceDetail, SubmissionStatus, or_default, required,
};
use form_engine::{FormDefinition, Lang};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde_json::Value;
use wasm_bindgen::JsValue;

/// The municipality whose portal this is, until the embed configuration chooses another
/// (Kreis Dithmarschen, the demo data's county).
pub const DEFAULT_ARS: &str = "010510000000";

#[derive(Debug, Clone, thiserror::Error)]
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

/// Compared as far as the portal reads an error: not a field problem's `data`, which it
/// never reads back (always empty here; comparing it would bring `Value`'s comparison
/// into the WASM).
impl PartialEq for ApiError {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (
                Self::Problem {
                    status,
                    title,
                    errors,
                },
                Self::Problem {
                    status: s,
                    title: t,
                    errors: e,
                },
            ) => {
                status == s
                    && title == t
                    && errors.len() == e.len()
                    && errors.iter().zip(e).all(|(a, b)| {
                        (&a.path, &a.code, &a.detail) == (&b.path, &b.code, &b.detail)
                    })
            }
            _ => std::mem::discriminant(self) == std::mem::discriminant(other),
        }
    }
}

/// Which services the start page lists.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CatalogueQuery {
    pub text: String,
    pub category: Option<String>,
    pub life_situation: Option<String>,
}

/// How citizens reach an authority (issue #18) as lines of text (address, phone, e-mail,
/// opening hours), shown with `white-space: pre-line`: one text node instead of an
/// element per part (docs/SIZE.md).
pub fn contact_lines(authority: &Authority, lang: Lang) -> String {
    use crate::i18n::{Msg, message};
    let (phone, email, hours) = (
        message(lang, Msg::Phone),
        message(lang, Msg::Email),
        message(lang, Msg::OpeningHours),
    );
    let Address {
        street,
        postcode,
        city,
    } = &authority.address;
    let mut lines = format!(
        "{street}\n{postcode} {city}\n{phone}: {}\n{email}: {}",
        authority.phone, authority.email
    );
    if let Some(opening_hours) = authority.opening_hours.as_deref().filter(|h| !h.is_empty()) {
        lines.push_str(&format!("\n{hours}: {opening_hours}"));
    }
    lines
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
    /// `destinationId`: the competent authority's destination (a UUID).
    pub destination: String,
    /// The key to encrypt with (`encryptionKid`, in `publicKeys`), the services and the
    /// end of the key's validity, as the answer gives them.
    pub parameters: DestinationParameters,
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
}

impl Route {
    /// The first route of a routing answer. Only `destinationId`, the parameters and
    /// their signature are read, FIT-Connect's members: a routing service other than
    /// this API's need not send the authority.
    fn decode(v: &Value) -> Option<Option<Self>> {
        let Some(route) = v.get("routes")?.as_array()?.first() else {
            return Some(None);
        };
        let raw = route.get("destinationParameters")?;
        let mut signed = Some(String::from("{"));
        for (name, value) in [
            ("destinationId", route.get("destinationId")),
            ("encryptionKid", raw.get("encryptionKid")),
            ("publicKeys", raw.get("publicKeys")),
            ("services", raw.get("services")),
            ("validUntil", raw.get("validUntil")),
        ] {
            signed = signed.zip(value).and_then(|(mut out, value)| {
                out.push_str(if out.len() > 1 { ",\"" } else { "\"" });
                out.push_str(name);
                out.push_str("\":");
                canonical(value, &mut out).then_some(out)
            });
        }
        let parameters = DestinationParameters::from_value(raw)?;
        let kid = parameters.encryption_kid.as_str();
        let jwk = parameters
            .public_keys
            .keys
            .iter()
            .find(|key| key.get("kid").and_then(Value::as_str) == Some(kid))?;
        let (n, e) = (required(jwk, "n")?, required(jwk, "e")?);
        Some(Some(Route {
            destination: required(route, "destinationId")?,
            n,
            e,
            signed: signed.map(|mut s| {
                s.push('}');
                s
            }),
            signature: or_default(route, "destinationParametersSignature")?,
            parameters,
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
        if !self.parameters.services.iter().any(|s| s == leika)
            || self.parameters.valid_until as f64 * 1000.0 <= js_sys::Date::now()
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
    let query = [("leikaKey", Some(leika)), ("ars", ars)];
    let request = with_query(&routing_url("/v1/routes"), &query);
    let route = decoded(get_json_with(request).await, Route::decode)?;
    match route {
        Some(route) if !route.signed_by_the_land(leika).await => Err(ApiError::UntrustedKey),
        route => Ok(route),
    }
}

/// Whether `text` can stand inside a JSON string as it is; anything else is refused
/// rather than escaped.
fn plain(text: &str) -> bool {
    !text.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20)
}

/// The status of submission `reference` (names of service and authority in `lang`), for
/// the holder of its status token.
pub async fn fetch_status(
    reference: &str,
    token: &str,
    lang: Lang,
) -> Result<SubmissionStatus, ApiError> {
    let path = format!("/api/submissions/{}", encode(reference));
    let response = with_query(&api_url(&path), &[("lang", Some(lang_param(lang)))])
        .header("Authorization", &format!("Bearer {token}"))
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    decoded(read_value(response).await, SubmissionStatus::from_value)
}
// --- end of end-to-end encryption ------------------------------------------------------

/// A submission the Submission API created: FIT-Connect's ids, and the citizen's
/// reference and status token (the relay's additions).
#[derive(Debug, Clone, PartialEq)]
pub struct Created {
    pub submission_id: String,
    pub reference: String,
    pub status_token: String,
}

/// The URL of an API path (`/api/…`): on the page's own origin unless the portal is
/// configured for an API elsewhere (`config::Config::api`).
fn api_url(path: &str) -> String {
    format!("{}{path}", crate::config::get().api)
}

/// The URL of a Submission API path (`/v1/submissions…`): the configured delivery
/// service, else the API's own.
fn submission_url(path: &str) -> String {
    match &crate::config::get().fit_connect.submission_api {
        Some(base) => format!("{base}{path}"),
        None => api_url(path),
    }
}

/// The URL of a Routing API path (`/v1/routes…`): the configured routing service, else
/// the API's own.
fn routing_url(path: &str) -> String {
    match &crate::config::get().fit_connect.routing_api {
        Some(base) => format!("{base}{path}"),
        None => api_url(path),
    }
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

/// The answer decoded by `decode`; JSON it does not accept is `Unexpected`.
fn decoded<T>(
    value: Result<Value, ApiError>,
    decode: fn(&Value) -> Option<T>,
) -> Result<T, ApiError> {
    decode(&value?).ok_or(ApiError::Unexpected)
}

/// The error of a response that is not OK (not generic, so it is compiled only once).
async fn read_problem(response: Response) -> ApiError {
    let status = response.status();
    let (title, errors) = body(&response)
        .await
        .as_ref()
        .and_then(Problem::from_value)
        .map(|p| (p.title, p.errors.unwrap_or_default()))
        .unwrap_or_default();
    ApiError::Problem {
        status,
        title,
        errors,
    }
}

async fn get_json(url: &str) -> Result<Value, ApiError> {
    get_json_at(&api_url(url)).await
}

async fn get_json_at(url: &str) -> Result<Value, ApiError> {
    get_json_with(Request::get(url)).await
}

/// A GET of `url` with `query` (names and values, encoded here; a name without a value
/// is left out). The one way to ask with a query: gloo-net appends an `&` to a URL that
/// has one already (`?lang=de&`), and the server preloads some answers
/// (crates/central-api/src/portal/page_data.rs), which the browser hands only to a
/// request for exactly that URL.
fn with_query(url: &str, query: &[(&str, Option<&str>)]) -> RequestBuilder {
    Request::get(url).query(
        query
            .iter()
            .filter_map(|&(name, value)| Some((name, value?))),
    )
}

/// A GET of JSON as `request` describes it.
async fn get_json_with(request: RequestBuilder) -> Result<Value, ApiError> {
    let response = request
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
    // Without a topic, in German, this is the URL the server preloads for the start page.
    let params = [
        ("lang", Some(lang_param(lang))),
        ("q", Some(query.text.as_str())),
        ("category", query.category.as_deref()),
        ("life_situation", query.life_situation.as_deref()),
    ];
    let request = with_query(&api_url(&api_types::catalogue_path(&encode(ars))), &params);
    let mut catalogue = decoded(get_json_with(request).await, Catalogue::from_value)?;
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
    // Every page of the portal preloads this URL (crates/central-api/src/portal/page_data.rs).
    let url = api_types::municipality_path(&encode(ars));
    decoded(get_json(&url).await, |v| {
        let theme = &Municipality::from_value(v)?.theme;
        if !theme.is_object() {
            return Some(None);
        }
        let colour = |role: &str| {
            theme
                .pointer(&format!("/colors/{role}"))
                .and_then(Value::as_str)
                .filter(|c| is_hex_colour(c))
                .map(str::to_owned)
        };
        Some(Some(MunicipalTheme {
            display_name: theme["display_name"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            logo_url: theme["logo_url"]
                .as_str()
                .filter(|u| u.starts_with('/') && !u.starts_with("//"))
                .map(api_url),
            primary: colour("primary"),
            secondary: colour("secondary"),
            contrast_passes: theme
                .pointer("/contrast/passes")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        }))
    })
}

/// A service's link to another site only if it is one (`https://…`): a catalogue text is
/// untrusted, and a `javascript:` URL in an `href` would run in the portal.
pub fn web_link(url: Option<String>) -> Option<String> {
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
    let request = with_query(&api_url("/api/places"), &[("q", Some(query))]);
    decoded(get_json_with(request).await, Vec::<Place>::from_value)
}

/// The authority responsible for a service at a place (FIT-Connect's routing), with its
/// contact: the `authority` of the first route (its name is the `destinationName`). A
/// route without one names no authority the citizen could turn to.
pub async fn fetch_destination(
    leika: &str,
    ars: &str,
    lang: Lang,
) -> Result<Option<Authority>, ApiError> {
    let query = [
        ("leikaKey", Some(leika)),
        ("ars", Some(ars)),
        ("lang", Some(lang_param(lang))),
    ];
    let request = with_query(&routing_url("/v1/routes"), &query);
    decoded(get_json_with(request).await, |v| {
        let route = v.get("routes")?.as_array()?.first();
        Some(route.and_then(|r| Authority::from_value(r.get("authority")?)))
    })
}

pub async fn fetch_service(leika: &str, lang: Lang) -> Result<ServiceDetail, ApiError> {
    // The server's service page preloads this URL in German.
    let path = api_types::service_path(&encode(leika));
    let request = with_query(&api_url(&path), &[("lang", Some(lang_param(lang)))]);
    decoded(get_json_with(request).await, ServiceDetail::from_value)
}

/// Definitions are immutable per version; the browser caches them for good (ETag).
pub async fn fetch_definition(form: &FormRef) -> Result<FormDefinition, ApiError> {
    definition_at(&format!(
        "/api/forms/{}/versions/{}",
        encode(&form.id),
        form.version
    ))
    .await
}

/// The definition a service's citizens fill in now, in one request (the form pages need
/// nothing else of the service); its id and version say which one it is. Taken from the
/// page when the API sent it there (see [`inlined_definition`]), else fetched and
/// revalidated by the browser on every use (ETag).
pub async fn fetch_service_definition(leika: &str) -> Result<FormDefinition, ApiError> {
    if let Some(definition) =
        inlined_definition(leika).and_then(|text| FormDefinition::from_checked_json(&text).ok())
    {
        return Ok(definition);
    }
    definition_at(&api_types::service_definition_path(&encode(leika))).await
}

/// The definition the API put into the form page it answered for `leika` (the data block
/// `api_types::DEFINITION_BLOCK_ID`, crates/central-api/src/portal/page_data.rs), taken
/// out of the page at the first ask: the step shows in the task that starts the portal,
/// without waiting for a request (issue #21). Every later ask fetches, so a newer version
/// is seen. Not used
/// - where the API is not the page's own origin (an embed in a host page's shadow root,
///   whose document is the host's; a frame told to use another API): the block is what
///   the page's server has, not what that API has;
/// - on a back or forward navigation: the browser may take that page from its cache
///   without asking the server, with the definition of then.
fn inlined_definition(leika: &str) -> Option<String> {
    let config = crate::config::get();
    let trusted = config.api.is_empty() && config.embedding != crate::config::Embedding::Shadow;
    let block = leptos::prelude::document().get_element_by_id(api_types::DEFINITION_BLOCK_ID)?;
    block.remove();
    if !trusted || from_history() || block.get_attribute("data-leika").as_deref() != Some(leika) {
        return None;
    }
    block.text_content()
}

/// Whether this page was loaded by the browser's back or forward:
/// `performance.navigation.type` is 2 (`TYPE_BACK_FORWARD`). The older form of the
/// navigation entry's `type`, which every browser still has: a chain of properties, read
/// with the `Reflect` the portal has anyway (the entry's form cost 0.5 KiB of bindings).
/// Where it is gone, the block is used.
fn from_history() -> bool {
    let get = |value: &JsValue, key: &str| js_sys::Reflect::get(value, &key.into()).ok();
    get(&leptos::prelude::window(), "performance")
        .and_then(|performance| get(&performance, "navigation"))
        .and_then(|navigation| get(&navigation, "type"))
        .and_then(|kind| kind.as_f64())
        == Some(2.0)
}

async fn definition_at(path: &str) -> Result<FormDefinition, ApiError> {
    let response = Request::get(&api_url(path))
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

/// An access token for sending (FIT-Connect's sender scope): from the deployment's
/// token address, by default the API's `/api/sender-token`.
pub async fn sender_token() -> Result<String, ApiError> {
    let url = crate::config::get()
        .fit_connect
        .sender_token_url
        .clone()
        .unwrap_or_else(|| api_url("/api/sender-token"));
    let response = Request::post(&url)
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    decoded(read_value(response).await, |v| required(v, "access_token"))
}

/// A JSON request with the sender's token (and an idempotency key, for the creation).
async fn send_json(
    method: &str,
    url: &str,
    token: &str,
    idempotency_key: Option<&str>,
    body: &str,
) -> Result<Value, ApiError> {
    let request = if method == "PUT" {
        Request::put(url)
    } else {
        Request::post(url)
    };
    let mut request = request
        .header("Authorization", &format!("Bearer {token}"))
        .header("Content-Type", "application/json");
    if let Some(key) = idempotency_key {
        request = request.header("Idempotency-Key", key);
    }
    let response = request
        .body(body)
        .map_err(|_| ApiError::Unexpected)?
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    read_value(response).await
}

/// Creates a submission (`POST /v1/submissions`) once per idempotency key: a retry with
/// the same key and body answers the first creation again.
pub async fn create_submission(
    token: &str,
    body: &str,
    idempotency_key: &str,
) -> Result<Created, ApiError> {
    let url = submission_url("/v1/submissions");
    decoded(
        send_json("POST", &url, token, Some(idempotency_key), body).await,
        |v| {
            let submission_id: String = required(v, "submissionId")?;
            Some(Created {
                // The relay's additions; a delivery service without them leaves the
                // citizen the submission id as reference and no status page.
                reference: or_default::<Option<String>>(v, "reference")?
                    .unwrap_or_else(|| submission_id.clone()),
                status_token: or_default::<Option<String>>(v, "statusToken")?.unwrap_or_default(),
                submission_id,
            })
        },
    )
}

/// Submits the encrypted metadata and data (`PUT /v1/submissions/{id}`); again with the
/// same texts answers the same.
pub async fn submit_submission(
    token: &str,
    submission_id: &str,
    body: &str,
) -> Result<(), ApiError> {
    let url = submission_url(&format!("/v1/submissions/{}", encode(submission_id)));
    send_json("PUT", &url, token, None, body).await.map(|_| ())
}

/// Uploads one announced attachment, encrypted (its JWE, issue #8), with
/// XMLHttpRequest, the one browser API that reports upload progress; `progress` gets the
/// percentage as it goes.
pub async fn upload(
    submission_id: &str,
    token: &str,
    id: &str,
    jwe: &str,
    progress: impl Fn(u32) + 'static,
) -> Result<(), ApiError> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let xhr = web_sys::XmlHttpRequest::new().map_err(|_| ApiError::Unexpected)?;
    let url = submission_url(&format!(
        "/v1/submissions/{}/attachments/{}",
        encode(submission_id),
        encode(id)
    ));
    xhr.open("PUT", &url).map_err(|_| ApiError::Unexpected)?;
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
        // Submitted by an earlier attempt: its attachments are there.
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
    use super::{Route, contact_lines};
    use api_types::FromValue;
    use form_engine::Lang;

    #[test]
    fn an_authoritys_contact_is_a_few_lines_of_text() {
        let mut authority = api_types::Authority::from_value(&serde_json::json!({
            "id": "amt-heide", "name": "Stadt Heide", "email": "a@heide.example",
            "phone": "0481 1", "opening_hours": "Mo 8–12",
            "address": {"street": "Markt 1", "postcode": "25746", "city": "Heide"}
        }))
        .expect("decodes");
        let lines = contact_lines(&authority, Lang::De);
        assert!(lines.starts_with("Markt 1\n25746 Heide\n"), "{lines}");
        assert!(
            lines.contains(": 0481 1\n") && lines.ends_with(": Mo 8–12"),
            "{lines}"
        );
        // Opening hours not known: no line for them.
        authority.opening_hours = Some(String::new());
        assert!(contact_lines(&authority, Lang::De).ends_with(": a@heide.example"));
    }

    #[test]
    fn the_signed_members_of_a_route_are_rebuilt_as_the_land_signed_them() {
        // Members in another order and with whitespace, as any JSON may come.
        let answer: serde_json::Value = serde_json::from_str(
            r#"{"routes": [{"destinationParametersSignature": "h..s", "destinationId": "amt-x",
                "destinationParameters": {"validUntil": 1800000000, "services": ["99050012104000"],
                  "status": "active", "encryptionKid": "kid-00001",
                  "publicKeys": {"keys": [{"n": "xyz", "kty": "RSA", "kid": "kid-00001",
                    "key_ops": ["wrapKey"], "e": "AQAB", "use": "enc", "alg": "RSA-OAEP-256"}]}}}]}"#,
        )
        .unwrap();
        let route = Route::decode(&answer).unwrap().unwrap();
        // What central-api's destination.rs signs (its canonical_json test has the shape).
        assert_eq!(
            route.signed.as_deref(),
            Some(
                r#"{"destinationId":"amt-x","encryptionKid":"kid-00001","publicKeys":{"keys":[{"alg":"RSA-OAEP-256","e":"AQAB","key_ops":["wrapKey"],"kid":"kid-00001","kty":"RSA","n":"xyz","use":"enc"}]},"services":["99050012104000"],"validUntil":1800000000}"#
            )
        );
        // A key with its certificate chain (`x5c`, base64 with + / =): signed with it.
        let mut certified = answer.clone();
        certified["routes"][0]["destinationParameters"]["publicKeys"]["keys"][0]["x5c"] =
            serde_json::json!(["MIIB+/a="]);
        assert!(
            Route::decode(&certified)
                .unwrap()
                .unwrap()
                .signed
                .is_some_and(|s| s.contains(r#""n":"xyz","use":"enc","x5c":["MIIB+/a="]}"#))
        );
        // What the portal could not write back exactly is not signed, so not trusted.
        let mut escaped = answer.clone();
        escaped["routes"][0]["destinationId"] = "a\"b".into();
        assert_eq!(Route::decode(&escaped).unwrap().unwrap().signed, None);
        let mut float = answer.clone();
        float["routes"][0]["destinationParameters"]["publicKeys"]["keys"][0]["x"] = 1.5.into();
        assert_eq!(Route::decode(&float).unwrap().unwrap().signed, None);
        // `validUntil` is a whole number of seconds: anything else is no answer of the
        // API (`ApiError::Unexpected`), so nothing is encrypted either.
        let mut float = answer;
        float["routes"][0]["destinationParameters"]["validUntil"] = 1.5.into();
        assert_eq!(Route::decode(&float), None);
    }
}
