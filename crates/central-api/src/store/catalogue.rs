// SPDX-License-Identifier: EUPL-1.2
//! The catalogue: services (`services`) with their search column, categories and life
//! situations (`topics`, `service_topics`), the services each municipality's portal
//! offers (`municipality_services`), and the authorities seeded with it (`authorities`).

use api_types::{FormRef, Provider, ServiceDetail, ServiceSummary, Topic};
use form_engine::Lang;
use serde::Deserialize;
use sqlx::{Row, any::AnyRow};

use super::{Backend, Store, StoreError, Tx, json_column};
use crate::seed::Document;

impl Store {
    pub fn catalogue(&self) -> Catalogue<'_> {
        Catalogue { store: self }
    }
}

/// The catalogue.
pub struct Catalogue<'a> {
    store: &'a Store,
}

/// The suffix of the columns holding a text in `lang` (`name_de`, `name_en`, …): one of
/// two constants, so that column names built from it are safe.
pub(crate) fn lang_suffix(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        _ => "de",
    }
}

/// `group_concat(expr, ' ')` in the backend's dialect: the values of `expr` in a group,
/// joined by spaces.
fn joined_by_spaces(store: &Store, expr: &str) -> String {
    match store.backend() {
        Backend::Sqlite => format!("group_concat({expr}, ' ')"),
        Backend::Postgres => format!("string_agg({expr}, ' ')"),
    }
}

/// The key of the advisory lock seeding holds on PostgreSQL ("bp-seed!").
const SEED_LOCK: i64 = i64::from_be_bytes(*b"bp-seed!");

/// A category or a life situation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopicKind {
    Category,
    LifeSituation,
}

impl TopicKind {
    fn as_str(self) -> &'static str {
        match self {
            TopicKind::Category => "category",
            TopicKind::LifeSituation => "life_situation",
        }
    }
}

/// A text (or `T`) in German and English: as the catalogue file gives it, and as stored
/// (in the columns `…_de` and `…_en`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Localized<T = String> {
    pub de: T,
    pub en: T,
}

/// What a service's page says, each text in German and English; the API's
/// [`ServiceDetail`] gives them in the language asked for.
#[derive(Debug, Deserialize)]
pub struct ServiceTexts {
    pub name: Localized,
    pub summary: Localized,
    pub description: Localized,
    pub fees: Localized,
    pub processing_time: Localized,
    pub legal_basis: Localized,
}

/// Which of a portal's services to list: all of `terms` (folded, see
/// [`crate::search::query_terms`]) in the search column, all of `topics` (ids of categories
/// or life situations), and, if `popular_only`, only the most used.
#[derive(Debug, Default)]
pub struct OfferFilter<'a> {
    pub terms: &'a [String],
    pub topics: Vec<&'a str>,
    pub popular_only: bool,
}

/// The service's form from the columns `form_id` and `form_version` (its newest stored
/// version): `None` without a stored one.
fn form(row: &AnyRow) -> Result<Option<FormRef>, sqlx::Error> {
    let id: Option<String> = row.try_get("form_id")?;
    let version: Option<i64> = row.try_get("form_version")?;
    let version = version.and_then(|v| u32::try_from(v).ok());
    Ok(id.zip(version).map(|(id, version)| FormRef { id, version }))
}

/// The body offering the service in place of the municipality, from the columns
/// `provider_id` and `provider_name`.
fn provider(row: &AnyRow) -> Result<Option<Provider>, sqlx::Error> {
    let id: Option<String> = row.try_get("provider_id")?;
    let name: Option<String> = row.try_get("provider_name")?;
    Ok(id.zip(name).map(|(id, name)| Provider { id, name }))
}

/// A category or life situation from the columns `id` and `name`.
fn topic(row: AnyRow) -> Result<Topic, sqlx::Error> {
    Ok(Topic {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
    })
}

/// A service from the columns [`Catalogue::service`] reads; its topics are read apart.
fn service_detail(row: AnyRow) -> Result<ServiceDetail, sqlx::Error> {
    let documents: Vec<Document> = json_column(&row, "documents")?;
    Ok(ServiceDetail {
        leika: row.try_get("leika")?,
        name: row.try_get("name")?,
        summary: row.try_get("summary")?,
        description: row.try_get("description")?,
        fees: row.try_get("fees")?,
        processing_time: row.try_get("processing_time")?,
        documents: documents.iter().map(|d| d.text().to_owned()).collect(),
        documents_separately: documents
            .iter()
            .filter(|d| d.separately())
            .map(|d| d.text().to_owned())
            .collect(),
        legal_basis: row.try_get("legal_basis")?,
        form: form(&row)?,
        external_url: row.try_get("external_url")?,
        categories: Vec::new(),
        life_situations: Vec::new(),
        routing: row.try_get("routing")?,
        popular: row.try_get::<i64, _>("popular")? != 0,
        provider: provider(&row)?,
    })
}

