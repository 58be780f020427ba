//! The stream of ledger rows: tables derived once from the programme, then
//! one row at a time, with corrections of recent rows.

use crate::Subject;
use std::collections::HashMap;

use chrono::{Days, NaiveDate};

use super::GenerateOptions;
use super::profile::{Profile, Role};
use super::registry::{add_days, poverty_weight};
use super::rng::{SplitMix64, Weighted};
use crate::{
    AreaKind, Code, Error, Party, PovertyStatus, Programme, Side, Stage, StatCalendar, StatMonth,
};

#[derive(Clone, Debug)]
pub(super) struct ProjectPlan {
    pub(super) index: usize,
    pub(super) position: usize,
    pub(super) code: String,
    pub(super) role: Role,
    pub(super) measures: Vec<usize>,
    pub(super) pick: Weighted,
    /// The programme's measures the project does not declare.
    pub(super) undeclared: Vec<usize>,
    /// Large payments (building and equipping schools).
    pub(super) big_funds: bool,
    /// Mostly paid by social capital (nutritious meals).
    pub(super) social: bool,
}

#[derive(Clone, Debug)]
pub(super) struct MeasurePlan {
    pub(super) money: bool,
    /// Value range (base units) per breakdown, or one when there is none.
    pub(super) ranges: Vec<(i64, i64)>,
    pub(super) pick: Option<Weighted>,
    /// For `funds`: the targeted breakdowns, and the deep-poverty one.
    pub(super) targeted: Vec<usize>,
    pub(super) deep: Option<usize>,
    pub(super) general: Option<usize>,
}

impl MeasurePlan {
    /// The mean value in base units (times 1, rounded down).
    pub(super) fn mean(&self, big: bool) -> u128 {
        let factor = if big && self.money { 10 } else { 1 };
        let (sum, weight) =
            self.ranges
                .iter()
                .enumerate()
                .fold((0u128, 0u128), |(s, w), (i, &(lo, hi))| {
                    let p = self.pick.as_ref().map_or((1, 1), |pk| pk.probability(i)).0;
                    (
                        s + u128::from((lo + hi).unsigned_abs() / 2) * u128::from(p),
                        w + u128::from(p),
                    )
                });
        sum * factor / weight.max(1)
    }
}

/// Everything the stream looks up, derived once from the programme.
pub(super) struct Tables<'p> {
    pub(super) p: &'p Programme,
    pub(super) calendar: StatCalendar,
    pub(super) first_month: i32,
    pub(super) months: u64,
    pub(super) start_year: i32,
    pub(super) last_day: NaiveDate,
    pub(super) projects: Vec<ProjectPlan>,
    pub(super) project_pick: Weighted,
    pub(super) areas: Vec<usize>,
    pub(super) area_pick: Weighted,
    pub(super) deep: Vec<bool>,
    pub(super) schools_in: Vec<Vec<usize>>,
    pub(super) vocational_in: Vec<Vec<usize>>,
    pub(super) school_area: Vec<usize>,
    /// Pairings each school is a supported member of.
    pub(super) pairings_of: Vec<Vec<usize>>,
    /// District-county pairings of each area.
    pub(super) district_of: Vec<Vec<usize>>,
    /// School pairings with their supported member schools.
    pub(super) school_pairings: Vec<(usize, Vec<usize>)>,
    pub(super) measures: Vec<MeasurePlan>,
    pub(super) source_pick: Weighted,
    pub(super) social: Option<usize>,
    /// Targeted share of funds (per mille) of each statistics year.
    pub(super) targeted: Vec<u32>,
    /// Entries per thousand under a measure their project does not declare.
    pub(super) undeclared: u32,
}

