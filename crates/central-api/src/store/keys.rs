// SPDX-License-Identifier: EUPL-1.2
//! The authorities' public encryption keys (`authority_keys`, newest = current, and
//! `authorities.public_jwk`, the current one). The private keys never enter the database
//! (see [`crate::keys`]).

use serde_json::Value;
use sqlx::AnyPool;

use super::{Store, StoreError, now_text};

impl Store {
    pub fn keys(&self) -> Keys<'_> {
        Keys { store: self }
    }
}

/// The public keys.
pub struct Keys<'a> {
    store: &'a Store,
}

impl Keys<'_> {
    /// The ids of all authorities, sorted.
    pub async fn authority_ids(&self) -> Result<Vec<String>, StoreError> {
        Ok(sqlx::query_scalar("SELECT id FROM authorities ORDER BY id")
            .fetch_all(self.store.db())
            .await?)
    }

    /// Whether there is an authority `authority_id`.
    pub async fn authority_exists(&self, authority_id: &str) -> Result<bool, StoreError> {
        let known: Option<String> = sqlx::query_scalar("SELECT id FROM authorities WHERE id = $1")
            .bind(authority_id)
            .fetch_optional(self.store.db())
            .await?;
        Ok(known.is_some())
    }

    /// Records a public key of an authority, once per kid, and makes the authority's
    /// newest key its `public_jwk`. Safe when several instances record the same key at
    /// once.
    pub async fn record(&self, authority_id: &str, jwk: &Value) -> Result<(), StoreError> {
        record_on(self.store.db(), authority_id, jwk).await
    }

    /// The public keys (JWK) of an authority, the newest first.
    pub async fn public_jwks(&self, authority_id: &str) -> Result<Vec<Value>, StoreError> {
        public_jwks_on(self.store.db(), authority_id).await
    }
}

/// [`Keys::record`].
async fn record_on(db: &AnyPool, authority_id: &str, jwk: &Value) -> Result<(), StoreError> {
    // ON CONFLICT rather than a look first: two instances recording the same key at once
    // both succeed, one of them without inserting.
    sqlx::query(
        "INSERT INTO authority_keys (authority_id, kid, jwk, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (kid) DO NOTHING",
    )
    .bind(authority_id)
    .bind(jwk["kid"].as_str().unwrap_or_default())
    .bind(jwk.to_string())
    .bind(now_text())
    .execute(db)
    .await?;
    sqlx::query(
        "UPDATE authorities SET public_jwk =
             (SELECT jwk FROM authority_keys WHERE authority_id = $1 ORDER BY id DESC LIMIT 1)
         WHERE id = $1",
    )
    .bind(authority_id)
    .execute(db)
    .await?;
    Ok(())
}

/// [`Keys::public_jwks`].
async fn public_jwks_on(db: &AnyPool, authority_id: &str) -> Result<Vec<Value>, StoreError> {
    let rows: Vec<String> = sqlx::query_scalar(
        "SELECT jwk FROM authority_keys WHERE authority_id = $1 ORDER BY id DESC",
    )
    .bind(authority_id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|jwk| serde_json::from_str(jwk).map_err(StoreError::corrupt))
        .collect()
}
