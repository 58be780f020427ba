//! The checks an entry passes before it is appended (rules L001 to L021,
//! warnings W001 to W004, and the spreadsheet habits W006 to W012).
//!
//! Every field is first tried in the interchange's own form with the byte
//! tables and inline look-ups of the fast path; only a field that fails
//! there goes to a cold function that reads codes in other scripts, ids as
//! free text, names for codes, spaces around fields and the other habits.

use super::{
    Codes, DateIn, Fields, NO_BREAKDOWN, NONE32, Origin, Vals, ValueIn, date_to_day, day_to_date,
    fmt_units,
};
use crate::calendar::parse_day_bytes;
use crate::code::{check_code, check_id, is_code};
use crate::habits::{Habits, read_date, read_value, slash_day, trim_spaces};
use crate::intern::{IdKey, Probe};
use crate::number::{NumberError, decimal_units, parse_units};
use crate::programme::RegistryKind;
use crate::suggest::did_you_mean;
use crate::violation::{Location, Rule, Violation, Violations};
use crate::{Code, Error, Ledger};

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

/// A byte range of the text a row was read from.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Span {
    start: u32,
    len: u32,
}

impl Span {
    /// Where `part` lies within `base` (`part` must be a slice of `base`
    /// unless empty).
    pub(crate) fn of(base: &[u8], part: &[u8]) -> Span {
        if part.is_empty() {
            // Possibly a column the file does not have: not a slice of `base`.
            return Span::default();
        }
        let start = part.as_ptr() as usize - base.as_ptr() as usize;
        debug_assert!(start + part.len() <= base.len());
        Span {
            start: u32::try_from(start).expect("rows are read in blocks under 4 GiB"),
            len: part.len() as u32,
        }
    }

    pub(crate) fn get(self, base: &[u8]) -> &str {
        std::str::from_utf8(self.bytes(base)).expect("spans cover checked UTF-8")
    }

    pub(crate) fn bytes(self, base: &[u8]) -> &[u8] {
        &base[self.start as usize..(self.start + self.len) as usize]
    }

    pub(crate) fn is_empty(self) -> bool {
        self.len == 0
    }

    fn shift(&mut self, by: u32) {
        if !self.is_empty() {
            self.start += by;
        }
    }
}

/// An optional or open-list code after the row-local checks.
#[derive(Clone, Copy, Debug)]
enum CodeAt {
    /// Invalid (a violation was recorded).
    Bad,
    /// Not given.
    Absent,
    /// A known code.
    Id(u32),
    /// A valid code the programme does not list (its list is open): interned
    /// when the entry is appended.
    New(Span),
}

/// [`Row::open`] values that are not ids.
pub(super) const BAD: u32 = u32::MAX - 1;
const ABSENT: u32 = NONE32;
/// The code's text is the next span of the row's new codes.
pub(super) const NEW: u32 = u32::MAX - 2;

/// One row after every check that needs only the row and the programme,
/// ready for the checks that need the entries before it ([`Ledger::sequence`]).
/// 72 bytes: a block's rows pass from thread to thread.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Row {
    /// The row's line (in its block, when read in blocks).
    pub(crate) line: u32,
    /// How many violations the row-local checks found (kept apart).
    pub(crate) own: u16,
    /// False for a record that could not be read as a row at all (its
    /// violations are all there is).
    pub(crate) parsed: bool,
    /// Whether the row-local checks found an error.
    pub(crate) errors: bool,
    /// Whether the row holds only separators and is not counted as read.
    pub(crate) skipped: bool,
    // The fields below are read by the checks in order and by the
    // canonical line of the entry (`line.rs`).
    /// Whether `id` is a valid code (so it is looked up for duplicates).
    pub(super) id_ok: bool,
    pub(super) value_ok: bool,
    pub(super) breakdown: u8,
    pub(super) id: Span,
    pub(super) corrects: Span,
    /// `i32::MIN` when invalid.
    pub(super) day: i32,
    /// `i32::MIN` when absent or invalid.
    pub(super) recorded: i32,
    /// `NONE32` when invalid.
    pub(super) project: u32,
    pub(super) measure: u32,
    pub(super) value: i64,
    /// Area, school, pairing and source: an id, `BAD`, `ABSENT` or `NEW`.
    pub(super) open: [u32; 4],
}

