// SPDX-License-Identifier: EUPL-1.2
//! The place an application is for, chosen on the service page when the competent
//! authority depends on it, and kept in this browser for the form and the submission.

use crate::api::Contact;

/// A chosen place and the authority the routing named for it, with its contact.
#[derive(Debug, Clone, PartialEq)]
pub struct ChosenPlace {
    pub ars: String,
    pub name: String,
    pub authority: String,
    pub contact: Contact,
}

fn key(leika: &str) -> String {
    format!("bp-place:{leika}")
}

/// Stored as tab-separated texts: no JSON decoder needed for a few strings. A place
/// kept before contacts were (three texts) is read without one.
fn encode(place: &ChosenPlace) -> String {
    let c = &place.contact;
    [
        &place.ars,
        &place.name,
        &place.authority,
        &c.street,
        &c.town,
        &c.phone,
        &c.email,
        &c.opening_hours,
    ]
    .map(|s| s.replace(['\t', '\n'], " "))
    .join("\t")
}

fn decode(raw: &str) -> Option<ChosenPlace> {
    let mut parts = raw.split('\t');
    let mut next = || parts.next().map(str::to_owned);
    let (ars, name, authority) = (next()?, next()?, next()?);
    let contact = match next() {
        None => Contact::default(),
        Some(street) => Contact {
            street,
            town: next()?,
            phone: next()?,
            email: next()?,
            opening_hours: next()?,
        },
    };
    let place = ChosenPlace {
        ars,
        name,
        authority,
        contact,
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
            contact: Contact {
                street: "Postelweg 1".into(),
                town: "25746 Heide".into(),
                phone: "+49 481 6850-0".into(),
                email: "ordnung@heide.example".into(),
                opening_hours: "Mo 8–12\nDo 14–18".into(),
            },
        };
        let back = decode(&encode(&place)).unwrap();
        assert_eq!(back.authority, "Stadt Heide");
        assert_eq!(back.ars, place.ars);
        assert_eq!(back.contact.opening_hours, "Mo 8–12 Do 14–18");
        assert_eq!(back.contact.email, place.contact.email);
        // Kept before contacts were: three texts.
        let old = decode("010515172048\t25746 Heide\tStadt Heide").unwrap();
        assert_eq!(old.contact, Contact::default());
        assert_eq!(decode("010515172048\ta\tb\tc"), None);
        assert_eq!(decode("x\ty\tz"), None);
        assert_eq!(decode("010515172048\ta"), None);
    }
}
