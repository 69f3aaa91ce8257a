// SPDX-License-Identifier: EUPL-1.2
//! OAuth 2.0 clients of the Submission API (FIT-Connect, issue #16) and the access tokens
//! handed to them. Secrets and tokens are kept as their SHA-256 only: both are 256-bit
//! random strings, which a plain hash protects as well as a slow one would.

use super::{Store, StoreError, now_text, sha256_hex};
use crate::security::constant_time_eq;

impl Store {
    /// The OAuth clients and their access tokens.
    pub fn oauth(&self) -> OAuth<'_> {
        OAuth { store: self }
    }
}

/// Access to `oauth_clients` and `oauth_tokens` (see [`Store::oauth`]).
pub struct OAuth<'a> {
    store: &'a Store,
}

/// A registered client, without its secret.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ClientRow {
    pub client_id: String,
    /// `sender` or `subscriber`.
    pub kind: String,
    /// Space-separated scopes the client may ask for.
    pub scopes: String,
    pub name: String,
}

/// A valid access token's client and scopes.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct TokenRow {
    pub client_id: String,
    pub scopes: String,
}

impl OAuth<'_> {
    /// Registers a client, or replaces the secret, scopes and name of one with this id.
    pub async fn put_client(&self, client: &ClientRow, secret: &str) -> Result<(), StoreError> {
        self.insert_client(
            client,
            secret,
            "DO UPDATE SET secret_sha256 = excluded.secret_sha256,
                 kind = excluded.kind, scopes = excluded.scopes, name = excluded.name",
        )
        .await?;
        Ok(())
    }

    /// Registers a client unless one with this id exists; whether it was registered.
    pub async fn add_client_if_missing(
        &self,
        client: &ClientRow,
        secret: &str,
    ) -> Result<bool, StoreError> {
        Ok(self.insert_client(client, secret, "DO NOTHING").await? > 0)
    }

    /// Inserts a client; `on_conflict` (one of the two constants above) says what an
    /// existing one with this id gets. The rows changed.
    async fn insert_client(
        &self,
        client: &ClientRow,
        secret: &str,
        on_conflict: &str,
    ) -> Result<u64, StoreError> {
        Ok(sqlx::query(&format!(
            "INSERT INTO oauth_clients (client_id, secret_sha256, kind, scopes, name, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (client_id) {on_conflict}"
        ))
        .bind(&client.client_id)
        .bind(sha256_hex(secret))
        .bind(&client.kind)
        .bind(&client.scopes)
        .bind(&client.name)
        .bind(now_text())
        .execute(self.store.db())
        .await?
        .rows_affected())
    }

    /// The client if `secret` is its secret (`None` for an unknown client or a wrong
    /// secret alike).
    pub async fn authenticate(
        &self,
        client_id: &str,
        secret: &str,
    ) -> Result<Option<ClientRow>, StoreError> {
        let row: Option<(String, String, String, String, String)> = sqlx::query_as(
            "SELECT client_id, secret_sha256, kind, scopes, name FROM oauth_clients
             WHERE client_id = $1",
        )
        .bind(client_id)
        .fetch_optional(self.store.db())
        .await?;
        let presented = sha256_hex(secret);
        Ok(row.and_then(|(client_id, hash, kind, scopes, name)| {
            constant_time_eq(hash.as_bytes(), presented.as_bytes()).then_some(ClientRow {
                client_id,
                kind,
                scopes,
                name,
            })
        }))
    }

    /// The clients, without secrets.
    pub async fn clients(&self) -> Result<Vec<ClientRow>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT client_id, kind, scopes, name FROM oauth_clients ORDER BY client_id",
        )
        .fetch_all(self.store.db())
        .await?)
    }

    /// Removes a client and its tokens; whether there was one.
    pub async fn remove_client(&self, client_id: &str) -> Result<bool, StoreError> {
        let mut tx = self.store.begin().await?;
        sqlx::query("DELETE FROM oauth_tokens WHERE client_id = $1")
            .bind(client_id)
            .execute(&mut *tx)
            .await?;
        let removed = sqlx::query("DELETE FROM oauth_clients WHERE client_id = $1")
            .bind(client_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(removed > 0)
    }

    /// Records an access token (its hash) for `client_id`, held by `holder` (see the
    /// `holder` column: '' or the requesting network), with `scopes` until `expires_at`;
    /// the holder's tokens beyond its `keep` newest are dropped, so that asking for
    /// tokens again and again cannot fill the database nor drop anybody else's.
    pub async fn add_token(
        &self,
        token: &str,
        client_id: &str,
        holder: &str,
        scopes: &str,
        expires_at: &str,
        keep: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.store.begin().await?;
        sqlx::query(
            "INSERT INTO oauth_tokens (token_sha256, client_id, holder, scopes, expires_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(sha256_hex(token))
        .bind(client_id)
        .bind(holder)
        .bind(scopes)
        .bind(expires_at)
        .execute(&mut *tx)
        .await?;
        // At most `keep` + 1 rows to look at, through the holder's index.
        sqlx::query(
            "DELETE FROM oauth_tokens WHERE client_id = $1 AND holder = $2 AND token_sha256 NOT IN
                 (SELECT token_sha256 FROM oauth_tokens WHERE client_id = $1 AND holder = $2
                  ORDER BY expires_at DESC, token_sha256 LIMIT $3)",
        )
        .bind(client_id)
        .bind(holder)
        .bind(keep)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// How many of `client_id`'s tokens are valid now, and the end of the one that ends
    /// first (as stored), if any. Counts through the holder index: for the portal's
    /// sender, about its ceiling of rows (a dozen milliseconds at 100,000), so the caller
    /// asks at most about once a second.
    pub async fn live_tokens(&self, client_id: &str) -> Result<(i64, Option<String>), StoreError> {
        Ok(sqlx::query_as(
            "SELECT count(*), min(expires_at) FROM oauth_tokens
             WHERE client_id = $1 AND expires_at > $2",
        )
        .bind(client_id)
        .bind(now_text())
        .fetch_one(self.store.db())
        .await?)
    }

    /// The holder of the most of `client_id`'s valid tokens, and how many it holds (the
    /// first by name of equal ones); `None` if none is valid. Reads every valid row of
    /// the client (through the holder index): asked only at the ceiling, and cached by
    /// the caller.
    pub async fn largest_holder(
        &self,
        client_id: &str,
    ) -> Result<Option<(String, i64)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT holder, count(*) AS held FROM oauth_tokens
             WHERE client_id = $1 AND expires_at > $2
             GROUP BY holder ORDER BY held DESC, holder LIMIT 1",
        )
        .bind(client_id)
        .bind(now_text())
        .fetch_optional(self.store.db())
        .await?)
    }

    /// How many of `client_id`'s valid tokens `holder` holds: at most its `keep` rows
    /// (see [`OAuth::add_token`]), through the holder index.
    pub async fn held_tokens(&self, client_id: &str, holder: &str) -> Result<i64, StoreError> {
        let (held,): (i64,) = sqlx::query_as(
            "SELECT count(*) FROM oauth_tokens
             WHERE client_id = $1 AND holder = $2 AND expires_at > $3",
        )
        .bind(client_id)
        .bind(holder)
        .bind(now_text())
        .fetch_one(self.store.db())
        .await?;
        Ok(held)
    }

    /// Drops `holder`'s valid token of `client_id` that ends first (its oldest: they all
    /// last as long); whether there was one. One row, found through the holder index.
    pub async fn drop_oldest_token(
        &self,
        client_id: &str,
        holder: &str,
    ) -> Result<bool, StoreError> {
        Ok(sqlx::query(
            "DELETE FROM oauth_tokens WHERE token_sha256 IN
                 (SELECT token_sha256 FROM oauth_tokens
                  WHERE client_id = $1 AND holder = $2 AND expires_at > $3
                  ORDER BY expires_at, token_sha256 LIMIT 1)",
        )
        .bind(client_id)
        .bind(holder)
        .bind(now_text())
        .execute(self.store.db())
        .await?
        .rows_affected()
            > 0)
    }

    /// The client and scopes of `token` if it is known and not expired.
    pub async fn token(&self, token: &str) -> Result<Option<TokenRow>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT t.client_id, t.scopes FROM oauth_tokens t
             JOIN oauth_clients c ON c.client_id = t.client_id
             WHERE t.token_sha256 = $1 AND t.expires_at > $2",
        )
        .bind(sha256_hex(token))
        .bind(now_text())
        .fetch_optional(self.store.db())
        .await?)
    }
}