impl Row {
    /// Moves the row's spans `by` bytes on: for a row checked against its
    /// record's text and kept with a whole block.
    pub(crate) fn shift(&mut self, by: usize) {
        let by = u32::try_from(by).expect("blocks are under 4 GiB");
        self.id.shift(by);
        self.corrects.shift(by);
    }

    /// The id that checking the row in order looks up, if any (`text` is
    /// the row's text, as for [`Ledger::sequence`]).
    pub(crate) fn id_to_check<'a>(&self, text: &'a [u8]) -> Option<&'a [u8]> {
        (self.parsed && self.id_ok).then(|| self.id.bytes(text))
    }

    /// The id of the entry the row corrects, to read ahead for a row that
    /// passed its own checks (the usual one that checking it in order
    /// looks up).
    pub(crate) fn corrects_to_check<'a>(&self, text: &'a [u8]) -> Option<&'a [u8]> {
        (self.parsed && !self.errors && !self.corrects.is_empty())
            .then(|| self.corrects.bytes(text))
    }

    /// Whether the row has codes to intern (their spans follow in order).
    pub(crate) fn news(&self) -> usize {
        self.open.iter().filter(|&&c| c == NEW).count()
    }
}

impl Span {
    pub(crate) fn shifted(mut self, by: usize) -> Span {
        self.shift(u32::try_from(by).expect("blocks are under 4 GiB"));
        self
    }
}

const OPEN: [RegistryKind; 4] = [
    RegistryKind::Area,
    RegistryKind::School,
    RegistryKind::Pairing,
    RegistryKind::Source,
];

