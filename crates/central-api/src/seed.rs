// SPDX-License-Identifier: EUPL-1.2
//! Demo data: Kreis Dithmarschen's portal, its towns and Ämter, authorities, services,
//! categories, places, routing (`demo/catalogue.json`) and the demo form definitions
//! (`demo/forms/*.json`), all embedded at build time. Seeded idempotently (upsert) at every
//! start and by `central-api seed`.

use serde::Deserialize;

use crate::{
    forms,
    search::search_column,
    store::{
        Store, StoreError,
        catalogue::{Localized, NewAuthority, NewService, NewTopic, ServiceTexts, TopicKind},
        municipalities::{NewMunicipality, SeededFrom},
        places::NewPlace,
    },
};

/// The demo catalogue shipped with the server.
pub const DEMO_CATALOGUE: &str = include_str!("../demo/catalogue.json");

include!(concat!(env!("OUT_DIR"), "/demo_forms.rs"));

/// ARS of Kreis Dithmarschen.
pub const ARS_DITHMARSCHEN: &str = "010510000000";
/// ARS of the town of Heide.
pub const ARS_HEIDE: &str = "010510044044";
/// ARS of the town of Brunsbüttel.
pub const ARS_BRUNSBUETTEL: &str = "010510011011";
/// ARS of Amt Kirchspielslandgemeinde Heider Umland (a Gemeindeverband).
pub const ARS_AMT_HEIDER_UMLAND: &str = "010515172000";
/// ARS of Hemmingstedt, a village of Amt Heider Umland.
pub const ARS_HEMMINGSTEDT: &str = "010515172048";
/// ARS standing for the whole Land Schleswig-Holstein in routing.
pub const ARS_SCHLESWIG_HOLSTEIN: &str = "010000000000";

/// LeiKa key of Gewerbeanmeldung.
pub const LEIKA_GEWERBEANMELDUNG: &str = "99050012104000";
/// LeiKa key of Versammlungsanzeige (demo key).
pub const LEIKA_VERSAMMLUNGSANZEIGE: &str = "99035001000000";
/// LeiKa key of Baumfällgenehmigung (demo key).
pub const LEIKA_BAUMFAELLGENEHMIGUNG: &str = "99136002000000";
/// LeiKa key of Kleiner Waffenschein (demo key).
pub const LEIKA_KLEINER_WAFFENSCHEIN: &str = "99089013000000";
/// LeiKa key of vehicle registration, iKFZ (demo key).
pub const LEIKA_IKFZ: &str = "99036012104000";

