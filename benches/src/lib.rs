//! Shared set-up of eduaid's benchmarks (see `benches/` and `README.md`):
//! the seeded ledger sizes, test-mode detection and memory probes.

use std::sync::{Arc, OnceLock};

use eduaid::{GenerateOptions, Ledger, Programme, generate_ledger};

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

/// The options of a benchmark ledger.
#[must_use]
pub fn options(size: Size) -> GenerateOptions {
    GenerateOptions::new(size.entries, SEED)
}

/// A ledger built on first use (so sizes a filter skips are never built).
pub struct Lazy {
    size: Size,
    cell: OnceLock<(Arc<Programme>, Ledger)>,
}

impl Lazy {
    /// A ledger of `size`, not built yet.
    #[must_use]
    pub fn new(size: Size) -> Lazy {
        Lazy {
            size,
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
            let built = generate_ledger(&options(self.size)).expect("benchmark ledger");
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
    fn lazy_ledgers_have_their_size() {
        let lazy = Lazy::new(Size {
            label: "1k",
            entries: 1_000,
        });
        assert_eq!(lazy.get().1.len(), 1_000);
    }
}
