//! The command line, parsed by clap into typed, validated values: a value
//! that reaches a command has already passed the library's own checks.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use eduaid::{Code, ComplianceOptions, Decimal, Dim, StatCalendar, StatMonth};

/// Validate, total and check an education poverty-alleviation cooperation
/// ledger (the Beijing-Baoding "1215" model).
///
/// Exit status: 0 ok, 1 the data has errors (or a compliance check failed),
/// 2 usage errors or unreadable files.
///
/// The ledger format (columns, Chinese header names, codes and names, the
/// spreadsheet habits read with warnings) is described in
/// docs/ledger-format.md (Chinese: docs/ledger-format.zh.md).
#[derive(Parser, Debug)]
#[command(
    name = "eduaid",
    version,
    max_term_width = 100,
    after_help = "Example:\n  eduaid validate ledger.csv && eduaid report ledger.csv --by project,year"
)]
pub struct Cli {
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check a ledger CSV against a programme and list every violation
    #[command(
        after_help = "Example:\n  eduaid validate ledger.csv --program programme.json\n  \
                            eduaid validate - --format json < ledger.csv"
    )]
    Validate(ValidateArgs),
    /// Total a ledger grouped by any dimensions
    ///
    /// Every row is checked as `validate` checks it; a ledger with an invalid
    /// row is refused (status 1). Totals are taken while the file is read, so
    /// the entries are not kept: memory grows by about 7 to 15 bytes an entry.
    #[command(
        after_help = "Example:\n  eduaid report ledger.csv --by project,area,month --format csv \
                            --output report.csv"
    )]
    Report(ReportArgs),
    /// Check the targeting rule: at least 80% of funds to the poorest, per year
    #[command(after_help = "Example:\n  eduaid compliance ledger.csv --threshold 0.8 --by-area")]
    Compliance(ComplianceArgs),
    /// Compare the programme's plan with the ledger as of a date
    #[command(
        after_help = "Example:\n  eduaid plan ledger.csv --program programme.json --as-of 2019-06-25"
    )]
    Plan(PlanArgs),
    /// Summarise a programme and its ledger in the shape of its framework
    #[command(
        after_help = "Example:\n  eduaid summary                 # the embedded 2019 dataset\n  \
                            eduaid summary ledger.csv --program programme.json --lang en\n  \
                            eduaid summary --format html --output summary.html   # with charts"
    )]
    Summary(SummaryArgs),
    /// Write a seeded synthetic ledger (and its programme)
    #[command(
        after_help = "Example:\n  eduaid generate --entries 100000 --seed 7 --output ledger.csv \
                            --program-output programme.json"
    )]
    Generate(GenerateArgs),
    /// Write a ledger workbook to fill in: drop-down lists of the programme's codes
    ///
    /// The first sheet has the header row, drop-down lists for project,
    /// measure and breakdown (and area, school, pairing and source where the
    /// programme lists them), a date check on `date` and a number check on
    /// `value`; the second explains every column and code in Chinese and
    /// English. Filled in, it reads like any ledger.
    #[command(
        after_help = "Example:\n  eduaid template --program programme.json --output ledger.xlsx\n  \
                            eduaid validate ledger.xlsx --program programme.json"
    )]
    Template(TemplateArgs),
    /// Write a valid ledger as Parquet files, one per statistics month
    ///
    /// Files go to `DIR/year=YYYY/month=MM/part-0.parquet` (Hive-style), with
    /// exact `Decimal128(38,2)` values and dictionary-encoded codes, for
    /// Spark, pandas or any Parquet reader; every eduaid command reads the
    /// directory as a ledger. A ledger with errors (an invalid row, a sealed
    /// month changed since its close) is refused; DIR must
    /// not exist, and appears only when complete.
    #[command(
        after_help = "Example:\n  eduaid export ledger.csv --format parquet --output ledger.parquet\n  \
                            eduaid report ledger.parquet --by project,month"
    )]
    Export(ExportArgs),
    /// Which monthly returns the programme's reporting duties call for are in, late or missing
    ///
    /// Status 1 when a due return is missing, so a scheduled job can alert.
    #[command(
        after_help = "Example:\n  eduaid completeness ledger.csv --program programme.json --as-of 2019-11-25 --by area\n  \
                            eduaid completeness ledger.csv --program programme.json --detail --format csv\n  \
                            eduaid completeness ledger.csv --program programme.json --detail --format xlsx --output returns.xlsx"
    )]
    Completeness(CompletenessArgs),
    /// Seal a statistics month and every month before it in the ledger's close log
    ///
    /// Appends a record to the close log (LEDGER.closes.jsonl beside the ledger
    /// unless --closes names another): the month, the day, who, the number of
    /// entries dated in the sealed months, their totals per measure and their
    /// digests (fingerprint and SHA-256), chained to the record before. From
    /// then on every command that reads the ledger refuses an entry added,
    /// removed or changed in a sealed month (`validate --audit` checks the
    /// SHA-256 sums as well). A ledger with errors is refused. `--history`
    /// shows the log.
    #[command(
        after_help = "Example:\n  eduaid close ledger.csv --month 2019-06 --by 王芳 --note 六月报表已上报\n  \
                            eduaid close --history ledger.csv"
    )]
    Close(CloseArgs),
    /// Reopen a sealed statistics month (and every month after it), with a reason
    #[command(
        after_help = "Example:\n  eduaid reopen ledger.csv --month 2019-06 --by 王芳 --reason \"县局补报\""
    )]
    Reopen(ReopenArgs),
}

