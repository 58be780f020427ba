//! A programme at a glance, in the shape of its framework: the tiers and their
//! items, pairings and stage coverage, each project's figures, funds by source
//! and the targeting share by year. Every figure carries its unit, how it is
//! approximated when printed, and its provenance (which entries, with their
//! digest, or which registry codes it was computed from). The series a
//! page's charts draw beside the figures are [`SummarySeries`].
//!
//! Built only from the public aggregation API ([`report`], [`registry_facts`],
//! [`Compliance::from_report`]); nothing in it is specific to the 1215 programme.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::completeness::Received;
use crate::ledger::date_to_day;
use crate::progress::MonthlyActuals;
use crate::report::{StreamSink, read_csv_into};
use crate::zh_number::Approx;
use crate::{
    Code, Compliance, ComplianceOptions, Dim, EntryDigest, Error, Framework, Key, Ledger,
    MonthlyProgress, Name, PairingKind, Programme, Query, ReadOptions, Report, Stages, Streamed,
    Total, Unit, registry_facts, report,
};
use digests::{Digests, Provenances};
pub use series::SummarySeries;

/// One figure: a value in a unit, how it is approximated when printed, and
/// where it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Figure {
    key: String,
    label: Name,
    value: Total,
    counter: Counter,
    approx: Approx,
    provenance: Provenance,
}

/// Where a figure came from, in a size that does not grow with the ledger:
/// enough for an auditor holding the entries (or the registry) to take the
/// figure again and check that it was computed from exactly them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "from", rename_all = "kebab-case")]
pub enum Provenance {
    /// A total of ledger entries: those `selection` takes that are dated on
    /// or before `to` (of a stock measure, the latest original of each
    /// series dated on or before `to`, as the report takes it, and the
    /// corrections of it dated on or before `to`), and the order-free
    /// digest of exactly them.
    Entries {
        /// Which entries.
        selection: Selection,
        /// The last date counted (the summary's as-of date).
        to: NaiveDate,
        /// Their number and the sum of their lines' fingerprints.
        digest: EntryDigest,
    },
    /// A count of registry items (schools, pairings, areas): their codes,
    /// bounded by the registry.
    Registry {
        /// The items counted, sorted.
        codes: Vec<Code>,
    },
}

/// Which entries a total of entries is computed from (before the date and
/// stock rules of [`Provenance::Entries`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "of", rename_all = "kebab-case")]
pub enum Selection {
    /// The entries of one project's measure, of one breakdown value when
    /// given.
    Measure {
        /// The project.
        project: Code,
        /// The measure.
        measure: Code,
        /// The breakdown value, when the figure is one part.
        breakdown: Option<Code>,
    },
    /// The entries of every money measure, of one funding source when
    /// given.
    Funds {
        /// `None`: every source; `Some(None)`: entries without a source.
        #[serde(skip_serializing_if = "Option::is_none")]
        source: Option<Option<Code>>,
    },
}

impl Selection {
    /// Whether `selection` takes entry `e` of `ledger` (the date and
    /// stock rules of [`Provenance::Entries`] aside).
    #[must_use]
    pub fn takes(&self, ledger: &Ledger, e: &crate::Entry<'_>) -> bool {
        match self {
            Selection::Measure {
                project,
                measure,
                breakdown,
            } => {
                e.project() == project
                    && e.measure() == measure
                    && breakdown.as_ref().is_none_or(|b| e.breakdown() == Some(b))
            }
            Selection::Funds { source } => {
                let money = (ledger.programme().measure(e.measure().as_str()))
                    .is_some_and(|m| m.unit().is_money());
                money && source.as_ref().is_none_or(|s| e.source() == s.as_ref())
            }
        }
    }
}

impl Provenance {
    /// The digest of the entries, for a total of entries.
    #[must_use]
    pub fn entries(&self) -> Option<(&Selection, &EntryDigest)> {
        match self {
            Provenance::Entries {
                selection, digest, ..
            } => Some((selection, digest)),
            Provenance::Registry { .. } => None,
        }
    }

    /// The registry codes, for a count of registry items (empty for a
    /// total of entries).
    #[must_use]
    pub fn codes(&self) -> &[Code] {
        match self {
            Provenance::Registry { codes } => codes,
            Provenance::Entries { .. } => &[],
        }
    }
}

