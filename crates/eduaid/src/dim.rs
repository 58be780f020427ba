//! Grouping dimensions: the columns a total can be grouped by. A value
//! below the programme: a programme's rules over totals name them, and every
//! analysis groups by them.

use crate::Subject;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::Error;

/// A grouping dimension.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dim {
    /// The entry's project.
    Project,
    /// The entry's area.
    Area,
    /// The entry's school (empty when none).
    School,
    /// The entry's pairing (empty when none).
    Pairing,
    /// The measure (always a grouping key: units are never mixed).
    Measure,
    /// The breakdown value (empty when none).
    Breakdown,
    /// The funding source (empty when none).
    Source,
    /// The statistics month, `YYYY-MM`.
    Month,
    /// The statistics year.
    Year,
}

impl Dim {
    /// Every dimension.
    pub const ALL: [Dim; 9] = [
        Dim::Project,
        Dim::Area,
        Dim::School,
        Dim::Pairing,
        Dim::Measure,
        Dim::Breakdown,
        Dim::Source,
        Dim::Month,
        Dim::Year,
    ];

    /// The column name.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Dim::Project => "project",
            Dim::Area => "area",
            Dim::School => "school",
            Dim::Pairing => "pairing",
            Dim::Measure => "measure",
            Dim::Breakdown => "breakdown",
            Dim::Source => "source",
            Dim::Month => "month",
            Dim::Year => "year",
        }
    }

    /// Parses a comma-separated list such as `project,area,month`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] naming an unknown or repeated dimension.
    ///
    /// ```
    /// use eduaid::Dim;
    /// assert_eq!(Dim::parse_list("project,area,month")?, [Dim::Project, Dim::Area, Dim::Month]);
    /// assert!(Dim::parse_list("project,county").is_err());
    /// # Ok::<(), eduaid::Error>(())
    /// ```
    pub fn parse_list(text: &str) -> Result<Vec<Dim>, Error> {
        let mut dims = Vec::new();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let d: Dim = part.parse()?;
            if dims.contains(&d) {
                return Err(Error::invalid(
                    Subject::Grouping,
                    format!("{part:?} is given twice"),
                ));
            }
            dims.push(d);
        }
        Ok(dims)
    }
}

impl FromStr for Dim {
    type Err = Error;
    fn from_str(s: &str) -> Result<Dim, Error> {
        Dim::ALL.into_iter().find(|d| d.name() == s).ok_or_else(|| {
            Error::invalid(
                Subject::Grouping,
                format!(
                    "unknown dimension {s:?} (one of {})",
                    Dim::ALL.map(Dim::name).join(", ")
                ),
            )
        })
    }
}

impl fmt::Display for Dim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
