//! The monthly close: a ledger checked against a close log that seals every
//! month, beside reading the ledger itself (the budget: the check adds at
//! most 20% to reading).
//!
//! Ids: `close/read_csv/{10k,100k,1m[,10m]}` (what `validate` does without
//! a log), `close/check/...` (every command's check: counts and XXH3-128
//! fingerprints), `close/audit/...` (`validate --audit`: SHA-256 sums too);
//! then `close/check/SHAPE/{100k,1m}` for the other ledger shapes
//! (`EDUAID_BENCH_SHAPES`). `--test` runs sizes up to 100k, shapes at 10k.

use std::cell::OnceCell;
use std::sync::Arc;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, BenchmarkId, Criterion, Throughput};
use eduaid::{
    CloseLog, GenerateOptions, Ledger, Programme, StatMonth, generate_programme, parse_date,
    write_ledger_csv,
};
use eduaid_benches::{Size, options, shape_sizes, shapes, sizes};

/// A generated ledger (and its CSV) with a log sealing every month of it.
fn build(opts: &GenerateOptions) -> (Arc<Programme>, Vec<u8>, Ledger, CloseLog) {
    let programme = Arc::new(generate_programme(opts).expect("programme"));
    let mut csv = Vec::new();
    write_ledger_csv(&programme, opts, &mut csv).expect("ledger csv");
    let ledger = Ledger::read_csv(Arc::clone(&programme), csv.as_slice(), "bench.csv")
        .expect("readable")
        .into_ledger()
        .expect("valid");
    let cal = programme.calendar();
    let last = ledger.iter().map(|e| cal.month_of(e.date())).max();
    let last: StatMonth = last.expect("entries");
    let mut log = CloseLog::new("bench.csv.closes.jsonl");
    let day = parse_date("2100-01-01").expect("a date");
    log.close(&ledger, last, "bench", None, day)
        .expect("closed");
    (programme, csv, ledger, log)
}

type Input = OnceCell<(Arc<Programme>, Vec<u8>, Ledger, CloseLog)>;

fn group(g: &mut BenchmarkGroup<'_, WallTime>, id: &str, size: Size, opts: &GenerateOptions) {
    g.throughput(Throughput::Elements(size.entries));
    g.sample_size(if size.entries >= 1_000_000 { 10 } else { 20 });
    // Built on first use: a filter that skips this size never generates it.
    let input = Input::new();
    let get = || {
        input.get_or_init(|| {
            let built = build(opts);
            assert!(built.3.check(&built.2, "bench.csv").is_empty());
            built
        })
    };
    g.bench_function(BenchmarkId::new("read_csv", id), |b| {
        let (programme, csv, _, _) = get();
        b.iter(|| {
            let loaded = Ledger::read_csv(Arc::clone(programme), csv.as_slice(), "bench.csv")
                .expect("readable");
            assert_eq!(loaded.valid_rows().len() as u64, size.entries);
            loaded
        });
    });
    g.bench_function(BenchmarkId::new("check", id), |b| {
        let (_, _, ledger, log) = get();
        b.iter(|| {
            let v = log.check(ledger, "bench.csv");
            assert!(v.is_empty());
            v
        });
    });
    g.bench_function(BenchmarkId::new("audit", id), |b| {
        let (_, _, ledger, log) = get();
        b.iter(|| {
            let v = log.audit(ledger, "bench.csv");
            assert!(v.is_empty());
            v
        });
    });
}

fn close(c: &mut Criterion) {
    let mut g = c.benchmark_group("close");
    for size in sizes() {
        group(&mut g, size.label, size, &options(size));
    }
    for shape in shapes() {
        for size in shape_sizes() {
            let id = format!("{}/{}", shape.label, size.label);
            group(&mut g, &id, size, &shape.options(size));
        }
    }
    g.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    close(&mut c);
    c.final_summary();
}
