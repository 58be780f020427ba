//! Bilingual names.

use crate::Subject;
use serde::{Deserialize, Serialize};

use crate::Error;

/// A name in Chinese and English. The Chinese name is required; the English
/// one falls back to it when absent.
///
/// ```
/// use eduaid::Name;
/// let n = Name::new("名校长工作室", "Famous-principal studios")?;
/// assert_eq!(n.en(), "Famous-principal studios");
/// assert!(Name::new("  ", "x").is_err());
/// # Ok::<(), eduaid::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(try_from = "NameRaw", into = "NameRaw")]
pub struct Name {
    zh: String,
    en: String,
}

#[derive(Serialize, Deserialize)]
struct NameRaw {
    zh: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    en: String,
}

impl Name {
    /// A name; `en` may be empty.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] when the Chinese name is blank.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Result<Name, Error> {
        let zh = zh.into();
        if zh.trim().is_empty() {
            return Err(Error::invalid(
                Subject::Name,
                "the Chinese name cannot be blank",
            ));
        }
        Ok(Name { zh, en: en.into() })
    }

    /// The Chinese name.
    #[must_use]
    pub fn zh(&self) -> &str {
        &self.zh
    }

    /// The English name, or the Chinese one when there is none.
    #[must_use]
    pub fn en(&self) -> &str {
        if self.en.is_empty() {
            &self.zh
        } else {
            &self.en
        }
    }

    /// The name in a language.
    #[must_use]
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => self.zh(),
            Lang::En => self.en(),
        }
    }
}

impl TryFrom<NameRaw> for Name {
    type Error = Error;
    fn try_from(r: NameRaw) -> Result<Name, Error> {
        Name::new(r.zh, r.en)
    }
}

impl From<Name> for NameRaw {
    fn from(n: Name) -> NameRaw {
        NameRaw { zh: n.zh, en: n.en }
    }
}

/// A reporting language.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Chinese, with Chinese number conventions.
    #[default]
    Zh,
    /// English.
    En,
}

/// Checks that a free-text field is not blank.
pub(crate) fn non_blank(what: Subject, s: String) -> Result<String, Error> {
    if s.trim().is_empty() {
        Err(Error::invalid(what, "cannot be blank"))
    } else {
        Ok(s)
    }
}
