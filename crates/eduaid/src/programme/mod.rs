//! The programme: framework, registry (areas, schools, pairings, projects,
//! measures, funding sources), statistics calendar and annual plan, checked as
//! a whole. The JSON form is in `json.rs`, the checks in `check.rs`.

pub(crate) mod aliases;
mod check;
mod duties;
mod json;

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::CheckRule;
use crate::violation::Violations;
use crate::{
    Area, Code, Duty, Error, Framework, FundingSource, Measure, Milestone, Name, Pairing, Plan,
    Project, School, StatCalendar, Unit,
};
pub use aliases::{Aliases, CodeKind};
use check::index_of;
use json::ProgrammeJson;

/// The parts of a programme, before they are checked as a whole.
///
/// Each part is already valid on its own (built by its checked constructor);
/// [`Programme::new`] checks how they fit together.
#[derive(Clone, Debug)]
pub struct ProgrammeSpec {
    /// The programme's code.
    pub code: Code,
    /// Its name.
    pub name: Name,
    /// The statistics calendar (cutoff day).
    pub calendar: StatCalendar,
    /// The framework.
    pub framework: Framework,
    /// Projects and other lines of work.
    pub projects: Vec<Project>,
    /// Every measure the ledger may use (see [`Measure::canonical`]).
    pub measures: Vec<Measure>,
    /// Funding sources; empty accepts any source code.
    pub sources: Vec<FundingSource>,
    /// Areas; empty accepts any area code.
    pub areas: Vec<Area>,
    /// Schools; empty accepts any school code.
    pub schools: Vec<School>,
    /// Pairings; empty accepts any pairing code.
    pub pairings: Vec<Pairing>,
    /// The annual plan.
    pub plan: Plan,
    /// Rules over totals, checked by [`check_rules`](crate::check_rules).
    pub rules: Vec<CheckRule>,
    /// Names a ledger may write for codes, besides each item's Chinese name.
    pub aliases: Aliases,
    /// Ledger columns to leave out when reading (`备注`, say); any other
    /// unknown column is an error.
    pub ignore_columns: Vec<String>,
    /// Reporting duties, one unit each (see [`completeness`](crate::completeness)).
    pub duties: Vec<Duty>,
}

/// A validated programme. Every code it refers to exists, pairings join the
/// right sides, the framework's code matches its tiers.
///
/// Loaded from JSON with [`Programme::from_json`] (or serde, which goes through
/// the same checks), built from parts with [`Programme::new`], or the embedded
/// Beijing-Baoding programme with [`Programme::canonical`].
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(try_from = "ProgrammeJson", into = "ProgrammeJson")]
pub struct Programme {
    spec: ProgrammeSpec,
    index: Index,
}

/// Code-to-position maps of the registry.
#[derive(Clone, Debug, Default)]
struct Index {
    projects: HashMap<Code, usize>,
    measures: HashMap<Code, usize>,
    sources: HashMap<Code, usize>,
    areas: HashMap<Code, usize>,
    schools: HashMap<Code, usize>,
    pairings: HashMap<Code, usize>,
}

impl Programme {
    /// Checks how the parts fit together and builds the programme.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] listing every violation found (codes P001 to P014 of
    /// the crate's table), not just the first.
    ///
    /// ```
    /// use eduaid::{Programme, Rule};
    /// let mut spec = Programme::canonical().spec().clone();
    /// assert!(eduaid::Programme::new(spec.clone()).is_ok());
    /// spec.projects.push(spec.projects[0].clone());
    /// let err = Programme::new(spec).unwrap_err();
    /// assert!(err.violations().unwrap().contains(Rule::DuplicateCode));
    /// ```
    pub fn new(spec: ProgrammeSpec) -> Result<Programme, Error> {
        Programme::check(spec).map_err(Error::Invalid)
    }

