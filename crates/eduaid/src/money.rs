//! Money: exact yuan, held as whole fen.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::number::{format_hundredths, parse_hundredths};

/// An exact amount of money in yuan, with at most two fraction digits (fen).
///
/// Held as a whole number of fen in an `i64` (up to about 92 trillion yuan);
/// arithmetic is checked and never wraps. [`Decimal`] is the public exchange
/// type; text and JSON use the decimal string form (`"1145000.00"`), never a
/// floating-point number.
///
/// ```
/// use eduaid::Money;
/// let studios: Money = "1145000".parse()?;
/// assert_eq!(studios.to_string(), "1145000.00");
/// assert_eq!(studios.fen(), 114_500_000);
/// # Ok::<(), eduaid::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Money(i64);

impl Money {
    /// Zero yuan.
    pub const ZERO: Money = Money(0);

    /// An amount from a whole number of fen.
    #[must_use]
    pub const fn from_fen(fen: i64) -> Money {
        Money(fen)
    }

    /// An amount from a whole number of yuan.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] when the amount in fen does not fit an `i64`.
    ///
    /// ```
    /// use eduaid::Money;
    /// assert_eq!(Money::from_yuan(40_000_000)?.to_string(), "40000000.00");
    /// assert!(Money::from_yuan(i64::MAX).is_err());
    /// # Ok::<(), eduaid::Error>(())
    /// ```
    pub fn from_yuan(yuan: i64) -> Result<Money, Error> {
        yuan.checked_mul(100)
            .map(Money)
            .ok_or_else(|| Error::Overflow(format!("{yuan} yuan in fen")))
    }

    /// An amount from an exact decimal number of yuan.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidMoney`] when the decimal has more than two fraction digits
    /// (after dropping trailing zeros) or does not fit.
    ///
    /// ```
    /// use eduaid::{Decimal, Money};
    /// assert_eq!(Money::from_decimal(Decimal::new(1234, 2))?.fen(), 1234);
    /// assert!(Money::from_decimal(Decimal::new(12345, 3)).is_err());
    /// # Ok::<(), eduaid::Error>(())
    /// ```
    pub fn from_decimal(d: Decimal) -> Result<Money, Error> {
        let n = d.normalize();
        let fail = |reason: &str| Error::InvalidMoney {
            value: d.to_string(),
            reason: reason.to_owned(),
        };
        if n.scale() > 2 {
            return Err(fail("has more than 2 fraction digits"));
        }
        // With at most two fraction digits, a hundred times the value is whole,
        // so after normalising its scale is 0 and the mantissa is the fen.
        let fen = n
            .checked_mul(Decimal::ONE_HUNDRED)
            .ok_or_else(|| fail("is too large"))?
            .normalize();
        debug_assert_eq!(fen.scale(), 0);
        i64::try_from(fen.mantissa())
            .map(Money)
            .map_err(|_| fail("is too large for an amount in fen"))
    }

    /// The amount in fen.
    #[must_use]
    pub const fn fen(self) -> i64 {
        self.0
    }

    /// The amount as an exact decimal with two fraction digits.
    #[must_use]
    pub fn to_decimal(self) -> Decimal {
        Decimal::new(self.0, 2)
    }

    /// Whether the amount is below zero (only a correction may be).
    #[must_use]
    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// The sum, or `None` on overflow.
    #[must_use]
    pub const fn checked_add(self, other: Money) -> Option<Money> {
        match self.0.checked_add(other.0) {
            Some(v) => Some(Money(v)),
            None => None,
        }
    }

    /// The difference, or `None` on overflow.
    #[must_use]
    pub const fn checked_sub(self, other: Money) -> Option<Money> {
        match self.0.checked_sub(other.0) {
            Some(v) => Some(Money(v)),
            None => None,
        }
    }
}

impl FromStr for Money {
    type Err = Error;
    /// Parses `-?[0-9]+(\.[0-9]{1,2})?`, in yuan.
    fn from_str(s: &str) -> Result<Money, Error> {
        parse_hundredths(s.as_bytes(), 2)
            .map(Money)
            .map_err(|e| Error::InvalidMoney {
                value: s.to_owned(),
                reason: e.to_string(),
            })
    }
}

impl TryFrom<String> for Money {
    type Error = Error;
    fn try_from(s: String) -> Result<Money, Error> {
        s.parse()
    }
}

impl From<Money> for String {
    fn from(m: Money) -> String {
        m.to_string()
    }
}

impl From<Money> for Decimal {
    fn from(m: Money) -> Decimal {
        m.to_decimal()
    }
}

impl TryFrom<Decimal> for Money {
    type Error = Error;
    fn try_from(d: Decimal) -> Result<Money, Error> {
        Money::from_decimal(d)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::with_capacity(24);
        format_hundredths(i128::from(self.0), 2, &mut s);
        f.pad(&s)
    }
}

impl fmt::Debug for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Money({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        let m: Money = "1145000".parse().unwrap();
        assert_eq!(m.fen(), 114_500_000);
        assert_eq!(m.to_string(), "1145000.00");
        assert_eq!("0.5".parse::<Money>().unwrap().to_string(), "0.50");
        assert_eq!("-3.07".parse::<Money>().unwrap().fen(), -307);
    }

    #[test]
    fn rejects_inexact_text() {
        let e = "12.345".parse::<Money>().unwrap_err();
        assert_eq!(
            e.to_string(),
            r#"invalid amount "12.345": has 3 fraction digits, at most 2 allowed"#
        );
        for bad in ["1e3", "NaN", "", " 1", "1.", "¥5"] {
            assert!(bad.parse::<Money>().is_err(), "{bad}");
        }
    }

    #[test]
    fn decimals_round_trip() {
        for fen in [0, 1, -1, 99, 100, 123_456_789, i64::MAX, i64::MIN + 1] {
            let m = Money::from_fen(fen);
            assert_eq!(Money::from_decimal(m.to_decimal()).unwrap(), m);
            assert_eq!(m.to_string().parse::<Money>().unwrap(), m, "{m}");
        }
        assert_eq!(
            Money::from_decimal(Decimal::new(1_230, 3)).unwrap().fen(),
            123
        );
        assert!(Money::from_decimal(Decimal::MAX).is_err());
    }

    #[test]
    fn arithmetic_is_checked() {
        assert_eq!(
            Money::from_fen(i64::MAX).checked_add(Money::from_fen(1)),
            None
        );
        assert_eq!(
            Money::from_fen(5).checked_sub(Money::from_fen(7)),
            Some(Money::from_fen(-2))
        );
    }

    #[test]
    fn serialises_as_a_string() {
        let m = Money::from_fen(114_500_000);
        assert_eq!(serde_json::to_string(&m).unwrap(), "\"1145000.00\"");
        assert_eq!(serde_json::from_str::<Money>("\"1145000.00\"").unwrap(), m);
        assert!(serde_json::from_str::<Money>("1145000.0").is_err());
    }
}
