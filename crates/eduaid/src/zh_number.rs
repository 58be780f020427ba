//! Chinese reporting conventions for numbers: 万 (10^4) and 亿 (10^8) units,
//! "余" for "more than" and "近" for "nearly".
//!
//! Everything is integer arithmetic on whole units (persons, sessions) or fen
//! (yuan), never floating point.
//!
//! # Exact forms
//!
//! - [`count`]: below 1万 the plain digits (`5758`); from 1万 the value in 万,
//!   from 1亿 in 亿, with exactly the fraction digits needed, so the form is
//!   exact (`57000` is `5.7万`, `12345` is `1.2345万`, `150000000` is `1.5亿`).
//! - [`yuan_exact`]: yuan with exactly 2 fraction digits (`40512345.67元`).
//!
//! # Reporting form of money
//!
//! [`yuan`]: below 1万元 the exact yuan (`9999.99元`, `500元`); from 1万元 in
//! 万元 rounded to 2 fraction digits (the nearest 100 yuan); from 1亿元 in 亿元
//! rounded to 4 fraction digits (the nearest 1万元). Rounding is half away from
//! zero, and trailing zeros are dropped (`1145000` yuan is `114.5万元`,
//! `40512345.67` yuan is `4051.23万元`). The unit is chosen after rounding, so
//! `99999999.99` yuan is `1亿元`, not `10000万元`.
//!
//! # Approximate forms ([`Approx`])
//!
//! A bound keeps `digits` significant digits (at least 1) of a whole number:
//!
//! - **at least** ([`lower_bound`]) truncates toward zero: `4637` with 2 digits
//!   is `4600`, printed `4600余`; `312` with 1 digit is `300余`.
//! - **nearly** ([`upper_bound`]) rounds away from zero: `28` with 1 digit is
//!   `30`, printed `近30`; `97` is `近100`.
//!
//! When the bound equals the value, the value is exact and is printed without
//! "余" or "近" (`4600` at least, 2 digits, is `4600`, not `4600余`: "余"
//! would claim more than there is).
//!
//! Counts are bounded as they are ([`count_approx`]: `57400` at least with 2
//! digits is `5.7万余`). Money is bounded in whole reporting units
//! ([`yuan_approx`]): whole 亿元 from 1亿元, whole 万元 from 1万元, whole
//! yuan below; at least `40512345.67` yuan with 1 digit is 4051 whole 万元
//! truncated to `4000`, printed `4000余万元`. "Nearly" bounds money from above
//! by the rounded-up whole units (`28.5` 万元 with 1 digit is `近30万元`).
//!
//! Negative values (net corrections) are printed exactly with a leading `-`:
//! a bound of a negative total would mislead.
//!
//! ```
//! use eduaid::zh_number::{self, Approx};
//! assert_eq!(zh_number::count(57_000), "5.7万");
//! assert_eq!(zh_number::yuan(4_051_234_567), "4051.23万元"); // fen
//! assert_eq!(zh_number::count_approx(4_637, Approx::AtLeast { digits: 2 }), "4600余");
//! assert_eq!(zh_number::yuan_approx(4_051_234_567, Approx::AtLeast { digits: 1 }), "4000余万元");
//! assert_eq!(zh_number::count_approx(28, Approx::Nearly { digits: 1 }), "近30");
//! ```

use serde::Serialize;

/// How a printed figure relates to the true value.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Approx {
    /// The value itself.
    #[default]
    Exact,
    /// A lower bound keeping `digits` significant digits ("4600余", "4,600+").
    AtLeast {
        /// Significant digits kept (0 counts as 1).
        digits: u32,
    },
    /// An upper bound keeping `digits` significant digits ("近30", "nearly 30").
    Nearly {
        /// Significant digits kept (0 counts as 1).
        digits: u32,
    },
}

const WAN: u128 = 10_000;
const YI: u128 = 100_000_000;

/// The decimal digits of `n`.
fn digit_count(n: u128) -> u32 {
    n.checked_ilog10().map_or(1, |d| d + 1)
}

