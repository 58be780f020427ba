//! Measures: what the ledger counts, in which unit, as a flow or a stock.

use crate::Subject;
use serde::{Deserialize, Serialize};

use crate::{Code, Error, Name};

/// The unit of a measure.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// Money in yuan, with at most two fraction digits.
    Yuan,
    /// Persons, whole.
    Persons,
    /// A count of events or items, whole.
    Count,
    /// Schools, whole.
    Schools,
}

impl Unit {
    /// Whether values are money.
    #[must_use]
    pub const fn is_money(self) -> bool {
        matches!(self, Unit::Yuan)
    }

    /// Fraction digits a value may have: 2 for yuan, 0 for the rest.
    #[must_use]
    pub const fn fraction_digits(self) -> u8 {
        if self.is_money() { 2 } else { 0 }
    }

    /// The unit's code.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Unit::Yuan => "yuan",
            Unit::Persons => "persons",
            Unit::Count => "count",
            Unit::Schools => "schools",
        }
    }
}

/// Whether a measure is summed over time.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MeasureKind {
    /// Summed over time and over areas (funds paid, people trained).
    #[default]
    Flow,
    /// A value as of a date: summed over areas, never over time; a period
    /// takes its latest value (pairings in force, schools equipped so far).
    Stock,
}

/// A measure of the programme.
///
/// ```
/// use eduaid::{Code, Measure, MeasureKind, Name, Unit};
/// let m = Measure::new(
///     Code::new("placements")?, Name::new("安置实习就业", "placements")?,
///     Unit::Persons, MeasureKind::Flow,
///     vec![Code::new("registered-poor")?, Code::new("other")?],
/// )?;
/// assert!(m.allows(&Code::new("registered-poor")?));
/// // A breakdown value may be declared only once.
/// assert!(Measure::new(
///     Code::new("x")?, Name::new("x", "")?, Unit::Count, MeasureKind::Flow,
///     vec![Code::new("a")?, Code::new("a")?],
/// ).is_err());
/// # Ok::<(), eduaid::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(try_from = "MeasureRaw", into = "MeasureRaw")]
pub struct Measure {
    code: Code,
    name: Name,
    unit: Unit,
    kind: MeasureKind,
    breakdowns: Vec<Code>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MeasureRaw {
    pub(crate) code: Code,
    pub(crate) name: Name,
    pub(crate) unit: Unit,
    #[serde(default)]
    pub(crate) kind: MeasureKind,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) breakdowns: Vec<Code>,
}

