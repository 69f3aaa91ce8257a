//! integer, decimal and money. Citizens type German decimal commas as often
//! as points; both are accepted. No thousands separators: "1.000" would be
//! ambiguous, so it is read as a decimal and fails the decimals rule.

use crate::error::ErrorCode;

pub(crate) fn integer(t: &str, min: Option<i64>, max: Option<i64>) -> Option<ErrorCode> {
    let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Some(ErrorCode::NotAnInteger);
    }
    let Ok(n) = t.parse::<i64>() else {
        // All digits but beyond i64: certainly outside any limit.
        return Some(match (t.starts_with('-'), min, max) {
            (true, Some(min), _) => ErrorCode::TooSmall { min },
            (false, _, Some(max)) => ErrorCode::TooLarge { max },
            _ => ErrorCode::NotAnInteger,
        });
    };
    if let Some(min) = min
        && n < min
    {
        return Some(ErrorCode::TooSmall { min });
    }
    if let Some(max) = max
        && n > max
    {
        return Some(ErrorCode::TooLarge { max });
    }
    None
}

/// A number split into sign, integer digits and fraction digits.
struct Parsed<'a> {
    negative: bool,
    int: &'a str,
    frac: &'a str,
}

fn parse(t: &str) -> Option<Parsed<'_>> {
    let (negative, rest) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let (int, frac) = match rest.find(['.', ',']) {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (rest, ""),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let has_sep = rest.len() != int.len();
    if int.is_empty()
        || !digits(int)
        || !digits(frac)
        || (has_sep && frac.is_empty())
        || int.len() > 15
    {
        return None;
    }
    Some(Parsed {
        negative,
        int,
        frac,
    })
}

fn to_f64(p: &Parsed<'_>) -> Option<f64> {
    let n = crate::float::parse_f64(&format!(
        "{}.{}",
        p.int,
        if p.frac.is_empty() { "0" } else { p.frac }
    ))?;
    Some(if p.negative { -n } else { n })
}

/// Shortest text for a limit: 2.5 -> "2.5", 3.0 -> "3".
fn limit_text(v: f64) -> String {
    crate::float::display_f64(v)
}

pub(crate) fn decimal(
    t: &str,
    min: Option<f64>,
    max: Option<f64>,
    max_decimals: u32,
) -> Option<ErrorCode> {
    let Some(p) = parse(t) else {
        return Some(ErrorCode::NotANumber);
    };
    if p.frac.len() > max_decimals as usize {
        return Some(ErrorCode::TooManyDecimals { max: max_decimals });
    }
    let n = to_f64(&p)?;
    if let Some(min) = min
        && n < min
    {
        return Some(ErrorCode::AmountTooSmall {
            min: limit_text(min),
        });
    }
    if let Some(max) = max
        && n > max
    {
        return Some(ErrorCode::AmountTooLarge {
            max: limit_text(max),
        });
    }
    None
}

/// Euro amounts, compared in whole cents so 0.1 + 0.2 problems cannot occur.
pub(crate) fn money(t: &str, min: Option<f64>, max: Option<f64>) -> Option<ErrorCode> {
    // People type the currency although the portal shows it next to the input.
    // (`strip_suffix` in a loop = `trim_end_matches("EUR")` without the
    // reverse substring searcher in the WASM.)
    let mut t = t;
    while let Some(rest) = t.strip_suffix("EUR") {
        t = rest;
    }
    let t = t.trim_matches(|c: char| c == '€' || c.is_whitespace());
    let Some(p) = parse(t) else {
        return Some(ErrorCode::NotANumber);
    };
    if p.negative {
        return Some(ErrorCode::AmountTooSmall {
            min: cents_text(to_cents(min.unwrap_or(0.0))),
        });
    }
    if p.frac.len() > 2 {
        return Some(ErrorCode::TooManyDecimals { max: 2 });
    }
    let int: i64 = p.int.parse().ok()?;
    let frac: i64 = format!("{:0<2}", p.frac).parse().ok()?;
    let cents = int.checked_mul(100)?.checked_add(frac)?;
    if let Some(min) = min.map(to_cents)
        && cents < min
    {
        return Some(ErrorCode::AmountTooSmall {
            min: cents_text(min),
        });
    }
    if let Some(max) = max.map(to_cents)
        && cents > max
    {
        return Some(ErrorCode::AmountTooLarge {
            max: cents_text(max),
        });
    }
    None
}

fn to_cents(euros: f64) -> i64 {
    (euros * 100.0).round() as i64
}

fn cents_text(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    format!("{sign}{}.{:02}", c / 100, c % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cents_text_formats_two_places() {
        assert_eq!(cents_text(1250), "12.50");
        assert_eq!(cents_text(5), "0.05");
        assert_eq!(cents_text(-100), "-1.00");
    }
}
