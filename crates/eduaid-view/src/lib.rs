//! # eduaid-view
//!
//! Reports people look at, built on the analysis of the [`eduaid`] library
//! (report, compliance, progress, registry facts, summary) through its public
//! API only:
//!
//! - [`locale`]: names instead of codes, numbers with thousands separators,
//!   money in yuan or 万元, percentages with `%`, `是/否` or `yes/no`;
//! - [`Table`]: a table as the reader sees it, each number keeping its exact
//!   machine form beside its display text;
//! - [`chart`]: charts as inline SVG drawn with `plotters`' SVG backend (no
//!   bitmap backend, no font files, no system libraries), each with its
//!   numbers as a [`Table`];
//! - [`Page`] and [`summary_page`]: one self-contained HTML file (no script,
//!   font or stylesheet fetched from anywhere), for the screen and for A4.
//!
//! It is a crate of its own so that the plotting dependency stays out of the
//! core library (which benchmarks, fuzz targets and embedders build), and so
//! that the compiler keeps the layers apart: this crate sees only what the
//! library makes public, and the library cannot name it.
//!
//! ```
//! use eduaid::{Lang, Summary, SummarySeries, dataset};
//! let ledger = dataset::ledger();
//! let (as_of, options) = (dataset::as_of(), dataset::summary_options());
//! let s = Summary::build(&ledger, as_of, &options)?;
//! let series = SummarySeries::build(&ledger, as_of, &options)?;
//! let charts = eduaid_view::summary_charts(ledger.programme(), &s, &series, Lang::En)?;
//! assert!(charts.coverage.svg.starts_with("<svg role=\"img\""));
//! assert_eq!(charts.coverage.table.columns[1].header, "preschool");
//! # Ok::<(), eduaid_view::Error>(())
//! ```

#![forbid(unsafe_code)]

pub mod chart;
mod error;
pub mod locale;
mod page;
mod summary;
mod table;

pub use chart::Chart;
pub use error::Error;
pub use locale::Names;
pub use page::{Page, escape};
pub use summary::{SummaryCharts, summary_charts, summary_page};
pub use table::{Align, Cell, Column, Table};
