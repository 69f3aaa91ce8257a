//! IBAN: structure and ISO 7064 mod-97 check digits. Spaces, as printed on
//! bank cards, are ignored; lower case is accepted.

/// Whether `s` is an IBAN with correct check digits (German IBANs must also
/// have their fixed length of 22).
pub fn is_valid_iban(s: &str) -> bool {
    let compact: String = s
        .chars()
        .filter(|c| *c != ' ')
        .collect::<String>()
        .to_ascii_uppercase();
    let b = compact.as_bytes();
    if !(15..=34).contains(&b.len())
        || !b[..2].iter().all(u8::is_ascii_uppercase)
        || !b[2..4].iter().all(u8::is_ascii_digit)
        || !b.iter().all(u8::is_ascii_alphanumeric)
    {
        return false;
    }
    if &b[..2] == b"DE" && b.len() != 22 {
        return false;
    }
    // Move the first four characters to the end, letters become 10..35, and
    // take the remainder digit by digit so no big integers are needed.
    let mut rem: u32 = 0;
    for &c in b[4..].iter().chain(&b[..4]) {
        let v = if c.is_ascii_digit() {
            u32::from(c - b'0')
        } else {
            u32::from(c - b'A') + 10
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}
