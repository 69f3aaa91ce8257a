// SPDX-License-Identifier: EUPL-1.2
//! Authorities: their names, their contact (as routing and the citizen's status show it)
//! and the bearer tokens of their inboxes, which are stored as SHA-256 (hex) only and
//! checked here.

use form_engine::Lang;
use sha2::{Digest, Sha256};

use super::{Store, StoreError, catalogue::lang_suffix};
use crate::security::constant_time_eq;

impl Store {
    /// The authorities (names, inbox tokens).
    pub fn authorities(&self) -> Authorities<'_> {
        Authorities { store: self }
    }
}

/// An authority's name and contact, as routing and the citizen's status show it.
#[derive(Debug, sqlx::FromRow)]
pub struct AuthorityRow {
    pub id: String,
    /// In the language asked for.
    pub name: String,
    pub street: String,
    pub postcode: String,
    pub city: String,
    pub email: String,
    pub phone: String,
    pub website: Option<String>,
    /// In the language asked for.
    pub opening_hours: Option<String>,
}

/// Access to the `authorities` table (see [`Store::authorities`]).
pub struct Authorities<'a> {
    store: &'a Store,
}

impl Authorities<'_> {
    /// The authority's name in `lang`, `None` if there is no such authority.
    pub async fn name(&self, id: &str, lang: Lang) -> Result<Option<String>, StoreError> {
        let lang = lang.code();
        // Column name from `lang`, one of two constants.
        let name = sqlx::query_scalar(&format!(
            "SELECT name_{lang} FROM authorities WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(self.store.db())
        .await?;
        Ok(name)
    }

    /// The address and contact of authority `id`, its name and opening hours in `lang`;
    /// `None` if there is no such authority.
    pub async fn contact(&self, id: &str, lang: Lang) -> Result<Option<AuthorityRow>, StoreError> {
        let lang = lang_suffix(lang);
        // Column names from `lang`, one of two constants.
        Ok(sqlx::query_as(&format!(
            "SELECT id, name_{lang} AS name, street, postcode, city, email, phone, website,
                    opening_hours_{lang} AS opening_hours
             FROM authorities WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(self.store.db())
        .await?)
    }

    /// Sets the inbox token of authority `id` (stores its SHA-256); an unknown id changes
    /// nothing.
    pub async fn set_inbox_token(&self, id: &str, token: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE authorities SET inbox_token_sha256 = $1 WHERE id = $2")
            .bind(sha256_hex(token))
            .bind(id)
            .execute(self.store.db())
            .await?;
        Ok(())
    }

    /// Ids of the authorities without an inbox token, in order.
    pub async fn without_inbox_token(&self) -> Result<Vec<String>, StoreError> {
        let ids = sqlx::query_scalar(
            "SELECT id FROM authorities WHERE inbox_token_sha256 IS NULL ORDER BY id",
        )
        .fetch_all(self.store.db())
        .await?;
        Ok(ids)
    }

    /// Sets the inbox token of authority `id` if it has none yet; `false` if it has one
    /// (e.g. another instance starting at the same time set it first).
    pub async fn set_inbox_token_if_missing(
        &self,
        id: &str,
        token: &str,
    ) -> Result<bool, StoreError> {
        let result = sqlx::query(
            "UPDATE authorities SET inbox_token_sha256 = $1
             WHERE id = $2 AND inbox_token_sha256 IS NULL",
        )
        .bind(sha256_hex(token))
        .bind(id)
        .execute(self.store.db())
        .await?;
        Ok(result.rows_affected() > 0)
    }

    /// Whether `token` is the inbox token of authority `id` (`false` for an unknown
    /// authority or one without a token).
    pub async fn inbox_token_matches(&self, id: &str, token: &str) -> Result<bool, StoreError> {
        let stored: Option<Option<String>> =
            sqlx::query_scalar("SELECT inbox_token_sha256 FROM authorities WHERE id = $1")
                .bind(id)
                .fetch_optional(self.store.db())
                .await?;
        let presented = sha256_hex(token);
        Ok(stored
            .flatten()
            .is_some_and(|hash| constant_time_eq(hash.as_bytes(), presented.as_bytes())))
    }
}

/// Hex SHA-256 of a token, as stored.
fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
