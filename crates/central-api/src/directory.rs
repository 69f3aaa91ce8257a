// SPDX-License-Identifier: EUPL-1.2
//! The official directory of a Kreis's municipalities (`demo/places/dithmarschen.json`:
//! every Gemeinde of Kreis Dithmarschen with its AGS, ARS, Amt and postcodes, from the
//! Destatis Gemeindeverzeichnis; sources and licences in `demo/places/README.md`).
//!
//! Seeding turns it into municipalities (the Kreis, its Ämter, every Gemeinde) and places
//! (one per Gemeinde and postcode), so that a citizen finds every village by name or
//! postcode and routing resolves it by its key: ARS = Land (2) + Regierungsbezirk (1) +
//! Kreis (2) + Gemeindeverband (4) + Gemeinde (3). Entries the catalogue names itself
//! (with a theme of their own) win over the generated ones.

use serde::Deserialize;

use crate::seed::{Municipality, Place, SeedError};

/// The directory of Kreis Dithmarschen, embedded at build time.
pub const DITHMARSCHEN: &str = include_str!("../demo/places/dithmarschen.json");

/// A Kreis with its Ämter (`verbaende`) and Gemeinden.
#[derive(Debug, Deserialize)]
pub struct Directory {
    pub kreis: Kreis,
    pub verbaende: Vec<Verband>,
    pub gemeinden: Vec<Gemeinde>,
}

#[derive(Debug, Deserialize)]
pub struct Kreis {
    pub name: String,
    pub ars: String,
}

/// An Amt (Gemeindeverband): its official name and ARS (Gemeinde part `000`).
#[derive(Debug, Deserialize)]
pub struct Verband {
    pub name: String,
    pub ars: String,
    pub seat: String,
}

#[derive(Debug, Deserialize)]
pub struct Gemeinde {
    pub name: String,
    pub ags: String,
    pub ars: String,
    /// The exact name of its Amt, or none for an amtsfreie Stadt.
    pub verband: Option<String>,
    pub postcodes: Vec<String>,
}

fn digits(value: &str, len: usize) -> bool {
    value.len() == len && value.bytes().all(|b| b.is_ascii_digit())
}

impl Directory {
    /// Parses and checks the directory: every key well-formed and consistent (AGS = ARS
    /// without the Verband part, a Gemeinde's Verband part its Amt's), every Amt named
    /// exists, every postcode five digits. Each problem names the entry.
    pub fn parse(json: &str) -> Result<Directory, SeedError> {
        let directory: Directory = serde_json::from_str(json)?;
        let problem = |ars: &str, problem: String| SeedError::Municipality {
            ars: ars.to_owned(),
            problem,
        };
        let kreis = &directory.kreis.ars;
        if !digits(kreis, 12) || !kreis.ends_with("0000000") {
            return Err(problem(
                kreis,
                "a Kreis's ARS is 12 digits ending in 0000000".into(),
            ));
        }
        for amt in &directory.verbaende {
            if !digits(&amt.ars, 12) || amt.ars[..5] != kreis[..5] || !amt.ars.ends_with("000") {
                return Err(problem(
                    &amt.ars,
                    format!(
                        "{}: an Amt's ARS is the Kreis's (01051…) with Gemeinde part 000",
                        amt.name
                    ),
                ));
            }
        }
        for g in &directory.gemeinden {
            if !digits(&g.ars, 12) || g.ars[..5] != kreis[..5] {
                return Err(problem(
                    &g.ars,
                    format!("{}: not an ARS of {}", g.name, directory.kreis.name),
                ));
            }
            if !digits(&g.ags, 8) || g.ags[..5] != g.ars[..5] || g.ags[5..] != g.ars[9..] {
                return Err(problem(
                    &g.ars,
                    format!("{}: AGS {} does not match the ARS", g.name, g.ags),
                ));
            }
            if let Some(name) = &g.verband {
                let amt = directory
                    .verbaende
                    .iter()
                    .find(|a| &a.name == name)
                    .ok_or_else(|| problem(&g.ars, format!("{}: unknown Amt {name:?}", g.name)))?;
                if amt.ars[5..9] != g.ars[5..9] {
                    return Err(problem(
                        &g.ars,
                        format!(
                            "{}: the Verband part differs from {}'s ({})",
                            g.name, amt.name, amt.ars
                        ),
                    ));
                }
            }
            if g.postcodes.is_empty() || !g.postcodes.iter().all(|p| digits(p, 5)) {
                return Err(problem(
                    &g.ars,
                    format!("{}: postcodes must be five digits", g.name),
                ));
            }
        }
        Ok(directory)
    }