impl<'p> Tables<'p> {
    pub(super) fn new(p: &'p Programme, opts: &GenerateOptions) -> Result<Tables<'p>, Error> {
        opts.check()?;
        let area_index = |c: &Code| p.areas().iter().position(|a| a.code() == c);
        let areas: Vec<usize> = (0..p.areas().len())
            .filter(|&i| {
                let a = &p.areas()[i];
                a.side() == Side::Supported && a.kind() != AreaKind::Region
            })
            .collect();
        if areas.is_empty() {
            return Err(Error::invalid(
                Subject::Programme,
                format!(
                    "{} lists no supported district or county to generate entries for",
                    p.code()
                ),
            ));
        }
        let area_pick = Weighted::new(
            areas
                .iter()
                .map(|&i| poverty_weight(p.areas()[i].poverty())),
        );
        let deep = p
            .areas()
            .iter()
            .map(|a| a.poverty() == PovertyStatus::DeeplyPoor)
            .collect();
        let mut schools_in = vec![Vec::new(); p.areas().len()];
        let mut vocational_in = vec![Vec::new(); p.areas().len()];
        let mut school_area = Vec::with_capacity(p.schools().len());
        for (i, s) in p.schools().iter().enumerate() {
            let a = area_index(s.area()).unwrap_or(usize::MAX);
            school_area.push(a);
            if a != usize::MAX {
                schools_in[a].push(i);
                if s.stages().contains(Stage::Vocational) {
                    vocational_in[a].push(i);
                }
            }
        }
        let by_code: HashMap<&str, usize> = p
            .schools()
            .iter()
            .enumerate()
            .map(|(i, s)| (s.code().as_str(), i))
            .collect();
        let school_index = |c: &Code| by_code.get(c.as_str()).copied();
        let mut pairings_of = vec![Vec::new(); p.schools().len()];
        let mut district_of = vec![Vec::new(); p.areas().len()];
        let mut school_pairings = Vec::new();
        for (k, pr) in p.pairings().iter().enumerate() {
            match pr.supported() {
                Party::Area(a) => {
                    if let Some(a) = area_index(a) {
                        district_of[a].push(k);
                    }
                }
                Party::Schools(list) => {
                    let members: Vec<usize> = list
                        .iter()
                        .filter_map(school_index)
                        .filter(|&s| school_area[s] != usize::MAX)
                        .collect();
                    for &s in &members {
                        pairings_of[s].push(k);
                    }
                    if !members.is_empty() {
                        school_pairings.push((k, members));
                    }
                }
            }
        }
        let profile = Profile::canonical();
        let targeted_codes = &crate::measure::canonical_targeting().targeted;
        let mut measures = Vec::with_capacity(p.measures().len());
        for m in p.measures() {
            let b = m.breakdowns();
            let pos = |c: &str| b.iter().position(|x| x.as_str() == c);
            let targeted = targeted_codes
                .iter()
                .filter_map(|c| pos(c.as_str()))
                .collect();
            measures.push(MeasurePlan {
                money: m.unit().is_money(),
                ranges: if b.is_empty() {
                    vec![profile.value_range(m.code().as_str(), None)]
                } else {
                    b.iter()
                        .map(|x| profile.value_range(m.code().as_str(), Some(x.as_str())))
                        .collect()
                },
                pick: (!b.is_empty())
                    .then(|| Weighted::new(b.iter().map(|x| profile.breakdown_weight(x.as_str())))),
                targeted,
                deep: pos(&profile.deep_poverty_breakdown),
                general: pos(&profile.general_breakdown),
            });
        }
        let mut projects = Vec::new();
        for (index, pr) in p.projects().iter().enumerate() {
            let ms: Vec<usize> = if pr.measures().is_empty() {
                (0..p.measures().len()).collect()
            } else {
                pr.measures()
                    .iter()
                    .filter_map(|c| p.measures().iter().position(|m| m.code() == c))
                    .collect()
            };
            if ms.is_empty() {
                continue;
            }
            let shape = profile.project(pr.code().as_str());
            projects.push(ProjectPlan {
                index,
                position: projects.len(),
                code: pr.code().to_string(),
                role: shape.role,
                // Money is a third of a project's entries, the rest shared.
                pick: Weighted::new(ms.iter().map(|&m| {
                    if measures[m].money && ms.len() > 1 {
                        (ms.len() as u64 - 1) * 5
                    } else {
                        10
                    }
                })),
                undeclared: (0..p.measures().len())
                    .filter(|m| !ms.contains(m))
                    .collect(),
                measures: ms,
                big_funds: shape.big_funds,
                social: shape.social_capital,
            });
        }
        let project_pick =
            Weighted::new(projects.iter().map(|pp| profile.project(&pp.code).weight));
        let source_pick = Weighted::new(
            p.sources()
                .iter()
                .map(|s| profile.source_weight(s.code().as_str())),
        );
        let social = p
            .sources()
            .iter()
            .position(|s| s.code().as_str() == profile.social_capital_source);
        // The targeting rule holds most years: one year (chosen by the seed)
        // falls short when there are two or more.
        let failing = (opts.years > 1).then(|| opts.seed % u64::from(opts.years));
        let targeted = (0..u64::from(opts.years))
            .map(|y| if Some(y) == failing { 700 } else { 880 })
            .collect();
        let calendar = p.calendar();
        let first_month = StatMonth::new(opts.start_year, 1)?.ordinal();
        let months = u64::from(opts.years) * 12;
        let last_day = calendar
            .range(StatMonth::from_ordinal(first_month + months as i32 - 1))
            .1;
        Ok(Tables {
            p,
            calendar,
            first_month,
            months,
            start_year: opts.start_year,
            last_day,
            project_pick,
            projects,
            areas,
            area_pick,
            deep,
            schools_in,
            vocational_in,
            school_area,
            pairings_of,
            district_of,
            school_pairings,
            measures,
            source_pick,
            social,
            targeted,
            undeclared: opts.undeclared_per_mille,
        })
    }

    pub(super) fn in_force(&self, pairing: usize, date: NaiveDate) -> bool {
        self.p.pairings()[pairing].in_force(date)
    }

    /// A pairing from `list` in force on `date`, starting at a random one.
    pub(super) fn in_force_of(
        &self,
        list: &[usize],
        date: NaiveDate,
        rng: &mut SplitMix64,
    ) -> Option<usize> {
        if list.is_empty() {
            return None;
        }
        let start = rng.index(list.len());
        (0..list.len())
            .map(|k| list[(start + k) % list.len()])
            .find(|&pr| self.in_force(pr, date))
    }
}

/// One generated row, as indices into the programme's lists.
#[derive(Clone, Copy, Debug)]
pub(super) struct Row {
    pub(super) id: u64,
    pub(super) date: NaiveDate,
    pub(super) project: usize,
    pub(super) area: usize,
    pub(super) school: Option<usize>,
    pub(super) pairing: Option<usize>,
    pub(super) measure: usize,
    pub(super) breakdown: Option<usize>,
    /// Base units: fen for money.
    pub(super) value: i64,
    pub(super) source: Option<usize>,
    pub(super) corrects: Option<u64>,
}

/// Recent originals kept for corrections.
pub(super) const RECENT: usize = 4096;

/// The stream of rows.
pub(super) struct Stream<'p> {
    pub(super) t: Tables<'p>,
    pub(super) rng: SplitMix64,
    pub(super) next_id: u64,
    pub(super) left: u64,
    pub(super) corrections: u32,
    pub(super) reversals: u32,
    /// Whether rows will be sorted by date: the corrections of an entry are
    /// then dated in the order they are generated, so that each still keeps
    /// its net value at or above zero when read in date order.
    pub(super) date_order: bool,
    /// Recent originals and their net value after corrections so far.
    pub(super) recent: Vec<(Row, i64)>,
}

