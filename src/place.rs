// SPDX-License-Identifier: EUPL-1.2
//! The place an application is for, chosen on the service page when the competent
//! authority depends on it, and kept in this browser for the form and the submission.

/// A chosen place and the authority the routing named for it.
#[derive(Debug, Clone, PartialEq)]
pub struct ChosenPlace {
    pub ars: String,
    pub name: String,
    pub authority: String,
}

fn key(leika: &str) -> String {
    format!("bp-place:{leika}")
}

/// Stored as three tab-separated texts: no JSON decoder needed for three strings.
fn encode(place: &ChosenPlace) -> String {
    [&place.ars, &place.name, &place.authority]
        .map(|s| s.replace('\t', " "))
        .join("\t")
}

fn decode(raw: &str) -> Option<ChosenPlace> {
    let mut parts = raw.split('\t');
    let place = ChosenPlace {
        ars: parts.next()?.to_string(),
        name: parts.next()?.to_string(),
        authority: parts.next()?.to_string(),
    };
    let valid = place.ars.len() == 12 && place.ars.bytes().all(|b| b.is_ascii_digit());
    (valid && parts.next().is_none()).then_some(place)
}

pub fn chosen(leika: &str) -> Option<ChosenPlace> {
    decode(&crate::storage::get(&key(leika))?)
}

pub fn remember(leika: &str, place: &ChosenPlace) {
    crate::storage::set(&key(leika), &encode(place));
}

pub fn forget(leika: &str) {
    crate::storage::remove(&key(leika));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_round_trip_and_junk_is_ignored() {
        let place = ChosenPlace {
            ars: "010515172048".into(),
            name: "25746 Heide".into(),
            authority: "Stadt\tHeide".into(),
        };
        let back = decode(&encode(&place)).unwrap();
        assert_eq!(back.authority, "Stadt Heide");
        assert_eq!(back.ars, place.ars);
        assert_eq!(decode("x\ty\tz"), None);
        assert_eq!(decode("010515172048\ta"), None);
    }
}