/// `n / 10^scale` with exactly the fraction digits needed.
fn scaled(n: u128, scale: u32) -> String {
    let p = 10u128.pow(scale);
    let (int, frac) = (n / p, n % p);
    if frac == 0 {
        return int.to_string();
    }
    let digits = format!("{frac:0width$}", width = scale as usize);
    format!("{int}.{}", digits.trim_end_matches('0'))
}

/// `n / d` rounded half away from zero (`n` non-negative).
fn div_round(n: u128, d: u128) -> u128 {
    n / d + u128::from(n % d * 2 >= d)
}

fn signed(n: i128, f: impl Fn(u128) -> String) -> String {
    if n < 0 {
        format!("-{}", f(n.unsigned_abs()))
    } else {
        f(n.unsigned_abs())
    }
}

/// `n` truncated toward zero to `digits` significant digits (at least 1).
///
/// ```
/// use eduaid::zh_number::lower_bound;
/// assert_eq!(lower_bound(4_637, 2), 4_600);
/// assert_eq!(lower_bound(4_600, 2), 4_600);
/// assert_eq!(lower_bound(9, 3), 9);
/// assert_eq!(lower_bound(-4_637, 1), -4_000);
/// ```
#[must_use]
pub fn lower_bound(n: i128, digits: u32) -> i128 {
    let m = n.unsigned_abs();
    let drop = digit_count(m).saturating_sub(digits.max(1));
    let p = 10u128.pow(drop);
    // Only i128::MIN kept whole has no positive counterpart: it is its own bound.
    i128::try_from(m / p * p).map_or(n, |b| if n < 0 { -b } else { b })
}

/// `n` rounded away from zero to `digits` significant digits (at least 1), or
/// `None` if that does not fit `i128`.
///
/// ```
/// use eduaid::zh_number::upper_bound;
/// assert_eq!(upper_bound(28, 1), Some(30));
/// assert_eq!(upper_bound(97, 1), Some(100));
/// assert_eq!(upper_bound(30, 1), Some(30));
/// assert_eq!(upper_bound(i128::MAX, 1), None);
/// ```
#[must_use]
pub fn upper_bound(n: i128, digits: u32) -> Option<i128> {
    let m = n.unsigned_abs();
    let drop = digit_count(m).saturating_sub(digits.max(1));
    let p = 10u128.pow(drop);
    let q = m / p + u128::from(m % p != 0);
    let b = i128::try_from(q.checked_mul(p)?).ok()?;
    Some(if n < 0 { -b } else { b })
}

/// A count in its exact Chinese form: plain digits below 1万, then 万 and 亿
/// with the fraction digits needed (`5758`, `5.7万`, `1.5亿`, `0`).
///
/// ```
/// use eduaid::zh_number::count;
/// assert_eq!(count(5_758), "5758");
/// assert_eq!(count(57_000), "5.7万");
/// assert_eq!(count(10_000), "1万");
/// assert_eq!(count(123_456_789), "1.23456789亿");
/// ```
#[must_use]
pub fn count(n: i128) -> String {
    signed(n, |m| {
        if m >= YI {
            format!("{}亿", scaled(m, 8))
        } else if m >= WAN {
            format!("{}万", scaled(m, 4))
        } else {
            m.to_string()
        }
    })
}

/// Money (in fen) with exactly 2 fraction digits of yuan (`40512345.67元`).
///
/// ```
/// use eduaid::zh_number::yuan_exact;
/// assert_eq!(yuan_exact(4_051_234_567), "40512345.67元");
/// assert_eq!(yuan_exact(-5), "-0.05元");
/// ```
#[must_use]
pub fn yuan_exact(fen: i128) -> String {
    signed(fen, |m| format!("{}.{:02}元", m / 100, m % 100))
}

