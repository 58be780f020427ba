//! proptest strategies that generate valid programmes and ledgers.
//!
//! Entities come first and relations are indices into them (cargo's resolver
//! tests do the same), so what is generated is valid by construction:
//! regions, then districts (supporting side) and counties (supported side)
//! under regions of their own side; schools in districts or counties;
//! pairings joining parties of the right sides, with no two pairings of the
//! same parties over overlapping dates; entries referring to declared
//! projects, measures, areas, schools and pairings, with values that fit
//! their units and corrections that keep every net value at or above zero.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::{Days, NaiveDate};
use eduaid::{
    Area, AreaKind, Code, Decimal, Measure, MeasureKind, Milestone, Name, NewEntry, Pairing,
    PairingKind, Party, Plan, PovertyStatus, Programme, ProgrammeSpec, School, Side, Stages,
    StatCalendar, Target, Unit,
};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::Index;

use crate::support::c;

/// The first day generated dates count from.
pub fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(2014, 1, 1).expect("a date")
}

/// `epoch() + days`.
pub fn day(days: u32) -> NaiveDate {
    epoch() + Days::new(u64::from(days))
}

fn name() -> impl Strategy<Value = Name> {
    ("[\u{4e00}-\u{9fa5}]{1,6}", "[A-Za-z ]{0,12}")
        .prop_map(|(zh, en)| Name::new(zh, en).expect("a non-blank Chinese name"))
}

fn stages() -> impl Strategy<Value = Stages> {
    vec(0..6usize, 1..4).prop_map(|v| {
        v.into_iter()
            .map(|i| eduaid::Stage::ALL[i])
            .collect::<Stages>()
    })
}

fn poverty() -> impl Strategy<Value = PovertyStatus> {
    prop_oneof![
        Just(PovertyStatus::NotPoor),
        Just(PovertyStatus::Poor),
        Just(PovertyStatus::DeeplyPoor)
    ]
}

/// One generated pairing, as indices, before it is built.
#[derive(Clone, Debug)]
struct PairingSeed {
    kind: PairingKind,
    supporting: Vec<Index>,
    supported: Vec<Index>,
    start: u32,
    len: Option<u32>,
}

fn pairing_seed() -> impl Strategy<Value = PairingSeed> {
    (
        prop_oneof![
            Just(PairingKind::SchoolToSchool),
            Just(PairingKind::JointSchool),
            Just(PairingKind::DistrictCounty)
        ],
        vec(any::<Index>(), 1..3),
        vec(any::<Index>(), 1..3),
        0..2500u32,
        proptest::option::weighted(0.7, 0..1500u32),
    )
        .prop_map(|(kind, supporting, supported, start, len)| PairingSeed {
            kind,
            supporting,
            supported,
            start,
            len,
        })
}

/// Picks distinct codes from `pool` by `picks` (at least one).
fn pick(pool: &[Code], picks: &[Index], at_most: usize) -> Vec<Code> {
    let mut out: Vec<Code> = Vec::new();
    for i in picks.iter().take(at_most) {
        let code = i.get(pool).clone();
        if !out.contains(&code) {
            out.push(code);
        }
    }
    out
}

/// A generated target, as indices.
type TargetSeed = (i32, Index, Option<Index>, Index, Option<Index>, u32);

/// A generated milestone, as indices.
type MilestoneSeed = (Index, u32, Option<u32>);

/// Generated schools: where (an index into districts or counties), stages, name.
type SchoolSeeds = Vec<(Index, Stages, Name)>;

/// A generated extra measure: unit, kind, number of breakdowns, name.
type MeasureSeed = (Unit, MeasureKind, usize, Name);

/// The generated registry, before it is assembled.
#[derive(Clone, Debug)]
struct Seeds {
    cutoff: u8,
    regions: (Vec<Name>, Vec<Name>),
    districts: Vec<(Index, Name)>,
    counties: Vec<(Index, PovertyStatus, Name)>,
    schools: (SchoolSeeds, SchoolSeeds),
    pairings: Vec<PairingSeed>,
    measures: Vec<MeasureSeed>,
    targets: Vec<TargetSeed>,
    milestones: Vec<MilestoneSeed>,
}

