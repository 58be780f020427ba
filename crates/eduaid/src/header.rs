//! The header row of a ledger file: English or Chinese column names,
//! matched after trimming spaces with ASCII case ignored; unknown columns
//! refused unless listed as ignored.

use crate::Error;
use crate::suggest::closest;

/// The columns of version 1 of the format, in the order
/// [`Ledger::write_csv`](crate::Ledger::write_csv) writes them; the optional
/// [`RECORDED`] column follows when an entry has it (their Chinese names,
/// also read, are [`COLUMNS_ZH`]).
pub const COLUMNS: [&str; 11] = [
    "id",
    "date",
    "project",
    "area",
    "school",
    "pairing",
    "measure",
    "breakdown",
    "value",
    "source",
    "corrects",
];

/// The optional column of the day an entry was entered (录入日期).
pub const RECORDED: &str = "recorded";

/// Every column a file may have: [`COLUMNS`], then [`RECORDED`].
pub(crate) const ALL: [&str; 12] = [
    COLUMNS[0],
    COLUMNS[1],
    COLUMNS[2],
    COLUMNS[3],
    COLUMNS[4],
    COLUMNS[5],
    COLUMNS[6],
    COLUMNS[7],
    COLUMNS[8],
    COLUMNS[9],
    COLUMNS[10],
    RECORDED,
];

/// The Chinese name of each of [`COLUMNS`], in the same order, then that of
/// [`RECORDED`].
pub const COLUMNS_ZH: [&str; 12] = [
    "编号",
    "日期",
    "项目",
    "区县",
    "学校",
    "结对",
    "指标",
    "分类",
    "数值",
    "资金来源",
    "更正",
    "录入日期",
];

const REQUIRED: [bool; 12] = [
    true, true, true, true, false, false, true, false, true, false, false, false,
];

/// A header name as compared: spaces trimmed, ASCII letters lowercase.
fn key(name: &str) -> String {
    name.trim_matches(|c: char| c == ' ' || c == '\t' || c == '\u{3000}')
        .to_ascii_lowercase()
}

/// The column a header name stands for.
pub(crate) fn column_of(name: &str) -> Option<usize> {
    let k = key(name);
    ALL.iter()
        .position(|c| *c == k)
        .or_else(|| COLUMNS_ZH.iter().position(|c| *c == k))
}

/// Maps the header's columns to their positions.
#[derive(Debug)]
pub(crate) struct Header {
    /// Position of each of [`ALL`] in the file's rows.
    pub(crate) pos: [Option<usize>; 12],
    /// The column of each position (`None` for an ignored one).
    pub(crate) col_of: Vec<Option<usize>>,
    pub(crate) width: usize,
}

impl Header {
    /// Reads a header from its fields; `ignored` names the columns to leave
    /// out. `fail` makes the error for a message.
    pub(crate) fn new<'a>(
        fields: impl ExactSizeIterator<Item = &'a [u8]>,
        ignored: &[String],
        fail: impl Fn(String) -> Error,
    ) -> Result<Header, Error> {
        let ignored: Vec<String> = ignored.iter().map(|c| key(c)).collect();
        let width = fields.len();
        let mut pos = [None; 12];
        let mut col_of = vec![None; width];
        for (i, raw) in fields.enumerate() {
            let raw = if i == 0 {
                raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw)
            } else {
                raw
            };
            let name = std::str::from_utf8(raw)
                .map_err(|_| fail(format!("header column {} is not valid UTF-8", i + 1)))?;
            if ignored.contains(&key(name)) {
                continue;
            }
            let Some(k) = column_of(name) else {
                let names = ALL.iter().chain(&COLUMNS_ZH).copied();
                let hint = closest(&key(name), names).map_or_else(
                    || "; the columns are".to_owned(),
                    |c| format!(", did you mean {c:?}? The columns are"),
                );
                let known: Vec<String> = ALL
                    .iter()
                    .zip(COLUMNS_ZH)
                    .map(|(en, zh)| format!("{en} ({zh})"))
                    .collect();
                return Err(fail(format!(
                    "unknown column {name:?} (column {}){hint} {}; a column to leave out must be listed as ignored",
                    i + 1,
                    known.join(", ")
                )));
            };
            if pos[k].replace(i).is_some() {
                let same = if name == ALL[k] {
                    String::new()
                } else {
                    format!(" (as {})", ALL[k])
                };
                return Err(fail(format!(
                    "column {name:?} appears twice in the header{same}"
                )));
            }
            col_of[i] = Some(k);
        }
        let missing: Vec<&str> = ALL
            .iter()
            .zip(REQUIRED)
            .zip(pos)
            .filter(|((_, req), p)| *req && p.is_none())
            .map(|((c, _), _)| *c)
            .collect();
        if !missing.is_empty() {
            return Err(fail(format!(
                "missing required column(s): {}",
                missing.join(", ")
            )));
        }
        Ok(Header { pos, col_of, width })
    }

    /// The column, first in the file's order, whose field in `f` (a row's
    /// fields by column) holds a line break, which no column may (an
    /// ignored one may: it is not in `f`).
    pub(crate) fn first_with_line_break(&self, f: &[&[u8]; 12]) -> Option<usize> {
        (self.col_of.iter().flatten())
            .copied()
            .find(|&k| memchr::memchr2(b'\n', b'\r', f[k]).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(names: &[&str], ignored: &[&str]) -> Result<Header, String> {
        let ignored: Vec<String> = ignored.iter().map(|s| (*s).to_owned()).collect();
        Header::new(names.iter().map(|s| s.as_bytes()), &ignored, |m| {
            Error::Csv {
                file: "l.csv".into(),
                line: 1,
                message: m,
            }
        })
        .map_err(|e| e.to_string())
    }

    #[test]
    fn chinese_and_english_names_trimmed_case_ignored() {
        let h = read(
            &["\u{feff}编号 ", " DATE", "项目", "Area", "指标", "数值"],
            &[],
        )
        .unwrap();
        assert_eq!(h.pos[0], Some(0));
        assert_eq!(h.pos[1], Some(1));
        assert_eq!(h.pos[8], Some(5));
        assert_eq!(
            h.col_of,
            [Some(0), Some(1), Some(2), Some(3), Some(6), Some(8)]
        );
        // The optional recorded column, by either name.
        for name in ["录入日期", " Recorded"] {
            let h = read(
                &["id", "date", "project", "area", "measure", "value", name],
                &[],
            )
            .unwrap();
            assert_eq!(h.pos[11], Some(6), "{name}");
        }
    }

    #[test]
    fn unknown_columns_are_refused_unless_ignored() {
        let e = read(
            &[
                "id",
                "date",
                "project",
                "area",
                "measure",
                "breakdwon",
                "value",
            ],
            &[],
        )
        .unwrap_err();
        assert!(
            e.contains("unknown column \"breakdwon\" (column 6), did you mean \"breakdown\"?"),
            "{e}"
        );
        let e = read(
            &["id", "date", "project", "area", "measure", "value", "备注"],
            &[],
        )
        .unwrap_err();
        assert!(e.contains("unknown column \"备注\""), "{e}");
        let h = read(
            &["备注", "id", "date", "project", "area", "measure", "value"],
            &[" 备注"],
        )
        .unwrap();
        assert_eq!(h.width, 7);
        assert_eq!(h.col_of[0], None);
        assert_eq!(h.pos[0], Some(1));
        let e = read(
            &["id", "编号", "date", "project", "area", "measure", "value"],
            &[],
        )
        .unwrap_err();
        assert!(e.contains("appears twice"), "{e}");
    }
}
