//! Codes: the short identifiers of projects, areas, schools, pairings, measures,
//! breakdowns, funding sources and entries.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::Error;

/// The longest code accepted, in bytes.
pub const MAX_CODE_LEN: usize = 64;

/// A validated code: 1 to 64 ASCII letters, digits, `-`, `_`, `.`, `:` or `/`,
/// starting with a letter or digit.
///
/// Codes are case-sensitive and are compared byte for byte. Cloning is cheap
/// (the text is shared).
///
/// ```
/// use eduaid::Code;
/// let code: Code = "principal-studios".parse()?;
/// assert_eq!(code.as_str(), "principal-studios");
/// # Ok::<(), eduaid::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Code(Arc<str>);

impl Code {
    /// Parses and validates a code.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidCode`] when the text is empty, longer than
    /// [`MAX_CODE_LEN`], or has a character outside the allowed set.
    ///
    /// ```
    /// use eduaid::Code;
    /// assert!(Code::new("fuping-vocational-centre").is_ok());
    /// let err = Code::new("bad code").unwrap_err();
    /// assert_eq!(err.to_string(), r#"invalid code "bad code": ' ' is not allowed (letters, digits, '-', '_', '.', ':', '/')"#);
    /// ```
    pub fn new(text: &str) -> Result<Self, Error> {
        check_code(text)?;
        Ok(Code(Arc::from(text)))
    }

    /// The code's text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The bytes a code may hold: ASCII letters, digits and `-_.:/`.
static ALLOWED: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b':' | b'/');
        b += 1;
    }
    t
};

/// Whether `text` is a valid code (see [`check_code`] for why not).
pub(crate) fn is_code(text: &[u8]) -> bool {
    !text.is_empty()
        && text.len() <= MAX_CODE_LEN
        && text[0].is_ascii_alphanumeric()
        && text.iter().all(|&b| ALLOWED[usize::from(b)])
}

/// Checks that `text` is a valid code without allocating.
///
/// # Errors
///
/// As [`Code::new`].
pub fn check_code(text: &str) -> Result<(), Error> {
    let fail = |reason: String| Error::InvalidCode {
        value: text.to_owned(),
        reason,
    };
    let Some(first) = text.bytes().next() else {
        return Err(fail("a code cannot be empty".into()));
    };
    if text.len() > MAX_CODE_LEN {
        return Err(fail(format!(
            "{} bytes long, at most {MAX_CODE_LEN} allowed",
            text.len()
        )));
    }
    if !first.is_ascii_alphanumeric() {
        return Err(fail("must start with a letter or digit".into()));
    }
    // Every allowed character is ASCII, so a byte scan decides; the
    // offending character is decoded only for the message.
    if let Some(at) = text.bytes().position(|b| !ALLOWED[usize::from(b)]) {
        let c = text[at..]
            .chars()
            .next()
            .expect("a character starts where a non-ASCII or disallowed byte is first found");
        return Err(fail(format!(
            "{c:?} is not allowed (letters, digits, '-', '_', '.', ':', '/')"
        )));
    }
    Ok(())
}

impl FromStr for Code {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        Code::new(s)
    }
}

impl TryFrom<String> for Code {
    type Error = Error;
    fn try_from(s: String) -> Result<Self, Error> {
        check_code(&s)?;
        Ok(Code(Arc::from(s)))
    }
}

impl TryFrom<&str> for Code {
    type Error = Error;
    fn try_from(s: &str) -> Result<Self, Error> {
        Code::new(s)
    }
}

impl From<Code> for String {
    fn from(c: Code) -> String {
        c.0.to_string()
    }
}

impl AsRef<str> for Code {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Code {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn the_byte_test_agrees_with_check_code(
            s in "[a-c0-9_./:\\-Zé ,\\x00]{0,3}[a-z0-9-]{0,70}[a-c0-9_./:\\-Z é]{0,3}",
        ) {
            proptest::prop_assert_eq!(is_code(s.as_bytes()), check_code(&s).is_ok(), "{:?}", s);
        }
    }

    #[test]
    fn accepts_canonical_codes() {
        for ok in [
            "principal-studios",
            "E000001",
            "bj.haidian",
            "a",
            "2019:q1",
            "x/y_z",
        ] {
            assert_eq!(Code::new(ok).unwrap().as_str(), ok);
        }
        assert!(Code::new(&"a".repeat(MAX_CODE_LEN)).is_ok());
    }

    #[test]
    fn rejects_bad_codes() {
        for bad in ["", " a", "a b", "-lead", "中文", "a,b", "a\"b"] {
            assert!(Code::new(bad).is_err(), "{bad:?} accepted");
        }
        assert!(Code::new(&"a".repeat(MAX_CODE_LEN + 1)).is_err());
    }

    #[test]
    fn serde_goes_through_the_check() {
        let c: Code = serde_json::from_str("\"fuping\"").unwrap();
        assert_eq!(c.as_str(), "fuping");
        assert!(serde_json::from_str::<Code>("\"two words\"").is_err());
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"fuping\"");
    }
}
