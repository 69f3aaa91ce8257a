// SPDX-License-Identifier: EUPL-1.2
//! Places (`places`): a postcode and a place name with the ARS that routing needs.

use api_types::Place;
use sqlx::{Row, any::AnyRow};

use super::{Backend, Store, StoreError, Tx};

impl Store {
    pub fn places(&self) -> Places<'_> {
        Places { store: self }
    }
}

/// The places.
pub struct Places<'a> {
    store: &'a Store,
}

/// A place from the columns `name`, `postcode` and `ars`; its municipality is looked up
/// apart.
fn place(row: AnyRow) -> Result<Place, sqlx::Error> {
    Ok(Place {
        name: row.try_get("name")?,
        postcode: row.try_get("postcode")?,
        ars: row.try_get("ars")?,
        municipality: None,
    })
}

/// A place to store.
#[derive(Debug)]
pub struct NewPlace<'a> {
    pub name: &'a str,
    pub postcode: &'a str,
    pub ars: &'a str,
    /// The folded search column (see [`crate::search::search_column`]).
    pub search: &'a str,
}

impl Places<'_> {
    /// Places whose postcode starts with `prefix`, by postcode and name; at most `limit`.
    pub async fn with_postcode_prefix(
        &self,
        prefix: &str,
        limit: i64,
    ) -> Result<Vec<Place>, StoreError> {
        // PostgreSQL cannot tell the type of a bare parameter in `length($1)`.
        let sql = format!(
            "SELECT name, postcode, ars FROM places
             WHERE substr(postcode, 1, length(CAST($1 AS TEXT))) = CAST($1 AS TEXT)
             ORDER BY postcode, {} LIMIT $2",
            self.name_order()
        );
        Ok(sqlx::query(&sql)
            .bind(prefix)
            .bind(limit)
            .try_map(place)
            .fetch_all(self.store.db())
            .await?)
    }

    /// Places whose search column contains `folded` (a query folded with
    /// [`crate::search::fold`]), earliest match first, then by name; at most `limit`.
    pub async fn search(&self, folded: &str, limit: i64) -> Result<Vec<Place>, StoreError> {
        let position = self.store.position("$1", "search");
        let sql = format!(
            "SELECT name, postcode, ars FROM places WHERE {position} > 0
             ORDER BY {position}, {} LIMIT $2",
            self.name_order()
        );
        Ok(sqlx::query(&sql)
            .bind(folded)
            .bind(limit)
            .try_map(place)
            .fetch_all(self.store.db())
            .await?)
    }

    /// Names ordered by their bytes on both databases (SQLite's order; PostgreSQL would
    /// otherwise follow the database's locale).
    fn name_order(&self) -> &'static str {
        match self.store.backend() {
            Backend::Sqlite => "name",
            Backend::Postgres => "name COLLATE \"C\"",
        }
    }

    /// Stores a place, replacing the ARS and search column of the one with its postcode
    /// and name.
    pub async fn upsert(&self, tx: &mut Tx, place: &NewPlace<'_>) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO places (name, postcode, ars, search) VALUES ($1, $2, $3, $4)
             ON CONFLICT (postcode, name) DO UPDATE SET ars = excluded.ars,
                 search = excluded.search",
        )
        .bind(place.name)
        .bind(place.postcode)
        .bind(place.ars)
        .bind(place.search)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }
}
