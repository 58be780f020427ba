//! Shared set-up of eduaid's benchmarks (see `benches/` and `README.md`):
//! the seeded ledger sizes and shapes, test-mode detection and memory probes.

use std::sync::{Arc, OnceLock};

use eduaid::{GenerateOptions, IdStyle, Ledger, Programme, ProgrammeKind, generate_ledger};

/// The seed of every benchmark ledger.
pub const SEED: u64 = 2019;

/// One benchmark ledger size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Size {
    /// The id suffix: `10k`, `100k`, `1m`, `10m`.
    pub label: &'static str,
    /// Ledger rows.
    pub entries: u64,
}

/// Whether criterion runs in test mode (`cargo bench -- --test`: each
/// benchmark once, as CI does).
#[must_use]
pub fn test_mode() -> bool {
    std::env::args().any(|a| a == "--test")
}

/// The sizes to run: 10k, 100k and 1m entries, and 10m when the environment
/// sets `EDUAID_BENCH_10M=1`; in test mode only those up to 100k.
#[must_use]
pub fn sizes() -> Vec<Size> {
    let ten_m = std::env::var("EDUAID_BENCH_10M").is_ok_and(|v| v == "1");
    let all = [
        Size {
            label: "10k",
            entries: 10_000,
        },
        Size {
            label: "100k",
            entries: 100_000,
        },
        Size {
            label: "1m",
            entries: 1_000_000,
        },
        Size {
            label: "10m",
            entries: 10_000_000,
        },
    ];
    let test = test_mode();
    all.into_iter()
        .filter(|s| s.entries < 10_000_000 || ten_m)
        .filter(|s| s.entries <= 100_000 || !test)
        .collect()
}

/// The options of a benchmark ledger of the default shape.
#[must_use]
pub fn options(size: Size) -> GenerateOptions {
    GenerateOptions::new(size.entries, SEED)
}

/// A ledger shape: one of the generator's knobs at an extreme.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    /// The id part: `undeclared75` in `ingest/report_csv/undeclared75/1m`.
    pub label: &'static str,
    /// What it changes in the default options.
    pub apply: fn(&mut GenerateOptions),
}

impl Shape {
    /// The options of a ledger of this shape and size.
    #[must_use]
    pub fn options(self, size: Size) -> GenerateOptions {
        let mut o = options(size);
        (self.apply)(&mut o);
        o
    }
}

/// Every shape the benches know, the worst of the baseline matrix
/// (`README.md`) first.
pub const SHAPES: [Shape; 7] = [
    shape("date-sorted", |o| o.ids = IdStyle::DateSorted),
    shape("undeclared75", |o| o.undeclared_per_mille = 750),
    shape("text-ids", |o| o.ids = IdStyle::Text),
    shape("areas300", |o| o.areas = 300),
    shape("schools5000", |o| o.schools = 5_000),
    shape("reversals5", |o| o.reversals_per_mille = 50),
    shape("canonical", |o| o.programme = ProgrammeKind::Canonical),
];

const fn shape(label: &'static str, apply: fn(&mut GenerateOptions)) -> Shape {
    Shape { label, apply }
}

/// The shapes to bench beside the default one: those named in
/// `EDUAID_BENCH_SHAPES` (comma-separated labels, `all`, or `none`), by
/// default the worst for time and for memory in the baseline matrix,
/// `date-sorted` and `undeclared75`.
///
/// # Panics
///
/// If the variable names a shape that does not exist (a typo would
/// otherwise silently bench nothing).
#[must_use]
pub fn shapes() -> Vec<Shape> {
    let asked = std::env::var("EDUAID_BENCH_SHAPES")
        .unwrap_or_else(|_| "date-sorted,undeclared75".to_owned());
    match asked.as_str() {
        "all" => SHAPES.to_vec(),
        "none" | "" => Vec::new(),
        list => list
            .split(',')
            .map(|label| {
                *SHAPES.iter().find(|s| s.label == label).unwrap_or_else(|| {
                    let known: Vec<&str> = SHAPES.iter().map(|s| s.label).collect();
                    panic!("EDUAID_BENCH_SHAPES: no shape {label:?} (known: {known:?})")
                })
            })
            .collect(),
    }
}

/// The sizes to bench a shape at: 100k and 1m (10k in test mode, so that
/// `cargo bench -- --test` stays quick).
#[must_use]
pub fn shape_sizes() -> Vec<Size> {
    sizes()
        .into_iter()
        .filter(|s| {
            if test_mode() {
                s.entries == 10_000
            } else {
                (100_000..=1_000_000).contains(&s.entries)
            }
        })
        .collect()
}

/// A ledger built on first use (so sizes a filter skips are never built).
pub struct Lazy {
    size: Size,
    options: GenerateOptions,
    cell: OnceLock<(Arc<Programme>, Ledger)>,
}

impl Lazy {
    /// A ledger of `size` and the default shape, not built yet.
    #[must_use]
    pub fn new(size: Size) -> Lazy {
        Lazy::shaped(size, options(size))
    }

    /// A ledger of `size` generated with `options`, not built yet.
    #[must_use]
    pub fn shaped(size: Size, options: GenerateOptions) -> Lazy {
        Lazy {
            size,
            options,
            cell: OnceLock::new(),
        }
    }

    /// The ledger, generated in memory on first call.
    ///
    /// # Panics
    ///
    /// If the generator fails, which its tests rule out.
    pub fn get(&self) -> &(Arc<Programme>, Ledger) {
        self.cell.get_or_init(|| {
            let built = generate_ledger(&self.options).expect("benchmark ledger");
            assert_eq!(built.1.len() as u64, self.size.entries);
            built
        })
    }
}

/// The process's peak resident set size in bytes (`VmHWM`), where Linux
/// reports it.
#[must_use]
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// The process's current resident set size in bytes (`VmRSS`).
#[must_use]
pub fn rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_ordered_and_small_ones_always_run() {
        let s = sizes();
        assert_eq!(s[0].label, "10k");
        assert!(s.windows(2).all(|w| w[0].entries < w[1].entries));
    }

    #[test]
    fn every_shape_changes_the_default_options() {
        let size = Size {
            label: "1k",
            entries: 1_000,
        };
        for shape in SHAPES {
            assert_ne!(shape.options(size), options(size), "{}", shape.label);
        }
        assert!(shape_sizes().iter().all(|s| s.entries >= 10_000));
    }

    #[test]
    fn lazy_ledgers_have_their_size() {
        let lazy = Lazy::new(Size {
            label: "1k",
            entries: 1_000,
        });
        assert_eq!(lazy.get().1.len(), 1_000);
    }
}
