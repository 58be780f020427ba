//! The programme: framework, registry (areas, schools, pairings, projects,
//! measures, funding sources), statistics calendar and annual plan, checked as
//! a whole.

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::area::AreaRaw;
use crate::framework::{FrameworkRaw, ProjectRaw, framework_problem};
use crate::measure::MeasureRaw;
use crate::pairing::{PairingRaw, pairing_problem};
use crate::plan::{MilestoneRaw, TargetRaw};
use crate::report::Dim;
use crate::rules::CheckRule;
use crate::school::SchoolRaw;
use crate::violation::{Location, Rule, Violation, Violations};
use crate::{
    Area, AreaKind, Code, Error, Framework, FundingSource, Measure, Milestone, Name, Pairing,
    Party, Plan, Project, School, Side, StatCalendar, Unit,
};

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

/// The JSON form (`eduaid-programme/1`).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProgrammeJson {
    #[serde(default = "format_v1")]
    format: String,
    code: Code,
    name: Name,
    #[serde(default)]
    cutoff_day: StatCalendar,
    framework: FrameworkRaw,
    projects: Vec<ProjectRaw>,
    /// Whether the canonical measure catalogue is included before `measures`.
    #[serde(default = "yes")]
    canonical_measures: bool,
    #[serde(default)]
    measures: Vec<MeasureRaw>,
    #[serde(default)]
    sources: Vec<FundingSource>,
    #[serde(default)]
    areas: Vec<AreaRaw>,
    #[serde(default)]
    schools: Vec<SchoolRaw>,
    #[serde(default)]
    pairings: Vec<PairingRaw>,
    #[serde(default)]
    plan: PlanJson,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    rules: Vec<CheckRule>,
}

#[derive(Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct PlanJson {
    #[serde(default)]
    targets: Vec<TargetRaw>,
    #[serde(default)]
    milestones: Vec<MilestoneRaw>,
}

const FORMAT_V1: &str = "eduaid-programme/1";

fn format_v1() -> String {
    FORMAT_V1.to_owned()
}

fn yes() -> bool {
    true
}

fn at(item: impl Into<String>) -> Location {
    Location {
        item: Some(item.into()),
        ..Location::default()
    }
}

fn at_field(item: impl Into<String>, field: &str) -> Location {
    Location {
        item: Some(item.into()),
        field: Some(field.to_owned()),
        ..Location::default()
    }
}

/// Converts raw parts one by one, turning each local failure into a violation.
fn convert<R, T>(
    raws: Vec<R>,
    rule: Rule,
    what: &str,
    code_of: impl Fn(&R) -> String,
    v: &mut Violations,
) -> Vec<T>
where
    T: TryFrom<R, Error = Error>,
{
    raws.into_iter()
        .filter_map(|r| {
            let item = format!("{what} {}", code_of(&r));
            T::try_from(r)
                .map_err(|e| v.push(Violation::new(rule, at(item), e.to_string())))
                .ok()
        })
        .collect()
}

