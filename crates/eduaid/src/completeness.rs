//! Completeness and timeliness of the monthly returns the programme's
//! reporting duties call for (DHIS2's reporting rate and reporting rate on
//! time).
//!
//! A return of a project and unit for a statistics month is *due* when a
//! duty owes it and the month has closed by the as-of date (its cutoff day is
//! on or before it). It is *received* when the ledger holds at least one
//! entry of that project and unit dated in that month (a zero is a nil return
//! and counts), ignoring entries recorded after the as-of date. A received
//! return is *on time* when the earliest `recorded` date among its entries is
//! on or before the month's cutoff day, *late* when it is after it, and of
//! *unknown time* when none of its entries has a recorded date.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::fxhash::FxMap;
use crate::ledger::{DayMemo, EntrySink, NONE32, Vals, date_to_day, day_to_date};
use crate::programme::RegistryKind;
use crate::{Code, Ledger, Party, Programme, Reporter, StatMonth};

/// What became of one due return.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReturnStatus {
    /// Received, recorded on or before the month's cutoff day.
    OnTime,
    /// Received, first recorded after the month's cutoff day.
    Late,
    /// Received, with no recorded date on any of its entries.
    UnknownTime,
    /// No entry of the project and unit in the month.
    Missing,
}

impl ReturnStatus {
    /// `on-time`, `late`, `unknown-time` or `missing`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            ReturnStatus::OnTime => "on-time",
            ReturnStatus::Late => "late",
            ReturnStatus::UnknownTime => "unknown-time",
            ReturnStatus::Missing => "missing",
        }
    }
}

/// One due return.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct DueReturn {
    /// The statistics month.
    pub month: StatMonth,
    /// The project owed.
    pub project: Code,
    /// The unit that owes it.
    pub unit: Reporter,
    /// What became of it.
    pub status: ReturnStatus,
    /// The earliest recorded date of its entries.
    pub recorded: Option<NaiveDate>,
}

/// How rows are grouped besides the month.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CompletenessBy {
    /// By the unit's area (a school's area; a pairing's supported area, or
    /// its first supported school's).
    Area,
    /// By project.
    Project,
}

/// Counts of due returns in one month (and group).
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize)]
pub struct CompletenessRow {
    /// The statistics month; `None` in the total over every month.
    pub month: Option<StatMonth>,
    /// The area or project, when grouped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<Code>,
    /// Returns due.
    pub due: u64,
    /// Returns received (on time, late or of unknown time).
    pub received: u64,
    /// Received on time.
    pub on_time: u64,
    /// Received late.
    pub late: u64,
    /// Received with no recorded date.
    pub unknown_time: u64,
    /// Not received.
    pub missing: u64,
}

impl CompletenessRow {
    fn add(&mut self, s: ReturnStatus) {
        self.due += 1;
        match s {
            ReturnStatus::OnTime => self.on_time += 1,
            ReturnStatus::Late => self.late += 1,
            ReturnStatus::UnknownTime => self.unknown_time += 1,
            ReturnStatus::Missing => self.missing += 1,
        }
        if s != ReturnStatus::Missing {
            self.received += 1;
        }
    }

    /// Completeness (报送率): received / due, in percent to one decimal
    /// (half away from zero); `None` when nothing is due.
    #[must_use]
    pub fn completeness(&self) -> Option<Decimal> {
        percent(self.received, self.due)
    }

    /// Timeliness (及时率): on time / due, in percent to one decimal;
    /// `None` when nothing is due.
    #[must_use]
    pub fn timeliness(&self) -> Option<Decimal> {
        percent(self.on_time, self.due)
    }
}

fn percent(part: u64, whole: u64) -> Option<Decimal> {
    (whole > 0).then(|| {
        let mut x = (Decimal::from(part) * Decimal::ONE_HUNDRED / Decimal::from(whole))
            .round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        x.rescale(1);
        x
    })
}

/// Completeness and timeliness as of a date: one row per month (and group),
/// the total, and every due return.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Completeness {
    /// The as-of date.
    pub as_of: NaiveDate,
    /// Per month (and group), in order.
    pub rows: Vec<CompletenessRow>,
    /// Over every month.
    pub total: CompletenessRow,
    /// Every due return, by month, project and unit.
    pub returns: Vec<DueReturn>,
}

impl Completeness {
    /// Whether every due return was received.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.total.missing == 0
    }
}

