// SPDX-License-Identifier: EUPL-1.2
//! The relay's own signing key, for the events it writes into a case's log (create,
//! submit).
//! Made once per database, on first need (RSA-4096 takes seconds), and shared by every
//! instance on it; published at `/.well-known/jwks.json`. It signs and cannot decrypt:
//! holding it reads no application.

use std::sync::Arc;

use rsa::{
    RsaPrivateKey,
    pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding},
};
use serde_json::Value;

use crate::{AppState, error::ApiError, land};

/// The relay's key with its kid.
#[derive(Clone)]
pub struct RelayKey {
    pub kid: String,
    pub key: Arc<RsaPrivateKey>,
}

/// Size of the relay's key, as FIT-Connect asks of signature keys.
const KEY_BITS: usize = 4096;

/// The relay's signing key: read once per process, made if the database has none.
pub async fn get(state: &AppState) -> Result<RelayKey, ApiError> {
    state
        .relay_key
        .get_or_try_init(|| async {
            let store = &state.store;
            if store.signing_keys().relay_key().await?.is_none() {
                let key = tokio::task::spawn_blocking(|| {
                    RsaPrivateKey::new(&mut rand::rngs::OsRng, KEY_BITS)
                })
                .await
                .map_err(ApiError::internal)?
                .map_err(ApiError::internal)?;
                let jwk = land::signing_jwk(&key.to_public_key());
                let pem = key
                    .to_pkcs8_pem(LineEnding::LF)
                    .map_err(ApiError::internal)?;
                store
                    .signing_keys()
                    .add_relay_key_if_none(kid_of(&jwk), &pem, &jwk)
                    .await?;
                tracing::info!(
                    kid = kid_of(&jwk),
                    "made the relay's signing key for events"
                );
            }
            // Another instance may have recorded its key first: the first recorded wins.
            let (pem, jwk) = store
                .signing_keys()
                .relay_key()
                .await?
                .ok_or_else(|| ApiError::internal("the relay's signing key vanished"))?;
            let key = RsaPrivateKey::from_pkcs8_pem(&pem).map_err(ApiError::internal)?;
            Ok(RelayKey {
                kid: kid_of(&jwk).to_owned(),
                key: Arc::new(key),
            })
        })
        .await
        .cloned()
}

fn kid_of(jwk: &Value) -> &str {
    jwk["kid"].as_str().unwrap_or_default()
}
