//! Names and numbers in the reader's language: names instead of codes,
//! thousands separators, money in yuan or 万元, percentages with `%`, units
//! named, `是/否` or `yes/no` instead of `true/false`.
//!
//! Everything here is a display form. The exact machine forms (codes, plain
//! decimals) stay what the library prints; the HTML page keeps them beside
//! the display text (`data-value`), so a reader sees `1,145,000.00` and a test
//! can still compare `1145000.00`.

use eduaid::{Decimal, Dim, Key, Lang, Name, Programme, Stage, StatMonth, Summary, Unit};
use std::collections::HashMap;

/// `1234567` as `1,234,567` (the same grouping in both languages: Chinese
/// tables group by thousands too).
#[must_use]
pub fn group(n: i128) -> String {
    let digits = n.unsigned_abs().to_string();
    let head = digits.len() % 3;
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    out.push_str(&digits[..head]);
    for (i, chunk) in digits.as_bytes()[head..].chunks(3).enumerate() {
        if head > 0 || i > 0 {
            out.push(',');
        }
        out.extend(chunk.iter().map(|b| char::from(*b)));
    }
    out
}

/// `scaled` hundredths (`12345` as `123.45`), grouped.
fn hundredths(scaled: i128) -> String {
    let sign = if scaled < 0 { "-" } else { "" };
    let m = scaled.unsigned_abs();
    let int = i128::try_from(m / 100).unwrap_or(i128::MAX);
    format!("{sign}{}.{:02}", group(int), m % 100)
}

/// Money in fen as yuan with 2 fraction digits, grouped: `1,145,000.00`.
#[must_use]
pub fn yuan(fen: i128) -> String {
    hundredths(fen)
}

/// Money in fen as 万元 with 2 fraction digits (rounded half away from zero,
/// as the summary rounds 万元), grouped: `4,051.23`.
#[must_use]
pub fn wan_yuan(fen: i128) -> String {
    // 1万元 is 1,000,000 fen; two fraction digits of 万元 are 10,000 fen.
    let m = fen.unsigned_abs();
    let rounded = i128::try_from(m / 10_000 + u128::from(m % 10_000 >= 5_000)).unwrap_or(i128::MAX);
    hundredths(if fen < 0 { -rounded } else { rounded })
}

/// A total in its unit, grouped: money as yuan with 2 fraction digits,
/// counts whole.
#[must_use]
pub fn amount(units: i128, unit: Unit) -> String {
    if unit.is_money() {
        yuan(units)
    } else {
        group(units)
    }
}

/// A share (`0.8123`) as a percentage with 2 decimals: `81.23%`.
#[must_use]
pub fn percent(share: Decimal) -> String {
    format!("{:.2}%", share * Decimal::ONE_HUNDRED)
}

/// A threshold share as a percentage without trailing zeros: `80%`, `82.5%`.
#[must_use]
pub fn percent_bound(share: Decimal) -> String {
    format!("{}%", (share * Decimal::ONE_HUNDRED).normalize())
}

/// The text with its first letter in upper case (English titles that begin
/// with a programme's lower-case name).
#[must_use]
pub fn capitalized(text: &str) -> String {
    let mut c = text.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// `是`/`否`, `yes`/`no`.
#[must_use]
pub fn yes_no(yes: bool, lang: Lang) -> &'static str {
    match (lang, yes) {
        (Lang::Zh, true) => "是",
        (Lang::Zh, false) => "否",
        (Lang::En, true) => "yes",
        (Lang::En, false) => "no",
    }
}

/// `达标`/`未达标`, `passes`/`fails`.
#[must_use]
pub fn pass_fail(passes: bool, lang: Lang) -> &'static str {
    match (lang, passes) {
        (Lang::Zh, true) => "达标",
        (Lang::Zh, false) => "未达标",
        (Lang::En, true) => "passes",
        (Lang::En, false) => "fails",
    }
}

/// A unit's name: `元`, `人`, `次`, `所`; `yuan`, `persons`, `count`, `schools`.
#[must_use]
pub fn unit_name(unit: Unit, lang: Lang) -> &'static str {
    match (lang, unit) {
        (Lang::Zh, Unit::Yuan) => "元",
        (Lang::Zh, Unit::Persons) => "人",
        (Lang::Zh, Unit::Count) => "次",
        (Lang::Zh, Unit::Schools) => "所",
        (Lang::En, u) => u.code(),
    }
}

/// A statistics month: `2019年6月`, `2019-06`.
#[must_use]
pub fn month(m: StatMonth, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}年{}月", m.year(), m.month()),
        Lang::En => m.to_string(),
    }
}

/// A statistics month without its year, for a chart's axis: `6月`, `Jun`.
#[must_use]
pub fn month_short(m: u32, lang: Lang) -> String {
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    match lang {
        Lang::Zh => format!("{m}月"),
        Lang::En => EN
            .get(m.wrapping_sub(1) as usize)
            .map_or_else(|| m.to_string(), |s| (*s).to_owned()),
    }
}

/// A statistics year: `2019年`, `2019`.
#[must_use]
pub fn year(y: i32, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{y}年"),
        Lang::En => y.to_string(),
    }
}

/// A school stage: `小学`, `primary`.
#[must_use]
pub fn stage(s: Stage, lang: Lang) -> String {
    match lang {
        Lang::Zh => s.zh().to_owned(),
        Lang::En => s.code().replace('-', " "),
    }
}