/// A service as a portal lists it, from the columns [`Catalogue::offered`] reads.
fn service_summary(row: AnyRow) -> Result<ServiceSummary, sqlx::Error> {
    // `kind:id` of each of its topics, separated by spaces.
    let topics: Option<String> = row.try_get("topics")?;
    let topics = topics.unwrap_or_default();
    let of_kind = |kind: TopicKind| -> Vec<String> {
        let prefix = format!("{}:", kind.as_str());
        topics
            .split(' ')
            .filter_map(|t| t.strip_prefix(prefix.as_str()))
            .map(str::to_owned)
            .collect()
    };
    Ok(ServiceSummary {
        leika: row.try_get("leika")?,
        name: row.try_get("name")?,
        summary: row.try_get("summary")?,
        form: form(&row)?,
        external_url: row.try_get("external_url")?,
        categories: of_kind(TopicKind::Category),
        life_situations: of_kind(TopicKind::LifeSituation),
        popular: row.try_get::<i64, _>("popular")? != 0,
        provider: provider(&row)?,
    })
}

/// A topic to store.
#[derive(Debug)]
pub struct NewTopic<'a> {
    pub id: &'a str,
    pub kind: TopicKind,
    pub name: &'a Localized,
    /// Its place in the lists of topics.
    pub position: usize,
}

/// A service to store.
#[derive(Debug)]
pub struct NewService<'a> {
    pub leika: &'a str,
    pub texts: &'a ServiceTexts,
    /// JSON arrays of [`Document`]s.
    pub documents: &'a Localized,
    pub form_id: Option<&'a str>,
    pub external_url: Option<&'a str>,
    /// The folded search column (see [`crate::search::search_column`]).
    pub search: &'a str,
    pub popular: bool,
    /// `place_required` or `fixed`.
    pub routing: &'a str,
    pub provider_id: Option<&'a str>,
}

/// An authority to store.
#[derive(Debug)]
pub struct NewAuthority<'a> {
    pub id: &'a str,
    pub name: &'a Localized,
    pub street: &'a str,
    pub postcode: &'a str,
    pub city: &'a str,
    pub email: &'a str,
    pub phone: &'a str,
    pub website: Option<&'a str>,
    /// Opening hours in German and English, if known.
    pub opening_hours: Option<&'a Localized>,
}

/// `position` for an INTEGER column.
fn position_value(position: usize) -> i64 {
    i64::try_from(position).unwrap_or(i64::MAX)
}

