//! The framework ("1215": 1 goal, 2 priorities, 1 mechanism, 5 projects) and
//! its projects.

use crate::Subject;
use std::fmt::Write;

use serde::{Deserialize, Serialize};

use crate::name::non_blank;
use crate::{Code, Error, Name};

/// One statement of a framework tier; in the projects tier it names a project.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TierItem {
    text: Name,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    project: Option<Code>,
}

impl TierItem {
    /// A statement, optionally naming a project of the programme.
    #[must_use]
    pub fn new(text: Name, project: Option<Code>) -> TierItem {
        TierItem { text, project }
    }
    /// The statement.
    #[must_use]
    pub fn text(&self) -> &Name {
        &self.text
    }
    /// The project it names.
    #[must_use]
    pub fn project(&self) -> Option<&Code> {
        self.project.as_ref()
    }
}

/// A tier of the framework: goals, priorities, mechanisms, projects, or any
/// other shape a programme gives itself.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    key: Code,
    name: Name,
    items: Vec<TierItem>,
}

impl Tier {
    /// A tier.
    #[must_use]
    pub fn new(key: Code, name: Name, items: Vec<TierItem>) -> Tier {
        Tier { key, name, items }
    }
    /// The key (`goal`, `priorities`, ...).
    #[must_use]
    pub fn key(&self) -> &Code {
        &self.key
    }
    /// The name.
    #[must_use]
    pub fn name(&self) -> &Name {
        &self.name
    }
    /// The statements.
    #[must_use]
    pub fn items(&self) -> &[TierItem] {
        &self.items
    }
}

/// A framework whose code is the count of each tier, in order.
///
/// ```
/// use eduaid::{Framework, Name, Tier, TierItem, Code};
/// let tier = |key: &str, n: usize| Tier::new(
///     Code::new(key).unwrap(), Name::new(key, "").unwrap(),
///     (0..n).map(|i| TierItem::new(Name::new(format!("{key} {i}"), "").unwrap(), None)).collect(),
/// );
/// let tiers = vec![tier("goal", 1), tier("priorities", 2), tier("mechanism", 1), tier("projects", 5)];
/// assert!(Framework::new("1215", Name::new("京保教育扶贫协作", "")?, tiers.clone()).is_ok());
/// let err = Framework::new("1225", Name::new("京保教育扶贫协作", "")?, tiers).unwrap_err();
/// assert_eq!(err.to_string(), "invalid framework: code \"1225\" does not match its tiers' counts \"1215\" (goal 1, priorities 2, mechanism 1, projects 5)");
/// # Ok::<(), eduaid::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(try_from = "FrameworkRaw", into = "FrameworkRaw")]
pub struct Framework {
    code: String,
    name: Name,
    tiers: Vec<Tier>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FrameworkRaw {
    pub(crate) code: String,
    pub(crate) name: Name,
    pub(crate) tiers: Vec<Tier>,
}

/// The code that tiers give: their counts, concatenated.
pub(crate) fn tier_code(tiers: &[Tier]) -> String {
    tiers.iter().fold(String::new(), |mut s, t| {
        let _ = write!(s, "{}", t.items.len());
        s
    })
}

/// Why a framework's code does not fit its tiers, if it does not.
pub(crate) fn framework_problem(code: &str, tiers: &[Tier]) -> Option<String> {
    if tiers.is_empty() {
        return Some("a framework has at least one tier".into());
    }
    if let Some(t) = tiers.iter().find(|t| t.items.is_empty()) {
        return Some(format!("tier {} has no item", t.key));
    }
    if let Some((i, t)) = tiers
        .iter()
        .enumerate()
        .find(|(i, t)| tiers[..*i].iter().any(|u| u.key == t.key))
    {
        return Some(format!(
            "tier {} is declared twice (position {})",
            t.key,
            i + 1
        ));
    }
    let derived = tier_code(tiers);
    if derived != code {
        let counts: Vec<String> = tiers
            .iter()
            .map(|t| format!("{} {}", t.key, t.items.len()))
            .collect();
        return Some(format!(
            "code {code:?} does not match its tiers' counts {derived:?} ({})",
            counts.join(", ")
        ));
    }
    None
}

impl Framework {
    /// A framework; `code` must equal the tiers' counts (`"1215"` for 1, 2, 1, 5).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] when the code does not match, a tier is empty or a
    /// tier key repeats.
    pub fn new(code: impl Into<String>, name: Name, tiers: Vec<Tier>) -> Result<Framework, Error> {
        let code = code.into();
        if let Some(reason) = framework_problem(&code, &tiers) {
            return Err(Error::invalid(Subject::Framework, reason));
        }
        Ok(Framework { code, name, tiers })
    }

