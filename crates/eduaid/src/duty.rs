//! Reporting duties: which units (areas, schools or pairings) owe a project a
//! return for each statistics month, from when to when.
//!
//! A return is *received* when the ledger holds at least one entry of the
//! project and unit dated in the statistics month (a zero value is a nil
//! return and counts); see [`completeness`](crate::completeness).

use crate::Subject;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{Code, Error, StatMonth};

/// The unit that owes a return: an area, a school or a pairing, named by its
/// registry code. An entry is the unit's when its `area`, `school` or
/// `pairing` column (by the kind) holds the code.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Reporter {
    /// A district or county.
    Area(Code),
    /// A school.
    School(Code),
    /// A pairing.
    Pairing(Code),
}

impl Reporter {
    /// The unit's code.
    #[must_use]
    pub fn code(&self) -> &Code {
        match self {
            Reporter::Area(c) | Reporter::School(c) | Reporter::Pairing(c) => c,
        }
    }

    /// The kind, as the ledger column that holds the unit's code: `area`,
    /// `school` or `pairing`.
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self {
            Reporter::Area(_) => "area",
            Reporter::School(_) => "school",
            Reporter::Pairing(_) => "pairing",
        }
    }
}

impl fmt::Display for Reporter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind(), self.code())
    }
}

/// One unit's duty to report to a project every statistics month from `from`
/// to `to` (inclusive; open-ended without `to`).
///
/// ```
/// use eduaid::{Code, Duty, Reporter, StatMonth};
/// let m = |s: &str| s.parse::<StatMonth>().unwrap();
/// let d = Duty::new(Code::new("rural-teachers")?, Reporter::Area(Code::new("fuping")?),
///                   m("2019-01"), Some(m("2019-11")))?;
/// assert!(d.owes(m("2019-06")) && !d.owes(m("2019-12")));
/// // A period that ends before it starts is refused.
/// assert!(Duty::new(Code::new("rural-teachers")?, Reporter::Area(Code::new("fuping")?),
///                   m("2019-06"), Some(m("2019-05"))).is_err());
/// # Ok::<(), eduaid::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Duty {
    project: Code,
    unit: Reporter,
    from: StatMonth,
    to: Option<StatMonth>,
}

impl Duty {
    /// A duty. Whether the project and unit exist is checked by the programme.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] when `to` is before `from`.
    pub fn new(
        project: Code,
        unit: Reporter,
        from: StatMonth,
        to: Option<StatMonth>,
    ) -> Result<Duty, Error> {
        if let Some(to) = to.filter(|&to| to < from) {
            return Err(Error::invalid(
                Subject::Duty,
                format!("{project} {unit}: the period ends ({to}) before it starts ({from})"),
            ));
        }
        Ok(Duty {
            project,
            unit,
            from,
            to,
        })
    }

    /// The project owed.
    #[must_use]
    pub fn project(&self) -> &Code {
        &self.project
    }
    /// The unit that owes.
    #[must_use]
    pub fn unit(&self) -> &Reporter {
        &self.unit
    }
    /// The first statistics month owed.
    #[must_use]
    pub fn from(&self) -> StatMonth {
        self.from
    }
    /// The last statistics month owed, if the duty ends.
    #[must_use]
    pub fn to(&self) -> Option<StatMonth> {
        self.to
    }
    /// Whether a return is owed for `month`.
    #[must_use]
    pub fn owes(&self, month: StatMonth) -> bool {
        month >= self.from && self.to.is_none_or(|to| month <= to)
    }
    /// Whether two duties' periods share a month.
    pub(crate) fn overlaps(&self, other: &Duty) -> bool {
        self.owes(other.from) || other.owes(self.from)
    }
}

/// The JSON form: one project, any number of units of each kind, one period.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DutyRaw {
    pub(crate) project: Code,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) areas: Vec<Code>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) schools: Vec<Code>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) pairings: Vec<Code>,
    pub(crate) from: StatMonth,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) to: Option<StatMonth>,
}

impl DutyRaw {
    /// The duties of each unit listed.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] when no unit is listed or the period ends
    /// before it starts.
    pub(crate) fn expand(self) -> Result<Vec<Duty>, Error> {
        let units: Vec<Reporter> = (self.areas.into_iter().map(Reporter::Area))
            .chain(self.schools.into_iter().map(Reporter::School))
            .chain(self.pairings.into_iter().map(Reporter::Pairing))
            .collect();
        if units.is_empty() {
            return Err(Error::invalid(
                Subject::Duty,
                format!(
                    "{}: no areas, schools or pairings owe the return",
                    self.project
                ),
            ));
        }
        units
            .into_iter()
            .map(|u| Duty::new(self.project.clone(), u, self.from, self.to))
            .collect()
    }
}

impl From<Duty> for DutyRaw {
    fn from(d: Duty) -> DutyRaw {
        let mut raw = DutyRaw {
            project: d.project,
            areas: Vec::new(),
            schools: Vec::new(),
            pairings: Vec::new(),
            from: d.from,
            to: d.to,
        };
        match d.unit {
            Reporter::Area(c) => raw.areas.push(c),
            Reporter::School(c) => raw.schools.push(c),
            Reporter::Pairing(c) => raw.pairings.push(c),
        }
        raw
    }
}
