//! The annual plan: targets per year, project, area and measure, and
//! milestones with due dates and owners (the task book and timetable).

use crate::Subject;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::name::non_blank;
use crate::{Code, Error, Name};

/// A planned target: how much of a measure a project should reach in a
/// statistics year (in one area, or across all).
///
/// ```
/// use eduaid::{Code, Decimal, Target};
/// let t = Target::new(2019, Code::new("rural-teachers")?, None, Code::new("people-trained")?, None, Decimal::from(2000))?;
/// assert_eq!(t.year(), 2019);
/// assert!(Target::new(2019, Code::new("rural-teachers")?, None, Code::new("people-trained")?, None, Decimal::from(-1)).is_err());
/// # Ok::<(), eduaid::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(try_from = "TargetRaw", into = "TargetRaw")]
pub struct Target {
    year: i32,
    project: Code,
    area: Option<Code>,
    measure: Code,
    breakdown: Option<Code>,
    value: Decimal,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TargetRaw {
    pub(crate) year: i32,
    pub(crate) project: Code,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) area: Option<Code>,
    pub(crate) measure: Code,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) breakdown: Option<Code>,
    #[serde(with = "rust_decimal::serde::str")]
    pub(crate) value: Decimal,
}

impl Target {
    /// A target. Whether the codes exist and the value fits the measure's unit
    /// is checked by the programme.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] when the value is negative or the year is outside
    /// 1 to 9999.
    pub fn new(
        year: i32,
        project: Code,
        area: Option<Code>,
        measure: Code,
        breakdown: Option<Code>,
        value: Decimal,
    ) -> Result<Target, Error> {
        if value.is_sign_negative() && !value.is_zero() {
            return Err(Error::invalid(
                Subject::Target,
                format!("{year} {project} {measure}: value {value} is negative"),
            ));
        }
        if !(1..=9999).contains(&year) {
            return Err(Error::invalid(
                Subject::Target,
                format!("year {year} is outside 1 to 9999"),
            ));
        }
        Ok(Target {
            year,
            project,
            area,
            measure,
            breakdown,
            value,
        })
    }
    /// The statistics year.
    #[must_use]
    pub fn year(&self) -> i32 {
        self.year
    }
    /// The project.
    #[must_use]
    pub fn project(&self) -> &Code {
        &self.project
    }
    /// The area, or `None` for all areas.
    #[must_use]
    pub fn area(&self) -> Option<&Code> {
        self.area.as_ref()
    }
    /// The measure.
    #[must_use]
    pub fn measure(&self) -> &Code {
        &self.measure
    }
    /// The breakdown value, or `None` for all.
    #[must_use]
    pub fn breakdown(&self) -> Option<&Code> {
        self.breakdown.as_ref()
    }
    /// The target value, in the measure's unit.
    #[must_use]
    pub fn value(&self) -> Decimal {
        self.value
    }
}

impl TryFrom<TargetRaw> for Target {
    type Error = Error;
    fn try_from(r: TargetRaw) -> Result<Target, Error> {
        Target::new(r.year, r.project, r.area, r.measure, r.breakdown, r.value)
    }
}

impl From<Target> for TargetRaw {
    fn from(t: Target) -> TargetRaw {
        TargetRaw {
            year: t.year,
            project: t.project,
            area: t.area,
            measure: t.measure,
            breakdown: t.breakdown,
            value: t.value,
        }
    }
}

/// A milestone of the timetable, with its due date and accountable owner.
///
/// ```
/// use eduaid::{Code, Milestone, Name, parse_date};
/// let m = Milestone::new(
///     Code::new("m-2019-01")?, Code::new("study-visits")?, Name::new("第二批学生赴京访学", "")?,
///     parse_date("2019-07-25")?, "市教育局职成科".into(), None,
/// )?;
/// assert!(m.is_overdue(parse_date("2019-08-01")?));
/// assert!(Milestone::new(
///     Code::new("m-x")?, Code::new("study-visits")?, Name::new("x", "")?,
///     parse_date("2019-07-25")?, "".into(), None,
/// ).is_err());
/// # Ok::<(), eduaid::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(try_from = "MilestoneRaw", into = "MilestoneRaw")]
pub struct Milestone {
    code: Code,
    project: Code,
    title: Name,
    due: NaiveDate,
    owner: String,
    done: Option<NaiveDate>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MilestoneRaw {
    pub(crate) code: Code,
    pub(crate) project: Code,
    pub(crate) title: Name,
    pub(crate) due: NaiveDate,
    pub(crate) owner: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) done: Option<NaiveDate>,
}

impl Milestone {
    /// A milestone, done on `done` if it is.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] when the owner is blank.
    pub fn new(
        code: Code,
        project: Code,
        title: Name,
        due: NaiveDate,
        owner: String,
        done: Option<NaiveDate>,
    ) -> Result<Milestone, Error> {
        let owner = non_blank(Subject::MilestoneOwner, owner)?;
        Ok(Milestone {
            code,
            project,
            title,
            due,
            owner,
            done,
        })
    }
    /// The code.
    #[must_use]
    pub fn code(&self) -> &Code {
        &self.code
    }
    /// The project.
    #[must_use]
    pub fn project(&self) -> &Code {
        &self.project
    }
    /// The title.
    #[must_use]
    pub fn title(&self) -> &Name {
        &self.title
    }
    /// The due date.
    #[must_use]
    pub fn due(&self) -> NaiveDate {
        self.due
    }
    /// The accountable owner.
    #[must_use]
    pub fn owner(&self) -> &str {
        &self.owner
    }
    /// When it was done, if it was.
    #[must_use]
    pub fn done(&self) -> Option<NaiveDate> {
        self.done
    }
    /// Whether it is past due and not done as of `date`.
    #[must_use]
    pub fn is_overdue(&self, date: NaiveDate) -> bool {
        date > self.due && self.done.is_none_or(|d| d > date)
    }
}

impl TryFrom<MilestoneRaw> for Milestone {
    type Error = Error;
    fn try_from(r: MilestoneRaw) -> Result<Milestone, Error> {
        Milestone::new(r.code, r.project, r.title, r.due, r.owner, r.done)
    }
}

impl From<Milestone> for MilestoneRaw {
    fn from(m: Milestone) -> MilestoneRaw {
        MilestoneRaw {
            code: m.code,
            project: m.project,
            title: m.title,
            due: m.due,
            owner: m.owner,
            done: m.done,
        }
    }
}

/// The annual plan.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    #[serde(default)]
    targets: Vec<Target>,
    #[serde(default)]
    milestones: Vec<Milestone>,
}

impl Plan {
    /// A plan; checked against the registry by the programme.
    #[must_use]
    pub fn new(targets: Vec<Target>, milestones: Vec<Milestone>) -> Plan {
        Plan {
            targets,
            milestones,
        }
    }
    /// The targets.
    #[must_use]
    pub fn targets(&self) -> &[Target] {
        &self.targets
    }
    /// The milestones.
    #[must_use]
    pub fn milestones(&self) -> &[Milestone] {
        &self.milestones
    }
}
