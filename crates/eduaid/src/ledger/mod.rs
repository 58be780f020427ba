//! The ledger: an append-only, columnar collection of entries, each checked
//! against the programme as it is appended.

mod check;
mod digest;
mod entry;
mod line;
mod narrow;
mod read_sums;
mod roots;
mod sink;

pub(crate) use check::{Row, Span};
pub(crate) use digest::{Depth, MonthSlots, month_sums, sha256_hex};
pub use digest::{EntryDigest, MonthSum};
pub use entry::{Entry, NewEntry};
pub(crate) use line::{DayMemo, LineTexts, LineWriter};
pub(crate) use narrow::{Narrow, WIDE, fit32};
pub use read_sums::SealedSums;
pub(crate) use read_sums::{ReadSums, RowPrinter};
pub(crate) use sink::EntrySink;

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::intern::{IdArena, Interner, NameIds, ShortKey, prefetch};
use crate::programme::aliases::{CodeKind, NameIndex, slot};
use crate::violation::Violations;
use crate::{Code, Error, Programme, Unit};

pub(crate) const NO_BREAKDOWN: u8 = u8::MAX;
pub(crate) const NONE32: u32 = u32::MAX;

pub(crate) fn some32(v: u32) -> Option<u32> {
    (v != NONE32).then_some(v)
}

pub(crate) fn date_to_day(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

pub(crate) fn day_to_date(day: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(day).expect("stored days are valid dates")
}

/// The index of a (project, measure) pair among `measures` measure ids:
/// the layout of [`Codes::reports`], of [`Columns::pairs`] and of a
/// report's pair slots.
#[inline]
pub(crate) fn pair_index(project: usize, measure: usize, measures: usize) -> usize {
    project * measures + measure
}

/// The entry columns: one vector per field, all of the same length.
#[derive(Clone, Debug, Default)]
pub(crate) struct Columns {
    /// Days from the common era (`NaiveDate::num_days_from_ce`).
    pub(crate) date: Vec<i32>,
    pub(crate) project: Vec<u16>,
    pub(crate) measure: Vec<u16>,
    pub(crate) area: Vec<u16>,
    /// `NONE32` when absent.
    pub(crate) school: Vec<u32>,
    /// `NONE32` when absent.
    pub(crate) pairing: Vec<u32>,
    /// Position in the measure's breakdown list, `NO_BREAKDOWN` when absent.
    pub(crate) breakdown: Vec<u8>,
    /// `u16::MAX` when absent.
    pub(crate) source: Vec<u16>,
    /// Fen for money, whole units otherwise: in 32 bits, the rare value
    /// beyond them kept whole beside.
    pub(crate) value: Narrow<i64>,
    /// The first and last day of any entry (`i32::MAX, i32::MIN` when empty).
    pub(crate) span: (i32, i32),
    /// Recorded day (`i32::MIN` when absent); empty until an entry has one.
    pub(crate) recorded: Vec<i32>,
    /// A bit for each (project, measure) pair some entry has, at
    /// `project * measures + measure` (as [`Codes::reports`]): a report
    /// numbers the pairs the programme declares and these, not every
    /// combination, so its cells stay few.
    pub(crate) pairs: Vec<u64>,
}

impl Columns {
    /// Entry `i`'s values.
    pub(crate) fn vals(&self, i: usize) -> Vals {
        Vals {
            day: self.date[i],
            project: self.project[i],
            measure: self.measure[i],
            area: self.area[i],
            school: self.school[i],
            pairing: self.pairing[i],
            breakdown: self.breakdown[i],
            source: self.source[i],
            value: self.value.value(i),
            recorded: self.recorded.get(i).copied().unwrap_or(i32::MIN),
        }
    }
}

/// An append-only ledger of entries, each checked against its programme.
///
/// Entries are stored in columns with codes interned into small integer ids
/// and values in 32 bits (the rare value beyond them kept whole beside),
/// about 25 bytes an entry plus each id's text and about 1.25 bytes beside
/// it. Every entry in a ledger has passed every check
/// (rules L002 to L021 of the crate's table): a ledger cannot hold an invalid
/// entry. Warnings (W001 to W004) are returned to the caller and the entry is
/// kept.
///
/// ```
/// use std::sync::Arc;
/// use eduaid::{Code, Decimal, Ledger, NewEntry, Programme, parse_date};
/// let c = |s: &str| Code::new(s).unwrap();
/// let mut ledger = Ledger::new(Arc::new(Programme::canonical()));
/// let mut e = NewEntry::new(c("e1"), parse_date("2019-06-20")?, c("rural-teachers"), c("fuping"),
///                           c("people-trained"), Decimal::from(120));
/// e.breakdown = Some(c("local"));
/// ledger.push(&e)?;
/// assert_eq!(ledger.len(), 1);
/// assert_eq!(ledger.find("e1").unwrap().value(), Decimal::from(120));
/// # Ok::<(), eduaid::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Ledger {
    pub(crate) codes: Codes,
    pub(crate) ids: IdArena,
    pub(crate) cols: Columns,
    /// `(entry, corrected entry)`, in entry order.
    pub(crate) corrections: Vec<(u32, u32)>,
    /// A bit for each entry listed in `corrections`: finding the root of
    /// the usual corrected entry (an original) reads one bit, not a
    /// binary search of every correction.
    correcting: Vec<u64>,
    /// Net value of each corrected original (the original plus its
    /// corrections), and its id when the ledger keeps no ids.
    roots: roots::Roots,
    /// When the ledger keeps no entries (`cols` then stays empty): what
    /// later checks need of each entry, and the sink that receives them.
    pub(crate) lean: Option<Box<sink::Lean>>,
    /// While a read asked for them is appending rows: the month sums of
    /// the entries it appends ([`ReadOptions::fingerprints_through`](crate::ReadOptions::fingerprints_through)).
    pub(crate) read_sums: Option<Box<ReadSums>>,
}