/// The demo catalogue file: everything but the form definitions.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogueFile {
    pub categories: Vec<Topic>,
    pub life_situations: Vec<Topic>,
    pub municipalities: Vec<Municipality>,
    pub authorities: Vec<Authority>,
    pub services: Vec<Service>,
    pub offerings: Vec<Offering>,
    pub places: Vec<Place>,
    pub responsibilities: Vec<Responsibility>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    pub id: String,
    pub name: Localized,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Municipality {
    pub ars: String,
    pub name: String,
    pub kind: String,
    pub parent_ars: Option<String>,
    pub theme: serde_json::Value,
    #[serde(default)]
    pub allowed_origins: Vec<String>,
    /// Its legal and accessibility pages; without: the parent's apply (see `legal`).
    #[serde(default)]
    pub legal: Option<crate::legal::Legal>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Authority {
    pub id: String,
    pub name: Localized,
    pub street: String,
    pub postcode: String,
    pub city: String,
    pub email: String,
    pub phone: String,
    #[serde(default)]
    pub website: Option<String>,
    /// When it is open to the public, if known (shown with its contact).
    #[serde(default)]
    pub opening_hours: Option<Localized>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    pub leika: String,
    /// Its name, summary, description, fees, processing time and legal basis, each in
    /// German and English (in the file, members of the service's entry itself).
    #[serde(flatten)]
    pub texts: ServiceTexts,
    pub documents: Localized<Vec<Document>>,
    #[serde(default)]
    pub keywords: String,
    /// Candidate form ids, first preferred; the first one with a stored definition wins.
    #[serde(default)]
    pub form: Vec<String>,
    #[serde(default)]
    pub external_url: Option<String>,
    /// The body offering the service online, if not the municipality (e.g. `ea-sh`).
    #[serde(default)]
    pub provider: Option<String>,
    #[serde(default)]
    pub categories: Vec<String>,
    #[serde(default)]
    pub life_situations: Vec<String>,
    #[serde(default)]
    pub popular: bool,
    /// `place_required` or `fixed`.
    pub routing: String,
}

/// A document the service needs: its text, or `{text, separately: true}` for one the
/// service's form has no upload for, to be brought or sent separately (the service page
/// says so). Stored as such in the service's `documents_de`/`documents_en` column.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(untagged)]
pub enum Document {
    Text(String),
    Marked {
        text: String,
        #[serde(default)]
        separately: bool,
    },
}

impl Document {
    pub fn text(&self) -> &str {
        match self {
            Document::Text(text) | Document::Marked { text, .. } => text,
        }
    }

    /// Whether the form does not take it: it is brought or sent separately.
    pub fn separately(&self) -> bool {
        matches!(
            self,
            Document::Marked {
                separately: true,
                ..
            }
        )
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Offering {
    pub ars: String,
    pub services: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    pub name: String,
    pub postcode: String,
    pub ars: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Responsibility {
    pub leika: String,
    pub ars: String,
    pub authority: String,
}

/// Error while seeding.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("catalogue file: {0}")]
    Catalogue(#[from] serde_json::Error),
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("municipality {ars}: {problem}")]
    Municipality { ars: String, problem: String },
    /// An entry of the catalogue that the database would refuse (a key twice, a reference
    /// to nothing), named by its list and key before anything is written.
    #[error("catalogue: {at}: {problem}")]
    Entry { at: String, problem: String },
}

impl Municipality {
    /// Checks what the API and the portal rely on: a 12-digit ARS, the theme (colours,
    /// logo within bounds, see [`crate::theme::check_theme`]) and allowed origins that are
    /// plain origins (they go into CORS answers and the portal's `frame-ancestors`).
    pub fn check(&self) -> Result<(), SeedError> {
        let problem = |problem: String| SeedError::Municipality {
            ars: self.ars.clone(),
            problem,
        };
        if self.ars.len() != 12 || !self.ars.bytes().all(|b| b.is_ascii_digit()) {
            return Err(problem("the ARS must be 12 digits".into()));
        }
        crate::theme::check_theme(&self.theme).map_err(|e| problem(e.to_string()))?;
        if let Some(legal) = &self.legal {
            legal.check().map_err(|e| problem(e.to_string()))?;
        }
        if let Some(origin) = self
            .allowed_origins
            .iter()
            .find(|o| !crate::theme::is_origin(o))
        {
            return Err(problem(format!(
                "allowed origin {origin:?} is not an origin like https://www.example.de \
                 (scheme, lower-case host, optional port; no path, no slash at the end)"
            )));
        }
        Ok(())
    }
}

/// The demo catalogue with every municipality and place of Kreis Dithmarschen's official
/// directory ([`crate::directory`]) added.
pub fn demo_catalogue() -> Result<CatalogueFile, SeedError> {
    let mut catalogue: CatalogueFile = serde_json::from_str(DEMO_CATALOGUE)?;
    let directory = crate::directory::Directory::parse(crate::directory::DITHMARSCHEN)?;
    catalogue.add_directory(&directory);
    Ok(catalogue)
}

/// Upserts the demo form definitions and the embedded demo catalogue.
pub async fn seed(store: &Store) -> Result<(), SeedError> {
    seed_catalogue(store, &demo_catalogue()?).await?;
    Ok(())
}

/// Upserts the demo form definitions and `catalogue` in one transaction. Links (offerings,
/// categories, responsibilities) are replaced by those of the file.
pub async fn seed_catalogue(store: &Store, catalogue: &CatalogueFile) -> Result<(), SeedError> {
    seed_catalogue_with(store, catalogue, &Extra::default()).await
}

/// Data to load beside the demo data (`central-api seed --extra DIR`), e.g. the
/// benchmark's generated forms: `DIR/forms/*.json` (form definitions, each of which must
/// load), optionally `DIR/catalogue.json` (the demo catalogue's format; its entries are
/// added to the catalogue being seeded) and optionally `DIR/municipalities.json` (an array
/// of entries shaped like the catalogue's `municipalities`: each adds a municipality or
/// replaces the one with its ARS, and stays so when `serve` upserts the demo data again
/// at its start; e.g. a test allowing its host page's origin for a municipality).
#[derive(Debug, Default)]
pub struct Extra {
    /// (file name, JSON text) of every definition, sorted by file name.
    pub forms: Vec<(String, String)>,
    pub catalogue: Option<CatalogueFile>,
    pub municipalities: Vec<Municipality>,
}

impl Extra {
    /// Reads `dir`; every problem (unreadable file, definition that does not load,
    /// catalogue that does not parse) is an error naming the file.
    pub fn read(dir: &std::path::Path) -> Result<Extra, String> {
        let read = |path: &std::path::Path| {
            std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))
        };
        let forms_dir = dir.join("forms");
        let mut paths: Vec<_> = match std::fs::read_dir(&forms_dir) {
            Ok(entries) => entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|ext| ext == "json"))
                .collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(format!("cannot read {}: {e}", forms_dir.display())),
        };
        paths.sort();
        let mut forms = Vec::new();
        for path in paths {
            let json = read(&path)?;
            forms::parse_definition(&json).map_err(|e| format!("{}: {e}", path.display()))?;
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            forms.push((name, json));
        }
        let catalogue_path = dir.join("catalogue.json");
        let catalogue = if catalogue_path.exists() {
            let text = read(&catalogue_path)?;
            Some(
                serde_json::from_str(&text)
                    .map_err(|e| format!("{}: {e}", catalogue_path.display()))?,
            )
        } else {
            None
        };
        let municipalities_path = dir.join("municipalities.json");
        let municipalities: Vec<Municipality> = if municipalities_path.exists() {
            let text = read(&municipalities_path)?;
            serde_json::from_str(&text)
                .map_err(|e| format!("{}: {e}", municipalities_path.display()))?
        } else {
            Vec::new()
        };
        for m in &municipalities {
            m.check()
                .map_err(|e| format!("{}: {e}", municipalities_path.display()))?;
        }
        if forms.is_empty() && catalogue.is_none() && municipalities.is_empty() {
            return Err(format!(
                "{} has neither forms/*.json nor catalogue.json nor municipalities.json",
                dir.display()
            ));
        }
        Ok(Extra {
            forms,
            catalogue,
            municipalities,
        })
    }
}

