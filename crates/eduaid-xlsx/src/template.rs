//! A ledger workbook to fill in: the header row, drop-down lists of the
//! programme's codes, date and number checks, and a sheet explaining every
//! column and code in Chinese and English.

use eduaid::{COLUMNS, Code, Programme};
use rust_xlsxwriter::{
    DataValidation, DataValidationRule, ExcelDateTime, Format, Formula, Workbook, XlsxError,
};

use crate::write::{Cell, Table, col, column_width, write_error};

/// The ledger sheet's name.
pub const LEDGER_SHEET: &str = "ledger 台账";
/// The hidden sheet of long code lists.
const LISTS_SHEET: &str = "lists";
/// Rows the checks cover below the header (Excel's last row).
const LAST_ROW: u32 = 1_048_575;
/// Excel keeps an inline list to 255 characters; longer lists go in the
/// hidden sheet and are referenced by range.
const INLINE_MAX: usize = 255;

/// What each column holds: (column, required, English, Chinese).
const MEANING: [(&str, bool, &str, &str); 11] = [
    (
        "id",
        true,
        "entry id, unique in the ledger",
        "条目编号，台账内唯一",
    ),
    (
        "date",
        true,
        "date of the item, YYYY-MM-DD (an Excel date is fine)",
        "发生日期，YYYY-MM-DD（可用 Excel 日期）",
    ),
    ("project", true, "project code", "项目代码"),
    ("area", true, "county or district code", "区县代码"),
    ("school", false, "school code", "学校代码"),
    ("pairing", false, "pairing code", "结对代码"),
    ("measure", true, "measure code", "指标代码"),
    (
        "breakdown",
        false,
        "the measure's breakdown (see the codes below)",
        "指标分类（见下方代码）",
    ),
    (
        "value",
        true,
        "yuan with at most 2 decimals for money, a whole number for counts",
        "金额（元）最多两位小数；人数、次数为整数",
    ),
    (
        "source",
        false,
        "funding source code, for money",
        "资金来源代码（资金类指标）",
    ),
    (
        "corrects",
        false,
        "id of an earlier entry this one corrects (a reversal may be negative)",
        "所更正的原条目编号（冲销可为负数）",
    ),
];

/// The code lists of a programme, for drop-downs: (column, codes). A kind
/// the programme does not list (areas, schools, pairings, sources) has none.
fn lists(p: &Programme) -> Vec<(&'static str, Vec<&Code>)> {
    let mut breakdowns: Vec<&Code> = Vec::new();
    for m in p.measures() {
        for b in m.breakdowns() {
            if !breakdowns.contains(&b) {
                breakdowns.push(b);
            }
        }
    }
    let all = [
        (
            "project",
            p.projects().iter().map(eduaid::Project::code).collect(),
        ),
        (
            "measure",
            p.measures().iter().map(eduaid::Measure::code).collect(),
        ),
        ("breakdown", breakdowns),
        ("area", p.areas().iter().map(eduaid::Area::code).collect()),
        (
            "school",
            p.schools().iter().map(eduaid::School::code).collect(),
        ),
        (
            "pairing",
            p.pairings().iter().map(eduaid::Pairing::code).collect(),
        ),
        (
            "source",
            p.sources()
                .iter()
                .map(eduaid::FundingSource::code)
                .collect(),
        ),
    ];
    all.into_iter()
        .filter(|(_, codes): &(_, Vec<&Code>)| !codes.is_empty())
        .collect()
}

/// The explanation sheet: every column, then every code, in both languages.
fn help(p: &Programme) -> Table {
    let mut rows: Vec<Vec<Cell>> = MEANING
        .iter()
        .map(|(c, req, en, zh)| {
            vec![
                Cell::Text("column 列".into()),
                Cell::Text((*c).into()),
                Cell::Text(crate::heading(c, eduaid::Lang::Zh).into()),
                Cell::Text(format!("{en}{}", if *req { " (required)" } else { "" })),
                Cell::Text(format!("{zh}{}", if *req { "（必填）" } else { "" })),
            ]
        })
        .collect();
    let text = |s: &str| Cell::Text(s.to_owned());
    let mut code = |kind: &str, code: &Code, zh: &str, en: &str| {
        rows.push(vec![
            text(kind),
            text(code.as_str()),
            text(""),
            text(en),
            text(zh),
        ]);
    };
    for x in p.projects() {
        code("project 项目", x.code(), x.name().zh(), x.name().en());
    }
    for m in p.measures() {
        let unit = m.unit().code();
        code(
            "measure 指标",
            m.code(),
            &format!("{}（{unit}）", m.name().zh()),
            &format!("{} ({unit})", m.name().en()),
        );
        for b in m.breakdowns() {
            code(
                "breakdown 分类",
                b,
                &format!("{} 的分类", m.code()),
                &format!("a breakdown of {}", m.code()),
            );
        }
    }
    for x in p.areas() {
        code("area 区县", x.code(), x.name().zh(), x.name().en());
    }
    for x in p.schools() {
        code("school 学校", x.code(), x.name().zh(), x.name().en());
    }
    for x in p.pairings() {
        code("pairing 结对", x.code(), "", "");
    }
    for x in p.sources() {
        code("source 资金来源", x.code(), x.name().zh(), x.name().en());
    }
    Table {
        name: "help 说明".into(),
        header: ["kind 类别", "code 代码", "中文列名", "meaning", "说明"]
            .map(str::to_owned)
            .to_vec(),
        rows,
    }
}