/// One appended entry's values, codes interned.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Vals {
    pub(crate) day: i32,
    pub(crate) project: u16,
    pub(crate) measure: u16,
    pub(crate) area: u16,
    pub(crate) school: u32,
    pub(crate) pairing: u32,
    pub(crate) breakdown: u8,
    pub(crate) source: u16,
    pub(crate) value: i64,
    /// `i32::MIN` when absent.
    pub(crate) recorded: i32,
}

/// The programme and its code tables: everything the row-local checks read.
/// Registry items come first in the interners, so a registry item's id is its
/// position in the programme. Reading in parallel gives each worker a copy.
#[derive(Clone, Debug)]
pub(crate) struct Codes {
    pub(crate) programme: Arc<Programme>,
    pub(crate) projects: Interner,
    pub(crate) measures: Interner,
    pub(crate) areas: Interner,
    pub(crate) schools: Interner,
    pub(crate) pairings: Interner,
    pub(crate) sources: Interner,
    /// Unit of each measure id.
    pub(crate) units: Vec<Unit>,
    /// Whether project `p` reports measure `m`, at `p * measures + m`.
    pub(crate) reports: Vec<bool>,
    /// First and last day in force of each registry pairing.
    pub(crate) pairing_days: Vec<(i32, i32)>,
    /// The area id of each registry school's area (`None` if its area is
    /// not a registry area): a row's school and area are checked against
    /// each other without reading the school or either code's text.
    pub(crate) school_areas: Vec<Option<u32>>,
    /// Each measure's breakdowns: the codes, in the measure's order, then
    /// the names that stand for them.
    breakdowns: Vec<Vec<BreakdownText>>,
    /// The names and aliases a ledger may write for codes.
    pub(crate) names: Arc<NameIndex>,
    /// The same names, each to its code's id, by kind (as [`slot`]).
    name_ids: [NameIds; 6],
    /// Whether a code of each kind (as [`slot`]) is also a name of another
    /// code: then a code is looked for first, as it wins.
    code_is_name: [bool; 6],
    /// Whether spreadsheet habits are errors rather than warnings.
    pub(crate) strict: bool,
    /// Errors and warnings a read keeps at most, of each (`None`: all;
    /// [`ReadOptions::keep_violations`](crate::ReadOptions::keep_violations)).
    pub(crate) keep: Option<usize>,
}