/// What a count counts, for the measure word printed after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
enum Counter {
    /// The measure's own unit.
    Unit,
    /// Pairings, areas and other items (个).
    Items,
}

impl Figure {
    /// The stable key that names the figure in a summary, such as
    /// `project/rural-teachers/people-trained/local` or `schools/supporting`.
    #[must_use]
    pub fn key(&self) -> &str {
        &self.key
    }
    /// What the figure is.
    #[must_use]
    pub fn label(&self) -> &Name {
        &self.label
    }
    /// The exact value.
    #[must_use]
    pub fn value(&self) -> Total {
        self.value
    }
    /// The unit.
    #[must_use]
    pub fn unit(&self) -> Unit {
        self.value.unit()
    }
    /// How the value is approximated when printed.
    #[must_use]
    pub fn approx(&self) -> Approx {
        self.approx
    }
    /// Where the figure came from: the selection and digest of the ledger
    /// entries (for totals of entries) or the registry codes (for counts of
    /// schools, pairings, areas).
    #[must_use]
    pub fn provenance(&self) -> &Provenance {
        &self.provenance
    }
}

/// The stages covered in one supported district or county.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AreaCoverage {
    /// The district or county.
    pub area: Code,
    /// Its name.
    pub name: Name,
    /// The stages taught by its schools in a school pairing in force.
    pub stages: Stages,
    /// Those schools (the provenance of the coverage).
    pub schools: Vec<Code>,
}

/// Pairings and coverage as of the summary's date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PairingSummary {
    /// Distinct supporting schools in a school pairing in force.
    pub supporting_schools: Figure,
    /// Distinct supported schools in a school pairing in force.
    pub supported_schools: Figure,
    /// Pairings in force, one figure per kind.
    pub by_kind: Vec<Figure>,
    /// Distinct supported schools run jointly.
    pub joint_schools: Figure,
    /// Stage coverage of every supported district and county.
    pub coverage: Vec<AreaCoverage>,
}

/// One project's (or other line of work's) figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProjectSummary {
    /// The project.
    pub code: Code,
    /// Its name.
    pub name: Name,
    /// Its accountable owner.
    pub owner: String,
    /// Whether a framework tier names it.
    pub in_framework: bool,
    /// Each measure's total, then its parts by breakdown value, then the
    /// distinct schools and areas its entries name.
    pub figures: Vec<Figure>,
}

/// The targeting share of one statistics year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TargetingYear {
    /// The statistics year.
    pub year: i32,
    /// Funds to the targeted beneficiaries.
    pub targeted: Total,
    /// All funds.
    pub total: Total,
    /// The share, rounded half-even to 4 decimal places.
    pub share: Decimal,
    /// Whether the exact share reaches the threshold.
    pub passes: bool,
}

/// How figures are printed (the approximation of each figure key, exact when
/// not set) and which targeting rule is checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SummaryOptions {
    approx: HashMap<String, Approx>,
    targeting: Option<(Code, Vec<Code>, Decimal)>,
}

impl SummaryOptions {
    /// Checks that at least `threshold` (a share from 0 to 1) of the money
    /// measure `measure` goes to the `targeted` breakdown values. By default:
    /// 0.8 of `funds` to `poor-village`, `poor-household`, `poor-pupil` and
    /// `deep-poverty-area`, when the programme has a `funds` money measure.
    #[must_use]
    pub fn targeting(
        mut self,
        measure: Code,
        targeted: Vec<Code>,
        threshold: Decimal,
    ) -> SummaryOptions {
        self.targeting = Some((measure, targeted, threshold));
        self
    }

    /// Prints the figure `key` with `approx`.
    #[must_use]
    pub fn approx(mut self, key: impl Into<String>, approx: Approx) -> SummaryOptions {
        self.approx.insert(key.into(), approx);
        self
    }
}