impl TryFrom<ProgrammeJson> for Programme {
    type Error = Error;
    fn try_from(j: ProgrammeJson) -> Result<Programme, Error> {
        let mut v = Violations::new();
        if j.format != FORMAT_V1 {
            v.push(Violation::new(
                Rule::InvalidField,
                at_field("programme", "format"),
                format!("format {:?} is not {FORMAT_V1:?}", j.format),
            ));
        }
        let framework = match framework_problem(&j.framework.code, &j.framework.tiers) {
            Some(reason) => {
                v.push(Violation::new(Rule::FrameworkCode, at("framework"), reason));
                None
            }
            None => Framework::try_from(j.framework).ok(),
        };
        let projects = convert(
            j.projects,
            Rule::InvalidField,
            "project",
            |r| r.code.to_string(),
            &mut v,
        );
        let mut measures = if j.canonical_measures {
            Measure::canonical()
        } else {
            Vec::new()
        };
        measures.extend(convert(
            j.measures,
            Rule::MeasureBreakdown,
            "measure",
            |r| r.code.to_string(),
            &mut v,
        ));
        let areas = convert(
            j.areas,
            Rule::AreaKind,
            "area",
            |r| r.code.to_string(),
            &mut v,
        );
        let schools = convert(
            j.schools,
            Rule::InvalidField,
            "school",
            |r| r.code.to_string(),
            &mut v,
        );
        let mut pairings = Vec::with_capacity(j.pairings.len());
        for r in j.pairings {
            if let Some((rule, reason)) =
                pairing_problem(r.kind, &r.supporting, &r.supported, r.start, r.end)
            {
                v.push(Violation::new(
                    rule,
                    at(format!("pairing {}", r.code)),
                    reason,
                ));
            } else {
                pairings.extend(Pairing::try_from(r).ok());
            }
        }
        let targets = convert(
            j.plan.targets,
            Rule::InvalidField,
            "target",
            |r| format!("{} {}", r.project, r.measure),
            &mut v,
        );
        let milestones = convert(
            j.plan.milestones,
            Rule::InvalidField,
            "milestone",
            |r| r.code.to_string(),
            &mut v,
        );
        let Some(framework) = framework else {
            return Err(Error::Invalid(v));
        };
        let spec = ProgrammeSpec {
            code: j.code,
            name: j.name,
            calendar: j.cutoff_day,
            framework,
            projects,
            measures,
            sources: j.sources,
            areas,
            schools,
            pairings,
            plan: Plan::new(targets, milestones),
            rules: j.rules,
        };
        match Programme::check(spec) {
            Ok(p) if v.is_empty() => Ok(p),
            Ok(_) => Err(Error::Invalid(v)),
            Err(more) => {
                v.extend(more);
                Err(Error::Invalid(v))
            }
        }
    }
}

impl From<Programme> for ProgrammeJson {
    fn from(p: Programme) -> ProgrammeJson {
        let s = p.spec;
        // Write the canonical catalogue by reference when it is there unchanged.
        let canonical = Measure::canonical();
        let has_canonical =
            s.measures.len() >= canonical.len() && s.measures[..canonical.len()] == canonical[..];
        let measures = if has_canonical {
            s.measures[canonical.len()..].to_vec()
        } else {
            s.measures
        };
        ProgrammeJson {
            format: format_v1(),
            code: s.code,
            name: s.name,
            cutoff_day: s.calendar,
            framework: s.framework.into(),
            projects: s.projects.into_iter().map(Into::into).collect(),
            canonical_measures: has_canonical,
            measures: measures.into_iter().map(Into::into).collect(),
            sources: s.sources,
            areas: s.areas.into_iter().map(Into::into).collect(),
            schools: s.schools.into_iter().map(Into::into).collect(),
            pairings: s.pairings.into_iter().map(Into::into).collect(),
            plan: PlanJson {
                targets: s.plan.targets().iter().cloned().map(Into::into).collect(),
                milestones: s
                    .plan
                    .milestones()
                    .iter()
                    .cloned()
                    .map(Into::into)
                    .collect(),
            },
            rules: s.rules,
        }
    }
}

