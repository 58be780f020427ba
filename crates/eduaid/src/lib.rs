//! # eduaid
//!
//! An exact, audited ledger for an education poverty-alleviation cooperation
//! programme, built around the Beijing-Baoding "1215" model: 1 goal, 2
//! priorities, 1 coordination mechanism and 5 projects, supporting schools
//! paired with supported schools, every item tracked one by one, totals taken
//! on the 25th of each month, and at least 80% of the funds going to the
//! poorest.
//!
//! The library parses raw text into validated values once, at the edge:
//!
//! - a [`Programme`] (framework, registry of areas, schools, pairings,
//!   projects, measures and funding sources, statistics calendar, plan) cannot
//!   be built unless all its parts fit together;
//! - a [`Ledger`] holds only entries that pass every check against its
//!   programme; money is whole fen inside ([`Money`]), [`Decimal`] at the edges,
//!   never floating point;
//! - every way data can be invalid is reported as a [`Violation`] with a stable
//!   [`Rule`] code, a severity and a location, and validation never stops at
//!   the first.
//!
//! ## Example
//!
//! ```
//! use std::sync::Arc;
//! use eduaid::{Ledger, Programme, Rule, StatCalendar, parse_date};
//!
//! let programme = Arc::new(Programme::canonical());
//! assert_eq!(programme.framework().code(), "1215");
//!
//! let csv = "\
//! id,date,project,area,measure,breakdown,value,source
//! f-001,2019-05-20,principal-studios,fuping,funds,general,1145000,paired-assistance
//! t-001,2019-06-10,rural-teachers,fuping,people-trained,local,240,
//! t-002,2019-06-12,rural-teachers,fuping,people-trained,in-beijing,1.5,
//! ";
//! let loaded = Ledger::read_csv(Arc::clone(&programme), csv.as_bytes(), "ledger.csv")?;
//! assert_eq!(loaded.ledger.len(), 2);
//! let problem = &loaded.violations.as_slice()[0];
//! assert_eq!(problem.rule, Rule::FractionDigits);
//! assert_eq!(
//!     problem.to_string(),
//!     "ledger.csv:4, entry t-002, column \"value\": error L005: value \"1.5\" is not a whole number: people-trained counts persons"
//! );
//!
//! // Statistics months close on the 25th.
//! let cal = programme.calendar();
//! assert_eq!(cal.month_of(parse_date("2019-06-10")?).to_string(), "2019-06");
//! assert_eq!(cal.month_of(parse_date("2019-12-26")?).to_string(), "2020-01");
//! # Ok::<(), eduaid::Error>(())
//! ```
//!
//! ## What it answers
//!
//! | question | function |
//! |---|---|
//! | totals grouped by project, area, school, pairing, measure, breakdown, source, statistics month or year, filtered, cumulative to a date | [`report`] with a [`Query`]; [`Aggregate`] for parts that merge |
//! | the same totals straight from a CSV file, every row checked, without keeping the entries (about 10 bytes an entry instead of 40) | [`report_csv`] |
//! | is "80% or more" of the funds targeted, per year (and area), and by how much money does it fall short | [`compliance`] |
//! | how far is each planned target, is it on pace, which milestones are overdue and whose | [`progress`] |
//! | paired schools on each side, pairings in force by kind, jointly run schools, stages covered per county | [`registry_facts`] |
//! | which groups break a declared rule over totals | [`check_rules`] |
//! | the programme at a glance, each figure with the entries behind it, in Chinese or English | [`Summary`] |
//! | the 2019 Beijing-Baoding data, embedded | [`dataset`] |
//! | a seeded synthetic ledger of any size, for trials and benchmarks | [`generate_ledger`], [`write_ledger_csv`] |
//!
//! ## Validation codes
//!
//! Codes are stable: a code is never reused for another meaning. `P` codes are
//! about a programme, `L` codes about ledger entries (errors: the entry is
//! refused), `W` codes are warnings (the entry is kept).
//!
//! | code | name | severity | what it means |
//! |---|---|---|---|
//! | P001 | `framework-code-mismatch` | error | the framework's code is not its tiers' counts (`"1215"` = 1, 2, 1, 5), a tier is empty or a tier key repeats |
//! | P002 | `duplicate-code` | error | two projects, measures, sources, areas, schools, pairings, milestones or rules share a code |
//! | P003 | `unknown-reference` | error | a registry item or plan refers to a code that is not declared (checked where the programme lists that kind) |
//! | P004 | `wrong-area-kind` | error | an area's parent is not a region; a school or a district-county party is a region; a region has a parent or poverty status |
//! | P005 | `pairing-wrong-side` | error | a pairing's supporting party is not on the supporting side, or its supported party not on the supported side |
//! | P006 | `pairing-same-party` | error | a pairing's two parties share a member |
//! | P007 | `pairing-end-before-start` | error | a pairing ends before it starts |
//! | P008 | `pairing-overlap` | error | the same two parties are paired twice over overlapping dates |
//! | P009 | `pairing-party-shape` | error | the parties do not fit the kind (schools for school pairings and jointly run schools, areas for district-county), or a party is empty or repeats a school |
//! | P010 | `invalid-field` | error | a field is blank or out of range: an owner, a school's stages, a target's value or year, the format |
//! | P011 | `framework-project` | error | a framework tier item names an undeclared project, or a project is named twice |
//! | P012 | `measure-breakdown` | error | a measure declares a breakdown value twice |
//! | P013 | `target-breakdown` | error | a target's breakdown is not allowed by its measure |
//! | P014 | `duplicate-target` | error | the same target (year, project, area, measure, breakdown) is set twice |
//! | P015 | `check-rule-invalid` | error | a rule over totals compares different units, groups by `measure` or `breakdown`, or names a breakdown its measure does not allow |
//! | P016 | `ambiguous-name` | error | a declared alias would mean two codes of one kind, or is another item's code |
//! | L001 | `malformed-row` | error | a row cannot be read: wrong field count, invalid UTF-8, a line break in a field, an implausibly long field, a required field empty |
//! | L002 | `invalid-code` | error | a code field is not a valid [`Code`], or an id holds a control character |
//! | L003 | `invalid-date` | error | a date is in no accepted form (`YYYY-MM-DD` or a habit below), has a time other than midnight, or does not exist |
//! | L004 | `invalid-value` | error | a value is not a decimal (exponents, `NaN`, full-width digits, misgrouped separators) |
//! | L005 | `too-many-fraction-digits` | error | more than 2 fraction digits for yuan, any for counts |
//! | L006 | `value-too-large` | error | a value does not fit the exact type |
//! | L007 | `negative-without-correction` | error | a negative value on an entry that corrects nothing |
//! | L008 | `unknown-project` | error | the project is not declared |
//! | L009 | `unknown-measure` | error | the measure is not declared |
//! | L010 | `unknown-area` | error | the area is not in the registry (when the programme lists areas) |
//! | L011 | `unknown-school` | error | the school is not in the registry (when it lists schools) |
//! | L012 | `unknown-pairing` | error | the pairing is not in the registry (when it lists pairings) |
//! | L013 | `unknown-source` | error | the funding source is not declared (when it lists sources) |
//! | L014 | `breakdown-not-allowed` | error | the breakdown is not one the measure allows |
//! | L015 | `school-not-in-area` | error | the school lies in another area than the entry's |
//! | L016 | `pairing-not-in-force` | error | the pairing is not in force on the entry's date |
//! | L017 | `duplicate-id` | error | the id is already used |
//! | L018 | `corrects-unknown-entry` | error | `corrects` names no earlier entry |
//! | L019 | `correction-measure-mismatch` | error | a correction's measure differs from the corrected entry's |
//! | L020 | `correction-below-zero` | error | a correction drives the corrected entry's net value below zero |
//! | L021 | `total-overflow` | error | a net or total does not fit the exact type |
//! | W001 | `missing-breakdown` | warning | the measure has breakdowns but the entry gives none |
//! | W002 | `source-on-non-money` | warning | a funding source on a measure that is not money |
//! | W003 | `measure-not-reported-by-project` | warning | the project does not declare the measure |
//! | W004 | `correction-dated-before-original` | warning | a correction is dated before the entry it corrects |
//! | W005 | `separator-only-row` | warning | a row holds only separators (and spaces): skipped, not counted as read |
//! | W006 | `spaces-around-field` | warning | a field has spaces around it (`" 3 "`): they are dropped |
//! | W007 | `date-unpadded` | warning | a date's month or day has one digit (`2019-5-20`) |
//! | W008 | `date-slashes` | warning | a date is written with slashes (`2019/5/20`) |
//! | W009 | `date-chinese` | warning | a date is written the Chinese way (`2019年5月20日`) |
//! | W010 | `date-midnight-time` | warning | a date carries a midnight time (`2019-05-20 00:00`, `00:00:00`): dropped |
//! | W011 | `thousands-separators` | warning | a value has thousands separators in groups of three (`"1,234.50"`) |
//! | W012 | `trailing-fraction-zeros` | warning | a value has zeros beyond the second fraction digit (`114500.0000`) |
//!
//! Warnings W005 to W012 are spreadsheet habits, read exactly;
//! [`ReadOptions::strict`] makes them errors (the row is refused, the code
//! stays).
//!
//! ## Statistics calendar
//!
//! See [`StatCalendar`]: the cutoff day is configurable (25 by default), and a
//! cutoff of 29 to 31 closes short months on their last day.

