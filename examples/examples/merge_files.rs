//! Reports over several ledger files (a file a month, a file a county, ...)
//! without one ledger of them all: each file is read into its own ledger,
//! aggregated on its own thread ([`Aggregate::over`]), and the aggregates are
//! merged in file order ([`Aggregate::merge`]). Keys are codes, not a
//! ledger's internal ids, so aggregates of separately read ledgers merge
//! exactly; for stock measures the later file's snapshot wins, as it would
//! in one ledger.
//!
//! Given no files, the example writes a generated ledger split into three
//! files and checks that the merged report equals the report of one ledger
//! holding all three. Given files, it reads them against the canonical 1215
//! programme, prints the merged report and runs the same check.
//!
//! `cargo run -p eduaid-examples --example merge_files -- [LEDGER.csv...]`

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::thread;

use eduaid::{
    Aggregate, Dim, Error, GenerateOptions, Ledger, Programme, Query, Report, generate_programme,
    report, write_ledger_csv,
};

/// Writes a generated ledger of `entries` rows split into `parts` files
/// (each with the header) in `dir`; returns the programme and the paths.
fn write_parts(
    dir: &Path,
    entries: u64,
    parts: usize,
) -> Result<(Programme, Vec<PathBuf>), Box<dyn std::error::Error>> {
    let mut opts = GenerateOptions::new(entries, 11);
    // A correction in a later file than its original would be refused there:
    // corrections and their originals belong in one file.
    opts.corrections_per_mille = 0;
    let programme = generate_programme(&opts)?;
    let mut csv = Vec::new();
    write_ledger_csv(&programme, &opts, &mut csv)?;
    let text = String::from_utf8(csv)?;
    let (header, body) = text.split_once('\n').ok_or("no header")?;
    let rows: Vec<&str> = body.lines().collect();
    let mut paths = Vec::new();
    for (i, chunk) in rows.chunks(rows.len().div_ceil(parts)).enumerate() {
        let path = dir.join(format!("part-{}.csv", i + 1));
        std::fs::write(&path, format!("{header}\n{}\n", chunk.join("\n")))?;
        paths.push(path);
    }
    Ok((programme, paths))
}

/// One file's aggregate: the file read into its own ledger (refused when
/// any row is invalid), then totalled.
fn aggregate_file(
    programme: &Arc<Programme>,
    path: &Path,
    query: &Query,
) -> Result<Aggregate, Error> {
    let ledger = Ledger::open(Arc::clone(programme), path)?.into_ledger()?;
    Aggregate::over(&ledger, query, 0..ledger.len())
}

/// The merged report of the files, each aggregated on its own thread.
fn merged(programme: &Arc<Programme>, paths: &[PathBuf], query: &Query) -> Result<Report, Error> {
    let parts: Vec<Result<Aggregate, Error>> = thread::scope(|s| {
        let handles: Vec<_> = paths
            .iter()
            .map(|p| s.spawn(move || aggregate_file(programme, p, query)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("an aggregating thread panicked"))
            .collect()
    });
    // Aggregates merge from an empty one: no files, no rows.
    let mut total = Aggregate::over(&Ledger::new(Arc::clone(programme)), query, 0..0)?;
    for part in parts {
        total.merge(part?)?;
    }
    Ok(total.finish())
}

/// The report of one ledger holding every file, appended in order.
fn combined(programme: &Arc<Programme>, paths: &[PathBuf], query: &Query) -> Result<Report, Error> {
    let mut all = Ledger::new(Arc::clone(programme));
    for path in paths {
        let file = File::open(path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        let (violations, _rows) = all.append_csv(file, &path.display().to_string())?;
        if violations.has_errors() {
            return Err(Error::Invalid(violations));
        }
    }
    report(&all, query)
}

fn run(args: Vec<PathBuf>) -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::temp_dir().join(format!("eduaid-merge-files-{}", std::process::id()));
    let (programme, paths) = if args.is_empty() {
        std::fs::create_dir_all(&dir)?;
        write_parts(&dir, 30_000, 3)?
    } else {
        (Programme::canonical(), args)
    };
    let programme = Arc::new(programme);
    let query = Query::by(&[Dim::Year, Dim::Project])?;
    let result = merged(&programme, &paths, &query).and_then(|merged| {
        let whole = combined(&programme, &paths, &query)?;
        Ok((merged, whole))
    });
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    let (merged, whole) = result?;
    print!("{merged}");
    if merged != whole {
        return Err("the merged report differs from the report of one ledger".into());
    }
    println!(
        "{} files merged: the same {} rows as one ledger of them all",
        paths.len(),
        merged.rows().len()
    );
    Ok(())
}

fn main() -> ExitCode {
    match run(std::env::args_os().skip(1).map(PathBuf::from).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