/// A text that gives a breakdown (its code or a name): the text's key, the
/// text, and the breakdown's position in its measure's list.
type BreakdownText = (ShortKey, Box<[u8]>, u8);

impl Codes {
    pub(crate) fn new(programme: Arc<Programme>) -> Codes {
        let p = &programme;
        let mut codes = Codes {
            projects: Interner::with(p.projects().iter().map(|x| x.code().clone())),
            measures: Interner::with(p.measures().iter().map(|x| x.code().clone())),
            areas: Interner::with(p.areas().iter().map(|x| x.code().clone())),
            schools: Interner::with(p.schools().iter().map(|x| x.code().clone())),
            pairings: Interner::with(p.pairings().iter().map(|x| x.code().clone())),
            sources: Interner::with(p.sources().iter().map(|x| x.code().clone())),
            units: p.measures().iter().map(crate::Measure::unit).collect(),
            reports: p
                .projects()
                .iter()
                .flat_map(|pr| p.measures().iter().map(|m| pr.reports(m.code().as_str())))
                .collect(),
            breakdowns: Vec::new(),
            pairing_days: p
                .pairings()
                .iter()
                .map(|x| {
                    (
                        date_to_day(x.start()),
                        x.end().map_or(i32::MAX, date_to_day),
                    )
                })
                .collect(),
            school_areas: Vec::new(),
            names: Arc::new(NameIndex::new(p)),
            name_ids: Default::default(),
            code_is_name: [false; 6],
            strict: false,
            keep: None,
            programme,
        };
        codes.school_areas = (codes.programme.schools().iter())
            .map(|s| codes.areas.get(s.area().as_str()))
            .collect();
        // A name may stand for a code of an open list: intern it up front,
        // so that every name has its code's id to stand for.
        let names = Arc::clone(&codes.names);
        for kind in CodeKind::ALL {
            for code in names.codes(kind) {
                codes.interner_mut(kind).intern(code);
            }
            for (name, code) in names.pairs(kind) {
                let id = codes.interner(kind).get(code.as_str());
                codes.name_ids[slot(kind)].add(name, id.expect("interned above"));
            }
            let interned = codes.interner(kind).codes().iter().enumerate();
            codes.code_is_name[slot(kind)] = interned
                .map(|(id, c)| (u32::try_from(id).expect("ids are u32"), c))
                .any(|(id, c)| codes.names_another(kind, id, c));
        }
        let key = |t: &[u8], b: usize| (ShortKey::of(t), Box::from(t), b as u8);
        codes.breakdowns = (codes.programme.measures().iter().enumerate())
            .map(|(m, measure)| {
                let own = measure.breakdowns().iter().enumerate();
                let own = own.map(|(b, code)| key(code.as_str().as_bytes(), b));
                let by_name = names
                    .breakdown_pairs(m)
                    .map(|(name, b)| key(name.as_bytes(), b));
                own.chain(by_name).collect()
            })
            .collect();
        codes
    }

    pub(crate) fn interner(&self, kind: crate::programme::RegistryKind) -> &Interner {
        use crate::programme::RegistryKind as K;
        match kind {
            K::Project => &self.projects,
            K::Measure => &self.measures,
            K::Area => &self.areas,
            K::School => &self.schools,
            K::Pairing => &self.pairings,
            K::Source => &self.sources,
        }
    }

    /// Codes interned in the open lists (area, school, pairing, source):
    /// grows whenever a code new to them is.
    pub(crate) fn open_codes(&self) -> usize {
        self.areas.len() + self.schools.len() + self.pairings.len() + self.sources.len()
    }

    fn interner_mut(&mut self, kind: crate::programme::RegistryKind) -> &mut Interner {
        use crate::programme::RegistryKind as K;
        match kind {
            K::Project => &mut self.projects,
            K::Measure => &mut self.measures,
            K::Area => &mut self.areas,
            K::School => &mut self.schools,
            K::Pairing => &mut self.pairings,
            K::Source => &mut self.sources,
        }
    }

