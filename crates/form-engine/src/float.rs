//! Decimal numbers and text: parsing goes through serde_json's number parser (already in
//! the bundle for the definitions); printing is core's exact algorithm on a small big
//! integer, without core's float-formatting tables.
//!
//! Parsing accepts what `str::parse::<f64>` accepts (the callers rely on its syntax:
//! `1.`, `.5`, `007`, `+3`, `1e5`, `inf`, `NaN`) and rewrites it into JSON's syntax for
//! serde_json. The value is serde_json's: exactly `str::parse`'s for up to 15 significant
//! digits and exponents up to 22 (everything a citizen types), else within a few units in
//! the last place (serde_json's default precision), the same parser that reads the
//! definitions' limits. Core's own parser would add its Eisel-Lemire tables (10 KiB of
//! incompressible data) to the WASM bundle.

/// `s` as `f64`, or `None` where `str::parse::<f64>` fails.
pub(crate) fn parse_f64(s: &str) -> Option<f64> {
    let (negative, unsigned) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let v = if unsigned.eq_ignore_ascii_case("inf") || unsigned.eq_ignore_ascii_case("infinity") {
        f64::INFINITY
    } else if unsigned.eq_ignore_ascii_case("nan") {
        f64::NAN
    } else {
        from_json(&as_json_number(unsigned)?)
    };
    Some(if negative { -v } else { v })
}

/// `digits [. digits] [e|E [+|-] digits]` (at least one mantissa digit) as a JSON number:
/// leading zeros dropped, a point without digits on one side completed or dropped.
fn as_json_number(s: &str) -> Option<String> {
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if int.len() + frac.len() == 0 || !digits(int) || !digits(frac) {
        return None;
    }
    let int = int.trim_start_matches('0');
    let mut json = String::from(if int.is_empty() { "0" } else { int });
    if !frac.is_empty() {
        json.push('.');
        json.push_str(frac);
    }
    if let Some(exponent) = exponent {
        let unsigned = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        if unsigned.is_empty() || !digits(unsigned) {
            return None;
        }
        json.push('e');
        json.push_str(exponent);
    }
    Some(json)
}

/// A JSON number (unsigned, syntax checked) as `f64`. The one thing serde_json refuses
/// in it is a magnitude beyond `f64::MAX`, which `str::parse` reads as infinity. Parsed
/// as a `Value`, the instance the engine already uses for definitions.
fn from_json(json: &str) -> f64 {
    match serde_json::from_str::<serde_json::Value>(json) {
        Ok(serde_json::Value::Number(n)) => n.as_f64().unwrap_or(f64::INFINITY),
        _ => f64::INFINITY,
    }
}

/// `n.to_string()`, the same text (the shortest digits that read back as
/// `n`, the closest of those, without exponent: `2.5`, `3`, `0.0001`, `-0`,
/// `NaN`, `inf`), by core's exact algorithm (Dragon4, `flt2dec`) on [`Big`]
/// rather than through core's float printing (Grisu, Dragon, their tables and
/// `Formatter` padding). The tests below compare it with `to_string`.
pub(crate) fn display_f64(n: f64) -> String {
    if n.is_nan() {
        return "NaN".into();
    }
    let mut out = String::from(if n.is_sign_negative() { "-" } else { "" });
    if n.is_infinite() {
        out.push_str("inf");
        return out;
    }
    if n == 0.0 {
        out.push('0');
        return out;
    }
    let (digits, point) = shortest(n.abs());
    let len = digits.len() as i64;
    let text = |d: &[u8]| d.iter().map(|&d| char::from(b'0' + d)).collect::<String>();
    if point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-point) as usize));
        out.push_str(&text(&digits));
    } else if point < len {
        let (int, frac) = digits.split_at(point as usize);
        out.push_str(&text(int));
        out.push('.');
        out.push_str(&text(frac));
    } else {
        out.push_str(&text(&digits));
        out.extend(std::iter::repeat_n('0', (point - len) as usize));
    }
    out
}