    /// The ARS of a Gemeinde's administration: its Amt's, or its own when amtsfrei.
    pub fn administration_of(&self, gemeinde: &Gemeinde) -> String {
        match &gemeinde.verband {
            Some(_) => format!("{}000", &gemeinde.ars[..9]),
            None => gemeinde.ars.clone(),
        }
    }

    /// The Kreis, its Ämter and every Gemeinde as municipalities (parents first), each
    /// with a plain theme in the Kreis's colours (`colors`).
    pub fn municipalities(&self, colors: &serde_json::Value) -> Vec<Municipality> {
        let theme = |display_name: String| serde_json::json!({ "display_name": display_name, "colors": colors });
        let mut out = vec![Municipality {
            ars: self.kreis.ars.clone(),
            name: self.kreis.name.clone(),
            kind: "Kreis".into(),
            parent_ars: None,
            theme: theme(format!("Bürgerportal {}", self.kreis.name)),
            allowed_origins: Vec::new(),
            legal: None,
        }];
        out.extend(self.verbaende.iter().map(|amt| Municipality {
            ars: amt.ars.clone(),
            name: amt.name.clone(),
            kind: "Amt".into(),
            parent_ars: Some(self.kreis.ars.clone()),
            theme: theme(format!("Bürgerportal {}", amt.name)),
            allowed_origins: Vec::new(),
            legal: None,
        }));
        out.extend(self.gemeinden.iter().map(|g| {
            let amtsfrei = g.verband.is_none();
            Municipality {
                ars: g.ars.clone(),
                name: g.name.clone(),
                // The two amtsfreie Gemeinden of the Kreis are towns (Städte).
                kind: if amtsfrei { "Stadt" } else { "Gemeinde" }.into(),
                parent_ars: Some(if amtsfrei {
                    self.kreis.ars.clone()
                } else {
                    self.administration_of(g)
                }),
                theme: theme(if amtsfrei {
                    format!("Bürgerportal {}", g.name)
                } else {
                    format!("Gemeinde {}", g.name)
                }),
                allowed_origins: Vec::new(),
                legal: None,
            }
        }));
        out
    }

    /// One place per Gemeinde and postcode.
    pub fn places(&self) -> Vec<Place> {
        self.gemeinden
            .iter()
            .flat_map(|g| {
                g.postcodes.iter().map(|postcode| Place {
                    name: g.name.clone(),
                    postcode: postcode.clone(),
                    ars: g.ars.clone(),
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dithmarschen_is_complete_and_consistent() {
        let directory = Directory::parse(DITHMARSCHEN).expect("the directory checks");
        assert_eq!(directory.gemeinden.len(), 116);
        assert_eq!(directory.verbaende.len(), 6);
        let hemmingstedt = directory
            .gemeinden
            .iter()
            .find(|g| g.name == "Hemmingstedt")
            .unwrap();
        assert_eq!(hemmingstedt.ars, "010515172048");
        assert_eq!(directory.administration_of(hemmingstedt), "010515172000");
        let heide = directory
            .gemeinden
            .iter()
            .find(|g| g.name == "Heide")
            .unwrap();
        assert_eq!(directory.administration_of(heide), "010510044044");
        assert_eq!(directory.places().len(), 118);
        let municipalities = directory
            .municipalities(&serde_json::json!({"primary": "#00527a", "secondary": "#e2001a"}));
        assert_eq!(municipalities.len(), 1 + 6 + 116);
        for m in &municipalities {
            m.check().unwrap_or_else(|e| panic!("{e}"));
        }
    }

    #[test]
    fn inconsistent_keys_are_refused_naming_the_entry() {
        let bad = DITHMARSCHEN.replacen("\"ags\": \"01051001\"", "\"ags\": \"01051002\"", 1);
        let err = Directory::parse(&bad).expect_err("AGS differs").to_string();
        assert!(
            err.contains("Albersdorf") && err.contains("010515175001"),
            "{err}"
        );
        let bad = DITHMARSCHEN.replacen(
            "\"verband\": \"Amt Mitteldithmarschen\"",
            "\"verband\": \"Amt Nirgendwo\"",
            1,
        );
        let err = Directory::parse(&bad).expect_err("unknown Amt").to_string();
        assert!(err.contains("Amt Nirgendwo"), "{err}");
    }
}
