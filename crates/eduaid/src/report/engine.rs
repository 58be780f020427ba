//! The engine: each entry's group becomes one integer (mixed radix over the
//! dimensions' cardinalities), computed a column at a time over chunks, then
//! summed into a dense array (or a hash map when the key space is large).

// Day and month offsets are taken from the ledger's own minimum, so they are
// never negative; the casts below cannot lose a sign.
#![allow(clippy::cast_sign_loss, clippy::cast_possible_wrap)]

use std::collections::BTreeMap;
use std::ops::Range;

use chrono::NaiveDate;

use super::{Acc, Aggregate, Dim, Key, Latest, Query};
use crate::fxhash::FxMap;
use crate::ledger::{NO_BREAKDOWN, NONE32, date_to_day, day_to_date};
use crate::{Code, Error, Ledger, MeasureKind, StatMonth, Unit};

/// How one dimension maps to a key component.
#[derive(Clone, Copy, Debug)]
struct Part {
    dim: Dim,
    stride: u64,
    card: u64,
}

/// Key spaces up to this many cells use a dense array.
const DENSE_LIMIT: u64 = 1 << 21;
const CHUNK: usize = 1024;
const SKIP: u64 = u64::MAX;

pub(super) struct KeyPlan {
    columns: Vec<Dim>,
    parts: Vec<Part>,
    /// Statistics month ordinal, minus `first_month`, for each day from `first_day`.
    month_of_day: Vec<u32>,
    first_day: i32,
    first_month: i32,
    first_year: i32,
    cells: u64,
    from_day: i32,
    to_day: i32,
    projects: Option<Vec<bool>>,
    areas: Option<Vec<bool>>,
    measures: Option<Vec<bool>>,
    is_stock: Vec<bool>,
    any_stock: bool,
    units: Vec<Unit>,
}

pub(super) enum Sink {
    Dense { sums: Vec<i128>, counts: Vec<u64> },
    Sparse(FxMap<u64, (i128, u64)>),
}

impl Sink {
    pub(super) fn merge(&mut self, other: Sink) {
        match (self, other) {
            (
                Sink::Dense { sums, counts },
                Sink::Dense {
                    sums: s2,
                    counts: c2,
                },
            ) => {
                for (a, b) in sums.iter_mut().zip(s2) {
                    *a += b;
                }
                for (a, b) in counts.iter_mut().zip(c2) {
                    *a += b;
                }
            }
            (Sink::Sparse(m), Sink::Sparse(m2)) => {
                for (k, (s, c)) in m2 {
                    let e = m.entry(k).or_insert((0, 0));
                    e.0 += s;
                    e.1 += c;
                }
            }
            _ => unreachable!("sinks of one plan share a kind"),
        }
    }
}

/// A filter as a membership table over interned ids, or `None` for no filter.
fn filter_table(
    codes: &[Code],
    len: usize,
    lookup: impl Fn(&str) -> Option<u32>,
    declared: bool,
    what: &'static str,
) -> Result<Option<Vec<bool>>, Error> {
    if codes.is_empty() {
        return Ok(None);
    }
    let mut t = vec![false; len];
    for c in codes {
        match lookup(c.as_str()) {
            Some(i) => t[i as usize] = true,
            None if declared => {
                return Err(Error::InvalidValue {
                    what,
                    reason: format!("{c} is not declared by the programme"),
                });
            }
            None => {} // an open list: no entry has it, so nothing matches
        }
    }
    Ok(Some(t))
}

