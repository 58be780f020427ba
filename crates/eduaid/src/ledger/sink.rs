//! Where a ledger that keeps no entries puts the ones it accepts: a sink,
//! in the manner of ripgrep's `grep-searcher::Sink`. The ledger checks each
//! entry and pushes it into the sink; it knows nothing of what the sink
//! does with it (a streamed report totals it).

use std::any::Any;
use std::fmt;
use std::io;

use super::{Codes, Ledger, Vals};
use crate::fxhash::FxMap;
use crate::intern::IdArena;
use crate::violation::Violations;
use crate::{Error, ReadOptions};

/// Receives each entry a ledger accepts, in order of acceptance.
pub(crate) trait EntrySink: Send + Sync + 'static {
    /// Entry number `index` (0-based, in order of acceptance) with its
    /// values; for a correction, `root` is the original at the root of the
    /// chain of corrections it belongs to.
    fn accept(&mut self, index: u32, entry: &Vals, root: Option<u32>);
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

/// The sink of a lean ledger, set only while [`Ledger::append_csv_into`]
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
/// checks of a later correction read (date, measure, value: 10 bytes).
#[derive(Clone, Debug, Default)]
pub(crate) struct Lean {
    day: Vec<i32>,
    measure: Vec<u16>,
    /// The value, or `i32::MIN` when it is in `big`.
    value: Vec<i32>,
    big: FxMap<u32, i64>,
    /// The ids of corrected originals (a lean id arena keeps none).
    root_ids: FxMap<u32, Box<str>>,
    sink: Slot,
}

impl Lean {
    /// Remembers entry `index` and pushes it into the sink.
    pub(super) fn accept(&mut self, index: u32, e: &Vals, corrected: Option<(usize, usize, &str)>) {
        self.day.push(e.day);
        self.measure.push(e.measure);
        match i32::try_from(e.value) {
            Ok(x) if x != i32::MIN => self.value.push(x),
            _ => {
                self.value.push(i32::MIN);
                self.big.insert(index, e.value);
            }
        }
        if let Some((t, root, t_id)) = corrected {
            if t == root {
                self.root_ids
                    .entry(root as u32)
                    .or_insert_with(|| t_id.into());
            }
        }
        if let Some(sink) = &mut self.sink.0 {
            sink.accept(index, e, corrected.map(|(_, root, _)| root as u32));
        }
    }

    /// Date (as a day), measure and value of entry `i`.
    pub(super) fn fact(&self, i: usize) -> (i32, u16, i64) {
        let value = match self.value[i] {
            i32::MIN => self.big[&(i as u32)],
            x => i64::from(x),
        };
        (self.day[i], self.measure[i], value)
    }

    /// The id of corrected original `root`.
    pub(super) fn root_id(&self, root: usize) -> &str {
        self.root_ids.get(&(root as u32)).map_or("?", |x| &**x)
    }
}

impl Ledger {
    /// A ledger that checks entries as [`Ledger::new`] does but keeps none:
    /// [`Ledger::append_csv_into`] pushes each valid entry into a sink.
    pub(crate) fn lean(codes: Codes) -> Ledger {
        let mut l = Ledger::new(std::sync::Arc::clone(&codes.programme));
        l.codes = codes;
        l.ids = IdArena::lean();
        l.lean = Some(Box::default());
        l
    }

    /// Reads a ledger CSV into a lean ledger as [`Ledger::append_csv`]
    /// does (on `threads` threads in blocks of `block` bytes when given),
    /// pushing every valid entry into `sink`; returns the sink, the
    /// violations and the data rows read.
    pub(crate) fn append_csv_into<S: EntrySink, R: io::Read>(
        &mut self,
        input: R,
        file: &str,
        opts: &ReadOptions,
        split: Option<(usize, usize)>,
        sink: S,
    ) -> Result<(S, Violations, u64), Error> {
        fn slot(l: &mut Ledger) -> &mut Option<Box<dyn Outlet>> {
            &mut l.lean.as_mut().expect("a lean ledger").sink.0
        }
        *slot(self) = Some(Box::new(sink));
        let read = match split {
            None => self.append_csv_with(input, file, opts),
            Some(split) => self.append_csv_in(input, file, opts, split),
        };
        let sink = slot(self).take().expect("put in above");
        let (violations, rows) = read?;
        let sink = sink
            .into_any()
            .downcast::<S>()
            .expect("the sink put in is the one taken out");
        Ok((*sink, violations, rows))
    }
}
