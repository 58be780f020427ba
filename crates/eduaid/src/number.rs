//! The one decimal-text parser behind money, counts and ledger values.
//!
//! It accepts exactly `-?[0-9]+(\.[0-9]+)?`: no spaces, no `+`, no exponent, no
//! thousands separators, no `NaN` or `inf`. The result is an integer in hundredths,
//! so yuan become fen with no floating point anywhere; a ledger value is read
//! straight into its unit's base units ([`parse_units`]: fen for money, whole
//! units for counts), so a count fits whenever it fits an `i64`.

use std::fmt;

/// Why a decimal text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberError {
    /// The text is empty.
    Empty,
    /// A character that has no place in a plain decimal number.
    Syntax {
        /// Byte offset of the character.
        at: usize,
    },
    /// More fraction digits than allowed.
    FractionDigits {
        /// How many were written.
        written: usize,
        /// How many are allowed.
        allowed: u8,
    },
    /// The value does not fit the exact type.
    Overflow,
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NumberError::Empty => f.write_str("is empty"),
            NumberError::Syntax { at } => write!(
                f,
                "is not a plain decimal number (unexpected character at byte {}; write digits with an optional leading '-' and '.')",
                at + 1
            ),
            NumberError::FractionDigits { written, allowed } => {
                write!(
                    f,
                    "has {written} fraction digits, at most {allowed} allowed"
                )
            }
            NumberError::Overflow => f.write_str("is too large for an exact amount"),
        }
    }
}

/// Parses a plain decimal into hundredths (`"12.3"` gives 1230), allowing at most
/// `max_frac` fraction digits (0, 1 or 2). Inlined: the reader's hot path
/// calls it once a row, the habits' cold path again.
#[inline]
pub(crate) fn parse_hundredths(text: &[u8], max_frac: u8) -> Result<i64, NumberError> {
    parse_scaled(text, max_frac, 2)
}

/// Parses a plain decimal with at most `digits` fraction digits (0 to 2)
/// into units of 10^-`digits`: a measure's base units (`"12.30"` with 2
/// gives 1230 fen, `"12"` with 0 gives 12). Any value whose base units fit
/// an `i64` is read, up to 9,223,372,036,854,775,807 for a count.
pub(crate) fn parse_units(text: &[u8], digits: u8) -> Result<i64, NumberError> {
    parse_scaled(text, digits, digits)
}

/// A decimal in units of 10^-`digits` (0 to 2), as [`parse_units`] reads
/// its text.
pub(crate) fn decimal_units(d: rust_decimal::Decimal, digits: u8) -> Result<i64, NumberError> {
    let n = d.normalize();
    if n.scale() > u32::from(digits) {
        return Err(NumberError::FractionDigits {
            written: n.scale() as usize,
            allowed: digits,
        });
    }
    let scaled = (0..digits).try_fold(n, |x, _| x.checked_mul(rust_decimal::Decimal::TEN));
    scaled
        .map(|x| x.normalize().mantissa())
        .and_then(|x| i64::try_from(x).ok())
        .ok_or(NumberError::Overflow)
}

/// 10^0 to 10^2.
const POW10: [i64; 3] = [1, 10, 100];

/// Parses a plain decimal with at most `max_frac` fraction digits into
/// units of 10^-`scale` (`max_frac <= scale <= 2`).
fn parse_scaled(text: &[u8], max_frac: u8, scale: u8) -> Result<i64, NumberError> {
    debug_assert!(max_frac <= scale && scale <= 2);
    let (neg, digits) = match text.first() {
        None => return Err(NumberError::Empty),
        Some(b'-') => (true, &text[1..]),
        Some(_) => (false, text),
    };
    let offset = usize::from(neg);
    let mut int: i64 = 0;
    let mut i = 0;
    while i < digits.len() && digits[i].is_ascii_digit() {
        int = int
            .checked_mul(10)
            .and_then(|v| v.checked_add(i64::from(digits[i] - b'0')))
            .ok_or(NumberError::Overflow)?;
        i += 1;
    }
    if i == 0 {
        return Err(NumberError::Syntax { at: offset });
    }
    let mut frac: i64 = 0;
    let mut frac_digits = 0usize;
    if i < digits.len() {
        if digits[i] != b'.' {
            return Err(NumberError::Syntax { at: offset + i });
        }
        i += 1;
        let start = i;
        while i < digits.len() && digits[i].is_ascii_digit() {
            if frac_digits < usize::from(scale) {
                frac = frac * 10 + i64::from(digits[i] - b'0');
            }
            frac_digits += 1;
            i += 1;
        }
        if i < digits.len() {
            return Err(NumberError::Syntax { at: offset + i });
        }
        if i == start {
            return Err(NumberError::Syntax { at: offset + i - 1 });
        }
        if frac_digits > usize::from(max_frac) {
            return Err(NumberError::FractionDigits {
                written: frac_digits,
                allowed: max_frac,
            });
        }
    }
    let scale = usize::from(scale);
    frac *= POW10[scale - frac_digits.min(scale)];
    let v = int
        .checked_mul(POW10[scale])
        .and_then(|v| v.checked_add(frac))
        .ok_or(NumberError::Overflow)?;
    Ok(if neg { -v } else { v })
}