impl Codes {
    /// The checks of one entry that need only its fields and the programme
    /// (every rule but duplicate ids and corrections). Violations go to `v`;
    /// spans in the row are relative to `base`, of which every field of `f`
    /// is a slice.
    pub(crate) fn check_row(
        &self,
        base: &[u8],
        f: &Fields<'_>,
        origin: Origin<'_>,
        v: &mut Violations,
        news: &mut Vec<Span>,
    ) -> Row {
        let before = v.error_count();
        // id: an ASCII code on the fast path, else any text without control
        // characters
        let (id, id_ok) = if is_code(f.id) {
            (f.id, true)
        } else {
            self.read_id(f.id, origin, v)
        };
        let err = |v: &mut Violations, rule: Rule, field: &str, msg: String| {
            v.push(Violation::new(rule, origin.at(text(id), field), msg));
        };

        // date
        let day = match f.date {
            DateIn::Date(d) => Some(date_to_day(d)),
            DateIn::Text(b"") => {
                err(
                    v,
                    Rule::MalformedRow,
                    "date",
                    "date is required but empty".into(),
                );
                None
            }
            DateIn::Text(t) => match parse_day_bytes(t) {
                Ok(d) => Some(d),
                Err(reason) => self.check_date("date", t, reason, origin, id, v),
            },
        };

        // recorded (optional): a date like `date`, with the same habits
        let recorded = match f.recorded {
            DateIn::Date(d) => date_to_day(d),
            DateIn::Text(b"") => i32::MIN,
            DateIn::Text(t) => match parse_day_bytes(t) {
                Ok(d) => d,
                Err(reason) => self
                    .check_date("recorded", t, reason, origin, id, v)
                    .unwrap_or(i32::MIN),
            },
        };

        // project and measure: always listed
        let project = self.lookup(RegistryKind::Project, f.project, base, origin, id, v, false);
        let measure = self.lookup(RegistryKind::Measure, f.measure, base, origin, id, v, false);

        // area, school, pairing, source: checked when the programme lists them
        let open = [
            self.lookup(RegistryKind::Area, f.area, base, origin, id, v, false),
            self.lookup_opt(RegistryKind::School, f.school, base, origin, id, v),
            self.lookup_opt(RegistryKind::Pairing, f.pairing, base, origin, id, v),
            self.lookup_opt(RegistryKind::Source, f.source, base, origin, id, v),
        ];
        let [area, school, pairing, source] = open;
        let (project, measure) = (known(project), known(measure));

        let programme = &*self.programme;
        // Registry items come first in the interners, so an id below the
        // registry's length is the registry position: no hashing needed.
        let registered = match school {
            CodeAt::Id(sid) => (self.school_areas.get(sid as usize)).map(|&home| (sid, home)),
            _ => None,
        };
        if let Some((sid, home)) = registered {
            let area_code = match area {
                CodeAt::Id(aid) if Some(aid) == home => None,
                CodeAt::Id(aid) => Some(self.areas.code(aid).as_str().as_bytes()),
                CodeAt::New(s) => Some(s.bytes(base)),
                CodeAt::Bad | CodeAt::Absent => None,
            };
            // Only a row whose area is not the school's own reads further.
            let school = area_code.map(|_| &programme.schools()[sid as usize]);
            if let (Some(s), Some(area_code)) = (school, area_code) {
                if s.area().as_str().as_bytes() != area_code {
                    err(
                        v,
                        Rule::SchoolNotInArea,
                        "school",
                        format!(
                            "school {} is in area {}, not in area {}",
                            s.code(),
                            s.area(),
                            text(area_code)
                        ),
                    );
                }
            }
        }
        if let (CodeAt::Id(pid), Some(day)) = (pairing, day) {
            if let Some(&(start, end)) = self.pairing_days.get(pid as usize) {
                if day < start || day > end {
                    let p = &programme.pairings()[pid as usize];
                    let until = p.end().map_or_else(|| "open".to_owned(), |e| e.to_string());
                    err(
                        v,
                        Rule::PairingNotInForce,
                        "pairing",
                        format!(
                            "pairing {} is in force from {} to {until}, not on {}",
                            text(f.pairing),
                            p.start(),
                            day_to_date(day)
                        ),
                    );
                }
            }
        }

        // breakdown, value, source against the measure
        let mut breakdown = NO_BREAKDOWN;
        let mut value = None;
        if let Some(mid) = measure {
            let m = &programme.measures()[mid as usize];
            let found = if f.breakdown.is_empty() {
                Ok(None)
            } else if let Some(b) = self.breakdown_index(mid as usize, f.breakdown) {
                Ok(Some(b))
            } else {
                self.find_breakdown(mid as usize, f.breakdown, origin, id, v)
            };
            if let Ok(Some(b)) = found {
                breakdown = b as u8;
            } else if let Ok(None) = found {
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
            }
            value = self.check_value(&f.value, m, origin, id, v);
            if !matches!(source, CodeAt::Absent) && !m.unit().is_money() {
                err(
                    v,
                    Rule::SourceOnNonMoney,
                    "source",
                    format!(
                        "source {:?} is given for measure {}, which is not money",
                        text(f.source),
                        m.code()
                    ),
                );
            }
            if let Some(pid) = project {
                let p = &programme.projects()[pid as usize];
                let mid = measure.expect("some") as usize;
                if !self.reports[super::pair_index(pid as usize, mid, self.units.len())] {
                    // May be on every row: built only if kept.
                    v.push_with(Rule::MeasureNotReported, || {
                        Violation::new(
                            Rule::MeasureNotReported,
                            origin.at(text(id), "measure"),
                            format!("project {} does not declare measure {}", p.code(), m.code()),
                        )
                    });
                }
            }
        }

        // corrects: an entry id, spaces around it dropped
        let mut corrects = f.corrects;
        if !corrects.is_empty() {
            let t = trim_spaces(corrects);
            if t.len() != corrects.len() {
                self.spaces(
                    v,
                    || origin.at(text(id), "corrects"),
                    "corrects",
                    corrects,
                    t,
                );
                corrects = t;
            }
        }

        // A negative value must correct something (the rest of the
        // correction checks need the entries before this one).
        if corrects.is_empty() {
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
        }

        let own = |c: CodeAt, news: &mut Vec<Span>| match c {
            CodeAt::Bad => BAD,
            CodeAt::Absent => ABSENT,
            CodeAt::Id(i) => i,
            CodeAt::New(s) => {
                news.push(s);
                NEW
            }
        };
        Row {
            line: 0,
            own: 0,
            parsed: true,
            skipped: false,
            errors: v.error_count() != before,
            id_ok,
            value_ok: value.is_some(),
            breakdown,
            id: Span::of(base, id),
            corrects: Span::of(base, corrects),
            day: day.unwrap_or(i32::MIN),
            recorded,
            project: project.unwrap_or(NONE32),
            measure: measure.unwrap_or(NONE32),
            value: value.unwrap_or(0),
            open: open.map(|c| own(c, news)),
        }
    }

