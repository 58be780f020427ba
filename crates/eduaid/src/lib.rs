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
//! use eduaid::{Ledger, Programme, Rule, parse_date};
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
//! assert!(!loaded.is_valid()); // t-002 is refused: 1.5 persons
//! let problem = &loaded.violations.as_slice()[0];
//! assert_eq!(problem.rule, Rule::FractionDigits);
//! assert_eq!(
//!     problem.to_string(),
//!     "ledger.csv:4, entry t-002, column \"value\": error L005: value \"1.5\" is not a whole number: people-trained counts persons"
//! );
//! // Totalling the rows that are left is a choice, made by name.
//! assert_eq!(loaded.accept_valid_rows().len(), 2);
//!
//! // Statistics months close on the 25th.
//! let cal = programme.calendar();
//! assert_eq!(cal.month_of(parse_date("2019-06-10")?).to_string(), "2019-06");
//! assert_eq!(cal.month_of(parse_date("2019-12-26")?).to_string(), "2020-01");
//! # Ok::<(), eduaid::Error>(())
//! ```
//!
//! ## From zero
//!
//! Add `eduaid` to `[dependencies]`. Everything below is reached through
//! `eduaid::`: dates are [`Date`], exact amounts [`Decimal`], so no other
//! crate is needed. The steps build on each other; pasted in order into one
//! `fn main() -> Result<(), Box<dyn std::error::Error>>` (ending in
//! `Ok(())`), they compile and run.
//!
//! **1. A programme** says what may be recorded: its framework, projects,
//! measures, funding sources, registry of areas, schools and pairings, the
//! statistics calendar and the plan. Start from the embedded Beijing-Baoding
//! one, or read your own with [`Programme::open`]:
//!
//! ```
//! use std::sync::Arc;
//! use eduaid::Programme;
//!
//! let programme = Arc::new(Programme::canonical()); // or Programme::open("programme.json")?
//! assert_eq!(programme.framework().code(), "1215");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! **2. Entries** go into a [`Ledger`] one by one; each is checked against
//! the programme as it is pushed, and a refused entry leaves the ledger
//! unchanged:
//!
//! ```
//! # use std::sync::Arc;
//! # use eduaid::Programme;
//! # let programme = Arc::new(Programme::canonical());
//! use eduaid::{Code, Date, Decimal, Ledger, NewEntry};
//!
//! let mut ledger = Ledger::new(Arc::clone(&programme));
//! let mut trained = NewEntry::new(
//!     Code::new("t-1")?,
//!     Date::from_ymd_opt(2019, 6, 20).ok_or("no such day")?,
//!     Code::new("rural-teachers")?,
//!     Code::new("fuping")?,
//!     Code::new("people-trained")?,
//!     Decimal::from(120),
//! );
//! trained.breakdown = Some(Code::new("local")?);
//! let warnings = ledger.push(&trained)?;
//! assert!(warnings.is_empty());
//! assert!(ledger.push(&trained).is_err()); // the same id twice (L017)
//! assert_eq!(ledger.len(), 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! **3. A ledger file** (CSV, one entry a row) is read with
//! [`Ledger::open`], which checks every row and lists every violation with
//! file, line, entry and column. [`Loaded::into_ledger`] then refuses a file
//! with refused rows, because a total without them would silently leave
//! money out; [`Loaded::accept_valid_rows`] is the explicit way to total
//! the valid rows anyway.
//!
//! ```
//! # use std::sync::Arc;
//! # use eduaid::Programme;
//! # let programme = Arc::new(Programme::canonical());
//! # use eduaid::Ledger;
//! let path = std::env::temp_dir().join(format!("eduaid-guide-{}.csv", std::process::id()));
//! std::fs::write(&path, "\
//! id,date,project,area,measure,breakdown,value,source
//! f-1,2019-03-01,pupil-health,fuping,funds,poor-pupil,8500.00,social-capital
//! f-2,2019-03-02,pupil-health,fuping,funds,general,1500.00,social-capital
//! t-1,2019-06-20,rural-teachers,fuping,people-trained,local,120,
//! t-2,2019-06-26,rural-teachers,laiyuan,people-trained,in-beijing,18,
//! ")?;
//! let loaded = Ledger::open(Arc::clone(&programme), &path)?;
//! for v in &loaded.violations {
//!     eprintln!("{v}"); // e.g. ledger.csv:17, entry f-42, column "value": error L005: ...
//! }
//! let ledger = loaded.into_ledger()?;
//! assert_eq!(ledger.len(), 4);
//!
//! // A refused row (there is no 30 February) makes `into_ledger` an error.
//! let bad = "id,date,project,area,measure,breakdown,value\n\
//!            x-1,2019-02-30,rural-teachers,fuping,people-trained,local,5\n";
//! let refused = Ledger::read_csv(Arc::clone(&programme), bad.as_bytes(), "bad.csv")?;
//! assert!(refused.into_ledger().is_err());
//! # std::fs::remove_file(&path)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! **4. A report** totals the entries grouped as a [`Query`] asks (the
//! measure is always a column: units never mix); it prints as an aligned
//! table, and [`Report::write_csv`] and serde give other forms:
//!
//! ```
//! # use std::sync::Arc;
//! # use eduaid::{Ledger, Programme};
//! # let csv = "id,date,project,area,measure,breakdown,value,source\n\
//! # f-1,2019-03-01,pupil-health,fuping,funds,poor-pupil,8500.00,social-capital\n\
//! # f-2,2019-03-02,pupil-health,fuping,funds,general,1500.00,social-capital\n\
//! # t-1,2019-06-20,rural-teachers,fuping,people-trained,local,120,\n\
//! # t-2,2019-06-26,rural-teachers,laiyuan,people-trained,in-beijing,18,\n";
//! # let ledger = Ledger::read_csv(Arc::new(Programme::canonical()), csv.as_bytes(), "l.csv")?.into_ledger()?;
//! use eduaid::{Dim, Query, report};
//!
//! let totals = report(&ledger, &Query::by(&[Dim::Project, Dim::Month])?)?;
//! println!("{totals}");
//! assert_eq!(totals.to_string(), "\
//! project         month    measure            value  entries
//! pupil-health    2019-03  funds           10000.00        2
//! rural-teachers  2019-06  people-trained       120        1
//! rural-teachers  2019-07  people-trained        18        1
//! ");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! **5. Compliance**: is 80% or more of the funds targeted at the poorest,
//! each statistics year (and area), and by how much does it fall short:
//!
//! ```
//! # use std::sync::Arc;
//! # use eduaid::{Ledger, Programme};
//! # let csv = "id,date,project,area,measure,breakdown,value,source\n\
//! # f-1,2019-03-01,pupil-health,fuping,funds,poor-pupil,8500.00,social-capital\n\
//! # f-2,2019-03-02,pupil-health,fuping,funds,general,1500.00,social-capital\n";
//! # let ledger = Ledger::read_csv(Arc::new(Programme::canonical()), csv.as_bytes(), "l.csv")?.into_ledger()?;
//! use eduaid::{ComplianceOptions, compliance};
//!
//! let targeting = compliance(&ledger, &ComplianceOptions::default())?;
//! println!("{targeting}");
//! assert!(targeting.passes()); // 85.00% in 2019
//! assert_eq!(targeting.rows[0].shortfall.to_string(), "0.00");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! **6. The plan** is part of the programme: targets per year, project and
//! measure, and milestones. [`progress`] compares it with the ledger as of
//! a date (here the same file, read against a programme with one target):
//!
//! ```
//! # use std::sync::Arc;
//! # use eduaid::Programme;
//! # let path = std::env::temp_dir().join(format!("eduaid-guide-plan-{}.csv", std::process::id()));
//! # std::fs::write(&path, "id,date,project,area,measure,breakdown,value\n\
//! # t-1,2019-06-20,rural-teachers,fuping,people-trained,local,120\n\
//! # t-2,2019-06-26,rural-teachers,laiyuan,people-trained,in-beijing,18\n")?;
//! use eduaid::{Plan, Target, progress};
//! # use eduaid::{Code, Date, Decimal, Ledger};
//!
//! let mut spec = Programme::canonical().spec().clone();
//! let target = Target::new(2019, Code::new("rural-teachers")?, None,
//!                          Code::new("people-trained")?, None, Decimal::from(1200))?;
//! spec.plan = Plan::new(vec![target], Vec::new());
//! let planned = Programme::new(spec)?;
//! let ledger = Ledger::open(planned, &path)?.into_ledger()?;
//! let pace = progress(&ledger, Date::from_ymd_opt(2019, 6, 25).ok_or("no such day")?)?;
//! println!("{pace}");
//! assert_eq!(pace.targets[0].actual.to_string(), "120"); // t-2 is after 25 June
//! assert!(!pace.targets[0].on_pace); // half the year gone, a tenth done
//! # std::fs::remove_file(&path)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! **7. A custom programme**: nothing is wired to 1215 or to the 25th. A
//! programme of your own is JSON (`eduaid-programme/1`, the form
//! [`Programme::to_json`] writes) or parts checked by [`Programme::new`];
//! here a "11" framework (one goal, one project), its own measure and a
//! cutoff on the 20th:
//!
//! ```
//! # use std::sync::Arc;
//! # use eduaid::{Dim, Ledger, Programme, Query, report};
//! let custom = Programme::from_json(r#"{
//!   "code": "hill-county", "name": {"zh": "山区县教育帮扶", "en": "Hill-county support"},
//!   "cutoff_day": 20,
//!   "framework": {"code": "11", "name": {"zh": "“11”模式", "en": "The \"11\" model"}, "tiers": [
//!     {"key": "goal", "name": {"zh": "目标", "en": "goal"},
//!      "items": [{"text": {"zh": "村小有合格教师", "en": "a qualified teacher in every village school"}}]},
//!     {"key": "projects", "name": {"zh": "项目", "en": "projects"},
//!      "items": [{"text": {"zh": "教师轮训", "en": "Teacher rotation"}, "project": "rotation"}]}]},
//!   "projects": [{"code": "rotation", "name": {"zh": "教师轮训", "en": "Teacher rotation"},
//!                 "owner": "县教育局", "measures": ["teachers-trained"]}],
//!   "canonical_measures": false,
//!   "measures": [{"code": "teachers-trained", "name": {"zh": "轮训教师", "en": "teachers trained"},
//!                 "unit": "persons"}]
//! }"#, "hill-county.json")?;
//! let csv = "id,date,project,area,measure,value\n\
//!            r-1,2020-10-20,rotation,upper-valley,teachers-trained,12\n\
//!            r-2,2020-10-21,rotation,upper-valley,teachers-trained,9\n";
//! let ledger = Ledger::read_csv(Arc::new(custom), csv.as_bytes(), "hill.csv")?.into_ledger()?;
//! let by_month = report(&ledger, &Query::by(&[Dim::Month])?)?;
//! assert_eq!(by_month.rows().len(), 2); // 20 October closes October; the 21st is November
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The `examples/` directory of the repository has more: the 2019 summary, a
//! full custom programme, a streamed report of a large file in bounded
//! memory, and reports of several files merged.
//!
//! ## The stable surface
//!
//! Dates and exact amounts in the API are [`chrono`'s `NaiveDate`][Date] and
//! [`rust_decimal`'s `Decimal`][Decimal], re-exported as [`eduaid::Date`][Date]
//! and [`eduaid::Decimal`][Decimal]. A dependent uses these re-exports and
//! needs neither crate in its own manifest (and so can never pick a version
//! that does not match). They are re-exports rather than types of this
//! crate's own because they are the types the data already is at the edges
//! (a ledger date is a calendar date, a value an exact decimal) and because
//! they bring their parsing, formatting and arithmetic with them; inside,
//! money is whole fen ([`Money`]) and dates are day numbers, and neither
//! leaves the crate.
//!
//! The price: `chrono` and `rust_decimal` are public dependencies. A new
//! major version of either (chrono 0.5, `rust_decimal` 2) changes types in
//! this crate's signatures, so adopting one is a breaking release of
//! `eduaid`, never a patch or minor one.
//!
//! ## Versioning
//!
//! `eduaid` follows [Cargo's semver rules](https://doc.rust-lang.org/cargo/reference/semver.html):
//! while the version is `0.y.z`, a `0.y` bump may break the API and a `z`
//! bump may not. What counts as the API:
//!
//! - every item documented here, and the JSON and CSV formats it reads and
//!   writes (`eduaid-programme/1`, the ledger CSV's columns, the report CSV);
//! - the validation codes of the table below: a code keeps its meaning and
//!   is never reused; new codes may be added in a minor release;
//! - enums marked `#[non_exhaustive]` (such as [`Error`]) may gain variants
//!   in a minor release; match them with a wildcard arm;
//! - not: the text of error and violation messages (match on [`Rule`] codes
//!   and [`Error`] variants instead), the `Debug` output, performance
//!   figures, and anything `#[doc(hidden)]`, including the `fuzzing` feature
//!   (entry points for the differential fuzz targets, off by default and
//!   exempt from semver: do not enable it in a dependent).
//!
//! Each release is checked with
//! [`cargo semver-checks`](https://crates.io/crates/cargo-semver-checks)
//! against the last released version before it is tagged (the release steps
//! are in the repository's `RELEASING.md`, the changes of each release in
//! its `CHANGELOG.md`).
//!
//! The minimum supported Rust version (`rust-version`) is 1.85, the first
//! with edition 2024; raising it is a `0.y` release, noted in the changelog.
//! CI checks every crate and target of the workspace with rustc 1.85
//! (`scripts/msrv-check.sh`), against the committed lock file.
//!
//! ## What it answers
//!
//! | question | function |
//! |---|---|
//! | totals grouped by project, area, school, pairing, measure, breakdown, source, statistics month or year, filtered, cumulative to a date | [`report`] with a [`Query`]; [`Aggregate`] for parts that merge |
//! | the same totals straight from a CSV file, every row checked, without keeping the entries (about 7 to 15 bytes an entry instead of 34 to 46) | [`report_csv`] |
//! | a ledger saved by Chinese Excel as plain "CSV" (GB18030) or "Unicode Text" (UTF-16, tab-separated): found from the bytes, with one warning `W013`; or an encoding forced | [`Ledger::read_csv`], [`report_csv`]; [`Ledger::read_csv_with`], [`report_csv_with`] with [`ReadOptions::encoding`] |
//! | is "80% or more" of the funds targeted, per year (and area), and by how much money does it fall short | [`compliance`] |
//! | how far is each planned target, is it on pace, which milestones are overdue and whose | [`progress`] |
//! | paired schools on each side, pairings in force by kind, jointly run schools, stages covered per county | [`registry_facts`] |
//! | which groups break a declared rule over totals | [`check_rules`] |
//! | which monthly returns the reporting duties call for are missing or late | [`completeness`] |
//! | is every sealed statistics month as it was closed | [`CloseLog`] |
//! | the programme at a glance, each figure with the entries behind it, in Chinese or English | [`Summary`] |
//! | the 2019 Beijing-Baoding data, embedded | [`dataset`] |
//! | a seeded synthetic ledger of any size, for trials and benchmarks | [`generate_ledger`], [`write_ledger_csv`] |
//! | a report, compliance check or plan versus actual as an aligned text table | `Display` (`println!("{report}")`); the cells with `table()`, the layout in [`table`] |
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
//! | P017 | `duty-unknown-unit` | error | a reporting duty names a project, area, school or pairing that is not declared |
//! | P018 | `duty-period` | error | a reporting duty's period ends before it starts, lies outside its pairing's months in force, names no unit, or overlaps another of the same project and unit |
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
//! | L022 | `sealed-entry-added` | error | a statistics month sealed by the close log holds more entries than when it was closed |
//! | L023 | `sealed-entry-removed` | error | a sealed statistics month holds fewer entries than when it was closed |
//! | L024 | `sealed-entry-changed` | error | an entry of a sealed statistics month differs from when it was closed |
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
//! | W013 | `read-as-encoding` | warning | the file is not UTF-8: it was read as GB18030 (Chinese Excel's plain "CSV") or UTF-16 (Excel's "Unicode Text"), which the message names (one warning a file) |
//!
//! ## Statistics calendar
//!
//! See [`StatCalendar`]: the cutoff day is configurable (25 by default), and a
//! cutoff of 29 to 31 closes short months on their last day.

