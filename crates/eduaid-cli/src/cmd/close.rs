//! `eduaid close`: seal a statistics month (and every one before it) in the
//! ledger's close log, or show the log (`--history`).

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::anyhow;
use chrono::NaiveDate;
use eduaid::{CloseAction, CloseLog};
use serde::Serialize;

use eduaid::Lang;
use eduaid_view::locale;
use eduaid_view::{Cell, Table};

use crate::args::{CloseArgs, HistoryFormat};
use crate::cmd::lang_only_for;
use crate::fail::{Fail, library};
use crate::input::{close_log_path, load_ledger_with, load_programme, refuse_invalid};
use crate::output::Sink;
use crate::render::{self, Align};
use crate::tables;

/// Appends a close record (status 0), or prints the log.
pub fn run(a: &CloseArgs) -> Result<ExitCode, Fail> {
    // (clap's `requires` does not see a flag's absence: checked here.)
    if !a.history && (a.format != HistoryFormat::Text || a.lang.is_some()) {
        return Err(Fail::usage(anyhow!(
            "--format and --lang are for --history: closing prints its own lines"
        )));
    }
    let path = log_path(a.ledger.as_deref(), a.closes.as_deref())?;
    let mut log = if path.exists() || (a.history && a.closes.is_some()) {
        CloseLog::from_path(&path).map_err(library)?
    } else {
        CloseLog::new(&path.display().to_string())
    };
    if a.history {
        lang_only_for(
            a.lang,
            a.format == HistoryFormat::Text,
            "the --history table: JSON keeps codes and plain numbers",
        )?;
        return history(&log, &path, a.format, a.lang.map(Into::into));
    }
    let (Some(ledger_path), Some(month), Some(by)) = (&a.ledger, a.month, &a.by) else {
        return Err(Fail::usage(anyhow!("close needs LEDGER, --month and --by")));
    };
    let programme = load_programme(a.program.as_deref())?;
    // Refuses a ledger with errors, sealed months that no longer match included.
    let loaded = load_ledger_with(ledger_path, programme, &a.read, Some(&log), false)?;
    refuse_invalid(
        ledger_path,
        loaded.rows,
        loaded.valid_rows().len() as u64,
        &loaded.violations,
    )?;
    let ledger = loaded.valid_rows();
    let date = a.date.unwrap_or_else(today);
    let record = log
        .close(ledger, month, by, a.note.as_deref(), date)
        .map_err(library)?;
    append_line(&path, &record.to_json_line())?;
    let mut out = Sink::open(None, false)?;
    writeln!(
        out,
        "closed {month}: {} entries dated in the months through {month} sealed by {by} on {date}\ndigest {}\nappended to {}",
        record.entries().unwrap_or_default(),
        record.digest().unwrap_or_default(),
        path.display()
    )?;
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// The log of `ledger`, or the one `closes` names.
pub fn log_path(ledger: Option<&Path>, closes: Option<&Path>) -> Result<PathBuf, Fail> {
    match ledger {
        Some(l) => close_log_path(l, closes),
        None => closes.map(Path::to_path_buf),
    }
    .ok_or_else(|| {
        Fail::usage(anyhow!(
            "the ledger is standard input: name the close log with --closes"
        ))
    })
}

/// Appends one line to the log, in one write, creating it if need be.
pub fn append_line(path: &Path, line: &str) -> Result<(), Fail> {
    let fail = |e: std::io::Error| Fail::usage(anyhow!("{}: cannot write: {e}", path.display()));
    let mut f = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(fail)?;
    f.write_all(format!("{line}\n").as_bytes()).map_err(fail)?;
    f.sync_all().map_err(fail)
}

/// Today's date (UTC).
pub fn today() -> NaiveDate {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|d| d.checked_add_signed(chrono::TimeDelta::days(days)))
        .unwrap_or_default()
}