/// The template for `programme` as a workbook still to be written (a
/// caller may add rows to its first sheet before saving).
///
/// # Errors
///
/// The writer's (none for a valid programme: names and ranges are fixed).
pub fn template_workbook(programme: &Programme) -> Result<Workbook, XlsxError> {
    let mut book = Workbook::new();
    let lists = lists(programme);
    let sheet = book.add_worksheet();
    sheet.set_name(LEDGER_SHEET)?;
    let bold = Format::new().set_bold();
    // Codes and ids as text, so Excel never turns one into a date or drops
    // a leading zero; dates shown as ISO dates.
    let text = Format::new().set_num_format("@");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (c, name) in COLUMNS.iter().enumerate() {
        let c = col(c);
        sheet.write_string_with_format(0, c, *name, &bold)?;
        match *name {
            "date" => sheet.set_column_format(c, &date)?,
            "value" => sheet,
            _ => sheet.set_column_format(c, &text)?,
        };
        sheet.set_column_width(c, column_width([*name, "2019-06-25", "  "]))?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, 0, col(COLUMNS.len() - 1))?;
    let at = |name: &str| col(COLUMNS.iter().position(|c| *c == name).expect("a column"));
    let mut long = Vec::new();
    for (name, codes) in &lists {
        let joined: Vec<&str> = codes.iter().map(|c| c.as_str()).collect();
        let v = if joined.join(",").chars().count() <= INLINE_MAX {
            DataValidation::new().allow_list_strings(&joined)?
        } else {
            let k = long.len();
            long.push((name, joined));
            let letter = column_letter(k);
            let range = format!(
                "='{LISTS_SHEET}'!${letter}$2:${letter}${}",
                long[k].1.len() + 1
            );
            DataValidation::new().allow_list_formula(Formula::new(range))
        };
        let c = at(name);
        sheet.add_data_validation(1, c, LAST_ROW, c, &v)?;
    }
    let dates = DataValidation::new()
        .allow_date(DataValidationRule::Between(
            ExcelDateTime::from_ymd(2000, 1, 1)?,
            ExcelDateTime::from_ymd(2099, 12, 31)?,
        ))
        .set_error_message("a date, such as 2019-06-25 / 请输入日期，如 2019-06-25")?;
    sheet.add_data_validation(1, at("date"), LAST_ROW, at("date"), &dates)?;
    let numbers = DataValidation::new()
        .allow_decimal_number(DataValidationRule::Between(-1e15, 1e15))
        .set_error_message("a number / 请输入数值")?;
    sheet.add_data_validation(1, at("value"), LAST_ROW, at("value"), &numbers)?;
    help(programme).add_to(&mut book)?;
    if !long.is_empty() {
        let lists_sheet = book.add_worksheet();
        lists_sheet.set_name(LISTS_SHEET)?;
        for (k, (name, codes)) in long.iter().enumerate() {
            let c = col(k);
            lists_sheet.write_string(0, c, **name)?;
            for (r, code) in codes.iter().enumerate() {
                lists_sheet.write_string(u32::try_from(r + 1).unwrap_or(LAST_ROW), c, *code)?;
            }
        }
        lists_sheet.set_hidden(true);
    }
    Ok(book)
}

/// The letter of column `k` (0: `A`), for up to 26 columns (seven lists).
fn column_letter(k: usize) -> char {
    char::from(b'A' + u8::try_from(k % 26).unwrap_or(0))
}

/// The template for `programme`, as the bytes of an `.xlsx` file.
///
/// # Errors
///
/// [`eduaid::Error::Io`] naming `file` if the writer fails.
pub fn template(programme: &Programme, file: &str) -> Result<Vec<u8>, eduaid::Error> {
    let mut book = template_workbook(programme).map_err(|e| write_error(file, &e))?;
    book.save_to_buffer().map_err(|e| write_error(file, &e))
}
