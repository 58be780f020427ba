//! Where a ledger that keeps no entries puts the ones it accepts: a sink,
//! in the manner of ripgrep's `grep-searcher::Sink`. The ledger checks each
//! entry and pushes it into the sink; it knows nothing of what the sink
//! does with it (a streamed report totals it).

use std::any::Any;
use std::fmt;

use twox_hash::XxHash3_128;

use super::{Codes, Ledger, LineWriter, Narrow, Row, RowPrinter, Span, Vals, fit32};
use crate::intern::IdArena;

/// Receives each entry a ledger accepts, in order of acceptance.
pub(crate) trait EntrySink: Send + Sync + 'static {
    /// Entry number `index` (0-based, in order of acceptance) with its
    /// values; for a correction, `root` is the original at the root of the
    /// chain of corrections it belongs to; `print` is the XXH3-128
    /// fingerprint of the entry's canonical line when the sink
    /// [wants it](EntrySink::wants_prints) (else `None`).
    fn accept(&mut self, index: u32, entry: &Vals, root: Option<u32>, print: Option<u128>);

    /// Whether the sink reads each entry's fingerprint: taking it costs a
    /// line written and hashed an entry, so only a sink that asks gets it.
    fn wants_prints(&self) -> bool {
        false
    }
}

/// Two sinks fed the same entries, so one read serves both.
impl<A: EntrySink, B: EntrySink> EntrySink for (A, B) {
    fn accept(&mut self, index: u32, entry: &Vals, root: Option<u32>, print: Option<u128>) {
        self.0.accept(index, entry, root, print);
        self.1.accept(index, entry, root, print);
    }

    fn wants_prints(&self) -> bool {
        self.0.wants_prints() || self.1.wants_prints()
    }
}

/// Any number of sinks of one kind fed the same entries.
impl<S: EntrySink> EntrySink for Vec<S> {
    fn accept(&mut self, index: u32, entry: &Vals, root: Option<u32>, print: Option<u128>) {
        for s in self {
            s.accept(index, entry, root, print);
        }
    }

    fn wants_prints(&self) -> bool {
        self.iter().any(EntrySink::wants_prints)
    }
}

/// A sink that can be handed back to its owner as its own type.
trait Outlet: EntrySink {
    fn into_any(self: Box<Self>) -> Box<dyn Any>;
}

impl<T: EntrySink> Outlet for T {
    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
}

/// The sink of a lean ledger, set only while [`Ledger::with_sink`]
/// holds the ledger mutably: no clone ever sees one, so a clone has none.
#[derive(Default)]
struct Slot(Option<Box<dyn Outlet>>);

impl Clone for Slot {
    fn clone(&self) -> Slot {
        Slot(None)
    }
}

impl fmt::Debug for Slot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() {
            "Slot(sink)"
        } else {
            "Slot(none)"
        })
    }
}

/// What a ledger that keeps no entries remembers of each one: what the
/// checks of a later correction read (date, measure, value), in 7 bytes:
/// the day as an offset from a base near the first entry's, the measure as
/// one byte, the value in 32 bits; the rare entry beyond those ranges
/// keeps its whole fact beside, as a loaded ledger keeps a value beyond
/// 32 bits ([`Narrow`]).
#[derive(Clone, Debug, Default)]
pub(crate) struct Lean {
    /// The day minus `base`, or `u16::MAX` when the fact is kept whole.
    day: Vec<u16>,
    /// A day 32,767 days (about 89 years) before the first entry's.
    base: Option<i32>,
    /// The measure, or `u8::MAX` when the fact is kept whole.
    measure: Vec<u8>,
    /// The value, or the whole fact when any of the three does not fit.
    value: Narrow<(i32, u16, i64)>,
    sink: Slot,
    /// Fingerprints rows for a sink that wants them.
    printer: Option<Box<RowPrinter>>,
    /// The fingerprint of the row being sequenced, for the sink.
    print: Option<u128>,
    /// The latest day of an entry accepted.
    latest: Option<i32>,
}

impl Lean {
    /// Remembers entry `index` and pushes it into the sink.
    pub(super) fn accept(&mut self, index: u32, e: &Vals, root: Option<usize>) {
        let base = *self.base.get_or_insert(e.day.saturating_sub(32_767));
        self.latest = Some(self.latest.map_or(e.day, |d| d.max(e.day)));
        let packed = (
            u16::try_from(i64::from(e.day) - i64::from(base))
                .ok()
                .filter(|&d| d != u16::MAX),
            u8::try_from(e.measure).ok().filter(|&m| m != u8::MAX),
            fit32(e.value),
        );
        debug_assert_eq!(index as usize, self.value.len(), "entries come in order");
        let (day, measure, value) = match packed {
            (Some(day), Some(measure), Some(value)) => (day, measure, Some(value)),
            _ => (u16::MAX, u8::MAX, None),
        };
        self.day.push(day);
        self.measure.push(measure);
        self.value.push(value, || (e.day, e.measure, e.value));
        if let Some(sink) = &mut self.sink.0 {
            let root = root.map(|r| u32::try_from(r).expect("under 2^32 entries"));
            sink.accept(index, e, root, self.print.take());
        }
    }

