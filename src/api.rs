// SPDX-License-Identifier: EUPL-1.2
//! Talking to the central API: the data it returns and one typed function per call.
//! No view code here; pages turn these results into views.

use form_engine::{FormDefinition, Lang};
use gloo_net::http::{Request, Response};
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
        errors: Vec<ProblemFieldError>,
    },
    /// The server answered something this portal does not understand.
    #[error("unexpected answer")]
    Unexpected,
    /// Routing named a key the Land did not sign (or signed for another authority,
    /// service or time): nothing is encrypted for it (see [`fetch_route`]).
    #[error("key not signed by the Land")]
    UntrustedKey,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProblemFieldError {
    pub path: String,
    pub code: String,
    pub detail: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FormRef {
    pub id: String,
    pub version: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Municipality {
    pub ars: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ServiceSummary {
    pub leika: String,
    pub name: String,
    pub summary: String,
    pub form: Option<FormRef>,
    pub external_url: Option<String>,
    pub popular: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Catalogue {
    pub municipality: Municipality,
    pub services: Vec<ServiceSummary>,
    pub categories: Vec<Topic>,
    pub life_situations: Vec<Topic>,
}

/// A category or life situation of the catalogue.
#[derive(Debug, Clone, PartialEq)]
pub struct Topic {
    pub id: String,
    pub name: String,
}

/// Which services the start page lists.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CatalogueQuery {
    pub text: String,
    pub category: Option<String>,
    pub life_situation: Option<String>,
}

/// A place the citizen can choose (postcode and name), with its ARS.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub name: String,
    pub postcode: String,
    pub ars: String,
}

/// The competent authority for a service at a place, as the routing API names it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Destination {
    pub id: String,
    pub name: String,
    pub contact: Contact,
}

/// How citizens reach an authority (issue #18), as the routing answer gives it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Contact {
    pub street: String,
    /// Postcode and city.
    pub town: String,
    pub phone: String,
    pub email: String,
    /// Empty if not known.
    pub opening_hours: String,
}

impl Contact {
    /// The contact as lines of text (address, phone, e-mail, opening hours), shown with
    /// `white-space: pre-line`: one text node instead of an element per part
    /// (docs/SIZE.md).
    pub fn lines(&self, lang: Lang) -> String {
        use crate::i18n::{Msg, message};
        let (phone, email, hours) = (
            message(lang, Msg::Phone),
            message(lang, Msg::Email),
            message(lang, Msg::OpeningHours),
        );
        let mut lines = format!(
            "{}\n{}\n{phone}: {}\n{email}: {}",
            self.street, self.town, self.phone, self.email
        );
        if !self.opening_hours.is_empty() {
            lines.push_str(&format!("\n{hours}: {}", self.opening_hours));
        }
        lines
    }