    /// Finds a code (`optional`: a field of spaces only is none).
    #[inline]
    #[allow(clippy::too_many_arguments)] // the hot path: no struct to build
    fn lookup(
        &self,
        kind: RegistryKind,
        text: &[u8],
        base: &[u8],
        origin: Origin<'_>,
        id: &[u8],
        v: &mut Violations,
        optional: bool,
    ) -> CodeAt {
        match self.code_or_name(kind, text) {
            Some(i) => CodeAt::Id(i),
            None => self.not_found(kind, text, base, origin, id, v, optional),
        }
    }

    /// Finds an optional code (an empty field is none).
    #[inline]
    fn lookup_opt(
        &self,
        kind: RegistryKind,
        text: &[u8],
        base: &[u8],
        origin: Origin<'_>,
        id: &[u8],
        v: &mut Violations,
    ) -> CodeAt {
        if text.is_empty() {
            return CodeAt::Absent;
        }
        self.lookup(kind, text, base, origin, id, v, true)
    }

    /// Text that is neither a code in its interner nor a name for one: a
    /// code or a name with spaces around it, missing (an optional field
    /// that is empty never gets here), invalid, undeclared, or new to an
    /// open list.
    #[cold]
    #[inline(never)]
    #[allow(clippy::too_many_arguments)] // `lookup`'s, passed on
    fn not_found(
        &self,
        kind: RegistryKind,
        raw: &[u8],
        base: &[u8],
        origin: Origin<'_>,
        id: &[u8],
        v: &mut Violations,
        optional: bool,
    ) -> CodeAt {
        let column = kind.column();
        let id = text(id);
        let part = trim_spaces(raw);
        if part.len() != raw.len() {
            self.spaces(v, || origin.at(id, column), column, raw, part);
            if part.is_empty() && optional {
                return CodeAt::Absent;
            }
            if let Some(i) = self.code_or_name(kind, part) {
                return CodeAt::Id(i);
            }
        }
        let text = text(part);
        if text.is_empty() {
            v.push(Violation::new(
                Rule::MalformedRow,
                origin.at(id, column),
                format!("{column} is required but empty"),
            ));
            return CodeAt::Bad;
        }
        if let Err(e) = check_code(text) {
            v.push(Violation::new(
                Rule::InvalidCode,
                origin.at(id, column),
                error_reason(&e),
            ));
            return CodeAt::Bad;
        }
        if self.programme.lists(kind) {
            let codes = self.interner(kind).codes().iter().map(Code::as_str);
            let hint = did_you_mean(text, codes.chain(self.names.names(kind)));
            v.push(Violation::new(
                kind.unknown_rule(),
                origin.at(id, column),
                format!("{column} {text:?} is not declared by the programme{hint}"),
            ));
            return CodeAt::Bad;
        }
        CodeAt::New(Span::of(base, part))
    }

