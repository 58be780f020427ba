//! Codes: the short identifiers of projects, areas, schools, pairings, measures,
//! breakdowns, funding sources and entries.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::Error;

/// The longest code accepted, in characters.
pub const MAX_CODE_LEN: usize = 64;

/// A validated code: 1 to 64 letters or digits of any script (`fuping`,
/// `阜平县`, `阜平县第一小学`) or `-`, `_`, `.`, `:`, `/`, starting with a
/// letter or digit; no spaces, no control characters.
///
/// Codes are case-sensitive and are compared byte for byte. Cloning is cheap
/// (the text is shared).
///
/// ```
/// use eduaid::Code;
/// let code: Code = "principal-studios".parse()?;
/// assert_eq!(code.as_str(), "principal-studios");
/// assert_eq!(Code::new("阜平县第一小学")?.as_str(), "阜平县第一小学");
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
    /// [`MAX_CODE_LEN`] characters, or has a character outside the allowed
    /// set.
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

/// The ASCII bytes a code may hold: letters, digits and `-_.:/`. A byte
/// of 0x80 or more starts a character of another script, checked by
/// [`check_code`].
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

/// Whether `text` is a valid ASCII code: the fast path of the reader. A
/// code in another script is `false` here and is decided by
/// [`check_code`].
pub(crate) fn is_code(text: &[u8]) -> bool {
    !text.is_empty()
        && text.len() <= MAX_CODE_LEN
        && text[0].is_ascii_alphanumeric()
        && text.iter().all(|&b| ALLOWED[usize::from(b)])
}

/// Whether `c` may be in a code.
fn allowed(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':' | '/')
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
    if is_code(text.as_bytes()) {
        return Ok(());
    }
    let Some(first) = text.chars().next() else {
        return Err(fail("a code cannot be empty".into()));
    };
    let chars = text.chars().count();
    if chars > MAX_CODE_LEN {
        return Err(fail(format!(
            "{chars} characters long, at most {MAX_CODE_LEN} allowed"
        )));
    }
    if !first.is_alphanumeric() {
        return Err(fail("must start with a letter or digit".into()));
    }
    if let Some(c) = text.chars().find(|&c| !allowed(c)) {
        return Err(fail(format!(
            "{c:?} is not allowed (letters, digits, '-', '_', '.', ':', '/')"
        )));
    }
    Ok(())
}

/// The longest entry id accepted, in bytes.
pub(crate) const MAX_ID_LEN: usize = 256;

/// Checks an entry id: any text without control characters, not empty and
/// without spaces at either end (a reader drops those with a warning).
pub(crate) fn check_id(text: &str) -> Result<(), String> {
    if text.is_empty() {
        return Err("an id cannot be empty".into());
    }
    if text.len() > MAX_ID_LEN {
        return Err(format!(
            "the id is {} bytes long, at most {MAX_ID_LEN} allowed",
            text.len()
        ));
    }
    if let Some(c) = text.chars().find(|c| c.is_control()) {
        return Err(format!("id {text:?} holds the control character {c:?}"));
    }
    if text.starts_with(char::is_whitespace) || text.ends_with(char::is_whitespace) {
        return Err(format!("id {text:?} starts or ends with a space"));
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
            // The ASCII fast path never accepts what the full check refuses,
            // and agrees on every ASCII text.
            if is_code(s.as_bytes()) || s.is_ascii() {
                proptest::prop_assert_eq!(is_code(s.as_bytes()), check_code(&s).is_ok(), "{:?}", s);
            }
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
            "阜平县",
            "阜平县第一小学",
            "2019-京保-001",
            "école",
        ] {
            assert_eq!(Code::new(ok).unwrap().as_str(), ok);
        }
        assert!(Code::new(&"a".repeat(MAX_CODE_LEN)).is_ok());
    }

    #[test]
    fn rejects_bad_codes() {
        for bad in [
            "",
            " a",
            "a b",
            "-lead",
            "a,b",
            "a\"b",
            "阜平 县",
            "a\u{7}",
            "、阜平",
        ] {
            assert!(Code::new(bad).is_err(), "{bad:?} accepted");
        }
        assert!(Code::new(&"a".repeat(MAX_CODE_LEN + 1)).is_err());
        // The limit counts characters, not bytes.
        assert!(Code::new(&"县".repeat(MAX_CODE_LEN)).is_ok());
        assert!(Code::new(&"县".repeat(MAX_CODE_LEN + 1)).is_err());
    }

    #[test]
    fn ids_are_text_without_control_characters() {
        for ok in ["No. 17", "A,17", "2019-京保-001", "e1"] {
            assert_eq!(check_id(ok), Ok(()), "{ok:?}");
        }
        for bad in ["", "a\tb", " x", "x ", "a\u{0}"] {
            assert!(check_id(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn serde_goes_through_the_check() {
        let c: Code = serde_json::from_str("\"fuping\"").unwrap();
        assert_eq!(c.as_str(), "fuping");
        assert!(serde_json::from_str::<Code>("\"two words\"").is_err());
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"fuping\"");
    }
}
