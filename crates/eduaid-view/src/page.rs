//! A self-contained HTML page: one file with its style inline, no script,
//! font, stylesheet or image fetched from anywhere (offices work on closed
//! networks), laid out for the screen and for A4 paper.

use std::fmt::Write as _;

use eduaid::Lang;

use crate::chart::Chart;
use crate::table::{Align, Table};

/// The page's style. Fonts are the reader's own: a list of common Chinese
/// sans-serif faces, then the generic one. Widths shrink to the paper: the
/// body is at most 180 mm wide on A4 with 15 mm margins, charts scale down
/// with their view box, tables wrap their cells.
const STYLE: &str = "\
@page { size: A4; margin: 15mm; }
* { box-sizing: border-box; }
html { font-family: \"Noto Sans CJK SC\", \"Source Han Sans SC\", \"PingFang SC\", \
\"Microsoft YaHei\", \"WenQuanYi Micro Hei\", \"Noto Sans\", sans-serif; color: #1a1a1a; }
body { max-width: 1000px; margin: 0 auto; padding: 16px; font-size: 14px; line-height: 1.5; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 24px 0 8px; border-bottom: 2px solid #2b5797; padding-bottom: 2px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
p.meta { color: #555; margin: 0 0 12px; }
ul { margin: 4px 0 8px; padding-left: 20px; }
figure { margin: 8px 0 20px; display: flex; flex-wrap: wrap; gap: 12px 20px; align-items: flex-start; \
break-inside: avoid; page-break-inside: avoid; }
figcaption { flex: 1 1 100%; font-weight: bold; }
figure > svg { flex: 0 1 auto; max-width: 100%; height: auto; }
svg text { font-family: inherit; }
table { border-collapse: collapse; max-width: 100%; font-size: 13px; }
figure > table { flex: 0 1 auto; font-size: 12px; }
th, td { padding: 2px 8px; border-bottom: 1px solid #d0d0d0; overflow-wrap: anywhere; vertical-align: top; }
th { background: #eef2f8; text-align: left; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.alert { color: #b00020; font-weight: bold; }
p.note { color: #555; font-size: 12px; margin: 4px 0; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
}
";

/// Text with `<`, `>`, `&` and quotes escaped for HTML.
#[must_use]
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An HTML page being written.
#[derive(Clone, Debug)]
pub struct Page {
    lang: Lang,
    title: String,
    body: String,
}

impl Page {
    /// A page titled `title` (also its first heading), in `lang`.
    #[must_use]
    pub fn new(title: &str, lang: Lang) -> Page {
        let mut body = String::new();
        let _ = writeln!(body, "<h1>{}</h1>", escape(title));
        Page {
            lang,
            title: title.to_owned(),
            body,
        }
    }

    /// The language.
    #[must_use]
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// A line of small print under the title (the date, the source).
    pub fn meta(&mut self, text: &str) {
        let _ = writeln!(self.body, "<p class=\"meta\">{}</p>", escape(text));
    }

    /// A section heading (level 2) or sub-heading (level 3).
    pub fn heading(&mut self, level: u8, text: &str) {
        let l = level.clamp(2, 3);
        let _ = writeln!(self.body, "<h{l}>{}</h{l}>", escape(text));
    }

    /// A paragraph.
    pub fn paragraph(&mut self, text: &str) {
        let _ = writeln!(self.body, "<p>{}</p>", escape(text));
    }

    /// A note in small print.
    pub fn note(&mut self, text: &str) {
        let _ = writeln!(self.body, "<p class=\"note\">{}</p>", escape(text));
    }

    /// A bulleted list.
    pub fn list<S: AsRef<str>>(&mut self, items: &[S]) {
        self.body.push_str("<ul>\n");
        for i in items {
            let _ = writeln!(self.body, "<li>{}</li>", escape(i.as_ref()));
        }
        self.body.push_str("</ul>\n");
    }

    /// A table.
    pub fn table(&mut self, t: &Table) {
        write_table(&mut self.body, t);
    }

    /// A chart with its numbers beside it.
    pub fn chart(&mut self, c: &Chart) {
        let _ = writeln!(
            self.body,
            "<figure id=\"{}\">\n<figcaption>{}</figcaption>",
            escape(&c.table.id),
            escape(&c.title)
        );
        self.body.push_str(&c.svg);
        write_table(&mut self.body, &c.table);
        self.body.push_str("</figure>\n");
        if let Some(n) = &c.note {
            self.note(n);
        }
    }

    /// The whole document.
    #[must_use]
    pub fn finish(self) -> String {
        let lang = match self.lang {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        };
        format!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n{}</body>\n</html>\n",
            escape(&self.title),
            self.body
        )
    }
}

/// Writes a table: numbers right-aligned, each with its exact value in
/// `data-value`, failures marked.
fn write_table(out: &mut String, t: &Table) {
    let _ = writeln!(out, "<table data-table=\"{}\">", escape(&t.id));
    out.push_str("<thead><tr>");
    for c in &t.columns {
        let class = if c.align == Align::Right {
            " class=\"num\""
        } else {
            ""
        };
        let _ = write!(out, "<th{class}>{}</th>", escape(&c.header));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        out.push_str("<tr>");
        for (cell, col) in row.iter().zip(&t.columns) {
            let mut classes = Vec::new();
            if col.align == Align::Right {
                classes.push("num");
            }
            if cell.alert {
                classes.push("alert");
            }
            out.push_str("<td");
            if !classes.is_empty() {
                let _ = write!(out, " class=\"{}\"", classes.join(" "));
            }
            if let Some(v) = &cell.value {
                let _ = write!(out, " data-value=\"{}\"", escape(v));
            }
            let _ = write!(out, ">{}</td>", escape(&cell.text));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}
