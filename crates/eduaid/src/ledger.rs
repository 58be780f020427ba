//! The ledger: an append-only, columnar collection of entries, each checked
//! against the programme as it is appended.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::calendar::parse_date_bytes;
use crate::code::check_code;
use crate::intern::{IdArena, Interner, Probe};
use crate::number::{NumberError, parse_hundredths};
use crate::programme::RegistryKind;
use crate::violation::{Location, Rule, Violation, Violations};
use crate::{Code, Entry, Error, NewEntry, Programme, Unit};

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
    /// Fen for money, whole units otherwise.
    pub(crate) value: Vec<i64>,
    /// The first and last day of any entry (`i32::MAX, i32::MIN` when empty).
    pub(crate) span: (i32, i32),
}

/// An append-only ledger of entries, each checked against its programme.
///
/// Entries are stored in columns with codes interned into small integer ids,
/// about 40 bytes an entry. Every entry in a ledger has passed every check
/// (rules L002 to L021 of the crate's table): a ledger cannot hold an invalid
/// entry. Warnings (W001 to W004) are returned to the caller and the entry is
/// kept.
///
/// ```
/// use std::sync::Arc;
/// use eduaid::{Code, Ledger, NewEntry, Programme, parse_date};
/// use rust_decimal::Decimal;
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
    pub(crate) programme: Arc<Programme>,
    pub(crate) projects: Interner,
    pub(crate) measures: Interner,
    pub(crate) areas: Interner,
    pub(crate) schools: Interner,
    pub(crate) pairings: Interner,
    pub(crate) sources: Interner,
    pub(crate) ids: IdArena,
    pub(crate) cols: Columns,
    /// `(entry, corrected entry)`, in entry order.
    pub(crate) corrections: Vec<(u32, u32)>,
    /// Net value of each corrected original (the original plus its corrections).
    nets: HashMap<u32, i64>,
    /// Unit of each measure id.
    units: Vec<Unit>,
    /// Whether project `p` reports measure `m`, at `p * measures + m`.
    reports: Vec<bool>,
}

/// The fields of one entry as given, before checking.
pub(crate) struct Fields<'a> {
    pub(crate) id: &'a str,
    pub(crate) date: DateIn<'a>,
    pub(crate) project: &'a str,
    pub(crate) area: &'a str,
    pub(crate) school: &'a str,
    pub(crate) pairing: &'a str,
    pub(crate) measure: &'a str,
    pub(crate) breakdown: &'a str,
    pub(crate) value: ValueIn<'a>,
    pub(crate) source: &'a str,
    pub(crate) corrects: &'a str,
}

pub(crate) enum DateIn<'a> {
    Text(&'a str),
    Date(NaiveDate),
}

pub(crate) enum ValueIn<'a> {
    Text(&'a str),
    Decimal(Decimal),
}

/// Where the entry being checked came from, for violation locations.
#[derive(Clone, Copy)]
pub(crate) struct Origin<'a> {
    pub(crate) file: Option<&'a str>,
    pub(crate) line: Option<u64>,
}

impl Origin<'_> {
    fn at(&self, id: &str, field: &str) -> Location {
        Location {
            file: self.file.map(str::to_owned),
            line: self.line,
            item: (!id.is_empty()).then(|| format!("entry {id}")),
            field: Some(field.to_owned()),
        }
    }
}

impl Ledger {
    /// An empty ledger for a programme.
    #[must_use]
    pub fn new(programme: Arc<Programme>) -> Ledger {
        let p = &programme;
        Ledger {
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
            programme,
            ids: IdArena::default(),
            cols: Columns {
                span: (i32::MAX, i32::MIN),
                ..Columns::default()
            },
            corrections: Vec::new(),
            nets: HashMap::new(),
        }
    }

