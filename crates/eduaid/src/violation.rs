//! Violations: what validation of a programme or a ledger found, each with a
//! stable code, a severity and a location.

use std::fmt;

use serde::Serialize;

/// How serious a violation is.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Suspicious but not invalid: the data is accepted.
    Warning,
    /// The data breaks a rule: the item is refused.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

macro_rules! rules {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $slug:literal, $sev:ident; )*) => {
        /// The stable code of a validation rule. The full table is in the crate
        /// documentation; codes are never reused for another meaning.
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
        #[non_exhaustive]
        pub enum Rule {
            $( $(#[$doc])* $variant, )*
        }

        impl Rule {
            /// Every rule, in code order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];

            /// The stable code, such as `L014`.
            #[must_use]
            pub const fn code(self) -> &'static str {
                match self { $(Rule::$variant => $code,)* }
            }

            /// A short kebab-case name, such as `pairing-not-in-force`.
            #[must_use]
            pub const fn slug(self) -> &'static str {
                match self { $(Rule::$variant => $slug,)* }
            }

            /// The rule's severity.
            #[must_use]
            pub const fn severity(self) -> Severity {
                match self { $(Rule::$variant => Severity::$sev,)* }
            }
        }
    };
}

rules! {
    /// The framework's code does not match its tiers' counts.
    FrameworkCode = "P001", "framework-code-mismatch", Error;
    /// Two registry items of one kind share a code.
    DuplicateCode = "P002", "duplicate-code", Error;
    /// A registry item refers to a code that is not declared.
    UnknownReference = "P003", "unknown-reference", Error;
    /// An area has the wrong kind for its place (a school in a region, a county under a county).
    AreaKind = "P004", "wrong-area-kind", Error;
    /// A pairing party is on the wrong side.
    PairingSide = "P005", "pairing-wrong-side", Error;
    /// A pairing joins a party to itself, or its two parties share a member.
    PairingSameParty = "P006", "pairing-same-party", Error;
    /// A pairing ends before it starts.
    PairingDates = "P007", "pairing-end-before-start", Error;
    /// The same two parties are paired twice over overlapping dates.
    PairingOverlap = "P008", "pairing-overlap", Error;
    /// A pairing's parties do not fit its kind (schools for school pairings, areas for district-county ones), or a party is empty or repeats a member.
    PairingShape = "P009", "pairing-party-shape", Error;
    /// A field is empty or out of range (a name, a target, a milestone).
    InvalidField = "P010", "invalid-field", Error;
    /// A framework tier item names no declared project, or a project is named twice.
    FrameworkProject = "P011", "framework-project", Error;
    /// A measure's breakdown values repeat.
    MeasureBreakdown = "P012", "measure-breakdown", Error;
    /// A target is for a breakdown its measure does not allow.
    TargetBreakdown = "P013", "target-breakdown", Error;
    /// The same target (year, project, area, measure, breakdown) is set twice.
    DuplicateTarget = "P014", "duplicate-target", Error;
    /// A rule over totals compares different units, groups by measure or breakdown, or names a breakdown its measure does not allow.
    CheckRuleInvalid = "P015", "check-rule-invalid", Error;
    /// A reporting duty names a project, area, school or pairing that is not declared.
    DutyUnknownUnit = "P017", "duty-unknown-unit", Error;
    /// A reporting duty's period ends before it starts, lies outside its pairing's time in force, names no unit, or overlaps another duty of the same project and unit.
    DutyPeriod = "P018", "duty-period", Error;

    /// A row cannot be read as a ledger record (field count, encoding).
    MalformedRow = "L001", "malformed-row", Error;
    /// A code field (id, project, area, ...) is not a valid code.
    InvalidCode = "L002", "invalid-code", Error;
    /// A date does not exist or is not `YYYY-MM-DD`.
    InvalidDate = "L003", "invalid-date", Error;
    /// A value is not a plain decimal number.
    InvalidValue = "L004", "invalid-value", Error;
    /// A value has more fraction digits than its unit allows (2 for yuan, 0 for counts).
    FractionDigits = "L005", "too-many-fraction-digits", Error;
    /// A value does not fit the exact type.
    ValueOverflow = "L006", "value-too-large", Error;
    /// A negative value on an entry that corrects nothing.
    NegativeValue = "L007", "negative-without-correction", Error;
    /// The project is not declared by the programme.
    UnknownProject = "L008", "unknown-project", Error;
    /// The measure is not declared by the programme.
    UnknownMeasure = "L009", "unknown-measure", Error;
    /// The area is not in the programme's registry (checked only when it lists areas).
    UnknownArea = "L010", "unknown-area", Error;
    /// The school is not in the programme's registry (checked only when it lists schools).
    UnknownSchool = "L011", "unknown-school", Error;
    /// The pairing is not in the programme's registry (checked only when it lists pairings).
    UnknownPairing = "L012", "unknown-pairing", Error;
    /// The funding source is not declared (checked only when the programme lists sources).
    UnknownSource = "L013", "unknown-source", Error;
    /// The breakdown is not one the measure allows.
    BreakdownNotAllowed = "L014", "breakdown-not-allowed", Error;
    /// The school is not in the entry's area.
    SchoolNotInArea = "L015", "school-not-in-area", Error;
    /// The pairing is not in force on the entry's date.
    PairingNotInForce = "L016", "pairing-not-in-force", Error;
    /// Two entries share an id.
    DuplicateId = "L017", "duplicate-id", Error;
    /// `corrects` names no earlier entry of the ledger.
    CorrectsUnknown = "L018", "corrects-unknown-entry", Error;
    /// A correction is for another measure than the entry it corrects.
    CorrectionMeasure = "L019", "correction-measure-mismatch", Error;
    /// A correction drives the corrected entry's net value below zero.
    CorrectionBelowZero = "L020", "correction-below-zero", Error;
    /// A value's total over the ledger does not fit the exact type.
    TotalOverflow = "L021", "total-overflow", Error;
    /// A sealed statistics month holds more entries than when it was closed.
    SealedEntryAdded = "L022", "sealed-entry-added", Error;
    /// A sealed statistics month holds fewer entries than when it was closed.
    SealedEntryRemoved = "L023", "sealed-entry-removed", Error;
    /// An entry of a sealed statistics month differs from when it was closed.
    SealedEntryChanged = "L024", "sealed-entry-changed", Error;

    /// The measure declares breakdowns but the entry gives none.
    MissingBreakdown = "W001", "missing-breakdown", Warning;
    /// A funding source on a measure that is not money.
    SourceOnNonMoney = "W002", "source-on-non-money", Warning;
    /// The project does not declare that it reports this measure.
    MeasureNotReported = "W003", "measure-not-reported-by-project", Warning;
    /// A correction dated before the entry it corrects.
    CorrectionBeforeOriginal = "W004", "correction-dated-before-original", Warning;

    /// A name or alias the programme declares would mean two codes of one kind.
    AmbiguousName = "P016", "ambiguous-name", Error;
    /// A row holds only separators (and spaces): it is skipped.
    SeparatorOnlyRow = "W005", "separator-only-row", Warning;
    /// A field has spaces around it: they are dropped.
    SpacesAroundField = "W006", "spaces-around-field", Warning;
    /// A date's month or day is not written with two digits (`2019-5-20`).
    DateUnpadded = "W007", "date-unpadded", Warning;
    /// A date is written with slashes (`2019/5/20`).
    DateSlashes = "W008", "date-slashes", Warning;
    /// A date is written the Chinese way (`2019年5月20日`).
    DateChinese = "W009", "date-chinese", Warning;
    /// A date carries a midnight time (`2019-05-20 00:00`).
    DateMidnight = "W010", "date-midnight-time", Warning;
    /// A value has thousands separators in groups of three (`1,234.50`).
    ThousandsSeparators = "W011", "thousands-separators", Warning;
    /// A value has zeros beyond the fraction digits its unit allows (`114500.0000`).
    TrailingFractionZeros = "W012", "trailing-fraction-zeros", Warning;
    /// The file is not UTF-8 and was read in the encoding the message names (GB18030, UTF-16).
    ReadAsEncoding = "W013", "read-as-encoding", Warning;
}