/// The column header of a report dimension: `项目`, `project`. The Chinese
/// words are the ledger's Chinese column names.
#[must_use]
pub fn dim_header(d: Dim, lang: Lang) -> &'static str {
    match lang {
        Lang::En => d.name(),
        Lang::Zh => match d {
            Dim::Project => "项目",
            Dim::Area => "区县",
            Dim::School => "学校",
            Dim::Pairing => "结对",
            Dim::Measure => "指标",
            Dim::Breakdown => "分类",
            Dim::Source => "资金来源",
            Dim::Month => "统计月",
            Dim::Year => "统计年度",
        },
    }
}

/// Names for the codes of a programme, in a language; a code without a
/// name is shown as itself.
///
/// Projects, areas, schools, measures and funding sources have names in the
/// programme. Breakdown values have none there yet; [`Names::learn`] takes
/// the ones a [`Summary`] prints.
#[derive(Clone, Debug)]
pub struct Names<'a> {
    programme: &'a Programme,
    lang: Lang,
    breakdowns: HashMap<String, Name>,
}

impl<'a> Names<'a> {
    /// The names of `programme`'s codes in `lang`.
    #[must_use]
    pub fn new(programme: &'a Programme, lang: Lang) -> Names<'a> {
        Names {
            programme,
            lang,
            breakdowns: HashMap::new(),
        }
    }

    /// The language.
    #[must_use]
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The programme whose codes are named.
    #[must_use]
    pub fn programme(&self) -> &'a Programme {
        self.programme
    }

    /// Learns the names of breakdown values from the labels of a summary's
    /// breakdown figures (keys `project/P/M/B`).
    #[must_use]
    pub fn learn(mut self, summary: &Summary) -> Names<'a> {
        for f in summary.figures() {
            let parts: Vec<&str> = f.key().split('/').collect();
            if let ["project", _, measure, breakdown] = parts.as_slice() {
                let is_breakdown = self
                    .programme
                    .measure(measure)
                    .is_some_and(|m| m.breakdowns().iter().any(|b| b.as_str() == *breakdown));
                if is_breakdown {
                    self.breakdowns
                        .insert((*breakdown).to_owned(), f.label().clone());
                }
            }
        }
        self
    }

    fn pick(&self, name: Option<&Name>, code: &str) -> String {
        name.map_or_else(|| code.to_owned(), |n| n.get(self.lang).to_owned())
    }

    /// A project's name.
    #[must_use]
    pub fn project(&self, code: &str) -> String {
        self.pick(
            self.programme.project(code).map(eduaid::Project::name),
            code,
        )
    }

    /// An area's name.
    #[must_use]
    pub fn area(&self, code: &str) -> String {
        self.pick(self.programme.area(code).map(eduaid::Area::name), code)
    }

    /// A measure's name.
    #[must_use]
    pub fn measure(&self, code: &str) -> String {
        self.pick(
            self.programme.measure(code).map(eduaid::Measure::name),
            code,
        )
    }

    /// A funding source's name; `未注明来源`/`no source given` for none.
    #[must_use]
    pub fn source(&self, code: Option<&str>) -> String {
        match code {
            Some(c) => self.pick(self.programme.source(c).map(eduaid::FundingSource::name), c),
            None => match self.lang {
                Lang::Zh => "未注明来源".to_owned(),
                Lang::En => "no source given".to_owned(),
            },
        }
    }

    /// A breakdown value's name.
    #[must_use]
    pub fn breakdown(&self, code: &str) -> String {
        self.pick(self.breakdowns.get(code), code)
    }

    /// The display form of a report key in column `dim`.
    #[must_use]
    pub fn key(&self, dim: Dim, key: &Key) -> String {
        let Key::Code(c) = key else {
            return match key {
                Key::Month(m) => month(*m, self.lang),
                Key::Year(y) => year(*y, self.lang),
                _ => String::new(),
            };
        };
        let c = c.as_str();
        match dim {
            Dim::Project => self.project(c),
            Dim::Area => self.area(c),
            Dim::School => self.pick(self.programme.school(c).map(eduaid::School::name), c),
            Dim::Measure => self.measure(c),
            Dim::Breakdown => self.breakdown(c),
            Dim::Source => self.source(Some(c)),
            Dim::Pairing | Dim::Month | Dim::Year => c.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{capitalized, group, percent, percent_bound, wan_yuan, yuan};
    use eduaid::Decimal;

    #[test]
    fn numbers_are_grouped_by_thousands() {
        assert_eq!(group(0), "0");
        assert_eq!(group(999), "999");
        assert_eq!(group(1_000), "1,000");
        assert_eq!(group(-1_234_567), "-1,234,567");
        assert_eq!(group(123_456), "123,456");
        assert_eq!(yuan(114_500_000), "1,145,000.00");
        assert_eq!(yuan(-5), "-0.05");
        assert_eq!(wan_yuan(4_051_234_567), "4,051.23");
        assert_eq!(wan_yuan(4_051_235_000), "4,051.24");
        assert_eq!(percent(Decimal::new(8123, 4)), "81.23%");
        assert_eq!(percent_bound(Decimal::new(8, 1)), "80%");
        assert_eq!(percent_bound(Decimal::new(825, 3)), "82.5%");
        assert_eq!(capitalized("funds per year"), "Funds per year");
        assert_eq!(capitalized("资金"), "资金");
    }
}
