//! Each target's actual month by month, taken entry by entry as a ledger
//! is read: a sum for each target and statistics month of its year (only
//! the cells a target's series needs), and for a stock measure the latest
//! original of each series in each month. Memory grows with the plan's
//! targets and the stock series they take, not with the programme's codes
//! nor the entries.
//!
//! The actual of a target at a month's cutoff is the report's: of a flow,
//! the sum of its entries dated from the first day of its statistics year
//! to the cutoff; of a stock, for each series, the latest original dated
//! in that time ([`replaces`]) plus every correction made to it, wherever
//! it lies.

use chrono::NaiveDate;

use crate::fxhash::FxMap;
use crate::ledger::{EntrySink, Vals, date_to_day, pair_index};
use crate::programme::RegistryKind;
use crate::report::{replaces, stock_series};
use crate::{Code, Error, MeasureKind, Programme, StatMonth, Target};

/// A target as its entries are told apart: its position in the plan, its
/// statistics year (a position among the plan's years), and its area and
/// breakdown ids when it names them.
#[derive(Clone, Copy, Debug)]
struct Matcher {
    target: u32,
    year: usize,
    area: Option<u16>,
    breakdown: Option<u8>,
}

impl Matcher {
    fn takes(&self, year: usize, e: &Vals) -> bool {
        self.year == year
            && self.area.is_none_or(|a| a == e.area)
            && self.breakdown.is_none_or(|b| b == e.breakdown)
    }
}

/// The latest original of a stock series in one month so far.
#[derive(Clone, Copy, Debug)]
struct Snapshot {
    day: i32,
    entry: u32,
    value: i64,
}

/// Gathers each target's actual month by month (see the module docs).
#[derive(Debug)]
pub(crate) struct MonthlyActuals {
    /// The statistics months of the plan's years, in order: their first
    /// and last days, twelve a year.
    months: Vec<(i32, i32)>,
    /// The last day counted.
    to: i32,
    /// Measure ids, the radix of a pair index.
    measures: usize,
    /// The targets an entry of each (project, measure) pair may count
    /// towards, at its pair index.
    pairs: Vec<Vec<Matcher>>,
    is_stock: Vec<bool>,
    /// Each target's flows added in each month of its year.
    flows: Vec<[i128; 12]>,
    /// The latest original of each stock series of a target in a month of
    /// its year.
    latest: FxMap<(u32, u8, u128), Snapshot>,
    /// Corrections of stock originals, by the original at their root.
    corrections: FxMap<u32, i64>,
}

/// Each statistics month of the plan's years, in order: its year, first
/// day and cutoff.
pub(super) fn plan_months(
    programme: &Programme,
) -> Result<Vec<(i32, NaiveDate, NaiveDate)>, Error> {
    let cal = programme.calendar();
    let mut years: Vec<i32> = programme
        .plan()
        .targets()
        .iter()
        .map(Target::year)
        .collect();
    years.sort_unstable();
    years.dedup();
    let mut months = Vec::with_capacity(12 * years.len());
    for y in years {
        for m in 1..=12 {
            let (first, last) = cal.range(StatMonth::new(y, m)?);
            months.push((y, first, last));
        }
    }
    Ok(months)
}