impl Rule {
    /// Whether the rule is checked against the ledger's close log (a sealed
    /// month holds other entries than when it was closed: L022 to L024),
    /// not against a row: its violations refuse no row, but the ledger is
    /// not valid.
    ///
    /// ```
    /// use eduaid::Rule;
    /// assert!(Rule::SealedEntryAdded.against_close_log());
    /// assert!(!Rule::InvalidDate.against_close_log());
    /// ```
    #[must_use]
    pub const fn against_close_log(self) -> bool {
        matches!(
            self,
            Rule::SealedEntryAdded | Rule::SealedEntryRemoved | Rule::SealedEntryChanged
        )
    }
}

/// Where a violation was found.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize)]
pub struct Location {
    /// The file, when the data came from one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The 1-based line in that file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The entry id, or the registry item's kind and code (`pairing p-07`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// The column or field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        match (&self.file, self.line) {
            (Some(file), Some(line)) => parts.push(format!("{file}:{line}")),
            (Some(file), None) => parts.push(file.clone()),
            (None, Some(line)) => parts.push(format!("line {line}")),
            (None, None) => {}
        }
        if let Some(item) = &self.item {
            parts.push(item.clone());
        }
        if let Some(field) = &self.field {
            parts.push(format!("column {field:?}"));
        }
        f.write_str(&parts.join(", "))
    }
}

