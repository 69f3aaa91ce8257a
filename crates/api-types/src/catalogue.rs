// SPDX-License-Identifier: EUPL-1.2
//! Municipalities, places and the catalogue of services: `/api/municipalities…`,
//! `/api/services/{leika}`, `/api/places`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Reference to a form definition version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormRef {
    pub id: String,
    #[serde(deserialize_with = "crate::whole_number::u32")]
    pub version: u32,
}

/// A municipality (Kreis, Amt, Stadt, Gemeinde) and its portal's look.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Municipality {
    pub ars: String,
    pub name: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub parent_ars: Option<String>,
    /// `{display_name, colors: {primary, secondary}, logo, logo_url, contrast}`: the stored
    /// theme plus what the server derives from it (its contrast report, the logo's URL).
    #[serde(default)]
    pub theme: Value,
    /// Origins (scheme, host, port) of pages allowed to embed the portal and call the API.
    #[serde(default)]
    pub allowed_origins: Vec<String>,
}

/// The services a municipality's portal offers, with the topics to filter them by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Catalogue {
    pub municipality: Municipality,
    #[serde(default)]
    pub services: Vec<ServiceSummary>,
    /// The categories of the portal's services (all of them, whatever the filter).
    #[serde(default)]
    pub categories: Vec<Topic>,
    /// The life situations of the portal's services.
    #[serde(default)]
    pub life_situations: Vec<Topic>,
}

/// A category or life situation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Topic {
    pub id: String,
    pub name: String,
}

/// A body offering a service online in place of the municipality (e.g. EA.SH).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provider {
    pub id: String,
    pub name: String,
}

/// A service as the catalogue lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceSummary {
    pub leika: String,
    pub name: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub form: Option<FormRef>,
    #[serde(default)]
    pub external_url: Option<String>,
    /// Ids of its categories.
    #[serde(default)]
    pub categories: Vec<String>,
    /// Ids of its life situations.
    #[serde(default)]
    pub life_situations: Vec<String>,
    /// One of the most used services.
    #[serde(default)]
    pub popular: bool,
    /// Offered by another body (EA.SH), if so.
    #[serde(default)]
    pub provider: Option<Provider>,
}

/// A service in full: what it costs, how long it takes, what to bring, and its form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// Those of `documents` the service's form has no upload for: to be brought or sent
    /// to the authority separately.
    #[serde(default)]
    pub documents_separately: Vec<String>,
    #[serde(default)]
    pub legal_basis: String,
    #[serde(default)]
    pub form: Option<FormRef>,
    #[serde(default)]
    pub external_url: Option<String>,
    /// Its categories.
    #[serde(default)]
    pub categories: Vec<Topic>,
    /// Its life situations.
    #[serde(default)]
    pub life_situations: Vec<Topic>,
    /// `place_required`: ask for the place (ARS) that decides the competent authority;
    /// `fixed`: one authority whatever the place.
    #[serde(default)]
    pub routing: String,
    #[serde(default)]
    pub popular: bool,
    /// Offered by another body (EA.SH), if so.
    #[serde(default)]
    pub provider: Option<Provider>,
}

/// The path of a service's current form definition (`GET`, the form pages' one request).
/// The server's page for a form step names the same path to preload it, so the two must
/// agree: both build it here. `leika` must be percent-encoded already (a LeiKa key is
/// digits).
pub fn service_definition_path(leika: &str) -> String {
    format!("/api/services/{leika}/definition")
}

/// The path of a service's details (`GET`, the service page's request), asked for in a
/// language by the query `lang=de` or `lang=en`. The server's page for a service names
/// the same URL to preload it, so the two must agree: both build it here. `leika` must be
/// percent-encoded already (a LeiKa key is digits).
pub fn service_path(leika: &str) -> String {
    format!("/api/services/{leika}")
}

/// The path of a municipality's catalogue (`GET`, the start page's request), asked for
/// with the query `lang`, `q` (the search text, empty for all) and optionally `category`
/// or `life_situation`. The server's start page names `…?lang=de&q=` to preload it, so the
/// two must agree: both build it here. `ars` must be percent-encoded already (an ARS is
/// digits).
pub fn catalogue_path(ars: &str) -> String {
    format!("/api/municipalities/{ars}/catalogue")
}

/// The path of a municipality (`GET`: its name and look, which every page of its portal
/// asks for). Every page of the portal names it to preload, so both build it here. `ars`
/// must be percent-encoded already.
pub fn municipality_path(ars: &str) -> String {
    format!("/api/municipalities/{ars}")
}

/// The `id` of the data block with a service's current definition that the server's page
/// for a form step carries (crates/central-api/src/portal/page_data.rs), and that the
/// portal takes out of it (`api::inlined_definition`).
pub const DEFINITION_BLOCK_ID: &str = "bp-definition";

/// The `data-chunk` of the preloads of the chunk with some field types' controls that the
/// server's page for a form step carries when its step needs them
/// (crates/central-api/src/portal/page_data.rs): the portal, seeing one, starts loading
/// the chunk as it starts (`start_page`).
pub const CONTROLS_CHUNK_MARK: &str = "later-controls";

impl ServiceDetail {
    /// Whether the competent authority depends on the place (`routing: place_required`).
    pub fn needs_place(&self) -> bool {
        self.routing == "place_required"
    }
}

/// A place with its Regionalschlüssel (ARS).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub name: String,
    pub postcode: String,
    pub ars: String,
    /// The most specific municipality known here that administers the place (the
    /// Gemeinde itself, else its Amt, else the Kreis).
    #[serde(default)]
    pub municipality: Option<MunicipalityRef>,
}

/// A municipality named by a place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MunicipalityRef {
    pub ars: String,
    pub name: String,
    pub kind: String,
}