fn unit() -> impl Strategy<Value = Unit> {
    prop_oneof![
        Just(Unit::Yuan),
        Just(Unit::Persons),
        Just(Unit::Count),
        Just(Unit::Schools)
    ]
}

fn seeds() -> impl Strategy<Value = Seeds> {
    (
        (1..=31u8, (vec(name(), 1..3), vec(name(), 1..3))),
        vec((any::<Index>(), name()), 1..4),
        vec((any::<Index>(), poverty(), name()), 1..5),
        (
            vec((any::<Index>(), stages(), name()), 1..5),
            vec((any::<Index>(), stages(), name()), 1..6),
        ),
        vec(pairing_seed(), 1..7),
        vec(
            (
                unit(),
                prop_oneof![Just(MeasureKind::Flow), Just(MeasureKind::Stock)],
                0..4usize,
                name(),
            ),
            0..3,
        ),
        vec(
            (
                2016..=2021i32,
                any::<Index>(),
                proptest::option::of(any::<Index>()),
                any::<Index>(),
                proptest::option::of(any::<Index>()),
                0..2_000_000u32,
            ),
            0..5,
        ),
        vec(
            (any::<Index>(), 0..2500u32, proptest::option::of(0..2500u32)),
            0..4,
        ),
    )
        .prop_map(
            |(
                (cutoff, regions),
                districts,
                counties,
                schools,
                pairings,
                measures,
                targets,
                milestones,
            )| {
                Seeds {
                    cutoff,
                    regions,
                    districts,
                    counties,
                    schools,
                    pairings,
                    measures,
                    targets,
                    milestones,
                }
            },
        )
}

fn area(
    code: &str,
    name: Name,
    kind: AreaKind,
    parent: Option<&Code>,
    side: Side,
    poverty: PovertyStatus,
) -> Area {
    Area::new(c(code), name, kind, parent.cloned(), side, poverty).expect("a generated area")
}

