// SPDX-License-Identifier: EUPL-1.2
//! The Amtlicher Regionalschlüssel (ARS), the official key of a German area: Land (2
//! digits) + Regierungsbezirk (1) + Kreis (2) + Gemeindeverband (4) + Gemeinde (3). A key
//! for a larger area is written either short (the levels it names, as FIT-Connect's Routing
//! API takes it) or as twelve digits with the levels it does not name as zeros.

/// The lengths of a key cut after each level.
const LEVELS: [usize; 5] = [2, 3, 5, 9, 12];

/// A key as FIT-Connect's Routing API takes it: a Land (2 digits), a Regierungsbezirk (3),
/// a Kreis (5), a Gemeindeverband (9) or a Gemeinde (12).
pub fn is_key(value: &str) -> bool {
    LEVELS.contains(&value.len()) && value.bytes().all(|b| b.is_ascii_digit())
}

/// A key of twelve digits, as municipalities are stored: the engine's check of a
/// municipality answer, which the portal runs too.
pub fn is_full(value: &str) -> bool {
    form_engine::field_types::municipality::is_ars(value)
}

/// The levels of a twelve-digit key that name its area: the key without the levels below
/// it, which are all zeros (`010510000000`, Kreis Dithmarschen, is `01051`). Level by level,
/// not digit by digit: a Gemeinde numbered `010` or a Kreis `50` keeps its own zero. A
/// key of another length is returned as it is.
pub fn significant(ars: &str) -> &str {
    if ars.len() != 12 {
        return ars;
    }
    let mut end = 12;
    for pair in LEVELS.windows(2).rev() {
        let (shorter, longer) = (pair[0], pair[1]);
        if end == longer && ars[shorter..longer].bytes().all(|b| b == b'0') {
            end = shorter;
        }
    }
    &ars[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_keeps_the_levels_that_name_its_area() {
        assert_eq!(significant("010515163078"), "010515163078", "a Gemeinde");
        assert_eq!(significant("010515160010"), "010515160010", "Gemeinde 010");
        assert_eq!(significant("010515160000"), "010515160", "an Amt");
        assert_eq!(significant("010510000000"), "01051", "a Kreis");
        assert_eq!(significant("010500000000"), "01050", "Kreis 50");
        assert_eq!(significant("091000000000"), "091", "a Regierungsbezirk");
        assert_eq!(significant("010000000000"), "01", "a Land");
        assert_eq!(significant("100000000000"), "10", "the Saarland");
        assert_eq!(significant("01051"), "01051", "short keys stay");
    }

    #[test]
    fn keys_have_the_lengths_of_the_levels() {
        for key in ["01", "091", "01051", "010515160", "010515163078"] {
            assert!(is_key(key), "{key}");
        }
        for key in [
            "",
            "0",
            "0105",
            "01051516307",
            "0105151630780",
            "01o51",
            "٠١",
        ] {
            assert!(!is_key(key), "{key}");
        }
        assert!(is_full("010515163078"));
        assert!(!is_full("01051"));
    }
}
