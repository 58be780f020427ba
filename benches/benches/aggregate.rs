//! Aggregation: grouped totals, the targeting check and plan versus actual.
//!
//! Ids: `aggregate/by-project-area-month/{10k,100k,1m[,10m]}` (the library's
//! `report`, parallel above 128k entries), `aggregate/by-project-area-month-1t/...`
//! (one thread: `Aggregate::over` the whole ledger), `compliance/by-year/...`,
//! `plan/vs-actual/...`; and the one-thread totals on other ledger shapes,
//! `aggregate/by-project-area-month-1t/SHAPE/{100k,1m}` (`SHAPE` from
//! `EDUAID_BENCH_SHAPES`). Each asserts on its result inside the measured
//! closure, so a fast wrong answer fails.

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, BenchmarkId, Criterion, Throughput};
use eduaid::{
    Aggregate, ComplianceOptions, Dim, Query, Report, compliance, parse_date, progress, report,
};
use eduaid_benches::{Lazy, Size, shape_sizes, shapes, sizes};

fn entries_of(r: &Report) -> u64 {
    r.rows().map(eduaid::Row::entries).sum()
}

/// `aggregate/by-project-area-month-1t/ID`: one thread, `Aggregate::over`
/// the whole ledger.
fn one_thread(g: &mut BenchmarkGroup<'_, WallTime>, id: &str, size: Size, lazy: &Lazy, q: &Query) {
    g.bench_function(BenchmarkId::new("by-project-area-month-1t", id), |b| {
        let (_, ledger) = lazy.get();
        b.iter(|| {
            let r = Aggregate::over(ledger, q, 0..ledger.len())
                .expect("aggregate")
                .finish();
            assert_eq!(entries_of(&r), size.entries);
            r
        });
    });
}

fn benches(c: &mut Criterion) {
    let ledgers: Vec<Lazy> = sizes().into_iter().map(Lazy::new).collect();
    let sizes = sizes();
    let q = Query::by(&[Dim::Project, Dim::Area, Dim::Month]).expect("query");
    let as_of = parse_date("2019-12-25").expect("date");

    let mut g = c.benchmark_group("aggregate");
    for (size, lazy) in sizes.iter().zip(&ledgers) {
        g.throughput(Throughput::Elements(size.entries));
        g.sample_size(if size.entries >= 1_000_000 { 20 } else { 50 });
        g.bench_function(BenchmarkId::new("by-project-area-month", size.label), |b| {
            let (_, ledger) = lazy.get();
            b.iter(|| {
                let r = report(ledger, &q).expect("report");
                assert_eq!(entries_of(&r), size.entries);
                r
            });
        });
        one_thread(&mut g, size.label, *size, lazy, &q);
    }
    for shape in shapes() {
        for size in shape_sizes() {
            let lazy = Lazy::shaped(size, shape.options(size));
            g.throughput(Throughput::Elements(size.entries));
            let id = format!("{}/{}", shape.label, size.label);
            one_thread(&mut g, &id, size, &lazy, &q);
        }
    }
    g.finish();

    let mut g = c.benchmark_group("compliance");
    let opts = ComplianceOptions::default();
    for (size, lazy) in sizes.iter().zip(&ledgers) {
        g.throughput(Throughput::Elements(size.entries));
        g.sample_size(if size.entries >= 1_000_000 { 20 } else { 50 });
        g.bench_function(BenchmarkId::new("by-year", size.label), |b| {
            let (_, ledger) = lazy.get();
            b.iter(|| {
                let c = compliance(ledger, &opts).expect("compliance");
                assert_eq!(c.rows.len(), 4);
                // The generator makes exactly one year (seed % 4 = 3: 2019) fall short.
                assert_eq!(c.failures().map(|r| r.year).collect::<Vec<_>>(), [2019]);
                c
            });
        });
    }
    g.finish();

    let mut g = c.benchmark_group("plan");
    for (size, lazy) in sizes.iter().zip(&ledgers) {
        g.throughput(Throughput::Elements(size.entries));
        g.sample_size(if size.entries >= 1_000_000 { 20 } else { 50 });
        g.bench_function(BenchmarkId::new("vs-actual", size.label), |b| {
            let (programme, ledger) = lazy.get();
            b.iter(|| {
                let p = progress(ledger, as_of).expect("progress");
                assert_eq!(p.targets.len(), programme.plan().targets().len());
                assert!(p.targets.iter().any(|t| t.actual.base_units() > 0));
                p
            });
        });
    }
    g.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    benches(&mut c);
    c.final_summary();
}