    fn check(spec: ProgrammeSpec) -> Result<Programme, Violations> {
        let mut v = Violations::new();
        let index = Index {
            projects: index_of("project", spec.projects.iter().map(Project::code), &mut v),
            measures: index_of("measure", spec.measures.iter().map(Measure::code), &mut v),
            sources: index_of(
                "source",
                spec.sources.iter().map(FundingSource::code),
                &mut v,
            ),
            areas: index_of("area", spec.areas.iter().map(Area::code), &mut v),
            schools: index_of("school", spec.schools.iter().map(School::code), &mut v),
            pairings: index_of("pairing", spec.pairings.iter().map(Pairing::code), &mut v),
        };
        index_of(
            "milestone",
            spec.plan.milestones().iter().map(Milestone::code),
            &mut v,
        );
        index_of("rule", spec.rules.iter().map(|r| &r.code), &mut v);
        let p = Programme { spec, index };
        p.check_framework(&mut v);
        p.check_projects(&mut v);
        p.check_areas(&mut v);
        p.check_schools(&mut v);
        p.check_pairings(&mut v);
        p.check_plan(&mut v);
        p.check_rule_decls(&mut v);
        aliases::check(&p.spec, &mut v);
        p.check_duties(&mut v);
        if v.is_empty() { Ok(p) } else { Err(v) }
    }
}

impl Programme {
    /// Parses and checks a programme from its JSON text; `file` names it in errors.
    ///
    /// # Errors
    ///
    /// [`Error::Json`] with line and column when the JSON is malformed or a part
    /// is invalid on its own; [`Error::Invalid`] with every violation when the
    /// parts do not fit together.
    ///
    /// ```
    /// use eduaid::Programme;
    /// let json = Programme::canonical().to_json();
    /// assert!(Programme::from_json(&json, "canonical.json").is_ok());
    /// let broken = json.replace("\"1215\"", "\"1225\"");
    /// let err = Programme::from_json(&broken, "broken.json").unwrap_err();
    /// assert!(err.to_string().contains("P001"));
    /// ```
    pub fn from_json(text: &str, file: &str) -> Result<Programme, Error> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut de = serde_json::Deserializer::from_str(text);
        let json = ProgrammeJson::deserialize(&mut de)
            .and_then(|j| de.end().map(|()| j))
            .map_err(|e| Error::Json {
                file: file.to_owned(),
                line: e.line(),
                column: e.column(),
                message: e.to_string(),
            })?;
        Programme::try_from(json).map_err(|e| match e {
            Error::Invalid(mut v) => {
                for (location, _) in v.iter_mut() {
                    location.file = Some(file.to_owned());
                }
                Error::Invalid(v)
            }
            other => other,
        })
    }

    /// Reads a programme JSON file.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the file cannot be read, else as [`Programme::from_json`].
    pub fn from_path(path: &std::path::Path) -> Result<Programme, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_owned(),
            source,
        })?;
        Programme::from_json(&text, &path.display().to_string())
    }

    /// The programme as pretty JSON (`eduaid-programme/1`).
    #[must_use]
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a programme always serialises")
    }

    /// The embedded canonical Beijing-Baoding 1215 programme: framework,
    /// projects, measures and funding sources, with no areas, schools or
    /// pairings (so any such codes are accepted).
    #[must_use]
    pub fn canonical() -> Programme {
        Programme::from_json(
            include_str!("../../data/canonical-1215.json"),
            "canonical-1215.json",
        )
        .expect("the embedded canonical programme is valid")
    }

    /// The parts.
    #[must_use]
    pub fn spec(&self) -> &ProgrammeSpec {
        &self.spec
    }
    /// The code.
    #[must_use]
    pub fn code(&self) -> &Code {
        &self.spec.code
    }
    /// The name.
    #[must_use]
    pub fn name(&self) -> &Name {
        &self.spec.name
    }
    /// The statistics calendar.
    #[must_use]
    pub fn calendar(&self) -> StatCalendar {
        self.spec.calendar
    }
    /// The framework.
    #[must_use]
    pub fn framework(&self) -> &Framework {
        &self.spec.framework
    }
    /// The projects.
    #[must_use]
    pub fn projects(&self) -> &[Project] {
        &self.spec.projects
    }
    /// The measures.
    #[must_use]
    pub fn measures(&self) -> &[Measure] {
        &self.spec.measures
    }
    /// The funding sources.
    #[must_use]
    pub fn sources(&self) -> &[FundingSource] {
        &self.spec.sources
    }
    /// The areas.
    #[must_use]
    pub fn areas(&self) -> &[Area] {
        &self.spec.areas
    }
    /// The schools.
    #[must_use]
    pub fn schools(&self) -> &[School] {
        &self.spec.schools
    }
    /// The pairings.
    #[must_use]
    pub fn pairings(&self) -> &[Pairing] {
        &self.spec.pairings
    }
    /// The plan.
    #[must_use]
    pub fn plan(&self) -> &Plan {
        &self.spec.plan
    }
    /// The rules over totals.
    #[must_use]
    pub fn rules(&self) -> &[CheckRule] {
        &self.spec.rules
    }

    /// The reporting duties.
    #[must_use]
    pub fn duties(&self) -> &[Duty] {
        &self.spec.duties
    }

    /// A project by code.
    #[must_use]
    pub fn project(&self, code: &str) -> Option<&Project> {
        self.index
            .projects
            .get(code)
            .map(|&i| &self.spec.projects[i])
    }
    /// A measure by code.
    #[must_use]
    pub fn measure(&self, code: &str) -> Option<&Measure> {
        self.index
            .measures
            .get(code)
            .map(|&i| &self.spec.measures[i])
    }
    /// A funding source by code.
    #[must_use]
    pub fn source(&self, code: &str) -> Option<&FundingSource> {
        self.index.sources.get(code).map(|&i| &self.spec.sources[i])
    }
    /// An area by code.
    #[must_use]
    pub fn area(&self, code: &str) -> Option<&Area> {
        self.index.areas.get(code).map(|&i| &self.spec.areas[i])
    }
    /// A school by code.
    #[must_use]
    pub fn school(&self, code: &str) -> Option<&School> {
        self.index.schools.get(code).map(|&i| &self.spec.schools[i])
    }
    /// A pairing by code.
    #[must_use]
    pub fn pairing(&self, code: &str) -> Option<&Pairing> {
        self.index
            .pairings
            .get(code)
            .map(|&i| &self.spec.pairings[i])
    }
    /// Ledger columns to leave out when reading.
    #[must_use]
    pub fn ignored_columns(&self) -> &[String] {
        &self.spec.ignore_columns
    }
    /// Names a ledger may write for codes, besides each item's Chinese name.
    #[must_use]
    pub fn aliases(&self) -> &Aliases {
        &self.spec.aliases
    }
    /// Whether the registry lists items of a kind (else any code is accepted).
    pub(crate) fn lists(&self, kind: RegistryKind) -> bool {
        match kind {
            RegistryKind::Project | RegistryKind::Measure => true,
            RegistryKind::Source => !self.spec.sources.is_empty(),
            RegistryKind::Area => !self.spec.areas.is_empty(),
            RegistryKind::School => !self.spec.schools.is_empty(),
            RegistryKind::Pairing => !self.spec.pairings.is_empty(),
        }
    }
}