/// Builds the spec from the seeds, on top of the canonical programme.
fn assemble(s: Seeds) -> ProgrammeSpec {
    let mut spec = Programme::canonical().spec().clone();
    spec.calendar = StatCalendar::new(s.cutoff).expect("1 to 31");

    // Regions, then districts and counties under regions of their side.
    let mut areas = Vec::new();
    let mut regions = |prefix: &str, side: Side, names: Vec<_>| -> Vec<Code> {
        names
            .into_iter()
            .enumerate()
            .map(|(i, n)| {
                let a = area(
                    &format!("{prefix}-{i}"),
                    n,
                    AreaKind::Region,
                    None,
                    side,
                    PovertyStatus::NotPoor,
                );
                let code = a.code().clone();
                areas.push(a);
                code
            })
            .collect()
    };
    let supporting_regions = regions("r-bj", Side::Supporting, s.regions.0);
    let supported_regions = regions("r-bd", Side::Supported, s.regions.1);
    let mut districts = Vec::new();
    for (i, (r, n)) in s.districts.into_iter().enumerate() {
        let a = area(
            &format!("d-{i}"),
            n,
            AreaKind::District,
            Some(r.get(&supporting_regions)),
            Side::Supporting,
            PovertyStatus::NotPoor,
        );
        districts.push(a.code().clone());
        areas.push(a);
    }
    let mut counties = Vec::new();
    for (i, (r, p, n)) in s.counties.into_iter().enumerate() {
        let a = area(
            &format!("c-{i}"),
            n,
            AreaKind::County,
            Some(r.get(&supported_regions)),
            Side::Supported,
            p,
        );
        counties.push(a.code().clone());
        areas.push(a);
    }

    // Schools in districts (supporting) and counties (supported).
    let mut schools = Vec::new();
    let mut supporting_schools = Vec::new();
    for (i, (a, st, n)) in s.schools.0.into_iter().enumerate() {
        let sc = School::new(c(&format!("s-bj-{i}")), n, a.get(&districts).clone(), st)
            .expect("a school");
        supporting_schools.push(sc.code().clone());
        schools.push(sc);
    }
    let mut supported_schools = Vec::new();
    for (i, (a, st, n)) in s.schools.1.into_iter().enumerate() {
        let sc = School::new(c(&format!("s-bd-{i}")), n, a.get(&counties).clone(), st)
            .expect("a school");
        supported_schools.push(sc.code().clone());
        schools.push(sc);
    }

    // Pairings of the right sides; one overlapping an earlier pairing of the
    // same parties is left out.
    let mut pairings: Vec<Pairing> = Vec::new();
    for (i, p) in s.pairings.into_iter().enumerate() {
        let (supporting, supported) = match p.kind {
            PairingKind::DistrictCounty => (
                Party::Area(p.supporting[0].get(&districts).clone()),
                Party::Area(p.supported[0].get(&counties).clone()),
            ),
            PairingKind::SchoolToSchool => (
                Party::Schools(pick(&supporting_schools, &p.supporting, 1)),
                Party::Schools(pick(&supported_schools, &p.supported, 1)),
            ),
            PairingKind::JointSchool => (
                Party::Schools(pick(&supporting_schools, &p.supporting, 2)),
                Party::Schools(pick(&supported_schools, &p.supported, 2)),
            ),
        };
        let start = day(p.start);
        let end = p.len.map(|l| start + Days::new(u64::from(l)));
        let pairing = Pairing::new(
            c(&format!("p-{i}")),
            p.kind,
            supporting,
            supported,
            start,
            end,
        )
        .expect("a generated pairing");
        if !pairings
            .iter()
            .any(|o| o.same_parties(&pairing) && o.overlaps(&pairing))
        {
            pairings.push(pairing);
        }
    }

    // Extra measures after the canonical catalogue.
    for (i, (unit, kind, n, name)) in s.measures.into_iter().enumerate() {
        let breakdowns = (0..n).map(|b| c(&format!("b-{b}"))).collect();
        spec.measures.push(
            Measure::new(c(&format!("x-m-{i}")), name, unit, kind, breakdowns).expect("a measure"),
        );
    }

    // A plan: distinct targets with values in their units, and milestones.
    let projects: Vec<Code> = spec.projects.iter().map(|p| p.code().clone()).collect();
    let local: Vec<Code> = districts.iter().chain(&counties).cloned().collect();
    let mut targets = Vec::new();
    let mut keys = HashSet::new();
    for (year, p, a, m, b, v) in s.targets {
        let project = p.get(&spec.projects);
        let measure = spec
            .measures
            .iter()
            .find(|x| x.code() == m.get(project.measures()))
            .expect("declared");
        let breakdown = b.and_then(|b| {
            (!measure.breakdowns().is_empty()).then(|| b.get(measure.breakdowns()).clone())
        });
        let area = a.map(|a| a.get(&local).clone());
        let value = if measure.unit().is_money() {
            Decimal::new(i64::from(v) * 1013, 2)
        } else {
            Decimal::from(v)
        };
        if keys.insert((
            year,
            project.code().clone(),
            area.clone(),
            measure.code().clone(),
            breakdown.clone(),
        )) {
            targets.push(
                Target::new(
                    year,
                    project.code().clone(),
                    area,
                    measure.code().clone(),
                    breakdown,
                    value,
                )
                .expect("a target"),
            );
        }
    }
    let milestones = s
        .milestones
        .into_iter()
        .enumerate()
        .map(|(i, (p, due, done))| {
            Milestone::new(
                c(&format!("m-{i}")),
                p.get(&projects).clone(),
                Name::new(format!("任务{i}"), "").expect("a name"),
                day(due),
                format!("owner {i}"),
                done.map(day),
            )
            .expect("a milestone")
        })
        .collect();

    spec.areas = areas;
    spec.schools = schools;
    spec.pairings = pairings;
    spec.plan = Plan::new(targets, milestones);
    spec
}

/// A valid programme's parts: the canonical framework, projects, measures and
/// sources, with a generated calendar, registry, extra measures and plan.
pub fn programme_spec() -> impl Strategy<Value = ProgrammeSpec> {
    seeds().prop_map(assemble)
}

