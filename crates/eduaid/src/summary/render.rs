//! Printing a summary: Chinese with Chinese number conventions, or English.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::{Counter, Figure, Summary};
use crate::zh_number::{self, Approx};
use crate::{Lang, Name, Unit};

impl Figure {
    /// The value with its unit, approximated as set: `4600余人`, `4000余万元`,
    /// `近30次` in Chinese; `4,600+ persons`, `40,000,000+ yuan`, `nearly 30`
    /// in English.
    #[must_use]
    pub fn render(&self, lang: Lang) -> String {
        let n = self.value.base_units();
        match lang {
            Lang::Zh => {
                if self.unit().is_money() {
                    return zh_number::yuan_approx(n, self.approx);
                }
                let word = match (self.counter, self.unit()) {
                    (Counter::Items, _) => "个",
                    (_, Unit::Persons) => "人",
                    (_, Unit::Schools) => "所",
                    _ => "次",
                };
                format!("{}{word}", zh_number::count_approx(n, self.approx))
            }
            Lang::En => {
                let money = self.unit().is_money();
                let one = n == 1;
                let word = match (money, self.counter, self.unit()) {
                    (true, _, _) => " yuan",
                    (_, Counter::Unit, Unit::Persons) if one => " person",
                    (_, Counter::Unit, Unit::Persons) => " persons",
                    (_, Counter::Unit, Unit::Schools) if one => " school",
                    (_, Counter::Unit, Unit::Schools) => " schools",
                    _ => "",
                };
                // Bounds of money are whole yuan, printed without fen.
                let scale = if money { 100 } else { 1 };
                let bound = |b: i128, mark: &str| format!("{}{mark}{word}", en_int(b / scale));
                let exact = || {
                    let v = if money { en_money(n) } else { en_int(n) };
                    format!("{v}{word}")
                };
                match self.approx {
                    Approx::AtLeast { digits } if n > 0 => {
                        let b = zh_number::lower_bound(n / scale, digits) * scale;
                        if b == n { exact() } else { bound(b, "+") }
                    }
                    Approx::Nearly { digits } if n > 0 => {
                        let up = n / scale + i128::from(n % scale != 0);
                        match zh_number::upper_bound(up, digits).and_then(|b| b.checked_mul(scale))
                        {
                            Some(b) if b != n => format!("nearly {}", bound(b, "")),
                            _ => exact(),
                        }
                    }
                    _ => exact(),
                }
            }
        }
    }
}

/// `1234567` as `1,234,567`.
fn en_int(n: i128) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() * 4 / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Fen as `48,614,211.17`.
fn en_money(fen: i128) -> String {
    let m = fen.unsigned_abs();
    let int = en_int(i128::try_from(m / 100).unwrap_or(i128::MAX));
    let sign = if fen < 0 { "-" } else { "" };
    format!("{sign}{int}.{:02}", m % 100)
}

impl Summary {
    /// The summary as text, in Chinese (with Chinese number conventions) or
    /// English.
    #[must_use]
    pub fn render(&self, lang: Lang) -> String {
        let mut s = match lang {
            Lang::Zh => self.render_zh(),
            Lang::En => self.render_en(),
        };
        self.render_returns(lang, &mut s);
        s
    }

    /// The section on monthly returns, when the programme declares duties.
    fn render_returns(&self, lang: Lang, s: &mut String) {
        let Some(r) = &self.returns else { return };
        let rate = |x: Option<Decimal>| x.map_or_else(|| "-".to_owned(), |d| d.to_string());
        let (c, t) = (rate(r.completeness()), rate(r.timeliness()));
        let (due, received, on_time, late, missing) =
            (r.due, r.received, r.on_time, r.late, r.missing);
        let unknown = r.unknown_time;
        let fifth = self.targeting.is_empty();
        let _ = if lang == Lang::Zh {
            let unknown = if unknown > 0 {
                format!("，报送时间不详{unknown}份")
            } else {
                String::new()
            };
            let n = if fifth { "五" } else { "六" };
            writeln!(
                s,
                "\n{n}、月度报送\n  应报{due}份，已报{received}份（按时{on_time}份，迟报{late}份{unknown}），缺报{missing}份；报送率{c}%，及时率{t}%"
            )
        } else {
            let unknown = if unknown > 0 {
                format!(", {unknown} of unknown time")
            } else {
                String::new()
            };
            let n = if fifth { 5 } else { 6 };
            writeln!(
                s,
                "\n{n}. Monthly returns\n  {due} due, {received} received ({on_time} on time, {late} late{unknown}), {missing} missing; completeness {c}%, timeliness {t}%"
            )
        };
    }

