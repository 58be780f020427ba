//! Column headings in Chinese, for workbooks written with `--lang zh`; the
//! English headings are the column names of the CSV forms.

use eduaid::Lang;

/// Every column name of the ledger and of the tables eduaid writes, with
/// its Chinese heading (the ledger's are those a ledger may use as headers).
const HEADINGS: [(&str, &str); 42] = [
    // The ledger.
    ("id", "编号"),
    ("date", "日期"),
    ("project", "项目"),
    ("area", "区县"),
    ("school", "学校"),
    ("pairing", "结对"),
    ("measure", "指标"),
    ("breakdown", "分类"),
    ("value", "数值"),
    ("source", "资金来源"),
    ("corrects", "更正"),
    ("recorded", "录入日期"),
    // Reports.
    ("month", "统计月份"),
    ("year", "统计年度"),
    ("entries", "条目数"),
    // Compliance.
    ("targeted", "精准投入资金"),
    ("total", "资金合计"),
    ("share", "精准占比"),
    ("passes", "是否达标"),
    ("shortfall", "差额"),
    // Plan.
    ("planned", "计划"),
    ("actual", "实际"),
    ("remaining", "尚差"),
    ("percent", "完成百分比"),
    ("on_pace", "进度达标"),
    // Violations.
    ("code", "代码"),
    ("name", "名称"),
    ("severity", "严重程度"),
    ("file", "文件"),
    ("line", "行号"),
    ("entry", "条目"),
    ("column", "列"),
    ("message", "说明"),
    // Completeness of the monthly returns.
    ("due", "应报"),
    ("received", "已报"),
    ("on-time", "按时"),
    ("late", "迟报"),
    ("unknown-time", "时间不详"),
    ("missing", "未报"),
    ("completeness", "报送率"),
    ("timeliness", "及时率"),
    ("status", "状态"),
];

/// The heading of column `name` in `lang`: the name itself in English (and
/// for a column without a Chinese heading).
#[must_use]
pub fn heading(name: &str, lang: Lang) -> &str {
    match lang {
        Lang::En => name,
        Lang::Zh => HEADINGS
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(name, |(_, zh)| zh),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_ledger_column_has_a_chinese_heading() {
        for c in eduaid::COLUMNS {
            assert_ne!(heading(c, Lang::Zh), c, "{c}");
            assert_eq!(heading(c, Lang::En), c);
        }
        assert_eq!(heading("area", Lang::Zh), "区县");
    }

    #[test]
    fn no_column_is_named_twice() {
        let mut names: Vec<&str> = HEADINGS.iter().map(|(n, _)| *n).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), HEADINGS.len());
    }
}