impl<'p> Stream<'p> {
    pub(super) fn new(p: &'p Programme, opts: &GenerateOptions) -> Result<Stream<'p>, Error> {
        Ok(Stream {
            t: Tables::new(p, opts)?,
            rng: SplitMix64::new(opts.seed ^ 0x1ED6_E500_0000_0001),
            next_id: 1,
            left: opts.entries,
            corrections: opts.corrections_per_mille,
            reversals: opts.reversals_per_mille,
            date_order: opts.ids == super::IdStyle::DateSorted,
            recent: Vec::with_capacity(RECENT.min(usize::try_from(opts.entries).unwrap_or(RECENT))),
        })
    }

    pub(super) fn original(&mut self, id: u64) -> Row {
        let rng = &mut self.rng;
        let t = &self.t;
        let date = {
            let month = t.first_month + rng.below(t.months) as i32;
            let (lo, hi) = t.calendar.range(StatMonth::from_ordinal(month));
            let span = (hi - lo).num_days().unsigned_abs();
            if rng.per_mille(550) {
                // Clustered on the two days either side of the cutoff.
                match rng.below(4) {
                    0 => lo,
                    1 => add_days(lo, 1.min(span)),
                    2 => hi - Days::new(1.min(span)),
                    _ => hi,
                }
            } else {
                add_days(lo, rng.below(span + 1))
            }
        };
        let pp = &t.projects[t.project_pick.sample(rng)];
        // No draw unless asked for: the default options keep their bytes.
        let measure =
            if t.undeclared > 0 && !pp.undeclared.is_empty() && rng.per_mille(t.undeclared) {
                pp.undeclared[rng.index(pp.undeclared.len())]
            } else {
                pp.measures[pp.pick.sample(rng)]
            };
        let mut area = t.areas[t.area_pick.sample(rng)];
        let mut school = None;
        let mut pairing = None;
        let pick = |list: &[usize], rng: &mut SplitMix64| {
            (!list.is_empty()).then(|| list[rng.index(list.len())])
        };
        match pp.role {
            Role::SchoolPairing if !t.school_pairings.is_empty() => {
                let (k, members) = &t.school_pairings[rng.index(t.school_pairings.len())];
                let s = members[rng.index(members.len())];
                area = t.school_area[s];
                school = Some(s);
                pairing = t.in_force(*k, date).then_some(*k);
            }
            Role::School | Role::SchoolPairing => {
                if rng.per_mille(800) {
                    school = pick(&t.schools_in[area], rng);
                    if let Some(s) = school.filter(|_| rng.per_mille(400)) {
                        pairing = t.in_force_of(&t.pairings_of[s], date, rng);
                    }
                }
            }
            Role::Vocational => {
                if rng.per_mille(700) {
                    school = pick(&t.vocational_in[area], rng);
                }
            }
            Role::DistrictPairing => pairing = t.in_force_of(&t.district_of[area], date, rng),
            Role::Training => {
                if rng.per_mille(300) {
                    pairing = t.in_force_of(&t.district_of[area], date, rng);
                }
            }
            Role::Area => {}
        }
        let mp = &t.measures[measure];
        let breakdown = if mp.targeted.is_empty() || mp.general.is_none() {
            mp.pick.as_ref().map(|w| w.sample(rng))
        } else {
            let year = usize::try_from(t.calendar.year_of(date) - t.start_year).unwrap_or(0);
            let share = t.targeted.get(year).copied().unwrap_or(880);
            if rng.per_mille(share) {
                let choices: Vec<usize> = mp
                    .targeted
                    .iter()
                    .copied()
                    .filter(|&b| Some(b) != mp.deep || t.deep[area])
                    .collect();
                Some(choices[rng.index(choices.len())])
            } else {
                mp.general
            }
        };
        let (lo, hi) = mp.ranges[breakdown.unwrap_or(0).min(mp.ranges.len() - 1)];
        let mut value = rng.between(lo, hi);
        if mp.money {
            if pp.big_funds {
                value *= 10;
            }
            // Half in whole yuan, a fifth in jiao, the rest to the fen.
            value -= match rng.below(10) {
                0..=4 => value % 100,
                5 | 6 => value % 10,
                _ => 0,
            };
        }
        let source = if mp.money && t.source_pick.total() > 0 {
            match t.social {
                Some(s) if pp.social && rng.per_mille(700) => Some(s),
                _ => Some(t.source_pick.sample(rng)),
            }
        } else {
            None
        };
        Row {
            id,
            date,
            project: pp.index,
            area,
            school,
            pairing,
            measure,
            breakdown,
            value,
            source,
            corrects: None,
        }
    }

    pub(super) fn correction(&mut self, id: u64) -> Row {
        let k = self.rng.index(self.recent.len());
        self.correcting(k, id, |rng, net| {
            if net > 0 && rng.per_mille(600) {
                -(1 + rng.below_i64(net))
            } else {
                1 + rng.below_i64((net / 10).max(1))
            }
        })
    }

    /// A reversal: the negative of a recent entry's whole net value (the
    /// first with one above zero from a random place; a small positive
    /// correction when every recent net value is zero).
    pub(super) fn reversal(&mut self, id: u64) -> Row {
        let n = self.recent.len();
        let start = self.rng.index(n);
        match (0..n)
            .map(|i| (start + i) % n)
            .find(|&k| self.recent[k].1 > 0)
        {
            Some(k) => self.correcting(k, id, |_, net| -net),
            None => self.correcting(start, id, |_, _| 1),
        }
    }

    /// A row correcting recent entry `k`, dated on or up to 15 days after
    /// it, by `value` of the entry's net value so far (drawn after the date).
    fn correcting(
        &mut self,
        k: usize,
        id: u64,
        value: impl FnOnce(&mut SplitMix64, i64) -> i64,
    ) -> Row {
        let (orig, net) = self.recent[k];
        let date = add_days(orig.date, self.rng.below(16))
            .min(self.t.last_day)
            .max(orig.date);
        let value = value(&mut self.rng, net);
        self.recent[k].1 = net + value;
        if self.date_order {
            // The next correction of the entry is dated on or after this one.
            self.recent[k].0.date = date;
        }
        Row {
            id,
            date,
            pairing: orig.pairing.filter(|&p| self.t.in_force(p, date)),
            value,
            corrects: Some(orig.id),
            ..orig
        }
    }
}

impl Iterator for Stream<'_> {
    type Item = Row;

    fn next(&mut self) -> Option<Row> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let id = self.next_id;
        self.next_id += 1;
        if self.reversals > 0 && !self.recent.is_empty() && self.rng.per_mille(self.reversals) {
            return Some(self.reversal(id));
        }
        if !self.recent.is_empty() && self.rng.per_mille(self.corrections) {
            return Some(self.correction(id));
        }
        let row = self.original(id);
        if self.recent.len() < RECENT {
            self.recent.push((row, row.value));
        } else {
            let k = self.rng.index(RECENT);
            self.recent[k] = (row, row.value);
        }
        Some(row)
    }
}