    /// The id of `code`, interned if new; notes a code that is also a name
    /// of another code of its kind ([`Codes::code_or_name`]).
    pub(crate) fn intern(&mut self, kind: crate::programme::RegistryKind, code: &Code) -> u32 {
        let id = self.interner_mut(kind).intern(code);
        self.code_is_name[slot(kind)] |= self.names_another(kind, id, code);
        id
    }

    /// Whether `code`, of id `id`, is also a name of another code of its
    /// kind.
    fn names_another(&self, kind: crate::programme::RegistryKind, id: u32, code: &Code) -> bool {
        let named = self.name_ids[slot(kind)].get_bytes(code.as_str().as_bytes());
        named.is_some_and(|n| n != id)
    }

    /// A code's id, interned when the programme's list of its kind is open
    /// (so entries with it are found); `None` when no entry can have it.
    pub(crate) fn id_or_intern(
        &mut self,
        kind: crate::programme::RegistryKind,
        c: &Code,
    ) -> Option<u32> {
        (self.interner(kind).get(c.as_str()))
            .or_else(|| (!self.programme.lists(kind)).then(|| self.intern(kind, c)))
    }

    pub(crate) fn unit_of(&self, measure: u16) -> Unit {
        self.units[measure as usize]
    }

    /// The position in measure `m`'s breakdown list of the breakdown
    /// `text` is the code or a name of.
    pub(crate) fn breakdown_index(&self, m: usize, text: &[u8]) -> Option<usize> {
        let key = ShortKey::of(text);
        (self.breakdowns[m].iter())
            .find(|(k, stored, _)| *k == key && key.same(stored, text))
            .map(|&(_, _, b)| usize::from(b))
    }

    /// The id of the code of kind `kind` that `text` is, or stands for as
    /// a name.
    #[inline]
    pub(crate) fn code_or_name(
        &self,
        kind: crate::programme::RegistryKind,
        text: &[u8],
    ) -> Option<u32> {
        let (codes, names) = (self.interner(kind), &self.name_ids[slot(kind)]);
        // A code wins over a name. Unless a code of the kind is also a
        // name of another code (`code_is_name`: P016 refuses that for
        // declared codes, but an open list's may be), the order of the two
        // look-ups does not matter, and a text that is not ASCII, most
        // likely a name, is looked for among the names first.
        if text.first().is_some_and(|b| !b.is_ascii()) && !self.code_is_name[slot(kind)] {
            return names.get_bytes(text).or_else(|| codes.get_bytes(text));
        }
        codes.get_bytes(text).or_else(|| names.get_bytes(text))
    }
}

/// The fields of one entry as given, before checking: bytes of checked
/// UTF-8, cut at commas (so slicing them needs no character boundary
/// checks).
pub(crate) struct Fields<'a> {
    pub(crate) id: &'a [u8],
    pub(crate) date: DateIn<'a>,
    pub(crate) project: &'a [u8],
    pub(crate) area: &'a [u8],
    pub(crate) school: &'a [u8],
    pub(crate) pairing: &'a [u8],
    pub(crate) measure: &'a [u8],
    pub(crate) breakdown: &'a [u8],
    pub(crate) value: ValueIn<'a>,
    pub(crate) source: &'a [u8],
    pub(crate) corrects: &'a [u8],
    pub(crate) recorded: DateIn<'a>,
}

pub(crate) enum DateIn<'a> {
    Text(&'a [u8]),
    Date(NaiveDate),
}

pub(crate) enum ValueIn<'a> {
    Text(&'a [u8]),
    Decimal(Decimal),
}

/// Where the entry being checked came from, for violation locations.
#[derive(Clone, Copy)]
pub(crate) struct Origin<'a> {
    pub(crate) file: Option<&'a str>,
    pub(crate) line: Option<u64>,
}