/// One generated ledger entry, as indices.
#[derive(Clone, Debug)]
pub enum EntrySeed {
    /// An original entry.
    Original {
        project: Index,
        measure: Index,
        /// 0: an area alone, 1: a school (and its area), 2: a pairing.
        place: (u8, Index),
        date: u32,
        breakdown: Option<Index>,
        value: u64,
        source: Option<Index>,
    },
    /// A correction of an earlier entry, by `percent` of its root's net value
    /// (downwards unless `up`).
    Correction {
        target: Index,
        percent: u8,
        up: bool,
        after: u32,
    },
}

fn entry_seed() -> impl Strategy<Value = EntrySeed> {
    prop_oneof![
        4 => (
            any::<Index>(),
            any::<Index>(),
            (0..3u8, any::<Index>()),
            0..2600u32,
            proptest::option::weighted(0.9, any::<Index>()),
            any::<u64>(),
            proptest::option::of(any::<Index>()),
        )
            .prop_map(|(project, measure, place, date, breakdown, value, source)| {
                EntrySeed::Original { project, measure, place, date, breakdown, value, source }
            }),
        1 => (any::<Index>(), 0..=100u8, proptest::bool::weighted(0.2), 0..90u32)
            .prop_map(|(target, percent, up, after)| EntrySeed::Correction { target, percent, up, after }),
    ]
}

/// A valid ledger: the programme and its entries in order.
#[derive(Clone, Debug)]
pub struct GenLedger {
    /// The programme.
    pub programme: Arc<Programme>,
    /// The entries, every one valid when appended in order.
    pub entries: Vec<NewEntry>,
    /// For each entry, the index of the original at the root of its corrections.
    pub roots: Vec<usize>,
}

impl GenLedger {
    /// The net value (in base units) of the original `root` after the first
    /// `upto` entries.
    pub fn net(&self, root: usize, upto: usize) -> i64 {
        self.entries[..upto]
            .iter()
            .zip(&self.roots)
            .filter(|(_, r)| **r == root)
            .map(|(e, _)| base_units(&self.programme, e))
            .sum()
    }
}

/// An entry's value in its measure's base units (fen for yuan).
pub fn base_units(p: &Programme, e: &NewEntry) -> i64 {
    let m = p.measure(e.measure.as_str()).expect("a declared measure");
    let scaled = if m.unit().is_money() {
        e.value * Decimal::ONE_HUNDRED
    } else {
        e.value
    };
    i64::try_from(scaled.normalize().mantissa()).expect("fits")
}

fn value_of(unit: Unit, raw: i64) -> Decimal {
    if unit.is_money() {
        Decimal::new(raw, 2)
    } else {
        Decimal::from(raw)
    }
}

#[allow(clippy::too_many_arguments)] // the fields of one seed
fn original(
    p: &Programme,
    id: Code,
    project: Index,
    measure: Index,
    place: (u8, Index),
    date: u32,
    breakdown: Option<Index>,
    value: u64,
    source: Option<Index>,
) -> NewEntry {
    let project = project.get(p.projects());
    let measure = p
        .measure(measure.get(project.measures()).as_str())
        .expect("declared");
    let locals: Vec<&Area> = p
        .areas()
        .iter()
        .filter(|a| a.kind() != AreaKind::Region)
        .collect();
    let raw_date = date;
    let mut date = day(date);
    let (area, school, pairing) = match place.0 {
        0 => ((*place.1.get(&locals)).code().clone(), None, None),
        1 => {
            let s = place.1.get(p.schools());
            (s.area().clone(), Some(s.code().clone()), None)
        }
        _ => {
            let q = place.1.get(p.pairings());
            // A day the pairing is in force, and the area of its supported party.
            let span = q.end().map_or(2000, |e| (e - q.start()).num_days());
            let offset =
                u64::from(raw_date) % (u64::try_from(span).expect("end is not before start") + 1);
            date = q.start() + Days::new(offset);
            let member = &q.supported().members()[0];
            let (area, school) = match q.supported() {
                Party::Area(a) => (a.clone(), None),
                Party::Schools(_) => (
                    p.school(member.as_str()).expect("declared").area().clone(),
                    Some(member.clone()),
                ),
            };
            (area, school, Some(q.code().clone()))
        }
    };
    let unit = measure.unit();
    let raw = if unit.is_money() {
        value % 100_000_000_000
    } else {
        value % 1_000_000
    };
    let mut e = NewEntry::new(
        id,
        date,
        project.code().clone(),
        area,
        measure.code().clone(),
        value_of(unit, i64::try_from(raw).expect("small")),
    );
    e.school = school;
    e.pairing = pairing;
    e.breakdown = breakdown.and_then(|b| {
        (!measure.breakdowns().is_empty()).then(|| b.get(measure.breakdowns()).clone())
    });
    if unit.is_money() {
        e.source = source.map(|s| s.get(p.sources()).code().clone());
    }
    e
}