/// One broken rule.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub struct Violation {
    /// The rule.
    #[serde(serialize_with = "ser_rule")]
    pub rule: Rule,
    /// Where.
    pub location: Location,
    /// What, naming the value.
    pub message: String,
    /// Whether a warning was made an error (strict reading of spreadsheet
    /// habits): see [`Violation::severity`].
    #[serde(skip)]
    escalated: bool,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's signature
fn ser_rule<S: serde::Serializer>(rule: &Rule, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(rule.code())
}

impl Violation {
    /// A violation of `rule` at `location`.
    #[must_use]
    pub fn new(rule: Rule, location: Location, message: impl Into<String>) -> Violation {
        Violation {
            rule,
            location,
            message: message.into(),
            escalated: false,
        }
    }

    /// The same violation as an error, whatever its rule's severity: how a
    /// strict reading refuses a row that would otherwise be kept with a
    /// warning. The rule (and so the code) stays.
    #[must_use]
    pub fn as_error(mut self) -> Violation {
        self.escalated = true;
        self
    }

    /// The violation's severity: its rule's, or an error when made one with
    /// [`Violation::as_error`].
    #[must_use]
    pub fn severity(&self) -> Severity {
        if self.escalated {
            Severity::Error
        } else {
            self.rule.severity()
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let loc = self.location.to_string();
        if loc.is_empty() {
            write!(
                f,
                "{} {}: {}",
                self.severity(),
                self.rule.code(),
                self.message
            )
        } else {
            write!(
                f,
                "{loc}: {} {}: {}",
                self.severity(),
                self.rule.code(),
                self.message
            )
        }
    }
}

/// A list of violations, in the order they were found.
///
/// A list made with [`Violations::keeping`] keeps only the first few errors
/// and warnings but counts every one: what a command that reports only the
/// first error needs of a ledger with millions of warnings.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Violations {
    list: Vec<Violation>,
    /// Errors and warnings found (a ledger may have millions), and the
    /// errors among them against the close log.
    counts: [usize; 3],
    /// The same, of those in `list`.
    kept: [usize; 3],
    /// Errors and warnings kept at most (`None`: every one).
    limit: Option<usize>,
}

impl Serialize for Violations {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.list.serialize(s)
    }
}

impl Violations {
    /// No violations; every one added is kept.
    #[must_use]
    pub fn new() -> Violations {
        Violations::default()
    }

    /// No violations; of those added, the first `n` errors and the first
    /// `n` warnings are kept, and every one is counted.
    ///
    /// ```
    /// use eduaid::{Location, Rule, Violation, Violations};
    /// let mut v = Violations::keeping(1);
    /// for line in 1..=3 {
    ///     let at = Location { line: Some(line), ..Location::default() };
    ///     v.push(Violation::new(Rule::DateSlashes, at, "2019/5/20"));
    /// }
    /// assert_eq!((v.warning_count(), v.len(), v.omitted()), (3, 1, 2));
    /// ```
    #[must_use]
    pub fn keeping(n: usize) -> Violations {
        Violations::limited(Some(n))
    }

    /// An empty list keeping at most `limit` of each severity, or all.
    pub(crate) fn limited(limit: Option<usize>) -> Violations {
        Violations {
            limit,
            ..Violations::default()
        }
    }

    /// An empty list that keeps as this one does.
    pub(crate) fn emptied(&self) -> Violations {
        Violations::limited(self.limit)
    }

    /// Counts a violation of `rule` (with its rule's severity), and builds
    /// and keeps it only if the list keeps one more of that severity: for
    /// a check that may fire on every row.
    pub(crate) fn push_with(&mut self, rule: Rule, make: impl FnOnce() -> Violation) {
        if self.count(rule, rule.severity()) {
            let v = make();
            debug_assert!(v.rule == rule && v.severity() == rule.severity());
            self.list.push(v);
        }
    }

    /// Counts one of `rule` and `severity`; whether to keep it.
    fn count(&mut self, rule: Rule, severity: Severity) -> bool {
        let s = usize::from(severity != Severity::Error);
        let close_log = usize::from(s == 0 && rule.against_close_log());
        self.counts[s] += 1;
        self.counts[2] += close_log;
        let keep = self.limit.is_none_or(|n| self.kept[s] < n);
        self.kept[s] += usize::from(keep);
        self.kept[2] += close_log * usize::from(keep);
        keep
    }

    /// The errors, warnings and errors against the close log counted but
    /// not kept.
    pub(crate) fn omitted_counts(&self) -> [usize; 3] {
        std::array::from_fn(|i| self.counts[i] - self.kept[i])
    }

    /// Counts errors, warnings and errors against the close log that
    /// another list did not keep.
    pub(crate) fn count_omitted(&mut self, omitted: [usize; 3]) {
        for (count, n) in self.counts.iter_mut().zip(omitted) {
            *count += n;
        }
    }

