//! Ingest: reading a ledger CSV (every row checked against the programme),
//! and generating one.
//!
//! Ids: `ingest/read_csv/{10k,100k,1m[,10m]}`, `ingest/report_csv/...`
//! (read and total by project, area and month without keeping entries, as
//! `eduaid report` does), `ingest/generate_csv/...`.
//! Inputs are built on first use per size; `--test` runs sizes up to 100k.

use std::cell::OnceCell;
use std::sync::Arc;

use criterion::{BenchmarkId, Criterion, Throughput};
use eduaid::{Dim, Ledger, Programme, Query, generate_programme, report_csv, write_ledger_csv};
use eduaid_benches::{options, sizes};

fn ingest(c: &mut Criterion) {
    let mut g = c.benchmark_group("ingest");
    for size in sizes() {
        let opts = options(size);
        g.throughput(Throughput::Elements(size.entries));
        g.sample_size(if size.entries >= 1_000_000 { 10 } else { 20 });
        let input: OnceCell<(Arc<Programme>, Vec<u8>)> = OnceCell::new();
        let build = || {
            let programme = Arc::new(generate_programme(&opts).expect("programme"));
            let mut csv = Vec::new();
            write_ledger_csv(&programme, &opts, &mut csv).expect("ledger csv");
            (programme, csv)
        };
        g.bench_function(BenchmarkId::new("read_csv", size.label), |b| {
            let (programme, csv) = input.get_or_init(build);
            b.iter(|| {
                let loaded = Ledger::read_csv(Arc::clone(programme), csv.as_slice(), "bench.csv")
                    .expect("readable");
                assert_eq!(loaded.ledger.len() as u64, size.entries);
                assert!(loaded.violations.is_empty());
                loaded
            });
        });
        g.bench_function(BenchmarkId::new("report_csv", size.label), |b| {
            let (programme, csv) = input.get_or_init(build);
            let q = Query::by(&[Dim::Project, Dim::Area, Dim::Month]).expect("a grouping");
            b.iter(|| {
                let s = report_csv(Arc::clone(programme), csv.as_slice(), "bench.csv", &q)
                    .expect("readable");
                assert_eq!(s.entries, size.entries);
                assert!(s.violations.is_empty());
                let total: u64 = s.report.rows().iter().map(eduaid::Row::entries).sum();
                assert_eq!(total, size.entries);
                s
            });
        });
        g.bench_function(BenchmarkId::new("generate_csv", size.label), |b| {
            let (programme, csv) = input.get_or_init(build);
            b.iter(|| {
                let mut out = Vec::with_capacity(csv.len());
                let rows = write_ledger_csv(programme, &opts, &mut out).expect("in memory");
                assert_eq!(rows, size.entries);
                assert_eq!(out.len(), csv.len());
                out
            });
        });
    }
    g.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    ingest(&mut c);
    c.final_summary();
}
