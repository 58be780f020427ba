//! Totals a large ledger while reading it, in memory that does not hold the
//! ledger: `report_csv` checks every row as `Ledger::read_csv` does and keeps
//! about 10 bytes an entry (for the checks of later corrections), against
//! about 40 for a loaded ledger.
//!
//! The ledger is generated on another thread and streamed through a small
//! bounded channel, so the CSV text never exists whole either. The example
//! prints the report's size and the memory the read kept (peak resident
//! memory, where Linux reports it), then reads the same ledger again into a
//! `Ledger` and checks that the report is the same and that streaming kept
//! less memory an entry than the loaded ledger holds.
//!
//! `cargo run -p eduaid-examples --example report_csv -- [ENTRIES]`
//! (1,000,000 by default; `--release` for speed)

use std::io::{self, Read, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread;

use eduaid::{
    Dim, GenerateOptions, Ledger, Programme, Query, generate_programme, report, report_csv,
    write_ledger_csv,
};

/// The sending half of the pipe: each write goes out as one chunk.
struct ChunkWriter(SyncSender<Vec<u8>>);

impl Write for ChunkWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0
            .send(buf.to_vec())
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the reader stopped"))?;
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The receiving half: reads the chunks in order until the writer is gone.
struct ChunkReader {
    chunks: Receiver<Vec<u8>>,
    current: Vec<u8>,
    at: usize,
}

impl Read for ChunkReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at == self.current.len() {
            match self.chunks.recv() {
                Ok(next) => (self.current, self.at) = (next, 0),
                Err(_) => return Ok(0),
            }
        }
        let n = buf.len().min(self.current.len() - self.at);
        buf[..n].copy_from_slice(&self.current[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// The generated ledger as a stream of CSV text, written on another thread
/// (at most four 64 KiB chunks in flight).
fn generated(programme: &Arc<Programme>, opts: &GenerateOptions) -> ChunkReader {
    let (tx, rx) = sync_channel(4);
    let (programme, opts) = (Arc::clone(programme), opts.clone());
    // The writer stops with an error if the reader stops first: nothing to report.
    thread::spawn(move || write_ledger_csv(&programme, &opts, ChunkWriter(tx)));
    ChunkReader {
        chunks: rx,
        current: Vec::new(),
        at: 0,
    }
}

/// A size line of `/proc/self/status` (`VmRSS`, `VmHWM`) in bytes, where
/// Linux has it.
fn status_bytes(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find_map(|l| l.strip_prefix(field))?;
    let kib = line.trim_start_matches(':').trim().trim_end_matches("kB");
    kib.trim().parse::<u64>().ok().map(|k| k * 1024)
}

/// Runs `read` and returns its result with how far the peak resident memory
/// rose above the memory resident before it (Linux: the peak is reset
/// through `/proc/self/clear_refs` first), in bytes an entry.
fn measured<T>(entries: u64, read: impl FnOnce() -> T) -> (T, Option<f64>) {
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let before = status_bytes("VmRSS").filter(|_| reset);
    let out = read();
    let grew = before.and_then(|b| Some(status_bytes("VmHWM")?.saturating_sub(b)));
    #[allow(clippy::cast_precision_loss)] // a printed ratio
    (out, grew.map(|g| g as f64 / entries as f64))
}

fn show(what: &str, per_entry: Option<f64>) {
    match per_entry {
        Some(b) => println!("{what}: peak resident memory rose by {b:.1} bytes an entry"),
        None => println!("{what}: peak resident memory is not measured on this platform"),
    }
}

fn run(entries: u64) -> Result<(), Box<dyn std::error::Error>> {
    let opts = GenerateOptions::new(entries, 7);
    let programme = Arc::new(generate_programme(&opts)?);
    let query = Query::by(&[Dim::Project, Dim::Area, Dim::Month])?;

    let (streamed, streamed_peak) = measured(entries, || {
        let input = generated(&programme, &opts);
        report_csv(Arc::clone(&programme), input, "generated.csv", &query)
    });
    let streamed = streamed?;
    if !streamed.is_valid() {
        return Err(format!("generated ledger refused:\n{}", streamed.violations).into());
    }
    println!(
        "{} rows read, {} entries totalled into {} groups (project, area, month, measure)",
        streamed.rows,
        streamed.entries,
        streamed.report.rows().len()
    );
    show("report_csv", streamed_peak);

    // The same ledger loaded whole: the same totals, more memory kept.
    let (loaded, loaded_peak) = measured(entries, || {
        let input = generated(&programme, &opts);
        Ledger::read_csv(Arc::clone(&programme), input, "generated.csv")
    });
    let loaded = loaded?.into_ledger()?;
    show("Ledger::read_csv", loaded_peak);
    #[allow(clippy::cast_precision_loss)] // a printed ratio
    let held = loaded.heap_bytes() as f64 / entries as f64;
    println!("the loaded ledger holds {held:.1} bytes an entry (Ledger::heap_bytes)");

    if report(&loaded, &query)? != streamed.report {
        return Err("the streamed report differs from the loaded ledger's".into());
    }
    println!("the streamed report equals the loaded ledger's report");
    if let (Some(s), Some(l)) = (streamed_peak, loaded_peak) {
        if s >= l {
            return Err(format!("streaming took {s:.1} bytes an entry, loading {l:.1}").into());
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let entries = match std::env::args().nth(1).map(|a| a.replace('_', "").parse()) {
        None => 1_000_000,
        Some(Ok(n)) if n > 0 => n,
        Some(_) => {
            eprintln!("usage: report_csv [ENTRIES] (a positive number)");
            return ExitCode::from(2);
        }
    };
    match run(entries) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
