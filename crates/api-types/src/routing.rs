// SPDX-License-Identifier: EUPL-1.2
//! Routing (`/api/routing`): the competent authority for a service at a place, with its
//! public encryption key, shaped like FIT-Connect's Routing API.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// FIT-Connect-like answer: `{count, offset, totalCount, routes: [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Routes {
    #[serde(default)]
    pub count: usize,
    #[serde(default)]
    pub offset: usize,
    #[serde(default)]
    pub total_count: usize,
    #[serde(default)]
    pub routes: Vec<Route>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Route {
    pub destination_id: String,
    pub destination_name: String,
    pub destination_parameters: DestinationParameters,
    /// The Land's detached JWS (PS512) over the signed parameters, `null` if the Land
    /// has not signed them as they are now (the portal then refuses to encrypt).
    #[serde(default)]
    pub destination_parameters_signature: Option<String>,
    /// Address and contact of the authority.
    pub authority: Authority,
    /// The level of the area the responsibility was found for.
    pub level: Level,
}

/// The key to encrypt for and what the Land signs with it (`encryptionKid`,
/// `publicKeys`, `services`, `validUntil`, with the route's `destinationId`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DestinationParameters {
    pub encryption_kid: String,
    pub public_keys: PublicKeys,
    /// LeiKa keys of the services the authority is responsible for (signed).
    #[serde(default)]
    pub services: Vec<String>,
    /// End of the current key's validity, Unix seconds (signed).
    pub valid_until: i64,
    #[serde(default)]
    pub metadata_versions: Vec<String>,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub submission_schemas: Vec<Value>,
    #[serde(default)]
    pub submission_url: String,
}

/// A JWK set; each key as it is stored (its members are signed as they are).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicKeys {
    pub keys: Vec<Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Authority {
    pub id: String,
    pub name: String,
    pub address: Address,
    pub email: String,
    pub phone: String,
    #[serde(default)]
    pub website: Option<String>,
    /// When it is open to the public, in the language asked for; null if not known.
    #[serde(default)]
    pub opening_hours: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Address {
    pub street: String,
    pub postcode: String,
    pub city: String,
}

/// The level of the area a responsibility is recorded for; the most specific wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Gemeinde,
    Gemeindeverband,
    Kreis,
    Land,
}