/// Money (in fen) in its reporting form: yuan below 1万元, 万元 to 2 fraction
/// digits, 亿元 to 4, rounded half away from zero (see the module docs).
///
/// ```
/// use eduaid::zh_number::yuan;
/// assert_eq!(yuan(114_500_000), "114.5万元");
/// assert_eq!(yuan(4_051_234_567), "4051.23万元");
/// assert_eq!(yuan(999_999), "9999.99元");
/// assert_eq!(yuan(9_999_999_999), "1亿元");
/// ```
#[must_use]
pub fn yuan(fen: i128) -> String {
    signed(fen, |f| {
        if f < WAN * 100 {
            return format!("{}元", scaled(f, 2));
        }
        let hundreds = div_round(f, 10_000); // 0.01万元
        if hundreds < WAN * 100 {
            return format!("{}万元", scaled(hundreds, 2));
        }
        let wan = div_round(f, 1_000_000); // 0.0001亿元
        format!("{}亿元", scaled(wan, 4))
    })
}

/// A count in an approximate form ("4600余", "5.7万余", "近30"), or exact when
/// the bound equals the value (see the module docs for the rule).
///
/// ```
/// use eduaid::zh_number::{Approx, count_approx};
/// assert_eq!(count_approx(4_637, Approx::AtLeast { digits: 2 }), "4600余");
/// assert_eq!(count_approx(312, Approx::AtLeast { digits: 1 }), "300余");
/// assert_eq!(count_approx(28, Approx::Nearly { digits: 1 }), "近30");
/// assert_eq!(count_approx(57_000, Approx::Exact), "5.7万");
/// ```
#[must_use]
pub fn count_approx(n: i128, approx: Approx) -> String {
    if n < 0 {
        return count(n);
    }
    match approx {
        Approx::Exact => count(n),
        Approx::AtLeast { digits } => {
            let b = lower_bound(n, digits);
            if b == n {
                count(n)
            } else {
                format!("{}余", count(b))
            }
        }
        Approx::Nearly { digits } => match upper_bound(n, digits) {
            Some(b) if b != n => format!("近{}", count(b)),
            _ => count(n),
        },
    }
}

