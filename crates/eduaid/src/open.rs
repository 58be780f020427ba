//! Opening files by path, with the path in every error, and the two named
//! ways from a read ledger to a [`Ledger`]: refusing when any row was
//! refused ([`Loaded::into_ledger`]), or knowingly keeping the valid rows
//! only ([`Loaded::accept_valid_rows`]).

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use crate::{Error, Ledger, Loaded, Programme};

impl Ledger {
    /// Reads the ledger CSV file at `path` against a programme, as
    /// [`Ledger::read_csv`] does, reporting every location under the path.
    ///
    /// The result lists every violation; take the ledger with
    /// [`Loaded::into_ledger`] (which refuses a file with invalid rows) or
    /// [`Loaded::accept_valid_rows`].
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the file cannot be opened (missing, a directory,
    /// no permission); [`Error::Csv`] when it cannot be read as a ledger
    /// (empty, a bad header, an I/O error part way). Each error's message
    /// starts with the path.
    ///
    /// ```
    /// use eduaid::{Error, Ledger, Programme};
    /// let dir = std::env::temp_dir().join(format!("eduaid-doc-open-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir)?;
    /// let path = dir.join("ledger.csv");
    /// std::fs::write(&path, "id,date,project,area,measure,breakdown,value\n\
    ///                        e1,2019-06-20,rural-teachers,fuping,people-trained,local,120\n")?;
    /// let ledger = Ledger::open(Programme::canonical(), &path)?.into_ledger()?;
    /// assert_eq!(ledger.len(), 1);
    ///
    /// // A missing file: the error names it.
    /// let missing = dir.join("missing.csv");
    /// let err = Ledger::open(Programme::canonical(), &missing).unwrap_err();
    /// assert!(matches!(err, Error::Io { .. }));
    /// assert!(err.to_string().starts_with(&missing.display().to_string()));
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open(
        programme: impl Into<Arc<Programme>>,
        path: impl AsRef<Path>,
    ) -> Result<Loaded, Error> {
        let path = path.as_ref();
        let file = File::open(path).map_err(|source| Error::Io {
            path: path.to_owned(),
            source,
        })?;
        Ledger::read_csv(programme.into(), file, &path.display().to_string())
    }
}

impl Programme {
    /// Reads the programme JSON file at `path` ([`Programme::from_path`]
    /// for any path-like argument).
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the file cannot be read (or is not UTF-8);
    /// [`Error::Json`] when it is not programme JSON; [`Error::Invalid`]
    /// listing every rule it breaks, each located in the file. Each error's
    /// message names the path.
    ///
    /// ```
    /// use eduaid::Programme;
    /// let path = std::env::temp_dir().join(format!("eduaid-doc-programme-{}.json", std::process::id()));
    /// std::fs::write(&path, Programme::canonical().to_json())?;
    /// assert_eq!(Programme::open(&path)?.framework().code(), "1215");
    /// std::fs::write(&path, "{}")?;
    /// let err = Programme::open(&path).unwrap_err();
    /// assert!(err.to_string().starts_with(&path.display().to_string()));
    /// # std::fs::remove_file(&path)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open(path: impl AsRef<Path>) -> Result<Programme, Error> {
        Programme::from_path(path.as_ref())
    }
}

impl Loaded {
    /// The ledger, when every row was valid (warnings allowed).
    ///
    /// A total over a file with refused rows would silently leave their
    /// values out, so this is the way to take the ledger; when leaving them
    /// out is meant, say so with [`Loaded::accept_valid_rows`].
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] with every violation (each naming the file, line,
    /// entry and column) when any row was refused.
    ///
    /// ```
    /// use eduaid::{Ledger, Programme, Rule};
    /// let csv = "id,date,project,area,measure,breakdown,value\n\
    ///            e1,2019-06-20,rural-teachers,fuping,people-trained,local,120\n\
    ///            e2,2019-02-30,rural-teachers,fuping,people-trained,local,5\n";
    /// let loaded = Ledger::read_csv(Programme::canonical().into(), csv.as_bytes(), "l.csv")?;
    /// let err = loaded.into_ledger().unwrap_err();
    /// assert!(err.violations().unwrap().contains(Rule::InvalidDate));
    /// assert!(err.to_string().contains("l.csv:3, entry e2, column \"date\""));
    /// # Ok::<(), eduaid::Error>(())
    /// ```
    pub fn into_ledger(self) -> Result<Ledger, Error> {
        if self.violations.has_errors() {
            return Err(Error::Invalid(self.violations));
        }
        Ok(self.ledger)
    }

    /// The ledger of the valid rows only, leaving out every refused row:
    /// the explicit choice to total what could be read. Read
    /// [`Loaded::violations`] first to report what was left out.
    ///
    /// ```
    /// use eduaid::{Ledger, Programme};
    /// let csv = "id,date,project,area,measure,breakdown,value\n\
    ///            e1,2019-06-20,rural-teachers,fuping,people-trained,local,120\n\
    ///            e2,2019-02-30,rural-teachers,fuping,people-trained,local,5\n";
    /// let loaded = Ledger::read_csv(Programme::canonical().into(), csv.as_bytes(), "l.csv")?;
    /// assert_eq!(loaded.violations.error_count(), 1);
    /// let ledger = loaded.accept_valid_rows();
    /// assert_eq!(ledger.len(), 1);
    /// # Ok::<(), eduaid::Error>(())
    /// ```
    #[must_use]
    pub fn accept_valid_rows(self) -> Ledger {
        self.ledger
    }
}