    fn render_zh(&self) -> String {
        const NUM: [&str; 11] = [
            "", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
        ];
        let num = |i: usize| {
            NUM.get(i)
                .map_or_else(|| i.to_string(), |s| (*s).to_owned())
        };
        let mut s = String::new();
        let d = self.as_of;
        let _ = writeln!(
            s,
            "{}概况（截至{}）",
            self.programme.zh(),
            d.format("%Y年%-m月%-d日")
        );
        let _ = writeln!(s, "\n一、{}", self.framework.name().zh());
        for t in self.framework.tiers() {
            let items: Vec<&str> = t.items().iter().map(|i| i.text().zh()).collect();
            let _ = writeln!(
                s,
                "  {}（{}项）：{}",
                t.name().zh(),
                items.len(),
                items.join("；")
            );
        }
        let p = &self.pairings;
        let _ = writeln!(s, "\n二、结对帮扶与学段覆盖");
        for f in [
            &p.supporting_schools,
            &p.supported_schools,
            &p.joint_schools,
        ] {
            let _ = writeln!(s, "  {}：{}", f.label.zh(), f.render(Lang::Zh));
        }
        let kinds: Vec<String> = p
            .by_kind
            .iter()
            .map(|f| format!("{}：{}", f.label.zh(), f.render(Lang::Zh)))
            .collect();
        let _ = writeln!(s, "  结对关系：{}", kinds.join("；"));
        let _ = writeln!(s, "  学段覆盖：");
        for c in &p.coverage {
            let stages: Vec<&str> = c.stages.iter().map(crate::Stage::zh).collect();
            let what = if c.stages.is_all() {
                format!("全学段覆盖（{}）", stages.join("、"))
            } else if c.stages.is_empty() {
                "无结对学校".to_owned()
            } else {
                let missing: Vec<&str> = c.stages.missing().map(crate::Stage::zh).collect();
                format!("{}；缺{}", stages.join("、"), missing.join("、"))
            };
            let _ = writeln!(s, "    {}：{what}", c.name.zh());
        }
        let _ = writeln!(s, "\n三、各项工程与工作");
        for (i, pr) in self.projects.iter().enumerate() {
            let _ = writeln!(
                s,
                "  （{}）{}（责任单位：{}）",
                num(i + 1),
                pr.name.zh(),
                pr.owner
            );
            write_figures(&mut s, &pr.figures, Lang::Zh);
        }
        let _ = writeln!(s, "\n四、资金投入");
        for f in &self.funds {
            let _ = writeln!(s, "  {}：{}", f.label.zh(), f.render(Lang::Zh));
        }
        if self.targeting.is_empty() {
            return s;
        }
        let names: Vec<&str> = self.targeted.iter().map(Name::zh).collect();
        let _ = writeln!(
            s,
            "\n五、精准使用（{}{}%以上用于{}）",
            self.targeting_measure.zh(),
            (self.threshold * Decimal::ONE_HUNDRED).normalize(),
            names.join("、")
        );
        for t in &self.targeting {
            let _ = writeln!(
                s,
                "  {}年：{}%（{} / {}），{}",
                t.year,
                percent(t.share),
                zh_number::yuan(t.targeted.base_units()),
                zh_number::yuan(t.total.base_units()),
                if t.passes { "达标" } else { "未达标" }
            );
        }
        s
    }

