//! Schools and their stages (学段).

use crate::Subject;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{Code, Error, Name};

/// A school stage (学段).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// Preschool (学前).
    Preschool,
    /// Primary (小学).
    Primary,
    /// Junior secondary (初中).
    JuniorSecondary,
    /// Senior secondary (高中).
    SeniorSecondary,
    /// Vocational (职业教育).
    Vocational,
    /// Special education (特殊教育).
    SpecialEducation,
}

impl Stage {
    /// All six stages, in order.
    pub const ALL: [Stage; 6] = [
        Stage::Preschool,
        Stage::Primary,
        Stage::JuniorSecondary,
        Stage::SeniorSecondary,
        Stage::Vocational,
        Stage::SpecialEducation,
    ];

    /// The kebab-case code.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Stage::Preschool => "preschool",
            Stage::Primary => "primary",
            Stage::JuniorSecondary => "junior-secondary",
            Stage::SeniorSecondary => "senior-secondary",
            Stage::Vocational => "vocational",
            Stage::SpecialEducation => "special-education",
        }
    }

    /// The Chinese name.
    #[must_use]
    pub const fn zh(self) -> &'static str {
        match self {
            Stage::Preschool => "学前",
            Stage::Primary => "小学",
            Stage::JuniorSecondary => "初中",
            Stage::SeniorSecondary => "高中",
            Stage::Vocational => "职业教育",
            Stage::SpecialEducation => "特殊教育",
        }
    }

    const fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A set of stages, as a bit set. Serialises as a list of stage codes.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(from = "Vec<Stage>", into = "Vec<Stage>")]
pub struct Stages(u8);

impl Stages {
    /// No stage.
    pub const EMPTY: Stages = Stages(0);
    /// All six stages.
    pub const ALL: Stages = Stages(0b11_1111);

    /// Whether `stage` is in the set.
    #[must_use]
    pub const fn contains(self, stage: Stage) -> bool {
        self.0 & stage.bit() != 0
    }
    /// The set with `stage` added.
    #[must_use]
    pub const fn with(self, stage: Stage) -> Stages {
        Stages(self.0 | stage.bit())
    }
    /// The union.
    #[must_use]
    pub const fn union(self, other: Stages) -> Stages {
        Stages(self.0 | other.0)
    }
    /// Whether no stage is in the set.
    #[must_use]
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }
    /// Whether all six stages are.
    #[must_use]
    pub const fn is_all(self) -> bool {
        self.0 == Stages::ALL.0
    }
    /// The stages in the set, in order.
    pub fn iter(self) -> impl Iterator<Item = Stage> {
        Stage::ALL.into_iter().filter(move |s| self.contains(*s))
    }
    /// The stages not in the set, in order.
    pub fn missing(self) -> impl Iterator<Item = Stage> {
        Stage::ALL.into_iter().filter(move |s| !self.contains(*s))
    }
}

impl From<Vec<Stage>> for Stages {
    fn from(v: Vec<Stage>) -> Stages {
        v.into_iter().fold(Stages::EMPTY, Stages::with)
    }
}

impl FromIterator<Stage> for Stages {
    fn from_iter<I: IntoIterator<Item = Stage>>(iter: I) -> Stages {
        iter.into_iter().fold(Stages::EMPTY, Stages::with)
    }
}

impl From<Stages> for Vec<Stage> {
    fn from(s: Stages) -> Vec<Stage> {
        s.iter().collect()
    }
}

impl fmt::Debug for Stages {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

/// A school of the registry.
///
/// ```
/// use eduaid::{Code, Name, School, Stage, Stages};
/// let s = School::new(
///     Code::new("fuping-vocational-centre")?, Name::new("阜平县职教中心", "")?,
///     Code::new("fuping")?, Stages::EMPTY.with(Stage::Vocational),
/// )?;
/// assert!(s.stages().contains(Stage::Vocational));
/// assert!(School::new(Code::new("x")?, Name::new("某校", "")?, Code::new("fuping")?, Stages::EMPTY).is_err());
/// # Ok::<(), eduaid::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(try_from = "SchoolRaw", into = "SchoolRaw")]
pub struct School {
    code: Code,
    name: Name,
    area: Code,
    stages: Stages,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SchoolRaw {
    pub(crate) code: Code,
    pub(crate) name: Name,
    pub(crate) area: Code,
    pub(crate) stages: Stages,
}

impl School {
    /// A school in `area` (a district or county, checked by the programme).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] when `stages` is empty.
    pub fn new(code: Code, name: Name, area: Code, stages: Stages) -> Result<School, Error> {
        if stages.is_empty() {
            return Err(Error::invalid(
                Subject::School,
                format!("{code}: a school teaches at least one stage"),
            ));
        }
        Ok(School {
            code,
            name,
            area,
            stages,
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
    /// The district or county it is in.
    #[must_use]
    pub fn area(&self) -> &Code {
        &self.area
    }
    /// The stages it teaches.
    #[must_use]
    pub fn stages(&self) -> Stages {
        self.stages
    }
}

impl TryFrom<SchoolRaw> for School {
    type Error = Error;
    fn try_from(r: SchoolRaw) -> Result<School, Error> {
        School::new(r.code, r.name, r.area, r.stages)
    }
}

impl From<School> for SchoolRaw {
    fn from(s: School) -> SchoolRaw {
        SchoolRaw {
            code: s.code,
            name: s.name,
            area: s.area,
            stages: s.stages,
        }
    }
}
