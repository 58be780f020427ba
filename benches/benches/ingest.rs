//! Ingest: reading a ledger CSV (every row checked against the programme),
//! and generating one.
//!
//! Ids: `ingest/read_csv/{10k,100k,1m[,10m]}`, `ingest/report_csv/...`
//! (read and total by project, area and month without keeping entries, as
//! `eduaid report` does), `ingest/generate_csv/...`; then the same two reads
//! on other ledger shapes, `ingest/read_csv/SHAPE/{100k,1m}` (`SHAPE` from
//! `EDUAID_BENCH_SHAPES`, by default `date-sorted` and `undeclared75`).
//! Inputs are built on first use per size; `--test` runs sizes up to 100k,
//! shapes at 10k.

use std::cell::OnceCell;
use std::sync::Arc;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, BenchmarkId, Criterion, Throughput};
use eduaid::{
    Dim, GenerateOptions, Ledger, Programme, Query, generate_programme, report_csv,
    write_ledger_csv,
};
use eduaid_benches::{Size, options, shape_sizes, shapes, sizes};

type Input = OnceCell<(Arc<Programme>, Vec<u8>)>;

fn build(opts: &GenerateOptions) -> (Arc<Programme>, Vec<u8>) {
    let programme = Arc::new(generate_programme(opts).expect("programme"));
    let mut csv = Vec::new();
    write_ledger_csv(&programme, opts, &mut csv).expect("ledger csv");
    (programme, csv)
}

/// `read_csv` and `report_csv` of one input, under `id` (`1m` or
/// `undeclared75/1m`).
fn reads(
    g: &mut BenchmarkGroup<'_, WallTime>,
    id: &str,
    size: Size,
    opts: &GenerateOptions,
    input: &Input,
) {
    g.bench_function(BenchmarkId::new("read_csv", id), |b| {
        let (programme, csv) = input.get_or_init(|| build(opts));
        b.iter(|| {
            let loaded = Ledger::read_csv(Arc::clone(programme), csv.as_slice(), "bench.csv")
                .expect("readable");
            assert_eq!(loaded.valid_rows().len() as u64, size.entries);
            assert_eq!(loaded.violations.error_count(), 0);
            loaded
        });
    });
    g.bench_function(BenchmarkId::new("report_csv", id), |b| {
        let (programme, csv) = input.get_or_init(|| build(opts));
        let q = Query::by(&[Dim::Project, Dim::Area, Dim::Month]).expect("a grouping");
        b.iter(|| {
            let s = report_csv(Arc::clone(programme), csv.as_slice(), "bench.csv", &q)
                .expect("readable");
            assert_eq!(s.entries, size.entries);
            assert_eq!(s.violations.error_count(), 0);
            let total: u64 = s.report.rows().map(eduaid::Row::entries).sum();
            assert_eq!(total, size.entries);
            s
        });
    });
}

fn sample_size(g: &mut BenchmarkGroup<'_, WallTime>, size: Size) {
    g.throughput(Throughput::Elements(size.entries));
    g.sample_size(if size.entries >= 1_000_000 { 10 } else { 20 });
}

fn ingest(c: &mut Criterion) {
    let mut g = c.benchmark_group("ingest");
    for size in sizes() {
        let opts = options(size);
        sample_size(&mut g, size);
        let input = Input::new();
        reads(&mut g, size.label, size, &opts, &input);
        g.bench_function(BenchmarkId::new("generate_csv", size.label), |b| {
            let (programme, csv) = input.get_or_init(|| build(&opts));
            b.iter(|| {
                let mut out = Vec::with_capacity(csv.len());
                let rows = write_ledger_csv(programme, &opts, &mut out).expect("in memory");
                assert_eq!(rows, size.entries);
                assert_eq!(out.len(), csv.len());
                out
            });
        });
    }
    for shape in shapes() {
        for size in shape_sizes() {
            sample_size(&mut g, size);
            let id = format!("{}/{}", shape.label, size.label);
            reads(&mut g, &id, size, &shape.options(size), &Input::new());
        }
    }
    g.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    ingest(&mut c);
    c.final_summary();
}