/// Base units of 10^-`digits` (0 or 2) as a decimal with exactly `digits`
/// fraction digits.
/// `num / den` rounded to `dp` decimal places, halves to even; zero when
/// either is beyond a `Decimal` (96 bits) or `den` is zero.
pub(crate) fn ratio(num: i128, den: i128, dp: u32) -> rust_decimal::Decimal {
    use rust_decimal::{Decimal, RoundingStrategy};
    Decimal::try_from_i128_with_scale(num, 0)
        .ok()
        .zip(Decimal::try_from_i128_with_scale(den, 0).ok())
        .and_then(|(a, b)| a.checked_div(b))
        .map_or(Decimal::ZERO, |x| {
            x.round_dp_with_strategy(dp, RoundingStrategy::MidpointNearestEven)
        })
}

pub(crate) fn format_units(units: i64, digits: u8) -> String {
    if digits == 0 {
        units.to_string()
    } else {
        let mut out = String::new();
        format_hundredths(i128::from(units), 2, &mut out);
        out
    }
}

/// Writes hundredths as a decimal with exactly `frac` (0 or 2) fraction digits.
pub(crate) fn format_hundredths(v: i128, frac: u8, out: &mut String) {
    let mut bytes = [0; HUNDREDTHS_MAX];
    let n = put_hundredths(v, frac, &mut bytes, 0);
    out.push_str(std::str::from_utf8(&bytes[..n]).expect("a sign, digits and a point"));
}

/// The most bytes [`put_hundredths`] writes: a sign, 39 digits, a point
/// and two more digits.
pub(crate) const HUNDREDTHS_MAX: usize = 43;

/// [`format_hundredths`] as bytes, without `fmt`, into `out` from `at`,
/// which must leave [`HUNDREDTHS_MAX`] bytes; returns where it ended (for
/// writers of millions of numbers, such as a report's CSV).
pub(crate) fn put_hundredths(v: i128, frac: u8, out: &mut [u8], mut at: usize) -> usize {
    if v < 0 {
        out[at] = b'-';
        at += 1;
    }
    let a = v.unsigned_abs();
    at = put_digits(a / 100, out, at);
    if frac == 0 {
        return at;
    }
    let cents = (a % 100) as usize;
    out[at..at + 3].copy_from_slice(&[b'.', PAIRS[2 * cents], PAIRS[2 * cents + 1]]);
    at + 3
}

/// The decimal digits of `n` into `out` from `at`, which must leave room
/// for them (39 bytes at most); returns where they ended. Digit pairs are
/// written from the end, in 64 bits when `n` fits (nearly always: a 128-bit
/// division is a call).
pub(crate) fn put_digits(n: u128, out: &mut [u8], at: usize) -> usize {
    let Ok(mut n) = u64::try_from(n) else {
        let mut digits = itoa::Buffer::new();
        let text = digits.format(n).as_bytes();
        out[at..at + text.len()].copy_from_slice(text);
        return at + text.len();
    };
    let end = at + n.checked_ilog10().map_or(1, |l| l as usize + 1);
    let mut i = end;
    while n >= 100 {
        let pair = (n % 100) as usize;
        n /= 100;
        i -= 2;
        out[i..i + 2].copy_from_slice(&PAIRS[2 * pair..2 * pair + 2]);
    }
    if n >= 10 {
        out[i - 2..i].copy_from_slice(&PAIRS[2 * n as usize..2 * n as usize + 2]);
    } else {
        out[i - 1] = b'0' + n as u8;
    }
    end
}