impl CatalogueFile {
    /// Adds the directory's municipalities the catalogue does not name itself (those keep
    /// their own theme and origins; the generated ones take the Kreis's colours) and its
    /// places.
    pub fn add_directory(&mut self, directory: &crate::directory::Directory) {
        let colors = self
            .municipalities
            .iter()
            .find(|m| m.ars == directory.kreis.ars)
            .and_then(|m| m.theme.get("colors").cloned())
            .unwrap_or_else(|| serde_json::json!({"primary": "#00527a", "secondary": "#1d1d1b"}));
        for m in directory.municipalities(&colors) {
            if !self.municipalities.iter().any(|known| known.ars == m.ars) {
                self.municipalities.push(m);
            }
        }
        for place in directory.places() {
            let known = self.places.iter().any(|p| {
                p.ars == place.ars && p.postcode == place.postcode && p.name == place.name
            });
            if !known {
                self.places.push(place);
            }
        }
    }

    /// Adds the entries of `other` to this catalogue; an entry with the key of one already
    /// here (a service's LeiKa, a topic's or an authority's id, a municipality's ARS, a
    /// place's name and postcode, a responsibility's service and area) replaces it, as an
    /// extra definition replaces a demo form of its id and version. Offerings add up.
    pub fn extend(&mut self, other: CatalogueFile) {
        merge(&mut self.categories, other.categories, |t| t.id.clone());
        merge(&mut self.life_situations, other.life_situations, |t| {
            t.id.clone()
        });
        merge(&mut self.municipalities, other.municipalities, |m| {
            m.ars.clone()
        });
        merge(&mut self.authorities, other.authorities, |a| a.id.clone());
        merge(&mut self.services, other.services, |s| s.leika.clone());
        // A municipality's offering adds the services it names to those it had.
        for offering in other.offerings {
            match self.offerings.iter_mut().find(|o| o.ars == offering.ars) {
                Some(known) => {
                    for leika in offering.services {
                        if !known.services.contains(&leika) {
                            known.services.push(leika);
                        }
                    }
                }
                None => self.offerings.push(offering),
            }
        }
        merge(&mut self.places, other.places, |p| {
            (p.name.clone(), p.postcode.clone())
        });
        merge(&mut self.responsibilities, other.responsibilities, |r| {
            (r.leika.clone(), r.ars.clone())
        });
    }
}