/// A typed summary of a programme and its ledger as of a date.
///
/// ```
/// use eduaid::{Lang, Summary, SummaryOptions, dataset};
/// let ledger = dataset::ledger();
/// let s = Summary::build(&ledger, dataset::as_of(), &SummaryOptions::default())?;
/// let joint = s.figure("pairings/joint-school").unwrap();
/// assert_eq!(joint.value().base_units(), 10);
/// assert_eq!(joint.provenance().codes().len(), 10); // the pairing codes
/// assert!(s.render(Lang::Zh).contains("联合办学：10个"));
/// # Ok::<(), eduaid::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// The programme's name.
    pub programme: Name,
    /// The date the summary stands at (entries after it are left out).
    pub as_of: NaiveDate,
    /// The framework.
    pub framework: Framework,
    /// Pairings and coverage.
    pub pairings: PairingSummary,
    /// Every project and line of work, in programme order.
    pub projects: Vec<ProjectSummary>,
    /// All money, then one figure per funding source.
    pub funds: Vec<Figure>,
    /// The targeting rule's threshold (0.8 for "80% or more").
    pub threshold: Decimal,
    /// The money measure the targeting rule counts.
    pub targeting_measure: Name,
    /// The breakdown values it counts as targeted.
    pub targeted: Vec<Name>,
    /// The targeting share per statistics year, of the entries up to `as_of`.
    pub targeting: Vec<TargetingYear>,
    /// Completeness and timeliness of the monthly returns due by the as-of
    /// date, when the programme declares reporting duties.
    pub returns: Option<crate::CompletenessRow>,
}

/// What [`Summary::read_csv_with`] reads: the summary, and its charts'
/// series when they were asked for.
pub type SummaryAndSeries = (Summary, Option<SummarySeries>);

fn label(zh: &str, en: &str) -> Name {
    Name::new(zh, en).expect("a non-blank label")
}

/// The name of a breakdown value: the canonical catalogue's
/// (`data/catalogue-1215.json`), else the code itself.
fn breakdown_label(code: &Code) -> Name {
    crate::measure::canonical_breakdown_name(code)
        .cloned()
        .unwrap_or_else(|| label(code.as_str(), code.as_str()))
}

fn kind_label(kind: PairingKind) -> Name {
    match kind {
        PairingKind::SchoolToSchool => label("学校结对", "school-to-school pairings"),
        PairingKind::JointSchool => label("联合办学", "jointly run schools (pairings)"),
        PairingKind::DistrictCounty => label("对口区县", "district-county pairings"),
    }
}

impl Summary {
    /// Summarises `ledger` (and its programme) as of `as_of`.
    ///
    /// # Errors
    ///
    /// As [`report`] and [`Compliance::from_report`] (a total beyond the
    /// exact range).
    pub fn build(
        ledger: &Ledger,
        as_of: NaiveDate,
        options: &SummaryOptions,
    ) -> Result<Summary, Error> {
        let programme = ledger.programme();
        let queries = queries(programme, Some(as_of), options)?;
        let reports = (queries.iter())
            .map(|q| report(ledger, q))
            .collect::<Result<Vec<_>, _>>()?;
        let mut sinks = (
            Digests::new(programme, date_to_day(as_of)),
            Received::new(programme, |kind, c| {
                ledger.codes.interner(kind).get(c.as_str())
            }),
        );
        ledger.replay(&mut sinks);
        let provenance = sinks.0.finish(&ledger.codes);
        Summary::assemble(programme, as_of, options, reports, &provenance, &sinks.1)
    }