/// Builds a code index, reporting duplicates.
fn index_of<'a>(
    what: &str,
    codes: impl Iterator<Item = &'a Code>,
    v: &mut Violations,
) -> HashMap<Code, usize> {
    let mut map = HashMap::new();
    for (i, code) in codes.enumerate() {
        if let Some(first) = map.insert(code.clone(), i) {
            v.push(Violation::new(
                Rule::DuplicateCode,
                at(format!("{what} {code}")),
                format!("{what} code {code} is declared more than once"),
            ));
            // Keep the first declaration as the one referred to.
            map.insert(code.clone(), first);
        }
    }
    map
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
        if v.is_empty() { Ok(p) } else { Err(v) }
    }

    /// Reports `code` as unknown unless the list it belongs to is open (empty)
    /// or has it.
    fn known(
        map: &HashMap<Code, usize>,
        code: &Code,
        kind: &str,
        item: &str,
        field: &str,
        v: &mut Violations,
    ) -> bool {
        if map.is_empty() || map.contains_key(code) {
            return true;
        }
        v.push(Violation::new(
            Rule::UnknownReference,
            at_field(item, field),
            format!("refers to {kind} {code}, which is not declared"),
        ));
        false
    }

    fn check_framework(&self, v: &mut Violations) {
        let mut seen = std::collections::HashSet::new();
        for code in self.spec.framework.projects() {
            if !self.index.projects.contains_key(code) {
                v.push(Violation::new(
                    Rule::FrameworkProject,
                    at("framework"),
                    format!("a tier names project {code}, which is not declared"),
                ));
            } else if !seen.insert(code.clone()) {
                v.push(Violation::new(
                    Rule::FrameworkProject,
                    at("framework"),
                    format!("project {code} is named by more than one tier item"),
                ));
            }
        }
    }

    fn check_projects(&self, v: &mut Violations) {
        for p in &self.spec.projects {
            let item = format!("project {}", p.code());
            for m in p.measures() {
                if !self.index.measures.contains_key(m) {
                    v.push(Violation::new(
                        Rule::UnknownReference,
                        at_field(&item, "measures"),
                        format!("refers to measure {m}, which is not declared"),
                    ));
                }
            }
        }
    }

    fn check_areas(&self, v: &mut Violations) {
        for a in &self.spec.areas {
            let Some(parent) = a.parent() else { continue };
            let item = format!("area {}", a.code());
            if Self::known(&self.index.areas, parent, "area", &item, "parent", v) {
                if let Some(p) = self.area(parent.as_str()) {
                    if p.kind() != AreaKind::Region {
                        v.push(Violation::new(
                            Rule::AreaKind,
                            at_field(&item, "parent"),
                            format!("parent {parent} is a {:?}, not a region", p.kind())
                                .to_lowercase(),
                        ));
                    }
                }
            }
        }
    }

    fn check_schools(&self, v: &mut Violations) {
        for s in &self.spec.schools {
            let item = format!("school {}", s.code());
            if Self::known(&self.index.areas, s.area(), "area", &item, "area", v) {
                if let Some(a) = self.area(s.area().as_str()) {
                    if a.kind() == AreaKind::Region {
                        v.push(Violation::new(
                            Rule::AreaKind,
                            at_field(&item, "area"),
                            format!(
                                "area {} is a region; a school lies in a district or county",
                                a.code()
                            ),
                        ));
                    }
                }
            }
        }
    }

    /// The side of a party, when the registry can tell (`Err` names a member on
    /// a side other than `want`).
    fn check_party(&self, party: &Party, want: Side, item: &str, field: &str, v: &mut Violations) {
        for m in party.members() {
            let area = match party {
                Party::Schools(_) => {
                    if !Self::known(&self.index.schools, m, "school", item, field, v) {
                        continue;
                    }
                    match self.school(m.as_str()) {
                        Some(s) => s.area(),
                        None => continue,
                    }
                }
                Party::Area(a) => {
                    if !Self::known(&self.index.areas, a, "area", item, field, v) {
                        continue;
                    }
                    a
                }
            };
            if let Some(a) = self.area(area.as_str()) {
                if a.side() != want {
                    v.push(Violation::new(
                        Rule::PairingSide,
                        at_field(item, field),
                        format!(
                            "{m} is on the {} side (area {}), but the {field} party must be on the {} side",
                            side_name(a.side()),
                            a.code(),
                            side_name(want)
                        ),
                    ));
                }
                if matches!(party, Party::Area(_)) && a.kind() == AreaKind::Region {
                    v.push(Violation::new(
                        Rule::AreaKind,
                        at_field(item, field),
                        format!("area {m} is a region; a district-county pairing joins a district or county"),
                    ));
                }
            }
        }
    }

    fn check_pairings(&self, v: &mut Violations) {
        let mut by_parties: HashMap<(Vec<&Code>, Vec<&Code>), Vec<&Pairing>> = HashMap::new();
        for p in &self.spec.pairings {
            let item = format!("pairing {}", p.code());
            self.check_party(p.supporting(), Side::Supporting, &item, "supporting", v);
            self.check_party(p.supported(), Side::Supported, &item, "supported", v);
            let mut a: Vec<&Code> = p.supporting().members().iter().collect();
            let mut b: Vec<&Code> = p.supported().members().iter().collect();
            a.sort();
            b.sort();
            let same = by_parties.entry((a, b)).or_default();
            if let Some(other) = same.iter().find(|o| o.overlaps(p)) {
                v.push(Violation::new(
                    Rule::PairingOverlap,
                    at(&item),
                    format!(
                        "pairs the same two parties as pairing {} over overlapping dates ({} to {})",
                        other.code(),
                        p.start().max(other.start()),
                        match (p.end(), other.end()) {
                            (Some(x), Some(y)) => x.min(y).to_string(),
                            (Some(x), None) | (None, Some(x)) => x.to_string(),
                            (None, None) => "open".to_owned(),
                        }
                    ),
                ));
            }
            same.push(p);
        }
    }

    fn check_plan(&self, v: &mut Violations) {
        let mut seen = std::collections::HashSet::new();
        for t in self.spec.plan.targets() {
            let item = format!("target {} {} {}", t.year(), t.project(), t.measure());
            Self::known(
                &self.index.projects,
                t.project(),
                "project",
                &item,
                "project",
                v,
            );
            if let Some(a) = t.area() {
                Self::known(&self.index.areas, a, "area", &item, "area", v);
            }
            // The measure list is never open: a target must name a declared measure.
            match self.measure(t.measure().as_str()) {
                None => v.push(Violation::new(
                    Rule::UnknownReference,
                    at_field(&item, "measure"),
                    format!("refers to measure {}, which is not declared", t.measure()),
                )),
                Some(m) => {
                    if let Some(b) = t.breakdown() {
                        if !m.allows(b) {
                            v.push(Violation::new(
                                Rule::TargetBreakdown,
                                at_field(&item, "breakdown"),
                                format!("measure {} does not allow breakdown {b}", m.code()),
                            ));
                        }
                    }
                    if target_units(t.value(), m.unit()).is_none() {
                        v.push(Violation::new(
                            Rule::InvalidField,
                            at_field(&item, "value"),
                            format!(
                                "value {} does not fit unit {} (at most {} fraction digits)",
                                t.value(),
                                m.unit().code(),
                                m.unit().fraction_digits()
                            ),
                        ));
                    }
                }
            }
            let key = (t.year(), t.project(), t.area(), t.measure(), t.breakdown());
            if !seen.insert(key) {
                v.push(Violation::new(
                    Rule::DuplicateTarget,
                    at(&item),
                    "the same target is set more than once",
                ));
            }
        }
        for m in self.spec.plan.milestones() {
            let item = format!("milestone {}", m.code());
            Self::known(
                &self.index.projects,
                m.project(),
                "project",
                &item,
                "project",
                v,
            );
        }
    }

    fn check_rule_decls(&self, v: &mut Violations) {
        for r in &self.spec.rules {
            let item = format!("rule {}", r.code);
            let mut units = Vec::new();
            for (side, term) in [("left", &r.left), ("right", &r.right)] {
                let Some(m) = self.measure(term.measure.as_str()) else {
                    v.push(Violation::new(
                        Rule::UnknownReference,
                        at_field(&item, side),
                        format!("refers to measure {}, which is not declared", term.measure),
                    ));
                    continue;
                };
                units.push(m.unit());
                if let Some(b) = &term.breakdown {
                    if !m.allows(b) {
                        v.push(Violation::new(
                            Rule::CheckRuleInvalid,
                            at_field(&item, side),
                            format!("measure {} does not allow breakdown {b}", m.code()),
                        ));
                    }
                }
            }
            if units.len() == 2 && units[0] != units[1] {
                v.push(Violation::new(
                    Rule::CheckRuleInvalid,
                    at(&item),
                    format!(
                        "compares {} in {} with {} in {}",
                        r.left.measure,
                        units[0].code(),
                        r.right.measure,
                        units[1].code()
                    ),
                ));
            }
            if let Some(d) =
                r.by.iter()
                    .find(|d| matches!(d, Dim::Measure | Dim::Breakdown))
            {
                v.push(Violation::new(
                    Rule::CheckRuleInvalid,
                    at_field(&item, "by"),
                    format!("cannot group by {d}: the terms name measures and breakdowns"),
                ));
            }
        }
    }

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
            include_str!("../data/canonical-1215.json"),
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

/// The kinds of registry items an entry refers to.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum RegistryKind {
    Project,
    Measure,
    Source,
    Area,
    School,
    Pairing,
}

fn side_name(s: Side) -> &'static str {
    match s {
        Side::Supporting => "supporting",
        Side::Supported => "supported",
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
