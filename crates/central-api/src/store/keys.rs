// SPDX-License-Identifier: EUPL-1.2
//! The authorities' public encryption keys (`authority_keys`: status and validity of
//! each, at most one `current` per authority; `authorities.public_jwk` mirrors the
//! current one) and the Land's signatures of the destinations' parameters
//! (`destination_signatures`). Private keys never enter the database: the authorities
//! make them and keep them (see [`crate::custody`]).

use serde_json::Value;

use super::{Store, StoreError, now_text};

impl Store {
    pub fn keys(&self) -> Keys<'_> {
        Keys { store: self }
    }
}

/// The public keys and the Land's signatures.
pub struct Keys<'a> {
    store: &'a Store,
}

/// A registered public key.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyRow {
    pub authority_id: String,
    pub kid: String,
    /// The public JWK as registered.
    pub jwk: Value,
    /// `current`, `decrypt-only` or `revoked`.
    pub status: String,
    /// End of validity, RFC 3339 in UTC (text order is time order).
    pub not_after: String,
    pub created_at: String,
}

type KeyTuple = (String, String, String, String, String, String);

fn key_row(
    (authority_id, kid, jwk, status, not_after, created_at): KeyTuple,
) -> Result<KeyRow, StoreError> {
    Ok(KeyRow {
        authority_id,
        kid,
        jwk: serde_json::from_str(&jwk).map_err(StoreError::corrupt)?,
        status,
        not_after,
        created_at,
    })
}

const KEY_COLUMNS: &str = "authority_id, kid, jwk, status, not_after, created_at";

/// What [`Keys::add_current`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    /// The key is the authority's current key now.
    Added,
    /// The kid is registered already (for this or another authority): nothing changed.
    KidTaken,
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

    /// Every key of an authority, the newest first.
    pub async fn of(&self, authority_id: &str) -> Result<Vec<KeyRow>, StoreError> {
        let rows: Vec<KeyTuple> = sqlx::query_as(&format!(
            "SELECT {KEY_COLUMNS} FROM authority_keys WHERE authority_id = $1 ORDER BY id DESC"
        ))
        .bind(authority_id)
        .fetch_all(self.store.db())
        .await?;
        rows.into_iter().map(key_row).collect()
    }

    /// The key named `kid`, of whichever authority.
    pub async fn by_kid(&self, kid: &str) -> Result<Option<KeyRow>, StoreError> {
        let row: Option<KeyTuple> = sqlx::query_as(&format!(
            "SELECT {KEY_COLUMNS} FROM authority_keys WHERE kid = $1"
        ))
        .bind(kid)
        .fetch_optional(self.store.db())
        .await?;
        row.map(key_row).transpose()
    }

    /// Records `jwk` (named `kid`) as the authority's current key, valid until
    /// `not_after`; its current key so far, if any, becomes `decrypt-only`. One
    /// transaction: there is never a moment with two current keys or none.
    pub async fn add_current(
        &self,
        authority_id: &str,
        kid: &str,
        jwk: &Value,
        not_after: &str,
    ) -> Result<Added, StoreError> {
        let mut tx = self.store.begin().await?;
        let taken: Option<String> =
            sqlx::query_scalar("SELECT kid FROM authority_keys WHERE kid = $1")
                .bind(kid)
                .fetch_optional(&mut *tx)
                .await?;
        if taken.is_some() {
            return Ok(Added::KidTaken);
        }
        sqlx::query(
            "UPDATE authority_keys SET status = 'decrypt-only'
             WHERE authority_id = $1 AND status = 'current'",
        )
        .bind(authority_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO authority_keys (authority_id, kid, jwk, status, not_after, created_at)
             VALUES ($1, $2, $3, 'current', $4, $5)",
        )
        .bind(authority_id)
        .bind(kid)
        .bind(jwk.to_string())
        .bind(not_after)
        .bind(now_text())
        .execute(&mut *tx)
        .await?;
        set_public_jwk(&mut tx, authority_id, Some(jwk.to_string())).await?;
        tx.commit().await?;
        Ok(Added::Added)
    }

    /// Replaces the stored JWK of the authority's current key `kid` (its certificate chain
    /// added or renewed: the key itself is the same); `false` if that is no current key.
    pub async fn replace_current_jwk(
        &self,
        authority_id: &str,
        kid: &str,
        jwk: &Value,
    ) -> Result<bool, StoreError> {
        let mut tx = self.store.begin().await?;
        let changed = sqlx::query(
            "UPDATE authority_keys SET jwk = $1
             WHERE authority_id = $2 AND kid = $3 AND status = 'current'",
        )
        .bind(jwk.to_string())
        .bind(authority_id)
        .bind(kid)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed > 0 {
            set_public_jwk(&mut tx, authority_id, Some(jwk.to_string())).await?;
        }
        tx.commit().await?;
        Ok(changed > 0)
    }

    /// Sets the status of the authority's key `kid`; `false` if it has no such key. A
    /// key that stops being current leaves the authority without a current key.
    pub async fn set_status(
        &self,
        authority_id: &str,
        kid: &str,
        status: &str,
    ) -> Result<bool, StoreError> {
        let mut tx = self.store.begin().await?;
        let changed = sqlx::query(
            "UPDATE authority_keys SET status = $1 WHERE authority_id = $2 AND kid = $3",
        )
        .bind(status)
        .bind(authority_id)
        .bind(kid)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let current: Option<String> = sqlx::query_scalar(
            "SELECT jwk FROM authority_keys WHERE authority_id = $1 AND status = 'current'",
        )
        .bind(authority_id)
        .fetch_optional(&mut *tx)
        .await?;
        set_public_jwk(&mut tx, authority_id, current).await?;
        tx.commit().await?;
        Ok(changed > 0)
    }

    /// The LeiKa keys of the services the authority is responsible for anywhere, sorted.
    pub async fn services_of(&self, authority_id: &str) -> Result<Vec<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT DISTINCT leika FROM responsibilities WHERE authority_id = $1 ORDER BY leika",
        )
        .bind(authority_id)
        .fetch_all(self.store.db())
        .await?)
    }

    /// The Land's signature of the authority's destination parameters: the canonical
    /// JSON signed and the detached JWS, if `central-api land sign` signed them.
    pub async fn signature(
        &self,
        authority_id: &str,
    ) -> Result<Option<(String, String)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT payload, signature FROM destination_signatures WHERE authority_id = $1",
        )
        .bind(authority_id)
        .fetch_optional(self.store.db())
        .await?)
    }

    /// Stores (or replaces) the Land's signature of the authority's parameters.
    pub async fn store_signature(
        &self,
        authority_id: &str,
        payload: &str,
        signature: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO destination_signatures (authority_id, payload, signature, signed_at)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (authority_id) DO UPDATE
             SET payload = excluded.payload, signature = excluded.signature,
                 signed_at = excluded.signed_at",
        )
        .bind(authority_id)
        .bind(payload)
        .bind(signature)
        .bind(now_text())
        .execute(self.store.db())
        .await?;
        Ok(())
    }
}

/// Keeps the authority's row naming its current key's JWK (none: no current key), in the
/// transaction that changed its keys.
async fn set_public_jwk(
    tx: &mut super::Tx,
    authority_id: &str,
    jwk: Option<String>,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE authorities SET public_jwk = $1 WHERE id = $2")
        .bind(jwk)
        .bind(authority_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
