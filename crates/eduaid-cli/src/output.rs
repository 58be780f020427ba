//! Where output goes: standard output through a locked buffer, or a file
//! written atomically (a temporary file in the same directory, renamed over
//! the target once complete), so a failure never leaves a truncated report.
//! A target that is not a regular file (`/dev/null`, a named pipe) is written
//! in place: renaming over it would replace it.

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, StdoutLock, Write};
use std::path::{Path, PathBuf};

use anyhow::anyhow;
use tempfile::NamedTempFile;

use crate::fail::Fail;

/// The UTF-8 byte order mark, which Excel needs to read UTF-8 CSV.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// An output stream; call [`Sink::finish`] to flush it and, for a file, put
/// it in place. Dropped unfinished, a file sink leaves the target untouched.
pub enum Sink {
    /// Standard output.
    Stdout(BufWriter<StdoutLock<'static>>),
    /// A file that is not a regular file (`/dev/null`, a named pipe), written
    /// in place: renaming over it would replace the device.
    Special {
        /// The file, buffered.
        file: BufWriter<File>,
        /// Its name.
        target: PathBuf,
    },
    /// A temporary file to be renamed over `target`.
    File {
        /// The temporary file, buffered.
        tmp: BufWriter<NamedTempFile>,
        /// The file it will become.
        target: PathBuf,
        /// Syncs what is written so far while more is written.
        early: EarlySync,
    },
}

/// Syncs a file being written on another thread, every [`EarlySync::EVERY`]
/// bytes, so that the disk writes out a large report while the rest of it
/// is made: the sync before the rename then has only the last part left
/// (a report of 144 MB spent 0.11 s there, a tenth of its run).
#[derive(Default)]
pub struct EarlySync {
    /// Bytes written since the last sync began.
    since: usize,
    running: Option<std::thread::JoinHandle<io::Result<()>>>,
}

impl EarlySync {
    const EVERY: usize = 32 << 20;

    /// Notes `n` more bytes written to `file`, and starts a sync of it
    /// when enough are and the last one has ended (the writer never waits).
    fn wrote(&mut self, n: usize, file: &File) -> io::Result<()> {
        self.since += n;
        if self.since < Self::EVERY
            || (self.running.as_ref()).is_some_and(|sync| !sync.is_finished())
        {
            return Ok(());
        }
        self.wait()?;
        self.since = 0;
        let file = file.try_clone()?;
        self.running = Some(std::thread::spawn(move || file.sync_data()));
        Ok(())
    }

    /// Waits for the sync under way, if any, and gives its outcome.
    fn wait(&mut self) -> io::Result<()> {
        match self.running.take() {
            Some(sync) => sync
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("sync panicked"))),
            None => Ok(()),
        }
    }
}