    /// A row holding only separators: skipped with a warning, or refused
    /// when reading strictly. Returns whether it counts as a row read (it
    /// does when refused).
    #[cold]
    pub(crate) fn separator_only(&self, origin: Origin<'_>, v: &mut Violations) -> bool {
        let at = || Location {
            file: origin.file.map(str::to_owned),
            line: origin.line,
            item: None,
            field: None,
        };
        let message = || "the row holds only separators".to_owned();
        self.habit(v, Rule::SeparatorOnlyRow, at, message);
        self.strict
    }

    /// Pushes a spreadsheet habit's warning, or an error when reading
    /// strictly. The place and the message are made only for a warning
    /// the list keeps: a habit may be on every row of an office's file
    /// (values with thousands separators), and a read keeps a few.
    fn habit(
        &self,
        v: &mut Violations,
        rule: Rule,
        at: impl FnOnce() -> Location,
        message: impl FnOnce() -> String,
    ) {
        if self.strict {
            let message = format!("{}; a strict reading refuses it", message());
            v.push(Violation::new(rule, at(), message).as_error());
        } else {
            v.push_with(rule, || Violation::new(rule, at(), message()));
        }
    }

    /// The warning for a field with spaces around it.
    fn spaces(
        &self,
        v: &mut Violations,
        at: impl FnOnce() -> Location,
        column: &str,
        raw: &[u8],
        trimmed: &[u8],
    ) {
        let message = || {
            format!(
                "{column} {:?} has spaces around it: read as {:?}",
                text(raw),
                text(trimmed)
            )
        };
        self.habit(v, Rule::SpacesAroundField, at, message);
    }

    /// An id that is not an ASCII code: spaces around it dropped, then any
    /// text without control characters. The id to use, and whether it is
    /// valid.
    #[cold]
    #[inline(never)]
    fn read_id<'t>(
        &self,
        raw: &'t [u8],
        origin: Origin<'_>,
        v: &mut Violations,
    ) -> (&'t [u8], bool) {
        let id = trim_spaces(raw);
        if id.is_empty() {
            let at = origin.at("", "id");
            v.push(Violation::new(
                Rule::MalformedRow,
                at,
                "id is required but empty",
            ));
            return (id, false);
        }
        if id.len() != raw.len() {
            self.spaces(v, || origin.at(text(id), "id"), "id", raw, id);
        }
        match check_id(text(id)) {
            Ok(()) => (id, true),
            Err(reason) => {
                v.push(Violation::new(
                    Rule::InvalidCode,
                    origin.at(text(id), "id"),
                    reason,
                ));
                (id, false)
            }
        }
    }

    /// A date (in `column`: `date`, or the optional `recorded`) not in the
    /// form `YYYY-MM-DD`: spaces around it dropped, then the habits of
    /// [`read_date`], each with its warning. `None` when it is invalid, or
    /// spaces only in the optional column.
    #[cold]
    #[inline(never)]
    fn check_date(
        &self,
        column: &'static str,
        raw: &[u8],
        reason: &str,
        origin: Origin<'_>,
        id: &[u8],
        v: &mut Violations,
    ) -> Option<i32> {
        let at = || origin.at(text(id), column);
        let label = if column == "date" {
            "date"
        } else {
            "recorded date"
        };
        let read_as = |t: &[u8], day: i32, note: &str| {
            format!(
                "{label} {:?} is read as {} ({note})",
                text(t),
                day_to_date(day)
            )
        };
        // The form of every row of an office's file, first.
        if let Some(day) = slash_day(raw) {
            let message = || read_as(raw, day, WRITE_PLAIN);
            self.habit(v, Rule::DateSlashes, at, message);
            return Some(day);
        }
        let t = trim_spaces(raw);
        let fail = |v: &mut Violations| {
            let message = format!("{label} {:?}: {reason}", text(raw));
            v.push(Violation::new(Rule::InvalidDate, at(), message));
            None
        };
        if t.is_empty() && column != "date" {
            self.spaces(v, at, column, raw, t);
            return None;
        }
        if t.is_empty() {
            v.push(Violation::new(
                Rule::MalformedRow,
                at(),
                "date is required but empty",
            ));
            return None;
        }
        // The plain form failed on `raw`: tried again only if trimmed.
        let plain = if t.len() == raw.len() {
            Err("")
        } else {
            parse_day_bytes(t)
        };
        let (day, habits) = match plain {
            Ok(day) => (day, Habits::default()),
            Err(_) => match read_date(t) {
                Some(read) => read,
                None => return fail(v),
            },
        };
        if t.len() != raw.len() {
            self.spaces(v, at, column, raw, t);
        }
        for rule in habits.iter() {
            let note = match rule {
                Rule::DateUnpadded => "write months and days with two digits",
                Rule::DateMidnight => "a midnight time is dropped",
                _ => WRITE_PLAIN,
            };
            self.habit(v, rule, at, || read_as(t, day, note));
        }
        Some(day)
    }

    /// A breakdown not among the measure's codes or their names: spaces
    /// around it dropped, or not allowed. `Ok(None)` for a field of
    /// spaces only (no breakdown), `Err` when not allowed.
    #[cold]
    #[inline(never)]
    fn find_breakdown(
        &self,
        m: usize,
        raw: &[u8],
        origin: Origin<'_>,
        id: &[u8],
        v: &mut Violations,
    ) -> Result<Option<usize>, ()> {
        let at = || origin.at(text(id), "breakdown");
        let t = trim_spaces(raw);
        if t.len() != raw.len() {
            self.spaces(v, at, "breakdown", raw, t);
            if t.is_empty() {
                return Ok(None);
            }
        }
        if let Some(b) = self.breakdown_index(m, t) {
            return Ok(Some(b));
        }
        let measure = &self.programme.measures()[m];
        let allowed = if measure.breakdowns().is_empty() {
            "none".to_owned()
        } else {
            join(measure.breakdowns())
        };
        let codes = measure.breakdowns().iter().map(Code::as_str);
        let hint = did_you_mean(text(t), codes.chain(self.names.breakdown_names(m)));
        let message = format!(
            "breakdown {:?} is not allowed for measure {} (allowed: {allowed}){hint}",
            text(t),
            measure.code()
        );
        v.push(Violation::new(Rule::BreakdownNotAllowed, at(), message));
        Err(())
    }
}