/// The first and last month a duty's returns are due as of `as_of`.
fn last_due_month(programme: &Programme, as_of: NaiveDate) -> StatMonth {
    let cal = programme.calendar();
    let m = cal.month_of(as_of);
    if cal.range(m).1 == as_of { m } else { m.prev() }
}

/// The returns the programme's duties call for in the ledger, as of `as_of`.
///
/// ```
/// use std::sync::Arc;
/// use eduaid::{Ledger, Programme, ReturnStatus, completeness, parse_date};
/// let mut json = Programme::canonical().to_json();
/// json = json.replace("\"areas\": []", r#""areas": [
///     {"code": "baoding", "name": {"zh": "保定市"}, "kind": "region", "side": "supported"},
///     {"code": "fuping", "name": {"zh": "阜平县"}, "kind": "county", "parent": "baoding",
///      "side": "supported", "poverty": "deeply-poor"}],
///   "duties": [{"project": "rural-teachers", "areas": ["fuping"], "from": "2019-05"}]"#);
/// let programme = Arc::new(Programme::from_json(&json, "p.json")?);
/// let csv = "id,date,project,area,measure,breakdown,value,recorded\n\
///            t1,2019-05-20,rural-teachers,fuping,people-trained,local,0,2019-05-24\n\
///            t2,2019-06-20,rural-teachers,fuping,people-trained,local,12,2019-06-28\n";
/// let ledger = Ledger::read_csv(programme, csv.as_bytes(), "l.csv")?.into_ledger()?;
/// let c = completeness(&ledger, parse_date("2019-07-31")?, None);
/// let status: Vec<_> = c.returns.iter().map(|r| r.status).collect();
/// assert_eq!(status, [ReturnStatus::OnTime, ReturnStatus::Late, ReturnStatus::Missing]);
/// assert_eq!(c.total.completeness().unwrap().to_string(), "66.7");
/// # Ok::<(), eduaid::Error>(())
/// ```
#[must_use]
pub fn completeness(ledger: &Ledger, as_of: NaiveDate, by: Option<CompletenessBy>) -> Completeness {
    let mut received = Received::new(ledger.programme(), |kind, c| {
        ledger.codes.interner(kind).get(c.as_str())
    });
    ledger.replay(&mut received);
    received.completeness(as_of, by)
}

/// The returns received, gathered entry by entry as a ledger is read (or
/// replayed): for each duty's unit and statistics month, the earliest
/// recorded date of its entries and whether one had none. That is enough
/// for any as-of date (entries recorded after it are left out: their
/// earliest recorded date is then after it too), so a read need not know
/// the date; memory grows with the duties and months, not the entries.
#[derive(Debug)]
pub(crate) struct Received {
    programme: std::sync::Arc<Programme>,
    /// The duty key of each (project id, unit kind, unit id).
    keys: FxMap<(u16, u8, u32), usize>,
    /// By (duty key, month ordinal): the earliest recorded day, and
    /// whether an entry had no recorded date.
    got: FxMap<(usize, i32), (Option<i32>, bool)>,
    months: DayMemo<i32>,
}

/// Each duty's key: one a (project, unit), in duty order.
fn duty_keys(programme: &Programme) -> HashMap<(&str, u8, &str), usize> {
    let mut keys = HashMap::new();
    for d in programme.duties() {
        let n = keys.len();
        keys.entry(unit_key(d.project(), d.unit())).or_insert(n);
    }
    keys
}

impl Received {
    /// For the duties of `programme`, entries' codes numbered by `id_of`
    /// (`None`: no entry has that code).
    pub(crate) fn new(
        programme: &std::sync::Arc<Programme>,
        mut id_of: impl FnMut(RegistryKind, &Code) -> Option<u32>,
    ) -> Received {
        let mut keys = FxMap::default();
        for (&(project, kind, unit), &k) in &duty_keys(programme) {
            let reg = [
                RegistryKind::Area,
                RegistryKind::School,
                RegistryKind::Pairing,
            ];
            let code = |s: &str| Code::new(s).expect("a duty's codes are valid");
            let p =
                id_of(RegistryKind::Project, &code(project)).and_then(|p| u16::try_from(p).ok());
            let u = id_of(reg[usize::from(kind)], &code(unit));
            if let (Some(p), Some(u)) = (p, u) {
                keys.insert((p, kind, u), k);
            }
        }
        Received {
            programme: std::sync::Arc::clone(programme),
            keys,
            got: FxMap::default(),
            months: DayMemo::new(),
        }
    }