/// `eduaid completeness`.
#[derive(Args, Debug)]
pub struct CompletenessArgs {
    #[command(flatten)]
    pub input: LedgerArgs,
    /// Count returns due by DATE: months whose cutoff day is on or before it,
    /// entries recorded on or before it (default: the ledger's latest date or
    /// recorded date)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// Group each month's returns by the unit's area or by project
    #[arg(long, value_enum)]
    pub by: Option<CompletenessByArg>,
    /// One row per due return (CSV columns month,project,area,pairing,school,status,recorded)
    #[arg(long)]
    pub detail: bool,
    /// Output format (html: the monthly rates as a chart and a table; xlsx:
    /// the rows and the total as a sheet, with --detail a second sheet of the
    /// due returns)
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
    /// Language of the monthly table or the page: months, counts and rates
    /// written for a reader (default: the plain table; HTML: zh), not with
    /// --by or --detail; of the workbook's headings (default: en); not with
    /// csv or json
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `area` or `project`.
#[derive(ValueEnum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum CompletenessByArg {
    /// The unit's area (a school's; a pairing's supported area or school's)
    Area,
    /// The project owed
    Project,
}

/// `eduaid close`.
#[derive(Args, Debug)]
pub struct CloseArgs {
    /// The ledger CSV
    #[arg(value_name = "LEDGER.csv", required_unless_present_all = ["history", "closes"])]
    pub ledger: Option<PathBuf>,
    /// The programme: a JSON file, or a built-in one by name, `canonical`
    /// (the default) or `bj-bd-2019`; the name wins over a file so named
    /// (write `./canonical` for the file)
    #[arg(long, value_name = "PROGRAM")]
    pub program: Option<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
    /// The statistics month to seal, with every month before it
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_month, required_unless_present = "history")]
    pub month: Option<StatMonth>,
    /// Who closes it
    #[arg(long, value_name = "NAME", required_unless_present = "history")]
    pub by: Option<String>,
    /// A note for the record
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// The day of the close (default: today, UTC)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// The close log (default: LEDGER.closes.jsonl beside the ledger)
    #[arg(long, value_name = "FILE")]
    pub closes: Option<PathBuf>,
    /// Show the close log instead of closing
    #[arg(long, conflicts_with_all = ["month", "by", "note", "date"])]
    pub history: bool,
    /// Output format of --history
    #[arg(long, value_enum, default_value_t = HistoryFormat::Text)]
    pub format: HistoryFormat,
    /// Language of the --history table: actions and months written for a
    /// reader, counts with thousands separators (default: the plain table);
    /// not with json
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
}

