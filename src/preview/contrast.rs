// SPDX-License-Identifier: EUPL-1.2
//! WCAG 2.1 contrast of theme colours: relative luminance and contrast ratio
//! (<https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio>), AA for normal text at 4.5:1.

/// WCAG 2.1 AA for normal text.
pub const AA_NORMAL_TEXT: f64 = 4.5;

/// A colour as `#rgb` or `#rrggbb` (case-insensitive), else `None`.
pub fn parse_hex(colour: &str) -> Option<(u8, u8, u8)> {
    let hex = colour.trim().strip_prefix('#')?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |s: &str| u8::from_str_radix(s, 16).ok();
    match hex.len() {
        3 => {
            let d: Vec<u8> = hex
                .chars()
                .map(|c| channel(&format!("{c}{c}")))
                .collect::<Option<_>>()?;
            Some((d[0], d[1], d[2]))
        }
        6 => Some((
            channel(&hex[0..2])?,
            channel(&hex[2..4])?,
            channel(&hex[4..6])?,
        )),
        _ => None,
    }
}

/// Relative luminance of an sRGB colour, 0 (black) to 1 (white).
pub fn relative_luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

/// Contrast ratio of two colours, 1 to 21.
pub fn contrast_ratio(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    let (light, dark) = if la > lb { (la, lb) } else { (lb, la) };
    (light + 0.05) / (dark + 0.05)
}

/// The ratio of a theme colour against white (white text on buttons in that colour,
/// and that colour as text on the white page); `None` when it is no `#rgb`/`#rrggbb`.
pub fn against_white(colour: &str) -> Option<f64> {
    parse_hex(colour).map(|c| contrast_ratio(c, (255, 255, 255)))
}

/// Whether the colour can carry text on white (and white text) at AA.
pub fn passes_aa(colour: &str) -> bool {
    against_white(colour).is_some_and(|r| r >= AA_NORMAL_TEXT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_short_and_long_hex() {
        assert_eq!(parse_hex("#fff"), Some((255, 255, 255)));
        assert_eq!(parse_hex("#00527A"), Some((0, 0x52, 0x7a)));
        assert_eq!(parse_hex(" #0b4f8a "), Some((0x0b, 0x4f, 0x8a)));
        for bad in [
            "", "fff", "#ff", "#ggg", "#12345", "#1234567", "red", "#ü12",
        ] {
            assert_eq!(parse_hex(bad), None, "{bad}");
        }
    }

    #[test]
    fn ratios_match_the_wcag_reference_values() {
        let white = (255, 255, 255);
        assert!((contrast_ratio((0, 0, 0), white) - 21.0).abs() < 1e-9);
        assert!((contrast_ratio(white, white) - 1.0).abs() < 1e-9);
        // Symmetric.
        let a = (0x8a, 0x15, 0x38);
        assert!((contrast_ratio(a, white) - contrast_ratio(white, a)).abs() < 1e-12);
        // The classic boundary: #767676 passes AA on white, #777777 does not.
        assert!(passes_aa("#767676"));
        assert!(!passes_aa("#777777"));
        assert!((against_white("#767676").unwrap() - 4.54).abs() < 0.01);
    }

    #[test]
    fn demo_themes_are_judged() {
        // Primary colours of the demo municipalities pass; Brunsbüttel's yellow does not.
        for ok in ["#00527a", "#0b4f8a", "#8a1538", "#1d1d1b"] {
            assert!(passes_aa(ok), "{ok}");
        }
        assert!(!passes_aa("#f2a900"));
        assert!(!passes_aa("not a colour"));
    }
}
