// SPDX-License-Identifier: EUPL-1.2
//! Authorities: their names, their contact (as routing and the citizen's status show it)
//! and their FIT-Connect destination ids.

use api_types::{Address, Authority};
use form_engine::Lang;
use sqlx::{Row, any::AnyRow};

use super::{Store, StoreError, catalogue::lang_suffix};

impl Store {
    /// The authorities (names, contacts, destination ids).
    pub fn authorities(&self) -> Authorities<'_> {
        Authorities { store: self }
    }
}

/// An authority's name and contact, as routing and the citizen's status show it, from
/// the columns [`Authorities::contact`] reads.
fn authority(row: AnyRow) -> Result<Authority, sqlx::Error> {
    Ok(Authority {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        address: Address {
            street: row.try_get("street")?,
            postcode: row.try_get("postcode")?,
            city: row.try_get("city")?,
        },
        email: row.try_get("email")?,
        phone: row.try_get("phone")?,
        website: row.try_get("website")?,
        opening_hours: row.try_get("opening_hours")?,
    })
}

/// Access to the `authorities` table (see [`Store::authorities`]).
pub struct Authorities<'a> {
    store: &'a Store,
}

impl Authorities<'_> {
    /// The address and contact of authority `id`, its name and opening hours in `lang`;
    /// `None` if there is no such authority.
    pub async fn contact(&self, id: &str, lang: Lang) -> Result<Option<Authority>, StoreError> {
        let lang = lang_suffix(lang);
        // Column names from `lang`, one of two constants.
        Ok(sqlx::query(&format!(
            "SELECT id, name_{lang} AS name, street, postcode, city, email, phone, website,
                    opening_hours_{lang} AS opening_hours
             FROM authorities WHERE id = $1"
        ))
        .bind(id)
        .try_map(authority)
        .fetch_optional(self.store.db())
        .await?)
    }
}

/// Namespace of the destinations' UUIDs (version 5, from the authority's id), so that the
/// same authority has the same destination id in every database of the Land.
const DESTINATION_NAMESPACE: uuid::Uuid =
    uuid::Uuid::from_u128(0x6f1d_3c2e_8a4b_4e0f_9b7a_2c5d_1e3f_4a6b);

/// The FIT-Connect destination id of authority `id`.
pub fn destination_id_of(id: &str) -> String {
    uuid::Uuid::new_v5(&DESTINATION_NAMESPACE, id.as_bytes()).to_string()
}

impl Authorities<'_> {
    /// Gives every authority without one its destination id ([`destination_id_of`]).
    pub async fn assign_destination_ids(&self) -> Result<(), StoreError> {
        let missing: Vec<String> =
            sqlx::query_scalar("SELECT id FROM authorities WHERE destination_id IS NULL")
                .fetch_all(self.store.db())
                .await?;
        for id in missing {
            sqlx::query(
                "UPDATE authorities SET destination_id = $1 WHERE id = $2 AND destination_id IS NULL",
            )
            .bind(destination_id_of(&id))
            .bind(&id)
            .execute(self.store.db())
            .await?;
        }
        Ok(())
    }

    /// The authority whose destination this is.
    pub async fn by_destination(&self, destination_id: &str) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT id FROM authorities WHERE destination_id = $1")
                .bind(destination_id)
                .fetch_optional(self.store.db())
                .await?,
        )
    }

    /// The destination id of authority `id`.
    pub async fn destination_id(&self, id: &str) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar::<_, Option<String>>(
            "SELECT destination_id FROM authorities WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(self.store.db())
        .await?
        .flatten())
    }
}
