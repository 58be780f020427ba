//! The one decimal-text parser behind money, counts and ledger values.
//!
//! It accepts exactly `-?[0-9]+(\.[0-9]+)?`: no spaces, no `+`, no exponent, no
//! thousands separators, no `NaN` or `inf`. The result is an integer in hundredths,
//! so yuan become fen with no floating point anywhere.

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
    debug_assert!(max_frac <= 2);
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
            if frac_digits < 2 {
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
    if frac_digits == 1 {
        frac *= 10;
    }
    let v = int
        .checked_mul(100)
        .and_then(|v| v.checked_add(frac))
        .ok_or(NumberError::Overflow)?;
    Ok(if neg { -v } else { v })
}

/// Writes hundredths as a decimal with exactly `frac` (0 or 2) fraction digits.
pub(crate) fn format_hundredths(v: i128, frac: u8, out: &mut String) {
    use std::fmt::Write;
    let neg = v < 0;
    let a = v.unsigned_abs();
    if neg {
        out.push('-');
    }
    if frac == 0 {
        let _ = write!(out, "{}", a / 100);
    } else {
        let _ = write!(out, "{}.{:02}", a / 100, a % 100);
    }
}

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
}