/// The JSON form of `--history`: the log's file, what is sealed, and every
/// record as the log holds it.
#[derive(Serialize)]
struct HistoryJson {
    log: String,
    sealed_through: Option<eduaid::StatMonth>,
    records: Vec<serde_json::Value>,
}

/// The log as a table (or JSON): each record, then what is sealed now.
fn history(
    log: &CloseLog,
    path: &Path,
    format: HistoryFormat,
    lang: Option<Lang>,
) -> Result<ExitCode, Fail> {
    let mut out = Sink::open(None, false)?;
    if format == HistoryFormat::Json {
        let records = log
            .records()
            .iter()
            .map(|r| serde_json::from_str(&r.to_json_line()).expect("a record is JSON"))
            .collect();
        let json = HistoryJson {
            log: path.display().to_string(),
            sealed_through: log.sealed_through(),
            records,
        };
        render::write_json(&mut out, &json)?;
        out.finish()?;
        return Ok(ExitCode::SUCCESS);
    }
    tables::write(&mut out, &history_table(log, lang))?;
    writeln!(out, "{}", sealed_line(log, path, lang.unwrap_or(Lang::En)))?;
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// The close log as a table: in the reader's language, or (`None`) the
/// plain table of English headings, months as `2019-05` and bare counts.
fn history_table(log: &CloseLog, lang: Option<Lang>) -> Table {
    let zh = lang == Some(Lang::Zh);
    let heads: [&str; 7] = if zh {
        [
            "操作",
            "统计月",
            "日期",
            "经办人",
            "条目数",
            "哈希",
            "说明或原因",
        ]
    } else {
        [
            "action",
            "month",
            "date",
            "by",
            "entries",
            "hash",
            "note or reason",
        ]
    };
    let mut t = Table::new("closes", Vec::new());
    for (i, h) in heads.iter().enumerate() {
        let align = if i == 4 { Align::Right } else { Align::Left };
        t = t.column(*h, align);
    }
    for r in log.records() {
        let (action, text) = match (r.action(), zh) {
            (CloseAction::Close, true) => ("关账", r.note()),
            (CloseAction::Close, false) => ("close", r.note()),
            (CloseAction::Reopen, true) => ("重新开账", r.reason()),
            (CloseAction::Reopen, false) => ("reopen", r.reason()),
        };
        t.push(vec![
            Cell::text(action),
            Cell::valued(
                locale::month(r.month(), lang.unwrap_or(Lang::En)),
                &r.month(),
            ),
            Cell::valued(r.date().to_string(), &r.date()),
            Cell::text(r.by()),
            r.entries().map_or_else(
                || Cell::text(""),
                |n| match lang {
                    Some(_) => Cell::valued(locale::group(i128::from(n)), &n),
                    None => Cell::valued(n.to_string(), &n),
                },
            ),
            Cell::valued(&r.hash()[..12], &r.hash()),
            Cell::text(text.unwrap_or_default()),
        ]);
    }
    t
}

/// What the log seals now, in the reader's language (English is also the
/// plain table's).
fn sealed_line(log: &CloseLog, path: &Path, lang: Lang) -> String {
    let path = path.display();
    match (log.sealed_through(), log.records().last(), lang) {
        (Some(m), Some(last), Lang::Zh) => format!(
            "已关账至{}；最后一条记录的哈希 {}（{path}）",
            locale::month(m, lang),
            last.hash()
        ),
        (Some(m), Some(last), Lang::En) => {
            format!(
                "sealed through {m}; last record's hash {} ({path})",
                last.hash()
            )
        }
        (None, Some(last), Lang::Zh) => format!("未关账；最后一条记录的哈希 {}", last.hash()),
        (None, Some(last), Lang::En) => {
            format!("nothing sealed; last record's hash {}", last.hash())
        }
        (_, None, Lang::Zh) => format!("无记录：未关账（{path}）"),
        (_, None, Lang::En) => format!("no records: nothing sealed ({path})"),
    }
}
