//! The crate's one public error type.

use std::path::PathBuf;

use crate::violation::{Rule, Violations};

/// Everything that can go wrong in `eduaid`.
///
/// Messages are lowercase, without a final period, and name the offending
/// value and where it came from.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A code (of a project, area, school, entry, ...) is malformed.
    #[error("invalid code {value:?}: {reason}")]
    InvalidCode {
        /// The text given.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// An amount of money is malformed or inexact.
    #[error("invalid amount {value:?}: {reason}")]
    InvalidMoney {
        /// The text given.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A date or statistics month is malformed or does not exist.
    #[error("invalid date {value:?}: {reason}")]
    InvalidDate {
        /// The text given.
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A statistics cutoff day outside 1 to 31.
    #[error("invalid cutoff day {0}: must be 1 to 31")]
    InvalidCutoff(u8),
    /// A value out of its allowed range or shape (a threshold, an empty
    /// name, a pairing whose parties do not fit its kind, a report's
    /// grouping, ...): match on its [`Subject`] to tell them apart.
    #[error("invalid {subject}: {reason}")]
    InvalidValue {
        /// What was being given.
        subject: Subject,
        /// What is wrong with it.
        reason: String,
        /// The rule of the programme's check that the value breaks, where
        /// one does (a pairing's P-codes): the same code the check of a
        /// whole programme reports.
        rule: Option<Rule>,
    },
    /// An exact total does not fit its type.
    #[error("arithmetic overflow: {0}")]
    Overflow(String),
    /// A programme or a ledger breaks one or more rules; every violation is listed.
    #[error("{0}")]
    Invalid(Violations),
    /// The ledger CSV cannot be read as a table (header, quoting, encoding).
    #[error("{file}:{line}: {message}")]
    Csv {
        /// The file name, or `-` for standard input.
        file: String,
        /// The 1-based physical line.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// A programme's JSON is malformed.
    #[error("{file}: invalid programme JSON at line {line}, column {column}: {message}")]
    Json {
        /// The file name, or `-` for standard input.
        file: String,
        /// The 1-based line.
        line: usize,
        /// The 1-based column.
        column: usize,
        /// What serde said.
        message: String,
    },
    /// A close log cannot be trusted: a record is malformed, edited, out of
    /// its chain, or does not follow from those before it.
    #[error("{file}:{line}: {message}")]
    CloseLog {
        /// The close log's file name.
        file: String,
        /// The 1-based line of the record.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

/// What an [`Error::InvalidValue`] was given for. Its `Display` is the
/// words of the message (`invalid project filter: ...`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub enum Subject {
    /// An area of the registry.
    Area,
    /// A school of the registry.
    School,
    /// A pairing of the registry.
    Pairing,
    /// A measure of the catalogue.
    Measure,
    /// The programme's framework (its "1215" tiers).
    Framework,
    /// A bilingual name.
    Name,
    /// A project's owner.
    ProjectOwner,
    /// A milestone's owner.
    MilestoneOwner,
    /// A plan's target.
    Target,
    /// A reporting duty.
    Duty,
    /// A name or alias declared for a code.
    Alias,
    /// The targeting threshold.
    Threshold,
    /// The measure a compliance check totals.
    ComplianceMeasure,
    /// A compliance report's parts.
    ComplianceReport,
    /// The report a plan's progress is taken from.
    ProgressReport,
    /// A programme as a whole (for what needs one, such as generating a ledger).
    Programme,
    /// A report's grouping (its dimensions).
    Grouping,
    /// A report's project filter.
    ProjectFilter,
    /// A report's area filter.
    AreaFilter,
    /// A report's measure filter.
    MeasureFilter,
    /// Partial aggregates being merged.
    Aggregate,
    /// A statistics month to close or reopen.
    Month,
    /// A text encoding named for reading.
    Encoding,
    /// A generator's id style.
    IdStyle,
    /// A generator's options.
    GenerateOptions,
}

impl Subject {
    /// The words of the message.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Subject::Area => "area",
            Subject::School => "school",
            Subject::Pairing => "pairing",
            Subject::Measure => "measure",
            Subject::Framework => "framework",
            Subject::Name => "name",
            Subject::ProjectOwner => "project owner",
            Subject::MilestoneOwner => "milestone owner",
            Subject::Target => "target",
            Subject::Duty => "reporting duty",
            Subject::Alias => "alias",
            Subject::Threshold => "threshold",
            Subject::ComplianceMeasure => "compliance measure",
            Subject::ComplianceReport => "compliance report",
            Subject::ProgressReport => "progress report",
            Subject::Programme => "programme",
            Subject::Grouping => "grouping",
            Subject::ProjectFilter => "project filter",
            Subject::AreaFilter => "area filter",
            Subject::MeasureFilter => "measure filter",
            Subject::Aggregate => "aggregate",
            Subject::Month => "month",
            Subject::Encoding => "encoding",
            Subject::IdStyle => "id style",
            Subject::GenerateOptions => "generate options",
        }
    }

    /// Whether it is part of a report's query (grouping, filters) or of
    /// merging its partial results: what a caller asked for, rather than
    /// what a programme or a ledger holds.
    #[must_use]
    pub const fn is_query(self) -> bool {
        matches!(
            self,
            Subject::Grouping
                | Subject::ProjectFilter
                | Subject::AreaFilter
                | Subject::MeasureFilter
                | Subject::Aggregate
        )
    }
}

impl std::fmt::Display for Subject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Error {
    /// An [`Error::InvalidValue`] that breaks no rule of the programme's check.
    pub(crate) fn invalid(subject: Subject, reason: impl Into<String>) -> Error {
        Error::InvalidValue {
            subject,
            reason: reason.into(),
            rule: None,
        }
    }

    /// The rule of the programme's check that the error breaks, if any: the
    /// rule of an [`Error::InvalidValue`] that has one, or of the first
    /// violation of an [`Error::Invalid`].
    #[must_use]
    pub fn rule(&self) -> Option<Rule> {
        match self {
            Error::InvalidValue { rule, .. } => *rule,
            Error::Invalid(v) => v.iter().next().map(|v| v.rule),
            _ => None,
        }
    }

    /// The violations, when the error is [`Error::Invalid`].
    #[must_use]
    pub fn violations(&self) -> Option<&Violations> {
        match self {
            Error::Invalid(v) => Some(v),
            _ => None,
        }
    }
}
