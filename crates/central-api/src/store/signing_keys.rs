// SPDX-License-Identifier: EUPL-1.2
//! Signature keys (FIT-Connect, issue #16): the authorities' public keys that check the
//! events they sign (accept, reject), and the relay's own key pair for the events it
//! signs (submit). The relay's key signs and cannot decrypt anything.

use serde_json::Value;

use super::{Store, StoreError, now_text};

impl Store {
    /// The signature keys of the authorities and of the relay.
    pub fn signing_keys(&self) -> SigningKeys<'_> {
        SigningKeys { store: self }
    }
}

/// Access to `authority_signing_keys` and `relay_signing_keys`.
pub struct SigningKeys<'a> {
    store: &'a Store,
}

/// What [`SigningKeys::add_authority_key`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddedKey {
    Added,
    /// This kid is registered already: nothing changed.
    KidTaken,
}

impl SigningKeys<'_> {
    /// Registers an authority's public signature key.
    pub async fn add_authority_key(
        &self,
        authority_id: &str,
        kid: &str,
        jwk: &Value,
    ) -> Result<AddedKey, StoreError> {
        let result = sqlx::query(
            "INSERT INTO authority_signing_keys (kid, authority_id, jwk, status, created_at)
             VALUES ($1, $2, $3, 'current', $4) ON CONFLICT (kid) DO NOTHING",
        )
        .bind(kid)
        .bind(authority_id)
        .bind(jwk.to_string())
        .bind(now_text())
        .execute(self.store.db())
        .await?;
        Ok(if result.rows_affected() > 0 {
            AddedKey::Added
        } else {
            AddedKey::KidTaken
        })
    }

    /// Marks an authority's signature key revoked; whether it was one of its keys.
    pub async fn revoke_authority_key(
        &self,
        authority_id: &str,
        kid: &str,
    ) -> Result<bool, StoreError> {
        Ok(sqlx::query(
            "UPDATE authority_signing_keys SET status = 'revoked'
             WHERE authority_id = $1 AND kid = $2",
        )
        .bind(authority_id)
        .bind(kid)
        .execute(self.store.db())
        .await?
        .rows_affected()
            > 0)
    }

    /// An authority's signature key by kid, with its status (`current`, `revoked`).
    pub async fn authority_key(
        &self,
        authority_id: &str,
        kid: &str,
    ) -> Result<Option<(Value, String)>, StoreError> {
        let row: Option<(String, String)> = sqlx::query_as(
            "SELECT jwk, status FROM authority_signing_keys WHERE authority_id = $1 AND kid = $2",
        )
        .bind(authority_id)
        .bind(kid)
        .fetch_optional(self.store.db())
        .await?;
        row.map(|(jwk, status)| {
            Ok((
                serde_json::from_str(&jwk).map_err(StoreError::corrupt)?,
                status,
            ))
        })
        .transpose()
    }

    /// The kids of an authority's signature keys that are not revoked.
    pub async fn current_authority_kids(
        &self,
        authority_id: &str,
    ) -> Result<Vec<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT kid FROM authority_signing_keys WHERE authority_id = $1 AND status = 'current'
             ORDER BY created_at, kid",
        )
        .bind(authority_id)
        .fetch_all(self.store.db())
        .await?)
    }

    /// The relay's signing key (PKCS#8 PEM, public JWK), the first one recorded.
    pub async fn relay_key(&self) -> Result<Option<(String, Value)>, StoreError> {
        let row: Option<(String, String)> = sqlx::query_as(
            "SELECT pkcs8_pem, jwk FROM relay_signing_keys ORDER BY created_at, kid LIMIT 1",
        )
        .fetch_optional(self.store.db())
        .await?;
        row.map(|(pem, jwk)| {
            Ok((
                pem,
                serde_json::from_str(&jwk).map_err(StoreError::corrupt)?,
            ))
        })
        .transpose()
    }

    /// Records a relay signing key unless one is recorded (instances starting together
    /// each make one; the first recorded is the one all use).
    pub async fn add_relay_key_if_none(
        &self,
        kid: &str,
        pem: &str,
        jwk: &Value,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO relay_signing_keys (kid, pkcs8_pem, jwk, created_at)
             SELECT $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM relay_signing_keys)",
        )
        .bind(kid)
        .bind(pem)
        .bind(jwk.to_string())
        .bind(now_text())
        .execute(self.store.db())
        .await?;
        Ok(())
    }

    /// The relay's public signature keys (all recorded), for `/.well-known/jwks.json`.
    pub async fn relay_public_keys(&self) -> Result<Vec<Value>, StoreError> {
        let rows: Vec<String> =
            sqlx::query_scalar("SELECT jwk FROM relay_signing_keys ORDER BY created_at, kid")
                .fetch_all(self.store.db())
                .await?;
        rows.iter()
            .map(|jwk| serde_json::from_str(jwk).map_err(StoreError::corrupt))
            .collect()
    }
}