    /// The programme the ledger is checked against.
    #[must_use]
    pub fn programme(&self) -> &Arc<Programme> {
        &self.programme
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
            + c.value.capacity() * 8
            + self.ids.heap_bytes()
            + self.corrections.capacity() * 8
            + self.nets.capacity() * 16
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
        c.value.shrink_to_fit();
        self.ids.shrink_to_fit();
        self.corrections.shrink_to_fit();
    }

    pub(crate) fn unit_of(&self, measure: u16) -> Unit {
        self.units[measure as usize]
    }

    /// The entry that entry `index` corrects.
    pub(crate) fn corrected_by(&self, index: usize) -> Option<usize> {
        let i = u32::try_from(index).ok()?;
        self.corrections
            .binary_search_by_key(&i, |&(e, _)| e)
            .ok()
            .map(|k| self.corrections[k].1 as usize)
    }

    /// The original at the root of a chain of corrections.
    fn root_of(&self, mut index: usize) -> usize {
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
    /// use eduaid::{Code, Ledger, NewEntry, Programme, Rule, parse_date};
    /// use rust_decimal::Decimal;
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
        let fields = Fields {
            id: e.id.as_str(),
            date: DateIn::Date(e.date),
            project: e.project.as_str(),
            area: e.area.as_str(),
            school: e.school.as_ref().map_or("", Code::as_str),
            pairing: e.pairing.as_ref().map_or("", Code::as_str),
            measure: e.measure.as_str(),
            breakdown: e.breakdown.as_ref().map_or("", Code::as_str),
            value: ValueIn::Decimal(e.value),
            source: e.source.as_ref().map_or("", Code::as_str),
            corrects: e.corrects.as_ref().map_or("", Code::as_str),
        };
        let mut v = Violations::new();
        if self.push_fields(
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

    /// Checks one entry's fields and appends it if it breaks no rule; every
    /// violation (and warning) goes to `v`. Returns whether it was appended.
    pub(crate) fn push_fields(
        &mut self,
        f: &Fields<'_>,
        origin: Origin<'_>,
        v: &mut Violations,
    ) -> bool {
        let before = v.error_count();
        let id = f.id;
        let err = |v: &mut Violations, rule: Rule, field: &str, msg: String| {
            v.push(Violation::new(rule, origin.at(id, field), msg));
        };

        // id
        let mut id_hash = None;
        if id.is_empty() {
            err(
                v,
                Rule::MalformedRow,
                "id",
                "id is required but empty".into(),
            );
        } else if let Err(e) = check_code(id) {
            err(v, Rule::InvalidCode, "id", error_reason(&e));
        } else {
            match self.ids.probe(id) {
                Probe::Found(prev) => err(
                    v,
                    Rule::DuplicateId,
                    "id",
                    format!(
                        "id {id:?} is already used by entry number {} of the ledger",
                        prev + 1
                    ),
                ),
                Probe::Vacant(h) => id_hash = Some(h),
            }
        }

        // date
        let date = match f.date {
            DateIn::Date(d) => Some(d),
            DateIn::Text("") => {
                err(
                    v,
                    Rule::MalformedRow,
                    "date",
                    "date is required but empty".into(),
                );
                None
            }
            DateIn::Text(t) => match parse_date_bytes(t.as_bytes()) {
                Ok(d) => Some(d),
                Err(reason) => {
                    err(
                        v,
                        Rule::InvalidDate,
                        "date",
                        format!("date {t:?}: {reason}"),
                    );
                    None
                }
            },
        };

        // project and measure: always listed
        let project = self.lookup(
            RegistryKind::Project,
            "project",
            f.project,
            Rule::UnknownProject,
            origin,
            id,
            v,
        );
        let measure = self.lookup(
            RegistryKind::Measure,
            "measure",
            f.measure,
            Rule::UnknownMeasure,
            origin,
            id,
            v,
        );

        // area, school, pairing, source: checked when the programme lists them
        let area = self.lookup(
            RegistryKind::Area,
            "area",
            f.area,
            Rule::UnknownArea,
            origin,
            id,
            v,
        );
        let school = self.lookup_opt(
            RegistryKind::School,
            "school",
            f.school,
            Rule::UnknownSchool,
            origin,
            id,
            v,
        );
        let pairing = self.lookup_opt(
            RegistryKind::Pairing,
            "pairing",
            f.pairing,
            Rule::UnknownPairing,
            origin,
            id,
            v,
        );
        let source = self.lookup_opt(
            RegistryKind::Source,
            "source",
            f.source,
            Rule::UnknownSource,
            origin,
            id,
            v,
        );

        let programme = Arc::clone(&self.programme);
        // Registry items come first in the interners, so an id below the
        // registry's length is the registry position: no hashing needed.
        if let (Some(Some(sid)), Some(_)) = (&school, &area) {
            if let Some(s) = programme.schools().get(*sid as usize) {
                if s.area().as_str() != f.area {
                    err(
                        v,
                        Rule::SchoolNotInArea,
                        "school",
                        format!(
                            "school {} is in area {}, not in area {}",
                            f.school,
                            s.area(),
                            f.area
                        ),
                    );
                }
            }
        }
        if let (Some(Some(pid)), Some(date)) = (&pairing, date) {
            if let Some(p) = programme.pairings().get(*pid as usize) {
                if !p.in_force(date) {
                    let until = p.end().map_or_else(|| "open".to_owned(), |e| e.to_string());
                    err(
                        v,
                        Rule::PairingNotInForce,
                        "pairing",
                        format!(
                            "pairing {} is in force from {} to {until}, not on {date}",
                            f.pairing,
                            p.start()
                        ),
                    );
                }
            }
        }

        // breakdown, value, source against the measure
        let mut breakdown = NO_BREAKDOWN;
        let mut value = None;
        if let Some(m) = measure {
            let m = &programme.measures()[m as usize];
            if f.breakdown.is_empty() {
                if !m.breakdowns().is_empty() {
                    err(
                        v,
                        Rule::MissingBreakdown,
                        "breakdown",
                        format!(
                            "measure {} is broken down by {}, but no breakdown is given",
                            m.code(),
                            join(m.breakdowns())
                        ),
                    );
                }
            } else if let Some(b) = m.breakdown_index(f.breakdown) {
                breakdown = b as u8;
            } else {
                let allowed = if m.breakdowns().is_empty() {
                    "none".to_owned()
                } else {
                    join(m.breakdowns())
                };
                err(
                    v,
                    Rule::BreakdownNotAllowed,
                    "breakdown",
                    format!(
                        "breakdown {:?} is not allowed for measure {} (allowed: {allowed})",
                        f.breakdown,
                        m.code()
                    ),
                );
            }
            value = Self::check_value(&f.value, m, origin, id, v);
            if !f.source.is_empty() && !m.unit().is_money() {
                err(
                    v,
                    Rule::SourceOnNonMoney,
                    "source",
                    format!(
                        "source {:?} is given for measure {}, which is not money",
                        f.source,
                        m.code()
                    ),
                );
            }
            if let (Some(pid), Some(mid)) = (project, measure) {
                let p = &programme.projects()[pid as usize];
                if !self.reports[pid as usize * self.units.len() + mid as usize] {
                    err(
                        v,
                        Rule::MeasureNotReported,
                        "measure",
                        format!("project {} does not declare measure {}", p.code(), m.code()),
                    );
                }
            }
        }

        // corrections
        let mut corrected = None;
        if f.corrects.is_empty() {
            if let Some(x) = value.filter(|&x| x < 0) {
                err(
                    v,
                    Rule::NegativeValue,
                    "value",
                    format!(
                        "value {} is negative, but the entry corrects nothing",
                        fmt_units(x, measure.map(|m| self.unit_of(m as u16)))
                    ),
                );
            }
        } else {
            match self.ids.find(f.corrects) {
                None => err(
                    v,
                    Rule::CorrectsUnknown,
                    "corrects",
                    format!(
                        "corrects {:?}, which is not an earlier entry of the ledger",
                        f.corrects
                    ),
                ),
                Some(t) => {
                    let root = self.root_of(t);
                    let t_measure = self.cols.measure[root];
                    if let Some(m) = measure.filter(|&m| m != u32::from(t_measure)) {
                        err(
                            v,
                            Rule::CorrectionMeasure,
                            "measure",
                            format!(
                                "measure {} differs from measure {} of the corrected entry {}",
                                self.measures.code(m),
                                self.measures.code(u32::from(t_measure)),
                                f.corrects
                            ),
                        );
                    } else if let Some(x) = value {
                        let net = self
                            .nets
                            .get(&(root as u32))
                            .copied()
                            .unwrap_or(self.cols.value[root]);
                        match net.checked_add(x) {
                            None => err(
                                v,
                                Rule::TotalOverflow,
                                "value",
                                "the corrected net value overflows".into(),
                            ),
                            Some(n) if n < 0 => err(
                                v,
                                Rule::CorrectionBelowZero,
                                "value",
                                format!(
                                    "the correction brings entry {}'s net value from {} to {}, below zero",
                                    self.ids.get(root),
                                    fmt_units(net, Some(self.unit_of(t_measure))),
                                    fmt_units(n, Some(self.unit_of(t_measure)))
                                ),
                            ),
                            Some(n) => corrected = Some((t, root, n)),
                        }
                    }
                    if let Some(d) = date {
                        let td = day_to_date(self.cols.date[t]);
                        if d < td {
                            err(
                                v,
                                Rule::CorrectionBeforeOriginal,
                                "date",
                                format!("dated {d}, before the entry it corrects ({td})"),
                            );
                        }
                    }
                }
            }
        }

        let Some(id_hash) = id_hash.filter(|_| v.error_count() == before) else {
            return false;
        };
        let (
            Some(date),
            Some(project),
            Some(measure),
            Some(area),
            Some(school),
            Some(pairing),
            Some(source),
            Some(value),
        ) = (date, project, measure, area, school, pairing, source, value)
        else {
            return false;
        };
        let (Ok(project), Ok(measure), Ok(area)) = (
            u16::try_from(project),
            u16::try_from(measure),
            u16::try_from(area),
        ) else {
            err(
                v,
                Rule::MalformedRow,
                "area",
                "more than 65,535 distinct areas, projects or measures".into(),
            );
            return false;
        };
        let Ok(source) = u16::try_from(source.unwrap_or(u32::from(u16::MAX))) else {
            err(
                v,
                Rule::MalformedRow,
                "source",
                "more than 65,534 distinct funding sources".into(),
            );
            return false;
        };
        let index = self.ids.push(id, id_hash);
        let c = &mut self.cols;
        let day = date_to_day(date);
        c.date.push(day);
        c.span = (c.span.0.min(day), c.span.1.max(day));
        c.project.push(project);
        c.measure.push(measure);
        c.area.push(area);
        c.school.push(school.unwrap_or(NONE32));
        c.pairing.push(pairing.unwrap_or(NONE32));
        c.breakdown.push(breakdown);
        c.source.push(source);
        c.value.push(value);
        if let Some((t, root, net)) = corrected {
            self.corrections.push((index as u32, t as u32));
            self.nets.insert(root as u32, net);
        }
        true
    }

    /// Finds (and for open lists, interns) a required code.
    #[allow(clippy::too_many_arguments)]
    fn lookup(
        &mut self,
        kind: RegistryKind,
        column: &str,
        text: &str,
        unknown: Rule,
        origin: Origin<'_>,
        id: &str,
        v: &mut Violations,
    ) -> Option<u32> {
        if text.is_empty() {
            v.push(Violation::new(
                Rule::MalformedRow,
                origin.at(id, column),
                format!("{column} is required but empty"),
            ));
            return None;
        }
        self.lookup_opt(kind, column, text, unknown, origin, id, v)
            .flatten()
    }

    /// Finds an optional code: `Some(None)` when absent, `None` when invalid.
    #[allow(clippy::too_many_arguments, clippy::option_option)]
    fn lookup_opt(
        &mut self,
        kind: RegistryKind,
        column: &str,
        text: &str,
        unknown: Rule,
        origin: Origin<'_>,
        id: &str,
        v: &mut Violations,
    ) -> Option<Option<u32>> {
        if text.is_empty() {
            return Some(None);
        }
        let interner = match kind {
            RegistryKind::Project => &mut self.projects,
            RegistryKind::Measure => &mut self.measures,
            RegistryKind::Area => &mut self.areas,
            RegistryKind::School => &mut self.schools,
            RegistryKind::Pairing => &mut self.pairings,
            RegistryKind::Source => &mut self.sources,
        };
        if let Some(i) = interner.get(text) {
            return Some(Some(i));
        }
        if let Err(e) = check_code(text) {
            v.push(Violation::new(
                Rule::InvalidCode,
                origin.at(id, column),
                error_reason(&e),
            ));
            return None;
        }
        if self.programme.lists(kind) {
            v.push(Violation::new(
                unknown,
                origin.at(id, column),
                format!("{column} {text:?} is not declared by the programme"),
            ));
            return None;
        }
        let code = Code::new(text).expect("checked above");
        Some(Some(interner.intern(&code)))
    }

    /// Checks a value against a measure's unit; the value in base units.
    fn check_value(
        value: &ValueIn<'_>,
        m: &crate::Measure,
        origin: Origin<'_>,
        id: &str,
        v: &mut Violations,
    ) -> Option<i64> {
        let unit = m.unit();
        let max = unit.fraction_digits();
        let parsed = match value {
            ValueIn::Text(t) => parse_hundredths(t.as_bytes(), max),
            ValueIn::Decimal(d) => {
                let n = d.normalize();
                if n.scale() > u32::from(max) {
                    Err(NumberError::FractionDigits {
                        written: n.scale() as usize,
                        allowed: max,
                    })
                } else {
                    n.checked_mul(Decimal::ONE_HUNDRED)
                        .map(|x| x.normalize().mantissa())
                        .and_then(|x| i64::try_from(x).ok())
                        .ok_or(NumberError::Overflow)
                }
            }
        };
        if let Ok(h) = parsed {
            return Some(if unit.is_money() { h } else { h / 100 });
        }
        // Only an error pays for showing the value.
        let shown = match value {
            ValueIn::Text(t) => (*t).to_owned(),
            ValueIn::Decimal(d) => d.to_string(),
        };
        let (rule, msg) = match parsed {
            Ok(_) => unreachable!("returned above"),
            Err(e @ NumberError::FractionDigits { .. }) if unit.is_money() => (
                Rule::FractionDigits,
                format!("value {shown:?} {e}: {} is in yuan and fen", m.code()),
            ),
            Err(NumberError::FractionDigits { .. }) => (
                Rule::FractionDigits,
                format!(
                    "value {shown:?} is not a whole number: {} counts {}",
                    m.code(),
                    unit.code()
                ),
            ),
            Err(e @ NumberError::Overflow) => (Rule::ValueOverflow, format!("value {shown:?} {e}")),
            Err(NumberError::Empty) => (Rule::MalformedRow, "value is required but empty".into()),
            Err(e) => (Rule::InvalidValue, format!("value {shown:?} {e}")),
        };
        v.push(Violation::new(rule, origin.at(id, "value"), msg));
        None
    }
}

fn error_reason(e: &Error) -> String {
    e.to_string()
}

fn join(codes: &[Code]) -> String {
    codes
        .iter()
        .map(Code::as_str)
        .collect::<Vec<_>>()
        .join(", ")
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