/// `eduaid reopen`.
#[derive(Args, Debug)]
pub struct ReopenArgs {
    /// The ledger CSV whose close log it is
    #[arg(value_name = "LEDGER.csv", required_unless_present = "closes")]
    pub ledger: Option<PathBuf>,
    /// The statistics month to reopen, with every month after it
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
    pub month: StatMonth,
    /// Who reopens it
    #[arg(long, value_name = "NAME")]
    pub by: String,
    /// Why
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
    /// The day of the reopening (default: today, UTC)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// The close log (default: LEDGER.closes.jsonl beside the ledger)
    #[arg(long, value_name = "FILE")]
    pub closes: Option<PathBuf>,
}

fn parse_month(s: &str) -> Result<StatMonth, eduaid::Error> {
    s.parse()
}

/// The ledger to read and the programme to read it against.
#[derive(Args, Debug)]
pub struct LedgerArgs {
    /// The ledger CSV, an .xlsx workbook (`-` for standard input), or a
    /// directory written by `eduaid export`
    #[arg(value_name = "LEDGER.csv")]
    pub ledger: PathBuf,
    /// The programme: a JSON file, or a built-in one by name, `canonical`
    /// (the default) or `bj-bd-2019`; the name wins over a file so named
    /// (write `./canonical` for the file)
    #[arg(long, value_name = "PROGRAM")]
    pub program: Option<PathBuf>,
    /// The ledger's close log (default: LEDGER.closes.jsonl beside the ledger, if there)
    #[arg(long, value_name = "FILE")]
    pub closes: Option<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// How the ledger file is read: a CSV's encoding, a workbook's sheet,
/// strictly or not, which extra columns to leave out.
#[derive(Args, Debug, Clone, Default)]
pub struct ReadArgs {
    /// The CSV's encoding (default: UTF-8, or GB18030 or UTF-16 when the
    /// bytes say so, with a warning)
    #[arg(long, value_enum, value_name = "ENCODING")]
    pub encoding: Option<EncodingArg>,
    /// Read this sheet of an .xlsx workbook (default: the first); a ledger
    /// whose name ends in .xlsx is read as a workbook
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Refuse spreadsheet habits (dates as 2019/5/20, "1,234.50", spaces
    /// around fields, rows of only commas) instead of reading them with a
    /// warning
    #[arg(long)]
    pub strict: bool,
    /// Leave out a column of the ledger, such as 备注 (repeatable): its
    /// fields are not read, line breaks included; any other unknown column
    /// is an error
    #[arg(long, value_name = "NAME")]
    pub ignore_column: Vec<String>,
}

impl ReadArgs {
    /// The library's reading options.
    pub fn options(&self) -> eduaid::ReadOptions {
        let opts = eduaid::ReadOptions::new()
            .strict(self.strict)
            .encoding(self.encoding.map_or(eduaid::Encoding::Auto, Into::into));
        self.ignore_column
            .iter()
            .fold(opts, |o, c| o.ignore_column(c.clone()))
    }
}

/// `utf-8` or `gb18030`.
#[derive(ValueEnum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum EncodingArg {
    /// UTF-8 only: a row that is not UTF-8 is invalid
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// GB18030 (GBK), as Chinese Excel saves plain "CSV"
    #[value(name = "gb18030", alias = "gbk")]
    Gb18030,
}

impl From<EncodingArg> for eduaid::Encoding {
    fn from(e: EncodingArg) -> eduaid::Encoding {
        match e {
            EncodingArg::Utf8 => eduaid::Encoding::Utf8,
            EncodingArg::Gb18030 => eduaid::Encoding::Gb18030,
        }
    }
}

/// Where and how a report is written.
#[derive(Args, Debug)]
pub struct OutputArgs {
    /// Write to FILE (atomically: a temporary file renamed over it) instead of standard output
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Start the output with a UTF-8 byte order mark (for Excel)
    #[arg(long)]
    pub bom: bool,
}

/// `eduaid validate`.
#[derive(Args, Debug)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub input: LedgerArgs,
    /// Output format
    #[arg(long, value_enum, default_value_t = TextFormat::Text)]
    pub format: TextFormat,
    /// Headings of `--format xlsx`: the JSON form's field names (en, the
    /// default) or Chinese (zh)
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// Check the close log's SHA-256 sums too, not only its fingerprints:
    /// what an auditor runs, since no one can craft entries that keep them
    /// (several times slower on a large ledger)
    #[arg(long)]
    pub audit: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `text` or `json`, for the close log.
#[derive(ValueEnum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum HistoryFormat {
    /// A table of the records, then what is sealed now
    Text,
    /// One JSON object: the log's path, the month sealed through, the records
    Json,
}

