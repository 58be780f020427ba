//! The provenance of the summary's totals of entries: the [`EntryDigest`]
//! of the entries behind each (project, measure, breakdown value) and
//! behind each funding source of money, gathered entry by entry as a
//! ledger is read (or replayed: [`Ledger::replay`](crate::Ledger)), so
//! that memory grows with the groups and the stock series, not with the
//! entries.
//!
//! Which entries a total is computed from is the report's rule: every
//! entry of a flow dated up to the date; of a stock, the latest original of
//! each series dated up to the date ([`replaces`], [`stock_series`]) and the
//! corrections of it dated up to the date.

use std::collections::{BTreeMap, HashMap};

use crate::fxhash::FxMap;
use crate::ledger::{Codes, EntrySink, NO_BREAKDOWN, Vals};
use crate::programme::RegistryKind;
use crate::report::{replaces, stock_series};
use crate::{EntryDigest, MeasureKind, Programme};

/// A group's ids: project, measure, breakdown (an index into the
/// measure's, [`NO_BREAKDOWN`] for none).
type Ids = (u16, u16, u8);

/// What an entry counts towards: its group, and its source when it is
/// money (`None`: not money; `Some(u16::MAX)`: money without a source).
#[derive(Clone, Copy, Debug)]
struct Place {
    group: Ids,
    money: Option<u16>,
}

/// The latest original of a stock series so far.
#[derive(Clone, Copy, Debug)]
struct Latest {
    day: i32,
    index: u32,
    place: Place,
    print: u128,
}

/// Gathers the digests (see the module docs).
#[derive(Debug)]
pub(crate) struct Digests {
    /// The last day counted.
    to: i32,
    is_stock: Vec<bool>,
    is_money: Vec<bool>,
    groups: FxMap<Ids, EntryDigest>,
    /// Money by source id (`u16::MAX`: none).
    sources: FxMap<u16, EntryDigest>,
    latest: FxMap<(u16, u128), Latest>,
    /// Corrections of stock originals, by the original at their root.
    fixes: FxMap<u32, Vec<(Place, u128)>>,
    /// Entries that came without their fingerprint (none from a read or a
    /// replay that was asked for them).
    unprinted: u64,
}

/// The digests by group and by source, codes as texts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Provenances {
    /// By (project, measure, breakdown or "").
    pub(crate) groups: HashMap<(String, String, String), EntryDigest>,
    /// Money by source ("" for none).
    pub(crate) sources: BTreeMap<String, EntryDigest>,
}

impl Digests {
    /// Digests of entries dated on or before day `to` of `programme`.
    pub(crate) fn new(programme: &Programme, to: i32) -> Digests {
        let measures = programme.measures();
        Digests {
            to,
            is_stock: measures
                .iter()
                .map(|m| m.kind() == MeasureKind::Stock)
                .collect(),
            is_money: measures.iter().map(|m| m.unit().is_money()).collect(),
            groups: FxMap::default(),
            sources: FxMap::default(),
            latest: FxMap::default(),
            fixes: FxMap::default(),
            unprinted: 0,
        }
    }

    fn add(&mut self, place: Place, print: u128) {
        self.groups.entry(place.group).or_default().add(print);
        if let Some(source) = place.money {
            self.sources.entry(source).or_default().add(print);
        }
    }

    /// The digests, codes as texts from `codes` (the tables the entries'
    /// ids were given from).
    ///
    /// # Panics
    ///
    /// When an entry came without its fingerprint: a reader that pushes
    /// entries into this sink gives every fingerprint it asks for.
    pub(crate) fn finish(mut self, codes: &Codes) -> Provenances {
        assert_eq!(self.unprinted, 0, "every entry comes with its fingerprint");
        let latest = std::mem::take(&mut self.latest);
        for l in latest.into_values() {
            self.add(l.place, l.print);
            for (place, print) in self.fixes.remove(&l.index).unwrap_or_default() {
                self.add(place, print);
            }
        }
        let p = &codes.programme;
        let text = |kind, id: u32| codes.interner(kind).code(id).as_str().to_owned();
        let groups = (self.groups.into_iter())
            .map(|((project, measure, b), d)| {
                let m = &p.measures()[usize::from(measure)];
                let b =
                    (b != NO_BREAKDOWN).then(|| m.breakdowns()[usize::from(b)].as_str().to_owned());
                let project = text(RegistryKind::Project, u32::from(project));
                ((project, m.code().to_string(), b.unwrap_or_default()), d)
            })
            .collect();
        let sources = (self.sources.into_iter())
            .map(|(s, d)| {
                let s = (s != u16::MAX).then(|| text(RegistryKind::Source, u32::from(s)));
                (s.unwrap_or_default(), d)
            })
            .collect();
        Provenances { groups, sources }
    }
}

impl EntrySink for Digests {
    fn accept(&mut self, index: u32, e: &Vals, root: Option<u32>, print: Option<u128>) {
        if e.day > self.to {
            return;
        }
        let Some(print) = print else {
            self.unprinted += 1;
            return;
        };
        let m = usize::from(e.measure);
        let place = Place {
            group: (e.project, e.measure, e.breakdown),
            money: self.is_money[m].then_some(e.source),
        };
        match (self.is_stock[m], root) {
            (false, _) => self.add(place, print),
            (true, Some(root)) => self.fixes.entry(root).or_default().push((place, print)),
            (true, None) => {
                let offered = Latest {
                    day: e.day,
                    index,
                    place,
                    print,
                };
                self.latest
                    .entry(stock_series(e))
                    .and_modify(|l| {
                        if replaces(l.day, e.day) {
                            *l = offered;
                        }
                    })
                    .or_insert(offered);
            }
        }
    }

    fn wants_prints(&self) -> bool {
        true
    }
}
