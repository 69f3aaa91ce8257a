// SPDX-License-Identifier: EUPL-1.2
//! Responsibilities (`responsibilities`): which authority handles a service (LeiKa key)
//! in an area (ARS). The authority's contact is in `authorities.rs`.

use sqlx::AnyPool;

use super::{Store, StoreError, Tx};

impl Store {
    pub fn responsibilities(&self) -> Responsibilities<'_> {
        Responsibilities { store: self }
    }
}

/// The responsibilities.
pub struct Responsibilities<'a> {
    store: &'a Store,
}

/// The authority responsible in the most specific of the areas asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Responsible {
    pub authority_id: String,
    /// Which of the four areas matched: 4 for the first (most specific), 1 for the last.
    pub rank: i64,
}

impl Responsibilities<'_> {
    /// The authority responsible for `leika` in the most specific of `areas` (four ARS,
    /// most specific first: Gemeinde, Gemeindeverband, Kreis, Land).
    pub async fn competent(
        &self,
        leika: &str,
        areas: [&str; 4],
    ) -> Result<Option<Responsible>, StoreError> {
        Ok(competent_on(self.store.db(), leika, areas).await?)
    }

    /// `(LeiKa key, ARS)` of every responsibility of `authority_id`: the services it
    /// offers as a destination and the areas it serves them in.
    pub async fn of_authority(
        &self,
        authority_id: &str,
    ) -> Result<Vec<(String, String)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT leika, ars FROM responsibilities WHERE authority_id = $1 ORDER BY leika, ars",
        )
        .bind(authority_id)
        .fetch_all(self.store.db())
        .await?)
    }

    /// Removes every responsibility (seeding replaces them by the catalogue's).
    pub async fn clear(&self, tx: &mut Tx) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM responsibilities")
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// Records that `authority_id` handles `leika` in the area `ars`.
    pub async fn insert(
        &self,
        tx: &mut Tx,
        leika: &str,
        ars: &str,
        authority_id: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO responsibilities (leika, ars, authority_id) VALUES ($1, $2, $3)")
            .bind(leika)
            .bind(ars)
            .bind(authority_id)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }
}

/// [`Responsibilities::competent`].
async fn competent_on(
    db: &AnyPool,
    leika: &str,
    areas: [&str; 4],
) -> Result<Option<Responsible>, sqlx::Error> {
    let row: Option<(String, i64)> = sqlx::query_as(
        "SELECT authority_id,
                CASE ars WHEN $2 THEN 4 WHEN $3 THEN 3 WHEN $4 THEN 2 ELSE 1 END AS level
         FROM responsibilities
         WHERE leika = $1 AND ars IN ($2, $3, $4, $5)
         ORDER BY level DESC LIMIT 1",
    )
    .bind(leika)
    .bind(areas[0])
    .bind(areas[1])
    .bind(areas[2])
    .bind(areas[3])
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(authority_id, rank)| Responsible { authority_id, rank }))
}
