//! Results as aligned text tables ([`Table`]): `Display` for [`Report`],
//! [`Compliance`] and [`Progress`], and their tables as data.

use std::fmt;

use crate::table::{Align, Table};
use crate::{Compliance, ComplianceStatus, Decimal, Progress, Report};

impl Report {
    /// The report as a table: its key columns, `value` and `entries`
    /// (numbers right-aligned), one row per group; what `Display` prints.
    ///
    /// ```
    /// use eduaid::{Dim, Ledger, Programme, Query, report};
    /// let csv = "id,date,project,area,measure,breakdown,value\n\
    ///            t1,2019-06-25,rural-teachers,fuping,people-trained,local,240\n\
    ///            t2,2019-06-26,rural-teachers,fuping,people-trained,in-beijing,18\n";
    /// let ledger = Ledger::read_csv(Programme::canonical().into(), csv.as_bytes(), "l.csv")?.into_ledger()?;
    /// let r = report(&ledger, &Query::by(&[Dim::Month])?)?;
    /// assert_eq!(r.to_string(), "\
    /// month    measure         value  entries
    /// 2019-06  people-trained    240        1
    /// 2019-07  people-trained     18        1
    /// ");
    /// assert_eq!(r.table().rows()[1], ["2019-07", "people-trained", "18", "1"]);
    /// # Ok::<(), eduaid::Error>(())
    /// ```
    #[must_use]
    pub fn table(&self) -> Table {
        let mut header: Vec<&str> = self.columns().iter().map(|d| d.name()).collect();
        header.extend(["value", "entries"]);
        let mut align = vec![Align::Left; self.columns().len()];
        align.extend([Align::Right, Align::Right]);
        let mut t = Table::new(&header, &align);
        for row in self.rows() {
            let mut cells: Vec<String> = row.keys().map(ToString::to_string).collect();
            cells.push(row.value().to_string());
            cells.push(row.entries().to_string());
            t.push(cells);
        }
        t
    }
}

impl fmt::Display for Report {
    /// The aligned table of [`Report::table`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.table().fmt(f)
    }
}

/// A share (0.8123) as a percentage with 2 decimals (`81.23%`).
fn percent(share: Decimal) -> String {
    format!("{:.2}%", share * Decimal::ONE_HUNDRED)
}

impl Compliance {
    /// The check as a table: `year` (and `area` when checked by area),
    /// `targeted`, `total`, `share` as a percentage, `result` (`pass` or
    /// `FAIL`) and `shortfall`. `Display` prints it, then the threshold and
    /// the verdict.
    ///
    /// ```
    /// use eduaid::{ComplianceOptions, Ledger, Programme, compliance};
    /// let csv = "id,date,project,area,measure,breakdown,value\n\
    ///            a,2019-03-01,pupil-health,fuping,funds,poor-pupil,80\n\
    ///            b,2019-03-02,pupil-health,fuping,funds,general,20\n";
    /// let ledger = Ledger::read_csv(Programme::canonical().into(), csv.as_bytes(), "l.csv")?.into_ledger()?;
    /// let c = compliance(&ledger, &ComplianceOptions::default())?;
    /// assert_eq!(c.to_string(), "\
    /// year  targeted   total   share  result  shortfall
    /// 2019     80.00  100.00  80.00%  pass         0.00
    /// threshold 80.00%: every year passes
    /// ");
    /// # Ok::<(), eduaid::Error>(())
    /// ```
    #[must_use]
    pub fn table(&self) -> Table {
        let by_area = self.rows.iter().any(|r| r.area.is_some());
        let mut header = vec!["year"];
        let mut align = vec![Align::Left];
        if by_area {
            header.push("area");
            align.push(Align::Left);
        }
        header.extend(["targeted", "total", "share", "result", "shortfall"]);
        align.extend([
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Left,
            Align::Right,
        ]);
        let mut t = Table::new(&header, &align);
        for r in &self.rows {
            let mut cells = vec![r.year.to_string()];
            if by_area {
                cells.push(r.area.as_ref().map(ToString::to_string).unwrap_or_default());
            }
            cells.extend([
                r.targeted.to_string(),
                r.total.to_string(),
                percent(r.share),
                if r.passes { "pass" } else { "FAIL" }.to_owned(),
                r.shortfall.to_string(),
            ]);
            t.push(cells);
        }
        t
    }
}

impl fmt::Display for Compliance {
    /// The table of [`Compliance::table`], then `threshold 80.00%: every
    /// year passes`, `threshold 80.00%: N of M fail`, or, when the ledger
    /// has no funds in any checked year, that there is nothing to check.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.table().fmt(f)?;
        let failed = self.failures().count();
        write!(f, "threshold {}: ", percent(self.threshold))?;
        match self.status {
            ComplianceStatus::NothingToCheck => {
                writeln!(f, "nothing to check: the ledger has no funds in any year")
            }
            _ if failed == 0 => writeln!(f, "every year passes"),
            _ => writeln!(f, "{failed} of {} fail", self.rows.len()),
        }
    }
}

impl Progress {
    /// The targets as a table: `year`, `project`, `area`, `measure`,
    /// `breakdown`, `planned`, `actual`, `remaining`, `percent` (2
    /// decimals) and `on_pace`. `Display` prints a title line, this table
    /// and the overdue milestones.
    ///
    /// ```
    /// use eduaid::{Ledger, Programme, parse_date, progress};
    /// let ledger = Ledger::new(Programme::canonical().into());
    /// let p = progress(&ledger, parse_date("2019-06-25")?)?;
    /// assert_eq!(p.to_string(), "\
    /// plan versus actual as of 2019-06-25
    /// year  project  area  measure  breakdown  planned  actual  remaining  percent  on_pace
    /// no milestone overdue
    /// ");
    /// # Ok::<(), eduaid::Error>(())
    /// ```
    #[must_use]
    pub fn table(&self) -> Table {
        let mut align = vec![Align::Left; 5];
        align.extend([Align::Right; 4]);
        align.push(Align::Left);
        let mut t = Table::new(
            &[
                "year",
                "project",
                "area",
                "measure",
                "breakdown",
                "planned",
                "actual",
                "remaining",
                "percent",
                "on_pace",
            ],
            &align,
        );
        let text = |c: Option<&crate::Code>| c.map(ToString::to_string).unwrap_or_default();
        for p in &self.targets {
            let target = &p.target;
            t.push(vec![
                target.year().to_string(),
                target.project().to_string(),
                text(target.area()),
                target.measure().to_string(),
                text(target.breakdown()),
                p.planned.to_string(),
                p.actual.to_string(),
                p.remaining.to_string(),
                p.percent.map(|x| format!("{x:.2}")).unwrap_or_default(),
                p.on_pace.to_string(),
            ]);
        }
        t
    }
}

impl fmt::Display for Progress {
    /// `plan versus actual as of DATE`, the table of [`Progress::table`],
    /// then the overdue milestones (code, project, due date, owner and
    /// Chinese title) or `no milestone overdue`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "plan versus actual as of {}", self.as_of)?;
        self.table().fmt(f)?;
        if self.overdue.is_empty() {
            return writeln!(f, "no milestone overdue");
        }
        writeln!(f, "overdue milestones ({}):", self.overdue.len())?;
        let mut t = Table::new(&["milestone", "project", "due", "owner", "title"], &[]);
        for m in &self.overdue {
            t.push(vec![
                m.code().to_string(),
                m.project().to_string(),
                m.due().to_string(),
                m.owner().to_owned(),
                m.title().zh().to_owned(),
            ]);
        }
        t.fmt(f)
    }
}
