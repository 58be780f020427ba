//! Areas: regions, districts and counties, with their side and poverty status.

use crate::Subject;
use serde::{Deserialize, Serialize};

use crate::{Code, Error, Name};

/// The level of an area in the hierarchy region > district or county.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AreaKind {
    /// A city or province (Beijing, Baoding, Shanxi).
    Region,
    /// A city district (区), such as Beijing's Haidian.
    District,
    /// A county (县), such as Fuping.
    County,
}

/// Which side of the cooperation an area, school or party is on.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    /// Gives support (Beijing).
    Supporting,
    /// Receives support (Baoding's poor counties; also Wutai and Fanshi in Shanxi).
    Supported,
}

impl Side {
    /// The other side.
    #[must_use]
    pub const fn other(self) -> Side {
        match self {
            Side::Supporting => Side::Supported,
            Side::Supported => Side::Supporting,
        }
    }
}

/// A county's poverty status.
#[derive(
    Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum PovertyStatus {
    /// Not a poor county.
    #[default]
    NotPoor,
    /// A poor county (贫困县).
    Poor,
    /// A deeply poor county (深度贫困).
    DeeplyPoor,
}

/// An area of the registry.
///
/// ```
/// use eduaid::{Area, AreaKind, Code, Name, PovertyStatus, Side};
/// let fuping = Area::new(
///     Code::new("fuping")?, Name::new("阜平县", "Fuping County")?,
///     AreaKind::County, Some(Code::new("baoding")?), Side::Supported, PovertyStatus::DeeplyPoor,
/// )?;
/// assert!(fuping.poverty() > PovertyStatus::NotPoor);
/// // A region has no parent and no poverty status of its own.
/// assert!(Area::new(
///     Code::new("hebei")?, Name::new("河北省", "")?, AreaKind::Region,
///     None, Side::Supported, PovertyStatus::Poor,
/// ).is_err());
/// # Ok::<(), eduaid::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(try_from = "AreaRaw", into = "AreaRaw")]
pub struct Area {
    code: Code,
    name: Name,
    kind: AreaKind,
    parent: Option<Code>,
    side: Side,
    poverty: PovertyStatus,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AreaRaw {
    pub(crate) code: Code,
    pub(crate) name: Name,
    pub(crate) kind: AreaKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) parent: Option<Code>,
    pub(crate) side: Side,
    #[serde(default)]
    pub(crate) poverty: PovertyStatus,
}

impl Area {
    /// An area. Whether `parent` exists and is a region is checked by the
    /// programme, which sees all areas.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] when a region has a parent or a poverty status,
    /// when a district or county is its own parent, or when a district is poor
    /// (poverty is a county's status).
    pub fn new(
        code: Code,
        name: Name,
        kind: AreaKind,
        parent: Option<Code>,
        side: Side,
        poverty: PovertyStatus,
    ) -> Result<Area, Error> {
        let fail = |reason: &str| Error::invalid(Subject::Area, format!("{code}: {reason}"));
        match kind {
            AreaKind::Region if parent.is_some() => {
                return Err(fail("a region cannot have a parent area"));
            }
            AreaKind::Region | AreaKind::District if poverty != PovertyStatus::NotPoor => {
                return Err(fail("only a county has a poverty status"));
            }
            _ if parent.as_ref() == Some(&code) => {
                return Err(fail("an area cannot be its own parent"));
            }
            _ => {}
        }
        Ok(Area {
            code,
            name,
            kind,
            parent,
            side,
            poverty,
        })
    }

    /// The code.
    #[must_use]
    pub fn code(&self) -> &Code {
        &self.code
    }
    /// The name.
    #[must_use]
    pub fn name(&self) -> &Name {
        &self.name
    }
    /// The level.
    #[must_use]
    pub fn kind(&self) -> AreaKind {
        self.kind
    }
    /// The region it lies in.
    #[must_use]
    pub fn parent(&self) -> Option<&Code> {
        self.parent.as_ref()
    }
    /// Its side of the cooperation.
    #[must_use]
    pub fn side(&self) -> Side {
        self.side
    }
    /// Its poverty status.
    #[must_use]
    pub fn poverty(&self) -> PovertyStatus {
        self.poverty
    }
}

impl TryFrom<AreaRaw> for Area {
    type Error = Error;
    fn try_from(r: AreaRaw) -> Result<Area, Error> {
        Area::new(r.code, r.name, r.kind, r.parent, r.side, r.poverty)
    }
}

impl From<Area> for AreaRaw {
    fn from(a: Area) -> AreaRaw {
        AreaRaw {
            code: a.code,
            name: a.name,
            kind: a.kind,
            parent: a.parent,
            side: a.side,
            poverty: a.poverty,
        }
    }
}