#![forbid(unsafe_code)]

mod area;
mod calendar;
mod check_rule;
mod close;
mod code;
mod completeness;
mod compliance;
mod csv_io;
pub mod dataset;
mod decode;
mod dim;
mod display;
mod duty;
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
mod open;
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
pub mod table;
mod violation;
pub mod zh_number;

pub use area::{Area, AreaKind, PovertyStatus, Side};
pub use calendar::{StatCalendar, StatMonth, parse_date};
pub use check_rule::{CheckRule, Op, Term};
/// A calendar date: `chrono`'s `NaiveDate`, re-exported so that a dependent
/// needs no `chrono` of its own (see "The stable surface" in the crate docs).
pub use chrono::NaiveDate as Date;
pub use close::{CloseAction, CloseLog, CloseRecord};
pub use code::{Code, MAX_CODE_LEN};
pub use completeness::{
    Completeness, CompletenessBy, CompletenessRow, DueReturn, ReturnStatus, completeness,
};
pub use compliance::{Compliance, ComplianceOptions, ComplianceRow, ComplianceStatus, compliance};
// Not part of the documented API: entry points for the fuzz targets (see the
// `fuzzing` feature), exempt from semver.
pub use csv_io::Loaded;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub use csv_io::fuzzing;
pub use dim::Dim;
pub use duty::{Duty, Reporter};
pub use error::{Error, Subject};
pub use facts::{Coverage, RegistryFacts, registry_facts};
pub use framework::{Framework, Project, Tier, TierItem};
pub use generate::{
    GenerateOptions, IdStyle, ProgrammeKind, SplitMix64, generate_ledger, generate_programme,
    write_ledger_csv,
};
pub use header::{COLUMNS, COLUMNS_ZH, RECORDED};
pub use ledger::{Entry, EntryDigest, Ledger, MonthSum, NewEntry, SealedSums};
pub use measure::{FundingSource, Measure, MeasureKind, Unit};
pub use money::Money;
pub use name::{Lang, Name};
pub use pairing::{Pairing, PairingKind, Party};
pub use plan::{Milestone, Plan, Target};
pub use programme::{Aliases, CodeKind, Programme, ProgrammeSpec};
pub use progress::{MonthlyProgress, Progress, TargetProgress, monthly_progress, progress};
pub use read_options::{Encoding, ReadOptions};
pub use report::{
    Aggregate, Key, Query, Report, Row, Rows, Streamed, Total, report, report_csv, report_csv_with,
    reports_csv_with,
};
pub use rules::{RuleFailure, check_rules};
/// An exact decimal number: `rust_decimal`'s `Decimal`, re-exported so that a
/// dependent needs no `rust_decimal` of its own (see "The stable surface" in
/// the crate docs).
pub use rust_decimal::Decimal;
pub use school::{School, Stage, Stages};
pub use summary::{
    AreaCoverage, Figure, PairingSummary, ProjectSummary, Provenance, Selection, Summary,
    SummaryAndSeries, SummaryOptions, SummarySeries, TargetingYear,
};
pub use violation::{Location, Rule, Severity, Violation, Violations};

/// The README's Rust blocks, compiled (and run unless marked `no_run`) as
/// doc tests, so the library snippet a newcomer copies keeps compiling.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeDoctests;