    /// Summarises a ledger CSV as it is read, checking every row as
    /// [`Ledger::read_csv_with`] does, as of `as_of` (by default the date
    /// of the latest valid entry: the summary is `None` without one),
    /// without keeping the entries: memory grows with the groups, stock
    /// series and reporting duties, not the entries (beside the ledger
    /// checks' few bytes an entry, as [`report_csv`](crate::report_csv)).
    /// The summary equals [`Summary::build`] of the valid entries.
    ///
    /// With `series`, the same read also takes the series its page's
    /// charts draw, equal to [`SummarySeries::build`] of the valid entries;
    /// memory then grows with the plan's targets too (as
    /// [`MonthlyProgress::read_csv_with`]). Without, the series is `None`.
    ///
    /// # Errors
    ///
    /// As [`report_csv`](crate::report_csv), [`Summary::build`] and, with
    /// `series`, [`SummarySeries::build`].
    ///
    /// ```
    /// use std::sync::Arc;
    /// use eduaid::{ReadOptions, Summary, SummarySeries, dataset};
    /// let ledger = dataset::ledger();
    /// let mut csv = Vec::new();
    /// ledger.write_csv(&mut csv)?;
    /// let (p, as_of, opts) = (ledger.programme(), dataset::as_of(), dataset::summary_options());
    /// let read = Summary::read_csv_with(Arc::clone(p), csv.as_slice(), "l.csv", Some(as_of), &opts,
    ///                                   &ReadOptions::default(), false)?;
    /// assert!(read.is_valid());
    /// assert_eq!(read.report, Some((Summary::build(&ledger, as_of, &opts)?, None)));
    ///
    /// // As of the latest entry's date, with the charts' series.
    /// let read = Summary::read_csv_with(Arc::clone(p), csv.as_slice(), "l.csv", None, &opts,
    ///                                   &ReadOptions::default(), true)?;
    /// let (summary, series) = read.report.unwrap();
    /// let as_of = summary.as_of;
    /// assert_eq!(summary, Summary::build(&ledger, as_of, &opts)?);
    /// assert_eq!(series, Some(SummarySeries::build(&ledger, as_of, &opts)?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read_csv_with<R: std::io::Read>(
        programme: Arc<Programme>,
        input: R,
        file: &str,
        as_of: Option<NaiveDate>,
        options: &SummaryOptions,
        read: &ReadOptions,
        series: bool,
    ) -> Result<Streamed<Option<SummaryAndSeries>>, Error> {
        let shared = Arc::clone(&programme);
        let p = &shared;
        // The summary's reports, then the series'.
        let mut queries = queries(p, as_of, options)?;
        let summary_reports = queries.len();
        if series {
            queries.extend(series::queries(p, as_of, options)?);
        }
        let to = as_of.map_or(i32::MAX, date_to_day);
        let read = read_csv_into(programme, input, file, read, None, |codes| {
            let reports = (queries.iter())
                .map(|q| StreamSink::new(codes, q))
                .collect::<Result<Vec<_>, _>>()?;
            let received = Received::new(p, |kind, c| codes.id_or_intern(kind, c));
            // The plan's progress month by month, for the series.
            let mut monthly = Vec::new();
            if series {
                monthly.push(MonthlyActuals::new(p, as_of, |k, c| {
                    codes.id_or_intern(k, c)
                })?);
            }
            Ok((reports, ((Digests::new(p, to), received), monthly)))
        })?;
        let Some(as_of) = as_of.or(read.latest()) else {
            return read.map(|_, _| Ok(None));
        };
        read.map(|(reports, ((digests, received), monthly)), codes| {
            let mut reports = (reports.into_iter())
                .map(|s| Ok(s.finish(codes)?.finish()))
                .collect::<Result<Vec<_>, Error>>()?;
            let funds = reports.split_off(summary_reports);
            let provenance = digests.finish(codes);
            let summary = Summary::assemble(p, as_of, options, reports, &provenance, &received)?;
            let series = (monthly.into_iter().next())
                .map(|actuals| {
                    let plan = MonthlyProgress::of_actuals(p, actuals, as_of)?;
                    let returns =
                        (!p.duties().is_empty()).then(|| received.completeness(as_of, None));
                    Ok(SummarySeries::assemble(p, options, funds, plan, returns))
                })
                .transpose()?;
            Ok(Some((summary, series)))
        })
    }

    /// The summary from the reports of [`queries`] (in order), the
    /// digests and the returns received.
    fn assemble(
        programme: &Programme,
        as_of: NaiveDate,
        options: &SummaryOptions,
        reports: Vec<Report>,
        provenance: &Provenances,
        received: &Received,
    ) -> Result<Summary, Error> {
        let mut reports = reports.into_iter();
        let mut next = || reports.next().expect("a report for each query");
        let b = Build {
            programme,
            as_of,
            options,
        };
        let pairings = b.registry();
        let (by_breakdown, by_school, by_area, by_source) = (next(), next(), next(), next());
        let projects = b.projects(&by_breakdown, &by_school, &by_area, provenance);
        let funds = b.funds(&by_source, provenance);
        let (threshold, targeting_measure, targeted_names, targeting) =
            b.targeting(reports.next().as_ref())?;
        Ok(Summary {
            programme: programme.name().clone(),
            as_of,
            framework: programme.framework().clone(),
            pairings,
            projects,
            funds,
            threshold,
            targeting_measure,
            targeted: targeted_names,
            targeting,
            returns: (!programme.duties().is_empty())
                .then(|| received.completeness(as_of, None).total),
        })
    }

    /// Every figure, in the order they are printed.
    pub fn figures(&self) -> impl Iterator<Item = &Figure> {
        let p = &self.pairings;
        [&p.supporting_schools, &p.supported_schools]
            .into_iter()
            .chain(&p.by_kind)
            .chain(std::iter::once(&p.joint_schools))
            .chain(self.projects.iter().flat_map(|p| &p.figures))
            .chain(&self.funds)
    }

    /// The figure with this key, if the summary has it.
    #[must_use]
    pub fn figure(&self, key: &str) -> Option<&Figure> {
        self.figures().find(|f| f.key == key)
    }
}

