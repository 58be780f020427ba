//! A programme at a glance, in the shape of its framework: the tiers and their
//! items, pairings and stage coverage, each project's figures, funds by source
//! and the targeting share by year. Every figure carries its unit, how it is
//! approximated when printed, and its provenance (the entry ids or registry
//! codes it was computed from).
//!
//! Built only from the public aggregation API ([`report`], [`registry_facts`],
//! [`Compliance::from_report`]); nothing in it is specific to the 1215 programme.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::zh_number::Approx;
use crate::{
    Code, Compliance, ComplianceOptions, Dim, Error, Framework, Key, Ledger, Name, PairingKind,
    Programme, Query, Stages, Total, Unit, registry_facts, report,
};

/// One figure: a value in a unit, how it is approximated when printed, and
/// where it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Figure {
    key: String,
    label: Name,
    value: Total,
    counter: Counter,
    approx: Approx,
    sources: Vec<Code>,
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
    /// The ledger entry ids (for totals of entries) or registry codes (for
    /// counts of schools, pairings, areas) the figure was computed from.
    #[must_use]
    pub fn sources(&self) -> &[Code] {
        &self.sources
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
/// assert_eq!(joint.sources().len(), 10); // the pairing codes
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
        let b = Build {
            ledger,
            programme: ledger.programme(),
            as_of,
            options,
        };
        let pairings = b.registry();
        let (ids, money_ids) = b.provenance();
        let projects = b.projects(&ids)?;
        let funds = b.funds(&money_ids)?;
        let (threshold, targeting_measure, targeted_names, targeting) = b.targeting()?;
        let programme = b.programme;

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
                .then(|| crate::completeness(ledger, as_of, None).total),
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

mod render;
/// What [`Summary::build`] reads, and each section built from it.
struct Build<'a> {
    ledger: &'a Ledger,
    programme: &'a Programme,
    as_of: NaiveDate,
    options: &'a SummaryOptions,
}

/// Sorts ids by their text, most comparisons made on their first eight
/// bytes held beside them (comparing the texts themselves reads each from
/// wherever it was allocated: millions of cache misses).
fn sort_ids(ids: &mut Vec<Code>) {
    let prefix = |c: &Code| {
        let mut b = [0u8; 8];
        let t = c.as_str().as_bytes();
        let n = t.len().min(8);
        b[..n].copy_from_slice(&t[..n]);
        u64::from_be_bytes(b)
    };
    let mut keyed: Vec<(u64, Code)> = ids.drain(..).map(|c| (prefix(&c), c)).collect();
    keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    ids.extend(keyed.into_iter().map(|(_, c)| c));
}

/// A project, measure and breakdown (empty when none).
type Group<'a> = (&'a str, &'a str, &'a str);

/// Entry ids behind each (project, measure, breakdown), and behind each
/// source of money, each list sorted.
type Provenance<'a> = (HashMap<Group<'a>, Vec<Code>>, BTreeMap<&'a str, Vec<Code>>);

impl<'a> Build<'a> {
    fn fig(
        &self,
        key: String,
        label: Name,
        value: Total,
        counter: Counter,
        sources: Vec<Code>,
    ) -> Figure {
        let approx = self.options.approx.get(&key).copied().unwrap_or_default();
        Figure {
            key,
            label,
            value,
            counter,
            approx,
            sources,
        }
    }