impl Measure {
    /// A measure with its allowed breakdown values (possibly none).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] when a breakdown value repeats, or there are more
    /// than 250 of them.
    pub fn new(
        code: Code,
        name: Name,
        unit: Unit,
        kind: MeasureKind,
        breakdowns: Vec<Code>,
    ) -> Result<Measure, Error> {
        if let Some(dup) = breakdowns
            .iter()
            .enumerate()
            .find(|(i, b)| breakdowns[..*i].contains(b))
        {
            return Err(Error::invalid(
                Subject::Measure,
                format!("{code}: breakdown {} is declared twice", dup.1),
            ));
        }
        if breakdowns.len() > 250 {
            return Err(Error::invalid(
                Subject::Measure,
                format!("{code}: {} breakdown values, at most 250", breakdowns.len()),
            ));
        }
        Ok(Measure {
            code,
            name,
            unit,
            kind,
            breakdowns,
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
    /// The unit.
    #[must_use]
    pub fn unit(&self) -> Unit {
        self.unit
    }
    /// Flow or stock.
    #[must_use]
    pub fn kind(&self) -> MeasureKind {
        self.kind
    }
    /// The allowed breakdown values.
    #[must_use]
    pub fn breakdowns(&self) -> &[Code] {
        &self.breakdowns
    }
    /// The position of a breakdown value, if allowed.
    #[must_use]
    pub fn breakdown_index(&self, breakdown: &str) -> Option<usize> {
        self.breakdowns.iter().position(|b| b.as_str() == breakdown)
    }
    /// Whether a breakdown value is allowed.
    #[must_use]
    pub fn allows(&self, breakdown: &Code) -> bool {
        self.breakdowns.contains(breakdown)
    }

    /// The canonical catalogue of the 1215 programme (`docs/ledger-format.md`).
    #[must_use]
    pub fn canonical() -> Vec<Measure> {
        let m = |code: &str, zh: &str, en: &str, unit: Unit, breakdowns: &[&str]| {
            Measure::new(
                Code::new(code).expect("canonical code"),
                Name::new(zh, en).expect("canonical name"),
                unit,
                MeasureKind::Flow,
                breakdowns
                    .iter()
                    .map(|b| Code::new(b).expect("canonical code"))
                    .collect(),
            )
            .expect("canonical measure")
        };
        vec![
            m(
                "funds",
                "资金",
                "funds",
                Unit::Yuan,
                &[
                    "poor-village",
                    "poor-household",
                    "poor-pupil",
                    "deep-poverty-area",
                    "general",
                ],
            ),
            m(
                "people-trained",
                "培训人数",
                "people trained",
                Unit::Persons,
                &["local", "in-beijing"],
            ),
            m(
                "training-sessions",
                "培训期数",
                "training sessions",
                Unit::Count,
                &[],
            ),
            m("activities", "活动次数", "activities", Unit::Count, &[]),
            m(
                "teachers-sent",
                "派出教师",
                "teachers sent",
                Unit::Persons,
                &[],
            ),
            m(
                "pupils-aided",
                "资助学生",
                "pupils aided",
                Unit::Persons,
                &[],
            ),
            m(
                "placements",
                "安置实习就业",
                "placements",
                Unit::Persons,
                &["registered-poor", "other"],
            ),
            m(
                "lessons-observed",
                "听课节数",
                "lessons observed",
                Unit::Count,
                &[],
            ),
            m(
                "lessons-taught",
                "授课次数",
                "lessons taught",
                Unit::Count,
                &[],
            ),
            m(
                "research-sessions",
                "主持教研活动",
                "research sessions",
                Unit::Count,
                &[],
            ),
            m(
                "extracurricular-activities",
                "组织课外活动",
                "extracurricular activities",
                Unit::Count,
                &[],
            ),
            m("volunteers", "支教大学生", "volunteers", Unit::Persons, &[]),
            m(
                "study-visit-students",
                "赴京访学学生",
                "study-visit students",
                Unit::Persons,
                &[],
            ),
            m(
                "people-out-of-poverty",
                "脱贫人数",
                "people out of poverty",
                Unit::Persons,
                &[],
            ),
            m(
                "schools-equipped",
                "购置设备学校",
                "schools equipped",
                Unit::Schools,
                &[],
            ),
            m(
                "dockings",
                "对接次数",
                "dockings",
                Unit::Count,
                &["research-visit", "other"],
            ),
        ]
    }
}

impl TryFrom<MeasureRaw> for Measure {
    type Error = Error;
    fn try_from(r: MeasureRaw) -> Result<Measure, Error> {
        Measure::new(r.code, r.name, r.unit, r.kind, r.breakdowns)
    }
}

impl From<Measure> for MeasureRaw {
    fn from(m: Measure) -> MeasureRaw {
        MeasureRaw {
            code: m.code,
            name: m.name,
            unit: m.unit,
            kind: m.kind,
            breakdowns: m.breakdowns,
        }
    }
}

/// A source of funds (京冀扶贫协作资金, 北京对口帮扶资金, 社会资本).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundingSource {
    code: Code,
    name: Name,
}

impl FundingSource {
    /// A funding source.
    #[must_use]
    pub fn new(code: Code, name: Name) -> FundingSource {
        FundingSource { code, name }
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
}