mod digests;
mod render;
mod series;
/// The targeting rule checked: the money measure, its targeted breakdown
/// values and the threshold.
fn targeting_rule(options: &SummaryOptions) -> (Code, Vec<Code>, Decimal) {
    options.targeting.clone().unwrap_or_else(|| {
        let t = crate::measure::canonical_targeting();
        (t.measure.clone(), t.targeted.clone(), t.threshold)
    })
}

/// The targeting rule's measure, when the programme declares it in money.
fn targeted_measure(programme: &Programme, options: &SummaryOptions) -> Option<Code> {
    let (measure, _, _) = targeting_rule(options);
    (programme.measure(measure.as_str()))
        .is_some_and(|m| m.unit().is_money())
        .then_some(measure)
}

/// The compliance options of the targeting rule, when its measure is money.
fn targeting_options(
    programme: &Programme,
    options: &SummaryOptions,
) -> Result<Option<ComplianceOptions>, Error> {
    let (_, targeted, threshold) = targeting_rule(options);
    let Some(measure) = targeted_measure(programme, options) else {
        return Ok(None);
    };
    Ok(Some(
        ComplianceOptions::with_threshold(threshold)?.measure(measure, targeted),
    ))
}

/// `q` of the entries up to `to` (all without it).
fn dated(q: Query, to: Option<NaiveDate>) -> Query {
    match to {
        Some(d) => q.to(d),
        None => q,
    }
}

/// The reports a summary is built from, of the entries up to `to` (all
/// without it): by project, measure and breakdown; by project and school;
/// by project and area; by source; and, when the targeting measure is
/// money, the targeting rule's.
fn queries(
    programme: &Programme,
    to: Option<NaiveDate>,
    options: &SummaryOptions,
) -> Result<Vec<Query>, Error> {
    let mut qs = vec![
        dated(
            Query::by(&[Dim::Project, Dim::Measure, Dim::Breakdown])?,
            to,
        ),
        dated(Query::by(&[Dim::Project, Dim::School])?, to),
        dated(Query::by(&[Dim::Project, Dim::Area])?, to),
        dated(Query::by(&[Dim::Source])?, to),
    ];
    if let Some(opts) = targeting_options(programme, options)? {
        qs.push(dated(opts.query(programme)?, to));
    }
    Ok(qs)
}

/// What [`Summary::assemble`] reads, and each section built from it.
struct Build<'a> {
    programme: &'a Programme,
    as_of: NaiveDate,
    options: &'a SummaryOptions,
}