    /// Date (as a day), measure and value of entry `i`.
    pub(super) fn fact(&self, i: usize) -> (i32, u16, i64) {
        match self.value.get(i) {
            Err(&whole) => whole,
            Ok(value) => (
                self.base.expect("set by the first entry") + i32::from(self.day[i]),
                u16::from(self.measure[i]),
                i64::from(value),
            ),
        }
    }

    /// Asks the processor to fetch entry `i`'s fact (see [`Lean::fact`]).
    pub(super) fn prefetch(&self, i: usize) {
        if i < self.value.len() {
            crate::intern::prefetch(&self.day[i]);
            crate::intern::prefetch(&self.measure[i]);
            crate::intern::prefetch(&self.value.narrow()[i]);
        }
    }
}

impl Ledger {
    /// A ledger that checks entries as [`Ledger::new`] does but keeps none:
    /// [`Ledger::with_sink`] pushes each valid entry into a sink.
    pub(crate) fn lean(codes: Codes) -> Ledger {
        let mut l = Ledger::new(std::sync::Arc::clone(&codes.programme));
        l.codes = codes;
        l.ids = IdArena::lean();
        l.lean = Some(Box::default());
        l
    }

    /// Runs `read` (which appends entries to this lean ledger, from
    /// whatever reader) with `sink` receiving every entry it accepts; returns
    /// the sink and what `read` returned. The ledger holds the sink only for
    /// the call: it knows nothing of what the sink does, nor of the reader.
    pub(crate) fn with_sink<S: EntrySink, T>(
        &mut self,
        sink: S,
        read: impl FnOnce(&mut Ledger) -> T,
    ) -> (S, T) {
        fn slot(l: &mut Ledger) -> &mut Option<Box<dyn Outlet>> {
            &mut l.lean.as_mut().expect("a lean ledger").sink.0
        }
        let printer = sink
            .wants_prints()
            .then(|| Box::new(RowPrinter::new(&self.codes, i32::MAX)));
        self.lean.as_mut().expect("a lean ledger").printer = printer;
        *slot(self) = Some(Box::new(sink));
        let out = read(self);
        self.lean.as_mut().expect("a lean ledger").printer = None;
        let sink = slot(self)
            .take()
            .expect("put in above")
            .into_any()
            .downcast::<S>()
            .expect("the sink put in is the one taken out");
        (*sink, out)
    }

    /// The day of the latest entry this lean ledger accepted, if any.
    pub(crate) fn latest_day(&self) -> Option<i32> {
        self.lean.as_ref().and_then(|l| l.latest)
    }

    /// Fingerprints `row` (read from `base`, its new codes at `news`)
    /// before it is sequenced, when this lean ledger's sink wants each
    /// entry's fingerprint; the sink gets it if the row is appended.
    #[inline]
    pub(crate) fn print_for_sink(&mut self, row: &Row, base: &[u8], news: &[Span]) {
        if let Some(lean) = &mut self.lean {
            if let Some(printer) = &mut lean.printer {
                lean.print = printer.print(&self.codes, row, base, news).map(|(_, f)| f);
            }
        }
    }

    /// Pushes every entry of this loaded ledger, in order, into `sink`, as
    /// a lean read of the same rows pushes them (the root of each
    /// correction, each entry's fingerprint when the sink wants it): an
    /// accumulator written once serves a loaded ledger and a streamed read.
    pub(crate) fn replay<S: EntrySink>(&self, sink: &mut S) {
        let root = |i: usize| self.corrected_by(i).map(|t| self.root_of(t) as u32);
        if sink.wants_prints() {
            let lines = self.lines();
            let mut writer = LineWriter::default();
            let mut i = 0usize;
            lines.walk(0..self.len(), i32::MAX, |f| {
                let print = XxHash3_128::oneshot(writer.line(lines.texts(), f));
                sink.accept(i as u32, &self.cols.vals(i), root(i), Some(print));
                i += 1;
            });
        } else {
            for i in 0..self.len() {
                sink.accept(i as u32, &self.cols.vals(i), root(i), None);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lean_facts_round_trip_whatever_their_range() {
        let mut lean = Lean::default();
        let facts = [
            (737_000, 3, 100),
            // Days far from the first, before and after it.
            (737_000 - 40_000, 3, 5),
            (737_000 + 40_000, 3, 5),
            (737_000 + 32_766, 4, 1),
            // A measure past one byte, and values past 32 bits.
            (737_001, 300, 7),
            (737_001, 255, 7),
            (737_002, 2, i64::from(i32::MAX) + 1),
            (737_002, 2, i64::from(i32::MIN)),
            (737_002, 2, -1),
        ];
        for (i, &(day, measure, value)) in facts.iter().enumerate() {
            let e = Vals {
                day,
                project: 0,
                measure,
                area: 0,
                school: 0,
                pairing: 0,
                breakdown: 0,
                source: 0,
                value,
                recorded: i32::MIN,
            };
            lean.accept(i as u32, &e, None);
        }
        for (i, &f) in facts.iter().enumerate() {
            assert_eq!(lean.fact(i), f, "fact {i}");
        }
        // Only the facts that do not fit are kept whole.
        assert_eq!(lean.value.wide_in(0..facts.len()).len(), 6);
    }
}
