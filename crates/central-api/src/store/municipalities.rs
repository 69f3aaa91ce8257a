// SPDX-License-Identifier: EUPL-1.2
//! Municipalities (`municipalities`): Kreis, Amt, Stadt, Gemeinde, with their portal's
//! theme and the origins allowed to embed it.

use std::collections::HashSet;

use api_types::{Municipality, MunicipalityRef};
use sqlx::{Row, any::AnyRow};

use super::{Store, StoreError, Tx, json_column};

impl Store {
    pub fn municipalities(&self) -> Municipalities<'_> {
        Municipalities { store: self }
    }
}

/// The municipalities.
pub struct Municipalities<'a> {
    store: &'a Store,
}

/// A municipality from the columns [`COLUMNS`], its theme as stored (the API adds what
/// it derives from it: `routes::municipalities::with_derived`).
fn municipality(row: AnyRow) -> Result<Municipality, sqlx::Error> {
    Ok(Municipality {
        ars: row.try_get("ars")?,
        name: row.try_get("name")?,
        kind: row.try_get("kind")?,
        parent_ars: row.try_get("parent_ars")?,
        theme: json_column(&row, "theme")?,
        allowed_origins: json_column(&row, "allowed_origins")?,
    })
}

/// A municipality named by its columns `ars`, `name` and `kind`.
fn municipality_ref(row: AnyRow) -> Result<MunicipalityRef, sqlx::Error> {
    Ok(MunicipalityRef {
        ars: row.try_get("ars")?,
        name: row.try_get("name")?,
        kind: row.try_get("kind")?,
    })
}

/// A municipality to store.
#[derive(Debug)]
pub struct NewMunicipality<'a> {
    pub ars: &'a str,
    pub name: &'a str,
    pub kind: &'a str,
    pub parent_ars: Option<&'a str>,
    /// The theme, JSON.
    pub theme: &'a str,
    /// The allowed origins, a JSON array of strings.
    pub allowed_origins: &'a str,
    /// The legal documents (JSON), if it has its own.
    pub legal: Option<&'a str>,
}

/// Where a seeded municipality comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeededFrom {
    /// The catalogue file, seeded again at every start.
    Catalogue,
    /// An extra file (`central-api seed --extra`), which the catalogue never overwrites.
    Extra,
}

impl SeededFrom {
    fn as_str(self) -> &'static str {
        match self {
            SeededFrom::Catalogue => "catalogue",
            SeededFrom::Extra => "extra",
        }
    }
}

const COLUMNS: &str = "ars, name, kind, parent_ars, theme, allowed_origins";

impl Municipalities<'_> {
    /// All municipalities, by ARS.
    pub async fn all(&self) -> Result<Vec<Municipality>, StoreError> {
        Ok(sqlx::query(&format!(
            "SELECT {COLUMNS} FROM municipalities ORDER BY ars"
        ))
        .try_map(municipality)
        .fetch_all(self.store.db())
        .await?)
    }

    /// The municipality with ARS `ars`.
    pub async fn find(&self, ars: &str) -> Result<Option<Municipality>, StoreError> {
        Ok(sqlx::query(&format!(
            "SELECT {COLUMNS} FROM municipalities WHERE ars = $1"
        ))
        .bind(ars)
        .try_map(municipality)
        .fetch_optional(self.store.db())
        .await?)
    }

    /// The legal documents (JSON, `legal::Legal`) of the municipality with ARS `ars`
    /// (`None`: its parent's apply) and its parent's ARS; `None` if there is no such
    /// municipality.
    pub async fn legal(
        &self,
        ars: &str,
    ) -> Result<Option<(Option<String>, Option<String>)>, StoreError> {
        Ok(
            sqlx::query_as("SELECT legal, parent_ars FROM municipalities WHERE ars = $1")
                .bind(ars)
                .fetch_optional(self.store.db())
                .await?,
        )
    }

    /// The stored theme (JSON) of the municipality with ARS `ars`.
    pub async fn theme(&self, ars: &str) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT theme FROM municipalities WHERE ars = $1")
                .bind(ars)
                .fetch_optional(self.store.db())
                .await?,
        )
    }

    /// The most specific of the municipalities with one of the `candidates` ARS (the one
    /// with the fewest trailing zeros), if any is known.
    pub async fn most_specific(
        &self,
        candidates: [&str; 3],
    ) -> Result<Option<MunicipalityRef>, StoreError> {
        Ok(sqlx::query(
            "SELECT ars, name, kind FROM municipalities WHERE ars IN ($1, $2, $3)
             ORDER BY length(rtrim(ars, '0')) DESC LIMIT 1",
        )
        .bind(candidates[0])
        .bind(candidates[1])
        .bind(candidates[2])
        .try_map(municipality_ref)
        .fetch_optional(self.store.db())
        .await?)
    }

    /// Every origin any municipality allows (for CORS); a list that does not parse
    /// allows nothing.
    pub async fn allowed_origins(&self) -> Result<HashSet<String>, StoreError> {
        let lists: Vec<String> = sqlx::query_scalar("SELECT allowed_origins FROM municipalities")
            .fetch_all(self.store.db())
            .await?;
        Ok(lists
            .iter()
            .filter_map(|list| serde_json::from_str::<Vec<String>>(list).ok())
            .flatten()
            .collect())
    }

    /// Stores a municipality (its parent must be stored already), replacing the one with
    /// its ARS unless that one came from an extra file and this one from the catalogue.
    pub async fn upsert(
        &self,
        tx: &mut Tx,
        municipality: &NewMunicipality<'_>,
        source: SeededFrom,
    ) -> Result<(), StoreError> {
        // The catalogue never overwrites what an extra file set.
        sqlx::query(
            "INSERT INTO municipalities (ars, name, kind, parent_ars, theme, allowed_origins,
                 seeded_from, legal)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (ars) DO UPDATE
             SET name = excluded.name, kind = excluded.kind, parent_ars = excluded.parent_ars,
                 theme = excluded.theme, allowed_origins = excluded.allowed_origins,
                 seeded_from = excluded.seeded_from, legal = excluded.legal
             WHERE excluded.seeded_from = 'extra' OR municipalities.seeded_from = 'catalogue'",
        )
        .bind(municipality.ars)
        .bind(municipality.name)
        .bind(municipality.kind)
        .bind(municipality.parent_ars)
        .bind(municipality.theme)
        .bind(municipality.allowed_origins)
        .bind(source.as_str())
        .bind(municipality.legal)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }
}