impl Catalogue<'_> {
    /// How many services there are (readiness: the tables exist and answer).
    pub async fn service_count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT count(*) FROM services")
            .fetch_one(self.store.db())
            .await?)
    }

    /// The service with LeiKa key `leika`, its texts and topics in `lang`.
    pub async fn service(
        &self,
        leika: &str,
        lang: Lang,
    ) -> Result<Option<ServiceDetail>, StoreError> {
        let suffix = lang_suffix(lang);
        // Column names come from `lang`, which is one of two constants.
        let found = sqlx::query(&format!(
            "SELECT s.leika, s.name_{suffix} AS name, s.summary_{suffix} AS summary,
                    s.description_{suffix} AS description, s.fees_{suffix} AS fees,
                    s.processing_time_{suffix} AS processing_time,
                    s.documents_{suffix} AS documents, s.legal_basis_{suffix} AS legal_basis,
                    f.id AS form_id, f.version AS form_version, s.external_url,
                    s.routing, s.popular, p.id AS provider_id, p.name_{suffix} AS provider_name
             FROM services s
             LEFT JOIN authorities p ON p.id = s.provider_id
             LEFT JOIN (SELECT id, max(version) AS version FROM form_definitions GROUP BY id) f
                  ON f.id = s.form_id
             WHERE s.leika = $1"
        ))
        .bind(leika)
        .try_map(service_detail)
        .fetch_optional(self.store.db())
        .await?;
        let Some(mut service) = found else {
            return Ok(None);
        };
        service.categories = self
            .service_topics(leika, TopicKind::Category, lang)
            .await?;
        service.life_situations = self
            .service_topics(leika, TopicKind::LifeSituation, lang)
            .await?;
        Ok(Some(service))
    }

    /// The topics of `kind` of service `leika`, names in `lang`, in the topics' order.
    async fn service_topics(
        &self,
        leika: &str,
        kind: TopicKind,
        lang: Lang,
    ) -> Result<Vec<Topic>, StoreError> {
        let lang = lang_suffix(lang);
        // Column name from `lang`, one of two constants.
        Ok(sqlx::query(&format!(
            "SELECT t.id, t.name_{lang} AS name
                 FROM service_topics st JOIN topics t ON t.id = st.topic_id
                 WHERE st.leika = $1 AND t.kind = $2
                 ORDER BY t.position"
        ))
        .bind(leika)
        .bind(kind.as_str())
        .try_map(topic)
        .fetch_all(self.store.db())
        .await?)
    }

    /// The form of service `leika` with its newest stored version: `None` if there is no
    /// such service, `Some(None)` if it has no stored form (it links to an external online
    /// service).
    pub async fn service_form(&self, leika: &str) -> Result<Option<Option<FormRef>>, StoreError> {
        Ok(sqlx::query(
            "SELECT s.form_id,
                    (SELECT max(version) FROM form_definitions WHERE id = s.form_id) AS form_version
             FROM services s WHERE s.leika = $1",
        )
        .bind(leika)
        .try_map(|row| form(&row))
        .fetch_optional(self.store.db())
        .await?)
    }

    /// The services the portal of municipality `ars` offers that pass `filter`, in the
    /// portal's order, texts in `lang`.
    pub async fn offered(
        &self,
        ars: &str,
        lang: Lang,
        filter: &OfferFilter<'_>,
    ) -> Result<Vec<ServiceSummary>, StoreError> {
        let lang = lang_suffix(lang);
        let topics = joined_by_spaces(self.store, "t.kind || ':' || t.id");
        // Column names come from `lang`, which is one of two constants.
        let mut sql = format!(
            "SELECT s.leika, s.name_{lang} AS name, s.summary_{lang} AS summary,
                    f.id AS form_id, f.version AS form_version, s.external_url, s.popular,
                    p.id AS provider_id, p.name_{lang} AS provider_name,
                    (SELECT {topics}
                     FROM service_topics st JOIN topics t ON t.id = st.topic_id
                     WHERE st.leika = s.leika) AS topics
             FROM municipality_services ms
             JOIN services s ON s.leika = ms.leika
             LEFT JOIN authorities p ON p.id = s.provider_id
             LEFT JOIN (SELECT id, max(version) AS version FROM form_definitions GROUP BY id) f
                  ON f.id = s.form_id
             WHERE ms.ars = $1"
        );
        // Parameters are numbered here: sqlx's query builder writes `?` on `Any`, which
        // PostgreSQL does not understand.
        let mut values: Vec<&str> = vec![ars];
        for term in filter.terms {
            values.push(term);
            let position = self
                .store
                .position(&format!("${}", values.len()), "s.search");
            sql.push_str(&format!(" AND {position} > 0"));
        }
        for topic in &filter.topics {
            values.push(topic);
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM service_topics st \
                 WHERE st.leika = s.leika AND st.topic_id = ${})",
                values.len()
            ));
        }
        if filter.popular_only {
            sql.push_str(" AND s.popular = 1");
        }
        sql.push_str(" ORDER BY ms.position, s.leika");
        let mut query = sqlx::query(&sql);
        for value in values {
            query = query.bind(value);
        }
        Ok(query
            .try_map(service_summary)
            .fetch_all(self.store.db())
            .await?)
    }

    /// The topics of `kind` of the services the portal of municipality `ars` offers
    /// (whatever a filter), names in `lang`, in the topics' order.
    pub async fn offered_topics(
        &self,
        ars: &str,
        kind: TopicKind,
        lang: Lang,
    ) -> Result<Vec<Topic>, StoreError> {
        let lang = lang_suffix(lang);
        // Column name from `lang`, one of two constants. Each topic once: EXISTS rather
        // than DISTINCT, which PostgreSQL refuses with an ORDER BY on another column.
        Ok(sqlx::query(&format!(
            "SELECT t.id, t.name_{lang} AS name
                 FROM topics t
                 WHERE t.kind = $2 AND EXISTS (
                     SELECT 1 FROM service_topics st
                     JOIN municipality_services ms ON ms.leika = st.leika
                     WHERE st.topic_id = t.id AND ms.ars = $1)
                 ORDER BY t.position"
        ))
        .bind(ars)
        .bind(kind.as_str())
        .try_map(topic)
        .fetch_all(self.store.db())
        .await?)
    }

    /// Makes concurrent seeds of one database run one after the other: on PostgreSQL
    /// (several API instances may start at once on one database, each seeding) an
    /// advisory lock held until `tx` ends; to be the first statement of the seeding
    /// transaction. SQLite has one writer at a time anyway.
    pub async fn lock_for_seeding(&self, tx: &mut Tx) -> Result<(), StoreError> {
        if self.store.backend() == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(SEED_LOCK)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    /// Stores an authority, replacing the one with its id (its keys and inbox token stay).
    pub async fn upsert_authority(
        &self,
        tx: &mut Tx,
        authority: &NewAuthority<'_>,
    ) -> Result<(), StoreError> {
        let address = format!(
            "{}, {} {}",
            authority.street, authority.postcode, authority.city
        );
        sqlx::query(
            "INSERT INTO authorities (id, name_de, name_en, address, email, phone, street,
                 postcode, city, website, opening_hours_de, opening_hours_en)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
             ON CONFLICT (id) DO UPDATE
             SET name_de = excluded.name_de, name_en = excluded.name_en,
                 address = excluded.address, email = excluded.email, phone = excluded.phone,
                 street = excluded.street, postcode = excluded.postcode, city = excluded.city,
                 website = excluded.website, opening_hours_de = excluded.opening_hours_de,
                 opening_hours_en = excluded.opening_hours_en",
        )
        .bind(authority.id)
        .bind(&authority.name.de)
        .bind(&authority.name.en)
        .bind(address)
        .bind(authority.email)
        .bind(authority.phone)
        .bind(authority.street)
        .bind(authority.postcode)
        .bind(authority.city)
        .bind(authority.website)
        .bind(authority.opening_hours.map(|h| h.de.as_str()))
        .bind(authority.opening_hours.map(|h| h.en.as_str()))
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Stores a category or life situation, replacing the one with its id.
    pub async fn upsert_topic(&self, tx: &mut Tx, topic: &NewTopic<'_>) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO topics (id, kind, name_de, name_en, position) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name_de = excluded.name_de,
                 name_en = excluded.name_en, position = excluded.position",
        )
        .bind(topic.id)
        .bind(topic.kind.as_str())
        .bind(&topic.name.de)
        .bind(&topic.name.en)
        .bind(position_value(topic.position))
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Stores a service, replacing the one with its LeiKa key.
    pub async fn upsert_service(
        &self,
        tx: &mut Tx,
        service: &NewService<'_>,
    ) -> Result<(), StoreError> {
        let texts = service.texts;
        sqlx::query(
            "INSERT INTO services (leika, name_de, name_en, summary_de, summary_en,
                 description_de, description_en, fees_de, fees_en,
                 processing_time_de, processing_time_en, documents_de, documents_en,
                 legal_basis_de, legal_basis_en, form_id, external_url, search, popular,
                 routing, provider_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
                 $17, $18, $19, $20, $21)
             ON CONFLICT (leika) DO UPDATE SET
                 name_de = excluded.name_de, name_en = excluded.name_en,
                 summary_de = excluded.summary_de, summary_en = excluded.summary_en,
                 description_de = excluded.description_de,
                 description_en = excluded.description_en,
                 fees_de = excluded.fees_de, fees_en = excluded.fees_en,
                 processing_time_de = excluded.processing_time_de,
                 processing_time_en = excluded.processing_time_en,
                 documents_de = excluded.documents_de, documents_en = excluded.documents_en,
                 legal_basis_de = excluded.legal_basis_de,
                 legal_basis_en = excluded.legal_basis_en,
                 form_id = excluded.form_id,
                 external_url = excluded.external_url, search = excluded.search,
                 popular = excluded.popular, routing = excluded.routing,
                 provider_id = excluded.provider_id",
        )
        .bind(service.leika)
        .bind(&texts.name.de)
        .bind(&texts.name.en)
        .bind(&texts.summary.de)
        .bind(&texts.summary.en)
        .bind(&texts.description.de)
        .bind(&texts.description.en)
        .bind(&texts.fees.de)
        .bind(&texts.fees.en)
        .bind(&texts.processing_time.de)
        .bind(&texts.processing_time.en)
        .bind(&service.documents.de)
        .bind(&service.documents.en)
        .bind(&texts.legal_basis.de)
        .bind(&texts.legal_basis.en)
        .bind(service.form_id)
        .bind(service.external_url)
        .bind(service.search)
        .bind(i64::from(service.popular))
        .bind(service.routing)
        .bind(service.provider_id)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Files service `leika` under the category or life situation `topic_id`.
    pub async fn add_service_topic(
        &self,
        tx: &mut Tx,
        leika: &str,
        topic_id: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO service_topics (leika, topic_id) VALUES ($1, $2)")
            .bind(leika)
            .bind(topic_id)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// Removes every service's topics and every portal's offerings: seeding replaces
    /// these links by the catalogue's.
    pub async fn clear_links(&self, tx: &mut Tx) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM service_topics")
            .execute(&mut **tx)
            .await?;
        sqlx::query("DELETE FROM municipality_services")
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// Lists service `leika` on the portal of municipality `ars` at `position`.
    pub async fn add_offering(
        &self,
        tx: &mut Tx,
        ars: &str,
        leika: &str,
        position: usize,
    ) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO municipality_services (ars, leika, position) VALUES ($1, $2, $3)")
            .bind(ars)
            .bind(leika)
            .bind(position_value(position))
            .execute(&mut **tx)
            .await?;
        Ok(())
    }
}