    /// Adds one (counts it, and keeps it unless the list keeps no more of
    /// its severity).
    pub fn push(&mut self, v: Violation) {
        if self.count(v.rule, v.severity()) {
            self.list.push(v);
        }
    }

    /// How many errors (not warnings), kept or not.
    #[must_use]
    pub fn error_count(&self) -> usize {
        self.counts[0]
    }

    /// How many warnings, kept or not.
    #[must_use]
    pub fn warning_count(&self) -> usize {
        self.counts[1]
    }

    /// How many of the errors are against the ledger's close log rather
    /// than a row ([`Rule::against_close_log`]), kept or not.
    ///
    /// ```
    /// use eduaid::{Location, Rule, Violation, Violations};
    /// let mut v = Violations::keeping(0);
    /// v.push(Violation::new(Rule::InvalidDate, Location::default(), "2019-02-30"));
    /// v.push(Violation::new(Rule::SealedEntryAdded, Location::default(), "1 entry added"));
    /// assert_eq!((v.error_count(), v.close_log_error_count()), (2, 1));
    /// ```
    #[must_use]
    pub fn close_log_error_count(&self) -> usize {
        self.counts[2]
    }

    /// How many were counted but not kept (see [`Violations::keeping`]).
    #[must_use]
    pub fn omitted(&self) -> usize {
        self.counts[0] + self.counts[1] - self.list.len()
    }

    /// Whether any is an error.
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.counts[0] > 0
    }

    /// All of them that are kept.
    #[must_use]
    pub fn as_slice(&self) -> &[Violation] {
        &self.list
    }

    /// How many are kept (all, unless made with [`Violations::keeping`]).
    #[must_use]
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.counts[..2] == [0, 0]
    }

    /// Whether any violation has this rule.
    #[must_use]
    pub fn contains(&self, rule: Rule) -> bool {
        self.list.iter().any(|v| v.rule == rule)
    }

    /// Iterates over them.
    pub fn iter(&self) -> std::slice::Iter<'_, Violation> {
        self.list.iter()
    }

    /// Iterates mutably over the locations and messages (to add a file name
    /// to every location, say); rules, and so severities, stay as they are.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&mut Location, &mut String)> {
        self.list
            .iter_mut()
            .map(|v| (&mut v.location, &mut v.message))
    }

    /// Appends all of `other` (kept as this list keeps them; those `other`
    /// did not keep are counted).
    pub fn extend(&mut self, other: Violations) {
        self.count_omitted(other.omitted_counts());
        for v in other.list {
            self.push(v);
        }
    }

    /// Orders by file line (stable), so a report reads top to bottom.
    pub fn sort_by_line(&mut self) {
        self.list.sort_by_key(|v| v.location.line.unwrap_or(0));
    }
}

impl IntoIterator for Violations {
    type Item = Violation;
    type IntoIter = std::vec::IntoIter<Violation>;
    fn into_iter(self) -> Self::IntoIter {
        self.list.into_iter()
    }
}

impl<'a> IntoIterator for &'a Violations {
    type Item = &'a Violation;
    type IntoIter = std::slice::Iter<'a, Violation>;
    fn into_iter(self) -> Self::IntoIter {
        self.list.iter()
    }
}

impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (e, w) = (self.error_count(), self.warning_count());
        write!(f, "{e} error(s), {w} warning(s)")?;
        for v in &self.list {
            write!(f, "\n  {v}")?;
        }
        match self.omitted() {
            0 => Ok(()),
            n => write!(f, "\n  and {n} more, not kept"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Location, Rule, Violation, Violations};

    fn at(rule: Rule) -> Violation {
        Violation::new(rule, Location::default(), "m")
    }

    #[test]
    fn errors_against_the_close_log_are_counted_when_not_kept_and_when_merged() {
        // Keeping one error: the second close-log error is counted only.
        let mut log = Violations::keeping(1);
        log.push(at(Rule::SealedEntryRemoved));
        log.push(at(Rule::SealedEntryChanged));
        log.push(at(Rule::MissingBreakdown));
        assert_eq!((log.len(), log.close_log_error_count()), (2, 2));
        let mut all = Violations::keeping(1);
        all.push(at(Rule::InvalidDate));
        all.extend(log);
        assert_eq!(
            (
                all.error_count(),
                all.warning_count(),
                all.close_log_error_count()
            ),
            (3, 1, 2)
        );
        assert_eq!(all.omitted(), 2);
        // Only L022 to L024 are against the close log.
        let against: Vec<&str> = Rule::ALL
            .iter()
            .filter(|r| r.against_close_log())
            .map(|r| r.code())
            .collect();
        assert_eq!(against, ["L022", "L023", "L024"]);
    }
}