    fn distinct(&self, key: &str, l: Name, unit: Unit, counter: Counter, set: Vec<Code>) -> Figure {
        let n = i128::try_from(set.len()).unwrap_or(i128::MAX);
        self.fig(key.to_owned(), l, Total::new(n, unit), counter, set)
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

    /// Entry ids behind each (project, measure, breakdown) and each source
    /// of money, as of the date.
    fn provenance(&self) -> Provenance<'a> {
        let (ledger, programme, as_of) = (self.ledger, self.programme, self.as_of);
        // Entry ids behind each (project, measure, breakdown) and each source
        // of money, as of the date. A flow counts every entry; a stock only the
        // latest snapshot of each series (and the corrections of it), as the
        // report does.
        let is_stock = |e: &crate::Entry<'_>| {
            programme
                .measure(e.measure().as_str())
                .is_some_and(|m| m.kind() == crate::MeasureKind::Stock)
        };
        let snapshots: BTreeSet<usize> = crate::report::latest_stock_entries(ledger, as_of)
            .into_iter()
            .collect();
        // Grouped first by the codes' addresses (the ledger hands out one
        // `Code` per code: a pointer is hashed, not three texts, for each of
        // millions of entries), then by their texts, each list sorted once.
        let address = |c: Option<&Code>| c.map_or(std::ptr::null(), std::ptr::from_ref);
        let mut groups: HashMap<[*const Code; 3], (Group<'a>, Vec<Code>)> = HashMap::new();
        let mut by_source: HashMap<*const Code, (&'a str, Vec<Code>)> = HashMap::new();
        for e in ledger.iter().filter(|e| e.date() <= as_of) {
            if is_stock(&e) && !snapshots.contains(&ledger.root_of(e.index())) {
                continue;
            }
            let id = Code::new(e.id()).expect("ledger ids are valid codes");
            if e.unit().is_money() {
                let source = e.source();
                by_source
                    .entry(address(source))
                    .or_insert_with(|| (source.map_or("", Code::as_str), Vec::new()))
                    .1
                    .push(id.clone());
            }
            let (p, m, b) = (e.project(), e.measure(), e.breakdown());
            let key = [address(Some(p)), address(Some(m)), address(b)];
            groups
                .entry(key)
                .or_insert_with(|| {
                    (
                        (p.as_str(), m.as_str(), b.map_or("", Code::as_str)),
                        Vec::new(),
                    )
                })
                .1
                .push(id);
        }
        let mut ids: HashMap<Group<'a>, Vec<Code>> = HashMap::new();
        for (group, list) in groups.into_values() {
            ids.entry(group).or_default().extend(list);
        }
        let mut money_ids: BTreeMap<&str, Vec<Code>> = BTreeMap::new();
        for (source, list) in by_source.into_values() {
            money_ids.entry(source).or_default().extend(list);
        }
        for list in ids.values_mut().chain(money_ids.values_mut()) {
            sort_ids(list);
        }
        (ids, money_ids)
    }

    /// Projects: totals by measure and breakdown, distinct schools and areas.
    fn projects(
        &self,
        ids: &HashMap<(&str, &str, &str), Vec<Code>>,
    ) -> Result<Vec<ProjectSummary>, Error> {
        let (ledger, programme, as_of) = (self.ledger, self.programme, self.as_of);
        let fig = |k, l, v, c, s| self.fig(k, l, v, c, s);
        let distinct = |k: &str, l, u, c, set| self.distinct(k, l, u, c, set);
        // Projects: totals by measure and breakdown, distinct schools and areas.
        let by_breakdown = report(
            ledger,
            &Query::by(&[Dim::Project, Dim::Measure, Dim::Breakdown])?.to(as_of),
        )?;
        let by_school = report(ledger, &Query::by(&[Dim::Project, Dim::School])?.to(as_of))?;
        let by_area = report(ledger, &Query::by(&[Dim::Project, Dim::Area])?.to(as_of))?;
        let in_framework: BTreeSet<&Code> = programme.framework().projects().collect();
        let mut projects = Vec::new();
        for p in programme.projects() {
            let pc = p.code().as_str();
            let mut figures = Vec::new();
            // (measure, breakdown) -> (total, entries)
            let mut sums: BTreeMap<(&str, String), i128> = BTreeMap::new();
            for row in by_breakdown.rows() {
                let k = row.keys();
                if k[0].to_string() != pc {
                    continue;
                }
                let Key::Code(m) = &k[1] else { continue };
                let m = programme
                    .measure(m.as_str())
                    .map_or("", |m| m.code().as_str());
                *sums.entry((m, k[2].to_string())).or_default() += row.value().base_units();
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
                let sources = |b: Option<&str>| -> Vec<Code> {
                    let lists: Vec<&Vec<Code>> = ids
                        .iter()
                        .filter(|((x, y, z), _)| *x == pc && *y == mc && b.is_none_or(|b| *z == b))
                        .map(|(_, v)| v)
                        .collect();
                    let mut out: Vec<Code> = lists.iter().copied().flatten().cloned().collect();
                    // Each list is sorted when gathered.
                    if lists.len() > 1 {
                        sort_ids(&mut out);
                    }
                    out
                };
                figures.push(fig(
                    format!("project/{pc}/{mc}"),
                    m.name().clone(),
                    Total::new(total, m.unit()),
                    Counter::Unit,
                    sources(None),
                ));
                for b in m.breakdowns() {
                    if let Some((_, v)) = parts.iter().find(|(x, _)| x.as_str() == b.as_str()) {
                        figures.push(fig(
                            format!("project/{pc}/{mc}/{b}"),
                            breakdown_label(b),
                            Total::new(*v, m.unit()),
                            Counter::Unit,
                            sources(Some(b.as_str())),
                        ));
                    }
                }
            }
            let codes_of = |r: &crate::Report| -> Vec<Code> {
                let set: BTreeSet<Code> = r
                    .rows()
                    .iter()
                    .filter(|row| row.keys()[0].to_string() == pc)
                    .filter_map(|row| match &row.keys()[1] {
                        Key::Code(c) => Some(c.clone()),
                        _ => None,
                    })
                    .collect();
                set.into_iter().collect()
            };
            let schools = codes_of(&by_school);
            if !schools.is_empty() {
                figures.push(distinct(
                    &format!("project/{pc}/schools"),
                    label("涉及学校", "schools involved"),
                    Unit::Schools,
                    Counter::Unit,
                    schools,
                ));
            }
            let areas = codes_of(&by_area);
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
        Ok(projects)
    }

    /// Funds: every money measure, in total and by source.
    fn funds(&self, money_ids: &BTreeMap<&str, Vec<Code>>) -> Result<Vec<Figure>, Error> {
        let (ledger, programme, as_of) = (self.ledger, self.programme, self.as_of);
        let fig = |k, l, v, c, s| self.fig(k, l, v, c, s);
        // Funds: every money measure, in total and by source.
        let by_source = report(ledger, &Query::by(&[Dim::Source])?.to(as_of))?;
        let mut per_source: BTreeMap<String, i128> = BTreeMap::new();
        for row in by_source.rows() {
            if row.value().unit().is_money() {
                *per_source.entry(row.keys()[0].to_string()).or_default() +=
                    row.value().base_units();
            }
        }
        let mut funds = vec![fig(
            "funds/total".into(),
            label("资金投入合计", "funds, total"),
            Total::new(per_source.values().sum(), Unit::Yuan),
            Counter::Unit,
            {
                let mut all: Vec<Code> = money_ids.values().flatten().cloned().collect();
                sort_ids(&mut all);
                all
            },
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
                // Sorted when gathered.
                let sources = money_ids.get(code.as_str()).cloned().unwrap_or_default();
                funds.push(fig(
                    format!("funds/source/{key}"),
                    name,
                    Total::new(*v, Unit::Yuan),
                    Counter::Unit,
                    sources,
                ));
            }
        }
        // Sources the programme does not list (it accepts any when it lists none).
        for (code, v) in &per_source {
            if !code.is_empty() && programme.source(code).is_none() {
                // Sorted when gathered.
                let sources = money_ids.get(code.as_str()).cloned().unwrap_or_default();
                funds.push(fig(
                    format!("funds/source/{code}"),
                    label(code, code),
                    Total::new(*v, Unit::Yuan),
                    Counter::Unit,
                    sources,
                ));
            }
        }
        Ok(funds)
    }

    /// Targeting: the threshold, the measure's name, the targeted
    /// breakdowns' names and the share per year.
    fn targeting(&self) -> Result<(Decimal, Name, Vec<Name>, Vec<TargetingYear>), Error> {
        let (ledger, programme, as_of, options) =
            (self.ledger, self.programme, self.as_of, self.options);
        // Targeting, when the programme has the funds measure.
        let (measure, targeted, threshold) = options.targeting.clone().unwrap_or_else(|| {
            let t = crate::measure::canonical_targeting();
            (t.measure.clone(), t.targeted.clone(), t.threshold)
        });
        let targeting_measure = programme
            .measure(measure.as_str())
            .map_or_else(|| label(measure.as_str(), ""), |m| m.name().clone());
        let targeted_names = targeted.iter().map(breakdown_label).collect();
        let targeting = if programme
            .measure(measure.as_str())
            .is_some_and(|m| m.unit().is_money())
        {
            let opts = ComplianceOptions::with_threshold(threshold)?.measure(measure, targeted);
            // The entries up to the date, as every other figure.
            let q = opts.query(programme)?.to(as_of);
            Compliance::from_report(&report(ledger, &q)?, &opts)?
                .rows
                .into_iter()
                .map(|r| TargetingYear {
                    year: r.year,
                    targeted: r.targeted,
                    total: r.total,
                    share: r.share,
                    passes: r.passes,
                })
                .collect()
        } else {
            Vec::new()
        };
        Ok((threshold, targeting_measure, targeted_names, targeting))
    }
}

#[cfg(test)]
mod tests;