#![forbid(unsafe_code)]

mod area;
mod calendar;
mod code;
mod compliance;
mod csv_io;
pub mod dataset;
mod entry;
mod error;
mod facts;
mod framework;
mod fxhash;
mod generate;
mod habits;
mod header;
mod intern;
mod ledger;
mod measure;
mod money;
mod name;
mod number;
mod pairing;
mod plan;
mod programme;
mod progress;
mod read_options;
mod records;
mod report;
mod rules;
mod school;
mod suggest;
mod summary;
mod violation;
pub mod zh_number;

pub use area::{Area, AreaKind, PovertyStatus, Side};
pub use calendar::{StatCalendar, StatMonth, parse_date};
pub use code::{Code, MAX_CODE_LEN};
pub use compliance::{Compliance, ComplianceOptions, ComplianceRow, ComplianceStatus, compliance};
#[cfg(feature = "fuzzing")]
pub use csv_io::fuzzing;
pub use csv_io::{COLUMNS, Loaded};
pub use entry::{Entry, NewEntry};
pub use error::Error;
pub use facts::{Coverage, RegistryFacts, registry_facts};
pub use framework::{Framework, Project, Tier, TierItem};
pub use generate::{
    GenerateOptions, SplitMix64, generate_ledger, generate_programme, write_ledger_csv,
};
pub use header::COLUMNS_ZH;
pub use ledger::Ledger;
pub use measure::{FundingSource, Measure, MeasureKind, Unit};
pub use money::Money;
pub use name::{Lang, Name};
pub use pairing::{Pairing, PairingKind, Party};
pub use plan::{Milestone, Plan, Target};
pub use programme::{Aliases, CodeKind};
pub use programme::{Programme, ProgrammeSpec};
pub use progress::{Progress, TargetProgress, progress};
pub use read_options::ReadOptions;
pub use report::{
    Aggregate, Dim, Key, Query, Report, Row, Streamed, Total, report, report_csv, report_csv_with,
};
pub use rules::{CheckRule, Op, RuleFailure, Term, check_rules};
pub use rust_decimal::Decimal;
pub use school::{School, Stage, Stages};
pub use summary::{
    AreaCoverage, Figure, PairingSummary, ProjectSummary, Summary, SummaryOptions, TargetingYear,
};
pub use violation::{Location, Rule, Severity, Violation, Violations};
