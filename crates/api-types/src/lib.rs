// SPDX-License-Identifier: EUPL-1.2
//! The central API's public request and response bodies, defined once: the routes of
//! `central-api` serialize them and read the requests, the portal reads the answers. The
//! portal reads them with [`FromValue`] (`from_value.rs`), not with serde's derived
//! decoders, which cost its WASM 26 KiB gzip (docs/SIZE.md); `tests/from_value.rs`
//! checks that both accept the same. The wire format is the one
//! `crates/central-api/openapi.json` documents; the order of the members is the order they
//! are written in.
//!
//! Deserializing is lenient where the portal has always been: missing lists, texts and
//! optional members take their defaults, unknown members are ignored (a newer server may
//! add some), except in request bodies, which the server checks strictly.

mod catalogue;
mod from_value;
mod pages;
mod problem;
mod routing;
mod submissions;
mod whole_number;

pub use catalogue::{
    CONTROLS_CHUNK_MARK, Catalogue, DEFINITION_BLOCK_ID, FormRef, Municipality, MunicipalityRef,
    Place, Provider, ServiceDetail, ServiceSummary, Topic, catalogue_path, municipality_path,
    service_definition_path, service_path,
};
pub use from_value::{FromValue, or_default, required};
pub use pages::PortalPage;
pub use problem::{FieldProblem, Problem};
pub use routing::{Address, Authority, DestinationParameters, Level, PublicKeys, Route, Routes};
pub use submissions::{
    AnnouncedAttachment, MAX_SERVICE_NAME_CHARS, ServiceRef, SubmissionStatus, service_name,
};
