//! `eduaid-bench`: the eduaid side of `compare_duckdb.py`.
//!
//! ```text
//! eduaid-bench generate N SEED OUT   write a seeded ledger of N rows to OUT,
//!                                    and its programme to OUT.programme.json
//! eduaid-bench report FILE [--programme P] [--csv OUT] [--repeat K] [--by DIMS]
//!                                    load FILE (every row checked), total it by
//!                                    DIMS (default project,area,month), print
//!                                    timings (the one-thread finish apart),
//!                                    memory and a checksum
//! eduaid-bench stream FILE [--programme P]
//!                                    total FILE by project, area and month
//!                                    while reading it (`report_csv_with`
//!                                    with the file's length, as `eduaid
//!                                    report` does), print its time and
//!                                    peak RSS growth per entry
//! ```
//!
//! Output of `report` is `key value` lines, for scripts.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use eduaid::{
    Aggregate, Dim, GenerateOptions, Ledger, Programme, Query, ReadOptions, generate_programme,
    report, report_csv_with, write_ledger_csv,
};
use eduaid_benches::{peak_rss_bytes, rss_bytes};

const USAGE: &str = "usage: eduaid-bench generate N SEED OUT\n       eduaid-bench report FILE [--programme P] [--csv OUT] [--repeat K] [--by DIMS]\n       eduaid-bench stream FILE [--programme P]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("generate") => generate(&args[1..]),
        Some("report") => run_report(&args[1..]),
        Some("stream") => run_stream(&args[1..]),
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("eduaid-bench: {message}");
            ExitCode::from(2)
        }
    }
}

fn programme_path(ledger: &Path) -> PathBuf {
    let mut p = ledger.as_os_str().to_owned();
    p.push(".programme.json");
    PathBuf::from(p)
}

fn number<T: std::str::FromStr>(text: &str, what: &str) -> Result<T, String> {
    text.replace('_', "")
        .parse()
        .map_err(|_| format!("{what} {text:?} is not a whole number"))
}

fn generate(args: &[String]) -> Result<(), String> {
    let [n, seed, out] = args else {
        return Err(USAGE.to_owned());
    };
    let opts = GenerateOptions::new(number(n, "N")?, number(seed, "SEED")?);
    let started = Instant::now();
    let programme = generate_programme(&opts).map_err(|e| e.to_string())?;
    let out = PathBuf::from(out);
    let json_path = programme_path(&out);
    std::fs::write(&json_path, programme.to_json())
        .map_err(|e| format!("{}: {e}", json_path.display()))?;
    let file = File::create(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let rows = write_ledger_csv(&programme, &opts, file).map_err(|e| e.to_string())?;
    println!("rows {rows}");
    println!("generate_seconds {:.3}", started.elapsed().as_secs_f64());
    // Streaming: the peak does not grow with N.
    println!("peak_rss_bytes {}", peak_rss_bytes().unwrap_or(0));
    Ok(())
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort_unstable();
    v[v.len() / 2]
}

/// `a / b` for display; byte and entry counts stay far below 2^52, where
/// the conversion to `f64` would start rounding.
#[allow(clippy::cast_precision_loss)] // display only, see above
fn ratio(a: u64, b: usize) -> f64 {
    a as f64 / b.max(1) as f64
}

/// FNV-1a, 64 bits: a checksum of the report's CSV text.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xCBF2_9CE4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3)
    })
}