    /// The code, such as `"1215"`.
    #[must_use]
    pub fn code(&self) -> &str {
        &self.code
    }
    /// The name.
    #[must_use]
    pub fn name(&self) -> &Name {
        &self.name
    }
    /// The tiers, in order.
    #[must_use]
    pub fn tiers(&self) -> &[Tier] {
        &self.tiers
    }
    /// The projects the tiers name, in order.
    pub fn projects(&self) -> impl Iterator<Item = &Code> {
        self.tiers
            .iter()
            .flat_map(|t| &t.items)
            .filter_map(|i| i.project.as_ref())
    }
}

impl TryFrom<FrameworkRaw> for Framework {
    type Error = Error;
    fn try_from(r: FrameworkRaw) -> Result<Framework, Error> {
        Framework::new(r.code, r.name, r.tiers)
    }
}

impl From<Framework> for FrameworkRaw {
    fn from(f: Framework) -> FrameworkRaw {
        FrameworkRaw {
            code: f.code,
            name: f.name,
            tiers: f.tiers,
        }
    }
}

/// A project (工程) or other line of work, with its accountable owner and the
/// measures it reports.
///
/// ```
/// use eduaid::{Code, Name, Project};
/// let p = Project::new(
///     Code::new("principal-studios")?, Name::new("名校长工作室工程", "Famous-principal studios")?,
///     "北京教育学院".into(), vec![Code::new("activities")?, Code::new("funds")?],
/// )?;
/// assert_eq!(p.owner(), "北京教育学院");
/// assert!(Project::new(Code::new("x")?, Name::new("x", "")?, " ".into(), vec![]).is_err());
/// # Ok::<(), eduaid::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(try_from = "ProjectRaw", into = "ProjectRaw")]
pub struct Project {
    code: Code,
    name: Name,
    owner: String,
    measures: Vec<Code>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProjectRaw {
    pub(crate) code: Code,
    pub(crate) name: Name,
    pub(crate) owner: String,
    #[serde(default)]
    pub(crate) measures: Vec<Code>,
}

impl Project {
    /// A project. An empty `measures` list means it may report any measure.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] when the owner is blank.
    pub fn new(
        code: Code,
        name: Name,
        owner: String,
        measures: Vec<Code>,
    ) -> Result<Project, Error> {
        let owner = non_blank(Subject::ProjectOwner, owner)?;
        Ok(Project {
            code,
            name,
            owner,
            measures,
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
    /// The accountable owner.
    #[must_use]
    pub fn owner(&self) -> &str {
        &self.owner
    }
    /// The measures it reports (empty: any).
    #[must_use]
    pub fn measures(&self) -> &[Code] {
        &self.measures
    }
    /// Whether it declares that it reports `measure`.
    #[must_use]
    pub fn reports(&self, measure: &str) -> bool {
        self.measures.is_empty() || self.measures.iter().any(|m| m.as_str() == measure)
    }
}

impl TryFrom<ProjectRaw> for Project {
    type Error = Error;
    fn try_from(r: ProjectRaw) -> Result<Project, Error> {
        Project::new(r.code, r.name, r.owner, r.measures)
    }
}

impl From<Project> for ProjectRaw {
    fn from(p: Project) -> ProjectRaw {
        ProjectRaw {
            code: p.code,
            name: p.name,
            owner: p.owner,
            measures: p.measures,
        }
    }
}