/// The kinds of registry items an entry refers to: the public
/// [`CodeKind`] under the name the reader uses.
pub(crate) use aliases::CodeKind as RegistryKind;

impl RegistryKind {
    /// The ledger column that holds codes of this kind.
    pub(crate) const fn column(self) -> &'static str {
        match self {
            RegistryKind::Project => "project",
            RegistryKind::Measure => "measure",
            RegistryKind::Source => "source",
            RegistryKind::Area => "area",
            RegistryKind::School => "school",
            RegistryKind::Pairing => "pairing",
        }
    }

    /// The rule an entry breaks by naming an undeclared code of this kind.
    pub(crate) const fn unknown_rule(self) -> crate::Rule {
        use crate::Rule;
        match self {
            RegistryKind::Project => Rule::UnknownProject,
            RegistryKind::Measure => Rule::UnknownMeasure,
            RegistryKind::Source => Rule::UnknownSource,
            RegistryKind::Area => Rule::UnknownArea,
            RegistryKind::School => Rule::UnknownSchool,
            RegistryKind::Pairing => Rule::UnknownPairing,
        }
    }
}

/// A target value in the measure's base units (fen for yuan, whole units
/// otherwise), or `None` when it does not fit.
pub(crate) fn target_units(value: Decimal, unit: Unit) -> Option<i128> {
    let scaled = if unit.is_money() {
        value.checked_mul(Decimal::ONE_HUNDRED)?
    } else {
        value
    };
    let n = scaled.normalize();
    (n.scale() == 0).then(|| n.mantissa())
}
