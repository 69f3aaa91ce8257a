//! Decimal text to `f64`, with exactly the result of `str::parse::<f64>` (the
//! same syntax, correctly rounded, ties to even), but without core's
//! Eisel-Lemire tables: those are 10 KiB of incompressible data in the WASM
//! bundle. Exact values from the fast path for short inputs (everything a
//! citizen types), else exact big-integer arithmetic, slow but small.
//! The tests below compare it with `str::parse` on many inputs.

/// `s` as `f64`, or `None` where `str::parse::<f64>` fails.
pub(crate) fn parse_f64(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let (negative, b) = match b.first()? {
        b'-' => (true, &b[1..]),
        b'+' => (false, &b[1..]),
        _ => (false, b),
    };
    if b.is_empty() {
        return None;
    }
    let v = match decimal(b) {
        Some(v) => v,
        None if b.eq_ignore_ascii_case(b"inf") || b.eq_ignore_ascii_case(b"infinity") => {
            f64::INFINITY
        }
        None if b.eq_ignore_ascii_case(b"nan") => f64::NAN,
        None => return None,
    };
    Some(if negative { -v } else { v })
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

/// Significant digits kept: more never change the rounding (767 suffice),
/// as long as a digit 1 stands in for the nonzero ones cut off.
const MAX_DIGITS: usize = 800;

/// `digits [. digits] [e|E [+|-] digits]`, at least one mantissa digit.
fn decimal(b: &[u8]) -> Option<f64> {
    let mut sig: Vec<u8> = Vec::new();
    let mut i = 0;
    let mut n_digits = 0usize;
    let mut after_dot = 0i64;
    let mut dot = false;
    while let Some(&c) = b.get(i) {
        if c.is_ascii_digit() {
            if c != b'0' || !sig.is_empty() {
                sig.push(c - b'0');
            }
            n_digits += 1;
            after_dot += i64::from(dot);
        } else if c == b'.' && !dot {
            dot = true;
        } else {
            break;
        }
        i += 1;
    }
    if n_digits == 0 {
        return None;
    }
    let mut exp = 0i64;
    if let Some(b'e' | b'E') = b.get(i) {
        i += 1;
        let negative = b.get(i) == Some(&b'-');
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        let start = i;
        while let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit()) {
            // Saturates as core does: such exponents give 0 or infinity anyway.
            if exp < 0x10000 {
                exp = exp * 10 + i64::from(c - b'0');
            }
            i += 1;
        }
        if i == start {
            return None;
        }
        if negative {
            exp = -exp;
        }
    }
    if i != b.len() {
        return None;
    }
    // The value is sig * 10^e10.
    let mut e10 = exp - after_dot;
    while sig.last() == Some(&0) {
        sig.pop();
        e10 += 1;
    }
    if sig.is_empty() {
        return Some(0.0);
    }
    if sig.len() > MAX_DIGITS {
        // The last digit is not 0, so a nonzero digit is cut off.
        e10 += (sig.len() - MAX_DIGITS - 1) as i64;
        sig.truncate(MAX_DIGITS);
        sig.push(1);
    }
    let leading = sig.len() as i64 + e10 - 1;
    if leading > 309 {
        return Some(f64::INFINITY);
    }
    if leading < -325 {
        return Some(0.0);
    }
    // Fast path: both operands exact, so one IEEE operation rounds correctly.
    if sig.len() <= 15 && e10.abs() <= 22 {
        let m = sig.iter().fold(0u64, |m, &d| m * 10 + u64::from(d)) as f64;
        let p = (0..e10.abs()).fold(1.0f64, |p, _| p * 10.0);
        return Some(if e10 < 0 { m / p } else { m * p });
    }
    let mut n = Big(Vec::new());
    for &d in &sig {
        n.mul_add(10, u32::from(d));
    }
    if e10 >= 0 {
        for _ in 0..e10 {
            n.mul_add(10, 0);
        }
        return Some(n.to_f64(0, false));
    }
    let mut d = Big(vec![1]);
    for _ in 0..-e10 {
        d.mul_add(10, 0);
    }
    // n / d = (n << s) / d * 2^-s, with a quotient of at least 66 bits.
    let s = (d.bits() + 66).saturating_sub(n.bits());
    let (q, inexact) = n.div(&d, s);
    Some(q.to_f64(-(s as i64), inexact))
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

    fn bits(&self) -> usize {
        let top = self.0.iter().rposition(|&l| l != 0);
        top.map_or(0, |i| i * 32 + 32 - self.0[i].leading_zeros() as usize)
    }

    fn bit(&self, i: usize) -> bool {
        self.0.get(i / 32).is_some_and(|l| (l >> (i % 32)) & 1 == 1)
    }

    /// `(self << s) / d` (d > 0) and whether a remainder is left, bit by bit.
    fn div(&self, d: &Big, s: usize) -> (Big, bool) {
        let n_bits = self.bits() + s;
        let mut q = Big(vec![0; n_bits / 32 + 1]);
        let mut r = Big(vec![0; d.0.len() + 1]);
        for i in (0..n_bits).rev() {
            // r = r * 2 + next bit of self << s
            let mut carry = u32::from(i >= s && self.bit(i - s));
            for limb in &mut r.0 {
                let top = *limb >> 31;
                *limb = (*limb << 1) | carry;
                carry = top;
            }
            if r.cmp(d).is_ge() {
                r.sub(d);
                q.0[i / 32] |= 1 << (i % 32);
            }
        }
        let inexact = r.0.iter().any(|&l| l != 0);
        (q, inexact)
    }

    /// The `f64` nearest to `(self + a bit less than one if sticky) * 2^exp2`
    /// (self > 0), ties to even.
    fn to_f64(&self, exp2: i64, mut sticky: bool) -> f64 {
        let len = self.bits() as i64;
        // Binary exponent of the leading bit, and the bits the result keeps.
        let lead = len - 1 + exp2;
        let keep = if lead >= -1022 { 53 } else { lead + 1075 };
        let cut = len - keep;
        let mut m = 0u64;
        for i in (cut.max(0)..len).rev() {
            m = (m << 1) | u64::from(self.bit(i as usize));
        }
        if cut < 0 {
            m <<= -cut;
        } else if cut > 0 {
            let round = self.bit(cut as usize - 1);
            sticky |= (0..cut - 1).any(|i| self.bit(i as usize));
            if round && (sticky || m & 1 == 1) {
                m += 1;
            }
        }
        if lead < -1022 {
            // Subnormal (a carry into bit 52 gives the smallest normal).
            return f64::from_bits(m);
        }
        let mut lead = lead;
        if m == 1 << 53 {
            m >>= 1;
            lead += 1;
        }
        if lead > 1023 {
            return f64::INFINITY;
        }
        f64::from_bits((((lead + 1023) as u64) << 52) | (m & ((1 << 52) - 1)))
    }
}

