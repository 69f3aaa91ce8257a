// SPDX-License-Identifier: EUPL-1.2
//! Search folding: case, umlauts and ß do not matter when searching the catalogue.

/// Folds text for searching: composed (NFC), lower case, `ä -> ae`, `ö -> oe`, `ü -> ue`,
/// `ß -> ss`, other Latin accents dropped (`é -> e`), anything that is not a letter or
/// digit -> one space.
pub fn fold(text: &str) -> String {
    fold_with(text, true)
}

/// Whether a query, folded ([`fold`]), can name a place: two letters or digits at least.
/// Fewer (`a.`, `%%`, or a postcode's first digit) would be in nearly every name or
/// postcode.
pub fn names_a_place(folded: &str) -> bool {
    folded.chars().filter(|c| c.is_alphanumeric()).count() >= 2
}

/// Like [`fold`] but umlauts lose their dots (`ä -> a`), so "fallung" finds "Fällung".
fn fold_plain(text: &str) -> String {
    fold_with(text, false)
}

fn fold_with(text: &str, umlaut_e: bool) -> String {
    use unicode_normalization::UnicodeNormalization as _;
    let mut out = String::with_capacity(text.len() + 8);
    let mut last_space = true;
    // Composed first (NFC): a "u" with a combining diaeresis, as macOS and pasted text
    // often write "ü", is folded as "ü" (it was "u", a space, and the rest).
    for c in text.nfc().flat_map(char::to_lowercase) {
        let replacement: &str = match c {
            'ä' if umlaut_e => "ae",
            'ö' if umlaut_e => "oe",
            'ü' if umlaut_e => "ue",
            'ä' | 'à' | 'á' | 'â' | 'ã' | 'å' => "a",
            'ö' | 'ò' | 'ó' | 'ô' | 'õ' | 'ø' => "o",
            'ü' | 'ù' | 'ú' | 'û' => "u",
            'è' | 'é' | 'ê' | 'ë' => "e",
            'ì' | 'í' | 'î' | 'ï' => "i",
            'ç' => "c",
            'ñ' => "n",
            'ß' => "ss",
            c if c.is_alphanumeric() => {
                out.push(c);
                last_space = false;
                continue;
            }
            _ => {
                if !last_space {
                    out.push(' ');
                    last_space = true;
                }
                continue;
            }
        };
        out.push_str(replacement);
        last_space = false;
    }
    out.trim_end().to_owned()
}

/// The stored search column for some texts: each text folded both ways, so a query folded
/// with [`fold`] matches whether the citizen typed "Straße", "strasse", "Fällung" or
/// "fallung".
pub fn search_column<'a>(texts: impl IntoIterator<Item = &'a str>) -> String {
    let mut column = String::from(" ");
    for text in texts {
        let folded = fold(text);
        let plain = fold_plain(text);
        column.push_str(&folded);
        column.push(' ');
        if plain != folded {
            column.push_str(&plain);
            column.push(' ');
        }
    }
    column
}

/// The query's search terms (folded, at most 8 of them); all must match.
pub fn query_terms(query: &str) -> Vec<String> {
    fold(query)
        .split(' ')
        .filter(|t| !t.is_empty())
        .take(8)
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_umlauts_and_sharp_s() {
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("STRASSE"), "strasse");
        assert_eq!(fold("Baumfällgenehmigung"), "baumfaellgenehmigung");
        assert_eq!(fold("Öffentliche Übung"), "oeffentliche uebung");
        assert_eq!(fold("Café, crème!"), "cafe creme");
        // Decomposed, as macOS and pasted text write it: the same as composed.
        assert_eq!(fold("Bu\u{308}sum"), fold("Büsum"));
        assert_eq!(fold("Cafe\u{301}"), "cafe");
    }

    #[test]
    fn search_column_matches_both_umlaut_spellings() {
        let column = search_column(["Baumfällgenehmigung"]);
        assert!(column.contains(&fold("fällgenehmigung")));
        assert!(column.contains(&fold("faellgenehmigung")));
        assert!(column.contains(&fold("fallgenehmigung")));
    }

    #[test]
    fn query_terms_split_and_fold() {
        assert_eq!(
            query_terms("  Gewerbe  Straße "),
            vec!["gewerbe", "strasse"]
        );
        assert!(query_terms(" - ").is_empty());
    }
}