/// What the warning for a date in another form (slashes, Chinese) asks.
const WRITE_PLAIN: &str = "write YYYY-MM-DD";

/// The id of a required code that every programme lists (never `New`).
fn known(c: CodeAt) -> Option<u32> {
    match c {
        CodeAt::Id(i) => Some(i),
        _ => None,
    }
}

impl Ledger {
    /// Checks one entry's fields and appends it if it breaks no rule; every
    /// violation (and warning) goes to `v`. Returns whether it was appended.
    pub(crate) fn push_fields(
        &mut self,
        base: &[u8],
        f: &Fields<'_>,
        origin: Origin<'_>,
        v: &mut Violations,
    ) -> bool {
        let mut local = Violations::limited(self.codes.keep);
        let mut news = Vec::new();
        let row = self.codes.check_row(base, f, origin, &mut local, &mut news);
        v.count_omitted(local.omitted_counts());
        let print = match &mut self.read_sums {
            Some(sums) => sums.printer().print(&self.codes, &row, base, &news),
            None => None,
        };
        self.print_for_sink(&row, base, &news);
        let appended = self.sequence(&row, None, base, local, news, origin, v);
        if let (true, Some(sums), Some(print)) = (appended, &mut self.read_sums, print) {
            sums.add(print);
        }
        appended
    }