    /// The returns due as of `as_of`, and what became of them.
    pub(crate) fn completeness(
        &self,
        as_of: NaiveDate,
        by: Option<CompletenessBy>,
    ) -> Completeness {
        let programme = &*self.programme;
        let cal = programme.calendar();
        let last = last_due_month(programme, as_of);
        let to = date_to_day(as_of);
        let mut got: HashMap<(usize, StatMonth), Option<NaiveDate>> = HashMap::new();
        for (&(k, month), &(earliest, unrecorded)) in &self.got {
            let month = StatMonth::from_ordinal(month);
            if month > last {
                continue;
            }
            match earliest.filter(|&r| r <= to) {
                Some(r) => {
                    got.insert((k, month), Some(day_to_date(r)));
                }
                None if unrecorded => {
                    got.insert((k, month), None);
                }
                None => {}
            }
        }
        let keys = duty_keys(programme);
        let mut returns = Vec::new();
        for d in programme.duties() {
            let k = keys[&unit_key(d.project(), d.unit())];
            let end = d.to().map_or(last, |to| to.min(last));
            let mut m = d.from();
            while m <= end {
                let (status, recorded) = match got.get(&(k, m)) {
                    None => (ReturnStatus::Missing, None),
                    Some(None) => (ReturnStatus::UnknownTime, None),
                    Some(Some(r)) if *r <= cal.range(m).1 => (ReturnStatus::OnTime, Some(*r)),
                    Some(Some(r)) => (ReturnStatus::Late, Some(*r)),
                };
                returns.push(DueReturn {
                    month: m,
                    project: d.project().clone(),
                    unit: d.unit().clone(),
                    status,
                    recorded,
                });
                m = m.next();
            }
        }
        returns.sort_by(|a, b| (a.month, &a.project, &a.unit).cmp(&(b.month, &b.project, &b.unit)));
        let mut groups: std::collections::BTreeMap<(StatMonth, Option<Code>), CompletenessRow> =
            std::collections::BTreeMap::new();
        let mut total = CompletenessRow::default();
        for r in &returns {
            let group = match by {
                None => None,
                Some(CompletenessBy::Project) => Some(r.project.clone()),
                Some(CompletenessBy::Area) => area_of(programme, &r.unit),
            };
            let row = groups
                .entry((r.month, group.clone()))
                .or_insert_with(|| CompletenessRow {
                    month: Some(r.month),
                    group,
                    ..CompletenessRow::default()
                });
            row.add(r.status);
            total.add(r.status);
        }
        Completeness {
            as_of,
            rows: groups.into_values().collect(),
            total,
            returns,
        }
    }
}

fn unit_key<'a>(project: &'a Code, unit: &'a Reporter) -> (&'a str, u8, &'a str) {
    let kind = match unit {
        Reporter::Area(_) => 0,
        Reporter::School(_) => 1,
        Reporter::Pairing(_) => 2,
    };
    (project.as_str(), kind, unit.code().as_str())
}

/// The area a unit's returns are grouped under.
fn area_of(p: &Programme, unit: &Reporter) -> Option<Code> {
    let school_area = |s: &Code| p.school(s.as_str()).map(|s| s.area().clone());
    match unit {
        Reporter::Area(a) => Some(a.clone()),
        Reporter::School(s) => school_area(s),
        Reporter::Pairing(q) => match p.pairing(q.as_str())?.supported() {
            Party::Area(a) => Some(a.clone()),
            Party::Schools(list) => school_area(list.first()?),
        },
    }
}

impl EntrySink for Received {
    fn accept(&mut self, _index: u32, e: &Vals, _root: Option<u32>, _print: Option<u128>) {
        let units = [(0u8, u32::from(e.area)), (1, e.school), (2, e.pairing)];
        let cal = self.programme.calendar();
        let mut month = None;
        for (kind, unit) in units {
            if unit == NONE32 {
                continue;
            }
            let Some(&k) = self.keys.get(&(e.project, kind, unit)) else {
                continue;
            };
            let m = *month.get_or_insert_with(|| {
                (self.months).get(e.day, |d| cal.month_of(day_to_date(d)).ordinal())
            });
            let slot = self.got.entry((k, m)).or_insert((None, false));
            if e.recorded == i32::MIN {
                slot.1 = true;
            } else {
                slot.0 = Some(slot.0.map_or(e.recorded, |r| r.min(e.recorded)));
            }
        }
    }
}