#[cfg(test)]
mod tests {
    use super::parse_f64;
    use proptest::prelude::*;

    /// Same result as core, bit for bit (NaN's sign included).
    fn same(s: &str) {
        let core = s.parse::<f64>().ok().map(f64::to_bits);
        assert_eq!(parse_f64(s).map(f64::to_bits), core, "{s:?}");
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
            same(s);
        }
    }

    /// Decimal digits of `d * 10^exp` as text, `d` little-endian.
    fn text(d: &[u8], exp: i64) -> String {
        let digits: String = d.iter().rev().map(|&x| char::from(b'0' + x)).collect();
        format!("{digits}e{exp}")
    }

    fn mul_small(d: &mut Vec<u8>, m: u8) {
        let mut carry = 0u32;
        for x in d.iter_mut() {
            let v = u32::from(*x) * u32::from(m) + carry;
            *x = (v % 10) as u8;
            carry = v / 10;
        }
        while carry > 0 {
            d.push((carry % 10) as u8);
            carry /= 10;
        }
    }

    /// The halfway point between `x` (finite, > 0) and the next float up,
    /// exactly, and texts a little below and above it.
    fn halfway(x: f64) -> [String; 3] {
        let bits = x.to_bits();
        let (raw_exp, frac) = ((bits >> 52) as i64, bits & ((1 << 52) - 1));
        let (m, k) = if raw_exp == 0 {
            (frac, -1074)
        } else {
            (frac | 1 << 52, raw_exp - 1075)
        };
        // (2m + 1) * 2^(k-1)
        let mut d: Vec<u8> = (2 * m + 1)
            .to_string()
            .bytes()
            .rev()
            .map(|c| c - b'0')
            .collect();
        let mut exp = 0;
        if k > 0 {
            for _ in 0..k - 1 {
                mul_small(&mut d, 2);
            }
        } else {
            for _ in 0..1 - k {
                mul_small(&mut d, 5);
            }
            exp = k - 1;
        }
        let mut above = d.clone();
        above.insert(0, 1);
        let mut below = d.clone();
        below.insert(0, 0);
        for x in below.iter_mut() {
            if *x > 0 {
                *x -= 1;
                break;
            }
            *x = 9;
        }
        [text(&d, exp), text(&below, exp - 1), text(&above, exp - 1)]
    }

    #[test]
    fn halfway_points_and_printed_floats() {
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut xs = vec![
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
            1.0,
            0.1,
            9007199254740992.0,
        ];
        for _ in 0..300 {
            xs.push(f64::from_bits(next() >> 1));
            // Ordinary magnitudes too, where the fast path may apply.
            xs.push((next() >> 11) as f64 / (1u64 << (next() % 60)) as f64);
        }
        for x in xs.into_iter().filter(|x| x.is_finite() && *x > 0.0) {
            for s in halfway(x) {
                same(&s);
            }
            for s in [
                format!("{x:e}"),
                format!("{x}"),
                format!("{x:.17e}"),
                format!("{x:.3e}"),
                format!("{x:.30e}"),
                format!("{x:.3}"),
            ] {
                same(&s);
            }
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
        #[test]
        fn decimal_texts(s in "[+-]?[0-9]{0,30}\\.?[0-9]{0,30}([eE][+-]?[0-9]{0,4})?") {
            same(&s);
        }

        #[test]
        fn short_texts(s in "[-+.,0-9eEinfatyINFATY ]{0,12}") {
            same(&s);
        }

        #[test]
        fn long_texts(int in "[0-9]{0,400}", frac in "[0-9]{0,900}", exp in -800i64..800) {
            same(&format!("{int}.{frac}e{exp}"));
        }
    }
}