/// Digits (0-9) and `k` with `x` ~ 0.DIGITS * 10^k, as core's
/// `flt2dec::strategy::dragon::format_shortest` (x finite, > 0).
fn shortest(x: f64) -> (Vec<u8>, i64) {
    let bits = x.to_bits();
    let (biased, frac) = ((bits >> 52) as i64, bits & ((1 << 52) - 1));
    // core's `integer_decode` and `decode`
    let (m, e) = if biased == 0 {
        (frac << 1, -1075)
    } else {
        (frac | (1 << 52), biased - 1075)
    };
    let inclusive = m & 1 == 0;
    let (m, minus, plus, e) = if biased == 0 {
        (m, 1, 1, e)
    } else if m == 1 << 52 {
        (m << 2, 1, 2, e - 2)
    } else {
        (m << 1, 1, 1, e - 1)
    };
    // a < b, or a <= b where the interval is inclusive
    let below = |a: &Big, b: &Big| match a.cmp(b) {
        std::cmp::Ordering::Less => true,
        std::cmp::Ordering::Equal => inclusive,
        std::cmp::Ordering::Greater => false,
    };
    let nbits = 64 - i64::from((m + plus - 1).leading_zeros());
    let mut k = ((nbits + e) * 1_292_913_986) >> 32;
    let [mut mant, mut minus, mut plus] = [m, minus, plus].map(Big::from_u64);
    let mut scale = Big(vec![1]);
    if e < 0 {
        scale.shl(-e as usize);
    } else {
        for b in [&mut mant, &mut minus, &mut plus] {
            b.shl(e as usize);
        }
    }
    for _ in 0..k.abs() {
        if k >= 0 {
            scale.mul_add(10, 0);
        } else {
            for b in [&mut mant, &mut minus, &mut plus] {
                b.mul_add(10, 0);
            }
        }
    }
    let times10 = |bs: [&mut Big; 3]| {
        for b in bs {
            b.mul_add(10, 0);
        }
    };
    if below(&scale, &mant.sum(&plus)) {
        k += 1;
    } else {
        times10([&mut mant, &mut minus, &mut plus]);
    }
    let mut digits = Vec::new();
    let (down, up) = loop {
        let mut d = 0;
        while mant.cmp(&scale) != std::cmp::Ordering::Less {
            mant.sub(&scale);
            d += 1;
        }
        digits.push(d);
        let down = below(&mant, &minus);
        let up = below(&scale, &mant.sum(&plus));
        if down || up {
            break (down, up);
        }
        times10([&mut mant, &mut minus, &mut plus]);
    };
    let twice = mant.sum(&mant);
    if up && (!down || twice.cmp(&scale) != std::cmp::Ordering::Less) {
        // core's `round_up`
        match digits.iter().rposition(|&d| d != 9) {
            Some(i) => {
                digits[i] += 1;
                digits[i + 1..].fill(0);
            }
            None => {
                digits.fill(0);
                digits[0] = 1;
                digits.push(0);
                k += 1;
            }
        }
    }
    (digits, k)
}

/// Unsigned big integer, 32-bit limbs, least significant first.
struct Big(Vec<u32>);

impl Big {
    fn from_u64(n: u64) -> Big {
        Big(vec![n as u32, (n >> 32) as u32])
    }

    /// `self << n`.
    fn shl(&mut self, n: usize) {
        for _ in 0..n / 32 {
            self.0.insert(0, 0);
        }
        if !n.is_multiple_of(32) {
            self.0.push(0);
            for i in (0..self.0.len()).rev() {
                let low = if i > 0 {
                    self.0[i - 1] >> (32 - n % 32)
                } else {
                    0
                };
                self.0[i] = (self.0[i] << (n % 32)) | low;
            }
        }
    }

    fn sum(&self, b: &Big) -> Big {
        let len = self.0.len().max(b.0.len()) + 1;
        let mut out = Big(Vec::with_capacity(len));
        let mut carry = 0u64;
        for k in 0..len {
            let x = u64::from(self.0.get(k).copied().unwrap_or(0))
                + u64::from(b.0.get(k).copied().unwrap_or(0))
                + carry;
            out.0.push(x as u32);
            carry = x >> 32;
        }
        out
    }

    /// `self - b` (b <= self).
    fn sub(&mut self, b: &Big) {
        let mut borrow = 0i64;
        for (k, limb) in self.0.iter_mut().enumerate() {
            let x = i64::from(*limb) - i64::from(b.0.get(k).copied().unwrap_or(0)) - borrow;
            *limb = x as u32;
            borrow = i64::from(x < 0);
        }
    }

    fn cmp(&self, b: &Big) -> std::cmp::Ordering {
        let len = self.0.len().max(b.0.len());
        for k in (0..len).rev() {
            let (x, y) = (self.0.get(k).copied(), b.0.get(k).copied());
            let ord = x.unwrap_or(0).cmp(&y.unwrap_or(0));
            if ord.is_ne() {
                return ord;
            }
        }
        std::cmp::Ordering::Equal
    }

