//! Pairings (结对): who supports whom, from when to when.

use crate::Subject;
use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{Code, Error};

/// The kind of a pairing.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PairingKind {
    /// School-to-school support with a one-to-one plan (结对帮扶).
    SchoolToSchool,
    /// A jointly run school (联合办学).
    JointSchool,
    /// A supporting district paired with a supported county (对口区县).
    DistrictCounty,
}

impl PairingKind {
    /// All kinds, in order.
    pub const ALL: [PairingKind; 3] = [
        PairingKind::SchoolToSchool,
        PairingKind::JointSchool,
        PairingKind::DistrictCounty,
    ];

    /// The kebab-case code.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            PairingKind::SchoolToSchool => "school-to-school",
            PairingKind::JointSchool => "joint-school",
            PairingKind::DistrictCounty => "district-county",
        }
    }
}

/// One side of a pairing: one or several schools, or one area.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
pub enum Party {
    /// One school, or a group of schools that take on the pairing together.
    Schools(Vec<Code>),
    /// A district or county.
    Area(Code),
}

impl Party {
    /// The member codes (schools, or the one area).
    #[must_use]
    pub fn members(&self) -> &[Code] {
        match self {
            Party::Schools(s) => s,
            Party::Area(a) => std::slice::from_ref(a),
        }
    }

    /// The members as a set, for comparing parties regardless of order.
    fn key(&self) -> BTreeSet<&Code> {
        self.members().iter().collect()
    }
}

/// A pairing between a supporting and a supported party.
///
/// ```
/// use eduaid::{Code, Pairing, PairingKind, Party, parse_date};
/// let c = |s: &str| Code::new(s).unwrap();
/// let p = Pairing::new(
///     c("p-001"), PairingKind::SchoolToSchool,
///     Party::Schools(vec![c("bj-s001")]), Party::Schools(vec![c("bd-s001")]),
///     parse_date("2016-09-01")?, None,
/// )?;
/// assert!(p.in_force(parse_date("2019-06-25")?));
/// // The end cannot come before the start.
/// assert!(Pairing::new(
///     c("p-002"), PairingKind::SchoolToSchool,
///     Party::Schools(vec![c("bj-s001")]), Party::Schools(vec![c("bd-s002")]),
///     parse_date("2018-01-01")?, Some(parse_date("2017-01-01")?),
/// ).is_err());
/// # Ok::<(), eduaid::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(try_from = "PairingRaw", into = "PairingRaw")]
pub struct Pairing {
    code: Code,
    kind: PairingKind,
    supporting: Party,
    supported: Party,
    start: NaiveDate,
    end: Option<NaiveDate>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PairingRaw {
    pub(crate) code: Code,
    pub(crate) kind: PairingKind,
    pub(crate) supporting: Party,
    pub(crate) supported: Party,
    pub(crate) start: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) end: Option<NaiveDate>,
}

/// What is wrong with a pairing taken alone, as (rule, message).
pub(crate) fn pairing_problem(
    kind: PairingKind,
    supporting: &Party,
    supported: &Party,
    start: NaiveDate,
    end: Option<NaiveDate>,
) -> Option<(crate::Rule, String)> {
    use crate::Rule;
    let wants_schools = kind != PairingKind::DistrictCounty;
    for (side, party) in [("supporting", supporting), ("supported", supported)] {
        match (wants_schools, party) {
            (true, Party::Area(a)) => {
                return Some((
                    Rule::PairingShape,
                    format!(
                        "a {} pairing joins schools, but its {side} party is area {a}",
                        kind.code()
                    ),
                ));
            }
            (false, Party::Schools(_)) => {
                return Some((
                    Rule::PairingShape,
                    format!(
                        "a district-county pairing joins areas, but its {side} party is schools"
                    ),
                ));
            }
            (_, Party::Schools(s)) if s.is_empty() => {
                return Some((
                    Rule::PairingShape,
                    format!("the {side} party has no school"),
                ));
            }
            (_, Party::Schools(s)) if party.key().len() != s.len() => {
                return Some((
                    Rule::PairingShape,
                    format!("the {side} party lists a school twice"),
                ));
            }
            _ => {}
        }
    }
    if let Some(shared) = supporting.key().intersection(&supported.key()).next() {
        return Some((
            Rule::PairingSameParty,
            format!("{shared} is on both sides of the pairing"),
        ));
    }
    if let Some(end) = end {
        if end < start {
            return Some((
                Rule::PairingDates,
                format!("ends {end}, before it starts {start}"),
            ));
        }
    }
    None
}

impl Pairing {
    /// A pairing. Whether the parties exist and are on the right sides is
    /// checked by the programme, which sees the registry.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] when the parties do not fit the kind (schools for
    /// school-to-school and jointly run schools, areas for district-county), a
    /// party is empty or repeats a school, the two parties share a member, or
    /// `end` is before `start`.
    pub fn new(
        code: Code,
        kind: PairingKind,
        supporting: Party,
        supported: Party,
        start: NaiveDate,
        end: Option<NaiveDate>,
    ) -> Result<Pairing, Error> {
        if let Some((rule, reason)) = pairing_problem(kind, &supporting, &supported, start, end) {
            return Err(Error::InvalidValue {
                subject: Subject::Pairing,
                reason: format!("{code}: {reason}"),
                rule: Some(rule),
            });
        }
        Ok(Pairing {
            code,
            kind,
            supporting,
            supported,
            start,
            end,
        })
    }

    /// The code.
    #[must_use]
    pub fn code(&self) -> &Code {
        &self.code
    }
    /// The kind.
    #[must_use]
    pub fn kind(&self) -> PairingKind {
        self.kind
    }
    /// The supporting party.
    #[must_use]
    pub fn supporting(&self) -> &Party {
        &self.supporting
    }
    /// The supported party.
    #[must_use]
    pub fn supported(&self) -> &Party {
        &self.supported
    }
    /// The first day in force.
    #[must_use]
    pub fn start(&self) -> NaiveDate {
        self.start
    }
    /// The last day in force, if it has ended or will end.
    #[must_use]
    pub fn end(&self) -> Option<NaiveDate> {
        self.end
    }
    /// Whether the pairing is in force on `date`.
    #[must_use]
    pub fn in_force(&self, date: NaiveDate) -> bool {
        self.start <= date && self.end.is_none_or(|e| date <= e)
    }
    /// Whether two pairings' periods share a day.
    #[must_use]
    pub fn overlaps(&self, other: &Pairing) -> bool {
        self.start <= other.end.unwrap_or(NaiveDate::MAX)
            && other.start <= self.end.unwrap_or(NaiveDate::MAX)
    }
    /// Whether two pairings join the same two parties (in any order of members).
    #[must_use]
    pub fn same_parties(&self, other: &Pairing) -> bool {
        self.supporting.key() == other.supporting.key()
            && self.supported.key() == other.supported.key()
    }
}

impl TryFrom<PairingRaw> for Pairing {
    type Error = Error;
    fn try_from(r: PairingRaw) -> Result<Pairing, Error> {
        Pairing::new(r.code, r.kind, r.supporting, r.supported, r.start, r.end)
    }
}

impl From<Pairing> for PairingRaw {
    fn from(p: Pairing) -> PairingRaw {
        PairingRaw {
            code: p.code,
            kind: p.kind,
            supporting: p.supporting,
            supported: p.supported,
            start: p.start,
            end: p.end,
        }
    }
}