impl Ledger {
    /// An empty ledger for a programme.
    #[must_use]
    pub fn new(programme: Arc<Programme>) -> Ledger {
        Ledger {
            codes: Codes::new(programme),
            ids: IdArena::default(),
            cols: Columns {
                span: (i32::MAX, i32::MIN),
                ..Columns::default()
            },
            corrections: Vec::new(),
            correcting: Vec::new(),
            roots: roots::Roots::default(),
            lean: None,
            read_sums: None,
        }
    }

    /// Date (as a day), measure and value of entry `i`.
    pub(crate) fn fact(&self, i: usize) -> (i32, u16, i64) {
        match &self.lean {
            None => (
                self.cols.date[i],
                self.cols.measure[i],
                self.cols.value.value(i),
            ),
            Some(lean) => lean.fact(i),
        }
    }

    /// The id of entry `root`, the original at the end of a chain of
    /// corrections through `t` (whose id is `t_id`).
    pub(crate) fn root_id<'a>(&'a self, root: usize, t: usize, t_id: &'a str) -> &'a str {
        if root == t {
            return t_id;
        }
        match &self.lean {
            None => self.ids.get(root),
            Some(_) => self.roots.id(root).unwrap_or("?"),
        }
    }

    /// Appends a checked entry's values.
    pub(crate) fn append(&mut self, index: usize, e: &Vals, root: Option<usize>) {
        let index = u32::try_from(index).expect("under 2^32 entries");
        match &mut self.lean {
            None => {
                let c = &mut self.cols;
                c.date.push(e.day);
                c.span = (c.span.0.min(e.day), c.span.1.max(e.day));
                c.project.push(e.project);
                c.measure.push(e.measure);
                let measures = self.codes.units.len();
                let pair = pair_index(e.project.into(), e.measure.into(), measures);
                if pair / 64 >= c.pairs.len() {
                    c.pairs.resize(pair / 64 + 1, 0);
                }
                c.pairs[pair / 64] |= 1 << (pair % 64);
                c.area.push(e.area);
                c.school.push(e.school);
                c.pairing.push(e.pairing);
                c.breakdown.push(e.breakdown);
                c.source.push(e.source);
                c.value.push_value(e.value);
                if e.recorded != i32::MIN || !c.recorded.is_empty() {
                    c.recorded.resize(c.value.len() - 1, i32::MIN);
                    c.recorded.push(e.recorded);
                }
            }
            Some(lean) => lean.accept(index, e, root),
        }
    }

    /// The programme the ledger is checked against.
    #[must_use]
    pub fn programme(&self) -> &Arc<Programme> {
        &self.codes.programme
    }

    /// The number of entries.
    #[must_use]
    pub fn len(&self) -> usize {
        self.cols.value.len()
    }