    fn decode(authority: &Value) -> Option<Contact> {
        let address = authority.get("address")?;
        Some(Contact {
            street: req(address, "street")?,
            town: format!("{} {}", req(address, "postcode")?, req(address, "city")?),
            phone: req(authority, "phone")?,
            email: req(authority, "email")?,
            opening_hours: opt(authority, "opening_hours")?.unwrap_or_default(),
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ServiceDetail {
    pub leika: String,
    pub name: String,
    pub summary: String,
    pub description: String,
    pub fees: String,
    pub processing_time: String,
    pub documents: Vec<String>,
    /// Those of `documents` the form has no upload for: brought or sent separately.
    pub documents_separately: Vec<String>,
    pub legal_basis: String,
    pub form: Option<FormRef>,
    pub external_url: Option<String>,
    /// The competent authority depends on the place (`routing: place_required`).
    pub needs_place: bool,
    /// The name of the body offering the service online, if not the municipality (EA.SH).
    pub provider: Option<String>,
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
    valid_until: f64,
}

impl Route {
    fn decode(v: &Value) -> Option<Option<Self>> {
        let Some(route) = v.get("routes")?.as_array()?.first() else {
            return Some(None);
        };
        let parameters = route.get("destinationParameters")?;
        let kid = req(parameters, "encryptionKid")?;
        let jwk = parameters
            .get("publicKeys")?
            .get("keys")?
            .as_array()?
            .iter()
            .find(|key| key.get("kid").and_then(Value::as_str) == Some(kid.as_str()))?;
        let destination: String = req(route, "destinationId")?;
        let mut signed = Some(String::from("{"));
        for (name, value) in [
            ("destinationId", route.get("destinationId")),
            ("encryptionKid", parameters.get("encryptionKid")),
            ("publicKeys", parameters.get("publicKeys")),
            ("services", parameters.get("services")),
            ("validUntil", parameters.get("validUntil")),
        ] {
            signed = signed.zip(value).and_then(|(mut out, value)| {
                out.push_str(if out.len() > 1 { ",\"" } else { "\"" });
                out.push_str(name);
                out.push_str("\":");
                canonical(value, &mut out).then_some(out)
            });
        }
        let services = parameters
            .get("services")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        Some(Some(Route {
            n: req(jwk, "n")?,
            e: req(jwk, "e")?,
            kid,
            destination,
            signed: signed.map(|mut s| {
                s.push('}');
                s
            }),
            signature: opt(route, "destinationParametersSignature")?,
            services,
            valid_until: parameters
                .get("validUntil")
                .and_then(Value::as_f64)
                .unwrap_or(0.0),
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
            || self.valid_until * 1000.0 <= js_sys::Date::now()
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
    let mut url = format!("/v1/routes?leikaKey={}", encode(leika));
    if let Some(ars) = ars {
        url.push_str("&ars=");
        url.push_str(&encode(ars));
    }
    let route = decoded(get_json_at(&routing_url(&url)).await, Route::decode)?;
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

/// What the citizen may see of a submission: `received`, `accepted` or `rejected`, and
/// the authority's reason.
#[derive(Debug, Clone, PartialEq)]
pub struct SubmissionStatus {
    pub status: String,
    pub reason: Option<String>,
    /// When it was sent (RFC 3339).
    pub created_at: String,
    pub service: String,
    /// The competent authority (empty name if none is recorded).
    pub authority: Destination,
}

/// The status of submission `reference` (names of service and authority in `lang`), for
/// the holder of its status token.
pub async fn fetch_status(
    reference: &str,
    token: &str,
    lang: Lang,
) -> Result<SubmissionStatus, ApiError> {
    let response = Request::get(&api_url(&format!(
        "/api/submissions/{}?lang={}",
        encode(reference),
        lang_param(lang)
    )))
    .header("Authorization", &format!("Bearer {token}"))
    .send()
    .await
    .map_err(|_| ApiError::Network)?;
    decoded(read_value(response).await, |v| {
        let authority = match v.get("authority") {
            Some(a) if !a.is_null() => Destination {
                id: req(a, "id")?,
                name: req(a, "name")?,
                contact: Contact::decode(a)?,
            },
            _ => Destination::default(),
        };
        Some(SubmissionStatus {
            status: req(v, "status")?,
            reason: opt(v, "reason")?,
            created_at: req(v, "created_at")?,
            service: req(v.get("service")?, "name")?,
            authority,
        })
    })
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

// The answers are decoded from `serde_json::Value` by hand rather than with derived
// `Deserialize` impls (docs/SIZE.md).
// Required fields missing or of the wrong type make the answer `Unexpected`, as before.

/// A required string member.
fn req(v: &Value, key: &str) -> Option<String> {
    v.get(key)?.as_str().map(str::to_owned)
}

/// An optional string member (`#[serde(default)]`): missing or null is empty.
fn opt(v: &Value, key: &str) -> Option<Option<String>> {
    match v.get(key) {
        None | Some(Value::Null) => Some(None),
        Some(Value::String(s)) => Some(Some(s.clone())),
        Some(_) => None,
    }
}

/// An optional string member that defaults to "".
fn text(v: &Value, key: &str) -> Option<String> {
    opt(v, key).map(Option::unwrap_or_default)
}

/// An optional array member, each element decoded by `item`.
fn list<T>(v: &Value, key: &str, item: impl Fn(&Value) -> Option<T>) -> Option<Vec<T>> {
    match v.get(key) {
        None | Some(Value::Null) => Some(Vec::new()),
        Some(Value::Array(items)) => items.iter().map(item).collect(),
        Some(_) => None,
    }
}

fn form_ref(v: &Value) -> Option<Option<FormRef>> {
    match v.get("form") {
        None | Some(Value::Null) => Some(None),
        Some(form) => Some(Some(FormRef {
            id: req(form, "id")?,
            version: u32::try_from(form.get("version")?.as_u64()?).ok()?,
        })),
    }
}

impl ServiceSummary {
    fn decode(v: &Value) -> Option<Self> {
        Some(ServiceSummary {
            leika: req(v, "leika")?,
            name: req(v, "name")?,
            summary: text(v, "summary")?,
            form: form_ref(v)?,
            external_url: web_link(opt(v, "external_url")?),
            popular: v.get("popular").and_then(Value::as_bool).unwrap_or(false),
        })
    }
}

impl Catalogue {
    fn decode(v: &Value) -> Option<Self> {
        let municipality = v.get("municipality")?;
        Some(Catalogue {
            municipality: Municipality {
                ars: req(municipality, "ars")?,
                name: req(municipality, "name")?,
            },
            services: list(v, "services", ServiceSummary::decode)?,
            categories: list(v, "categories", Topic::decode)?,
            life_situations: list(v, "life_situations", Topic::decode)?,
        })
    }
}

impl ServiceDetail {
    fn decode(v: &Value) -> Option<Self> {
        Some(ServiceDetail {
            leika: req(v, "leika")?,
            name: req(v, "name")?,
            summary: text(v, "summary")?,
            description: text(v, "description")?,
            fees: text(v, "fees")?,
            processing_time: text(v, "processing_time")?,
            documents: list(v, "documents", |d| d.as_str().map(str::to_owned))?,
            documents_separately: list(v, "documents_separately", |d| {
                d.as_str().map(str::to_owned)
            })?,
            legal_basis: text(v, "legal_basis")?,
            form: form_ref(v)?,
            external_url: web_link(opt(v, "external_url")?),
            needs_place: v.get("routing").and_then(Value::as_str) == Some("place_required"),
            provider: match v.get("provider") {
                None | Some(Value::Null) => None,
                Some(p) => Some(req(p, "name")?),
            },
        })
    }
}

impl Topic {
    fn decode(v: &Value) -> Option<Self> {
        Some(Topic {
            id: req(v, "id")?,
            name: req(v, "name")?,
        })
    }
}

impl Place {
    fn decode(v: &Value) -> Option<Self> {
        Some(Place {
            name: req(v, "name")?,
            postcode: req(v, "postcode")?,
            ars: req(v, "ars")?,
        })
    }
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
    let problem = body(&response).await.and_then(|v| {
        let title = text(&v, "title")?;
        let errors = list(&v, "errors", |e| {
            Some(ProblemFieldError {
                path: req(e, "path")?,
                code: req(e, "code")?,
                detail: opt(e, "detail")?,
            })
        })?;
        Some((title, errors))
    });
    let (title, errors) = problem.unwrap_or_default();
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
    let response = Request::get(url)
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
    let value = get_json(&url).await?;
    let mut catalogue = Catalogue::decode(&value).ok_or(ApiError::Unexpected)?;
    // An embed may offer only some of the municipality's services, and then only the
    // topics that lead to one of them.
    let only = &crate::config::get().services;
    if !only.is_empty() {
        catalogue.services.retain(|s| only.contains(&s.leika));
        let offered = |kind: &str, topic: &str| {
            value["services"].as_array().is_some_and(|services| {
                services.iter().any(|s| {
                    s["leika"]
                        .as_str()
                        .is_some_and(|l| only.iter().any(|o| o == l))
                        && s[kind]
                            .as_array()
                            .is_some_and(|ids| ids.iter().any(|id| id.as_str() == Some(topic)))
                })
            })
        };
        catalogue
            .categories
            .retain(|t| offered("categories", &t.id));
        catalogue
            .life_situations
            .retain(|t| offered("life_situations", &t.id));
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
    decoded(get_json(&url).await, |v| {
        let Some(theme) = v.get("theme").filter(|t| t.is_object()) else {
            return Some(None);
        };
        let colour = |role: &str| {
            theme
                .pointer(&format!("/colors/{role}"))
                .and_then(Value::as_str)
                .filter(|c| is_hex_colour(c))
                .map(str::to_owned)
        };
        Some(Some(MunicipalTheme {
            display_name: req(theme, "display_name").unwrap_or_default(),
            logo_url: req(theme, "logo_url")
                .filter(|u| u.starts_with('/') && !u.starts_with("//"))
                .map(|u| api_url(&u)),
            primary: colour("primary"),
            secondary: colour("secondary"),
            contrast_passes: theme
                .pointer("/contrast/passes")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        }))
    })
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
    decoded(get_json(&url).await, |v| {
        v.as_array()?.iter().map(Place::decode).collect()
    })
}

/// The authority responsible for a service at a place (FIT-Connect's routing).
pub async fn fetch_destination(
    leika: &str,
    ars: &str,
    lang: Lang,
) -> Result<Option<Destination>, ApiError> {
    let url = format!(
        "/v1/routes?leikaKey={}&ars={}&lang={}",
        encode(leika),
        encode(ars),
        lang_param(lang)
    );
    decoded(get_json_at(&routing_url(&url)).await, |v| {
        let route = v.get("routes")?.as_array()?.first();
        Some(route.and_then(|r| {
            Some(Destination {
                id: req(r, "destinationId")?,
                name: req(r, "destinationName")?,
                contact: Contact::decode(r.get("authority")?)?,
            })
        }))
    })
}

pub async fn fetch_service(leika: &str, lang: Lang) -> Result<ServiceDetail, ApiError> {
    let url = format!("/api/services/{}?lang={}", encode(leika), lang_param(lang));
    decoded(get_json(&url).await, ServiceDetail::decode)
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
/// nothing else of the service); its id and version say which one it is. Revalidated by
/// the browser on every use (ETag).
pub async fn fetch_service_definition(leika: &str) -> Result<FormDefinition, ApiError> {
    definition_at(&format!("/api/services/{}/definition", encode(leika))).await
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
    decoded(read_value(response).await, |v| req(v, "access_token"))
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
            Some(Created {
                submission_id: req(v, "submissionId")?,
                // The relay's additions; a delivery service without them leaves the
                // citizen the submission id as reference and no status page.
                reference: opt(v, "reference")?
                    .unwrap_or_else(|| text(v, "submissionId").unwrap_or_default()),
                status_token: text(v, "statusToken")?,
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
    use super::{Route, ServiceDetail};

    #[test]
    fn a_service_detail_brings_its_provider_and_the_documents_to_hand_in_separately() {
        let body = serde_json::json!({
            "leika": "99136002000000", "name": "Baumfällgenehmigung",
            "documents": ["Lageplan", "Fotos des Baums"], "documents_separately": ["Fotos des Baums"],
            "provider": {"id": "ea-sh", "name": "Einheitlicher Ansprechpartner (EA.SH)"}
        });
        let detail = ServiceDetail::decode(&body).expect("decodes");
        assert_eq!(detail.documents_separately, ["Fotos des Baums"]);
        assert_eq!(
            detail.provider.as_deref(),
            Some("Einheitlicher Ansprechpartner (EA.SH)")
        );
        // Older servers send neither; a provider without a name is no answer to trust.
        let older = serde_json::json!({"leika": "1", "name": "x", "provider": null});
        let detail = ServiceDetail::decode(&older).expect("decodes");
        assert!(detail.documents_separately.is_empty() && detail.provider.is_none());
        assert_eq!(
            ServiceDetail::decode(
                &serde_json::json!({"leika": "1", "name": "x", "provider": {"id": "a"}})
            ),
            None
        );
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
        // What the portal could not write back exactly is not signed, so not trusted.
        let mut escaped = answer.clone();
        escaped["routes"][0]["destinationId"] = "a\"b".into();
        assert_eq!(Route::decode(&escaped).unwrap().unwrap().signed, None);
        let mut float = answer;
        float["routes"][0]["destinationParameters"]["validUntil"] = 1.5.into();
        assert_eq!(Route::decode(&float).unwrap().unwrap().signed, None);
    }
}
