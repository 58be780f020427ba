//! Workbooks: reading a ledger sheet of an `.xlsx` file (every row checked
//! against the programme, as `eduaid validate ledger.xlsx` does), and
//! totalling one as it is read.
//!
//! Ids: `xlsx/read_ledger/{10k,100k,1m}`, `xlsx/report/...`. The workbook is
//! built once per size with `rust_xlsxwriter`, as an office's would be
//! (`eduaid_xlsx::ledger_table`): codes as (shared) strings, dates as Excel
//! dates, values as numbers. An Excel
//! sheet holds at most 1,048,576 rows, so there is no 10m size.
//! `--test` runs sizes up to 100k.

use std::cell::OnceCell;
use std::sync::Arc;

use criterion::{BenchmarkId, Criterion, Throughput};
use eduaid::{Dim, Ledger, Programme, Query, generate_ledger};
use eduaid_benches::{options, sizes};
use eduaid_xlsx::{Workbook, ledger_table};

/// The ledger as a one-sheet workbook.
fn workbook(ledger: &Ledger) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    ledger_table(ledger, "ledger")
        .add_to(&mut book)
        .expect("a sheet");
    book.save_to_buffer().expect("in memory")
}

fn xlsx(c: &mut Criterion) {
    let mut g = c.benchmark_group("xlsx");
    for size in sizes().into_iter().filter(|s| s.entries <= 1_000_000) {
        g.throughput(Throughput::Elements(size.entries));
        g.sample_size(10);
        let input: OnceCell<(Arc<Programme>, Vec<u8>)> = OnceCell::new();
        let build = || {
            let (programme, ledger) = generate_ledger(&options(size)).expect("a ledger");
            (programme, workbook(&ledger))
        };
        g.bench_function(BenchmarkId::new("read_ledger", size.label), |b| {
            let (programme, bytes) = input.get_or_init(build);
            b.iter(|| {
                let mut wb = Workbook::from_bytes(bytes.clone(), "bench.xlsx").expect("a workbook");
                let loaded = wb
                    .read_ledger(Arc::clone(programme), None)
                    .expect("readable");
                assert_eq!(loaded.valid_rows().len() as u64, size.entries);
                assert!(loaded.violations.is_empty());
                loaded
            });
        });
        g.bench_function(BenchmarkId::new("report", size.label), |b| {
            let (programme, bytes) = input.get_or_init(build);
            let q = Query::by(&[Dim::Project, Dim::Area, Dim::Month]).expect("a grouping");
            b.iter(|| {
                let mut wb = Workbook::from_bytes(bytes.clone(), "bench.xlsx").expect("a workbook");
                let s = wb
                    .report(Arc::clone(programme), None, &q)
                    .expect("readable");
                assert_eq!(s.entries, size.entries);
                assert!(s.violations.is_empty());
                s
            });
        });
    }
    g.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    xlsx(&mut c);
    c.final_summary();
}
