//! The programme's JSON form, `eduaid-programme/1`: deserialising goes
//! through the same checks as [`Programme::new`], and every problem of every
//! part is collected with its rule code.

use serde::{Deserialize, Serialize};

use super::check::{at, at_field};
use super::{Aliases, Programme, ProgrammeSpec};
use crate::CheckRule;
use crate::area::AreaRaw;
use crate::duty::DutyRaw;
use crate::framework::{FrameworkRaw, ProjectRaw, framework_problem};
use crate::measure::MeasureRaw;
use crate::pairing::{PairingRaw, pairing_problem};
use crate::plan::{MilestoneRaw, TargetRaw};
use crate::school::SchoolRaw;
use crate::violation::{Rule, Violation, Violations};
use crate::{Code, Error, Framework, FundingSource, Measure, Name, Pairing, Plan, StatCalendar};

/// The JSON form (`eduaid-programme/1`).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ProgrammeJson {
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
    /// Names a ledger may write for codes.
    #[serde(default, skip_serializing_if = "Aliases::is_empty")]
    aliases: Aliases,
    /// Ledger columns to leave out when reading.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    ignore_columns: Vec<String>,
    /// Reporting duties, neighbours of one project and period grouped.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    duties: Vec<DutyRaw>,
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
        let mut duties = Vec::new();
        for r in j.duties {
            let item = format!("duty {}", r.project);
            match r.expand() {
                Ok(d) => duties.extend(d),
                Err(e) => v.push(Violation::new(Rule::DutyPeriod, at(item), e.to_string())),
            }
        }
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
            aliases: j.aliases,
            ignore_columns: j.ignore_columns,
            duties,
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
            aliases: s.aliases,
            ignore_columns: s.ignore_columns,
            duties: group_duties(s.duties),
        }
    }
}

/// Duties as JSON, neighbours of one project and period written as one.
fn group_duties(duties: Vec<crate::Duty>) -> Vec<DutyRaw> {
    let mut out: Vec<DutyRaw> = Vec::new();
    for d in duties {
        let raw = DutyRaw::from(d);
        match out.last_mut() {
            Some(last)
                if (&last.project, last.from, last.to) == (&raw.project, raw.from, raw.to) =>
            {
                last.areas.extend(raw.areas);
                last.schools.extend(raw.schools);
                last.pairings.extend(raw.pairings);
            }
            _ => out.push(raw),
        }
    }
    out
}