    /// The checks of a row that need the entries before it (duplicate ids,
    /// corrections), then the append. `local` holds the row's own violations
    /// from [`Codes::check_row`]; they go to `v` in field order, after a
    /// duplicate id and before the corrections. Returns whether the entry was
    /// appended. `id_key` is the key of the row's id if a reader's worker
    /// computed it.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn sequence(
        &mut self,
        row: &Row,
        id_key: Option<&IdKey>,
        text: &[u8],
        local: impl IntoIterator<Item = Violation>,
        news: impl IntoIterator<Item = Span>,
        origin: Origin<'_>,
        v: &mut Violations,
    ) -> bool {
        let before = v.error_count();
        let id_bytes = row.id.bytes(text);
        // The text only for messages: ids are checked UTF-8.
        let id = || row.id.get(text);
        let err = |v: &mut Violations, rule: Rule, field: &str, msg: String| {
            v.push(Violation::new(rule, origin.at(id(), field), msg));
        };

        let mut vacant = false;
        let own;
        let id_key = if let Some(key) = id_key {
            key
        } else {
            own = if row.id_ok {
                IdKey::of(id_bytes)
            } else {
                IdKey::default()
            };
            &own
        };
        if row.id_ok {
            match self.ids.probe_key(id_bytes, id_key) {
                Probe::Found(prev) => err(
                    v,
                    Rule::DuplicateId,
                    "id",
                    format!(
                        "id {:?} is already used by entry number {} of the ledger",
                        id(),
                        prev + 1
                    ),
                ),
                Probe::Vacant => vacant = true,
            }
        }
        for x in local {
            v.push(x);
        }
        let measure = (row.measure != NONE32).then_some(row.measure);
        let value = row.value_ok.then_some(row.value);
        let day = (row.day != i32::MIN).then_some(row.day);

        // corrections
        let mut corrected = None;
        if !row.corrects.is_empty() {
            let corrects = row.corrects.get(text);
            match self.ids.find(corrects) {
                None => err(
                    v,
                    Rule::CorrectsUnknown,
                    "corrects",
                    format!("corrects {corrects:?}, which is not an earlier entry of the ledger"),
                ),
                Some(t) => {
                    let root = self.root_of(t);
                    let (_, t_measure, root_value) = self.fact(root);
                    if let Some(m) = measure.filter(|&m| m != u32::from(t_measure)) {
                        err(
                            v,
                            Rule::CorrectionMeasure,
                            "measure",
                            format!(
                                "measure {} differs from measure {} of the corrected entry {}",
                                self.codes.measures.code(m),
                                self.codes.measures.code(u32::from(t_measure)),
                                corrects
                            ),
                        );
                    } else if let Some(x) = value {
                        let net = self.roots.net(root).unwrap_or(root_value);
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
                                    self.root_id(root, t, corrects),
                                    fmt_units(net, Some(self.unit_of(t_measure))),
                                    fmt_units(n, Some(self.unit_of(t_measure)))
                                ),
                            ),
                            Some(n) => corrected = Some((t, root, n)),
                        }
                    }
                    if let Some(d) = day {
                        let td = self.fact(t).0;
                        if d < td {
                            err(
                                v,
                                Rule::CorrectionBeforeOriginal,
                                "date",
                                format!(
                                    "dated {}, before the entry it corrects ({})",
                                    day_to_date(d),
                                    day_to_date(td)
                                ),
                            );
                        }
                    }
                }
            }
        }

        if row.errors || v.error_count() != before {
            return false;
        }
        let project = (row.project != NONE32).then_some(row.project);
        let (true, Some(day), Some(project), Some(measure), Some(value)) =
            (vacant, day, project, measure, value)
        else {
            return false;
        };
        let mut open = [NONE32; 4];
        let mut news = news.into_iter();
        for ((slot, at), kind) in open.iter_mut().zip(row.open).zip(OPEN) {
            *slot = match at {
                BAD => return false,
                NEW => {
                    let s = news.next().expect("a span for each new code");
                    self.codes.intern_new(kind, s, text)
                }
                id => id,
            };
        }
        let [area, school, pairing, source] = open;
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
        let Ok(source) = u16::try_from(if source == NONE32 {
            u32::from(u16::MAX)
        } else {
            source
        }) else {
            err(
                v,
                Rule::MalformedRow,
                "source",
                "more than 65,534 distinct funding sources".into(),
            );
            return false;
        };
        let index = self.ids.push_key(id_bytes, id_key);
        let vals = Vals {
            day,
            project,
            measure,
            area,
            school,
            pairing,
            breakdown: row.breakdown,
            source,
            value,
            recorded: row.recorded,
        };
        self.append(index, &vals, corrected.map(|(_, root, _)| root));
        if let Some((t, root, net)) = corrected {
            self.push_correction(index, t);
            // A ledger that keeps no ids keeps a corrected original's (the
            // first correction of an original corrects it directly).
            let id = (self.lean.is_some() && t == root).then(|| row.corrects.get(text));
            self.roots.set(root, net, id);
        }
        true
    }
}

