// SPDX-License-Identifier: EUPL-1.2
//! Demo data: Kreis Dithmarschen's portal, its towns, authorities, services, routing and
//! the embedded demo form definitions. Seeded idempotently (upsert) at every start.

use sqlx::SqlitePool;

use crate::{forms, search::search_column};

include!(concat!(env!("OUT_DIR"), "/demo_forms.rs"));

/// ARS of Kreis Dithmarschen.
pub const ARS_DITHMARSCHEN: &str = "010510000000";
/// ARS of the town of Heide.
pub const ARS_HEIDE: &str = "010510044044";
/// ARS of the town of Brunsbüttel.
pub const ARS_BRUNSBUETTEL: &str = "010510011011";
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

struct Municipality {
    ars: &'static str,
    name: &'static str,
    kind: &'static str,
    parent_ars: Option<&'static str>,
}

const MUNICIPALITIES: &[Municipality] = &[
    Municipality {
        ars: ARS_DITHMARSCHEN,
        name: "Kreis Dithmarschen",
        kind: "Kreis",
        parent_ars: None,
    },
    Municipality {
        ars: ARS_HEIDE,
        name: "Heide",
        kind: "Stadt",
        parent_ars: Some(ARS_DITHMARSCHEN),
    },
    Municipality {
        ars: ARS_BRUNSBUETTEL,
        name: "Brunsbüttel",
        kind: "Stadt",
        parent_ars: Some(ARS_DITHMARSCHEN),
    },
];

struct Authority {
    id: &'static str,
    name_de: &'static str,
    name_en: &'static str,
    address: &'static str,
    email: &'static str,
    phone: &'static str,
}

const AUTHORITIES: &[Authority] = &[
    Authority {
        id: "ea-sh",
        name_de: "Einheitlicher Ansprechpartner Schleswig-Holstein (EA.SH)",
        name_en: "Point of Single Contact Schleswig-Holstein (EA.SH)",
        address: "Reventlouallee 6, 24105 Kiel",
        email: "info@ea-sh.example",
        phone: "+49 431 0000000",
    },
    Authority {
        id: "kreis-dithmarschen-ordnung",
        name_de: "Kreis Dithmarschen, Fachdienst Ordnung",
        name_en: "Kreis Dithmarschen, Public Order Office",
        address: "Stettiner Straße 30, 25746 Heide",
        email: "ordnung@dithmarschen.example",
        phone: "+49 481 0000001",
    },
    Authority {
        id: "kreis-dithmarschen-naturschutz",
        name_de: "Kreis Dithmarschen, Untere Naturschutzbehörde",
        name_en: "Kreis Dithmarschen, Nature Conservation Authority",
        address: "Stettiner Straße 30, 25746 Heide",
        email: "naturschutz@dithmarschen.example",
        phone: "+49 481 0000002",
    },
    Authority {
        id: "stadt-heide-ordnung",
        name_de: "Stadt Heide, Ordnungsamt",
        name_en: "Town of Heide, Public Order Office",
        address: "Postelweg 1, 25746 Heide",
        email: "ordnungsamt@heide.example",
        phone: "+49 481 0000003",
    },
];