/// `text`, `json` or `xlsx`, for validation.
#[derive(ValueEnum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum TextFormat {
    /// One line per violation, then a summary line
    Text,
    /// One JSON object
    Json,
    /// An .xlsx workbook, one row per violation (needs --output)
    Xlsx,
}

/// `table`, `csv`, `json`, `html` or `xlsx`.
#[derive(ValueEnum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum TableFormat {
    /// An aligned table
    Table,
    /// CSV: the grouping columns, then measure, value, entries
    Csv,
    /// JSON
    Json,
    /// A self-contained HTML page (in Chinese unless `--lang en`)
    Html,
    /// An .xlsx workbook: money as numbers, header frozen (needs --output)
    Xlsx,
}

impl TableFormat {
    /// Whether `--lang` shapes this format: the table, the page and the
    /// workbook are for a reader; CSV and JSON keep codes.
    pub fn takes_lang(self) -> bool {
        !matches!(self, TableFormat::Csv | TableFormat::Json)
    }
}

/// `text` or `html`, for the summary.
#[derive(ValueEnum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum PageFormat {
    /// Plain text
    Text,
    /// A self-contained HTML page with charts
    Html,
}

/// `eduaid report`.
#[derive(Args, Debug)]
pub struct ReportArgs {
    #[command(flatten)]
    pub input: LedgerArgs,
    /// Grouping dimensions, comma-separated: project, area, school, pairing,
    /// measure, breakdown, source, month, year (the measure is always added)
    #[arg(long, value_name = "DIMS", value_parser = parse_dims, default_value = "")]
    pub by: Dims,
    /// Statistics cutoff day of the month (default: the programme's, 25)
    #[arg(long, value_name = "DAY", value_parser = parse_cutoff)]
    pub cutoff: Option<StatCalendar>,
    /// Only entries dated on or after DATE (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    /// Only entries dated on or before DATE (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: Option<NaiveDate>,
    /// Only this project (repeatable)
    #[arg(long, value_name = "CODE", value_parser = parse_code)]
    pub project: Vec<Code>,
    /// Only this area (repeatable)
    #[arg(long, value_name = "CODE", value_parser = parse_code)]
    pub area: Vec<Code>,
    /// Only this measure (repeatable)
    #[arg(long, value_name = "CODE", value_parser = parse_code)]
    pub measure: Vec<Code>,
    /// Output format
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
    /// Language of the table, page or workbook: names instead of codes,
    /// units named, thousands separators (default: the plain table of codes;
    /// HTML: zh); not with csv or json, which keep codes
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `eduaid compliance`.
#[derive(Args, Debug)]
pub struct ComplianceArgs {
    #[command(flatten)]
    pub input: LedgerArgs,
    /// The share of funds that must reach the poorest, 0 to 1 (passes when equal)
    #[arg(long, value_name = "SHARE", value_parser = parse_threshold, default_value = "0.8")]
    pub threshold: ComplianceOptions,
    /// Check each area separately as well as each year
    #[arg(long)]
    pub by_area: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
    /// Language of the table, page or workbook: names instead of codes,
    /// units named, thousands separators (default: the plain table of codes;
    /// HTML: zh); not with csv or json, which keep codes
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `eduaid plan`.
#[derive(Args, Debug)]
pub struct PlanArgs {
    /// The ledger CSV, an .xlsx workbook (`-` for standard input), or a
    /// directory written by `eduaid export`
    #[arg(value_name = "LEDGER.csv")]
    pub ledger: PathBuf,
    /// The programme with the plan: a JSON file, or `bj-bd-2019`
    #[arg(long, value_name = "PROGRAM")]
    pub program: PathBuf,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Compare as of DATE (default: the date of the ledger's latest entry)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// Output format
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
    /// Language of the table, page or workbook: names instead of codes,
    /// units named, thousands separators (default: the plain table of codes;
    /// HTML: zh); not with csv or json, which keep codes
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `eduaid summary`.
#[derive(Args, Debug)]
pub struct SummaryArgs {
    /// The ledger CSV (`-` for standard input; default: the embedded 2019 dataset)
    #[arg(value_name = "LEDGER.csv")]
    pub ledger: Option<PathBuf>,
    /// The programme of the ledger: a JSON file, or `canonical` or `bj-bd-2019`
    #[arg(long, value_name = "PROGRAM")]
    pub program: Option<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Language
    #[arg(long, value_enum, default_value_t = LangArg::Zh)]
    pub lang: LangArg,
    /// Summarise as of DATE (default: the dataset's date, or the ledger's latest entry)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// Output format
    #[arg(long, value_enum, default_value_t = PageFormat::Text)]
    pub format: PageFormat,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `zh` or `en`.
#[derive(ValueEnum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum LangArg {
    /// Chinese
    Zh,
    /// English
    En,
}

impl From<LangArg> for eduaid::Lang {
    fn from(l: LangArg) -> eduaid::Lang {
        match l {
            LangArg::Zh => eduaid::Lang::Zh,
            LangArg::En => eduaid::Lang::En,
        }
    }
}

/// `eduaid generate`.
#[derive(Args, Debug)]
pub struct GenerateArgs {
    /// Ledger rows to write, corrections included
    #[arg(long, value_name = "N")]
    pub entries: u64,
    /// The seed: the same options give byte-identical files
    #[arg(long, value_name = "S")]
    pub seed: u64,
    /// Statistics years the ledger spans, from 2016 (1 to 50)
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub years: u32,
    /// Schools in the registry, both sides (100 to 200000)
    #[arg(long, value_name = "N", default_value_t = 800)]
    pub schools: u32,
    /// Supported districts and counties entries go to (10 to 300; 26 are
    /// Baoding's and Shanxi's, more are synthetic counties)
    #[arg(long, value_name = "N", default_value_t = 26)]
    pub areas: u32,
    /// Percent of entries under a measure their project does not declare
    /// (0 to 75, one decimal; valid, each with warning W003)
    #[arg(long, value_name = "PERCENT", value_parser = parse_per_mille, default_value = "0")]
    pub undeclared: u32,
    /// Entry ids: sequential (e1, e2, … in file order), text (free text, in
    /// no order), date-sorted (rows sorted by date, so the numbers run out
    /// of order)
    #[arg(long, value_name = "STYLE", value_enum, default_value_t = IdsArg::Sequential)]
    pub ids: IdsArg,
    /// Percent of rows that correct a recent entry (0 to 100, one decimal;
    /// about 60% of them negative)
    #[arg(long, value_name = "PERCENT", value_parser = parse_per_mille, default_value = "1")]
    pub corrections: u32,
    /// Percent of rows, on top of the corrections, that reverse a recent
    /// entry's whole value (0 to 5, one decimal)
    #[arg(long, value_name = "PERCENT", value_parser = parse_per_mille, default_value = "0")]
    pub reversals: u32,
    /// Write the ledger for the embedded canonical programme, which lists no
    /// area, school or pairing (--program-output then writes that programme)
    #[arg(long)]
    pub canonical: bool,
    /// Write the ledger CSV to FILE (atomically) instead of standard output
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write the generated programme JSON to FILE (atomically)
    #[arg(long, value_name = "FILE")]
    pub program_output: Option<PathBuf>,
    /// Declare this measure a stock (a value as of a date) in the generated
    /// programme instead of a flow (repeatable)
    #[arg(long, value_name = "MEASURE", value_parser = parse_code)]
    pub stock: Vec<Code>,
    /// Monthly returns: a `recorded` column (some returns late, some missing,
    /// seeded) and reporting duties in the programme
    #[arg(long)]
    pub recorded: bool,
}

/// `eduaid export`.
#[derive(Args, Debug)]
pub struct ExportArgs {
    #[command(flatten)]
    pub input: LedgerArgs,
    /// Output format
    #[arg(long, value_enum, default_value_t = ExportFormat::Parquet)]
    pub format: ExportFormat,
    /// The directory to create (it must not exist)
    #[arg(long, short, value_name = "DIR")]
    pub output: PathBuf,
    /// Rows per Parquet row group
    #[arg(long, value_name = "N", default_value_t = 1 << 20,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub row_group_rows: u32,
}

/// The formats `export` writes.
#[derive(ValueEnum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum ExportFormat {
    /// Apache Parquet, partitioned by statistics year and month
    Parquet,
}

/// `eduaid template`.
#[derive(Args, Debug)]
pub struct TemplateArgs {
    /// The programme JSON whose codes the lists offer (default: the embedded canonical 1215 programme)
    #[arg(long, value_name = "PROGRAM.json")]
    pub program: Option<PathBuf>,
    /// The workbook to write (atomically)
    #[arg(long, short, value_name = "FILE.xlsx")]
    pub output: PathBuf,
}

/// `eduaid generate --ids`.
#[derive(ValueEnum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum IdsArg {
    /// e1, e2, … in file order
    Sequential,
    /// Free-text ids in no order
    Text,
    /// Rows sorted by date, numbers out of order
    DateSorted,
}

impl From<IdsArg> for eduaid::IdStyle {
    fn from(a: IdsArg) -> eduaid::IdStyle {
        match a {
            IdsArg::Sequential => eduaid::IdStyle::Sequential,
            IdsArg::Text => eduaid::IdStyle::Text,
            IdsArg::DateSorted => eduaid::IdStyle::DateSorted,
        }
    }
}

/// A list of grouping dimensions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dims(pub Vec<Dim>);

fn parse_dims(s: &str) -> Result<Dims, eduaid::Error> {
    Dim::parse_list(s).map(Dims)
}

fn parse_date(s: &str) -> Result<NaiveDate, eduaid::Error> {
    eduaid::parse_date(s)
}

fn parse_code(s: &str) -> Result<Code, eduaid::Error> {
    Code::new(s)
}

fn parse_cutoff(s: &str) -> Result<StatCalendar, String> {
    let day: u8 = s
        .parse()
        .map_err(|_| format!("{s:?} is not a day of the month (1 to 31)"))?;
    StatCalendar::new(day).map_err(|e| e.to_string())
}

/// A percentage with at most one decimal (`2.5`), in thousandths (25);
/// ranges are the library's to check.
fn parse_per_mille(s: &str) -> Result<u32, String> {
    let bad = || format!("{s:?} is not a percentage such as 2 or 2.5 (at most one decimal)");
    let d: Decimal = s.parse().map_err(|_| bad())?;
    let tenths = d.checked_mul(Decimal::TEN).ok_or_else(bad)?.normalize();
    if tenths.scale() > 0 || tenths.is_sign_negative() {
        return Err(bad());
    }
    u32::try_from(tenths.mantissa()).map_err(|_| bad())
}

fn parse_threshold(s: &str) -> Result<ComplianceOptions, String> {
    // Exact decimal, never floating point: "0.8" is exactly 8/10.
    let d: Decimal = s
        .parse()
        .map_err(|_| format!("{s:?} is not a decimal share such as 0.8"))?;
    ComplianceOptions::with_threshold(d).map_err(|e| e.to_string())
}