/// "00" to "99", end to end.
const PAIRS: [u8; 200] = {
    let mut t = [0; 200];
    let mut i = 0;
    while i < 100 {
        t[2 * i] = b'0' + (i / 10) as u8;
        t[2 * i + 1] = b'0' + (i % 10) as u8;
        i += 1;
    }
    t
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plain_decimals() {
        assert_eq!(parse_hundredths(b"0", 2), Ok(0));
        assert_eq!(parse_hundredths(b"12", 2), Ok(1200));
        assert_eq!(parse_hundredths(b"12.3", 2), Ok(1230));
        assert_eq!(parse_hundredths(b"12.34", 2), Ok(1234));
        assert_eq!(parse_hundredths(b"-0.01", 2), Ok(-1));
        assert_eq!(parse_hundredths(b"007", 0), Ok(700));
        assert_eq!(parse_hundredths(b"92233720368547758.07", 2), Ok(i64::MAX));
    }

    #[test]
    fn refuses_everything_else() {
        for bad in [
            &b"1e5"[..],
            b" 1",
            b"1 ",
            b"+1",
            b"1,000",
            b"NaN",
            b"inf",
            b".5",
            b"5.",
            b"-",
            b"--1",
            b"1.2.3",
            b"0x10",
        ] {
            assert!(
                matches!(parse_hundredths(bad, 2), Err(NumberError::Syntax { .. })),
                "{:?}",
                std::str::from_utf8(bad)
            );
        }
        assert_eq!(parse_hundredths(b"", 2), Err(NumberError::Empty));
        assert_eq!(
            parse_hundredths(b"12.345", 2),
            Err(NumberError::FractionDigits {
                written: 3,
                allowed: 2
            })
        );
        assert_eq!(
            parse_hundredths(b"1.5", 0),
            Err(NumberError::FractionDigits {
                written: 1,
                allowed: 0
            })
        );
        assert_eq!(
            parse_hundredths(b"92233720368547758.08", 2),
            Err(NumberError::Overflow)
        );
        assert_eq!(
            parse_hundredths(b"99999999999999999999999", 2),
            Err(NumberError::Overflow)
        );
    }

    #[test]
    fn counts_are_read_in_whole_units_up_to_the_largest_i64() {
        use rust_decimal::Decimal;
        // Above 9.2e16 a count overflowed when it was read in hundredths.
        for (text, units) in [
            (&b"92233720368547758"[..], 92_233_720_368_547_758),
            (b"92233720368547759", 92_233_720_368_547_759),
            (b"9223372036854775807", i64::MAX),
            (b"-9223372036854775807", -i64::MAX),
            (b"0", 0),
            (b"12", 12),
            (b"0000000000000000000012", 12),
        ] {
            assert_eq!(parse_units(text, 0), Ok(units));
            let d: Decimal = std::str::from_utf8(text).unwrap().parse().unwrap();
            assert_eq!(decimal_units(d, 0), Ok(units));
        }
        for text in [
            "9223372036854775808",
            "-9223372036854775809",
            "99999999999999999999",
        ] {
            assert_eq!(parse_units(text.as_bytes(), 0), Err(NumberError::Overflow));
            let d: Decimal = text.parse().unwrap();
            assert_eq!(decimal_units(d, 0), Err(NumberError::Overflow));
        }
        // Money keeps its limit in fen.
        assert_eq!(parse_units(b"92233720368547758.07", 2), Ok(i64::MAX));
        assert_eq!(
            parse_units(b"92233720368547758.08", 2),
            Err(NumberError::Overflow)
        );
        assert_eq!(parse_units(b"12.3", 2), Ok(1230));
        assert_eq!(
            decimal_units("92233720368547758.07".parse().unwrap(), 2),
            Ok(i64::MAX)
        );
        assert_eq!(decimal_units(Decimal::new(1230, 2), 2), Ok(1230));
        assert_eq!(
            decimal_units(Decimal::new(125, 1), 0),
            Err(NumberError::FractionDigits {
                written: 1,
                allowed: 0
            })
        );
        assert_eq!(
            parse_units(b"1.5", 0),
            Err(NumberError::FractionDigits {
                written: 1,
                allowed: 0
            })
        );
    }

    #[test]
    fn formats_exactly() {
        let mut s = String::new();
        format_hundredths(-1, 2, &mut s);
        assert_eq!(s, "-0.01");
        s.clear();
        format_hundredths(114_500_000, 2, &mut s);
        assert_eq!(s, "1145000.00");
        s.clear();
        format_hundredths(575_800, 0, &mut s);
        assert_eq!(s, "5758");
    }

    /// Digits as `fmt` writes them, at every power of ten and either side
    /// of it, and either side of 64 bits (the itoa path).
    #[test]
    fn digits_are_written_as_displayed() {
        let mut edges = vec![
            0u128,
            u128::from(u64::MAX),
            u128::from(u64::MAX) + 1,
            u128::MAX,
        ];
        for p in 0..=38 {
            let t = 10u128.pow(p);
            edges.extend([t - 1, t, t + 1]);
        }
        let mut out = [0xFF; 42];
        for n in edges {
            let end = put_digits(n, &mut out, 2);
            assert_eq!(&out[2..end], n.to_string().as_bytes(), "{n}");
            assert_eq!(out[..2], [0xFF, 0xFF], "{n}: wrote before its start");
            assert!(
                out[end..].iter().all(|&b| b == 0xFF),
                "{n}: wrote past its end"
            );
            out = [0xFF; 42];
        }
    }

    /// Hundredths on either side of 64 bits read as `fmt` writes them: the
    /// 64-bit path and the 128-bit one agree where they meet.
    #[test]
    fn hundredths_are_exact_on_either_side_of_64_bits() {
        let max = i128::from(u64::MAX);
        for v in [
            0,
            1,
            99,
            100,
            max - 1,
            max,
            max + 1,
            max + 100,
            -max,
            -max - 1,
            i128::MAX,
            i128::MIN + 1,
        ] {
            let a = v.unsigned_abs();
            let sign = if v < 0 { "-" } else { "" };
            let mut s = String::new();
            format_hundredths(v, 2, &mut s);
            assert_eq!(s, format!("{sign}{}.{:02}", a / 100, a % 100), "{v}");
            s.clear();
            format_hundredths(v, 0, &mut s);
            assert_eq!(s, format!("{sign}{}", a / 100), "{v}");
        }
    }
}