/// Money (in fen) in an approximate form, bounded in whole reporting units
/// ("4000余万元", "近30万元", "9000余元"), or in its reporting form
/// ([`yuan`]) when exact or when the bound equals the amount.
///
/// ```
/// use eduaid::zh_number::{Approx, yuan_approx};
/// let fen = 4_051_234_567; // 40,512,345.67 yuan
/// assert_eq!(yuan_approx(fen, Approx::AtLeast { digits: 1 }), "4000余万元");
/// assert_eq!(yuan_approx(fen, Approx::AtLeast { digits: 2 }), "4000余万元");
/// assert_eq!(yuan_approx(fen, Approx::AtLeast { digits: 3 }), "4050余万元");
/// assert_eq!(yuan_approx(fen, Approx::Nearly { digits: 1 }), "近5000万元");
/// assert_eq!(yuan_approx(4_000_000_000, Approx::AtLeast { digits: 1 }), "4000万元");
/// ```
#[must_use]
pub fn yuan_approx(fen: i128, approx: Approx) -> String {
    if fen < 0 {
        return yuan(fen);
    }
    let f = fen.unsigned_abs();
    let (unit_fen, unit) = if f >= YI * 100 {
        (YI * 100, "亿元")
    } else if f >= WAN * 100 {
        (WAN * 100, "万元")
    } else {
        (100, "元")
    };
    // Whole units: f <= 2^127 and unit_fen >= 100, so this always fits.
    let whole = i128::try_from(f / unit_fen).unwrap_or(i128::MAX);
    match approx {
        Approx::Exact => yuan(fen),
        Approx::AtLeast { digits } => {
            let b = lower_bound(whole, digits);
            if b.unsigned_abs() * unit_fen == f {
                yuan(fen)
            } else {
                format!("{b}余{unit}")
            }
        }
        Approx::Nearly { digits } => {
            let up = whole + i128::from(f % unit_fen != 0);
            let bound_fen = upper_bound(up, digits)
                .and_then(|b| b.unsigned_abs().checked_mul(unit_fen))
                .and_then(|b| i128::try_from(b).ok());
            match bound_fen {
                Some(b) if b != fen => format!("近{}", yuan(b)),
                _ => yuan(fen),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AT1: Approx = Approx::AtLeast { digits: 1 };
    const AT2: Approx = Approx::AtLeast { digits: 2 };
    const NEAR1: Approx = Approx::Nearly { digits: 1 };

    #[test]
    fn counts_below_wan_are_plain_digits() {
        assert_eq!(count(0), "0");
        assert_eq!(count(7), "7");
        assert_eq!(count(9_999), "9999");
        assert_eq!(count(-12), "-12");
    }

    #[test]
    fn counts_from_wan_and_yi_are_exact() {
        assert_eq!(count(10_000), "1万");
        assert_eq!(count(10_001), "1.0001万");
        assert_eq!(count(57_000), "5.7万");
        assert_eq!(count(99_999_999), "9999.9999万");
        assert_eq!(count(100_000_000), "1亿");
        assert_eq!(count(150_000_000), "1.5亿");
        assert_eq!(count(1_000_000_000_000), "10000亿");
        assert_eq!(count(-57_000), "-5.7万");
        assert_eq!(count(i128::MIN).len(), 1 + count(i128::MAX).len());
        assert_eq!(lower_bound(i128::MIN, 40), i128::MIN);
    }

    #[test]
    fn yuan_reporting_form() {
        assert_eq!(yuan(0), "0元");
        assert_eq!(yuan(5), "0.05元");
        assert_eq!(yuan(50), "0.5元");
        assert_eq!(yuan(50_000), "500元");
        assert_eq!(yuan(999_999), "9999.99元");
        assert_eq!(yuan(1_000_000), "1万元");
        // exact multiples drop every zero
        assert_eq!(yuan(100_000_000), "100万元");
        assert_eq!(yuan(4_000_000_000), "4000万元");
        assert_eq!(yuan(114_500_000), "114.5万元");
        // rounding half away from zero at the nearest 100 yuan
        assert_eq!(yuan(4_051_234_567), "4051.23万元");
        assert_eq!(yuan(4_051_235_000), "4051.24万元");
        assert_eq!(yuan(4_051_234_999), "4051.23万元");
        assert_eq!(yuan(-4_051_235_000), "-4051.24万元");
        // the unit follows the rounded value
        assert_eq!(yuan(9_999_999_999), "1亿元");
        assert_eq!(yuan(10_000_000_000), "1亿元");
        assert_eq!(yuan(12_345_678_900), "1.2346亿元");
        assert_eq!(yuan(1_000_000_000_000_000), "100000亿元");
    }

    #[test]
    fn yuan_exact_keeps_every_fen() {
        assert_eq!(yuan_exact(0), "0.00元");
        assert_eq!(yuan_exact(114_500_000), "1145000.00元");
        assert_eq!(yuan_exact(4_051_234_567), "40512345.67元");
    }

    #[test]
    fn bounds_keep_significant_digits() {
        assert_eq!(lower_bound(0, 1), 0);
        assert_eq!(lower_bound(4_637, 0), 4_000); // 0 digits counts as 1
        assert_eq!(lower_bound(4_637, 2), 4_600);
        assert_eq!(lower_bound(4_637, 4), 4_637);
        assert_eq!(lower_bound(4_637, 9), 4_637);
        assert_eq!(
            lower_bound(i128::MAX, 1),
            100_000_000_000_000_000_000_000_000_000_000_000_000
        );
        assert_eq!(upper_bound(0, 1), Some(0));
        assert_eq!(upper_bound(1, 1), Some(1));
        assert_eq!(upper_bound(4_601, 2), Some(4_700));
        assert_eq!(upper_bound(999, 2), Some(1_000));
        assert_eq!(upper_bound(-28, 1), Some(-30));
    }

    #[test]
    fn at_least_counts() {
        assert_eq!(count_approx(4_637, AT2), "4600余");
        assert_eq!(count_approx(4_600, AT2), "4600"); // exact: no 余
        assert_eq!(count_approx(312, AT1), "300余");
        assert_eq!(count_approx(176, AT2), "170余");
        assert_eq!(count_approx(9, AT1), "9");
        assert_eq!(count_approx(0, AT1), "0");
        assert_eq!(count_approx(57_400, AT2), "5.7万余");
        assert_eq!(count_approx(57_000, AT2), "5.7万");
        assert_eq!(count_approx(123_456_789, AT2), "1.2亿余");
        assert_eq!(count_approx(-4_637, AT2), "-4637");
    }

    #[test]
    fn nearly_counts() {
        assert_eq!(count_approx(28, NEAR1), "近30");
        assert_eq!(count_approx(29, NEAR1), "近30");
        assert_eq!(count_approx(30, NEAR1), "30");
        assert_eq!(count_approx(97, NEAR1), "近100");
        assert_eq!(count_approx(9_990, NEAR1), "近1万");
        assert_eq!(count_approx(0, NEAR1), "0");
        assert_eq!(count_approx(i128::MAX, NEAR1), count(i128::MAX));
    }

    #[test]
    fn approximate_money() {
        let fen = 4_861_421_117; // 48,614,211.17 yuan
        assert_eq!(yuan_approx(fen, AT1), "4000余万元");
        assert_eq!(yuan_approx(fen, AT2), "4800余万元");
        assert_eq!(yuan_approx(fen, NEAR1), "近5000万元");
        assert_eq!(yuan_approx(fen, Approx::Exact), "4861.42万元");
        // exact multiples of the unit stay exact
        assert_eq!(yuan_approx(4_000_000_000, AT1), "4000万元");
        assert_eq!(yuan_approx(5_000_000_000, NEAR1), "5000万元");
        // below 1万元 the unit is the yuan
        assert_eq!(yuan_approx(912_345, AT1), "9000余元");
        assert_eq!(yuan_approx(999_999, NEAR1), "近1万元");
        assert_eq!(yuan_approx(0, AT1), "0元");
        // 亿 scale
        assert_eq!(yuan_approx(45_000_000_001, AT1), "4余亿元");
        assert_eq!(yuan_approx(450_000_000_000, AT2), "45亿元");
        assert_eq!(yuan_approx(9_999_999_999, NEAR1), "近1亿元");
        assert_eq!(yuan_approx(9_900_000_001, NEAR1), "近1亿元");
        assert_eq!(yuan_approx(10_000_000_000, NEAR1), "1亿元");
        assert_eq!(yuan_approx(2_850_000_000 / 100, NEAR1), "近30万元");
        assert_eq!(yuan_approx(-5, AT1), "-0.05元");
    }

    proptest::proptest! {
        /// The bounds bracket the value within one unit of the last digit kept.
        #[test]
        fn bounds_bracket_the_value(n in 0i128..1_000_000_000_000_000_000_000_000_000_000, digits in 1u32..8) {
            let lo = lower_bound(n, digits);
            let hi = upper_bound(n, digits).unwrap();
            let step = 10i128.pow(digit_count(n.unsigned_abs()).saturating_sub(digits));
            proptest::prop_assert!(lo <= n && n <= hi);
            proptest::prop_assert!(n - lo < step && hi - n < step);
            proptest::prop_assert_eq!(lo % step, 0);
            proptest::prop_assert_eq!(hi % step, 0);
        }

        /// An approximate form is exact exactly when the bound is the value.
        #[test]
        fn marks_only_inexact_bounds(n in 0i128..100_000_000_000, digits in 1u32..4) {
            let at_least = count_approx(n, Approx::AtLeast { digits });
            proptest::prop_assert_eq!(at_least.ends_with('余'), lower_bound(n, digits) != n);
            let nearly = count_approx(n, Approx::Nearly { digits });
            proptest::prop_assert_eq!(nearly.starts_with('近'), upper_bound(n, digits) != Some(n));
        }
    }
}