impl CatalogueFile {
    /// Checks the catalogue as a whole before anything is written: every key once (an
    /// offering's service twice was a bare UNIQUE error; an entry twice elsewhere would
    /// be written twice, the second silently winning), every reference to an entry of the
    /// catalogue itself (or, for municipalities, of `more_municipalities`, an extra
    /// file's; a seed writes the whole catalogue, so nothing else is meant), and the
    /// keys' forms.
    pub fn check(&self, more_municipalities: &[Municipality]) -> Result<(), SeedError> {
        use std::collections::HashSet;
        let entry = |at: String, problem: String| SeedError::Entry { at, problem };
        // The first key seen twice in `keys`, if any.
        fn twice<K: Eq + std::hash::Hash + Clone>(keys: impl IntoIterator<Item = K>) -> Option<K> {
            let mut seen = HashSet::new();
            keys.into_iter().find(|k| !seen.insert(k.clone()))
        }
        let topics = self.categories.iter().chain(&self.life_situations);
        if let Some(id) = twice(topics.clone().map(|t| t.id.as_str())) {
            return Err(entry(
                format!("topic {id}"),
                "is there twice (categories and life situations share their ids)".into(),
            ));
        }
        let municipalities: HashSet<&str> = self
            .municipalities
            .iter()
            .chain(more_municipalities)
            .map(|m| m.ars.as_str())
            .collect();
        if let Some(ars) = twice(self.municipalities.iter().map(|m| m.ars.as_str())) {
            return Err(entry(
                format!("municipality {ars}"),
                "is there twice".into(),
            ));
        }
        for m in &self.municipalities {
            if let Some(parent) = m
                .parent_ars
                .as_deref()
                .filter(|p| !municipalities.contains(p))
            {
                return Err(entry(
                    format!("municipality {}", m.ars),
                    format!("its parent {parent} is no municipality of the catalogue"),
                ));
            }
        }
        let authorities: HashSet<&str> = self.authorities.iter().map(|a| a.id.as_str()).collect();
        if let Some(id) = twice(self.authorities.iter().map(|a| a.id.as_str())) {
            return Err(entry(format!("authority {id}"), "is there twice".into()));
        }
        let topic_ids: HashSet<&str> = topics.map(|t| t.id.as_str()).collect();
        let services: HashSet<&str> = self.services.iter().map(|s| s.leika.as_str()).collect();
        if let Some(leika) = twice(self.services.iter().map(|s| s.leika.as_str())) {
            return Err(entry(format!("service {leika}"), "is there twice".into()));
        }
        for s in &self.services {
            let at = || format!("service {}", s.leika);
            if !crate::routes::routing::is_leika(&s.leika) {
                return Err(entry(
                    at(),
                    "a LeiKa key is 14 digits starting with 99".into(),
                ));
            }
            if let Some(provider) = s.provider.as_deref().filter(|p| !authorities.contains(p)) {
                return Err(entry(
                    at(),
                    format!("its provider {provider} is no authority of the catalogue"),
                ));
            }
            if let Some(topic) = s
                .categories
                .iter()
                .chain(&s.life_situations)
                .find(|t| !topic_ids.contains(t.as_str()))
            {
                return Err(entry(
                    at(),
                    format!("its topic {topic} is no category or life situation of the catalogue"),
                ));
            }
            if let Some(topic) = twice(s.categories.iter().chain(&s.life_situations)) {
                return Err(entry(at(), format!("names its topic {topic} twice")));
            }
        }
        if let Some(ars) = twice(self.offerings.iter().map(|o| o.ars.as_str())) {
            return Err(entry(format!("offering of {ars}"), "is there twice".into()));
        }
        for o in &self.offerings {
            let at = || format!("offering of {}", o.ars);
            if !municipalities.contains(o.ars.as_str()) {
                return Err(entry(at(), "is no municipality of the catalogue".into()));
            }
            if let Some(leika) = o.services.iter().find(|l| !services.contains(l.as_str())) {
                return Err(entry(
                    at(),
                    format!("service {leika} is not in the catalogue"),
                ));
            }
            if let Some(leika) = twice(&o.services) {
                return Err(entry(at(), format!("names service {leika} twice")));
            }
        }
        if let Some((name, postcode)) = twice(
            self.places
                .iter()
                .map(|p| (p.name.as_str(), p.postcode.as_str())),
        ) {
            return Err(entry(
                format!("place {postcode} {name}"),
                "is there twice".into(),
            ));
        }
        if let Some(p) = self.places.iter().find(|p| !crate::ars::is_full(&p.ars)) {
            return Err(entry(
                format!("place {} {}", p.postcode, p.name),
                format!("{} is no ARS of 12 digits", p.ars),
            ));
        }
        if let Some((leika, ars)) = twice(
            self.responsibilities
                .iter()
                .map(|r| (r.leika.as_str(), r.ars.as_str())),
        ) {
            return Err(entry(
                format!("responsibility for {leika} in {ars}"),
                "is there twice".into(),
            ));
        }
        for r in &self.responsibilities {
            let at = || format!("responsibility for {} in {}", r.leika, r.ars);
            if !crate::ars::is_full(&r.ars) {
                return Err(entry(at(), "the area is no ARS of 12 digits".into()));
            }
            if !services.contains(r.leika.as_str()) {
                return Err(entry(at(), "the service is not in the catalogue".into()));
            }
            if !authorities.contains(r.authority.as_str()) {
                return Err(entry(
                    at(),
                    format!("{} is no authority of the catalogue", r.authority),
                ));
            }
        }
        Ok(())
    }
}