    /// Whether there are no entries.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The entry at `index`, in order of appending.
    #[must_use]
    pub fn get(&self, index: usize) -> Option<Entry<'_>> {
        (index < self.len()).then_some(Entry {
            ledger: self,
            index,
        })
    }

    /// The entry with an id.
    #[must_use]
    pub fn find(&self, id: &str) -> Option<Entry<'_>> {
        self.ids.find(id).map(|index| Entry {
            ledger: self,
            index,
        })
    }

    /// All entries, in order of appending.
    #[must_use = "an iterator does nothing unless consumed"]
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Entry<'_>> {
        (0..self.len()).map(|index| Entry {
            ledger: self,
            index,
        })
    }

    /// Heap bytes held by the ledger's entries (columns, ids and their index,
    /// corrections), not counting the programme.
    #[must_use]
    pub fn heap_bytes(&self) -> usize {
        let c = &self.cols;
        c.date.capacity() * 4
            + c.project.capacity() * 2
            + c.measure.capacity() * 2
            + c.area.capacity() * 2
            + c.school.capacity() * 4
            + c.pairing.capacity() * 4
            + c.breakdown.capacity()
            + c.source.capacity() * 2
            + c.value.heap_bytes()
            + c.recorded.capacity() * 4
            + c.pairs.capacity() * 8
            + self.ids.heap_bytes()
            + self.corrections.capacity() * 8
            + self.correcting.capacity() * 8
            + self.roots.heap_bytes()
    }

    /// Releases spare capacity after loading, and the index from entry ids to
    /// entries (about 10 bytes an entry), which is rebuilt on the next look-up
    /// or append.
    pub fn shrink_to_fit(&mut self) {
        self.ids.drop_index();
        let c = &mut self.cols;
        c.date.shrink_to_fit();
        c.project.shrink_to_fit();
        c.measure.shrink_to_fit();
        c.area.shrink_to_fit();
        c.school.shrink_to_fit();
        c.pairing.shrink_to_fit();
        c.breakdown.shrink_to_fit();
        c.source.shrink_to_fit();
        c.pairs.shrink_to_fit();
        c.value.shrink_to_fit();
        c.recorded.shrink_to_fit();
        self.ids.shrink_to_fit();
        self.corrections.shrink_to_fit();
        self.correcting.shrink_to_fit();
    }

    pub(crate) fn unit_of(&self, measure: u16) -> Unit {
        self.codes.unit_of(measure)
    }

    /// How many entries hold each code of a code column (`Project`,
    /// `Measure`, `Area`, `School`, `Pairing` or `Source`), by code; an
    /// entry without one (no school, say) is not counted. Counted over the
    /// column's numbers, not its texts.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] for a dimension that is not a code column
    /// (`Breakdown`, whose values belong to measures, `Month`, `Year`).
    ///
    /// ```
    /// use std::sync::Arc;
    /// use eduaid::{Dim, Ledger, Programme};
    /// let csv = "id,date,project,area,measure,value\n\
    ///            a,2019-06-20,pupil-health,fuping,funds,100\n\
    ///            b,2019-06-21,pupil-health,fupin,funds,100\n\
    ///            c,2019-06-22,pupil-health,fuping,funds,100\n";
    /// let ledger = Ledger::read_csv(Arc::new(Programme::canonical()), csv.as_bytes(), "l.csv")?.into_ledger()?;
    /// let areas = ledger.code_counts(Dim::Area)?;
    /// let counts: Vec<(&str, u64)> = areas.iter().map(|(c, &n)| (c.as_str(), n)).collect();
    /// assert_eq!(counts, [("fupin", 1), ("fuping", 2)]);
    /// assert!(ledger.code_counts(Dim::School)?.is_empty());
    /// assert!(ledger.code_counts(Dim::Month).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn code_counts(&self, dim: crate::Dim) -> Result<BTreeMap<Code, u64>, Error> {
        use crate::Dim as D;
        use crate::programme::RegistryKind as K;
        /// Entries by number; the markers of an absent code are past the end.
        fn tally(ids: impl Iterator<Item = usize>, len: usize) -> Vec<u64> {
            let mut n = vec![0u64; len];
            for id in ids {
                if let Some(x) = n.get_mut(id) {
                    *x += 1;
                }
            }
            n
        }
        let kind = match dim {
            D::Project => K::Project,
            D::Measure => K::Measure,
            D::Area => K::Area,
            D::School => K::School,
            D::Pairing => K::Pairing,
            D::Source => K::Source,
            D::Breakdown | D::Month | D::Year => {
                return Err(Error::invalid(
                    crate::Subject::Grouping,
                    format!("{} is not a column of codes to count", dim.name()),
                ));
            }
        };
        let (c, codes) = (&self.cols, self.codes.interner(kind));
        let narrow = |v: &[u16]| tally(v.iter().map(|&x| usize::from(x)), codes.len());
        let n = match kind {
            K::Project => narrow(&c.project),
            K::Measure => narrow(&c.measure),
            K::Area => narrow(&c.area),
            K::Source => narrow(&c.source),
            K::School => tally(c.school.iter().map(|&x| x as usize), codes.len()),
            K::Pairing => tally(c.pairing.iter().map(|&x| x as usize), codes.len()),
        };
        Ok((0u32..)
            .zip(n)
            .filter(|&(_, k)| k > 0)
            .map(|(id, k)| (codes.code(id).clone(), k))
            .collect())
    }

    /// Whether any entry has a recorded date.
    #[must_use]
    pub fn has_recorded(&self) -> bool {
        self.cols.recorded.iter().any(|&d| d != i32::MIN)
    }

    /// Every correction: the index of the correcting entry and of the entry
    /// it corrects, in order of the correcting entry. A reader of the
    /// entries in order can walk it beside them instead of asking
    /// [`Entry::corrects`] of each entry (a search every time).
    ///
    /// ```
    /// use std::sync::Arc;
    /// use eduaid::{Ledger, Programme};
    /// let csv = "id,date,project,area,measure,breakdown,value,corrects\n\
    ///            a,2019-06-20,pupil-health,fuping,funds,poor-pupil,100,\n\
    ///            b,2019-06-21,pupil-health,fuping,funds,poor-pupil,5,\n\
    ///            c,2019-06-22,pupil-health,fuping,funds,poor-pupil,-100,a\n";
    /// let ledger = Ledger::read_csv(Arc::new(Programme::canonical()), csv.as_bytes(), "l.csv")?.into_ledger()?;
    /// assert_eq!(ledger.corrections().collect::<Vec<_>>(), [(2, 0)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn corrections(&self) -> impl ExactSizeIterator<Item = (usize, usize)> + '_ {
        self.corrections
            .iter()
            .map(|&(e, t)| (e as usize, t as usize))
    }

    /// The entry that entry `index` corrects.
    pub(crate) fn corrected_by(&self, index: usize) -> Option<usize> {
        let word = self.correcting.get(index / 64)?;
        if word & 1 << (index % 64) == 0 {
            return None;
        }
        let i = u32::try_from(index).ok()?;
        self.corrections
            .binary_search_by_key(&i, |&(e, _)| e)
            .ok()
            .map(|k| self.corrections[k].1 as usize)
    }

    /// Records that entry `e` corrects entry `t`.
    pub(crate) fn push_correction(&mut self, e: usize, t: usize) {
        self.corrections.push((
            u32::try_from(e).expect("under 2^32 entries"),
            u32::try_from(t).expect("under 2^32 entries"),
        ));
        if e / 64 >= self.correcting.len() {
            self.correcting.resize(e / 64 + 1, 0);
        }
        self.correcting[e / 64] |= 1 << (e % 64);
    }

    /// Asks the processor to fetch what checking a correction of entry
    /// `t` reads of it (its facts, whether it corrects another, its net
    /// value).
    fn prefetch_corrected(&self, t: usize) {
        if let Some(word) = self.correcting.get(t / 64) {
            prefetch(word);
        }
        // Most corrections correct an original: its own net value.
        self.roots.prefetch(t);
        match &self.lean {
            None if t < self.cols.value.len() => {
                let c = &self.cols;
                prefetch(&c.date[t]);
                prefetch(&c.measure[t]);
                prefetch(&c.value.narrow()[t]);
            }
            None => {}
            Some(lean) => lean.prefetch(t),
        }
    }

    /// For corrections checked soon (`ids`: the ids they correct):
    /// prefetches what checking them reads, their look-up or, when it
    /// costs no read, the corrected entries' facts.
    pub(crate) fn touch_corrected<'a>(&self, ids: impl Iterator<Item = &'a [u8]>) {
        for id in ids {
            if let Some(t) = self.ids.touch_one(id) {
                self.prefetch_corrected(t);
            }
        }
    }

    /// The original at the root of a chain of corrections.
    pub(crate) fn root_of(&self, mut index: usize) -> usize {
        while let Some(t) = self.corrected_by(index) {
            index = t;
        }
        index
    }

    /// Checks an entry and appends it.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] listing every rule the entry breaks; the ledger is
    /// then unchanged. On success, the warnings (possibly none).
    ///
    /// ```
    /// use std::sync::Arc;
    /// use eduaid::{Code, Decimal, Ledger, NewEntry, Programme, Rule, parse_date};
    /// let c = |s: &str| Code::new(s).unwrap();
    /// let mut ledger = Ledger::new(Arc::new(Programme::canonical()));
    /// let mut paid = NewEntry::new(c("f1"), parse_date("2019-03-01")?, c("pupil-health"), c("fuping"),
    ///                              c("funds"), Decimal::new(1234, 1));
    /// paid.breakdown = Some(c("poor-pupil"));
    /// assert!(ledger.push(&paid)?.is_empty());
    /// // Same id again, and a third fraction digit: both are reported.
    /// paid.value = Decimal::new(12345, 3);
    /// let err = ledger.push(&paid).unwrap_err();
    /// let v = err.violations().unwrap();
    /// assert!(v.contains(Rule::DuplicateId) && v.contains(Rule::FractionDigits));
    /// # Ok::<(), eduaid::Error>(())
    /// ```
    pub fn push(&mut self, e: &NewEntry) -> Result<Violations, Error> {
        // The row checks keep positions in one text: join the codes.
        let parts = [
            e.id.as_str(),
            e.project.as_str(),
            e.area.as_str(),
            e.school.as_ref().map_or("", Code::as_str),
            e.pairing.as_ref().map_or("", Code::as_str),
            e.measure.as_str(),
            e.breakdown.as_ref().map_or("", Code::as_str),
            e.source.as_ref().map_or("", Code::as_str),
            e.corrects.as_ref().map_or("", Code::as_str),
        ];
        let base = parts.join(",");
        let base = base.as_bytes();
        let mut at = 0;
        let f: [&[u8]; 9] = parts.map(|p| {
            let s = &base[at..at + p.len()];
            at += p.len() + 1;
            s
        });
        let fields = Fields {
            id: f[0],
            date: DateIn::Date(e.date),
            project: f[1],
            area: f[2],
            school: f[3],
            pairing: f[4],
            measure: f[5],
            breakdown: f[6],
            value: ValueIn::Decimal(e.value),
            source: f[7],
            corrects: f[8],
            recorded: e.recorded.map_or(DateIn::Text(b""), DateIn::Date),
        };
        let mut v = Violations::new();
        if self.push_fields(
            base,
            &fields,
            Origin {
                file: None,
                line: None,
            },
            &mut v,
        ) {
            Ok(v)
        } else {
            Err(Error::Invalid(v))
        }
    }
}

