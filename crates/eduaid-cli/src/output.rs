//! Where output goes: standard output through a locked buffer, or a file
//! written atomically (a temporary file in the same directory, renamed over
//! the target once complete), so a failure never leaves a truncated report.
//! A target that is not a regular file (`/dev/null`, a named pipe) is written
//! in place: renaming over it would replace it.

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, StdoutLock, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread::JoinHandle;

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
        /// The temporary file, written on another thread.
        tmp: Background,
        /// The file it will become.
        target: PathBuf,
    },
}

/// A file written on another thread: what the caller writes is copied into
/// buffers of [`Background::BUFFER`] bytes, and each full one is handed
/// over and written (and synced early, [`EarlySync`]) while the caller
/// goes on making the rest. A report of 144 MB spent a tenth of its run
/// writing, its other thread idle.
pub struct Background {
    buf: Vec<u8>,
    /// Full buffers to the writer; `None` once finished.
    full: Option<mpsc::SyncSender<Vec<u8>>>,
    /// Written buffers back from the writer, to be filled again (a fresh
    /// buffer's pages cost as much as writing it out).
    spare: mpsc::Receiver<Vec<u8>>,
    /// The writer: the file, and how many early syncs it began.
    writer: Option<JoinHandle<io::Result<(NamedTempFile, usize)>>>,
}

impl Background {
    const BUFFER: usize = 1 << 20;
    /// Full buffers waiting at most: the caller waits beyond.
    const QUEUE: usize = 4;

    fn new(mut file: NamedTempFile) -> Background {
        let (full, to_write) = mpsc::sync_channel::<Vec<u8>>(Self::QUEUE);
        let (back, spare) = mpsc::channel();
        let writer = std::thread::spawn(move || {
            let mut early = EarlySync::default();
            for mut buf in to_write {
                file.write_all(&buf)?;
                early.wrote(buf.len(), file.as_file())?;
                buf.clear();
                let _ = back.send(buf); // the caller may be done already
            }
            early.wait()?;
            Ok((file, early.begun))
        });
        Background {
            buf: Vec::with_capacity(Self::BUFFER),
            full: Some(full),
            spare,
            writer: Some(writer),
        }
    }

    /// Hands the buffer over, if it holds anything.
    fn hand_over(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let next = (self.spare.try_recv()).unwrap_or_else(|_| Vec::with_capacity(Self::BUFFER));
        let buf = std::mem::replace(&mut self.buf, next);
        match &self.full {
            Some(full) if full.send(buf).is_ok() => Ok(()),
            // The writer stopped: its error says why.
            _ => Err(self
                .join()
                .err()
                .unwrap_or_else(|| io::Error::other("writer gone"))),
        }
    }

    /// Waits for the writer to write everything handed over.
    fn join(&mut self) -> io::Result<(NamedTempFile, usize)> {
        self.full = None;
        match self.writer.take() {
            Some(w) => w
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("the writer panicked"))),
            None => Err(io::Error::other("written already")),
        }
    }

    /// Writes the rest and gives the file, and how many early syncs began.
    fn finish(mut self) -> io::Result<(NamedTempFile, usize)> {
        self.hand_over()?;
        self.join()
    }
}

impl Drop for Background {
    /// Unfinished (the command failed): the writer ends, and with it the
    /// temporary file, before the caller goes on and the process may end.
    fn drop(&mut self) {
        let _ = self.join();
    }
}

impl Write for Background {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.write_all(data)?;
        Ok(data.len())
    }

    fn write_all(&mut self, mut data: &[u8]) -> io::Result<()> {
        while !data.is_empty() {
            let n = (Self::BUFFER - self.buf.len()).min(data.len());
            self.buf.extend_from_slice(&data[..n]);
            data = &data[n..];
            if self.buf.len() == Self::BUFFER {
                self.hand_over()?;
            }
        }
        Ok(())
    }

    /// Does nothing: the buffer is handed over when full or finished.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Syncs a file being written on another thread, every [`EarlySync::EVERY`]
/// bytes, so that the disk writes out a large report while the rest of it
/// is made: the sync before the rename then has only the last part left
/// (a report of 144 MB spent 0.11 s there, a tenth of its run).
#[derive(Default)]
struct EarlySync {
    /// Bytes written since the last sync began.
    since: usize,
    running: Option<JoinHandle<io::Result<()>>>,
    /// Syncs begun.
    begun: usize,
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
        self.begun += 1;
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
                    tmp: Background::new(tmp),
                    target: p.to_path_buf(),
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
        self.finish_counting().map(|_| ())
    }

    /// [`Sink::finish`], giving how many early syncs of a file began.
    fn finish_counting(self) -> Result<usize, Fail> {
        match self {
            Sink::Stdout(mut w) => w.flush().map(|()| 0).map_err(Fail::from),
            Sink::Special { mut file, target } => file
                .flush()
                .map(|()| 0)
                .map_err(|e| Fail::usage(anyhow!("{}: cannot write: {e}", target.display()))),
            Sink::File { tmp, target } => {
                let cannot = |e: &dyn std::fmt::Display| {
                    Fail::usage(anyhow!("{}: cannot write: {e}", target.display()))
                };
                let (tmp, early) = tmp.finish().map_err(|e| cannot(&e))?;
                tmp.as_file().sync_all().map_err(|e| cannot(&e))?;
                tmp.persist(&target).map_err(|e| cannot(&e.error))?;
                Ok(early)
            }
        }
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(w) => w.write(buf),
            Sink::File { tmp, target } => tmp.write(buf).map_err(|e| named(&e, target)),
            Sink::Special { file, target } => file.write(buf).map_err(|e| named(&e, target)),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Sink::Stdout(w) => w.write_all(buf),
            Sink::File { tmp, target } => tmp.write_all(buf).map_err(|e| named(&e, target)),
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
        for _ in 0..pieces {
            sink.write_all(&piece).expect("written");
        }
        assert!(!target.exists(), "the target appears only when finished");
        let early = sink.finish_counting().expect("finished");
        assert!(early > 0, "no sync began while writing");
        let written = std::fs::read(&target).expect("read back");
        assert_eq!(written.len(), pieces * piece.len());
        assert!(written.chunks(piece.len()).all(|c| c == piece.as_slice()));
    }

    /// A write that fails on the writer's thread fails the caller's next
    /// write or its finish, with the writer's error.
    #[test]
    #[cfg(target_os = "linux")]
    fn a_failed_write_on_the_writer_thread_is_the_callers_error() {
        let full = OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let path = NamedTempFile::new()
            .expect("a temporary file")
            .into_temp_path();
        let mut tmp = Background::new(NamedTempFile::from_parts(full, path));
        let piece = vec![7u8; Background::BUFFER];
        let error = (0..Background::QUEUE + 8)
            .find_map(|_| tmp.write_all(&piece).err())
            .or_else(|| tmp.finish().err())
            .expect("the write failed");
        assert_eq!(error.kind(), io::ErrorKind::StorageFull, "{error}");
    }

    /// A file sink dropped unfinished (a command that failed midway)
    /// leaves neither the target nor its temporary file behind.
    #[test]
    fn an_unfinished_file_leaves_nothing_behind() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let target = dir.path().join("report.csv");
        let mut sink = Sink::open(Some(&target), false).expect("opened");
        let piece = vec![b'x'; 3 << 20];
        sink.write_all(&piece).expect("written");
        drop(sink);
        let left: Vec<_> = std::fs::read_dir(dir.path()).expect("listed").collect();
        assert!(left.is_empty(), "left behind: {left:?}");
    }
}