impl MonthlyActuals {
    /// The actuals of `programme`'s targets in the entries dated up to
    /// `to` (all without it). `id_of` gives a code's id, or `None` when no
    /// entry can have it.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidDate`] for a target's year beyond the calendar.
    pub(crate) fn new(
        programme: &Programme,
        to: Option<NaiveDate>,
        mut id_of: impl FnMut(RegistryKind, &Code) -> Option<u32>,
    ) -> Result<MonthlyActuals, Error> {
        let months = plan_months(programme)?;
        let measures = programme.measures().len();
        let mut pairs = vec![Vec::new(); programme.projects().len() * measures];
        let targets = programme.plan().targets();
        for (i, t) in targets.iter().enumerate() {
            let year = months
                .iter()
                .position(|m| m.0 == t.year())
                .expect("a plan year")
                / 12;
            let mut id = |kind, c: &Code| id_of(kind, c).map(|id| id as usize);
            let (Some(project), Some(measure)) = (
                id(RegistryKind::Project, t.project()),
                id(RegistryKind::Measure, t.measure()),
            ) else {
                continue;
            };
            // A code no entry can have: the target takes nothing.
            let area = t.area().map(|a| id(RegistryKind::Area, a));
            let breakdown = t
                .breakdown()
                .map(|b| (programme.measures()[measure].breakdowns().iter()).position(|x| x == b));
            if area == Some(None) || breakdown == Some(None) {
                continue;
            }
            pairs[pair_index(project, measure, measures)].push(Matcher {
                target: i as u32,
                year,
                area: area.flatten().map(|a| a as u16),
                breakdown: breakdown.flatten().map(|b| b as u8),
            });
        }
        Ok(MonthlyActuals {
            months: (months.iter())
                .map(|&(_, first, last)| (date_to_day(first), date_to_day(last)))
                .collect(),
            to: to.map_or(i32::MAX, date_to_day),
            measures,
            pairs,
            is_stock: (programme.measures().iter())
                .map(|m| m.kind() == MeasureKind::Stock)
                .collect(),
            flows: vec![[0; 12]; targets.len()],
            latest: FxMap::default(),
            corrections: FxMap::default(),
        })
    }

    /// Each target's actual at the cutoff of each month of its year, in
    /// plan order.
    pub(crate) fn finish(self) -> Vec<[i128; 12]> {
        let mut added = self.flows;
        // A stock series holds from each month of an original on the
        // latest one up to it: its change is added in that month.
        let mut latest: Vec<_> = self.latest.into_iter().collect();
        latest.sort_unstable_by_key(|&((target, month, series), _)| (target, series, month));
        let mut held: Option<(u32, u128, i128)> = None;
        for ((target, month, series), snap) in latest {
            let fixes = self.corrections.get(&snap.entry).copied().unwrap_or(0);
            let value = i128::from(snap.value) + i128::from(fixes);
            let before = match held {
                Some((t, s, v)) if (t, s) == (target, series) => v,
                _ => 0,
            };
            added[target as usize][usize::from(month)] += value - before;
            held = Some((target, series, value));
        }
        for months in &mut added {
            for m in 1..12 {
                months[m] += months[m - 1];
            }
        }
        added
    }
}

impl EntrySink for MonthlyActuals {
    fn accept(&mut self, index: u32, e: &Vals, root: Option<u32>, _print: Option<u128>) {
        let stock = self.is_stock[usize::from(e.measure)];
        if let (true, Some(root)) = (stock, root) {
            // A correction of a snapshot, wherever it lies.
            *self.corrections.entry(root).or_insert(0) += e.value;
            return;
        }
        let pair = pair_index(
            usize::from(e.project),
            usize::from(e.measure),
            self.measures,
        );
        let Some(targets) = self.pairs.get(pair).filter(|t| !t.is_empty()) else {
            return;
        };
        if e.day > self.to {
            return;
        }
        let k = self.months.partition_point(|&(_, last)| last < e.day);
        if self.months.get(k).is_none_or(|&(first, _)| first > e.day) {
            return;
        }
        let (year, month) = (k / 12, k % 12);
        for m in targets.iter().filter(|m| m.takes(year, e)) {
            if !stock {
                self.flows[m.target as usize][month] += i128::from(e.value);
                continue;
            }
            let offered = Snapshot {
                day: e.day,
                entry: index,
                value: e.value,
            };
            self.latest
                .entry((m.target, month as u8, stock_series(e).1))
                .and_modify(|s| {
                    if replaces(s.day, e.day) {
                        *s = offered;
                    }
                })
                .or_insert(offered);
        }
    }
}