    fn render_en(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "{}: summary as of {}", self.programme.en(), self.as_of);
        let _ = writeln!(s, "\n1. {}", self.framework.name().en());
        for t in self.framework.tiers() {
            let items: Vec<&str> = t.items().iter().map(|i| i.text().en()).collect();
            let _ = writeln!(
                s,
                "  {} ({}): {}",
                t.name().en(),
                items.len(),
                items.join("; ")
            );
        }
        let p = &self.pairings;
        let _ = writeln!(s, "\n2. Pairings and stage coverage");
        for f in [
            &p.supporting_schools,
            &p.supported_schools,
            &p.joint_schools,
        ] {
            let _ = writeln!(s, "  {}: {}", f.label.en(), f.render(Lang::En));
        }
        for f in &p.by_kind {
            let _ = writeln!(s, "  {}: {}", f.label.en(), f.render(Lang::En));
        }
        let _ = writeln!(s, "  stage coverage:");
        for c in &p.coverage {
            let stages: Vec<&str> = c.stages.iter().map(crate::Stage::code).collect();
            let what = if c.stages.is_all() {
                "every stage".to_owned()
            } else if c.stages.is_empty() {
                "no paired school".to_owned()
            } else {
                let missing: Vec<&str> = c.stages.missing().map(crate::Stage::code).collect();
                format!("{}; missing {}", stages.join(", "), missing.join(", "))
            };
            let _ = writeln!(s, "    {}: {what}", c.name.en());
        }
        let _ = writeln!(s, "\n3. Projects and lines of work");
        for (i, pr) in self.projects.iter().enumerate() {
            let _ = writeln!(s, "  3.{} {} (owner: {})", i + 1, pr.name.en(), pr.owner);
            write_figures(&mut s, &pr.figures, Lang::En);
        }
        let _ = writeln!(s, "\n4. Funds");
        for f in &self.funds {
            let _ = writeln!(s, "  {}: {}", f.label.en(), f.render(Lang::En));
        }
        if self.targeting.is_empty() {
            return s;
        }
        let names: Vec<&str> = self.targeted.iter().map(Name::en).collect();
        let _ = writeln!(
            s,
            "\n5. Targeting: {}% or more of {} to {}",
            (self.threshold * Decimal::ONE_HUNDRED).normalize(),
            self.targeting_measure.en(),
            names.join(", ")
        );
        for t in &self.targeting {
            let _ = writeln!(
                s,
                "  {}: {}% ({} of {} yuan), {}",
                t.year,
                percent(t.share),
                en_money(t.targeted.base_units()),
                en_money(t.total.base_units()),
                if t.passes { "passes" } else { "fails" }
            );
        }
        s
    }
}

/// A share (0.9697) as a percentage with 2 decimals (96.97).
fn percent(share: Decimal) -> String {
    format!("{:.2}", share * Decimal::ONE_HUNDRED)
}

/// Measure totals on their own line, their breakdown parts in brackets after.
fn write_figures(s: &mut String, figures: &[Figure], lang: Lang) {
    let mut i = 0;
    while i < figures.len() {
        let total = &figures[i];
        let parts: Vec<&Figure> = figures[i + 1..]
            .iter()
            .take_while(|f| f.key.starts_with(&format!("{}/", total.key)))
            .collect();
        let mut line = match lang {
            Lang::Zh => format!("    {}：{}", total.label.zh(), total.render(lang)),
            Lang::En => format!("    {}: {}", total.label.en(), total.render(lang)),
        };
        if !parts.is_empty() {
            let inner: Vec<String> = parts
                .iter()
                .map(|f| match lang {
                    Lang::Zh => format!("{}{}", f.label.zh(), f.render(lang)),
                    Lang::En => format!("{} {}", f.label.en(), f.render(lang)),
                })
                .collect();
            let _ = match lang {
                Lang::Zh => write!(line, "（其中{}）", inner.join("，")),
                Lang::En => write!(line, " ({})", inner.join(", ")),
            };
        }
        let _ = writeln!(s, "{line}");
        i += 1 + parts.len();
    }
}
