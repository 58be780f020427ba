//! `Code`: the short identifiers of every registry item and entry.

use eduaid::{Code, Error, MAX_CODE_LEN};
use insta::assert_snapshot;

#[test]
fn accepts_letters_digits_and_separators() {
    for ok in [
        "a",
        "7",
        "principal-studios",
        "E000001",
        "bj.haidian",
        "cn:hebei/baoding",
        "x_y",
        &"a".repeat(MAX_CODE_LEN),
    ] {
        let code = Code::new(ok).unwrap_or_else(|e| panic!("{ok:?}: {e}"));
        assert_eq!(code.as_str(), ok);
        assert_eq!(code.to_string(), ok);
        assert_eq!(ok.parse::<Code>().unwrap(), code);
        assert_eq!(Code::try_from(ok.to_owned()).unwrap(), code);
        assert_eq!(Code::try_from(ok).unwrap(), code);
        assert_eq!(String::from(code), ok);
    }
}

#[test]
fn refuses_empty_long_and_odd_characters() {
    for bad in [
        "",
        "-lead",
        ".lead",
        "with space",
        "tab\t",
        "comma,",
        "quote\"",
        "阜平 县",
        "、阜平",
        "new\nline",
        &"a".repeat(MAX_CODE_LEN + 1),
    ] {
        let err = Code::new(bad).expect_err(bad);
        assert!(matches!(err, Error::InvalidCode { .. }), "{bad:?}: {err:?}");
        assert!(bad.parse::<Code>().is_err());
        assert!(Code::try_from(bad.to_owned()).is_err());
        assert!(serde_json::from_value::<Code>(serde_json::json!(bad)).is_err());
    }
}

#[test]
fn serde_goes_through_the_same_check() {
    let code: Code = serde_json::from_str("\"fuping\"").unwrap();
    assert_eq!(code.as_str(), "fuping");
    assert_eq!(serde_json::to_string(&code).unwrap(), "\"fuping\"");
    assert!(serde_json::from_str::<Code>("\"fu ping\"").is_err());
}

#[test]
fn messages_name_the_value() {
    assert_snapshot!(Code::new("").unwrap_err(), @r#"invalid code "": a code cannot be empty"#);
    assert_snapshot!(Code::new("fu ping").unwrap_err(), @r#"invalid code "fu ping": ' ' is not allowed (letters, digits, '-', '_', '.', ':', '/')"#);
    assert_snapshot!(Code::new("-x").unwrap_err(), @r#"invalid code "-x": must start with a letter or digit"#);
    assert_snapshot!(Code::new(&"x".repeat(65)).unwrap_err(), @r#"invalid code "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx": 65 characters long, at most 64 allowed"#);
}