impl Sink {
    /// Opens standard output (for `None` or `-`) or a temporary file beside
    /// `path`, and writes a BOM first when asked.
    pub fn open(path: Option<&Path>, bom: bool) -> Result<Sink, Fail> {
        let mut sink = match path {
            None => Sink::Stdout(BufWriter::with_capacity(1 << 16, io::stdout().lock())),
            Some(p) if p.as_os_str() == "-" => {
                Sink::Stdout(BufWriter::with_capacity(1 << 16, io::stdout().lock()))
            }
            Some(p) if std::fs::metadata(p).is_ok_and(|m| !m.is_file() && !m.is_dir()) => {
                let file = OpenOptions::new()
                    .write(true)
                    .open(p)
                    .map_err(|e| Fail::usage(anyhow!("{}: cannot write: {e}", p.display())))?;
                Sink::Special {
                    file: BufWriter::with_capacity(1 << 16, file),
                    target: p.to_path_buf(),
                }
            }
            Some(p) => {
                let dir = match p.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d,
                    _ => Path::new("."),
                };
                let tmp = temp_file(dir, p)
                    .map_err(|e| Fail::usage(anyhow!("{}: cannot write: {e}", p.display())))?;
                Sink::File {
                    tmp: BufWriter::with_capacity(1 << 16, tmp),
                    target: p.to_path_buf(),
                    early: EarlySync::default(),
                }
            }
        };
        if bom {
            sink.write_all(BOM)?;
        }
        Ok(sink)
    }

    /// Flushes, and renames a temporary file over its target.
    pub fn finish(self) -> Result<(), Fail> {
        match self {
            Sink::Stdout(mut w) => w.flush().map_err(Fail::from),
            Sink::Special { mut file, target } => file
                .flush()
                .map_err(|e| Fail::usage(anyhow!("{}: cannot write: {e}", target.display()))),
            Sink::File {
                tmp,
                target,
                mut early,
            } => {
                let cannot = |e: &dyn std::fmt::Display| {
                    Fail::usage(anyhow!("{}: cannot write: {e}", target.display()))
                };
                early.wait().map_err(|e| cannot(&e))?;
                let tmp = tmp.into_inner().map_err(|e| cannot(e.error()))?;
                tmp.as_file().sync_all().map_err(|e| cannot(&e))?;
                tmp.persist(&target).map_err(|e| cannot(&e.error))?;
                Ok(())
            }
        }
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(w) => w.write(buf),
            Sink::File { tmp, target, early } => {
                let n = tmp.write(buf).map_err(|e| named(&e, target))?;
                early
                    .wrote(n, tmp.get_ref().as_file())
                    .map_err(|e| named(&e, target))?;
                Ok(n)
            }
            Sink::Special { file, target } => file.write(buf).map_err(|e| named(&e, target)),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Sink::Stdout(w) => w.write_all(buf),
            Sink::File { tmp, target, early } => {
                tmp.write_all(buf).map_err(|e| named(&e, target))?;
                (early.wrote(buf.len(), tmp.get_ref().as_file())).map_err(|e| named(&e, target))
            }
            Sink::Special { file, target } => file.write_all(buf).map_err(|e| named(&e, target)),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(w) => w.flush(),
            Sink::File { tmp, target, .. } => tmp.flush().map_err(|e| named(&e, target)),
            Sink::Special { file, target } => file.flush().map_err(|e| named(&e, target)),
        }
    }
}

/// A temporary file in `dir` with the permissions `target` will need: its
/// current ones when it exists, else those of a newly created file (not
/// the 0600 of a temporary file).
fn temp_file(dir: &Path, target: &Path) -> io::Result<NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".eduaid-").suffix(".tmp");
    if let Ok(meta) = std::fs::metadata(target) {
        builder.permissions(meta.permissions());
    } else {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // As File::create: 0666 less the umask.
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
    }
    builder.tempfile_in(dir)
}

/// An error writing a file, naming the file (the kind is kept).
fn named(e: &io::Error, target: &Path) -> io::Error {
    io::Error::new(e.kind(), format!("{}: cannot write: {e}", target.display()))
}

/// Writes `text` to `path` atomically (or to standard output for `None`).
pub fn write_text(path: Option<&Path>, bom: bool, text: &str) -> Result<(), Fail> {
    let mut sink = Sink::open(path, bom)?;
    sink.write_all(text.as_bytes())?;
    sink.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file larger than the early syncs' step is synced while it is
    /// written, and still comes out whole, in place, only at the end.
    #[test]
    fn a_large_file_is_synced_early_and_comes_out_whole() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let target = dir.path().join("large.csv");
        let mut sink = Sink::open(Some(&target), false).expect("opened");
        let piece: Vec<u8> = (0..1u32 << 20).map(|i| (i % 251) as u8).collect();
        let pieces = EarlySync::EVERY / piece.len() + 8;
        let mut synced = false;
        for _ in 0..pieces {
            sink.write_all(&piece).expect("written");
            if let Sink::File { early, .. } = &sink {
                synced |= early.running.is_some();
            }
        }
        assert!(synced, "no sync began while writing");
        assert!(!target.exists(), "the target appears only when finished");
        sink.finish().expect("finished");
        let written = std::fs::read(&target).expect("read back");
        assert_eq!(written.len(), pieces * piece.len());
        assert!(written.chunks(piece.len()).all(|c| c == piece.as_slice()));
    }
}
