// SPDX-License-Identifier: EUPL-1.2
//! The place an application is for, chosen on the service page when the competent
//! authority depends on it, and kept in this browser for the form and the submission.

use api_types::{Address, Authority};

/// A chosen place and the authority the routing named for it, with its contact.
#[derive(Debug, Clone, PartialEq)]
pub struct ChosenPlace {
    pub ars: String,
    pub name: String,
    /// Kept in this browser as far as the service page shows it: name and contact, not
    /// its id or website.
    pub authority: Authority,
}

fn key(leika: &str) -> String {
    format!("bp-place:{leika}")
}

/// Stored as tab-separated texts: no JSON decoder needed for a few strings. A place
/// kept before contacts were (three texts) is read without one.
fn encode(place: &ChosenPlace) -> String {
    let a = &place.authority;
    let town = format!("{} {}", a.address.postcode, a.address.city);
    [
        &place.ars,
        &place.name,
        &a.name,
        &a.address.street,
        &town,
        &a.phone,
        &a.email,
        a.opening_hours.as_deref().unwrap_or_default(),
    ]
    .map(|s| s.replace(['\t', '\n'], " "))
    .join("\t")
}

fn decode(raw: &str) -> Option<ChosenPlace> {
    let mut parts = raw.split('\t');
    let mut next = || parts.next().map(str::to_owned);
    let (ars, name, authority) = (next()?, next()?, next()?);
    let (street, town, phone, email, opening_hours) = match next() {
        None => Default::default(),
        Some(street) => (street, next()?, next()?, next()?, next()?),
    };
    // Postcode and city, as one text ("25746 Heide").
    let (postcode, city) = town.split_once(' ').unwrap_or(("", &town));
    let place = ChosenPlace {
        ars,
        name,
        authority: Authority {
            id: String::new(),
            name: authority,
            address: Address {
                street,
                postcode: postcode.to_owned(),
                city: city.to_owned(),
            },
            email,
            phone,
            website: None,
            opening_hours: Some(opening_hours).filter(|h| !h.is_empty()),
        },
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
            authority: Authority {
                id: String::new(),
                name: "Stadt\tHeide".into(),
                address: Address {
                    street: "Postelweg 1".into(),
                    postcode: "25746".into(),
                    city: "Heide".into(),
                },
                email: "ordnung@heide.example".into(),
                phone: "+49 481 6850-0".into(),
                website: None,
                opening_hours: Some("Mo 8–12\nDo 14–18".into()),
            },
        };
        let back = decode(&encode(&place)).unwrap();
        assert_eq!(back.authority.name, "Stadt Heide");
        assert_eq!(back.ars, place.ars);
        assert_eq!(
            back.authority.opening_hours.as_deref(),
            Some("Mo 8–12 Do 14–18")
        );
        assert_eq!(back.authority.email, place.authority.email);
        assert_eq!(back.authority.address, place.authority.address);
        // Kept before contacts were: three texts.
        let old = decode("010515172048\t25746 Heide\tStadt Heide").unwrap();
        assert_eq!(old.authority.name, "Stadt Heide");
        assert!(old.authority.address.street.is_empty() && old.authority.opening_hours.is_none());
        assert_eq!(decode("010515172048\ta\tb\tc"), None);
        assert_eq!(decode("x\ty\tz"), None);
        assert_eq!(decode("010515172048\ta"), None);
    }
}