/// `from` added to `into`, each entry replacing the one of its key there.
fn merge<T, K: PartialEq>(into: &mut Vec<T>, from: Vec<T>, key: impl Fn(&T) -> K) {
    for entry in from {
        let k = key(&entry);
        match into.iter().position(|known| key(known) == k) {
            Some(at) => into[at] = entry,
            None => into.push(entry),
        }
    }
}

/// [`seed_catalogue`] with the extra data: form definitions, (file name, JSON text),
/// upserted after the demo ones (an extra definition with a demo form's id and version
/// wins), and municipalities upserted after the catalogue's and marked so that seeding
/// the catalogue again leaves them (`extra.catalogue` is expected merged into
/// `catalogue` already). Every municipality is checked first ([`Municipality::check`]).
pub async fn seed_catalogue_with(
    store: &Store,
    catalogue: &CatalogueFile,
    extra: &Extra,
) -> Result<(), SeedError> {
    for m in catalogue.municipalities.iter().chain(&extra.municipalities) {
        m.check()?;
    }
    catalogue.check(&extra.municipalities)?;
    let extra_forms = &extra.forms;
    let mut tx = store.begin().await?;
    // First: seeds of several instances starting at once run one after the other.
    store.catalogue().lock_for_seeding(&mut tx).await?;

    let all_forms = DEMO_FORMS
        .iter()
        .map(|(file, json)| (*file, *json))
        .chain(extra_forms.iter().map(|(f, j)| (f.as_str(), j.as_str())));
    for (file, json) in all_forms {
        match forms::parse_definition(json) {
            Ok((id, version)) => {
                store
                    .forms()
                    .upsert(&mut tx, &id, version, json, &forms::etag_of(json))
                    .await?;
            }
            Err(reason) => {
                tracing::warn!(file, %reason, "skipping demo form definition that does not load");
            }
        }
    }

    // Parents first: sort by how many ancestors each municipality has in the file.
    let depth = |m: &Municipality| {
        let mut depth = 0;
        let mut parent = m.parent_ars.as_deref();
        while let Some(ars) = parent.filter(|_| depth < 8) {
            depth += 1;
            parent = catalogue
                .municipalities
                .iter()
                .find(|p| p.ars == ars)
                .and_then(|p| p.parent_ars.as_deref());
        }
        depth
    };
    let mut municipalities: Vec<&Municipality> = catalogue.municipalities.iter().collect();
    municipalities.sort_by_key(|m| depth(m));
    let mut extra_municipalities: Vec<&Municipality> = extra.municipalities.iter().collect();
    extra_municipalities.sort_by_key(|m| depth(m));
    let sources = municipalities
        .into_iter()
        .map(|m| (m, SeededFrom::Catalogue))
        .chain(
            extra_municipalities
                .into_iter()
                .map(|m| (m, SeededFrom::Extra)),
        );
    for (m, source) in sources {
        // The catalogue never overwrites what an extra file set (see `upsert`).
        let theme = m.theme.to_string();
        let allowed_origins = serde_json::to_string(&m.allowed_origins).expect("strings serialize");
        let legal = m
            .legal
            .as_ref()
            .map(|legal| serde_json::to_string(legal).expect("the documents serialize"));
        let record = NewMunicipality {
            legal: legal.as_deref(),
            ars: &m.ars,
            name: &m.name,
            kind: &m.kind,
            parent_ars: m.parent_ars.as_deref(),
            theme: &theme,
            allowed_origins: &allowed_origins,
        };
        store
            .municipalities()
            .upsert(&mut tx, &record, source)
            .await?;
    }

    for a in &catalogue.authorities {
        let record = NewAuthority {
            id: &a.id,
            name: &a.name,
            street: &a.street,
            postcode: &a.postcode,
            city: &a.city,
            email: &a.email,
            phone: &a.phone,
            website: a.website.as_deref(),
            opening_hours: a.opening_hours.as_ref(),
        };
        store.catalogue().upsert_authority(&mut tx, &record).await?;
    }

    let topics = catalogue
        .categories
        .iter()
        .map(|t| (t, TopicKind::Category))
        .chain(
            catalogue
                .life_situations
                .iter()
                .map(|t| (t, TopicKind::LifeSituation)),
        );
    for (position, (topic, kind)) in topics.enumerate() {
        let record = NewTopic {
            id: &topic.id,
            kind,
            name: &topic.name,
            position,
        };
        store.catalogue().upsert_topic(&mut tx, &record).await?;
    }

    let stored_forms = store.forms().ids(&mut tx).await?;
    store.catalogue().clear_links(&mut tx).await?;
    for s in &catalogue.services {
        let form_id = s
            .form
            .iter()
            .find(|id| stored_forms.contains(id))
            .or(s.form.first());
        let (name, summary) = (&s.texts.name, &s.texts.summary);
        let search = search_column([
            name.de.as_str(),
            &name.en,
            &summary.de,
            &summary.en,
            &s.keywords,
        ]);
        let documents = Localized {
            de: serde_json::to_string(&s.documents.de).expect("documents serialize"),
            en: serde_json::to_string(&s.documents.en).expect("documents serialize"),
        };
        let record = NewService {
            leika: &s.leika,
            texts: &s.texts,
            documents: &documents,
            form_id: form_id.map(String::as_str),
            external_url: s.external_url.as_deref(),
            search: &search,
            popular: s.popular,
            routing: &s.routing,
            provider_id: s.provider.as_deref(),
        };
        store.catalogue().upsert_service(&mut tx, &record).await?;
        for topic in s.categories.iter().chain(&s.life_situations) {
            store
                .catalogue()
                .add_service_topic(&mut tx, &s.leika, topic)
                .await?;
        }
    }

    for offering in &catalogue.offerings {
        for (position, leika) in offering.services.iter().enumerate() {
            store
                .catalogue()
                .add_offering(&mut tx, &offering.ars, leika, position)
                .await?;
        }
    }

    for place in &catalogue.places {
        let search = search_column([place.name.as_str()]);
        let record = NewPlace {
            name: &place.name,
            postcode: &place.postcode,
            ars: &place.ars,
            search: &search,
        };
        store.places().upsert(&mut tx, &record).await?;
    }

    store.responsibilities().clear(&mut tx).await?;
    for r in &catalogue.responsibilities {
        store
            .responsibilities()
            .insert(&mut tx, &r.leika, &r.ars, &r.authority)
            .await?;
    }

    tx.commit().await.map_err(StoreError::from)?;
    // FIT-Connect's destination ids, for authorities new in this catalogue.
    store.authorities().assign_destination_ids().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_extra_catalogue_replaces_entries_of_its_keys_and_adds_offerings() {
        let mut catalogue: CatalogueFile = serde_json::from_str(DEMO_CATALOGUE).unwrap();
        let services = catalogue.services.len();
        let mut extra: CatalogueFile = serde_json::from_str(DEMO_CATALOGUE).unwrap();
        extra.services.truncate(1);
        let leika = extra.services[0].leika.clone();
        extra.services[0].keywords = "ersetzt".into();
        extra.offerings = vec![Offering {
            ars: catalogue.offerings[0].ars.clone(),
            services: vec!["99999000000001".into(), leika.clone()],
        }];
        let offered = catalogue.offerings[0].services.len();
        catalogue.extend(extra);
        // The same service again (its topics with it) replaced the demo's: once, not twice,
        // which the database's keys would refuse.
        assert_eq!(catalogue.services.len(), services);
        let replaced: Vec<&Service> = catalogue
            .services
            .iter()
            .filter(|s| s.leika == leika)
            .collect();
        assert_eq!(replaced.len(), 1);
        assert_eq!(replaced[0].keywords, "ersetzt");
        let categories = catalogue.categories.iter().map(|c| &c.id);
        assert_eq!(
            categories.clone().count(),
            categories.collect::<std::collections::HashSet<_>>().len()
        );
        // The municipality's offering gained the new service; the one it had stays once.
        let services = &catalogue.offerings[0].services;
        assert!(services.contains(&"99999000000001".to_owned()));
        assert_eq!(services.iter().filter(|s| **s == leika).count(), 1);
        assert!(services.len() >= offered);
    }

    /// The demo catalogue with `change` made, as its check words it.
    fn refused(change: impl FnOnce(&mut CatalogueFile)) -> String {
        let mut catalogue = demo_catalogue().unwrap();
        change(&mut catalogue);
        catalogue
            .check(&[])
            .map(|()| "accepted".to_owned())
            .unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn entries_the_database_would_refuse_are_named_before_seeding() {
        assert_eq!(refused(|_| ()), "accepted");
        // An extra catalogue's offering for a municipality the demo does not offer for,
        // naming a service twice: the UNIQUE error of session 30's probe.
        let mut catalogue = demo_catalogue().unwrap();
        let mut extra: CatalogueFile = serde_json::from_str(DEMO_CATALOGUE).unwrap();
        extra.offerings = vec![Offering {
            ars: ARS_HEMMINGSTEDT.into(),
            services: vec![LEIKA_GEWERBEANMELDUNG.into(), LEIKA_GEWERBEANMELDUNG.into()],
        }];
        catalogue.extend(extra);
        assert_eq!(
            catalogue.check(&[]).unwrap_err().to_string(),
            format!(
                "catalogue: offering of {ARS_HEMMINGSTEDT}: names service {LEIKA_GEWERBEANMELDUNG} twice"
            )
        );
        assert_eq!(
            refused(|c| c.offerings[0].services.push("99999000000001".into())),
            "catalogue: offering of 010510000000: service 99999000000001 is not in the catalogue"
        );
        assert_eq!(
            refused(|c| c.offerings[0].ars = "010519999999".into()),
            "catalogue: offering of 010519999999: is no municipality of the catalogue"
        );
        assert_eq!(
            refused(|c| c.responsibilities[0].authority = "nobody".into()),
            format!(
                "catalogue: responsibility for {} in {}: nobody is no authority of the catalogue",
                first_responsibility().0,
                first_responsibility().1
            )
        );
        assert_eq!(
            refused(|c| c.responsibilities[0].ars = "01051".into()),
            format!(
                "catalogue: responsibility for {} in 01051: the area is no ARS of 12 digits",
                first_responsibility().0
            )
        );
        assert!(
            refused(|c| {
                let again = Topic {
                    id: c.categories[0].id.clone(),
                    name: c.categories[0].name.clone(),
                };
                c.life_situations.push(again);
            })
            .ends_with("is there twice (categories and life situations share their ids)")
        );
        assert!(
            refused(|c| c.services[0].categories.push("nirgends".into()))
                .ends_with("its topic nirgends is no category or life situation of the catalogue")
        );
        assert!(
            refused(|c| c.services[0].provider = Some("nobody".into()))
                .ends_with("its provider nobody is no authority of the catalogue")
        );
        assert!(
            refused(|c| c.services[0].leika = "12345".into())
                .ends_with("a LeiKa key is 14 digits starting with 99")
        );
        assert!(
            refused(|c| c.municipalities[1].parent_ars = Some("019999999999".into()))
                .ends_with("its parent 019999999999 is no municipality of the catalogue")
        );
        assert!(
            refused(|c| {
                let place = Place {
                    name: c.places[0].name.clone(),
                    postcode: c.places[0].postcode.clone(),
                    ars: c.places[0].ars.clone(),
                };
                c.places.push(place);
            })
            .ends_with("is there twice")
        );
    }

    /// The demo catalogue's first responsibility: (LeiKa, ARS).
    fn first_responsibility() -> (String, String) {
        let r = &demo_catalogue().unwrap().responsibilities[0];
        (r.leika.clone(), r.ars.clone())
    }

    #[test]
    fn demo_catalogue_parses_and_refers_to_known_ids() {
        let catalogue: CatalogueFile = serde_json::from_str(DEMO_CATALOGUE).unwrap();
        let authority = |id: &str| catalogue.authorities.iter().any(|a| a.id == id);
        let service = |leika: &str| catalogue.services.iter().any(|s| s.leika == leika);
        for r in &catalogue.responsibilities {
            assert!(authority(&r.authority), "{}", r.authority);
            assert!(service(&r.leika), "{}", r.leika);
            assert_eq!(r.ars.len(), 12);
        }
        for s in &catalogue.services {
            assert!(["place_required", "fixed"].contains(&s.routing.as_str()));
            let topics: Vec<&str> = catalogue
                .categories
                .iter()
                .chain(&catalogue.life_situations)
                .map(|t| t.id.as_str())
                .collect();
            for id in s.categories.iter().chain(&s.life_situations) {
                assert!(topics.contains(&id.as_str()), "{id}");
            }
        }
        for p in &catalogue.places {
            assert_eq!(p.ars.len(), 12);
            // Schleswig-Holstein; the Kreis's own places come from its directory.
            assert!(p.ars.starts_with("01"), "{}", p.ars);
            assert!(
                !p.ars.starts_with("01051"),
                "{} belongs in the directory",
                p.ars
            );
        }
        for m in &catalogue.municipalities {
            m.check().unwrap_or_else(|e| panic!("{e}"));
        }
    }

    #[test]
    fn service_entries_with_unknown_or_missing_members_are_refused() {
        let file: serde_json::Value = serde_json::from_str(DEMO_CATALOGUE).unwrap();
        let service = |file: &serde_json::Value| file["services"][0].clone();
        let parse = |service: serde_json::Value| {
            let mut file = file.clone();
            file["services"][0] = service;
            serde_json::from_value::<CatalogueFile>(file).map(|_| ())
        };
        assert!(parse(service(&file)).is_ok());
        let mut unknown = service(&file);
        unknown["fee"] = serde_json::json!({"de": "1 Euro", "en": "1 euro"});
        let error = parse(unknown).unwrap_err().to_string();
        assert!(error.contains("unknown field `fee`"), "{error}");
        let mut third_language = service(&file);
        third_language["fees"]["fr"] = "1 euro".into();
        let error = parse(third_language).unwrap_err().to_string();
        assert!(error.contains("unknown field `fr`"), "{error}");
        let mut no_fees = service(&file);
        no_fees.as_object_mut().unwrap().remove("fees");
        let error = parse(no_fees).unwrap_err().to_string();
        assert!(error.contains("missing field `fees`"), "{error}");
    }

    fn municipality(theme: serde_json::Value, origins: &[&str]) -> Municipality {
        Municipality {
            ars: "010510044044".into(),
            name: "Heide".into(),
            kind: "Stadt".into(),
            parent_ars: None,
            theme,
            legal: None,
            allowed_origins: origins.iter().map(|o| (*o).to_owned()).collect(),
        }
    }

    #[test]
    fn municipalities_with_bad_logos_or_origins_are_refused_precisely() {
        let theme = serde_json::json!({"display_name": "X",
            "colors": {"primary": "#8a1538", "secondary": "#1d1d1b"},
            "logo": "data:image/svg+xml,<svg></svg>"});
        assert!(
            municipality(theme.clone(), &["http://127.0.0.1:41234"])
                .check()
                .is_ok()
        );
        let mut gif = theme.clone();
        gif["logo"] = "data:image/gif;base64,R0lGODlh".into();
        assert_eq!(
            municipality(gif, &[]).check().unwrap_err().to_string(),
            "municipality 010510044044: theme.logo: the logo's media type is \"image/gif\"; accepted are image/svg+xml and image/png"
        );
        let mut big = theme.clone();
        big["logo"] = format!("data:image/svg+xml,<svg>{}</svg>", " ".repeat(70_000)).into();
        assert_eq!(
            municipality(big, &[]).check().unwrap_err().to_string(),
            "municipality 010510044044: theme.logo: the logo is 70011 bytes decoded; at most 65536 are accepted"
        );
        let error = municipality(theme, &["https://www.heide.de/"])
            .check()
            .unwrap_err();
        assert!(
            error.to_string().starts_with("municipality 010510044044: allowed origin \"https://www.heide.de/\" is not an origin"),
            "{error}"
        );
    }
}