/// A value in base units, shown in its unit.
pub(crate) fn fmt_units(x: i64, unit: Option<Unit>) -> String {
    let mut s = String::new();
    match unit {
        Some(u) if u.is_money() => crate::number::format_hundredths(i128::from(x), 2, &mut s),
        _ => s = x.to_string(),
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::programme::RegistryKind::School;

    /// A text that is a name is looked for among the names first, unless
    /// a code of its kind has the text of another code's name (a filter's
    /// code interned since, or an alias's target in an open list): that
    /// code still wins, as it did before.
    #[test]
    fn a_code_that_is_also_another_codes_name_still_wins() {
        let canonical = Programme::canonical().to_json();
        let mut j: serde_json::Value = serde_json::from_str(&canonical).unwrap();
        j["aliases"]["schools"] = serde_json::json!({"fp-9": ["九中"]});
        let p = Arc::new(Programme::from_json(&j.to_string(), "p.json").unwrap());
        assert!(!p.lists(School), "schools are an open list");
        let mut codes = Codes::new(p);
        let text = "九中".as_bytes();
        let named = codes.code_or_name(School, text).unwrap();
        assert_eq!(codes.interner(School).code(named).as_str(), "fp-9");
        let code = Code::new("九中").unwrap();
        let interned = codes.id_or_intern(School, &code).unwrap();
        assert_ne!(interned, named);
        assert_eq!(codes.code_or_name(School, text), Some(interned));
        assert_eq!(codes.code_or_name(School, b"fp-9"), Some(named));
        // The same when the programme makes such a code: the target of
        // another alias, in an open list.
        j["aliases"]["schools"] = serde_json::json!({"fp-9": ["九中"], "九中": ["x"]});
        let p = Arc::new(Programme::from_json(&j.to_string(), "p.json").unwrap());
        let codes = Codes::new(p);
        let found = codes.code_or_name(School, text).unwrap();
        assert_eq!(codes.interner(School).code(found).as_str(), "九中");
    }
}
