// SPDX-License-Identifier: EUPL-1.2
//! The central API's public request and response bodies, defined once: the routes of
//! `central-api` serialize them and read the requests. The portal does not use them yet:
//! serde's derived decoders cost 26 KiB gzip in its WASM (over the size guard), so it
//! keeps its small hand-written ones in `src/api.rs` (docs/SIZE.md). The wire
//! format is the one `crates/central-api/openapi.json` documents; the order of the
//! members is the order they are written in.
//!
//! Deserializing is lenient where the portal has always been: missing lists, texts and
//! optional members take their defaults, unknown members are ignored (a newer server may
//! add some), except in request bodies, which the server checks strictly.

mod catalogue;
mod problem;
mod routing;
mod submissions;
mod whole_number;

pub use catalogue::{
    Catalogue, FormRef, Municipality, MunicipalityRef, Place, Provider, ServiceDetail,
    ServiceSummary, Topic,
};
pub use problem::{FieldProblem, Problem};
pub use routing::{Address, Authority, DestinationParameters, Level, PublicKeys, Route, Routes};
pub use submissions::{AnnouncedAttachment, ServiceRef, SubmissionStatus};