impl Codes {
    /// The id of a code of an open list that was new when its row was
    /// checked: often interned since, by an earlier row. Out of line and
    /// cold (rows checked after a code is interned carry its id), so that
    /// the loop over a row's four open codes stays small.
    #[cold]
    #[inline(never)]
    fn intern_new(&mut self, kind: RegistryKind, s: Span, text: &[u8]) -> u32 {
        let known = self.interner(kind).get_bytes(s.bytes(text));
        known.unwrap_or_else(|| {
            let code = Code::new(s.get(text)).expect("checked by check_row");
            self.intern(kind, &code)
        })
    }
}

/// A field's text, for a message: fields are cut from checked UTF-8 at
/// ASCII commas.
fn text(b: &[u8]) -> &str {
    std::str::from_utf8(b).expect("fields are cut from checked UTF-8 at commas")
}

impl Codes {
    /// Checks a value against a measure's unit; the value in base units.
    fn check_value(
        &self,
        value: &ValueIn<'_>,
        m: &crate::Measure,
        origin: Origin<'_>,
        id: &[u8],
        v: &mut Violations,
    ) -> Option<i64> {
        let unit = m.unit();
        let max = unit.fraction_digits();
        // Straight into base units: a count is not scaled by 100 first.
        let parsed = match value {
            ValueIn::Text(t) => match parse_units(t, max) {
                Ok(units) => Ok(units),
                Err(e) => self.value_habits(t, e, max, origin, id, v),
            },
            ValueIn::Decimal(d) => decimal_units(*d, max),
        };
        if let Ok(units) = parsed {
            return Some(units);
        }
        // Only an error pays for showing the value.
        let shown = match value {
            ValueIn::Text(t) => text(t).to_owned(),
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
        v.push(Violation::new(rule, origin.at(text(id), "value"), msg));
        None
    }

    /// A value not in the plain form: spaces around it dropped, then the
    /// habits of [`read_value`], each with its warning; else the first error.
    #[cold]
    #[inline(never)]
    fn value_habits(
        &self,
        raw: &[u8],
        first: NumberError,
        max: u8,
        origin: Origin<'_>,
        id: &[u8],
        v: &mut Violations,
    ) -> Result<i64, NumberError> {
        let at = || origin.at(text(id), "value");
        let t = trim_spaces(raw);
        if t.is_empty() {
            return Err(NumberError::Empty);
        }
        // The plain form failed on `raw` (`first`): tried again only if
        // trimmed.
        let plain = if t.len() == raw.len() {
            Err(first)
        } else {
            parse_units(t, max)
        };
        let (units, habits) = match plain {
            Ok(units) => (units, Habits::default()),
            Err(_) => read_value(t, max).ok_or(first)?,
        };
        if t.len() != raw.len() {
            self.spaces(v, at, "value", raw, t);
        }
        for rule in habits.iter() {
            let note = if rule == Rule::ThousandsSeparators {
                "thousands separators dropped"
            } else {
                "zeros beyond the second fraction digit dropped"
            };
            let message = || {
                let shown = crate::number::format_units(units, max);
                format!("value {:?} is read as {shown} ({note})", text(t))
            };
            self.habit(v, rule, at, message);
        }
        Ok(units)
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