fn build(programme: Arc<Programme>, seeds: &[EntrySeed]) -> GenLedger {
    let p = &programme;
    let mut entries: Vec<NewEntry> = Vec::new();
    let mut roots: Vec<usize> = Vec::new();
    let mut nets: HashMap<usize, i64> = HashMap::new();
    for seed in seeds {
        let id = c(&format!("e{:05}", entries.len()));
        match seed {
            EntrySeed::Correction {
                target,
                percent,
                up,
                after,
            } if !entries.is_empty() => {
                let t = target.index(entries.len());
                let root = roots[t];
                let net = nets[&root];
                let delta = if *up {
                    i64::from(*percent)
                } else {
                    -(i128::from(net) * i128::from(*percent) / 100) as i64
                };
                let r = &entries[root];
                let unit = p.measure(r.measure.as_str()).expect("declared").unit();
                let mut e = NewEntry::new(
                    id,
                    entries[t].date + Days::new(u64::from(*after)),
                    r.project.clone(),
                    r.area.clone(),
                    r.measure.clone(),
                    value_of(unit, delta),
                );
                e.school.clone_from(&r.school);
                e.breakdown.clone_from(&r.breakdown);
                e.source.clone_from(&r.source);
                e.corrects = Some(entries[t].id.clone());
                *nets.get_mut(&root).expect("a root") += delta;
                roots.push(root);
                entries.push(e);
            }
            EntrySeed::Correction { .. } => {}
            EntrySeed::Original {
                project,
                measure,
                place,
                date,
                breakdown,
                value,
                source,
            } => {
                let e = original(
                    p, id, *project, *measure, *place, *date, *breakdown, *value, *source,
                );
                nets.insert(entries.len(), base_units(p, &e));
                roots.push(entries.len());
                entries.push(e);
            }
        }
    }
    GenLedger {
        programme,
        entries,
        roots,
    }
}

/// A valid programme with a valid ledger of 1 to `max` entries (at least the
/// first is an original).
pub fn ledger(max: usize) -> impl Strategy<Value = GenLedger> {
    programme_spec().prop_flat_map(move |spec| {
        let programme = Arc::new(Programme::new(spec).expect("a generated programme is valid"));
        (Just(programme), entry_seed(), vec(entry_seed(), 0..max)).prop_map(|(p, first, rest)| {
            let first = match first {
                o @ EntrySeed::Original { .. } => o,
                EntrySeed::Correction { target, .. } => EntrySeed::Original {
                    project: target,
                    measure: target,
                    place: (0, target),
                    date: 0,
                    breakdown: Some(target),
                    value: 100,
                    source: None,
                },
            };
            let mut seeds = vec![first];
            seeds.extend(rest);
            build(p, &seeds)
        })
    })
}

/// The entry as the eleven CSV fields, in [`eduaid::COLUMNS`] order.
pub fn csv_fields(e: &NewEntry) -> Vec<String> {
    let opt = |c: &Option<Code>| c.as_ref().map_or(String::new(), ToString::to_string);
    vec![
        e.id.to_string(),
        e.date.to_string(),
        e.project.to_string(),
        e.area.to_string(),
        opt(&e.school),
        opt(&e.pairing),
        e.measure.to_string(),
        opt(&e.breakdown),
        e.value.to_string(),
        opt(&e.source),
        opt(&e.corrects),
    ]
}