fn run_report(args: &[String]) -> Result<(), String> {
    let Some(file) = args.first() else {
        return Err(USAGE.to_owned());
    };
    let file = PathBuf::from(file);
    let mut programme = programme_path(&file);
    let mut csv_out = None;
    let mut repeat = 5usize;
    let mut by = "project,area,month".to_owned();
    let mut rest = args[1..].iter();
    while let Some(flag) = rest.next() {
        let value = rest.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--programme" => programme = PathBuf::from(value),
            "--csv" => csv_out = Some(PathBuf::from(value)),
            "--repeat" => repeat = number::<usize>(value, "--repeat")?.max(1),
            "--by" => by.clone_from(value),
            _ => return Err(format!("unknown option {flag:?}\n{USAGE}")),
        }
    }
    let programme = Arc::new(Programme::from_path(&programme).map_err(|e| e.to_string())?);
    let rss_before = rss_bytes().unwrap_or(0);

    let started = Instant::now();
    let (input, opts) = open_with_len(&file)?;
    let loaded = Ledger::read_csv_with(programme, input, &file.display().to_string(), &opts)
        .map_err(|e| e.to_string())?;
    let load = started.elapsed();
    if !loaded.is_valid() {
        return Err(format!(
            "{} error(s) in {}, the first: {}",
            loaded.violations.error_count(),
            file.display(),
            loaded.violations.as_slice()[0]
        ));
    }
    let ledger = loaded.valid_rows();
    let n = ledger.len();

    let dims = Dim::parse_list(&by).map_err(|e| e.to_string())?;
    let q = Query::by(&dims).map_err(|e| e.to_string())?;
    let mut times = Vec::with_capacity(repeat);
    let mut one_thread = Vec::with_capacity(repeat);
    let mut finishes = Vec::with_capacity(repeat);
    let mut last = None;
    for _ in 0..repeat {
        let t = Instant::now();
        let r = report(ledger, &q).map_err(|e| e.to_string())?;
        times.push(t.elapsed());
        let t = Instant::now();
        let totals = Aggregate::over(ledger, &q, 0..n).map_err(|e| e.to_string())?;
        let f = Instant::now();
        let single = totals.finish();
        finishes.push(f.elapsed());
        one_thread.push(t.elapsed());
        if single != r {
            return Err("the one-thread aggregate differs from the report".into());
        }
        last = Some(r);
    }
    let r = last.expect("repeat is at least 1");
    let entries: u64 = r.rows().map(eduaid::Row::entries).sum();
    if entries != n as u64 {
        return Err(format!(
            "the report counts {entries} entries, the ledger has {n}"
        ));
    }
    let mut text = Vec::new();
    r.write_csv(&mut text).map_err(|e| e.to_string())?;
    if let Some(path) = csv_out {
        let mut w =
            BufWriter::new(File::create(&path).map_err(|e| format!("{}: {e}", path.display()))?);
        w.write_all(&text)
            .and_then(|()| w.flush())
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }

    let per = |d: Duration| d.as_secs_f64() * 1e9 / ratio(n as u64, 1);
    let report_t = median(times);
    let single_t = median(one_thread);
    let finish_t = median(finishes);
    println!("entries {n}");
    println!("load_seconds {:.4}", load.as_secs_f64());
    println!("load_ns_per_entry {:.1}", per(load));
    println!("report_seconds {:.6}", report_t.as_secs_f64());
    println!("report_ns_per_entry {:.2}", per(report_t));
    println!("report_1t_seconds {:.6}", single_t.as_secs_f64());
    println!("report_1t_ns_per_entry {:.2}", per(single_t));
    println!("finish_1t_seconds {:.6}", finish_t.as_secs_f64());
    println!(
        "finish_ns_per_group {:.1}",
        finish_t.as_secs_f64() * 1e9 / ratio(r.rows().len() as u64, 1)
    );
    println!(
        "totals_1t_ns_per_entry {:.2}",
        per(single_t.saturating_sub(finish_t))
    );
    println!("groups {}", r.rows().len());
    println!("checksum {:016x}", fnv1a(&text));
    println!("heap_bytes {}", ledger.heap_bytes());
    println!(
        "heap_bytes_per_entry {:.1}",
        ratio(ledger.heap_bytes() as u64, n)
    );
    println!(
        "rss_growth_bytes_per_entry {:.1}",
        ratio(rss_bytes().unwrap_or(0).saturating_sub(rss_before), n)
    );
    println!("peak_rss_bytes {}", peak_rss_bytes().unwrap_or(0));
    Ok(())
}

/// `file` opened for reading, and the options to read it with: its length
/// known, as the command-line tool reads a file.
fn open_with_len(file: &Path) -> Result<(BufReader<File>, ReadOptions), String> {
    let input = File::open(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let len = input.metadata().map_err(|e| e.to_string())?.len();
    let opts = ReadOptions::new().input_len(len);
    Ok((BufReader::with_capacity(1 << 20, input), opts))
}

fn run_stream(args: &[String]) -> Result<(), String> {
    let Some(file) = args.first() else {
        return Err(USAGE.to_owned());
    };
    let file = PathBuf::from(file);
    let programme = match &args[1..] {
        [] => programme_path(&file),
        [flag, p] if flag == "--programme" => PathBuf::from(p),
        _ => return Err(USAGE.to_owned()),
    };
    let programme = Arc::new(Programme::from_path(&programme).map_err(|e| e.to_string())?);
    let q = Query::by(&[Dim::Project, Dim::Area, Dim::Month]).map_err(|e| e.to_string())?;
    let rss_before = rss_bytes().unwrap_or(0);
    let started = Instant::now();
    let (input, opts) = open_with_len(&file)?;
    let s = report_csv_with(programme, input, &file.display().to_string(), &q, &opts)
        .map_err(|e| e.to_string())?;
    let took = started.elapsed();
    if !s.is_valid() {
        return Err(format!(
            "{} error(s) in {}",
            s.violations.error_count(),
            file.display()
        ));
    }
    let n = usize::try_from(s.entries).unwrap_or(usize::MAX);
    let peak = peak_rss_bytes().unwrap_or(0);
    println!("entries {n}");
    println!("warnings {}", s.violations.warning_count());
    println!("groups {}", s.report.rows().len());
    println!("stream_seconds {:.4}", took.as_secs_f64());
    println!(
        "stream_ns_per_entry {:.1}",
        took.as_secs_f64() * 1e9 / ratio(s.entries, 1)
    );
    println!("peak_rss_bytes {peak}");
    println!(
        "peak_rss_growth_bytes_per_entry {:.1}",
        ratio(peak.saturating_sub(rss_before), n)
    );
    Ok(())
}