impl Build<'_> {
    fn fig(
        &self,
        key: String,
        label: Name,
        value: Total,
        counter: Counter,
        provenance: Provenance,
    ) -> Figure {
        let approx = self.options.approx.get(&key).copied().unwrap_or_default();
        Figure {
            key,
            label,
            value,
            counter,
            approx,
            provenance,
        }
    }

    /// A total of the entries `selection` takes, their digest `digest`.
    fn total(
        &self,
        key: String,
        l: Name,
        value: Total,
        selection: Selection,
        digest: EntryDigest,
    ) -> Figure {
        let provenance = Provenance::Entries {
            selection,
            to: self.as_of,
            digest,
        };
        self.fig(key, l, value, Counter::Unit, provenance)
    }

    fn distinct(&self, key: &str, l: Name, unit: Unit, counter: Counter, set: Vec<Code>) -> Figure {
        let n = i128::try_from(set.len()).unwrap_or(i128::MAX);
        let provenance = Provenance::Registry { codes: set };
        self.fig(key.to_owned(), l, Total::new(n, unit), counter, provenance)
    }

    /// Registry: pairings and coverage.
    fn registry(&self) -> PairingSummary {
        let (programme, as_of) = (self.programme, self.as_of);
        let distinct = |k: &str, l, u, c, set| self.distinct(k, l, u, c, set);
        // Registry: pairings and coverage.
        let facts = registry_facts(programme, as_of);
        PairingSummary {
            supporting_schools: distinct(
                "schools/supporting",
                label("参与结对的支援方学校", "supporting schools in pairings"),
                Unit::Schools,
                Counter::Unit,
                facts.supporting_schools.iter().cloned().collect(),
            ),
            supported_schools: distinct(
                "schools/supported",
                label("被帮扶的受援方学校", "supported schools in pairings"),
                Unit::Schools,
                Counter::Unit,
                facts.supported_schools.iter().cloned().collect(),
            ),
            by_kind: PairingKind::ALL
                .iter()
                .map(|k| {
                    distinct(
                        &format!("pairings/{}", k.code()),
                        kind_label(*k),
                        Unit::Count,
                        Counter::Items,
                        facts
                            .pairings
                            .get(k)
                            .map(|s| s.iter().cloned().collect())
                            .unwrap_or_default(),
                    )
                })
                .collect(),
            joint_schools: distinct(
                "schools/joint",
                label("联合办学学校", "jointly run schools"),
                Unit::Schools,
                Counter::Unit,
                facts.joint_schools.iter().cloned().collect(),
            ),
            coverage: facts
                .coverage
                .iter()
                .map(|c| AreaCoverage {
                    area: c.area.clone(),
                    name: programme
                        .area(c.area.as_str())
                        .map_or_else(|| label(c.area.as_str(), ""), |a| a.name().clone()),
                    stages: c.stages,
                    schools: c.schools.iter().cloned().collect(),
                })
                .collect(),
        }
    }

    /// Projects: totals by measure and breakdown, distinct schools and areas.
    fn projects(
        &self,
        by_breakdown: &Report,
        by_school: &Report,
        by_area: &Report,
        provenance: &Provenances,
    ) -> Vec<ProjectSummary> {
        let programme = self.programme;
        let distinct = |k: &str, l, u, c, set| self.distinct(k, l, u, c, set);
        let in_framework: BTreeSet<&Code> = programme.framework().projects().collect();
        let mut projects = Vec::new();
        for p in programme.projects() {
            let pc = p.code().as_str();
            let mut figures = Vec::new();
            // (measure, breakdown) -> (total, entries)
            let mut sums: BTreeMap<(&str, String), i128> = BTreeMap::new();
            for row in by_breakdown.rows() {
                let k = |c| row.key(c);
                if k(0).to_string() != pc {
                    continue;
                }
                let Key::Code(m) = k(1) else { continue };
                let m = programme
                    .measure(m.as_str())
                    .map_or("", |m| m.code().as_str());
                *sums.entry((m, k(2).to_string())).or_default() += row.value().base_units();
            }
            // The project's own measures in its order, then any other it has entries of.
            let measures = p
                .measures()
                .iter()
                .filter_map(|c| programme.measure(c.as_str()))
                .chain(programme.measures().iter().filter(|m| {
                    !p.reports(m.code().as_str())
                        && sums.keys().any(|(x, _)| *x == m.code().as_str())
                }));
            for m in measures {
                let mc = m.code().as_str();
                let parts: Vec<(&String, i128)> = sums
                    .iter()
                    .filter(|((x, _), _)| *x == mc)
                    .map(|((_, b), v)| (b, *v))
                    .collect();
                if parts.is_empty() {
                    continue;
                }
                let total: i128 = parts.iter().map(|(_, v)| v).sum();
                let digest = |b: Option<&str>| {
                    let mut d = EntryDigest::default();
                    for ((x, y, z), part) in &provenance.groups {
                        if x == pc && y == mc && b.is_none_or(|b| z == b) {
                            d.merge(part);
                        }
                    }
                    d
                };
                let selection = |breakdown: Option<&Code>| Selection::Measure {
                    project: p.code().clone(),
                    measure: m.code().clone(),
                    breakdown: breakdown.cloned(),
                };
                figures.push(self.total(
                    format!("project/{pc}/{mc}"),
                    m.name().clone(),
                    Total::new(total, m.unit()),
                    selection(None),
                    digest(None),
                ));
                for b in m.breakdowns() {
                    if let Some((_, v)) = parts.iter().find(|(x, _)| x.as_str() == b.as_str()) {
                        figures.push(self.total(
                            format!("project/{pc}/{mc}/{b}"),
                            breakdown_label(b),
                            Total::new(*v, m.unit()),
                            selection(Some(b)),
                            digest(Some(b.as_str())),
                        ));
                    }
                }
            }
            let codes_of = |r: &crate::Report| -> Vec<Code> {
                let set: BTreeSet<Code> = r
                    .rows()
                    .filter(|row| row.key(0).to_string() == pc)
                    .filter_map(|row| match row.key(1) {
                        Key::Code(c) => Some(c.clone()),
                        _ => None,
                    })
                    .collect();
                set.into_iter().collect()
            };
            let schools = codes_of(by_school);
            if !schools.is_empty() {
                figures.push(distinct(
                    &format!("project/{pc}/schools"),
                    label("涉及学校", "schools involved"),
                    Unit::Schools,
                    Counter::Unit,
                    schools,
                ));
            }
            let areas = codes_of(by_area);
            if !areas.is_empty() {
                figures.push(distinct(
                    &format!("project/{pc}/areas"),
                    label("涉及区县", "areas involved"),
                    Unit::Count,
                    Counter::Items,
                    areas,
                ));
            }
            projects.push(ProjectSummary {
                code: p.code().clone(),
                name: p.name().clone(),
                owner: p.owner().to_owned(),
                in_framework: in_framework.contains(p.code()),
                figures,
            });
        }
        projects
    }

    /// Funds: every money measure, in total and by source.
    fn funds(&self, by_source: &Report, provenance: &Provenances) -> Vec<Figure> {
        let programme = self.programme;
        let by_code = |code: &str| {
            let digest = provenance.sources.get(code).copied().unwrap_or_default();
            let source = Code::new(code).ok();
            (
                Selection::Funds {
                    source: Some(source),
                },
                digest,
            )
        };
        let mut per_source: BTreeMap<String, i128> = BTreeMap::new();
        for row in by_source.rows() {
            if row.value().unit().is_money() {
                *per_source.entry(row.key(0).to_string()).or_default() += row.value().base_units();
            }
        }
        let mut all = EntryDigest::default();
        for d in provenance.sources.values() {
            all.merge(d);
        }
        let mut funds = vec![self.total(
            "funds/total".into(),
            label("资金投入合计", "funds, total"),
            Total::new(per_source.values().sum(), Unit::Yuan),
            Selection::Funds { source: None },
            all,
        )];
        let source_order = programme
            .sources()
            .iter()
            .map(|s| (s.code().to_string(), s.name().clone()))
            .chain(std::iter::once((
                String::new(),
                label("未注明来源", "no source given"),
            )));
        for (code, name) in source_order {
            if let Some(v) = per_source.get(&code) {
                let key = if code.is_empty() { "-" } else { &code };
                let (selection, digest) = by_code(&code);
                funds.push(self.total(
                    format!("funds/source/{key}"),
                    name,
                    Total::new(*v, Unit::Yuan),
                    selection,
                    digest,
                ));
            }
        }
        // Sources the programme does not list (it accepts any when it lists none).
        for (code, v) in &per_source {
            if !code.is_empty() && programme.source(code).is_none() {
                let (selection, digest) = by_code(code);
                funds.push(self.total(
                    format!("funds/source/{code}"),
                    label(code, code),
                    Total::new(*v, Unit::Yuan),
                    selection,
                    digest,
                ));
            }
        }
        funds
    }

    /// Targeting: the threshold, the measure's name, the targeted
    /// breakdowns' names and the share per year.
    /// `report` is the targeting rule's (see [`queries`]), when its measure
    /// is money.
    fn targeting(
        &self,
        report: Option<&Report>,
    ) -> Result<(Decimal, Name, Vec<Name>, Vec<TargetingYear>), Error> {
        let programme = self.programme;
        let (measure, targeted, threshold) = targeting_rule(self.options);
        let targeting_measure = programme
            .measure(measure.as_str())
            .map_or_else(|| label(measure.as_str(), ""), |m| m.name().clone());
        let targeted_names = targeted.iter().map(breakdown_label).collect();
        let targeting = match (targeting_options(programme, self.options)?, report) {
            // The entries up to the date, as every other figure.
            (Some(opts), Some(r)) => Compliance::from_report(r, &opts)?
                .rows
                .into_iter()
                .map(|r| TargetingYear {
                    year: r.year,
                    targeted: r.targeted,
                    total: r.total,
                    share: r.share,
                    passes: r.passes,
                })
                .collect(),
            _ => Vec::new(),
        };
        Ok((threshold, targeting_measure, targeted_names, targeting))
    }
}

#[cfg(test)]
mod tests;