    /// `self * m + a`.
    fn mul_add(&mut self, m: u32, a: u32) {
        let mut carry = u64::from(a);
        for limb in &mut self.0 {
            let x = u64::from(*limb) * u64::from(m) + carry;
            *limb = x as u32;
            carry = x >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_f64;
    use proptest::prelude::*;

    /// Accepted exactly where `str::parse` accepts, and the same value (NaN's sign
    /// included) where `exact`; else within four units in the last place (serde_json's
    /// default precision), subnormal spacing included, and infinite only beyond
    /// `f64::MAX`'s neighbourhood.
    fn agrees(s: &str, exact: bool) {
        let (ours, core) = (parse_f64(s), s.parse::<f64>().ok());
        assert_eq!(ours.is_some(), core.is_some(), "{s:?}");
        let (Some(ours), Some(core)) = (ours, core) else {
            return;
        };
        if exact || core.is_nan() || core.is_infinite() || core == 0.0 && ours == 0.0 {
            assert_eq!(ours.to_bits(), core.to_bits(), "{s:?}: {ours:e} {core:e}");
        } else if ours.is_infinite() {
            assert!(core.abs() > 1.7976931348623e308, "{s:?}: {core:e}");
        } else {
            let tolerance = 4.0 * f64::EPSILON * core.abs().max(ours.abs()) + 2.0 * 5e-324;
            assert!((ours - core).abs() <= tolerance, "{s:?}: {ours:e} {core:e}");
        }
    }

    #[test]
    fn syntax_and_specials() {
        for s in [
            "",
            "+",
            "-",
            ".",
            "e",
            "e5",
            "1e",
            "1e+",
            "1e-",
            "1.",
            ".5",
            "-.5",
            "+1.5e3",
            "1.5E-3",
            "1..2",
            "1.2.3",
            "1e5.5",
            " 1",
            "1 ",
            "1_000",
            "0x10",
            "١",
            "½",
            "inf",
            "-inf",
            "+INF",
            "Infinity",
            "-infinity",
            "infinit",
            "infinityy",
            "nan",
            "-NaN",
            "+nan",
            "NAN",
            "nana",
            "in",
            "0",
            "-0",
            "+0",
            "0.0",
            "-0e0",
            "00000.00000e-99999",
            "0e999999999999999",
            "1e999999999999999",
            "1e-999999999999999",
            "-1e400",
            "1e-400",
            "12.50",
            "12,50",
            "9007199254740993",
            "9007199254740992.5",
            "179769313486231570000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000.0",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "2.2250738585072011e-308",
            "2.2250738585072012e-308",
            "4.9406564584124654e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125e-324",
        ] {
            agrees(s, false);
        }
    }

    #[test]
    fn what_citizens_type_is_read_exactly() {
        for s in [
            "0",
            "-0",
            "12.50",
            "12.5",
            "0.1",
            "0.3",
            "1234.56",
            "999999999999999",
            "99999999999999.9",
            "0.000001",
            "-17.25",
            "+3",
            "007.50",
            "5.",
            ".5",
            "1e22",
            "1e-22",
            "123456789012345e-22",
        ] {
            agrees(s, true);
        }
    }

    fn same_text(x: f64) {
        assert_eq!(super::display_f64(x), x.to_string(), "{:x}", x.to_bits());
    }

    #[test]
    fn display_like_to_string() {
        for x in [
            0.0,
            -0.0,
            1.0,
            -1.0,
            2.5,
            3.0,
            0.1,
            0.3,
            1e-7,
            1e21,
            1e22,
            1.5e300,
            5e-324,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            f64::EPSILON,
            f64::NAN,
            -f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            123456789.125,
            0.000123,
            100.0,
            1e15,
            1e16,
            1e17,
            9007199254740993.0,
            12.5,
            0.05,
        ] {
            same_text(x);
        }
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        for i in 0..50_000u64 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            same_text(f64::from_bits(seed));
            // Powers of two (uneven rounding intervals) and small integers.
            same_text(f64::from_bits((i % 2046 + 1) << 52));
            same_text((seed % 100_000) as f64 / 100.0);
        }
    }

    proptest! {
        /// At most 15 significant digits and a power of ten up to 22: one exact IEEE
        /// operation, the same in every correct parser.
        #[test]
        fn short_decimals_exactly(int in "[0-9]{1,8}", frac in "[0-9]{0,7}", sign in "[+-]?") {
            agrees(&format!("{sign}{int}.{frac}"), true);
        }

        #[test]
        fn decimal_texts(s in "[+-]?[0-9]{0,30}\\.?[0-9]{0,30}([eE][+-]?[0-9]{0,4})?") {
            agrees(&s, false);
        }

        #[test]
        fn short_texts(s in "[-+.,0-9eEinfatyINFATY ]{0,12}") {
            agrees(&s, false);
        }

        #[test]
        fn long_texts(int in "[0-9]{0,400}", frac in "[0-9]{0,900}", exp in -800i64..800) {
            agrees(&format!("{int}.{frac}e{exp}"), false);
        }

        #[test]
        fn printed_floats(bits in any::<u64>()) {
            let x = f64::from_bits(bits);
            for s in [format!("{x:e}"), format!("{x}"), format!("{x:.17e}"), format!("{x:.3e}")] {
                agrees(&s, false);
            }
        }
    }
}