struct Service {
    leika: &'static str,
    name: [&'static str; 2],
    summary: [&'static str; 2],
    description: [&'static str; 2],
    fees: [&'static str; 2],
    processing_time: [&'static str; 2],
    documents: [&'static [&'static str]; 2],
    legal_basis: [&'static str; 2],
    keywords: &'static str,
    /// Candidate form ids, first preferred; the first one with a stored definition wins.
    form: &'static [&'static str],
    external_url: Option<&'static str>,
}

const SERVICES: &[Service] = &[
    Service {
        leika: LEIKA_GEWERBEANMELDUNG,
        name: ["Gewerbeanmeldung", "Business registration"],
        summary: [
            "Melden Sie ein neues Gewerbe an, zum Beispiel wenn Sie sich selbstständig machen.",
            "Register a new trade or business, for example when you become self-employed.",
        ],
        description: [
            "Wer ein stehendes Gewerbe beginnt, muss dies gleichzeitig der zuständigen Behörde \
             anzeigen. Die Anzeige wird über den Einheitlichen Ansprechpartner \
             Schleswig-Holstein an das zuständige Gewerbeamt weitergeleitet.",
            "Anyone who starts a permanent trade must notify the competent authority at the \
             same time. The notification is forwarded to the competent trade office through \
             the Point of Single Contact Schleswig-Holstein.",
        ],
        fees: ["26 Euro", "26 euros"],
        processing_time: ["In der Regel 3 Werktage", "Usually 3 working days"],
        documents: [
            &[
                "Personalausweis oder Reisepass",
                "bei erlaubnispflichtigen Gewerben: die Erlaubnis",
                "bei eingetragenen Unternehmen: Auszug aus dem Handelsregister",
            ],
            &[
                "Identity card or passport",
                "for trades requiring a permit: the permit",
                "for registered companies: extract from the commercial register",
            ],
        ],
        legal_basis: [
            "§ 14 Gewerbeordnung (GewO)",
            "Section 14 Trade Regulation Act (GewO)",
        ],
        keywords: "Gewerbe anmelden Betrieb Firma gründen Selbstständigkeit GewA 1 Unternehmen",
        form: &["gewerbeanmeldung"],
        external_url: None,
    },
    Service {
        leika: LEIKA_VERSAMMLUNGSANZEIGE,
        name: ["Versammlungsanzeige", "Notice of an assembly"],
        summary: [
            "Zeigen Sie eine öffentliche Versammlung unter freiem Himmel oder einen Aufzug \
             auf öffentlichen Straßen an.",
            "Give notice of a public open-air assembly or a march on public streets.",
        ],
        description: [
            "Öffentliche Versammlungen unter freiem Himmel und Aufzüge müssen spätestens 48 \
             Stunden vor ihrer Bekanntgabe angezeigt werden. Anzugeben sind Thema, Ort, Zeit, \
             bei Aufzügen die Route, die Versammlungsleitung und die Zahl der Ordnerinnen und \
             Ordner.",
            "Public open-air assemblies and marches must be notified at least 48 hours before \
             they are announced. State the topic, place, time, the route of a march, who \
             leads the assembly and the number of stewards.",
        ],
        fees: ["Gebührenfrei", "Free of charge"],
        processing_time: [
            "Rückmeldung vor dem Versammlungstermin",
            "Reply before the date of the assembly",
        ],
        documents: [
            &["bei Aufzügen: Skizze der Route"],
            &["for marches: sketch of the route"],
        ],
        legal_basis: [
            "§ 11 Versammlungsfreiheitsgesetz für das Land Schleswig-Holstein (VersFG SH)",
            "Section 11 Freedom of Assembly Act of Schleswig-Holstein (VersFG SH)",
        ],
        keywords: "Demonstration Demo Kundgebung Aufzug Versammlung anmelden Protest",
        form: &["versammlungsanzeige"],
        external_url: None,
    },
    Service {
        leika: LEIKA_BAUMFAELLGENEHMIGUNG,
        name: ["Baumfällgenehmigung", "Tree-felling permit"],
        summary: [
            "Beantragen Sie die Genehmigung, einen geschützten Baum zu fällen.",
            "Apply for permission to fell a protected tree.",
        ],
        description: [
            "Bäume, die durch Satzung oder Naturschutzrecht geschützt sind, dürfen nur mit \
             Genehmigung gefällt werden. Anzugeben sind Grundstück, Baumart, Stammumfang, \
             Kronendurchmesser, der Grund der Fällung und die geplante Ersatzpflanzung.",
            "Trees protected by bylaw or nature conservation law may only be felled with a \
             permit. State the plot, tree species, trunk girth, crown diameter, the reason \
             for felling and the planned replacement planting.",
        ],
        fees: [
            "30 bis 150 Euro, je nach Aufwand",
            "30 to 150 euros, depending on effort",
        ],
        processing_time: ["Etwa 4 Wochen", "About 4 weeks"],
        documents: [
            &[
                "Lageplan mit eingezeichnetem Baum",
                "Fotos des Baums",
                "bei Bevollmächtigung: Vollmacht der Eigentümerin oder des Eigentümers",
            ],
            &[
                "Site plan marking the tree",
                "Photos of the tree",
                "if authorised: power of attorney from the owner",
            ],
        ],
        legal_basis: [
            "§ 29 Bundesnaturschutzgesetz (BNatSchG), Baumschutzsatzung der Gemeinde",
            "Section 29 Federal Nature Conservation Act (BNatSchG), municipal tree protection bylaw",
        ],
        keywords: "Baum fällen Fällung Baumschutz Ersatzpflanzung Grundstück Garten",
        form: &[
            "baumfaellgenehmigung",
            "baumfaellung",
            "baumfaell_genehmigung",
        ],
        external_url: None,
    },
    Service {
        leika: LEIKA_KLEINER_WAFFENSCHEIN,
        name: ["Kleiner Waffenschein", "Small weapons licence"],
        summary: [
            "Beantragen Sie die Erlaubnis, Schreckschuss-, Reizstoff- und Signalwaffen zu \
             führen.",
            "Apply for permission to carry blank, irritant and signal weapons.",
        ],
        description: [
            "Wer Schreckschuss-, Reizstoff- oder Signalwaffen in der Öffentlichkeit führen \
             will, braucht den kleinen Waffenschein. Sie müssen mindestens 18 Jahre alt, \
             zuverlässig und persönlich geeignet sein.",
            "Anyone who wants to carry blank, irritant or signal weapons in public needs the \
             small weapons licence. You must be at least 18 years old, reliable and \
             personally suitable.",
        ],
        fees: ["60 Euro", "60 euros"],
        processing_time: ["Etwa 2 bis 4 Wochen", "About 2 to 4 weeks"],
        documents: [
            &["Personalausweis oder Reisepass"],
            &["Identity card or passport"],
        ],
        legal_basis: [
            "§ 10 Absatz 4 Waffengesetz (WaffG)",
            "Section 10 (4) Weapons Act (WaffG)",
        ],
        keywords: "Waffe Schreckschusswaffe Reizstoff Pfefferspray Signalwaffe Waffenschein",
        form: &[
            "kleiner_waffenschein",
            "kleiner-waffenschein",
            "waffenschein",
        ],
        external_url: None,
    },
    Service {
        leika: LEIKA_IKFZ,
        name: [
            "Fahrzeugzulassung online (i-Kfz)",
            "Online vehicle registration (i-Kfz)",
        ],
        summary: [
            "Melden Sie Ihr Fahrzeug online an, um oder ab.",
            "Register, re-register or deregister your vehicle online.",
        ],
        description: [
            "Die internetbasierte Fahrzeugzulassung ist ein bundesweites Verfahren. Sie \
             brauchen einen Personalausweis mit Online-Ausweisfunktion und die \
             Fahrzeugdokumente mit freigelegten Sicherheitscodes.",
            "Internet-based vehicle registration is a federal process. You need an identity \
             card with online ID function and the vehicle documents with uncovered security \
             codes.",
        ],
        fees: [
            "Je nach Vorgang, zum Beispiel 27 Euro für eine Neuzulassung",
            "Depends on the process, for example 27 euros for a new registration",
        ],
        processing_time: ["Sofort bis wenige Tage", "Immediately to a few days"],
        documents: [
            &[
                "Personalausweis mit Online-Ausweisfunktion",
                "Zulassungsbescheinigung Teil I und II",
                "eVB-Nummer der Versicherung",
            ],
            &[
                "Identity card with online ID function",
                "Registration certificate parts I and II",
                "Insurance confirmation number (eVB)",
            ],
        ],
        legal_basis: [
            "Fahrzeug-Zulassungsverordnung (FZV)",
            "Vehicle Registration Ordinance (FZV)",
        ],
        keywords: "Auto Kfz Fahrzeug anmelden abmelden ummelden Kennzeichen Zulassung iKFZ",
        form: &[],
        external_url: Some("https://www.ikfz-sh.de/"),
    },
];

/// The services each portal offers, in display order.
const OFFERINGS: &[(&str, &[&str])] = &[
    (
        ARS_DITHMARSCHEN,
        &[
            LEIKA_IKFZ,
            LEIKA_BAUMFAELLGENEHMIGUNG,
            LEIKA_KLEINER_WAFFENSCHEIN,
            LEIKA_VERSAMMLUNGSANZEIGE,
            LEIKA_GEWERBEANMELDUNG,
        ],
    ),
    (
        ARS_HEIDE,
        &[
            LEIKA_GEWERBEANMELDUNG,
            LEIKA_VERSAMMLUNGSANZEIGE,
            LEIKA_BAUMFAELLGENEHMIGUNG,
        ],
    ),
    (
        ARS_BRUNSBUETTEL,
        &[LEIKA_GEWERBEANMELDUNG, LEIKA_BAUMFAELLGENEHMIGUNG],
    ),
];

/// Routing: (LeiKa, area ARS, authority). The most specific area wins.
const RESPONSIBILITIES: &[(&str, &str, &str)] = &[
    (LEIKA_GEWERBEANMELDUNG, ARS_SCHLESWIG_HOLSTEIN, "ea-sh"),
    (
        LEIKA_VERSAMMLUNGSANZEIGE,
        ARS_DITHMARSCHEN,
        "kreis-dithmarschen-ordnung",
    ),
    (LEIKA_VERSAMMLUNGSANZEIGE, ARS_HEIDE, "stadt-heide-ordnung"),
    (
        LEIKA_BAUMFAELLGENEHMIGUNG,
        ARS_DITHMARSCHEN,
        "kreis-dithmarschen-naturschutz",
    ),
    (
        LEIKA_KLEINER_WAFFENSCHEIN,
        ARS_DITHMARSCHEN,
        "kreis-dithmarschen-ordnung",
    ),
];

/// Upserts all demo data in one transaction.
pub async fn seed(pool: &SqlitePool) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;

    for (file, json) in DEMO_FORMS {
        match forms::parse_definition(json) {
            Ok((id, version)) => {
                sqlx::query(
                    "INSERT INTO form_definitions (id, version, definition, etag)
                     VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (id, version) DO UPDATE
                     SET definition = excluded.definition, etag = excluded.etag",
                )
                .bind(&id)
                .bind(version)
                .bind(*json)
                .bind(forms::etag_of(json))
                .execute(&mut *tx)
                .await?;
            }
            Err(reason) => {
                tracing::warn!(file, %reason, "skipping demo form definition that does not load");
            }
        }
    }

    for m in MUNICIPALITIES {
        sqlx::query(
            "INSERT INTO municipalities (ars, name, kind, parent_ars) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (ars) DO UPDATE
             SET name = excluded.name, kind = excluded.kind, parent_ars = excluded.parent_ars",
        )
        .bind(m.ars)
        .bind(m.name)
        .bind(m.kind)
        .bind(m.parent_ars)
        .execute(&mut *tx)
        .await?;
    }

    for a in AUTHORITIES {
        sqlx::query(
            "INSERT INTO authorities (id, name_de, name_en, address, email, phone)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (id) DO UPDATE
             SET name_de = excluded.name_de, name_en = excluded.name_en,
                 address = excluded.address, email = excluded.email, phone = excluded.phone",
        )
        .bind(a.id)
        .bind(a.name_de)
        .bind(a.name_en)
        .bind(a.address)
        .bind(a.email)
        .bind(a.phone)
        .execute(&mut *tx)
        .await?;
    }

    let stored_forms: Vec<String> = sqlx::query_scalar("SELECT DISTINCT id FROM form_definitions")
        .fetch_all(&mut *tx)
        .await?;
    for s in SERVICES {
        let form_id = s
            .form
            .iter()
            .find(|id| stored_forms.iter().any(|stored| stored == *id))
            .or(s.form.first())
            .copied();
        let search = search_column(
            s.name
                .iter()
                .chain(s.summary.iter())
                .copied()
                .chain([s.keywords]),
        );
        sqlx::query(
            "INSERT INTO services (leika, name_de, name_en, summary_de, summary_en,
                 description_de, description_en, fees_de, fees_en,
                 processing_time_de, processing_time_en, documents_de, documents_en,
                 legal_basis_de, legal_basis_en, form_id, external_url, search)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                 ?17, ?18)
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
                 external_url = excluded.external_url, search = excluded.search",
        )
        .bind(s.leika)
        .bind(s.name[0])
        .bind(s.name[1])
        .bind(s.summary[0])
        .bind(s.summary[1])
        .bind(s.description[0])
        .bind(s.description[1])
        .bind(s.fees[0])
        .bind(s.fees[1])
        .bind(s.processing_time[0])
        .bind(s.processing_time[1])
        .bind(serde_json::to_string(s.documents[0]).expect("strings serialize"))
        .bind(serde_json::to_string(s.documents[1]).expect("strings serialize"))
        .bind(s.legal_basis[0])
        .bind(s.legal_basis[1])
        .bind(form_id)
        .bind(s.external_url)
        .bind(search)
        .execute(&mut *tx)
        .await?;
    }

    for (ars, services) in OFFERINGS {
        for (position, leika) in services.iter().enumerate() {
            sqlx::query(
                "INSERT INTO municipality_services (ars, leika, position) VALUES (?1, ?2, ?3)
                 ON CONFLICT (ars, leika) DO UPDATE SET position = excluded.position",
            )
            .bind(ars)
            .bind(leika)
            .bind(position as i64)
            .execute(&mut *tx)
            .await?;
        }
    }

    for (leika, ars, authority) in RESPONSIBILITIES {
        sqlx::query(
            "INSERT INTO responsibilities (leika, ars, authority_id) VALUES (?1, ?2, ?3)
             ON CONFLICT (leika, ars) DO UPDATE SET authority_id = excluded.authority_id",
        )
        .bind(leika)
        .bind(ars)
        .bind(authority)
        .execute(&mut *tx)
        .await?;
    }

    tx.commit().await
}
