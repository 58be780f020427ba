//! `Money`: exact yuan held as whole fen.

use eduaid::{Decimal, Error, Money};
use insta::assert_snapshot;

#[test]
fn parses_plain_decimals_exactly() {
    for (text, fen) in [
        ("0", 0),
        ("1145000", 114_500_000),
        ("12.3", 1230),
        ("12.34", 1234),
        ("-0.01", -1),
        ("0.10", 10),
        ("92233720368547758.07", i64::MAX),
        ("-92233720368547758.07", -i64::MAX),
    ] {
        let m: Money = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(m.fen(), fen, "{text}");
        assert_eq!(Money::try_from(text.to_owned()).unwrap(), m);
    }
}

#[test]
fn refuses_everything_that_is_not_a_plain_decimal() {
    for bad in [
        "", " 1", "1 ", "+1", "1,000", "1e5", "1E5", "NaN", "inf", ".5", "5.", "-", "1.2.3",
        "0x10", "1.234", "12.345", "１",
    ] {
        let err = bad.parse::<Money>().expect_err(bad);
        assert!(
            matches!(err, Error::InvalidMoney { .. }),
            "{bad:?}: {err:?}"
        );
        assert!(serde_json::from_value::<Money>(serde_json::json!(bad)).is_err());
    }
    assert!("92233720368547758.08".parse::<Money>().is_err());
    // Floats are never accepted by serde: money is a string.
    assert!(serde_json::from_str::<Money>("12.5").is_err());
}

#[test]
fn formats_with_two_fraction_digits() {
    assert_eq!(Money::from_fen(114_500_000).to_string(), "1145000.00");
    assert_eq!(Money::from_fen(-5).to_string(), "-0.05");
    assert_eq!(Money::ZERO.to_string(), "0.00");
    assert_eq!(format!("{:>8}", Money::from_fen(150)), "    1.50");
    assert_eq!(format!("{:?}", Money::from_fen(150)), "Money(1.50)");
    assert_eq!(
        serde_json::to_string(&Money::from_fen(1234)).unwrap(),
        "\"12.34\""
    );
}

#[test]
fn from_yuan_and_from_decimal() {
    assert_eq!(Money::from_yuan(40_000_000).unwrap().fen(), 4_000_000_000);
    assert_eq!(Money::from_yuan(-3).unwrap().fen(), -300);
    assert!(matches!(
        Money::from_yuan(i64::MAX / 100 + 1),
        Err(Error::Overflow(_))
    ));
    assert_eq!(
        Money::from_decimal(Decimal::new(1234, 2)).unwrap().fen(),
        1234
    );
    // Trailing zeros are not fraction digits.
    assert_eq!(
        Money::from_decimal(Decimal::new(12_300, 3)).unwrap().fen(),
        1230
    );
    assert_eq!(Money::try_from(Decimal::new(-7, 0)).unwrap().fen(), -700);
    assert!(matches!(
        Money::from_decimal(Decimal::new(12_345, 3)),
        Err(Error::InvalidMoney { .. })
    ));
    assert!(Money::from_decimal(Decimal::MAX).is_err());
    assert!(Money::from_decimal(Decimal::from(i64::MAX)).is_err());
}

#[test]
fn decimal_round_trip_and_checked_arithmetic() {
    let m = Money::from_fen(-123_456);
    assert_eq!(m.to_decimal().to_string(), "-1234.56");
    assert_eq!(Money::from_decimal(Decimal::from(m)).unwrap(), m);
    assert!(m.is_negative());
    assert_eq!(
        Money::from_fen(1).checked_add(Money::from_fen(2)),
        Some(Money::from_fen(3))
    );
    assert_eq!(
        Money::from_fen(i64::MAX).checked_add(Money::from_fen(1)),
        None
    );
    assert_eq!(
        Money::from_fen(i64::MIN).checked_sub(Money::from_fen(1)),
        None
    );
    assert!(Money::from_fen(1) < Money::from_fen(2));
}

#[test]
fn messages_name_the_value() {
    assert_snapshot!("12.345".parse::<Money>().unwrap_err(), @r#"invalid amount "12.345": has 3 fraction digits, at most 2 allowed"#);
    assert_snapshot!("1e5".parse::<Money>().unwrap_err(), @r#"invalid amount "1e5": is not a plain decimal number (unexpected character at byte 2; write digits with an optional leading '-' and '.')"#);
    assert_snapshot!("99999999999999999999".parse::<Money>().unwrap_err(), @r#"invalid amount "99999999999999999999": is too large for an exact amount"#);
    assert_snapshot!(Money::from_yuan(i64::MAX).unwrap_err(), @"arithmetic overflow: 9223372036854775807 yuan in fen");
    assert_snapshot!(Money::from_decimal(Decimal::new(1, 3)).unwrap_err(), @r#"invalid amount "0.001": has more than 2 fraction digits"#);
}