impl KeyPlan {
    pub(super) fn new(ledger: &Ledger, q: &Query) -> Result<KeyPlan, Error> {
        use crate::programme::RegistryKind as K;
        let p = ledger.programme();
        let calendar = q.calendar.unwrap_or_else(|| p.calendar());
        let cols = &ledger.cols;
        let (mut lo, mut hi) = (i32::MAX, i32::MIN);
        for &d in &cols.date {
            lo = lo.min(d);
            hi = hi.max(d);
        }
        if lo > hi {
            lo = date_to_day(NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid"));
            hi = lo;
        }
        let first_month = calendar.month_of(day_to_date(lo)).ordinal();
        let last_month = calendar.month_of(day_to_date(hi)).ordinal();
        let month_of_day: Vec<u32> = (lo..=hi)
            .map(|d| (calendar.month_of(day_to_date(d)).ordinal() - first_month) as u32)
            .collect();
        let first_year = first_month.div_euclid(12);
        let last_year = last_month.div_euclid(12);
        let max_breakdowns = p
            .measures()
            .iter()
            .map(|m| m.breakdowns().len())
            .max()
            .unwrap_or(0);
        let columns = q.columns();
        let mut parts = Vec::with_capacity(columns.len());
        let mut cells: u64 = 1;
        // The last column varies fastest, so rows decode in sorted order of ids.
        for &dim in columns.iter().rev() {
            let card = match dim {
                Dim::Project => ledger.projects.len(),
                Dim::Area => ledger.areas.len(),
                Dim::School => ledger.schools.len() + 1,
                Dim::Pairing => ledger.pairings.len() + 1,
                Dim::Measure => ledger.measures.len(),
                Dim::Breakdown => max_breakdowns + 1,
                Dim::Source => ledger.sources.len() + 1,
                Dim::Month => (last_month - first_month + 1) as usize,
                Dim::Year => (last_year - first_year + 1) as usize,
            }
            .max(1) as u64;
            parts.push(Part {
                dim,
                stride: cells,
                card,
            });
            cells = cells.checked_mul(card).ok_or_else(|| {
                Error::Overflow("the grouping has more possible groups than 2^64".into())
            })?;
        }
        let is_stock: Vec<bool> = p
            .measures()
            .iter()
            .map(|m| m.kind() == MeasureKind::Stock)
            .collect();
        Ok(KeyPlan {
            columns,
            parts,
            month_of_day,
            first_day: lo,
            first_month,
            first_year,
            cells,
            from_day: q.from.map_or(i32::MIN, date_to_day),
            to_day: q.to.map_or(i32::MAX, date_to_day),
            projects: filter_table(
                &q.projects,
                ledger.projects.len(),
                |c| ledger.projects.get(c),
                p.lists(K::Project),
                "project filter",
            )?,
            areas: filter_table(
                &q.areas,
                ledger.areas.len(),
                |c| ledger.areas.get(c),
                p.lists(K::Area),
                "area filter",
            )?,
            measures: filter_table(
                &q.measures,
                ledger.measures.len(),
                |c| ledger.measures.get(c),
                true,
                "measure filter",
            )?,
            any_stock: is_stock.iter().any(|&s| s),
            is_stock,
            units: p.measures().iter().map(crate::Measure::unit).collect(),
        })
    }

    pub(super) fn new_sink(&self) -> Sink {
        if self.cells <= DENSE_LIMIT {
            Sink::Dense {
                sums: vec![0; self.cells as usize],
                counts: vec![0; self.cells as usize],
            }
        } else {
            Sink::Sparse(FxMap::default())
        }
    }

    /// Computes the group keys of `range`'s entries, chunk by chunk, and sums
    /// the flows into `sink`. Stock entries and filtered-out ones are skipped.
    pub(super) fn accumulate(&self, ledger: &Ledger, range: Range<usize>, sink: &mut Sink) {
        let c = &ledger.cols;
        let mut keys = [0u64; CHUNK];
        let mut start = range.start;
        while start < range.end {
            let end = (start + CHUNK).min(range.end);
            let keys = &mut keys[..end - start];
            keys.fill(0);
            for part in &self.parts {
                let s = part.stride;
                let k = keys.iter_mut();
                match part.dim {
                    Dim::Project => k
                        .zip(&c.project[start..end])
                        .for_each(|(k, &v)| *k += u64::from(v) * s),
                    Dim::Area => k
                        .zip(&c.area[start..end])
                        .for_each(|(k, &v)| *k += u64::from(v) * s),
                    Dim::Measure => k
                        .zip(&c.measure[start..end])
                        .for_each(|(k, &v)| *k += u64::from(v) * s),
                    Dim::School => k
                        .zip(&c.school[start..end])
                        .for_each(|(k, &v)| *k += u64::from(v.wrapping_add(1)) * s),
                    Dim::Pairing => k
                        .zip(&c.pairing[start..end])
                        .for_each(|(k, &v)| *k += u64::from(v.wrapping_add(1)) * s),
                    Dim::Breakdown => k
                        .zip(&c.breakdown[start..end])
                        .for_each(|(k, &v)| *k += u64::from(v.wrapping_add(1)) * s),
                    Dim::Source => k
                        .zip(&c.source[start..end])
                        .for_each(|(k, &v)| *k += u64::from(v.wrapping_add(1)) * s),
                    Dim::Month => {
                        let t = &self.month_of_day;
                        let lo = self.first_day;
                        k.zip(&c.date[start..end])
                            .for_each(|(k, &d)| *k += u64::from(t[(d - lo) as usize]) * s);
                    }
                    Dim::Year => {
                        let t = &self.month_of_day;
                        let lo = self.first_day;
                        let off = (self.first_month - self.first_year * 12) as u32;
                        k.zip(&c.date[start..end]).for_each(|(k, &d)| {
                            *k += u64::from((t[(d - lo) as usize] + off) / 12) * s;
                        });
                    }
                }
            }
            self.apply_filters(ledger, start, keys);
            match sink {
                Sink::Dense { sums, counts } => {
                    for (&k, &v) in keys.iter().zip(&c.value[start..end]) {
                        if k != SKIP {
                            sums[k as usize] += i128::from(v);
                            counts[k as usize] += 1;
                        }
                    }
                }
                Sink::Sparse(map) => {
                    for (&k, &v) in keys.iter().zip(&c.value[start..end]) {
                        if k != SKIP {
                            let e = map.entry(k).or_insert((0, 0));
                            e.0 += i128::from(v);
                            e.1 += 1;
                        }
                    }
                }
            }
            start = end;
        }
    }

    /// Marks filtered-out and stock entries with `SKIP`.
    fn apply_filters(&self, ledger: &Ledger, start: usize, keys: &mut [u64]) {
        let c = &ledger.cols;
        let end = start + keys.len();
        if self.from_day != i32::MIN || self.to_day != i32::MAX {
            for (k, &d) in keys.iter_mut().zip(&c.date[start..end]) {
                if d < self.from_day || d > self.to_day {
                    *k = SKIP;
                }
            }
        }
        if let Some(t) = &self.projects {
            for (k, &v) in keys.iter_mut().zip(&c.project[start..end]) {
                if !t[v as usize] {
                    *k = SKIP;
                }
            }
        }
        if let Some(t) = &self.areas {
            for (k, &v) in keys.iter_mut().zip(&c.area[start..end]) {
                if !t[v as usize] {
                    *k = SKIP;
                }
            }
        }
        if let Some(t) = &self.measures {
            for (k, &v) in keys.iter_mut().zip(&c.measure[start..end]) {
                if !t[v as usize] {
                    *k = SKIP;
                }
            }
        }
        if self.any_stock {
            for (k, &v) in keys.iter_mut().zip(&c.measure[start..end]) {
                if self.is_stock[v as usize] {
                    *k = SKIP;
                }
            }
        }
    }

    /// The key values of one packed key.
    fn keys_of(&self, ledger: &Ledger, key: u64) -> Vec<Key> {
        let mut comps = vec![0u64; self.columns.len()];
        let n = self.columns.len();
        for (i, part) in self.parts.iter().enumerate() {
            comps[n - 1 - i] = (key / part.stride) % part.card;
        }
        let measure = self
            .columns
            .iter()
            .position(|d| *d == Dim::Measure)
            .map(|i| comps[i] as usize)
            .expect("measure is always a column");
        self.columns
            .iter()
            .zip(&comps)
            .map(|(d, &v)| self.key_value(ledger, *d, v, measure))
            .collect()
    }

    fn key_value(&self, ledger: &Ledger, dim: Dim, v: u64, measure: usize) -> Key {
        let opt =
            |v: u64, f: &dyn Fn(u32) -> Key| if v == 0 { Key::None } else { f((v - 1) as u32) };
        match dim {
            Dim::Project => Key::Code(ledger.projects.code(v as u32).clone()),
            Dim::Area => Key::Code(ledger.areas.code(v as u32).clone()),
            Dim::Measure => Key::Code(ledger.measures.code(v as u32).clone()),
            Dim::School => opt(v, &|i| Key::Code(ledger.schools.code(i).clone())),
            Dim::Pairing => opt(v, &|i| Key::Code(ledger.pairings.code(i).clone())),
            Dim::Source => opt(v, &|i| Key::Code(ledger.sources.code(i).clone())),
            Dim::Breakdown => opt(v, &|i| {
                Key::Code(ledger.programme().measures()[measure].breakdowns()[i as usize].clone())
            }),
            Dim::Month => Key::Month(StatMonth::from_ordinal(self.first_month + v as i32)),
            Dim::Year => Key::Year(self.first_year + v as i32),
        }
    }

    fn measure_of_key(&self, key: u64) -> usize {
        let part = self
            .parts
            .iter()
            .find(|p| p.dim == Dim::Measure)
            .expect("measure is always a column");
        ((key / part.stride) % part.card) as usize
    }

    /// Turns the packed sums into an aggregate keyed by codes.
    pub(super) fn decode(&self, ledger: &Ledger, sink: &Sink) -> Aggregate {
        let mut flows = BTreeMap::new();
        let mut put = |key: u64, sum: i128, entries: u64| {
            let unit = self.units[self.measure_of_key(key)];
            flows.insert(self.keys_of(ledger, key), Acc { sum, entries, unit });
        };
        match sink {
            Sink::Dense { sums, counts } => {
                for (k, (&s, &c)) in sums.iter().zip(counts).enumerate() {
                    if c > 0 {
                        put(k as u64, s, c);
                    }
                }
            }
            Sink::Sparse(map) => {
                for (&k, &(s, c)) in map {
                    put(k, s, c);
                }
            }
        }
        Aggregate {
            columns: self.columns.clone(),
            flows,
            stocks: BTreeMap::new(),
        }
    }

    /// Adds the stock entries of `range` to `agg`: each series' latest
    /// snapshot per group, a snapshot being an original entry plus the
    /// corrections made to it.
    pub(super) fn stocks(&self, ledger: &Ledger, range: Range<usize>, agg: &mut Aggregate) {
        if !self.any_stock {
            return;
        }
        let c = &ledger.cols;
        let mut adjust: FxMap<u32, i64> = FxMap::default();
        for &(e, t) in &ledger.corrections {
            let mut root = t;
            while let Some(r) = ledger.corrected_by(root as usize) {
                root = r as u32;
            }
            *adjust.entry(root).or_insert(0) += c.value[e as usize];
        }
        let mut keys = [0u64; 1];
        for i in range {
            let m = c.measure[i] as usize;
            if !self.is_stock[m] || ledger.corrected_by(i).is_some() {
                continue;
            }
            keys[0] = 0;
            for part in &self.parts {
                let v = match part.dim {
                    Dim::Project => u64::from(c.project[i]),
                    Dim::Area => u64::from(c.area[i]),
                    Dim::Measure => u64::from(c.measure[i]),
                    Dim::School => u64::from(c.school[i].wrapping_add(1)),
                    Dim::Pairing => u64::from(c.pairing[i].wrapping_add(1)),
                    Dim::Breakdown => u64::from(c.breakdown[i].wrapping_add(1)),
                    Dim::Source => u64::from(c.source[i].wrapping_add(1)),
                    Dim::Month => {
                        u64::from(self.month_of_day[(c.date[i] - self.first_day) as usize])
                    }
                    Dim::Year => {
                        let off = (self.first_month - self.first_year * 12) as u32;
                        u64::from(
                            (self.month_of_day[(c.date[i] - self.first_day) as usize] + off) / 12,
                        )
                    }
                };
                keys[0] += v * part.stride;
            }
            self.apply_filters_stock(ledger, i, &mut keys);
            if keys[0] == SKIP {
                continue;
            }
            let group = self.keys_of(ledger, keys[0]);
            let series = vec![
                Key::Code(ledger.projects.code(u32::from(c.project[i])).clone()),
                Key::Code(ledger.areas.code(u32::from(c.area[i])).clone()),
                self.key_value(
                    ledger,
                    Dim::School,
                    u64::from(c.school[i].wrapping_add(1)),
                    m,
                ),
                self.key_value(
                    ledger,
                    Dim::Pairing,
                    u64::from(c.pairing[i].wrapping_add(1)),
                    m,
                ),
                self.key_value(
                    ledger,
                    Dim::Breakdown,
                    u64::from(c.breakdown[i].wrapping_add(1)),
                    m,
                ),
                self.key_value(
                    ledger,
                    Dim::Source,
                    u64::from(c.source[i].wrapping_add(1)),
                    m,
                ),
            ];
            let value = c.value[i] + adjust.get(&(i as u32)).copied().unwrap_or(0);
            let snap = Latest {
                day: c.date[i],
                value,
                entries: 1,
            };
            agg.stocks
                .entry((group, series))
                .and_modify(|(b, _)| {
                    let entries = b.entries + 1;
                    if snap.day >= b.day {
                        *b = snap;
                    }
                    b.entries = entries;
                })
                .or_insert((snap, self.units[m]));
        }
    }

    fn apply_filters_stock(&self, ledger: &Ledger, i: usize, key: &mut [u64; 1]) {
        let c = &ledger.cols;
        let d = c.date[i];
        let out = d < self.from_day
            || d > self.to_day
            || self
                .projects
                .as_ref()
                .is_some_and(|t| !t[c.project[i] as usize])
            || self.areas.as_ref().is_some_and(|t| !t[c.area[i] as usize])
            || self
                .measures
                .as_ref()
                .is_some_and(|t| !t[c.measure[i] as usize]);
        if out {
            key[0] = SKIP;
        }
    }
}

const _: () = {
    // A breakdown index of NO_BREAKDOWN maps to component 0 by wrapping_add(1).
    assert!(NO_BREAKDOWN.wrapping_add(1) == 0);
    assert!(NONE32.wrapping_add(1) == 0);
};
